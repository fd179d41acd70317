// Package detailpane shows one execution in full: every field, timings,
// progress, parameters, the error text, and the live tail of its events and
// logs. It fetches only for the execution it shows, and drops replies meant
// for an execution it no longer shows.
package detailpane

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
)

// Source is what the pane reads from the manager (satisfied by *client.Client).
type Source interface {
	GetExecution(ctx context.Context, id string, include ...string) (*client.Execution, error)
	ListEvents(ctx context.Context, o client.EventsOptions) (*client.EventPage, error)
}

// PageSize is how many events one request asks for.
const PageSize = 500

// MaxEvents is how many of an execution's latest events and logs the pane
// keeps: a long run can log far more than is worth holding in memory or
// reading on a screen. The older ones are dropped, and the pane says so.
const MaxEvents = 5000

// RequestTimeout bounds each request of the pane: the client's timeout,
// as for every other request.
const RequestTimeout = client.DefaultTimeout

// ExecutionMsg answers a full fetch of one execution.
type ExecutionMsg struct {
	Owner     common.ID // the screen whose pane asked
	ID        string
	Gen       int
	Execution *client.Execution
	Err       error
}

// EventsMsg answers one page of events of one execution.
type EventsMsg struct {
	Owner  common.ID
	ID     string
	Gen    int
	Offset int
	Page   *client.EventPage
	Err    error
}

// TailMsg asks for the next look at the events of one execution.
type TailMsg struct {
	Owner common.ID
	ID    string
	Gen   int
}

// ScreenID addresses the reply to the screen whose pane asked.
func (m ExecutionMsg) ScreenID() common.ID { return m.Owner }

// ScreenID addresses the reply to the screen whose pane asked.
func (m EventsMsg) ScreenID() common.ID { return m.Owner }

// ScreenID addresses the reply to the screen whose pane asked.
func (m TailMsg) ScreenID() common.ID { return m.Owner }

// Model is the detail pane. Use New; the zero value shows nothing.
type Model struct {
	src     Source
	styles  *themes.Styles
	keys    keymap.KeyMap
	refresh time.Duration
	now     time.Time

	vp            viewport.Model
	width, height int
	focused       bool

	id     string
	tenant string // the execution's tenant: requests speak for it ("" = the client's own)
	gen    int
	exec   client.Execution
	have   bool // exec holds at least a summary
	full   bool // exec was fetched in full

	execErr        string
	execInflight   bool
	events         []client.Event
	skipped        int // events on the manager before events[0], not kept
	eventsErr      string
	eventsInflight bool
	tailPending    bool
	doneAfterEnd   bool // a fetch completed after the execution had ended
	authStopped    bool // the manager refused the credentials or the tenant: no more automatic tries
	follow         bool
	scrolled       bool // the user moved the view since the execution was shown

	lines      []string // rendered content, rebuilt when something changes
	evLines    []string // rendered events, appended as they arrive
	evRendered int      // how many events evLines holds
	times      times    // how times are shown (render.go)
	wrapW      int      // the width lines are wrapped to
	frames     [2]frame // border: unfocused, focused

	after common.Timer
	owner common.ID

	lastPage string // pageKey of the last page appended
	burst    int    // full pages read back to back since the last wait

	search search   // the search of the events (search.go)
	tri    triState // the Cause and Stuck blocks (cause.go)
}

// SetTimer replaces how the pane waits (tests deliver timers by hand).
func (m *Model) SetTimer(t common.Timer) { m.after = t }

// SetOwner names the screen the pane's replies are addressed to.
func (m *Model) SetOwner(id common.ID) { m.owner = id }

// New returns a pane reading from src; refresh is how often it looks for new
// events while the execution runs.
func New(src Source, styles *themes.Styles, keys keymap.KeyMap, refresh time.Duration) Model {
	if refresh <= 0 {
		refresh = 2 * time.Second
	}
	vp := viewport.New()
	vp.SoftWrap = false // lines are wrapped once when rendered (see wrap)
	vp.MouseWheelEnabled = true
	vp.MouseWheelDelta = common.WheelRows // as a list moves
	vp.KeyMap = viewport.KeyMap{
		PageDown:     keys.PageDown,
		PageUp:       keys.PageUp,
		HalfPageDown: keys.HalfDown,
		HalfPageUp:   keys.HalfUp,
		Down:         keys.Down,
		Up:           keys.Up,
	}
	return Model{src: src, styles: styles, keys: keys, refresh: refresh, vp: vp, follow: true, after: common.TeaTimer}
}

// ID is the execution shown, "" when none.
func (m Model) ID() string { return m.id }

// Execution is what the pane knows of the execution shown.
func (m Model) Execution() (client.Execution, bool) { return m.exec, m.have }

