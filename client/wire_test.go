package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// wireExchange is one recorded request/response of the wire corpus.
type wireExchange struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Request     struct {
		Method  string            `json:"method"`
		Path    string            `json:"path"`
		Query   [][2]string       `json:"query"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"request"`
	Response struct {
		Status      int             `json:"status"`
		ContentType string          `json:"content_type"`
		Body        json.RawMessage `json:"body"`
	} `json:"response"`
}

func wireDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "cloudify-wire")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the recorded wire corpus is not here (%s): %v", dir, err)
	}
	return dir
}

func loadWire(t testing.TB) map[string]*wireExchange {
	t.Helper()
	dir := wireDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no recorded exchanges in %s", dir)
	}
	out := map[string]*wireExchange{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var x wireExchange
		if err := json.Unmarshal(b, &x); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = &x
	}
	return out
}

func fixture(t testing.TB, all map[string]*wireExchange, name string) *wireExchange {
	t.Helper()
	x, ok := all[name]
	if !ok {
		t.Fatalf("fixture %s is missing from the corpus", name)
	}
	return x
}

// responseBytes is the body as the manager sent it: JSON text, or the raw
// text of a non-JSON page.
func (x *wireExchange) responseBytes(t testing.TB) []byte {
	t.Helper()
	if strings.Contains(x.Response.ContentType, "json") {
		return x.Response.Body
	}
	var s string
	if err := json.Unmarshal(x.Response.Body, &s); err != nil {
		t.Fatalf("%s: non-JSON body is not a string: %v", x.Name, err)
	}
	return []byte(s)
}

// serve answers every request with the recorded response, and records what
// the client sent.
type replay struct {
	x         *wireExchange
	bodyBytes []byte
	mu        sync.Mutex
	requests  []*http.Request
	bodies    [][]byte
}

func (rp *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rp.mu.Lock()
	rp.requests = append(rp.requests, r.Clone(context.Background()))
	rp.bodies = append(rp.bodies, b)
	rp.mu.Unlock()
	w.Header().Set("Content-Type", rp.x.Response.ContentType)
	w.WriteHeader(rp.x.Response.Status)
	_, _ = w.Write(rp.bodyBytes)
}

func newReplay(t testing.TB, x *wireExchange) (*replay, *httptest.Server) {
	t.Helper()
	rp := &replay{x: x}
	rp.bodyBytes = x.responseBytes(t)
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return rp, srv
}

