package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// referenceDecode is the encoding/json path the fast decoder must agree with.
func referenceDecode(b []byte) (ExecutionPage, error) {
	var p ExecutionPage
	err := decodeList(json.NewDecoder(bytes.NewReader(b)), &p.Pagination, &p.Items, p.skip)
	return p, err
}

// checkFastAgrees: when the fast decoder accepts a body, encoding/json
// accepts it too and decodes the very same values.
func checkFastAgrees(t *testing.T, name string, b []byte) (fastOK bool) {
	t.Helper()
	var fast ExecutionPage
	fastOK = decodeExecutionListFast(b, &fast)
	ref, err := referenceDecode(b)
	if !fastOK {
		return false
	}
	if err != nil {
		t.Fatalf("%s: the fast decoder accepted what encoding/json refuses (%v):\n%s", name, err, b)
	}
	if !reflect.DeepEqual(fast, ref) {
		t.Fatalf("%s: the fast decoder disagrees:\nfast %+v\nref  %+v\n%s", name, fast, ref, b)
	}
	return true
}

var fastEdgeCases = []struct {
	body   string
	fastOK bool
}{
	{`{}`, true},
	{`{"items": null}`, true},
	{`{"items": []}`, true},
	{` {"metadata": {"pagination": {"total": 1, "size": 1000, "offset": 0}, "filtered": null}, "items": [{}]} `, true},
	{`{"items": [{"id": "a", "error": "line\nbreak \u00e9 \"q\"", "deployment_id": null, "total_operations": 0}]}`, true},
	{`{"items": [{"id": "a", "deployment_id": "dép"}]}`, true},
	{`{"items": [{"id": "a", "unknown": {"x": [1, 2, {"y": "]}"}]}, "parameters": {"k": [true, null, -1.5e3]}}]}`, true},
	{`{"items": [{"id": "a", "status": null, "is_dry_run": null, "total_operations": null, "created_at": null, "ended_at": null}]}`, true},
	{`{"items": [{"id": "a", "parameters": null, "parameters_p": "x"}]}`, true},
	{`{"items": [{"id": "a", "id": "b"}]}`, true},
	{`{"items": [{"ID": "a"}]}`, true},
	{`{"Items": [{"id": "a"}]}`, false},
	{`{"items": [{"id": "a", "total_operations": 1.5}]}`, true},
	{`{"items": [{"id": "a", "total_operations": 1e2}]}`, true},
	{`{"items": [{"id": "a", "total_operations": 012}]}`, false},
	{`{"items": [{"id": "a", "total_operations": "1"}]}`, true},
	{`{"items": [{"id": 5}]}`, true},
	{`{"items": [{"id": "a", "is_dry_run": "false"}]}`, true},
	{`{"items": [{"id": "a", "created_at": "yesterday"}]}`, true},
	{`{"items": [{"id": "a", "created_at": "2026-11-29T13:58:04.864+01:00"}]}`, true},
	{`{"items": [null]}`, true},
	{`{"items": [{"id": "a"},]}`, false},
	{`{"items": [{"id": "a"}]} x`, false},
	{`{"items": [{"id": "a", "x": tru}]}`, false},
	{`{"items": [{"id": "a", "x": nullx}]}`, false},
	{`{"items": [{"id": "a", "x": [1 2]}]}`, false},
	{`{"items": [{"id": "a\u0001"}]}`, true},
	{"{\"items\": [{\"id\": \"a\x01\"}]}", false},
	{`{"items": [{"id": "a", "parameters": {"a" 1}}]}`, false},
	{`{"items": [{"id": "a"`, false},
	{`[]`, false},
	{`{"metadata": {"pagination": {"total": "x"}}, "items": []}`, false},
}

func TestFastDecoderEdgeCases(t *testing.T) {
	for _, tc := range fastEdgeCases {
		if got := checkFastAgrees(t, tc.body, []byte(tc.body)); got != tc.fastOK {
			t.Errorf("%s: fast decoder ok = %v, want %v", tc.body, got, tc.fastOK)
		}
	}
}

