package executions

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/screens/events"
	"github.com/cfytop/cfytop/ui/screens/operations"
)

// onKey handles the keys the shell passes down: the filter input while it
// is typed, the screen's own keys, then movement in the focused part.
func (m Model) onKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if m.focus == focusFilter {
		return m.filterKey(msg)
	}
	paneKeys := m.focus == focusPane && m.paneOpen
	if paneKeys && m.pane.SearchTyping() {
		return m.updatePane(msg) // the pane's search input: every key is text
	}
	k := m.keys
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.Filter) && paneKeys:
		cmd = m.pane.OpenSearch() // search the pane's events, not the list
	case key.Matches(msg, k.Filter):
		cmd = m.openFilter()
	case key.Matches(msg, k.Back):
		if m.filter.text == "" && m.filterIn.Value() == "" {
			if m.clearNarrow() {
				return m, m.afterListChange()
			}
			return m, nil
		}
		m.dropPending()
		m.clearFilter()
		cmd = m.afterListChange()
	case key.Matches(msg, k.Open):
		cmd = m.openPane()
	case key.Matches(msg, k.Focus):
		cmd = m.switchFocus()
	case key.Matches(msg, k.Sort):
		m.list.CycleSort()
		cmd = m.afterListChange()
	case key.Matches(msg, k.Reverse):
		m.list.ReverseSort()
		cmd = m.afterListChange()
	case key.Matches(msg, k.Refresh):
		cmd = m.refreshNow()
	case key.Matches(msg, k.Pause):
		cmd = m.togglePause()
	case key.Matches(msg, k.System):
		cmd = m.toggleSystem()
	case key.Matches(msg, k.Events):
		cmd = events.Open(m.o.Manager, events.Options{AllTenants: m.o.AllTenants, Refresh: m.o.Refresh, Timeout: m.o.Timeout})
	case key.Matches(msg, k.Operations):
		e, _ := m.Target()
		cmd = operations.OpenFrom(m.id, m.o.Manager, e, m.o.Refresh, m.o.Timeout)
	case key.Matches(msg, k.Mark):
		m.toggleMark()
	case key.Matches(msg, k.MarkRange):
		m.markRange()
	case key.Matches(msg, k.MarkAll):
		m.markShown()
	case key.Matches(msg, k.ClearMarks):
		cmd = m.clearMarks()
	default:
		if next, cmd, ok := m.triageKey(msg); ok {
			return next, cmd
		}
		return m.childKey(msg)
	}
	return m, cmd
}

// childKey gives movement keys to the focused child.
func (m Model) childKey(msg tea.Msg) (Model, tea.Cmd) {
	if m.focus == focusPane && m.paneOpen {
		return m.updatePane(msg)
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	if m.list.SelectedID() != m.selID {
		m.dropPending() // the user chose another execution
	}
	return m, tea.Batch(cmd, m.afterListChange())
}

// Back closes what is open, one level at a time: the filter being typed,
// then the pane's search, then the pane. A filter in force is not "open": q leaves it be, and esc
// (which the shell then passes on) clears it.
func (m Model) Back() (common.Screen, tea.Cmd, bool) {
	switch {
	case m.focus == focusFilter:
		if m.filter.text != "" || m.filterIn.Value() != "" {
			m.dropPending()
		}
		m.clearFilter()
		m.leaveFilter()
		return m, m.afterListChange(), true
	case m.Zoomed():
		m.zoom = false
		m.relayout()
		return m, nil, true
	case m.paneOpen && m.pane.CloseSearch():
		return m, nil, true
	case m.paneOpen:
		m.closePane()
		return m, nil, true
	}
	return m, nil, false
}

func (m *Model) openPane() tea.Cmd {
	if m.paneOpen {
		m.setFocus(focusPane)
		return nil
	}
	m.paneOpen = true
	m.setFocus(focusPane)
	m.relayout()
	e, ok := m.Selected()
	if !ok {
		return nil
	}
	m.selID = e.ID
	return tea.Batch(m.pane.Show(e), m.ensureClock())
}

func (m *Model) closePane() {
	m.dropPending() // the user left it: it must not come back by itself
	m.paneOpen, m.zoom = false, false
	m.pane.Stop()
	m.setFocus(focusList)
	m.relayout()
}

func (m *Model) switchFocus() tea.Cmd {
	if !m.paneOpen {
		return m.openPane()
	}
	if m.focus == focusPane {
		m.setFocus(focusList)
	} else {
		m.setFocus(focusPane)
	}
	return nil
}

func (m *Model) setFocus(f focus) {
	m.focus = f
	m.pane.SetFocused(f == focusPane)
}

func (m *Model) refreshNow() tea.Cmd {
	switch {
	case m.poll.paused:
		return common.Status("paused: press "+m.keys.Pause.Help().Key+" to resume live updates", false)
	case m.poll.inflight:
		m.poll.manual = true // already on its way; the header says so
		return nil
	}
	return m.startPoll(true)
}

func (m *Model) togglePause() tea.Cmd {
	m.poll.paused = !m.poll.paused
	if m.poll.paused {
		m.stopPoll()
		return common.Status("paused: the list stays as it is until you press "+m.keys.Pause.Help().Key+" again", false)
	}
	return tea.Batch(m.startPoll(true), common.Status("live updates resumed", false))
}

func (m *Model) toggleSystem() tea.Cmd {
	m.system = !m.system
	word := "hidden"
	if m.system {
		word = "shown"
	}
	st := common.Status("system workflows "+word, false)
	if m.poll.paused {
		return st
	}
	return tea.Batch(st, m.startPoll(true))
}