// clientFor builds a client whose credentials and tenant are those the
// recorded request carried.
func clientFor(t testing.TB, x *wireExchange, url string) *Client {
	t.Helper()
	cfg := Config{URL: url, Tenant: x.Request.Headers["Tenant"], UserAgentVersion: "test", MaxRetries: -1}
	switch auth := x.Request.Headers["auth"]; {
	case strings.HasPrefix(auth, "basic "):
		user, pass, _ := strings.Cut(strings.TrimPrefix(auth, "basic "), ":")
		cfg.Username, cfg.Password = user, pass
	case auth == "token":
		cfg.Token = "ctok-FS7SkX1KqH-DKgtEqyau7OoZ0zqHCCPbJ8wjlI9P1ti3GXciIkp"
	case auth == "token-invalid":
		cfg.Token = "ctok-AAAAAAAAAA-notthesecret"
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkSameRequest compares what the client sent with the recorded request:
// method, path, query (as a multiset, order kept per key), body and headers.
// extra lists query keys the client may add.
func checkSameRequest(t *testing.T, x *wireExchange, rp *replay, extra ...string) {
	t.Helper()
	if len(rp.requests) != 1 {
		t.Fatalf("%s: %d requests sent, want 1", x.Name, len(rp.requests))
	}
	r, body := rp.requests[0], rp.bodies[0]
	if r.Method != x.Request.Method || r.URL.Path != x.Request.Path {
		t.Errorf("%s: sent %s %s, recorded %s %s", x.Name, r.Method, r.URL.Path, x.Request.Method, x.Request.Path)
	}
	want := url.Values{}
	for _, kv := range x.Request.Query {
		want.Add(kv[0], kv[1])
	}
	got := r.URL.Query()
	for _, k := range extra {
		if _, recorded := want[k]; !recorded {
			delete(got, k)
		}
	}
	if !reflect.DeepEqual(map[string][]string(got), map[string][]string(want)) {
		t.Errorf("%s: query %v, recorded %v", x.Name, got, want)
	}
	if tenant, ok := x.Request.Headers["Tenant"]; ok {
		if got := r.Header.Values("Tenant"); len(got) != 1 || got[0] != tenant {
			t.Errorf("%s: Tenant header %q, want %q", x.Name, got, tenant)
		}
	} else if got := r.Header.Get("Tenant"); got != "" {
		t.Errorf("%s: Tenant header %q sent, recorded none", x.Name, got)
	}
	switch auth := x.Request.Headers["auth"]; {
	case strings.HasPrefix(auth, "basic "):
		want := "Basic " + base64.StdEncoding.EncodeToString([]byte(strings.TrimPrefix(auth, "basic ")))
		if got := r.Header.Get("Authorization"); got != want {
			t.Errorf("%s: Authorization %q, want %q", x.Name, got, want)
		}
	case auth == "token":
		if got := r.Header.Get("Authentication-Token"); !strings.HasPrefix(got, "ctok-") {
			t.Errorf("%s: Authentication-Token %q", x.Name, got)
		}
		if got := r.Header.Get("Authorization"); got != "" {
			t.Errorf("%s: Authorization %q sent with a token", x.Name, got)
		}
	case auth == "none":
		if r.Header.Get("Authorization") != "" || r.Header.Get("Authentication-Token") != "" {
			t.Errorf("%s: credentials sent, recorded none", x.Name)
		}
	}
	if ct, ok := x.Request.Headers["Content-Type"]; ok {
		if got := r.Header.Get("Content-Type"); got != ct {
			t.Errorf("%s: Content-Type %q, want %q", x.Name, got, ct)
		}
		var gotBody, wantBody any
		if err := json.Unmarshal(body, &gotBody); err != nil {
			t.Fatalf("%s: body %q is not JSON: %v", x.Name, body, err)
		}
		if err := json.Unmarshal(x.Request.Body, &wantBody); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotBody, wantBody) {
			t.Errorf("%s: body %s, recorded %s", x.Name, body, x.Request.Body)
		}
	} else {
		if got := r.Header.Get("Content-Type"); got != "" {
			t.Errorf("%s: Content-Type %q on a request without body", x.Name, got)
		}
		if len(body) != 0 {
			t.Errorf("%s: body %q sent, recorded none", x.Name, body)
		}
	}
	if got := r.Header.Get("User-Agent"); got != "cfytop/test" {
		t.Errorf("%s: User-Agent %q", x.Name, got)
	}
}

const nilUUID = "00000000-0000-0000-0000-000000000000"

// wireCall is one recorded exchange driven through a public method.
type wireCall struct {
	name  string
	extra []string // query keys the client adds to the recorded ones
	call  func(ctx context.Context, c *Client) (any, error)
}

func wireCalls() []wireCall {
	list := func(o ListExecutionsOptions) func(context.Context, *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) { return c.ListExecutions(ctx, o) }
	}
	get := func(id string, include ...string) func(context.Context, *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) { return c.GetExecution(ctx, id, include...) }
	}
	start := func(r StartRequest) func(context.Context, *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) { return c.StartExecution(ctx, r) }
	}
	cancel := func(id string, a CancelAction) func(context.Context, *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) { return c.CancelExecution(ctx, id, a) }
	}
	resume := func(id string, force bool) func(context.Context, *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) { return c.ResumeExecution(ctx, id, force) }
	}
	patch := func(id string, s Status, e string) func(context.Context, *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) { return c.UpdateExecutionStatus(ctx, id, s, e) }
	}
	const (
		e7058 = "70584eb5-4802-41e4-b39a-3730a1bcdb1d"
		a0878 = "a08781c6-5dd0-4111-aaf7-27c8e7de23ec"
		e6a75 = "6a753d8f-e73c-4e3e-8acb-ec9ee846a705"
		e5852 = "5852ebd0-0ac3-4bc4-87c3-4dbc55351e67"
	)
	return []wireCall{
		{name: "auth-none", call: list(ListExecutionsOptions{Include: []string{"id"}})},
		{name: "auth-tenant-missing", call: list(ListExecutionsOptions{Include: []string{"id"}})},
		{name: "auth-tenant-missing-all-tenants", call: list(ListExecutionsOptions{AllTenants: true, Include: []string{"id", "tenant_name"}})},
		{name: "auth-token-use", call: list(ListExecutionsOptions{Include: []string{"id", "workflow_id", "status"}})},
		{name: "exec-list-default", call: list(ListExecutionsOptions{})},
		{name: "exec-list-paged", call: list(ListExecutionsOptions{Size: 2, Offset: 1})},
		{name: "exec-list-deployment", call: list(ListExecutionsOptions{Filters: map[string][]string{"deployment_id": {"web-staging"}}})},
		{name: "exec-list-get-all-results", call: list(ListExecutionsOptions{GetAllResults: true, Size: 1, Include: []string{"id", "workflow_id", "status"}})},
		{name: "exec-list-include-system", call: list(ListExecutionsOptions{IncludeSystemWorkflows: true})},
		{name: "exec-list-status-display", call: list(ListExecutionsOptions{Filters: map[string][]string{"status_display": {"completed"}}, Include: []string{"id", "status", "status_display"}})},
		{name: "exec-list-unknown-filter", call: list(ListExecutionsOptions{Filters: map[string][]string{"environment": {"prod"}}})},
		{name: "exec-list-bad-sort", call: list(ListExecutionsOptions{Sort: []string{"-priority"}})},
		{name: "exec-get-unknown-id", call: get(nilUUID)},
		{name: "exec-get-bad-include", call: get(e7058, "id", "progress")},
		{name: "exec-progression-01-start", call: start(StartRequest{DeploymentID: "web-prod", WorkflowID: "install"})},
		{name: "exec-progression-02-get-pending", call: get(e7058)},
		{name: "exec-progression-03-patch-started", call: patch(e7058, StatusStarted, "")},
		{name: "exec-progression-04-get-started", call: get(e7058)},
		{name: "exec-progression-05-patch-terminated", call: patch(e7058, StatusTerminated, "")},
		{name: "exec-progression-06-get-terminated", call: get(e7058)},
		{name: "exec-queue-01-get-queued", call: get(e6a75)},
		{name: "exec-queue-02-patch-started", call: patch(e5852, StatusStarted, "")},
		{name: "exec-queue-03-patch-terminated", call: patch(e5852, StatusTerminated, "")},
		{name: "exec-queue-04-get-dequeued", call: get(e6a75)},
		{name: "exec-start-busy-force", call: start(StartRequest{DeploymentID: "web-staging", WorkflowID: "install", Force: true})},
		{name: "exec-start-busy-no-force", call: start(StartRequest{DeploymentID: "web-staging", WorkflowID: "install"})},
		{name: "exec-start-unknown-deployment", call: start(StartRequest{DeploymentID: "no-such-deployment", WorkflowID: "install"})},
		{name: "exec-start-unknown-workflow", call: start(StartRequest{DeploymentID: "db-staging", WorkflowID: "backup_database"})},
		{name: "exec-start-undeclared-parameter", call: start(StartRequest{DeploymentID: "db-staging", WorkflowID: "install", Parameters: map[string]any{"db_size": "large"}})},
		{name: "exec-action-cancel-pending", call: cancel(a0878, ActionCancel)},
		{name: "exec-action-cancel-terminated", call: cancel(e7058, ActionCancel)},
		{name: "exec-action-force-cancel-cancelling", call: cancel(a0878, ActionForceCancel)},
		{name: "exec-action-kill-terminated", call: cancel(e5852, ActionKill)},
		{name: "exec-action-unknown-id", call: cancel(nilUUID, ActionCancel)},
		{name: "exec-action-resume-failed", call: resume(e6a75, false)},
		{name: "exec-action-force-resume-cancelled", call: resume(a0878, true)},
		{name: "exec-action-force-resume-terminated", call: resume(e7058, true)},
		{name: "exec-patch-started-to-failed", call: patch(e6a75, StatusFailed, "Task failed 'cloudify.interfaces.lifecycle.create' -> RuntimeError: port 8080 already in use")},
		{name: "exec-patch-resumed-to-started", call: patch(e6a75, StatusStarted, "")},
		{name: "exec-patch-terminated-to-started", call: patch(e7058, StatusStarted, "")},
		{name: "exec-patch-cancelling-to-started", call: patch(a0878, StatusStarted, "")},
		{name: "exec-patch-bogus-status", call: patch(e6a75, Status("paused"), "")},
		{name: "dep-get", call: func(ctx context.Context, c *Client) (any, error) { return c.GetDeployment(ctx, "web-prod") }},
		{name: "dep-list-get-data", call: func(ctx context.Context, c *Client) (any, error) {
			return c.ListDeployments(ctx, ListDeploymentsOptions{Include: []string{"id", "workflows"}})
		}},
		{name: "events-list-execution", extra: []string{"_offset", "_size"}, call: func(ctx context.Context, c *Client) (any, error) {
			return c.ListEvents(ctx, EventsOptions{ExecutionID: "703069e8-0166-4cf3-9dea-e5e5c60b0756", IncludeLogs: true})
		}},
		{name: "meta-version", call: func(ctx context.Context, c *Client) (any, error) { return c.Version(ctx) }},
		{name: "meta-tenants", call: func(ctx context.Context, c *Client) (any, error) { return c.Tenants(ctx) }},
	}
}

