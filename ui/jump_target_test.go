package ui

import (
	"regexp"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/screens/failures"
	"github.com/cfytop/cfytop/ui/uitest"
)

// Every way of showing one execution (the events screen's enter, a
// failure cause's drill-down, --execution, a group's members) must leave
// the highlighted row and the execution the action keys act on the same:
// the row under › is the one C names.

var (
	cursorRow  = regexp.MustCompile(`(?m)^›[ *](\S+)`)
	cancelName = regexp.MustCompile(`(?:Cancel execution|cannot cancel) (\S{8})`)
)

// highlighted is the short ID of the row the list marks with ›, "" when no
// row is.
func (h *harness) highlighted() string {
	h.t.Helper()
	rows := cursorRow.FindAllStringSubmatch(stripANSI(h.screen()), -1)
	switch len(rows) {
	case 0:
		return ""
	case 1:
		return rows[0][1]
	}
	h.t.Fatalf("%d rows are highlighted:\n%s", len(rows), stripANSI(h.screen()))
	return ""
}

// highlightedOrFail is highlighted, which must be a row.
func (h *harness) highlightedOrFail() string {
	h.t.Helper()
	id := h.highlighted()
	if id == "" {
		h.t.Fatalf("no row is highlighted:\n%s", stripANSI(h.screen()))
	}
	return id
}

// cancelTarget presses C and reads the execution its dialog (or its
// refusal) names; the dialog is closed again.
func (h *harness) cancelTarget() string {
	h.t.Helper()
	h.press("C")
	s := stripANSI(h.screen())
	m := cancelName.FindStringSubmatch(s)
	if m == nil {
		h.t.Fatalf("C named no execution:\n%s", s)
	}
	if h.app.actions.Active() {
		h.press("esc")
	}
	return m[1]
}

// sameTarget fails unless the highlighted row is want and C acts on want;
// want "" is no highlighted row, and then C must act on pane.
func (h *harness) sameTarget(want, pane string) {
	h.t.Helper()
	if got := h.highlighted(); got != want {
		h.t.Fatalf("the highlighted row is %q, want %q:\n%s", got, want, stripANSI(h.screen()))
	}
	if want == "" {
		want = pane
	}
	if got := h.cancelTarget(); got != want {
		h.t.Fatalf("C acts on %s while the row highlighted is %q", got, h.highlighted())
	}
}

// The events screen points at a running execution the filter hides: the
// filter is cleared, in words, and the execution is selected.
func TestShowExecutionClearsTheFilterThatHidesIt(t *testing.T) {
	h := started(t, Options{Filter: "status:failed"})
	h.press("enter") // the pane on the failed row, as in the walkthrough
	pushProbe(h)
	running := uitest.UUID(1)
	h.send(common.ShowExecutionMsg{ID: running})
	h.mustContain(`filter "status:failed" cleared to show ` + common.ShortID(running))
	if st := h.st(); st.FilterText != "" || st.Pane.ID() != running {
		t.Fatalf("filter %q, pane %s; want no filter and %s", st.FilterText, st.Pane.ID(), running)
	}
	h.sameTarget(common.ShortID(running), "")
	h.press("tab") // the list's keys: still the same row
	h.sameTarget(common.ShortID(running), "")
}

// A failure cause the list is narrowed to is cleared the same way.
func TestShowExecutionClearsTheNarrowedCause(t *testing.T) {
	h := started(t, Options{})
	failed := uitest.UUID(2)
	h.send(narrowTo(h, failed))
	pushProbe(h)
	running := uitest.UUID(1)
	h.send(common.ShowExecutionMsg{ID: running})
	h.mustContain("failure cause cleared to show " + common.ShortID(running))
	h.sameTarget(common.ShortID(running), "")
}

// An execution the list does not have: no row is highlighted while the
// pane shows it, and C acts on the pane's; once a poll brings it, it is
// the highlighted row.
func TestShowExecutionNotInTheListHighlightsNoRow(t *testing.T) {
	h := started(t, Options{Filter: "status:failed"}, uitest.Sample()[:2]...)
	h.fake.Set(append(uitest.Sample()[:2], uitest.Exec(uitest.UUID(9), "heal", "web-09", client.StatusStarted, 0))...)
	want := uitest.UUID(9) // the manager has it, the list not yet
	h.send(common.ShowExecutionMsg{ID: want})
	h.sameTarget("", common.ShortID(want))
	h.press("tab")
	h.sameTarget("", common.ShortID(want))
	h.fire(isPoll)
	h.mustContain(`filter "status:failed" cleared to show ` + common.ShortID(want))
	h.sameTarget(common.ShortID(want), "")
}