// Full reports whether the execution was fetched in full.
func (m Model) Full() bool { return m.full }

// Events returns the events and logs received so far.
func (m Model) Events() []client.Event { return m.events }

// Following reports whether the pane follows new lines.
func (m Model) Following() bool { return m.follow }

// Focused reports whether keys go to the pane.
func (m Model) Focused() bool { return m.focused }

// SetFocused gives the pane the keys (or takes them away).
func (m *Model) SetFocused(f bool) { m.focused = f }

// SetSize sets the outer size of the pane, border included.
func (m *Model) SetSize(w, h int) {
	if w == m.width && h == m.height {
		return
	}
	m.width, m.height = w, h
	m.vp.SetWidth(max(w-2, 1))
	m.layoutSearch() // border, the title line, the search line
	if inner := max(w-2, 1); inner != m.wrapW {
		m.wrapW = inner
		m.evLines, m.evRendered = nil, 0 // wrapped for the old width
		m.renderEvents()
	}
	m.rebuildFrames()
	m.rebuild()
}

// SetStyles switches the theme.
func (m *Model) SetStyles(s *themes.Styles) {
	m.styles = s
	m.evLines, m.evRendered = nil, 0
	m.renderEvents()
	m.rebuildFrames()
	m.rebuild()
}

// SetKeys switches the bindings.
func (m *Model) SetKeys(k keymap.KeyMap) {
	m.keys = k
	m.vp.KeyMap = viewport.KeyMap{PageDown: k.PageDown, PageUp: k.PageUp, HalfPageDown: k.HalfDown,
		HalfPageUp: k.HalfUp, Down: k.Down, Up: k.Up}
}

// SetNow sets the clock used for the live duration in the title. The
// content depends only on its day (events of another day carry their date),
// so the clock re-renders the tail at most once a day.
func (m *Model) SetNow(t time.Time) {
	m.now = t
	m.newDay()
}

// Show shows e (a list row, or a full execution). A new ID resets the pane and
// starts fetching the full execution and its events; the same ID refreshes
// the fields a list row carries, and starts reading again when the execution
// left an end state (resumed, or killed from one) or when the manager had
// refused the pane's requests (a fresh summary means the dashboard reads
// again).
func (m *Model) Show(e client.Execution) tea.Cmd {
	if e.ID == m.id && e.ID != "" {
		if e.TenantName != "" {
			m.tenant = e.TenantName
		}
		var again tea.Cmd
		if m.authStopped {
			m.authStopped = false
			again = m.start()
		}
		wasEnd := m.have && m.exec.Status.IsEnd()
		if m.have && !m.mergeSummary(e) {
			return again // nothing new: no rebuild on every poll
		}
		if !m.have {
			m.exec, m.have = e, true
		}
		if wasEnd && !m.exec.Status.IsEnd() {
			again = tea.Batch(again, m.readAgain())
		}
		m.rebuild()
		return again
	}
	m.reset(e.ID)
	m.tenant = e.TenantName
	m.exec, m.have = e, true
	m.follow = !e.Status.IsEnd()
	m.rebuild()
	return m.start()
}

// ShowID shows the execution with this ID, known by nothing but its ID.
func (m *Model) ShowID(id string) tea.Cmd {
	if id == m.id {
		return nil
	}
	m.reset(id)
	m.rebuild()
	return m.start()
}

// Stop forgets the execution and drops every reply still on its way.
func (m *Model) Stop() {
	m.reset("")
	m.rebuild()
}

func (m *Model) reset(id string) {
	m.gen++
	m.id = id
	m.exec, m.have, m.full = client.Execution{}, false, false
	m.execErr, m.eventsErr = "", ""
	m.execInflight, m.eventsInflight, m.tailPending = false, false, false
	m.events, m.evLines, m.evRendered, m.skipped = nil, nil, 0, 0
	m.doneAfterEnd, m.authStopped = false, false
	m.lastPage, m.burst = "", 0
	m.tenant = ""
	m.follow, m.scrolled = true, false
	m.tri = triState{}
	m.vp.SetYOffset(0)
	m.CloseSearch()
}

func (m *Model) start() tea.Cmd {
	if m.id == "" || m.src == nil {
		return nil
	}
	return tea.Batch(m.fetchExecution(), m.fetchEvents())
}

// readAgain restarts the reading of an execution that left an end state:
// what was read as final is not, so fetch it again and tail its events.
// The fields fetched before stay on screen until the new ones arrive.
func (m *Model) readAgain() tea.Cmd {
	m.doneAfterEnd = false
	if !m.scrolled {
		m.follow = true // a running execution is followed
	}
	cmds := []tea.Cmd{m.fetchExecution()}
	if !m.tailPending {
		cmds = append(cmds, m.fetchEvents()) // no-op when a read is in flight
	}
	return tea.Batch(cmds...)
}

