package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// benchExecution builds one execution as the manager serialises it, with
// every one of its 25 keys.
func benchExecution(r *rand.Rand, i int, base time.Time) map[string]any {
	workflows := []string{"install", "uninstall", "scale", "heal", "execute_operation", "create_deployment_environment", "upload_blueprint"}
	statuses := []Status{StatusTerminated, StatusTerminated, StatusTerminated, StatusFailed, StatusCancelled, StatusStarted, StatusPending, StatusQueued}
	wf := workflows[r.IntN(len(workflows))]
	st := statuses[r.IntN(len(statuses))]
	dep := fmt.Sprintf("web-%s-%03d", []string{"prod", "staging", "dev"}[r.IntN(3)], r.IntN(300))
	created := base.Add(time.Duration(i) * 7 * time.Second)
	ts := func(t time.Time) string { return t.UTC().Format(TimeLayout) }
	var started, ended, errText any
	if st != StatusPending && st != StatusQueued {
		started = ts(created.Add(800 * time.Millisecond))
	}
	switch st {
	case StatusTerminated, StatusCancelled:
		ended, errText = ts(created.Add(time.Duration(30+r.IntN(600))*time.Second)), ""
	case StatusFailed:
		ended = ts(created.Add(time.Duration(30+r.IntN(600)) * time.Second))
		errText = "Traceback (most recent call last):\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/dispatch.py\", line 1163, in main\n    payload = handler.handle()\nRuntimeError: Task failed 'cloudify.interfaces.lifecycle.create' -> port 8080 already in use\n"
	}
	total := r.IntN(40)
	return map[string]any{
		"created_at": ts(created), "visibility": "tenant",
		"id":       fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", r.Uint32(), r.IntN(1<<16), r.IntN(1<<12), r.IntN(1<<12), r.Uint64()&(1<<48-1)),
		"ended_at": ended, "error": errText, "is_system_workflow": false, "parameters_p": nil,
		"parameters": map[string]any{"type_names": []any{}, "node_ids": []any{"vm", "http_web_server"}, "node_instance_ids": []any{},
			"ignore_failure": false, "delta": 1},
		"status": string(st), "workflow_id": wf, "started_at": started, "scheduled_for": nil,
		"is_dry_run": r.IntN(20) == 0, "resume": false, "total_operations": total, "finished_operations": r.IntN(total + 1),
		"allow_custom_parameters": false, "blueprint_id": "hello-web", "deployment_display_name": dep, "deployment_id": dep,
		"status_display": st.Display(), "tenant_name": "default_tenant", "created_by": "admin",
		"resource_availability": "tenant", "private_resource": false,
	}
}

// benchPage is a list answer with n executions, projected on fields (nil =
// all of them), serialised like the manager (", " and ": " separators).
func benchPage(n int, fields []string) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	items := make([]map[string]any, n)
	for i := range items {
		full := benchExecution(r, i, base)
		if fields == nil {
			items[i] = full
			continue
		}
		items[i] = map[string]any{}
		for _, f := range fields {
			items[i][f] = full[f]
		}
	}
	// Like the manager: metadata first, then the items.
	b, err := json.Marshal(items)
	if err != nil {
		panic(err)
	}
	b = append([]byte(fmt.Sprintf(`{"metadata":{"pagination":{"total":%d,"size":%d,"offset":0},"filtered":null},"items":`, n, n)), b...)
	b = append(b, '}')
	// The manager writes ", " and ": ".
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", ""); err != nil {
		panic(err)
	}
	s := strings.NewReplacer(",\n", ", ", "\n", "").Replace(out.String())
	return []byte(s)
}

// memTransport answers every request with the same body, without a network.
// chunked leaves the length unknown, as a chunked answer does.
type memTransport struct {
	body    []byte
	chunked bool
}

func (m memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	n := int64(len(m.body))
	if m.chunked {
		n = -1
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(m.body)), ContentLength: n, Request: req}, nil
}

