package simulator

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Execution groups and deployment groups (cloudify-api-operations.md §4):
// a workflow started on every deployment of a deployment group, its members
// run at most concurrency at a time, and the group actions. What the
// manager does that a client must know is kept: execution_ids and status
// null unless asked for (_get_data), 200 and not 201 on a start, the 404
// of a stop with nothing left to stop, a group status never "cancelled".

// groupStore holds the groups; callers hold s.mu.
type groupStore struct {
	depGroups  map[depKey]*depGroup
	execGroups []*execGroup // in creation order
	byID       map[string]*execGroup
	member     map[*execRec]*execGroup
}

type depGroup struct {
	id, description string
	tenant          uint8
	deps            []*deployment
	created         int64
	createdBy       string
}

type execGroup struct {
	id, workflow string
	dg           *depGroup
	concurrency  int
	tenant       uint8
	created      int64
	createdBy    string
	members      []*execRec
}

func newGroupStore() *groupStore {
	return &groupStore{depGroups: map[depKey]*depGroup{}, byID: map[string]*execGroup{}, member: map[*execRec]*execGroup{}}
}

func (s *Simulator) groupsStore() *groupStore { return s.groups }

// demoGroups are the demo world's deployment groups (callers hold mu). They
// draw nothing from the seeded generator: the rest of the world is the same
// with or without them.
func (s *Simulator) demoGroups() {
	for _, g := range []struct {
		tenant, id, about string
		deps              []string
	}{
		{"default_tenant", "web", "the web tier", []string{"web-prod", "web-staging"}},
		{"default_tenant", "caches", "every cache", []string{"cache-prod", "cache-staging"}},
		{"ops-team", "databases", "the production databases", []string{"db-prod", "db-replica-eu"}},
	} {
		tenant := s.tenantIdx[g.tenant]
		dg := &depGroup{id: g.id, description: g.about, tenant: tenant, created: s.nowMs(), createdBy: "admin"}
		for _, id := range g.deps {
			if d := s.depIndex[depKey{tenant, id}]; d != nil {
				dg.deps = append(dg.deps, d)
			}
		}
		s.groups.depGroups[depKey{tenant, g.id}] = dg
	}
}

// groupRoute serves /execution-groups and /deployment-groups.
func (s *Simulator) groupRoute(parts []string) *route {
	switch {
	case len(parts) == 1 && parts[0] == "execution-groups":
		return &route{methods: "GET POST", auth: true, tenant: true, v31only: true, handler: s.execGroupsRoot}
	case len(parts) == 2 && parts[0] == "execution-groups":
		return &route{methods: "GET POST", auth: true, tenant: true, v31only: true, handler: s.execGroupByID}
	case len(parts) == 1 && parts[0] == "deployment-groups":
		return &route{methods: "GET", auth: true, tenant: true, v31only: true, handler: s.listDepGroups}
	case len(parts) == 2 && parts[0] == "deployment-groups":
		return &route{methods: "GET", auth: true, tenant: true, v31only: true, handler: s.getDepGroup}
	}
	return nil
}

// groupStatus is ExecutionGroup.status over the members' statuses: "" (null)
// for a group with none.
func groupStatus(members []*execRec) string {
	if len(members) == 0 {
		return ""
	}
	allPending, allWaiting, allEnded, anyFailed := true, true, true, false
	for _, e := range members {
		st := e.status
		allPending = allPending && st == stPending
		allWaiting = allWaiting && (st == stPending || st == stQueued || st == stScheduled)
		allEnded = allEnded && st.isEnd()
		anyFailed = anyFailed || st == stFailed
	}
	switch {
	case allPending:
		return "pending"
	case allWaiting:
		return "queued"
	case allEnded && anyFailed:
		return "failed"
	case allEnded:
		return "terminated" // all cancelled too: never "cancelled"
	}
	return "started"
}

type execGroupJSON struct {
	ID                   string    `json:"id"`
	WorkflowID           string    `json:"workflow_id"`
	DeploymentGroupID    *string   `json:"deployment_group_id"`
	Concurrency          int       `json:"concurrency"`
	CreatedAt            string    `json:"created_at"`
	CreatedBy            string    `json:"created_by"`
	TenantName           string    `json:"tenant_name"`
	Visibility           string    `json:"visibility"`
	ResourceAvailability string    `json:"resource_availability"`
	PrivateResource      bool      `json:"private_resource"`
	ExecutionIDs         *[]string `json:"execution_ids"`
	Status               *string   `json:"status"`
}

