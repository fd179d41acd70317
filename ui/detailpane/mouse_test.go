package detailpane

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
)

// The wheel scrolls the pane whether it has the keys or not (the screen
// sends it the wheel only when the pointer is over it): up leaves the tail,
// back down to the end follows it again, and at an end it changes nothing.
func TestWheelScrollsUnfocusedPane(t *testing.T) {
	id := "cccccccc-2222"
	src := &fakeSource{execs: map[string]client.Execution{id: execution(id, client.StatusStarted)},
		events: map[string][]client.Event{id: events(80, "ev")}}
	d := newDriver(src)
	d.m.SetFocused(false)
	d.run(d.m.Show(execution(id, client.StatusStarted)))
	if !d.m.Following() || !d.m.vp.AtBottom() {
		t.Fatal("test setup: a running execution does not follow its tail")
	}
	bottom := d.m.vp.YOffset()
	down := tea.MouseWheelMsg{Button: tea.MouseWheelDown}
	up := tea.MouseWheelMsg{Button: tea.MouseWheelUp}

	d.m = d.m.Wheel(down)
	if d.m.vp.YOffset() != bottom || !d.m.Following() {
		t.Fatalf("the wheel down at the end moved to %d (from %d), following %v", d.m.vp.YOffset(), bottom, d.m.Following())
	}
	d.m = d.m.Wheel(up)
	if got := d.m.vp.YOffset(); got != bottom-common.WheelRows || d.m.Following() {
		t.Fatalf("the wheel up: offset %d, want %d; following %v", got, bottom-common.WheelRows, d.m.Following())
	}
	d.m = d.m.Wheel(down)
	if d.m.vp.YOffset() != bottom || !d.m.Following() {
		t.Fatalf("the wheel back down: offset %d, want %d; following %v", d.m.vp.YOffset(), bottom, d.m.Following())
	}

	// Through Update the wheel acts only while focused: an unfocused pane
	// is scrolled by its screen, which knows where the pointer is.
	d.send(up)
	if d.m.vp.YOffset() != bottom {
		t.Fatal("Update scrolled an unfocused pane")
	}
	d.m.SetFocused(true)
	d.send(up)
	if d.m.vp.YOffset() != bottom-common.WheelRows {
		t.Fatalf("Update did not scroll the focused pane: offset %d", d.m.vp.YOffset())
	}
}
