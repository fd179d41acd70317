package executions

import (
	"context"
	"fmt"
	"sync"
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

// pollResultMsg answers the poll of generation gen.
type pollResultMsg struct {
	to    common.ID
	gen   int
	items []client.Execution
	total int // the manager's total for the window query
	err   error
	// unreadable counts the executions the manager sent that could not be
	// read (and are not shown); unreadableWhy says why, in words.
	unreadable    int
	unreadableWhy string
}

func (m pollResultMsg) ScreenID() common.ID { return m.to }

// poller is the polling state: tick-after-response, one request in flight,
// replies of an older generation dropped, exponential backoff on errors.
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
	total         int
}

// backoff is the wait after the n-th failure in a row: refresh doubled per
// failure, capped.
func backoff(refresh time.Duration, n int) time.Duration {
	d := refresh
	for i := 1; i < n && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}

// queries builds the window query and the query for active executions
// (nil when the status filter excludes every active status).
func queries(o Options, system bool) (client.ListExecutionsOptions, *client.ListExecutionsOptions) {
	filters := map[string][]string{}
	add := func(k string, vs []string) {
		if len(vs) > 0 {
			filters[k] = append([]string(nil), vs...)
		}
	}
	add("deployment_id", o.Deployment)
	add("workflow_id", o.Workflow)
	add("blueprint_id", o.Blueprint)
	var statuses []string
	for _, s := range o.Status {
		statuses = append(statuses, string(client.StatusFromDisplay(s)))
	}
	add("status", statuses)
	window := client.ListExecutionsOptions{
		Include:                client.ExecutionListFields,
		Sort:                   []string{"-created_at"},
		Size:                   o.Limit,
		Filters:                filters,
		IncludeSystemWorkflows: system,
		AllTenants:             o.AllTenants,
	}
	return window, client.ActiveQuery(window)
}

// fetchCmd runs both queries and merges them: the window, then every active
// execution not already in it. After a refusal (see refusal) they run one
// after the other, so that a retry with credentials still wrong costs one
// failed login, not two.
func fetchCmd(ctx context.Context, mgr Manager, to common.ID, gen int, window client.ListExecutionsOptions, active *client.ListExecutionsOptions, oneByOne bool) tea.Cmd {
	return func() tea.Msg {
		var (
			wg     sync.WaitGroup
			act    *client.ExecutionPage
			actErr error
			page   *client.ExecutionPage
			err    error
		)
		if oneByOne {
			page, err = mgr.ListExecutions(ctx, window)
			if err == nil && active != nil {
				act, actErr = mgr.ListExecutions(ctx, *active)
			}
		} else {
			if active != nil {
				wg.Add(1)
				go func() {
					defer wg.Done()
					act, actErr = mgr.ListExecutions(ctx, *active)
				}()
			}
			page, err = mgr.ListExecutions(ctx, window)
			wg.Wait()
		}
		if err == nil && actErr != nil {
			err = actErr
		}
		if err != nil {
			return pollResultMsg{to: to, gen: gen, err: err}
		}
		if page == nil {
			return pollResultMsg{to: to, gen: gen, err: fmt.Errorf("the manager sent an empty answer")}
		}
		items := page.Items
		if act != nil && len(act.Items) > 0 {
			seen := make(map[string]struct{}, len(items))
			for i := range items {
				seen[items[i].ID] = struct{}{}
			}
			merged := make([]client.Execution, len(items), len(items)+len(act.Items))
			copy(merged, items)
			for _, e := range act.Items {
				if _, ok := seen[e.ID]; !ok {
					merged = append(merged, e)
				}
			}
			items = merged
		}
		// The two queries overlap and an unreadable row has no ID to
		// tell it by: the larger count is the one that is surely missing.
		skipped := page
		if act != nil && act.Skipped > skipped.Skipped {
			skipped = act
		}
		return pollResultMsg{to: to, gen: gen, items: items, total: page.Pagination.Total, unreadable: skipped.Skipped, unreadableWhy: skipped.SkippedWords()}
	}
}

// startPoll sends a poll now, superseding any request in flight.
func (m *Model) startPoll(manual bool) tea.Cmd {
	p := &m.poll
	if p.cancel != nil {
		p.cancel()
	}
	p.gen++
	p.inflight, p.manual, p.sentAt = true, manual, m.nowFn()
	ctx, cancel := context.WithTimeout(context.Background(), m.o.Timeout)
	p.cancel = cancel
	window, active := queries(m.o, m.system)
	return fetchCmd(ctx, m.o.Manager, m.id, p.gen, window, active, p.refused != "")
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
}

func (m Model) onPollTick(msg pollTickMsg) (Model, tea.Cmd) {
	if msg.gen != m.poll.gen || !m.active || m.poll.paused || m.poll.inflight || m.poll.refused != "" {
		return m, nil
	}
	poll := m.startPoll(false)
	return m, tea.Batch(poll, m.ensureClock())
}

func (m Model) onPollResult(msg pollResultMsg) (Model, tea.Cmd) {
	p := &m.poll
	if msg.gen != p.gen || !p.inflight {
		return m, nil // an answer to a superseded request
	}
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.inflight, p.manual = false, false
	m.now = m.nowFn()
	if msg.err != nil {
		p.failures++
		p.lastErr = msg.err.Error()
		if p.refused = refusal(msg.err); p.refused != "" {
			// Trying again by itself would only repeat the refusal, and
			// with a changed password each try counts towards locking the
			// account: wait for the user to press r.
			p.retryAt = time.Time{}
			return m, m.ensureClock()
		}
		wait := backoff(m.o.Refresh, p.failures)
		p.retryAt = m.now.Add(wait)
		return m, tea.Batch(m.after(wait, pollTickMsg{to: m.id, gen: p.gen}), m.ensureClock())
	}
	p.failures, p.lastErr, p.loaded, p.lastGood, p.total, p.refused = 0, "", true, m.now, msg.total, ""
	var warn tea.Cmd
	if msg.unreadable > 0 && msg.unreadableWhy != p.unreadableWhy {
		warn = common.Status(msg.unreadableWhy, true) // the whole sentence, once; the header keeps the count
	}
	p.unreadable, p.unreadableWhy = msg.unreadable, msg.unreadableWhy
	m.list.SetNow(m.now)
	res := m.list.Replace(msg.items)
	cmds := []tea.Cmd{m.after(m.o.Refresh, pollTickMsg{to: m.id, gen: p.gen}), warn}
	switch {
	case res.SelectionLost && res.FilteredOut:
		cmds = append(cmds, common.Note(fmt.Sprintf("execution %s changed and no longer matches the filter; moved to the nearest row", shortID(res.LostID))), m.followSelection())
	case res.SelectionLost:
		cmds = append(cmds, common.Note(fmt.Sprintf("execution %s is no longer in the list; moved to the nearest row", shortID(res.LostID))), m.followSelection())
	default:
		cmds = append(cmds, m.afterListChange())
	}
	cmds = append(cmds, m.openPending(), m.ensureClock())
	return m, tea.Batch(cmds...)
}

// refusal says, in a few words, an answer that retrying by itself cannot
// change: wrong credentials (401), or no permission or a tenant the user may
// not use (403). "" for any other error.
func refusal(err error) string {
	switch {
	case client.IsNotAuthenticated(err):
		return "credentials refused"
	case client.IsForbidden(err):
		return "access denied"
	}
	return ""
}

func shortID(id string) string {
	e := client.Execution{ID: id}
	return clean(e.ShortID())
}
