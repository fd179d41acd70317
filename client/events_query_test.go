package client_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
)

// The query a timeline sends is the manager's own vocabulary: every filter
// by its name, repeated values, _range in the manager's datetime format,
// both types and the reported_timestamp order unless told otherwise.
func TestEventsQueryValues(t *testing.T) {
	from := time.Date(2026, 11, 29, 14, 0, 0, 0, time.FixedZone("x", 3600))
	q := client.EventsQuery{
		ExecutionIDs: []string{"a", "b"}, DeploymentIDs: []string{"web"}, NodeIDs: []string{"vm"},
		EventTypes: []string{"task_failed"}, Levels: []string{"error"},
		Operations: []string{client.ILikeContains("create")}, Messages: []string{client.ILikeContains(`a\b`)},
		Range:  &client.EventsRange{From: from},
		Offset: 30, Size: 100,
	}
	got := q.Values()
	want := url.Values{
		"execution_id": {"a", "b"}, "deployment_id": {"web"}, "node_id": {"vm"},
		"event_type": {"task_failed"}, "level": {"error"}, "operation": {"%create%"}, "message": {"%a_b%"},
		"type": {"cloudify_event", "cloudify_log"}, "_sort": {"reported_timestamp"},
		"_range": {"@timestamp,2026-11-29T13:00:00.000Z,"}, "_offset": {"30"}, "_size": {"100"},
	}
	if got.Encode() != want.Encode() {
		t.Fatalf("query\n got %s\nwant %s", got.Encode(), want.Encode())
	}
	z := client.EventsQuery{Size: client.SizeZero, Sort: []string{"-reported_timestamp"}, Types: []string{client.EventTypeLog}}.Values()
	if z.Get("_size") != "0" || z.Get("_sort") != "-reported_timestamp" || strings.Join(z["type"], ",") != "cloudify_log" {
		t.Fatalf("size zero / sort / type: %s", z.Encode())
	}
}

// QueryEvents sends the query to /api/v3.1/events and reads the page.
func TestQueryEventsSendsTheQuery(t *testing.T) {
	var seen *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"metadata":{"pagination":{"size":1000,"offset":0,"total":1}},"items":[` +
			`{"_storage_id":1,"timestamp":"2026-11-29T14:14:48.099Z","reported_timestamp":"2026-11-29T14:14:48.112Z",` +
			`"deployment_id":"d","execution_id":"e","workflow_id":"install","message":"m","error_causes":null,` +
			`"operation":null,"node_instance_id":"vm_1","node_name":"vm","logger":"x","level":"error","type":"cloudify_log"}]}`))
	}))
	defer srv.Close()
	c, err := client.New(client.Config{URL: srv.URL, Tenant: "t1", Username: "u", Password: "p", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.QueryEvents(client.WithTenant(ctx(t), "ops"), client.EventsQuery{Levels: []string{"error"}})
	if err != nil {
		t.Fatal(err)
	}
	if seen.URL.Path != "/api/v3.1/events" || seen.URL.Query().Get("level") != "error" || seen.Header.Get("Tenant") != "ops" {
		t.Fatalf("sent %s %s tenant %q", seen.Method, seen.URL, seen.Header.Get("Tenant"))
	}
	if len(p.Items) != 1 || p.Items[0].Level != "error" || p.Items[0].NodeInstanceID.Value != "vm_1" || p.Pagination.Total != 1 {
		t.Fatalf("page %+v", p)
	}
}

// Against the simulator: the tenant's timeline is every execution's events
// in one stream, and each server-side filter narrows it as the manager does.
func TestQueryEventsAgainstSimulator(t *testing.T) {
	sim, c := newSim(t, simulator.Options{Seed: 7, Demo: true})
	all, err := c.QueryEvents(ctx(t), client.EventsQuery{Size: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items) == 0 || all.Pagination.Total != len(all.Items) {
		t.Fatalf("%d items, total %d", len(all.Items), all.Pagination.Total)
	}
	for i := 1; i < len(all.Items); i++ {
		if all.Items[i].ReportedTimestamp.Before(all.Items[i-1].ReportedTimestamp.Time) {
			t.Fatalf("item %d reported before item %d", i, i-1)
		}
	}
	// One execution's share of the timeline is what the simulator stored for it.
	ex := all.Items[len(all.Items)-1].ExecutionID.Value
	var mine int
	for _, e := range all.Items {
		if e.ExecutionID.Value == ex {
			mine++
		}
	}
	if n := len(sim.Events(ex)); n != mine {
		t.Fatalf("execution %s: %d in the timeline, %d stored", ex, mine, n)
	}
	errs, err := c.QueryEvents(ctx(t), client.EventsQuery{Levels: []string{"error"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs.Items {
		if !e.IsLog() || e.Level != "error" {
			t.Fatalf("level=error brought %+v", e)
		}
	}
	failed, err := c.QueryEvents(ctx(t), client.EventsQuery{EventTypes: []string{"task_failed"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(failed.Items) == 0 {
		t.Fatal("the demo world has no task_failed event")
	}
	for _, e := range failed.Items {
		if e.IsLog() || e.EventType != "task_failed" {
			t.Fatalf("event_type=task_failed brought %+v", e)
		}
	}
	// The newest page first, by the reverse order, with the total.
	last, err := c.QueryEvents(ctx(t), client.EventsQuery{Sort: []string{"-reported_timestamp"}, Size: 3})
	if err != nil {
		t.Fatal(err)
	}
	if last.Pagination.Total != len(all.Items) || len(last.Items) != 3 ||
		last.Items[0].Message != all.Items[len(all.Items)-1].Message {
		t.Fatalf("newest page %+v", last)
	}
	// A range in the future holds nothing; its total says so.
	none, err := c.QueryEvents(ctx(t), client.EventsQuery{Range: &client.EventsRange{From: all.Items[len(all.Items)-1].Timestamp.Add(time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(none.Items) != 0 || none.Pagination.Total != 0 {
		t.Fatalf("future range: %d items", len(none.Items))
	}
}
