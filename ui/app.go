package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/actions"
	"github.com/cfytop/cfytop/ui/detailpane"
	"github.com/cfytop/cfytop/ui/execlist"
)

// focus says which child gets the keys.
type focus int

const (
	focusList focus = iota
	focusPane
	focusFilter
)

// timer delivers msg after d: tea.Tick in the program, by hand in tests.
type timer = detailpane.Timer

// App is the root model. It routes: sizes to every child, keys to the
// focused one, replies to their owner by ID and generation.
type App struct {
	o      Options
	keys   keymap.KeyMap
	styles *themes.Styles
	nowFn  func() time.Time
	now    time.Time
	after  timer

	width, height int
	lay           layout
	cache         renderCache

	list     execlist.Model
	pane     detailpane.Model
	paneOpen bool
	focus    focus
	filterIn textinput.Model
	filter   filterState
	help     help.Model
	showHelp bool
	actions  actions.Controller

	poll    poller
	system  bool
	status  statusLine
	selID   string
	settle  int
	clockOn bool
	pending string // Options.Execution, selected once the list has it; dropped once the user moves

	quitWait   bool   // quit was pressed while an action request was out: quit when it is answered
	actionWord string // the action of the request last sent, for the waiting message
}

// settleMsg says the selection has rested on id long enough to fetch it.
type settleMsg struct {
	seq int
	id  string
}

// clockMsg moves the clock used for durations and ages.
type clockMsg struct{}

// NewApp builds the root model; Run runs it in a terminal.
func NewApp(o Options) App {
	o.normalise()
	theme, err := themes.Get(o.Theme)
	if err != nil {
		theme, _ = themes.Get("default")
	}
	keys := o.KeyMap
	keys.SetReadOnly(o.ReadOnly)
	styles := themes.NewStyles(theme)
	a := App{
		o: o, keys: keys, styles: styles, nowFn: time.Now, after: detailpane.TeaTimer,
		system: o.System, pending: o.Execution,
	}
	a.now = a.nowFn()
	a.list = execlist.New(styles, keys)
	a.list.SetNow(a.now)
	a.list.SetShowTenant(o.AllTenants)
	a.pane = detailpane.New(o.Manager, styles, keys, o.Refresh)
	a.filterIn = newFilterInput(styles)
	a.help = newHelp(styles)
	a.actions = actions.New(actions.Options{
		Manager: o.Manager, ReadOnly: o.ReadOnly, Audit: o.Audit, ManagerLabel: o.ManagerLabel,
		Tenant: o.Tenant, Keys: keys, Styles: styles,
	})
	if o.Filter != "" {
		a.filterIn.SetValue(o.Filter)
		a.applyFilter()
	}
	if o.Execution != "" {
		a.paneOpen = true
		a.focus = focusPane
		a.pane.SetFocused(true)
	}
	return a
}

// startMsg starts the dashboard: the first poll, and the execution asked for
// on the command line.
type startMsg struct{}

// Init asks Update to start, so that the poll state lives in the model.
func (a App) Init() tea.Cmd {
	return func() tea.Msg { return startMsg{} }
}

func (a App) onStart() (App, tea.Cmd) {
	cmds := []tea.Cmd{a.startPoll(false)}
	if a.o.Execution != "" {
		cmds = append(cmds, a.pane.ShowID(a.o.Execution))
	}
	if a.filter.err != "" {
		cmds = append(cmds, a.setStatus("filter: "+a.filter.err, true))
	}
	return a, tea.Batch(cmds...)
}

// Update routes one message.
func (a App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
		return a, nil
	case tea.KeyPressMsg:
		return a.onKey(msg)
	case tea.MouseWheelMsg:
		return a.onWheel(msg)
	case startMsg:
		return a.onStart()
	case pollTickMsg:
		return a.onPollTick(msg)
	case pollResultMsg:
		return a.onPollResult(msg)
	case settleMsg:
		return a.onSettle(msg)
	case clockMsg:
		return a.onClock()
	case toastExpiredMsg:
		a.status.expire(msg.seq)
		return a, nil
	case detailpane.ExecutionMsg, detailpane.EventsMsg, detailpane.TailMsg:
		return a.updatePane(msg)
	case actions.ExecutionUpdatedMsg:
		return a.onExecutionUpdated(msg)
	case actions.StatusMsg:
		return a, a.putStatus(msg.Text, msg.IsError)
	case tea.PasteMsg:
		if a.lay.tooSmall {
			return a, nil // the dialog is not drawn: nothing goes into it blind
		}
	}
	return a.updateActions(msg)
}

func (a App) updatePane(msg tea.Msg) (App, tea.Cmd) {
	var cmd tea.Cmd
	a.pane, cmd = a.pane.Update(msg)
	return a, tea.Batch(cmd, a.ensureClock())
}

