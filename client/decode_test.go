package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

const nginx502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.22.1</center>
</body>
</html>
`

const loginPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in &middot; Corp SSO</title>
<style>body { font-family: sans-serif; } .x { color: red }</style>
<script>window.location.hash = "#login"; if (a < b) { x(); }</script></head>
<body><!-- tracking --><form action="/login"><p>Your session has expired.&nbsp;Please sign in again.</p>
<input name="u"></form></body></html>`

func serveBody(t *testing.T, status int, contentType, body string) *Client {
	t.Helper()
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
	return newTestClient(t, Config{URL: srv.URL, MaxRetries: -1})
}

func TestHTMLErrorPages(t *testing.T) {
	for _, tc := range []struct {
		name        string
		status      int
		ct, body    string
		kind        ErrorKind
		excerpt     string
		errorSays   []string
		errorLacks  []string
		wantRetry   bool
		wantMessage string
	}{
		{name: "nginx 502", status: 502, ct: "text/html", body: nginx502, kind: KindServer,
			wantMessage: "502 Bad Gateway 502 Bad Gateway nginx/1.22.1",
			errorSays:   []string{"502 Bad Gateway: an HTML page instead of JSON from the manager (GET /api/v3.1/executions at http://", "may be down or restarting"},
			wantRetry:   true},
		{name: "login page as 200", status: 200, ct: "text/html; charset=utf-8", body: loginPage, kind: KindUndecodable,
			wantMessage: "Sign in · Corp SSO Your session has expired. Please sign in again.",
			errorSays:   []string{"an HTML page instead of JSON from the manager (GET /api/v3.1/executions", "login page"}},
		{name: "login page without content type", status: 200, ct: "", body: loginPage, kind: KindUndecodable,
			excerpt: "Sign in · Corp SSO"},
		{name: "plain text 503", status: 503, ct: "text/plain", body: "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
			kind: KindServer, excerpt: "upstream connect error", errorSays: []string{"a text page"}, wantRetry: true},
		{name: "html 401 from a proxy", status: 401, ct: "text/html", body: "<html><body><h1>401 Authorization Required</h1></body></html>",
			kind: KindNotAuthenticated, wantMessage: "401 Authorization Required"},
		{name: "html 403", status: 403, ct: "text/html", body: "<h1>Forbidden</h1>", kind: KindForbidden, wantMessage: "Forbidden"},
		{name: "json content type, html body", status: 500, ct: "application/json", body: nginx502, kind: KindServer,
			excerpt: "502 Bad Gateway"},
		{name: "plain text 200", status: 200, ct: "text/plain", body: "OK", kind: KindUndecodable, wantMessage: "OK"},
		{name: "escape sequences", status: 502, ct: "text/plain", body: "bad \x1b[31mgateway\x1b[0m \x1b]0;pwned\x07now\u202e",
			kind: KindServer, wantMessage: "bad gateway now", wantRetry: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := serveBody(t, tc.status, tc.ct, tc.body)
			_, err := c.ListExecutions(t.Context(), ListExecutionsOptions{})
			e := wantKind(t, err, tc.kind)
			msg := err.Error()
			if strings.Contains(msg, "invalid character") || strings.Contains(msg, "json") || strings.ContainsAny(msg, "<>\x1b") {
				t.Errorf("Error() = %q", msg)
			}
			if tc.wantMessage != "" && e.Message != tc.wantMessage {
				t.Errorf("Message = %q, want %q", e.Message, tc.wantMessage)
			}
			if !strings.Contains(e.Message, tc.excerpt) {
				t.Errorf("Message = %q, want it to contain %q", e.Message, tc.excerpt)
			}
			if len([]rune(e.Message)) > excerptLen+1 {
				t.Errorf("excerpt of %d runes", len([]rune(e.Message)))
			}
			for _, s := range tc.errorSays {
				if !strings.Contains(msg, s) {
					t.Errorf("Error() = %q, want it to say %q", msg, s)
				}
			}
			if e.retry != tc.wantRetry {
				t.Errorf("retry = %v", e.retry)
			}
			if e.StatusCode != tc.status && tc.status != 200 {
				t.Errorf("StatusCode = %d", e.StatusCode)
			}
		})
	}
}

