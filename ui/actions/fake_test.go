package actions

import (
	"context"
	"fmt"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
	"reflect"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
)

const testID = "3f2a9c1e-7b4d-4e0a-9f6b-2c8d1e5a7b90"

// fakeManager is an in-memory manager that counts the requests it gets.
type fakeManager struct {
	mu       sync.Mutex
	calls    map[string]int
	execs    map[string]client.Execution
	moveTo   map[string]client.Status // GetExecution reports this status instead (someone else acted)
	getErr   error
	actErr   error   // cancel/resume/patch fail with this
	startErr []error // consumed in order by StartExecution; nil = success
	listErr  error
	deps     []client.Deployment
	pageMax  int // ListDeployments answers at most this many (0 = all)
	searches []string
	starts   []client.StartRequest
	cancels  []client.CancelAction
	resumes  []bool
	patches  []string // "status|error"

	depGroups   []client.DeploymentGroup
	groupWfs    map[string][]client.Workflow // ListWorkflows by deployment group
	groupErr    []error                      // consumed in order by StartExecutionGroup; nil = success
	groupStarts []client.GroupStartRequest
	includes    [][]string // the _include of each ListDeploymentGroups
}

func newFake() *fakeManager {
	return &fakeManager{calls: map[string]int{}, execs: map[string]client.Execution{}, moveTo: map[string]client.Status{}}
}

func (f *fakeManager) count(m string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[m]
}

// mutations counts the requests that change something on the manager.
func (f *fakeManager) mutations() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls["StartExecution"] + f.calls["CancelExecution"] + f.calls["ResumeExecution"] + f.calls["UpdateExecutionStatus"] +
		f.calls["StartExecutionGroup"]
}

func (f *fakeManager) hit(m string) {
	f.mu.Lock()
	f.calls[m]++
	f.mu.Unlock()
}

func (f *fakeManager) put(e client.Execution) {
	f.mu.Lock()
	f.execs[e.ID] = e
	f.mu.Unlock()
}

func (f *fakeManager) GetExecution(_ context.Context, id string, _ ...string) (*client.Execution, error) {
	f.hit("GetExecution")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.getErr != nil {
		return nil, f.getErr
	}
	e, ok := f.execs[id]
	if !ok {
		return nil, &client.Error{Kind: client.KindNotFound, StatusCode: 404, Code: "not_found_error",
			Message: fmt.Sprintf("Requested `Execution` with ID `%s` was not found", id)}
	}
	if s, ok := f.moveTo[id]; ok {
		e.Status = s
		f.execs[id] = e
	}
	return &e, nil
}

func (f *fakeManager) StartExecution(_ context.Context, r client.StartRequest) (*client.Execution, error) {
	f.hit("StartExecution")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.starts = append(f.starts, r)
	if len(f.startErr) > 0 {
		err := f.startErr[0]
		f.startErr = f.startErr[1:]
		if err != nil {
			return nil, err
		}
	}
	st := client.StatusPending
	if r.Queue {
		st = client.StatusQueued
	}
	e := client.Execution{ID: "9c1e0000-aaaa-bbbb-cccc-000000000001", WorkflowID: r.WorkflowID,
		DeploymentID: client.Some(r.DeploymentID), Status: st, TenantName: "default_tenant"}
	f.execs[e.ID] = e
	return &e, nil
}

func (f *fakeManager) CancelExecution(_ context.Context, id string, a client.CancelAction) (*client.Execution, error) {
	f.hit("CancelExecution")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancels = append(f.cancels, a)
	if f.actErr != nil {
		return nil, f.actErr
	}
	e := f.execs[id]
	e.Status = map[client.CancelAction]client.Status{
		client.ActionCancel: client.StatusCancelling, client.ActionForceCancel: client.StatusForceCancelling,
		client.ActionKill: client.StatusKillCancelling}[a]
	f.execs[id] = e
	return &e, nil
}