// BenchmarkListExecutions1kChunkedBetweenCollections is --once's paging: full
// pages of unknown length, with garbage collections between them (which
// empty a sync.Pool).
func BenchmarkListExecutions1kChunkedBetweenCollections(b *testing.B) {
	body := benchPage(1_000, nil)
	c, err := New(Config{URL: "http://bench:80", Tenant: "default_tenant", Username: "admin", Password: "admin",
		HTTPClient: &http.Client{Transport: memTransport{body: body, chunked: true}}})
	if err != nil {
		b.Fatal(err)
	}
	o := ListExecutionsOptions{Sort: []string{"-created_at"}, Size: 1_000}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		runtime.GC()
		b.StartTimer()
		if _, err := c.ListExecutions(b.Context(), o); err != nil {
			b.Fatal(err)
		}
	}
}

func benchList(b *testing.B, n int, fields []string) {
	body := benchPage(n, fields)
	c, err := New(Config{URL: "http://bench:80", Tenant: "default_tenant", Username: "admin", Password: "admin",
		HTTPClient: &http.Client{Transport: memTransport{body: body}}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	o := ListExecutionsOptions{Include: fields, Sort: []string{"-created_at"}, Size: n}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.ListExecutions(ctx, o)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Items) != n {
			b.Fatalf("%d items", len(p.Items))
		}
	}
}

// BenchmarkListExecutions10kListFields is the dashboard's poll: 10,000 rows
// with only the list's columns.
func BenchmarkListExecutions10kListFields(b *testing.B) { benchList(b, 10_000, ExecutionListFields) }

// BenchmarkListExecutions1kAllFields is a page of 1,000 full executions.
func BenchmarkListExecutions1kAllFields(b *testing.B) { benchList(b, 1_000, nil) }

// BenchmarkListExecutions10kReadAllUnmarshal is the baseline the streaming
// decoder is measured against: the whole body read, then json.Unmarshal.
func BenchmarkListExecutions10kReadAllUnmarshal(b *testing.B) {
	body := benchPage(10_000, ExecutionListFields)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		all, err := io.ReadAll(bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		var env struct {
			Metadata struct {
				Pagination Pagination `json:"pagination"`
			} `json:"metadata"`
			Items []Execution `json:"items"`
		}
		if err := json.Unmarshal(all, &env); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchPageDecodes(t *testing.T) {
	// The generated pages are valid and decode completely, so the
	// benchmarks measure real work.
	for _, fields := range [][]string{ExecutionListFields, nil} {
		body := benchPage(50, fields)
		c, err := New(Config{URL: "http://bench:80", HTTPClient: &http.Client{Transport: memTransport{body: body}}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.ListExecutions(t.Context(), ListExecutionsOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != 50 || p.Pagination.Total != 50 || p.Items[0].ID == "" || p.Items[0].CreatedAt.IsZero() {
			t.Fatalf("%+v", p.Items[0])
		}
		if fields == nil && !bytes.Contains(body, []byte(`"parameters_p": null`)) {
			t.Error("not the manager's serialisation")
		}
	}
}

// BenchmarkListExecutions10kStreamingDecoder is encoding/json's streaming
// decoder (the fallback path), item by item from the body.
func BenchmarkListExecutions10kStreamingDecoder(b *testing.B) {
	body := benchPage(10_000, ExecutionListFields)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var p ExecutionPage
		if err := decodeList(json.NewDecoder(bytes.NewReader(body)), &p.Pagination, &p.Items, p.skip); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBodyBufferOutlivesCollections: the buffer a chunked page was read
// into is still there for the next page after garbage collections, so that
// it is not regrown by doubling for every page of --once.
func TestBodyBufferOutlivesCollections(t *testing.T) {
	body := benchPage(1_000, nil)
	c, err := New(Config{URL: "http://bench:80", HTTPClient: &http.Client{Transport: memTransport{body: body, chunked: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListExecutions(t.Context(), ListExecutionsOptions{}); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.GC()
	if b := c.bodyBuffer(); b.Cap() < len(body) {
		t.Fatalf("the next page starts with a %d-byte buffer for a %d-byte page", b.Cap(), len(body))
	}
}
