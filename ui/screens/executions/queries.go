package executions

import (
	"context"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
)

// What the screen asks the manager for, and which changes each query
// catches. This is the one place that says it.
//
// A poll is incremental: it costs what changed, not the window.
//   - active: every execution that has not ended, with the list's columns
//     (status=…&status=…, which the manager ORs). It catches new running
//     or waiting executions, every change among them, and a resume (an
//     ended execution that runs again).
//   - head: the newest headSize executions of the window, id, status and
//     created_at only. It catches new executions however short-lived
//     (one that started and ended between two polls), and a status change
//     of a recent one that is not running (a failed one patched to
//     cancelled, say).
//   - by ID (id=A&id=B, which the manager ORs), only when there is
//     something to ask: the executions that were active at the last poll
//     and are not now (their final row), the head's new IDs the active
//     answer did not bring, and the head's rows whose status differs from
//     ours. One the manager no longer has was deleted.
//
// The window's total, from the head's answer, checks the sum: when it is
// not the last total plus the executions first seen by this poll, the
// window holds executions the poll did not see (more started than the head
// holds, or several at the head's last instant), or some were deleted; the
// window is then read again at once.
//
// A full re-read of the window (pages of pageSize, newest first, usable
// from the first page) catches the rest: an ended execution outside the
// head patched to another ended status (or pushed out of the head by starts
// before the next poll), an old execution resumed that ended again before
// the next poll saw it run, a deletion hidden by a start in the same poll,
// and the rows that fell out of the window as new ones came in.
// It runs on the first load, every Options.Resync, on the refresh key,
// after an error (changes may have been missed), when the total does not
// add up, and always for a manager that refuses the small queries.
//
// A re-read starts with a small page, on screen at once, and goes on in
// large ones: each request costs the manager a count of the window and a
// query that skips everything before its offset, so fewer, larger pages are
// the gentler way to read 100,000 rows (40 requests instead of 100). At
// the list's columns a row is about 450 bytes: a large page is about 1 MB,
// far from the client's body cap. A window larger than 250,000 is read in
// a hundred pages (up to maxPageSize rows, about 4.5 MB each): at 1,000,000
// every request costs the manager a count of a million rows.
const (
	headSize      = 20
	firstPageSize = 250
	pageSize      = 2500
	maxPageSize   = 10_000
	byIDMax       = 50 // IDs in one request, so that its URL stays short
)

// headFields are what the head asks for: enough to tell a new execution
// and a changed end (a status, or an end stamped again).
var headFields = []string{"id", "status", "created_at", "ended_at"}

// queries are the screen's queries, built once per poll from the options.
type queries struct {
	limit  int                           // the window's size (Options.Limit)
	window client.ListExecutionsOptions  // the window's query without size and offset
	active *client.ListExecutionsOptions // nil when the status filter excludes every active status
}

// newQueries builds the window query (server-side filters, tenant scope,
// system workflows, list columns, newest first) and the active query.
func newQueries(o Options, system bool) queries {
	window := client.Scope{Deployment: o.Deployment, Status: o.Status, Workflow: o.Workflow, Blueprint: o.Blueprint,
		System: system, AllTenants: o.AllTenants}.WindowQuery()
	if o.Group != "" {
		window.Filters["_group_id"] = []string{o.Group} // the members of one execution group
	}
	return queries{limit: o.Limit, window: window, active: client.ActiveQuery(window)}
}

// head is the query of the newest executions, small.
func (q queries) head() client.ListExecutionsOptions {
	h := q.window
	h.Include, h.Size, h.Offset = headFields, headSize, 0
	return h
}

// page is one page of the window from offset: firstPageSize at the top,
// pageSize after it (a hundredth of a larger window, up to maxPageSize),
// or what is left of limit.
func (q queries) page(offset int) client.ListExecutionsOptions {
	p := q.window
	size := min(maxPageSize, max(pageSize, q.limit/100))
	if offset == 0 {
		size = firstPageSize
	}
	p.Size, p.Offset = min(size, max(q.limit-offset, 1)), offset
	return p
}

// byID asks for the given executions, with the list's columns, whatever
// their status (the window's other filters still apply).
func (q queries) byID(ids []string) client.ListExecutionsOptions {
	b := q.window
	filters := make(map[string][]string, len(b.Filters)+1)
	for k, v := range b.Filters {
		if k != "status" {
			filters[k] = v
		}
	}
	filters["id"] = ids
	b.Filters = filters
	b.GetAllResults = true
	return b
}

type (
	// pageMsg answers one page of a full re-read (with the active query on
	// the first page).
	pageMsg struct {
		to            common.ID
		gen           int
		offset        int
		first         bool
		items         []client.Execution
		active        []client.Execution
		total         int
		repeated      bool // the manager sent the previous page again
		unreadable    int
		unreadableWhy string
		err           error
	}
	// incrementalMsg answers the active query and the head.
	incrementalMsg struct {
		to            common.ID
		gen           int
		active        []client.Execution
		head          []client.Execution
		headTotal     int
		unreadable    int
		unreadableWhy string
		err           error
	}
	// byIDMsg answers the executions asked for by ID.
	byIDMsg struct {
		to            common.ID
		gen           int
		asked         []string
		items         []client.Execution
		unreadable    int
		unreadableWhy string
		err           error
	}
)

