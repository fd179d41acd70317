package triage

import (
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
)

// Thresholds say when an execution counts as stuck. The config file can
// set each (settings: stuck:).
type Thresholds struct {
	// NoEvent: started, and no new event for this long.
	NoEvent time.Duration
	// SlowFactor and SlowMinRuns: started, and running longer than
	// SlowFactor times the median duration of the completed runs of the
	// same workflow on the same deployment in the window, when there are
	// at least SlowMinRuns of them.
	SlowFactor  float64
	SlowMinRuns int
	// Cancelling: in cancelling this long (next: force-cancel).
	Cancelling time.Duration
	// ForceCancelling: in force_cancelling or kill_cancelling this long
	// (next: kill).
	ForceCancelling time.Duration
	// Pending: pending this long without a started_at (no worker took it).
	Pending time.Duration
	// Queued: queued this long.
	Queued time.Duration
	// Retries: started, and an operation at this retry or beyond it (its
	// newest task event says so, or the operations screen does).
	Retries int
}

// DefaultThresholds are the thresholds of issue 11.
func DefaultThresholds() Thresholds {
	return Thresholds{
		NoEvent: 10 * time.Minute, SlowFactor: 3, SlowMinRuns: 3,
		Cancelling: 2 * time.Minute, ForceCancelling: time.Minute,
		Pending: 2 * time.Minute, Queued: 10 * time.Minute, Retries: 5,
	}
}

// Step is what to do about a stuck execution.
type Step int

// The next steps.
const (
	StepNone Step = iota
	StepCancel
	StepForceCancel
	StepKill
)

// Verdict says whether an execution is stuck, why, and what to do next.
type Verdict struct {
	Stuck bool
	// Reason is one sentence, without the key of the next step (the UI
	// adds it from the keymap).
	Reason string
	Next   Step
	// Since is when it became stuck: the moment the threshold was passed.
	Since time.Time
}

// Hints are what Assess needs beyond the execution itself.
type Hints struct {
	// StatusSince is when the execution entered its status (see
	// StatusSince); zero when not known.
	StatusSince time.Time
	// LastEvent is when the newest event of the execution was reported;
	// zero when not looked up yet.
	LastEvent time.Time
	// Median and Runs: the median duration of the completed runs of the
	// same workflow on the same deployment, and how many there were.
	Median time.Duration
	Runs   int
	// Blocker says what a queued execution waits behind, in words.
	Blocker string
	// Retry is the retry of one of its operations, as last reported; zero
	// when none is known.
	Retry Retry
}

// StatusSince is when e entered its current status, as well as it can be
// told. The manager stamps creation, start and end, not a cancel request:
// for the cancelling statuses it is changedAt, when the dashboard saw the
// status change, and otherwise the last sign of life (the newest event, or
// the start).
func StatusSince(e *client.Execution, changedAt, lastEvent time.Time) time.Time {
	started := e.StartedAt.Value.Time
	if !e.StartedAt.Valid {
		started = time.Time{}
	}
	switch {
	case e.Status.IsEnd():
		if e.EndedAt.Valid && !e.EndedAt.Value.IsZero() {
			return e.EndedAt.Value.Time
		}
	case e.Status == client.StatusStarted:
		if !started.IsZero() {
			return started
		}
	case e.Status == client.StatusCancelling || e.Status == client.StatusForceCancelling || e.Status == client.StatusKillCancelling:
		if !changedAt.IsZero() {
			return changedAt
		}
		since := started
		if lastEvent.After(since) {
			since = lastEvent
		}
		if !since.IsZero() {
			return since
		}
	}
	if !changedAt.IsZero() {
		return changedAt
	}
	return e.CreatedAt.Time
}

