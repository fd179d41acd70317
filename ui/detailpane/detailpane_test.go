package detailpane

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
)

var t0 = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

type fakeSource struct {
	mu      sync.Mutex
	execs   map[string]client.Execution
	events  map[string][]client.Event
	fail    error
	gets    []string
	offsets []int
}

func (f *fakeSource) GetExecution(_ context.Context, id string, _ ...string) (*client.Execution, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gets = append(f.gets, id)
	if f.fail != nil {
		return nil, f.fail
	}
	e, ok := f.execs[id]
	if !ok {
		return nil, fmt.Errorf("execution %s not found", id)
	}
	return &e, nil
}

func (f *fakeSource) ListEvents(_ context.Context, o client.EventsOptions) (*client.EventPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.offsets = append(f.offsets, o.Offset)
	if f.fail != nil {
		return nil, f.fail
	}
	if !o.IncludeLogs {
		return nil, errors.New("logs not asked for")
	}
	all := f.events[o.ExecutionID]
	from := min(o.Offset, len(all))
	to := min(from+o.Size, len(all))
	return &client.EventPage{Items: append([]client.Event(nil), all[from:to]...),
		Pagination: client.Pagination{Total: len(all), Size: o.Size, Offset: o.Offset}}, nil
}

func events(n int, prefix string) []client.Event {
	out := make([]client.Event, n)
	for i := range out {
		out[i] = client.Event{Type: client.EventTypeLog, Level: "info", Message: fmt.Sprintf("%s line %d", prefix, i),
			Timestamp: client.Time{Time: t0.Add(time.Duration(i) * time.Second)}}
	}
	return out
}

func execution(id string, st client.Status) client.Execution {
	e := client.Execution{ID: id, WorkflowID: "install", DeploymentID: client.Some("web"), Status: st,
		CreatedAt: client.Time{Time: t0.Add(-time.Hour)}, StartedAt: client.Some(client.Time{Time: t0.Add(-time.Hour)})}
	if st.IsEnd() {
		e.EndedAt = client.Some(client.Time{Time: t0.Add(-30 * time.Minute)})
	}
	return e
}

type timerMsg struct {
	d   time.Duration
	msg tea.Msg
}

// driver runs a pane synchronously and holds its timers.
type driver struct {
	m      Model
	timers []tea.Msg
}

func newDriver(src Source) *driver {
	t, _ := themes.Get("mono")
	m := New(src, themes.NewStyles(t), keymap.DefaultKeyMap(), time.Second)
	m.SetTimer(func(d time.Duration, msg tea.Msg) tea.Cmd { return func() tea.Msg { return timerMsg{d, msg} } })
	m.SetNow(t0)
	m.SetSize(60, 20)
	m.SetFocused(true)
	return &driver{m: m}
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case timerMsg:
		d.timers = append(d.timers, msg.msg)
	default:
		d.send(msg)
	}
}

func (d *driver) send(msg tea.Msg) {
	var cmd tea.Cmd
	d.m, cmd = d.m.Update(msg)
	d.run(cmd)
}

func (d *driver) tick() {
	ts := d.timers
	d.timers = nil
	for _, t := range ts {
		d.send(t)
	}
}

func (d *driver) key(k string) {
	var msg tea.KeyPressMsg
	switch k {
	case "up":
		msg = tea.KeyPressMsg{Code: tea.KeyUp}
	default:
		msg = tea.KeyPressMsg{Code: rune(k[0]), Text: k}
	}
	d.send(msg)
}

func (d *driver) screen() string { return ansi.Strip(d.m.View()) }

