package executions

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
)

// pollTickMsg asks for the next poll of generation gen.
type pollTickMsg struct {
	to  common.ID
	gen int
}

func (m pollTickMsg) ScreenID() common.ID { return m.to }

// poller is the polling state: tick-after-response, one request in flight,
// replies of an older generation dropped, exponential backoff on errors.
// What each poll asks for is in queries.go.
type poller struct {
	gen      int
	inflight bool
	cancel   context.CancelFunc
	manual   bool      // the request in flight was asked for with the refresh key
	sentAt   time.Time // when the request in flight was sent
	paused   bool
	refused  string // why the manager refuses (credentials, tenant): no automatic polls until r
	loaded   bool   // at least one good reply
	failures int
	lastGood time.Time
	lastErr  string
	retryAt  time.Time
	// unreadable is how many executions of the last answer could not be
	// read; the header shows it while it lasts.
	unreadable    int
	unreadableWhy string
	total         int // the manager's total for the window query

	// The incremental state (see queries.go).
	resync    bool                // the next poll re-reads the whole window
	lastSync  time.Time           // when the last full re-read ended
	active    map[string]struct{} // the executions that had not ended at the last poll
	syncing   *syncProgress       // a full re-read under way
	fullOnly  string              // why the manager cannot be polled incrementally; "" when it can
	fullNoted bool                // fullOnly was said on the status line
}

// syncProgress is a full re-read of the window, page by page.
type syncProgress struct {
	next, got, want int
}

// startPoll sends a poll now, superseding any request in flight: a full
// re-read when one is due (see needResync), else an incremental poll.
func (m *Model) startPoll(manual bool) tea.Cmd {
	p := &m.poll
	if p.cancel != nil {
		p.cancel()
	}
	p.gen++
	p.inflight, p.manual, p.sentAt = true, manual, m.nowFn()
	ctx, cancel := context.WithTimeout(context.Background(), m.o.Timeout)
	p.cancel = cancel
	q := newQueries(m.o, m.system)
	if manual || m.needResync() {
		p.syncing = &syncProgress{want: m.o.Limit}
		m.list.StartSweep()
		return fetchPage(ctx, m.o.Manager, m.id, p.gen, q, 0, true, p.refused != "")
	}
	return fetchIncremental(ctx, m.o.Manager, m.id, p.gen, q)
}

// needResync reports whether the next poll must re-read the whole window.
func (m Model) needResync() bool {
	p := &m.poll
	return !p.loaded || p.resync || p.fullOnly != "" || p.active == nil ||
		(m.o.Resync > 0 && m.nowFn().Sub(p.lastSync) >= m.o.Resync)
}

// continuePoll sends the next request of a poll under way (the next page, or
// the executions asked for by ID), keeping its generation.
func (m *Model) continuePoll(build func(ctx context.Context) tea.Cmd) tea.Cmd {
	p := &m.poll
	if p.cancel != nil {
		p.cancel()
	}
	ctx, cancel := context.WithTimeout(context.Background(), m.o.Timeout)
	p.cancel = cancel
	return build(ctx)
}

// stopPoll drops the request in flight and any pending tick.
func (m *Model) stopPoll() {
	p := &m.poll
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.gen++
	p.inflight, p.manual = false, false
	if p.syncing != nil {
		p.syncing, p.resync = nil, true // the re-read was cut: do it again
	}
}

func (m Model) onPollTick(msg pollTickMsg) (Model, tea.Cmd) {
	if msg.gen != m.poll.gen || !m.active || m.poll.paused || m.poll.inflight || m.poll.refused != "" {
		return m, nil
	}
	poll := m.startPoll(false)
	return m, tea.Batch(poll, m.ensureClock())
}

// current reports whether a reply belongs to the poll in flight.
func (m Model) current(gen int) bool { return gen == m.poll.gen && m.poll.inflight }

