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

// BenchmarkResyncMerge measures a full re-read of the window through the
// screen's Update, as one page: rows is the size of the window, 1,000 of
// them change status each time.
func BenchmarkResyncMerge(b *testing.B) {
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
				m.poll.inflight, m.poll.syncing = true, &syncProgress{}
				m.list.StartSweep()
				next, _ := m.Update(pageMsg{to: m.id, gen: m.poll.gen, first: true, items: replies[i%2], total: rows})
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
		h.m.poll.inflight, h.m.poll.syncing = true, &syncProgress{}
		h.send(pageMsg{to: h.m.id, gen: h.m.poll.gen, first: true, items: uitest.Many(n), total: n}) // the reply is garbage after this
		runtime.GC()
		runtime.ReadMemStats(&after)
		if h.m.list.Len() != n {
			b.Fatal("not loaded")
		}
		b.ReportMetric((float64(after.HeapAlloc)-float64(before.HeapAlloc))/n, "B/execution")
		runtime.KeepAlive(h)
	}
}

// BenchmarkIdlePoll is an incremental poll that changes nothing, through
// the screen's Update, with 100,000 executions loaded and one running: it
// must allocate next to nothing (no new window-sized slice).
func BenchmarkIdlePoll(b *testing.B) {
	const n = 100_000
	h := loaded(b, n)
	var active []client.Execution
	for _, e := range uitest.Many(n) {
		if !e.Status.IsEnd() && len(active) == 0 {
			active = append(active, e)
		}
	}
	head := make([]client.Execution, 0, headSize)
	for _, e := range uitest.Many(headSize) {
		head = append(head, client.Execution{ID: e.ID, Status: e.Status, CreatedAt: e.CreatedAt})
	}
	m := h.m
	m.poll.active = idSet(active)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m.poll.inflight = true
		next, _ := m.Update(incrementalMsg{to: m.id, gen: m.poll.gen, active: active, head: head, headTotal: n})
		m = next.(Model)
	}
}