func TestBadJSONBodies(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		says       string
	}{
		{"truncated", `{"metadata": {"pagination": {"total": 2, "size": 1000, "offset": 0}}, "items": [{"id": "e1", "status": "pen`, "the JSON is cut short"},
		{"truncated envelope", `{"metadata": {"pagi`, "the JSON is cut short"},
		{"truncated list", `{"metadata": {}, "items": [`, "the JSON is cut short"},
		{"truncated after item", `{"items": [{"id": "e1"}, `, "the JSON is cut short"},
		{"truncated object", `{`, "the JSON is cut short"},
		{"items not a list", `{"metadata": {}, "items": {"id": "e1"}}`, "items is an object, not a list"},
		{"array envelope", `[{"id": "e1"}]`, "expected a JSON object with metadata and items, got a list"},
		{"syntax", `{"items": [{"id": "e1",, }]}`, "malformed JSON"},
		{"empty", ``, "the answer is empty"},
		{"blank", "  \n ", "the answer is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := serveBody(t, 200, "application/json", tc.body)
			_, err := c.ListExecutions(t.Context(), ListExecutionsOptions{})
			wantKind(t, err, KindUndecodable)
			if !strings.Contains(err.Error(), tc.says) {
				t.Errorf("Error() = %q, want it to say %q", err, tc.says)
			}
			if !strings.HasPrefix(err.Error(), tc.says) || !strings.Contains(err.Error(), " (answer of the manager to GET /api/v3.1/executions at http://127.0.0.1:") {
				t.Errorf("Error() = %q", err)
			}
		})
	}
}

func TestOversizedBodies(t *testing.T) {
	big := `{"metadata":{"pagination":{"total":1000,"size":1000,"offset":0}},"items":[` +
		strings.Repeat(`{"id":"e1","status":"terminated"},`, 999) + `{"id":"e2"}]}`
	for _, tc := range []struct {
		name    string
		handler func(w http.ResponseWriter, r *http.Request, _ int)
	}{
		{"content length", func(w http.ResponseWriter, r *http.Request, _ int) { writeJSON(w, 200, big) }},
		{"chunked", func(w http.ResponseWriter, r *http.Request, _ int) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(200)
			for i := 0; i < len(big); i += 512 {
				_, _ = io.WriteString(w, big[i:min(i+512, len(big))])
				w.(http.Flusher).Flush()
			}
		}},
		{"endless", func(w http.ResponseWriter, r *http.Request, _ int) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(200)
			_, _ = io.WriteString(w, `{"items":[`)
			for r.Context().Err() == nil {
				if _, err := io.WriteString(w, `{"id":"e1"},`); err != nil {
					return
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := serve(t, tc.handler)
			c := newTestClient(t, Config{URL: srv.URL})
			c.maxBody = 4 << 10
			_, err := within(t, 10*time.Second, func() pair[*ExecutionPage] {
				p, err := c.ListExecutions(t.Context(), ListExecutionsOptions{})
				return pair[*ExecutionPage]{p, err}
			}).split()
			e := wantKind(t, err, KindUndecodable)
			if !strings.Contains(err.Error(), "larger than the 4 KiB limit") || e.retry {
				t.Errorf("Error() = %q (retry %v)", err, e.retry)
			}
		})
	}
	// The same body fits under the real limit.
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) { writeJSON(w, 200, big) })
	c := newTestClient(t, Config{URL: srv.URL})
	p, err := c.ListExecutions(t.Context(), ListExecutionsOptions{})
	if err != nil || len(p.Items) != 1000 {
		t.Fatalf("%v", err)
	}
}

type pair[T any] struct {
	v   T
	err error
}

func (p pair[T]) split() (T, error) { return p.v, p.err }

func TestOversizedErrorBody(t *testing.T) {
	huge := "<html><body><h1>Bad gateway</h1>" + strings.Repeat("<p>padding padding padding</p>", 100_000) + "</body></html>"
	c := serveBody(t, 502, "text/html", huge)
	_, err := within(t, 10*time.Second, func() pair[*Execution] {
		e, err := c.GetExecution(t.Context(), "e1")
		return pair[*Execution]{e, err}
	}).split()
	e := wantKind(t, err, KindServer)
	if !strings.HasPrefix(e.Message, "Bad gateway padding") || len([]rune(e.Message)) > excerptLen+1 {
		t.Errorf("Message = %q", e.Message)
	}
}