func (f *fakeManager) ResumeExecution(_ context.Context, id string, force bool) (*client.Execution, error) {
	f.hit("ResumeExecution")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resumes = append(f.resumes, force)
	if f.actErr != nil {
		return nil, f.actErr
	}
	e := f.execs[id]
	e.Status = client.StatusPending
	f.execs[id] = e
	return &e, nil
}

func (f *fakeManager) UpdateExecutionStatus(_ context.Context, id string, s client.Status, errorText string) (*client.Execution, error) {
	f.hit("UpdateExecutionStatus")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.patches = append(f.patches, string(s)+"|"+errorText)
	if f.actErr != nil {
		return nil, f.actErr
	}
	e := f.execs[id]
	e.Status = s
	f.execs[id] = e
	return &e, nil
}

func (f *fakeManager) ListDeployments(_ context.Context, o client.ListDeploymentsOptions) (*client.DeploymentPage, error) {
	f.hit("ListDeployments")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.listErr != nil {
		return nil, f.listErr
	}
	f.searches = append(f.searches, o.Search)
	var items []client.Deployment
	for _, d := range f.deps {
		if o.Search != "" && !strings.Contains(d.ID, o.Search) {
			continue
		}
		d.Workflows = nil // the list asks for a few fields only
		items = append(items, d)
	}
	total := len(items)
	if f.pageMax > 0 && len(items) > f.pageMax {
		items = items[:f.pageMax]
	}
	return &client.DeploymentPage{Items: items, Pagination: client.Pagination{Total: total, Size: o.Size}}, nil
}

func (f *fakeManager) GetDeployment(_ context.Context, id string) (*client.Deployment, error) {
	f.hit("GetDeployment")
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, d := range f.deps {
		if d.ID == id {
			return &d, nil
		}
	}
	return nil, &client.Error{Kind: client.KindNotFound, StatusCode: 404, Message: "Requested `Deployment` with ID `" + id + "` was not found"}
}

func (f *fakeManager) ListDeploymentGroups(_ context.Context, size int, include ...string) (*client.DeploymentGroupPage, error) {
	f.hit("ListDeploymentGroups")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.includes = append(f.includes, include)
	if f.listErr != nil {
		return nil, f.listErr
	}
	return &client.DeploymentGroupPage{Items: f.depGroups, Pagination: client.Pagination{Total: len(f.depGroups), Size: size}}, nil
}

func (f *fakeManager) ListWorkflows(_ context.Context, o client.ListWorkflowsOptions) ([]client.Workflow, error) {
	f.hit("ListWorkflows")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.groupWfs[o.DeploymentGroupID], nil
}

// StartExecutionGroup starts one member per deployment of the group.
func (f *fakeManager) StartExecutionGroup(_ context.Context, r client.GroupStartRequest) (*client.ExecutionGroup, error) {
	f.hit("StartExecutionGroup")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groupStarts = append(f.groupStarts, r)
	if len(f.groupErr) > 0 {
		err := f.groupErr[0]
		f.groupErr = f.groupErr[1:]
		if err != nil {
			return nil, err
		}
	}
	g := client.ExecutionGroup{ID: "6e0a0000-aaaa-bbbb-cccc-000000000001", WorkflowID: r.WorkflowID,
		DeploymentGroupID: client.Some(r.DeploymentGroupID), Concurrency: r.Concurrency, TenantName: "default_tenant",
		Status: client.Some(client.StatusPending)}
	var ids []string
	for _, dg := range f.depGroups {
		if dg.ID == r.DeploymentGroupID {
			for i := range dg.DeploymentIDs {
				ids = append(ids, fmt.Sprintf("9c1e0000-aaaa-bbbb-cccc-%012d", i))
			}
		}
	}
	g.ExecutionIDs = client.Some(ids)
	return &g, nil
}

func busyErr() error {
	return &client.Error{Kind: client.KindBusy, StatusCode: 400, Code: "existing_running_execution_error",
		Message: "The following executions are currently running for this deployment: [<Execution id=`e99b` tenant=`default_tenant` status=`started` workflow_id=`install`>]. To execute this workflow anyway, pass \"force=true\" as a query parameter to this request"}
}

