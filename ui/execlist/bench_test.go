package execlist

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/internal/cpuclock"
)

// world builds n executions shaped like a busy manager's list (the fields
// the list asks for with _include), newest first.
func world(n int) []client.Execution {
	wfs := []string{"install", "uninstall", "scale", "heal", "update", "execute_operation", "restart"}
	out := make([]client.Execution, n)
	for i := range out {
		st := client.StatusTerminated
		switch {
		case i%97 == 0:
			st = client.StatusFailed
		case i%89 == 0:
			st = client.StatusCancelled
		case i < 200 && i%7 == 0:
			st = client.StatusStarted
		case i < 200 && i%11 == 0:
			st = client.StatusQueued
		}
		age := time.Duration(i)*37*time.Second + time.Second
		e := client.Execution{
			ID:           fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(i*2654435761), i%65536, i%4096, (i*7)%4096, i),
			WorkflowID:   wfs[i%len(wfs)],
			DeploymentID: client.Some(fmt.Sprintf("web-prod-eu-%04d", i%1500)),
			BlueprintID:  client.Some(fmt.Sprintf("WebApp-%02d", i%40)),
			Status:       st,
			CreatedAt:    at(age),
			StartedAt:    someTime(age - time.Second),
			CreatedBy:    fmt.Sprintf("user%02d", i%30),
			TenantName:   "default_tenant",
		}
		if st.IsEnd() {
			e.EndedAt = someTime(age - time.Second - time.Duration(i%600)*time.Second)
		} else {
			e.TotalOperations, e.FinishedOperations = 40, i%40
		}
		e.IsSystemWorkflow = i%50 == 0
		out[i] = e
	}
	return decoded(out)
}

// decoded gives every string of items its own memory, as decoding a poll's
// JSON does (so that comparisons and heap figures are not flattered by
// shared literals).
func decoded(items []client.Execution) []client.Execution {
	out := make([]client.Execution, len(items))
	for i, e := range items {
		e.ID = strings.Clone(e.ID)
		e.WorkflowID = strings.Clone(e.WorkflowID)
		e.DeploymentID.Value = strings.Clone(e.DeploymentID.Value)
		e.BlueprintID.Value = strings.Clone(e.BlueprintID.Value)
		e.Status = client.Status(strings.Clone(string(e.Status)))
		e.CreatedBy = strings.Clone(e.CreatedBy)
		e.TenantName = strings.Clone(e.TenantName)
		out[i] = e
	}
	return out
}

func loaded(b *testing.B, n int) (Model, []client.Execution) {
	b.Helper()
	items := world(n)
	m := newModel(120, 40)
	m.Replace(items)
	if m.Len() != n {
		b.Fatalf("loaded %d of %d", m.Len(), n)
	}
	runtime.GC() // the loading garbage is not the measured operation's
	return m, items
}

var viewSink string

// BenchmarkView100k renders one frame at 120x40 with 100,000 executions.
func BenchmarkView100k(b *testing.B) {
	m, _ := loaded(b, 100_000)
	m.Update(press('G', "G"))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuclock.Start(b)
	for b.Loop() {
		viewSink = m.View()
	}
	cpu.Report(b, b.N)
}

// BenchmarkView100kUTC is BenchmarkView100k with CREATED as UTC clock times.
func BenchmarkView100kUTC(b *testing.B) {
	m, _ := loaded(b, 100_000)
	m.SetTimes(humantime.UTC)
	m.Update(press('G', "G"))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuclock.Start(b)
	for b.Loop() {
		viewSink = m.View()
	}
	cpu.Report(b, b.N)
}

// BenchmarkFilterKeystroke100k applies one new filter over 100,000
// executions, alternating between two queries so every call does the work
// (neither refines the other, so each is a full scan).
func BenchmarkFilterKeystroke100k(b *testing.B) {
	for _, qs := range [][2]string{
		{"web-prod-eu-01", "web-prod-eu-02"},
		{"prod", "user1"},
		{"status:fail", "is:active"},
		{"dep:eu-01 !by:user1", "wf:inst !is:system"},
		{"WebApp-1", "WebApp-2"},
	} {
		b.Run(qs[0], func(b *testing.B) {
			m, _ := loaded(b, 100_000)
			a, c := mustParse(qs[0]), mustParse(qs[1])
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuclock.Start(b)
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					m.SetFilter(a)
				} else {
					m.SetFilter(c)
				}
				i++
			}
			cpu.Report(b, i)
		})
	}
}