// pollFailed keeps the last good data, says why, and backs off; the next
// good poll re-reads the whole window, since changes may have been missed.
func (m Model) pollFailed(err error) (Model, tea.Cmd) {
	p := &m.poll
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.inflight, p.manual = false, false
	p.syncing, p.resync = nil, true
	m.now = m.nowFn()
	p.failures++
	p.lastErr = err.Error()
	if p.refused = refusal(err); p.refused != "" {
		// Trying again by itself would only repeat the refusal, and
		// with a changed password each try counts towards locking the
		// account: wait for the user to press r.
		p.retryAt = time.Time{}
		return m, m.ensureClock()
	}
	wait := common.Backoff(m.o.Refresh, p.failures)
	p.retryAt = m.now.Add(wait)
	return m, tea.Batch(m.after(wait, pollTickMsg{to: m.id, gen: p.gen}), m.ensureClock())
}

// pollDone ends a good poll: the header is live again and the next poll is
// due after the refresh interval.
func (m *Model) pollDone(unreadable int, unreadableWhy string) []tea.Cmd {
	p := &m.poll
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.inflight, p.manual = false, false
	m.now = m.nowFn()
	p.failures, p.lastErr, p.loaded, p.lastGood, p.refused = 0, "", true, m.now, ""
	var warn tea.Cmd
	if unreadable > 0 && unreadableWhy != p.unreadableWhy {
		warn = common.Status(unreadableWhy, true) // the whole sentence, once; the header keeps the count
	}
	p.unreadable, p.unreadableWhy = unreadable, unreadableWhy
	m.list.SetNow(m.now)
	cmds := []tea.Cmd{m.after(m.o.Refresh, pollTickMsg{to: m.id, gen: p.gen}), warn, m.afterPoll()}
	if p.fullOnly != "" && !p.fullNoted {
		p.fullNoted = true
		cmds = append(cmds, common.Status("polling the whole window each time: "+p.fullOnly, true))
	}
	return cmds
}

// afterMerge says what a merge did to the selection, and follows it.
func (m *Model) afterMerge(selectionLost, filteredOut bool, lostID string) tea.Cmd {
	switch {
	case selectionLost && filteredOut:
		return tea.Batch(common.Note(fmt.Sprintf("execution %s changed and no longer matches the filter; moved to the nearest row", common.ShortID(lostID))), m.followSelection())
	case selectionLost:
		return tea.Batch(common.Note(fmt.Sprintf("execution %s is no longer in the list; moved to the nearest row", common.ShortID(lostID))), m.followSelection())
	}
	return m.afterListChange()
}

// onPage merges one page of a full re-read: the list is usable from the
// first page; the last one drops what the manager no longer has.
func (m Model) onPage(msg pageMsg) (Model, tea.Cmd) {
	if !m.current(msg.gen) || m.poll.syncing == nil {
		return m, nil // an answer to a superseded request
	}
	if msg.err != nil {
		return m.pollFailed(msg.err)
	}
	p := &m.poll
	sp := p.syncing
	p.total = msg.total
	if msg.first {
		m.list.Reserve(min(m.o.Limit, msg.total) + len(msg.active))
	}
	res := m.list.Merge(msg.items)
	if msg.first {
		p.active = idSet(msg.active)
		if r := m.list.Merge(msg.active); r.SelectionLost {
			res = r
		}
	}
	m.unreadSync += msg.unreadable
	if m.unreadSync > 0 && m.unreadWhy == "" {
		m.unreadWhy = msg.unreadableWhy
	}
	sp.got += len(msg.items) + msg.unreadable
	sp.next = msg.offset + len(msg.items) + msg.unreadable
	sp.want = min(m.o.Limit, msg.total)
	cmds := []tea.Cmd{m.afterMerge(res.SelectionLost, res.FilteredOut, res.LostID), m.openPending()}
	if len(msg.items)+msg.unreadable > 0 && sp.next < sp.want && !msg.repeated {
		q := newQueries(m.o, m.system)
		next, gen := sp.next, p.gen
		cmds = append(cmds, m.continuePoll(func(ctx context.Context) tea.Cmd {
			return fetchPage(ctx, m.o.Manager, m.id, gen, q, next, false, false)
		}))
		return m, tea.Batch(cmds...)
	}
	// The whole window is read: what was not seen is gone from the manager.
	res = m.list.Sweep()
	p.syncing, p.resync, p.lastSync = nil, false, m.nowFn()
	unread, why := m.unreadSync, m.unreadWhy
	m.unreadSync, m.unreadWhy = 0, ""
	cmds = append(cmds, m.afterMerge(res.SelectionLost, res.FilteredOut, res.LostID))
	cmds = append(cmds, m.pollDone(unread, why)...)
	cmds = append(cmds, m.openPending(), m.ensureClock())
	return m, tea.Batch(cmds...)
}

