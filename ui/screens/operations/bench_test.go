package operations

import (
	"fmt"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
)

// benchOps is an install of 625 node instances with 16 operations each
// (10,000): a subgraph, internal tasks and remote tasks, some at work.
func benchOps() []client.Operation {
	var ops []client.Operation
	n := 0
	for i := 0; len(ops) < 10_000; i++ {
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
	return ops[:10_000]
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

// BenchmarkMergeRefresh takes a refresh of 10,000 operations into the
// screen (decoded already: what Update does with the answer). Budget: 5 ms.
func BenchmarkMergeRefresh(b *testing.B) {
	h := benchHarness(b)
	ops := benchOps()
	ops[4000].State = client.OpSucceeded
	b.ReportAllocs()
	for b.Loop() {
		*h.now = h.now.Add(2 * time.Second)
		h.m.poll.inflight = true
		next, _ := h.m.onPollResult(pollResultMsg{to: h.m.id, gen: h.m.poll.gen, withOp: true, exec: &h.f.exec, ops: ops, evFrom: h.m.evOffset})
		h.m = next
	}
}
