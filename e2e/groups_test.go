package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/simulator"
)

// The start on a deployment group, end to end: :groups, N, the group
// picked, install, the review read, enter alone refused, the count typed;
// one execution group of the two members, shown on the groups screen, and
// one audit line.
func TestGroupStartEndToEnd(t *testing.T) {
	sim := startSim(t, simulator.Options{Seed: 12, Worker: true, Speed: 0.3})
	token := sim.NewToken()
	for _, dep := range []string{"fleet-a", "fleet-b"} {
		if err := sim.AddDeployment(simulator.DeploymentSpec{ID: dep}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sim.AddDeploymentGroup(simulator.DeploymentGroupSpec{ID: "fleet", Deployments: []string{"fleet-a", "fleet-b"}}); err != nil {
		t.Fatal(err)
	}
	stateDir := t.TempDir()
	tm := start(t, 120, 40, []string{"CLOUDIFY_TOKEN=" + token, "XDG_STATE_HOME=" + stateDir},
		"--manager", sim.URL(), "--tenant", "default_tenant", "--refresh", "1s")
	tm.waitText(15*time.Second, "live")
	tm.send(":groups\r")
	tm.waitText(10*time.Second, "no execution groups")

	tm.send("N")
	tm.waitText(5*time.Second, "Start a workflow on a deployment group", "fleet", "2 deployments")
	tm.send("fleet\r")
	tm.waitText(5*time.Second, "Start a workflow on deployment group fleet", "install")
	tm.send("install\r")
	tm.waitText(5*time.Second, "concurrency")
	tm.send("\r")
	tm.waitText(5*time.Second, "Will start install on 2 deployments of group fleet", "Type 2 (how many deployments)")
	tm.send("\r") // enter alone never confirms
	tm.waitText(5*time.Second, "type 2 (how many deployments it starts on), then enter")
	tm.send("2\r")
	tm.waitText(10*time.Second, "started install on 2 deployments of group fleet")
	groups := sim.ExecutionGroups()
	if len(groups) != 1 || len(groups[0].ExecutionIDs) != 2 || groups[0].Concurrency != 2 {
		t.Fatalf("execution groups %+v", groups)
	}
	tm.waitText(10*time.Second, "› "+groups[0].ID[:8])

	tm.escape()
	tm.send("q")
	if err := tm.wait(10 * time.Second); err != nil {
		t.Fatalf("cfytop exited with %v", err)
	}
	raw, err := os.ReadFile(filepath.Join(stateDir, "cfytop", "audit.jsonl"))
	if err != nil {
		t.Fatalf("reading the audit log: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	var line map[string]any
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &line) != nil || line["action"] != "start-group" || line["result"] != "ok" {
		t.Fatalf("audit log %q", raw)
	}
}
