package detailpane

import tea "charm.land/bubbletea/v2"

// Wheel scrolls the pane by the wheel's rows, focused or not: the wheel
// acts on the pane under the pointer. Scrolling up stops following the
// tail; scrolling back to the end follows it again.
func (m Model) Wheel(msg tea.MouseWheelMsg) Model {
	before := m.vp.YOffset()
	m.vp, _ = m.vp.Update(msg)
	if m.vp.YOffset() == before {
		return m // at an end already: nothing moved, the user did not leave the tail
	}
	m.follow, m.scrolled = m.vp.AtBottom(), true
	return m
}