// wireErrorKinds is the kind every recorded error must map to.
var wireErrorKinds = map[string]ErrorKind{
	"auth-bearer":                         KindNotAuthenticated,
	"auth-none":                           KindNotAuthenticated,
	"auth-tenant-missing":                 KindForbidden,
	"exec-action-cancel-terminated":       KindIllegalState,
	"exec-action-force-resume-terminated": KindIllegalState,
	"exec-action-unknown-id":              KindNotFound,
	"exec-action-unknown":                 KindBadParameters,
	"exec-get-bad-include":                KindBadParameters,
	"exec-get-unknown-id":                 KindNotFound,
	"exec-list-bad-sort":                  KindBadParameters,
	"exec-list-unknown-filter":            KindBadParameters,
	"exec-patch-bogus-status":             KindBadParameters,
	"exec-patch-cancelling-to-started":    KindIllegalState,
	"exec-patch-terminated-to-started":    KindIllegalState,
	"exec-start-busy-no-force":            KindBusy,
	"exec-start-content-type-charset":     KindBadParameters,
	"exec-start-missing-workflow-id":      KindBadParameters,
	"exec-start-undeclared-parameter":     KindBadParameters,
	"exec-start-unknown-deployment":       KindNotFound,
	"exec-start-unknown-workflow":         KindBadParameters,
	"misc-unknown-route":                  KindNotFound,
}

