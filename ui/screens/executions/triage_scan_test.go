package executions

import (
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/uitest"
)

// A poll that changes nothing does not read the whole window for the triage
// rules again (at 100,000 executions that read was most of an idle
// dashboard's CPU); a poll that changes a status does, and sees the change.
func TestIdlePollDoesNotRereadTheWindow(t *testing.T) {
	sample := uitest.Sample()
	fake := uitest.NewManager(sample...)
	h := newHarness(t, Options{Limit: 100}, fake, 120, 36)
	scans, rev := h.m.tri.scans, h.m.list.Revision()
	if scans == 0 {
		t.Fatal("the window was never read for the triage rules")
	}
	sample[0].FinishedOperations++ // progress only
	fake.Set(sample...)
	h.tick()
	h.tick()
	if lists, _, _ := fake.Counts(); lists < 3 {
		t.Fatalf("only %d list requests: the polls did not run", lists)
	}
	if h.m.tri.scans != scans || h.m.list.Revision() != rev {
		t.Fatalf("idle polls read the window %d more times (revision %d → %d)", h.m.tri.scans-scans, rev, h.m.list.Revision())
	}
	sample[3].Status = client.StatusPending // queued → pending
	fake.Set(sample...)
	h.tick()
	if h.m.tri.scans != scans+1 {
		t.Fatalf("a status change read the window %d times, want once", h.m.tri.scans-scans)
	}
	id := sample[3].ID
	if h.m.tri.seen[id] != client.StatusPending || h.m.tri.changedAt[id].IsZero() {
		t.Fatalf("the status change was not seen: %v, changed at %v", h.m.tri.seen[id], h.m.tri.changedAt[id])
	}
}
