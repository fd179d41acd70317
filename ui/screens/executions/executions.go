// Package executions is the executions screen, the bottom of the stack: the
// live list of the manager's executions, the filter, the detail pane, the
// polling that keeps them fresh and the counts in the header.
package executions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/triage"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/detailpane"
	"github.com/cfytop/cfytop/ui/execlist"
	"github.com/cfytop/cfytop/ui/screens/failures"
	"github.com/cfytop/cfytop/ui/screens/operations"
)

// Manager is the part of the manager client the screen reads from.
type Manager interface {
	ListExecutions(ctx context.Context, o client.ListExecutionsOptions) (*client.ExecutionPage, error)
	ListEvents(ctx context.Context, o client.EventsOptions) (*client.EventPage, error)
	GetExecution(ctx context.Context, id string, include ...string) (*client.Execution, error)
}

// Options configure the screen.
type Options struct {
	Manager    Manager
	AllTenants bool
	Refresh    time.Duration
	Limit      int
	// Server-side filters; several values of one are ORed.
	Deployment, Status, Workflow, Blueprint []string
	System                                  bool   // show system workflows at start
	Filter                                  string // starting filter text
	Execution                               string // open straight on this execution ID
	Timeout                                 time.Duration
	// Resync is how often the whole window is read again, to catch what
	// the incremental polls cannot see (see queries.go); 0 = never by
	// itself.
	Resync time.Duration
	// Group lists only the members of this execution group (_group_id).
	Group string
	// Stuck are the thresholds of the stuck rules; zero = the defaults.
	Stuck triage.Thresholds
	// ActionHint names the action the key line offers for the target in
	// place of the cancel key; ok false for none. nil = always cancel.
	ActionHint func(e *client.Execution) (b key.Binding, ok bool)
}

// focus says which part of the screen gets the keys.
type focus int

const (
	focusList focus = iota
	focusPane
	focusFilter
)

// String names the focus for State.
func (f focus) String() string {
	switch f {
	case focusPane:
		return "pane"
	case focusFilter:
		return "filter"
	}
	return "list"
}

// State is what the screen holds, read only: the shell's tests look at it
// through this instead of its fields.
type State struct {
	List       execlist.Model
	Pane       detailpane.Model
	PaneOpen   bool
	PaneRight  bool // the pane is right of the list (else below it)
	PaneWidth  int
	Focus      string // "list", "pane" or "filter"
	Polling    bool   // a poll is in flight
	LastErr    string // why the last poll failed, "" after a good one
	ClockOn    bool   // the 1 s clock is ticking
	FilterText string // the filter in force
	FilterErr  string // what is wrong with the filter being typed
}

// State returns what the screen holds.
func (m Model) State() State {
	return State{
		List: m.list, Pane: m.pane, PaneOpen: m.paneOpen, PaneRight: m.lay.paneRight, PaneWidth: m.lay.paneW,
		Focus: m.focus.String(), Polling: m.poll.inflight, LastErr: m.poll.lastErr, ClockOn: m.clockOn,
		FilterText: m.filter.text, FilterErr: m.filter.err,
	}
}

// Model is the executions screen.
type Model struct {
	id     common.ID
	o      Options
	keys   keymap.KeyMap
	styles *themes.Styles
	nowFn  func() time.Time
	now    time.Time
	after  common.Timer

	width, height int
	lay           layout

	list     execlist.Model
	pane     detailpane.Model
	paneOpen bool
	focus    focus
	filterIn textinput.Model
	filter   filterState

	poll   poller
	active bool // on top of the stack: polls only then
	// unreadSync and unreadWhy add up the unreadable rows of a full
	// re-read's pages until it ends.
	unreadSync int
	unreadWhy  string
	system     bool
	selID      string
	settle     int
	clockOn    bool
	pending    string // Options.Execution, selected once the list has it; dropped once the user moves
	marks      *markSet

	// heldTail is the pane's next read, due while another screen covered
	// this one: held until it is on top again (SetActive).
	heldTail *detailpane.TailMsg
	hour     *hourCount // the header's last-hour failures among the shown rows (counts.go)

	tri    triageState // stuck rules and new trouble (triage.go)
	zoom   bool        // the pane fills the body (zoom.go)
	narrow string      // the failure cause the list is narrowed to (zoom.go)
}

