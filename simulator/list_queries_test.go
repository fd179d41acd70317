package simulator

import (
	"sort"
	"strconv"
	"testing"
)

// What incremental polling relies on, checked against cloudify-api.md §6
// (GET /executions query parameters).

func listIDs(t *testing.T, s *Simulator, query string) ([]map[string]any, answer) {
	t.Helper()
	a := call(t, s, "GET", "/api/v3.1/executions?"+query, nil)
	if a.status != 200 {
		t.Fatalf("%s: %d %s", query, a.status, a.raw)
	}
	return a.items(), a
}

// §6 "any response field … repeat the key for OR": status and id repeated;
// different keys AND together; an unknown value matches nothing.
func TestListRepeatedFiltersOr(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 2, Demo: true})
	want := len(s.FindExecutions(ExecutionQuery{Tenant: "default_tenant", Status: "started"})) +
		len(s.FindExecutions(ExecutionQuery{Tenant: "default_tenant", Status: "pending"}))
	items, a := listIDs(t, s, "status=started&status=pending&_include_system_workflows=true")
	if len(items) != want || a.total() != want || want < 2 {
		t.Fatalf("status OR: %d items, total %d, want %d", len(items), a.total(), want)
	}
	for _, it := range items {
		if it["status"] != "started" && it["status"] != "pending" {
			t.Fatalf("status %v", it["status"])
		}
	}
	all, _ := listIDs(t, s, "_include=id&_size=3")
	idA, idB := all[0]["id"].(string), all[2]["id"].(string)
	items, _ = listIDs(t, s, "id="+idA+"&id="+idB+"&id=no-such-id")
	if len(items) != 2 || items[0]["id"] != idA || items[1]["id"] != idB {
		t.Fatalf("id OR: %v", items)
	}
	items, _ = listIDs(t, s, "id="+idA+"&id="+idB+"&status=nope")
	if len(items) != 0 {
		t.Fatalf("AND across keys: %v", items)
	}
}

// §6 _include, _sort=-created_at (created_at ASC tiebreak), _size/_offset:
// pages of a newest-first list put together are the whole list.
func TestListNewestFirstPages(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 2, Demo: true, Preload: 300})
	whole, a := listIDs(t, s, "_include=id,created_at&_sort=-created_at&_get_all_results=true")
	if a.total() != len(whole) || len(whole) < 200 {
		t.Fatalf("whole list %d of %d", len(whole), a.total())
	}
	for _, it := range whole {
		if len(it) != 2 {
			t.Fatalf("_include gave %v", it)
		}
	}
	if !sort.SliceIsSorted(whole, func(i, j int) bool {
		return whole[i]["created_at"].(string) > whole[j]["created_at"].(string)
	}) {
		t.Fatal("not newest first")
	}
	var paged []map[string]any
	for off := 0; ; off += 50 {
		page, a := listIDs(t, s, "_include=id,created_at&_sort=-created_at&_size=50&_offset="+strconv.Itoa(off))
		md := a.obj["metadata"].(map[string]any)["pagination"].(map[string]any)
		if md["size"] != 50.0 || md["offset"] != float64(off) || int(md["total"].(float64)) != len(whole) {
			t.Fatalf("pagination %v", md)
		}
		paged = append(paged, page...)
		if len(page) < 50 {
			break
		}
	}
	if len(paged) != len(whole) {
		t.Fatalf("pages hold %d, whole %d", len(paged), len(whole))
	}
	for i := range whole {
		if paged[i]["id"] != whole[i]["id"] {
			t.Fatalf("row %d differs", i)
		}
	}
}

// The executions list has no rangeable decorator (unlike /events, §9.3),
// and create_filters drops every "_" key: _range is silently ignored, so a
// created_at window cannot be asked for — only exact created_at matches.
func TestListRangeIsIgnored(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 2, Demo: true})
	plain, _ := listIDs(t, s, "_include=id")
	ranged, _ := listIDs(t, s, "_include=id&_range=created_at,2100-01-01T00:00:00.000Z,")
	if len(plain) != len(ranged) || len(plain) == 0 {
		t.Fatalf("_range changed the answer: %d vs %d", len(ranged), len(plain))
	}
	one, _ := listIDs(t, s, "_include=id,created_at&_size=1")
	exact, _ := listIDs(t, s, "_include=id&created_at="+one[0]["created_at"].(string))
	if len(exact) < 1 || exact[0]["id"] != one[0]["id"] {
		t.Fatalf("exact created_at: %v", exact)
	}
}
