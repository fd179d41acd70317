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
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrorKind tells failures apart so that callers can react to them.
type ErrorKind int

// The kinds of failure. KindNone is only returned by KindOf(nil).
const (
	KindNone                ErrorKind = iota
	KindNotAuthenticated              // 401: wrong or missing credentials
	KindForbidden                     // 403: no permission, or a missing or unknown tenant
	KindNotFound                      // 404: no such execution or deployment (or no such endpoint)
	KindIllegalState                  // the action is not allowed in the execution's current status
	KindBusy                          // another execution of the deployment blocks the start
	KindBadParameters                 // the manager (or the client) rejected the request's parameters
	KindMaintenance                   // 503: the manager is in maintenance mode
	KindServer                        // 5xx: the manager or a proxy in front of it failed
	KindUnreachable                   // no usable connection: refused, DNS, no route, TLS failure
	KindTimeout                       // no answer in time
	KindUndecodable                   // the answer could not be read (not JSON, wrong shape, too large)
	KindOther                         // anything else: unexpected status, redirect, cancelled request
	KindInvalidTenant                 // the tenant name cannot be sent as a header: refused before sending, never retried
	KindWorkflowUnavailable           // 400 unavailable_workflow_error: the deployment's state does not allow the workflow now (force overrides)
	KindDependentsExist               // 400 dependent_exists_error: other deployments depend on this one (force overrides)
)

var kindNames = map[ErrorKind]string{
	KindNone:             "none",
	KindNotAuthenticated: "not authenticated",
	KindForbidden:        "forbidden",
	KindNotFound:         "not found",
	KindIllegalState:     "illegal state",
	KindBusy:             "busy",
	KindBadParameters:    "bad parameters",
	KindMaintenance:      "maintenance mode",
	KindServer:           "server error",
	KindUnreachable:      "unreachable",
	KindTimeout:          "timeout",
	KindUndecodable:      "undecodable answer",
	KindOther:            "other",
	KindInvalidTenant:    "invalid tenant",

	KindWorkflowUnavailable: "workflow unavailable",
	KindDependentsExist:     "dependents exist",
}

// String names the kind in words.
func (k ErrorKind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// Error is every failure the client returns.
type Error struct {
	Kind       ErrorKind
	StatusCode int    // HTTP status; 0 when no answer came (or it broke off)
	Code       string // the manager's error_code
	Message    string // the manager's message, a cleaned excerpt of a non-JSON body, or the reason in words
	Traceback  string // the manager's server_traceback, when it sent one
	Method     string
	URL        string // the request URL (never carries credentials)
	Err        error  // the underlying error, if any

	server    string        // the manager's base URL, for sentences
	local     bool          // raised by the client before any request: Message is the whole sentence
	retry     bool          // a GET may be tried again
	cancelled bool          // the caller cancelled the request
	timeout   time.Duration // the per-request timeout that expired, when it was ours
	page      string        // "an HTML page" / "a text page" when the body was not JSON
	hint      string        // what the person can do about it
	location  string        // a redirect's target
	notSent   bool          // the request never left: no connection, or it broke before the headers were written
	redactor  *redactor     // hides the credentials in the final sentence too
}

// Unwrap gives access to the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Error is one sentence a person can act on.
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	if e.local {
		return e.redactor.redact(e.Message)
	}
	srv := e.server
	if srv == "" {
		srv = serverOf(e.URL)
	}
	call := strings.TrimSpace(e.Method + " " + pathOf(e.URL))
	var b strings.Builder
	switch {
	case e.cancelled:
		fmt.Fprintf(&b, "the request %s to the manager at %s was cancelled", call, srv)
	case e.Kind == KindUnreachable:
		fmt.Fprintf(&b, "cannot reach the manager at %s: %s", srv, e.Message)
	case e.Kind == KindTimeout:
		if e.timeout > 0 {
			fmt.Fprintf(&b, "the manager at %s did not answer %s within %s", srv, call, e.timeout)
		} else {
			fmt.Fprintf(&b, "the manager at %s did not answer %s in time", srv, call)
		}
		if e.Message != "" {
			fmt.Fprintf(&b, " (%s)", e.Message)
		}
	case e.location != "":
		fmt.Fprintf(&b, "the manager at %s redirected %s to %s (HTTP %d)", srv, call, e.location, e.StatusCode)
	case e.Kind == KindServer || e.Kind == KindUndecodable || (e.Kind == KindOther && e.StatusCode != 0):
		b.WriteString(e.causeFirst(srv, call))
	case e.StatusCode == 0:
		// Undecodable or other failures after a successful answer.
		fmt.Fprintf(&b, "%s: %s", e.lead(srv, call), e.detail())
	default:
		b.WriteString(e.lead(srv, call))
		if d := e.detail(); d != "" {
			b.WriteString(": ")
			b.WriteString(d)
		}
		fmt.Fprintf(&b, " (HTTP %d", e.StatusCode)
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteString(" " + t)
		}
		if e.Code != "" {
			b.WriteString(", " + sanitize(e.Code, 60))
		}
		b.WriteString(")")
	}
	if e.hint != "" {
		b.WriteString("; ")
		b.WriteString(e.hint)
	}
	if e.MaybeApplied() {
		b.WriteString(maybeAppliedAdvice)
	}
	return e.redactor.redact(b.String())
}

