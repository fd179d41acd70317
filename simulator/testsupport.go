package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ExecutionInfo is a snapshot of one execution, for tests.
type ExecutionInfo struct {
	ID                 string
	Tenant             string
	DeploymentID       string // "" for deployment-less executions
	BlueprintID        string
	WorkflowID         string
	Status             string
	Error              *string // nil when the manager would send null
	CreatedAt          time.Time
	StartedAt          time.Time // zero when null
	EndedAt            time.Time // zero when null
	CreatedBy          string
	IsSystemWorkflow   bool
	IsDryRun           bool
	Resume             bool
	Stuck              bool
	TotalOperations    int
	FinishedOperations int
	Parameters         map[string]any
}

// ExecutionQuery selects executions for FindExecutions; empty fields match
// anything.
type ExecutionQuery struct {
	Tenant       string
	DeploymentID string
	WorkflowID   string
	Status       string
}

func millisTime(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func (s *Simulator) info(e *execRec) ExecutionInfo {
	in := ExecutionInfo{
		ID: e.id, Tenant: s.tenants[e.tenant], DeploymentID: e.deploymentID(), BlueprintID: e.blueprintID(),
		WorkflowID: e.workflow, Status: e.status.String(), CreatedAt: millisTime(e.created),
		StartedAt: millisTime(e.started), EndedAt: millisTime(e.ended), CreatedBy: e.createdBy,
		IsSystemWorkflow: e.has(flagSystem), IsDryRun: e.has(flagDryRun), Resume: e.has(flagResume),
		Stuck: e.has(flagStuck), TotalOperations: int(e.total), FinishedOperations: int(e.finished),
	}
	if e.has(flagHasError) {
		t := e.errText
		in.Error = &t
	}
	_ = json.Unmarshal(e.params, &in.Parameters)
	return in
}

// FindExecutions returns the executions matching q, oldest first.
func (s *Simulator) FindExecutions(q ExecutionQuery) []ExecutionInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []ExecutionInfo
	for _, e := range s.execs {
		if q.Tenant != "" && s.tenants[e.tenant] != q.Tenant ||
			q.DeploymentID != "" && e.deploymentID() != q.DeploymentID ||
			q.WorkflowID != "" && e.workflow != q.WorkflowID ||
			q.Status != "" && e.status.String() != q.Status {
			continue
		}
		out = append(out, s.info(e))
	}
	return out
}

// FindExecution returns the newest execution matching q.
func (s *Simulator) FindExecution(q ExecutionQuery) (ExecutionInfo, bool) {
	all := s.FindExecutions(q)
	if len(all) == 0 {
		return ExecutionInfo{}, false
	}
	newest := all[0]
	for _, e := range all[1:] {
		if !e.CreatedAt.Before(newest.CreatedAt) {
			newest = e
		}
	}
	return newest, true
}

// Execution returns one execution by ID.
func (s *Simulator) Execution(id string) (ExecutionInfo, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.byID[id]
	if e == nil {
		return ExecutionInfo{}, false
	}
	return s.info(e), true
}

// ErrNotFound is returned by the test functions for an unknown execution,
// deployment or tenant.
var ErrNotFound = errors.New("simulator: not found")