func (s *Simulator) execGroupItem(g *execGroup, withData bool) execGroupJSON {
	out := execGroupJSON{ID: g.id, WorkflowID: g.workflow, Concurrency: g.concurrency, CreatedAt: fmtMillis(g.created),
		CreatedBy: g.createdBy, TenantName: s.tenants[g.tenant], Visibility: "tenant", ResourceAvailability: "tenant"}
	if g.dg != nil {
		id := g.dg.id
		out.DeploymentGroupID = &id
	}
	if withData {
		ids := make([]string, len(g.members))
		for i, e := range g.members {
			ids[i] = e.id
		}
		out.ExecutionIDs = &ids
		if st := groupStatus(g.members); st != "" {
			out.Status = &st
		}
	}
	return out
}

func getData(req *request) (bool, *apiError) {
	v, ok := req.q.last("_get_data")
	if !ok {
		return false, nil
	}
	return parseBoolParam("_get_data", v)
}

func (s *Simulator) execGroupsRoot(req *request) (int, []byte, *apiError) {
	if req.r.Method == "POST" {
		return s.startGroup(req)
	}
	return s.listExecGroups(req)
}

func (s *Simulator) execGroupByID(req *request) (int, []byte, *apiError) {
	if req.r.Method == "POST" {
		return s.groupAction(req)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	g := s.findExecGroup(req, req.parts[1])
	if g == nil {
		return 0, nil, notFoundExecGroup(req.parts[1])
	}
	b, _ := json.Marshal(s.execGroupItem(g, true)) // a get always carries the data
	return 200, b, nil
}

func notFoundExecGroup(id string) *apiError {
	return errf(404, "not_found_error", "Requested `ExecutionGroup` with ID `"+id+"` was not found")
}

func notFoundDepGroup(id string) *apiError {
	return errf(404, "not_found_error", "Requested `DeploymentGroup` with ID `"+id+"` was not found")
}

func (s *Simulator) findExecGroup(req *request, id string) *execGroup {
	g := s.groupsStore().byID[id]
	if g == nil || !req.visible(g.tenant) {
		return nil
	}
	return g
}

// execGroupFilters are the list's filter keys (not status, not execution_ids).
var execGroupFilters = []string{"id", "visibility", "created_at", "workflow_id", "concurrency", "deployment_group_id",
	"tenant_name", "created_by", "resource_availability", "private_resource"}

func (s *Simulator) listExecGroups(req *request) (int, []byte, *apiError) {
	withData, e := getData(req)
	if e != nil {
		return 0, nil, e
	}
	size, offset, e := parsePaging(req.q, 1000)
	if e != nil {
		return 0, nil, e
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var matched []*execGroup
	for _, g := range s.groupsStore().execGroups {
		if !req.visible(g.tenant) || !s.execGroupMatches(req, g) {
			continue
		}
		matched = append(matched, g)
	}
	if v, ok := req.q.last("_sort"); ok {
		desc := strings.HasPrefix(v, "-")
		key := strings.TrimLeft(v, "+-")
		sort.SliceStable(matched, func(i, j int) bool {
			a, b := execGroupField(s, matched[i], key), execGroupField(s, matched[j], key)
			if desc {
				return a > b
			}
			return a < b
		})
	}
	total := len(matched)
	page := matched[min(offset, total):min(offset+size, total)]
	req.rows = len(page)
	b := listEnvelope(nil, total, size, offset, func(b []byte) []byte {
		for i, g := range page {
			if i > 0 {
				b = append(b, ", "...)
			}
			item, _ := json.Marshal(s.execGroupItem(g, withData))
			b = append(b, item...)
		}
		return b
	})
	return 200, b, nil
}

func execGroupField(s *Simulator, g *execGroup, key string) string {
	switch key {
	case "id":
		return g.id
	case "workflow_id":
		return g.workflow
	case "deployment_group_id":
		if g.dg != nil {
			return g.dg.id
		}
	case "concurrency":
		return fmt.Sprintf("%09d", g.concurrency)
	case "created_at":
		return fmtMillis(g.created)
	case "created_by":
		return g.createdBy
	case "tenant_name":
		return s.tenants[g.tenant]
	case "visibility", "resource_availability":
		return "tenant"
	case "private_resource":
		return "False"
	}
	return ""
}

func (s *Simulator) execGroupMatches(req *request, g *execGroup) bool {
	for _, k := range execGroupFilters {
		vals := req.q.all(k)
		if len(vals) == 0 {
			continue
		}
		if !slices.Contains(vals, execGroupField(s, g, k)) {
			return false
		}
	}
	return true
}

// startGroup is POST /execution-groups.
func (s *Simulator) startGroup(req *request) (int, []byte, *apiError) {
	body, e := readJSONBody(req)
	if e != nil {
		return 0, nil, e
	}
	dgID, ok := body["deployment_group_id"].(string)
	if !ok {
		return 0, nil, badParams("Missing deployment_group_id in json request body")
	}
	wfName, ok := body["workflow_id"].(string)
	if !ok {
		return 0, nil, badParams("Missing workflow_id in json request body")
	}
	concurrency := 5
	if v, present := body["concurrency"]; present {
		n, isNum := v.(json.Number)
		c, err := strconv.Atoi(string(n))
		if !isNum || err != nil || c < 0 {
			return 0, nil, badParams("concurrency must be a nonnegative number, but got: " + pyRepr(v))
		}
		concurrency = c
	}
	defaults, _ := body["default_parameters"].(map[string]any)
	perDep, _ := body["parameters"].(map[string]any)
	force := truthy(body["force"])

	s.mu.Lock()
	defer s.mu.Unlock()
	tenant := uint8(max(req.tenant, 0))
	dg := s.groupsStore().depGroups[depKey{tenant, dgID}]
	if dg == nil || req.tenant < 0 {
		return 0, nil, notFoundDepGroup(dgID)
	}
	g := &execGroup{id: s.newID(), workflow: wfName, dg: dg, concurrency: concurrency, tenant: tenant,
		created: s.nowMs(), createdBy: req.user}
	var failed *apiError
	for _, dep := range dg.deps {
		wf := dep.workflow(wfName)
		if wf == nil {
			continue // skipped: "Workflow <wf> does not exist in the deployment <dep>"
		}
		given := map[string]any{}
		for k, v := range defaults {
			given[k] = v
		}
		if over, ok := perDep[dep.id].(map[string]any); ok {
			for k, v := range over {
				given[k] = v
			}
		}
		params, pe := mergeParameters(wfName, wf, given, nil, false)
		if pe != nil {
			return 0, nil, pe
		}
		ex := &execRec{id: s.newID(), dep: dep, workflow: wfName, createdBy: req.user, params: params,
			created: s.nowMs(), tenant: tenant, status: stPending}
		g.members = append(g.members, ex)
	}
	// ExecutionGroup.start_executions: the first concurrency members are
	// prepared (a busy deployment, or an unavailable workflow, says so);
	// the rest wait queued.
	var toRun []*execRec
	for i, ex := range g.members {
		switch {
		case i >= concurrency:
			ex.status = stQueued
		case s.depBusy(ex.dep):
			ex.status = stQueued
		case !force && !ex.dep.workflow(wfName).available(ex.dep):
			ex.status = stFailed
			ex.errText = "Error preparing execution: " + unavailableMsg(wfName)
			ex.set(flagHasError, true)
			if failed == nil {
				failed = errf(400, "unavailable_workflow_error", unavailableMsg(wfName))
			}
		default:
			toRun = append(toRun, ex)
		}
		s.insertExec(ex)
		s.groupsStore().member[ex] = g
	}
	st := s.groupsStore()
	st.execGroups = append(st.execGroups, g)
	st.byID[g.id] = g
	if failed != nil {
		// The workflow executor is never reached: the prepared members
		// stay pending, unsent.
		return 0, nil, failed
	}
	for _, ex := range toRun {
		s.scheduleRun(ex)
	}
	b, _ := json.Marshal(s.execGroupItem(g, true))
	return 200, b, nil // not 201
}

// truthy is Python's truth of a JSON value (force is not parsed as a bool).
func truthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case string:
		return t != ""
	case json.Number:
		return t != "0" && t != "0.0"
	case []any:
		return len(t) > 0
	case map[string]any:
		return len(t) > 0
	}
	return true
}