func execIn(s client.Status) client.Execution {
	return client.Execution{ID: testID, WorkflowID: "install", DeploymentID: client.Some("web-prod"),
		Status: s, TenantName: "default_tenant"}
}

// harness drives a Controller the way the root does: keys in, Cmds run
// synchronously, the controller's own messages fed back, everything else
// collected as what the root would receive.
type harness struct {
	t   *testing.T
	c   Controller
	f   *fakeManager
	out []tea.Msg
}

func newHarness(t *testing.T, o Options) *harness {
	t.Helper()
	f := newFake()
	if o.Manager == nil {
		o.Manager = f
	}
	if len(o.Keys.DialogClose.Keys()) == 0 {
		o.Keys = keymap.DefaultKeyMap()
	}
	if o.Tenant == "" {
		o.Tenant = "default_tenant"
	}
	if o.ManagerLabel == "" {
		o.ManagerLabel = "http://127.0.0.1:8100"
	}
	h := &harness{t: t, c: New(o), f: f}
	h.c = h.c.SetSize(80, 24)
	return h
}

func (h *harness) open(k Kind, e *client.Execution) {
	h.t.Helper()
	var cmd tea.Cmd
	h.c, cmd = h.c.Open(k, e)
	h.run(cmd)
}

// press sends keys one by one, running each returned Cmd to completion.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		var cmd tea.Cmd
		h.c, cmd = h.c.Update(uitest.Key(k))
		h.run(cmd)
	}
}

// pressHold sends a key and returns its Cmd without running it.
func (h *harness) pressHold(k string) tea.Cmd {
	h.t.Helper()
	var cmd tea.Cmd
	h.c, cmd = h.c.Update(uitest.Key(k))
	return cmd
}

func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.press(string(r))
	}
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	h.deliver(cmd())
}

func (h *harness) deliver(msg tea.Msg) {
	switch m := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range m {
			h.run(c)
		}
	case resultMsg, deploymentsMsg, deploymentMsg, bulkItemMsg, bulkAuditMsg, depGroupsMsg, groupWorkflowsMsg, groupResultMsg:
		var cmd tea.Cmd
		h.c, cmd = h.c.Update(m)
		h.run(cmd)
	default:
		h.out = append(h.out, msg)
	}
}

func (h *harness) statuses() []common.StatusMsg {
	var out []common.StatusMsg
	for _, m := range h.out {
		if s, ok := m.(common.StatusMsg); ok {
			out = append(out, s)
		}
	}
	return out
}

func (h *harness) lastStatus() common.StatusMsg {
	h.t.Helper()
	s := h.statuses()
	if len(s) == 0 {
		h.t.Fatalf("no common.StatusMsg; got %#v", h.out)
	}
	return s[len(s)-1]
}

func (h *harness) updates() []client.Execution {
	var out []client.Execution
	for _, m := range h.out {
		if u, ok := m.(common.ExecutionUpdatedMsg); ok {
			out = append(out, u.Execution)
		}
	}
	return out
}

// clipboard returns the text of a SetClipboard message among msgs.
func clipboardOf(msgs []tea.Msg) (string, bool) {
	for _, m := range msgs {
		if fmt.Sprintf("%T", m) == "tea.setClipboardMsg" {
			return reflect.ValueOf(m).String(), true
		}
	}
	return "", false
}

func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runAll(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// plain is the dialog's text without styling or border, lines joined by
// spaces, so that wrapped sentences read whole.
func (h *harness) plain() string {
	var parts []string
	for _, l := range strings.Split(ansi.Strip(h.c.View()), "\n") {
		l = strings.Trim(l, "│╭╮╰╯─ ")
		if l != "" {
			parts = append(parts, strings.Join(strings.Fields(l), " "))
		}
	}
	return strings.Join(parts, " ")
}
