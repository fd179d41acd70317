package operations

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/common"
)

// The wheel moves the tree's cursor three rows and ends follow mode, as
// moving by hand does; while the events have the keys it scrolls them and
// leaves the cursor.
func TestWheelMovesTheTreeOrScrollsTheEvents(t *testing.T) {
	h := newSample(t, 120, 40)
	h.press("g")
	h.send(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
	if h.m.cursor != common.WheelRows || h.m.follow {
		t.Fatalf("wheel down: cursor %d, follow %v", h.m.cursor, h.m.follow)
	}
	h.send(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelUp})
	h.send(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelUp})
	if h.m.cursor != 0 {
		t.Fatalf("wheel up past the top: cursor %d", h.m.cursor)
	}
	h.selectRow("retry 14/60")
	h.press("enter")
	at := h.m.cursor
	h.send(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
	if h.m.cursor != at {
		t.Fatalf("the wheel moved the tree (%d → %d) while the events had the keys", at, h.m.cursor)
	}
}