// depBusy reports whether a deployment runs something; callers hold mu.
func (s *Simulator) depBusy(d *deployment) bool {
	for _, o := range s.liveOn(d) {
		if o.status.isActive() {
			return true
		}
	}
	return false
}

// groupHolds reports whether a queued member must wait for its group's
// concurrency; callers hold mu.
func (s *Simulator) groupHolds(q *execRec) bool {
	if s.groups == nil {
		return false
	}
	g := s.groups.member[q]
	if g == nil {
		return false
	}
	active := 0
	for _, e := range g.members {
		if e.status.isActive() {
			active++
		}
	}
	return active >= g.concurrency
}

// inGroup reports whether e is a member of the group with this ID; callers
// hold mu.
func (s *Simulator) inGroup(e *execRec, id string) bool {
	if s.groups == nil {
		return false
	}
	g := s.groups.member[e]
	return g != nil && g.id == id
}

var groupActions = []string{"cancel", "force-cancel", "kill", "resume", "force-resume"}

// groupAction is POST /execution-groups/{id}.
func (s *Simulator) groupAction(req *request) (int, []byte, *apiError) {
	body, e := readJSONBody(req)
	if e != nil {
		return 0, nil, e
	}
	raw, ok := body["action"]
	if !ok {
		return 0, nil, badParams("Missing action in json request body")
	}
	action, _ := raw.(string)
	if !slices.Contains(groupActions, action) {
		return 0, nil, badParams(fmt.Sprintf("Invalid action: %s, Valid action values are: %s", pyStr(raw), pyList(groupActions)))
	}
	withData, e := getData(req)
	if e != nil {
		return 0, nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.findExecGroup(req, req.parts[1])
	if g == nil {
		return 0, nil, notFoundExecGroup(req.parts[1])
	}
	switch action {
	case "resume", "force-resume":
		s.resumeGroup(g, action == "force-resume")
	default:
		if err := s.cancelGroup(g, action == "force-cancel", action == "kill"); err != nil {
			return 0, nil, err
		}
	}
	b, _ := json.Marshal(s.execGroupItem(g, withData))
	return 200, b, nil
}

// cancelGroup: queued members are cancelled at once (and stay so whatever
// follows); ended ones are left be, even for kill; the others are checked
// all before any changes, then cancelled.
func (s *Simulator) cancelGroup(g *execGroup, force, kill bool) *apiError {
	var rest []*execRec
	for _, e := range g.members {
		switch {
		case e.status == stQueued:
			s.setStatus(e, stCancelled) // no ended_at
		case e.status.isEnd():
		default:
			rest = append(rest, e)
		}
	}
	if len(rest) == 0 {
		return errf(404, "not_found_error", "Requested `Execution` [] was not found")
	}
	for _, e := range rest {
		st := e.status
		if !kill && !(st == stPending || st == stStarted || st == stScheduled || (force && st == stCancelling)) {
			return errf(400, "illegal_action_error", fmt.Sprintf("Can't cancel execution %s because it's in status %s", e.id, st))
		}
	}
	for _, e := range rest {
		if err := s.cancel(e, force, kill); err != nil {
			return err
		}
	}
	return nil
}

// resumeGroup: only failed and cancelled members go back to pending, the
// group's concurrency applies (the excess waits queued); never a 409. The
// members keep resume false (the manager sets a misspelt attribute).
func (s *Simulator) resumeGroup(g *execGroup, force bool) {
	active := 0
	for _, e := range g.members {
		if e.status.isActive() {
			active++
		}
	}
	for _, e := range g.members {
		if e.status != stFailed && e.status != stCancelled {
			continue
		}
		e.ended = 0
		s.resetOperations(e, force)
		if active >= g.concurrency || s.depBusy(e.dep) {
			s.setStatus(e, stQueued)
			continue
		}
		s.setStatus(e, stPending)
		s.scheduleRun(e)
		active++
	}
}

type depGroupJSON struct {
	ID                   string            `json:"id"`
	Description          *string           `json:"description"`
	DefaultInputs        map[string]any    `json:"default_inputs"`
	CreationCounter      int               `json:"creation_counter"`
	DefaultBlueprintID   *string           `json:"default_blueprint_id"`
	DeploymentIDs        []string          `json:"deployment_ids"`
	Labels               []json.RawMessage `json:"labels"`
	CreatedAt            string            `json:"created_at"`
	CreatedBy            string            `json:"created_by"`
	TenantName           string            `json:"tenant_name"`
	Visibility           string            `json:"visibility"`
	ResourceAvailability string            `json:"resource_availability"`
	PrivateResource      bool              `json:"private_resource"`
}

func (s *Simulator) depGroupItem(g *depGroup) depGroupJSON {
	ids := make([]string, len(g.deps))
	for i, d := range g.deps {
		ids[i] = d.id
	}
	out := depGroupJSON{ID: g.id, DeploymentIDs: ids, Labels: []json.RawMessage{}, CreatedAt: fmtMillis(g.created),
		CreatedBy: g.createdBy, TenantName: s.tenants[g.tenant], Visibility: "tenant", ResourceAvailability: "tenant"}
	if g.description != "" {
		d := g.description
		out.Description = &d
	}
	return out
}

func (s *Simulator) sortedDepGroups(req *request) []*depGroup {
	var out []*depGroup
	for _, g := range s.groupsStore().depGroups {
		if req.visible(g.tenant) {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].id != out[j].id {
			return out[i].id < out[j].id
		}
		return out[i].tenant < out[j].tenant
	})
	return out
}

