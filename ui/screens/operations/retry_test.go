package operations

import (
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/triage"
)

// The screen tells the executions screen that opened it the highest retry
// at work — configure at its 14th of 60 — once, again only when it
// changes, and that none is at work once it succeeded; the lists it reads
// are the only requests.
func TestReportsTheHighestRetryAtWork(t *testing.T) {
	h := newSample(t, 120, 40)
	h.m.o.Parent = 3
	_, lists := h.f.calls()
	h.refresh(2 * time.Second)
	want := triage.Retry{Current: 14, Total: 60, NodeInstance: "web_vm_x7k2p1", Operation: configure, At: *h.now}
	if len(h.reports) != 1 || h.reports[0] != (RetryMsg{To: 3, ExecutionID: execID, Retry: want}) {
		t.Fatalf("reports %+v, want one of %+v", h.reports, want)
	}
	h.refresh(2 * time.Second)
	if len(h.reports) != 1 {
		t.Fatalf("reported again with nothing changed: %+v", h.reports[1:])
	}
	ops := sampleOps()
	for i := range ops {
		if ops[i].Parameters.CurrentRetries == 14 {
			ops[i].State = client.OpSucceeded
		}
	}
	h.f.set(ops...)
	h.refresh(2 * time.Second)
	if len(h.reports) != 2 || h.reports[1].Retry != (triage.Retry{At: *h.now}) {
		t.Fatalf("reports %+v, want none at work", h.reports)
	}
	if _, l := h.f.calls(); l != lists+3 {
		t.Fatalf("%d lists for 3 refreshes", l-lists)
	}
}

// Opened without an executions screen (0), the screen reports nothing.
func TestReportsNothingWithoutAParent(t *testing.T) {
	h := newSample(t, 120, 40)
	h.refresh(2 * time.Second)
	if len(h.reports) != 0 {
		t.Fatalf("%+v", h.reports)
	}
}
