package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// Tasks graphs and operations (cloudify-api-operations.md §2, §3): what an
// execution is made of. The manager stores them as the workflow builds and
// runs its graphs; nothing but the workflow writes them, so the client only
// reads.

// TasksGraph is one item of GET /tasks_graphs (§2.1): 9 keys, no state.
type TasksGraph struct {
	ID                   string `json:"id"`
	Name                 string `json:"name"`
	ExecutionID          string `json:"execution_id"`
	CreatedAt            Time   `json:"created_at"`
	Visibility           string `json:"visibility,omitempty"`
	TenantName           string `json:"tenant_name,omitempty"`
	CreatedBy            string `json:"created_by,omitempty"`
	ResourceAvailability string `json:"resource_availability,omitempty"`
	PrivateResource      bool   `json:"private_resource"`
}

// OperationState is an operation's state (§3.4). The manager stores any
// text a PATCH sends; the known ones are the constants.
type OperationState string

// The operation states of COM cloudify/constants.py.
const (
	OpPending      OperationState = "pending"
	OpSending      OperationState = "sending"
	OpSent         OperationState = "sent"
	OpStarted      OperationState = "started"
	OpResponseSent OperationState = "response-sent"
	OpRescheduled  OperationState = "rescheduled"
	OpSucceeded    OperationState = "succeeded"
	OpFailed       OperationState = "failed"
)

// Terminated is TERMINATED_STATES: rescheduled counts as finished, as it
// does in finished_operations.
func (s OperationState) Terminated() bool {
	return s == OpRescheduled || s == OpSucceeded || s == OpFailed
}

// InFlight reports whether the operation has been sent and not answered:
// sending, sent, started or response-sent.
func (s OperationState) InFlight() bool {
	return s == OpSending || s == OpSent || s == OpStarted || s == OpResponseSent
}

// Known reports whether s is one of the manager's states.
func (s OperationState) Known() bool { return s == OpPending || s.InFlight() || s.Terminated() }

// Operation types (§3.3). Internal operations are every type but
// OpTypeRemote and OpTypeSubgraph: what skip_internal leaves out.
const (
	OpTypeRemote            = "RemoteWorkflowTask"
	OpTypeSubgraph          = "SubgraphTask"
	OpTypeSetNodeState      = "SetNodeInstanceStateTask"
	OpTypeSendNodeEvent     = "SendNodeEventTask"
	OpTypeGetNodeState      = "GetNodeInstanceStateTask"
	OpTypeSendWorkflowEvent = "SendWorkflowEventTask"
	OpTypeUpdateExecStatus  = "UpdateExecutionStatusTask"
	OpTypeLocal             = "LocalWorkflowTask"
	OpTypeNOP               = "NOPLocalWorkflowTask"
)

// Operation is one item of GET /operations (§3.1): 15 keys. The node
// instance and the interface operation live only in Parameters; use
// NodeInstanceID and OperationName.
type Operation struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	State                OperationState      `json:"state"`
	CreatedAt            Time                `json:"created_at"`
	Dependencies         []string            `json:"dependencies"`
	Type                 string              `json:"type"`
	ManagerName          Nullable[string]    `json:"manager_name,omitzero"`
	AgentName            Nullable[string]    `json:"agent_name,omitzero"`
	Parameters           OperationParameters `json:"parameters"`
	Visibility           string              `json:"visibility,omitempty"`
	TenantName           string              `json:"tenant_name,omitempty"`
	CreatedBy            string              `json:"created_by,omitempty"`
	ResourceAvailability string              `json:"resource_availability,omitempty"`
	PrivateResource      bool                `json:"private_resource"`
	TasksGraphID         string              `json:"tasks_graph_id,omitempty"`
}

