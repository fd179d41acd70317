package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/screens/events"
	"github.com/cfytop/cfytop/ui/screens/executions"
	"github.com/cfytop/cfytop/ui/screens/messages"
	"github.com/cfytop/cfytop/ui/screens/operations"
)

// newExecutionsScreen builds the bottom screen for a connection.
func newExecutionsScreen(ctx common.Context, id common.ID, o Options, conn Connection, execution, filter string) common.Screen {
	return executions.New(ctx, id, executions.Options{
		Manager: conn.Manager, AllTenants: o.AllTenants, Refresh: o.Refresh, Limit: o.Limit,
		Deployment: o.Deployment, Status: o.Status, Workflow: o.Workflow, Blueprint: o.Blueprint,
		System: o.System, Filter: filter, Execution: execution, Timeout: o.Timeout, Resync: o.Resync,
		Stuck: o.Stuck, ActionHint: actionHint(ctx.Keys),
	})
}

// command is one thing the `:` command line runs. Every screen adds one
// here; this table is the only place the shell learns about screens.
type command struct {
	name    string
	aliases []string
	arg     string // the argument's name in help, "" for none
	about   string
	run     func(a App, arg string) (App, tea.Cmd)
	args    func(a App) []string // completion candidates for the argument
}

// commands is the command line's table.
var commands = []command{
	{name: "executions", aliases: []string{"ex"}, about: "the executions list (the bottom screen)",
		run: func(a App, _ string) (App, tea.Cmd) { return a.popToBottom() }},
	{name: "failures", aliases: []string{"fail"}, about: "the failed executions in scope, grouped by cause",
		run: func(a App, _ string) (App, tea.Cmd) {
			a, pop := a.popToBottom()
			if ex, ok := a.stack[0].(executions.Model); ok {
				return a, tea.Sequence(pop, ex.OpenFailures())
			}
			return a, pop
		}},
	{name: "tenant", arg: "NAME", about: "show another tenant of this manager",
		run:  func(a App, arg string) (App, tea.Cmd) { return a.switchTo(Switch{Tenant: arg}) },
		args: func(a App) []string { return a.tenants }},
	{name: "profile", arg: "NAME", about: "connect with another cfy profile",
		run: func(a App, arg string) (App, tea.Cmd) { return a.switchTo(Switch{Profile: arg}) },
		args: func(a App) []string {
			if a.o.Profiles == nil {
				return nil
			}
			return a.o.Profiles()
		}},
	{name: "quit", aliases: []string{"q"}, about: "quit cfytop",
		run: func(a App, _ string) (App, tea.Cmd) { return a.quit() }},
	{name: "events", about: "the events timeline: every execution's events and logs",
		run: func(a App, _ string) (App, tea.Cmd) {
			return a, events.Open(a.conn.Manager, events.Options{AllTenants: a.o.AllTenants, Refresh: a.o.Refresh, Timeout: a.o.Timeout})
		}},
	{name: "messages", aliases: []string{"log"}, about: "every message of this session, whole",
		run: func(a App, _ string) (App, tea.Cmd) { return a.openMessages() }},
	{name: "operations", aliases: []string{"ops"}, about: "the operations of the selected execution, by node instance",
		run: func(a App, _ string) (App, tea.Cmd) {
			e, _ := a.target()
			return a, operations.OpenFrom(a.stack[0].ID(), a.conn.Manager, e, a.o.Refresh, a.o.Timeout)
		}},
	{name: "groups", about: "the execution groups: a workflow run on a deployment group",
		run: func(a App, _ string) (App, tea.Cmd) { return a.pushGroups() }},
}

// openMessages pushes the message log, as it stands now.
func (a App) openMessages() (App, tea.Cmd) {
	if a.topScreen().Title() == "messages" {
		return a, nil
	}
	entries := a.status.log
	return a.push(func(ctx common.Context, id common.ID) common.Screen { return messages.New(ctx, id, entries) })
}

// findCommand looks a command up by name or alias.
func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name || slices.Contains(c.aliases, name) {
			return c, true
		}
	}
	return command{}, false
}

// commandNames lists every command for errors and completion.
func commandNames() []string {
	var out []string
	for _, c := range commands {
		out = append(out, c.name)
	}
	return out
}

// commandUsage lists every command as help names it: "tenant NAME".
func commandUsage() []string {
	var out []string
	for _, c := range commands {
		out = append(out, strings.TrimSpace(c.name+" "+c.arg))
	}
	return out
}

func (a App) openCommand() (App, tea.Cmd) {
	var cmd tea.Cmd
	a.cmd, cmd = a.cmd.Start(commandUsage())
	if a.tenants == nil && a.o.Connect != nil && !a.o.AllTenants {
		return a, tea.Batch(cmd, fetchTenants(a.conn, a.o.Timeout))
	}
	return a, cmd
}

// commandKey handles a key while the command line is open: nothing typed
// here reaches a screen.
func (a App) commandKey(msg tea.KeyPressMsg) (App, tea.Cmd) {
	switch {
	case key.Matches(msg, a.keys.DialogClose):
		a.cmd = a.cmd.Close()
		return a, nil
	case a.cmd.IsComplete(msg):
		a.cmd = a.cmd.Complete(a.completions(a.cmd.Value()))
		return a, nil
	case key.Matches(msg, a.keys.DialogSubmit):
		var line string
		a.cmd, line = a.cmd.Submit()
		return a.runCommand(line)
	}
	var cmd tea.Cmd
	a.cmd, cmd = a.cmd.Update(msg)
	return a, cmd
}

// completions are the candidates for the word being typed: a command name,
// or the command's argument.
func (a App) completions(line string) []string {
	fields := strings.Fields(line)
	if len(fields) == 0 || (len(fields) == 1 && !strings.HasSuffix(line, " ")) {
		return commandNames()
	}
	c, ok := findCommand(fields[0])
	if !ok || c.args == nil {
		return nil
	}
	return c.args(a)
}

// runCommand runs one line of the command line.
func (a App) runCommand(line string) (App, tea.Cmd) {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return a, nil
	}
	c, ok := findCommand(fields[0])
	if !ok {
		return a, a.setStatus(fmt.Sprintf("unknown command %q; the commands are: %s", fields[0], strings.Join(commandNames(), ", ")), true)
	}
	arg := strings.Join(fields[1:], " ")
	switch {
	case c.arg == "" && arg != "":
		return a, a.setStatus(fmt.Sprintf(":%s takes no argument", c.name), true)
	case c.arg != "" && arg == "":
		msg := fmt.Sprintf(":%s needs %s", c.name, c.arg)
		if c.args != nil {
			if known := c.args(a); len(known) > 0 {
				msg += "; known: " + strings.Join(known, ", ")
			}
		}
		return a, a.setStatus(msg, true)
	}
	return c.run(a, arg)
}

// tenantsMsg answers the tenants fetch for completion.
type tenantsMsg struct{ names []string }

// fetchTenants asks the manager which tenants the user may see, once per
// session, when the command line first opens.
func fetchTenants(conn Connection, timeout time.Duration) tea.Cmd {
	lister, ok := conn.Manager.(TenantLister)
	if !ok {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		tenants, err := lister.Tenants(ctx)
		names := []string{} // fetched, even if empty: not asked again
		if err == nil {
			for _, t := range tenants {
				names = append(names, textsafe.Clean(t.Name)) // completion types it into the prompt
			}
		}
		return tenantsMsg{names: names}
	}
}

// TenantLister is a manager that can list its tenants (GET /tenants).
type TenantLister interface {
	Tenants(ctx context.Context) ([]client.Tenant, error)
}
