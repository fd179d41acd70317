package simulator

import (
	"fmt"
	"testing"
	"time"
)

var allStatusNames = []string{"terminated", "failed", "cancelled", "pending", "started",
	"cancelling", "force_cancelling", "kill_cancelling", "queued", "scheduled"}

func in(v string, set ...string) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}

// TestActionsFromEveryStatus sends every action to an execution in every
// status and checks the manager's answer (cloudify-api.md §3).
func TestActionsFromEveryStatus(t *testing.T) {
	type rule struct {
		from   []string // nil = every status
		to     string
		status int
		code   string
		msg    string // format with id, status
	}
	rules := map[string]rule{
		"cancel":       {[]string{"pending", "started", "scheduled", "queued"}, "cancelling", 400, "illegal_action_error", "Can't cancel execution %s because it's in status %s"},
		"requeue":      {[]string{"pending", "started", "scheduled", "queued"}, "cancelling", 400, "illegal_action_error", "Can't cancel execution %s because it's in status %s"},
		"force-cancel": {[]string{"pending", "started", "scheduled", "queued", "cancelling"}, "force_cancelling", 400, "illegal_action_error", "Can't force-cancel execution %s because it's in status %s"},
		"kill":         {nil, "kill_cancelling", 0, "", ""},
		"resume":       {[]string{"failed", "cancelled", "started"}, "pending", 409, "conflict_error", "Cannot resume execution: `%s` in state: `%s`"},
		"force-resume": {[]string{"failed", "cancelled"}, "pending", 409, "conflict_error", "Cannot force-resume execution: `%s` in state: `%s`"},
	}
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	for action, r := range rules {
		for _, from := range allStatusNames {
			t.Run(action+"/"+from, func(t *testing.T) {
				msg := "boom"
				e := mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: "install", Status: from, Error: &msg})
				a := call(t, s, "POST", "/api/v3.1/executions/"+e.ID, map[string]any{"action": action, "deployment_id": "web-prod"})
				if r.from != nil && !in(from, r.from...) {
					wantError(t, a, r.status, r.code, fmt.Sprintf(r.msg, e.ID, from))
					if got := statusOf(t, s, e.ID); got != from {
						t.Fatalf("refused action changed the status to %s", got)
					}
					return
				}
				if a.status != 200 || a.str("status") != r.to {
					t.Fatalf("want 200 %s, got %d %s", r.to, a.status, a.raw)
				}
				if len(a.obj) != 25 {
					t.Fatalf("answer has %d keys, want 25", len(a.obj))
				}
				switch r.to {
				case "pending": // resume keeps error and started_at, clears ended_at
					if a.obj["resume"] != true || a.obj["ended_at"] != nil || a.str("error") != "boom" {
						t.Fatalf("resume answer: %s", a.raw)
					}
				default:
					if a.obj["error"] != "" {
						t.Fatalf("cancel family sets error to \"\": %s", a.raw)
					}
				}
			})
		}
	}
}

func TestActionErrors(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	e := mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: "install", Status: "started"})
	path := "/api/v3.1/executions/" + e.ID
	wantError(t, call(t, s, "POST", path, map[string]any{"action": "pause"}), 400, "bad_parameters_error",
		"Invalid action: pause, Valid action values are: ['cancel', 'force-cancel', 'kill', 'resume', 'force-resume', 'requeue']")
	wantError(t, call(t, s, "POST", path, map[string]any{"force": true}), 400, "bad_parameters_error", "Missing action in json request body")
	nope := "00000000-0000-0000-0000-000000000000"
	wantError(t, call(t, s, "POST", "/api/v3.1/executions/"+nope, map[string]any{"action": "kill"}), 404, "not_found_error",
		"Requested `Execution` ['"+nope+"'] was not found")
	wantError(t, call(t, s, "POST", "/api/v3.1/executions/"+nope, map[string]any{"action": "resume"}), 404, "not_found_error",
		"Requested `Execution` with ID `"+nope+"` was not found")
	// another tenant's execution is not found
	wantError(t, call(t, s, "POST", path, map[string]any{"action": "cancel"}, "Tenant", "ops-team"), 404, "not_found_error", "")
	// _include is honoured on the answer
	a := call(t, s, "POST", path+"?_include=id,status", map[string]any{"action": "cancel"})
	if a.status != 200 || len(a.obj) != 2 || a.str("status") != "cancelling" {
		t.Fatalf("got %d %s", a.status, a.raw)
	}
}