// The screen's own replies, each addressed to the instance that asked.
type (
	// settleMsg says the selection has rested on id long enough to fetch it.
	settleMsg struct {
		to  common.ID
		seq int
		id  string
	}
	// clockMsg moves the clock used for durations and ages.
	clockMsg struct{ to common.ID }
)

func (m settleMsg) ScreenID() common.ID { return m.to }
func (m clockMsg) ScreenID() common.ID  { return m.to }

// New builds the screen.
func New(ctx common.Context, id common.ID, o Options) Model {
	m := Model{
		id: id, o: o, keys: ctx.Keys, styles: ctx.Styles, nowFn: ctx.Now, after: ctx.After,
		system: o.System, pending: o.Execution, active: true, marks: newMarkSet(), hour: &hourCount{},
	}
	if m.nowFn == nil {
		m.nowFn = time.Now
	}
	if m.after == nil {
		m.after = common.TeaTimer
	}
	m.now = m.nowFn()
	m.list = execlist.New(ctx.Styles, ctx.Keys)
	m.list.SetNow(m.now)
	m.list.SetShowTenant(o.AllTenants)
	m.list.SetMarked(m.marks.has)
	m.list.SetTimes(ctx.Times)
	m.pane = detailpane.New(o.Manager, ctx.Styles, ctx.Keys, o.Refresh)
	m.pane.SetOwner(id)
	m.pane.SetTimer(ctx.After)
	m.pane.SetNow(m.now)
	m.pane.SetTimes(ctx.Times)
	m.filterIn = newFilterInput(ctx.Styles)
	if o.Filter != "" {
		m.filterIn.SetValue(o.Filter)
		m.applyFilter()
	}
	if o.Execution != "" {
		m.paneOpen = true
		m.focus = focusPane
		m.pane.SetFocused(true)
	}
	return m
}

// ID is the screen's address.
func (m Model) ID() common.ID { return m.id }

// Init asks Update to start, so that the poll state lives in the model.
func (m Model) Init() tea.Cmd {
	return func() tea.Msg { return startMsg{to: m.id} }
}

// onStart starts the first poll and fetches the execution asked for on the
// command line.
func (m Model) onStart(startMsg) (Model, tea.Cmd) {
	cmds := []tea.Cmd{m.startPoll(false)}
	if m.o.Execution != "" {
		cmds = append(cmds, m.pane.ShowID(m.o.Execution))
	}
	if m.filter.err != "" {
		cmds = append(cmds, common.Status("filter: "+m.filter.err, true))
	}
	return m, tea.Batch(cmds...)
}

// Update routes one message.
func (m Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	next, cmd := m.update(msg)
	return next, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case startMsg:
		return m.onStart(msg)
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseWheelMsg:
		return m.onWheel(msg)
	case tea.MouseClickMsg:
		return m.onClick(msg)
	case pollTickMsg:
		return m.onPollTick(msg)
	case pageMsg:
		return m.onPage(msg)
	case incrementalMsg:
		return m.onIncremental(msg)
	case byIDMsg:
		return m.onByID(msg)
	case settleMsg:
		return m.onSettle(msg)
	case clockMsg:
		return m.onClock()
	case lastEventsMsg:
		return m.onLastEvents(msg)
	case operations.RetryMsg:
		return m.onOperationsRetry(msg)
	case failures.NarrowMsg:
		return m.onNarrow(msg)
	case detailpane.TailMsg:
		if !m.active {
			m.heldTail = &msg // read again once the screen is on top (SetActive)
			return m, nil
		}
		return m.updatePane(msg)
	case detailpane.ExecutionMsg, detailpane.EventsMsg:
		return m.updatePane(msg)
	case common.ExecutionUpdatedMsg:
		if msg.Started {
			return m.onStarted(msg.Execution)
		}
		return m.onExecutionUpdated(msg.Execution)
	case common.ShowExecutionMsg:
		return m.onShowExecution(msg)
	}
	return m, nil
}

