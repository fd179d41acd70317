package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/ui/actions"
)

// onKey sends a key to whoever owns it: an open dialog, the help screen, the
// filter input, then the dashboard's own keys, then the focused child. While
// the terminal is too small nothing is shown but the notice, so nothing can
// be confirmed blind: an open dialog gets only its back-out keys.
func (a App) onKey(msg tea.KeyPressMsg) (App, tea.Cmd) {
	switch {
	case a.lay.tooSmall && a.width > 0:
		switch {
		case a.actions.Active() && key.Matches(msg, a.keys.DialogClose):
			return a.updateActions(msg)
		case key.Matches(msg, a.keys.Quit):
			return a.quit()
		}
		return a, nil
	case a.actions.Active():
		return a.updateActions(msg)
	case a.showHelp:
		return a.helpKey(msg)
	case a.focus == focusFilter:
		return a.filterKey(msg)
	}
	if next, cmd, ok := a.dashboardKey(msg); ok {
		return next, cmd
	}
	if next, cmd, ok := a.actionKey(msg); ok {
		return next, cmd
	}
	return a.childKey(msg)
}

// quit cancels the poll in flight; the screen is left as it is for the last
// frame. An action request still out is waited for (tea.Quit does not wait
// for running Cmds, and its result, row update and toast would be lost);
// a second press quits at once.
func (a App) quit() (App, tea.Cmd) {
	if a.actions.InFlight() && !a.quitWait {
		a.quitWait = true
		what := a.actionWord
		if what == "" {
			what = "action"
		}
		return a, a.setStatus("waiting for the "+what+" request to finish before quitting (press again to quit now)", false)
	}
	a.stopPoll()
	return a, tea.Quit
}

// dashboardKey handles the keys that work anywhere outside dialogs and the
// filter input.
func (a App) dashboardKey(msg tea.KeyPressMsg) (App, tea.Cmd, bool) {
	k := a.keys
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.Quit):
		a, cmd = a.quit()
	case key.Matches(msg, k.Help):
		a.showHelp = true
	case key.Matches(msg, k.Filter):
		cmd = a.openFilter()
	case key.Matches(msg, k.Back):
		cmd = a.back()
	case key.Matches(msg, k.Open):
		cmd = a.openPane()
	case key.Matches(msg, k.Focus):
		cmd = a.switchFocus()
	case key.Matches(msg, k.Sort):
		a.list.CycleSort()
		cmd = a.afterListChange()
	case key.Matches(msg, k.Reverse):
		a.list.ReverseSort()
		cmd = a.afterListChange()
	case key.Matches(msg, k.Refresh):
		cmd = a.refreshNow()
	case key.Matches(msg, k.Pause):
		cmd = a.togglePause()
	case key.Matches(msg, k.System):
		cmd = a.toggleSystem()
	default:
		return a, nil, false
	}
	return a, cmd, true
}

// childKey gives movement keys to the focused child.
func (a App) childKey(msg tea.KeyPressMsg) (App, tea.Cmd) {
	if a.focus == focusPane && a.paneOpen {
		return a.updatePane(msg)
	}
	var cmd tea.Cmd
	a.list, cmd = a.list.Update(msg)
	if a.list.SelectedID() != a.selID {
		a.dropPending() // the user chose another execution
	}
	return a, tea.Batch(cmd, a.afterListChange())
}

func (a App) onWheel(msg tea.MouseWheelMsg) (App, tea.Cmd) {
	if a.actions.Active() || a.showHelp {
		return a, nil
	}
	if a.focus == focusPane && a.paneOpen {
		return a.updatePane(msg)
	}
	var cmd tea.Cmd
	a.list, cmd = a.list.Update(msg)
	if a.list.SelectedID() != a.selID {
		a.dropPending()
	}
	return a, tea.Batch(cmd, a.afterListChange())
}

func (a App) helpKey(msg tea.KeyPressMsg) (App, tea.Cmd) {
	switch {
	case key.Matches(msg, a.keys.Quit):
		return a.quit()
	case key.Matches(msg, a.keys.Help, a.keys.Back):
		a.showHelp = false
	}
	return a, nil
}

