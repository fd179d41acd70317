package executions

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/themes"
)

// filterState is the filter in force (the last text that parsed) and what is
// wrong with the text being typed, if anything.
type filterState struct {
	text string
	err  string
}

func newFilterInput(s *themes.Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "status:failed dep:web !wf:install is:active"
	st := textinput.DefaultDarkStyles()
	st.Focused.Prompt, st.Blurred.Prompt = s.FilterPrompt, s.FilterPrompt
	st.Focused.Text, st.Blurred.Text = s.FilterText, s.FilterText
	st.Focused.Placeholder, st.Blurred.Placeholder = s.Muted, s.Muted
	st.Cursor.Blink = false // a blinking cursor would redraw twice a second
	in.SetStyles(st)
	return in
}

func (m *Model) openFilter() tea.Cmd {
	m.focus = focusFilter
	m.pane.SetFocused(false)
	m.filterIn.CursorEnd()
	return m.filterIn.Focus()
}

// leaveFilter returns the keys to the list (or the pane if it is open and was
// focused before: the list is where the filter's effect is seen).
func (m *Model) leaveFilter() {
	m.filterIn.Blur()
	m.setFocus(focusList)
}

func (m Model) filterKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back):
		if m.filter.text != "" || m.filterIn.Value() != "" {
			m.dropPending()
		}
		m.clearFilter()
		m.leaveFilter()
		return m, m.afterListChange()
	case key.Matches(msg, m.keys.Open):
		m.filterIn.SetValue(m.filter.text) // keep what is in force
		m.filter.err = ""
		m.leaveFilter()
		return m, m.afterListChange()
	}
	before := m.filterIn.Value()
	var cmd tea.Cmd
	m.filterIn, cmd = m.filterIn.Update(msg)
	if m.filterIn.Value() == before {
		return m, cmd
	}
	m.dropPending() // the user narrows the list: the selection is theirs now
	m.applyFilter()
	m.sizeFilterInput()
	return m, tea.Batch(cmd, m.afterListChange())
}

// applyFilter parses the input; a good filter is applied at once, a bad one
// is explained and the last good result stays.
func (m *Model) applyFilter() {
	v := m.filterIn.Value()
	q, err := filter.Parse(v)
	if err != nil {
		m.filter.err = err.Error()
		return
	}
	m.filter.err = ""
	m.filter.text = v
	m.list.SetFilter(q)
}

// sizeFilterInput fits the input to its text, so an error can follow it.
func (m *Model) sizeFilterInput() {
	w := max(len([]rune(m.filterIn.Value()))+1, len([]rune(m.filterIn.Placeholder))+1)
	m.filterIn.SetWidth(min(w, max(m.width/2, 20)))
}

func (m *Model) clearFilter() {
	m.filterIn.SetValue("")
	m.applyFilter()
}