func (m Model) updatePane(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	m.pane, cmd = m.pane.Update(msg)
	m.pane.SetStuck(m.tri.verdicts[m.pane.ID()])
	return m, tea.Batch(cmd, m.ensureClock())
}

// onExecutionUpdated shows what an action returned. The new status may take
// the execution out of the filter: the list then selects the nearest row,
// and the pane and the status line follow at once, so that the next action
// key never acts on an execution the user was not shown.
func (m Model) onExecutionUpdated(e client.Execution) (Model, tea.Cmd) {
	before := m.list.SelectedID()
	m.list.Upsert(e)
	var cmds []tea.Cmd
	if after := m.list.SelectedID(); before != "" && after != before {
		cmds = append(cmds, common.Note(fmt.Sprintf("execution %s changed and no longer matches the filter; moved to the nearest row", common.ShortID(before))),
			m.followSelection())
	}
	if m.paneOpen && m.pane.ID() == e.ID {
		cmds = append(cmds, m.pane.Show(e))
	}
	return m, tea.Batch(append(cmds, m.ensureClock())...)
}

// onStarted shows an execution the user just started: selected, and open
// in the pane; if the filter hides it, the status line says so.
func (m Model) onStarted(e client.Execution) (Model, tea.Cmd) {
	m.list.Upsert(e)
	m.dropPending()
	if !m.list.Select(e.ID) {
		return m, tea.Batch(common.Note(fmt.Sprintf("execution %s started; the filter hides it", common.ShortID(e.ID))), m.ensureClock())
	}
	m.selID = e.ID
	m.settle++
	cmds := []tea.Cmd{m.ensureClock()}
	if !m.paneOpen {
		m.paneOpen = true
		m.relayout()
	}
	m.setFocus(focusList)
	cmds = append(cmds, m.pane.Show(e))
	return m, tea.Batch(cmds...)
}

func (m Model) onClock() (Model, tea.Cmd) {
	m.clockOn = false
	m.now = m.nowFn()
	if !m.poll.paused {
		m.list.SetNow(m.now)
	}
	m.pane.SetNow(m.now)
	m.reassess()
	return m, m.ensureClock()
}

// needClock: a 1s clock only while something on screen counts seconds: a
// running execution in scope, a running execution in the pane, or a stale
// header with its age and countdown.
func (m Model) needClock() bool {
	if !m.active {
		return false
	}
	if m.poll.lastErr != "" || m.poll.inflight {
		return true // the stale age, or the wait for a slow answer, counts up
	}
	if m.poll.paused {
		return false
	}
	if e, ok := m.pane.Execution(); m.paneOpen && ok && !e.Status.IsEnd() {
		return true
	}
	for _, c := range m.list.Counts() {
		if c.Status.IsActive() && c.Count > 0 {
			return true
		}
	}
	return false
}

func (m *Model) ensureClock() tea.Cmd {
	if m.clockOn || !m.needClock() {
		return nil
	}
	m.clockOn = true
	return m.after(time.Second, clockMsg{to: m.id})
}

// Selected is the selected execution.
func (m Model) Selected() (client.Execution, bool) { return m.list.Selected() }

// Target is the execution an action key acts on: the one in the pane when
// the pane has the keys or shows the selected row (it is fetched in full),
// else the selected row. While the pane shows an execution the list has
// not selected (pending), no row is highlighted and only the pane's
// execution is a target.
func (m Model) Target() (client.Execution, bool) {
	if m.pending != "" {
		if !m.paneOpen {
			return client.Execution{}, false
		}
		return m.pane.Execution()
	}
	sel, ok := m.Selected()
	if m.paneOpen {
		if pe, have := m.pane.Execution(); have && (m.focus == focusPane || (ok && pe.ID == sel.ID)) {
			return pe, true
		}
	}
	return sel, ok
}

