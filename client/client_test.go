package client

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// seen is one request as the test server received it.
type seen struct {
	method, path, rawPath, rawQuery string
	query                           url.Values
	header                          http.Header
	body                            []byte
}

type recorder struct {
	mu   sync.Mutex
	reqs []seen
}

func (rc *recorder) add(r *http.Request) int {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.reqs = append(rc.reqs, seen{method: r.Method, path: r.URL.Path, rawPath: r.URL.EscapedPath(),
		rawQuery: r.URL.RawQuery, query: r.URL.Query(), header: r.Header.Clone(), body: b})
	return len(rc.reqs)
}

func (rc *recorder) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.reqs)
}

func (rc *recorder) last(t *testing.T) seen {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.reqs) == 0 {
		t.Fatal("no request reached the server")
	}
	return rc.reqs[len(rc.reqs)-1]
}

// serve starts a test server; handle gets the 1-based number of the request.
func serve(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int)) (*httptest.Server, *recorder) {
	t.Helper()
	rc := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := rc.add(r)
		handle(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv, rc
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

const execJSON = `{"id":"e99b5637-c714-45fb-b5f5-eb06587c4533","workflow_id":"install","status":"pending",
"created_at":"2026-11-29T13:58:04.864Z","ended_at":null,"error":null,"deployment_id":"dep1"}`

const emptyList = `{"metadata":{"pagination":{"total":0,"size":1000,"offset":0},"filtered":null},"items":[]}`

func okJSON(body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		status := http.StatusOK
		if r.Method == http.MethodPost && r.URL.Path == "/api/v3.1/executions" {
			status = http.StatusCreated
		}
		writeJSON(w, status, body)
	}
}

func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	if cfg.UserAgentVersion == "" {
		cfg.UserAgentVersion = "1.2.3"
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.backoff = time.Millisecond
	return c
}

// within fails the test if f does not return in time, so that a hanging
// client shows as a failure instead of a stuck test.
func within[T any](t *testing.T, d time.Duration, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(d):
		t.Fatalf("the call did not return within %s", d)
		panic("unreachable")
	}
}

func wantKind(t *testing.T, err error, k ErrorKind) *Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", k)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%T is not a *client.Error: %v", err, err)
	}
	if e.Kind != k {
		t.Fatalf("kind %v, want %v: %v", e.Kind, k, err)
	}
	return e
}

func TestURLFrom(t *testing.T) {
	for _, tc := range []struct {
		proto, host string
		port        int
		want        string
	}{
		{"http", "10.0.0.5", 0, "http://10.0.0.5:80"},
		{"https", "10.0.0.5", 0, "https://10.0.0.5:443"},
		{"", "cfy.example.com", 0, "http://cfy.example.com:80"},
		{"", "cfy.example.com", 443, "https://cfy.example.com:443"},
		{"HTTPS", "cfy.example.com", 8443, "https://cfy.example.com:8443"},
		{"http", "::1", 8100, "http://[::1]:8100"},
		{"http", "[::1]", 8100, "http://[::1]:8100"},
	} {
		if got := URLFrom(tc.proto, tc.host, tc.port); got != tc.want {
			t.Errorf("URLFrom(%q, %q, %d) = %q, want %q", tc.proto, tc.host, tc.port, got, tc.want)
		}
	}
}

func TestNewAddress(t *testing.T) {
	for _, tc := range []struct{ in, base string }{
		{"http://127.0.0.1:8100", "http://127.0.0.1:8100"},
		{"https://cfy.example.com:443/", "https://cfy.example.com:443"},
		{"HTTPS://cfy.example.com/api/v3.1/", "https://cfy.example.com"},
		{"https://proxy.example.com/cloudify/api", "https://proxy.example.com/cloudify"},
		{"http://admin:hunter2-pw@10.0.0.5:80", "http://10.0.0.5:80"},
	} {
		c, err := New(Config{URL: tc.in, Tenant: "t1"})
		if err != nil {
			t.Fatalf("New(%q): %v", tc.in, err)
		}
		if c.BaseURL() != tc.base || c.Tenant() != "t1" {
			t.Errorf("New(%q): BaseURL %q Tenant %q, want %q", tc.in, c.BaseURL(), c.Tenant(), tc.base)
		}
	}
	for _, tc := range []struct{ in, says string }{
		{"", "no manager address"},
		{"10.0.0.5", "has no scheme"},
		{"ftp://10.0.0.5", "http:// or https://"},
		{"http://10.0.0.5:99999", "invalid port"},
		{"http://user:hunter2-pw@", "not a valid URL"},
	} {
		_, err := New(Config{URL: tc.in})
		e := wantKind(t, err, KindBadParameters)
		if !strings.Contains(err.Error(), tc.says) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("New(%q): %q does not say %q (or leaks the password)", tc.in, err, tc.says)
		}
		if e.URL != "" || e.StatusCode != 0 {
			t.Errorf("New(%q): a configuration error carries a request: %+v", tc.in, e)
		}
	}
	if _, err := New(Config{URL: "http://h:80", Tenant: "bad\ntenant"}); err == nil {
		t.Error("a tenant with a newline was accepted")
	}
}

