package simulator

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
)

func benchSim(b *testing.B, n int) *Simulator {
	b.Helper()
	s := New(Options{Seed: 3, Demo: true, Preload: n, Clock: NewManualClock(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))})
	b.Cleanup(func() { _ = s.Close() })
	return s
}

func benchList(b *testing.B, s *Simulator, query string) {
	b.Helper()
	h := s.Handler()
	req := httptest.NewRequest("GET", "/api/v3.1/executions?"+query, nil)
	req.SetBasicAuth("admin", "admin")
	req.Header.Set("Tenant", "default_tenant")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
	}
}

// A page of 1,000 out of 100,000, filtered and sorted newest first, as the
// dashboard asks for it (through the whole HTTP handler).
func BenchmarkListFilteredSorted100k(b *testing.B) {
	s := benchSim(b, 100_000)
	benchList(b, s, "_include=id,workflow_id,status,status_display,deployment_id,blueprint_id,created_at,started_at,ended_at,created_by,tenant_name,is_system_workflow,is_dry_run,total_operations,finished_operations&_sort=-created_at&_size=1000&status=terminated&status=failed&status=started")
}

// The same page sorted on a column that needs a real sort.
func BenchmarkListSortedByWorkflow100k(b *testing.B) {
	s := benchSim(b, 100_000)
	benchList(b, s, "_sort=workflow_id&_sort=-ended_at&_size=1000&deployment_id=web-prod&deployment_id=db-staging&deployment_id=cache-prod")
}

// Full executions (all 25 keys), default order.
func BenchmarkListFull100k(b *testing.B) {
	s := benchSim(b, 100_000)
	benchList(b, s, "_size=1000&_offset=50000")
}

// A filtered page out of a million executions.
func BenchmarkListFilteredSorted1M(b *testing.B) {
	if testing.Short() {
		b.Skip("preloads a million executions")
	}
	s := benchSim(b, 1_000_000)
	benchList(b, s, "_include=id,workflow_id,status,deployment_id,created_at&_sort=-created_at&_size=1000&status=failed")
}

// Preloading, with the heap kept per execution.
func BenchmarkPreload100k(b *testing.B) {
	var heap float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s := New(Options{Seed: 3, Preload: 100_000, Clock: NewManualClock(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))})
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = float64(after.HeapAlloc-before.HeapAlloc) / 100_000
		runtime.KeepAlive(s)
		_ = s.Close()
	}
	b.ReportMetric(heap, "heap-bytes/execution")
}

// A deep page of a window read across tenants, as the dashboard reads a
// million executions: newest first, list columns, 2,500 at offset 500,000.
func BenchmarkListDeepPage1M(b *testing.B) {
	if testing.Short() {
		b.Skip("preloads a million executions")
	}
	s := benchSim(b, 1_000_000)
	benchList(b, s, "_include=id,workflow_id,status,status_display,deployment_id,blueprint_id,created_at,started_at,ended_at,created_by,tenant_name,is_system_workflow,is_dry_run,total_operations,finished_operations&_sort=-created_at&_size=2500&_offset=500000&_all_tenants=true&_include_system_workflows=false")
}
