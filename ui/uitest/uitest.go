// Package uitest holds what the tests of the shell, the screens and the
// dialogs share: key presses as a terminal sends them, the unpacking of
// batched and sequenced commands, a fake manager and execution builders.
package uitest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
)

// T0 is the pinned clock of every test.
var T0 = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// Key builds the key press a terminal delivers for a key name: a single
// character (capitals with shift), or a name such as "enter" or "ctrl+c".
func Key(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	}
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok && len(c) == 1 {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("unknown key " + k)
	}
	m := tea.KeyPressMsg{Code: r[0], Text: k}
	if k != strings.ToLower(k) {
		m.Code = []rune(strings.ToLower(k))[0]
		m.Mod = tea.ModShift
	}
	return m
}

// Sequence unpacks tea.Sequence's message (an unexported []tea.Cmd).
func Sequence(msg tea.Msg) ([]tea.Cmd, bool) {
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

// Manager is an in-memory manager for the shell's and the screens' tests:
// it serves its executions and events, counts requests, and fails on
// demand. Fields are read under Mu once the code under test may run.
type Manager struct {
	Mu      sync.Mutex
	Execs   []client.Execution
	Events  map[string][]client.Event
	Fail    error // every request fails with it while set
	Lists   int
	Gets    int
	EvCalls int // pages of events read (the pane's)
	// Newest counts the lookups of the few newest events
	// (EventsOptions.Newest, size 5 at most) of the "no new event" and
	// "retrying" rules, which EvCalls leaves out.
	Newest   int
	ListOpts []client.ListExecutionsOptions
	GetIDs   []string
	Cancels  []string
	// LoseAnswer, when set, is returned by the actions after they are
	// applied: the manager did it, and the answer was lost on the way.
	LoseAnswer error
	Block      chan struct{} // when set, ListExecutions waits for it (or ctx)
	// Unreadable is how many executions every list answer says it could
	// not read (client.ExecutionPage.Skipped), with UnreadableWhy.
	Unreadable    int
	UnreadableWhy string
	// DepGroups and GroupWorkflows (by deployment group) serve the start
	// on a deployment group; GroupStarts are the starts it got.
	DepGroups      []client.DeploymentGroup
	GroupWorkflows map[string][]client.Workflow
	GroupStarts    []client.GroupStartRequest
}

func NewManager(execs ...client.Execution) *Manager {
	return &Manager{Execs: execs, Events: map[string][]client.Event{}}
}

func (f *Manager) Set(execs ...client.Execution) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Execs = execs
}

func (f *Manager) SetFail(err error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Fail = err
}

func (f *Manager) Counts() (lists, gets, events int) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return f.Lists, f.Gets, f.EvCalls
}

func (f *Manager) ListExecutions(ctx context.Context, o client.ListExecutionsOptions) (*client.ExecutionPage, error) {
	f.Mu.Lock()
	f.Lists++
	f.ListOpts = append(f.ListOpts, o)
	block, fail, unreadable, why := f.Block, f.Fail, f.Unreadable, f.UnreadableWhy
	execs := slices.Clone(f.Execs)
	f.Mu.Unlock()
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
		if ids, ok := o.Filters["id"]; ok && !slices.Contains(ids, e.ID) {
			continue
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b client.Execution) int { return b.CreatedAt.Compare(a.CreatedAt.Time) })
	total := len(out)
	if !o.GetAllResults {
		out = out[min(o.Offset, len(out)):]
		if o.Size > 0 && len(out) > o.Size {
			out = out[:o.Size]
		}
	}
	return &client.ExecutionPage{Items: out, Pagination: client.Pagination{Total: total, Size: o.Size, Offset: o.Offset},
		Skipped: unreadable, SkipReason: why}, nil
}

func (f *Manager) GetExecution(ctx context.Context, id string, include ...string) (*client.Execution, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Gets++
	f.GetIDs = append(f.GetIDs, id)
	if f.Fail != nil {
		return nil, f.Fail
	}
	for _, e := range f.Execs {
		if e.ID == id {
			return &e, nil
		}
	}
	return nil, fmt.Errorf("execution %s not found", id)
}

func (f *Manager) ListEvents(ctx context.Context, o client.EventsOptions) (*client.EventPage, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if o.Newest && o.Size > 0 && o.Size <= 5 {
		f.Newest++
	} else {
		f.EvCalls++
	}
	if f.Fail != nil {
		return nil, f.Fail
	}
	all := f.Events[o.ExecutionID]
	if o.Newest {
		all = slices.Clone(all)
		slices.Reverse(all)
	}
	from := min(o.Offset, len(all))
	to := len(all)
	if o.Size > 0 {
		to = min(from+o.Size, len(all))
	}
	return &client.EventPage{Items: slices.Clone(all[from:to]), Pagination: client.Pagination{Total: len(all), Offset: o.Offset}}, nil
}

var errNotHere = errors.New("not used by the dashboard")

func (f *Manager) StartExecution(context.Context, client.StartRequest) (*client.Execution, error) {
	return nil, errNotHere
}

