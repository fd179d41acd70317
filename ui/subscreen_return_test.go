package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/detailpane"
	"github.com/cfytop/cfytop/ui/uitest"
)

func isTail(m tea.Msg) bool { _, ok := m.(detailpane.TailMsg); return ok }

// Back from a sub-screen (the operations screen, :groups), the pane shows
// the execution it showed, from what it held: an ended execution is not
// read again, and the focus is where it was.
func TestPaneKeepsItsExecutionAcrossASubScreen(t *testing.T) {
	t.Run("groups", func(t *testing.T) {
		h := started(t, Options{})
		ended := uitest.UUID(2)
		h.selectRow(ended)
		h.press("enter")
		_, gets, events := h.fake.Counts()
		h.press(":")
		h.typeText("groups")
		h.press("enter")
		backToPane(h, ended)
		if _, g, e := h.fake.Counts(); g != gets || e != events {
			t.Fatalf("back on the list: %d execution and %d event reads, want none", g-gets, e-events)
		}
	})
	t.Run("operations", func(t *testing.T) {
		_, srv, cl := groupsSim(t)
		h := newHarness(t, Options{Manager: cl, ManagerLabel: srv.URL}, nil, 120, 40).start()
		h.press("enter")
		id := h.st().Pane.ID()
		if id == "" {
			t.Fatal("enter opened no execution")
		}
		h.press("o", "tab")
		backToPane(h, id)
	})
}

// backToPane presses esc on a sub-screen and checks that the list is back
// with the pane on id, holding the keys.
func backToPane(h *harness, id string) {
	h.t.Helper()
	if len(h.app.stack) != 2 {
		h.t.Fatalf("%d screens, want the sub-screen on top", len(h.app.stack))
	}
	h.press("esc")
	if len(h.app.stack) != 1 {
		h.t.Fatalf("%d screens after esc, want the list alone", len(h.app.stack))
	}
	h.mustContain("execution " + common.ShortID(id))
	h.mustNotContain("no execution selected")
	if st := h.st(); st.Pane.ID() != id || st.Focus != "pane" {
		h.t.Fatalf("pane %q focus %s, want %s and the pane", st.Pane.ID(), st.Focus, id)
	}
}

// A running execution's pane does not read while covered; the read that
// fell due meanwhile is made once on return.
func TestPaneReadsOnceOnReturnWhenATailFellDue(t *testing.T) {
	h := started(t, Options{})
	running := uitest.UUID(1)
	h.selectRow(running)
	h.press("enter")
	pushProbe(h)
	_, _, events := h.fake.Counts()
	h.fire(isTail)
	if _, _, e := h.fake.Counts(); e != events {
		t.Fatalf("the covered pane read events %d times", e-events)
	}
	h.press("esc")
	if _, _, e := h.fake.Counts(); e != events+1 {
		t.Fatalf("back on the list the pane read events %d times, want once", e-events)
	}
	if st := h.st(); st.Pane.ID() != running {
		t.Fatalf("pane %q, want %s", st.Pane.ID(), running)
	}
}
