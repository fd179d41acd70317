package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/uitest"
)

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
