package events

import (
	"context"
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
)

// stream is where the reading of one tenant's timeline is: the manager's
// stable reported_timestamp order is append-only, so after the first page
// only the items past offset are asked for (cfy events list --tail).
type stream struct {
	tenant  string // "" = the client's own
	offset  int    // items of the query received so far
	started bool   // the first page is in
}

// poller is the fetching state: one request in flight, replies of an older
// generation dropped, the next look after the refresh interval, backoff on
// errors.
type poller struct {
	gen      int
	inflight bool
	cancel   context.CancelFunc
	paused   bool
	failures int
	lastErr  string
	loaded   bool // one good answer
	burst    int  // full pages read back to back
	streams  []stream
	tenants  bool // the tenants are known (AllTenants)
}

type (
	// tickMsg asks for the next look of generation gen.
	tickMsg struct {
		to  common.ID
		gen int
	}
	// resultMsg answers one look at every stream.
	resultMsg struct {
		to      common.ID
		gen     int
		tenants []string // AllTenants: the tenants, when they were asked for
		pages   []streamPage
		err     error
	}
	streamPage struct {
		tenant string
		first  bool
		items  []client.Event
		total  int
	}
	startMsg struct{ to common.ID }
)

func (m tickMsg) ScreenID() common.ID   { return m.to }
func (m resultMsg) ScreenID() common.ID { return m.to }
func (m startMsg) ScreenID() common.ID  { return m.to }

// MaxBurst is how many full pages are read back to back before waiting a
// refresh interval.
const MaxBurst = 20

// startPoll sends the next look now, unless one is out, the stream is
// paused or the screen is covered.
func (m *Model) startPoll() tea.Cmd {
	p := &m.poll
	if p.inflight || p.paused || !m.active || m.o.Manager == nil {
		return nil
	}
	p.gen++
	p.inflight = true
	ctx, cancel := context.WithTimeout(context.Background(), m.o.Timeout)
	p.cancel = cancel
	mgr, lister, to, gen, size := m.o.Manager, m.o.Tenants, m.id, p.gen, m.o.PageSize
	server := m.server
	streams := slices.Clone(p.streams)
	needTenants := m.o.AllTenants && !p.tenants
	return func() tea.Msg {
		defer cancel()
		res := resultMsg{to: to, gen: gen}
		if needTenants {
			if lister == nil {
				res.err = fmt.Errorf("this manager cannot list its tenants")
				return res
			}
			ts, err := lister.Tenants(ctx)
			if err != nil {
				res.err = fmt.Errorf("listing the tenants: %w", err)
				return res
			}
			for _, t := range ts {
				res.tenants = append(res.tenants, t.Name)
				streams = append(streams, stream{tenant: t.Name})
			}
		}
		for _, s := range streams {
			q := server
			q.Size = size
			if s.started {
				q.Offset = s.offset
			} else {
				// The newest page first: the same order reversed, with the total.
				q.Sort = []string{"-reported_timestamp"}
			}
			page, err := mgr.QueryEvents(client.WithTenant(ctx, s.tenant), q)
			if err != nil {
				res.err = err
				if s.tenant != "" {
					res.err = fmt.Errorf("tenant %s: %w", s.tenant, err)
				}
				return res
			}
			sp := streamPage{tenant: s.tenant, first: !s.started, items: page.Items, total: page.Pagination.Total}
			if sp.first {
				slices.Reverse(sp.items)
			}
			res.pages = append(res.pages, sp)
		}
		return res
	}
}

// stopPoll drops the request in flight and any look scheduled.
func (m *Model) stopPoll() {
	p := &m.poll
	p.gen++
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.inflight = false
	p.burst = 0
}

func (m Model) onTick(msg tickMsg) (Model, tea.Cmd) {
	if msg.gen != m.poll.gen || m.poll.inflight {
		return m, nil
	}
	return m, m.startPoll()
}

func (m Model) onResult(msg resultMsg) (Model, tea.Cmd) {
	p := &m.poll
	if msg.gen != p.gen {
		return m, nil
	}
	p.inflight, p.cancel = false, nil
	if msg.err != nil {
		p.failures++
		p.lastErr = msg.err.Error()
		p.burst = 0
		if client.IsNotAuthenticated(msg.err) || client.IsForbidden(msg.err) {
			return m, nil // retrying would repeat the refusal: r tries again
		}
		return m, m.after(common.Backoff(m.o.Refresh, p.failures), tickMsg{to: m.id, gen: p.gen})
	}
	p.failures, p.lastErr, p.loaded = 0, "", true
	if msg.tenants != nil {
		p.tenants = true
		for _, t := range msg.tenants {
			p.streams = append(p.streams, stream{tenant: t})
		}
	}
	full := false
	var evs []client.Event
	var tenants []string
	for _, pg := range msg.pages {
		i := slices.IndexFunc(p.streams, func(s stream) bool { return s.tenant == pg.tenant })
		if i < 0 {
			continue
		}
		s := &p.streams[i]
		if pg.first {
			s.started, s.offset = true, pg.total
			m.notLoaded += max(pg.total-len(pg.items), 0)
		} else {
			s.offset += len(pg.items)
			full = full || len(pg.items) >= m.o.PageSize
		}
		evs = append(evs, pg.items...)
		for range pg.items {
			tenants = append(tenants, pg.tenant)
		}
	}
	if len(msg.pages) > 1 {
		// Several tenants: one timeline, in the order the manager reported them.
		idx := make([]int, len(evs))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			return evs[a].ReportedTimestamp.Compare(evs[b].ReportedTimestamp.Time)
		})
		se, st := make([]client.Event, len(evs)), make([]string, len(evs))
		for i, j := range idx {
			se[i], st[i] = evs[j], tenants[j]
		}
		evs, tenants = se, st
	}
	m.appendEvents(evs, tenants)
	if full && p.burst < MaxBurst {
		p.burst++
		return m, m.startPoll()
	}
	p.burst = 0
	return m, m.after(m.o.Refresh, tickMsg{to: m.id, gen: p.gen})
}

// restart reads the timeline afresh: the query the manager answers changed.
func (m *Model) restart() tea.Cmd {
	m.stopPoll()
	m.lines.reset()
	m.notLoaded = 0
	m.sel, m.top, m.follow = -1, 0, true
	m.unfolded = map[int]bool{}
	streams := m.poll.streams[:0:0]
	for _, s := range m.poll.streams {
		streams = append(streams, stream{tenant: s.tenant})
	}
	m.poll.streams = streams
	m.poll.loaded = false
	return m.startPoll()
}