func (m pageMsg) ScreenID() common.ID        { return m.to }
func (m incrementalMsg) ScreenID() common.ID { return m.to }
func (m byIDMsg) ScreenID() common.ID        { return m.to }

// worse keeps the larger count of unreadable rows of two answers: they may
// overlap, and an unreadable row has no ID to tell it by.
func worse(a, b *client.ExecutionPage) (int, string) {
	if b != nil && (a == nil || b.Skipped > a.Skipped) {
		a = b
	}
	if a == nil {
		return 0, ""
	}
	return a.Skipped, a.SkippedWords()
}

// fetchPage reads one page of the window; the first page also reads the
// active executions, in parallel (one after the other after a refusal, so
// that a retry with credentials still wrong costs one failed login).
func fetchPage(ctx context.Context, mgr Manager, to common.ID, gen int, q queries, offset int, first, oneByOne bool) tea.Cmd {
	return func() tea.Msg {
		var (
			wg          sync.WaitGroup
			act, page   *client.ExecutionPage
			actErr, err error
		)
		if first && q.active != nil {
			if oneByOne {
				page, err = mgr.ListExecutions(ctx, q.page(offset))
				if err == nil {
					act, actErr = mgr.ListExecutions(ctx, *q.active)
				}
			} else {
				wg.Add(1)
				go func() {
					defer wg.Done()
					act, actErr = mgr.ListExecutions(ctx, *q.active)
				}()
				page, err = mgr.ListExecutions(ctx, q.page(offset))
				wg.Wait()
			}
		} else {
			page, err = mgr.ListExecutions(ctx, q.page(offset))
		}
		if err == nil {
			err = actErr
		}
		msg := pageMsg{to: to, gen: gen, offset: offset, first: first, err: err}
		if err != nil {
			return msg
		}
		msg.items, msg.total = page.Items, page.Pagination.Total
		if offset > 0 && page.Pagination.Offset != offset && len(page.Items) > 0 {
			msg.repeated = true // the manager ignored the offset: stop paging
		}
		if act != nil {
			msg.active = act.Items
		}
		msg.unreadable, msg.unreadableWhy = worse(page, act)
		return msg
	}
}

// fetchIncremental reads the active executions and the head, in parallel.
func fetchIncremental(ctx context.Context, mgr Manager, to common.ID, gen int, q queries) tea.Cmd {
	return func() tea.Msg {
		var (
			wg          sync.WaitGroup
			act, head   *client.ExecutionPage
			actErr, err error
		)
		if q.active != nil {
			wg.Add(1)
			go func() {
				defer wg.Done()
				act, actErr = mgr.ListExecutions(ctx, *q.active)
			}()
		}
		head, err = mgr.ListExecutions(ctx, q.head())
		wg.Wait()
		if err == nil {
			err = actErr
		}
		msg := incrementalMsg{to: to, gen: gen, err: err}
		if err != nil {
			return msg
		}
		msg.head, msg.headTotal = head.Items, head.Pagination.Total
		if act != nil {
			msg.active = act.Items
		}
		msg.unreadable, msg.unreadableWhy = worse(head, act)
		return msg
	}
}

// fetchByID reads the given executions, byIDMax per request.
func fetchByID(ctx context.Context, mgr Manager, to common.ID, gen int, q queries, ids []string, unreadable int, why string) tea.Cmd {
	return func() tea.Msg {
		msg := byIDMsg{to: to, gen: gen, asked: ids, unreadable: unreadable, unreadableWhy: why}
		for i := 0; i < len(ids); i += byIDMax {
			page, err := mgr.ListExecutions(ctx, q.byID(ids[i:min(i+byIDMax, len(ids))]))
			if err != nil {
				msg.err = err
				return msg
			}
			msg.items = append(msg.items, page.Items...)
			if n, w := worse(nil, page); n > msg.unreadable {
				msg.unreadable, msg.unreadableWhy = n, w
			}
		}
		return msg
	}
}

// askFor lists the executions to read by ID after an incremental poll: the
// ones that ended since the last poll, the head's new ones the active answer
// did not bring, and the head's rows whose status is not the one shown.
// fresh counts the head's executions not known before.
func askFor(wasActive, isActive map[string]struct{}, head []client.Execution, known func(string) (client.Execution, bool)) (ask []string, fresh int) {
	for id := range wasActive {
		if _, still := isActive[id]; !still {
			ask = append(ask, id)
		}
	}
	for i := range head {
		h := &head[i]
		if _, ok := isActive[h.ID]; ok {
			continue // the active answer has its whole row (and counts it)
		}
		e, ok := known(h.ID)
		switch {
		case !ok:
			fresh++
			ask = append(ask, h.ID)
		case e.Status != h.Status || e.EndedAt != h.EndedAt:
			ask = append(ask, h.ID)
		}
	}
	return ask, fresh
}
