package simulator

import (
	"strings"
	"testing"
	"time"
)

// Tasks graphs and operations against cloudify-api-operations.md; each
// test names the section it checks.

// startedRun starts a workflow and advances until the worker has built
// its graphs; plant may set a fault on the run.
func startedRun(t *testing.T, s *Simulator, clock *ManualClock, body map[string]any, plant func(*run)) string {
	t.Helper()
	a := start(t, s, body)
	if a.status != 201 {
		t.Fatalf("start: %d %s", a.status, a.raw)
	}
	id := a.str("id")
	clock.Advance(1600 * time.Millisecond)
	if st := statusOf(t, s, id); st != "started" {
		t.Fatalf("not started: %s", st)
	}
	s.mu.Lock()
	r := s.runs[s.byID[id]]
	r.fault = nil
	if plant != nil {
		plant(r)
	}
	s.mu.Unlock()
	return id
}

// faultOn plants a fault on the remote task of an instance's operation.
func faultOn(node, iface string, c failure, attempts int) func(*run) {
	return func(r *run) {
		for _, o := range remoteOps(r) {
			if o.node == node && o.what == iface {
				r.fault = &fault{target: o, cause: c, attempts: attempts}
				return
			}
		}
	}
}

// §2.1, §2.2, §2.4: one graph named install, 9 keys; the RequestParser
// quirks (unknown keys and _sort ignored, first value only, missing
// execution_id answered with an HTML 400).
func TestTasksGraphsList(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	id := startedRun(t, s, clock, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"}, nil)
	a := call(t, s, "GET", "/api/v3.1/tasks_graphs?execution_id="+id+"&bogus=1&_sort=-name&execution_id=other", nil)
	items := a.items()
	if a.status != 200 || len(items) != 1 || a.total() != 1 {
		t.Fatalf("%d %s", a.status, a.raw)
	}
	g := items[0]
	if len(g) != 9 || g["name"] != "install" || g["execution_id"] != id || g["visibility"] != "tenant" ||
		g["created_by"] != "admin" || g["private_resource"] != false || g["created_at"] == nil {
		t.Fatalf("graph %v", g)
	}
	if a := call(t, s, "GET", "/api/v3.1/tasks_graphs?execution_id="+id+"&name=uninstall", nil); a.status != 200 || len(a.items()) != 0 {
		t.Fatalf("name filter: %s", a.raw)
	}
	if a := call(t, s, "GET", "/api/v3.1/tasks_graphs?execution_id="+id+"&_include=id,name", nil); len(a.items()[0]) != 2 {
		t.Fatalf("_include: %s", a.raw)
	}
	a = call(t, s, "GET", "/api/v3.1/tasks_graphs", nil)
	if a.status != 400 || !strings.HasPrefix(a.ctype, "text/html") || !strings.Contains(string(a.raw), "400 Bad Request") {
		t.Fatalf("missing execution_id: %d %s %s", a.status, a.ctype, a.raw)
	}
	wantError(t, call(t, s, "GET", "/api/v3.1/tasks_graphs?execution_id=nope", nil), 404, "not_found_error",
		"Requested `Execution` with ID `nope` was not found")
	a = call(t, s, "GET", "/api/v3.1/tasks_graphs?execution_id="+id+"&_include=bogus", nil)
	if a.status != 400 || a.str("error_code") != "no_such_include_field_error" {
		t.Fatalf("bad include: %s", a.raw)
	}
	// another tenant's execution is not found
	if a := call(t, s, "GET", "/api/v3.1/tasks_graphs?execution_id="+id, nil, "Tenant", "ops-team"); a.status != 404 {
		t.Fatalf("other tenant: %d", a.status)
	}
}

// §2.4: the graphs each workflow stores; none for the internal workflows
// and dry runs (total_operations stays 0).
func TestTasksGraphNamesPerWorkflow(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	if err := s.SetNodeInstanceStates("", "web-staging", "started"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		body  map[string]any
		names []string
	}{
		{map[string]any{"workflow_id": "reinstall"}, []string{"reinstall-uninstall", "reinstall-install"}},
		{map[string]any{"workflow_id": "restart"}, []string{"execute_operation_cloudify.interfaces.lifecycle.stop", "execute_operation_cloudify.interfaces.lifecycle.start"}},
		{map[string]any{"workflow_id": "execute_operation", "parameters": map[string]any{"operation": "cloudify.interfaces.lifecycle.configure"}},
			[]string{"execute_operation_cloudify.interfaces.lifecycle.configure"}},
		{map[string]any{"workflow_id": "scale", "parameters": map[string]any{"scalable_entity_name": "http_web_server"}}, []string{"http_web_server_install"}},
		{map[string]any{"workflow_id": "check_status"}, []string{"check_status"}},
		{map[string]any{"workflow_id": "uninstall", "dry_run": true}, nil},
	}
	for _, c := range cases {
		c.body["deployment_id"] = "web-staging"
		c.body["force"] = true
		id := startedRun(t, s, clock, c.body, nil)
		a := call(t, s, "GET", "/api/v3.1/tasks_graphs?execution_id="+id, nil)
		var got []string
		for _, g := range a.items() {
			got = append(got, g["name"].(string))
		}
		if strings.Join(got, ",") != strings.Join(c.names, ",") {
			t.Errorf("%v: graphs %v, want %v", c.body["workflow_id"], got, c.names)
		}
		e, _ := s.Execution(id)
		if n := len(s.Operations(id)); e.TotalOperations != n {
			t.Errorf("%v: total_operations %d, %d operations stored", c.body["workflow_id"], e.TotalOperations, n)
		}
		if c.names == nil && e.TotalOperations != 0 {
			t.Errorf("%v: unstored tasks counted: %d", c.body["workflow_id"], e.TotalOperations)
		}
		if err := s.ForceStatus(id, "cancelled"); err != nil {
			t.Fatal(err)
		}
	}
	// internal workflows run their tasks unstored: events, no graphs
	in := mustAdd(t, s, ExecutionSpec{DeploymentID: "web-staging", WorkflowID: "create_deployment_environment"})
	if end := runToEnd(t, s, clock, in.ID); end != "terminated" {
		t.Fatal(end)
	}
	e, _ := s.Execution(in.ID)
	types := eventTypes(s.Events(in.ID))
	if e.TotalOperations != 0 || len(s.Operations(in.ID)) != 0 || !strings.Contains(strings.Join(types, ","), "task_succeeded") {
		t.Fatalf("create_deployment_environment: %d ops, events %v", e.TotalOperations, types)
	}
}

// §3.1, §3.2, §3.3, §7.1: the install graph's operations, their 15 keys,
// 11 parameters, types, subgraph membership and remote task context.
func TestOperationsShape(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	id := startedRun(t, s, clock, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"}, nil)
	a := call(t, s, "GET", "/api/v3.1/operations?execution_id="+id, nil)
	items := a.items()
	if a.status != 200 || len(items) != 34 {
		t.Fatalf("%d ops: %d %.300s", len(items), a.status, a.raw)
	}
	byID := map[string]map[string]any{}
	types := map[string]int{}
	for _, o := range items {
		byID[o["id"].(string)] = o
		types[o["type"].(string)]++
		if len(o) != 15 {
			t.Fatalf("keys %v", o)
		}
		p := o["parameters"].(map[string]any)
		if len(p) != 11 {
			t.Fatalf("parameters %v", p)
		}
		if _, ok := p["task_kwargs"].(map[string]any); !ok {
			t.Fatalf("task_kwargs %v", p["task_kwargs"])
		}
		if _, ok := o["dependencies"].([]any); !ok {
			t.Fatalf("dependencies %v", o["dependencies"])
		}
	}
	if types["SubgraphTask"] != 2 || types["RemoteWorkflowTask"] != 6 || types["SetNodeInstanceStateTask"] != 14 || types["SendNodeEventTask"] != 12 {
		t.Fatalf("types %v", types)
	}
	var vmSub, webSub map[string]any
	for _, o := range items {
		if o["type"] != "SubgraphTask" {
			continue
		}
		info := o["parameters"].(map[string]any)["info"].(map[string]any)
		if info["name"] != o["name"] {
			t.Fatalf("subgraph info %v", info)
		}
		if strings.HasPrefix(o["name"].(string), "install_vm_") {
			vmSub = o
		} else {
			webSub = o
		}
	}
	// http_web_server is contained in vm: its subgraph waits for vm's
	if deps := webSub["dependencies"].([]any); len(deps) != 1 || deps[0] != vmSub["id"] {
		t.Fatalf("web subgraph deps %v", deps)
	}
	for _, o := range items {
		p := o["parameters"].(map[string]any)
		if o["type"] == "SubgraphTask" {
			continue
		}
		sub, _ := p["containing_subgraph"].(string)
		if deps := o["dependencies"].([]any); sub == "" || deps[0] != sub {
			t.Fatalf("member %v not in its subgraph", o)
		}
		if o["type"] == "RemoteWorkflowTask" {
			ctx := p["task_kwargs"].(map[string]any)["kwargs"].(map[string]any)["__cloudify_context"].(map[string]any)
			op := ctx["operation"].(map[string]any)
			if ctx["task_id"] != o["id"] || ctx["execution_id"] != id || ctx["node_id"] == nil || ctx["node_name"] == nil ||
				!strings.HasPrefix(op["name"].(string), "cloudify.interfaces.lifecycle.") || p["total_retries"] != 60.0 || p["retry_interval"] != 15.0 {
				t.Fatalf("remote %v", p)
			}
		}
		if o["type"] == "SetNodeInstanceStateTask" && p["info"] != p["task_kwargs"].(map[string]any)["state"] {
			t.Fatalf("set-state %v", p)
		}
	}
	g := call(t, s, "GET", "/api/v3.1/operations/"+vmSub["id"].(string), nil)
	if g.status != 200 || g.str("tasks_graph_id") != vmSub["tasks_graph_id"] {
		t.Fatalf("get op: %d %s", g.status, g.raw)
	}
}

// §3.7: /operations query parsing and errors.
func TestOperationsQuery(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	id := startedRun(t, s, clock, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"}, nil)
	graph := call(t, s, "GET", "/api/v3.1/tasks_graphs?execution_id="+id, nil).items()[0]["id"].(string)
	wantError(t, call(t, s, "GET", "/api/v3.1/operations", nil), 400, "bad_parameters_error", "Missing required param: graph_id or execution_id")
	wantError(t, call(t, s, "GET", "/api/v3.1/operations?graph_id=&execution_id=", nil), 400, "bad_parameters_error", "Missing required param: graph_id or execution_id")
	wantError(t, call(t, s, "GET", "/api/v3.1/operations?graph_id="+graph+"&execution_id="+id, nil), 400, "bad_parameters_error", "Pass either graph_id or execution_id, not both")
	wantError(t, call(t, s, "GET", "/api/v3.1/operations?graph_id=nope", nil), 404, "not_found_error", "Requested `TasksGraph` with ID `nope` was not found")
	wantError(t, call(t, s, "GET", "/api/v3.1/operations?execution_id=nope", nil), 404, "not_found_error", "Requested `Execution` with ID `nope` was not found")
	wantError(t, call(t, s, "GET", "/api/v3.1/operations/nope", nil), 404, "not_found_error", "Requested `Operation` with ID `nope` was not found")
	all := call(t, s, "GET", "/api/v3.1/operations?graph_id="+graph+"&bogus=x&_sort=-name", nil)
	if all.total() != 34 {
		t.Fatalf("by graph: %d", all.total())
	}
	// skip_internal: any non-empty value filters, "false" included
	for _, v := range []string{"true", "false", "0"} {
		a := call(t, s, "GET", "/api/v3.1/operations?execution_id="+id+"&skip_internal="+v, nil)
		for _, o := range a.items() {
			if o["type"] != "SubgraphTask" && o["type"] != "RemoteWorkflowTask" {
				t.Fatalf("skip_internal=%s kept %v", v, o["type"])
			}
		}
		if a.total() != 8 {
			t.Fatalf("skip_internal=%s: %d", v, a.total())
		}
	}
	if a := call(t, s, "GET", "/api/v3.1/operations?execution_id="+id+"&skip_internal=", nil); a.total() != 34 {
		t.Fatalf("empty skip_internal filtered: %d", a.total())
	}
	// state: exact, the first value only; unknown → empty
	p := call(t, s, "GET", "/api/v3.1/operations?execution_id="+id+"&state=pending&state=succeeded", nil)
	for _, o := range p.items() {
		if o["state"] != "pending" {
			t.Fatalf("state filter kept %v", o["state"])
		}
	}
	if a := call(t, s, "GET", "/api/v3.1/operations?execution_id="+id+"&state=bogus", nil); a.status != 200 || a.total() != 0 {
		t.Fatalf("unknown state: %s", a.raw)
	}
	page := call(t, s, "GET", "/api/v3.1/operations?execution_id="+id+"&_size=5&_offset=30&_include=id,state", nil)
	if len(page.items()) != 4 || len(page.items()[0]) != 2 || page.total() != 34 {
		t.Fatalf("paging: %s", page.raw)
	}
	if a := call(t, s, "GET", "/api/v3.1/operations?execution_id="+id+"&_size=-1", nil); a.status != 400 {
		t.Fatalf("bad _size: %d", a.status)
	}
}

// §3.3, §3.4, §3.6, §7.2: a remote task passes through every stored state,
// finished_operations counts terminated ones, a successful run ends with
// finished == total, and SetNodeInstanceState tasks set the states.
func TestOperationStatesAndCounts(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	id := startedRun(t, s, clock, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"}, nil)
	var first string
	for _, o := range s.Operations(id) {
		if o.Type == "RemoteWorkflowTask" {
			first = o.ID
			break
		}
	}
	seen := []string{"pending"}
	for i := 0; i < 20000; i++ {
		clock.Advance(time.Millisecond)
		for _, o := range s.Operations(id) {
			if o.ID == first && o.State != seen[len(seen)-1] {
				seen = append(seen, o.State)
			}
		}
		e, _ := s.Execution(id)
		terminated := 0
		for _, o := range s.Operations(id) {
			if o.State == "succeeded" || o.State == "failed" || o.State == "rescheduled" {
				terminated++
			}
		}
		if e.FinishedOperations != terminated || e.TotalOperations != len(s.Operations(id)) {
			t.Fatalf("counters %d/%d, stored %d terminated of %d", e.FinishedOperations, e.TotalOperations, terminated, len(s.Operations(id)))
		}
		if seen[len(seen)-1] == "succeeded" {
			break
		}
	}
	if strings.Join(seen, ",") != "pending,sending,sent,started,response-sent,succeeded" {
		t.Fatalf("states %v", seen)
	}
	e := runToEnd(t, s, clock, id)
	info, _ := s.Execution(id)
	if e != "terminated" || info.FinishedOperations != info.TotalOperations {
		t.Fatalf("%s with %d/%d", e, info.FinishedOperations, info.TotalOperations)
	}
	for ni, st := range s.NodeInstanceStates("", "web-prod") {
		if st != "started" {
			t.Fatalf("%s is %s", ni, st)
		}
	}
	evs := call(t, s, "GET", "/api/v3.1/events?execution_id="+id+"&event_type=workflow_node_event", nil)
	if evs.total() != 12 || evs.items()[0]["message"] != "Creating node instance" {
		t.Fatalf("node events: %d %.200s", evs.total(), evs.raw)
	}
}

// §3.5, §3.4: a retry is a new operation (retried_task, current_retries+1,
// no dependencies, same subgraph, total+1) sent after retry_interval with
// " [retry n/60]" on its events; OperationRetry leaves the old one
// rescheduled, which counts as finished.
func TestOperationRetries(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	flaky := failure{"ConnectionError", "registry unreachable", "pull failed", true}
	id := startedRun(t, s, clock, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"},
		faultOn("http_web_server", "cloudify.interfaces.lifecycle.configure", flaky, 2))
	if end := runToEnd(t, s, clock, id); end != "terminated" {
		t.Fatalf("ended %s", end)
	}
	ops := s.Operations(id)
	byID := map[string]OperationInfo{}
	for _, o := range ops {
		byID[o.ID] = o
	}
	var chain []OperationInfo
	for _, o := range ops {
		if o.Operation == "cloudify.interfaces.lifecycle.configure" && o.NodeInstance != "" && strings.HasPrefix(o.NodeInstance, "http_web_server") {
			chain = append(chain, o)
		}
	}
	if len(chain) != 3 || chain[0].State != "failed" || chain[1].State != "failed" || chain[2].State != "succeeded" {
		t.Fatalf("chain %+v", chain)
	}
	for i := 1; i < 3; i++ {
		if chain[i].RetriedTask != chain[i-1].ID || chain[i].CurrentRetries != i || len(chain[i].Dependencies) != 0 ||
			chain[i].ContainingSubgraph != chain[0].ContainingSubgraph {
			t.Fatalf("retry %d: %+v", i, chain[i])
		}
	}
	e, _ := s.Execution(id)
	if e.TotalOperations != 34+2 || e.FinishedOperations != e.TotalOperations {
		t.Fatalf("counters %d/%d", e.FinishedOperations, e.TotalOperations)
	}
	a := call(t, s, "GET", "/api/v3.1/operations/"+chain[1].ID, nil)
	if p := a.obj["parameters"].(map[string]any); p["retried_task"] != chain[0].ID || p["current_retries"] != 1.0 {
		t.Fatalf("retry item %v", p)
	}
	msgs := call(t, s, "GET", "/api/v3.1/events?execution_id="+id+"&event_type=task_failed&event_type=sending_task&operation=cloudify.interfaces.lifecycle.configure&node_instance_id="+chain[0].NodeInstance, nil)
	var texts []string
	for _, ev := range msgs.items() {
		texts = append(texts, ev["message"].(string))
	}
	want := "Sending task 'script_runner.tasks.run'|Task failed 'script_runner.tasks.run' -> registry unreachable|" +
		"Sending task 'script_runner.tasks.run' [retry 1/60]|Task failed 'script_runner.tasks.run' -> registry unreachable [retry 1/60]|" +
		"Sending task 'script_runner.tasks.run' [retry 2/60]"
	if strings.Join(texts, "|") != want {
		t.Fatalf("events\n%s\nwant\n%s", strings.Join(texts, "|"), want)
	}

	// OperationRetry: rescheduled, counted
	s.SetNodeInstanceStates("", "web-staging", "uninitialized")
	again := failure{"OperationRetry", "still attaching", "attaching", true}
	id = startedRun(t, s, clock, map[string]any{"deployment_id": "web-staging", "workflow_id": "install"},
		faultOn("vm", "cloudify.interfaces.lifecycle.create", again, 1))
	runToEnd(t, s, clock, id)
	states := map[string]int{}
	for _, o := range s.Operations(id) {
		states[o.State]++
	}
	e, _ = s.Execution(id)
	if states["rescheduled"] != 1 || e.Status != "terminated" || e.FinishedOperations != e.TotalOperations || e.TotalOperations != 35 {
		t.Fatalf("rescheduled run: %v %+v", states, e)
	}
}

// §3.6, §7.5: a non-recoverable failure fails the task and its subgraph,
// leaves the dependents pending, and the execution ends failed with
// finished < total and the "Task failed: …" error text.
func TestOperationFailure(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	hard := failure{"NonRecoverableError", "disk full", "no space left", false}
	id := startedRun(t, s, clock, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"},
		faultOn("vm", "cloudify.interfaces.lifecycle.configure", hard, 0))
	if end := runToEnd(t, s, clock, id); end != "failed" {
		t.Fatalf("ended %s", end)
	}
	e, _ := s.Execution(id)
	if e.FinishedOperations >= e.TotalOperations || e.TotalOperations != 34 {
		t.Fatalf("counters %d/%d", e.FinishedOperations, e.TotalOperations)
	}
	var failedOp OperationInfo
	states := map[string]string{}
	for _, o := range s.Operations(id) {
		if o.Type == "RemoteWorkflowTask" && o.State == "failed" {
			failedOp = o
		}
		if o.Type == "SubgraphTask" {
			states[o.Name[:len("install_vm")]] = o.State
		}
	}
	if failedOp.ID == "" || states["install_vm"] != "failed" || states["install_ht"] != "pending" {
		t.Fatalf("failed %+v, subgraphs %v", failedOp, states)
	}
	wantErr := "Task failed: cloudify_agent.installer.operations.configure (" + failedOp.NodeInstance +
		":cloudify.interfaces.lifecycle.configure): NonRecoverableError `disk full`\nTraceback of cloudify_agent.installer.operations.configure (" +
		failedOp.NodeInstance + ":cloudify.interfaces.lifecycle.configure) (most recent call last):\n"
	if e.Error == nil || !strings.HasPrefix(*e.Error, wantErr) {
		t.Fatalf("error %q", *e.Error)
	}
}

// §7.6, §7.7: cancel leaves in-flight tasks where they were and nothing
// succeeds afterwards; resume reuses the graphs, resets failed tasks to
// pending with current_retries 0 without touching the counters, and runs
// to the end (finished may then exceed what it was).
func TestOperationsCancelAndResume(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	id := startedRun(t, s, clock, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"}, nil)
	// run until a remote task is in flight
	inflight := func() []OperationInfo {
		var out []OperationInfo
		for _, o := range s.Operations(id) {
			if o.Type == "RemoteWorkflowTask" && (o.State == "started" || o.State == "sent" || o.State == "sending") {
				out = append(out, o)
			}
		}
		return out
	}
	for i := 0; i < 10000 && len(inflight()) == 0; i++ {
		clock.Advance(10 * time.Millisecond)
	}
	busy := inflight()
	if len(busy) == 0 {
		t.Fatal("no task in flight")
	}
	call(t, s, "POST", "/api/v3.1/executions/"+id, map[string]any{"action": "force-cancel"})
	before := map[string]string{}
	for _, o := range s.Operations(id) {
		before[o.ID] = o.State
	}
	runToEnd(t, s, clock, id)
	clock.Advance(time.Minute)
	for _, o := range s.Operations(id) {
		if o.State != before[o.ID] {
			t.Fatalf("%s moved %s → %s after the cancel", o.Name, before[o.ID], o.State)
		}
	}
	if st := statusOf(t, s, id); st != "cancelled" {
		t.Fatal(st)
	}
	graphs := call(t, s, "GET", "/api/v3.1/tasks_graphs?execution_id="+id, nil).total()
	e0, _ := s.Execution(id)
	r := call(t, s, "POST", "/api/v3.1/executions/"+id, map[string]any{"action": "force-resume"})
	if r.status != 200 {
		t.Fatalf("resume %d %s", r.status, r.raw)
	}
	e1, _ := s.Execution(id)
	if e1.TotalOperations != e0.TotalOperations || e1.FinishedOperations != e0.FinishedOperations {
		t.Fatalf("resume touched the counters: %+v → %+v", e0, e1)
	}
	if end := runToEnd(t, s, clock, id); end != "terminated" {
		t.Fatalf("resumed run ended %s", end)
	}
	if g := call(t, s, "GET", "/api/v3.1/tasks_graphs?execution_id="+id, nil).total(); g != graphs {
		t.Fatalf("resume made new graphs: %d → %d", graphs, g)
	}
	e2, _ := s.Execution(id)
	for _, o := range s.Operations(id) {
		if o.State != "succeeded" {
			t.Fatalf("%s %s after the resumed run", o.Name, o.State)
		}
	}
	if e2.TotalOperations != 34 || e2.FinishedOperations < e2.TotalOperations {
		t.Fatalf("after resume %d/%d", e2.FinishedOperations, e2.TotalOperations)
	}
}

// §7.7 with a failed task: plain resume resets it (current_retries 0),
// the resumed run succeeds and finished exceeds total by the re-run ones.
func TestResumeResetsFailedOperations(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	hard := failure{"NonRecoverableError", "boom", "boom", false}
	id := startedRun(t, s, clock, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"},
		faultOn("http_web_server", "cloudify.interfaces.lifecycle.start", hard, 0))
	runToEnd(t, s, clock, id)
	e0, _ := s.Execution(id)
	call(t, s, "POST", "/api/v3.1/executions/"+id, map[string]any{"action": "resume"})
	var reset int
	for _, o := range s.Operations(id) {
		if o.Type == "RemoteWorkflowTask" && o.Operation == "cloudify.interfaces.lifecycle.start" && strings.HasPrefix(o.NodeInstance, "http") {
			if o.State != "pending" || o.CurrentRetries != 0 {
				t.Fatalf("after resume %+v", o)
			}
			reset++
		}
	}
	if reset != 1 {
		t.Fatalf("reset %d", reset)
	}
	if end := runToEnd(t, s, clock, id); end != "terminated" {
		t.Fatalf("resumed run %s", end)
	}
	e1, _ := s.Execution(id)
	if e1.TotalOperations != e0.TotalOperations || e1.FinishedOperations != e1.TotalOperations+2 {
		// the failed task and its failed subgraph finish a second time
		t.Fatalf("counters %d/%d → %d/%d", e0.FinishedOperations, e0.TotalOperations, e1.FinishedOperations, e1.TotalOperations)
	}
}

// §5.1: graphs and operations go with a deleted execution.
func TestDeleteDropsOperations(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	id := startedRun(t, s, clock, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"}, nil)
	runToEnd(t, s, clock, id)
	op := s.Operations(id)[0].ID
	if n := deletedCount(t, deleteExecs(t, s, "?id="+id, map[string]any{})); n != 1 {
		t.Fatalf("deleted %d", n)
	}
	if a := call(t, s, "GET", "/api/v3.1/operations/"+op, nil); a.status != 404 {
		t.Fatalf("operation of a deleted execution: %d", a.status)
	}
}

// The demo world: executions with hundreds of operations, one stuck on a
// task that keeps being rescheduled, one failed on one agent while the
// others succeeded.
func TestDemoOperations(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, Demo: true, Worker: true})
	big := 0
	for _, e := range s.FindExecutions(ExecutionQuery{DeploymentID: "ci-runners", WorkflowID: "install"}) {
		big = max(big, len(s.Operations(e.ID)))
	}
	if big < 200 {
		t.Fatalf("largest ci-runners install has %d operations", big)
	}
	stuck, ok := s.FindExecution(ExecutionQuery{DeploymentID: "db-replica-eu", WorkflowID: "install", Status: "started"})
	if !ok {
		t.Fatal("no running install on db-replica-eu")
	}
	count := func() int {
		n := 0
		for _, o := range s.Operations(stuck.ID) {
			if o.State == "rescheduled" {
				n++
			}
		}
		return n
	}
	n0 := count()
	clock.Advance(time.Minute)
	if n0 < 5 || count() <= n0 {
		t.Fatalf("rescheduled %d then %d", n0, count())
	}
	restart, ok := s.FindExecution(ExecutionQuery{DeploymentID: "ci-runners", WorkflowID: "restart", Status: "failed"})
	if !ok {
		t.Fatal("no failed restart on ci-runners")
	}
	failed, succeeded := 0, 0
	for _, o := range s.Operations(restart.ID) {
		if o.Type == "RemoteWorkflowTask" && o.Operation == "cloudify.interfaces.lifecycle.start" {
			switch o.State {
			case "failed":
				failed++
			case "succeeded":
				succeeded++
			}
		}
	}
	if failed != 1 || succeeded < 3 {
		t.Fatalf("restart starts: %d failed, %d succeeded", failed, succeeded)
	}
}
