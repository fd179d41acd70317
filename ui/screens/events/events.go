// Package events is the events screen: the manager's timeline, every
// execution's events and logs of the tenant (or of every tenant) in one live
// stream, oldest at the top, following the newest at the bottom until the
// user scrolls up. It reads only new items after the first page, only while
// it is on screen, and holds at most the newest MaxLines.
package events

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
)

// Manager is what the screen reads: *client.Client satisfies it.
type Manager interface {
	QueryEvents(ctx context.Context, q client.EventsQuery) (*client.EventPage, error)
}

// TenantLister lists the tenants, for a view of every tenant.
type TenantLister interface {
	Tenants(ctx context.Context) ([]client.Tenant, error)
}

// MaxLines is how many of the newest lines the screen holds.
const MaxLines = 50000

// PageSize is how many items one request asks for.
const PageSize = 1000

// Options configure the screen.
type Options struct {
	Manager    Manager
	Tenants    TenantLister // needed with AllTenants: the events endpoint answers for one tenant
	AllTenants bool
	Refresh    time.Duration
	Timeout    time.Duration
	Filter     string // starting filter text
	MaxLines   int    // 0 = MaxLines
	PageSize   int    // 0 = PageSize
}

// Model is the events screen.
type Model struct {
	id     common.ID
	o      Options
	keys   keymap.KeyMap
	styles *themes.Styles
	sev    [4]lipgloss.Style // line styles by severity, built once
	nowFn  func() time.Time
	after  common.Timer
	times  humantime.Mode

	width, height int
	active        bool

	lines     store
	notLoaded int // items before the first page, never read
	sel       int // seq of the selected line, -1 for none
	top       int // seq of the first line shown when not following
	follow    bool
	unfolded  map[int]bool

	poll   poller
	server client.EventsQuery // what the manager is asked

	typing    bool
	filterIn  textinput.Model
	filterTxt string // the filter in force
	filterErr string
	foldKey   key.Binding
	jumpKey   key.Binding
}

// State is what the screen holds, read only, for tests.
type State struct {
	Lines, Matches, Dropped, NotLoaded int
	Following, Paused, Polling, Typing bool
	Selected                           string // the execution ID of the selected line
	Filter, FilterErr, LastErr         string
	Server                             client.EventsQuery
}

// State returns what the screen holds.
func (m Model) State() State {
	st := State{Lines: len(m.lines.entries), Matches: len(m.lines.matches), Dropped: m.lines.dropped, NotLoaded: m.notLoaded,
		Following: m.follow, Paused: m.poll.paused, Polling: m.poll.inflight, Typing: m.typing,
		Filter: m.filterTxt, FilterErr: m.filterErr, LastErr: m.poll.lastErr, Server: m.server}
	if e, ok := m.selected(); ok {
		st.Selected = e.exec
	}
	return st
}

// New builds the screen.
func New(ctx common.Context, id common.ID, o Options) Model {
	if o.Refresh <= 0 {
		o.Refresh = 2 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = client.DefaultTimeout
	}
	if o.MaxLines <= 0 {
		o.MaxLines = MaxLines
	}
	if o.PageSize <= 0 {
		o.PageSize = PageSize
	}
	if !o.AllTenants {
		o.Tenants = nil
	}
	m := Model{id: id, o: o, keys: ctx.Keys, styles: ctx.Styles, nowFn: ctx.Now, after: ctx.After, times: ctx.Times,
		active: true, sel: -1, follow: true, unfolded: map[int]bool{}}
	if m.nowFn == nil {
		m.nowFn = time.Now
	}
	if m.after == nil {
		m.after = common.TeaTimer
	}
	m.lines.max = o.MaxLines
	if !o.AllTenants {
		m.poll.streams = []stream{{}}
	}
	if ctx.Styles != nil {
		m.sev = [4]lipgloss.Style{sevInfo: ctx.Styles.LogInfo, sevDebug: ctx.Styles.LogDebug,
			sevWarning: ctx.Styles.LogWarning, sevError: ctx.Styles.LogError}
		m.filterIn = newFilterInput(ctx.Styles)
	}
	m.foldKey = ctx.Keys.Focus
	m.foldKey.SetHelp(ctx.Keys.Focus.Help().Key, "fold/unfold")
	m.jumpKey = ctx.Keys.Open
	m.jumpKey.SetHelp(ctx.Keys.Open.Help().Key, "go to execution")
	if o.Filter != "" {
		m.filterIn.SetValue(o.Filter)
		m.applyFilter()
		m.commitFilter()
	}
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
		return m, m.startPoll()
	case tickMsg:
		return m.onTick(msg)
	case resultMsg:
		return m.onResult(msg)
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseWheelMsg:
		if n := common.WheelStep(msg); n != 0 {
			m.move(n)
		}
	}
	return m, nil
}

