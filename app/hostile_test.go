package app

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
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
