package operations

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

const execID = "3f2a9c1e-5c1e-4b8e-9f64-2e8b1d9c0a17"

// fake is a manager holding one execution, its operations and events.
type fake struct {
	mu      sync.Mutex
	exec    client.Execution
	ops     []client.Operation
	events  []client.Event // every event of the execution
	fail    error
	gets    int
	lists   int
	evQuery []client.OperationEventsOptions
}

func (f *fake) GetExecution(_ context.Context, id string, _ ...string) (*client.Execution, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gets++
	if f.fail != nil {
		return nil, f.fail
	}
	if id != f.exec.ID {
		return nil, &client.Error{Kind: client.KindNotFound, Message: "no such execution"}
	}
	e := f.exec
	return &e, nil
}

func (f *fake) ListOperations(_ context.Context, o client.ListOperationsOptions) (*client.OperationPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	if f.fail != nil {
		return nil, f.fail
	}
	from := min(o.Offset, len(f.ops))
	to := min(from+o.Size, len(f.ops))
	return &client.OperationPage{Items: append([]client.Operation(nil), f.ops[from:to]...),
		Pagination: client.Pagination{Total: len(f.ops), Size: o.Size, Offset: o.Offset}}, nil
}

func (f *fake) ListOperationEvents(_ context.Context, o client.OperationEventsOptions) (*client.EventPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.evQuery = append(f.evQuery, o)
	if f.fail != nil {
		return nil, f.fail
	}
	var match []client.Event
	for _, ev := range f.events {
		if o.NodeInstanceID != "" && ev.NodeInstanceID.Value != o.NodeInstanceID {
			continue
		}
		if o.Operation != "" && ev.Operation.Value != o.Operation {
			continue
		}
		if len(o.EventTypes) > 0 && !contains(o.EventTypes, ev.EventType) {
			continue
		}
		if ev.IsLog() && (!o.IncludeLogs || len(o.EventTypes) > 0) {
			continue
		}
		match = append(match, ev)
	}
	from := min(o.Offset, len(match))
	to := min(from+max(o.Size, 1), len(match))
	return &client.EventPage{Items: match[from:to], Pagination: client.Pagination{Total: len(match)}}, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (f *fake) set(ops ...client.Operation) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops = ops
	fin := 0
	for _, o := range ops {
		if o.State.Terminated() {
			fin++
		}
	}
	f.exec.TotalOperations, f.exec.FinishedOperations = len(ops), fin
}

func (f *fake) calls() (gets, lists int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gets, f.lists
}

// Operation builders.

func opID(n int) string { return fmt.Sprintf("%08x-aaaa-4bbb-8ccc-%012x", n, n) }

func remote(id, ni, iface string, st client.OperationState) client.Operation {
	node := ni
	if i := strings.LastIndex(ni, "_"); i > 0 {
		node = ni[:i]
	}
	return client.Operation{ID: id, Name: "script_runner.tasks.run", Type: client.OpTypeRemote, State: st,
		CreatedAt:   client.Time{Time: uitest.T0.Add(-time.Hour)},
		ManagerName: client.Some("cfy-manager"),
		Parameters: client.OperationParameters{TotalRetries: 60, RetryInterval: 15,
			ContainingSubgraph: client.Some("sg-" + ni),
			TaskKwargs: client.TaskKwargs{Context: &client.CloudifyContext{TaskID: id, NodeInstanceID: ni, NodeName: node,
				Operation: client.ContextOperation{Name: iface, MaxRetries: 60}, Executor: client.Some("host_agent"), HostID: client.Some("vm_h7d2kp")}}}}
}

func retryOf(prev client.Operation, id string, n int, st client.OperationState, created time.Time) client.Operation {
	o := prev
	o.ID, o.State, o.CreatedAt = id, st, client.Time{Time: created}
	o.Parameters.CurrentRetries = n
	o.Parameters.RetriedTask = client.Some(prev.ID)
	return o
}