// maybeAppliedAdvice ends the sentence of an error whose outcome is unknown.
const maybeAppliedAdvice = "; it may have been carried out anyway: check the execution before sending it again"

// WithoutAdvice is err's sentence without the advice an unknown outcome
// adds, for a caller that gives that advice in its own words.
func WithoutAdvice(err error) string {
	return strings.TrimSuffix(err.Error(), maybeAppliedAdvice)
}

// MaybeApplied reports whether a request that changes something (a start,
// an action, a status change) failed in a way that leaves its outcome
// unknown. Once such a request has been sent, only two answers are
// decisive: a success that decodes (no error at all), and the manager's own
// refusal, a 4xx with its JSON error body. Everything else leaves the
// outcome unknown, because the manager may have carried the request out
// before the answer was lost or spoiled: no answer in time, a connection cut
// after sending, an answer cut short or not JSON, an HTML page from a proxy,
// any 5xx (a 500 after a kill, a 502 from nginx), a 2xx other than the one
// expected. A redirect is decisive too (the request went no further), and so
// is the manager's maintenance-mode refusal, which it makes before looking at
// the request.
func (e *Error) MaybeApplied() bool {
	if e == nil || e.local || e.notSent || e.Method == "" || e.Method == http.MethodGet || e.Method == http.MethodHead {
		return false
	}
	switch {
	case e.Kind == KindTimeout:
		return e.Message != "while connecting"
	case e.Kind == KindUnreachable:
		return !isDial(e.Err)
	case e.location != "":
		return false
	case e.StatusCode >= 400 && e.StatusCode < 500:
		// The manager's JSON refusal leaves page empty; a non-JSON 4xx
		// comes from something in front of it, or from a broken answer.
		return e.page != ""
	case e.Kind == KindMaintenance && e.page == "":
		return false
	}
	return true
}

// workflow is the workflow named by the manager's "Workflow not available:
// install", or "asked for" when it names none.
func (e *Error) workflow() string {
	const prefix = "Workflow not available:"
	if i := strings.Index(e.Message, prefix); i >= 0 {
		if w := strings.Fields(e.Message[i+len(prefix):]); len(w) > 0 {
			return sanitize(w[0], 80)
		}
	}
	return "asked for"
}

// causeFirst words a failed or unreadable answer with its cause first
// ("502 Bad Gateway", "the JSON is cut short"), then where it came from, then
// the details: a pane or a status line cut to its width still shows why.
func (e *Error) causeFirst(srv, call string) string {
	var b strings.Builder
	status := e.StatusCode >= 300 || (e.StatusCode != 0 && e.Kind != KindUndecodable)
	if status {
		fmt.Fprintf(&b, "%d", e.StatusCode)
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteString(" " + t)
		}
		if e.Code != "" {
			b.WriteString(" (" + sanitize(e.Code, 60) + ")")
		}
	}
	where := " from the manager (" + call + " at " + srv + ")"
	switch {
	case e.page != "":
		if status {
			b.WriteString(": ")
		}
		b.WriteString(e.page + " instead of JSON" + where)
		if e.Message != "" {
			b.WriteString(": \"" + e.Message + "\"")
		}
	case e.Kind == KindUndecodable && !status:
		b.WriteString(sanitize(e.Message, 1000))
		b.WriteString(" (answer of the manager to " + call + " at " + srv + ")")
	default:
		b.WriteString(where)
		if d := sanitize(e.Message, 1000); d != "" {
			b.WriteString(": " + d)
		}
	}
	return b.String()
}