func TestJSONErrorBodies(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		status     int
		kind       ErrorKind
		code, msg  string
		traceback  string
	}{
		{"pydantic without traceback key", `{"message":"1 validation error for Pagination\n_size\n  ensure this value is greater than or equal to 0","error_code":"bad_parameters_error"}`,
			400, KindBadParameters, "bad_parameters_error", "1 validation error for Pagination\n_size\n  ensure this value is greater than or equal to 0", ""},
		{"internal error", `{"message":"Internal error occurred in manager REST server - TypeError: x","error_code":"internal_server_error","server_traceback":"Traceback (most recent call last):\n..."}`,
			500, KindServer, "internal_server_error", "Internal error occurred in manager REST server - TypeError: x", "Traceback (most recent call last):\n..."},
		{"maintenance", `{"message":"Your request was rejected since Cloudify manager is currently in maintenance mode","error_code":"maintenance_mode_active","server_traceback":"..."}`,
			503, KindMaintenance, "maintenance_mode_active", "Your request was rejected since Cloudify manager is currently in maintenance mode", "..."},
		{"entering maintenance", `{"message":"entering","error_code":"entering_maintenance_mode"}`, 503, KindMaintenance, "entering_maintenance_mode", "entering", ""},
		{"cut short", `{"error_code":"conflict_error","message":"Cannot resume execution: x in state: y","server_traceback":"Traceb`,
			409, KindIllegalState, "conflict_error", "Cannot resume execution: x in state: y", ""},
		{"detail instead of message", `{"detail":"nope","error_code":"bad_parameters_error"}`, 400, KindBadParameters, "bad_parameters_error", "nope", ""},
		{"json string", `"FAIL"`, 500, KindServer, "", "FAIL", ""},
		{"ssl required", `{"message": "SSL must be used for API access on SSL-enabled managers.", "error_code": "SSL_REQUIRED"}`, 400, KindBadParameters, "SSL_REQUIRED", "SSL must be used for API access on SSL-enabled managers.", ""},
		{"unknown code 409", `{"message":"x","error_code":"something_new"}`, 409, KindIllegalState, "something_new", "x", ""},
		{"unknown code 418", `{"message":"teapot","error_code":"x"}`, 418, KindOther, "x", "teapot", ""},
		{"deployment not ready", `{"message":"still pending, try again in a minute","error_code":"deployment_environment_creation_pending_error"}`, 400, KindIllegalState, "deployment_environment_creation_pending_error", "still pending, try again in a minute", ""},
		{"storage 5xx", `{"message":"db down","error_code":"storage_error"}`, 500, KindServer, "storage_error", "db down", ""},
		{"empty 502", ``, 502, KindServer, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := serveBody(t, tc.status, "application/json", tc.body)
			_, err := c.GetExecution(t.Context(), "e1")
			e := wantKind(t, err, tc.kind)
			if e.Code != tc.code || e.Message != tc.msg || e.Traceback != tc.traceback || e.StatusCode != tc.status {
				t.Errorf("got code %q message %q traceback %q status %d", e.Code, e.Message, e.Traceback, e.StatusCode)
			}
			msg := err.Error()
			if strings.Contains(msg, "Traceback") || strings.Contains(msg, "\n") {
				t.Errorf("Error() = %q", msg)
			}
			if tc.code == "SSL_REQUIRED" && !strings.Contains(msg, "use an https:// address") {
				t.Errorf("Error() = %q", msg)
			}
		})
	}
}

func TestPlainHTTPToTLSPort(t *testing.T) {
	// Something that is neither HTTP nor TLS answers on the port.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			_, _ = io.WriteString(conn, "SSH-2.0-OpenSSH_9.2\r\n")
			_ = conn.Close()
		}
	}()
	c := newTestClient(t, Config{URL: "https://" + l.Addr().String(), MaxRetries: -1})
	_, err = c.GetExecution(t.Context(), "e1")
	wantKind(t, err, KindUnreachable)
	if !strings.Contains(err.Error(), "does not speak HTTPS on this port") {
		t.Errorf("Error() = %q", err)
	}
}

