package executions

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/triage"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/execlist"
	"github.com/cfytop/cfytop/ui/screens/operations"
)

// LastEventEvery is how often the newest events of one active execution are
// looked up, for the "no new event" and "retrying" rules: one request of
// lastEventRows events and logs (_size=5&_sort=-reported_timestamp) per
// active execution at most once a minute, never on every poll.
const LastEventEvery = time.Minute

// lastEventRows is how many of the newest events and logs one lookup reads:
// the newest gives the last sign of life, the newest task event among them
// the retry (a task's own logs are stored just after its task event).
const lastEventRows = 5

// triageState is what the stuck rules and the emphasis of new trouble need
// between polls.
type triageState struct {
	th        triage.Thresholds
	index     triage.Index
	active    []client.Execution        // the active and waiting ones at the last poll
	seen      map[string]client.Status  // their status then
	changedAt map[string]time.Time      // when a status change was seen
	lastEvent map[string]time.Time      // the newest event's reported time
	retries   map[string]triage.Retry   // the retry the newest task event (or the operations screen) reported
	checked   map[string]time.Time      // when that was last asked
	verdicts  map[string]triage.Verdict // the stuck ones
	looking   bool                      // a last-event lookup is in flight
	// lookedAt is when the user started looking: failures that ended and
	// stuck marks that arrived after it are new until selected.
	lookedAt time.Time
	acked    map[string]bool
	marks    map[string]execlist.Mark
	newFail  []string // failures that ended after lookedAt, as of the last poll
	failed1h int      // failures that ended in the last hour, in scope
	// recentFails are the end times of the failures that had ended within
	// the hour when the window was last read (failed1h counts those still
	// within it); rev is the list's revision then, scanned whether it was.
	recentFails []time.Time
	rev         uint64
	scanned     bool
	scans       int // how many times the window was read
}

// lastEventsMsg answers a last-event lookup.
type lastEventsMsg struct {
	to      common.ID
	newest  map[string]time.Time    // ID → the newest event's time; zero when none
	retries map[string]triage.Retry // ID → the retry its newest event reports, when a task event (zero: none)
	missing []string                // IDs whose lookup failed
}

func (m lastEventsMsg) ScreenID() common.ID { return m.to }

func (t *triageState) init(th triage.Thresholds) {
	if th == (triage.Thresholds{}) {
		th = triage.DefaultThresholds()
	}
	t.th = th
	t.seen, t.changedAt = map[string]client.Status{}, map[string]time.Time{}
	t.lastEvent, t.checked = map[string]time.Time{}, map[string]time.Time{}
	t.retries = map[string]triage.Retry{}
	t.verdicts, t.acked = map[string]triage.Verdict{}, map[string]bool{}
}

// afterPoll reads the window again after a poll, when it moved since the
// last read: the medians, what runs where, the status changes. Then the
// marks. It returns the lookups due. A poll that changed nothing costs the
// active executions, not the window.
func (m *Model) afterPoll() tea.Cmd {
	t := &m.tri
	if t.seen == nil {
		t.init(m.o.Stuck)
	}
	if t.lookedAt.IsZero() {
		t.lookedAt = m.now
	}
	if rev := m.list.Revision(); !t.scanned || rev != t.rev {
		m.scanWindow()
		t.rev, t.scanned = rev, true
	}
	hour := m.now.Add(-time.Hour)
	t.failed1h = 0
	for _, at := range t.recentFails {
		if at.After(hour) {
			t.failed1h++
		}
	}
	m.reassess()
	return m.lookupLastEvents()
}

// scanWindow reads the whole window for the triage rules.
func (m *Model) scanWindow() {
	t := &m.tri
	t.scans++
	t.index = triage.NewIndex(m.list.All())
	t.active = t.active[:0]
	t.recentFails = t.recentFails[:0]
	hour := m.now.Add(-time.Hour)
	now := make(map[string]client.Status, len(t.seen))
	t.newFail = t.newFail[:0]
	for e := range m.list.All() {
		if e.Status == client.StatusFailed && e.EndedAt.Valid {
			if e.EndedAt.Value.After(hour) {
				t.recentFails = append(t.recentFails, e.EndedAt.Value.Time)
			}
			if e.EndedAt.Value.After(t.lookedAt) {
				t.newFail = append(t.newFail, e.ID)
			}
		}
		if e.Status.IsEnd() {
			continue
		}
		t.active = append(t.active, *e)
		if prev, ok := t.seen[e.ID]; ok && prev != e.Status {
			t.changedAt[e.ID] = m.now
			delete(t.lastEvent, e.ID) // a new status: look again
			delete(t.retries, e.ID)
			delete(t.checked, e.ID)
		}
		now[e.ID] = e.Status
	}
	for id := range t.seen {
		if _, ok := now[id]; !ok {
			delete(t.changedAt, id)
			delete(t.lastEvent, id)
			delete(t.retries, id)
			delete(t.checked, id)
		}
	}
	t.seen = now
}

