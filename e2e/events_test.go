package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/simulator"
)

var detailsExec = regexp.MustCompile(`exec ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`)

// The events timeline end to end at 80x24: :events opens it following the
// newest line, level:error keeps the error logs (sent to the manager on
// enter), a refresh that brings nothing costs little on the wire, and enter
// on an error line goes back to the list with that execution in the pane.
func TestEventsTimelineEndToEnd(t *testing.T) {
	sim := startSim(t, simulator.Options{Seed: 42, Demo: true, Worker: true})
	tm := start(t, 80, 24, []string{"CLOUDIFY_PASSWORD=admin"},
		"--manager", sim.URL(), "--username", "admin", "--tenant", "default_tenant", "--refresh", "1s")
	tm.waitText(15*time.Second, "live", "default_tenant")

	tm.send(":events\r")
	tm.waitText(15*time.Second, "events", "following", "lines")

	tm.send("/level:error\r")
	screen := tm.waitFor("only error lines", 15*time.Second, func(s string) bool {
		if !strings.Contains(s, "filter: level:error") || !strings.Contains(s, " ERROR ") {
			return false
		}
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, " INFO ") || strings.Contains(l, " DEBUG ") || strings.Contains(l, "task_") {
				return false
			}
		}
		return detailsExec.MatchString(s)
	})
	for i, l := range strings.Split(screen, "\n") {
		if w := len([]rune(strings.TrimRight(l, " "))); w > 80 {
			t.Fatalf("line %d is %d cells wide at 80 columns: %q", i, w, l)
		}
	}
	sent := false
	for _, r := range sim.RequestLog() {
		if strings.HasSuffix(r.Path, "/events") && strings.Contains(r.Query, "level=error") {
			sent = true
		}
	}
	if !sent {
		t.Fatal("level:error was not sent to the manager")
	}

	// Refreshes that bring nothing new: the next page past the offset, empty.
	sim.ResetWire()
	deadline := time.Now().Add(10 * time.Second)
	var empty []simulator.Request
	for len(empty) < 3 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		empty = empty[:0]
		for _, r := range sim.WireSnapshot().Requests {
			if strings.HasSuffix(r.Path, "/events") && r.Rows == 0 {
				empty = append(empty, r)
			}
		}
	}
	if len(empty) < 3 {
		t.Fatalf("%d empty refreshes in 10 s at --refresh 1s", len(empty))
	}
	for _, r := range empty {
		wire := r.BodyBytes + int64(len(r.Path)+len(r.Query))
		t.Logf("a refresh with nothing new: %d bytes of answer body, %d of query (%s)", r.BodyBytes, len(r.Query), r.Query)
		if wire > 2048 || !strings.Contains(r.Query, "_offset=") {
			t.Errorf("a refresh with nothing new cost %d bytes (budget 2048), query %s", wire, r.Query)
		}
	}

	id := detailsExec.FindStringSubmatch(tm.screen())[1]
	tm.send("\r")
	tm.waitFor("the execution of the error line in the pane", 15*time.Second, func(s string) bool {
		return strings.Contains(s, "execution "+id[:8]) && strings.Contains(s, "executions ›")
	})
	tm.send("q")
	tm.send("q")
	if err := tm.wait(10 * time.Second); err != nil {
		t.Fatalf("cfytop exited with %v", err)
	}
}
