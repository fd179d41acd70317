// Package client is cfytop's REST client for a Cloudify Manager (API v3.1).
//
// Every operation takes a context, sends the Tenant header and the
// credentials, and returns a *Error for every failure. GET requests are
// retried a bounded number of times on connection errors and 502/503/504;
// POST and PATCH requests are never retried.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
)

// Defaults for Config's zero values.
const (
	DefaultTimeout    = 30 * time.Second
	DefaultMaxRetries = 2
	// DefaultEventsPageSize is the page of ListEvents when EventsOptions.Size is 0.
	DefaultEventsPageSize = 1000

	apiPrefix = "/api/v3.1"

	// maxSuccessBody bounds a successful answer; maxErrorBody an error answer.
	maxSuccessBody = 64 << 20
	maxErrorBody   = 64 << 10

	defaultBackoff = 250 * time.Millisecond
	maxBackoff     = 2 * time.Second
)

// Config says how to reach a manager. Its String, GoString, Format,
// LogValue and MarshalJSON methods mask Password and Token.
type Config struct {
	URL              string        // "https://host:443" or "http://host:80": scheme, host and port, no /api path
	Tenant           string        // sent as the Tenant header on every request (omitted when empty)
	Username         string        // HTTP Basic auth ...
	Password         string        //
	Token            string        // ... or Authentication-Token (wins when set)
	CACertFile       string        // extra CA certificates (PEM) on top of the system pool
	Insecure         bool          // skip TLS verification (only when explicitly asked)
	Timeout          time.Duration // per request; 0 = DefaultTimeout, < 0 = only the caller's context
	UserAgentVersion string        // User-Agent: cfytop/<version>
	MaxRetries       int           // GET retries on connection errors and 502/503/504; 0 = DefaultMaxRetries, < 0 = none
	HTTPClient       *http.Client  // optional; when set, CACertFile and Insecure are not applied
}

func maskSecret(s string) string {
	if s == "" {
		return `""`
	}
	return `"***"`
}

// String describes the configuration with the secrets masked.
func (c Config) String() string {
	hc := "nil"
	if c.HTTPClient != nil {
		hc = "set"
	}
	return fmt.Sprintf("client.Config{URL:%q, Tenant:%q, Username:%q, Password:%s, Token:%s, CACertFile:%q, "+
		"Insecure:%t, Timeout:%s, UserAgentVersion:%q, MaxRetries:%d, HTTPClient:%s}",
		redactURL(c.URL), c.Tenant, c.Username, maskSecret(c.Password), maskSecret(c.Token), c.CACertFile,
		c.Insecure, c.Timeout, c.UserAgentVersion, c.MaxRetries, hc)
}

// GoString is String: %#v must not print the secrets either.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb (%v, %+v, %#v, %s, %q...).
func (c Config) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue keeps the secrets out of structured logs.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON writes the configuration with the secrets masked.
func (c Config) MarshalJSON() ([]byte, error) {
	type masked struct {
		URL, Tenant, Username, Password, Token, CACertFile string
		Insecure                                           bool
		Timeout                                            string
		UserAgentVersion                                   string
		MaxRetries                                         int
	}
	m := masked{URL: redactURL(c.URL), Tenant: c.Tenant, Username: c.Username, CACertFile: c.CACertFile,
		Insecure: c.Insecure, Timeout: c.Timeout.String(), UserAgentVersion: c.UserAgentVersion, MaxRetries: c.MaxRetries}
	if c.Password != "" {
		m.Password = "***"
	}
	if c.Token != "" {
		m.Token = "***"
	}
	return json.Marshal(m)
}

// redactURL drops any user:password@ part of a URL.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if i := strings.LastIndex(raw, "@"); i >= 0 {
			if j := strings.Index(raw, "://"); j >= 0 && j < i {
				return raw[:j+3] + "***@" + raw[i+1:]
			}
			return "***@" + raw[i+1:]
		}
		return raw
	}
	if u.User != nil {
		u.User = nil
		return u.String()
	}
	return raw
}

// secret holds a credential; it never prints itself.
type secret string

func (secret) String() string               { return "***" }
func (secret) GoString() string             { return `"***"` }
func (secret) Format(f fmt.State, _ rune)   { _, _ = io.WriteString(f, "***") }
func (secret) MarshalJSON() ([]byte, error) { return []byte(`"***"`), nil }
func (s secret) reveal() string             { return string(s) }

