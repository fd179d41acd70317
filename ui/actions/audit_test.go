package actions

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
)

func readAudit(t *testing.T, path string) []map[string]any {
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
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func TestAuditOneLinePerActionAndRefusalNoSecret(t *testing.T) {
	const secret = "hunter2-Sup3rSecret"
	path := filepath.Join(t.TempDir(), "state", "cfytop", "audit.jsonl")
	log, err := audit.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	h := newHarness(t, Options{Audit: log, ManagerLabel: "https://admin:" + secret + "@mgr.example:443", Tenant: "ops-team"})
	e := execIn(client.StatusStarted)
	e.TenantName = ""
	h.f.put(e)

	h.open(Cancel, &e) // ok
	h.press("y")
	h.f.put(e)
	h.f.actErr = &client.Error{Kind: client.KindIllegalState, StatusCode: 400, Code: "illegal_action_error",
		Message: "Can't force-cancel execution because it's in status force_cancelling"}
	h.open(ForceCancel, &e) // refused
	h.typeText(testID[:4])
	h.press("enter", "esc")
	h.f.actErr = nil
	h.f.moveTo[testID] = client.StatusTerminated
	h.open(Kill, &e) // aborted
	h.typeText(testID[:8])
	h.press("enter")
	delete(h.f.moveTo, testID)
	h.f.startErr = []error{busyErr()}
	h.f.deps = fixtureDeps(t)
	h.open(Start, nil) // refused, then queued
	h.typeText("web-prod")
	h.press("enter")
	h.typeText("install")
	h.press("enter", "enter", "y", "y")

	lines := readAudit(t, path)
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), secret) {
		t.Fatalf("secret in the audit log:\n%s", raw)
	}
	type row struct{ action, result string }
	want := []row{{"cancel", "ok"}, {"force-cancel", "refused"}, {"kill", "aborted-status-changed"}, {"start", "refused"}, {"start", "ok"}}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), raw)
	}
	fields := []string{"time", "user", "manager", "tenant", "execution_id", "deployment", "workflow",
		"status_before", "action", "result", "message", "cfy_command"}
	for i, l := range lines {
		for _, f := range fields {
			if _, ok := l[f]; !ok {
				t.Errorf("line %d lacks %s", i, f)
			}
		}
		if l["action"] != want[i].action || l["result"] != want[i].result {
			t.Errorf("line %d: %v/%v, want %v", i, l["action"], l["result"], want[i])
		}
		if l["manager"] != "https://mgr.example:443" || l["tenant"] != "ops-team" && l["tenant"] != "default_tenant" {
			t.Errorf("line %d: manager %v tenant %v", i, l["manager"], l["tenant"])
		}
		if l["user"] == "" || l["deployment"] != "web-prod" {
			t.Errorf("line %d: %v", i, l)
		}
	}
	if lines[0]["execution_id"] != testID || lines[0]["status_before"] != "started" || lines[0]["workflow"] != "install" ||
		lines[0]["cfy_command"] != "cfy executions cancel "+testID+" -t ops-team" || lines[0]["tenant"] != "ops-team" {
		t.Errorf("cancel line %v", lines[0])
	}
	if lines[1]["cfy_command"] != "cfy executions cancel "+testID+" -f -t ops-team" || !strings.Contains(lines[1]["message"].(string), "Can't force-cancel") {
		t.Errorf("refusal line %v", lines[1])
	}
	if lines[2]["status_before"] != "terminated" {
		t.Errorf("abort line %v", lines[2])
	}
	if lines[4]["execution_id"] != "9c1e0000-aaaa-bbbb-cccc-000000000001" || !strings.Contains(lines[4]["cfy_command"].(string), "--queue") {
		t.Errorf("start line %v", lines[4])
	}
}

func TestSafeLabel(t *testing.T) {
	for in, want := range map[string]string{
		"https://admin:pw@mgr:443": "https://mgr:443",
		"http://127.0.0.1:8100":    "http://127.0.0.1:8100",
		"mgr.example":              "mgr.example",
	} {
		if got := safeLabel(in); got != want {
			t.Errorf("safeLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
