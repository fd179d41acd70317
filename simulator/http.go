package simulator

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
)

const notFoundHTML = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n"

const methodNotAllowedHTML = "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n"

// apiError is a manager error answer.
type apiError struct {
	status  int
	code    string
	message string
	// noTraceback drops the server_traceback key (pydantic validation errors).
	noTraceback bool
	traceback   string
	// html is sent as the body (text/html) instead of the JSON error
	html string
}

func errf(status int, code, msg string) *apiError {
	return &apiError{status: status, code: code, message: msg}
}

func badParams(msg string) *apiError { return errf(400, "bad_parameters_error", msg) }

func (e *apiError) body() []byte {
	if e.noTraceback {
		b, _ := json.Marshal(struct {
			Message   string `json:"message"`
			ErrorCode string `json:"error_code"`
		}{e.message, e.code})
		return b
	}
	var tb *string
	if e.traceback != "" {
		tb = &e.traceback
	}
	b, _ := json.Marshal(struct {
		Message   string  `json:"message"`
		ErrorCode string  `json:"error_code"`
		Traceback *string `json:"server_traceback"`
	}{e.message, e.code, tb})
	return b
}

// request is what a route handler gets.
type request struct {
	r      *http.Request
	q      query
	parts  []string // path after the version prefix, split on "/"
	v31    bool
	user   string
	tenant int // -1: none given
	all    bool
	// rawBody is the JSON body read by readJSONBody.
	rawBody []byte
	// rows is the number of items a list answer serialised (wire
	// accounting); handlers of lists set it.
	rows int
}

type route struct {
	methods string // space separated
	// v31methods are served under /api/v3.1 only
	v31methods string
	auth       bool
	tenant     bool // tenant-scoped: needs a Tenant header unless _all_tenants=true
	v31only    bool
	handler    func(*request) (int, []byte, *apiError)
	maintOpen  bool // still served in maintenance mode
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64 // body bytes written
	rows   int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = 200
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (hijacking).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Simulator) newHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		s.serve(sw, r)
		st := sw.status
		if st == 0 {
			st = -1 // dropped connection
		}
		s.logRequest(Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Status: st,
			BodyBytes: sw.bytes, Rows: sw.rows})
	})
}

func writeBody(w http.ResponseWriter, status int, ctype string, body []byte) {
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	if e.html != "" {
		writeBody(w, e.status, "text/html; charset=utf-8", []byte(e.html))
		return
	}
	writeBody(w, e.status, "application/json", e.body())
}

// lookupRoute maps a path to its route; ok=false means 404.
func (s *Simulator) lookupRoute(path string) (rt *route, parts []string, v31 bool, ok bool) {
	if path == "/api/version" {
		return &routeVersion, nil, true, true
	}
	var rest string
	switch {
	case strings.HasPrefix(path, "/api/v3.1/"):
		rest, v31 = path[len("/api/v3.1/"):], true
	case strings.HasPrefix(path, "/api/v3/"):
		rest = path[len("/api/v3/"):]
	default:
		return nil, nil, false, false
	}
	parts = strings.Split(rest, "/")
	for _, p := range parts {
		if p == "" {
			return nil, nil, false, false
		}
	}
	rt = s.routeFor(parts)
	if rt == nil || (rt.v31only && !v31) {
		return nil, nil, false, false
	}
	return rt, parts, v31, true
}

func (s *Simulator) serve(w http.ResponseWriter, r *http.Request) {
	if s.applyFaults(w, r) {
		return
	}
	rt, parts, v31, ok := s.lookupRoute(r.URL.Path)
	if !ok {
		writeBody(w, 404, "text/html; charset=utf-8", []byte(notFoundHTML))
		return
	}
	methods := rt.methods
	if v31 && rt.v31methods != "" {
		methods += " " + rt.v31methods
	}
	if !strings.Contains(" "+methods+" ", " "+r.Method+" ") {
		writeBody(w, 405, "text/html; charset=utf-8", []byte(methodNotAllowedHTML))
		return
	}
	if s.maintenance() && !rt.maintOpen {
		writeAPIError(w, &apiError{status: 503, code: "maintenance_mode_active",
			message: "Your request was rejected since Cloudify manager is currently in maintenance mode"})
		return
	}
	req := &request{r: r, q: parseQuery(r.URL.RawQuery), parts: parts, v31: v31, tenant: -1}
	if rt.auth {
		user, msg := s.authenticate(r)
		if msg != "" {
			writeAPIError(w, errf(401, "unauthorized_error", "User unauthorized: "+msg))
			return
		}
		req.user = user
		if e := s.resolveTenant(req, rt.tenant); e != nil {
			writeAPIError(w, e)
			return
		}
	}
	status, body, apiErr := rt.handler(req)
	if apiErr != nil {
		writeAPIError(w, apiErr)
		return
	}
	if sw, ok := w.(*statusWriter); ok {
		sw.rows = req.rows
	}
	writeBody(w, status, "application/json", body)
}

