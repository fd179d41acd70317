package simulator

import "testing"

// cloudify-api-operations.md §5.2: GET /workflows is the union by name over
// one deployment per blueprint, is_available evaluated on that deployment,
// size = item count and no "filtered"; Deployment filters only.
func TestListWorkflows(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, Demo: true})
	a := call(t, s, "GET", "/api/v3.1/workflows?_size=2&_sort=-name&_include=name", nil)
	if a.status != 200 {
		t.Fatalf("%d %s", a.status, a.raw)
	}
	md := a.obj["metadata"].(map[string]any)
	if _, has := md["filtered"]; has {
		t.Fatalf("filtered in %s", a.raw)
	}
	items := a.items()
	p := md["pagination"].(map[string]any)
	if int(p["total"].(float64)) != len(items) || int(p["size"].(float64)) != len(items) || p["offset"] != 0.0 {
		t.Fatalf("pagination %v for %d items", p, len(items))
	}
	names := map[string]bool{}
	for _, it := range items {
		if len(it) != 7 {
			t.Fatalf("item keys %v", it)
		}
		name := it["name"].(string)
		if names[name] {
			t.Fatalf("%s listed twice", name)
		}
		names[name] = true
	}
	// builtins plus the blueprint workflows of default_tenant's deployments
	for _, want := range []string{"install", "uninstall", "scale", "backup", "flush_cache"} {
		if !names[want] {
			t.Fatalf("%s missing from %v", want, names)
		}
	}
	if names["failover"] != true || len(items) != 18 {
		t.Fatalf("%d workflows: %v", len(items), names)
	}
	// a deployment filter narrows it; is_available is that deployment's
	if err := s.SetNodeInstanceStates("", "web-staging", "uninitialized"); err != nil {
		t.Fatal(err)
	}
	a = call(t, s, "GET", "/api/v3.1/workflows?id=web-staging", nil)
	for _, it := range a.items() {
		switch it["name"] {
		case "install":
			if it["is_available"] != true {
				t.Fatalf("install on an uninstalled deployment: %v", it)
			}
		case "uninstall":
			if it["is_available"] != false {
				t.Fatalf("uninstall on an uninstalled deployment: %v", it)
			}
		case "backup":
			t.Fatal("web-staging's blueprint has no backup")
		}
	}
	a = call(t, s, "GET", "/api/v3.1/workflows?deployment_id=web-prod", nil)
	if a.status != 400 || a.str("error_code") != "bad_parameters_error" {
		t.Fatalf("deployment_id filter: %d %s", a.status, a.raw)
	}
	if a := call(t, s, "GET", "/api/v3.1/workflows?_search=nothing-like-this", nil); len(a.items()) != 0 {
		t.Fatalf("_search: %s", a.raw)
	}
	if a := call(t, s, "GET", "/api/v3/workflows", nil); a.status != 404 {
		t.Fatalf("v3.1-only route under v3: %d", a.status)
	}
}

// §5.2 with _group_id: the union over a deployment group's deployments
// only; an unknown group lists nothing (200, empty), as the manager's
// filter on the group's ID does.
func TestListWorkflowsOfADeploymentGroup(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1, Demo: true})
	names := func(path string) map[string]bool {
		t.Helper()
		a := call(t, s, "GET", path, nil)
		if a.status != 200 {
			t.Fatalf("%s: %d %s", path, a.status, a.raw)
		}
		out := map[string]bool{}
		for _, it := range a.items() {
			out[it["name"].(string)] = true
		}
		return out
	}
	caches := names("/api/v3.1/workflows?_group_id=caches")
	if !caches["flush_cache"] || !caches["install"] || caches["backup"] {
		t.Fatalf("workflows of group caches: %v", caches)
	}
	if web := names("/api/v3.1/workflows?_group_id=web"); web["flush_cache"] || !web["install"] {
		t.Fatalf("workflows of group web: %v", web)
	}
	if none := names("/api/v3.1/workflows?_group_id=nope"); len(none) != 0 {
		t.Fatalf("an unknown group lists %v", none)
	}
}
