package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/ui/actions"
	"github.com/cfytop/cfytop/ui/common"
)

// onKey sends a key to whoever owns it, first come first served: the
// too-small notice, an open dialog, the help screen, the command line, a
// screen typing text, the shell's own keys, the action keys, then the top
// screen. While the terminal is too small nothing is shown but the notice,
// so nothing can be confirmed blind: an open dialog gets only its back-out
// keys.
func (a App) onKey(msg tea.KeyPressMsg) (App, tea.Cmd) {
	k := a.keys
	switch {
	case a.tooSmall && a.width > 0:
		switch {
		case a.actions.Active() && key.Matches(msg, k.DialogClose):
			return a.updateActions(msg)
		case key.Matches(msg, k.Quit, k.QuitNow):
			return a.quit()
		}
		return a, nil
	case a.actions.Active():
		return a.updateActions(msg)
	case key.Matches(msg, k.QuitNow):
		return a.quit()
	case a.showHelp:
		return a.helpKey(msg)
	case a.cmd.Open():
		return a.commandKey(msg)
	case a.topScreen().InputActive():
		return a.updateTop(msg)
	}
	quitArmed := a.quitArmed
	a.quitArmed = false // armed by q alone, for the next key
	switch {
	case key.Matches(msg, k.Back) && a.status.warning != "":
		a.status.warning = "" // seen: the back key dismisses it first
		return a, nil
	case key.Matches(msg, k.Quit, k.Back):
		return a.back(msg, quitArmed)
	case key.Matches(msg, k.Help):
		a.showHelp = true
		return a, nil
	case key.Matches(msg, k.Command):
		return a.openCommand()
	case key.Matches(msg, k.Messages):
		return a.openMessages()
	case key.Matches(msg, k.Times):
		return a.cycleTimes()
	}
	if next, cmd, ok := a.actionKey(msg); ok {
		return next, cmd
	}
	return a.updateTop(msg)
}

// back backs out one level: whatever the top screen has open, then the
// screen itself. q on the bottom screen with nothing open quits, a filter
// in force or not (as k9s does); esc there goes to the screen (the
// executions list clears its filter), so that a stray esc never ends the
// session. With marks set, the first q says so and only a second one in a
// row quits (armed): a selection the user built is not dropped unsaid.
func (a App) back(msg tea.KeyPressMsg, armed bool) (App, tea.Cmd) {
	a.stack = append([]common.Screen(nil), a.stack...)
	i := len(a.stack) - 1
	s, cmd, ok := a.stack[i].Back()
	if ok {
		a.stack[i] = s
		return a, tea.Batch(cmd, a.refreshTop())
	}
	if len(a.stack) > 1 {
		return a.pop()
	}
	if key.Matches(msg, a.keys.Quit) {
		if n := a.markedCount(); n > 0 && !armed {
			a.quitArmed = true
			return a, a.setStatus(fmt.Sprintf("%d marked: %s again to quit, %s clears the marks",
				n, a.keys.Quit.Help().Key, a.keys.ClearMarks.Help().Key), false)
		}
		return a.quit()
	}
	return a.updateTop(msg)
}

// markedCount is how many executions the bottom screen has marked.
func (a App) markedCount() int {
	if mk, ok := a.stack[0].(common.Marker); ok {
		return len(mk.Marked())
	}
	return 0
}

// quit cancels the requests in flight; the screen is left as it is for the
// last frame. An action request still out is waited for (tea.Quit does not
// wait for running Cmds, and its result, row update and toast would be
// lost); a second press quits at once.
func (a App) quit() (App, tea.Cmd) {
	if a.actions.InFlight() && !a.quitWait {
		a.quitWait = true
		what := a.actionWord
		if what == "" {
			what = "action"
		}
		return a, a.setStatus("waiting for the "+what+" request to finish before quitting (press again to quit now)", false)
	}
	a.stopScreens()
	return a, tea.Quit
}

func (a App) helpKey(msg tea.KeyPressMsg) (App, tea.Cmd) {
	k := a.keys
	switch {
	case key.Matches(msg, k.Help, k.Back, k.Quit):
		a.showHelp, a.helpTop = false, 0
	case key.Matches(msg, k.Down):
		a.scrollHelp(1)
	case key.Matches(msg, k.Up):
		a.scrollHelp(-1)
	case key.Matches(msg, k.PageDown, k.HalfDown):
		a.scrollHelp(a.bodyH / 2)
	case key.Matches(msg, k.PageUp, k.HalfUp):
		a.scrollHelp(-a.bodyH / 2)
	}
	return a, nil
}

// scrollHelp moves the full help n lines, within its length.
func (a *App) scrollHelp(n int) {
	last := strings.Count(a.fullHelp(a.width), "\n") + 1 - (a.bodyH - 1)
	a.helpTop = max(0, min(a.helpTop+n, last))
}

// target is the execution the action keys act on: the top screen's
// selection, when it has one.
func (a App) target() (client.Execution, bool) {
	if t, ok := a.topScreen().(common.Targeter); ok {
		return t.Target()
	}
	return client.Execution{}, false
}

// actionKey opens the dialog for an action key, copies for y/Y, and says why
// nothing happens when the actions are disabled. Only screens that have a
// selection of executions take action keys.
func (a App) actionKey(msg tea.KeyPressMsg) (App, tea.Cmd, bool) {
	if _, ok := a.topScreen().(common.Targeter); !ok {
		return a, nil, false
	}
	if next, cmd, ok := a.bulkKey(msg); ok {
		return next, cmd, true // marks set: the marked executions, through a preview
	}
	k := a.keys
	if gs, ok := a.topScreen().(common.GroupStarter); ok && key.Matches(msg, actions.Binding(k, actions.Start)) {
		var cmd tea.Cmd
		a.actions, cmd = a.actions.OpenGroupStart(gs.StartGroup()) // on a deployment group
		return a, cmd, true
	}
	e, ok := a.target()
	var sel *client.Execution
	if ok {
		sel = &e
	}
	switch {
	case key.Matches(msg, k.CopyID):
		if sel == nil {
			return a, a.setStatus("nothing selected to copy", true), true
		}
		return a, actions.CopyID(sel), true
	case key.Matches(msg, k.CopyCommand):
		if sel == nil {
			return a, a.setStatus("nothing selected to copy", true), true
		}
		return a, actions.CopyCommand(sel, a.conn.Tenant), true // the execution's own tenant wins
	}
	for _, kind := range actions.Kinds {
		b := actions.Binding(k, kind)
		switch {
		case key.Matches(msg, b):
			if sel == nil && kind != actions.Start {
				return a, a.setStatus("select an execution first", true), true
			}
			var cmd tea.Cmd
			a.actions, cmd = a.actions.Open(kind, sel)
			return a, cmd, true
		case !b.Enabled() && keymap.Bound(msg, b):
			return a, a.setStatus("read-only mode: "+b.Help().Desc+" is disabled", true), true
		}
	}
	return a, nil, false
}
