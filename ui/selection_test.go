package ui

import (
	"slices"
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
