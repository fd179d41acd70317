package operations

import (
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/common"
)

// onWheel moves the tree's cursor as the arrow keys do (so it ends follow
// mode), or scrolls the events while they have the keys.
func (m Model) onWheel(msg tea.MouseWheelMsg) (Model, tea.Cmd) {
	if m.paneOpen && m.pane.Focused() {
		m.pane = m.pane.Wheel(msg)
		return m, nil
	}
	if n := common.WheelStep(msg); n != 0 {
		m.move(n)
	}
	return m, nil
}
