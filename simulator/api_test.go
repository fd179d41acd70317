package simulator

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
)

func TestAuthAndTenants(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1})
	const list = "/api/v3.1/executions?_include=id"
	noInfo := "User unauthorized: No authentication info provided"
	basic := func(u, p string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(u+":"+p)) }
	wantError(t, call(t, s, "GET", list, nil, "Authorization", ""), 401, "unauthorized_error", noInfo)
	wantError(t, call(t, s, "GET", list, nil, "Authorization", basic("admin", "wrong")), 401, "unauthorized_error",
		"User unauthorized: Authentication failed for <User username=`admin`>. Wrong credentials or locked account")
	wantError(t, call(t, s, "GET", list, nil, "Authorization", basic("nobody", "x")), 401, "unauthorized_error", noInfo)
	wantError(t, call(t, s, "GET", list, nil, "Authorization", basic("1admin", "admin")), 401, "unauthorized_error", noInfo)
	tok := s.NewToken()
	wantError(t, call(t, s, "GET", list, nil, "Authorization", "Bearer "+tok), 401, "unauthorized_error", noInfo)
	wantError(t, call(t, s, "GET", list, nil, "Authorization", "", "Authentication-Token", "ctok-AAAAAAAAAA-notthesecret"), 401,
		"unauthorized_error", "User unauthorized: Unauthorized")
	wantError(t, call(t, s, "GET", list, nil, "Authorization", "", "Authentication-Token", "garbage"), 401,
		"unauthorized_error", "User unauthorized: Invalid token structure")
	if a := call(t, s, "GET", list, nil, "Authorization", "", "Authentication-Token", tok); a.status != 200 {
		t.Fatalf("token: %d %s", a.status, a.raw)
	}
	// a token from POST /tokens works too
	created := call(t, s, "POST", "/api/v3.1/tokens", map[string]any{"description": "ci", "expiration_date": nil})
	if created.status != 200 || !strings.HasPrefix(created.str("value"), "ctok-"+created.str("id")+"-") || created.str("username") != "admin" {
		t.Fatalf("tokens: %d %s", created.status, created.raw)
	}
	if a := call(t, s, "GET", list, nil, "Authorization", "", "Authentication-Token", created.str("value")); a.status != 200 {
		t.Fatalf("created token: %d", a.status)
	}
	// tenants
	wantError(t, call(t, s, "GET", list, nil, "Tenant", ""), 403, "forbidden_error", "Authorization failed: tenant not provided")
	wantError(t, call(t, s, "GET", list, nil, "Tenant", "nosuch"), 403, "forbidden_error",
		"Authorization failed: Tried to authenticate with invalid tenant name: nosuch")
	all := call(t, s, "GET", "/api/v3.1/executions?_all_tenants=true&_include=id,tenant_name", nil, "Tenant", "")
	tenants := map[string]int{}
	for _, it := range all.items() {
		tenants[it["tenant_name"].(string)]++
	}
	if all.status != 200 || tenants["default_tenant"] != 4 || tenants["ops-team"] != 2 {
		t.Fatalf("_all_tenants: %d %v", all.status, tenants)
	}
	ops := call(t, s, "GET", "/api/v3.1/executions?_include=id,tenant_name", nil, "Tenant", "ops-team")
	if ops.total() != 2 {
		t.Fatalf("ops-team sees %d", ops.total())
	}
	// /ok needs no credentials; unknown routes are Flask's HTML 404
	if a := call(t, s, "GET", "/api/v3.1/ok", nil, "Authorization", "", "Tenant", ""); a.status != 200 || string(a.raw) != `"OK"` || a.ctype != "application/json" {
		t.Fatalf("ok: %d %q", a.status, a.raw)
	}
	for _, p := range []string{"/api/v3.1/no-such-endpoint", "/api/v4/executions", "/api/v3/status", "/executions"} {
		if a := call(t, s, "GET", p, nil); a.status != 404 || a.ctype != "text/html; charset=utf-8" || !strings.Contains(string(a.raw), "<title>404 Not Found</title>") {
			t.Fatalf("%s: %d %s", p, a.status, a.ctype)
		}
	}
	if a := call(t, s, "PUT", "/api/v3.1/executions", nil); a.status != 405 || !strings.Contains(a.ctype, "html") {
		t.Fatalf("PUT: %d", a.status)
	}
}