// CancelExecution moves the execution to the status the manager gives it.
func (f *Manager) CancelExecution(_ context.Context, id string, act client.CancelAction) (*client.Execution, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Cancels = append(f.Cancels, id)
	if f.Fail != nil {
		return nil, f.Fail
	}
	for i := range f.Execs {
		if f.Execs[i].ID == id {
			switch act {
			case client.ActionForceCancel:
				f.Execs[i].Status = client.StatusForceCancelling
			case client.ActionKill:
				f.Execs[i].Status = client.StatusKillCancelling
			default:
				f.Execs[i].Status = client.StatusCancelling
			}
			e := f.Execs[i]
			if f.LoseAnswer != nil {
				return nil, f.LoseAnswer
			}
			return &e, nil
		}
	}
	return nil, fmt.Errorf("execution %s not found", id)
}
func (f *Manager) ResumeExecution(context.Context, string, bool) (*client.Execution, error) {
	return nil, errNotHere
}
func (f *Manager) UpdateExecutionStatus(context.Context, string, client.Status, string) (*client.Execution, error) {
	return nil, errNotHere
}
func (f *Manager) ListDeployments(context.Context, client.ListDeploymentsOptions) (*client.DeploymentPage, error) {
	return &client.DeploymentPage{}, nil
}
func (f *Manager) GetDeployment(context.Context, string) (*client.Deployment, error) {
	return nil, errNotHere
}

func (f *Manager) ListDeploymentGroups(context.Context, int, ...string) (*client.DeploymentGroupPage, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if f.Fail != nil {
		return nil, f.Fail
	}
	return &client.DeploymentGroupPage{Items: slices.Clone(f.DepGroups), Pagination: client.Pagination{Total: len(f.DepGroups)}}, nil
}

func (f *Manager) ListWorkflows(_ context.Context, o client.ListWorkflowsOptions) ([]client.Workflow, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if f.Fail != nil {
		return nil, f.Fail
	}
	return slices.Clone(f.GroupWorkflows[o.DeploymentGroupID]), nil
}

// StartExecutionGroup records the start and answers a group with one
// member per deployment of the deployment group.
func (f *Manager) StartExecutionGroup(_ context.Context, r client.GroupStartRequest) (*client.ExecutionGroup, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.GroupStarts = append(f.GroupStarts, r)
	if f.Fail != nil {
		return nil, f.Fail
	}
	var ids []string
	for _, dg := range f.DepGroups {
		if dg.ID == r.DeploymentGroupID {
			for i := range dg.DeploymentIDs {
				ids = append(ids, UUID(9000+i))
			}
		}
	}
	return &client.ExecutionGroup{ID: UUID(8000 + len(f.GroupStarts)), WorkflowID: r.WorkflowID, DeploymentGroupID: client.Some(r.DeploymentGroupID),
		Concurrency: r.Concurrency, ExecutionIDs: client.Some(ids), Status: client.Some(client.StatusPending), TenantName: "default_tenant"}, nil
}

// exec builds an execution created ago before T0.
func Exec(id, wf, dep string, st client.Status, ago time.Duration) client.Execution {
	created := T0.Add(-ago)
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

func UUID(n int) string { return fmt.Sprintf("%08x-1111-4222-8333-%012x", n, n) }

// Sample is a small list with one execution in each of five statuses.
func Sample() []client.Execution {
	return []client.Execution{
		Exec(UUID(1), "install", "web-01", client.StatusStarted, 5*time.Minute),
		Exec(UUID(2), "uninstall", "db-02", client.StatusFailed, 10*time.Minute),
		Exec(UUID(3), "scale", "web-01", client.StatusTerminated, 30*time.Minute),
		Exec(UUID(4), "heal", "cache-03", client.StatusQueued, 2*time.Minute),
		Exec(UUID(5), "install", "api-04", client.StatusCancelled, 3*time.Hour),
	}
}

var manyStatuses = []client.Status{client.StatusTerminated, client.StatusTerminated, client.StatusTerminated,
	client.StatusFailed, client.StatusCancelled, client.StatusStarted, client.StatusQueued}

// Many is n executions one second apart, mostly ended, for benchmarks.
func Many(n int) []client.Execution {
	wfs := []string{"install", "uninstall", "scale", "heal", "update", "restart"}
	out := make([]client.Execution, n)
	for i := range out {
		out[i] = Exec(UUID(i), wfs[i%len(wfs)], fmt.Sprintf("dep-%04d", i%2000), manyStatuses[i%len(manyStatuses)],
			time.Duration(i)*time.Second)
	}
	return out
}

// Run runs cmd at once and hands each message it yields to deliver, with
// tea.Batch and tea.Sequence unpacked (in order): how the test harnesses of
// the shell and the screens run commands synchronously.
func Run(cmd tea.Cmd, deliver func(tea.Msg)) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			Run(c, deliver)
		}
	default:
		if cmds, ok := Sequence(msg); ok {
			for _, c := range cmds {
				Run(c, deliver)
			}
			return
		}
		deliver(msg)
	}
}

// QueryEvents serves the tenant's timeline: every execution's events, in
// the order they were set, paged (filters are the screens' own tests').
func (f *Manager) QueryEvents(_ context.Context, q client.EventsQuery) (*client.EventPage, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if f.Fail != nil {
		return nil, f.Fail
	}
	var all []client.Event
	for _, e := range f.Execs {
		all = append(all, f.Events[e.ID]...)
	}
	from := min(max(q.Offset, 0), len(all))
	to := len(all)
	if q.Size > 0 {
		to = min(from+q.Size, len(all))
	}
	return &client.EventPage{Items: slices.Clone(all[from:to]), Pagination: client.Pagination{Total: len(all), Offset: q.Offset}}, nil
}