func TestCredentialsInURLAreUsedAndHidden(t *testing.T) {
	srv, rc := serve(t, okJSON(execJSON))
	u, _ := url.Parse(srv.URL)
	u.User = url.UserPassword("admin", "hunter2-pw")
	c := newTestClient(t, Config{URL: u.String(), Tenant: "default_tenant"})
	if _, err := c.GetExecution(t.Context(), "e1"); err != nil {
		t.Fatal(err)
	}
	if user, pass, ok := basicAuth(rc.last(t).header); !ok || user != "admin" || pass != "hunter2-pw" {
		t.Errorf("credentials from the URL not sent as Basic auth: %q %q", user, pass)
	}
	if strings.Contains(c.BaseURL(), "hunter2") || strings.Contains(fmt.Sprintf("%v %+v %#v", c, c, c), "hunter2") {
		t.Error("the password from the URL shows")
	}
}

func basicAuth(h http.Header) (string, string, bool) {
	r := &http.Request{Header: h}
	return r.BasicAuth()
}

func TestHeadersOnEveryRequest(t *testing.T) {
	srv, rc := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/events"), strings.HasSuffix(r.URL.Path, "/tenants"),
			r.URL.Path == "/api/v3.1/executions" && r.Method == http.MethodGet,
			r.URL.Path == "/api/v3.1/deployments":
			writeJSON(w, 200, emptyList)
		case r.URL.Path == "/api/version":
			writeJSON(w, 200, `{"edition":"community","version":"7.1.0"}`)
		case r.URL.Path == "/api/v3.1/status":
			writeJSON(w, 200, `{"status":"OK","services":{"Cloudify Console":{"status":"Active","is_remote":false}}}`)
		case strings.HasPrefix(r.URL.Path, "/api/v3.1/deployments/"):
			writeJSON(w, 200, `{"id":"d1","workflows":[]}`)
		default:
			okJSON(execJSON)(w, r, n)
		}
	})
	ctx := t.Context()
	calls := map[string]func(c *Client) error{
		"list": func(c *Client) error { _, err := c.ListExecutions(ctx, ListExecutionsOptions{}); return err },
		"get":  func(c *Client) error { _, err := c.GetExecution(ctx, "e1"); return err },
		"start": func(c *Client) error {
			_, err := c.StartExecution(ctx, StartRequest{DeploymentID: "d", WorkflowID: "w"})
			return err
		},
		"cancel":      func(c *Client) error { _, err := c.CancelExecution(ctx, "e1", ActionCancel); return err },
		"resume":      func(c *Client) error { _, err := c.ResumeExecution(ctx, "e1", false); return err },
		"patch":       func(c *Client) error { _, err := c.UpdateExecutionStatus(ctx, "e1", StatusFailed, ""); return err },
		"deployments": func(c *Client) error { _, err := c.ListDeployments(ctx, ListDeploymentsOptions{}); return err },
		"deployment":  func(c *Client) error { _, err := c.GetDeployment(ctx, "d1"); return err },
		"events":      func(c *Client) error { _, err := c.ListEvents(ctx, EventsOptions{ExecutionID: "e1"}); return err },
		"version":     func(c *Client) error { _, err := c.Version(ctx); return err },
		"status":      func(c *Client) error { _, err := c.Status(ctx); return err },
		"tenants":     func(c *Client) error { _, err := c.Tenants(ctx); return err },
	}
	basic := newTestClient(t, Config{URL: srv.URL, Tenant: "ops-team", Username: "admin", Password: "pa:ss wörd"})
	token := newTestClient(t, Config{URL: srv.URL, Tenant: "ops-team", Username: "admin", Password: "x", Token: "ctok-ABC-secret"})
	for name, call := range calls {
		for _, auth := range []string{"basic", "token"} {
			c := basic
			if auth == "token" {
				c = token
			}
			if err := call(c); err != nil {
				t.Fatalf("%s (%s): %v", name, auth, err)
			}
			r := rc.last(t)
			if got := r.header.Values("Tenant"); len(got) != 1 || got[0] != "ops-team" {
				t.Errorf("%s: Tenant %q", name, got)
			}
			if got := r.header.Get("User-Agent"); got != "cfytop/1.2.3" {
				t.Errorf("%s: User-Agent %q", name, got)
			}
			authz := r.header.Get("Authorization")
			if strings.Contains(strings.ToLower(authz), "bearer") {
				t.Errorf("%s: Bearer sent: %q", name, authz)
			}
			switch auth {
			case "basic":
				want := "Basic " + base64.StdEncoding.EncodeToString([]byte("admin:pa:ss wörd"))
				if authz != want || r.header.Get("Authentication-Token") != "" {
					t.Errorf("%s: basic auth sent as %q / token %q", name, authz, r.header.Get("Authentication-Token"))
				}
			case "token":
				if authz != "" || r.header.Get("Authentication-Token") != "ctok-ABC-secret" {
					t.Errorf("%s: token auth sent as Authorization %q, Authentication-Token %q", name, authz, r.header.Get("Authentication-Token"))
				}
			}
			if len(r.body) > 0 {
				if got := r.header.Values("Content-Type"); len(got) != 1 || got[0] != "application/json" {
					t.Errorf("%s: Content-Type %q, want exactly application/json", name, got)
				}
				if !json.Valid(r.body) {
					t.Errorf("%s: body %q is not JSON", name, r.body)
				}
			} else if r.header.Get("Content-Type") != "" {
				t.Errorf("%s: Content-Type on a request without body", name)
			}
		}
	}
}