func TestFetchesFullExecutionAndEveryPage(t *testing.T) {
	id := "aaaaaaaa-0000"
	full := execution(id, client.StatusStarted)
	full.Parameters = []byte(`{"b":1,"a":[true]}`)
	full.TotalOperations, full.FinishedOperations = 40, 12
	src := &fakeSource{execs: map[string]client.Execution{id: full}, events: map[string][]client.Event{id: events(PageSize*2+10, "ev")}}
	d := newDriver(src)
	summary := client.Execution{ID: id, WorkflowID: "install", Status: client.StatusStarted}
	d.run(d.m.Show(summary))
	if !d.m.Full() || len(d.m.Events()) != PageSize*2+10 {
		t.Fatalf("full %v, %d events", d.m.Full(), len(d.m.Events()))
	}
	if got := fmt.Sprint(src.offsets); got != fmt.Sprintf("[0 %d %d]", PageSize, PageSize*2) {
		t.Fatalf("event offsets %s", got)
	}
	// Following: the newest line is on screen.
	if !strings.Contains(d.screen(), fmt.Sprintf("ev line %d", PageSize*2+9)) {
		t.Fatalf("tail not shown:\n%s", d.screen())
	}
	// New lines arrive while at the bottom: still following.
	src.mu.Lock()
	src.events[id] = append(src.events[id], events(1, "newer")...)
	src.mu.Unlock()
	d.tick()
	if !strings.Contains(d.screen(), "newer line 0") {
		t.Fatalf("new line not followed:\n%s", d.screen())
	}
	// Scrolled up: no longer following; new lines do not move the view.
	d.key("up")
	d.key("up")
	if d.m.Following() {
		t.Fatal("still following after scrolling up")
	}
	before := d.m.vp.YOffset()
	src.mu.Lock()
	src.events[id] = append(src.events[id], events(1, "newest")...)
	src.mu.Unlock()
	d.tick()
	if len(d.m.Events()) != PageSize*2+12 {
		t.Fatalf("%d events after the tail", len(d.m.Events()))
	}
	if d.m.vp.YOffset() != before || d.m.Following() || strings.Contains(d.screen(), "newest line 0") {
		t.Fatalf("view moved while scrolled up (offset %d → %d):\n%s", before, d.m.vp.YOffset(), d.screen())
	}
	d.key("G")
	if !d.m.Following() || !strings.Contains(d.screen(), "newest line 0") {
		t.Fatal("G did not resume following")
	}
}

func TestFieldsParametersAndError(t *testing.T) {
	id := "bbbbbbbb-1111"
	full := execution(id, client.StatusFailed)
	full.Parameters = []byte(`{"node_ids":["n1"],"force":true}`)
	full.Error = client.Some("Traceback (most recent call last):\n  File \"x.py\"\nRuntimeError: boom\n")
	full.TotalOperations, full.FinishedOperations = 10, 4
	src := &fakeSource{execs: map[string]client.Execution{id: full}, events: map[string][]client.Event{}}
	d := newDriver(src)
	d.m.SetSize(70, 60)
	d.run(d.m.Show(client.Execution{ID: id, Status: client.StatusFailed}))
	if strings.Contains(d.screen(), `File "x.py"`) {
		t.Fatalf("the traceback is not folded under the cause:\n%s", d.screen())
	}
	d.m.SetFocused(true)
	d.key("t")
	s := d.screen()
	for _, want := range []string{"bbbbbbbb-1111", "failed", "error       RuntimeError: boom", "install", "web", "duration    30m00s", "progress    4/10 operations",
		`"node_ids": [`, `    "n1"`, `"force": true`, "Error", "RuntimeError: boom", `File "x.py"`, "no events yet"} {
		if !strings.Contains(s, want) {
			t.Fatalf("pane lacks %q:\n%s", want, s)
		}
	}
	// Ended and read: no more requests after one last look.
	d.tick()
	d.tick()
	if len(d.timers) != 0 {
		t.Fatalf("still polling an ended execution: %v", d.timers)
	}
}

func TestStaleRepliesDropped(t *testing.T) {
	src := &fakeSource{execs: map[string]client.Execution{}, events: map[string][]client.Event{}}
	d := newDriver(src)
	_ = d.m.Show(execution("first", client.StatusStarted)) // replies never delivered yet
	oldGen := d.m.gen
	_ = d.m.Show(execution("second", client.StatusStarted))
	d.send(EventsMsg{ID: "first", Gen: oldGen, Page: &client.EventPage{Items: events(3, "old")}})
	d.send(ExecutionMsg{ID: "first", Gen: oldGen, Execution: &client.Execution{ID: "first", WorkflowID: "stale"}})
	if len(d.m.Events()) != 0 || d.m.ID() != "second" || d.m.Full() {
		t.Fatalf("stale replies applied: id %s events %d full %v", d.m.ID(), len(d.m.Events()), d.m.Full())
	}
	// A reply of the right ID but an older generation (shown, left, shown again) is dropped too.
	gen := d.m.gen
	d.m.Stop()
	_ = d.m.Show(execution("second", client.StatusStarted))
	d.send(EventsMsg{ID: "second", Gen: gen, Page: &client.EventPage{Items: events(3, "old")}})
	if len(d.m.Events()) != 0 {
		t.Fatal("reply of an older generation applied")
	}
	d.send(TailMsg{ID: "second", Gen: gen})
	if len(src.offsets) != 0 {
		t.Fatal("a stale tail started a request")
	}
}