func (e *Error) lead(srv, call string) string {
	switch e.Kind {
	case KindNotAuthenticated:
		return "the manager at " + srv + " did not accept the credentials"
	case KindForbidden:
		return "the manager at " + srv + " denied access"
	case KindNotFound:
		if e.page != "" {
			return "the manager at " + srv + " has no API endpoint " + call
		}
		return "not found on the manager at " + srv
	case KindIllegalState:
		return "the manager at " + srv + " does not allow this in the execution's current status"
	case KindBusy:
		return "the manager at " + srv + " will not start the execution now"
	case KindWorkflowUnavailable:
		return "the workflow " + e.workflow() + " is not available on this deployment now (manager at " + srv + ")"
	case KindDependentsExist:
		return "other deployments depend on this one, so the manager at " + srv + " will not run it"
	case KindBadParameters:
		return "the manager at " + srv + " rejected the request"
	case KindMaintenance:
		return "the manager at " + srv + " is in maintenance mode"
	case KindServer:
		return "the manager at " + srv + " failed to answer " + call
	case KindUndecodable:
		return "cannot read the answer of the manager at " + srv + " to " + call
	}
	return "the manager at " + srv + " answered " + call + " unexpectedly"
}

func (e *Error) detail() string {
	if e.page != "" {
		if e.Message == "" {
			return "it sent " + e.page + " instead of JSON"
		}
		return "it sent " + e.page + " instead of JSON: \"" + e.Message + "\""
	}
	return sanitize(e.Message, 1000)
}

