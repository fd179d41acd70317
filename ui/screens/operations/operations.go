// Package operations is the operations screen: what one execution is made
// of, node instance by node instance — the Console's tasks graph in the
// terminal. Each operation shows its state, retries, how long it has been
// at work and where it runs; a follow mode keeps the running ones in view,
// failed ones carry their error, and enter shows an operation's own events
// and logs.
package operations

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/triage"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/detailpane"
)

// Manager is the part of the manager client the screen reads from
// (*client.Client satisfies it).
type Manager interface {
	GetExecution(ctx context.Context, id string, include ...string) (*client.Execution, error)
	ListOperations(ctx context.Context, o client.ListOperationsOptions) (*client.OperationPage, error)
	ListOperationEvents(ctx context.Context, o client.OperationEventsOptions) (*client.EventPage, error)
}

// Options configure the screen.
type Options struct {
	Manager   Manager
	Execution client.Execution // the execution shown: at least its ID
	Refresh   time.Duration
	Timeout   time.Duration // per request
	// Parent is the executions screen, which RetryMsg tells about the
	// retries read here; 0 for none.
	Parent common.ID
}

// RetryMsg tells the executions screen the retry of the operation at work
// with the highest retry count in the execution shown (zero Retry: none
// is being retried), each time it changes: what the operations read says,
// fresher than the newest event it looks up once a minute.
type RetryMsg struct {
	To          common.ID
	ExecutionID string
	Retry       triage.Retry
}

// ScreenID addresses the executions screen.
func (m RetryMsg) ScreenID() common.ID { return m.To }

// Open returns a Cmd that pushes the operations screen of e, or says why
// it cannot: mgr (the dashboard's manager client) must list operations.
func Open(mgr any, e client.Execution, refresh, timeout time.Duration) tea.Cmd {
	return OpenFrom(0, mgr, e, refresh, timeout)
}

// OpenFrom is Open from the executions screen parent, which RetryMsg
// informs.
func OpenFrom(parent common.ID, mgr any, e client.Execution, refresh, timeout time.Duration) tea.Cmd {
	m, ok := mgr.(Manager)
	switch {
	case e.ID == "":
		return common.Status("select an execution first", true)
	case !ok:
		return common.Status("this manager connection cannot list operations", true)
	}
	o := Options{Manager: m, Execution: e, Refresh: refresh, Timeout: timeout, Parent: parent}
	return func() tea.Msg {
		return common.PushMsg{New: func(ctx common.Context, id common.ID) common.Screen { return New(ctx, id, o) }}
	}
}

// Model is the operations screen.
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

	exec client.Execution
	t    tree
	rows []row
	// cursor is the selected row; curKey names it across refreshes.
	cursor, offset int
	curKey         string

	// What was observed across refreshes; replaced, never changed in
	// place, so that copies of the model do not share them.
	seen     observed
	failures map[string]string
	evOffset int
	reported triage.Retry    // what RetryMsg last said
	folds    map[string]bool // node instance → open, as the user set it

	follow   bool
	internal bool
	poll     poller
	active   bool
	clockOn  bool

	looks map[client.OperationState]stateLook // made once, never changed

	pane     detailpane.Model
	paneOpen bool
	paneWhat string // the operation whose events the pane shows
	times    humantime.Mode
	// the list's keys, named for what they do here
	internalKey, followKey, openKey key.Binding
}

// The screen's own replies, each addressed to the instance that asked.
type (
	startMsg struct{ to common.ID }
	clockMsg struct{ to common.ID }
)

func (m startMsg) ScreenID() common.ID { return m.to }
func (m clockMsg) ScreenID() common.ID { return m.to }

// New builds the screen.
func New(ctx common.Context, id common.ID, o Options) Model {
	if o.Refresh <= 0 {
		o.Refresh = 2 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = client.DefaultTimeout
	}
	m := Model{
		id: id, o: o, keys: ctx.Keys, styles: ctx.Styles, nowFn: ctx.Now, after: ctx.After,
		exec: o.Execution, active: true, follow: !o.Execution.Status.IsEnd(), t: tree{longest: -1},
	}
	if ctx.Styles != nil {
		m.looks = makeLooks(ctx.Styles)
	}
	if m.nowFn == nil {
		m.nowFn = time.Now
	}
	if m.after == nil {
		m.after = common.TeaTimer
	}
	m.now = m.nowFn()
	// a: system workflows on the list, internal operations here
	m.internalKey = key.NewBinding(key.WithKeys(ctx.Keys.System.Keys()...), key.WithHelp(ctx.Keys.System.Help().Key, "internal operations"))
	// p: pause live updates on the list; here the Console's play mode
	m.followKey = key.NewBinding(key.WithKeys(ctx.Keys.Pause.Keys()...), key.WithHelp(ctx.Keys.Pause.Help().Key, "follow running"))
	m.openKey = key.NewBinding(key.WithKeys(ctx.Keys.Open.Keys()...), key.WithHelp(ctx.Keys.Open.Help().Key, "events / fold"))
	m.pane = detailpane.New(nil, ctx.Styles, ctx.Keys, o.Refresh)
	m.pane.SetOwner(id)
	m.times = ctx.Times
	m.pane.SetTimer(m.after)
	return m
}