// patchMatrix is the manager's PATCH transition table (cloudify-api.md §2),
// written out by hand: for each current status, the accepted targets.
var patchMatrix = map[string][]string{
	"pending":          allStatusNames,
	"started":          allStatusNames,
	"queued":           allStatusNames,
	"scheduled":        allStatusNames,
	"kill_cancelling":  allStatusNames,
	"cancelling":       {"cancelling", "queued", "scheduled", "failed", "cancelled"},
	"force_cancelling": {"force_cancelling", "queued", "scheduled", "failed", "cancelled"},
	"terminated":       {"terminated"},
	"failed":           {"failed"},
	"cancelled":        {"cancelled"},
}

func TestPatchFromEveryStatus(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true})
	for _, wf := range []string{"install", "create_snapshot"} {
		for _, from := range allStatusNames {
			for _, to := range allStatusNames {
				t.Run(wf+"/"+from+"->"+to, func(t *testing.T) {
					dep := "web-prod"
					if wf == "create_snapshot" {
						dep = ""
					}
					e := mustAdd(t, s, ExecutionSpec{DeploymentID: dep, WorkflowID: wf, Status: from})
					clock.Advance(1500 * time.Millisecond)
					a := call(t, s, "PATCH", "/api/v3.1/executions/"+e.ID, map[string]any{"status": to})
					allowed := in(to, patchMatrix[from]...) || (wf == "create_snapshot" && in(from, "terminated", "failed", "cancelled"))
					if !allowed {
						wantError(t, a, 400, "invalid_exception_status_update", fmt.Sprintf(
							"Invalid relationship - can't change status from %s to %s for \"%s\" execution while running \"%s\" workflow.", from, to, e.ID, wf))
						return
					}
					if a.status != 200 || a.str("status") != to || a.obj["error"] != "" {
						t.Fatalf("want 200 %s with error \"\", got %d %s", to, a.status, a.raw)
					}
					now := s.Clock().Now().UTC().Format(timeLayout)
					switch {
					case to == "started" && a.str("started_at") != now:
						t.Fatalf("started_at %v, want %s", a.obj["started_at"], now)
					case in(to, "terminated", "failed", "cancelled") && a.str("ended_at") != now:
						t.Fatalf("ended_at %v, want %s", a.obj["ended_at"], now)
					}
				})
			}
		}
	}
}

func TestPatchDetails(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	e := mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: "install", Status: "started"})
	path := "/api/v3.1/executions/" + e.ID
	wantError(t, call(t, s, "PATCH", path, map[string]any{"error": "x"}), 400, "bad_parameters_error", "Missing status in json request body")
	a := call(t, s, "PATCH", path, map[string]any{"status": "paused"})
	if a.status != 409 || a.str("error_code") != "storage_error" {
		t.Fatalf("unknown status: %d %s", a.status, a.raw)
	}
	a = call(t, s, "PATCH", path, map[string]any{"status": "failed", "error": "RuntimeError: nope"})
	if a.status != 200 || a.str("error") != "RuntimeError: nope" || a.str("status_display") != "failed" {
		t.Fatalf("got %d %s", a.status, a.raw)
	}
	// an end state patched to itself re-stamps ended_at and clears error
	a = call(t, s, "PATCH", path, map[string]any{"status": "failed"})
	if a.status != 200 || a.str("error") != "" {
		t.Fatalf("got %d %s", a.status, a.raw)
	}
	wantError(t, call(t, s, "PATCH", "/api/v3.1/executions/nope", map[string]any{"status": "failed"}), 404, "not_found_error",
		"Requested `Execution` with ID `nope` was not found")
	wantError(t, call(t, s, "PATCH", path, `{"status": "failed"}`, "Content-Type", "text/plain"), 415,
		"unsupported_content_type_error", "Content type must be application/json")
}
