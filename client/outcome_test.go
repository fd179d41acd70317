package client

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Once a start, an action or a status change has been sent, only a success
// that decodes or the manager's own JSON refusal is decisive; every other
// answer leaves the outcome unknown, and the error says so.
func TestOutcomeUnknownUnlessTheAnswerIsDecisive(t *testing.T) {
	execBody := `{"id":"e1","workflow_id":"install","status":"cancelling","created_at":"2026-11-29T13:58:04.864Z"}`
	cases := []struct {
		name    string
		answer  func(w http.ResponseWriter, want int)
		unknown bool
	}{
		{"2xx cut in half", func(w http.ResponseWriter, want int) {
			writeJSON(w, want, execBody[:len(execBody)/2])
		}, true},
		{"2xx cut in half with a Content-Length", func(w http.ResponseWriter, want int) {
			w.Header().Set("Content-Length", "500")
			writeJSON(w, want, execBody[:len(execBody)/2])
		}, true},
		{"2xx HTML page", func(w http.ResponseWriter, want int) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(want)
			_, _ = io.WriteString(w, "<html><body>Please log in</body></html>")
		}, true},
		{"2xx empty", func(w http.ResponseWriter, want int) { w.WriteHeader(want) }, true},
		{"2xx of the wrong shape", func(w http.ResponseWriter, want int) { writeJSON(w, want, `{"id":42}`) }, true},
		{"another 2xx than the expected one", func(w http.ResponseWriter, want int) {
			writeJSON(w, http.StatusAccepted, execBody)
		}, true},
		{"500 from the manager", func(w http.ResponseWriter, _ int) {
			writeJSON(w, 500, `{"message":"Internal error occurred in manager REST server - KeyError: 'x'","error_code":"internal_server_error","server_traceback":"Traceback"}`)
		}, true},
		{"500 HTML", func(w http.ResponseWriter, _ int) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(500)
			_, _ = io.WriteString(w, "<html><h1>Internal Server Error</h1></html>")
		}, true},
		{"503 HTML", func(w http.ResponseWriter, _ int) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(503)
			_, _ = io.WriteString(w, "<html><h1>503 Service Temporarily Unavailable</h1></html>")
		}, true},
		{"400 HTML from a proxy", func(w http.ResponseWriter, _ int) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(400)
			_, _ = io.WriteString(w, "<html><h1>400 Request Header Or Cookie Too Large</h1></html>")
		}, true},
		{"413 text", func(w http.ResponseWriter, _ int) {
			w.WriteHeader(413)
			_, _ = io.WriteString(w, "too large")
		}, true},

		{"400 from the manager", func(w http.ResponseWriter, _ int) {
			writeJSON(w, 400, `{"message":"Cannot cancel execution e1 in status terminated","error_code":"illegal_action_error","server_traceback":null}`)
		}, false},
		{"409 from the manager", func(w http.ResponseWriter, _ int) {
			writeJSON(w, 409, `{"message":"Cannot resume","error_code":"conflict_error"}`)
		}, false},
		{"404 from the manager", func(w http.ResponseWriter, _ int) {
			writeJSON(w, 404, `{"message":"Requested Execution with ID e1 was not found","error_code":"not_found_error"}`)
		}, false},
		{"maintenance mode", func(w http.ResponseWriter, _ int) {
			writeJSON(w, 503, `{"message":"Your request was rejected since Cloudify manager is currently in maintenance mode","error_code":"maintenance_mode_active","server_traceback":null}`)
		}, false},
	}
	calls := []struct {
		name string
		want int
		call func(c *Client) error
	}{
		{"kill", http.StatusOK, func(c *Client) error { return second(c.CancelExecution(t.Context(), "e1", ActionKill)) }},
		{"start", http.StatusCreated, func(c *Client) error {
			return second(c.StartExecution(t.Context(), StartRequest{DeploymentID: "d", WorkflowID: "install"}))
		}},
		{"patch", http.StatusOK, func(c *Client) error { return second(c.UpdateExecutionStatus(t.Context(), "e1", StatusFailed, "")) }},
	}
	for _, tc := range cases {
		for _, call := range calls {
			t.Run(tc.name+"/"+call.name, func(t *testing.T) {
				srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) { tc.answer(w, call.want) })
				c := newTestClient(t, Config{URL: srv.URL, MaxRetries: -1})
				err := call.call(c)
				var ce *Error
				if !errors.As(err, &ce) {
					t.Fatalf("err = %v", err)
				}
				if ce.MaybeApplied() != tc.unknown {
					t.Fatalf("MaybeApplied() = %v, want %v: %v", ce.MaybeApplied(), tc.unknown, err)
				}
				if says := strings.Contains(err.Error(), "may have been carried out"); says != tc.unknown {
					t.Errorf("Error() = %q", err)
				}
			})
		}
	}

	// The same answers to a GET change nothing.
	for _, tc := range cases {
		srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) { tc.answer(w, http.StatusOK) })
		c := newTestClient(t, Config{URL: srv.URL, MaxRetries: -1})
		_, err := c.GetExecution(t.Context(), "e1")
		var ce *Error
		if errors.As(err, &ce) && ce.MaybeApplied() {
			t.Errorf("%s: a GET is MaybeApplied: %v", tc.name, err)
		}
	}
}
