package ui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/common"
)

// switchedMsg answers a switch of tenant or profile.
type switchedMsg struct {
	seq  int
	to   Switch
	conn Connection
	err  error
}

// switchTo asks for a new connection; the current one keeps working until
// the manager has accepted the new one.
func (a App) switchTo(to Switch) (App, tea.Cmd) {
	if a.o.Connect == nil {
		return a, a.setStatus("switching tenant or profile is not available here", true)
	}
	if a.o.AllTenants && to.Tenant != "" {
		return a, a.setStatus("every tenant is shown already (--all-tenants); start without it to pick one", true)
	}
	a.switchN++
	seq, cur, connect, timeout := a.switchN, a.conn, a.o.Connect, a.o.Timeout
	return a, tea.Batch(a.setStatus("connecting to "+describeSwitch(to)+"…", false), func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		conn, err := connect(ctx, cur, to)
		return switchedMsg{seq: seq, to: to, conn: conn, err: err}
	})
}

func describeSwitch(to Switch) string {
	if to.Profile != "" {
		return "profile " + textsafe.Clean(to.Profile)
	}
	return "tenant " + textsafe.Clean(to.Tenant)
}

// onSwitched puts the new connection in place: the screens start again for
// it, with no selection, and the header names the manager and the tenant. A
// refused switch leaves everything as it was and says why.
func (a App) onSwitched(msg switchedMsg) (App, tea.Cmd) {
	if msg.seq != a.switchN {
		return a, nil // a later switch was asked for
	}
	if msg.err != nil {
		return a, a.setStatus(fmt.Sprintf("cannot switch to %s, still showing tenant %s: %v",
			describeSwitch(msg.to), textsafe.Clean(a.conn.Tenant), msg.err), true)
	}
	if a.actions.InFlight() {
		return a, a.setStatus("an action request is still out: switch again once it is answered", true)
	}
	a.stopScreens()
	a.conn = msg.conn
	a.tenants = nil // another manager or user may see other tenants
	a.resetScreens("", "")
	return a, tea.Batch(a.stack[0].Init(), a.auditSwitch(msg.to),
		a.setStatus(fmt.Sprintf("now showing tenant %s on %s", textsafe.Clean(a.conn.Tenant), textsafe.Clean(a.conn.Label)), false))
}

// auditSwitch records the new tenant in the audit log, so that the actions
// that follow are read against the right one.
func (a App) auditSwitch(to Switch) tea.Cmd {
	log := a.o.Audit
	if log == nil {
		return nil
	}
	e := audit.Entry{
		Time: time.Now().UTC(), Manager: a.conn.Label, Tenant: a.conn.Tenant,
		Action: "switch-" + switchKind(to), Result: audit.ResultOK,
		Message: "now showing tenant " + a.conn.Tenant + " on " + a.conn.Label,
	}
	return func() tea.Msg {
		if err := log.Append(e); err != nil {
			return common.StatusMsg{Text: "could not write the audit log: " + err.Error(), IsError: true, Beside: true}
		}
		return nil
	}
}

func switchKind(to Switch) string {
	if to.Profile != "" {
		return "profile"
	}
	return "tenant"
}