func TestNoTenantNoCredentials(t *testing.T) {
	srv, rc := serve(t, okJSON(emptyList))
	c := newTestClient(t, Config{URL: srv.URL})
	if _, err := c.ListExecutions(t.Context(), ListExecutionsOptions{AllTenants: true}); err != nil {
		t.Fatal(err)
	}
	r := rc.last(t)
	if _, ok := r.header["Tenant"]; ok {
		t.Error("an empty Tenant header was sent")
	}
	if r.header.Get("Authorization") != "" || r.header.Get("Authentication-Token") != "" {
		t.Error("credentials sent without any configured")
	}
	if r.query.Get("_all_tenants") != "true" {
		t.Errorf("query %q", r.rawQuery)
	}
}

func TestListExecutionsQuery(t *testing.T) {
	srv, rc := serve(t, okJSON(emptyList))
	c := newTestClient(t, Config{URL: srv.URL, Tenant: "t"})
	for _, tc := range []struct {
		name string
		o    ListExecutionsOptions
		want url.Values
		raw  string // a substring of the raw query, when the encoding matters
	}{
		{name: "none", o: ListExecutionsOptions{}, want: url.Values{}},
		{name: "include", o: ListExecutionsOptions{Include: ExecutionListFields},
			want: url.Values{"_include": {strings.Join(ExecutionListFields, ",")}}, raw: "_include=id%2Cworkflow_id%2C"},
		{name: "sort kept in order", o: ListExecutionsOptions{Sort: []string{"-created_at", "id", "+workflow_id"}},
			want: url.Values{"_sort": {"-created_at", "id", "+workflow_id"}}, raw: "_sort=-created_at&_sort=id&_sort=%2Bworkflow_id"},
		{name: "size offset", o: ListExecutionsOptions{Size: 50, Offset: 100}, want: url.Values{"_size": {"50"}, "_offset": {"100"}}},
		{name: "size zero", o: ListExecutionsOptions{Size: SizeZero}, want: url.Values{"_size": {"0"}}},
		{name: "all results", o: ListExecutionsOptions{GetAllResults: true}, want: url.Values{"_get_all_results": {"true"}}},
		{name: "system", o: ListExecutionsOptions{IncludeSystemWorkflows: true}, want: url.Values{"_include_system_workflows": {"true"}}},
		{name: "all tenants", o: ListExecutionsOptions{AllTenants: true}, want: url.Values{"_all_tenants": {"true"}}},
		{name: "filters OR and AND", o: ListExecutionsOptions{Filters: map[string][]string{
			"status": {"started", "pending"}, "deployment_id": {"web prod&x"}}},
			want: url.Values{"status": {"started", "pending"}, "deployment_id": {"web prod&x"}},
			raw:  "status=started&status=pending"},
		{name: "everything", o: ListExecutionsOptions{Include: []string{"id", "status"}, Sort: []string{"-created_at"},
			Size: 1000, Offset: 0, IncludeSystemWorkflows: true, AllTenants: true,
			Filters: map[string][]string{"blueprint_id": {"bp"}}},
			want: url.Values{"_include": {"id,status"}, "_sort": {"-created_at"}, "_size": {"1000"},
				"_include_system_workflows": {"true"}, "_all_tenants": {"true"}, "blueprint_id": {"bp"}}},
	} {
		if _, err := c.ListExecutions(t.Context(), tc.o); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		r := rc.last(t)
		if r.method != http.MethodGet || r.path != "/api/v3.1/executions" {
			t.Errorf("%s: %s %s", tc.name, r.method, r.path)
		}
		if !reflect.DeepEqual(r.query, tc.want) {
			t.Errorf("%s: query %v, want %v", tc.name, r.query, tc.want)
		}
		if !strings.Contains(r.rawQuery, tc.raw) {
			t.Errorf("%s: raw query %q lacks %q", tc.name, r.rawQuery, tc.raw)
		}
	}
}

