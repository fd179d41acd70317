package executions

import (
	"strings"

	"github.com/cfytop/cfytop/ui/common"
)

// View is the list, with the detail pane when it is open.
func (m Model) View() string {
	m.list.SetCursorShown(m.cursorShown())
	list := m.list.View()
	if !m.paneOpen {
		return list
	}
	pane := m.pane.View()
	if m.Zoomed() {
		return pane
	}
	var b strings.Builder
	common.WriteBlock(&b, list, m.lay.listH)
	if m.lay.paneRight {
		return common.JoinColumns(strings.TrimSuffix(b.String(), "\n"), m.lay.listW, pane)
	}
	b.WriteString(pane)
	return b.String()
}

// Footer is the filter, being typed or in force.
func (m Model) Footer(int) string {
	switch {
	case m.focus == focusFilter:
		left := m.filterIn.View()
		if m.filter.err != "" {
			left += "  " + m.styles.FilterError.Render("✗ "+clean(m.filter.err)+" (showing the last good filter)")
		}
		return left
	case m.filter.text != "":
		return m.styles.FilterPrompt.Render("filter: ") + m.styles.FilterText.Render(clean(m.filter.text)) + m.narrowFooter(" · ")
	}
	return m.narrowFooter("")
}