// BenchmarkFilterTyping100k types "web-prod-eu-01" one key at a time from
// an empty filter, then clears it: the mean cost per keystroke.
func BenchmarkFilterTyping100k(b *testing.B) {
	m, _ := loaded(b, 100_000)
	word := "web-prod-eu-01"
	qs := make([]filter.Query, 0, len(word)+1)
	for i := 1; i <= len(word); i++ {
		qs = append(qs, mustParse(word[:i]))
	}
	qs = append(qs, mustParse(""))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuclock.Start(b)
	i := 0
	for b.Loop() {
		m.SetFilter(qs[i%len(qs)])
		i++
	}
	cpu.Report(b, i)
}

// BenchmarkReplacePoll100k merges a poll of the whole 100,000-row set in
// which 1,000 rows differ from the list (500 status changes, 250 new
// arrivals, 250 gone), the selection in the middle of the list.
func BenchmarkReplacePoll100k(b *testing.B) {
	m, items := loaded(b, 100_000)
	m.Select(items[50_000].ID)
	polls := make([][]client.Execution, 2)
	polls[0] = decoded(items)
	next := make([]client.Execution, 0, len(items))
	fresh := world(100_250)[100_000:]
	for i := range fresh {
		fresh[i].CreatedAt = client.Time{Time: clock.Add(time.Duration(i+1) * time.Second)}
	}
	next = append(next, fresh...)
	for i, e := range items {
		if i%400 == 3 { // 250 gone
			continue
		}
		if i%200 == 1 { // 500 changed
			e.Status = client.StatusFailed
			e.EndedAt = someTime(time.Second)
		}
		next = append(next, e)
	}
	polls[1] = decoded(next)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuclock.Start(b)
	i := 0
	for b.Loop() {
		m.Replace(polls[i%2])
		i++
	}
	cpu.Report(b, i)
}

// BenchmarkMergePoll1kInto100k merges a 1,000-row poll (the default
// --limit) in which 500 rows changed status into a list of 100,000, without
// removing the rest.
func BenchmarkMergePoll1kInto100k(b *testing.B) {
	m, items := loaded(b, 100_000)
	m.Select(items[50_000].ID)
	polls := make([][]client.Execution, 2)
	polls[0] = decoded(items[:1000])
	next := make([]client.Execution, 0, 1000)
	for i, e := range items[:1000] {
		if i%2 == 0 {
			e.Status = client.StatusFailed
		}
		next = append(next, e)
	}
	polls[1] = decoded(next)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuclock.Start(b)
	i := 0
	for b.Loop() {
		m.Merge(polls[i%2])
		i++
	}
	cpu.Report(b, i)
}

// BenchmarkHeapPerExecution loads 100,000 executions and reports the live
// heap they hold, per execution.
func BenchmarkHeapPerExecution(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m := newModel(120, 40)
		m.Replace(world(n)) // the poll's slice is garbage after this
		runtime.GC()
		runtime.ReadMemStats(&after)
		if m.Total() != n {
			b.Fatal("not loaded")
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "bytes/exec")
		runtime.KeepAlive(m)
	}
}

// BenchmarkSweepResync100k is a full re-read of a 100k window as the
// dashboard does it now: the same two polls as BenchmarkReplacePoll100k,
// merged between StartSweep and Sweep in a page of 250 and then pages of
// 2,500 (the executions screen's firstPageSize and pageSize).
func BenchmarkSweepResync100k(b *testing.B) {
	m, items := loaded(b, 100_000)
	m.Select(items[50_000].ID)
	polls := make([][]client.Execution, 2)
	polls[0] = decoded(items)
	next := make([]client.Execution, 0, len(items))
	fresh := world(100_250)[100_000:]
	for i := range fresh {
		fresh[i].CreatedAt = client.Time{Time: clock.Add(time.Duration(i+1) * time.Second)}
	}
	next = append(next, fresh...)
	for i, e := range items {
		if i%400 == 3 {
			continue
		}
		if i%200 == 1 {
			e.Status = client.StatusFailed
			e.EndedAt = someTime(time.Second)
		}
		next = append(next, e)
	}
	polls[1] = decoded(next)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		p := polls[i%2]
		m.StartSweep()
		m.Merge(p[:250])
		for at := 250; at < len(p); at += 2500 {
			m.Merge(p[at:min(at+2500, len(p))])
		}
		m.Sweep()
		i++
	}
}