func TestErrorsShownAndRetried(t *testing.T) {
	id := "cccccccc"
	src := &fakeSource{execs: map[string]client.Execution{id: execution(id, client.StatusStarted)}, events: map[string][]client.Event{id: events(2, "x")},
		fail: errors.New("manager 10.0.0.5 timed out")}
	d := newDriver(src)
	d.run(d.m.ShowID(id))
	if s := d.screen(); !strings.Contains(s, "could not fetch") || !strings.Contains(s, "timed out") {
		t.Fatalf("error not shown:\n%s", s)
	}
	src.mu.Lock()
	src.fail = nil
	src.mu.Unlock()
	d.tick()
	if !d.m.Full() || len(d.m.Events()) != 2 || strings.Contains(d.screen(), "could not fetch") {
		t.Fatalf("did not recover: full %v events %d\n%s", d.m.Full(), len(d.m.Events()), d.screen())
	}
}

func TestControlCharactersStripped(t *testing.T) {
	id := "dddddddd"
	e := execution(id, client.StatusFailed)
	e.WorkflowID = "inst\x1b]2;pwned\x07all"
	e.Error = client.Some("bad\x1b[2J\x1b[31mred\x1b[0m\r\nnext\x00line")
	e.Parameters = []byte(`{"k":"\u001b]52;c;aGk=\u0007v"}`)
	ev := client.Event{Type: client.EventTypeEvent, EventType: "task_failed\x1b[5m", Message: "m\x1b]8;;http://x\x07link\x1b]8;;\x07",
		NodeInstanceID: client.Some("vm_\x1b[1mx"), ErrorCauses: client.ErrorCauses{{Type: "E\x1b[2J", Message: "c\x07", Traceback: "tb\x1b[Hline"}}}
	src := &fakeSource{execs: map[string]client.Execution{id: e}, events: map[string][]client.Event{id: {ev}}}
	d := newDriver(src)
	d.m.SetSize(100, 60)
	d.run(d.m.Show(client.Execution{ID: id}))
	d.m.ToggleTraceback()
	raw := d.m.View()
	for _, seq := range []string{"\x1b]", "\x07", "\x1b[2J", "\x1b[H", "\x1b[5m", "\x00", "\r"} {
		if strings.Contains(raw, seq) {
			t.Fatalf("pane carries %q", seq)
		}
	}
	s := d.screen()
	for _, want := range []string{"install", "red", "next", "link", "task_failed", "tb"} {
		if !strings.Contains(s, want) {
			t.Fatalf("pane lacks %q:\n%s", want, s)
		}
	}
}

func TestLiveDurationInTitle(t *testing.T) {
	id := "eeeeeeee"
	e := execution(id, client.StatusStarted) // started an hour before t0
	src := &fakeSource{execs: map[string]client.Execution{id: e}, events: map[string][]client.Event{id: events(3, "x")}}
	d := newDriver(src)
	d.run(d.m.Show(e))
	if !strings.Contains(d.screen(), "1h00m so far") {
		t.Fatalf("no live duration:\n%s", d.screen())
	}
	d.m.SetNow(t0.Add(5 * time.Second))
	if !strings.Contains(d.screen(), "1h00m so far") || !strings.Contains(d.screen(), "running since") {
		t.Fatalf("duration did not move with the clock:\n%s", d.screen())
	}
}