func TestOtherQueriesAndPaths(t *testing.T) {
	srv, rc := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if strings.HasPrefix(r.URL.Path, "/api/v3.1/deployments/") {
			writeJSON(w, 200, `{"id":"d1"}`)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/api/v3.1/executions/") {
			writeJSON(w, 200, execJSON)
			return
		}
		writeJSON(w, 200, emptyList)
	})
	c := newTestClient(t, Config{URL: srv.URL, Tenant: "t"})
	ctx := t.Context()

	if _, err := c.ListDeployments(ctx, ListDeploymentsOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := rc.last(t).query; !reflect.DeepEqual(got, url.Values{"_get_data": {"true"}}) {
		t.Errorf("deployments: %v", got)
	}
	if _, err := c.ListDeployments(ctx, ListDeploymentsOptions{Include: []string{"id", "workflows"}, Sort: []string{"id"},
		Size: 20, Offset: 40, Search: "web", AllTenants: true}); err != nil {
		t.Fatal(err)
	}
	want := url.Values{"_get_data": {"true"}, "_include": {"id,workflows"}, "_sort": {"id"}, "_size": {"20"},
		"_offset": {"40"}, "_search": {"web"}, "_all_tenants": {"true"}}
	if got := rc.last(t).query; !reflect.DeepEqual(got, want) {
		t.Errorf("deployments: %v, want %v", got, want)
	}

	if _, err := c.ListEvents(ctx, EventsOptions{ExecutionID: "e1"}); err != nil {
		t.Fatal(err)
	}
	want = url.Values{"execution_id": {"e1"}, "type": {"cloudify_event"}, "_sort": {"reported_timestamp"},
		"_offset": {"0"}, "_size": {"1000"}}
	if r := rc.last(t); r.path != "/api/v3.1/events" || !reflect.DeepEqual(r.query, want) {
		t.Errorf("events: %s %v, want %v", r.path, r.query, want)
	}
	if _, err := c.ListEvents(ctx, EventsOptions{ExecutionID: "e1", IncludeLogs: true, Offset: 200, Size: 100}); err != nil {
		t.Fatal(err)
	}
	want = url.Values{"execution_id": {"e1"}, "type": {"cloudify_event", "cloudify_log"}, "_sort": {"reported_timestamp"},
		"_offset": {"200"}, "_size": {"100"}}
	if r := rc.last(t); !reflect.DeepEqual(r.query, want) || !strings.Contains(r.rawQuery, "type=cloudify_event&type=cloudify_log") {
		t.Errorf("events with logs: %q, want %v", r.rawQuery, want)
	}

	if _, err := c.GetExecution(ctx, "e1", "id", "status"); err != nil {
		t.Fatal(err)
	}
	if r := rc.last(t); r.path != "/api/v3.1/executions/e1" || r.rawQuery != "_include=id%2Cstatus" {
		t.Errorf("get: %s?%s", r.path, r.rawQuery)
	}
	if _, err := c.GetExecution(ctx, "a/b?c"); err != nil {
		t.Fatal(err)
	}
	if r := rc.last(t); r.rawPath != "/api/v3.1/executions/a%2Fb%3Fc" || r.rawQuery != "" {
		t.Errorf("an ID with / and ? was not escaped: %s?%s", r.rawPath, r.rawQuery)
	}
	if _, err := c.GetDeployment(ctx, "web prod"); err != nil {
		t.Fatal(err)
	}
	if r := rc.last(t); r.rawPath != "/api/v3.1/deployments/web%20prod" {
		t.Errorf("deployment path %s", r.rawPath)
	}

	before := rc.count()
	for name, err := range map[string]error{
		"get empty":     second(c.GetExecution(ctx, "")),
		"get dotdot":    second(c.GetExecution(ctx, "..")),
		"cancel empty":  second(c.CancelExecution(ctx, " ", ActionCancel)),
		"cancel bogus":  second(c.CancelExecution(ctx, "e1", CancelAction("pause"))),
		"resume empty":  second(c.ResumeExecution(ctx, "", true)),
		"patch empty":   second(c.UpdateExecutionStatus(ctx, "", StatusFailed, "")),
		"patch nothing": second(c.UpdateExecutionStatus(ctx, "e1", "", "")),
		"start no dep":  second(c.StartExecution(ctx, StartRequest{WorkflowID: "install"})),
		"start no wf":   second(c.StartExecution(ctx, StartRequest{DeploymentID: "d"})),
		"events no id":  second(c.ListEvents(ctx, EventsOptions{})),
		"dep empty":     second(c.GetDeployment(ctx, "")),
	} {
		wantKind(t, err, KindBadParameters)
		if msg := err.Error(); msg == "" || strings.Contains(msg, "http://") {
			t.Errorf("%s: local error reads %q", name, msg)
		}
	}
	if rc.count() != before {
		t.Errorf("invalid calls reached the server: %d requests", rc.count()-before)
	}
}

func second[T any](_ T, err error) error { return err }

