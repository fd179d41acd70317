package ui

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
)

var benchStatuses = []client.Status{client.StatusTerminated, client.StatusTerminated, client.StatusTerminated,
	client.StatusFailed, client.StatusCancelled, client.StatusStarted, client.StatusQueued}

func benchExecs(n int) []client.Execution {
	wfs := []string{"install", "uninstall", "scale", "heal", "update", "restart"}
	out := make([]client.Execution, n)
	for i := range out {
		out[i] = exec(uuid(i), wfs[i%len(wfs)], fmt.Sprintf("dep-%04d", i%2000), benchStatuses[i%len(benchStatuses)],
			time.Duration(i)*time.Second)
	}
	return out
}

// loadedApp is an App at 120x40 holding n executions, as after a poll.
func loadedApp(b *testing.B, n int) *harness {
	b.Helper()
	execs := benchExecs(n)
	h := newHarness(b, Options{Limit: n}, newFake(), 120, 40)
	h.app.poll.inflight = true
	h.send(pollResultMsg{gen: h.app.poll.gen, items: execs})
	if h.app.list.Len() != n {
		b.Fatalf("loaded %d, want %d", h.app.list.Len(), n)
	}
	return h
}

func BenchmarkView100k(b *testing.B) {
	for _, pane := range []bool{false, true} {
		b.Run(fmt.Sprintf("pane=%v", pane), func(b *testing.B) {
			h := loadedApp(b, 100_000)
			if pane {
				h.press("enter")
				h.fire(isSettle)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				_ = h.app.View()
			}
		})
	}
}

// BenchmarkListView100k is the list's share of one frame, for comparison.
func BenchmarkListView100k(b *testing.B) {
	h := loadedApp(b, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = h.app.list.View()
	}
}

func BenchmarkFilterKeystroke100k(b *testing.B) {
	h := loadedApp(b, 100_000)
	h.press("/")
	h.typeText("status:faile")
	app := h.app
	keys := []tea.Msg{tea.KeyPressMsg{Code: 'd', Text: "d"}, tea.KeyPressMsg{Code: tea.KeyBackspace}}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		m, _ := app.Update(keys[i%2])
		app = m.(App)
		i++
	}
	b.StopTimer()
	if app.filter.err != "" {
		b.Fatal(app.filter.err)
	}
}

// BenchmarkPollMerge measures one poll reply through App.Update: rows is the
// size of the reply (and of the list), 1,000 of them change status each time.
func BenchmarkPollMerge(b *testing.B) {
	for _, rows := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			h := loadedApp(b, rows)
			base := benchExecs(rows)
			alt := make([]client.Execution, rows)
			copy(alt, base)
			for i := 0; i < 1000 && i < rows; i++ {
				j := i * (rows / 1000)
				alt[j].Status = client.StatusFailed
			}
			replies := [][]client.Execution{alt, base}
			app := h.app
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				app.poll.inflight = true
				m, _ := app.Update(pollResultMsg{gen: app.poll.gen, items: replies[i%2]})
				app = m.(App)
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
		h := newHarness(b, Options{Limit: n}, newFake(), 120, 40)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		h.app.poll.inflight = true
		h.send(pollResultMsg{gen: h.app.poll.gen, items: benchExecs(n)}) // the reply is garbage after this
		runtime.GC()
		runtime.ReadMemStats(&after)
		if h.app.list.Len() != n {
			b.Fatal("not loaded")
		}
		b.ReportMetric((float64(after.HeapAlloc)-float64(before.HeapAlloc))/n, "B/execution")
		runtime.KeepAlive(h)
	}
}
