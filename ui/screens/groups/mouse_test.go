package groups

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/common"
)

// The wheel moves the cursor three groups, within the list, and the window
// follows it.
func TestWheelMovesTheCursor(t *testing.T) {
	s := twentyGroups()
	wheel := func(b tea.MouseButton) { s, _ = s.Update(tea.MouseWheelMsg{X: 3, Y: 3, Button: b}) }
	wheel(tea.MouseWheelDown)
	wheel(tea.MouseWheelDown)
	if got, want := s.(Model), 2*common.WheelRows; got.cursor != want || got.offset != want-4 { // on the window's last row
		t.Fatalf("two notches down: cursor %d, window at %d", got.cursor, got.offset)
	}
	for range 10 {
		wheel(tea.MouseWheelDown)
	}
	if got := s.(Model).cursor; got != 19 {
		t.Fatalf("down past the end: cursor %d", got)
	}
	for range 10 {
		wheel(tea.MouseWheelUp)
	}
	if got := s.(Model); got.cursor != 0 || got.offset != 0 {
		t.Fatalf("up past the top: cursor %d, window at %d", got.cursor, got.offset)
	}
}