// ForceStatus puts an execution into a status directly, bypassing the
// manager's transition rules (test setup). It stamps started_at/ended_at as
// a workflow would, hands the execution to the worker (pending runs,
// *_cancelling ends, started continues with its tasks) and, for end states,
// dequeues what was waiting.
func (s *Simulator) ForceStatus(id, st string) error {
	next, ok := parseStatus(st)
	if !ok {
		return fmt.Errorf("simulator: unknown status %q", st)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.byID[id]
	if e == nil {
		return ErrNotFound
	}
	s.forceStatus(e, next)
	return nil
}

func (s *Simulator) forceStatus(e *execRec, next status) {
	now := s.nowMs()
	prev := e.status
	delete(s.runs, e)
	switch {
	case next == stStarted:
		if e.started == 0 {
			e.started = now
		}
		e.ended = 0
	case next.isEnd():
		if e.started == 0 && next != stCancelled {
			e.started = now
		}
		e.ended = now
	default:
		e.ended = 0
	}
	if next != stPending && next != stQueued && next != stScheduled && !e.has(flagHasError) {
		e.errText = ""
		e.set(flagHasError, true)
	}
	s.setStatus(e, next)
	s.hookToken(e, next, now)
	switch next {
	case stPending:
		s.scheduleRun(e)
	case stStarted:
		if !e.has(flagStuck) && s.opts.Worker {
			r := &run{phase: phTask, due: now + s.taskDelay()}
			s.prepareForced(e, r, now)
			s.runs[e] = r
		}
	case stCancelling, stForceCancelling, stKillCancelling:
		s.scheduleCancel(e, prev)
	}
	if next.isEnd() {
		s.finishEffects(e)
	}
}

// SetStuck marks an execution as stuck (the worker never moves it and a
// graceful cancel never completes) or frees it.
func (s *Simulator) SetStuck(id string, stuck bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.byID[id]
	if e == nil {
		return ErrNotFound
	}
	e.set(flagStuck, stuck)
	if stuck {
		delete(s.runs, e)
	} else {
		s.forceStatus(e, e.status)
	}
	return nil
}

// ExecutionSpec describes an execution for AddExecution.
type ExecutionSpec struct {
	ID           string // "" = a new UUID4 from the seeded generator
	Tenant       string // "" = default_tenant
	DeploymentID string // "" = deployment-less (system workflows, upload_blueprint)
	WorkflowID   string // required
	Status       string // "" = pending
	// Parameters are merged with the workflow's declared defaults (no
	// validation: undeclared keys are kept).
	Parameters map[string]any
	CreatedAt  time.Time // zero = now
	StartedAt  time.Time // zero = derived from Status
	EndedAt    time.Time // zero = derived from Status
	// Error is the error text; nil means null for pending/queued executions
	// and "" otherwise (what a workflow's PATCH leaves).
	Error                 *string
	CreatedBy             string // "" = admin
	DryRun, Resume        bool
	AllowCustomParameters bool
	// System overrides is_system_workflow (nil = by workflow name).
	System *bool
	// TotalOperations/FinishedOperations set the progress counters.
	TotalOperations, FinishedOperations int
	// Stuck: the worker never moves it; a graceful cancel never completes.
	Stuck bool
}

// AddExecution stores an execution as described and hands it to the worker
// according to its status (like ForceStatus). It returns the stored execution.
func (s *Simulator) AddExecution(spec ExecutionSpec) (ExecutionInfo, error) {
	if spec.WorkflowID == "" {
		return ExecutionInfo{}, errors.New("simulator: ExecutionSpec.WorkflowID is required")
	}
	st := stPending
	if spec.Status != "" {
		var ok bool
		if st, ok = parseStatus(spec.Status); !ok {
			return ExecutionInfo{}, fmt.Errorf("simulator: unknown status %q", spec.Status)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tname := spec.Tenant
	if tname == "" {
		tname = "default_tenant"
	}
	tenant, ok := s.tenantIdx[tname]
	if !ok {
		return ExecutionInfo{}, fmt.Errorf("%w: tenant %q", ErrNotFound, tname)
	}
	var d *deployment
	if spec.DeploymentID != "" {
		if d = s.depIndex[depKey{tenant, spec.DeploymentID}]; d == nil {
			return ExecutionInfo{}, fmt.Errorf("%w: deployment %q in %s", ErrNotFound, spec.DeploymentID, tname)
		}
	}
	id := spec.ID
	if id == "" {
		id = s.newID()
	} else if s.byID[id] != nil {
		return ExecutionInfo{}, fmt.Errorf("simulator: execution %s already exists", id)
	}
	now := s.nowMs()
	e := &execRec{id: id, dep: d, workflow: spec.WorkflowID, createdBy: "admin", tenant: tenant, status: st, created: now}
	if spec.CreatedBy != "" {
		e.createdBy = spec.CreatedBy
	}
	if !spec.CreatedAt.IsZero() {
		e.created = spec.CreatedAt.UnixMilli()
	}
	e.params = s.mergedParams(d, spec.WorkflowID, spec.Parameters)
	system := systemWorkflows[spec.WorkflowID]
	if spec.System != nil {
		system = *spec.System
	}
	e.set(flagSystem, system)
	e.set(flagDryRun, spec.DryRun)
	e.set(flagResume, spec.Resume)
	e.set(flagStuck, spec.Stuck)
	e.set(flagCustomParams, spec.AllowCustomParameters)
	switch {
	case spec.Error != nil:
		e.errText = *spec.Error
		e.set(flagHasError, true)
	case st != stPending && st != stQueued && st != stScheduled:
		e.set(flagHasError, true)
	}
	if st == stStarted || st.isEnd() || st.isActive() && st != stPending {
		e.started = e.created + 1000
	}
	if st.isEnd() {
		e.ended = e.started + 5000
	}
	if !spec.StartedAt.IsZero() {
		e.started = spec.StartedAt.UnixMilli()
	}
	if !spec.EndedAt.IsZero() {
		e.ended = spec.EndedAt.UnixMilli()
	}
	e.total, e.finished = int32(spec.TotalOperations), int32(spec.FinishedOperations)
	s.insertExec(e)
	if d != nil && d.createExec == nil && e.workflow == "create_deployment_environment" {
		d.createExec = e
	}
	switch {
	case st == stPending:
		s.scheduleRun(e)
	case st == stStarted && !e.has(flagStuck) && s.opts.Worker:
		s.forceStatus(e, st)
	case st == stCancelling || st == stForceCancelling || st == stKillCancelling:
		s.scheduleCancel(e, stStarted)
	}
	return s.info(e), nil
}

// DeploymentSpec describes a deployment for AddDeployment.
type DeploymentSpec struct {
	ID          string // required
	Tenant      string // "" = default_tenant (created if missing)
	BlueprintID string // "" = hello-web
	// Nodes are the node names (one instance each); nil = vm, http_web_server.
	Nodes []string
	// Installed marks the node instances as started (install unavailable,
	// uninstall available).
	Installed bool
	// ExtraWorkflowsJSON adds workflows, as a JSON list shaped like the
	// manager's (name, plugin, operation, parameters, …).
	ExtraWorkflowsJSON string
}

// AddDeployment creates a deployment (and its tenant if needed).
func (s *Simulator) AddDeployment(spec DeploymentSpec) error {
	if spec.ID == "" {
		return errors.New("simulator: DeploymentSpec.ID is required")
	}
	bp := &blueprint{id: spec.BlueprintID, description: helloWeb.description, nodes: spec.Nodes}
	if bp.id == "" {
		bp.id = "hello-web"
	}
	if bp.nodes == nil {
		bp.nodes = helloWeb.nodes
	}
	if spec.ExtraWorkflowsJSON != "" {
		w, err := parseWorkflows(spec.ExtraWorkflowsJSON)
		if err != nil {
			return fmt.Errorf("simulator: ExtraWorkflowsJSON: %w", err)
		}
		bp.extra = w
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tname := spec.Tenant
	if tname == "" {
		tname = "default_tenant"
	}
	tenant := s.addTenant(tname)
	if s.depIndex[depKey{tenant, spec.ID}] != nil {
		return fmt.Errorf("simulator: deployment %s already exists in %s", spec.ID, tname)
	}
	s.addDeployment(tenant, spec.ID, bp, s.nowMs(), spec.Installed)
	return nil
}

// Deployments lists the deployment IDs of a tenant ("" = every tenant), in
// creation order.
func (s *Simulator) Deployments(tenant string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for _, d := range s.deps {
		if tenant == "" || s.tenants[d.tenant] == tenant {
			out = append(out, d.id)
		}
	}
	return out
}

// Tenants lists the tenant names.
func (s *Simulator) Tenants() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string(nil), s.tenants...)
}

// EventInfo is one stored event or log, for tests.
type EventInfo struct {
	Type      string // "cloudify_event" or "cloudify_log"
	EventType string // events
	Level     string // logs
	Message   string
	Timestamp time.Time
	HasCauses bool
	Causes    int // how many error_causes it has
}

// Events returns the events and logs of an execution in the order they were
// stored.
func (s *Simulator) Events(executionID string) []EventInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.byID[executionID]
	if e == nil {
		return nil
	}
	var out []EventInfo
	for _, i := range s.evByExec[e] {
		ev := s.events[i]
		in := EventInfo{Type: "cloudify_event", Message: ev.message, Timestamp: millisTime(ev.ts), HasCauses: ev.causes != nil}
		if ev.causes != nil {
			var list []json.RawMessage
			_ = json.Unmarshal(ev.causes, &list)
			in.Causes = len(list)
		}
		if ev.isLog {
			in.Type, in.Level = "cloudify_log", ev.kind
		} else {
			in.EventType = ev.kind
		}
		out = append(out, in)
	}
	return out
}

// Clock returns the simulator's time source.
func (s *Simulator) Clock() Clock { return s.clock }

// SetNodeInstanceStates puts every node instance of a deployment into a
// state ("started", "uninitialized", "deleted", …), as a workflow's
// set-state tasks would, and stores installation_status as the manager
// does when an execution ends. The availability rules of the deployment's
// workflows follow from the states.
func (s *Simulator) SetNodeInstanceStates(tenant, deploymentID, state string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tenant == "" {
		tenant = "default_tenant"
	}
	t, ok := s.tenantIdx[tenant]
	if !ok {
		return fmt.Errorf("%w: tenant %q", ErrNotFound, tenant)
	}
	d := s.depIndex[depKey{t, deploymentID}]
	if d == nil {
		return fmt.Errorf("%w: deployment %q in %s", ErrNotFound, deploymentID, tenant)
	}
	for i := range d.nodes {
		d.nodes[i].state = state
	}
	d.installed = d.allStarted()
	return nil
}

// NodeInstanceStates returns the state of each node instance of a
// deployment, by node instance id.
func (s *Simulator) NodeInstanceStates(tenant, deploymentID string) map[string]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if tenant == "" {
		tenant = "default_tenant"
	}
	t, ok := s.tenantIdx[tenant]
	if !ok {
		return nil
	}
	d := s.depIndex[depKey{t, deploymentID}]
	if d == nil {
		return nil
	}
	out := map[string]string{}
	for _, n := range d.nodes {
		out[n.instance] = n.state
	}
	return out
}