// tailStopped reports whether nothing is scheduled to read the events: the
// execution ended and was read to the end, or the manager refused.
func (m *Model) tailStopped() bool {
	return m.id != "" && !m.tailPending && !m.eventsInflight
}

// refusal reports an error after which retrying by itself would only repeat
// the refusal (and, for wrong credentials, count towards locking the account).
func refusal(err error) bool {
	return client.IsNotAuthenticated(err) || client.IsForbidden(err) || client.IsInvalidTenant(err)
}

// mergeSummary takes the fields a list row carries that change over time,
// and reports whether any did.
func (m *Model) mergeSummary(e client.Execution) bool {
	before := m.exec
	if !m.full {
		m.exec = e
		return !sameSummary(&before, &m.exec)
	}
	m.exec.Status = e.Status
	if e.StatusDisplay != "" {
		m.exec.StatusDisplay = e.StatusDisplay
	}
	if e.StartedAt.Present {
		m.exec.StartedAt = e.StartedAt
	}
	if e.EndedAt.Present {
		m.exec.EndedAt = e.EndedAt
	}
	m.exec.TotalOperations = e.TotalOperations
	m.exec.FinishedOperations = e.FinishedOperations
	return !sameSummary(&before, &m.exec)
}

func sameSummary(a, b *client.Execution) bool {
	return a.ID == b.ID && a.Status == b.Status && a.StatusDisplay == b.StatusDisplay &&
		a.StartedAt == b.StartedAt && a.EndedAt == b.EndedAt && a.WorkflowID == b.WorkflowID &&
		a.TotalOperations == b.TotalOperations && a.FinishedOperations == b.FinishedOperations
}

func (m *Model) fetchExecution() tea.Cmd {
	if m.execInflight || m.id == "" || m.src == nil {
		return nil
	}
	m.execInflight = true
	src, id, gen, tenant, owner := m.src, m.id, m.gen, m.tenant, m.owner
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(client.WithTenant(context.Background(), tenant), RequestTimeout)
		defer cancel()
		e, err := src.GetExecution(ctx, id)
		return ExecutionMsg{Owner: owner, ID: id, Gen: gen, Execution: e, Err: err}
	}
}

func (m *Model) fetchEvents() tea.Cmd {
	if m.eventsInflight || m.id == "" || m.src == nil {
		return nil
	}
	m.eventsInflight = true
	src, id, gen, tenant, offset, owner := m.src, m.id, m.gen, m.tenant, m.skipped+len(m.events), m.owner
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(client.WithTenant(context.Background(), tenant), RequestTimeout)
		defer cancel()
		p, err := src.ListEvents(ctx, client.EventsOptions{ExecutionID: id, IncludeLogs: true, Offset: offset, Size: PageSize})
		return EventsMsg{Owner: owner, ID: id, Gen: gen, Offset: offset, Page: p, Err: err}
	}
}

func (m *Model) scheduleTail() tea.Cmd {
	if m.tailPending || m.id == "" {
		return nil
	}
	m.tailPending = true
	return m.after(m.refresh, TailMsg{Owner: m.owner, ID: m.id, Gen: m.gen})
}

func (m Model) current(id string, gen int) bool { return id == m.id && gen == m.gen && id != "" }

// Update handles the pane's own replies, and scroll keys while focused.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case ExecutionMsg:
		return m.onExecution(msg)
	case EventsMsg:
		return m.onEvents(msg)
	case TailMsg:
		return m.onTail(msg)
	case tea.KeyPressMsg:
		if m.focused {
			return m.onKey(msg)
		}
	case tea.MouseWheelMsg:
		if m.focused {
			return m.Wheel(msg), nil
		}
	}
	return m, nil
}

func (m Model) onExecution(msg ExecutionMsg) (Model, tea.Cmd) {
	if !m.current(msg.ID, msg.Gen) {
		return m, nil
	}
	m.execInflight = false
	var cmd tea.Cmd
	if msg.Err != nil {
		m.execErr = msg.Err.Error()
		if refusal(msg.Err) {
			m.authStopped = true
		}
	} else if msg.Execution != nil {
		first := !m.full
		m.exec, m.have, m.full, m.execErr = *msg.Execution, true, true, ""
		if m.tenant == "" {
			m.tenant = msg.Execution.TenantName
		}
		if first && !m.scrolled {
			// Follow the tail of a running execution; read an ended one from the top.
			m.follow = !m.exec.Status.IsEnd()
		}
		if !m.exec.Status.IsEnd() && m.tailStopped() && !m.authStopped {
			// It left an end state after the events were read to the end.
			cmd = m.readAgain()
		}
	}
	m.rebuild()
	if !m.follow && !m.scrolled {
		m.vp.GotoTop()
	}
	return m, cmd
}