// onIncremental merges the active executions, and asks by ID for what the
// head and the active answer say has changed elsewhere.
func (m Model) onIncremental(msg incrementalMsg) (Model, tea.Cmd) {
	if !m.current(msg.gen) {
		return m, nil
	}
	if msg.err != nil {
		if client.IsBadParameters(msg.err) {
			// A manager that refuses the small queries is polled whole.
			m.poll.fullOnly = fmt.Sprintf("the manager refused the incremental queries (%v)", msg.err)
		}
		return m.pollFailed(msg.err)
	}
	p := &m.poll
	now := idSet(msg.active)
	ask, fresh := askFor(p.active, now, msg.head, m.list.Get)
	for i := range msg.active {
		if _, ok := m.list.Get(msg.active[i].ID); !ok {
			fresh++
		}
	}
	expected := p.total + fresh
	res := m.list.Merge(msg.active)
	p.active = now
	cmds := []tea.Cmd{m.afterMerge(res.SelectionLost, res.FilteredOut, res.LostID)}
	if msg.headTotal != expected {
		// The window holds other executions than the ones seen: more
		// started than the head holds (or at the same instant as the
		// head's last), or some were deleted. Read it again now.
		p.resync = true
		return m, tea.Batch(append(cmds, m.startPoll(p.manual))...)
	}
	p.total = msg.headTotal
	if len(ask) == 0 {
		cmds = append(cmds, m.pollDone(msg.unreadable, msg.unreadableWhy)...)
		return m, tea.Batch(append(cmds, m.openPending(), m.ensureClock())...)
	}
	q := newQueries(m.o, m.system)
	gen := p.gen
	unread, why := msg.unreadable, msg.unreadableWhy
	cmds = append(cmds, m.continuePoll(func(ctx context.Context) tea.Cmd {
		return fetchByID(ctx, m.o.Manager, m.id, gen, q, ask, unread, why)
	}))
	return m, tea.Batch(cmds...)
}

// onByID merges the executions asked for by ID; one that is not there any
// more was deleted on the manager.
func (m Model) onByID(msg byIDMsg) (Model, tea.Cmd) {
	if !m.current(msg.gen) {
		return m, nil
	}
	if msg.err != nil {
		return m.pollFailed(msg.err)
	}
	res := m.list.Merge(msg.items)
	got := idSet(msg.items)
	var cmds []tea.Cmd
	for _, id := range msg.asked {
		if _, ok := got[id]; ok {
			continue
		}
		if _, known := m.list.Get(id); known {
			if r, ok := m.list.Remove(id); ok && r.SelectionLost {
				res = r
			}
		}
	}
	cmds = append(cmds, m.afterMerge(res.SelectionLost, res.FilteredOut, res.LostID))
	cmds = append(cmds, m.pollDone(msg.unreadable, msg.unreadableWhy)...)
	cmds = append(cmds, m.openPending(), m.ensureClock())
	return m, tea.Batch(cmds...)
}

func idSet(items []client.Execution) map[string]struct{} {
	s := make(map[string]struct{}, len(items))
	for i := range items {
		s[items[i].ID] = struct{}{}
	}
	return s
}

// refusal says, in a few words, an answer that retrying by itself cannot
// change: wrong credentials (401), no permission or a tenant the user may
// not use (403), or a tenant name that cannot be sent. "" for any other.
func refusal(err error) string {
	switch {
	case client.IsNotAuthenticated(err):
		return "credentials refused"
	case client.IsForbidden(err):
		return "access denied"
	case client.IsInvalidTenant(err):
		return "tenant name not valid"
	}
	return ""
}
