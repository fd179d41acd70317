package executions

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
)

// simWorld is a simulated manager with no worker: it changes only when the
// test changes it.
type simWorld struct {
	sim   *simulator.Simulator
	clock *simulator.ManualClock
	c     *client.Client
	// resumed are the executions resumed since the last poll: one that
	// ended again before the poll saw it run is only seen by a re-read.
	resumed map[string]bool
}

func newSimWorld(t *testing.T, seed uint64) *simWorld {
	t.Helper()
	clock := simulator.NewManualClock(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))
	sim := simulator.New(simulator.Options{Demo: true, Seed: int64(seed), Clock: clock})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	c, err := client.New(client.Config{URL: url, Tenant: "default_tenant", Username: "admin", Password: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	return &simWorld{sim: sim, clock: clock, c: c, resumed: map[string]bool{}}
}

// full is what a full fetch shows: the newest limit executions plus every
// one that has not ended, by ID.
func (w *simWorld) full(t *testing.T, limit int) map[string]client.Execution {
	t.Helper()
	q := newQueries(Options{Limit: limit}, false)
	out := map[string]client.Execution{}
	win := q.window
	win.Size = limit
	for _, o := range []client.ListExecutionsOptions{win, *q.active} {
		p, err := w.c.ListExecutions(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Items {
			out[e.ID] = e
		}
	}
	return out
}

// sameAsFull reports how the screen's list differs from a full fetch.
func sameAsFull(m Model, full map[string]client.Execution) []string {
	var diffs []string
	if m.list.Total() != len(full) {
		diffs = append(diffs, fmt.Sprintf("%d executions listed, a full fetch has %d", m.list.Total(), len(full)))
	}
	for id, f := range full {
		e, ok := m.list.Get(id)
		switch {
		case !ok:
			diffs = append(diffs, "missing "+id[:8]+" ("+string(f.Status)+")")
		case e.Status != f.Status || e.EndedAt != f.EndedAt || e.FinishedOperations != f.FinishedOperations:
			diffs = append(diffs, fmt.Sprintf("%s is %s, the manager says %s", id[:8], e.Status, f.Status))
		}
	}
	slices.Sort(diffs)
	return diffs
}

var (
	activeStatuses = []string{"pending", "started", "queued", "cancelling", "force_cancelling", "kill_cancelling"}
	endStatuses    = []string{"terminated", "failed", "cancelled"}
)

// step makes one random change the incremental polls are meant to catch:
// a start (running, waiting, or already ended between two polls), a status
// change of a running execution, a resume (kinds 0 to 3), or an ended
// execution among the newest changing to another end (kind 4: last in a
// poll, since a start after it could push it out of the head, and that is
// one of the changes only a re-read sees).
func (w *simWorld) step(t *testing.T, rng *rand.Rand, deps []string, kind int) string {
	t.Helper()
	pick := func(q simulator.ExecutionQuery, pred func(simulator.ExecutionInfo) bool) (simulator.ExecutionInfo, bool) {
		var c []simulator.ExecutionInfo
		for _, e := range w.sim.FindExecutions(q) {
			if !e.IsSystemWorkflow && pred(e) {
				c = append(c, e)
			}
		}
		if len(c) == 0 {
			return simulator.ExecutionInfo{}, false
		}
		return c[rng.IntN(len(c))], true
	}
	isEnd := func(s string) bool { return slices.Contains(endStatuses, s) }
	q := simulator.ExecutionQuery{Tenant: "default_tenant"}
	switch kind {
	case 0, 1:
		w.clock.Advance(time.Millisecond) // distinct created_at, as most starts have
		st := append(activeStatuses[:3:3], endStatuses...)[rng.IntN(6)]
		e, err := w.sim.AddExecution(simulator.ExecutionSpec{DeploymentID: deps[rng.IntN(len(deps))], WorkflowID: "heal", Status: st})
		if err != nil {
			t.Fatal(err)
		}
		return "start " + e.ID[:8] + " " + st
	case 2:
		if e, ok := pick(q, func(e simulator.ExecutionInfo) bool { return !isEnd(e.Status) && !w.resumed[e.ID] }); ok {
			st := append(activeStatuses[:len(activeStatuses):len(activeStatuses)], endStatuses...)[rng.IntN(9)]
			must(t, w.sim.ForceStatus(e.ID, st))
			return "change " + e.ID[:8] + " " + e.Status + "→" + st
		}
	case 3:
		if e, ok := pick(q, func(e simulator.ExecutionInfo) bool { return isEnd(e.Status) }); ok {
			must(t, w.sim.ForceStatus(e.ID, "started"))
			w.resumed[e.ID] = true
			return "resume " + e.ID[:8]
		}
	case 4:
		// The head's rows: the newest headSize, less any tied with the
		// first row past it (which of those the head holds is the
		// manager's choice).
		newest := map[string]bool{}
		var all []simulator.ExecutionInfo
		for _, e := range w.sim.FindExecutions(q) {
			if !e.IsSystemWorkflow {
				all = append(all, e)
			}
		}
		slices.SortFunc(all, func(a, b simulator.ExecutionInfo) int { return b.CreatedAt.Compare(a.CreatedAt) })
		for i := 0; i < headSize && i < len(all); i++ {
			if len(all) <= headSize || all[i].CreatedAt.After(all[headSize].CreatedAt) {
				newest[all[i].ID] = true
			}
		}
		if e, ok := pick(q, func(e simulator.ExecutionInfo) bool { return newest[e.ID] && isEnd(e.Status) }); ok {
			st := endStatuses[(slices.Index(endStatuses, e.Status)+1+rng.IntN(2))%3]
			must(t, w.sim.ForceStatus(e.ID, st))
			return "patch " + e.ID[:8] + " " + e.Status + "→" + st + " (" + e.CreatedAt.Format(time.RFC3339Nano) + ")"
		}
	}
	return "nothing"
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The property: after any sequence of starts, status changes, resumes and
// recent patches, each incremental poll leaves the list equal to a full
// fetch; an ended execution outside the head changed to another end, which
// the incremental polls are documented not to see, is caught by a re-read.
func TestIncrementalPollsMatchAFullFetch(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			w := newSimWorld(t, seed)
			rng := rand.New(rand.NewPCG(seed, 7))
			const limit = 1000
			h := newHarnessWith(t, Options{Limit: limit}, w.c, 120, 30)
			deps := w.sim.Deployments("default_tenant")
			var log []string
			for poll := 0; poll < 25; poll++ {
				for i := rng.IntN(4); i >= 0; i-- {
					log = append(log, w.step(t, rng, deps, rng.IntN(4)))
				}
				if rng.IntN(2) == 0 {
					log = append(log, w.step(t, rng, deps, 4))
				}
				if poll == 12 {
					// A burst of more new executions than the head holds,
					// all at one instant.
					for i := 0; i < headSize+5; i++ {
						_, err := w.sim.AddExecution(simulator.ExecutionSpec{DeploymentID: deps[i%len(deps)], WorkflowID: "heal", Status: "terminated"})
						must(t, err)
					}
					log = append(log, "burst")
				}
				h.tick()
				w.resumed = map[string]bool{}
				if d := sameAsFull(h.m, w.full(t, limit)); len(d) > 0 {
					var hd []string
					p, _ := w.c.ListExecutions(context.Background(), newQueries(Options{Limit: limit}, false).head())
					for _, e := range p.Items {
						hd = append(hd, e.ID[:8]+"@"+e.CreatedAt.Format(time.RFC3339Nano))
					}
					t.Logf("head: %s", strings.Join(hd, " "))
					t.Fatalf("after poll %d (%s): %s", poll, strings.Join(log, "; "), strings.Join(d, "; "))
				}
			}
			// Each kind of change was made, so the property covered it.
			for _, kind := range []string{"start ", "change ", "resume ", "patch "} {
				made := false
				for _, l := range log {
					made = made || strings.HasPrefix(l, kind)
				}
				if !made {
					t.Fatalf("no %q step ran in this seed: %s", strings.TrimSpace(kind), strings.Join(log, "; "))
				}
			}
			// What only a re-read sees: an old ended execution patched to
			// another end.
			var old simulator.ExecutionInfo
			for _, e := range w.sim.FindExecutions(simulator.ExecutionQuery{Tenant: "default_tenant", Status: "failed"}) {
				if !e.IsSystemWorkflow {
					old = e
					break
				}
			}
			must(t, w.sim.ForceStatus(old.ID, "cancelled"))
			h.press("r")
			if d := sameAsFull(h.m, w.full(t, limit)); len(d) > 0 {
				t.Fatalf("after a re-read: %s", strings.Join(d, "; "))
			}
		})
	}
}