func (m Model) onEvents(msg EventsMsg) (Model, tea.Cmd) {
	if !m.current(msg.ID, msg.Gen) {
		return m, nil
	}
	m.eventsInflight = false
	if msg.Err != nil {
		m.eventsErr = msg.Err.Error()
		m.rebuild()
		if refusal(msg.Err) {
			m.authStopped = true // tried again on the next Show
			return m, nil
		}
		return m, m.scheduleTail()
	}
	m.eventsErr = ""
	if msg.Offset == 0 && len(m.events) == 0 && msg.Page != nil && msg.Page.Pagination.Total > MaxEvents+PageSize {
		// A long history: start reading where the kept tail begins.
		m.skipped = msg.Page.Pagination.Total - MaxEvents
		m.rebuild()
		return m, m.fetchEvents()
	}
	fresh := false
	if msg.Offset == m.skipped+len(m.events) && msg.Page != nil && len(msg.Page.Items) > 0 {
		// A manager that ignores the offset sends the same page again:
		// nothing new, so nothing is appended and catching up stops.
		if key := pageKey(msg.Page.Items); key != m.lastPage {
			m.lastPage, fresh = key, true
			m.events = append(m.events, msg.Page.Items...)
			m.trimEvents()
			m.renderEvents()
		}
	}
	m.rebuild()
	if fresh && len(msg.Page.Items) >= PageSize && m.burst < MaxBurst {
		m.burst++
		return m, m.fetchEvents() // more pages waiting: read on now
	}
	m.burst = 0 // caught up, or paced: the next look waits for the tail's tick
	if m.have && m.full && m.exec.Status.IsEnd() {
		if m.doneAfterEnd {
			return m, nil // ended and fully read: nothing more will come
		}
		m.doneAfterEnd = true
	}
	return m, m.scheduleTail()
}

// MaxBurst is how many full pages the pane reads back to back before it
// waits a refresh interval: catching up on a long run is paced, so that a
// manager answering full pages forever is not asked without pause.
const MaxBurst = 20

// pageKey tells one page of events from another by its first and last
// events: a page that is the same as the last one brought nothing new.
func pageKey(items []client.Event) string {
	first, last := items[0], items[len(items)-1]
	return fmt.Sprint(len(items), first.StorageID, first.ReportedTimestamp.UnixNano(), first.Message,
		last.StorageID, last.ReportedTimestamp.UnixNano(), last.Message)
}

// trimEvents drops the oldest events beyond MaxEvents. It waits for a page's
// worth of excess, so that a live tail re-renders the kept lines once per
// page of new events, not on every poll.
func (m *Model) trimEvents() {
	drop := len(m.events) - MaxEvents
	if drop < PageSize {
		return
	}
	m.events = append([]client.Event(nil), m.events[drop:]...)
	m.skipped += drop
	m.evLines, m.evRendered = nil, 0
}

func (m Model) onTail(msg TailMsg) (Model, tea.Cmd) {
	if !m.current(msg.ID, msg.Gen) {
		return m, nil
	}
	m.tailPending = false
	if m.authStopped {
		return m, nil
	}
	cmds := []tea.Cmd{m.fetchEvents()}
	if !m.full || !m.exec.Status.IsEnd() || m.execErr != "" {
		cmds = append(cmds, m.fetchExecution())
	}
	return m, tea.Batch(cmds...)
}

func (m Model) onKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if m.SearchTyping() {
		return m.searchKey(msg)
	}
	if m.searchMove(msg) {
		return m, nil
	}
	if next, cmd, ok := m.TriageKey(msg); ok {
		return next, cmd
	}
	m.scrolled = true
	switch {
	case key.Matches(msg, m.keys.Top):
		m.vp.GotoTop()
	case key.Matches(msg, m.keys.Bottom):
		m.vp.GotoBottom()
	default:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		m.follow = m.vp.AtBottom()
		return m, cmd
	}
	m.follow = m.vp.AtBottom()
	return m, nil
}

// ShortHelp lists the keys that work in the pane.
func (m Model) ShortHelp() []key.Binding {
	switch {
	case m.SearchTyping():
		return []key.Binding{m.keys.Open, m.keys.Back}
	case m.SearchOpen():
		return []key.Binding{m.keys.SearchNext, m.keys.SearchPrev, m.keys.Up, m.keys.Down, m.keys.Back}
	}
	return []key.Binding{m.keys.Up, m.keys.Down, m.keys.PageDown, m.keys.Bottom, m.keys.Focus, m.keys.Back}
}

// FullHelp lists the keys that work in the pane.
func (m Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
