package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/cfytop/cfytop/settings"
)

// hostileManager answers every list with pages produced by page(offset,
// size), and counts the requests.
func hostileManager(t *testing.T, page func(offset, size int) string) (url string, requests *int) {
	t.Helper()
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		offset, size := 0, 1000
		if v := r.URL.Query().Get("_offset"); v != "" {
			offset = atoi(t, v)
		}
		if v := r.URL.Query().Get("_size"); v != "" {
			size = atoi(t, v)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, page(offset, size))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

func atoi(t *testing.T, s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// hostileText holds C1 controls, bidi controls and raw bytes that are not
// UTF-8, as a manager may send in an execution's parameters and names.
const hostileText = "a\u009b31mb \u202eevil\u202c \u2066iso\u2069 \u200fmark \xff\x9b end"

// `-o json` is valid UTF-8 that a JSON parser accepts, whatever bytes the
// manager put in parameters and names, and shows no control character
// unescaped.
func TestOnceJSONEscapesControlsAndInvalidUTF8(t *testing.T) {
	item := `{"id":"e1","workflow_id":"install` + hostileText + `","status":"started","created_at":"2026-11-29T13:58:04.864Z",` +
		`"parameters":{"note":"` + hostileText + `","n` + hostileText + `":1}}`
	url, _ := hostileManager(t, func(offset, size int) string {
		if offset > 0 {
			return `{"metadata":{"pagination":{"total":1,"size":1000,"offset":1}},"items":[]}`
		}
		return `{"metadata":{"pagination":{"total":1,"size":1000,"offset":0}},"items":[` + item + `]}`
	})
	h := newHarness(t)
	r := h.run("--manager", url, "--once", "-o", "json")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	out := r.stdout
	if !utf8.ValidString(out) {
		t.Fatalf("not UTF-8: %q", out)
	}
	for _, bad := range []string{"\u009b", "\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\x1b"} {
		if strings.Contains(out, bad) {
			t.Errorf("%q unescaped in %q", bad, out)
		}
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("a JSON parser rejects the output: %v\n%q", err, out)
	}
	if len(got) != 1 || !strings.Contains(got[0]["workflow_id"].(string), "\u202eevil") ||
		!strings.Contains(got[0]["parameters"].(map[string]any)["note"].(string), "\u009b31mb") {
		t.Errorf("the text was not kept (escaped): %v", got)
	}
	if !strings.Contains(out, `\u009b`) || !strings.Contains(out, `\u202e`) || !strings.Contains(out, `\ufffd`) {
		t.Errorf("controls not written as escapes: %q", out)
	}
}

func execItem(id string, status string) string {
	return `{"id":"` + id + `","workflow_id":"install","status":` + status + `,"created_at":"2026-11-29T13:58:04.864Z","deployment_id":"d"}`
}

func pageOf(total int, items []string) string {
	return fmt.Sprintf(`{"metadata":{"pagination":{"total":%d,"size":1000,"offset":0}},"items":[%s]}`, total, strings.Join(items, ","))
}

// A manager that ignores _offset and sends the same full page forever costs
// two requests, and --limit has a ceiling.
func TestOnceStopsWhenTheManagerRepeatsItself(t *testing.T) {
	var full []string
	for i := range 1000 {
		full = append(full, execItem(fmt.Sprintf("e%04d", i), `"terminated"`))
	}
	url, requests := hostileManager(t, func(offset, size int) string { return pageOf(1_000_000_000, full[:size]) })
	h := newHarness(t)

	r := h.run("--manager", url, "--once", "-o", "json", "--limit", "999999999")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "999999999 is more than the 1,000,000 executions cfytop lists at most") || *requests != 0 {
		t.Fatalf("exit %d, %d requests: %s", r.code, *requests, r.stderr)
	}

	r = h.run("--manager", url, "--once", "-o", "json", "--limit", "1000000")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 1000 {
		t.Fatalf("%d executions (%v)", len(got), err)
	}
	if *requests != 2 {
		t.Errorf("%d requests for one repeated page", *requests)
	}

	// One that brings a single new execution a page, among the ones already
	// listed, is stopped after a bounded number of requests, in words.
	url, requests = hostileManager(t, func(offset, size int) string {
		return pageOf(1_000_000, append(append([]string{}, full[:size-1]...), execItem(fmt.Sprintf("new%d", offset), `"started"`)))
	})
	r = h.run("--manager", url, "--once", "-o", "csv", "--limit", "5000")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "the manager kept sending executions already listed") || *requests > 12 {
		t.Fatalf("exit %d, %d requests: %s", r.code, *requests, r.stderr)
	}
}

// One malformed execution does not blank --once: the others are printed,
// stderr says how many could not be read and why, and the exit status says
// the list is not whole.
func TestOnceSkipsMalformedRows(t *testing.T) {
	url, _ := hostileManager(t, func(offset, size int) string {
		if offset > 0 {
			return pageOf(4, nil)
		}
		return pageOf(4, []string{execItem("a", `"started"`), execItem("b", `"failed"`), execItem("x", `3`), execItem("c", `"pending"`)})
	})
	h := newHarness(t)
	for _, format := range []string{"json", "csv", "table"} {
		r := h.run("--manager", url, "--once", "-o", format)
		if r.code != ExitFailure {
			t.Errorf("%s: exit %d", format, r.code)
		}
		if !strings.Contains(r.stderr, "1 execution could not be read and is not shown: item 2: status is a JSON number where a string is expected") {
			t.Errorf("%s: stderr %q", format, r.stderr)
		}
		for _, id := range []string{"a", "b", "c"} {
			if !strings.Contains(r.stdout, `"`+id+`"`) && !strings.Contains(r.stdout, "\n"+id+",") && !strings.Contains(r.stdout, "\n"+id+" ") {
				t.Errorf("%s: %s missing from\n%s", format, id, r.stdout)
			}
		}
	}
}

// lockedBuffer is stdout for a run watched from the test server.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Len()
}

// `-o json` and `-o csv` print each page as it arrives instead of holding
// the whole list.
func TestOnceStreamsPages(t *testing.T) {
	for _, format := range []string{"json", "csv"} {
		var stdout lockedBuffer
		printedBeforeLastPage := -1
		url, _ := hostileManager(t, func(offset, size int) string {
			if offset >= 2000 {
				printedBeforeLastPage = stdout.Len()
			}
			var items []string
			for i := range min(size, 3000-offset) {
				items = append(items, execItem(fmt.Sprintf("e%05d", offset+i), `"terminated"`))
			}
			return pageOf(3000, items)
		})
		var stderr bytes.Buffer
		code := Main(t.Context(), []string{"--manager", url, "--once", "-o", format, "--limit", "3000"},
			settings.MapEnv(newHarness(t).env), &stdout, &stderr, Deps{}, "v9.9.9")
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", format, code, stderr.String())
		}
		if printedBeforeLastPage < stdout.Len()/3 {
			t.Errorf("%s: %d of %d bytes printed before the last page was asked for", format, printedBeforeLastPage, stdout.Len())
		}
	}
}
