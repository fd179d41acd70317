package executions

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/screens/failures"
	"github.com/cfytop/cfytop/ui/uitest"
)

// at moves the screen's clock to T0+d and lets the 1 s clock tick.
func (h *harness) at(d time.Duration) {
	*h.now = uitest.T0.Add(d)
	h.send(clockMsg{to: h.m.id})
}

// TestStuckRulesOnTheScreenAtEachThreshold runs each rule through the
// screen with the manual clock: one second before its threshold the row is
// not marked, at it the row says STUCK and the header counts it.
func TestStuckRulesOnTheScreenAtEachThreshold(t *testing.T) {
	done := func(n int) client.Execution {
		e := uitest.Exec(uitest.UUID(100+n), "backup", "db-prod", client.StatusTerminated, time.Duration(n)*time.Hour)
		return e // started 1 s after creation, ended 90 s after: 89 s
	}
	cases := []struct {
		name   string
		st     client.Status
		events []client.Event
		extra  []client.Execution
		at     time.Duration // when it becomes stuck
		reason string
	}{
		{"started, no new event", client.StatusStarted,
			[]client.Event{{Type: client.EventTypeLog, Message: "copying", ReportedTimestamp: client.Time{Time: uitest.T0.Add(5 * time.Second)}}},
			nil, 5*time.Second + 10*time.Minute, "no new event"},
		{"started, 3× the median", client.StatusStarted,
			[]client.Event{{Type: client.EventTypeLog, Message: "copying", ReportedTimestamp: client.Time{Time: uitest.T0.Add(time.Second)}}},
			[]client.Execution{done(1), done(2), done(3)}, time.Second + 3*89*time.Second, "3× the median"},
		{"cancelling", client.StatusCancelling, nil, nil, time.Second + 2*time.Minute, "cancelling for"},
		{"force_cancelling", client.StatusForceCancelling, nil, nil, time.Second + time.Minute, "force_cancelling for"},
		{"kill_cancelling", client.StatusKillCancelling, nil, nil, time.Second + time.Minute, "kill_cancelling for"},
		{"pending", client.StatusPending, nil, nil, 2 * time.Minute, "no worker has taken it"},
		{"queued", client.StatusQueued, nil, nil, 10 * time.Minute, "queued for 10m00s behind"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := uitest.Exec(uitest.UUID(1), "backup", "db-prod", tc.st, 0)
			f := uitest.NewManager(append([]client.Execution{e}, tc.extra...)...)
			f.Events[e.ID] = tc.events
			h := newHarness(t, Options{}, f, 120, 20)
			h.at(tc.at - time.Second)
			if v, stuck := h.m.Stuck(e.ID); stuck || h.m.list.MarkOf(e.ID).Stuck {
				t.Fatalf("stuck one second before the threshold: %+v", v)
			}
			h.at(tc.at)
			v, stuck := h.m.Stuck(e.ID)
			if !stuck || !strings.Contains(v.Reason, tc.reason) {
				t.Fatalf("at the threshold: %+v, want a reason with %q", v, tc.reason)
			}
			h.mustContain("⚠ STUCK", "⚠ stuck 1")
		})
	}
}

// TestNoNewEventCostsOneSmallRequestAMinute: polls every 2 s do not each
// look for the newest event; one small lookup per active execution a
// minute does.
func TestNoNewEventCostsOneSmallRequestAMinute(t *testing.T) {
	e := uitest.Exec(uitest.UUID(1), "install", "web", client.StatusStarted, time.Minute)
	q := uitest.Exec(uitest.UUID(2), "heal", "web", client.StatusQueued, time.Minute)
	f := uitest.NewManager(e, q)
	h := newHarness(t, Options{}, f, 120, 20)
	for i := 1; i <= 20; i++ {
		*h.now = uitest.T0.Add(time.Duration(i) * 2 * time.Second)
		h.tick()
	}
	if f.Newest != 1 {
		t.Fatalf("%d lookups in 40 s of polls, want 1 (the started one, once)", f.Newest)
	}
	*h.now = uitest.T0.Add(61 * time.Second)
	h.tick()
	if f.Newest != 2 {
		t.Fatalf("%d lookups after a minute, want 2", f.Newest)
	}
}

// TestNewFailureIsMarkedUntilSelected: a failure that arrives while the
// user looks is marked; selecting it takes the mark off.
func TestNewFailureIsMarkedUntilSelected(t *testing.T) {
	old := uitest.Exec(uitest.UUID(1), "install", "web", client.StatusFailed, time.Hour)
	run := uitest.Exec(uitest.UUID(2), "install", "db", client.StatusStarted, 10*time.Second)
	f := uitest.NewManager(old, run)
	h := newHarness(t, Options{}, f, 120, 20)
	if h.m.list.MarkOf(old.ID).New {
		t.Fatal("a failure from before the dashboard started is marked new")
	}
	h.press("j") // the user reads the old failure meanwhile
	failed := run
	failed.Status = client.StatusFailed
	failed.EndedAt = client.Some(client.Time{Time: uitest.T0.Add(time.Second)})
	f.Set(old, failed)
	*h.now = uitest.T0.Add(2 * time.Second)
	h.tick()
	if !h.m.list.MarkOf(run.ID).New || !strings.Contains(h.m.list.View(), "● ") {
		t.Fatalf("the new failure is not marked:\n%s", h.screen())
	}
	h.press("g") // the new one is the newest: top
	if h.m.list.SelectedID() != run.ID || h.m.list.MarkOf(run.ID).New {
		t.Fatalf("selected %s, new %v: selecting it did not take the mark off", h.m.list.SelectedID(), h.m.list.MarkOf(run.ID).New)
	}
}

func TestZoomGivesThePaneTheWholeBodyAndBack(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 80, 20)
	h.press("enter", "z")
	if !h.m.Zoomed() || strings.Contains(h.m.View(), "WORKFLOW") || strings.Count(h.m.View(), "\n") != 19 {
		t.Fatalf("z did not zoom the pane:\n%s", h.m.View())
	}
	h.press("z")
	if h.m.Zoomed() || !strings.Contains(h.m.View(), "WORKFLOW") {
		t.Fatal("z did not give the list back")
	}
	h.press("z")
	if _, _, ok := h.m.Back(); !ok {
		t.Fatal("back did nothing while zoomed")
	}
	next, _, _ := h.m.Back()
	h.m = next.(Model)
	if h.m.Zoomed() || !h.m.paneOpen {
		t.Fatalf("back closed more than the zoom (zoomed %v, pane %v)", h.m.Zoomed(), h.m.paneOpen)
	}
}

func TestNarrowToOneFailureGroupAndClear(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 120, 20)
	h.send(failures.NarrowMsg{To: h.m.id, Cause: "RuntimeError: boom", IDs: []string{uitest.UUID(2), uitest.UUID(5)}})
	if h.m.list.Len() != 2 || !strings.Contains(ansi.Strip(h.m.Footer(120)), "cause: RuntimeError: boom (esc clears)") {
		t.Fatalf("%d rows, footer %q", h.m.list.Len(), h.m.Footer(120))
	}
	h.press("esc")
	if h.m.list.Len() != 5 || h.m.Footer(120) != "" {
		t.Fatalf("esc left %d rows, footer %q", h.m.list.Len(), h.m.Footer(120))
	}
}