// KindOf is the kind of err: KindNone for nil, KindOther for errors that are
// not a *Error.
func KindOf(err error) ErrorKind {
	if err == nil {
		return KindNone
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

// IsNotAuthenticated reports a 401: wrong or missing credentials.
func IsNotAuthenticated(err error) bool { return KindOf(err) == KindNotAuthenticated }

// IsForbidden reports a 403: no permission, or a missing or unknown tenant.
func IsForbidden(err error) bool { return KindOf(err) == KindForbidden }

// IsNotFound reports that the execution, deployment or endpoint does not exist.
func IsNotFound(err error) bool { return KindOf(err) == KindNotFound }

// IsIllegalState reports an action or status change that the execution's
// current status does not allow.
func IsIllegalState(err error) bool { return KindOf(err) == KindIllegalState }

// IsBusy reports that a running execution of the deployment blocks the start.
func IsBusy(err error) bool { return KindOf(err) == KindBusy }

// IsBadParameters reports rejected parameters.
func IsBadParameters(err error) bool { return KindOf(err) == KindBadParameters }

// IsMaintenance reports that the manager is in maintenance mode.
func IsMaintenance(err error) bool { return KindOf(err) == KindMaintenance }

// IsServerError reports a failure of the manager or of a proxy in front of it.
func IsServerError(err error) bool { return KindOf(err) == KindServer }

// IsUnreachable reports that no connection to the manager could be made.
func IsUnreachable(err error) bool { return KindOf(err) == KindUnreachable }

// IsTimeout reports that the manager did not answer in time.
func IsTimeout(err error) bool { return KindOf(err) == KindTimeout }

// IsWorkflowUnavailable reports a start the deployment's current state does
// not allow (unavailable_workflow_error); force overrides it.
func IsWorkflowUnavailable(err error) bool { return KindOf(err) == KindWorkflowUnavailable }

// IsDependentsExist reports a start refused because other deployments
// depend on this one (dependent_exists_error); force overrides it.
func IsDependentsExist(err error) bool { return KindOf(err) == KindDependentsExist }

// IsInvalidTenant reports a tenant name that cannot be sent (see
// ValidTenant): the request was refused before it left, and trying again
// cannot help.
func IsInvalidTenant(err error) bool { return KindOf(err) == KindInvalidTenant }

// IsUndecodable reports an answer that could not be read.
func IsUndecodable(err error) bool { return KindOf(err) == KindUndecodable }

func configError(msg string) *Error {
	return &Error{Kind: KindBadParameters, Message: msg, local: true}
}

func (c *Client) newError(r *request) *Error {
	return &Error{Method: r.method, URL: r.url(c.base), server: c.base, redactor: c.creds.redactor}
}

// codeKinds maps the manager's error_code to a kind.
var codeKinds = map[string]ErrorKind{
	"unauthorized_error":                                KindNotAuthenticated,
	"forbidden_error":                                   KindForbidden,
	"forbidden_while_cancelling":                        KindForbidden,
	"not_found_error":                                   KindNotFound,
	"illegal_action_error":                              KindIllegalState,
	"conflict_error":                                    KindIllegalState,
	"invalid_exception_status_update":                   KindIllegalState,
	"unavailable_workflow_error":                        KindWorkflowUnavailable,
	"deployment_creation_error":                         KindIllegalState,
	"dependent_exists_error":                            KindDependentsExist,
	"existing_running_execution_error":                  KindBusy,
	"deployment_environment_creation_pending_error":     KindIllegalState,
	"deployment_environment_creation_in_progress_error": KindIllegalState,
	"bad_parameters_error":                              KindBadParameters,
	"no_such_include_field_error":                       KindBadParameters,
	"nonexistent_workflow_error":                        KindBadParameters,
	"illegal_execution_parameters_error":                KindBadParameters,
	"unsupported_content_type_error":                    KindBadParameters,
	"maintenance_mode_active":                           KindMaintenance,
	"entering_maintenance_mode":                         KindMaintenance,
	"internal_server_error":                             KindServer,
}

// kindFor decides the kind of an HTTP error from the error code, then the status.
func kindFor(status int, code, message string) ErrorKind {
	if code == "storage_error" {
		// The database refused the value (e.g. a status that is no status);
		// on a 5xx it is the manager's own failure.
		if status >= 500 {
			return KindServer
		}
		return KindBadParameters
	}
	if k, ok := codeKinds[code]; ok {
		return k
	}
	switch {
	case status == http.StatusUnauthorized:
		return KindNotAuthenticated
	case status == http.StatusForbidden:
		return KindForbidden
	case status == http.StatusNotFound:
		return KindNotFound
	case status == http.StatusConflict:
		return KindIllegalState
	case status == http.StatusBadRequest || status == http.StatusUnsupportedMediaType ||
		status == http.StatusUnprocessableEntity:
		return KindBadParameters
	case status == http.StatusServiceUnavailable && strings.Contains(strings.ToLower(message), "maintenance mode"):
		return KindMaintenance
	case status >= 500:
		return KindServer
	}
	return KindOther
}

// statusError turns an answer with an unexpected status into an *Error.
func (c *Client) statusError(ctx, actx context.Context, r *request, resp *http.Response) *Error {
	e := c.newError(r)
	e.StatusCode = resp.StatusCode
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		if loc := resp.Header.Get("Location"); loc != "" {
			e.Kind = KindOther
			e.location = sanitize(c.redact(redactURL(loc)), 200)
			e.hint = "use that address directly"
			if target, err := resp.Request.URL.Parse(loc); err == nil && !strings.EqualFold(target.Host, resp.Request.URL.Host) {
				// Following it would hand the Authorization,
				// Authentication-Token and Tenant headers to another host.
				e.hint = "cfytop follows no redirect, so the credentials were not sent there; if that host is really the manager, use its address directly"
			}
			_, _ = io.CopyN(io.Discard, resp.Body, c.maxErrBody)
			return e
		}
	}
	b, rerr := io.ReadAll(io.LimitReader(resp.Body, c.maxErrBody))
	if rerr != nil && len(b) == 0 {
		if ne := c.transportError(ctx, actx, r, rerr); ne.Kind == KindTimeout || ne.cancelled {
			return ne
		}
	}
	ct := resp.Header.Get("Content-Type")
	parsed := false
	if first, ok := firstNonSpace(b); ok && isJSONStart(first) {
		var eb errorBody
		if eb.parse(b) {
			parsed = true
			e.Code, e.Message, e.Traceback = c.redact(eb.code), c.redact(eb.message), c.redact(eb.traceback)
		}
	}
	if !parsed {
		e.page = pageKind(ct, b)
		e.Message = c.redact(excerpt(b, excerptLen))
	}
	e.Kind = kindFor(e.StatusCode, e.Code, e.Message)
	switch e.StatusCode {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		e.retry = e.Kind != KindMaintenance
		if !parsed {
			e.hint = "the manager's REST service behind its web server may be down or restarting"
		}
	}
	switch e.Kind {
	case KindNotAuthenticated:
		e.hint = "check the username and password, or the API token"
	case KindForbidden:
		e.hint = "check the tenant name and the user's role in it"
	case KindBusy:
		e.hint = "wait for the running execution, queue this one, or force it"
	case KindWorkflowUnavailable:
		// cloudify-api.md §4.8: the refused start is stored as a failed
		// execution all the same.
		e.hint = "its node instances are not in the state this workflow needs (install wants them not installed, uninstall installed); " +
			"check the deployment, or use force to start it anyway. The manager records the refused start as a failed execution"
	case KindDependentsExist:
		e.hint = "uninstall or stop the deployments that depend on it first (cfy deployments get shows them), or use force to run it anyway. " +
			"The manager records the refused start as a failed execution"
	case KindMaintenance:
		e.hint = "try again when maintenance mode is over"
	case KindNotFound:
		if !parsed {
			e.hint = "is this the address of a Cloudify Manager (REST API v3.1)?"
		}
	}
	if e.Code == "SSL_REQUIRED" {
		e.hint = "the manager wants HTTPS: use an https:// address"
	}
	return e
}

// errorBody reads the manager's {"message","error_code","server_traceback"}
// body, keeping what it could read from a cut-short body.
type errorBody struct {
	code, message, traceback string
}

func (eb *errorBody) parse(b []byte) bool {
	d := json.NewDecoder(bytes.NewReader(b))
	t, err := d.Token()
	if err != nil {
		return false
	}
	if s, ok := t.(string); ok {
		eb.message = s // e.g. "FAIL" from /ok
		return true
	}
	if dl, ok := t.(json.Delim); !ok || dl != '{' {
		return false
	}
	var detail string
	complete := false
	for {
		if !d.More() {
			_, err := d.Token()
			complete = err == nil
			break
		}
		kt, err := d.Token()
		if err != nil {
			break
		}
		key, _ := kt.(string)
		var v any
		if err := d.Decode(&v); err != nil {
			break
		}
		s, _ := v.(string)
		switch key {
		case "message":
			eb.message = s
		case "detail":
			detail = s
		case "error_code":
			eb.code = s
		case "server_traceback":
			eb.traceback = s
		}
	}
	if eb.message == "" {
		eb.message = detail
	}
	return complete || eb.code != "" || eb.message != ""
}

// transportError classifies a failure to get (or finish reading) an answer.
func (c *Client) transportError(ctx, actx context.Context, r *request, err error) *Error {
	e := c.newError(r)
	e.Err = err
	// A request whose headers never went out cannot have been carried out.
	e.notSent = isDial(err) || (r.sent != nil && !r.sent.Load())
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			e.Kind = KindTimeout
			e.Err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
			return e
		}
		e.Kind, e.cancelled = KindOther, true
		e.Err = fmt.Errorf("%w: %w", context.Canceled, err)
		return e
	}
	if actx.Err() != nil {
		e.Kind, e.timeout = KindTimeout, c.timeout
		e.Err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
		if isDial(err) {
			e.Message = "while connecting"
		}
		return e
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		e.Kind = KindTimeout
		if c.hc.Timeout > 0 {
			e.timeout = c.hc.Timeout
		}
		if isDial(err) {
			e.Message = "while connecting"
		}
		return e
	}
	e.Kind = KindUnreachable
	e.Message, e.hint, e.retry = c.networkReason(err)
	return e
}

