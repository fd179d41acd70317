package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/common"
)

// onMouse gives a click or a wheel over the body to the top screen, with Y
// counted from the body's first line (see common/mouse.go); the header and
// the footer take none. While something covers the screen (a dialog, the
// command line, the help) or the screen types text, the mouse never acts on
// what is behind: a stray click must not choose the execution a confirmed
// action goes to. The wheel scrolls the help while it is shown.
func (a App) onMouse(msg tea.MouseMsg) (App, tea.Cmd) {
	if !a.o.Mouse || a.tooSmall || a.width == 0 || a.actions.Active() || a.cmd.Open() {
		return a, nil
	}
	if a.showHelp {
		if w, ok := msg.(tea.MouseWheelMsg); ok {
			a.scrollHelp(common.WheelStep(w))
		}
		return a, nil
	}
	if a.topScreen().InputActive() {
		return a, nil // the filter or the search being typed stays as it is
	}
	y := msg.Mouse().Y - headerRows
	if y < 0 || y >= a.bodyH {
		return a, nil
	}
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		msg.Y = y
		return a.updateTop(msg)
	case tea.MouseWheelMsg:
		msg.Y = y
		return a.updateTop(msg)
	}
	return a, nil
}

// dropIdleMouse is the program's filter under --mouse: the motion while a
// button is held and the releases act on nothing, so they are dropped
// before they reach the model; each would cost an Update and a full View.
func dropIdleMouse(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg.(type) {
	case tea.MouseMotionMsg, tea.MouseReleaseMsg:
		return nil
	}
	return msg
}
