package operations

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
)

// PageSize is how many operations one request asks for; MaxOperations
// bounds what one refresh reads.
const (
	PageSize      = 1000
	MaxOperations = 200_000
)

// failureEventTypes are the events that say why an operation failed or was
// rescheduled (an operation's own error field is never filled, §3.2).
var failureEventTypes = []string{"task_failed", "task_rescheduled"}

// execFields are the execution's fields the header and progress line show.
var execFields = []string{"id", "workflow_id", "deployment_id", "status", "error", "created_at", "started_at",
	"ended_at", "tenant_name", "total_operations", "finished_operations"}

// pollTickMsg asks for the next refresh of generation gen.
type pollTickMsg struct {
	to  common.ID
	gen int
}

func (m pollTickMsg) ScreenID() common.ID { return m.to }

// pollResultMsg answers the refresh of generation gen.
type pollResultMsg struct {
	to     common.ID
	gen    int
	exec   *client.Execution
	withOp bool // ops were read (else only the execution)
	ops    []client.Operation
	events []client.Event // failure events from evFrom on
	evFrom int
	err    error
}

func (m pollResultMsg) ScreenID() common.ID { return m.to }

// poller is tick-after-response polling: one request in flight, replies
// of an older generation dropped, exponential backoff on errors.
type poller struct {
	gen      int
	inflight bool
	cancel   context.CancelFunc
	loaded   bool // the operations were read at least once
	endRead  bool // they were read after the execution ended: only the execution is polled
	failures int
	lastGood time.Time
	lastErr  string
	retryAt  time.Time
}

// fetchCmd reads the execution, then (withOps) all its operations page by
// page and the failure events not read yet.
func fetchCmd(ctx context.Context, mgr Manager, to common.ID, gen int, execID string, withOps bool, evFrom int) tea.Cmd {
	return func() tea.Msg {
		res := pollResultMsg{to: to, gen: gen, withOp: withOps, evFrom: evFrom}
		e, err := mgr.GetExecution(ctx, execID, execFields...)
		if err != nil {
			res.err = err
			return res
		}
		res.exec = e
		if !withOps {
			return res
		}
		res.ops, res.err = readOperations(ctx, mgr, execID)
		if res.err != nil {
			return res
		}
		res.events, res.err = readFailures(ctx, mgr, execID, evFrom)
		return res
	}
}

func readOperations(ctx context.Context, mgr Manager, execID string) ([]client.Operation, error) {
	var ops []client.Operation
	var seen map[string]struct{}
	for offset := 0; offset < MaxOperations; {
		p, err := mgr.ListOperations(ctx, client.ListOperationsOptions{ExecutionID: execID,
			Include: client.OperationTreeFields, Size: PageSize, Offset: offset})
		if err != nil {
			return nil, err
		}
		if offset == 0 {
			ops = make([]client.Operation, 0, min(max(p.Pagination.Total, len(p.Items)), MaxOperations))
		}
		if seen != nil || offset > 0 {
			// operations of one graph share created_at, and the order of
			// ties is the database's: a later page may repeat one
			if seen == nil {
				seen = make(map[string]struct{}, cap(ops))
				for i := range ops {
					seen[ops[i].ID] = struct{}{}
				}
			}
			for _, o := range p.Items {
				if _, dup := seen[o.ID]; !dup {
					seen[o.ID] = struct{}{}
					ops = append(ops, o)
				}
			}
		} else {
			ops = append(ops, p.Items...)
		}
		offset += len(p.Items)
		if len(p.Items) == 0 || offset >= p.Pagination.Total {
			break
		}
	}
	return ops, nil
}

func readFailures(ctx context.Context, mgr Manager, execID string, from int) ([]client.Event, error) {
	var out []client.Event
	for range 10 {
		p, err := mgr.ListOperationEvents(ctx, client.OperationEventsOptions{ExecutionID: execID,
			EventTypes: failureEventTypes, Offset: from + len(out), Size: PageSize})
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if len(p.Items) < PageSize {
			break
		}
	}
	return out, nil
}

// startPoll sends a refresh now, superseding any request in flight.
func (m *Model) startPoll(withOps bool) tea.Cmd {
	p := &m.poll
	if p.cancel != nil {
		p.cancel()
	}
	p.gen++
	p.inflight = true
	ctx, cancel := context.WithTimeout(client.WithTenant(context.Background(), m.exec.TenantName), m.o.Timeout)
	p.cancel = cancel
	return fetchCmd(ctx, m.o.Manager, m.id, p.gen, m.exec.ID, withOps || !p.endRead, m.evOffset)
}

