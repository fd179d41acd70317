package simulator

import "fmt"

// Tasks graphs and operations (cloudify-api-operations.md §2, §3): what an
// execution is made of, as the workflow stores it through POST
// /tasks_graphs and PUT/PATCH /operations. Only executions the worker runs
// have them; the ones Preload adds do not (nor do dry runs and the
// workflows that run their tasks unstored, §2.4).

type opType uint8

const (
	opRemote opType = iota
	opSubgraph
	opSetState
	opSendEvent
)

var opTypeNames = [...]string{"RemoteWorkflowTask", "SubgraphTask", "SetNodeInstanceStateTask", "SendNodeEventTask"}

type opState uint8

const (
	opPending opState = iota
	opSending
	opSent
	opStarted
	opRescheduled
	opResponseSent
	opSucceeded
	opFailed
)

var opStateNames = [...]string{"pending", "sending", "sent", "started", "rescheduled", "response-sent", "succeeded", "failed"}

func (s opState) String() string { return opStateNames[s] }

// terminated is TERMINATED_STATES: rescheduled counts as finished.
func (s opState) terminated() bool { return s == opRescheduled || s == opSucceeded || s == opFailed }

// operation is one stored operation.
type operation struct {
	id       string
	graph    *tasksGraph
	typ      opType
	state    opState
	name     string // plugin task, subgraph name or the builtin's type name
	created  int64
	deps     []*operation // stored dependencies (the subgraph first for members)
	subgraph *operation   // containing subgraph
	retried  *operation   // retried_task
	retry    *operation   // the operation retrying this one
	retries  int32        // current_retries
	ni       int16        // node instance (index in the deployment's nodes); -1 none
	// what the task does: the interface operation (remote), the target
	// state (set-state) or the event text (send-event)
	what     string
	instance string // node instance id
	node     string // node name
	// touched: a PATCH stored manager_name (null before any)
	touched bool
	// run state, not served
	due      int64 // next transition of an op in flight
	members  int32 // subgraph: members not yet terminated
	finished bool  // subgraph: ended
}

// tasksGraph is one stored tasks graph.
type tasksGraph struct {
	id      string
	name    string
	exec    *execRec
	created int64
	ops     []*operation
}

// Remote operation retry settings (INST config.yaml: task_retries,
// task_retry_interval) and the builtins' (DEFAULT_RETRY_INTERVAL).
const (
	remoteRetries       = 60
	remoteRetryInterval = 15
	builtinInterval     = 30
)

func (o *operation) totalRetries() int {
	if o.typ == opRemote {
		return remoteRetries
	}
	return 0
}

func (o *operation) retryInterval() int {
	if o.typ == opRemote {
		return remoteRetryInterval
	}
	return builtinInterval
}

// storeGraphs registers an execution's graphs (POST /tasks_graphs) and
// adds their operations to total_operations; callers hold mu.
func (s *Simulator) storeGraphs(e *execRec, gs []*tasksGraph) {
	for _, g := range gs {
		s.graphs[e] = append(s.graphs[e], g)
		s.graphByID[g.id] = g
		for _, o := range g.ops {
			s.opByID[o.id] = o
			e.total++
		}
	}
}

// dropGraphs forgets an execution's graphs and operations; callers hold mu.
func (s *Simulator) dropGraphs(e *execRec) {
	for _, g := range s.graphs[e] {
		delete(s.graphByID, g.id)
		for _, o := range g.ops {
			delete(s.opByID, o.id)
		}
	}
	delete(s.graphs, e)
}

// graphFields are the 9 keys of a tasks graph, in the manager's order.
var graphFields = []string{"id", "visibility", "name", "created_at", "execution_id", "tenant_name", "created_by",
	"resource_availability", "private_resource"}

// opFields are the 15 keys of an operation.
var opFields = []string{"id", "name", "state", "created_at", "dependencies", "type", "manager_name", "agent_name",
	"parameters", "visibility", "tenant_name", "created_by", "resource_availability", "private_resource", "tasks_graph_id"}

func (s *Simulator) appendGraph(b []byte, g *tasksGraph, inc map[string]bool) []byte {
	b = append(b, '{')
	first := true
	for _, f := range graphFields {
		if inc != nil && !inc[f] {
			continue
		}
		b = appendKey(b, first, f)
		first = false
		switch f {
		case "id":
			b = appendJSONString(b, g.id)
		case "visibility", "resource_availability":
			b = append(b, `"tenant"`...)
		case "name":
			b = appendJSONString(b, g.name)
		case "created_at":
			b = appendTime(b, g.created)
		case "execution_id":
			b = appendJSONString(b, g.exec.id)
		case "tenant_name":
			b = appendJSONString(b, s.tenants[g.exec.tenant])
		case "created_by":
			b = appendJSONString(b, g.exec.createdBy)
		case "private_resource":
			b = append(b, "false"...)
		}
	}
	return append(b, '}')
}

