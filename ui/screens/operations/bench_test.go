package operations

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
)

// benchOps is an install of 625 node instances with 16 operations each
// (10,000): a subgraph, internal tasks and remote tasks, some at work.
func benchOps() []client.Operation { return installOps(10_000) }

// installOps is the first n operations of an install of node instances of
// 16 operations each.
func installOps(count int) []client.Operation {
	var ops []client.Operation
	n := 0
	for i := 0; len(ops) < count; i++ {
		ni := fmt.Sprintf("vm_%06d", i)
		st := client.OpSucceeded
		if i%50 == 0 {
			st = client.OpStarted
		} else if i > 400 {
			st = client.OpPending
		}
		ops = append(ops, subgraph(ni, st))
		for j := 0; j < 12; j++ {
			n++
			ops = append(ops, builtin(opID(n), ni, client.OpTypeSetNodeState, st))
		}
		for _, iface := range []string{create, configure, start} {
			n++
			ops = append(ops, remote(opID(n), ni, iface, st))
		}
	}
	return ops[:count]
}

func benchHarness(b *testing.B) *harness {
	f := &fake{exec: sampleExec()}
	f.set(benchOps()...)
	return newHarness(b, f, 120, 40)
}

// BenchmarkView renders the screen holding 10,000 operations. Budget: 1 ms.
func BenchmarkView(b *testing.B) {
	h := benchHarness(b)
	if len(h.m.t.chains) < 1000 {
		b.Fatalf("%d rows", len(h.m.t.chains))
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = h.m.View()
		_ = h.m.Header(120)
	}
}

// benchWorld is an install of 10,000 operations moving on between two
// refreshes as a real one does: a few operations are sent, start and
// succeed, and a few fail and are retried (a new operation at the end of
// the list, its failure event with it).
type benchWorld struct {
	ops    []client.Operation
	events []client.Event
	ids    int // operation ids handed out
	from   int // where the scans for work start, so that work moves on
}

func newBenchWorld() *benchWorld { return &benchWorld{ops: benchOps(), ids: 1 << 20} }

// step moves the world on by one refresh: 10 operations are sent, 10 of
// the sent start, 10 of the started succeed, and 2 started remote ones
// fail and are retried. It reports whether anything was left to do.
func (w *benchWorld) step(now time.Time) bool {
	w.events = w.events[:0]
	var sent, started, pending, failing []int
	n := len(w.ops)
	for k := 0; k < n; k++ {
		i := (w.from + k) % n
		o := &w.ops[i]
		switch {
		case o.Type == client.OpTypeSubgraph:
		case o.State == client.OpPending && len(pending) < 10:
			pending = append(pending, i)
		case o.State == client.OpSending && len(sent) < 10:
			sent = append(sent, i)
		case o.State == client.OpStarted && o.Type == client.OpTypeRemote && len(failing) < 2 && k%3 == 0:
			failing = append(failing, i)
		case o.State == client.OpStarted && len(started) < 10:
			started = append(started, i)
		}
	}
	w.from = (w.from + 997) % n
	for _, i := range started {
		w.ops[i].State = client.OpSucceeded
	}
	for _, i := range sent {
		w.ops[i].State = client.OpStarted
	}
	for _, i := range pending {
		w.ops[i].State = client.OpSending
	}
	for _, i := range failing {
		prev := &w.ops[i]
		prev.State = client.OpFailed
		w.ids++
		r := retryOf(*prev, opID(w.ids), prev.Parameters.CurrentRetries+1, client.OpPending, now)
		c := *r.Parameters.TaskKwargs.Context
		r.Parameters.TaskKwargs.Context = &c
		c.TaskID = r.ID
		w.ops = append(w.ops, r)
		w.events = append(w.events, client.Event{Type: client.EventTypeEvent, EventType: "task_failed",
			Message:        "Task failed 'script_runner.tasks.run' -> connection refused" + fmt.Sprintf(" [retry %d/60]", prev.Parameters.CurrentRetries),
			NodeInstanceID: client.Some(c.NodeInstanceID), Operation: client.Some(c.Operation.Name)})
	}
	return len(started)+len(sent)+len(pending)+len(failing) > 0
}

// answer is the world as a fresh decode gives it: new strings, new
// contexts, nothing shared with the last answer.
func (w *benchWorld) answer() []client.Operation {
	out := make([]client.Operation, len(w.ops))
	for i, o := range w.ops {
		o.ID = strings.Clone(o.ID)
		o.Name = strings.Clone(o.Name)
		o.Type = strings.Clone(o.Type)
		o.State = client.OperationState(strings.Clone(string(o.State)))
		p := &o.Parameters
		p.RetriedTask.Value = strings.Clone(p.RetriedTask.Value)
		p.ContainingSubgraph.Value = strings.Clone(p.ContainingSubgraph.Value)
		p.TaskKwargs.NodeInstanceID = strings.Clone(p.TaskKwargs.NodeInstanceID)
		if c := p.TaskKwargs.Context; c != nil {
			cc := *c
			cc.NodeInstanceID, cc.NodeName = strings.Clone(c.NodeInstanceID), strings.Clone(c.NodeName)
			cc.Operation.Name = strings.Clone(c.Operation.Name)
			p.TaskKwargs.Context = &cc
		}
		p.OnFailure = append([]byte(nil), p.OnFailure...)
		out[i] = o
	}
	return out
}

// BenchmarkMergeRefresh takes a refresh of 10,000 operations into the
// screen (decoded already: what Update does with the answer), each one a
// new answer in which 30 operations moved on and 2 were retried, with
// their failure events. Budget: 5 ms.
func BenchmarkMergeRefresh(b *testing.B) {
	h := benchHarness(b)
	w := newBenchWorld()
	retries := 0
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		*h.now = h.now.Add(2 * time.Second)
		if len(w.ops) > 11_000 || !w.step(*h.now) {
			w = newBenchWorld() // a new install: the screen sees every operation change
			w.step(*h.now)
		}
		retries += len(w.events)
		ops := w.answer()
		events := append([]client.Event(nil), w.events...)
		exec := h.f.exec
		exec.TotalOperations, exec.FinishedOperations = len(ops), 0
		for i := range ops {
			if ops[i].State.Terminated() {
				exec.FinishedOperations++
			}
		}
		h.m.poll.inflight = true
		b.StartTimer()
		next, _ := h.m.onPollResult(pollResultMsg{to: h.m.id, gen: h.m.poll.gen, withOp: true, exec: &exec, ops: ops, events: events, evFrom: h.m.evOffset})
		h.m = next
	}
	b.StopTimer()
	if retries == 0 || len(h.m.failures) == 0 {
		b.Fatalf("the refreshes retried nothing: %d retries, %d failures shown", retries, len(h.m.failures))
	}
}
