package executions

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/screens/failures"
)

// triageKey handles the keys of issue 11 on the executions screen: zoom
// the pane, the Cause block's keys (also while the list has the focus),
// and the failures screen. ok is false for any other key.
func (m Model) triageKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Zoom):
		return m, m.toggleZoom(), true
	case key.Matches(msg, k.Failures):
		return m, m.OpenFailures(), true
	case key.Matches(msg, k.Traceback, k.CopyCause, k.CopyError):
		if !m.paneOpen {
			return m, common.Status("open a failed execution ("+k.Open.Help().Key+") to read or copy its cause", false), true
		}
		var cmd tea.Cmd
		m.pane, cmd, _ = m.pane.TriageKey(msg)
		return m, cmd, true
	}
	return m, nil, false
}

// toggleZoom gives the pane the whole body, or gives the list its place
// back. Zooming with the pane closed opens it.
func (m *Model) toggleZoom() tea.Cmd {
	var cmd tea.Cmd
	if !m.paneOpen {
		cmd = m.openPane()
		m.zoom = true
	} else {
		m.zoom = !m.zoom
	}
	m.relayout()
	return cmd
}

// Zoomed reports whether the pane fills the body.
func (m Model) Zoomed() bool { return m.zoom && m.paneOpen }

// zoomLayout is the layout with the pane over the whole body.
func zoomLayout(l layout, w, h int) layout {
	l.paneW, l.paneH, l.paneRight = w, h, false
	return l
}

// OpenFailures pushes the failures screen for the same scope.
func (m Model) OpenFailures() tea.Cmd {
	o := failures.Options{Manager: m.o.Manager, Parent: m.id, AllTenants: m.o.AllTenants, Limit: m.o.Limit,
		Timeout: m.o.Timeout, System: m.system, Deployment: m.o.Deployment, Workflow: m.o.Workflow, Blueprint: m.o.Blueprint}
	return func() tea.Msg {
		return common.PushMsg{New: func(ctx common.Context, id common.ID) common.Screen { return failures.New(ctx, id, o) }}
	}
}

// onNarrow shows only one failure group's executions.
func (m Model) onNarrow(msg failures.NarrowMsg) (Model, tea.Cmd) {
	m.dropPending()
	m.narrow = msg.Cause
	m.list.SetOnly(msg.IDs)
	// The selection moved without the user: the pane follows it at once,
	// so that the keys never act on an execution the list no longer shows
	// highlighted.
	return m, tea.Batch(m.followSelection(), common.Status("showing the "+common.Plural(len(msg.IDs), "failure")+" of one cause; "+m.keys.Back.Help().Key+" shows every execution again", false))
}

// clearNarrow shows every execution again.
func (m *Model) clearNarrow() bool {
	if m.narrow == "" {
		return false
	}
	m.narrow = ""
	m.list.SetOnly(nil)
	return true
}

// narrowFooter names the cause the list is narrowed to, after sep.
func (m Model) narrowFooter(sep string) string {
	if m.narrow == "" {
		return ""
	}
	return sep + m.styles.FilterPrompt.Render("cause: ") + m.styles.FilterText.Render(clean(m.narrow)) +
		m.styles.Muted.Render(" ("+m.keys.Back.Help().Key+" clears)")
}