func builtin(id, ni, typ string, st client.OperationState) client.Operation {
	return client.Operation{ID: id, Name: typ, Type: typ, State: st, CreatedAt: client.Time{Time: uitest.T0.Add(-time.Hour)},
		Parameters: client.OperationParameters{ContainingSubgraph: client.Some("sg-" + ni),
			TaskKwargs: client.TaskKwargs{NodeInstanceID: ni, State: "creating", Event: "Creating node instance"}}}
}

func subgraph(ni string, st client.OperationState) client.Operation {
	return client.Operation{ID: "sg-" + ni, Name: "install_" + ni, Type: client.OpTypeSubgraph, State: st,
		CreatedAt:  client.Time{Time: uitest.T0.Add(-time.Hour)},
		Parameters: client.OperationParameters{OnFailure: []byte(`{"instance_id":"` + ni + `"}`)}}
}

const (
	create    = "cloudify.interfaces.lifecycle.create"
	configure = "cloudify.interfaces.lifecycle.configure"
	start     = "cloudify.interfaces.lifecycle.start"
)

// sampleOps is an install of three node instances: one done, one stuck
// retrying its configure (14 of 60), one that failed its create.
func sampleOps() []client.Operation {
	c1 := remote(opID(3), "web_vm_x7k2p1", configure, client.OpFailed)
	ops := []client.Operation{
		subgraph("db_vm_a1b2c3", client.OpSucceeded),
		builtin(opID(1), "db_vm_a1b2c3", client.OpTypeSetNodeState, client.OpSucceeded),
		remote(opID(2), "db_vm_a1b2c3", create, client.OpSucceeded),
		remote(opID(20), "db_vm_a1b2c3", start, client.OpSucceeded),
		subgraph("web_vm_x7k2p1", client.OpStarted),
		builtin(opID(4), "web_vm_x7k2p1", client.OpTypeSendNodeEvent, client.OpSucceeded),
		remote(opID(5), "web_vm_x7k2p1", create, client.OpSucceeded),
		c1,
	}
	prev := c1
	for n := 1; n <= 14; n++ {
		st := client.OpFailed
		if n == 14 {
			st = client.OpStarted
		}
		r := retryOf(prev, opID(100+n), n, st, uitest.T0.Add(-time.Duration(15-n)*time.Minute))
		ops = append(ops, r)
		prev = r
	}
	ops = append(ops,
		remote(opID(6), "web_vm_x7k2p1", start, client.OpPending),
		subgraph("lb_q8m2zt", client.OpFailed),
		remote(opID(7), "lb_q8m2zt", create, client.OpFailed),
		remote(opID(8), "lb_q8m2zt", start, client.OpPending),
	)
	return ops
}

func sampleEvents() []client.Event {
	return []client.Event{
		{Type: client.EventTypeEvent, EventType: "task_failed", Message: "Task failed 'script_runner.tasks.run' -> boom",
			NodeInstanceID: client.Some("lb_q8m2zt"), Operation: client.Some(create),
			ErrorCauses: client.ErrorCauses{{Type: "RuntimeError", Message: "cannot reach 10.0.0.7:22\x1b[31m"}}},
		{Type: client.EventTypeEvent, EventType: "task_failed", Message: "Task failed 'script_runner.tasks.run' -> nginx: port 80 in use [retry 13/60]",
			NodeInstanceID: client.Some("web_vm_x7k2p1"), Operation: client.Some(configure)},
		{Type: client.EventTypeEvent, EventType: "task_started", Message: "Task started 'script_runner.tasks.run' [retry 14/60]",
			NodeInstanceID: client.Some("web_vm_x7k2p1"), Operation: client.Some(configure)},
		{Type: client.EventTypeLog, Level: "info", Message: "configuring nginx",
			NodeInstanceID: client.Some("web_vm_x7k2p1"), Operation: client.Some(configure)},
		{Type: client.EventTypeLog, Level: "info", Message: "creating the db",
			NodeInstanceID: client.Some("db_vm_a1b2c3"), Operation: client.Some(create)},
	}
}

