package simulator

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var testEpoch = time.Date(2026, 11, 29, 14, 0, 0, 0, time.UTC)

// testSim builds a simulator on a manual clock and closes it at the end.
func testSim(t *testing.T, o Options) (*Simulator, *ManualClock) {
	t.Helper()
	clock := NewManualClock(testEpoch)
	o.Clock = clock
	s := New(o)
	t.Cleanup(func() { _ = s.Close() })
	return s, clock
}

type answer struct {
	status int
	ctype  string
	raw    []byte
	obj    map[string]any
}

func (a answer) str(k string) string {
	v, _ := a.obj[k].(string)
	return v
}

func (a answer) items() []map[string]any {
	list, _ := a.obj["items"].([]any)
	out := make([]map[string]any, len(list))
	for i, it := range list {
		out[i], _ = it.(map[string]any)
	}
	return out
}

func (a answer) total() int {
	md, _ := a.obj["metadata"].(map[string]any)
	p, _ := md["pagination"].(map[string]any)
	n, _ := p["total"].(float64)
	return int(n)
}

// call sends a request through the handler as admin in default_tenant;
// headers may override ("Tenant": "" removes it, "Authorization": … replaces).
func call(t *testing.T, s *Simulator, method, path string, body any, headers ...string) answer {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		var b []byte
		if raw, ok := body.(string); ok {
			b = []byte(raw)
		} else {
			var err error
			if b, err = json.Marshal(body); err != nil {
				t.Fatal(err)
			}
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req := httptest.NewRequest(method, path, rd)
	req.SetBasicAuth("admin", "admin")
	req.Header.Set("Tenant", "default_tenant")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	a := answer{status: w.Code, ctype: w.Header().Get("Content-Type"), raw: w.Body.Bytes()}
	if strings.Contains(a.ctype, "json") && len(a.raw) > 0 && a.raw[0] == '{' {
		if err := json.Unmarshal(a.raw, &a.obj); err != nil {
			t.Fatalf("%s %s: bad JSON %v: %s", method, path, err, a.raw)
		}
	}
	return a
}

// wantError checks a manager error answer.
func wantError(t *testing.T, a answer, status int, code, message string) {
	t.Helper()
	if a.status != status || a.str("error_code") != code {
		t.Fatalf("want %d %s, got %d %s", status, code, a.status, a.raw)
	}
	if message != "" && a.str("message") != message {
		t.Fatalf("message:\n got %q\nwant %q", a.str("message"), message)
	}
	if tb, ok := a.obj["server_traceback"]; !ok || tb != nil {
		t.Fatalf("server_traceback should be present and null: %s", a.raw)
	}
}

func mustAdd(t *testing.T, s *Simulator, spec ExecutionSpec) ExecutionInfo {
	t.Helper()
	in, err := s.AddExecution(spec)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func statusOf(t *testing.T, s *Simulator, id string) string {
	t.Helper()
	in, ok := s.Execution(id)
	if !ok {
		t.Fatalf("execution %s not found", id)
	}
	return in.Status
}