// credentials are the user's; they never print themselves.
type credentials struct {
	username string
	password secret
	token    secret
	redactor *redactor
}

// Client talks to one manager as one user in one tenant. It is safe for
// concurrent use.
type Client struct {
	base       string // scheme://host[:port][/prefix], no trailing slash, no credentials
	tenant     string
	creds      *credentials // behind a pointer: a reflective dump shows an address only
	userAgent  string
	timeout    time.Duration
	retries    int
	hc         *http.Client
	maxBody    int64
	maxErrBody int64
	backoff    time.Duration
	bufs       chan *bytes.Buffer // body buffers kept between requests
}

// String describes the client without its secrets. (Value receivers, so
// that printing a Client value is as safe as printing a pointer.)
func (c Client) String() string {
	auth := "none"
	switch {
	case c.creds == nil:
	case c.creds.token != "":
		auth = "token"
	case c.creds.username != "":
		auth = "basic " + strconv.Quote(c.creds.username)
	}
	return fmt.Sprintf("client.Client{URL:%q, Tenant:%q, Auth:%s, Timeout:%s, MaxRetries:%d}",
		c.base, c.tenant, auth, c.timeout, c.retries)
}

// GoString is String.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb.
func (c Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue keeps the secrets out of structured logs.
func (c Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// URLFrom builds a manager URL from a cfy profile's protocol, host and port.
// The protocol defaults to http (https when the port is 443); the port to 80
// for http and 443 for https.
func URLFrom(protocol, host string, port int) string {
	protocol = strings.ToLower(strings.TrimSpace(protocol))
	if protocol == "" {
		protocol = "http"
		if port == 443 {
			protocol = "https"
		}
	}
	if port <= 0 {
		port = 80
		if protocol == "https" {
			port = 443
		}
	}
	host = strings.TrimSpace(host)
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return protocol + "://" + net.JoinHostPort(host, strconv.Itoa(port))
}

// New checks the configuration and builds a client. It does not contact the
// manager.
func New(cfg Config) (*Client, error) {
	raw := strings.TrimSpace(cfg.URL)
	if raw == "" {
		return nil, configError("no manager address is set; give one such as https://10.0.0.5:443")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		if !strings.Contains(raw, "://") {
			return nil, configError(fmt.Sprintf("the manager address %q has no scheme; use http://%s or https://%s",
				redactURL(raw), redactURL(raw), redactURL(raw)))
		}
		return nil, configError(fmt.Sprintf("the manager address %q is not a valid URL", redactURL(raw)))
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, configError(fmt.Sprintf("the manager address %q must start with http:// or https://", redactURL(raw)))
	}
	if u.User != nil {
		if cfg.Username == "" && cfg.Token == "" {
			cfg.Username = u.User.Username()
			cfg.Password, _ = u.User.Password()
		}
		u.User = nil
	}
	if u.Port() != "" {
		if p, err := strconv.Atoi(u.Port()); err != nil || p <= 0 || p > 65535 {
			return nil, configError(fmt.Sprintf("the manager address %q has an invalid port", u.String()))
		}
	}
	path := strings.TrimRight(u.Path, "/")
	for _, suffix := range []string{"/api/v3.1", "/api/v3", "/api"} {
		path = strings.TrimSuffix(path, suffix)
	}
	base := u.Scheme + "://" + u.Host + path

	if err := ValidTenant(cfg.Tenant); err != nil {
		return nil, configError(fmt.Sprintf("the tenant name %s; give the tenant's real name (--tenant, CLOUDIFY_TENANT or tenant: in the config file)", err))
	}
	for name, v := range map[string]string{"username": cfg.Username,
		"password": cfg.Password, "token": cfg.Token} {
		if hasControl(v) {
			return nil, configError(fmt.Sprintf("the %s contains control characters", name))
		}
	}
	if strings.Contains(cfg.Username, ":") {
		return nil, configError("the username must not contain ':' (HTTP Basic authentication cannot carry it)")
	}

	c := &Client{
		base:   base,
		tenant: cfg.Tenant,
		creds: &credentials{username: cfg.Username, password: secret(cfg.Password), token: secret(cfg.Token),
			redactor: newRedactor(cfg.Username, cfg.Password, cfg.Token)},
		timeout:    cfg.Timeout,
		retries:    cfg.MaxRetries,
		maxBody:    maxSuccessBody,
		maxErrBody: maxErrorBody,
		backoff:    defaultBackoff,
		bufs:       make(chan *bytes.Buffer, bodyBuffers),
	}
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	if c.retries == 0 {
		c.retries = DefaultMaxRetries
	} else if c.retries < 0 {
		c.retries = 0
	}
	v := strings.TrimSpace(cfg.UserAgentVersion)
	if v == "" || hasControl(v) {
		v = "dev"
	}
	c.userAgent = "cfytop/" + v

	if cfg.HTTPClient != nil {
		hc := *cfg.HTTPClient
		hc.CheckRedirect = noRedirects
		c.hc = &hc
		return c, nil
	}
	tr, err := newTransport(cfg)
	if err != nil {
		return nil, err
	}
	c.hc = &http.Client{Transport: tr, CheckRedirect: noRedirects}
	return c, nil
}

// noRedirects makes a redirect an answer of its own: following it could send
// the credentials elsewhere or turn a POST into a GET.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func newTransport(cfg Config) (*http.Transport, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.CACertFile != "" {
		pem, err := os.ReadFile(cfg.CACertFile)
		if err != nil {
			return nil, configError(fmt.Sprintf("cannot read the CA certificate file %s: %s", cfg.CACertFile, osReason(err)))
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, configError(fmt.Sprintf("the CA certificate file %s holds no PEM certificate", cfg.CACertFile))
		}
		tlsCfg.RootCAs = pool
	}
	if cfg.Insecure {
		tlsCfg.InsecureSkipVerify = true
	}
	tr.TLSClientConfig = tlsCfg
	return tr, nil
}