// reassess applies the rules to the active executions at the clock's time,
// and marks the rows.
func (m *Model) reassess() {
	t := &m.tri
	if t.seen == nil {
		return
	}
	clear(t.verdicts)
	marks := make(map[string]execlist.Mark, len(t.active))
	for i := range t.active {
		e := &t.active[i]
		h := t.index.Hints(e, t.changedAt[e.ID], t.lastEvent[e.ID])
		h.Retry = t.retries[e.ID]
		v := triage.Assess(e, m.now, h, t.th)
		mk := execlist.Mark{Since: h.StatusSince} // the time-in-status column
		if v.Stuck {
			t.verdicts[e.ID] = v
			mk.Stuck, mk.New = true, v.Since.After(t.lookedAt) && !t.acked[e.ID]
		}
		marks[e.ID] = mk
	}
	for _, id := range t.newFail {
		if !t.acked[id] {
			mk := marks[id]
			mk.New = true
			marks[id] = mk
		}
	}
	t.marks = marks
	m.list.SetMarks(marks)
	if m.paneOpen && m.pane.ID() != "" {
		m.pane.SetStuck(t.verdicts[m.pane.ID()])
	}
}

// ackSelected takes the "new" mark off the selected row: it has been seen.
func (m *Model) ackSelected() {
	id := m.list.SelectedID()
	if id == "" || !m.tri.marks[id].New {
		return
	}
	m.tri.acked[id] = true
	mk := m.tri.marks[id]
	mk.New = false
	m.tri.marks[id] = mk
	m.list.SetMarks(m.tri.marks)
}

// lookupLastEvents asks, for each started or cancelling execution not asked
// within LastEventEvery, for its one newest event: its time, and when it is
// a task event, the retry its message's suffix reports (no request more).
// One lookup is in flight at most.
func (m *Model) lookupLastEvents() tea.Cmd {
	t := &m.tri
	if t.looking || !m.active || m.o.Manager == nil {
		return nil
	}
	var due []client.Execution
	for _, e := range t.active {
		if e.Status == client.StatusPending || e.Status.IsWaiting() {
			continue // nothing runs yet: no event to wait for
		}
		if at, ok := t.checked[e.ID]; ok && m.now.Sub(at) < LastEventEvery {
			continue
		}
		t.checked[e.ID] = m.now
		due = append(due, e)
	}
	if len(due) == 0 {
		return nil
	}
	t.looking = true
	src, to, timeout := m.o.Manager, m.id, m.o.Timeout
	if timeout <= 0 {
		timeout = client.DefaultTimeout
	}
	return func() tea.Msg {
		out := lastEventsMsg{to: to, newest: map[string]time.Time{}, retries: map[string]triage.Retry{}}
		for _, e := range due {
			ctx, cancel := context.WithTimeout(client.WithTenant(context.Background(), e.TenantName), timeout)
			p, err := src.ListEvents(ctx, client.EventsOptions{ExecutionID: e.ID, IncludeLogs: true, Size: lastEventRows, Newest: true})
			cancel()
			switch {
			case err != nil:
				out.missing = append(out.missing, e.ID)
			case len(p.Items) > 0:
				ev := &p.Items[0]
				at := ev.ReportedTimestamp.Time
				if at.IsZero() {
					at = ev.Timestamp.Time
				}
				out.newest[e.ID] = at
				// A task's own logs follow its task event: the newest
				// task event among the few says what retry it is on.
				for i := range p.Items {
					if r, task := triage.RetryOf(&p.Items[i]); task {
						out.retries[e.ID] = r
						break
					}
				}
			default:
				out.newest[e.ID] = time.Time{}
			}
		}
		return out
	}
}

func (m Model) onLastEvents(msg lastEventsMsg) (Model, tea.Cmd) {
	t := &m.tri
	t.looking = false
	for id, at := range msg.newest {
		if _, ok := t.seen[id]; !ok {
			continue // ended meanwhile
		}
		if at.IsZero() {
			// No event at all: its start is the last sign of life.
			for i := range t.active {
				if e := &t.active[i]; e.ID == id && e.StartedAt.Valid {
					at = e.StartedAt.Value.Time
				}
			}
		}
		t.lastEvent[id] = at
	}
	for id, r := range msg.retries {
		if _, ok := t.seen[id]; ok {
			t.setRetry(id, r)
		}
	}
	for _, id := range msg.missing {
		delete(t.checked, id) // asked again next time
	}
	m.reassess()
	return m, nil
}

// setRetry keeps the retry last reported for an execution: a task event
// that reports none (a first attempt) clears it; other events and logs
// leave it.
func (t *triageState) setRetry(id string, r triage.Retry) {
	if r.Current == 0 {
		delete(t.retries, id)
		return
	}
	t.retries[id] = r
}

// onOperationsRetry takes what the operations screen open on an execution
// read of its operations, fresher than the newest event of a minute ago.
func (m Model) onOperationsRetry(msg operations.RetryMsg) (Model, tea.Cmd) {
	t := &m.tri
	if _, ok := t.seen[msg.ExecutionID]; !ok {
		return m, nil // not active in the list (or ended meanwhile)
	}
	t.setRetry(msg.ExecutionID, msg.Retry)
	m.reassess()
	return m, nil
}

// Stuck is the stuck verdict of an execution, if it is stuck.
func (m Model) Stuck(id string) (triage.Verdict, bool) {
	v, ok := m.tri.verdicts[id]
	return v, ok
}

// StuckCount is how many executions in scope are stuck.
func (m Model) StuckCount() int { return len(m.tri.verdicts) }