// A long history keeps only the latest MaxEvents: the pane jumps to where
// they begin, drops the oldest as the tail grows, and says what is missing.
func TestEventsCapped(t *testing.T) {
	id := "cccccccc-2222"
	total := MaxEvents*3 + 7
	src := &fakeSource{execs: map[string]client.Execution{id: execution(id, client.StatusStarted)},
		events: map[string][]client.Event{id: events(total, "ev")}}
	d := newDriver(src)
	d.run(d.m.Show(client.Execution{ID: id, WorkflowID: "install", Status: client.StatusStarted}))
	if n := len(d.m.Events()); n != MaxEvents {
		t.Fatalf("kept %d events, want %d", n, MaxEvents)
	}
	if src.offsets[1] != total-MaxEvents {
		t.Fatalf("second read at offset %d, want %d (the tail)", src.offsets[1], total-MaxEvents)
	}
	last := d.m.Events()[len(d.m.Events())-1].Message
	if last != fmt.Sprintf("ev line %d", total-1) || !strings.Contains(d.screen(), fmt.Sprintf("ev line %d", total-1)) {
		t.Fatalf("the newest event is %q; screen:\n%s", last, d.screen())
	}
	// The tail keeps growing: the oldest go, the count of events stays bounded.
	for i := 0; i < 3; i++ {
		src.mu.Lock()
		src.events[id] = append(src.events[id], events(PageSize, fmt.Sprintf("more%d", i))...)
		src.mu.Unlock()
		d.tick()
		if n := len(d.m.Events()); n > MaxEvents+PageSize {
			t.Fatalf("holding %d events after a tail", n)
		}
	}
	if !strings.Contains(d.screen(), fmt.Sprintf("more2 line %d", PageSize-1)) {
		t.Fatalf("the tail was not followed:\n%s", d.screen())
	}
	d.key("g")
	if !strings.Contains(d.screen(), "earlier ones not kept here") {
		t.Fatalf("no note about the dropped events:\n%s", d.screen())
	}
}

// An ended execution read to the end, then resumed (or someone else resumed
// it): a fresh summary saying it runs again restarts the reading.
func TestResumedExecutionReadAgain(t *testing.T) {
	id := "ffffffff-3333"
	failed := execution(id, client.StatusFailed)
	src := &fakeSource{execs: map[string]client.Execution{id: failed}, events: map[string][]client.Event{id: events(3, "first run")}}
	d := newDriver(src)
	d.run(d.m.Show(failed))
	d.tick()
	d.tick()
	if len(d.timers) != 0 {
		t.Fatalf("still reading an ended execution: %v", d.timers)
	}
	gets := len(src.gets)

	resumed := failed
	resumed.Status, resumed.EndedAt = client.StatusStarted, client.Nullable[client.Time]{}
	src.mu.Lock()
	src.execs[id] = resumed
	src.events[id] = append(src.events[id], events(2, "resumed")...)
	src.mu.Unlock()
	d.run(d.m.Show(client.Execution{ID: id, WorkflowID: "install", Status: client.StatusStarted}))
	if len(src.gets) == gets {
		t.Fatal("the execution was not fetched again after it left its end state")
	}
	if len(d.m.Events()) != 5 || !strings.Contains(d.screen(), "resumed line 1") {
		t.Fatalf("new events not read (%d):\n%s", len(d.m.Events()), d.screen())
	}
	if e, _ := d.m.Execution(); e.Status != client.StatusStarted {
		t.Fatalf("status %s", e.Status)
	}
	if len(d.timers) == 0 {
		t.Fatal("no tail scheduled for the running execution")
	}
	// It keeps following while it runs.
	src.mu.Lock()
	src.events[id] = append(src.events[id], events(1, "later")...)
	src.mu.Unlock()
	d.tick()
	if !strings.Contains(d.screen(), "later line 0") {
		t.Fatalf("tail not followed after the resume:\n%s", d.screen())
	}
}