func TestRequestBodies(t *testing.T) {
	srv, rc := serve(t, okJSON(execJSON))
	c := newTestClient(t, Config{URL: srv.URL, Tenant: "t", Username: "u", Password: "p"})
	ctx := t.Context()
	bodyOf := func() map[string]any {
		t.Helper()
		r := rc.last(t)
		var m map[string]any
		if err := json.Unmarshal(r.body, &m); err != nil {
			t.Fatalf("body %q: %v", r.body, err)
		}
		return m
	}

	if _, err := c.StartExecution(ctx, StartRequest{DeploymentID: "web-prod", WorkflowID: "install"}); err != nil {
		t.Fatal(err)
	}
	if got := bodyOf(); !reflect.DeepEqual(got, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"}) {
		t.Errorf("minimal start body %v", got)
	}
	r := rc.last(t)
	if r.method != http.MethodPost || r.path != "/api/v3.1/executions" {
		t.Errorf("start sent as %s %s", r.method, r.path)
	}

	if _, err := c.StartExecution(ctx, StartRequest{DeploymentID: "web-prod", WorkflowID: "scale",
		Parameters:            map[string]any{"delta": 2, "scalable_entity_name": "<vm>&", "nested": map[string]any{"a": []any{1, "x"}}},
		AllowCustomParameters: true, Force: true, DryRun: true, Queue: true}); err != nil {
		t.Fatal(err)
	}
	got := bodyOf()
	want := map[string]any{"deployment_id": "web-prod", "workflow_id": "scale",
		"parameters":              map[string]any{"delta": float64(2), "scalable_entity_name": "<vm>&", "nested": map[string]any{"a": []any{float64(1), "x"}}},
		"allow_custom_parameters": true, "force": true, "dry_run": true, "queue": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("full start body %v, want %v", got, want)
	}
	for _, k := range []string{"allow_custom_parameters", "force", "dry_run", "queue"} {
		if _, ok := got[k].(bool); !ok {
			t.Errorf("%s is %T, want a JSON boolean", k, got[k])
		}
	}
	if raw := string(rc.last(t).body); !strings.Contains(raw, `"<vm>&"`) || strings.HasSuffix(raw, "\n") {
		t.Errorf("body not sent as plain JSON: %q", raw)
	}

	for _, tc := range []struct {
		call func() error
		want map[string]any
	}{
		{func() error { return second(c.CancelExecution(ctx, "e1", ActionCancel)) }, map[string]any{"action": "cancel"}},
		{func() error { return second(c.CancelExecution(ctx, "e1", ActionForceCancel)) }, map[string]any{"action": "force-cancel"}},
		{func() error { return second(c.CancelExecution(ctx, "e1", ActionKill)) }, map[string]any{"action": "kill"}},
		{func() error { return second(c.ResumeExecution(ctx, "e1", false)) }, map[string]any{"action": "resume"}},
		{func() error { return second(c.ResumeExecution(ctx, "e1", true)) }, map[string]any{"action": "force-resume"}},
	} {
		if err := tc.call(); err != nil {
			t.Fatal(err)
		}
		r := rc.last(t)
		if r.method != http.MethodPost || r.path != "/api/v3.1/executions/e1" {
			t.Errorf("action sent as %s %s", r.method, r.path)
		}
		if got := bodyOf(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("action body %v, want %v", got, tc.want)
		}
	}

	if _, err := c.UpdateExecutionStatus(ctx, "e1", StatusStarted, ""); err != nil {
		t.Fatal(err)
	}
	if r := rc.last(t); r.method != http.MethodPatch || r.path != "/api/v3.1/executions/e1" {
		t.Errorf("patch sent as %s %s", r.method, r.path)
	}
	if got := bodyOf(); !reflect.DeepEqual(got, map[string]any{"status": "started"}) {
		t.Errorf("patch without error: %v (error must be omitted)", got)
	}
	if _, err := c.UpdateExecutionStatus(ctx, "e1", StatusFailed, "stuck: killed by hand"); err != nil {
		t.Fatal(err)
	}
	if got := bodyOf(); !reflect.DeepEqual(got, map[string]any{"status": "failed", "error": "stuck: killed by hand"}) {
		t.Errorf("patch with error: %v", got)
	}
}

func TestExpectedSuccessCodes(t *testing.T) {
	// Start must answer 201: a 200 is not the manager's answer to a start.
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) { writeJSON(w, 200, execJSON) })
	c := newTestClient(t, Config{URL: srv.URL})
	_, err := c.StartExecution(t.Context(), StartRequest{DeploymentID: "d", WorkflowID: "w"})
	e := wantKind(t, err, KindOther)
	if e.StatusCode != 200 {
		t.Errorf("status %d", e.StatusCode)
	}
	// And a GET answered 201 is not a success either.
	srv, _ = serve(t, func(w http.ResponseWriter, r *http.Request, _ int) { writeJSON(w, 201, execJSON) })
	c = newTestClient(t, Config{URL: srv.URL})
	if _, err := c.GetExecution(t.Context(), "e1"); err == nil {
		t.Error("a 201 answer to a GET was accepted")
	}
}

func TestGetRetriedOnGatewayErrors(t *testing.T) {
	for _, status := range []int{502, 503, 504} {
		srv, rc := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n <= 2 {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(status)
				_, _ = io.WriteString(w, "<html><body><h1>Bad gateway</h1></body></html>")
				return
			}
			writeJSON(w, 200, execJSON)
		})
		c := newTestClient(t, Config{URL: srv.URL})
		e, err := c.GetExecution(t.Context(), "e1")
		if err != nil || e.ID == "" {
			t.Fatalf("%d: %v", status, err)
		}
		if rc.count() != 3 {
			t.Errorf("%d: %d requests, want 3", status, rc.count())
		}
	}
}

