package actions

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/cfycmd"
)

// Manager is the part of the manager client the dialogs use; *client.Client
// satisfies it.
type Manager interface {
	GetExecution(ctx context.Context, id string, include ...string) (*client.Execution, error)
	StartExecution(ctx context.Context, r client.StartRequest) (*client.Execution, error)
	CancelExecution(ctx context.Context, id string, a client.CancelAction) (*client.Execution, error)
	ResumeExecution(ctx context.Context, id string, force bool) (*client.Execution, error)
	UpdateExecutionStatus(ctx context.Context, id string, s client.Status, errorText string) (*client.Execution, error)
	ListDeployments(ctx context.Context, o client.ListDeploymentsOptions) (*client.DeploymentPage, error)
	GetDeployment(ctx context.Context, id string) (*client.Deployment, error)
	// The start on a deployment group (wizard_group.go).
	ListDeploymentGroups(ctx context.Context, size int, include ...string) (*client.DeploymentGroupPage, error)
	ListWorkflows(ctx context.Context, o client.ListWorkflowsOptions) ([]client.Workflow, error)
	StartExecutionGroup(ctx context.Context, r client.GroupStartRequest) (*client.ExecutionGroup, error)
}

// defaultTimeout is the client's: one timeout per request, everywhere.
const defaultTimeout = client.DefaultTimeout

// env is what a request Cmd needs, copied out of the controller so that the
// closure never reads the model.
type env struct {
	m       Manager
	log     *audit.Log
	label   string
	tenant  string
	timeout time.Duration
}

// actionReq is one confirmed action on an existing execution, by value.
type actionReq struct {
	seq       int
	kind      Kind
	force     bool // force-resume
	exec      client.Execution
	to        client.Status // patch target
	errorText string        // patch error text
}

// resultMsg answers an action or a start. seq and id say which dialog and
// execution it belongs to.
type resultMsg struct {
	seq     int
	kind    Kind
	id      string
	action  string            // the action's name as sent
	exec    *client.Execution // the manager's answer on success
	fresh   *client.Execution // the execution as re-fetched before sending
	aborted string            // why nothing was sent after the re-fetch
	err     error
	start   *client.StartRequest // the request, for starts
}

type deploymentsMsg struct {
	seq   int
	items []client.Deployment
	total int
	err   error
}

type deploymentMsg struct {
	seq int
	id  string
	dep *client.Deployment
	err error
}

func (v env) ctx() (context.Context, context.CancelFunc) {
	t := v.timeout
	if t <= 0 {
		t = defaultTimeout
	}
	return context.WithTimeout(context.Background(), t)
}

// ctxAs is ctx for requests that speak for tenant: an execution of another
// tenant (seen with --all-tenants) is re-fetched and acted on as its own
// tenant, or the manager would not find it. "" = the configured tenant.
func (v env) ctxAs(tenant string) (context.Context, context.CancelFunc) {
	ctx, cancel := v.ctx()
	return client.WithTenant(ctx, tenant), cancel
}

func (v env) tenantOf(e *client.Execution) string {
	if e != nil && e.TenantName != "" {
		return e.TenantName
	}
	return v.tenant
}

// runAction re-fetches the execution, checks the action still applies, sends
// it once and records it in the audit log. It runs inside a tea.Cmd.
func (v env) runAction(r actionReq) tea.Msg {
	res := resultMsg{seq: r.seq, kind: r.kind, id: r.exec.ID, action: actionName(r.kind, r.force)}
	entry := v.entry(r, r.exec.Status)

	tenant := r.exec.TenantName
	ctx, cancel := v.ctxAs(tenant)
	fresh, err := v.m.GetExecution(ctx, r.exec.ID)
	cancel()
	if err != nil {
		res.err = err
		entry.Result = audit.ResultError
		entry.Message = "not sent: the execution could not be checked first: " + errText(err)
		v.append(entry)
		return res
	}
	res.fresh = fresh
	entry.StatusBefore = string(fresh.Status)
	if ok, why := stillApplies(r, fresh); !ok {
		res.aborted = why
		entry.Result = audit.ResultAbortedStatusChanged
		entry.Message = "not sent: " + why
		v.append(entry)
		return res
	}

	ctx, cancel = v.ctxAs(tenant)
	defer cancel()
	var out *client.Execution
	if send := specs[r.kind].send; send != nil {
		out, err = send(ctx, v.m, r)
	} else {
		err = errors.New("unknown action")
	}
	res.exec, res.err = out, err
	v.record(&entry, out, err)
	v.append(entry)
	return res
}

