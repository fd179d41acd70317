package ui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/actions"
	"github.com/cfytop/cfytop/ui/detailpane"
	"github.com/cfytop/cfytop/ui/uitest"
)

// An action whose new status takes the execution out of the filter: the
// list selects the nearest row, and the pane and the status line say so at
// once, so the next action key acts on the execution shown.
func TestActionMovingSelectionOutOfFilterIsShown(t *testing.T) {
	for _, onList := range []bool{false, true} {
		a := uitest.Exec(uitest.UUID(1), "install", "web-01", client.StatusStarted, 5*time.Minute)
		b := uitest.Exec(uitest.UUID(6), "heal", "db-02", client.StatusStarted, 6*time.Minute)
		f := uitest.NewManager(a, b, uitest.Exec(uitest.UUID(3), "scale", "web-01", client.StatusTerminated, 30*time.Minute))
		h := newHarness(t, Options{Filter: "status:started"}, f, 120, 40).start()
		if h.selectedID() != a.ID {
			t.Fatalf("test setup: %s selected", h.selectedID())
		}
		h.press("enter")
		if onList {
			h.press("tab")
		}
		h.press("C", "y")
		if !slices.Equal(f.Cancels, []string{a.ID}) {
			t.Fatalf("cancels sent: %v", f.Cancels)
		}
		if h.selectedID() != b.ID {
			t.Fatalf("selected %s after A left the filter, want the nearest row %s", h.selectedID(), b.ID)
		}
		if h.st().Pane.ID() != b.ID {
			t.Fatalf("the pane shows %s while the list selects %s", h.st().Pane.ID(), b.ID)
		}
		h.mustContain("execution " + a.ID[:8] + " changed and no longer matches the filter; moved to the nearest row")
		h.press("K")
		k, id, ok := h.app.actions.Current()
		if !ok || k != actions.Kill {
			t.Fatalf("K opened nothing (status %q)", h.app.status.text)
		}
		if id != h.st().Pane.ID() || id != h.selectedID() {
			t.Fatalf("kill dialog for %s; pane shows %s, list selects %s", id, h.st().Pane.ID(), h.selectedID())
		}
	}
}

// While the terminal is too small the dialog is not drawn: no key but the
// back-out keys reaches it, so nothing can be confirmed blind.
func TestTooSmallScreenKeepsDialogInert(t *testing.T) {
	h := started(t, Options{})
	h.selectRow(uitest.UUID(1))
	h.press("C")
	if !h.app.actions.Active() {
		t.Fatal("C opened no dialog")
	}
	h.send(tea.WindowSizeMsg{Width: 50, Height: 10})
	h.press("y")
	if len(h.fake.Cancels) != 0 || h.app.actions.InFlight() {
		t.Fatalf("y on the too-small screen sent %v", h.fake.Cancels)
	}
	if !h.app.actions.Active() {
		t.Fatal("the dialog closed on y")
	}
	h.press("esc")
	if h.app.actions.Active() {
		t.Fatal("esc did not close the dialog on the too-small screen")
	}

	// A typed confirmation cannot be typed blind either.
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.press("K")
	h.send(tea.WindowSizeMsg{Width: 50, Height: 10})
	h.typeText(uitest.UUID(1)[:8])
	h.press("enter")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.press("enter")
	if len(h.fake.Cancels) != 0 {
		t.Fatalf("kill sent from keys typed on the too-small screen: %v", h.fake.Cancels)
	}
	h.press("ctrl+c")
	if h.app.actions.Active() || h.quit {
		t.Fatalf("ctrl+c: dialog open %v, quit %v", h.app.actions.Active(), h.quit)
	}
	// Quitting from the too-small screen works with a dialog open.
	h.press("K")
	h.send(tea.WindowSizeMsg{Width: 50, Height: 10})
	h.press("q")
	if !h.quit {
		t.Fatal("q did not quit from the too-small screen")
	}
}

// --execution X not in the list at start: once the user closed the pane, X
// appearing later neither moves the selection nor reads X behind the scenes.
func TestExecutionFlagDroppedWhenUserLeaves(t *testing.T) {
	x := uitest.Exec(uitest.UUID(9), "install", "late", client.StatusStarted, time.Second)
	f := uitest.NewManager(uitest.Sample()...)
	h := newHarness(t, Options{Execution: x.ID}, f, 120, 40).start()
	if !h.st().PaneOpen || h.st().Pane.ID() != x.ID {
		t.Fatalf("pane open %v on %q", h.st().PaneOpen, h.st().Pane.ID())
	}
	h.press("esc")
	if h.st().PaneOpen {
		t.Fatal("esc did not close the pane")
	}
	sel := h.selectedID()
	_, _, events := f.Counts()
	f.Set(append(uitest.Sample(), x)...)
	for i := 0; i < 4; i++ {
		h.fire(func(tea.Msg) bool { return true })
	}
	if _, ok := h.st().List.Get(x.ID); !ok {
		t.Fatal("test setup: X never reached the list")
	}
	if got := h.selectedID(); got != sel {
		t.Fatalf("selection jumped from %s to %s", sel, got)
	}
	if _, _, ev := f.Counts(); ev != events {
		t.Fatalf("%d event requests for a closed pane", ev-events)
	}
	if h.st().Pane.ID() != "" {
		t.Fatalf("the closed pane holds %s", h.st().Pane.ID())
	}
}

