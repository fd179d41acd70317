package operations

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
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

// A refresh that only changes states, or adds retries at the end, reuses
// the last answer's shape; the tree is the one a build from nothing makes,
// whatever the answers: retries, a retry of a retry, two retries of one
// attempt, an orphan retry, operations listed in another order.
func TestTreeFromTheLastShapeIsTheTreeFromNothing(t *testing.T) {
	w := &benchWorld{ops: installOps(16 * 80), ids: 1 << 20} // more rows than a block of chains
	for i := 16 * 5; i < len(w.ops); i++ {
		w.ops[i].State = client.OpPending // the first 5 node instances done or at work, the rest to do
	}
	now := uitest.T0
	ops := w.answer()
	_, seen := build(ops, now, true, observed{}, nil)
	failures := map[string]string{}
	reused := 0
	check := func(step string, ops []client.Operation) {
		t.Helper()
		before := seen.shape
		got, next := build(ops, now, false, seen, failures)
		if reflect.ValueOf(next.shape.groupOf).Pointer() == reflect.ValueOf(before.groupOf).Pointer() {
			reused++ // the same shape, or grown from it
		}
		// the same answer and observations, the shape made anew
		states := make([]client.OperationState, len(ops))
		for i := range ops {
			states[i] = latestState(&ops[i])
		}
		want := shapeOf(ops).tree(ops, next.at, states, failures)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the tree from the last shape differs from the tree made anew", step)
		}
		seen = next
	}
	for step := range 40 {
		now = now.Add(2 * time.Second)
		w.step(now)
		if len(w.events) > 0 || step == 15 {
			failures = maps.Clone(failures) // replaced when it changes, as merge does
			for _, ev := range w.events {
				failures[failureKey(ev.NodeInstanceID.Value, ev.Operation.Value)] = ev.Message
			}
			if step == 15 { // a failure read after its operation's state: every failed row may show it
				for k := range failures {
					failures[k] = "read late"
				}
			}
		}
		ops := w.answer()
		switch step {
		case 10: // a retry of the retry just added, in the same answer
			last := ops[len(ops)-1]
			ops = append(ops, retryOf(last, opID(9_000_001), last.Parameters.CurrentRetries+1, client.OpPending, now))
		case 20: // a second retry of an attempt that has one
			r := ops[slices.IndexFunc(ops, func(o client.Operation) bool { return o.Parameters.RetriedTask.Valid })]
			prev := ops[slices.IndexFunc(ops, func(o client.Operation) bool { return o.ID == r.Parameters.RetriedTask.Value })]
			ops = append(ops, retryOf(prev, opID(9_000_002), r.Parameters.CurrentRetries, client.OpPending, now))
		case 30: // two operations change places
			ops[3], ops[4] = ops[4], ops[3]
		}
		w.ops = append(w.ops[:0], ops...)
		check("step "+strconv.Itoa(step), ops)
	}
	if reused < 35 {
		t.Fatalf("the last shape was used %d times of 40", reused)
	}
	// a retry whose attempt is not listed: the next answer may list it
	orphan := retryOf(remote(opID(9_000_003), "vm_000001", create, client.OpFailed), opID(9_000_004), 1, client.OpPending, now)
	ops = append(w.answer(), orphan)
	check("orphan", ops)
	ops = append(w.answer(), orphan, remote(opID(9_000_003), "vm_000001", create, client.OpFailed))
	check("its attempt", ops)
}

// Two answers grown from one (a copy of the model refreshed twice) do not
// share what they added: each tree stays the one made from nothing.
func TestTreeGrownTwiceFromOneAnswerKeepsBoth(t *testing.T) {
	base := installOps(16 * 40)
	for i := range base {
		base[i].State = client.OpStarted
	}
	_, seen := build(base, uitest.T0, true, observed{}, nil)
	answer := func(n int) []client.Operation {
		ops := slices.Clone(base)
		for k := range n {
			prev := ops[16*k+15] // a start
			ops = append(ops, retryOf(prev, opID(8_000_000+100*n+k), 1, client.OpPending, uitest.T0))
		}
		return ops
	}
	a, b := answer(1), answer(2)
	_, seenA := build(a, uitest.T0.Add(time.Second), false, seen, nil)
	_, seenB := build(b, uitest.T0.Add(time.Second), false, seen, nil)
	for _, o := range []observed{seenA, seenB} {
		got := o.shape.tree(o.ops, o.at, o.states, nil)
		if want := shapeOf(o.ops).tree(o.ops, o.at, o.states, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("the shape of %d operations is not its own", len(o.ops))
		}
	}
}

// The state codes the refresh compares say in flight and terminated as
// the states do, and every other text is code 0.
func TestStateCodesAgreeWithTheStates(t *testing.T) {
	for _, st := range []client.OperationState{client.OpPending, client.OpSending, client.OpSent, client.OpStarted,
		client.OpResponseSent, client.OpRescheduled, client.OpSucceeded, client.OpFailed, themes.OpRetrying, "", "paused", "Started"} {
		c := stateCode(st)
		if inFlight := c >= codeSending && c <= codeResponseSent; inFlight != st.InFlight() {
			t.Errorf("%q: code %d in flight %t", st, c, inFlight)
		}
		if ended := c >= codeRescheduled && c <= codeFailed; ended != st.Terminated() {
			t.Errorf("%q: code %d terminated %t", st, c, ended)
		}
		if (c == 0) != (!st.Known() && st != themes.OpRetrying) {
			t.Errorf("%q: code %d", st, c)
		}
	}
}