// OperationParameters is WorkflowTask.dump (§3.2), the same 11 keys for
// every type.
type OperationParameters struct {
	TaskKwargs         TaskKwargs       `json:"task_kwargs"`
	CurrentRetries     int              `json:"current_retries"`
	TotalRetries       int              `json:"total_retries"` // -1: retried forever
	RetryInterval      int              `json:"retry_interval"`
	RetriedTask        Nullable[string] `json:"retried_task,omitzero"`
	ContainingSubgraph Nullable[string] `json:"containing_subgraph,omitzero"`
	Info               OperationInfo    `json:"info"`
	// Error is written when the graph is stored (null then) and never
	// again: a failure's text is in the task_failed event, not here.
	Error          json.RawMessage `json:"error,omitempty"`
	SendTaskEvents bool            `json:"send_task_events"`
	OnSuccess      json.RawMessage `json:"on_success,omitempty"`
	OnFailure      json.RawMessage `json:"on_failure,omitempty"`
}

// OperationInfo is parameters.info: a string (a target state, an event
// text, a local task's name), an object {"name": …} for subgraphs, or null.
type OperationInfo struct {
	Text string          // the string, or the object's name
	Raw  json.RawMessage // as sent
}

// UnmarshalJSON accepts a string, an object with a name, or null.
func (i *OperationInfo) UnmarshalJSON(b []byte) error {
	*i = OperationInfo{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return nil
	}
	i.Raw = append(json.RawMessage(nil), b...)
	switch b[0] {
	case '"':
		return json.Unmarshal(b, &i.Text)
	case '{':
		var o struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		i.Text = o.Name
	}
	return nil
}

// MarshalJSON writes the info as it was sent.
func (i OperationInfo) MarshalJSON() ([]byte, error) {
	if len(i.Raw) == 0 {
		return []byte("null"), nil
	}
	return i.Raw, nil
}

// TaskKwargs is parameters.task_kwargs: {kwargs: {…inputs,
// __cloudify_context}} for remote tasks, {node_instance_id, state} or
// {node_instance_id, event, additional_context} for the builtins, {name}
// for local tasks, {} for subgraphs and NOPs. Raw keeps it whole; the
// typed fields are what the dashboard reads.
type TaskKwargs struct {
	NodeInstanceID string           // builtins
	State          string           // SetNodeInstanceStateTask
	Event          string           // SendNodeEventTask, SendWorkflowEventTask
	Name           string           // LocalWorkflowTask
	Context        *CloudifyContext // remote tasks: kwargs.__cloudify_context
	Raw            json.RawMessage
}