// ID is the screen's address.
func (m Model) ID() common.ID { return m.id }

// Init asks Update to start, so that the poll state lives in the model.
func (m Model) Init() tea.Cmd { return func() tea.Msg { return startMsg{to: m.id} } }

// Update routes one message.
func (m Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	next, cmd := m.update(msg)
	return next, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case startMsg:
		return m, m.startPoll(true)
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseWheelMsg:
		return m.onWheel(msg)
	case pollTickMsg:
		return m.onPollTick(msg)
	case pollResultMsg:
		return m.onPollResult(msg)
	case clockMsg:
		m.clockOn = false
		m.now = m.nowFn()
		m.pane.SetNow(m.now)
		return m, m.ensureClock()
	case detailpane.ExecutionMsg, detailpane.EventsMsg, detailpane.TailMsg:
		var cmd tea.Cmd
		m.pane, cmd = m.pane.Update(msg)
		return m, cmd
	case common.ExecutionUpdatedMsg:
		if msg.Execution.ID == m.exec.ID && m.active {
			m.exec = merged(m.exec, msg.Execution)
			return m, m.refreshNow()
		}
	}
	return m, nil
}

// merged takes what an action returned over what the screen knew.
func merged(old, e client.Execution) client.Execution {
	if e.TenantName == "" {
		e.TenantName = old.TenantName
	}
	return e
}

// needClock: durations count up while something runs on screen, and so
// does a stale header's age.
func (m Model) needClock() bool {
	if !m.active {
		return false
	}
	return m.t.running > 0 || m.poll.lastErr != "" || (m.paneOpen && !m.exec.Status.IsEnd())
}

func (m *Model) ensureClock() tea.Cmd {
	if m.clockOn || !m.needClock() {
		return nil
	}
	m.clockOn = true
	return m.after(time.Second, clockMsg{to: m.id})
}

// SetActive stops every request and timer while another screen covers this
// one, and reads again at once when it is on top again.
func (m Model) SetActive(active bool) (common.Screen, tea.Cmd) {
	if active == m.active {
		return m, nil
	}
	m.active = active
	if !active {
		m.stopPoll()
		m.clockOn = false
		if m.paneOpen {
			m.pane.Stop()
		}
		return m, nil
	}
	cmds := []tea.Cmd{m.startPoll(true), m.ensureClock()}
	if m.paneOpen {
		cmds = append(cmds, m.pane.ShowID(m.exec.ID))
	}
	return m, tea.Batch(cmds...)
}

// Target is the execution shown: the action keys act on it.
func (m Model) Target() (client.Execution, bool) { return m.exec, m.exec.ID != "" }

// InputActive: the screen holds no text input.
func (m Model) InputActive() bool { return false }

// Title is the screen's part of the breadcrumb.
func (m Model) Title() string { return "operations" }

// Back closes the events pane; with nothing open the shell pops the screen.
func (m Model) Back() (common.Screen, tea.Cmd, bool) {
	if m.paneOpen {
		m.closePane()
		return m, nil, true
	}
	return m, nil, false
}

// ShortHelp is the footer's key line.
func (m Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.paneOpen {
		return []key.Binding{k.Up, k.Down, k.Focus, k.Back, k.Help}
	}
	return []key.Binding{m.openKey, m.followKey, m.internalKey, k.Refresh, k.Back, k.Help, k.Cancel}
}

// FullHelp is every key of the screen.
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp},
		{m.openKey, k.Focus, m.followKey, m.internalKey, k.Refresh, k.Back},
		{k.Cancel, k.ForceCancel, k.Kill, k.Resume, k.Patch, k.CopyID, k.CopyCommand},
		{k.Help, k.Command, k.Times, k.Quit, k.QuitNow},
	}
}

// HelpTitles names FullHelp's groups.
func (m Model) HelpTitles() []string { return keymap.HelpGroupTitles() }

// SetTimes switches how the pane of an operation shows times.
func (m Model) SetTimes(t humantime.Mode) common.Screen {
	m.times = t
	m.pane.SetTimes(t)
	return m
}

var _ common.Screen = Model{}
var _ common.Targeter = Model{}
var _ common.TimeSetter = Model{}