// TestNullVersusAbsent: ended_at, error and deployment_id tell null (the
// manager said "none") from absent (not asked for with _include).
func TestNullVersusAbsent(t *testing.T) {
	for _, tc := range []struct {
		name, body     string
		present, valid bool
		deployment     string
		errText        string
		ended          string
	}{
		{"null", `{"id":"e1","ended_at":null,"error":null,"deployment_id":null}`, true, false, "", "", ""},
		{"absent", `{"id":"e1"}`, false, false, "", "", ""},
		{"set", `{"id":"e1","ended_at":"2026-11-29T14:14:34.544Z","error":"boom","deployment_id":"web-prod"}`, true, true, "web-prod", "boom", "2026-11-29T14:14:34.544Z"},
		{"empty error", `{"id":"e1","ended_at":"2026-11-29T14:14:34.000Z","error":"","deployment_id":""}`, true, true, "", "", "2026-11-29T14:14:34.000Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := serveBody(t, 200, "application/json", tc.body)
			e, err := c.GetExecution(t.Context(), "e1")
			if err != nil {
				t.Fatal(err)
			}
			for field, n := range map[string]Nullable[string]{"error": e.Error, "deployment_id": e.DeploymentID} {
				if n.Present != tc.present || n.Valid != tc.valid {
					t.Errorf("%s: %+v", field, n)
				}
			}
			if e.EndedAt.Present != tc.present || e.EndedAt.Valid != tc.valid {
				t.Errorf("ended_at: %+v", e.EndedAt)
			}
			if e.DeploymentID.OrZero() != tc.deployment || e.Error.OrZero() != tc.errText {
				t.Errorf("values %q %q", e.DeploymentID.OrZero(), e.Error.OrZero())
			}
			if tc.ended != "" && e.EndedAt.Value.Format(TimeLayout) != tc.ended {
				t.Errorf("ended_at %v", e.EndedAt.Value)
			}
			// Round trip: what was absent stays absent, null stays null.
			out, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			_ = json.Unmarshal(out, &m)
			for _, k := range []string{"ended_at", "error", "deployment_id"} {
				v, ok := m[k]
				if ok != tc.present || (ok && (v == nil) == tc.valid) {
					t.Errorf("re-encoded %s: %s", k, out)
				}
			}
		})
	}
}

func TestErrorCausesForms(t *testing.T) {
	for _, tc := range []struct {
		name, raw string
		want      ErrorCauses
	}{
		{"null", `null`, nil},
		{"list", `[{"message":"m","type":"RuntimeError","traceback":"tb"}]`, ErrorCauses{{Message: "m", Type: "RuntimeError", Traceback: "tb"}}},
		{"string", `"[{\"message\": \"m\", \"type\": \"RuntimeError\", \"traceback\": \"tb\"}]"`, ErrorCauses{{Message: "m", Type: "RuntimeError", Traceback: "tb"}}},
		{"empty string", `""`, nil},
		{"string null", `"null"`, nil},
		{"free text", `"something broke"`, ErrorCauses{{Message: "something broke"}}},
	} {
		var e Event
		if err := json.Unmarshal([]byte(`{"error_causes":`+tc.raw+`}`), &e); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if fmt.Sprint(e.ErrorCauses) != fmt.Sprint(tc.want) || (e.ErrorCauses == nil) != (tc.want == nil) {
			t.Errorf("%s: %+v, want %+v", tc.name, e.ErrorCauses, tc.want)
		}
	}
	var e Event
	if err := json.Unmarshal([]byte(`{"error_causes":42}`), &e); err == nil {
		t.Error("a number was accepted as error_causes")
	}
}

func TestTimeParsing(t *testing.T) {
	want := time.Date(2026, 11, 29, 13, 58, 4, 864_000_000, time.UTC)
	for _, s := range []string{"2026-11-29T13:58:04.864Z", "2026-11-29T13:58:04.864+00:00", "2026-11-29T14:58:04.864+01:00",
		"2026-11-29T13:58:04.864000"} {
		var tm Time
		if err := json.Unmarshal([]byte(`"`+s+`"`), &tm); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if !tm.Equal(want) || tm.Location() != time.UTC {
			t.Errorf("%s: %v", s, tm.Time)
		}
	}
	for _, s := range []string{`"2026-02-30T00:00:00.000Z"`, `"2026-13-01T00:00:00.000Z"`, `"2026-11-29T24:00:00.000Z"`,
		`"2026-11-29 13:58:04"`, `"x026-11-29T13:58:04.864Z"`, `5`} {
		var tm Time
		if err := json.Unmarshal([]byte(s), &tm); err == nil {
			t.Errorf("%s accepted as %v", s, tm.Time)
		}
	}
	var tm Time
	if err := json.Unmarshal([]byte(`null`), &tm); err != nil || !tm.IsZero() {
		t.Errorf("null: %v %v", tm, err)
	}
	out, _ := json.Marshal(Time{want})
	if string(out) != `"2026-11-29T13:58:04.864Z"` {
		t.Errorf("marshal %s", out)
	}
	// Leap day and month ends take the fast path.
	if p, ok := parseManagerTime([]byte("2028-02-29T23:59:59.999Z")); !ok || p.Day() != 29 {
		t.Errorf("leap day: %v %v", p, ok)
	}
}