// UnmarshalJSON reads the typed fields and keeps the object.
func (k *TaskKwargs) UnmarshalJSON(b []byte) error {
	*k = TaskKwargs{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return nil
	}
	var w struct {
		NodeInstanceID string `json:"node_instance_id"`
		State          string `json:"state"`
		Event          any    `json:"event"`
		Name           string `json:"name"`
		Kwargs         *struct {
			Context *CloudifyContext `json:"__cloudify_context"`
		} `json:"kwargs"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	k.NodeInstanceID, k.State, k.Name = w.NodeInstanceID, w.State, w.Name
	if s, ok := w.Event.(string); ok {
		k.Event = s
	}
	if w.Kwargs != nil {
		k.Context = w.Kwargs.Context
	}
	k.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON writes task_kwargs as it was sent ({} when none was).
func (k TaskKwargs) MarshalJSON() ([]byte, error) {
	if len(k.Raw) == 0 {
		return []byte("{}"), nil
	}
	return k.Raw, nil
}

// CloudifyContext is the __cloudify_context of a remote task (§3.2), the
// keys the dashboard shows; unknown keys are tolerated.
type CloudifyContext struct {
	Version          string                `json:"__cloudify_context"`
	Type             string                `json:"type"`
	TaskID           string                `json:"task_id"`
	TaskName         string                `json:"task_name"`
	ExecutionID      string                `json:"execution_id"`
	WorkflowID       string                `json:"workflow_id"`
	NodeInstanceID   string                `json:"node_id"`   // the node *instance* id
	NodeName         string                `json:"node_name"` // the node id
	Operation        ContextOperation      `json:"operation"`
	Plugin           ContextPlugin         `json:"plugin"`
	HostID           Nullable[string]      `json:"host_id,omitzero"`
	Executor         Nullable[string]      `json:"executor,omitzero"`
	Timeout          Nullable[float64]     `json:"timeout,omitzero"`
	Local            bool                  `json:"local"`
	BlueprintID      Nullable[string]      `json:"blueprint_id,omitzero"`
	DeploymentID     Nullable[string]      `json:"deployment_id,omitzero"`
	ExecutionCreator string                `json:"execution_creator_username,omitempty"`
	Related          *ContextRelated       `json:"related,omitempty"`
	Tenant           struct{ Name string } `json:"tenant"`
}

// ContextOperation is __cloudify_context.operation.
type ContextOperation struct {
	Name         string `json:"name"` // cloudify.interfaces.lifecycle.create
	RetryNumber  int    `json:"retry_number"`
	MaxRetries   int    `json:"max_retries"`
	Relationship string `json:"relationship,omitempty"` // "source" or "target" for relationship operations
}

// ContextPlugin is __cloudify_context.plugin.
type ContextPlugin struct {
	Name           string           `json:"name"`
	PackageName    Nullable[string] `json:"package_name,omitzero"`
	PackageVersion Nullable[string] `json:"package_version,omitzero"`
}

// ContextRelated is __cloudify_context.related (relationship operations).
type ContextRelated struct {
	NodeInstanceID string `json:"node_id"`
	NodeName       string `json:"node_name"`
	IsTarget       bool   `json:"is_target"`
}

// IsInternal reports whether the operation is one skip_internal leaves out:
// everything but remote tasks and subgraphs.
func (o *Operation) IsInternal() bool { return o.Type != OpTypeRemote && o.Type != OpTypeSubgraph }

// IsNOP reports whether the operation is a NOP, which is never run and
// never counted.
func (o *Operation) IsNOP() bool { return o.Type == OpTypeNOP }

// NodeInstanceID is the node instance the operation acts on: the context's
// node_id for a remote task, task_kwargs.node_instance_id for a builtin, the
// on_failure handler's instance_id for an install subgraph; "" for none.
func (o *Operation) NodeInstanceID() string {
	if c := o.Parameters.TaskKwargs.Context; c != nil && c.NodeInstanceID != "" {
		return c.NodeInstanceID
	}
	if id := o.Parameters.TaskKwargs.NodeInstanceID; id != "" {
		return id
	}
	if o.Type == OpTypeSubgraph && len(o.Parameters.OnFailure) > 0 {
		var h struct {
			InstanceID string `json:"instance_id"`
		}
		if json.Unmarshal(o.Parameters.OnFailure, &h) == nil {
			return h.InstanceID
		}
	}
	return ""
}

// NodeName is the node (not instance) of a remote task, "" when unknown.
func (o *Operation) NodeName() string {
	if c := o.Parameters.TaskKwargs.Context; c != nil {
		return c.NodeName
	}
	return ""
}

// OperationName is the interface operation of a remote task
// (cloudify.interfaces.lifecycle.configure), "" for the other types.
func (o *Operation) OperationName() string {
	if c := o.Parameters.TaskKwargs.Context; c != nil {
		return c.Operation.Name
	}
	return ""
}

// OperationTreeFields are the fields the operations screen shows.
var OperationTreeFields = []string{"id", "name", "state", "created_at", "type", "manager_name", "agent_name", "parameters", "tasks_graph_id"}

// ListTasksGraphsOptions are the query of GET /tasks_graphs.
type ListTasksGraphsOptions struct {
	ExecutionID string // required
	Name        string // exact match; "" for every graph
	Include     []string
	Size        int // _size; 0 = not sent (the manager's 1000)
	Offset      int
}

// TasksGraphPage is one page of GET /tasks_graphs.
type TasksGraphPage struct {
	Items      []TasksGraph
	Pagination Pagination
}

// ListTasksGraphs is GET /tasks_graphs for one execution, oldest first.
func (c *Client) ListTasksGraphs(ctx context.Context, o ListTasksGraphsOptions) (*TasksGraphPage, error) {
	if err := c.checkID("execution", o.ExecutionID); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("execution_id", o.ExecutionID)
	if o.Name != "" {
		q.Set("name", o.Name)
	}
	includeQuery(q, o.Include)
	pageQuery(q, o.Size, o.Offset)
	var page TasksGraphPage
	err := c.do(ctx, request{method: http.MethodGet, path: "/tasks_graphs", query: q, want: http.StatusOK},
		func(d *json.Decoder) error {
			page = TasksGraphPage{}
			return decodeList(d, &page.Pagination, &page.Items, nil)
		})
	if err != nil {
		return nil, err
	}
	return &page, nil
}

// ListOperationsOptions are the query of GET /operations: exactly one of
// ExecutionID and GraphID.
type ListOperationsOptions struct {
	ExecutionID string
	GraphID     string
	State       OperationState // exact match, one state; "" for all
	// SkipInternal keeps only remote tasks and subgraphs. It is sent only
	// when true: the manager reads any value, "false" too, as true.
	SkipInternal bool
	Include      []string
	Size         int // _size; 0 = not sent (the manager's 1000)
	Offset       int
}

// OperationPage is one page of GET /operations, oldest first.
type OperationPage struct {
	Items      []Operation
	Pagination Pagination
}

// ListOperations is GET /operations.
func (c *Client) ListOperations(ctx context.Context, o ListOperationsOptions) (*OperationPage, error) {
	q := url.Values{}
	switch {
	case o.ExecutionID != "" && o.GraphID != "":
		return nil, c.localError(KindBadParameters, "operations are listed by execution or by tasks graph, not both")
	case o.GraphID != "":
		if err := c.checkID("tasks graph", o.GraphID); err != nil {
			return nil, err
		}
		q.Set("graph_id", o.GraphID)
	default:
		if err := c.checkID("execution", o.ExecutionID); err != nil {
			return nil, err
		}
		q.Set("execution_id", o.ExecutionID)
	}
	if o.State != "" {
		q.Set("state", string(o.State))
	}
	if o.SkipInternal {
		q.Set("skip_internal", "true")
	}
	includeQuery(q, o.Include)
	pageQuery(q, o.Size, o.Offset)
	var page OperationPage
	err := c.do(ctx, request{method: http.MethodGet, path: "/operations", query: q, want: http.StatusOK},
		func(d *json.Decoder) error {
			page = OperationPage{}
			return decodeList(d, &page.Pagination, &page.Items, nil)
		})
	if err != nil {
		return nil, err
	}
	return &page, nil
}

// GetOperation is GET /operations/{id}.
func (c *Client) GetOperation(ctx context.Context, id string, include ...string) (*Operation, error) {
	if err := c.checkID("operation", id); err != nil {
		return nil, err
	}
	q := url.Values{}
	includeQuery(q, include)
	return callOne[Operation](ctx, c, request{method: http.MethodGet, path: "/operations/" + url.PathEscape(id), query: q, want: http.StatusOK})
}

// OperationEventsOptions select the events (and logs) of one execution
// narrowed to a node instance, an interface operation and event types:
// the tail of one operation, or the failures of all of them.
type OperationEventsOptions struct {
	ExecutionID    string
	NodeInstanceID string   // node_instance_id; "" for any
	Operation      string   // operation, an ILIKE pattern on the manager; "" for any
	EventTypes     []string // event_type (events only, ORed); none for any
	IncludeLogs    bool     // logs too (ignored with EventTypes: the manager then sends events only)
	Offset         int
	Size           int // 0 = DefaultEventsPageSize
}

// ListOperationEvents is one page of GET /events narrowed as o says, in
// reported_timestamp order.
func (c *Client) ListOperationEvents(ctx context.Context, o OperationEventsOptions) (*EventPage, error) {
	if err := c.checkID("execution", o.ExecutionID); err != nil {
		return nil, err
	}
	q := EventsQuery{ExecutionIDs: []string{o.ExecutionID}, Types: []string{EventTypeEvent}, EventTypes: o.EventTypes,
		Offset: max(o.Offset, 0), Size: o.Size}
	if o.IncludeLogs && len(o.EventTypes) == 0 {
		q.Types = append(q.Types, EventTypeLog)
	}
	if o.NodeInstanceID != "" {
		q.NodeInstanceIDs = []string{o.NodeInstanceID}
	}
	if o.Operation != "" {
		q.Operations = []string{o.Operation} // no %: the manager's ILIKE then matches it exactly
	}
	return c.QueryEvents(ctx, q)
}