func (s *Simulator) authenticate(r *http.Request) (user, errMsg string) {
	if tok := r.Header.Get("Authentication-Token"); tok != "" {
		return s.checkToken(tok)
	}
	h := r.Header.Get("Authorization")
	if len(h) > 6 && strings.EqualFold(h[:6], "basic ") {
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(h[6:]))
		if err != nil {
			return "", "No authentication info provided"
		}
		name, pass, _ := strings.Cut(string(raw), ":")
		if name == "" || !isASCIILetter(name[0]) {
			return "", "No authentication info provided"
		}
		s.mu.RLock()
		want, known := s.users[name]
		s.mu.RUnlock()
		if !known {
			return "", "No authentication info provided"
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(pass)) != 1 {
			return "", "Authentication failed for <User username=`" + name + "`>. Wrong credentials or locked account"
		}
		return name, ""
	}
	return "", "No authentication info provided"
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func (s *Simulator) resolveTenant(req *request, scoped bool) *apiError {
	if v, ok := req.q.last("_all_tenants"); ok {
		b, e := parseBoolParam("_all_tenants", v)
		if e != nil {
			return e
		}
		req.all = b
	}
	name := req.r.Header.Get("Tenant")
	if name == "" {
		if scoped && !req.all {
			return errf(403, "forbidden_error", "Authorization failed: tenant not provided")
		}
		return nil
	}
	s.mu.RLock()
	idx, ok := s.tenantIdx[name]
	s.mu.RUnlock()
	if !ok {
		return errf(403, "forbidden_error", "Authorization failed: Tried to authenticate with invalid tenant name: "+name)
	}
	req.tenant = int(idx)
	return nil
}

// visible reports whether a resource of tenant t is seen by the request.
func (req *request) visible(t uint8) bool {
	return req.all || req.tenant == int(t)
}

// query keeps the query pairs in the order they were sent.
type query []kv

type kv struct{ k, v string }

func parseQuery(raw string) query {
	var q query
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, err1 := url.QueryUnescape(k)
		v, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			continue
		}
		q = append(q, kv{k, v})
	}
	return q
}

func (q query) last(k string) (string, bool) {
	for i := len(q) - 1; i >= 0; i-- {
		if q[i].k == k {
			return q[i].v, true
		}
	}
	return "", false
}

func (q query) all(k string) []string {
	var out []string
	for _, p := range q {
		if p.k == k {
			out = append(out, p.v)
		}
	}
	return out
}

// parseBoolParam is the manager's verify_and_convert_bool for text.
func parseBoolParam(name, v string) (bool, *apiError) {
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, badParams(name + " must be <true/false>, got " + v)
}

// parseBoolValue accepts a JSON bool or a "true"/"false" string.
func parseBoolValue(name string, v any) (bool, *apiError) {
	switch t := v.(type) {
	case nil:
		return false, nil
	case bool:
		return t, nil
	case string:
		return parseBoolParam(name, t)
	}
	return false, badParams(name + " must be <true/false>, got " + pyRepr(v))
}

// readJSONBody enforces the manager's exact content type and decodes an object.
// readBodyAndInclude reads a JSON object body and the `_include` mask of
// the response, as the POST and PATCH handlers on executions all do.
func readBodyAndInclude(req *request) (map[string]any, uint32, *apiError) {
	body, e := readJSONBody(req)
	if e != nil {
		return nil, 0, e
	}
	mask, e := parseInclude(req.q)
	if e != nil {
		return nil, 0, e
	}
	return body, mask, nil
}

func readJSONBody(req *request) (map[string]any, *apiError) {
	if req.r.Header.Get("Content-Type") != "application/json" {
		return nil, errf(415, "unsupported_content_type_error", "Content type must be application/json")
	}
	data, err := io.ReadAll(io.LimitReader(req.r.Body, 16<<20))
	if err != nil {
		return nil, badParams("Failed to read request body")
	}
	var body any
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		return nil, badParams("Failed to decode JSON object: " + err.Error())
	}
	m, ok := body.(map[string]any)
	if !ok {
		return nil, badParams("Request body is expected to be a map containing parameters")
	}
	req.rawBody = data
	return m, nil
}

// pyRepr renders a decoded JSON value roughly like Python's repr.
func pyRepr(v any) string {
	switch t := v.(type) {
	case nil:
		return "None"
	case bool:
		if t {
			return "True"
		}
		return "False"
	case string:
		return "'" + t + "'"
	case json.Number:
		return t.String()
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func pyTypeName(v any) string {
	switch t := v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case string:
		return "str"
	case json.Number:
		if strings.ContainsAny(t.String(), ".eE") {
			return "float"
		}
		return "int"
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	}
	return "object"
}

// compareNullable orders two text values the way PostgreSQL sorts a
// nullable column ascending: NULL (isNull true) after every value.
func compareNullable(a string, aNull bool, b string, bNull bool) int {
	switch {
	case aNull && bNull:
		return 0
	case aNull:
		return 1
	case bNull:
		return -1
	}
	return strings.Compare(a, b)
}