func (a App) updateActions(msg tea.Msg) (App, tea.Cmd) {
	was := a.actions.InFlight()
	var cmd tea.Cmd
	a.actions, cmd = a.actions.Update(msg)
	if !was && a.actions.InFlight() {
		if k, _, ok := a.actions.Current(); ok {
			a.actionWord = k.String()
		}
	}
	if a.quitWait && !a.actions.InFlight() {
		// The answer is in (its audit line is written by then): let its
		// row update and toast through, then quit as asked.
		a.stopPoll()
		return a, tea.Sequence(cmd, tea.Quit)
	}
	return a, cmd
}

// onExecutionUpdated shows what an action returned. The new status may take
// the execution out of the filter: the list then selects the nearest row,
// and the pane and the status line follow at once, so that the next action
// key never acts on an execution the user was not shown.
func (a App) onExecutionUpdated(msg actions.ExecutionUpdatedMsg) (App, tea.Cmd) {
	before := a.list.SelectedID()
	a.list.Upsert(msg.Execution)
	var cmds []tea.Cmd
	if after := a.list.SelectedID(); before != "" && after != before {
		cmds = append(cmds, a.setNote(fmt.Sprintf("execution %s changed and no longer matches the filter; moved to the nearest row", shortID(before))),
			a.followSelection())
	}
	if a.paneOpen && a.pane.ID() == msg.Execution.ID {
		cmds = append(cmds, a.pane.Show(msg.Execution))
	}
	return a, tea.Batch(append(cmds, a.ensureClock())...)
}

func (a App) onClock() (App, tea.Cmd) {
	a.clockOn = false
	a.now = a.nowFn()
	if !a.poll.paused {
		a.list.SetNow(a.now)
	}
	a.pane.SetNow(a.now)
	return a, a.ensureClock()
}

// needClock: a 1s clock only while something on screen counts seconds: a
// running execution in scope, a running execution in the pane, or a stale
// header with its age and countdown.
func (a App) needClock() bool {
	if a.poll.lastErr != "" {
		return true
	}
	if a.poll.paused {
		return false
	}
	if e, ok := a.pane.Execution(); a.paneOpen && ok && !e.Status.IsEnd() {
		return true
	}
	for _, c := range a.list.Counts() {
		if c.Status.IsActive() && c.Count > 0 {
			return true
		}
	}
	return false
}

func (a *App) ensureClock() tea.Cmd {
	if a.clockOn || !a.needClock() {
		return nil
	}
	a.clockOn = true
	return a.after(time.Second, clockMsg{})
}

// selected returns the selected execution.
func (a App) selected() (client.Execution, bool) { return a.list.Selected() }

// afterListChange notices a new selection and, once it settles, shows it in
// the pane.
func (a *App) afterListChange() tea.Cmd {
	e, ok := a.selected()
	id := ""
	if ok {
		id = e.ID
	}
	if id == a.selID {
		if a.paneOpen && ok && a.pane.ID() == id {
			return a.pane.Show(e) // same execution, fresher row
		}
		return nil
	}
	a.selID = id
	a.settle++
	if !a.paneOpen || id == "" || a.pending != "" {
		return nil // the pane keeps the execution asked for until the user moves
	}
	return a.after(settleDelay, settleMsg{seq: a.settle, id: id})
}

// followSelection is afterListChange for a move the user did not make (the
// selected execution left the list or the filter): the pane follows at once
// instead of after the settle delay, so that it never shows one execution
// while the keys act on another.
func (a *App) followSelection() tea.Cmd {
	e, ok := a.selected()
	if !ok || e.ID == a.selID || !a.paneOpen || a.pending != "" {
		return a.afterListChange()
	}
	a.selID = e.ID
	a.settle++ // a settle still on its way is for an older selection
	return a.pane.Show(e)
}

func (a App) onSettle(msg settleMsg) (App, tea.Cmd) {
	if msg.seq != a.settle || !a.paneOpen {
		return a, nil
	}
	e, ok := a.selected()
	if !ok || e.ID != msg.id {
		return a, nil
	}
	return a, tea.Batch(a.pane.Show(e), a.ensureClock())
}

// openPending selects the execution asked for on the command line once the
// list has it: once, and only while the user has not moved, filtered or
// closed the pane since (see dropPending).
func (a *App) openPending() tea.Cmd {
	if a.pending == "" || !a.list.Select(a.pending) {
		return nil
	}
	a.pending = ""
	e, _ := a.selected()
	a.selID = e.ID
	a.settle++
	if !a.paneOpen {
		return nil
	}
	return a.pane.Show(e)
}

// dropPending forgets the execution asked for on the command line: the user
// chose where to be.
func (a *App) dropPending() { a.pending = "" }
