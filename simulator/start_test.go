package simulator

import (
	"encoding/json"
	"strings"
	"testing"
)

func start(t *testing.T, s *Simulator, body map[string]any, headers ...string) answer {
	t.Helper()
	return call(t, s, "POST", "/api/v3.1/executions", body, headers...)
}

func TestStartMergesDefaults(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	// uninstall needs started node instances
	if err := s.AddDeployment(DeploymentSpec{ID: "web-live", Installed: true}); err != nil {
		t.Fatal(err)
	}
	a := start(t, s, map[string]any{"deployment_id": "web-live", "workflow_id": "uninstall", "parameters": map[string]any{}})
	if a.status != 201 || a.str("status") != "pending" || a.obj["error"] != nil || a.obj["started_at"] != nil {
		t.Fatalf("got %d %s", a.status, a.raw)
	}
	p, _ := json.Marshal(a.obj["parameters"])
	if string(p) != `{"ignore_failure":false,"node_ids":[],"node_instance_ids":[],"type_names":[]}` {
		t.Fatalf("parameters %s", p)
	}
	if len(a.obj) != 25 || a.str("created_by") != "admin" || a.str("blueprint_id") != "hello-web" || a.str("tenant_name") != "default_tenant" {
		t.Fatalf("answer %s", a.raw)
	}
	// the new execution is in the list and gettable
	if g := call(t, s, "GET", "/api/v3.1/executions/"+a.str("id"), nil); g.status != 200 || g.str("workflow_id") != "uninstall" {
		t.Fatalf("get %d %s", g.status, g.raw)
	}
}

func TestStartParameterValidation(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, Demo: true})
	const ipe = "illegal_execution_parameters_error"
	cases := []struct {
		name   string
		body   map[string]any
		status int
		code   string
		msg    string
		check  func(t *testing.T, params map[string]any)
	}{
		{"undeclared", map[string]any{"workflow_id": "install", "parameters": map[string]any{"db_size": "large", "b": 1}}, 400, ipe,
			`Workflow "install" does not have the following parameters declared: b,db_size. Remove these parameters or use the flag for allowing custom parameters`, nil},
		{"custom allowed", map[string]any{"workflow_id": "install", "allow_custom_parameters": "True", "parameters": map[string]any{"db_size": "large"}}, 201, "", "",
			func(t *testing.T, p map[string]any) {
				if p["db_size"] != "large" || p["node_ids"] == nil {
					t.Fatalf("params %v", p)
				}
			}},
		{"wrong type", map[string]any{"workflow_id": "scale", "parameters": map[string]any{"scalable_entity_name": "app", "delta": "two"}}, 400, ipe,
			`Parameter "delta" must be of type integer`, nil},
		{"integer from string", map[string]any{"workflow_id": "scale", "parameters": map[string]any{"scalable_entity_name": "app", "delta": "-2"}}, 201, "", "",
			func(t *testing.T, p map[string]any) {
				if p["delta"] != float64(-2) || p["scale_compute"] != false || p["rollback_if_failed"] != true {
					t.Fatalf("params %v", p)
				}
			}},
		{"boolean from string", map[string]any{"workflow_id": "uninstall", "parameters": map[string]any{"ignore_failure": "TRUE"}}, 201, "", "",
			func(t *testing.T, p map[string]any) {
				if p["ignore_failure"] != true {
					t.Fatalf("params %v", p)
				}
			}},
		{"boolean wrong", map[string]any{"workflow_id": "uninstall", "parameters": map[string]any{"ignore_failure": "maybe"}}, 400, ipe,
			`Parameter "ignore_failure" must be of type boolean`, nil},
		{"missing required", map[string]any{"workflow_id": "execute_operation"}, 400, ipe,
			`Workflow "execute_operation" must be provided with the following parameters to execute: operation`, nil},
		{"missing two", map[string]any{"deployment_id": "db-staging", "workflow_id": "failover", "parameters": map[string]any{}}, 400, ipe,
			`Workflow "failover" must be provided with the following parameters to execute: promote`, nil},
		{"constraint", map[string]any{"deployment_id": "db-staging", "workflow_id": "backup", "parameters": map[string]any{"retention_days": 400}}, 400, ipe,
			`Parameter "retention_days" does not meet its constraints: in_range: [1,365]`, nil},
		{"valid values", map[string]any{"deployment_id": "db-staging", "workflow_id": "failover", "parameters": map[string]any{"promote": "primary"}}, 400, ipe,
			`Parameter "promote" does not meet its constraints: valid_values: ["replica","standby"]`, nil},
		{"constraint ok", map[string]any{"deployment_id": "db-staging", "workflow_id": "backup", "parameters": map[string]any{"retention_days": "30"}}, 201, "", "",
			func(t *testing.T, p map[string]any) {
				if p["retention_days"] != float64(30) || p["compress"] != true {
					t.Fatalf("params %v", p)
				}
			}},
		{"params not a dict", map[string]any{"workflow_id": "install", "parameters": []any{1}}, 400, "bad_parameters_error",
			"request body's 'parameters' field must be a dict but is of type list", nil},
		{"bad bool flag", map[string]any{"workflow_id": "install", "force": "yes"}, 400, "bad_parameters_error", "force must be <true/false>, got yes", nil},
		{"deployment not str", map[string]any{"deployment_id": nil, "workflow_id": "install"}, 400, "bad_parameters_error",
			"deployment_id parameter is expected to be of type str but is of type NoneType", nil},
		{"unknown workflow", map[string]any{"workflow_id": "backup_database"}, 400, "nonexistent_workflow_error",
			"Workflow backup_database does not exist in the deployment cache-staging", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := map[string]any{"deployment_id": "cache-staging", "force": true}
			for k, v := range c.body {
				body[k] = v
			}
			a := start(t, s, body)
			if c.status != 201 {
				wantError(t, a, c.status, c.code, c.msg)
				return
			}
			if a.status != 201 {
				t.Fatalf("got %d %s", a.status, a.raw)
			}
			p, _ := a.obj["parameters"].(map[string]any)
			c.check(t, p)
		})
	}
}