func TestGetRetriesAreBounded(t *testing.T) {
	for _, tc := range []struct {
		retries, want int
	}{{0, 3}, {-1, 1}, {5, 6}} {
		srv, rc := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			writeJSON(w, 502, `{"message":"bad gateway","error_code":"x"}`)
		})
		c := newTestClient(t, Config{URL: srv.URL, MaxRetries: tc.retries})
		_, err := c.ListExecutions(t.Context(), ListExecutionsOptions{})
		wantKind(t, err, KindServer)
		if rc.count() != tc.want {
			t.Errorf("MaxRetries %d: %d requests, want %d", tc.retries, rc.count(), tc.want)
		}
	}
}

func TestGetNotRetriedOnOtherErrors(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		kind   ErrorKind
	}{
		{500, `{"message":"boom","error_code":"internal_server_error","server_traceback":"Traceback..."}`, KindServer},
		{404, `{"message":"nope","error_code":"not_found_error","server_traceback":null}`, KindNotFound},
		{401, `{"message":"User unauthorized","error_code":"unauthorized_error","server_traceback":null}`, KindNotAuthenticated},
		{503, `{"message":"Your request was rejected since Cloudify manager is currently in maintenance mode","error_code":"maintenance_mode_active","server_traceback":null}`, KindMaintenance},
	} {
		srv, rc := serve(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, tc.status, tc.body) })
		c := newTestClient(t, Config{URL: srv.URL})
		_, err := c.GetExecution(t.Context(), "e1")
		wantKind(t, err, tc.kind)
		if rc.count() != 1 {
			t.Errorf("HTTP %d: %d requests, want 1", tc.status, rc.count())
		}
	}
}

// hangUp closes the connection without answering.
func hangUp(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("cannot hijack")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	_ = conn.Close()
}

func TestGetRetriedOnDroppedConnection(t *testing.T) {
	srv, rc := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			hangUp(t, w)
			return
		}
		writeJSON(w, 200, execJSON)
	})
	c := newTestClient(t, Config{URL: srv.URL})
	if _, err := c.GetExecution(t.Context(), "e1"); err != nil {
		t.Fatal(err)
	}
	if rc.count() != 2 {
		t.Errorf("%d requests, want 2", rc.count())
	}
}

// TestPostAndPatchNeverRetried proves that a failed start, cancel or status
// change is sent exactly once, whether the server answers 502/503 or drops
// the connection.
func TestPostAndPatchNeverRetried(t *testing.T) {
	calls := map[string]func(ctx context.Context, c *Client) error{
		"start": func(ctx context.Context, c *Client) error {
			return second(c.StartExecution(ctx, StartRequest{DeploymentID: "d", WorkflowID: "install"}))
		},
		"cancel": func(ctx context.Context, c *Client) error { return second(c.CancelExecution(ctx, "e1", ActionCancel)) },
		"kill":   func(ctx context.Context, c *Client) error { return second(c.CancelExecution(ctx, "e1", ActionKill)) },
		"resume": func(ctx context.Context, c *Client) error { return second(c.ResumeExecution(ctx, "e1", true)) },
		"patch": func(ctx context.Context, c *Client) error {
			return second(c.UpdateExecutionStatus(ctx, "e1", StatusCancelled, ""))
		},
	}
	failures := map[string]func(t *testing.T, w http.ResponseWriter){
		"502":     func(t *testing.T, w http.ResponseWriter) { writeJSON(w, 502, `<html>502 Bad Gateway</html>`) },
		"503":     func(t *testing.T, w http.ResponseWriter) { writeJSON(w, 503, `{"message":"down"}`) },
		"hang up": hangUp,
	}
	for name, call := range calls {
		for fname, fail := range failures {
			srv, rc := serve(t, func(w http.ResponseWriter, r *http.Request, n int) { fail(t, w) })
			c := newTestClient(t, Config{URL: srv.URL, MaxRetries: 5})
			err := within(t, 10*time.Second, func() error { return call(t.Context(), c) })
			if err == nil {
				t.Fatalf("%s/%s: no error", name, fname)
			}
			if rc.count() != 1 {
				t.Errorf("%s/%s: sent %d times, want exactly once", name, fname, rc.count())
			}
			if fname == "hang up" {
				wantKind(t, err, KindUnreachable)
			} else {
				wantKind(t, err, KindServer)
			}
		}
	}
}

func TestBackoffHonoursContext(t *testing.T) {
	srv, rc := serve(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 503, `{"message":"x"}`) })
	c := newTestClient(t, Config{URL: srv.URL})
	c.backoff = time.Hour
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	err := within(t, 10*time.Second, func() error { return second(c.GetExecution(ctx, "e1")) })
	wantKind(t, err, KindServer)
	if rc.count() != 1 {
		t.Errorf("%d requests", rc.count())
	}
}

