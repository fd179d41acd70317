package ui

import (
	"testing"

	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// A screen that points at an execution (the events timeline's enter) takes
// the user back to the list, with that execution selected and in the pane.
func TestShowExecutionPopsToTheListAndOpensIt(t *testing.T) {
	h := started(t, Options{})
	pushProbe(h)
	pushProbe(h)
	want := uitest.UUID(3)
	h.send(common.ShowExecutionMsg{ID: want})
	if len(h.app.stack) != 1 {
		t.Fatalf("%d screens on the stack, want the list alone", len(h.app.stack))
	}
	st := h.st()
	if !st.PaneOpen || st.Focus != "pane" || st.Pane.ID() != want || h.selectedID() != want {
		t.Fatalf("pane open %v focus %s pane %q selected %q; want %s in both", st.PaneOpen, st.Focus, st.Pane.ID(), h.selectedID(), want)
	}
}

// An execution the list does not have yet is shown in the pane at once and
// selected once a poll brings it.
func TestShowExecutionWaitsForTheList(t *testing.T) {
	h := started(t, Options{}, uitest.Sample()[:2]...)
	want := uitest.UUID(5)
	h.send(common.ShowExecutionMsg{ID: want})
	if st := h.st(); !st.PaneOpen || st.Pane.ID() != want {
		t.Fatalf("the pane shows %q, want %s", st.Pane.ID(), want)
	}
	h.fake.Set(uitest.Sample()...)
	h.fire(isPoll)
	if got := h.selectedID(); got != want {
		t.Fatalf("selected %q once the list had it, want %s", got, want)
	}
}
