package ui

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

func (a *App) openFilter() tea.Cmd {
	a.focus = focusFilter
	a.pane.SetFocused(false)
	a.filterIn.CursorEnd()
	return a.filterIn.Focus()
}

// leaveFilter returns the keys to the list (or the pane if it is open and was
// focused before: the list is where the filter's effect is seen).
func (a *App) leaveFilter() {
	a.filterIn.Blur()
	a.setFocus(focusList)
}

func (a App) filterKey(msg tea.KeyPressMsg) (App, tea.Cmd) {
	switch {
	case key.Matches(msg, a.keys.Back):
		if a.filter.text != "" || a.filterIn.Value() != "" {
			a.dropPending()
		}
		a.clearFilter()
		a.leaveFilter()
		return a, a.afterListChange()
	case key.Matches(msg, a.keys.Open):
		a.filterIn.SetValue(a.filter.text) // keep what is in force
		a.filter.err = ""
		a.leaveFilter()
		return a, a.afterListChange()
	case key.Matches(msg, a.keys.Quit) && msg.Text == "":
		return a.quit() // ctrl+c; a printable quit key is text here
	}
	before := a.filterIn.Value()
	var cmd tea.Cmd
	a.filterIn, cmd = a.filterIn.Update(msg)
	if a.filterIn.Value() == before {
		return a, cmd
	}
	a.dropPending() // the user narrows the list: the selection is theirs now
	a.applyFilter()
	a.sizeFilterInput()
	return a, tea.Batch(cmd, a.afterListChange())
}

// applyFilter parses the input; a good filter is applied at once, a bad one
// is explained and the last good result stays.
func (a *App) applyFilter() {
	v := a.filterIn.Value()
	q, err := filter.Parse(v)
	if err != nil {
		a.filter.err = err.Error()
		return
	}
	a.filter.err = ""
	a.filter.text = v
	a.list.SetFilter(q)
}

// sizeFilterInput fits the input to its text, so an error can follow it.
func (a *App) sizeFilterInput() {
	w := max(len([]rune(a.filterIn.Value()))+1, len([]rune(a.filterIn.Placeholder))+1)
	a.filterIn.SetWidth(min(w, max(a.width/2, 20)))
}

func (a *App) clearFilter() {
	a.filterIn.SetValue("")
	a.applyFilter()
}