func TestMetaEndpoints(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1})
	for path, keys := range map[string][]string{
		"/api/version":               {"edition", "version", "build", "date", "commit", "distribution", "distro_release"},
		"/api/v3.1/version":          {"edition", "version", "build", "date", "commit", "distribution", "distro_release"},
		"/api/v3.1/status":           {"status", "services"},
		"/api/v3.1/provider/context": {"id", "name", "context"},
		"/api/v3.1/tenants":          {"metadata", "items"},
		"/api/v3.1/managers":         {"metadata", "items"},
		"/api/v3.1/brokers":          {"metadata", "items"},
		"/api/v3.1/db-nodes":         {"metadata", "items"},
		"/api/v3.1/user":             {"username", "role"},
	} {
		a := call(t, s, "GET", path, nil)
		if a.status != 200 || a.ctype != "application/json" {
			t.Fatalf("%s: %d %s", path, a.status, a.raw)
		}
		for _, k := range keys {
			if _, ok := a.obj[k]; !ok {
				t.Fatalf("%s: no %s in %s", path, k, a.raw)
			}
		}
	}
	// cfy profiles use: exactly one manager/broker/db node with equal addresses
	m := call(t, s, "GET", "/api/v3.1/managers", nil).items()
	b := call(t, s, "GET", "/api/v3.1/brokers", nil).items()
	d := call(t, s, "GET", "/api/v3.1/db-nodes", nil).items()
	if len(m) != 1 || len(b) != 1 || len(d) != 1 || m[0]["private_ip"] != b[0]["host"] || b[0]["host"] != d[0]["host"] {
		t.Fatalf("cluster shape: %v %v %v", m, b, d)
	}
	if a := call(t, s, "GET", "/api/v3.1/status?summary=true", nil); a.str("status") != "OK" || len(a.obj["services"].(map[string]any)) != 0 {
		t.Fatalf("summary status: %s", a.raw)
	}
}

func TestListExecutions(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, NoHistory: true})
	// three on web-prod with the same created_at, distinct workflows
	var ids []string
	for _, wf := range []string{"install", "heal", "uninstall"} {
		ids = append(ids, mustAdd(t, s, ExecutionSpec{DeploymentID: "web-prod", WorkflowID: wf, Status: "terminated", CreatedAt: testEpoch}).ID)
	}
	failed := mustAdd(t, s, ExecutionSpec{DeploymentID: "web-staging", WorkflowID: "install", Status: "failed", CreatedAt: testEpoch.Add(1e9)}).ID
	snap := mustAdd(t, s, ExecutionSpec{WorkflowID: "create_snapshot", Status: "started", CreatedAt: testEpoch.Add(2e9)}).ID
	older := mustAdd(t, s, ExecutionSpec{DeploymentID: "db-staging", WorkflowID: "install", Status: "cancelled", CreatedAt: testEpoch.Add(-1e9)}).ID
	idsOf := func(a answer) []string {
		var out []string
		for _, it := range a.items() {
			out = append(out, it["id"].(string))
		}
		return out
	}
	eq := func(name string, got []string, want ...string) {
		t.Helper()
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("%s:\n got %v\nwant %v", name, got, want)
		}
	}
	base := "/api/v3.1/executions?_include=id"
	eq("default order (created_at asc, system hidden)", idsOf(call(t, s, "GET", base, nil)), older, ids[0], ids[1], ids[2], failed)
	eq("newest first", idsOf(call(t, s, "GET", base+"&_sort=-created_at", nil)), failed, ids[0], ids[1], ids[2], older)
	eq("workflow desc then created", idsOf(call(t, s, "GET", base+"&_sort=-workflow_id", nil)), ids[2], older, ids[0], failed, ids[1])
	eq("system included", idsOf(call(t, s, "GET", base+"&_include_system_workflows=True", nil)), older, ids[0], ids[1], ids[2], failed, snap)
	eq("is_system_workflow overrides", idsOf(call(t, s, "GET", base+"&is_system_workflow=true", nil)), snap)
	eq("OR within a key", idsOf(call(t, s, "GET", base+"&status=failed&status=cancelled", nil)), older, failed)
	eq("AND across keys", idsOf(call(t, s, "GET", base+"&status=terminated&workflow_id=heal", nil)), ids[1])
	eq("status_display", idsOf(call(t, s, "GET", base+"&status_display=completed", nil)), ids...)
	eq("unknown value", idsOf(call(t, s, "GET", base+"&deployment_id=nope", nil)))
	eq("_search ignored", idsOf(call(t, s, "GET", base+"&_search=inst", nil)), older, ids[0], ids[1], ids[2], failed)
	page := call(t, s, "GET", base+"&_size=2&_offset=1", nil)
	eq("page", idsOf(page), ids[0], ids[1])
	md := page.obj["metadata"].(map[string]any)
	if p := md["pagination"].(map[string]any); p["total"] != float64(5) || p["size"] != float64(2) || p["offset"] != float64(1) || md["filtered"] != nil {
		t.Fatalf("metadata %v", md)
	}
	if z := call(t, s, "GET", base+"&_size=0", nil); len(z.items()) != 0 || z.total() != 5 {
		t.Fatalf("_size=0: %s", z.raw)
	}
	eq("get all results", idsOf(call(t, s, "GET", base+"&_size=1&_get_all_results=true", nil)), older, ids[0], ids[1], ids[2], failed)
	full := call(t, s, "GET", "/api/v3.1/executions?_size=1", nil).items()[0]
	if len(full) != 25 || full["status_display"] != "cancelled" {
		t.Fatalf("full item %v", full)
	}
	// errors
	a := call(t, s, "GET", "/api/v3.1/executions?_size=-1", nil)
	if a.status != 400 || a.str("error_code") != "bad_parameters_error" || a.obj["server_traceback"] != nil {
		t.Fatalf("_size=-1: %s", a.raw)
	}
	if _, has := a.obj["server_traceback"]; has {
		t.Fatal("pagination errors have no server_traceback key")
	}
	if a := call(t, s, "GET", "/api/v3.1/executions?_offset=x", nil); a.status != 400 || !strings.Contains(a.str("message"), "_offset") {
		t.Fatalf("_offset=x: %s", a.raw)
	}
	wantError(t, call(t, s, "GET", "/api/v3.1/executions?_include=id,bogus,progress", nil), 400, "no_such_include_field_error", "")
	if m := call(t, s, "GET", "/api/v3.1/executions?_include=execution_group_id", nil); m.str("error_code") != "no_such_include_field_error" {
		t.Fatalf("execution_group_id include: %s", m.raw)
	}
	wantError(t, call(t, s, "GET", "/api/v3.1/executions?_sort=bogus", nil), 400, "bad_parameters_error", "")
	if a := call(t, s, "GET", "/api/v3.1/executions?_sort=execution_group_id", nil); a.status != 200 {
		t.Fatalf("sort by execution_group_id: %d", a.status)
	}
	wantError(t, call(t, s, "GET", "/api/v3.1/executions?environment=prod", nil), 400, "bad_parameters_error", "")
	wantError(t, call(t, s, "GET", "/api/v3.1/executions?_include_system_workflows=yes", nil), 400, "bad_parameters_error",
		"_include_system_workflows must be <true/false>, got yes")
	// summary counts include system workflows
	sum := call(t, s, "GET", "/api/v3.1/summary/executions?_target_field=status&_sub_field=workflow_id", nil)
	counts := map[string]float64{}
	for _, it := range sum.items() {
		counts[it["status"].(string)] = it["executions"].(float64)
	}
	if counts["terminated"] != 3 || counts["started"] != 1 || counts["failed"] != 1 || counts["cancelled"] != 1 {
		t.Fatalf("summary %s", sum.raw)
	}
	// the v3 prefix serves the same list
	if v3 := call(t, s, "GET", "/api/v3/executions?_include=id", nil); v3.total() != 5 {
		t.Fatalf("v3: %s", v3.raw)
	}
}