func TestFastDecoderAgreesOnCorpusAndGenerated(t *testing.T) {
	for _, fields := range [][]string{ExecutionListFields, nil, {"id", "status"}} {
		b := benchPage(300, fields)
		if !checkFastAgrees(t, "generated", b) {
			t.Errorf("the fast decoder refused a generated page (%v)", fields)
		}
	}
	all := loadWire(t) // skips when the corpus is missing
	n := 0
	for name, x := range all {
		if x.Request.Method != "GET" || !strings.HasSuffix(x.Request.Path, "/executions") || x.Response.Status != 200 {
			continue
		}
		n++
		if !checkFastAgrees(t, name, x.Response.Body) {
			t.Errorf("%s: the fast decoder refused a recorded list", name)
		}
	}
	if n < 5 {
		t.Errorf("only %d recorded execution lists", n)
	}
}

func FuzzFastDecoder(f *testing.F) {
	for _, tc := range fastEdgeCases {
		f.Add([]byte(tc.body))
	}
	f.Add(benchPage(3, nil))
	f.Add(benchPage(3, ExecutionListFields))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFastAgrees(t, "fuzz", b)
	})
}

// TestListFallsBackToEncodingJSON: what the fast decoder refuses but
// encoding/json accepts still decodes through ListExecutions.
func TestListFallsBackToEncodingJSON(t *testing.T) {
	body := `{"meta\u0064ata": {"pagination": {"total": 1, "size": 1000, "offset": 0}}, "items": [{"ID": "e1", "Status": "started"}]}`
	var p ExecutionPage
	if decodeExecutionListFast([]byte(body), &p) {
		t.Fatal("the fast decoder took a key with an escape")
	}
	c := serveBody(t, 200, "application/json", body)
	page, err := c.ListExecutions(t.Context(), ListExecutionsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].ID != "e1" || page.Items[0].Status != StatusStarted || page.Pagination.Total != 1 {
		t.Errorf("%+v", page)
	}
	// The same keys inside an item are read by encoding/json for that item alone.
	body = `{"metadata": {"pagination": {"total": 1, "size": 1000, "offset": 0}}, "items": [{"ID": "e1", "Status": "started"}]}`
	p = ExecutionPage{}
	if !decodeExecutionListFast([]byte(body), &p) || len(p.Items) != 1 || p.Items[0].ID != "e1" || p.Items[0].Status != StatusStarted {
		t.Errorf("%+v", page)
	}
}

// TestConcurrentListsDoNotShareMemory: body buffers are recycled, so
// decoded values must never point into them.
func TestConcurrentListsDoNotShareMemory(t *testing.T) {
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		id := r.URL.Query().Get("id")
		writeJSON(w, 200, `{"metadata": {"pagination": {"total": 2, "size": 1000, "offset": 0}}, "items": [`+
			`{"id": "`+id+`", "workflow_id": "wf-`+id+`", "parameters": {"k": "`+id+`"}},`+
			`{"id": "`+id+`-2", "error": "e-`+id+`"}]}`)
	})
	c := newTestClient(t, Config{URL: srv.URL})
	var wg sync.WaitGroup
	pages := make([]*ExecutionPage, 16)
	for i := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("exec%02d", i)
			p, err := c.ListExecutions(t.Context(), ListExecutionsOptions{Filters: map[string][]string{"id": {id}}})
			if err != nil {
				t.Error(err)
				return
			}
			pages[i] = p
		}()
	}
	wg.Wait()
	// Reuse the buffers some more before looking at the results.
	for i := 0; i < 8; i++ {
		if _, err := c.ListExecutions(t.Context(), ListExecutionsOptions{Filters: map[string][]string{"id": {"zzzzzzzz"}}}); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range pages {
		id := fmt.Sprintf("exec%02d", i)
		if p == nil || len(p.Items) != 2 || p.Items[0].ID != id || p.Items[0].WorkflowID != "wf-"+id ||
			string(p.Items[0].Parameters) != `{"k": "`+id+`"}` || p.Items[1].Error.Value != "e-"+id {
			t.Errorf("page %d: %+v", i, p)
		}
	}
}