// stopPoll drops the request in flight and any tick on its way.
func (m *Model) stopPoll() {
	p := &m.poll
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.gen++
	p.inflight = false
}

func (m *Model) refreshNow() tea.Cmd {
	m.poll.endRead = false
	return m.startPoll(true)
}

func (m Model) onPollTick(msg pollTickMsg) (Model, tea.Cmd) {
	if msg.gen != m.poll.gen || !m.active || m.poll.inflight {
		return m, nil
	}
	return m, m.startPoll(false)
}

func (m Model) onPollResult(msg pollResultMsg) (Model, tea.Cmd) {
	p := &m.poll
	if msg.gen != p.gen || !p.inflight {
		return m, nil // superseded, or the screen stopped
	}
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.inflight = false
	m.now = m.nowFn()
	if msg.err != nil {
		p.failures++
		p.lastErr = msg.err.Error()
		if client.IsNotAuthenticated(msg.err) || client.IsForbidden(msg.err) || client.IsNotFound(msg.err) {
			// asking again by itself cannot change the answer
			p.retryAt = time.Time{}
			return m, m.ensureClock()
		}
		wait := common.Backoff(m.o.Refresh, p.failures)
		p.retryAt = m.now.Add(wait)
		return m, tea.Batch(m.after(wait, pollTickMsg{to: m.id, gen: p.gen}), m.ensureClock())
	}
	p.failures, p.lastErr, p.lastGood = 0, "", m.now
	before := m.exec
	m.exec = merged(m.exec, *msg.exec)
	if !msg.withOp {
		if !m.exec.Status.IsEnd() || m.exec.FinishedOperations != before.FinishedOperations || m.exec.TotalOperations != before.TotalOperations {
			// resumed, or still counting: read the operations again
			p.endRead = false
			return m, m.startPoll(true)
		}
		return m, tea.Batch(m.after(m.o.Refresh, pollTickMsg{to: m.id, gen: p.gen}), m.ensureClock())
	}
	m.merge(msg.ops, msg.events, msg.evFrom)
	if m.exec.Status.IsEnd() {
		p.endRead = true
	}
	return m, tea.Batch(m.after(m.o.Refresh, pollTickMsg{to: m.id, gen: p.gen}), m.ensureClock(), m.reportRetry())
}

// reportRetry tells the executions screen when the highest retry at work
// changed.
func (m *Model) reportRetry() tea.Cmd {
	r := m.t.topRetry()
	if m.o.Parent == 0 || r.Current == m.reported.Current && r.Total == m.reported.Total &&
		r.NodeInstance == m.reported.NodeInstance && r.Operation == m.reported.Operation {
		return nil
	}
	m.reported = r
	r.At = m.now
	msg := RetryMsg{To: m.o.Parent, ExecutionID: m.exec.ID, Retry: r}
	return func() tea.Msg { return msg }
}

// merge takes one answer: what was observed is carried over, the tree is
// built anew, and the cursor stays on its row (or follows the running
// operations).
func (m *Model) merge(ops []client.Operation, events []client.Event, evFrom int) {
	first := !m.poll.loaded
	m.poll.loaded = true
	if len(events) > 0 && evFrom == m.evOffset {
		failures := make(map[string]string, len(m.failures)+len(events))
		for k, v := range m.failures {
			failures[k] = v
		}
		for i := range events {
			ev := &events[i]
			failures[failureKey(ev.NodeInstanceID.Value, ev.Operation.Value)] = failureText(ev)
		}
		m.failures = failures
		m.evOffset = evFrom + len(events)
	}
	m.pinCursorGroup()
	m.t, m.seen = build(ops, m.now, first, m.seen, m.failures)
	m.relist()
	if m.follow {
		m.followRunning()
	}
}

// failureText is what a failed or rescheduled operation's row says: the
// first cause, else the event's text after its arrow.
func failureText(ev *client.Event) string {
	if len(ev.ErrorCauses) > 0 {
		c := ev.ErrorCauses[0]
		if c.Type != "" {
			return c.Type + ": " + c.Message
		}
		return c.Message
	}
	msg := ev.Message
	if i := strings.Index(msg, " -> "); i >= 0 {
		msg = msg[i+4:]
	}
	return msg
}
