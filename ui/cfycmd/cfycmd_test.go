package cfycmd

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
)

const testID = "3f2a9c1e-7b4d-4e0a-9f6b-2c8d1e5a7b90"

func started() client.Execution {
	return client.Execution{ID: testID, WorkflowID: "install", DeploymentID: client.Some("web-prod"),
		Status: client.StatusStarted, TenantName: "default_tenant"}
}

func params(t *testing.T, js string) client.WorkflowParams {
	t.Helper()
	var ps client.WorkflowParams
	if err := json.Unmarshal([]byte(js), &ps); err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestCommandsQuoteManagerText(t *testing.T) {
	e := started()
	e.TenantName = "team a'\x1b[31m"
	got := Cancel(&e, "")
	if strings.ContainsRune(got, 0x1b) || !strings.HasSuffix(got, ` -t 'team a'\'''`) {
		t.Fatalf("%q", got)
	}
	r := client.StartRequest{DeploymentID: "web prod", WorkflowID: "scale",
		Parameters: map[string]any{"s": "a b;c", "n": int64(3)}, DryRun: true}
	ps := params(t, `{"s": {"type": "string"}, "n": {"type": "integer"}}`)
	want := `cfy executions start scale -d 'web prod' -p '{"s":"a b;c"}' -p n=3 --dry-run`
	if got := Start(r, ps, ""); got != want {
		t.Fatalf("%q\nwant %q", got, want)
	}
}

// The group start is cfy's `executions groups start -g`, its parameters
// written as Start writes them, the concurrency always, force as -f.
func TestGroupStartIsExecutionsGroupsStart(t *testing.T) {
	ps := params(t, `{"s": {"type": "string"}, "n": {"type": "integer"}}`)
	r := client.GroupStartRequest{DeploymentGroupID: "web tier", WorkflowID: "heal",
		DefaultParameters: map[string]any{"s": "a b;c", "n": int64(3)}, Concurrency: 5, Force: true}
	want := `cfy executions groups start heal -g 'web tier' -p '{"s":"a b;c"}' -p n=3 --concurrency 5 -f`
	if got := GroupStart(r, ps); got != want {
		t.Fatalf("%q\nwant %q", got, want)
	}
	if got := GroupStart(client.GroupStartRequest{DeploymentGroupID: "web", WorkflowID: "heal", Concurrency: 2}, nil); got != "cfy executions groups start heal -g web --concurrency 2" {
		t.Fatalf("%q", got)
	}
}
