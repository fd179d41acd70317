package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/actions"
)

// t0 is the pinned clock of every test.
var t0 = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// fakeManager is an in-memory manager: it serves its executions and events,
// counts requests, and fails on demand.
type fakeManager struct {
	mu       sync.Mutex
	execs    []client.Execution
	events   map[string][]client.Event
	fail     error // every request fails with it while set
	lists    int
	gets     int
	evCalls  int
	listOpts []client.ListExecutionsOptions
	getIDs   []string
	cancels  []string
	block    chan struct{} // when set, ListExecutions waits for it (or ctx)
}

func newFake(execs ...client.Execution) *fakeManager {
	return &fakeManager{execs: execs, events: map[string][]client.Event{}}
}

func (f *fakeManager) set(execs ...client.Execution) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.execs = execs
}

func (f *fakeManager) setFail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = err
}

func (f *fakeManager) counts() (lists, gets, events int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lists, f.gets, f.evCalls
}

func (f *fakeManager) ListExecutions(ctx context.Context, o client.ListExecutionsOptions) (*client.ExecutionPage, error) {
	f.mu.Lock()
	f.lists++
	f.listOpts = append(f.listOpts, o)
	block, fail := f.block, f.fail
	execs := slices.Clone(f.execs)
	f.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if fail != nil {
		return nil, fail
	}
	var out []client.Execution
	for _, e := range execs {
		if e.IsSystemWorkflow && !o.IncludeSystemWorkflows {
			continue
		}
		if st, ok := o.Filters["status"]; ok && !slices.Contains(st, string(e.Status)) {
			continue
		}
		if d, ok := o.Filters["deployment_id"]; ok && !slices.Contains(d, e.DeploymentID.Value) {
			continue
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b client.Execution) int { return b.CreatedAt.Compare(a.CreatedAt.Time) })
	total := len(out)
	if o.Size > 0 && len(out) > o.Size {
		out = out[:o.Size]
	}
	return &client.ExecutionPage{Items: out, Pagination: client.Pagination{Total: total, Size: len(out)}}, nil
}

func (f *fakeManager) GetExecution(ctx context.Context, id string, include ...string) (*client.Execution, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gets++
	f.getIDs = append(f.getIDs, id)
	if f.fail != nil {
		return nil, f.fail
	}
	for _, e := range f.execs {
		if e.ID == id {
			return &e, nil
		}
	}
	return nil, fmt.Errorf("execution %s not found", id)
}

func (f *fakeManager) ListEvents(ctx context.Context, o client.EventsOptions) (*client.EventPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.evCalls++
	if f.fail != nil {
		return nil, f.fail
	}
	all := f.events[o.ExecutionID]
	from := min(o.Offset, len(all))
	to := len(all)
	if o.Size > 0 {
		to = min(from+o.Size, len(all))
	}
	return &client.EventPage{Items: slices.Clone(all[from:to]), Pagination: client.Pagination{Total: len(all), Offset: o.Offset}}, nil
}

var errNotHere = errors.New("not used by the dashboard")

func (f *fakeManager) StartExecution(context.Context, client.StartRequest) (*client.Execution, error) {
	return nil, errNotHere
}

// CancelExecution moves the execution to the status the manager gives it.
func (f *fakeManager) CancelExecution(_ context.Context, id string, act client.CancelAction) (*client.Execution, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancels = append(f.cancels, id)
	if f.fail != nil {
		return nil, f.fail
	}
	for i := range f.execs {
		if f.execs[i].ID == id {
			switch act {
			case client.ActionForceCancel:
				f.execs[i].Status = client.StatusForceCancelling
			case client.ActionKill:
				f.execs[i].Status = client.StatusKillCancelling
			default:
				f.execs[i].Status = client.StatusCancelling
			}
			e := f.execs[i]
			return &e, nil
		}
	}
	return nil, fmt.Errorf("execution %s not found", id)
}
func (f *fakeManager) ResumeExecution(context.Context, string, bool) (*client.Execution, error) {
	return nil, errNotHere
}
func (f *fakeManager) UpdateExecutionStatus(context.Context, string, client.Status, string) (*client.Execution, error) {
	return nil, errNotHere
}
func (f *fakeManager) ListDeployments(context.Context, client.ListDeploymentsOptions) (*client.DeploymentPage, error) {
	return &client.DeploymentPage{}, nil
}
func (f *fakeManager) GetDeployment(context.Context, string) (*client.Deployment, error) {
	return nil, errNotHere
}

