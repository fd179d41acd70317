package ui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
)

// refusedBy asks a real client to read from a manager that answers status
// with body, and returns the error it makes of it.
func refusedBy(t *testing.T, status int, body string) error {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	cl, err := client.New(client.Config{URL: srv.URL, Tenant: "default_tenant", Username: "admin", Password: "rotated", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = cl.ListExecutions(context.Background(), client.ListExecutionsOptions{})
	if err == nil {
		t.Fatal("no error")
	}
	return err
}

// Wrong credentials (or a forbidden tenant) stop the polling: every retry
// would count towards locking the account. r tries once.
func TestRefusedCredentialsStopPolling(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		words  string
		short  string
	}{
		{401, `{"error_code":"unauthorized_error","message":"User unauthorized: Authentication failed for user admin","server_traceback":null}`, "did not accept the credentials", "credentials refused"},
		{403, `{"error_code":"forbidden_error","message":"Authorization failed: tenant not provided","server_traceback":null}`, "denied access", "access denied"},
	} {
		err := refusedBy(t, c.status, c.body)
		h := started(t, Options{})
		h.fake.SetFail(err)
		lists, _, _ := h.fake.Counts()
		h.fire(isPoll)
		if len(h.pending(isPoll)) != 0 {
			t.Fatalf("%d: next automatic poll scheduled after a refusal: %v", c.status, h.pending(isPoll))
		}
		for i := 0; i < 5; i++ {
			h.fire(func(tea.Msg) bool { return true })
		}
		after, _, _ := h.fake.Counts()
		if after-lists != 2 {
			t.Fatalf("%d: %d requests after the refusal, want the one poll (2 requests)", c.status, after-lists)
		}
		if h.st().List.Len() != 5 {
			t.Fatal("last good data dropped")
		}
		h.mustContain("stale 0s — " + c.short + ", polling stopped (r retries): the manager at")
		if !strings.Contains(h.st().LastErr, c.words) {
			t.Fatalf("%d: the error in full: %q", c.status, h.st().LastErr)
		}
		// r: one try, one request, and still no automatic poll.
		h.press("r")
		if l, _, _ := h.fake.Counts(); l != after+1 {
			t.Fatalf("%d: r sent %d requests, want 1", c.status, l-after)
		}
		if len(h.pending(isPoll)) != 0 {
			t.Fatal("automatic polling resumed after a refused retry")
		}
		h.mustContain("polling stopped")
		// Fixed: r reads again, and polling resumes.
		h.fake.SetFail(nil)
		h.press("r")
		h.mustContain("live")
		h.mustNotContain("stale")
		if got := h.pending(isPoll); len(got) != 1 {
			t.Fatalf("polling did not resume: %v", got)
		}
	}
}