// stall blocks the handler until the client goes away or the test ends.
func stall(t *testing.T) func(http.ResponseWriter, *http.Request, int) {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}
}

func TestServerThatNeverAnswers(t *testing.T) {
	srv, rc := serve(t, stall(t))
	c := newTestClient(t, Config{URL: srv.URL, Timeout: 50 * time.Millisecond})
	err := within(t, 10*time.Second, func() error { return second(c.ListExecutions(t.Context(), ListExecutionsOptions{})) })
	e := wantKind(t, err, KindTimeout)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, context.DeadlineExceeded) is false: %v", err)
	}
	want := "the manager at " + srv.URL + " did not answer GET /api/v3.1/executions within 50ms"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Error() = %q, want prefix %q", err, want)
	}
	if e.Method != "GET" || !strings.HasPrefix(e.URL, srv.URL+"/api/v3.1/executions") {
		t.Errorf("method %q url %q", e.Method, e.URL)
	}
	if rc.count() != 1 {
		t.Errorf("a timed-out GET was retried: %d requests", rc.count())
	}
}

func TestCallerDeadlineAndCancel(t *testing.T) {
	srv, _ := serve(t, stall(t))
	c := newTestClient(t, Config{URL: srv.URL})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	err := within(t, 10*time.Second, func() error { return second(c.GetExecution(ctx, "e1")) })
	wantKind(t, err, KindTimeout)
	if !strings.Contains(err.Error(), "did not answer GET /api/v3.1/executions/e1 in time") {
		t.Errorf("Error() = %q", err)
	}

	// The caller gives up once the request has reached the server.
	ctx, cancel = context.WithCancel(t.Context())
	stalled := stall(t)
	srv2, rc := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		cancel()
		stalled(w, r, n)
	})
	c = newTestClient(t, Config{URL: srv2.URL})
	err = within(t, 10*time.Second, func() error {
		return second(c.StartExecution(ctx, StartRequest{DeploymentID: "d", WorkflowID: "w"}))
	})
	if rc.count() != 1 {
		t.Errorf("%d requests", rc.count())
	}
	wantKind(t, err, KindOther)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "was cancelled") {
		t.Errorf("cancelled request: %v", err)
	}
}

func TestBodyThatStalls(t *testing.T) {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, `{"metadata":{"pagination":{"total":1,"size":1000,"offset":0}},"items":[{"id":"e1",`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-done:
		}
	})
	c := newTestClient(t, Config{URL: srv.URL, Timeout: 100 * time.Millisecond})
	err := within(t, 10*time.Second, func() error { return second(c.ListExecutions(t.Context(), ListExecutionsOptions{})) })
	wantKind(t, err, KindTimeout)
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	c := newTestClient(t, Config{URL: "http://" + addr, Password: "hunter2-pw", Username: "admin"})
	err = within(t, 10*time.Second, func() error { return second(c.ListExecutions(t.Context(), ListExecutionsOptions{})) })
	e := wantKind(t, err, KindUnreachable)
	want := "cannot reach the manager at http://" + addr + ": connection refused"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Error() = %q, want prefix %q", err, want)
	}
	if !e.retry {
		t.Error("connection refused is not retryable")
	}
	if strings.Contains(err.Error(), "dial tcp") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Error() shows Go internals or the password: %q", err)
	}
}

// failingDial makes every connection fail with err.
func failingDial(err error) *http.Client {
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, err
	}}}
}

func TestNetworkFailuresInWords(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		kind ErrorKind
		says string
	}{
		{"dns", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "cfy.example.com", IsNotFound: true}},
			KindUnreachable, "cannot reach the manager at http://cfy.example.com:80: the host name cfy.example.com does not resolve"},
		{"dns server", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "server misbehaving", Name: "cfy.example.com", IsTemporary: true}},
			KindUnreachable, "the DNS lookup of cfy.example.com failed"},
		{"no route", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.EHOSTUNREACH)},
			KindUnreachable, "cannot reach the manager at http://cfy.example.com:80: no route to host"},
		{"net unreachable", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)},
			KindUnreachable, "the network is unreachable"},
		{"reset", &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)},
			KindUnreachable, "the connection was reset"},
		{"dial timeout", &net.OpError{Op: "dial", Net: "tcp", Err: timeoutErr{}},
			KindTimeout, "did not answer GET /api/v3.1/executions/e1 in time (while connecting)"},
	} {
		c := newTestClient(t, Config{URL: "http://cfy.example.com:80", HTTPClient: failingDial(tc.err), MaxRetries: -1})
		_, err := c.GetExecution(t.Context(), "e1")
		wantKind(t, err, tc.kind)
		if !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: Error() = %q, want it to say %q", tc.name, err, tc.says)
		}
		if strings.Contains(err.Error(), "dial tcp") {
			t.Errorf("%s: Error() shows Go internals: %q", tc.name, err)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestHTTPClientTimeout(t *testing.T) {
	srv, _ := serve(t, stall(t))
	c := newTestClient(t, Config{URL: srv.URL, HTTPClient: &http.Client{Timeout: 50 * time.Millisecond}, Timeout: -1})
	err := within(t, 10*time.Second, func() error { return second(c.GetExecution(t.Context(), "e1")) })
	wantKind(t, err, KindTimeout)
	if !strings.Contains(err.Error(), "within 50ms") {
		t.Errorf("Error() = %q", err)
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	target, trc := serve(t, okJSON(execJSON))
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		http.Redirect(w, r, target.URL+r.URL.Path, http.StatusPermanentRedirect)
	})
	c := newTestClient(t, Config{URL: srv.URL, Token: "ctok-AAA-secret-token"})
	_, err := c.CancelExecution(t.Context(), "e1", ActionKill)
	wantKind(t, err, KindOther)
	if trc.count() != 0 {
		t.Error("the redirect was followed (credentials and a POST sent elsewhere)")
	}
	if !strings.Contains(err.Error(), "redirected POST /api/v3.1/executions/e1 to "+target.URL) {
		t.Errorf("Error() = %q", err)
	}
}

