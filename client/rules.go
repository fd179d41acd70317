package client

// The manager's rules for actions and status changes (cloudify-api.md §2–§3),
// as pure functions so that the dashboard offers only what the manager
// accepts.

import "slices"

// CancelAllowed reports whether the manager accepts action a on an execution
// in status s: cancel from pending, started, scheduled or queued;
// force-cancel from those and cancelling; kill from any status.
func CancelAllowed(s Status, a CancelAction) bool {
	switch a {
	case ActionKill:
		return true
	case ActionCancel:
		switch s {
		case StatusPending, StatusStarted, StatusScheduled, StatusQueued:
			return true
		}
	case ActionForceCancel:
		switch s {
		case StatusPending, StatusStarted, StatusScheduled, StatusQueued, StatusCancelling:
			return true
		}
	}
	return false
}

// ResumeAllowed reports whether the manager accepts resume (from failed,
// cancelled or started) or force-resume (from failed or cancelled).
func ResumeAllowed(s Status, force bool) bool {
	switch s {
	case StatusFailed, StatusCancelled:
		return true
	case StatusStarted:
		return !force
	}
	return false
}

// snapshotWorkflow may leave an end state: the manager exempts it.
const snapshotWorkflow = "create_snapshot"

// PatchAllowed reports whether the manager accepts a PATCH of the status from
// one status to another, for an execution of the given workflow. The rules
// are the manager's, in its order: the same status is always accepted; an
// end state is final (except for create_snapshot); from cancelling only
// failed, cancelled, queued and scheduled; the same from force_cancelling;
// anything else goes. A target that is not one of the ten statuses is refused.
func PatchAllowed(workflowID string, from, to Status) bool {
	if !to.Known() {
		return false
	}
	if from == to {
		return true
	}
	if from.IsEnd() && workflowID != snapshotWorkflow {
		return false
	}
	switch from {
	case StatusCancelling:
		if to.IsActive() || to == StatusTerminated {
			return false
		}
	case StatusForceCancelling:
		if to.IsActive() || to == StatusTerminated || to == StatusCancelling {
			return false
		}
	}
	return true
}

// PatchTargets lists the statuses an execution of the workflow may be
// PATCHed to from its current status, in the manager's order, without the
// current status itself.
func PatchTargets(workflowID string, from Status) []Status {
	var out []Status
	for _, to := range AllStatuses {
		if to != from && PatchAllowed(workflowID, from, to) {
			out = append(out, to)
		}
	}
	return out
}

// Scope is what the dashboard and --once show: the server-side filters
// (several values of one are ORed; statuses may be display words, as
// completed), the system workflows and the tenants.
type Scope struct {
	Deployment, Status, Workflow, Blueprint []string
	System, AllTenants                      bool
}

// WindowQuery is the query of the executions in scope, newest first, with
// the list's columns; size and offset are the caller's. With ActiveQuery of
// it, it is "what is in scope": the newest window plus every execution that
// has not ended.
func (sc Scope) WindowQuery() ListExecutionsOptions {
	filters := map[string][]string{}
	add := func(k string, vs []string) {
		if len(vs) > 0 {
			filters[k] = append([]string(nil), vs...)
		}
	}
	add("deployment_id", sc.Deployment)
	add("workflow_id", sc.Workflow)
	add("blueprint_id", sc.Blueprint)
	var statuses []string
	for _, s := range sc.Status {
		statuses = append(statuses, string(StatusFromDisplay(s)))
	}
	add("status", statuses)
	return ListExecutionsOptions{
		Include:                ExecutionListFields,
		Sort:                   []string{"-created_at"},
		Filters:                filters,
		IncludeSystemWorkflows: sc.System,
		AllTenants:             sc.AllTenants,
	}
}

// ActiveQuery turns a list query into the one for every execution it would
// match that has not ended (active or waiting), with no size limit: what a
// view adds to its newest-first window so that nothing running is hidden.
// It returns nil when o's status filter excludes every such status.
func ActiveQuery(o ListExecutionsOptions) *ListExecutionsOptions {
	wanted := o.Filters["status"]
	var act []string
	for _, s := range AllStatuses {
		if s.IsEnd() {
			continue
		}
		if len(wanted) == 0 || slices.Contains(wanted, string(s)) {
			act = append(act, string(s))
		}
	}
	if len(act) == 0 {
		return nil
	}
	filters := make(map[string][]string, len(o.Filters)+1)
	for k, v := range o.Filters {
		filters[k] = v
	}
	filters["status"] = act
	q := o
	q.Filters = filters
	q.Size, q.Offset = 0, 0
	q.GetAllResults = true
	return &q
}