func osReason(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "no such file"
	case errors.Is(err, os.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// BaseURL is the manager's address as requests use it, without credentials,
// e.g. http://127.0.0.1:8100.
func (c *Client) BaseURL() string { return c.base }

// Tenant is the tenant sent with every request.
func (c *Client) Tenant() string { return c.tenant }

// request describes one API call.
type request struct {
	method      string
	path        string // under /api/v3.1, or the full path when unversioned
	unversioned bool
	query       url.Values
	body        any          // JSON-encoded; nil = no body
	want        int          // the success status
	sent        *atomic.Bool // set once the current attempt's headers are written
}

func (r *request) url(base string) string {
	u := base
	if !r.unversioned {
		u += apiPrefix
	}
	u += r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	return u
}

// do runs the request, retrying GETs, and hands the successful body to
// decode. decode must reset whatever it fills: it may run once per attempt.
func (c *Client) do(ctx context.Context, r request, decode func(*json.Decoder) error) error {
	return c.run(ctx, r, bodyDecoder{stream: decode})
}

// doWhole is do for decoders that want the whole (bounded) body in memory.
// decode must not keep the slice it is given: the buffer is reused.
func (c *Client) doWhole(ctx context.Context, r request, decode func([]byte) error) error {
	return c.run(ctx, r, bodyDecoder{whole: decode})
}

// bodyDecoder reads a successful answer: from the stream, or from the
// whole body once read.
type bodyDecoder struct {
	stream func(*json.Decoder) error
	whole  func([]byte) error
}

func (c *Client) run(ctx context.Context, r request, decode bodyDecoder) error {
	if ctx == nil {
		ctx = context.Background()
	}
	var payload []byte
	if r.body != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r.body); err != nil {
			e := c.newError(&r)
			e.Kind, e.local, e.Err = KindBadParameters, true, err
			e.Message = "the request body cannot be encoded as JSON: " + err.Error()
			return e
		}
		payload = bytes.TrimRight(buf.Bytes(), "\n")
	}
	attempts := 1
	if r.method == http.MethodGet {
		attempts += c.retries
	}
	for i := 0; ; i++ {
		err := c.attempt(ctx, &r, payload, decode)
		if err == nil {
			return nil
		}
		if i+1 >= attempts || !err.retry || ctx.Err() != nil {
			return err
		}
		wait := c.backoff << i
		if wait > maxBackoff {
			wait = maxBackoff
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

func (c *Client) attempt(ctx context.Context, r *request, payload []byte, decode bodyDecoder) *Error {
	actx := ctx
	if c.timeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	tenant, fromCall := tenantFor(ctx, c.tenant)
	if err := ValidTenant(tenant); err != nil {
		// Go would refuse the header itself, as a transport error that
		// looks worth retrying; it never is.
		who := "the tenant name"
		if fromCall {
			who = "this execution's tenant name"
		}
		e := c.localError(KindInvalidTenant, fmt.Sprintf("%s is not valid: %s; cfytop cannot speak for that tenant, so nothing was sent", who, err))
		e.Method, e.URL = r.method, r.url(c.base)
		return e
	}
	req, err := http.NewRequestWithContext(actx, r.method, r.url(c.base), body)
	if err != nil {
		e := c.newError(r)
		e.Kind, e.local, e.Err = KindBadParameters, true, err
		e.Message = "cannot build the request: " + c.redact(err.Error())
		return e
	}
	r.sent = new(atomic.Bool)
	sent := r.sent
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		WroteHeaders: func() { sent.Store(true) },
	}))
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tenant != "" {
		req.Header.Set("Tenant", tenant)
	}
	switch {
	case c.creds.token != "":
		req.Header.Set("Authentication-Token", c.creds.token.reveal())
	case c.creds.username != "":
		req.SetBasicAuth(c.creds.username, c.creds.password.reveal())
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return c.transportError(ctx, actx, r, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != r.want {
		return c.statusError(ctx, actx, r, resp)
	}
	if err := c.decodeBody(ctx, actx, r, resp, decode); err != nil {
		if err.Kind == KindUndecodable {
			err.StatusCode = resp.StatusCode
		}
		return err
	}
	// Let the connection be reused: drain a little of what may remain.
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	return nil
}

// redact cleans text from the manager (scrub) and then hides every form
// of the credentials in it.
func (c *Client) redact(s string) string {
	return c.creds.redactor.redact(scrub(s))
}

// checkID refuses IDs that would change the meaning of a path.
func (c *Client) checkID(what, id string) error {
	if strings.TrimSpace(id) == "" || id == "." || id == ".." {
		return c.localError(KindBadParameters, fmt.Sprintf("no %s ID was given", what))
	}
	return nil
}

func (c *Client) localError(kind ErrorKind, msg string) *Error {
	return &Error{Kind: kind, Message: msg, local: true, server: c.base}
}

func includeQuery(q url.Values, include []string) {
	if len(include) > 0 {
		q.Set("_include", strings.Join(include, ","))
	}
}

// SizeZero asks ListExecutionsOptions or ListDeploymentsOptions for an empty
// page (_size=0: only the total). Any negative Size does the same.
const SizeZero = -1

func pageQuery(q url.Values, size, offset int) {
	switch {
	case size > 0:
		q.Set("_size", strconv.Itoa(size))
	case size < 0:
		q.Set("_size", "0")
	}
	if offset > 0 {
		q.Set("_offset", strconv.Itoa(offset))
	}
}

// ListExecutions is GET /executions with the options as its query.
func (c *Client) ListExecutions(ctx context.Context, o ListExecutionsOptions) (*ExecutionPage, error) {
	q := url.Values{}
	includeQuery(q, o.Include)
	for _, s := range o.Sort {
		if s != "" {
			q.Add("_sort", s)
		}
	}
	pageQuery(q, o.Size, o.Offset)
	if o.GetAllResults {
		q.Set("_get_all_results", "true")
	}
	if o.IncludeSystemWorkflows {
		q.Set("_include_system_workflows", "true")
	}
	if o.AllTenants {
		q.Set("_all_tenants", "true")
	}
	for k, vs := range o.Filters {
		for _, v := range vs {
			q.Add(k, v)
		}
	}
	var page ExecutionPage
	err := c.doWhole(ctx, request{method: http.MethodGet, path: "/executions", query: q, want: http.StatusOK},
		func(b []byte) error {
			page = ExecutionPage{}
			if decodeExecutionListFast(b, &page) {
				return nil
			}
			page = ExecutionPage{}
			return decodeList(json.NewDecoder(bytes.NewReader(b)), &page.Pagination, &page.Items, page.skip)
		})
	if err != nil {
		return nil, err
	}
	if page.SkipReason != "" {
		// It may quote the manager's text (a value that could not be read).
		page.SkipReason = c.redact(page.SkipReason)
	}
	return &page, nil
}

// GetExecution is GET /executions/{id}, optionally with _include.
func (c *Client) GetExecution(ctx context.Context, id string, include ...string) (*Execution, error) {
	if err := c.checkID("execution", id); err != nil {
		return nil, err
	}
	q := url.Values{}
	includeQuery(q, include)
	return callOne[Execution](ctx, c, request{method: http.MethodGet, path: "/executions/" + url.PathEscape(id), query: q, want: http.StatusOK})
}

// startBody is the JSON of POST /executions: real booleans, unset ones left
// out. It has StartRequest's fields, so that a conversion keeps them in step.
type startBody struct {
	DeploymentID          string         `json:"deployment_id"`
	WorkflowID            string         `json:"workflow_id"`
	Parameters            map[string]any `json:"parameters,omitempty"`
	AllowCustomParameters bool           `json:"allow_custom_parameters,omitempty"`
	Force                 bool           `json:"force,omitempty"`
	DryRun                bool           `json:"dry_run,omitempty"`
	Queue                 bool           `json:"queue,omitempty"`
}

// StartExecution is POST /executions (expects 201). It is never retried.
func (c *Client) StartExecution(ctx context.Context, r StartRequest) (*Execution, error) {
	if strings.TrimSpace(r.DeploymentID) == "" {
		return nil, c.localError(KindBadParameters, "no deployment was given for the new execution")
	}
	if strings.TrimSpace(r.WorkflowID) == "" {
		return nil, c.localError(KindBadParameters, "no workflow was given for the new execution")
	}
	return c.executionCall(ctx, request{method: http.MethodPost, path: "/executions", body: startBody(r), want: http.StatusCreated})
}

type actionBody struct {
	Action string `json:"action"`
}

// CancelExecution is POST /executions/{id} with action cancel, force-cancel
// or kill. It is never retried.
func (c *Client) CancelExecution(ctx context.Context, id string, a CancelAction) (*Execution, error) {
	if err := c.checkID("execution", id); err != nil {
		return nil, err
	}
	switch a {
	case ActionCancel, ActionForceCancel, ActionKill:
	default:
		return nil, c.localError(KindBadParameters, fmt.Sprintf("unknown cancel action %q (use cancel, force-cancel or kill)", sanitize(string(a), 40)))
	}
	return c.executionCall(ctx, request{method: http.MethodPost, path: "/executions/" + url.PathEscape(id),
		body: actionBody{Action: string(a)}, want: http.StatusOK})
}

// ResumeExecution is POST /executions/{id} with action resume, or
// force-resume when force is set. It is never retried.
func (c *Client) ResumeExecution(ctx context.Context, id string, force bool) (*Execution, error) {
	if err := c.checkID("execution", id); err != nil {
		return nil, err
	}
	action := "resume"
	if force {
		action = "force-resume"
	}
	return c.executionCall(ctx, request{method: http.MethodPost, path: "/executions/" + url.PathEscape(id),
		body: actionBody{Action: action}, want: http.StatusOK})
}

type patchBody struct {
	Status Status `json:"status"`
	Error  string `json:"error,omitempty"`
}

// UpdateExecutionStatus is PATCH /executions/{id}: the new status, and the
// error text when not empty. It is never retried.
func (c *Client) UpdateExecutionStatus(ctx context.Context, id string, s Status, errorText string) (*Execution, error) {
	if err := c.checkID("execution", id); err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(s)) == "" {
		return nil, c.localError(KindBadParameters, "no status was given for the update")
	}
	return c.executionCall(ctx, request{method: http.MethodPatch, path: "/executions/" + url.PathEscape(id),
		body: patchBody{Status: s, Error: errorText}, want: http.StatusOK})
}

func (c *Client) executionCall(ctx context.Context, r request) (*Execution, error) {
	return callOne[Execution](ctx, c, r)
}

// callOne makes r and decodes its answer as one T (afresh on each attempt:
// a request sent again starts from an empty value).
func callOne[T any](ctx context.Context, c *Client, r request) (*T, error) {
	var v T
	if err := c.do(ctx, r, func(d *json.Decoder) error { v = *new(T); return d.Decode(&v) }); err != nil {
		return nil, err
	}
	return &v, nil
}

// ListDeployments is GET /deployments, always with _get_data=true (without
// it the manager sends placeholder workflows).
func (c *Client) ListDeployments(ctx context.Context, o ListDeploymentsOptions) (*DeploymentPage, error) {
	q := url.Values{}
	q.Set("_get_data", "true")
	includeQuery(q, o.Include)
	for _, s := range o.Sort {
		if s != "" {
			q.Add("_sort", s)
		}
	}
	pageQuery(q, o.Size, o.Offset)
	if o.Search != "" {
		q.Set("_search", o.Search)
	}
	if o.AllTenants {
		q.Set("_all_tenants", "true")
	}
	var page DeploymentPage
	err := c.do(ctx, request{method: http.MethodGet, path: "/deployments", query: q, want: http.StatusOK},
		func(d *json.Decoder) error {
			page = DeploymentPage{}
			return decodeList(d, &page.Pagination, &page.Items, nil)
		})
	if err != nil {
		return nil, err
	}
	return &page, nil
}

// GetDeployment is GET /deployments/{id}.
func (c *Client) GetDeployment(ctx context.Context, id string) (*Deployment, error) {
	if err := c.checkID("deployment", id); err != nil {
		return nil, err
	}
	return callOne[Deployment](ctx, c, request{method: http.MethodGet, path: "/deployments/" + url.PathEscape(id), want: http.StatusOK})
}

// ListEvents is one page of the events (and logs, when asked) of one
// execution, in the manager's stable reported_timestamp order.
func (c *Client) ListEvents(ctx context.Context, o EventsOptions) (*EventPage, error) {
	if err := c.checkID("execution", o.ExecutionID); err != nil {
		return nil, err
	}
	q := EventsQuery{ExecutionIDs: []string{o.ExecutionID}, Types: []string{EventTypeEvent}, Offset: max(o.Offset, 0), Size: o.Size}
	if o.IncludeLogs {
		q.Types = append(q.Types, EventTypeLog)
	}
	if o.Newest {
		q.Sort = []string{"-reported_timestamp"}
	}
	return c.QueryEvents(ctx, q)
}

// Version is GET /api/version (unversioned).
func (c *Client) Version(ctx context.Context) (*Version, error) {
	return callOne[Version](ctx, c, request{method: http.MethodGet, path: "/api/version", unversioned: true, want: http.StatusOK})
}

// Status is GET /status.
func (c *Client) Status(ctx context.Context) (*ManagerStatus, error) {
	return callOne[ManagerStatus](ctx, c, request{method: http.MethodGet, path: "/status", want: http.StatusOK})
}

// Tenants is GET /tenants: the tenants the user may see.
func (c *Client) Tenants(ctx context.Context) ([]Tenant, error) {
	var items []Tenant
	var pg Pagination
	err := c.do(ctx, request{method: http.MethodGet, path: "/tenants", want: http.StatusOK},
		func(d *json.Decoder) error { items = nil; return decodeList(d, &pg, &items, nil) })
	if err != nil {
		return nil, err
	}
	return items, nil
}

type tenantKey struct{}

// WithTenant makes the requests made with ctx speak for tenant instead of
// the client's own: what a view of all tenants needs to read or act on an
// execution of another tenant. An empty tenant changes nothing.
func WithTenant(ctx context.Context, tenant string) context.Context {
	if tenant == "" {
		return ctx
	}
	return context.WithValue(ctx, tenantKey{}, tenant)
}

// tenantFor is the tenant a request speaks for, and whether it came from
// the call (WithTenant) rather than the client.
func tenantFor(ctx context.Context, fallback string) (string, bool) {
	if t, ok := ctx.Value(tenantKey{}).(string); ok && t != "" {
		return t, true
	}
	return fallback, false
}

// MaxTenantLen bounds a tenant name: Cloudify's own names are far shorter,
// and proxies refuse large headers (431) long before the manager sees them.
const MaxTenantLen = 256

// ValidTenant reports why name cannot be sent as the Tenant header, or nil
// when it can ("" means no header). A name with control characters (CR, LF,
// NUL, DEL...), white space at either end (HTTP would drop it, so another
// tenant would be asked), invalid UTF-8 or more than MaxTenantLen bytes is
// refused. The dashboard uses it to decide not to offer actions on an
// execution whose tenant_name fails it.
func ValidTenant(name string) error {
	switch {
	case name == "":
		return nil
	case len(name) > MaxTenantLen:
		return fmt.Errorf("is %d bytes long, more than the %d a tenant name can have", len(name), MaxTenantLen)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Errorf("%s contains control characters", strconv.Quote(sanitize(name, 40)))
	case !utf8.ValidString(name):
		return fmt.Errorf("%s is not valid UTF-8", strconv.Quote(sanitize(name, 40)))
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("%q begins or ends with white space, which HTTP would drop", name)
	}
	return nil
}
