package simulator

import (
	"reflect"
	"testing"
	"time"
)

// runUntilEnd advances the clock until the execution reaches an end state.
func runUntilEnd(t *testing.T, s *Simulator, clock *ManualClock, id string) ExecutionInfo {
	t.Helper()
	for i := 0; i < 600; i++ {
		clock.Advance(time.Second)
		if e, _ := s.Execution(id); e.Status == "terminated" || e.Status == "failed" || e.Status == "cancelled" {
			return e
		}
	}
	e, _ := s.Execution(id)
	t.Fatalf("execution %s still %s after 10 simulated minutes", id, e.Status)
	return e
}

func eventTypes(evs []EventInfo) []string {
	var out []string
	for _, e := range evs {
		if e.Type == "cloudify_event" {
			out = append(out, e.EventType)
		}
	}
	return out
}

func TestWorkerRunsAnExecution(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"})
	id := a.str("id")
	clock.Advance(time.Second)
	if e, _ := s.Execution(id); e.Status != "pending" || !e.StartedAt.IsZero() {
		t.Fatalf("after 1s: %+v", e)
	}
	clock.Advance(time.Second)
	e, _ := s.Execution(id)
	// cloudify-api-operations.md §3.6, §7.1: one install subgraph per node
	// instance holding 16 tasks (3 remote, set-state and send-event ones)
	if e.Status != "started" || e.StartedAt.IsZero() || e.TotalOperations != 2*17 || e.Error == nil || *e.Error != "" {
		t.Fatalf("after 2s: %+v", e)
	}
	g := call(t, s, "GET", "/api/v3.1/executions/"+id+"?_include=status,started_at,total_operations,finished_operations", nil)
	if g.str("status") != "started" || g.obj["total_operations"] != float64(34) {
		t.Fatalf("GET while started: %s", g.raw)
	}
	last := 0
	for e.Status == "started" {
		clock.Advance(500 * time.Millisecond)
		e, _ = s.Execution(id)
		if e.FinishedOperations < last || e.FinishedOperations > e.TotalOperations {
			t.Fatalf("progress went %d -> %d of %d", last, e.FinishedOperations, e.TotalOperations)
		}
		last = e.FinishedOperations
	}
	evs := s.Events(id)
	types := eventTypes(evs)
	// the first subgraph starts, its builtins run, then its first remote task
	if types[0] != "workflow_started" || types[1] != "task_started" || types[2] != "workflow_node_event" {
		t.Fatalf("first events %v", types)
	}
	switch e.Status {
	case "terminated":
		if types[len(types)-1] != "workflow_succeeded" || e.FinishedOperations != e.TotalOperations || *e.Error != "" || e.EndedAt.IsZero() {
			t.Fatalf("terminated: %+v %v", e, types)
		}
	case "failed":
		if types[len(types)-1] != "workflow_failed" || *e.Error == "" {
			t.Fatalf("failed: %+v %v", e, types)
		}
	default:
		t.Fatalf("ended as %s", e.Status)
	}
	// the events through the API, as cfy fetches them
	l := call(t, s, "GET", "/api/v3.1/events?execution_id="+id+"&type=cloudify_event&type=cloudify_log&_sort=reported_timestamp", nil)
	if l.status != 200 || l.total() != len(evs) {
		t.Fatalf("events list: %d total %d, stored %d", l.status, l.total(), len(evs))
	}
}

// Failures carry a task_failed with error causes (as a list) and a traceback.
func TestWorkerFailure(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	var failed ExecutionInfo
	for i := 0; i < 60 && failed.ID == ""; i++ {
		a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "heal", "force": true})
		if e := runUntilEnd(t, s, clock, a.str("id")); e.Status == "failed" {
			failed = e
		}
	}
	if failed.ID == "" {
		t.Fatal("no run failed in 60 attempts")
	}
	l := call(t, s, "GET", "/api/v3.1/events?execution_id="+failed.ID+"&event_type=task_failed", nil)
	// the task's failure, then its subgraph's (without causes, §7.5)
	items := l.items()
	if len(items) != 2 || items[1]["error_causes"] != nil || items[1]["message"] == items[0]["message"] {
		t.Fatalf("task_failed events: %s", l.raw)
	}
	causes, ok := items[0]["error_causes"].([]any)
	if !ok || len(causes) != 1 {
		t.Fatalf("error_causes %v", items[0]["error_causes"])
	}
	c := causes[0].(map[string]any)
	if c["message"] == "" || c["type"] == "" || c["traceback"] == "" {
		t.Fatalf("cause %v", c)
	}
	if *failed.Error == "" || failed.FinishedOperations == 0 && failed.TotalOperations == 0 {
		t.Fatalf("failed execution %+v", failed)
	}
	logs := call(t, s, "GET", "/api/v3.1/events?execution_id="+failed.ID+"&level=error", nil)
	if logs.total() == 0 || logs.items()[0]["type"] != "cloudify_log" {
		t.Fatalf("error logs: %s", logs.raw)
	}
}