func TestStatusHelpers(t *testing.T) {
	end := map[Status]bool{StatusTerminated: true, StatusFailed: true, StatusCancelled: true}
	waiting := map[Status]bool{StatusQueued: true, StatusScheduled: true}
	if len(AllStatuses) != 10 {
		t.Fatalf("%d statuses", len(AllStatuses))
	}
	for _, s := range AllStatuses {
		if !s.Known() || s.IsEnd() != end[s] || s.IsWaiting() != waiting[s] || s.IsActive() != (!end[s] && !waiting[s]) {
			t.Errorf("%s: known %v end %v waiting %v active %v", s, s.Known(), s.IsEnd(), s.IsWaiting(), s.IsActive())
		}
		if StatusFromDisplay(s.Display()) != s {
			t.Errorf("%s: display round trip", s)
		}
	}
	if StatusTerminated.Display() != "completed" || Status("paused").Known() || Status("paused").IsActive() {
		t.Error("display or unknown status")
	}
}

func TestExecutionHelpers(t *testing.T) {
	e := Execution{ID: "e99b5637-c714-45fb-b5f5-eb06587c4533"}
	if e.ShortID() != "e99b5637" || (&Execution{ID: "abc"}).ShortID() != "abc" {
		t.Error("ShortID")
	}
	start := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	now := start.Add(time.Hour)
	if e.Duration(now) != 0 {
		t.Error("not started has a duration")
	}
	e.StartedAt = Some(Time{start})
	if e.Duration(now) != time.Hour {
		t.Error("running duration")
	}
	e.EndedAt = Some(Time{start.Add(90 * time.Second)})
	if e.Duration(now) != 90*time.Second {
		t.Error("ended duration")
	}
}

func TestWorkflowParams(t *testing.T) {
	var d Deployment
	raw := `{"id":"d","workflows":[{"name":"heal","parameters":{
		"node_instance_id":{"required":false,"description":"Which","type":"node_instance"},
		"operation":{},
		"allow_kwargs_override":{"default":null},
		"delta":{"default":1,"type":"integer","constraints":[{"greater_than":0}]},
		"names":{"type":"list","item_type":"string","required":true,"default":[]}}},
		{"name":null,"parameters":null}]}`
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		t.Fatal(err)
	}
	w, ok := d.Workflow("heal")
	if !ok || len(d.Workflows) != 1 {
		t.Fatalf("workflows %+v", d.Workflows)
	}
	if _, ok := d.Workflow("install"); ok {
		t.Error("found a workflow that is not there")
	}
	var names []string
	for _, p := range w.Parameters {
		names = append(names, p.Name)
	}
	if strings.Join(names, ",") != "node_instance_id,operation,allow_kwargs_override,delta,names" {
		t.Errorf("order %v", names)
	}
	p := w.Parameters
	checks := []struct {
		i                   int
		hasDefault, require bool
	}{{0, false, false}, {1, false, true}, {2, true, false}, {3, true, false}, {4, true, false}}
	for _, c := range checks {
		if p[c.i].HasDefault() != c.hasDefault || p[c.i].IsRequired() != c.require {
			t.Errorf("%s: default %v required %v", p[c.i].Name, p[c.i].HasDefault(), p[c.i].IsRequired())
		}
	}
	if p[3].Type != "integer" || string(p[3].Constraints) != `[{"greater_than":0}]` || p[4].ItemType != "string" || p[0].Description != "Which" {
		t.Errorf("schema %+v", p)
	}
}

func TestSanitizeAndExcerpt(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                          "plain",
		"  a \n\t b  ":                   "a b",
		"\x1b[1;31mred\x1b[0m":           "red",
		"title\x1b]0;evil\x07 after":     "title after",
		"osc\x1b]8;;http://x\x1b\\ link": "osc link",
		"bidi\u202eevil\u200b":           "bidievil",
		"c1\u009b31mx":                   "c1x",
		"bad\xffutf8":                    "badutf8",
	} {
		if got := sanitize(in, 100); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	if got := sanitize(strings.Repeat("x", 200), 10); got != "xxxxxxxxxx…" {
		t.Errorf("cut: %q", got)
	}
	if got := excerpt([]byte("<p>a &lt; b &amp;&amp; c</p> if x < y then"), 100); got != "a < b && c if x < y then" {
		t.Errorf("excerpt: %q", got)
	}
}