func (a *App) back() tea.Cmd {
	switch {
	case a.paneOpen:
		a.closePane()
	case a.filter.text != "" || a.filterIn.Value() != "":
		a.dropPending()
		a.clearFilter()
		return a.afterListChange()
	}
	return nil
}

func (a *App) openPane() tea.Cmd {
	if a.paneOpen {
		a.setFocus(focusPane)
		return nil
	}
	a.paneOpen = true
	a.setFocus(focusPane)
	a.relayout()
	e, ok := a.selected()
	if !ok {
		return nil
	}
	a.selID = e.ID
	return tea.Batch(a.pane.Show(e), a.ensureClock())
}

func (a *App) closePane() {
	a.dropPending() // the user left it: it must not come back by itself
	a.paneOpen = false
	a.pane.Stop()
	a.setFocus(focusList)
	a.relayout()
}

func (a *App) switchFocus() tea.Cmd {
	if !a.paneOpen {
		return a.openPane()
	}
	if a.focus == focusPane {
		a.setFocus(focusList)
	} else {
		a.setFocus(focusPane)
	}
	return nil
}

func (a *App) setFocus(f focus) {
	a.focus = f
	a.pane.SetFocused(f == focusPane)
}

func (a *App) refreshNow() tea.Cmd {
	switch {
	case a.poll.paused:
		return a.setStatus("paused: press "+a.keys.Pause.Help().Key+" to resume live updates", false)
	case a.poll.inflight:
		a.poll.manual = true // already on its way; the header says so
		return nil
	}
	return a.startPoll(true)
}

func (a *App) togglePause() tea.Cmd {
	a.poll.paused = !a.poll.paused
	if a.poll.paused {
		a.stopPoll()
		return a.setStatus("paused: the list stays as it is until you press "+a.keys.Pause.Help().Key+" again", false)
	}
	return tea.Batch(a.startPoll(true), a.setStatus("live updates resumed", false))
}

func (a *App) toggleSystem() tea.Cmd {
	a.system = !a.system
	word := "hidden"
	if a.system {
		word = "shown"
	}
	st := a.setStatus("system workflows "+word, false)
	if a.poll.paused {
		return st
	}
	return tea.Batch(st, a.startPoll(true))
}

// target is the execution an action key acts on: the one in the pane when
// the pane has the keys or shows the selected row (it is fetched in full),
// else the selected row.
func (a App) target() (client.Execution, bool) {
	sel, ok := a.selected()
	if a.paneOpen {
		if pe, have := a.pane.Execution(); have && (a.focus == focusPane || (ok && pe.ID == sel.ID)) {
			return pe, true
		}
	}
	return sel, ok
}

// actionKey opens the dialog for an action key, copies for y/Y, and says why
// nothing happens when the actions are disabled.
func (a App) actionKey(msg tea.KeyPressMsg) (App, tea.Cmd, bool) {
	k := a.keys
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
		return a, actions.CopyCommand(sel, a.o.Tenant), true // the execution's own tenant wins
	}
	for _, b := range []struct {
		binding key.Binding
		kind    actions.Kind
	}{{k.Start, actions.Start}, {k.Cancel, actions.Cancel}, {k.ForceCancel, actions.ForceCancel},
		{k.Kill, actions.Kill}, {k.Resume, actions.Resume}, {k.Patch, actions.Patch}} {
		switch {
		case key.Matches(msg, b.binding):
			if sel == nil && b.kind != actions.Start {
				return a, a.setStatus("select an execution first", true), true
			}
			var cmd tea.Cmd
			a.actions, cmd = a.actions.Open(b.kind, sel)
			return a, cmd, true
		case !b.binding.Enabled() && keymap.Bound(msg, b.binding):
			return a, a.setStatus("read-only mode: "+b.binding.Help().Desc+" is disabled", true), true
		}
	}
	return a, nil, false
}