func TestWorkerCancelTimings(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	startedOn := func(dep string) string {
		a := start(t, s, map[string]any{"deployment_id": dep, "workflow_id": "install"})
		clock.Advance(2 * time.Second)
		if st := statusOf(t, s, a.str("id")); st != "started" {
			t.Fatalf("%s not started: %s", dep, st)
		}
		return a.str("id")
	}
	graceful := startedOn("web-prod")
	forced := startedOn("web-staging")
	call(t, s, "POST", "/api/v3.1/executions/"+graceful, map[string]any{"action": "cancel"})
	call(t, s, "POST", "/api/v3.1/executions/"+forced, map[string]any{"action": "force-cancel"})
	clock.Advance(time.Second)
	if st := statusOf(t, s, forced); st != "cancelled" {
		t.Fatalf("force-cancel after 1s: %s", st)
	}
	if st := statusOf(t, s, graceful); st != "cancelling" {
		t.Fatalf("graceful cancel after 1s: %s", st)
	}
	clock.Advance(3 * time.Second)
	if st := statusOf(t, s, graceful); st != "cancelled" {
		t.Fatalf("graceful cancel after 4s: %s", st)
	}
	if evs := eventTypes(s.Events(graceful)); evs[len(evs)-1] != "workflow_cancelled" {
		t.Fatalf("events %v", evs)
	}
	// kill of an ended execution goes through kill_cancelling to cancelled
	call(t, s, "POST", "/api/v3.1/executions/"+forced, map[string]any{"action": "kill"})
	if st := statusOf(t, s, forced); st != "kill_cancelling" {
		t.Fatal(st)
	}
	clock.Advance(time.Second)
	if st := statusOf(t, s, forced); st != "cancelled" {
		t.Fatal(st)
	}
	// a stuck execution ignores a graceful cancel; force-cancel ends it
	stuck := mustAdd(t, s, ExecutionSpec{DeploymentID: "db-staging", WorkflowID: "install", Status: "started", Stuck: true})
	clock.Advance(time.Minute)
	if e, _ := s.Execution(stuck.ID); e.Status != "started" || e.FinishedOperations != 0 {
		t.Fatalf("stuck moved: %+v", e)
	}
	call(t, s, "POST", "/api/v3.1/executions/"+stuck.ID, map[string]any{"action": "cancel"})
	clock.Advance(time.Minute)
	if st := statusOf(t, s, stuck.ID); st != "cancelling" {
		t.Fatalf("stuck graceful cancel: %s", st)
	}
	call(t, s, "POST", "/api/v3.1/executions/"+stuck.ID, map[string]any{"action": "force-cancel"})
	clock.Advance(time.Second)
	if st := statusOf(t, s, stuck.ID); st != "cancelled" {
		t.Fatalf("stuck force-cancel: %s", st)
	}
}

func TestQueueFIFO(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	blocking := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "install"}).str("id")
	q1 := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "heal", "queue": true}).str("id")
	clock.Advance(10 * time.Millisecond)
	q2 := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "uninstall", "queue": "true"}).str("id")
	if statusOf(t, s, q1) != "queued" || statusOf(t, s, q2) != "queued" {
		t.Fatal("not queued")
	}
	// cancelling a queued execution ends it quickly, and does not dequeue the other
	clock.Advance(2 * time.Second)
	runUntilEnd(t, s, clock, blocking)
	if st := statusOf(t, s, q1); st == "queued" {
		t.Fatal("first queued execution was not dequeued")
	}
	if st := statusOf(t, s, q2); st != "queued" {
		t.Fatalf("second queued execution should wait for the first, is %s", st)
	}
	runUntilEnd(t, s, clock, q1)
	clock.Advance(100 * time.Millisecond)
	if st := statusOf(t, s, q2); st == "queued" {
		t.Fatal("second queued execution was not dequeued")
	}
	runUntilEnd(t, s, clock, q2)

	// a queued execution cancelled ends after a short while
	start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"})
	q := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "heal", "queue": true}).str("id")
	a := call(t, s, "POST", "/api/v3.1/executions/"+q, map[string]any{"action": "cancel"})
	if a.str("status") != "cancelling" {
		t.Fatalf("cancel queued: %s", a.raw)
	}
	clock.Advance(time.Second)
	if st := statusOf(t, s, q); st != "cancelled" {
		t.Fatalf("cancelled queued: %s", st)
	}
}

// PATCHing the blocking execution to an end state dequeues at once (no worker).
func TestQueueDequeueOnPatch(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	b := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "install"}).str("id")
	q := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "install", "queue": true}).str("id")
	call(t, s, "PATCH", "/api/v3.1/executions/"+b, map[string]any{"status": "started"})
	if statusOf(t, s, q) != "queued" {
		t.Fatal("dequeued too early")
	}
	call(t, s, "PATCH", "/api/v3.1/executions/"+b, map[string]any{"status": "terminated"})
	g := call(t, s, "GET", "/api/v3.1/executions/"+q, nil)
	if g.str("status") != "pending" || g.obj["error"] != nil {
		t.Fatalf("dequeued: %s", g.raw)
	}
}

func TestDeterministicWithSeed(t *testing.T) {
	snapshot := func(seed int64) ([]ExecutionInfo, []EventInfo) {
		s, clock := testSim(t, Options{Seed: seed, Demo: true, Worker: true})
		clock.Advance(90 * time.Second)
		all := s.FindExecutions(ExecutionQuery{})
		return all, s.Events(all[len(all)-1].ID)
	}
	a, ae := snapshot(42)
	b, be := snapshot(42)
	c, _ := snapshot(43)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(ae, be) {
		t.Fatal("same seed, different worlds")
	}
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds, same world")
	}
}