// cursorShown reports whether the list highlights its selected row: not
// while the pane shows an execution the list has not selected yet.
func (m Model) cursorShown() bool { return m.pending == "" }

// afterListChange notices a new selection and, once it settles, shows it in
// the pane.
func (m *Model) afterListChange() tea.Cmd {
	e, ok := m.Selected()
	id := ""
	if ok {
		id = e.ID
	}
	m.ackSelected()
	if id == m.selID {
		if m.paneOpen && ok && m.pane.ID() == id {
			return m.pane.Show(e) // same execution, fresher row
		}
		return nil
	}
	m.selID = id
	m.settle++
	if !m.paneOpen || id == "" || m.pending != "" {
		return nil // the pane keeps the execution asked for until the user moves
	}
	return m.after(settleDelay, settleMsg{to: m.id, seq: m.settle, id: id})
}

// followSelection is afterListChange for a move the user did not make (the
// selected execution left the list or the filter): the pane follows at once
// instead of after the settle delay, so that it never shows one execution
// while the keys act on another.
func (m *Model) followSelection() tea.Cmd {
	e, ok := m.Selected()
	if !ok || e.ID == m.selID || !m.paneOpen || m.pending != "" {
		return m.afterListChange()
	}
	m.selID = e.ID
	m.settle++ // a settle still on its way is for an older selection
	return m.pane.Show(e)
}

func (m Model) onSettle(msg settleMsg) (Model, tea.Cmd) {
	if msg.seq != m.settle || !m.paneOpen {
		return m, nil
	}
	e, ok := m.Selected()
	if !ok || e.ID != msg.id {
		return m, nil
	}
	return m, tea.Batch(m.pane.Show(e), m.ensureClock())
}

// openPending selects the execution asked for on the command line once the
// list has it: once, and only while the user has not moved, filtered or
// closed the pane since (see dropPending). A filter that hides it is
// cleared (see reveal).
func (m *Model) openPending() tea.Cmd {
	if m.pending == "" {
		return nil
	}
	ok, said := m.reveal(m.pending)
	if !ok {
		return nil
	}
	m.pending = ""
	e, _ := m.Selected()
	m.selID = e.ID
	m.settle++
	if !m.paneOpen {
		return said
	}
	return tea.Batch(said, m.pane.Show(e))
}

// reveal selects the execution id. When the list has it but the filter in
// force, or the failure cause the list is narrowed to, hides it, they are
// cleared first and the status line says so in words: the highlighted row
// must be the execution the pane shows and the action keys act on. ok is
// false when the list does not have it at all.
func (m *Model) reveal(id string) (ok bool, said tea.Cmd) {
	if m.list.Select(id) {
		return true, nil
	}
	if _, known := m.list.Get(id); !known {
		return false, nil
	}
	var cleared []string
	if m.filter.text != "" {
		cleared = append(cleared, fmt.Sprintf("filter %q", m.filter.text))
		m.clearFilter()
	}
	if m.clearNarrow() {
		cleared = append(cleared, "failure cause")
	}
	if !m.list.Select(id) {
		return false, nil
	}
	if len(cleared) == 0 {
		return true, nil
	}
	return true, common.Note(strings.Join(cleared, " and ") + " cleared to show " + common.ShortID(id))
}

// onShowExecution selects an execution another screen pointed at (or
// remembers it until the list has it, like --execution) and opens it in
// the pane at once.
func (m Model) onShowExecution(msg common.ShowExecutionMsg) (Model, tea.Cmd) {
	if m.focus == focusFilter {
		m.leaveFilter()
	}
	m.pending = msg.ID
	m.paneOpen = true
	m.setFocus(focusPane)
	m.relayout()
	if cmd := m.openPending(); cmd != nil || m.pending == "" {
		return m, tea.Batch(cmd, m.ensureClock())
	}
	var cmd tea.Cmd
	if msg.Tenant == "" {
		cmd = m.pane.ShowID(msg.ID)
	} else {
		cmd = m.pane.Show(client.Execution{ID: msg.ID, TenantName: msg.Tenant})
	}
	return m, tea.Batch(cmd, m.ensureClock())
}

