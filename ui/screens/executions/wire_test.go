package executions

import (
	"fmt"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
)

// What a poll costs the manager, measured on the simulator's wire: an idle
// poll and a poll in which one execution starts or one changes status, at
// a window of 1,000 and of 100,000. The budgets are issue 10's.
func TestPollCostsWhatChanged(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 100,000 executions")
	}
	for _, window := range []int{1_000, 100_000} {
		t.Run(fmt.Sprint("window=", window), func(t *testing.T) {
			clock := simulator.NewManualClock(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))
			sim := simulator.New(simulator.Options{Demo: true, Seed: 3, Clock: clock, Preload: window})
			url, err := sim.Start("127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = sim.Close() })
			c, err := client.New(client.Config{URL: url, Tenant: "default_tenant", Username: "admin", Password: "admin"})
			if err != nil {
				t.Fatal(err)
			}
			h := newHarnessWith(t, Options{Limit: window}, c, 120, 30)
			if want := min(window, h.m.poll.total); h.m.list.Total() < want || want < window/2 {
				t.Fatalf("loaded %d of %d (the tenant has %d)", h.m.list.Total(), window, h.m.poll.total)
			}
			active := 0
			for _, e := range sim.FindExecutions(simulator.ExecutionQuery{Tenant: "default_tenant"}) {
				switch e.Status {
				case "terminated", "failed", "cancelled":
				default:
					active++
				}
			}
			measure := func(what string, change func(), maxBytes int64) {
				t.Helper()
				change()
				sim.ResetWire()
				h.tick()
				w := sim.WireTotals()
				t.Logf("%s: %d requests, %d bytes, %d rows", what, w.Requests, w.BodyBytes, w.Rows)
				if w.Requests > 3 || w.BodyBytes > maxBytes || w.Rows > int64(active+1+headSize) {
					t.Errorf("%s cost %d requests, %d bytes, %d rows; budget 3, %d, %d", what, w.Requests, w.BodyBytes, w.Rows, maxBytes, active+1+headSize)
				}
			}
			measure("idle poll", func() {}, 8<<10)
			var started simulator.ExecutionInfo
			measure("a start", func() {
				clock.Advance(time.Millisecond)
				started, err = sim.AddExecution(simulator.ExecutionSpec{DeploymentID: sim.Deployments("default_tenant")[0], WorkflowID: "heal", Status: "started"})
				if err != nil {
					t.Fatal(err)
				}
			}, 12<<10)
			measure("a status change", func() {
				if err := sim.ForceStatus(started.ID, "failed"); err != nil {
					t.Fatal(err)
				}
			}, 12<<10)
			if e, ok := h.m.list.Get(started.ID); !ok || e.Status != client.StatusFailed {
				t.Fatalf("the change is not shown: %+v", e)
			}
		})
	}
}
