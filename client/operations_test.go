package client

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"testing"
	"time"
)

// The addendum's constructed examples (cloudify-api-operations.md §7), as the
// manager would send them: a graph, and operations of that graph during a
// retry (the retry item abbreviated, as in the addendum).
const graphListExample = `{"metadata":{"pagination":{"total":1,"size":1000,"offset":0},"filtered":null},
 "items":[{"id":"c2a4e1f0-8b3d-4e5a-a9c7-61f0d2b3e845","visibility":"tenant","name":"install",
  "created_at":"2026-11-29T14:02:11.412Z","execution_id":"7d3f0a52-5c1e-4b8e-9f64-2e8b1d9c0a17",
  "tenant_name":"default_tenant","created_by":"admin","resource_availability":"tenant","private_resource":false}]}`

const opTail = `"visibility":"tenant","tenant_name":"default_tenant","created_by":"admin","resource_availability":"tenant","private_resource":false,"tasks_graph_id":"c2a4e1f0-8b3d-4e5a-a9c7-61f0d2b3e845"`

const operationListExample = `{"metadata":{"pagination":{"total":4,"size":1000,"offset":0},"filtered":null},"items":[
{"id":"5e0b8c2d-1f4a-4c6e-b7d9-3a2f1e0c9b84","name":"install_http_web_server_q8m2zt","state":"started",
  "created_at":"2026-11-29T14:02:11.412Z","dependencies":["9d1e7a40-2b6c-4f38-8e15-c0a4b7d2f961"],"type":"SubgraphTask",
  "manager_name":"cfy-manager","agent_name":null,
  "parameters":{"on_success":null,"on_failure":{"path":"cloudify.plugins.lifecycle._SubgraphOnFailure",
   "instance_id":"http_web_server_q8m2zt","on_retry":"reinstall"},"retried_task":null,"current_retries":0,
   "send_task_events":true,"retry_interval":30,"total_retries":0,"info":{"name":"install_http_web_server_q8m2zt"},
   "error":null,"containing_subgraph":null,"task_kwargs":{}},` + opTail + `},
 {"id":"a7c31f58-0e92-4d6b-b4a1-8f2e6c0d3b17","name":"SetNodeInstanceStateTask","state":"succeeded",
  "created_at":"2026-11-29T14:02:11.412Z","dependencies":["5e0b8c2d-1f4a-4c6e-b7d9-3a2f1e0c9b84","3b8f0d6e-5a21-4c97-9e30-d4f1a2b7c865"],
  "type":"SetNodeInstanceStateTask","manager_name":"cfy-manager","agent_name":null,
  "parameters":{"on_success":null,"on_failure":null,"retried_task":null,"current_retries":0,"send_task_events":false,
   "retry_interval":30,"total_retries":0,"info":"creating","error":null,
   "containing_subgraph":"5e0b8c2d-1f4a-4c6e-b7d9-3a2f1e0c9b84",
   "task_kwargs":{"node_instance_id":"http_web_server_q8m2zt","state":"creating"}},` + opTail + `},
 {"id":"0b7e5c1a-9f2d-4c3e-8a61-5d2f7b9e4a10","name":"script_runner.tasks.run","state":"failed",
  "created_at":"2026-11-29T14:02:11.412Z","dependencies":["5e0b8c2d-1f4a-4c6e-b7d9-3a2f1e0c9b84","a7c31f58-0e92-4d6b-b4a1-8f2e6c0d3b17","e2d94b07-6c3a-4f15-a8b2-71c0e5f9d4a3"],
  "type":"RemoteWorkflowTask","manager_name":"cfy-manager","agent_name":null,
  "parameters":{"on_success":null,"on_failure":null,"retried_task":null,"current_retries":0,"send_task_events":true,
   "retry_interval":15,"total_retries":60,"info":null,"error":null,
   "containing_subgraph":"5e0b8c2d-1f4a-4c6e-b7d9-3a2f1e0c9b84",
   "task_kwargs":{"kwargs":{"script_path":"scripts/create.sh","__cloudify_context":{"__cloudify_context":"0.3",
    "type":"operation","task_id":"0b7e5c1a-9f2d-4c3e-8a61-5d2f7b9e4a10","task_name":"script_runner.tasks.run",
    "execution_id":"7d3f0a52-5c1e-4b8e-9f64-2e8b1d9c0a17","workflow_id":"install","tenant":{"name":"default_tenant"},
    "timeout":null,"timeout_recoverable":null,"node_id":"http_web_server_q8m2zt","node_name":"http_web_server",
    "plugin":{"name":"script","package_name":null,"package_version":null,"visibility":null,"tenant_name":null,"source":null,"properties":{}},
    "operation":{"name":"cloudify.interfaces.lifecycle.create","retry_number":0,"max_retries":60},
    "has_intrinsic_functions":false,"host_id":"vm_h7d2kp","executor":"central_deployment_agent","execution_env":{},
    "local":false,"rest_host":["172.20.0.2"],"rest_port":443,"bypass_maintenance":null,"workflow_parameters":{},
    "execution_creator_username":"admin","blueprint_id":"hello-web","deployment_id":"web-prod",
    "deployment_display_name":"web-prod","deployment_creator":"admin","deployment_resource_tags":null}}}},` + opTail + `},
 {"id":"f4c28e91-7b0d-4a36-9c5e-2d8a1f6b0e73","name":"script_runner.tasks.run","state":"pending",
  "created_at":"2026-11-29T14:02:19.077Z","dependencies":[],"type":"RemoteWorkflowTask",
  "manager_name":null,"agent_name":null,
  "parameters":{"retried_task":"0b7e5c1a-9f2d-4c3e-8a61-5d2f7b9e4a10","current_retries":1,
   "containing_subgraph":"5e0b8c2d-1f4a-4c6e-b7d9-3a2f1e0c9b84","…":"other keys as above; context task_id = this id, retry_number 1"},` + opTail + `}]}`

