package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/actions"
	"github.com/cfytop/cfytop/ui/common"
)

// bulkKey opens the bulk preview for an action key when the top screen has
// marks: the key then acts on the marked executions, never on the
// selection alone. Start is not an action on executions and keeps its
// wizard. A disabled (read-only) key is left to actionKey, which says why.
func (a App) bulkKey(msg tea.KeyPressMsg) (App, tea.Cmd, bool) {
	mk, ok := a.topScreen().(common.Marker)
	if !ok {
		return a, nil, false
	}
	for _, kind := range actions.Kinds {
		if kind == actions.Start || !key.Matches(msg, actions.Binding(a.keys, kind)) {
			continue
		}
		marked := mk.Marked()
		if len(marked) == 0 {
			return a, nil, false
		}
		var cmd tea.Cmd
		a.actions, cmd = a.actions.OpenBulk(kind, marked, actions.BulkOptions{Tenants: a.tenants})
		return a, cmd, true
	}
	return a, nil, false
}