func TestEventsList(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	id := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"}).str("id")
	runUntilEnd(t, s, clock, id)
	other := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "install"}).str("id")
	runUntilEnd(t, s, clock, other)
	stored := s.Events(id)
	all := call(t, s, "GET", "/api/v3.1/events?execution_id="+id, nil)
	md := all.obj["metadata"].(map[string]any)["pagination"].(map[string]any)
	if all.total() != len(stored) || md["size"] != float64(10000) {
		t.Fatalf("events: total %d stored %d, %v", all.total(), len(stored), md)
	}
	evKeys := []string{"_storage_id", "timestamp", "reported_timestamp", "blueprint_id", "deployment_id", "deployment_display_name",
		"execution_id", "execution_group_id", "workflow_id", "message", "error_causes", "operation", "source_id", "target_id",
		"manager_name", "agent_name", "node_instance_id", "node_name", "type"}
	for _, it := range all.items() {
		want := len(evKeys) + 1 // event_type, or logger+level
		if it["type"] == "cloudify_log" {
			want++
		}
		if len(it) != want {
			t.Fatalf("event keys %v", it)
		}
		for _, k := range evKeys {
			if _, ok := it[k]; !ok {
				t.Fatalf("missing %s in %v", k, it)
			}
		}
	}
	onlyEvents := call(t, s, "GET", "/api/v3.1/events?execution_id="+id+"&type=cloudify_event", nil)
	logs := call(t, s, "GET", "/api/v3.1/events?execution_id="+id+"&type=cloudify_log", nil)
	if onlyEvents.total()+logs.total() != all.total() || logs.total() == 0 {
		t.Fatalf("type filter: %d + %d != %d", onlyEvents.total(), logs.total(), all.total())
	}
	both := call(t, s, "GET", "/api/v3.1/events?execution_id="+id+"&execution_id="+other, nil)
	if both.total() != len(stored)+len(s.Events(other)) {
		t.Fatalf("OR on execution_id: %d", both.total())
	}
	// paging by offset walks the same stable order
	var walked []string
	for off := 0; off < all.total(); off += 4 {
		p := call(t, s, "GET", "/api/v3.1/events?execution_id="+id+"&_sort=reported_timestamp&_size=4&_offset="+strconv.Itoa(off), nil)
		for _, it := range p.items() {
			walked = append(walked, it["message"].(string)+it["type"].(string))
		}
	}
	var whole []string
	for _, it := range call(t, s, "GET", "/api/v3.1/events?execution_id="+id+"&_sort=reported_timestamp", nil).items() {
		whole = append(whole, it["message"].(string)+it["type"].(string))
	}
	if strings.Join(walked, "|") != strings.Join(whole, "|") {
		t.Fatal("paging by offset does not follow the full order")
	}
	desc := call(t, s, "GET", "/api/v3.1/events?execution_id="+id+"&_sort=-@timestamp", nil).items()
	if desc[0]["event_type"] != "workflow_succeeded" && desc[0]["event_type"] != "workflow_failed" {
		t.Fatalf("newest first starts with %v", desc[0])
	}
	if m := call(t, s, "GET", "/api/v3.1/events?execution_id="+id+"&message=%25Task%20started%25", nil); m.total() == 0 {
		t.Fatal("message ILIKE matched nothing")
	}
	wantError(t, call(t, s, "GET", "/api/v3.1/events?include_logs=true", nil), 400, "bad_parameters_error",
		"Unknown field to filter by: include_logs. Allowed values: blueprint_id, deployment_id, event_type, execution_group_id, execution_id, level, message, node_id, node_instance_id, operation")
	wantError(t, call(t, s, "GET", "/api/v3.1/events?_sort=bogus", nil), 400, "bad_parameters_error", "Unknown field to sort by: bogus")
	// other tenants' events are invisible
	if o := call(t, s, "GET", "/api/v3.1/events?execution_id="+id, nil, "Tenant", "ops-team"); o.total() != 0 {
		t.Fatalf("ops-team sees %d events", o.total())
	}
}