func TestSecretsNeverShow(t *testing.T) {
	const pw, tok = "hunter2-pw", "ctok-ABCDEF-sup3rs3cret"
	cfg := Config{URL: "https://admin:" + pw + "@cfy.example.com:443", Tenant: "t", Username: "admin", Password: pw, Token: tok}
	var b strings.Builder
	for _, v := range []any{cfg, &cfg} {
		for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			fmt.Fprintf(&b, f+"\n", v)
		}
		fmt.Fprintln(&b, v)
	}
	fmt.Fprintln(&b, cfg.String(), cfg.GoString())
	js, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b.Write(js)
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		fmt.Fprintf(&b, f+"\n", c)
		fmt.Fprintf(&b, f+"\n", *c)
	}
	out := b.String()
	if strings.Contains(out, pw) || strings.Contains(out, "sup3rs3cret") {
		t.Fatalf("a secret shows:\n%s", out)
	}
	if !strings.Contains(out, `Password:"***"`) || !strings.Contains(out, `Token:"***"`) || !strings.Contains(out, `Username:"admin"`) {
		t.Errorf("the masked form is not informative:\n%s", cfg)
	}
	if !strings.Contains(Config{}.String(), `Password:""`) {
		t.Errorf("an unset password is shown as set: %s", Config{})
	}
}

func TestSecretsNotEchoedInErrors(t *testing.T) {
	const pw = "hunter2-pw"
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeJSON(w, 401, `{"message":"User unauthorized: bad password hunter2-pw","error_code":"unauthorized_error","server_traceback":"pw=hunter2-pw"}`)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, "<html><title>Login</title><body>hello admin:hunter2-pw</body></html>")
	})
	c := newTestClient(t, Config{URL: srv.URL, Username: "admin", Password: pw})
	for i := 0; i < 2; i++ {
		_, err := c.GetExecution(t.Context(), "e1")
		var e *Error
		if !errors.As(err, &e) {
			t.Fatal(err)
		}
		all := fmt.Sprintf("%v %+v %s %q %s %s", err, err, e.Message, e.Traceback, e.URL, e.Error())
		if strings.Contains(all, pw) {
			t.Errorf("the password shows in the error: %s", all)
		}
	}
}

// A start, an action or a status change whose answer was lost says that it
// may have been carried out; one refused before it reached the manager
// does not.
func TestMaybeApplied(t *testing.T) {
	stop := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	defer hang.Close()
	defer close(stop)
	c, err := New(Config{URL: hang.URL, Timeout: 100 * time.Millisecond, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CancelExecution(context.Background(), "e1", ActionKill)
	var ce *Error
	if !errors.As(err, &ce) || !ce.MaybeApplied() || !strings.Contains(err.Error(), "may have been carried out") {
		t.Fatalf("kill without an answer: %v", err)
	}
	_, err = c.GetExecution(context.Background(), "e1")
	if !errors.As(err, &ce) || ce.MaybeApplied() || strings.Contains(err.Error(), "may have been carried out") {
		t.Fatalf("a GET without an answer: %v", err)
	}

	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
	}))
	defer gw.Close()
	c, _ = New(Config{URL: gw.URL, MaxRetries: -1})
	if _, err := c.StartExecution(context.Background(), StartRequest{DeploymentID: "d", WorkflowID: "install"}); !errors.As(err, &ce) || !ce.MaybeApplied() {
		t.Fatalf("a start answered 502: %v", err)
	}

	closed := httptest.NewServer(http.NotFoundHandler())
	url := closed.URL
	closed.Close()
	c, _ = New(Config{URL: url, MaxRetries: -1})
	if _, err := c.CancelExecution(context.Background(), "e1", ActionCancel); !errors.As(err, &ce) || ce.MaybeApplied() {
		t.Fatalf("a cancel that could not connect: %v", err)
	}
}
