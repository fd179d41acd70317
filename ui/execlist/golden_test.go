package execlist

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/charmbracelet/x/exp/golden"
)

// goldenItems is one execution in each status, with the details that make
// each column show something.
func goldenItems() []client.Execution {
	var items []client.Execution
	for i, st := range client.AllStatuses {
		e := ex(i, st, time.Duration(i*i+1)*11*time.Minute)
		e.DeploymentID = client.Some([]string{"web-prod-eu-west-1", "billing", "db-primary-with-a-very-long-deployment-name", "cache"}[i%4])
		e.CreatedBy = []string{"admin", "alice", "bob"}[i%3]
		e.TenantName = []string{"default_tenant", "ops-team"}[i%2]
		if i == 4 {
			e.WorkflowID = "execute_operation_on_all_nodes"
		}
		items = append(items, e)
	}
	sys := ex(20, client.StatusTerminated, 3*24*time.Hour)
	sys.WorkflowID = "create_deployment_environment"
	sys.DeploymentID = client.Nullable[string]{}
	sys.IsSystemWorkflow = true
	return append(items, sys)
}

func goldenModel(theme string, w, h int) Model {
	m := New(styles(theme), keymap.DefaultKeyMap())
	m.SetSize(w, h)
	m.SetNow(clock)
	m.Replace(goldenItems())
	m.Select(goldenItems()[2].ID)
	return m
}

func TestGoldenView80(t *testing.T) {
	golden.RequireEqual(t, goldenModel("default", 80, 24).View())
}

func TestGoldenView120(t *testing.T) {
	golden.RequireEqual(t, goldenModel("default", 120, 40).View())
}

func TestGoldenView120AllTenants(t *testing.T) {
	m := goldenModel("default", 120, 16)
	m.SetShowTenant(true)
	golden.RequireEqual(t, m.View())
}

func TestGoldenView200(t *testing.T) {
	golden.RequireEqual(t, goldenModel("default", 200, 14).View())
}

func TestGoldenViewMono(t *testing.T) {
	golden.RequireEqual(t, goldenModel("mono", 80, 14).View())
}

func TestGoldenViewFilteredEmpty(t *testing.T) {
	m := goldenModel("default", 80, 5)
	m.SetFilter(mustParse("nothing-matches"))
	golden.RequireEqual(t, m.View())
}

// TestRandomOperations drives the model through random polls, upserts,
// filters, sorts and moves, and after each step compares the incremental
// state with a full recomputation.
func TestRandomOperations(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	statuses := client.AllStatuses
	next := 0
	newExec := func() client.Execution {
		next++
		e := ex(next, statuses[rng.IntN(len(statuses))], time.Duration(rng.IntN(5000))*time.Second)
		if rng.IntN(4) == 0 {
			e.DeploymentID = client.Some("Web-" + e.DeploymentID.Value)
		}
		return e
	}
	queries := []string{"", "web", "dep:Web", "status:f", "is:active", "!is:active", "install", "!dep:web", "id:0000000", "by:admin wf:s"}
	m := newModel(100, 9)
	var cur []client.Execution
	for step := range 1500 {
		switch op := rng.IntN(10); {
		case op < 4: // a poll: some change, some go, some arrive, order shuffled a bit
			var poll []client.Execution
			for _, e := range cur {
				switch rng.IntN(12) {
				case 0:
					continue
				case 1:
					e.Status = statuses[rng.IntN(len(statuses))]
				case 2:
					e.CreatedAt = at(time.Duration(rng.IntN(5000)) * time.Second)
				case 3:
					e.FinishedOperations++
				}
				poll = append(poll, e)
			}
			for range rng.IntN(6) {
				poll = append(poll, newExec())
			}
			if rng.IntN(3) == 0 && len(poll) > 1 {
				i, j := rng.IntN(len(poll)), rng.IntN(len(poll))
				poll[i], poll[j] = poll[j], poll[i]
			}
			cur = poll
			before, hadSel := m.Selected()
			res := m.Replace(poll)
			after, ok := m.Selected()
			if hadSel && !res.SelectionLost && ok && after.ID != before.ID {
				t.Fatalf("step %d: selection moved from %s to %s without a report", step, before.ID[:8], after.ID[:8])
			}
		case op == 4 && len(cur) > 0:
			e := cur[rng.IntN(len(cur))]
			e.Status = statuses[rng.IntN(len(statuses))]
			m.Upsert(e)
			for i := range cur {
				if cur[i].ID == e.ID {
					cur[i] = e
				}
			}
		case op == 5:
			m.SetFilter(mustParse(queries[rng.IntN(len(queries))]))
		case op == 6:
			if rng.IntN(2) == 0 {
				m.CycleSort()
			} else {
				m.ReverseSort()
			}
		case op == 7:
			keys := []string{"j", "k", "g", "G"}
			k := keys[rng.IntN(len(keys))]
			m, _ = m.Update(press(rune(k[0]), k))
		case op == 8:
			m.SetNow(m.Now().Add(time.Duration(rng.IntN(100)) * time.Second))
		default:
			m.SetSize(60+rng.IntN(140), 2+rng.IntN(30))
		}
		checkConsistent(t, &m)
		if m.Total() != len(uniqueIDs(cur)) {
			t.Fatalf("step %d: total %d, want %d", step, m.Total(), len(uniqueIDs(cur)))
		}
	}
}

func uniqueIDs(items []client.Execution) map[string]bool {
	out := map[string]bool{}
	for _, e := range items {
		out[e.ID] = true
	}
	return out
}

// cet is the tests' local zone: never the machine's.
var cet = time.FixedZone("CET", 3600)

func timesModel(mode humantime.Mode, w, h int) Model {
	m := goldenModel("default", w, h)
	m.SetNow(clock.In(cet))
	m.SetTimes(mode)
	return m
}

func TestGoldenView80Local(t *testing.T) {
	golden.RequireEqual(t, timesModel(humantime.Local, 80, 24).View())
}

func TestGoldenView80UTC(t *testing.T) {
	golden.RequireEqual(t, timesModel(humantime.UTC, 80, 24).View())
}

func TestGoldenView120UTC(t *testing.T) {
	golden.RequireEqual(t, timesModel(humantime.UTC, 120, 40).View())
}
