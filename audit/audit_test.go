package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func lines(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAppendWritesEveryField(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cfytop", "audit.jsonl")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	at := time.Date(2026, 11, 29, 15, 4, 5, 123456789, time.FixedZone("CET", 3600))
	e := Entry{Time: at, Manager: "https://mgr:443", Tenant: "default_tenant", ExecutionID: "3f2a9c1e-x",
		Deployment: "web-prod", Workflow: "install", StatusBefore: "started", Action: "cancel",
		Result: ResultOK, Message: "now cancelling", CfyCommand: "cfy executions cancel 3f2a9c1e-x -t default_tenant"}
	if err := l.Append(e); err != nil {
		t.Fatal(err)
	}
	if err := l.Append(Entry{Action: "kill", Result: ResultRefused}); err != nil {
		t.Fatal(err)
	}
	got := lines(t, path)
	if len(got) != 2 {
		t.Fatalf("%d lines", len(got))
	}
	want := map[string]any{"time": "2026-11-29T14:04:05Z", "manager": "https://mgr:443", "tenant": "default_tenant",
		"execution_id": "3f2a9c1e-x", "deployment": "web-prod", "workflow": "install", "status_before": "started",
		"action": "cancel", "result": "ok", "message": "now cancelling",
		"cfy_command": "cfy executions cancel 3f2a9c1e-x -t default_tenant"}
	for k, v := range want {
		if got[0][k] != v {
			t.Errorf("%s = %v, want %v", k, got[0][k], v)
		}
	}
	if u, _ := got[0]["user"].(string); u == "" {
		t.Error("no local user")
	}
	if len(got[0]) != 12 {
		t.Errorf("fields %v", got[0])
	}
	// Missing time is filled with now, in UTC, RFC 3339.
	ts, _ := got[1]["time"].(string)
	p, err := time.Parse(time.RFC3339, ts)
	if err != nil || !strings.HasSuffix(ts, "Z") || time.Since(p) > time.Hour {
		t.Errorf("time %q: %v", ts, err)
	}
}

func TestPermissionsAndAppendOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "cfytop")
	path := filepath.Join(dir, "audit.jsonl")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Append(Entry{Action: "cancel"}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", p, fi.Mode().Perm(), want)
		}
	}
	// A second Open appends, never truncates, and tightens loose modes.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	l2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := l2.Append(Entry{Action: "kill"}); err != nil {
		t.Fatal(err)
	}
	l2.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after reopen %v", fi.Mode().Perm())
	}
	got := lines(t, path)
	if len(got) != 2 || got[0]["action"] != "cancel" || got[1]["action"] != "kill" {
		t.Fatalf("%v", got)
	}
	if err := l2.Append(Entry{}); err == nil {
		t.Fatal("append after close succeeded")
	}
}

func TestConcurrentAppendsStayWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(path) // a second cfytop on the same file
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	defer b.Close()
	const n = 200
	long := strings.Repeat("x", 3000)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			l := a
			if i%2 == 1 {
				l = b
			}
			if err := l.Append(Entry{Action: "cancel", ExecutionID: fmt.Sprint(i), Message: long}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	got := lines(t, path)
	if len(got) != n {
		t.Fatalf("%d lines, want %d", len(got), n)
	}
	seen := map[string]bool{}
	for _, m := range got {
		seen[m["execution_id"].(string)] = true
	}
	if len(seen) != n {
		t.Fatalf("%d distinct entries", len(seen))
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/xdg/state")
	if p, err := DefaultPath(); err != nil || p != "/xdg/state/cfytop/audit.jsonl" {
		t.Fatalf("%q %v", p, err)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/sre")
	if p, err := DefaultPath(); err != nil || p != "/home/sre/.local/state/cfytop/audit.jsonl" {
		t.Fatalf("%q %v", p, err)
	}
	t.Setenv("XDG_STATE_HOME", "relative/dir") // ignored, as the XDG spec says
	if p, _ := DefaultPath(); p != "/home/sre/.local/state/cfytop/audit.jsonl" {
		t.Fatalf("%q", p)
	}
}

func TestNilLogDrops(t *testing.T) {
	var l *Log
	if err := l.Append(Entry{Action: "cancel"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

// An audit line is valid UTF-8 with every control escaped, whatever the
// manager's text held.
func TestAppendEscapesControlsAndInvalidUTF8(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	hostile := "a\u009b31mb \u202eevil\u202c \u2066iso\u2069 \u200fmark \xff\x9b end"
	if err := l.Append(Entry{Deployment: hostile, Workflow: hostile, Message: hostile}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(b) {
		t.Fatalf("not UTF-8: %q", b)
	}
	for _, bad := range []string{"\u009b", "\u202e", "\u2066", "\u200f"} {
		if strings.Contains(string(b), bad) {
			t.Errorf("%q unescaped in %q", bad, b)
		}
	}
	var e Entry
	if err := json.Unmarshal(b, &e); err != nil || !strings.Contains(e.Message, "\u202eevil") {
		t.Fatalf("line %q: %v %+v", b, err, e)
	}
}
