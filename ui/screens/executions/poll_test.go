package executions

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

func TestStalePollRepliesDropped(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 120, 36)
	gen := h.m.poll.gen
	// A reply from an earlier generation (e.g. before `r` or `a`) is dropped.
	h.m.poll.inflight = true
	h.send(pageMsg{to: h.m.id, gen: gen - 1, first: true, items: []client.Execution{uitest.Exec(uitest.UUID(50), "x", "y", client.StatusFailed, 0)}})
	h.send(incrementalMsg{to: h.m.id, gen: gen - 1, active: []client.Execution{uitest.Exec(uitest.UUID(51), "x", "y", client.StatusStarted, 0)}})
	if h.m.list.Len() != 5 {
		t.Fatal("a stale reply replaced the list")
	}
	// A tick of an older generation starts nothing.
	lists, _, _ := h.fake.Counts()
	h.m.poll.inflight = false
	h.send(pollTickMsg{to: h.m.id, gen: gen - 1})
	if l, _, _ := h.fake.Counts(); l != lists {
		t.Fatal("a stale tick started a poll")
	}
}

func TestRefreshWhileInFlightShowsRefreshing(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 120, 36)
	h.m.poll.inflight = true
	h.press("r")
	h.mustContain("refreshing")
}

// A screen covered by another stops polling, and catches up at once when it
// is on top again.
func TestCoveredScreenDoesNotPoll(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 120, 36)
	next, _ := h.m.SetActive(false)
	h.m = next.(Model)
	before, _, _ := h.fake.Counts()
	for _, tm := range h.timers {
		h.send(tm.msg)
	}
	h.timers = nil
	if l, _, _ := h.fake.Counts(); l != before {
		t.Fatalf("a covered screen sent %d list requests", l-before)
	}
	next, cmd := h.m.SetActive(true)
	h.m = next.(Model)
	h.run(cmd)
	if l, _, _ := h.fake.Counts(); l == before {
		t.Fatal("the screen did not poll when it came back on top")
	}
}

// A poll that outlasts the refresh interval: the header stops saying live
// and says how long the manager has been silent and how old the rows are.
func TestSlowPollSaysWaitingNotLive(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 120, 36)
	h.mustContain("live")
	*h.now = h.now.Add(2 * time.Second)
	h.m.poll.paused = false
	_ = h.m.startPoll(false) // sent, and not answered
	*h.now = h.now.Add(12 * time.Second)
	h.send(clockMsg{to: h.m.id})
	h.mustContain("waiting for the manager 12s · data from 14s ago")
	if strings.Contains(ansi.Strip(h.m.Header(120)), "live") {
		t.Fatalf("a silent manager is shown as live: %s", ansi.Strip(h.m.Header(120)))
	}
}

// Executions the manager sent that could not be read do not blank the
// list: the rest is shown, the header counts the unreadable ones, and the
// status line says why, once.
func TestUnreadableExecutionsAreCountedNotFatal(t *testing.T) {
	f := uitest.NewManager(uitest.Sample()...)
	f.Unreadable, f.UnreadableWhy = 2, "item 3: status is a JSON number"
	h := newHarness(t, Options{}, f, 120, 36)
	if h.m.list.Len() != 5 {
		t.Fatalf("%d rows shown, want the 5 readable ones", h.m.list.Len())
	}
	h.mustContain("! 2 unreadable", "started 1")
	if len(h.status) != 1 || !h.status[0].IsError || !strings.Contains(h.status[0].Text, "2 executions could not be read") ||
		!strings.Contains(h.status[0].Text, "status is a JSON number") {
		t.Fatalf("status messages %+v", h.status)
	}
	h.press("r")
	if len(h.status) != 1 {
		t.Fatalf("the same reason was said again: %+v", h.status)
	}
}

// refusesHead is a manager that answers the head query with a 400, as one
// that does not know a query the incremental poll relies on would.
type refusesHead struct{ *uitest.Manager }

func (r refusesHead) ListExecutions(ctx context.Context, o client.ListExecutionsOptions) (*client.ExecutionPage, error) {
	if o.Size == headSize && slices.Equal(o.Include, headFields) {
		return nil, &client.Error{Kind: client.KindBadParameters, Message: "Include keys '['ended_at']' do not exist"}
	}
	return r.Manager.ListExecutions(ctx, o)
}

// Against a manager that refuses the incremental queries the screen falls
// back to full polls, says so once, and loses nothing.
func TestRefusedIncrementalQueriesFallBackToFullPolls(t *testing.T) {
	f := uitest.NewManager(uitest.Sample()...)
	h := newHarnessWith(t, Options{}, refusesHead{f}, 120, 36)
	h.tick() // the incremental poll, refused
	h.tick() // after the backoff: a full poll
	var said bool
	for _, s := range h.status {
		said = said || strings.Contains(s.Text, "polling the whole window each time")
	}
	if !said || h.m.poll.lastErr != "" {
		t.Fatalf("fallback not said or still failing: %+v, last error %q", h.status, h.m.poll.lastErr)
	}
	f.Set(append(uitest.Sample(), uitest.Exec(uitest.UUID(60), "heal", "new", client.StatusStarted, time.Second))...)
	h.tick()
	if _, ok := h.m.list.Get(uitest.UUID(60)); !ok {
		t.Fatal("a new execution was missed after the fallback")
	}
}

// An execution the user just started is selected and shown in the pane,
// even before the next poll brings it.
func TestStartedExecutionIsSelectedAndShown(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 120, 36)
	e := uitest.Exec(uitest.UUID(77), "scale", "web-01", client.StatusPending, 0)
	h.send(common.ExecutionUpdatedMsg{Execution: e, Started: true})
	if h.m.list.SelectedID() != e.ID || !h.m.paneOpen || h.m.pane.ID() != e.ID {
		t.Fatalf("selected %q, pane open %v on %q", h.m.list.SelectedID(), h.m.paneOpen, h.m.pane.ID())
	}
	// One the filter hides is said, not silently lost.
	h = newHarness(t, Options{Filter: "status:failed"}, uitest.NewManager(uitest.Sample()...), 120, 36)
	h.send(common.ExecutionUpdatedMsg{Execution: e, Started: true})
	if len(h.status) == 0 || !strings.Contains(h.status[len(h.status)-1].Text, "the filter hides it") {
		t.Fatalf("status %+v", h.status)
	}
}