func TestDeployments(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, Demo: true})
	d := call(t, s, "GET", "/api/v3.1/deployments/db-staging", nil)
	if d.status != 200 || len(d.obj) != 50 {
		t.Fatalf("deployment: %d keys %d", d.status, len(d.obj))
	}
	wfs := d.obj["workflows"].([]any)
	names := map[string]map[string]any{}
	for _, w := range wfs {
		m := w.(map[string]any)
		names[m["name"].(string)] = m
	}
	for _, n := range []string{"install", "uninstall", "scale", "heal", "execute_operation", "backup", "failover"} {
		if names[n] == nil {
			t.Fatalf("no workflow %s", n)
		}
	}
	delta := names["scale"]["parameters"].(map[string]any)["delta"].(map[string]any)
	if delta["type"] != "integer" {
		t.Fatalf("scale delta %v", delta)
	}
	if _, hasDefault := names["execute_operation"]["parameters"].(map[string]any)["operation"].(map[string]any)["default"]; hasDefault {
		t.Fatal("execute_operation's operation must be required")
	}
	placeholder := call(t, s, "GET", "/api/v3.1/deployments?_include=id,workflows", nil).items()[0]["workflows"].([]any)
	if len(placeholder) != 1 || placeholder[0].(map[string]any)["name"] != nil {
		t.Fatalf("list without _get_data: %v", placeholder)
	}
	real := call(t, s, "GET", "/api/v3.1/deployments?_include=id,workflows&_get_data=true", nil).items()[0]["workflows"].([]any)
	if len(real) < 15 {
		t.Fatalf("list with _get_data: %d workflows", len(real))
	}
	wantError(t, call(t, s, "GET", "/api/v3.1/deployments/nope", nil), 404, "not_found_error", "Requested `Deployment` with ID `nope` was not found")
	if l := call(t, s, "GET", "/api/v3.1/deployments?_search=prod&_include=id", nil); l.total() != 2 {
		t.Fatalf("_search=prod in default_tenant: %s", l.raw)
	}
	wp := call(t, s, "GET", "/api/v3.1/deployments/web-prod?_include=id,latest_execution_status,deployment_status", nil)
	if wp.str("latest_execution_status") != "in_progress" || wp.str("deployment_status") != "in_progress" || len(wp.obj) != 3 {
		t.Fatalf("web-prod: %s", wp.raw)
	}
}
