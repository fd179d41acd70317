package operations

import (
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/uitest"
)

// The tree groups by node instance, counts every non-NOP operation the way
// finished_operations/total_operations do, and shows a retried operation as
// one row with its latest attempt.
func TestTreeGroupsByNodeInstanceAndCountsLikeTheExecution(t *testing.T) {
	ops := append(sampleOps(), client.Operation{ID: "nop", Type: client.OpTypeNOP, State: client.OpPending})
	tr, _ := build(ops, uitest.T0, true, observed{}, nil)
	if len(tr.groups) != 3 {
		t.Fatalf("%d groups, want 3", len(tr.groups))
	}
	wantTotal, wantFin := 0, 0
	for _, o := range ops {
		if o.Type != client.OpTypeNOP {
			wantTotal++
			if o.State.Terminated() {
				wantFin++
			}
		}
	}
	sumT, sumF := 0, 0
	for _, g := range tr.groups {
		sumT += g.total
		sumF += g.finished
	}
	if tr.total != wantTotal || tr.finished != wantFin || sumT != wantTotal || sumF != wantFin {
		t.Fatalf("counted %d/%d (groups %d/%d), want %d/%d", tr.finished, tr.total, sumF, sumT, wantFin, wantTotal)
	}
	web := tr.groups[1]
	if web.key != "web_vm_x7k2p1" || web.node != "web_vm" || web.state != client.OpStarted || web.running != 1 {
		t.Fatalf("web group %+v", web)
	}
	if lb := tr.groups[2]; lb.state != client.OpFailed || lb.failed != 1 {
		t.Fatalf("lb group %+v", lb)
	}
	// configure and its 14 retries are one chain, showing retry 14
	var conf *chain
	for i := range tr.chains {
		if o := tr.ops[tr.chains[i].latest]; o.OperationName() == configure {
			conf = &tr.chains[i]
		}
	}
	if conf == nil || conf.attempts != 15 || tr.ops[conf.latest].Parameters.CurrentRetries != 14 || conf.key != opID(3) {
		t.Fatalf("configure chain %+v", conf)
	}
	// its first retry was stored 14 minutes ago: at work since then
	if !conf.since.Equal(uitest.T0.Add(-14*time.Minute)) || tr.longest < 0 || tr.chains[tr.longest].key != conf.key {
		t.Fatalf("since %v, longest %d", conf.since, tr.longest)
	}
	// internal operations are rows only when asked for
	open := func(int) bool { return true }
	countOps := func(rows []row) (n int) {
		for _, r := range rows {
			if r.kind == rowOp {
				n++
			}
		}
		return n
	}
	if hidden, shown := countOps(tr.rows(open, false)), countOps(tr.rows(open, true)); hidden != 7 || shown != 9 {
		t.Fatalf("%d rows without internal operations, %d with; want 7 and 9", hidden, shown)
	}
}

// A retry whose first attempt is not in the answer (paged away) is a row of
// its own rather than lost.
func TestTreeKeepsAnOrphanRetry(t *testing.T) {
	r := retryOf(remote(opID(1), "a_1", create, client.OpFailed), opID(2), 3, themes.OpRetrying, uitest.T0)
	r.State = client.OpPending
	tr, _ := build([]client.Operation{r}, uitest.T0, true, observed{}, nil)
	if len(tr.chains) != 1 || latestState(&tr.ops[tr.chains[0].latest]) != themes.OpRetrying || tr.running != 1 {
		t.Fatalf("%+v", tr.chains)
	}
}

// The time at work is observed: first seen sending is a start, already
// running when the screen first looked is a lower bound, and the end is
// when it was seen to end.
func TestTreeObservesHowLongAnOperationRuns(t *testing.T) {
	a := remote(opID(1), "a_1", create, client.OpStarted)
	b := remote(opID(2), "b_1", create, client.OpPending)
	_, seen := build([]client.Operation{a, b}, uitest.T0, true, observed{}, nil)
	b.State = client.OpSending
	_, seen = build([]client.Operation{a, b}, uitest.T0.Add(10*time.Second), false, seen, nil)
	a.State, b.State = client.OpSucceeded, client.OpSucceeded
	tr, _ := build([]client.Operation{a, b}, uitest.T0.Add(40*time.Second), false, seen, nil)
	ca, cb := tr.chains[0], tr.chains[1]
	if !ca.lower || !ca.since.Equal(uitest.T0) || !ca.ended.Equal(uitest.T0.Add(40*time.Second)) {
		t.Fatalf("a: %+v", ca)
	}
	if cb.lower || !cb.since.Equal(uitest.T0.Add(10*time.Second)) || cb.ended.Sub(cb.since) != 30*time.Second {
		t.Fatalf("b: %+v", cb)
	}
}