// depGroupFields are a deployment group's keys, in the manager's order:
// the allowed _include keys.
var depGroupFields = []string{"id", "description", "default_inputs", "creation_counter", "default_blueprint_id",
	"deployment_ids", "labels", "created_at", "created_by", "tenant_name", "visibility", "resource_availability",
	"private_resource"}

// appendDepGroup writes g with the fields inc keeps (nil = all), in the
// manager's order.
func (s *Simulator) appendDepGroup(b []byte, g *depGroup, inc map[string]bool) []byte {
	whole, _ := json.Marshal(s.depGroupItem(g))
	var byKey map[string]json.RawMessage
	_ = json.Unmarshal(whole, &byKey)
	b = append(b, '{')
	first := true
	for _, k := range depGroupFields {
		if inc != nil && !inc[k] {
			continue
		}
		if !first {
			b = append(b, ", "...)
		}
		first = false
		b = appendJSONString(b, k)
		b = append(b, ": "...)
		b = append(b, byKey[k]...)
	}
	return append(b, '}')
}

func (s *Simulator) listDepGroups(req *request) (int, []byte, *apiError) {
	inc, e := parseFieldInclude(req.q, depGroupFields)
	if e != nil {
		return 0, nil, e
	}
	size, offset, e := parsePaging(req.q, 1000)
	if e != nil {
		return 0, nil, e
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	all := s.sortedDepGroups(req)
	total := len(all)
	page := all[min(offset, total):min(offset+size, total)]
	req.rows = len(page)
	b := listEnvelope(nil, total, size, offset, func(b []byte) []byte {
		for i, g := range page {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = s.appendDepGroup(b, g, inc)
		}
		return b
	})
	return 200, b, nil
}

func (s *Simulator) getDepGroup(req *request) (int, []byte, *apiError) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	id := req.parts[1]
	g := s.groupsStore().depGroups[depKey{uint8(max(req.tenant, 0)), id}]
	if g == nil || req.tenant < 0 {
		return 0, nil, notFoundDepGroup(id)
	}
	b, _ := json.Marshal(s.depGroupItem(g))
	return 200, b, nil
}

