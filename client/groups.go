package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// Execution groups and deployment groups (cloudify-api-operations.md §4):
// a workflow started on every deployment of a deployment group, as one
// execution group whose members run at most Concurrency at a time.

// ExecutionGroup is one item of GET /execution-groups.
//
// ExecutionIDs and Status are null unless the manager was asked for the
// data (a started group's answer always has them; the list only
// with GetData). Status is derived from the members, null for a group with
// none, and never "cancelled": a group whose members were all cancelled is
// "terminated".
type ExecutionGroup struct {
	ID                string             `json:"id"`
	WorkflowID        string             `json:"workflow_id"`
	DeploymentGroupID Nullable[string]   `json:"deployment_group_id,omitzero"`
	Concurrency       int                `json:"concurrency"`
	CreatedAt         Time               `json:"created_at"`
	CreatedBy         string             `json:"created_by"`
	TenantName        string             `json:"tenant_name"`
	Visibility        string             `json:"visibility"`
	ExecutionIDs      Nullable[[]string] `json:"execution_ids,omitzero"`
	Status            Nullable[Status]   `json:"status,omitzero"`
}

// ExecutionGroupPage is one page of execution groups.
type ExecutionGroupPage struct {
	Items      []ExecutionGroup
	Pagination Pagination
}

// ListExecutionGroupsOptions are GET /execution-groups' query.
type ListExecutionGroupsOptions struct {
	Sort         []string
	Size, Offset int
	// GetData asks for execution_ids and status (_get_data=true).
	GetData    bool
	AllTenants bool
}

// DeploymentGroup is one item of GET /deployment-groups.
type DeploymentGroup struct {
	ID                 string           `json:"id"`
	Description        Nullable[string] `json:"description,omitzero"`
	DefaultBlueprintID Nullable[string] `json:"default_blueprint_id,omitzero"`
	DeploymentIDs      []string         `json:"deployment_ids"`
	CreatedAt          Time             `json:"created_at"`
	CreatedBy          string           `json:"created_by"`
	TenantName         string           `json:"tenant_name"`
	Visibility         string           `json:"visibility"`
}

// DeploymentGroupPage is one page of deployment groups.
type DeploymentGroupPage struct {
	Items      []DeploymentGroup
	Pagination Pagination
}

// GroupStartRequest starts a workflow on every deployment of a deployment
// group (POST /execution-groups).
type GroupStartRequest struct {
	DeploymentGroupID string
	WorkflowID        string
	// DefaultParameters are every member's parameters; Parameters override
	// them per deployment ID.
	DefaultParameters map[string]any
	Parameters        map[string]map[string]any
	// Concurrency is how many members run at once; the manager's default
	// is 5, and 0 queues every member.
	Concurrency int
	Force       bool
}

// groupStartBody is the JSON of POST /execution-groups, with
// GroupStartRequest's fields (a conversion keeps them in step). concurrency
// is always sent: the manager refuses an explicit null.
type groupStartBody struct {
	DeploymentGroupID string                    `json:"deployment_group_id"`
	WorkflowID        string                    `json:"workflow_id"`
	DefaultParameters map[string]any            `json:"default_parameters,omitempty"`
	Parameters        map[string]map[string]any `json:"parameters,omitempty"`
	Concurrency       int                       `json:"concurrency"`
	Force             bool                      `json:"force,omitempty"`
}

// Body is the JSON that StartExecutionGroup sends for r, as the review of
// a start shows it.
func (r GroupStartRequest) Body() ([]byte, error) { return json.Marshal(groupStartBody(r)) }

// GroupAction is an action of POST /execution-groups/{id}.
type GroupAction string

// The group actions the manager accepts (there is no requeue).
const (
	GroupCancel      GroupAction = "cancel"
	GroupForceCancel GroupAction = "force-cancel"
	GroupKill        GroupAction = "kill"
	GroupResume      GroupAction = "resume"
	GroupForceResume GroupAction = "force-resume"
)

// ListExecutionGroups is GET /execution-groups.
func (c *Client) ListExecutionGroups(ctx context.Context, o ListExecutionGroupsOptions) (*ExecutionGroupPage, error) {
	q := url.Values{}
	for _, s := range o.Sort {
		if s != "" {
			q.Add("_sort", s)
		}
	}
	pageQuery(q, o.Size, o.Offset)
	if o.GetData {
		q.Set("_get_data", "true")
	}
	if o.AllTenants {
		q.Set("_all_tenants", "true")
	}
	var page ExecutionGroupPage
	err := c.do(ctx, request{method: http.MethodGet, path: "/execution-groups", query: q, want: http.StatusOK},
		func(d *json.Decoder) error {
			page = ExecutionGroupPage{}
			return decodeList(d, &page.Pagination, &page.Items, nil)
		})
	if err != nil {
		return nil, err
	}
	return &page, nil
}

