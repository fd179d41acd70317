package triage

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
)

var t0 = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

func at(d time.Duration) client.Nullable[client.Time] {
	return client.Some(client.Time{Time: t0.Add(d)})
}

func execution(st client.Status) client.Execution {
	e := client.Execution{ID: "3f2a9c1e-0000", WorkflowID: "backup", DeploymentID: client.Some("db-prod"),
		Status: st, CreatedAt: client.Time{Time: t0}}
	if st != client.StatusPending && st != client.StatusQueued {
		e.StartedAt = at(0)
	}
	return e
}

// TestEveryStuckRuleAtItsThresholdAndOneSecondBefore moves a manual clock to
// each rule's threshold: one second before it the execution is not stuck,
// at it the execution is, with its reason and next step.
func TestEveryStuckRuleAtItsThresholdAndOneSecondBefore(t *testing.T) {
	th := DefaultThresholds()
	cases := []struct {
		name      string
		e         client.Execution
		hints     Hints
		threshold time.Duration
		next      Step
		reason    string
	}{
		{"started, no new event", execution(client.StatusStarted), Hints{LastEvent: t0}, th.NoEvent, StepCancel, "no new event for 10m00s"},
		{"started, three times the median", execution(client.StatusStarted), Hints{Median: 4 * time.Minute, Runs: 3}, 12 * time.Minute, StepCancel, "more than 3× the median 4m00s of its 3 completed runs"},
		{"cancelling", execution(client.StatusCancelling), Hints{StatusSince: t0}, th.Cancelling, StepForceCancel, "cancelling for 2m00s"},
		{"force_cancelling", execution(client.StatusForceCancelling), Hints{StatusSince: t0}, th.ForceCancelling, StepKill, "force_cancelling for 1m00s"},
		{"kill_cancelling", execution(client.StatusKillCancelling), Hints{StatusSince: t0}, th.ForceCancelling, StepKill, "kill_cancelling for 1m00s"},
		{"pending without a worker", execution(client.StatusPending), Hints{}, th.Pending, StepCancel, "no worker has taken it"},
		{"queued", execution(client.StatusQueued), Hints{Blocker: "the started install 11111111 on db-prod"}, th.Queued, StepCancel, "queued for 10m00s behind the started install 11111111 on db-prod"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := Assess(&tc.e, t0.Add(tc.threshold-time.Second), tc.hints, th)
			if before.Stuck {
				t.Errorf("stuck one second before the threshold: %+v", before)
			}
			v := Assess(&tc.e, t0.Add(tc.threshold), tc.hints, th)
			if !v.Stuck || v.Next != tc.next || !strings.Contains(v.Reason, tc.reason) {
				t.Errorf("at the threshold: %+v, want stuck, next %v, reason with %q", v, tc.next, tc.reason)
			}
			if !v.Since.Equal(t0.Add(tc.threshold)) {
				t.Errorf("since %s, want the moment the threshold passed", v.Since)
			}
		})
	}
}

func TestSlowRuleNeedsThreeEarlierRuns(t *testing.T) {
	e := execution(client.StatusStarted)
	if v := Assess(&e, t0.Add(time.Hour), Hints{Median: time.Minute, Runs: 2}, DefaultThresholds()); v.Stuck {
		t.Errorf("stuck on two runs: %+v", v)
	}
}

func TestPendingThatStartedIsNotWaitingForAWorker(t *testing.T) {
	e := execution(client.StatusPending)
	e.StartedAt = at(0)
	if v := Assess(&e, t0.Add(time.Hour), Hints{}, DefaultThresholds()); v.Stuck {
		t.Errorf("a pending execution with a started_at was marked: %+v", v)
	}
}

func TestThresholdsFromTheConfigAreUsed(t *testing.T) {
	th := DefaultThresholds()
	th.Queued = time.Minute
	e := execution(client.StatusQueued)
	if v := Assess(&e, t0.Add(time.Minute), Hints{}, th); !v.Stuck {
		t.Error("a queued threshold of 1m was not used")
	}
}

func TestStatusSinceOfACancelRequestIsTheLastSignOfLife(t *testing.T) {
	e := execution(client.StatusCancelling)
	if got := StatusSince(&e, time.Time{}, t0.Add(5*time.Minute)); !got.Equal(t0.Add(5 * time.Minute)) {
		t.Errorf("since %s, want the last event", got)
	}
	if got := StatusSince(&e, t0.Add(7*time.Minute), t0.Add(5*time.Minute)); !got.Equal(t0.Add(7 * time.Minute)) {
		t.Errorf("since %s, want when the change was seen", got)
	}
	q := execution(client.StatusQueued)
	if got := StatusSince(&q, time.Time{}, time.Time{}); !got.Equal(t0) {
		t.Errorf("queued since %s, want its creation", got)
	}
}

func TestIndexFindsMediansAndWhatAQueuedExecutionWaitsBehind(t *testing.T) {
	done := func(d time.Duration) client.Execution {
		e := execution(client.StatusTerminated)
		e.EndedAt = at(d)
		return e
	}
	running := execution(client.StatusStarted)
	running.ID = "aaaaaaaa-1"
	queued := execution(client.StatusQueued)
	other := execution(client.StatusQueued)
	other.DeploymentID = client.Some("web-prod")
	sys := execution(client.StatusStarted)
	sys.ID, sys.WorkflowID, sys.IsSystemWorkflow, sys.DeploymentID = "bbbbbbbb-2", "create_snapshot", true, client.Nullable[string]{}
	all := []client.Execution{done(time.Minute), done(3 * time.Minute), done(2 * time.Minute), done(10 * time.Minute), running, queued, other, sys}
	seq := func(yield func(*client.Execution) bool) {
		for i := range all {
			if !yield(&all[i]) {
				return
			}
		}
	}
	ix := NewIndex(seq)
	h := ix.Hints(&running, time.Time{}, time.Time{})
	if h.Runs != 4 || h.Median != 150*time.Second {
		t.Errorf("median %s of %d runs, want 2m30s of 4", h.Median, h.Runs)
	}
	if b := ix.Hints(&queued, time.Time{}, time.Time{}).Blocker; b != "the started backup aaaaaaaa on db-prod" {
		t.Errorf("blocker %q", b)
	}
	if b := ix.Hints(&other, time.Time{}, time.Time{}).Blocker; b != "the running system workflow create_snapshot bbbbbbbb" {
		t.Errorf("blocker %q", b)
	}
	if b := NewIndex(slices.Values([]*client.Execution{&other})).Hints(&other, time.Time{}, time.Time{}).Blocker; !strings.Contains(b, "concurrency limit") {
		t.Errorf("blocker %q, want the concurrency limit", b)
	}
}