// DeploymentGroupSpec describes a deployment group for AddDeploymentGroup.
type DeploymentGroupSpec struct {
	ID          string // required
	Tenant      string // "" = default_tenant
	Description string
	Deployments []string // IDs of deployments of the tenant
}

// AddDeploymentGroup creates a deployment group of existing deployments.
func (s *Simulator) AddDeploymentGroup(spec DeploymentGroupSpec) error {
	if spec.ID == "" {
		return fmt.Errorf("simulator: DeploymentGroupSpec.ID is required")
	}
	tname := spec.Tenant
	if tname == "" {
		tname = "default_tenant"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tenant, ok := s.tenantIdx[tname]
	if !ok {
		return fmt.Errorf("%w: tenant %q", ErrNotFound, tname)
	}
	g := &depGroup{id: spec.ID, description: spec.Description, tenant: tenant, created: s.nowMs(), createdBy: "admin"}
	for _, id := range spec.Deployments {
		d := s.depIndex[depKey{tenant, id}]
		if d == nil {
			return fmt.Errorf("%w: deployment %q in %s", ErrNotFound, id, tname)
		}
		g.deps = append(g.deps, d)
	}
	s.groupsStore().depGroups[depKey{tenant, spec.ID}] = g
	return nil
}

// ExecutionGroupInfo is an execution group as the tests read it.
type ExecutionGroupInfo struct {
	ID, WorkflowID, DeploymentGroupID string
	Concurrency                       int
	ExecutionIDs                      []string
	Status                            string // "" for a group without members
}

// ExecutionGroups lists the execution groups, oldest first.
func (s *Simulator) ExecutionGroups() []ExecutionGroupInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []ExecutionGroupInfo
	for _, g := range s.groupsStore().execGroups {
		info := ExecutionGroupInfo{ID: g.id, WorkflowID: g.workflow, Concurrency: g.concurrency, Status: groupStatus(g.members)}
		if g.dg != nil {
			info.DeploymentGroupID = g.dg.id
		}
		for _, e := range g.members {
			info.ExecutionIDs = append(info.ExecutionIDs, e.id)
		}
		out = append(out, info)
	}
	return out
}