// exec builds an execution created ago before t0.
func exec(id, wf, dep string, st client.Status, ago time.Duration) client.Execution {
	created := t0.Add(-ago)
	e := client.Execution{
		ID: id, WorkflowID: wf, DeploymentID: client.Some(dep), BlueprintID: client.Some(dep + "-bp"),
		Status: st, CreatedAt: client.Time{Time: created}, CreatedBy: "admin", TenantName: "default_tenant",
	}
	if st != client.StatusQueued && st != client.StatusScheduled && st != client.StatusPending {
		e.StartedAt = client.Some(client.Time{Time: created.Add(time.Second)})
	}
	if st.IsEnd() {
		e.EndedAt = client.Some(client.Time{Time: created.Add(90 * time.Second)})
	}
	if st == client.StatusStarted {
		e.TotalOperations, e.FinishedOperations = 40, 12
	}
	return e
}

func uuid(n int) string { return fmt.Sprintf("%08x-1111-4222-8333-%012x", n, n) }

// timerMsg is a timer the harness holds until the test fires it.
type timerMsg struct {
	d   time.Duration
	msg tea.Msg
}

func testTimer(d time.Duration, msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return timerMsg{d: d, msg: msg} }
}

// harness drives an App synchronously: commands run at once, timers wait
// until fired, quitting is recorded.
type harness struct {
	t      testing.TB
	app    App
	fake   *fakeManager
	timers []timerMsg
	quit   bool
}

func newHarness(t testing.TB, o Options, fake *fakeManager, width, height int) *harness {
	t.Helper()
	if o.Manager == nil {
		o.Manager = fake
	}
	if o.ManagerLabel == "" {
		o.ManagerLabel = "http://10.0.0.5:80"
	}
	if o.Tenant == "" {
		o.Tenant = "default_tenant"
	}
	a := NewApp(o)
	a.nowFn = func() time.Time { return t0 }
	a.now = t0
	a.list.SetNow(t0)
	a.pane.SetNow(t0)
	a.after = testTimer
	a.pane.SetTimer(testTimer)
	h := &harness{t: t, app: a, fake: fake}
	h.send(tea.WindowSizeMsg{Width: width, Height: height})
	return h
}

// start runs Init.
func (h *harness) start() *harness {
	h.run(h.app.Init())
	return h
}

func (h *harness) send(msg tea.Msg) {
	m, cmd := h.app.Update(msg)
	h.app = m.(App)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case timerMsg:
		h.timers = append(h.timers, msg)
	case tea.QuitMsg:
		h.quit = true
	default:
		if cmds, ok := sequence(msg); ok {
			for _, c := range cmds {
				h.run(c)
			}
			return
		}
		h.send(msg)
	}
}

// sequence unpacks tea.Sequence's message (an unexported []tea.Cmd).
func sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
		return nil, false
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return out, true
}

// fire delivers every pending timer whose message matches.
func (h *harness) fire(match func(tea.Msg) bool) int {
	var keep, due []timerMsg
	for _, tm := range h.timers {
		if match(tm.msg) {
			due = append(due, tm)
		} else {
			keep = append(keep, tm)
		}
	}
	h.timers = keep
	for _, tm := range due {
		h.send(tm.msg)
	}
	return len(due)
}

func isPoll(m tea.Msg) bool   { _, ok := m.(pollTickMsg); return ok }
func isSettle(m tea.Msg) bool { _, ok := m.(settleMsg); return ok }

// pending returns the delays of pending timers whose message matches.
func (h *harness) pending(match func(tea.Msg) bool) []time.Duration {
	var out []time.Duration
	for _, tm := range h.timers {
		if match(tm.msg) {
			out = append(out, tm.d)
		}
	}
	return out
}

// press sends key presses: single characters, or names like "enter".
func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("unknown key " + k)
	}
	m := tea.KeyPressMsg{Code: r[0], Text: k}
	if r[0] >= 'A' && r[0] <= 'Z' {
		m.Code = r[0] + ('a' - 'A')
		m.Mod = tea.ModShift
	}
	return m
}

// typeText types text into whatever has the keys.
func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (h *harness) screen() string { return h.app.Render() }

func stripANSI(s string) string { return ansi.Strip(s) }

func (h *harness) selectedID() string {
	e, ok := h.app.list.Selected()
	if !ok {
		return ""
	}
	return e.ID
}

func (h *harness) mustContain(subs ...string) {
	h.t.Helper()
	s := stripANSI(h.screen())
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			h.t.Fatalf("screen lacks %q:\n%s", sub, s)
		}
	}
}

func (h *harness) mustNotContain(subs ...string) {
	h.t.Helper()
	s := stripANSI(h.screen())
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			h.t.Fatalf("screen has %q:\n%s", sub, s)
		}
	}
}

func execUpdated(e client.Execution) tea.Msg { return actions.ExecutionUpdatedMsg{Execution: e} }

func statusMsg(text string, isErr bool) tea.Msg { return actions.StatusMsg{Text: text, IsError: isErr} }
