package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/actions"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/screens/executions"
	"github.com/cfytop/cfytop/ui/screens/groups"
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
		var scope string
		if s, ok := mk.(interface{ MarkedScope() string }); ok {
			scope = s.MarkedScope()
		}
		var cmd tea.Cmd
		a.actions, cmd = a.actions.OpenBulk(kind, marked, actions.BulkOptions{Tenants: a.tenants, Scope: scope})
		return a, cmd, true
	}
	return a, nil, false
}

// pushGroups opens the execution groups screen; enter there lists a group's
// executions in an executions screen of their own.
func (a App) pushGroups() (App, tea.Cmd) {
	mgr, _ := a.conn.Manager.(groups.Manager)
	o, conn := a.o, a.conn
	return a.push(func(ctx common.Context, id common.ID) common.Screen {
		return groups.New(ctx, id, groups.Options{Manager: mgr, AllTenants: o.AllTenants, Timeout: o.Timeout, Refresh: o.Refresh,
			Members: func(ctx common.Context, id common.ID, groupID string) common.Screen {
				return executions.New(ctx, id, executions.Options{
					Manager: conn.Manager, AllTenants: o.AllTenants, Refresh: o.Refresh, Limit: o.Limit,
					System: true, Timeout: o.Timeout, Group: groupID, ActionHint: actionHint(ctx.Keys),
				})
			}})
	})
}