// Until the user moves, the pane keeps the execution asked for, even when
// the list selected another row; the first movement drops it.
func TestExecutionFlagKeptUntilTheUserMoves(t *testing.T) {
	old := uitest.Exec(uitest.UUID(9), "install", "legacy", client.StatusFailed, 30*24*time.Hour)
	h := started(t, Options{Limit: 2, Execution: old.ID}, append(uitest.Sample(), old)...)
	h.fire(isSettle)
	if h.st().Pane.ID() != old.ID {
		t.Fatalf("the pane moved to %s before the user did", h.st().Pane.ID())
	}
	// X enters the list later (e.g. the window grows): the selection does
	// not jump to it once the user moved.
	h.press("tab", "j")
	h.fire(isSettle)
	sel := h.selectedID()
	if h.st().Pane.ID() != sel {
		t.Fatalf("pane %s, selected %s", h.st().Pane.ID(), sel)
	}
	h.app.o.Limit = 10
	h.fire(isPoll)
	if h.selectedID() != sel {
		t.Fatalf("selection jumped to %s", h.selectedID())
	}
}

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

// Quitting while an action request is out waits for its answer (row update,
// toast, audit line); a second press quits at once.
func TestQuitWaitsForActionInFlight(t *testing.T) {
	for _, twice := range []bool{false, true} {
		h := started(t, Options{})
		h.selectRow(uitest.UUID(1))
		h.press("C")
		m, req := h.app.Update(uitest.Key("y")) // sent; its Cmd not run yet
		h.app = m.(App)
		if !h.app.actions.InFlight() {
			t.Fatal("test setup: no request in flight")
		}
		h.press("esc", "q")
		if h.quit {
			t.Fatal("quit with the cancel request still out")
		}
		if want := "waiting for the cancel request to finish before quitting (press again to quit now)"; h.app.status.text != want {
			t.Fatalf("status %q, want %q", h.app.status.text, want)
		}
		h.mustContain("waiting for the cancel request to finish before quitting")
		if twice {
			h.press("q")
			if !h.quit {
				t.Fatal("a second q did not quit at once")
			}
			continue
		}
		h.run(req)
		if !h.quit {
			t.Fatal("did not quit once the answer came")
		}
		if e, _ := h.st().List.Get(uitest.UUID(1)); e.Status != client.StatusCancelling {
			t.Fatalf("row not updated before quitting: %s", e.Status)
		}
		h.mustContain("cancel sent to " + uitest.UUID(1)[:8])
	}
}

// A resume reported by the actions (or seen in a poll) brings the pane of an
// ended execution back to life.
func TestResumeRestartsThePane(t *testing.T) {
	failed := uitest.Exec(uitest.UUID(2), "uninstall", "db-02", client.StatusFailed, 10*time.Minute)
	f := uitest.NewManager(failed)
	f.Events[failed.ID] = []client.Event{{Type: client.EventTypeLog, Level: "error", Message: "first run", Timestamp: client.Time{Time: uitest.T0}}}
	h := newHarness(t, Options{}, f, 120, 40).start()
	h.press("enter")
	isTail := func(m tea.Msg) bool { _, ok := m.(detailpane.TailMsg); return ok }
	for i := 0; i < 3; i++ {
		h.fire(isTail)
	}
	if n := len(h.pending(isTail)); n != 0 {
		t.Fatalf("test setup: the pane still tails an ended execution (%d)", n)
	}
	resumed := failed
	resumed.Status, resumed.EndedAt = client.StatusStarted, client.Nullable[client.Time]{}
	f.Mu.Lock()
	f.Execs[0] = resumed
	f.Events[failed.ID] = append(f.Events[failed.ID], client.Event{Type: client.EventTypeLog, Level: "info", Message: "resumed run",
		Timestamp: client.Time{Time: uitest.T0.Add(time.Second)}})
	f.Mu.Unlock()
	h.send(execUpdated(resumed))
	h.mustContain("resumed run")
	if n := len(h.pending(isTail)); n != 1 {
		t.Fatalf("%d tails pending for the resumed execution, want 1", n)
	}
}