// The same, learnt from a fetch of the execution rather than from a summary.
func TestFetchShowingResumeRestartsTail(t *testing.T) {
	id := "ffffffff-4444"
	failed := execution(id, client.StatusFailed)
	src := &fakeSource{execs: map[string]client.Execution{id: failed}, events: map[string][]client.Event{id: events(3, "x")}}
	d := newDriver(src)
	d.run(d.m.Show(failed))
	d.tick()
	d.tick()
	if len(d.timers) != 0 {
		t.Fatalf("still reading an ended execution: %v", d.timers)
	}
	resumed := failed
	resumed.Status, resumed.EndedAt = client.StatusStarted, client.Nullable[client.Time]{}
	src.mu.Lock()
	src.execs[id] = resumed
	src.events[id] = append(src.events[id], events(1, "again")...)
	src.mu.Unlock()
	d.send(ExecutionMsg{ID: id, Gen: d.m.gen, Execution: &resumed})
	if !strings.Contains(d.screen(), "again line 0") || len(d.timers) == 0 {
		t.Fatalf("tail not restarted (timers %v):\n%s", d.timers, d.screen())
	}
}

// A refused request (401, 403) is not retried by itself: every retry with
// wrong credentials counts towards locking the account. A fresh summary
// (the dashboard read again) tries once more.
func TestRefusalStopsTheTail(t *testing.T) {
	id := "abababab"
	src := &fakeSource{execs: map[string]client.Execution{id: execution(id, client.StatusStarted)}, events: map[string][]client.Event{id: events(2, "x")},
		fail: &client.Error{Kind: client.KindNotAuthenticated, StatusCode: 401, Code: "unauthorized_error", Message: "User unauthorized"}}
	d := newDriver(src)
	summary := execution(id, client.StatusStarted)
	d.run(d.m.Show(summary))
	if s := d.screen(); !strings.Contains(s, "could not fetch") || !strings.Contains(s, "not retried by") || !strings.Contains(s, "press r to try again") {
		t.Fatalf("refusal not shown:\n%s", s)
	}
	for i := 0; i < 3; i++ {
		d.tick()
	}
	if n := len(src.gets) + len(src.offsets); n != 2 || len(d.timers) != 0 {
		t.Fatalf("%d requests and timers %v after a refusal, want the first 2 and none", n, d.timers)
	}
	src.mu.Lock()
	src.fail = nil
	src.mu.Unlock()
	d.run(d.m.Show(summary))
	if !d.m.Full() || len(d.m.Events()) != 2 || len(d.timers) == 0 {
		t.Fatalf("did not read again: full %v events %d timers %v", d.m.Full(), len(d.m.Events()), d.timers)
	}
}

// With all tenants shown, an execution of another tenant is read as that
// tenant: the client's own tenant would answer 404.
func TestRequestsSpeakForTheExecutionsTenant(t *testing.T) {
	var mu sync.Mutex
	tenants := map[string][]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		tenants[r.URL.Path] = append(tenants[r.URL.Path], r.Header.Get("Tenant"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Tenant") != "ops" {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error_code":"not_found_error","message":"Requested Execution with ID x was not found","server_traceback":null}`)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/api/v3.1/executions/") {
			_, _ = io.WriteString(w, `{"id":"acdcacdc-1","workflow_id":"heal","status":"started","tenant_name":"ops","parameters":{}}`)
			return
		}
		_, _ = io.WriteString(w, `{"items":[{"type":"cloudify_log","level":"info","message":"healing","timestamp":"2026-11-29T12:00:00.000Z"}],`+
			`"metadata":{"pagination":{"total":1,"size":500,"offset":0}}}`)
	}))
	defer srv.Close()
	cl, err := client.New(client.Config{URL: srv.URL, Tenant: "default_tenant", Username: "admin", Password: "admin", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(cl)
	d.run(d.m.Show(client.Execution{ID: "acdcacdc-1", WorkflowID: "heal", Status: client.StatusStarted, TenantName: "ops"}))
	if !d.m.Full() || len(d.m.Events()) != 1 {
		t.Fatalf("full %v events %d:\n%s", d.m.Full(), len(d.m.Events()), d.screen())
	}
	mu.Lock()
	defer mu.Unlock()
	for path, ts := range tenants {
		for _, tn := range ts {
			if tn != "ops" {
				t.Fatalf("%s sent as tenant %q", path, tn)
			}
		}
	}
	if len(tenants) != 2 {
		t.Fatalf("requests %v", tenants)
	}
}
