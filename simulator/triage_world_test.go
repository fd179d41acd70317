package simulator

import (
	"strings"
	"testing"
	"time"
)

// TestDemoWorldHoldsEveryKindOfTrouble: the demo has each kind of stuck
// execution, a failure cause shared by several deployments, and causes
// nested three deep (most recent cause last).
func TestDemoWorldHoldsEveryKindOfTrouble(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, Demo: true, Worker: true})
	now := s.Clock().Now()
	find := func(q ExecutionQuery, minAge time.Duration) ExecutionInfo {
		t.Helper()
		for _, e := range s.FindExecutions(q) {
			if now.Sub(e.CreatedAt) >= minAge {
				return e
			}
		}
		t.Fatalf("no %+v older than %s", q, minAge)
		return ExecutionInfo{}
	}
	backup := find(ExecutionQuery{Status: "started", WorkflowID: "backup"}, 40*time.Minute)
	if ev := s.Events(backup.ID); len(ev) == 0 || now.Sub(ev[len(ev)-1].Timestamp) < 10*time.Minute {
		t.Errorf("the stuck backup has a recent event: %+v", ev)
	}
	find(ExecutionQuery{Status: "cancelling"}, 2*time.Minute)
	fc := find(ExecutionQuery{Status: "force_cancelling"}, time.Minute)
	if ev := s.Events(fc.ID); now.Sub(ev[len(ev)-1].Timestamp) < time.Minute {
		t.Error("the force-cancel hung for less than a minute")
	}
	if p := find(ExecutionQuery{Status: "pending"}, 2*time.Minute); !p.StartedAt.IsZero() {
		t.Error("the pending one has a started_at")
	}
	q := find(ExecutionQuery{Status: "queued"}, 10*time.Minute)
	if len(s.FindExecutions(ExecutionQuery{DeploymentID: q.DeploymentID, Status: "started"})) == 0 {
		t.Errorf("the long queued one on %s waits behind nothing", q.DeploymentID)
	}

	// causes: the SSH failure on several deployments, three deep
	deps := map[string]bool{}
	deep := false
	for _, e := range s.FindExecutions(ExecutionQuery{Status: "failed"}) {
		if e.Error == nil || !strings.Contains(*e.Error, "NonRecoverableError `Failed to connect to") {
			continue
		}
		deps[e.DeploymentID] = true
		for _, ev := range s.Events(e.ID) {
			deep = deep || ev.EventType == "task_failed" && ev.Causes == 3
		}
	}
	if len(deps) < 2 || !deep {
		t.Errorf("the SSH failure is on %d deployments, three deep: %v", len(deps), deep)
	}
}