// StartExecutionGroup is POST /execution-groups: the manager answers 200
// (not 201) with the whole group. It is never retried.
func (c *Client) StartExecutionGroup(ctx context.Context, r GroupStartRequest) (*ExecutionGroup, error) {
	if strings.TrimSpace(r.DeploymentGroupID) == "" {
		return nil, c.localError(KindBadParameters, "no deployment group was given")
	}
	if strings.TrimSpace(r.WorkflowID) == "" {
		return nil, c.localError(KindBadParameters, "no workflow was given for the group")
	}
	if r.Concurrency < 0 {
		return nil, c.localError(KindBadParameters, "the concurrency of a group cannot be negative")
	}
	return c.groupCall(ctx, request{method: http.MethodPost, path: "/execution-groups", want: http.StatusOK,
		body: groupStartBody(r)})
}

// ExecutionGroupAction is POST /execution-groups/{id}?_get_data=true with
// the action (cancel, force-cancel, kill, resume, force-resume). A stop on
// a group with nothing left to stop is the manager's 404 ("Requested
// `Execution` [] was not found"). It is never retried.
func (c *Client) ExecutionGroupAction(ctx context.Context, id string, a GroupAction) (*ExecutionGroup, error) {
	if err := c.checkID("execution group", id); err != nil {
		return nil, err
	}
	switch a {
	case GroupCancel, GroupForceCancel, GroupKill, GroupResume, GroupForceResume:
	default:
		return nil, c.localError(KindBadParameters, "unknown group action "+sanitize(string(a), 40))
	}
	q := url.Values{"_get_data": {"true"}}
	return c.groupCall(ctx, request{method: http.MethodPost, path: "/execution-groups/" + url.PathEscape(id), query: q,
		body: actionBody{Action: string(a)}, want: http.StatusOK})
}

func (c *Client) groupCall(ctx context.Context, r request) (*ExecutionGroup, error) {
	return callOne[ExecutionGroup](ctx, c, r)
}

// ListDeploymentGroups is GET /deployment-groups, by ID; include, when
// given, asks for those fields only (_include).
func (c *Client) ListDeploymentGroups(ctx context.Context, size int, include ...string) (*DeploymentGroupPage, error) {
	q := url.Values{}
	q.Add("_sort", "id")
	pageQuery(q, size, 0)
	includeQuery(q, include)
	var page DeploymentGroupPage
	err := c.do(ctx, request{method: http.MethodGet, path: "/deployment-groups", query: q, want: http.StatusOK},
		func(d *json.Decoder) error {
			page = DeploymentGroupPage{}
			return decodeList(d, &page.Pagination, &page.Items, nil)
		})
	if err != nil {
		return nil, err
	}
	return &page, nil
}

// GetDeploymentGroup is GET /deployment-groups/{id}.
func (c *Client) GetDeploymentGroup(ctx context.Context, id string) (*DeploymentGroup, error) {
	if err := c.checkID("deployment group", id); err != nil {
		return nil, err
	}
	return callOne[DeploymentGroup](ctx, c, request{method: http.MethodGet, path: "/deployment-groups/" + url.PathEscape(id), want: http.StatusOK})
}

// GroupExecutionsFilter is the ListExecutionsOptions.Filters entry that
// lists one group's members (GET /executions?_group_id=).
func GroupExecutionsFilter(groupID string) map[string][]string {
	return map[string][]string{"_group_id": {groupID}}
}

// NothingLeftToStop reports whether err is the manager's answer to a group
// stop that found no member to stop once the queued ones were cancelled
// (they are, and stay so): a 404 naming an empty list of executions.
func NothingLeftToStop(err error) bool {
	var ce *Error
	return errors.As(err, &ce) && ce.StatusCode == http.StatusNotFound && strings.Contains(ce.Message, "`Execution` []")
}

// ListWorkflowsOptions are GET /workflows' query.
type ListWorkflowsOptions struct {
	// DeploymentGroupID narrows the deployments to a deployment group's
	// (_group_id); an unknown group lists nothing.
	DeploymentGroupID string
}

// ListWorkflows is GET /workflows: the union, by name, of the workflows of
// the tenant's deployments (or a deployment group's), one deployment per
// blueprint, the first definition seen winning (cloudify-api-operations.md
// §5.2). A workflow listed is not necessarily on every deployment.
func (c *Client) ListWorkflows(ctx context.Context, o ListWorkflowsOptions) ([]Workflow, error) {
	q := url.Values{}
	if o.DeploymentGroupID != "" {
		q.Set("_group_id", o.DeploymentGroupID)
	}
	var items []Workflow
	var pg Pagination
	err := c.do(ctx, request{method: http.MethodGet, path: "/workflows", query: q, want: http.StatusOK},
		func(d *json.Decoder) error { items = nil; return decodeList(d, &pg, &items, nil) })
	if err != nil {
		return nil, err
	}
	return items, nil
}