func isDial(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// networkReason words a connection failure, says what to do about it, and
// whether trying again may help.
func (c *Client) networkReason(err error) (reason, hint string, retry bool) {
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &unknownCA):
		return "its TLS certificate is signed by an unknown authority",
			"pass the manager's CA certificate with --ca-cert (or set LOCAL_REST_CERT_FILE, or rest_certificate in the cfy profile)", false
	case errors.As(err, &hostErr):
		return "its TLS certificate is not valid for " + sanitize(hostErr.Host, 100),
			"connect with a name the certificate lists, or give the manager a certificate for this name", false
	case errors.As(err, &invalidCert):
		reason := "its TLS certificate is not valid"
		if invalidCert.Reason == x509.Expired {
			reason = "its TLS certificate has expired or is not valid yet"
		}
		return reason, "renew the manager's certificate, or check this machine's clock", false
	case errors.As(err, &recordErr):
		return "it does not speak HTTPS on this port", "use an http:// address, or the manager's HTTPS port", false
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return "it speaks plain HTTP on this port, not HTTPS", "use an http:// address", false
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "the host name " + sanitize(dnsErr.Name, 100) + " does not resolve (DNS)", "check the manager's host name", false
		}
		return "the DNS lookup of " + sanitize(dnsErr.Name, 100) + " failed", "check this machine's DNS settings", true
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused", "is the manager running, and is this its port?", true
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "no route to host", "check the address and the network (VPN, firewall)", true
	case errors.Is(err, syscall.ENETUNREACH):
		return "the network is unreachable", "check the address and the network (VPN, firewall)", true
	case errors.Is(err, syscall.ECONNRESET):
		return "the connection was reset", "", true
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "the connection was closed before the manager answered", "", true
	}
	var tlsErr *tls.CertificateVerificationError
	if errors.As(err, &tlsErr) {
		return "its TLS certificate cannot be verified", "pass the manager's CA certificate with --ca-cert", false
	}
	msg := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) {
		msg = ue.Err.Error()
	}
	return sanitize(c.redact(msg), 200), "", true
}