// appendEvents adds lines; the selection follows the newest while following.
func (m *Model) appendEvents(evs []client.Event, tenants []string) {
	if len(evs) == 0 {
		return
	}
	m.lines.add(evs, tenants)
	m.afterChange()
}

// afterChange keeps the selection and the window valid after lines came,
// went or were filtered.
func (m *Model) afterChange() {
	ms := m.lines.matches
	if len(ms) == 0 {
		m.sel = -1
		return
	}
	if m.follow || m.sel < 0 {
		none := m.sel < 0
		m.sel = ms[len(ms)-1]
		if none && !m.follow {
			m.top = ms[0]
			m.ensureVisible()
		}
		return
	}
	// The selection was dropped or filtered out: the nearest line after it.
	i := m.lines.index(m.sel)
	if i >= len(ms) {
		i = len(ms) - 1
	}
	m.sel = ms[i]
	if m.top < m.lines.base {
		m.top = ms[0]
	}
	m.ensureVisible()
}

func (m Model) selected() (*entry, bool) {
	if m.sel < m.lines.base || m.sel >= m.lines.next() {
		return nil, false
	}
	return m.lines.at(m.sel), true
}

// SetActive stops the stream while another screen covers this one; on top
// again it reads what came meanwhile (unless paused).
func (m Model) SetActive(active bool) (common.Screen, tea.Cmd) {
	if active == m.active {
		return m, nil
	}
	m.active = active
	if !active {
		m.stopPoll()
		return m, nil
	}
	return m, m.startPoll()
}

// SetTimes switches how the lines' times are shown.
func (m Model) SetTimes(t humantime.Mode) common.Screen {
	m.times = t
	return m
}

// InputActive reports whether the filter is being typed.
func (m Model) InputActive() bool { return m.typing }

// Back leaves the filter being typed; nothing else is open inside.
func (m Model) Back() (common.Screen, tea.Cmd, bool) {
	if m.typing {
		cmd := m.cancelFilter()
		return m, cmd, true
	}
	return m, nil, false
}

// SetSize gives the screen its size.
func (m Model) SetSize(w, h int) common.Screen {
	m.width, m.height = w, h
	m.filterIn.SetWidth(max(min(w/2, 60), 20))
	m.ensureVisible()
	return m
}

// Title is "events", and "every tenant" with AllTenants.
func (m Model) Title() string {
	if m.o.AllTenants {
		return "events · every tenant"
	}
	return "events"
}

// ShortHelp is the footer's key line.
func (m Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.typing {
		return []key.Binding{k.Open, k.Back}
	}
	return []key.Binding{k.Filter, m.jumpKey, m.foldKey, k.Pause, k.Bottom, k.Back, k.Help}
}

// FullHelp is every key of the screen.
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp},
		{m.jumpKey, m.foldKey, k.Filter, k.Back, k.Refresh, k.Pause},
		{k.Help, k.Command, k.Times, k.Quit, k.QuitNow},
	}
}

// HelpTitles names FullHelp's groups.
func (m Model) HelpTitles() []string { return []string{"Move", "Events", "General"} }

var (
	_ common.Screen     = Model{}
	_ common.TimeSetter = Model{}
)

// Open is a Cmd that puts a new events screen on the stack, reading from
// src (which must be a Manager; with AllTenants, a TenantLister too).
func Open(src any, o Options) tea.Cmd {
	mgr, ok := src.(Manager)
	if !ok {
		return common.Status("this manager connection cannot read the events timeline", true)
	}
	o.Manager = mgr
	if l, ok := src.(TenantLister); ok {
		o.Tenants = l
	}
	return func() tea.Msg {
		return common.PushMsg{New: func(ctx common.Context, id common.ID) common.Screen { return New(ctx, id, o) }}
	}
}