func (s *Simulator) appendOperation(b []byte, o *operation, inc map[string]bool) []byte {
	e := o.graph.exec
	b = append(b, '{')
	first := true
	for _, f := range opFields {
		if inc != nil && !inc[f] {
			continue
		}
		b = appendKey(b, first, f)
		first = false
		switch f {
		case "id":
			b = appendJSONString(b, o.id)
		case "name":
			b = appendJSONString(b, o.name)
		case "state":
			b = appendJSONString(b, o.state.String())
		case "created_at":
			b = appendTime(b, o.created)
		case "dependencies":
			b = append(b, '[')
			for i, d := range o.deps {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = appendJSONString(b, d.id)
			}
			b = append(b, ']')
		case "type":
			b = appendJSONString(b, opTypeNames[o.typ])
		case "manager_name":
			if o.touched {
				b = append(b, `"manager-1"`...)
			} else {
				b = append(b, "null"...)
			}
		case "agent_name":
			b = append(b, "null"...)
		case "parameters":
			b = s.appendOpParameters(b, o)
		case "visibility", "resource_availability":
			b = append(b, `"tenant"`...)
		case "tenant_name":
			b = appendJSONString(b, s.tenants[e.tenant])
		case "created_by":
			b = appendJSONString(b, e.createdBy)
		case "private_resource":
			b = append(b, "false"...)
		case "tasks_graph_id":
			b = appendJSONString(b, o.graph.id)
		}
	}
	return append(b, '}')
}

// appendOpParameters writes WorkflowTask.dump: the same 11 keys for every
// type (§3.2).
func (s *Simulator) appendOpParameters(b []byte, o *operation) []byte {
	b = append(b, `{"on_success": null, "on_failure": `...)
	switch {
	case o.typ == opSubgraph && o.graph.exec.workflow == "install":
		b = append(b, `{"path": "cloudify.plugins.lifecycle._SubgraphOnFailure", "instance_id": `...)
		b = appendJSONString(b, o.instance)
		b = append(b, `, "on_retry": "reinstall"}`...)
	case o.typ == opSubgraph:
		b = append(b, `{"path": "cloudify.workflows.tasks_graph._on_failure_handler_fail"}`...)
	default:
		b = append(b, "null"...)
	}
	b = append(b, `, "retried_task": `...)
	if o.retried != nil {
		b = appendJSONString(b, o.retried.id)
	} else {
		b = append(b, "null"...)
	}
	b = fmt.Appendf(b, `, "current_retries": %d, "send_task_events": %t, "retry_interval": %d, "total_retries": %d, "info": `,
		o.retries, o.typ == opRemote || o.typ == opSubgraph, o.retryInterval(), o.totalRetries())
	switch o.typ {
	case opRemote:
		b = append(b, "null"...)
	case opSubgraph:
		b = append(b, `{"name": `...)
		b = appendJSONString(b, o.name)
		b = append(b, '}')
	default:
		b = appendJSONString(b, o.what)
	}
	b = append(b, `, "error": null, "containing_subgraph": `...)
	if o.subgraph != nil {
		b = appendJSONString(b, o.subgraph.id)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `, "task_kwargs": `...)
	switch o.typ {
	case opSubgraph:
		b = append(b, "{}"...)
	case opSetState:
		b = append(b, `{"node_instance_id": `...)
		b = appendJSONString(b, o.instance)
		b = append(b, `, "state": `...)
		b = appendJSONString(b, o.what)
		b = append(b, '}')
	case opSendEvent:
		b = append(b, `{"node_instance_id": `...)
		b = appendJSONString(b, o.instance)
		b = append(b, `, "event": `...)
		b = appendJSONString(b, o.what)
		b = append(b, `, "additional_context": {}}`...)
	case opRemote:
		b = s.appendCloudifyContext(b, o)
	}
	return append(b, '}')
}

