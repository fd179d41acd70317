package simulator

import (
	"net/url"
	"strings"
	"testing"
)

// The tenant's timeline holds every execution's events in the same order
// as each execution's own list, and the filters a timeline uses (_range,
// message, level, event_type, node_id) narrow it as the reference says.
func TestEventsTimelineOfTheTenant(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 3, NoHistory: true, Worker: true})
	a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"}).str("id")
	runUntilEnd(t, s, clock, a)
	b := start(t, s, map[string]any{"deployment_id": "web-staging", "workflow_id": "install"}).str("id")
	runUntilEnd(t, s, clock, b)

	key := func(it map[string]any) string { return it["message"].(string) + "|" + it["type"].(string) }
	all := call(t, s, "GET", "/api/v3.1/events?_sort=reported_timestamp", nil).items()
	for _, id := range []string{a, b} {
		var inTimeline, own []string
		for _, it := range all {
			if it["execution_id"] == id {
				inTimeline = append(inTimeline, key(it))
			}
		}
		for _, it := range call(t, s, "GET", "/api/v3.1/events?_sort=reported_timestamp&execution_id="+id, nil).items() {
			own = append(own, key(it))
		}
		if len(own) == 0 || strings.Join(own, "\n") != strings.Join(inTimeline, "\n") {
			t.Fatalf("execution %s: %d in its own list, %d in the timeline, or not in the same order", id, len(own), len(inTimeline))
		}
	}

	q := func(query string) []map[string]any {
		return call(t, s, "GET", "/api/v3.1/events?"+query, nil).items()
	}
	for _, it := range q("level=info") {
		if it["type"] != "cloudify_log" || it["level"] != "info" {
			t.Fatalf("level=info brought %v", it)
		}
	}
	started := q("event_type=workflow_started")
	if len(started) != 2 {
		t.Fatalf("event_type=workflow_started: %d items, want one per execution", len(started))
	}
	for _, it := range started {
		if it["type"] != "cloudify_event" {
			t.Fatalf("event_type brought a log: %v", it)
		}
	}
	nodes := q("node_id=vm")
	if len(nodes) == 0 {
		t.Fatal("node_id=vm matched nothing")
	}
	for _, it := range nodes {
		if it["node_name"] != "vm" {
			t.Fatalf("node_id=vm brought node %v", it["node_name"])
		}
	}
	// message is ILIKE: any case, the caller's %.
	msg := q("message=" + url.QueryEscape("%STARTING 'INSTALL'%"))
	if len(msg) != 2 {
		t.Fatalf("message ILIKE: %d items, want 2", len(msg))
	}
	if n := len(q("message=" + url.QueryEscape("STARTING"))); n != 0 {
		t.Fatalf("message without %% matched %d (ILIKE is the whole text)", n)
	}
	// _range: from inclusive, to exclusive, either end open.
	split := started[1]["timestamp"].(string)
	after := q("_range=" + url.QueryEscape("@timestamp,"+split+","))
	before := q("_range=" + url.QueryEscape("@timestamp,,"+split))
	if len(after)+len(before) != len(all) || len(after) == 0 || len(before) == 0 {
		t.Fatalf("_range split %d + %d of %d", len(after), len(before), len(all))
	}
	for _, it := range after {
		if it["timestamp"].(string) < split {
			t.Fatalf("from is not inclusive-only: %v", it["timestamp"])
		}
	}
}