// wireNotForTheClient are recorded exchanges of endpoints cfytop does not call.
var wireNotForTheClient = map[string]string{
	"auth-token-create":               "token creation is left to cfy",
	"events-01-post-workflow-started": "posting events is the workflow worker's job",
	"events-02-post-task-failed":      "posting events is the workflow worker's job",
	"exec-summary-status-display":     "the summary endpoint is not used",
	"meta-ok":                         "the unauthenticated health probe is not used",
}

// TestWireCorpusCovered makes sure no recorded exchange is forgotten.
func TestWireCorpusCovered(t *testing.T) {
	all := loadWire(t)
	covered := map[string]bool{}
	for _, wc := range wireCalls() {
		covered[wc.name] = true
	}
	for name := range wireErrorKinds {
		covered[name] = true
	}
	for name := range wireDecodeTargets {
		covered[name] = true
	}
	for name := range wireNotForTheClient {
		covered[name] = true
	}
	var missing []string
	for name := range all {
		if !covered[name] {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("recorded exchanges no test uses: %v", missing)
	}
}

// TestWirePublicCalls drives each recorded exchange through the public
// method cfytop would use, checks that the request is the recorded one, and
// that the answer decodes (or maps to the right error kind with the
// manager's message).
func TestWirePublicCalls(t *testing.T) {
	all := loadWire(t)
	for _, wc := range wireCalls() {
		t.Run(wc.name, func(t *testing.T) {
			x := fixture(t, all, wc.name)
			rp, srv := newReplay(t, x)
			c := clientFor(t, x, srv.URL)
			got, err := wc.call(t.Context(), c)
			checkSameRequest(t, x, rp, wc.extra...)
			if x.Response.Status >= 300 {
				checkWireError(t, x, err)
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			checkDecoded(t, x, got)
		})
	}
}

// TestWireErrorsGeneric replays every recorded error exactly as it was
// requested (including requests cfytop would never send, such as a Bearer
// token or a wrong Content-Type) and checks the kind and the message.
func TestWireErrorsGeneric(t *testing.T) {
	all := loadWire(t)
	for name := range wireErrorKinds {
		t.Run(name, func(t *testing.T) {
			x := fixture(t, all, name)
			_, srv := newReplay(t, x)
			c := clientFor(t, x, srv.URL)
			r := rawRequest(x)
			err := c.do(t.Context(), r, func(d *json.Decoder) error { t.Fatal("success decoder called"); return nil })
			checkWireError(t, x, err)
		})
	}
}

func rawRequest(x *wireExchange) request {
	q := url.Values{}
	for _, kv := range x.Request.Query {
		q.Add(kv[0], kv[1])
	}
	r := request{method: x.Request.Method, query: q, want: http.StatusOK}
	if x.Request.Method == http.MethodPost && x.Request.Path == "/api/v3.1/executions" {
		r.want = http.StatusCreated
	}
	switch {
	case strings.HasPrefix(x.Request.Path, apiPrefix+"/"):
		r.path = strings.TrimPrefix(x.Request.Path, apiPrefix)
	default:
		r.path, r.unversioned = x.Request.Path, true
	}
	if len(x.Request.Body) > 0 && string(x.Request.Body) != "null" {
		r.body = x.Request.Body
	}
	return r
}

func checkWireError(t *testing.T, x *wireExchange, err error) {
	t.Helper()
	want, ok := wireErrorKinds[x.Name]
	if !ok {
		t.Fatalf("%s: no expected kind for this recorded error", x.Name)
	}
	if err == nil {
		t.Fatalf("%s: no error for HTTP %d", x.Name, x.Response.Status)
	}
	var e *Error
	if !asError(err, &e) {
		t.Fatalf("%s: %T is not a *client.Error: %v", x.Name, err, err)
	}
	if e.Kind != want {
		t.Errorf("%s: kind %v, want %v (%v)", x.Name, e.Kind, want, err)
	}
	if e.StatusCode != x.Response.Status {
		t.Errorf("%s: status %d, want %d", x.Name, e.StatusCode, x.Response.Status)
	}
	msg := err.Error()
	if strings.Contains(msg, "invalid character") || strings.Contains(msg, "json:") {
		t.Errorf("%s: error speaks of JSON internals: %s", x.Name, msg)
	}
	if !strings.Contains(x.Response.ContentType, "json") {
		if e.Message == "" || strings.ContainsAny(e.Message, "<>\n") || len([]rune(e.Message)) > excerptLen+1 {
			t.Errorf("%s: excerpt %q is not a short clean text", x.Name, e.Message)
		}
		if !strings.Contains(msg, "HTML page") {
			t.Errorf("%s: Error() does not say it got an HTML page: %s", x.Name, msg)
		}
		return
	}
	var body struct {
		Message   string `json:"message"`
		ErrorCode string `json:"error_code"`
	}
	if err := json.Unmarshal(x.Response.Body, &body); err != nil {
		t.Fatal(err)
	}
	if e.Code != body.ErrorCode || e.Message != body.Message {
		t.Errorf("%s: code %q message %q, want %q %q", x.Name, e.Code, e.Message, body.ErrorCode, body.Message)
	}
	if !strings.Contains(msg, sanitize(body.Message, 1000)) || !strings.Contains(msg, body.ErrorCode) {
		t.Errorf("%s: Error() lacks the manager's message or code: %s", x.Name, msg)
	}
	if !strings.Contains(msg, "http://127.0.0.1:") {
		t.Errorf("%s: Error() does not name the manager: %s", x.Name, msg)
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

// wireDecodeTargets are successful exchanges decoded through the client's
// generic path (some cannot be produced by a public method, e.g. the list
// without _get_data).
var wireDecodeTargets = map[string]string{
	"dep-list-include-no-get-data": "deployments",
	"misc-v3-executions":           "executions",
	"exec-start-bool-strings":      "execution",
}

func TestWireDecodeGeneric(t *testing.T) {
	all := loadWire(t)
	for name, target := range wireDecodeTargets {
		t.Run(name, func(t *testing.T) {
			x := fixture(t, all, name)
			_, srv := newReplay(t, x)
			c := clientFor(t, x, srv.URL)
			r := rawRequest(x)
			if x.Response.Status == http.StatusCreated {
				r.want = http.StatusCreated
			}
			var got any
			err := c.do(t.Context(), r, func(d *json.Decoder) error {
				switch target {
				case "deployments":
					p := &DeploymentPage{}
					got = p
					return decodeList(d, &p.Pagination, &p.Items, nil)
				case "executions":
					p := &ExecutionPage{}
					got = p
					return decodeList(d, &p.Pagination, &p.Items, nil)
				default:
					e := &Execution{}
					got = e
					return d.Decode(e)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			checkDecoded(t, x, got)
		})
	}
}

// checkDecoded compares a decoded value with the recorded JSON, field by field.
func checkDecoded(t *testing.T, x *wireExchange, got any) {
	t.Helper()
	var raw any
	if err := json.Unmarshal(x.Response.Body, &raw); err != nil {
		t.Fatal(err)
	}
	switch v := got.(type) {
	case *Execution:
		checkExecution(t, x.Name, v, raw.(map[string]any))
	case *ExecutionPage:
		env := raw.(map[string]any)
		checkPagination(t, x.Name, v.Pagination, env)
		items := env["items"].([]any)
		if len(v.Items) != len(items) {
			t.Fatalf("%s: %d items, recorded %d", x.Name, len(v.Items), len(items))
		}
		for i := range items {
			checkExecution(t, x.Name, &v.Items[i], items[i].(map[string]any))
		}
	case *DeploymentPage:
		env := raw.(map[string]any)
		checkPagination(t, x.Name, v.Pagination, env)
		items := env["items"].([]any)
		if len(v.Items) != len(items) {
			t.Fatalf("%s: %d items, recorded %d", x.Name, len(v.Items), len(items))
		}
		for i := range items {
			checkDeployment(t, x.Name, &v.Items[i], items[i].(map[string]any))
		}
	case *Deployment:
		checkDeployment(t, x.Name, v, raw.(map[string]any))
	case *EventPage:
		env := raw.(map[string]any)
		checkPagination(t, x.Name, v.Pagination, env)
		items := env["items"].([]any)
		if len(v.Items) != len(items) {
			t.Fatalf("%s: %d items, recorded %d", x.Name, len(v.Items), len(items))
		}
		for i := range items {
			checkEvent(t, x.Name, &v.Items[i], items[i].(map[string]any))
		}
	case *Version:
		m := raw.(map[string]any)
		if v.Edition != m["edition"] || v.Version != m["version"] || v.Distribution != m["distribution"] ||
			v.DistroRelease != m["distro_release"] || !v.Build.Present || v.Build.Valid || v.Commit.Valid {
			t.Errorf("%s: version %+v from %v", x.Name, *v, m)
		}
	case []Tenant:
		items := raw.(map[string]any)["items"].([]any)
		if len(v) != len(items) {
			t.Fatalf("%s: %d tenants, recorded %d", x.Name, len(v), len(items))
		}
		for i, it := range items {
			if v[i].Name != it.(map[string]any)["name"] {
				t.Errorf("%s: tenant %d is %q", x.Name, i, v[i].Name)
			}
		}
	default:
		t.Fatalf("%s: no check for %T", x.Name, got)
	}
}

func checkPagination(t *testing.T, name string, pg Pagination, env map[string]any) {
	t.Helper()
	p := env["metadata"].(map[string]any)["pagination"].(map[string]any)
	if float64(pg.Total) != p["total"] || float64(pg.Size) != p["size"] || float64(pg.Offset) != p["offset"] {
		t.Errorf("%s: pagination %+v, recorded %v", name, pg, p)
	}
}

func checkString(t *testing.T, name, key, got string, m map[string]any) {
	t.Helper()
	if v, ok := m[key]; ok {
		if v != got {
			t.Errorf("%s: %s = %q, recorded %v", name, key, got, v)
		}
	} else if got != "" {
		t.Errorf("%s: %s = %q, but the key was absent", name, key, got)
	}
}

func checkNullableString(t *testing.T, name, key string, got Nullable[string], m map[string]any) {
	t.Helper()
	v, ok := m[key]
	switch {
	case !ok:
		if got.Present || got.Valid {
			t.Errorf("%s: %s absent but decoded as %+v", name, key, got)
		}
	case v == nil:
		if !got.Present || got.Valid {
			t.Errorf("%s: %s null but decoded as %+v", name, key, got)
		}
	default:
		if !got.Present || !got.Valid || got.Value != v {
			t.Errorf("%s: %s = %v but decoded as %+v", name, key, v, got)
		}
	}
}

func checkTime(t *testing.T, name, key string, got Time, present, valid bool, m map[string]any) {
	t.Helper()
	v, ok := m[key]
	switch {
	case !ok:
		if present || valid || !got.IsZero() {
			t.Errorf("%s: %s absent but decoded as %v (present %v)", name, key, got, present)
		}
	case v == nil:
		if !present || valid || !got.IsZero() {
			t.Errorf("%s: %s null but decoded as %v", name, key, got)
		}
	default:
		if !present || !valid || got.UTC().Format(TimeLayout) != v {
			t.Errorf("%s: %s = %v but decoded as %v", name, key, v, got.UTC().Format(TimeLayout))
		}
		if got.Location() != time.UTC {
			t.Errorf("%s: %s is not in UTC", name, key)
		}
	}
}

func checkExecution(t *testing.T, name string, e *Execution, m map[string]any) {
	t.Helper()
	checkString(t, name, "id", e.ID, m)
	checkString(t, name, "workflow_id", e.WorkflowID, m)
	checkString(t, name, "status", string(e.Status), m)
	checkString(t, name, "status_display", e.StatusDisplay, m)
	checkString(t, name, "created_by", e.CreatedBy, m)
	checkString(t, name, "tenant_name", e.TenantName, m)
	checkString(t, name, "visibility", e.Visibility, m)
	checkString(t, name, "resource_availability", e.ResourceAvailability, m)
	checkNullableString(t, name, "deployment_id", e.DeploymentID, m)
	checkNullableString(t, name, "deployment_display_name", e.DeploymentDisplayName, m)
	checkNullableString(t, name, "blueprint_id", e.BlueprintID, m)
	checkNullableString(t, name, "error", e.Error, m)
	_, hasCreated := m["created_at"]
	checkTime(t, name, "created_at", e.CreatedAt, hasCreated, hasCreated, m)
	checkTime(t, name, "started_at", e.StartedAt.Value, e.StartedAt.Present, e.StartedAt.Valid, m)
	checkTime(t, name, "ended_at", e.EndedAt.Value, e.EndedAt.Present, e.EndedAt.Valid, m)
	checkTime(t, name, "scheduled_for", e.ScheduledFor.Value, e.ScheduledFor.Present, e.ScheduledFor.Valid, m)
	for key, got := range map[string]bool{"private_resource": e.PrivateResource, "is_system_workflow": e.IsSystemWorkflow,
		"is_dry_run": e.IsDryRun, "resume": e.Resume, "allow_custom_parameters": e.AllowCustomParameters} {
		if v, ok := m[key]; ok && v != got {
			t.Errorf("%s: %s = %v, recorded %v", name, key, got, v)
		}
	}
	for key, got := range map[string]int{"total_operations": e.TotalOperations, "finished_operations": e.FinishedOperations} {
		if v, ok := m[key]; ok && v != float64(got) {
			t.Errorf("%s: %s = %v, recorded %v", name, key, got, v)
		}
	}
	if v, ok := m["parameters"]; ok {
		var got any
		if err := json.Unmarshal(e.Parameters, &got); err != nil || !reflect.DeepEqual(got, v) {
			t.Errorf("%s: parameters %s, recorded %v", name, e.Parameters, v)
		}
	}
	if s, ok := m["status"].(string); ok {
		if !Status(s).Known() {
			t.Errorf("%s: recorded status %q unknown to Status", name, s)
		}
		if d, ok := m["status_display"]; ok && Status(s).Display() != d {
			t.Errorf("%s: Display() of %s = %q, recorded %v", name, s, Status(s).Display(), d)
		}
	}
}

func checkDeployment(t *testing.T, name string, d *Deployment, m map[string]any) {
	t.Helper()
	checkString(t, name, "id", d.ID, m)
	checkString(t, name, "display_name", d.DisplayName, m)
	checkString(t, name, "blueprint_id", d.BlueprintID, m)
	checkString(t, name, "tenant_name", d.TenantName, m)
	checkString(t, name, "installation_status", d.InstallationStatus, m)
	checkString(t, name, "deployment_status", d.DeploymentStatus, m)
	checkNullableString(t, name, "latest_execution", d.LatestExecution, m)
	checkNullableString(t, name, "latest_execution_status", d.LatestExecutionStatus, m)
	checkNullableString(t, name, "site_name", d.SiteName, m)
	raw, ok := m["workflows"].([]any)
	if !ok {
		return
	}
	var real []map[string]any
	for _, w := range raw {
		wm := w.(map[string]any)
		if wm["name"] != nil {
			real = append(real, wm)
		}
	}
	if len(d.Workflows) != len(real) {
		t.Fatalf("%s: %d workflows kept, want %d (placeholders dropped)", name, len(d.Workflows), len(real))
	}
	for i, wm := range real {
		w := d.Workflows[i]
		if w.Name != wm["name"] || w.Plugin != wm["plugin"] || w.Operation != wm["operation"] {
			t.Errorf("%s: workflow %d = %s/%s/%s, recorded %v", name, i, w.Name, w.Plugin, w.Operation, wm)
		}
		params, _ := wm["parameters"].(map[string]any)
		if len(w.Parameters) != len(params) {
			t.Errorf("%s: workflow %s has %d parameters, recorded %d", name, w.Name, len(w.Parameters), len(params))
		}
		for _, p := range w.Parameters {
			schema, ok := params[p.Name].(map[string]any)
			if !ok {
				t.Errorf("%s: workflow %s: unknown parameter %q", name, w.Name, p.Name)
				continue
			}
			def, hasDef := schema["default"]
			if p.HasDefault() != hasDef {
				t.Errorf("%s: %s.%s HasDefault %v", name, w.Name, p.Name, p.HasDefault())
			}
			if hasDef {
				var got any
				if err := json.Unmarshal(p.Default, &got); err != nil || !reflect.DeepEqual(got, def) {
					t.Errorf("%s: %s.%s default %s, recorded %v", name, w.Name, p.Name, p.Default, def)
				}
			}
			if typ, _ := schema["type"].(string); p.Type != typ {
				t.Errorf("%s: %s.%s type %q, recorded %q", name, w.Name, p.Name, p.Type, typ)
			}
			if desc, _ := schema["description"].(string); p.Description != desc {
				t.Errorf("%s: %s.%s description differs", name, w.Name, p.Name)
			}
		}
	}
}

func checkEvent(t *testing.T, name string, e *Event, m map[string]any) {
	t.Helper()
	checkString(t, name, "message", e.Message, m)
	checkString(t, name, "type", e.Type, m)
	checkString(t, name, "event_type", e.EventType, m)
	checkString(t, name, "level", e.Level, m)
	checkString(t, name, "logger", e.Logger, m)
	checkNullableString(t, name, "execution_id", e.ExecutionID, m)
	checkNullableString(t, name, "deployment_id", e.DeploymentID, m)
	checkNullableString(t, name, "deployment_display_name", e.DeploymentDisplayName, m)
	checkNullableString(t, name, "operation", e.Operation, m)
	checkNullableString(t, name, "node_instance_id", e.NodeInstanceID, m)
	checkNullableString(t, name, "node_name", e.NodeName, m)
	checkNullableString(t, name, "agent_name", e.AgentName, m)
	checkTime(t, name, "timestamp", e.Timestamp, true, true, m)
	checkTime(t, name, "reported_timestamp", e.ReportedTimestamp, true, true, m)
	if float64(e.StorageID) != m["_storage_id"] {
		t.Errorf("%s: _storage_id %d, recorded %v", name, e.StorageID, m["_storage_id"])
	}
	if e.IsLog() != (m["type"] == EventTypeLog) {
		t.Errorf("%s: IsLog %v for type %v", name, e.IsLog(), m["type"])
	}
	switch ec := m["error_causes"].(type) {
	case nil:
		if e.ErrorCauses != nil {
			t.Errorf("%s: error_causes null decoded as %v", name, e.ErrorCauses)
		}
	case string:
		var want []ErrorCause
		if err := json.Unmarshal([]byte(ec), &want); err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || !reflect.DeepEqual([]ErrorCause(e.ErrorCauses), want) {
			t.Errorf("%s: error_causes string decoded as %+v, want %+v", name, e.ErrorCauses, want)
		}
	default:
		t.Errorf("%s: unexpected error_causes %T", name, ec)
	}
}

// TestWireEventsErrorCausesString pins the corpus quirk: the task_failed
// event's error_causes is a JSON string holding the list.
func TestWireEventsErrorCausesString(t *testing.T) {
	all := loadWire(t)
	x := fixture(t, all, "events-list-execution")
	var page struct {
		Items []Event `json:"items"`
	}
	if err := json.NewDecoder(bytes.NewReader(x.Response.Body)).Decode(&page); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range page.Items {
		if e.EventType == "task_failed" {
			found = true
			if len(e.ErrorCauses) != 1 || e.ErrorCauses[0].Type != "RuntimeError" ||
				e.ErrorCauses[0].Message != "port 8080 already in use" ||
				!strings.Contains(e.ErrorCauses[0].Traceback, "bind(8080)") {
				t.Errorf("task_failed causes %+v", e.ErrorCauses)
			}
		}
	}
	if !found {
		t.Fatal("no task_failed event in the corpus")
	}
}
