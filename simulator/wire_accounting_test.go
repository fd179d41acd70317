package simulator

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Every answer is accounted: method, path, raw query, status, body bytes
// and rows (items of a list answer), with totals, snapshot and reset.
func TestWireAccounting(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, Demo: true})
	s.ResetWire()
	type sent struct {
		method, path, query string
		bytes               int
		rows                int
		status              int
	}
	var want []sent
	do := func(method, path, query string, body any) answer {
		url := path
		if query != "" {
			url += "?" + query
		}
		a := call(t, s, method, url, body)
		want = append(want, sent{method, path, query, len(a.raw), len(a.items()), a.status})
		return a
	}
	do("GET", "/api/v3.1/executions", "_include=id,status&_size=7&_sort=-created_at", nil)
	do("GET", "/api/v3.1/executions", "status=started&status=pending", nil)
	a := do("GET", "/api/v3.1/executions", "_include=bogus", nil)
	if a.status != 400 {
		t.Fatal(a.status)
	}
	do("GET", "/api/v3.1/events", "_size=25", nil)
	do("GET", "/api/v3.1/deployments", "_include=id", nil)
	do("GET", "/api/v3.1/tenants", "", nil)
	ex := do("GET", "/api/v3.1/executions", "_size=1", nil).items()[0]
	do("GET", "/api/v3.1/executions/"+ex["id"].(string), "", nil)

	snap := s.WireSnapshot()
	if len(snap.Requests) != len(want) {
		t.Fatalf("%d requests logged, want %d", len(snap.Requests), len(want))
	}
	var bytes, rows int64
	for i, r := range snap.Requests {
		w := want[i]
		if r.Method != w.method || r.Path != w.path || r.Query != w.query || r.Status != w.status ||
			r.BodyBytes != int64(w.bytes) || r.Rows != w.rows {
			t.Errorf("request %d: %+v, want %+v", i, r, w)
		}
		bytes += r.BodyBytes
		rows += int64(r.Rows)
	}
	if snap.Requests[0].Rows != 7 || snap.Requests[2].Rows != 0 || snap.Requests[7].Rows != 0 {
		t.Fatalf("rows: %+v", snap.Requests)
	}
	if snap.Totals != (WireTotals{Requests: int64(len(want)), BodyBytes: bytes, Rows: rows}) || s.WireTotals() != snap.Totals {
		t.Fatalf("totals %+v, want %d requests, %d bytes, %d rows", snap.Totals, len(want), bytes, rows)
	}
	old := s.ResetWire()
	if old.Totals != snap.Totals || s.WireTotals() != (WireTotals{}) || len(s.WireSnapshot().Requests) != 0 {
		t.Fatalf("reset: old %+v now %+v", old.Totals, s.WireTotals())
	}
	if s.RequestCount() < int64(len(want)) {
		t.Fatal("RequestCount is not reset")
	}
}

// What a dashboard's idle poll costs, measured as a client would: only
// the running executions, a few fields each.
func TestWireAccountingIdlePoll(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, Demo: true, Preload: 5000})
	s.ResetWire()
	q := "_include=id,status,ended_at,finished_operations,total_operations&_all_tenants=true&_include_system_workflows=true" +
		"&status=pending&status=started&status=queued&status=cancelling&status=force_cancelling&status=kill_cancelling&status=scheduled&_size=1000"
	a := call(t, s, "GET", "/api/v3.1/executions?"+q, nil)
	active := len(s.FindExecutions(ExecutionQuery{Status: "pending"})) + len(s.FindExecutions(ExecutionQuery{Status: "started"})) +
		len(s.FindExecutions(ExecutionQuery{Status: "queued"})) + len(s.FindExecutions(ExecutionQuery{Status: "cancelling"})) +
		len(s.FindExecutions(ExecutionQuery{Status: "force_cancelling"})) + len(s.FindExecutions(ExecutionQuery{Status: "kill_cancelling"}))
	tot := s.WireTotals()
	if tot.Requests != 1 || tot.Rows != int64(active) || tot.Rows != int64(len(a.items())) || tot.BodyBytes != int64(len(a.raw)) {
		t.Fatalf("totals %+v for %d active", tot, active)
	}
	if tot.BodyBytes > 8<<10 || tot.Rows > int64(active)+20 {
		t.Fatalf("idle poll costs %d bytes, %d rows", tot.BodyBytes, tot.Rows)
	}
}

// The accounting is race-safe and counts what a real connection received.
func TestWireAccountingConcurrent(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, Demo: true})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	s.ResetWire()
	var mu sync.Mutex
	var got int64
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				req, _ := http.NewRequest("GET", srv.URL+"/api/v3.1/executions?_size=5&_include=id", nil)
				req.SetBasicAuth("admin", "admin")
				req.Header.Set("Tenant", "default_tenant")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				mu.Lock()
				got += int64(len(b))
				mu.Unlock()
				_ = s.WireSnapshot()
			}
		}()
	}
	wg.Wait()
	tot := s.WireTotals()
	if tot.Requests != 160 || tot.BodyBytes != got || tot.Rows != 160*5 {
		t.Fatalf("totals %+v, client read %d bytes", tot, got)
	}
	for _, r := range s.WireSnapshot().Requests {
		if !strings.Contains(r.Query, "_size=5") {
			t.Fatalf("query %q", r.Query)
		}
	}
}
