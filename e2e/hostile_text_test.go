package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/simulator"
	"github.com/cfytop/cfytop/textsafe"
)

// hostileNames are manager strings whose width terminals disagree on, or
// that are invisible: a soft hyphen, a ZWJ emoji sequence, a flag, a
// combining mark, a zero-width space, a bidi override, a variation selector.
var hostileNames = []string{
	"web\u00adprod",
	"👩\u200d💻-ops",
	"🇫🇷-paris",
	"cafe\u0301",
	"zero\u200bwidth",
	"rtl\u202eevil",
	"heart\u2764\ufe0f",
}

// hostileWorld is a fixed world whose deployments and workflows carry
// names (each passed through name), at a fixed time.
func hostileWorld(t *testing.T, name func(string) string) *simulator.Simulator {
	t.Helper()
	at := time.Now().Add(-2 * time.Hour).Truncate(time.Minute)
	sim := startSim(t, simulator.Options{Seed: 11, Clock: simulator.NewManualClock(at)})
	for i, n := range hostileNames {
		dep := name(n)
		if err := sim.AddDeployment(simulator.DeploymentSpec{ID: dep}); err != nil {
			t.Fatal(err)
		}
		st := []string{"terminated", "failed", "cancelled"}[i%3]
		if _, err := sim.AddExecution(simulator.ExecutionSpec{ID: "0000000" + string(rune('a'+i)) + "-1111-4222-8333-000000000000",
			DeploymentID: dep, WorkflowID: name("wf-" + n), Status: st,
			CreatedAt: at.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	return sim
}

// Rendered through a terminal emulator, no hostile string changes any cell
// it was not given: the screen of a world of hostile names is, cell for
// cell, the screen of the same world with the names as cfytop cleans them.
// At 80x24 the start wizard over it keeps the header in place.
func TestHostileTextChangesNoOtherCell(t *testing.T) {
	clean := hostileWorld(t, textsafe.Clean)
	hostile := hostileWorld(t, func(s string) string { return s })
	screens := make([]string, 2)
	for i, sim := range []*simulator.Simulator{clean, hostile} {
		tm := start(t, 80, 24, []string{"CLOUDIFY_PASSWORD=admin"},
			"--manager", sim.URL(), "--username", "admin", "--tenant", "default_tenant", "--refresh", "60s")
		screens[i] = tm.waitText(15*time.Second, "live", "0000000a")
		screens[i] = strings.Replace(screens[i], sim.URL(), "MANAGER", 1)
		if i == 1 {
			tm.send("N")
			s := tm.waitText(10*time.Second, "Start an execution")
			if lines := strings.Split(s, "\n"); !strings.HasPrefix(lines[0], "cfytop") {
				t.Fatalf("the start wizard over hostile names moved the header:\n%s", s)
			}
		}
		tm.escape()
	}
	a, b := strings.Split(screens[0], "\n"), strings.Split(screens[1], "\n")
	if len(a) != len(b) {
		t.Fatalf("%d lines against %d:\n%s\n---\n%s", len(a), len(b), screens[0], screens[1])
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("line %d differs:\nclean:   %q\nhostile: %q\n\n%s", i+1, a[i], b[i], screens[1])
		}
	}
}