// --execution with a --filter that hides it.
func TestExecutionFlagClearsTheFilterThatHidesIt(t *testing.T) {
	want := uitest.UUID(1)
	h := started(t, Options{Filter: "status:failed", Execution: want})
	h.mustContain(`filter "status:failed" cleared to show ` + common.ShortID(want))
	h.sameTarget(common.ShortID(want), "")
}

// --execution older than the list's window: no row is highlighted while
// the pane shows it, whichever part has the keys.
func TestExecutionFlagNotInTheListHighlightsNoRow(t *testing.T) {
	want := uitest.UUID(9)
	old := uitest.Exec(want, "install", "web-09", client.StatusTerminated, 48*time.Hour)
	h := started(t, Options{Execution: want, Limit: 5}, append(uitest.Sample(), old)...)
	if st := h.st(); st.List.Len() != 5 || st.Pane.ID() != want {
		t.Fatalf("%d rows, pane %s; want the 5 newest and %s in the pane", st.List.Len(), st.Pane.ID(), want)
	}
	h.sameTarget("", common.ShortID(want))
	h.press("tab")
	h.sameTarget("", common.ShortID(want))
	h.press("j") // the user moves: the list's row again
	h.sameTarget(h.highlightedOrFail(), "")
}

// A failure cause's drill-down while the pane has the keys: the pane
// follows the row it moves the selection to at once.
func TestNarrowedCauseKeepsRowAndTargetTogether(t *testing.T) {
	h := started(t, Options{})
	h.selectRow(uitest.UUID(1))
	h.press("enter") // the pane on the running row, with the keys
	h.send(narrowTo(h, uitest.UUID(2)))
	h.sameTarget(common.ShortID(uitest.UUID(2)), "")
}

// narrowTo is what the failures screen's enter sends for a cause of these
// executions.
func narrowTo(h *harness, ids ...string) tea.Msg {
	return failures.NarrowMsg{To: h.execs().ID(), Cause: "boom", IDs: ids}
}

// A group's drill-down lists its members on a screen of their own: its
// highlighted row is what C acts on, before and after opening the pane.
func TestGroupMembersKeepRowAndTargetTogether(t *testing.T) {
	_, srv, cl := groupsSim(t)
	if _, err := cl.StartExecutionGroup(t.Context(), client.GroupStartRequest{DeploymentGroupID: "web", WorkflowID: "heal", Concurrency: 1, Force: true}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Manager: cl, ManagerLabel: srv.URL}, nil, 120, 40).start()
	h.press(":")
	h.typeText("groups")
	h.press("enter", "enter")
	h.sameTarget(h.highlightedOrFail(), "")
	h.press("enter", "j")
	h.sameTarget(h.highlightedOrFail(), "")
}

// The walkthrough's path through the real events screen: /status:failed,
// enter, e, G, enter on a running execution's event.
func TestEventsScreenJumpClearsTheFilterThatHidesIt(t *testing.T) {
	f := uitest.NewManager(uitest.Sample()...)
	running := uitest.UUID(1)
	f.Events[running] = []client.Event{{Type: client.EventTypeEvent, EventType: "workflow_started", ExecutionID: client.Some(running),
		WorkflowID: client.Some("install"), DeploymentID: client.Some("web-01"), Message: "Starting 'install' workflow execution", Timestamp: client.Time{Time: uitest.T0}}}
	h := newHarness(t, Options{}, f, 120, 40).start()
	h.press("/")
	h.typeText("status:failed")
	h.press("enter", "enter", "e", "G", "enter")
	if len(h.app.stack) != 1 || h.st().Pane.ID() != running {
		t.Fatalf("%d screens, pane %q; want the list with %s in the pane", len(h.app.stack), h.st().Pane.ID(), running)
	}
	h.mustContain(`filter "status:failed" cleared to show ` + common.ShortID(running))
	h.sameTarget(common.ShortID(running), "")
}