// appendCloudifyContext writes a remote task's kwargs with the
// __cloudify_context the workflow stores (tokens stripped).
func (s *Simulator) appendCloudifyContext(b []byte, o *operation) []byte {
	e := o.graph.exec
	host := o.instance
	executor := "central_deployment_agent"
	plugin := `{"name": "script", "package_name": null, "package_version": null, "visibility": null, "tenant_name": null, "source": null, "properties": {}}`
	if e.dep != nil && len(e.dep.nodes) > 0 {
		host = e.dep.nodes[0].instance
	}
	if isHostNode(o.node) {
		plugin = `{"name": "agent", "package_name": "cloudify-agent", "package_version": "7.1.0", "visibility": "global", "tenant_name": null, "source": null, "properties": {}}`
	} else if host != o.instance {
		executor = "host_agent"
	}
	b = append(b, `{"kwargs": {"__cloudify_context": {"__cloudify_context": "0.3", "type": "operation", "task_id": `...)
	b = appendJSONString(b, o.id)
	b = append(b, `, "task_name": `...)
	b = appendJSONString(b, o.name)
	b = append(b, `, "execution_id": `...)
	b = appendJSONString(b, e.id)
	b = append(b, `, "workflow_id": `...)
	b = appendJSONString(b, e.workflow)
	b = append(b, `, "tenant": {"name": `...)
	b = appendJSONString(b, s.tenants[e.tenant])
	b = append(b, `}, "timeout": null, "timeout_recoverable": null, "node_id": `...)
	b = appendJSONString(b, o.instance)
	b = append(b, `, "node_name": `...)
	b = appendJSONString(b, o.node)
	b = append(b, `, "plugin": `...)
	b = append(b, plugin...)
	b = append(b, `, "operation": {"name": `...)
	b = appendJSONString(b, o.what)
	b = fmt.Appendf(b, `, "retry_number": %d, "max_retries": %d}, "has_intrinsic_functions": false, "host_id": `, o.retries, remoteRetries)
	b = appendJSONString(b, host)
	b = append(b, `, "executor": `...)
	b = appendJSONString(b, executor)
	b = append(b, `, "execution_env": {}, "local": false, "rest_host": ["127.0.0.1"], "rest_port": 443, "bypass_maintenance": null, "workflow_parameters": `...)
	b = appendRawOr(b, e.params, "{}")
	b = append(b, `, "execution_creator_username": `...)
	b = appendJSONString(b, e.createdBy)
	b = append(b, `, "blueprint_id": `...)
	b = appendNullStr(b, e.blueprintID())
	b = append(b, `, "deployment_id": `...)
	b = appendNullStr(b, e.deploymentID())
	b = append(b, `, "deployment_display_name": `...)
	if e.dep != nil {
		b = appendJSONString(b, e.dep.displayName)
		b = append(b, `, "deployment_creator": `...)
		b = appendJSONString(b, e.dep.createdBy)
	} else {
		b = append(b, `null, "deployment_creator": null`...)
	}
	return append(b, `, "deployment_resource_tags": null}}}`...)
}

// parseFieldInclude reads _include against a fixed field list.
func parseFieldInclude(q query, fields []string) (map[string]bool, *apiError) {
	v, ok := q.last("_include")
	if !ok {
		return nil, nil
	}
	inc := map[string]bool{}
	var bad []string
	for _, f := range splitComma(v) {
		known := false
		for _, k := range fields {
			known = known || k == f
		}
		if !known {
			bad = append(bad, f)
			continue
		}
		inc[f] = true
	}
	if len(bad) > 0 {
		return nil, errf(400, "no_such_include_field_error",
			fmt.Sprintf("Include keys '%s' do not exist. Allowed keys are: %s", pyList(bad), pyList(fields)))
	}
	return inc, nil
}