func sampleExec() client.Execution {
	e := uitest.Exec(execID, "install", "web-prod", client.StatusStarted, 20*time.Minute)
	return e
}

type timerMsg struct {
	d   time.Duration
	msg tea.Msg
}

// harness drives the screen as the shell would: commands run at once,
// timers wait until fired.
type harness struct {
	t       testing.TB
	now     *time.Time
	m       Model
	f       *fake
	timers  []timerMsg
	status  []common.StatusMsg
	reports []RetryMsg // to the executions screen
}

func newHarness(t testing.TB, f *fake, w, h int) *harness {
	t.Helper()
	theme, _ := themes.Get("default")
	now := uitest.T0
	hs := &harness{t: t, now: &now, f: f}
	ctx := common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme),
		Now:   func() time.Time { return *hs.now },
		After: func(d time.Duration, msg tea.Msg) tea.Cmd { return func() tea.Msg { return timerMsg{d, msg} } }}
	hs.m = New(ctx, 7, Options{Manager: f, Execution: f.exec, Refresh: 2 * time.Second, Timeout: 5 * time.Second})
	hs.m = hs.m.SetSize(w, h).(Model)
	hs.run(hs.m.Init())
	return hs
}

func (h *harness) send(msg tea.Msg) {
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	uitest.Run(cmd, func(msg tea.Msg) {
		switch msg := msg.(type) {
		case timerMsg:
			h.timers = append(h.timers, msg)
		case common.StatusMsg:
			h.status = append(h.status, msg)
		case RetryMsg:
			h.reports = append(h.reports, msg)
		default:
			h.send(msg)
		}
	})
}

// fire delivers the held timers whose message passes keep.
func (h *harness) fire(keep func(tea.Msg) bool) int {
	var later, now []timerMsg
	for _, tm := range h.timers {
		if keep(tm.msg) {
			now = append(now, tm)
		} else {
			later = append(later, tm)
		}
	}
	h.timers = later
	for _, tm := range now {
		h.send(tm.msg)
	}
	return len(now)
}

func isPoll(msg tea.Msg) bool { _, ok := msg.(pollTickMsg); return ok }

// refresh moves the clock and delivers the next poll tick.
func (h *harness) refresh(d time.Duration) {
	h.t.Helper()
	*h.now = h.now.Add(d)
	if h.fire(isPoll) == 0 {
		h.t.Fatal("no refresh was scheduled")
	}
}

func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.send(uitest.Key(k))
	}
}

func (h *harness) screen() string { return ansi.Strip(h.m.Header(h.m.width) + "\n" + h.m.View()) }

func (h *harness) mustContain(subs ...string) {
	h.t.Helper()
	s := h.screen()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			h.t.Fatalf("screen lacks %q:\n%s", sub, s)
		}
	}
}

func (h *harness) mustNotContain(subs ...string) {
	h.t.Helper()
	s := h.screen()
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			h.t.Fatalf("screen shows %q:\n%s", sub, s)
		}
	}
}

// cursorLine is the selected row's text.
func (h *harness) cursorLine() string {
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.HasPrefix(l, "› ") {
			return l
		}
	}
	h.t.Fatalf("no row selected:\n%s", h.screen())
	return ""
}

// selectRow moves the cursor (follow off) to the row containing sub.
func (h *harness) selectRow(sub string) {
	h.t.Helper()
	h.press("g")
	for range len(h.m.rows) {
		if strings.Contains(h.cursorLine(), sub) {
			return
		}
		h.press("j")
	}
	h.t.Fatalf("no row with %q:\n%s", sub, h.screen())
}

func newSample(t testing.TB, w, h int) *harness {
	f := &fake{exec: sampleExec(), events: sampleEvents()}
	f.set(sampleOps()...)
	return newHarness(t, f, w, h)
}

var errRefused = errors.New("manager 10.0.0.5 refused the connection")
