package executions

import (
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/common"
)

// part is what of the screen is at a point of its body.
type part int

const (
	partNone part = iota
	partList
	partPane
)

// partAt says what is drawn at (x, y) of the body, and the line of that
// part the point is on: the layout View draws, read back.
func (m Model) partAt(x, y int) (part, int) {
	if x < 0 || y < 0 || x >= m.width || y >= m.height {
		return partNone, 0
	}
	switch {
	case m.Zoomed():
		return partPane, y
	case !m.paneOpen:
		return partList, y
	case m.lay.paneRight:
		if x < m.lay.listW {
			return partList, y
		}
		return partPane, y
	case y < m.lay.listH:
		return partList, y
	}
	return partPane, y - m.lay.listH
}

// onClick: a left click on a row selects it and shows it in the pane (at
// once: a click is not a key held down); a click on the list gives the list
// the keys, one on the pane gives them to the pane. Elsewhere, or with
// another button, nothing happens.
func (m Model) onClick(msg tea.MouseClickMsg) (Model, tea.Cmd) {
	if msg.Button != tea.MouseLeft {
		return m, nil
	}
	where, line := m.partAt(msg.X, msg.Y)
	switch where {
	case partPane:
		m.setFocus(focusPane)
	case partList:
		m.setFocus(focusList)
		if id, ok := m.list.RowAt(line); ok {
			return m, m.clickRow(id)
		}
	}
	return m, nil
}

// clickRow selects the clicked execution: the user chose it.
func (m *Model) clickRow(id string) tea.Cmd {
	m.dropPending()
	m.list.Select(id)
	if !m.paneOpen || m.pane.ID() == id {
		return m.afterListChange()
	}
	m.ackSelected()
	e, _ := m.Selected()
	m.selID = e.ID
	m.settle++ // a settle still on its way is for an older selection
	return tea.Batch(m.pane.Show(e), m.ensureClock())
}

// onWheel scrolls what is under the pointer, whichever part has the keys:
// the list moves its selection (and the pane follows, as with the arrow
// keys) and takes the keys, so an action acts on the row it highlights; the
// pane scrolls its text.
func (m Model) onWheel(msg tea.MouseWheelMsg) (Model, tea.Cmd) {
	where, _ := m.partAt(msg.X, msg.Y)
	switch where {
	case partPane:
		m.pane = m.pane.Wheel(msg)
	case partList:
		m.setFocus(focusList)
		if !m.list.Scroll(common.WheelStep(msg)) {
			return m, nil
		}
		if m.list.SelectedID() != m.selID {
			m.dropPending() // the user chose another execution
		}
		return m, m.afterListChange()
	}
	return m, nil
}
