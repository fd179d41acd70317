package simulator

import (
	"strings"
	"testing"
	"time"
)

// TestDemoWorldHoldsEveryKindOfTrouble: the demo's default tenant (what
// `cfytop --demo` opens on) has each kind of stuck execution, for the
// whole session; ops-team a stuck backup with a heal queued behind it and
// a hung force-cancel; a failure cause is shared by several deployments,
// and causes nest three deep (most recent cause last).
func TestDemoWorldHoldsEveryKindOfTrouble(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, Demo: true, Worker: true})
	stuckKindsIn(t, s, "default_tenant", s.Clock().Now())
	clock.Advance(30 * time.Minute)
	t.Run("half an hour later", func(t *testing.T) { stuckKindsIn(t, s, "default_tenant", s.Clock().Now()) })
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
	backup := find(ExecutionQuery{Tenant: "ops-team", Status: "started", WorkflowID: "backup"}, 40*time.Minute)
	if ev := s.Events(backup.ID); len(ev) == 0 || now.Sub(ev[len(ev)-1].Timestamp) < 10*time.Minute {
		t.Errorf("the stuck backup has a recent event: %+v", ev)
	}
	find(ExecutionQuery{Tenant: "ops-team", DeploymentID: backup.DeploymentID, Status: "queued", WorkflowID: "heal"}, 10*time.Minute)
	find(ExecutionQuery{Tenant: "ops-team", Status: "force_cancelling"}, time.Minute)
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

// stuckKindsIn fails unless tenant holds one execution of each kind of
// stuck at now, by the default rules: started with no event for 10
// minutes, cancelling for 2, force_cancelling with no event for a minute,
// pending with no started_at for 2, queued for 10 behind a running one.
func stuckKindsIn(t *testing.T, s *Simulator, tenant string, now time.Time) {
	t.Helper()
	find := func(q ExecutionQuery, minAge time.Duration) (ExecutionInfo, bool) {
		t.Helper()
		q.Tenant = tenant
		for _, e := range s.FindExecutions(q) {
			if now.Sub(e.CreatedAt) >= minAge {
				return e, true
			}
		}
		t.Errorf("no %+v older than %s", q, minAge)
		return ExecutionInfo{}, false
	}
	quiet := func(e ExecutionInfo, d time.Duration) bool {
		ev := s.Events(e.ID)
		return len(ev) > 0 && now.Sub(ev[len(ev)-1].Timestamp) >= d
	}
	if e, ok := find(ExecutionQuery{Status: "started"}, 10*time.Minute); ok {
		found := false
		for _, e := range s.FindExecutions(ExecutionQuery{Tenant: tenant, Status: "started"}) {
			found = found || quiet(e, 10*time.Minute)
		}
		if !found {
			t.Errorf("no started execution without an event for 10 minutes (%s has a recent one)", e.ID)
		}
	}
	find(ExecutionQuery{Status: "cancelling"}, 2*time.Minute)
	if fc, ok := find(ExecutionQuery{Status: "force_cancelling"}, time.Minute); ok && !quiet(fc, time.Minute) {
		t.Error("the force-cancel hung for less than a minute")
	}
	if p, ok := find(ExecutionQuery{Status: "pending"}, 2*time.Minute); ok && !p.StartedAt.IsZero() {
		t.Error("the pending one has a started_at")
	}
	waiting := false
	for _, q := range s.FindExecutions(ExecutionQuery{Tenant: tenant, Status: "queued"}) {
		if now.Sub(q.CreatedAt) >= 10*time.Minute && len(s.FindExecutions(ExecutionQuery{DeploymentID: q.DeploymentID, Status: "started"})) > 0 {
			waiting = true
		}
	}
	if !waiting {
		t.Error("no execution queued for 10 minutes behind a running one")
	}
}