func TestStartBusyDeployment(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	first := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "install"})
	if first.status != 201 {
		t.Fatalf("first: %d %s", first.status, first.raw)
	}
	busy := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "install"})
	wantError(t, busy, 400, "existing_running_execution_error",
		"The following executions are currently running for this deployment: [<Execution id=`"+first.str("id")+
			"` tenant=`default_tenant` status=`pending` workflow_id=`install`>]. To execute this workflow anyway, pass \"force=true\" as a query parameter to this request")
	if n := len(s.FindExecutions(ExecutionQuery{DeploymentID: "web-staging"})); n != 1 {
		t.Fatalf("a refused start stored something: %d executions", n)
	}
	// the Python client's body: every key, nulls, booleans as strings
	py := map[string]any{"deployment_id": "web-staging", "workflow_id": "install", "parameters": nil,
		"allow_custom_parameters": "false", "force": "false", "dry_run": "false", "queue": "true", "scheduled_time": nil,
		"wait_after_fail": 600, "force_status": nil, "created_by": nil, "created_at": nil, "started_at": nil, "ended_at": nil,
		"id": nil, "is_system_workflow": nil, "error": nil}
	q := start(t, s, py)
	if q.status != 201 || q.str("status") != "queued" || q.str("status_display") != "queued" {
		t.Fatalf("queue: %d %s", q.status, q.raw)
	}
	// an older queued execution also blocks, and is listed
	busy = start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "heal"})
	if busy.status != 400 || !strings.Contains(busy.str("message"), q.str("id")) {
		t.Fatalf("busy with queue: %d %s", busy.status, busy.raw)
	}
	forced := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "install", "force": true, "dry_run": true})
	if forced.status != 201 || forced.str("status") != "pending" || forced.obj["is_dry_run"] != true {
		t.Fatalf("force: %d %s", forced.status, forced.raw)
	}
	// another deployment is free
	if a := start(t, s, map[string]any{"deployment_id": "db-staging", "workflow_id": "install"}); a.status != 201 {
		t.Fatalf("db-staging: %d %s", a.status, a.raw)
	}
}

func TestStartRequestChecks(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	wantError(t, call(t, s, "POST", "/api/v3.1/executions", `{"deployment_id": "web-prod", "workflow_id": "install"}`,
		"Content-Type", "application/json; charset=utf-8"), 415, "unsupported_content_type_error", "Content type must be application/json")
	wantError(t, start(t, s, map[string]any{"workflow_id": "install"}), 400, "bad_parameters_error", "Missing deployment_id in json request body")
	wantError(t, start(t, s, map[string]any{"deployment_id": "web-prod"}), 400, "bad_parameters_error", "Missing workflow_id in json request body")
	wantError(t, start(t, s, map[string]any{"deployment_id": "nope", "workflow_id": "install"}), 404, "not_found_error",
		"Requested `Deployment` with ID `nope` was not found")
	// a deployment of another tenant is not found
	wantError(t, start(t, s, map[string]any{"deployment_id": "db-prod", "workflow_id": "install"}), 404, "not_found_error", "")
	if a := start(t, s, map[string]any{"deployment_id": "db-prod", "workflow_id": "install"}, "Tenant", "ops-team"); a.status != 201 || a.str("tenant_name") != "ops-team" {
		t.Fatalf("ops-team start: %d %s", a.status, a.raw)
	}
	// _include on the answer
	if a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"}); a.status != 201 {
		t.Fatal(a.status)
	}
	a := call(t, s, "POST", "/api/v3.1/executions?_include=id,status", map[string]any{"deployment_id": "db-staging", "workflow_id": "install"})
	if a.status != 201 || len(a.obj) != 2 {
		t.Fatalf("include: %d %s", a.status, a.raw)
	}
	// system workflows need no deployment and are flagged
	a = start(t, s, map[string]any{"deployment_id": "", "workflow_id": "create_snapshot", "parameters": map[string]any{"snapshot_id": "s1"}})
	if a.status != 201 || a.obj["is_system_workflow"] != true || a.obj["deployment_id"] != nil {
		t.Fatalf("snapshot: %d %s", a.status, a.raw)
	}
	// scheduled_time: past refused, future answers the transient execution
	wantError(t, start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "install", "scheduled_time": "2001-01-01T00:00:00+00:00"}),
		400, "bad_parameters_error", "")
	a = start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "install", "scheduled_time": "2099-01-01T00:00:00+00:00"})
	if a.status != 201 || a.str("status") != "scheduled" || a.obj["id"] != nil || len(a.obj) != 25 {
		t.Fatalf("scheduled: %d %s", a.status, a.raw)
	}
}