// dropPending forgets the execution asked for on the command line: the user
// chose where to be.
func (m *Model) dropPending() { m.pending = "" }

// Restyle draws the screen with other styles.
func (m Model) Restyle(s *themes.Styles) common.Screen {
	m.styles = s
	m.list.SetStyles(s)
	m.pane.SetStyles(s)
	v, focused := m.filterIn.Value(), m.filterIn.Focused()
	m.filterIn = newFilterInput(s)
	m.filterIn.SetValue(v)
	if focused {
		m.filterIn.Focus()
	}
	m.relayout()
	return m
}

// SetTimes switches how the list and the pane show times.
func (m Model) SetTimes(t humantime.Mode) common.Screen {
	m.list.SetTimes(t)
	m.pane.SetTimes(t)
	return m
}

// SetActive stops the polls and the pane's tail while another screen covers
// this one, and catches up at once when it is on top again. The pane keeps
// what it shows (the answers already on their way still reach it); a read
// of it that fell due meanwhile is made on return, and nothing else.
func (m Model) SetActive(active bool) (common.Screen, tea.Cmd) {
	if active == m.active {
		return m, nil
	}
	m.active = active
	if !active {
		m.stopPoll()
		m.clockOn = false
		return m, nil
	}
	cmds := []tea.Cmd{m.ensureClock()}
	if !m.poll.paused {
		cmds = append(cmds, m.startPoll(false))
	}
	if t := m.heldTail; t != nil {
		m.heldTail = nil
		var cmd tea.Cmd
		m, cmd = m.updatePane(*t)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// InputActive reports whether the filter, or the pane's search, is being
// typed: the shell's keys (q, :, ?) are text then.
func (m Model) InputActive() bool {
	return m.focus == focusFilter || (m.paneOpen && m.pane.SearchTyping())
}

// Title is "executions", and the execution in the pane when it is open.
func (m Model) Title() string {
	if m.o.Group != "" {
		return "group " + common.ShortID(m.o.Group) + " › executions"
	}
	if m.paneOpen && m.pane.ID() != "" {
		return "executions › " + common.ShortID(m.pane.ID())
	}
	return "executions"
}

// ShortHelp is the footer's key line: the filter's keys while it is typed.
func (m Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.focus == focusFilter {
		return []key.Binding{k.Open, k.Back}
	}
	if m.focus == focusPane && m.paneOpen && m.pane.SearchOpen() {
		return m.pane.ShortHelp()
	}
	// The action key comes early, so that it is on the line at 80 columns.
	return append(append([]key.Binding{k.Filter, k.Open}, m.actionHint()...), k.Help, k.Command, k.Quit, k.Sort, k.Refresh, k.Pause)
}

// actionHint is the key line's action: the one the target's status allows
// (Options.ActionHint), none when it allows none; cancel, the first of the
// action keys, with marks set (the keys then act on the marks) or nothing
// to act on.
func (m Model) actionHint() []key.Binding {
	if m.o.ActionHint == nil || m.marks.len() > 0 {
		return []key.Binding{m.keys.Cancel}
	}
	e, ok := m.Target()
	if !ok {
		return []key.Binding{m.keys.Cancel}
	}
	if b, ok := m.o.ActionHint(&e); ok {
		return []key.Binding{b}
	}
	return nil
}

// FullHelp is every key of the screen, grouped as keymap.HelpGroupTitles.
func (m Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// HelpTitles names FullHelp's groups.
func (m Model) HelpTitles() []string { return keymap.HelpGroupTitles() }

var _ common.Screen = Model{}
var _ common.Targeter = Model{}
var _ common.TimeSetter = Model{}

type startMsg struct{ to common.ID }

func (m startMsg) ScreenID() common.ID { return m.to }

// Timings.
const (
	settleDelay = 150 * time.Millisecond
)
