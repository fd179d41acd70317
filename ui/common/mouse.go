package common

import tea "charm.land/bubbletea/v2"

// The mouse, with --mouse. The shell gives the top screen the clicks and the
// wheel over its body only, with Y counted from the body's first line (X
// from the terminal's left edge, as drawn); never while a dialog, the help,
// the command line or the screen's own text input is open. Motion and
// release events are dropped before they reach the model.

// WheelRows is how many rows one notch of the wheel moves a list.
const WheelRows = 3

// WheelStep is the rows one wheel event moves a list: WheelRows down,
// -WheelRows up, 0 for a sideways wheel.
func WheelStep(msg tea.MouseWheelMsg) int {
	switch msg.Button {
	case tea.MouseWheelDown:
		return WheelRows
	case tea.MouseWheelUp:
		return -WheelRows
	}
	return 0
}
