package ui

import (
	"context"
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
)

// pollTickMsg asks for the next poll of generation gen.
type pollTickMsg struct{ gen int }

// pollResultMsg answers the poll of generation gen.
type pollResultMsg struct {
	gen   int
	items []client.Execution
	total int // the manager's total for the window query
	err   error
}

// poller is the polling state: tick-after-response, one request in flight,
// replies of an older generation dropped, exponential backoff on errors.
type poller struct {
	gen      int
	inflight bool
	cancel   context.CancelFunc
	manual   bool // the request in flight was asked for with the refresh key
	paused   bool
	refused  string // why the manager refuses (credentials, tenant): no automatic polls until r
	loaded   bool   // at least one good reply
	failures int
	lastGood time.Time
	lastErr  string
	retryAt  time.Time
	total    int
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
func fetchCmd(ctx context.Context, m Manager, gen int, window client.ListExecutionsOptions, active *client.ListExecutionsOptions, oneByOne bool) tea.Cmd {
	return func() tea.Msg {
		var (
			wg     sync.WaitGroup
			act    *client.ExecutionPage
			actErr error
			page   *client.ExecutionPage
			err    error
		)
		if oneByOne {
			page, err = m.ListExecutions(ctx, window)
			if err == nil && active != nil {
				act, actErr = m.ListExecutions(ctx, *active)
			}
		} else {
			if active != nil {
				wg.Add(1)
				go func() {
					defer wg.Done()
					act, actErr = m.ListExecutions(ctx, *active)
				}()
			}
			page, err = m.ListExecutions(ctx, window)
			wg.Wait()
		}
		if err == nil && actErr != nil {
			err = actErr
		}
		if err != nil {
			return pollResultMsg{gen: gen, err: err}
		}
		if page == nil {
			return pollResultMsg{gen: gen, err: fmt.Errorf("the manager sent an empty answer")}
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
		return pollResultMsg{gen: gen, items: items, total: page.Pagination.Total}
	}
}

// startPoll sends a poll now, superseding any request in flight.
func (a *App) startPoll(manual bool) tea.Cmd {
	p := &a.poll
	if p.cancel != nil {
		p.cancel()
	}
	p.gen++
	p.inflight, p.manual = true, manual
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	p.cancel = cancel
	window, active := queries(a.o, a.system)
	return fetchCmd(ctx, a.o.Manager, p.gen, window, active, p.refused != "")
}

// stopPoll drops the request in flight and any pending tick.
func (a *App) stopPoll() {
	p := &a.poll
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.gen++
	p.inflight, p.manual = false, false
}

func (a App) onPollTick(msg pollTickMsg) (App, tea.Cmd) {
	if msg.gen != a.poll.gen || a.poll.paused || a.poll.inflight || a.poll.refused != "" {
		return a, nil
	}
	return a, a.startPoll(false)
}

func (a App) onPollResult(msg pollResultMsg) (App, tea.Cmd) {
	p := &a.poll
	if msg.gen != p.gen || !p.inflight {
		return a, nil // an answer to a superseded request
	}
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.inflight, p.manual = false, false
	a.now = a.nowFn()
	if msg.err != nil {
		p.failures++
		p.lastErr = msg.err.Error()
		if p.refused = refusal(msg.err); p.refused != "" {
			// Trying again by itself would only repeat the refusal, and
			// with a changed password each try counts towards locking the
			// account: wait for the user to press r.
			p.retryAt = time.Time{}
			return a, a.ensureClock()
		}
		wait := backoff(a.o.Refresh, p.failures)
		p.retryAt = a.now.Add(wait)
		return a, tea.Batch(a.after(wait, pollTickMsg{gen: p.gen}), a.ensureClock())
	}
	p.failures, p.lastErr, p.loaded, p.lastGood, p.total, p.refused = 0, "", true, a.now, msg.total, ""
	a.list.SetNow(a.now)
	res := a.list.Replace(msg.items)
	cmds := []tea.Cmd{a.after(a.o.Refresh, pollTickMsg{gen: p.gen})}
	switch {
	case res.SelectionLost && res.FilteredOut:
		cmds = append(cmds, a.setNote(fmt.Sprintf("execution %s changed and no longer matches the filter; moved to the nearest row", shortID(res.LostID))), a.followSelection())
	case res.SelectionLost:
		cmds = append(cmds, a.setNote(fmt.Sprintf("execution %s is no longer in the list; moved to the nearest row", shortID(res.LostID))), a.followSelection())
	default:
		cmds = append(cmds, a.afterListChange())
	}
	cmds = append(cmds, a.openPending(), a.ensureClock())
	return a, tea.Batch(cmds...)
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
