package groups

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
)

// The wheel moves the cursor three groups, within the list, and the window
// follows it.
func TestWheelMovesTheCursor(t *testing.T) {
	theme, _ := themes.Get("default")
	m := New(common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme)}, 1, Options{})
	for i := range 20 {
		m.rows = append(m.rows, row{g: client.ExecutionGroup{ID: fmt.Sprintf("group-%02d", i)}})
	}
	m.loaded = true
	s := m.SetSize(80, 6) // 5 rows under the header
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