// decodeError classifies a failure while reading a successful answer.
func (c *Client) decodeError(ctx, actx context.Context, r *request, cr *capReader, err error) *Error {
	if cr != nil && cr.over {
		e := c.newError(r)
		e.Kind, e.Err = KindUndecodable, err
		e.Message = fmt.Sprintf("the answer is larger than the %s limit", byteSize(c.maxBody))
		e.hint = "ask for fewer items (a smaller --limit)"
		return e
	}
	if ctx.Err() != nil || actx.Err() != nil || (cr != nil && cr.err != nil) {
		cause := err
		if cr != nil && cr.err != nil {
			cause = cr.err
		}
		return c.transportError(ctx, actx, r, cause)
	}
	e := c.newError(r)
	e.Kind, e.Err = KindUndecodable, err
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, errEmpty) || (errors.Is(err, io.EOF) && cr != nil && cr.read == 0):
		e.Message = "the answer is empty"
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		e.Message = "the JSON is cut short"
	case errors.As(err, &syn):
		e.Message = fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		e.Message = itemPrefix(err) + valueReason(err)
	default:
		e.Message = valueReason(err)
	}
	return e
}

// valueReason words why a (syntactically valid) JSON value could not be
// read into its Go type.
func valueReason(err error) string {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		field := typ.Field
		if field == "" {
			field = "a value"
		}
		return fmt.Sprintf("%s is a JSON %s where %s is expected", sanitize(field, 80), typ.Value, goTypeWords(typ.Type.String()))
	}
	return sanitize(strings.TrimPrefix(err.Error(), "json: "), 300)
}

func goTypeWords(t string) string {
	switch {
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "string" || t == "client.Status":
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "an object"
	}
	return "a " + t
}

// itemError marks which list item failed to decode.
type itemError struct {
	index int
	err   error
}

func (e *itemError) Error() string { return fmt.Sprintf("item %d: %v", e.index, e.err) }
func (e *itemError) Unwrap() error { return e.err }

func itemPrefix(err error) string {
	var ie *itemError
	if errors.As(err, &ie) {
		return fmt.Sprintf("item %d: ", ie.index)
	}
	return ""
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// serverOf is scheme://host of a URL.
func serverOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(unknown address)"
	}
	return u.Scheme + "://" + u.Host
}

// pathOf is the path of a URL, without its query.
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.EscapedPath()
}