// runStart sends one start request and records it. It runs inside a tea.Cmd.
func (v env) runStart(seq int, r client.StartRequest, params client.WorkflowParams, tenant string) tea.Msg {
	res := resultMsg{seq: seq, kind: Start, action: Start.String(), start: &r}
	ctx, cancel := v.ctx()
	defer cancel()
	out, err := v.m.StartExecution(ctx, r)
	res.exec, res.err = out, err
	entry := audit.Entry{
		Manager:    v.label,
		Tenant:     tenant,
		Deployment: r.DeploymentID,
		Workflow:   r.WorkflowID,
		Action:     Start.String(),
		CfyCommand: cfycmd.Start(r, params, tenant),
	}
	if out != nil {
		entry.ExecutionID = out.ID
		res.id = out.ID
	}
	v.record(&entry, out, err)
	v.append(entry)
	return res
}

func (v env) entry(r actionReq, before client.Status) audit.Entry {
	e := r.exec
	var cmd string
	if f := specs[r.kind].command; f != nil {
		cmd = f(r, v.tenant)
	}
	return audit.Entry{
		Manager:      v.label,
		Tenant:       v.tenantOf(&e),
		ExecutionID:  e.ID,
		Deployment:   e.DeploymentID.Value,
		Workflow:     e.WorkflowID,
		StatusBefore: string(before),
		Action:       actionName(r.kind, r.force),
		CfyCommand:   cmd,
	}
}

// resultUnknown is the audit result of a request that may or may not have
// been carried out (no answer in time, a connection cut after sending, a
// gateway error): the audit package has no name for it.
const resultUnknown = "unknown"

// record fills the result of a sent request: ok, refused (the manager
// answered 4xx), unknown (it may have been carried out) or error.
func (v env) record(entry *audit.Entry, out *client.Execution, err error) {
	switch {
	case err == nil:
		entry.Result = audit.ResultOK
		if out != nil {
			entry.Message = "now " + string(out.Status)
		}
	case maybeApplied(err):
		entry.Result = resultUnknown
		entry.Message = "outcome unknown: " + textsafe.Clean(err.Error())
	case refused(err):
		entry.Result = audit.ResultRefused
		entry.Message = errText(err)
	default:
		entry.Result = audit.ResultError
		entry.Message = errText(err)
	}
}

func (v env) append(e audit.Entry) {
	if v.log == nil {
		return
	}
	// The audit log is best effort: failing to write it must not hide the
	// outcome of an action that already happened.
	_ = v.log.Append(e)
}

// maybeApplied reports whether a failed request that changes something may
// have been carried out all the same.
func maybeApplied(err error) bool {
	var ce *client.Error
	return errors.As(err, &ce) && ce.MaybeApplied()
}

// refused reports whether the manager answered and said no.
func refused(err error) bool {
	var ce *client.Error
	if errors.As(err, &ce) {
		return ce.StatusCode >= 400 && ce.StatusCode < 500
	}
	return false
}

// errText is the manager's message when there is one, else the error's
// sentence; either way without control characters.
func errText(err error) string {
	if err == nil {
		return ""
	}
	var ce *client.Error
	if errors.As(err, &ce) && ce.Message != "" {
		return textsafe.Clean(ce.Message)
	}
	return textsafe.Clean(err.Error())
}

// listDeployments reads the deployments the start dialog offers; search,
// when set, asks the manager for IDs containing it (for managers with more
// deployments than one page holds).
func (v env) listDeployments(seq int, search string) tea.Msg {
	ctx, cancel := v.ctx()
	defer cancel()
	page, err := v.m.ListDeployments(ctx, client.ListDeploymentsOptions{
		Include: []string{"id", "display_name", "blueprint_id", "tenant_name"},
		Sort:    []string{"id"},
		Size:    maxDeployments,
		Search:  search,
	})
	msg := deploymentsMsg{seq: seq, err: err}
	if page != nil {
		msg.items, msg.total = page.Items, page.Pagination.Total
	}
	return msg
}

func (v env) getDeployment(seq int, id string) tea.Msg {
	ctx, cancel := v.ctx()
	defer cancel()
	d, err := v.m.GetDeployment(ctx, id)
	return deploymentMsg{seq: seq, id: id, dep: d, err: err}
}

// maxDeployments is how many deployments the start dialog lists.
const maxDeployments = 1000