// Assess applies the rules to e at now.
func Assess(e *client.Execution, now time.Time, h Hints, th Thresholds) Verdict {
	since := h.StatusSince
	if since.IsZero() {
		since = StatusSince(e, time.Time{}, h.LastEvent)
	}
	in := now.Sub(since)
	age := humantime.Duration
	switch e.Status {
	case client.StatusStarted:
		if !h.LastEvent.IsZero() && th.NoEvent > 0 && now.Sub(h.LastEvent) >= th.NoEvent {
			return Verdict{Stuck: true, Next: StepCancel, Since: h.LastEvent.Add(th.NoEvent),
				Reason: fmt.Sprintf("started, and no new event for %s (the last at %s)",
					age(now.Sub(h.LastEvent)), h.LastEvent.UTC().Format("15:04:05Z"))}
		}
		if r := h.Retry; th.Retries > 0 && r.Current >= th.Retries {
			since := r.At
			if since.IsZero() {
				since = now
			}
			return Verdict{Stuck: true, Next: StepCancel, Since: since, Reason: "started, and retrying: " + r.String()}
		}
		if h.Runs >= th.SlowMinRuns && th.SlowMinRuns > 0 && h.Median > 0 && th.SlowFactor > 0 {
			limit := time.Duration(float64(h.Median) * th.SlowFactor)
			if ran := e.Duration(now); ran >= limit && e.StartedAt.Valid {
				return Verdict{Stuck: true, Next: StepCancel, Since: e.StartedAt.Value.Add(limit),
					Reason: fmt.Sprintf("running %s, more than %g× the median %s of its %d completed runs on this deployment",
						age(ran), th.SlowFactor, age(h.Median), h.Runs)}
			}
		}
	case client.StatusCancelling:
		if th.Cancelling > 0 && in >= th.Cancelling {
			return Verdict{Stuck: true, Next: StepForceCancel, Since: since.Add(th.Cancelling),
				Reason: fmt.Sprintf("cancelling for %s and not stopped", age(in))}
		}
	case client.StatusForceCancelling, client.StatusKillCancelling:
		if th.ForceCancelling > 0 && in >= th.ForceCancelling {
			return Verdict{Stuck: true, Next: StepKill, Since: since.Add(th.ForceCancelling),
				Reason: fmt.Sprintf("%s for %s and not stopped", clean(string(e.Status)), age(in))}
		}
	case client.StatusPending:
		if !e.StartedAt.Valid && th.Pending > 0 && in >= th.Pending {
			return Verdict{Stuck: true, Next: StepCancel, Since: since.Add(th.Pending),
				Reason: fmt.Sprintf("pending for %s and no worker has taken it (is the management worker up? cfy status)", age(in))}
		}
	case client.StatusQueued:
		if th.Queued > 0 && in >= th.Queued {
			behind := h.Blocker
			if behind == "" {
				behind = "nothing cfytop can see"
			}
			return Verdict{Stuck: true, Next: StepCancel, Since: since.Add(th.Queued),
				Reason: fmt.Sprintf("queued for %s behind %s", age(in), behind)}
		}
	}
	return Verdict{}
}

// Index is what the rules need to know about the other executions of the
// window: the completed runs' median durations, and what a queued
// execution may wait behind.
type Index struct {
	medians  map[runKey]median
	activeBy map[string]*client.Execution // deployment → an active execution on it
	system   *client.Execution            // a running system workflow
	active   int
}

type runKey struct{ dep, wf string }

type median struct {
	d time.Duration
	n int
}

// NewIndex reads the window: all is every execution in it. The medians are
// computed only for the workflows and deployments of started executions, so
// that a window of ended ones costs one pass.
func NewIndex(all iter.Seq[*client.Execution]) Index {
	ix := Index{activeBy: map[string]*client.Execution{}}
	want := map[runKey][]time.Duration{}
	for e := range all {
		if !e.Status.IsActive() {
			continue
		}
		ix.active++
		dep := e.DeploymentID.Value
		if prev, ok := ix.activeBy[dep]; dep != "" && (!ok || e.CreatedAt.Before(prev.CreatedAt.Time)) {
			ix.activeBy[dep] = e
		}
		if e.IsSystemWorkflow && ix.system == nil {
			ix.system = e
		}
		if e.Status == client.StatusStarted {
			want[runKey{dep, e.WorkflowID}] = nil
		}
	}
	if len(want) > 0 {
		for e := range all {
			if e.Status != client.StatusTerminated || !e.StartedAt.Valid || !e.EndedAt.Valid {
				continue
			}
			k := runKey{e.DeploymentID.Value, e.WorkflowID}
			if ds, ok := want[k]; ok {
				want[k] = append(ds, e.EndedAt.Value.Sub(e.StartedAt.Value.Time))
			}
		}
		ix.medians = make(map[runKey]median, len(want))
		for k, ds := range want {
			if len(ds) == 0 {
				continue
			}
			slices.Sort(ds)
			m := ds[len(ds)/2]
			if len(ds)%2 == 0 {
				m = (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
			}
			ix.medians[k] = median{m, len(ds)}
		}
	}
	return ix
}

// Hints are the hints for e from the window.
func (ix Index) Hints(e *client.Execution, changedAt, lastEvent time.Time) Hints {
	h := Hints{StatusSince: StatusSince(e, changedAt, lastEvent), LastEvent: lastEvent}
	if md, ok := ix.medians[runKey{e.DeploymentID.Value, e.WorkflowID}]; ok {
		h.Median, h.Runs = md.d, md.n
	}
	if e.Status == client.StatusQueued {
		h.Blocker = ix.blocker(e)
	}
	return h
}

// blocker says what a queued execution waits behind: the active execution
// on its deployment, a running system workflow, or the concurrency limit.
func (ix Index) blocker(e *client.Execution) string {
	if b, ok := ix.activeBy[e.DeploymentID.Value]; ok && b.ID != e.ID {
		return fmt.Sprintf("the %s %s %s on %s", clean(string(b.Status)), clean(b.WorkflowID), clean(b.ShortID()), clean(e.DeploymentID.Value))
	}
	if ix.system != nil {
		return fmt.Sprintf("the running system workflow %s %s", clean(ix.system.WorkflowID), clean(ix.system.ShortID()))
	}
	return fmt.Sprintf("the manager's concurrency limit (%d executions active)", ix.active)
}
