package triage

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
)

func failed(id, dep, wf, text string, ended time.Duration) *client.Execution {
	e := execution(client.StatusFailed)
	e.ID, e.DeploymentID, e.WorkflowID, e.Error, e.EndedAt = id, client.Some(dep), wf, client.Some(text), at(ended)
	return &e
}

func sshFailure(ip string) string {
	return fmt.Sprintf("Task failed: create (vm_a1b2c3:cloudify.interfaces.lifecycle.create): NonRecoverableError `Failed to connect to %s:22`\n", ip)
}

func TestGroupFailuresSharesOneCauseAcrossDeployments(t *testing.T) {
	all := []*client.Execution{
		failed("1", "web-prod", "install", sshFailure("10.0.3.17"), time.Minute),
		failed("2", "db-prod", "install", sshFailure("10.0.3.18"), 2*time.Minute),
		failed("3", "web-prod", "heal", sshFailure("10.0.3.19"), 5*time.Minute),
		failed("4", "cache-prod", "install", "RuntimeError: port 8080 already in use", 3*time.Minute),
		failed("5", "api", "scale", sshFailure("10.1.0.1"), 4*time.Minute),
	}
	ok := execution(client.StatusTerminated)
	all = append(all, &ok)
	groups := GroupFailures(slices.Values(all))
	if len(groups) != 2 {
		t.Fatalf("%d groups, want 2: %+v", len(groups), groups)
	}
	g := groups[0]
	if g.Key != "NonRecoverableError: Failed to connect to <ip>:22" || g.Count != 4 {
		t.Errorf("first group %q × %d", g.Key, g.Count)
	}
	if !slices.Equal(g.Deployments, []string{"api", "db-prod", "web-prod"}) || !slices.Equal(g.Workflows, []string{"heal", "install", "scale"}) {
		t.Errorf("deployments %v, workflows %v", g.Deployments, g.Workflows)
	}
	if !g.First.Equal(t0.Add(time.Minute)) || !g.Last.Equal(t0.Add(5*time.Minute)) || g.Sample.Message != "Failed to connect to 10.0.3.19:22" {
		t.Errorf("first %s last %s sample %q", g.First, g.Last, g.Sample.Message)
	}
	if got := g.Summary(t0.Add(8 * time.Minute)); got != "4 failed: NonRecoverableError: Failed to connect to <ip>:22 — 3 deployments, last 3m ago" {
		t.Errorf("summary %q", got)
	}
}

func TestGroupFailuresKeepsFailuresWithoutErrorText(t *testing.T) {
	e := execution(client.StatusFailed)
	if g := GroupFailures(slices.Values([]*client.Execution{&e})); len(g) != 1 || g[0].Key != NoCause {
		t.Errorf("groups %+v", g)
	}
}