func TestListTasksGraphsDecodesTheAddendumExample(t *testing.T) {
	srv, rc := serve(t, okJSON(graphListExample))
	c := newTestClient(t, Config{URL: srv.URL})
	page, err := c.ListTasksGraphs(context.Background(), ListTasksGraphsOptions{
		ExecutionID: "7d3f0a52-5c1e-4b8e-9f64-2e8b1d9c0a17", Name: "install", Size: 10, Offset: 5})
	if err != nil {
		t.Fatal(err)
	}
	got := rc.last(t)
	if got.path != "/api/v3.1/tasks_graphs" || got.query.Get("execution_id") != "7d3f0a52-5c1e-4b8e-9f64-2e8b1d9c0a17" ||
		got.query.Get("name") != "install" || got.query.Get("_size") != "10" || got.query.Get("_offset") != "5" {
		t.Fatalf("request %s?%s", got.path, got.rawQuery)
	}
	want := TasksGraph{ID: "c2a4e1f0-8b3d-4e5a-a9c7-61f0d2b3e845", Name: "install", ExecutionID: "7d3f0a52-5c1e-4b8e-9f64-2e8b1d9c0a17",
		CreatedAt: Time{time.Date(2026, 11, 29, 14, 2, 11, 412e6, time.UTC)}, Visibility: "tenant", TenantName: "default_tenant",
		CreatedBy: "admin", ResourceAvailability: "tenant"}
	if len(page.Items) != 1 || !reflect.DeepEqual(page.Items[0], want) || page.Pagination.Total != 1 {
		t.Fatalf("got %+v", page)
	}
}