func TestKindHelpers(t *testing.T) {
	helpers := map[ErrorKind]func(error) bool{
		KindNotAuthenticated: IsNotAuthenticated, KindForbidden: IsForbidden, KindNotFound: IsNotFound,
		KindIllegalState: IsIllegalState, KindBusy: IsBusy, KindBadParameters: IsBadParameters,
		KindMaintenance: IsMaintenance, KindServer: IsServerError, KindUnreachable: IsUnreachable,
		KindTimeout: IsTimeout, KindUndecodable: IsUndecodable,
	}
	for kind, is := range helpers {
		err := fmt.Errorf("wrapped: %w", &Error{Kind: kind})
		if KindOf(err) != kind || !is(err) {
			t.Errorf("%v: KindOf %v", kind, KindOf(err))
		}
		for other, is2 := range helpers {
			if other != kind && is2(err) {
				t.Errorf("%v also reports %v", kind, other)
			}
		}
		if strings.HasPrefix(kind.String(), "ErrorKind(") {
			t.Errorf("%d has no name", kind)
		}
	}
	if KindOf(nil) != KindNone || KindOf(errors.New("x")) != KindOther || IsNotFound(nil) {
		t.Error("nil or foreign errors")
	}
}

// The cause of a failed answer comes first in Error(), so that a pane or a
// status line cut to 120 columns still shows it.
func TestErrorCauseSurvivesTruncation(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		cause                   string
	}{
		{"nginx 502", "text/html", "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
			502, "502 Bad Gateway: an HTML page"},
		{"manager 500", "application/json", `{"message":"Internal error occurred in manager REST server - KeyError: 'x'","error_code":"internal_server_error","server_traceback":"..."}`,
			500, "500 Internal Server Error (internal_server_error) from the manager"},
		{"cut short", "application/json", `{"metadata": {"pagination": {"total": 2}}, "items": [{"id": "e1", "sta`,
			200, "the JSON is cut short"},
		{"login page", "text/html", "<html><title>Sign in</title></html>", 200, "an HTML page instead of JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				w.Header().Set("Content-Type", tc.contentType)
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})
			c := newTestClient(t, Config{URL: srv.URL + "/a/rather/long/prefix/behind/the/corporate/proxy", MaxRetries: -1})
			_, err := c.ListExecutions(t.Context(), ListExecutionsOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			if cut := []rune(err.Error()); len(cut) < 120 || !strings.HasPrefix(string(cut[:120]), tc.cause) {
				t.Errorf("Error() = %q, want it to start with %q", err, tc.cause)
			}
		})
	}
}

// The manager's availability and dependency refusals of a start
// (cloudify-api.md §4.8) have kinds of their own and words an SRE can act
// on.
func TestStartRefusalsThatForceOverrides(t *testing.T) {
	for _, tc := range []struct {
		body string
		kind ErrorKind
		says []string
	}{
		{`{"message": "Workflow not available: install", "error_code": "unavailable_workflow_error", "server_traceback": null}`,
			KindWorkflowUnavailable, []string{"the workflow install is not available on this deployment now", "use force to start it anyway",
				"records the refused start as a failed execution", "HTTP 400 Bad Request, unavailable_workflow_error"}},
		{`{"message": "Can't execute workflow ` + "`uninstall`" + ` on deployment web: existing deployments depend on it: app1", "error_code": "dependent_exists_error", "server_traceback": null}`,
			KindDependentsExist, []string{"other deployments depend on this one", "depend on it: app1", "uninstall or stop the deployments that depend on it first", "use force"}},
	} {
		srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) { writeJSON(w, 400, tc.body) })
		c := newTestClient(t, Config{URL: srv.URL})
		_, err := c.StartExecution(t.Context(), StartRequest{DeploymentID: "web", WorkflowID: "install"})
		e := wantKind(t, err, tc.kind)
		if e.MaybeApplied() {
			t.Errorf("a refusal is MaybeApplied: %v", err)
		}
		for _, w := range tc.says {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Error() = %q, want it to say %q", err, w)
			}
		}
	}
	if !IsWorkflowUnavailable(&Error{Kind: KindWorkflowUnavailable}) || !IsDependentsExist(&Error{Kind: KindDependentsExist}) {
		t.Error("the helpers")
	}
}
