package actions

import (
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
)

func TestResumeToggle(t *testing.T) {
	for _, s := range []client.Status{client.StatusFailed, client.StatusCancelled} {
		h := newHarness(t, Options{})
		e := execIn(s)
		h.f.put(e)
		h.open(Resume, &e)
		h.press("space")
		if !strings.Contains(h.plain(), "Force-resume execution 3f2a9c1e") {
			t.Fatalf("toggle not shown:\n%s", h.c.View())
		}
		h.press("space", "space", "y")
		if len(h.f.resumes) != 1 || !h.f.resumes[0] {
			t.Fatalf("%s: resumes %v", s, h.f.resumes)
		}
		if got := h.lastStatus().Text; got != "force-resume sent to 3f2a9c1e (install on web-prod)" {
			t.Fatalf("toast %q", got)
		}
	}
	// From started R is not offered at all (issue 5: resume is for failed
	// or cancelled executions): the key says why and sends nothing.
	h := newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.open(Resume, &e)
	if h.c.Active() {
		t.Fatal("resume offered on a started execution")
	}
	if st := h.lastStatus(); !st.IsError || !strings.Contains(st.Text, "only failed or cancelled executions can be resumed") {
		t.Fatalf("status %+v", st)
	}
	h.press("space", "y")
	if len(h.f.calls) != 0 {
		t.Fatalf("requests %v", h.f.calls)
	}
}

func TestForceResumeAbortsWhenItMovedToStarted(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusFailed)
	h.f.put(e)
	h.f.moveTo[testID] = client.StatusStarted // plain resume would apply, force-resume does not
	h.open(Resume, &e)
	h.press("space", "y")
	if h.f.mutations() != 0 {
		t.Fatalf("sent: %v", h.f.calls)
	}
}

// Someone else resumed the failed execution while the dialog was open: it
// is started (or pending) now, which plain resume would accept, but a
// second resume would dispatch the workflow again.
func TestResumeAbortsWhenSomeoneElseResumed(t *testing.T) {
	for _, from := range []client.Status{client.StatusFailed, client.StatusCancelled} {
		for _, now := range []client.Status{client.StatusStarted, client.StatusPending, client.StatusQueued} {
			h := newHarness(t, Options{})
			e := execIn(from)
			h.f.put(e)
			h.f.moveTo[testID] = now
			h.open(Resume, &e)
			h.press("y")
			if h.f.mutations() != 0 {
				t.Fatalf("%s→%s: sent %v", from, now, h.f.calls)
			}
			st := h.lastStatus()
			if !st.IsError || !strings.Contains(st.Text, "nothing sent") ||
				!strings.Contains(st.Text, "it is now "+string(now)+" (it was "+string(from)) ||
				!strings.Contains(st.Text, "resumed it already") {
				t.Fatalf("%s→%s: status %+v", from, now, st)
			}
			if h.c.Active() {
				t.Fatalf("%s→%s: dialog left open", from, now)
			}
		}
	}
	// Unchanged: it goes out once.
	h := newHarness(t, Options{})
	e := execIn(client.StatusFailed)
	h.f.put(e)
	h.open(Resume, &e)
	h.press("y")
	if len(h.f.resumes) != 1 {
		t.Fatalf("resumes %v", h.f.resumes)
	}
}

func TestResumeNotOfferedFromStarted(t *testing.T) {
	for _, s := range client.AllStatuses {
		h := newHarness(t, Options{})
		e := execIn(s)
		h.f.put(e)
		h.open(Resume, &e)
		want := s == client.StatusFailed || s == client.StatusCancelled
		if h.c.Active() != want {
			t.Fatalf("%s: offered %v, want %v", s, h.c.Active(), want)
		}
		if !want {
			if st := h.lastStatus(); !st.IsError || !strings.Contains(st.Text, "only failed or cancelled") {
				t.Fatalf("%s: status %+v", s, st)
			}
		}
	}
}
