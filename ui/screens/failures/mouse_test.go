package failures

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// The wheel moves the cursor three groups, within the list.
func TestWheelMovesTheCursor(t *testing.T) {
	var execs []client.Execution
	for i, word := range []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"} {
		e := uitest.Exec(uitest.UUID(i+1), "install", "web", client.StatusFailed, time.Duration(i+1)*time.Minute)
		e.Error = client.Some("RuntimeError: " + word + " went wrong")
		execs = append(execs, e)
	}
	theme, _ := themes.Get("mono")
	ctx := common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme), Now: func() time.Time { return uitest.T0 }}
	m := New(ctx, 7, Options{Manager: uitest.NewManager(execs...)}).SetSize(80, 20).(Model)
	m, _ = run(m, m.Init())
	if len(m.Groups()) != 8 {
		t.Fatalf("test setup: %d groups", len(m.Groups()))
	}
	wheel := func(b tea.MouseButton) {
		next, _ := m.Update(tea.MouseWheelMsg{X: 3, Y: 3, Button: b})
		m = next.(Model)
	}
	wheel(tea.MouseWheelDown)
	if m.cursor != common.WheelRows {
		t.Fatalf("wheel down: cursor %d", m.cursor)
	}
	wheel(tea.MouseWheelDown)
	wheel(tea.MouseWheelDown)
	if m.cursor != 7 {
		t.Fatalf("wheel down past the end: cursor %d", m.cursor)
	}
	wheel(tea.MouseWheelUp)
	wheel(tea.MouseWheelUp)
	wheel(tea.MouseWheelUp)
	if m.cursor != 0 {
		t.Fatalf("wheel up past the top: cursor %d", m.cursor)
	}
}