func TestListOperationsDecodesTheAddendumExample(t *testing.T) {
	srv, _ := serve(t, okJSON(operationListExample))
	c := newTestClient(t, Config{URL: srv.URL})
	page, err := c.ListOperations(context.Background(), ListOperationsOptions{GraphID: "c2a4e1f0-8b3d-4e5a-a9c7-61f0d2b3e845"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 4 || page.Pagination.Total != 4 {
		t.Fatalf("%d items, total %d", len(page.Items), page.Pagination.Total)
	}
	sub, set, remote, retry := page.Items[0], page.Items[1], page.Items[2], page.Items[3]

	if sub.Type != OpTypeSubgraph || sub.State != OpStarted || sub.IsInternal() || sub.Parameters.Info.Text != "install_http_web_server_q8m2zt" ||
		sub.NodeInstanceID() != "http_web_server_q8m2zt" || sub.ManagerName.Value != "cfy-manager" || sub.AgentName.Valid || !sub.AgentName.Present ||
		sub.Parameters.ContainingSubgraph.Valid || len(sub.Dependencies) != 1 || sub.TasksGraphID != "c2a4e1f0-8b3d-4e5a-a9c7-61f0d2b3e845" {
		t.Fatalf("subgraph %+v", sub)
	}
	if !set.IsInternal() || set.Parameters.Info.Text != "creating" || set.Parameters.TaskKwargs.State != "creating" ||
		set.NodeInstanceID() != "http_web_server_q8m2zt" || set.Parameters.SendTaskEvents || set.OperationName() != "" {
		t.Fatalf("set-state %+v", set)
	}
	ctx := remote.Parameters.TaskKwargs.Context
	if ctx == nil {
		t.Fatal("remote task without its __cloudify_context")
	}
	if remote.State != OpFailed || !remote.State.Terminated() || remote.IsInternal() ||
		remote.NodeInstanceID() != "http_web_server_q8m2zt" || remote.NodeName() != "http_web_server" ||
		remote.OperationName() != "cloudify.interfaces.lifecycle.create" || ctx.Operation.MaxRetries != 60 ||
		ctx.TaskID != remote.ID || ctx.HostID.Value != "vm_h7d2kp" || ctx.Executor.Value != "central_deployment_agent" ||
		ctx.Plugin.Name != "script" || ctx.Tenant.Name != "default_tenant" || ctx.DeploymentID.Value != "web-prod" ||
		remote.Parameters.TotalRetries != 60 || remote.Parameters.RetryInterval != 15 || remote.Parameters.Info.Raw != nil ||
		remote.Parameters.ContainingSubgraph.Value != sub.ID {
		t.Fatalf("remote %+v / %+v", remote, ctx)
	}
	var kw map[string]map[string]any
	if err := json.Unmarshal(remote.Parameters.TaskKwargs.Raw, &kw); err != nil || kw["kwargs"]["script_path"] != "scripts/create.sh" {
		t.Fatalf("task_kwargs not kept whole: %v %s", err, remote.Parameters.TaskKwargs.Raw)
	}
	if retry.Parameters.RetriedTask.Value != remote.ID || retry.Parameters.CurrentRetries != 1 || retry.State != OpPending ||
		retry.State.Terminated() || retry.State.InFlight() || len(retry.Dependencies) != 0 || retry.Dependencies == nil ||
		!retry.CreatedAt.After(remote.CreatedAt.Time) {
		t.Fatalf("retry %+v", retry)
	}
}

func TestListOperationsQuery(t *testing.T) {
	srv, rc := serve(t, okJSON(emptyList))
	c := newTestClient(t, Config{URL: srv.URL})
	_, err := c.ListOperations(context.Background(), ListOperationsOptions{ExecutionID: "e1", State: OpStarted,
		SkipInternal: true, Include: []string{"id", "state"}, Size: 1000, Offset: 2000})
	if err != nil {
		t.Fatal(err)
	}
	q := rc.last(t).query
	want := map[string]string{"execution_id": "e1", "state": "started", "skip_internal": "true", "_include": "id,state",
		"_size": "1000", "_offset": "2000"}
	if len(q) != len(want) {
		t.Fatalf("query %v, want %v", q, want)
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Fatalf("%s=%q, want %q (query %v)", k, q.Get(k), v, q)
		}
	}
	// skip_internal=false would filter too (any non-empty value is true):
	// it is left out when false.
	if _, err := c.ListOperations(context.Background(), ListOperationsOptions{GraphID: "g1"}); err != nil {
		t.Fatal(err)
	}
	if q := rc.last(t).query; q.Has("skip_internal") || q.Get("graph_id") != "g1" || q.Has("execution_id") {
		t.Fatalf("query %v", q)
	}
	before := rc.count()
	_, err = c.ListOperations(context.Background(), ListOperationsOptions{ExecutionID: "e1", GraphID: "g1"})
	wantKind(t, err, KindBadParameters)
	_, err = c.ListOperations(context.Background(), ListOperationsOptions{})
	wantKind(t, err, KindBadParameters)
	if rc.count() != before {
		t.Fatal("a query the manager refuses was sent")
	}
}

func TestListOperationEventsQuery(t *testing.T) {
	srv, rc := serve(t, okJSON(emptyList))
	c := newTestClient(t, Config{URL: srv.URL})
	_, err := c.ListOperationEvents(context.Background(), OperationEventsOptions{ExecutionID: "e1", NodeInstanceID: "web_x1",
		Operation: "cloudify.interfaces.lifecycle.configure", IncludeLogs: true, Offset: 7, Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	q := rc.last(t).query
	types := q["type"]
	sort.Strings(types)
	if q.Get("node_instance_id") != "web_x1" || q.Get("operation") != "cloudify.interfaces.lifecycle.configure" ||
		!reflect.DeepEqual(types, []string{EventTypeEvent, EventTypeLog}) || q.Get("_offset") != "7" || q.Get("_size") != "50" ||
		q.Get("_sort") != "reported_timestamp" || q.Has("event_type") {
		t.Fatalf("query %v", q)
	}
	_, err = c.ListOperationEvents(context.Background(), OperationEventsOptions{ExecutionID: "e1",
		EventTypes: []string{"task_failed", "task_rescheduled"}, IncludeLogs: true})
	if err != nil {
		t.Fatal(err)
	}
	q = rc.last(t).query
	if !reflect.DeepEqual(q["event_type"], []string{"task_failed", "task_rescheduled"}) || !reflect.DeepEqual(q["type"], []string{EventTypeEvent}) ||
		q.Get("_size") != "1000" {
		t.Fatalf("query %v", q)
	}
}

func TestGetOperationNotFound(t *testing.T) {
	srv, _ := serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, 404, `{"message":"Requested `+"`Operation`"+` with ID `+"`nope`"+` was not found","error_code":"not_found_error"}`)
	})
	c := newTestClient(t, Config{URL: srv.URL})
	_, err := c.GetOperation(context.Background(), "nope")
	wantKind(t, err, KindNotFound)
}

func TestOperationInfoShapes(t *testing.T) {
	for in, want := range map[string]string{`null`: "", `"creating"`: "creating", `{"name":"install_a"}`: "install_a", `7`: ""} {
		var i OperationInfo
		if err := json.Unmarshal([]byte(in), &i); err != nil || i.Text != want {
			t.Fatalf("%s: %q, %v", in, i.Text, err)
		}
		if b, _ := json.Marshal(i); string(b) != in {
			t.Fatalf("%s written back as %s", in, b)
		}
	}
}
