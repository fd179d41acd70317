package events

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
)

func (m Model) onKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if m.typing {
		return m.filterKey(msg)
	}
	k := m.keys
	h := m.listHeight()
	switch {
	case key.Matches(msg, k.Filter):
		m.typing = true
		m.filterIn.CursorEnd()
		return m, m.filterIn.Focus()
	case key.Matches(msg, k.Back):
		if m.filterTxt == "" {
			return m, nil
		}
		m.filterIn.SetValue("")
		m.applyFilter()
		return m, m.commitFilter()
	case key.Matches(msg, m.jumpKey):
		return m, m.jump()
	case key.Matches(msg, m.foldKey):
		if e, ok := m.selected(); ok && m.foldable(e) {
			if m.unfolded[m.sel] {
				delete(m.unfolded, m.sel)
			} else {
				m.unfolded[m.sel] = true
			}
			m.ensureVisible()
		}
	case key.Matches(msg, k.Pause):
		return m, m.togglePause()
	case key.Matches(msg, k.Refresh):
		if m.poll.paused {
			return m, common.Status("paused: press "+k.Pause.Help().Key+" to resume the stream", false)
		}
		m.poll.failures = 0
		return m, m.startPoll()
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.PageUp):
		m.move(-h)
	case key.Matches(msg, k.PageDown):
		m.move(h)
	case key.Matches(msg, k.HalfUp):
		m.move(-max(h/2, 1))
	case key.Matches(msg, k.HalfDown):
		m.move(max(h/2, 1))
	case key.Matches(msg, k.Top):
		m.move(-len(m.lines.matches))
	case key.Matches(msg, k.Bottom):
		m.move(len(m.lines.matches))
	}
	return m, nil
}

// move moves the selection by n lines of the filter's; reaching the newest
// follows again, leaving it stops following.
func (m *Model) move(n int) {
	ms := m.lines.matches
	if len(ms) == 0 {
		return
	}
	i := m.lines.index(m.sel) + n
	i = max(0, min(i, len(ms)-1))
	m.sel = ms[i]
	m.follow = i == len(ms)-1
	m.ensureVisible()
}

// jump asks the shell to show the selected line's execution in the list.
func (m Model) jump() tea.Cmd {
	e, ok := m.selected()
	if !ok || e.exec == "" {
		return common.Status("this line belongs to no execution", true)
	}
	msg := common.ShowExecutionMsg{ID: e.exec, Tenant: e.tenant}
	return func() tea.Msg { return msg }
}

func (m *Model) togglePause() tea.Cmd {
	m.poll.paused = !m.poll.paused
	if m.poll.paused {
		m.stopPoll()
		return common.Status("paused: no new events until you press "+m.keys.Pause.Help().Key+" again", false)
	}
	return tea.Batch(m.startPoll(), common.Status("stream resumed", false))
}

func newFilterInput(s *themes.Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "level:error type:task_failed dep:web since:15m"
	st := textinput.DefaultDarkStyles()
	st.Focused.Prompt, st.Blurred.Prompt = s.FilterPrompt, s.FilterPrompt
	st.Focused.Text, st.Blurred.Text = s.FilterText, s.FilterText
	st.Focused.Placeholder, st.Blurred.Placeholder = s.Muted, s.Muted
	st.Cursor.Blink = false
	in.SetStyles(st)
	return in
}

// filterKey handles a key while the filter is typed: every change filters
// the held lines at once; enter also asks the manager for what it can
// filter, when that changed.
func (m Model) filterKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back):
		return m, m.cancelFilter()
	case key.Matches(msg, m.keys.Open):
		m.typing = false
		m.filterIn.Blur()
		if m.filterErr != "" {
			err := m.filterErr
			m.filterIn.SetValue(m.filterTxt)
			m.filterErr = ""
			return m, common.Status("filter: "+err+" (the last good filter stays)", true)
		}
		return m, m.commitFilter()
	}
	before := m.filterIn.Value()
	var cmd tea.Cmd
	m.filterIn, cmd = m.filterIn.Update(msg)
	if m.filterIn.Value() != before {
		m.applyFilter()
	}
	return m, cmd
}

// cancelFilter clears the filter, as esc does in the executions list.
func (m *Model) cancelFilter() tea.Cmd {
	m.typing = false
	m.filterIn.Blur()
	m.filterIn.SetValue("")
	m.filterErr = ""
	m.applyFilter()
	return m.commitFilter()
}

// applyFilter filters the held lines by the text typed; a text that does not
// parse is explained and the last good filter stays.
func (m *Model) applyFilter() {
	v := m.filterIn.Value()
	q, err := filter.ParseEvents(v, m.nowFn())
	if err != nil {
		m.filterErr = err.Error()
		return
	}
	m.filterErr = ""
	m.lines.setQuery(q)
	m.afterChange()
}

// commitFilter puts the filter typed in force: when what the manager can
// filter changed, the timeline is read again with it.
func (m *Model) commitFilter() tea.Cmd {
	m.filterTxt = m.filterIn.Value()
	server := m.lines.query.Server()
	if server.Values().Encode() == m.server.Values().Encode() {
		return nil
	}
	m.server = server
	return m.restart()
}