func splitComma(v string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || v[i] == ',' {
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return out
}

// first is flask-restful's action='store': the first value of a key.
func (q query) first(k string) (string, bool) {
	for _, p := range q {
		if p.k == k {
			return p.v, true
		}
	}
	return "", false
}

const badRequestHTML = "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>The browser (or proxy) sent a request that this server could not understand.</p>\n"

// htmlBadRequest is the answer of a RequestParser missing a required
// argument: flask-restful's abort(400) with its JSON handlers removed.
var htmlBadRequest = &apiError{status: 400, html: badRequestHTML}

// listGraphs is GET /tasks_graphs: RequestParser arguments (unknown keys
// ignored, first value only, _sort ignored), execution_id required.
func (s *Simulator) listGraphs(req *request) (int, []byte, *apiError) {
	inc, e := parseFieldInclude(req.q, graphFields)
	if e != nil {
		return 0, nil, e
	}
	size, offset, e := parsePaging(req.q, 1000)
	if e != nil {
		return 0, nil, e
	}
	execID, ok := req.q.first("execution_id")
	if !ok {
		return 0, nil, htmlBadRequest
	}
	name, byName := req.q.first("name")
	s.mu.RLock()
	defer s.mu.RUnlock()
	ex := s.findExec(req, execID)
	if ex == nil {
		return 0, nil, notFoundExec(execID)
	}
	var list []*tasksGraph
	for _, g := range s.graphs[ex] {
		if !byName || g.name == name {
			list = append(list, g)
		}
	}
	total := len(list)
	page := list[min(offset, total):]
	page = page[:min(size, len(page))]
	req.rows = len(page)
	return 200, listEnvelope(nil, total, size, offset, func(b []byte) []byte {
		for i, g := range page {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = s.appendGraph(b, g, inc)
		}
		return b
	}), nil
}

// listOperations is GET /operations (§3.7).
func (s *Simulator) listOperations(req *request) (int, []byte, *apiError) {
	inc, e := parseFieldInclude(req.q, opFields)
	if e != nil {
		return 0, nil, e
	}
	size, offset, e := parsePaging(req.q, 1000)
	if e != nil {
		return 0, nil, e
	}
	graphID, _ := req.q.first("graph_id")
	execID, _ := req.q.first("execution_id")
	switch {
	case graphID != "" && execID != "":
		return 0, nil, badParams("Pass either graph_id or execution_id, not both")
	case graphID == "" && execID == "":
		return 0, nil, badParams("Missing required param: graph_id or execution_id")
	}
	state, byState := req.q.first("state")
	// type=bool in a RequestParser is Python's bool(str): any non-empty
	// value, "false" included, filters
	skip, _ := req.q.first("skip_internal")
	skipInternal := skip != ""
	s.mu.RLock()
	defer s.mu.RUnlock()
	var graphs []*tasksGraph
	if graphID != "" {
		g := s.graphByID[graphID]
		if g == nil || !req.visible(g.exec.tenant) {
			return 0, nil, errf(404, "not_found_error", "Requested `TasksGraph` with ID `"+graphID+"` was not found")
		}
		graphs = []*tasksGraph{g}
	} else {
		ex := s.findExec(req, execID)
		if ex == nil {
			return 0, nil, notFoundExec(execID)
		}
		graphs = s.graphs[ex]
	}
	var list []*operation
	for _, g := range graphs {
		for _, o := range g.ops {
			if byState && o.state.String() != state {
				continue
			}
			if skipInternal && o.typ != opRemote && o.typ != opSubgraph {
				continue
			}
			list = append(list, o)
		}
	}
	// created_at ASC: retries come after the graph they were added to
	sortOpsByCreated(list)
	total := len(list)
	page := list[min(offset, total):]
	page = page[:min(size, len(page))]
	req.rows = len(page)
	b := make([]byte, 0, 256+len(page)*700)
	return 200, listEnvelope(b, total, size, offset, func(b []byte) []byte {
		for i, o := range page {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = s.appendOperation(b, o, inc)
		}
		return b
	}), nil
}

func sortOpsByCreated(list []*operation) {
	// stable insertion sort on created: lists are nearly sorted already
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].created < list[j-1].created; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// getOperation is GET /operations/{id}.
func (s *Simulator) getOperation(req *request) (int, []byte, *apiError) {
	inc, e := parseFieldInclude(req.q, opFields)
	if e != nil {
		return 0, nil, e
	}
	id := req.parts[1]
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := s.opByID[id]
	if o == nil || !req.visible(o.graph.exec.tenant) {
		return 0, nil, errf(404, "not_found_error", "Requested `Operation` with ID `"+id+"` was not found")
	}
	return 200, s.appendOperation(nil, o, inc), nil
}

// OperationInfo is one stored operation, for tests.
type OperationInfo struct {
	ID, Name, Type, State string
	Graph                 string // the tasks graph's name
	NodeInstance          string // "" for none
	Operation             string // the interface operation of a remote task
	CurrentRetries        int
	RetriedTask           string
	ContainingSubgraph    string
	Dependencies          []string
}

// Operations returns the stored operations of an execution, graph by graph
// in creation order.
func (s *Simulator) Operations(executionID string) []OperationInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.byID[executionID]
	var out []OperationInfo
	for _, g := range s.graphs[e] {
		for _, o := range g.ops {
			in := OperationInfo{ID: o.id, Name: o.name, Type: opTypeNames[o.typ], State: o.state.String(), Graph: g.name,
				NodeInstance: o.instance, CurrentRetries: int(o.retries)}
			if o.typ == opRemote {
				in.Operation = o.what
			}
			if o.retried != nil {
				in.RetriedTask = o.retried.id
			}
			if o.subgraph != nil {
				in.ContainingSubgraph = o.subgraph.id
			}
			for _, d := range o.deps {
				in.Dependencies = append(in.Dependencies, d.id)
			}
			out = append(out, in)
		}
	}
	return out
}
