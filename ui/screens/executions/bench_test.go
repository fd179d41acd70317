package executions

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/uitest"
)

// loaded is the screen at 120x36 holding n executions, as after a poll.
func loaded(b *testing.B, n int) *harness {
	b.Helper()
	h := newHarness(b, Options{Limit: n}, uitest.NewManager(uitest.Many(n)...), 120, 36)
	if h.m.list.Len() != n {
		b.Fatalf("loaded %d, want %d", h.m.list.Len(), n)
	}
	return h
}

// BenchmarkPollMerge measures one poll reply through the screen's Update: rows is the
// size of the reply (and of the list), 1,000 of them change status each time.
func BenchmarkPollMerge(b *testing.B) {
	for _, rows := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			h := loaded(b, rows)
			base := uitest.Many(rows)
			alt := make([]client.Execution, rows)
			copy(alt, base)
			for i := 0; i < 1000 && i < rows; i++ {
				j := i * (rows / 1000)
				alt[j].Status = client.StatusFailed
			}
			replies := [][]client.Execution{alt, base}
			m := h.m
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				m.poll.inflight = true
				next, _ := m.Update(pollResultMsg{to: m.id, gen: m.poll.gen, items: replies[i%2]})
				m = next.(Model)
				i++
			}
		})
	}
}

// BenchmarkHeapPerExecution reports the heap the dashboard keeps per loaded
// execution (the poll reply itself is garbage once merged).
func BenchmarkHeapPerExecution(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		h := newHarness(b, Options{Limit: n}, uitest.NewManager(), 120, 40)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		h.m.poll.inflight = true
		h.send(pollResultMsg{to: h.m.id, gen: h.m.poll.gen, items: uitest.Many(n)}) // the reply is garbage after this
		runtime.GC()
		runtime.ReadMemStats(&after)
		if h.m.list.Len() != n {
			b.Fatal("not loaded")
		}
		b.ReportMetric((float64(after.HeapAlloc)-float64(before.HeapAlloc))/n, "B/execution")
		runtime.KeepAlive(h)
	}
}
