package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Status is an execution status as the manager stores it (cloudify-api.md §2).
type Status string

// The ten execution statuses, in the manager's STATES order.
const (
	StatusTerminated      Status = "terminated"
	StatusFailed          Status = "failed"
	StatusCancelled       Status = "cancelled"
	StatusPending         Status = "pending"
	StatusStarted         Status = "started"
	StatusCancelling      Status = "cancelling"
	StatusForceCancelling Status = "force_cancelling"
	StatusKillCancelling  Status = "kill_cancelling"
	StatusQueued          Status = "queued"
	StatusScheduled       Status = "scheduled"
)

// AllStatuses lists every status in the manager's order.
var AllStatuses = []Status{
	StatusTerminated, StatusFailed, StatusCancelled, StatusPending, StatusStarted,
	StatusCancelling, StatusForceCancelling, StatusKillCancelling, StatusQueued, StatusScheduled,
}

// Known reports whether s is one of the ten statuses.
func (s Status) Known() bool {
	for _, k := range AllStatuses {
		if s == k {
			return true
		}
	}
	return false
}

// IsEnd reports whether s is final: terminated, failed or cancelled.
func (s Status) IsEnd() bool {
	return s == StatusTerminated || s == StatusFailed || s == StatusCancelled
}

// IsWaiting reports whether s is queued or scheduled.
func (s Status) IsWaiting() bool { return s == StatusQueued || s == StatusScheduled }

// IsActive reports whether s is one of the manager's ACTIVE_STATES: pending,
// started, cancelling, force_cancelling, kill_cancelling.
func (s Status) IsActive() bool {
	switch s {
	case StatusPending, StatusStarted, StatusCancelling, StatusForceCancelling, StatusKillCancelling:
		return true
	}
	return false
}

// Display is the manager's status_display for s: "completed" for terminated,
// the status itself otherwise.
func (s Status) Display() string {
	if s == StatusTerminated {
		return "completed"
	}
	return string(s)
}

// StatusFromDisplay maps a status_display value back to a status.
func StatusFromDisplay(d string) Status {
	if d == "completed" {
		return StatusTerminated
	}
	return Status(d)
}

// Time is a manager timestamp. The manager writes UTC with exactly three
// fractional digits and a literal Z (2026-11-29T13:58:04.864Z); other RFC 3339
// forms are accepted too.
type Time struct{ time.Time }

// TimeLayout is the manager's datetime layout.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// UnmarshalJSON parses the manager's datetime form. null leaves t zero.
func (t *Time) UnmarshalJSON(b []byte) error {
	if len(b) == len(TimeLayout)+2 && b[0] == '"' && b[len(b)-1] == '"' {
		if p, ok := parseManagerTime(b[1 : len(b)-1]); ok {
			t.Time = p
			return nil
		}
	}
	if bytes.Equal(b, []byte("null")) {
		t.Time = time.Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("timestamp is not a string: %s", truncateForError(b))
	}
	if s == "" {
		t.Time = time.Time{}
		return nil
	}
	parsed, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = parsed
	return nil
}

// MarshalJSON writes the manager's datetime form.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.UTC().Format(TimeLayout) + `"`), nil
}

// parseManagerTime reads exactly 2006-01-02T15:04:05.000Z without
// allocating; anything else is left to ParseTime.
func parseManagerTime(b []byte) (time.Time, bool) {
	if len(b) != len(TimeLayout) || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' ||
		b[16] != ':' || b[19] != '.' || b[23] != 'Z' {
		return time.Time{}, false
	}
	num := func(d []byte) int {
		n := 0
		for _, c := range d {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(b[0:4]), num(b[5:7]), num(b[8:10])
	hour, minute, sec, ms := num(b[11:13]), num(b[14:16]), num(b[17:19]), num(b[20:23])
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
		sec < 0 || sec > 59 || ms < 0 {
		return time.Time{}, false
	}
	if day > 28 {
		// Let time.Date's normalisation reveal days the month does not have.
		if d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC); d.Day() != day {
			return time.Time{}, false
		}
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, ms*1_000_000, time.UTC), true
}

// ParseTime parses a manager timestamp.
func ParseTime(s string) (time.Time, error) {
	if p, err := time.Parse(TimeLayout, s); err == nil {
		return p, nil
	}
	if p, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return p.UTC(), nil
	}
	// Some manager versions omit the zone on naive UTC timestamps.
	if p, err := time.Parse("2006-01-02T15:04:05.999999", s); err == nil {
		return p, nil
	}
	return time.Time{}, fmt.Errorf("timestamp %q is not in the manager's format (2006-01-02T15:04:05.000Z)", truncateForError([]byte(s)))
}

// Nullable is a JSON value that may be absent, null, or set. Present is true
// when the key was in the object (even as null); Valid when it was not null.
type Nullable[T any] struct {
	Present bool
	Valid   bool
	Value   T
}

// Some returns a set Nullable.
func Some[T any](v T) Nullable[T] { return Nullable[T]{Present: true, Valid: true, Value: v} }

// UnmarshalJSON records presence and nullness.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	n.Present = true
	if bytes.Equal(b, []byte("null")) {
		n.Valid = false
		var zero T
		n.Value = zero
		return nil
	}
	// Fast paths for the types the manager's hot fields use; the generic
	// json.Unmarshal costs a decoder per call.
	switch p := any(&n.Value).(type) {
	case *string:
		if s, ok := plainString(b); ok {
			*p = s
			break
		}
		if err := json.Unmarshal(b, p); err != nil {
			return err
		}
	case *Time:
		if err := p.UnmarshalJSON(b); err != nil {
			return err
		}
	case *bool:
		switch string(b) {
		case "true":
			*p = true
		case "false":
			*p = false
		default:
			if err := json.Unmarshal(b, p); err != nil {
				return err
			}
		}
	default:
		if err := json.Unmarshal(b, &n.Value); err != nil {
			return err
		}
	}
	n.Valid = true
	return nil
}

// plainString unquotes a JSON string that has no escapes and only printable
// ASCII, the common case, without a decoder.
func plainString(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	for _, c := range b[1 : len(b)-1] {
		if c < 0x20 || c >= 0x80 || c == '\\' || c == '"' {
			return "", false
		}
	}
	return string(b[1 : len(b)-1]), true
}

// MarshalJSON writes null or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// IsZero makes `omitzero` drop absent values.
func (n Nullable[T]) IsZero() bool { return !n.Present }

// OrZero returns the value, or T's zero value when null or absent.
func (n Nullable[T]) OrZero() T { return n.Value }

// Execution is one workflow run (cloudify-api.md §1). With `_include` only
// some fields are filled; the rest keep their zero values.
type Execution struct {
	ID                    string           `json:"id"`
	WorkflowID            string           `json:"workflow_id"`
	DeploymentID          Nullable[string] `json:"deployment_id,omitzero"`
	DeploymentDisplayName Nullable[string] `json:"deployment_display_name,omitzero"`
	BlueprintID           Nullable[string] `json:"blueprint_id,omitzero"`
	Status                Status           `json:"status"`
	StatusDisplay         string           `json:"status_display,omitempty"`
	Error                 Nullable[string] `json:"error,omitzero"`
	CreatedAt             Time             `json:"created_at"`
	StartedAt             Nullable[Time]   `json:"started_at,omitzero"`
	EndedAt               Nullable[Time]   `json:"ended_at,omitzero"`
	ScheduledFor          Nullable[Time]   `json:"scheduled_for,omitzero"`
	CreatedBy             string           `json:"created_by,omitempty"`
	TenantName            string           `json:"tenant_name,omitempty"`
	Visibility            string           `json:"visibility,omitempty"`
	ResourceAvailability  string           `json:"resource_availability,omitempty"`
	PrivateResource       bool             `json:"private_resource"`
	Parameters            json.RawMessage  `json:"parameters,omitempty"`
	ParametersP           json.RawMessage  `json:"parameters_p,omitempty"`
	IsSystemWorkflow      bool             `json:"is_system_workflow"`
	IsDryRun              bool             `json:"is_dry_run"`
	Resume                bool             `json:"resume"`
	AllowCustomParameters bool             `json:"allow_custom_parameters"`
	TotalOperations       int              `json:"total_operations"`
	FinishedOperations    int              `json:"finished_operations"`
}

// ShortID is the first 8 characters of the ID: what the list shows and the
// dangerous dialogs ask to be typed.
func (e *Execution) ShortID() string {
	if len(e.ID) <= 8 {
		return e.ID
	}
	return e.ID[:8]
}

// Duration is how long the execution has run: started (or created) to ended,
// or to now while it has not ended. Zero when it has not started.
func (e *Execution) Duration(now time.Time) time.Duration {
	start := e.StartedAt.Value.Time
	if !e.StartedAt.Valid || start.IsZero() {
		return 0
	}
	end := now
	if e.EndedAt.Valid && !e.EndedAt.Value.IsZero() {
		end = e.EndedAt.Value.Time
	}
	if end.Before(start) {
		return 0
	}
	return end.Sub(start)
}

// ExecutionListFields are the fields the dashboard's list asks for with _include.
var ExecutionListFields = []string{
	"id", "workflow_id", "deployment_id", "blueprint_id", "status", "created_at",
	"started_at", "ended_at", "created_by", "tenant_name", "is_system_workflow",
	"is_dry_run", "total_operations", "finished_operations",
}

// Pagination is the list envelope's metadata.pagination.
type Pagination struct {
	Total  int `json:"total"`
	Size   int `json:"size"`
	Offset int `json:"offset"`
}

// ExecutionPage is one page of GET /executions.
type ExecutionPage struct {
	Items      []Execution
	Pagination Pagination
	// Skipped counts the items of the page that could not be read (a
	// status that is a number, a created_at of February 30th...) and are
	// left out of Items, so that one malformed execution does not blank the
	// whole list. The page held len(Items)+Skipped items: the next page's
	// offset counts both.
	Skipped int
	// SkipReason says why the first skipped item could not be read, with its
	// index in the page: "item 3: status is a JSON number where a string is
	// expected". Empty when nothing was skipped.
	SkipReason string
}

// skip records an item that could not be read.
func (p *ExecutionPage) skip(index int, err error) {
	if p.Skipped == 0 {
		p.SkipReason = fmt.Sprintf("item %d: %s", index, valueReason(err))
	}
	p.Skipped++
}

// SkippedWords says in one sentence how many executions of the page could
// not be read and why the first could not; "" when none was skipped.
func (p *ExecutionPage) SkippedWords() string {
	switch p.Skipped {
	case 0:
		return ""
	case 1:
		return "1 execution could not be read and is not shown: " + p.SkipReason
	}
	return fmt.Sprintf("%d executions could not be read and are not shown; the first: %s", p.Skipped, p.SkipReason)
}

// ListExecutionsOptions are the query of GET /executions. Zero values are left
// out of the query (Size 0 means the manager's default of 1000; use
// SizeZero to ask for an empty page).
type ListExecutionsOptions struct {
	Include []string // _include
	Sort    []string // _sort, "-field" for descending, kept in order
	Size    int      // _size; 0 = not sent
	Offset  int      // _offset
	// GetAllResults sends _get_all_results=true.
	GetAllResults bool
	// Filters are equality filters; several values for one key are ORed.
	Filters map[string][]string
	// IncludeSystemWorkflows sends _include_system_workflows=true.
	IncludeSystemWorkflows bool
	// AllTenants sends _all_tenants=true.
	AllTenants bool
}

// StartRequest is the body of POST /executions.
type StartRequest struct {
	DeploymentID          string
	WorkflowID            string
	Parameters            map[string]any
	AllowCustomParameters bool
	Force                 bool
	DryRun                bool
	Queue                 bool
}

// CancelAction is one of the three ways of stopping an execution.
type CancelAction string

// Cancel actions, as the action endpoint names them.
const (
	ActionCancel      CancelAction = "cancel"
	ActionForceCancel CancelAction = "force-cancel"
	ActionKill        CancelAction = "kill"
)

// Workflow is one workflow of a deployment.
type Workflow struct {
	Name              string          `json:"name"`
	Plugin            string          `json:"plugin"`
	Operation         string          `json:"operation"`
	Parameters        WorkflowParams  `json:"parameters"`
	IsCascading       bool            `json:"is_cascading"`
	IsAvailable       Nullable[bool]  `json:"is_available,omitzero"`
	AvailabilityRules json.RawMessage `json:"availability_rules,omitempty"`
}

// WorkflowParams are a workflow's declared parameters in the manager's order.
type WorkflowParams []WorkflowParam

// WorkflowParam is one declared workflow parameter and its schema.
type WorkflowParam struct {
	Name        string
	Type        string // "" when undeclared (any)
	ItemType    string // for lists
	Description string
	Default     json.RawMessage // nil when there is no default
	// RequiredSet and Required carry the explicit `required` key.
	RequiredSet bool
	Required    bool
	Constraints json.RawMessage // raw list of constraint objects, nil when none
}

// HasDefault reports whether the schema declares a default.
func (p WorkflowParam) HasDefault() bool { return p.Default != nil }

// IsRequired follows the manager: a parameter without a default is required
// unless it says `required: false`.
func (p WorkflowParam) IsRequired() bool {
	if p.RequiredSet && !p.Required {
		return false
	}
	return !p.HasDefault()
}

// UnmarshalJSON reads the parameters object keeping the manager's key order.
func (ps *WorkflowParams) UnmarshalJSON(b []byte) error {
	*ps = nil
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("workflow parameters are not an object")
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := kt.(string)
		var raw struct {
			Type        string          `json:"type"`
			ItemType    string          `json:"item_type"`
			Description string          `json:"description"`
			Default     json.RawMessage `json:"default"`
			Required    *bool           `json:"required"`
			Constraints json.RawMessage `json:"constraints"`
		}
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("workflow parameter %q: %w", name, err)
		}
		p := WorkflowParam{Name: name, Type: raw.Type, ItemType: raw.ItemType, Description: raw.Description,
			Default: raw.Default}
		if raw.Required != nil {
			p.RequiredSet, p.Required = true, *raw.Required
		}
		if len(raw.Constraints) > 0 && !bytes.Equal(raw.Constraints, []byte("null")) {
			p.Constraints = raw.Constraints
		}
		*ps = append(*ps, p)
	}
	_, err = dec.Token()
	return err
}

// Deployment is a deployment with the fields the dashboard uses.
type Deployment struct {
	ID                    string           `json:"id"`
	DisplayName           string           `json:"display_name"`
	BlueprintID           string           `json:"blueprint_id"`
	Description           string           `json:"description"`
	CreatedAt             Time             `json:"created_at"`
	UpdatedAt             Nullable[Time]   `json:"updated_at,omitzero"`
	CreatedBy             string           `json:"created_by"`
	TenantName            string           `json:"tenant_name"`
	Visibility            string           `json:"visibility"`
	SiteName              Nullable[string] `json:"site_name,omitzero"`
	Workflows             []Workflow       `json:"workflows"`
	InstallationStatus    string           `json:"installation_status"`
	DeploymentStatus      string           `json:"deployment_status"`
	LatestExecution       Nullable[string] `json:"latest_execution,omitzero"`
	LatestExecutionStatus Nullable[string] `json:"latest_execution_status,omitzero"`
}

// UnmarshalJSON decodes a deployment and drops the placeholder workflow
// the manager lists when it was not asked for the data.
func (d *Deployment) UnmarshalJSON(b []byte) error {
	type plain Deployment
	if err := json.Unmarshal(b, (*plain)(d)); err != nil {
		return err
	}
	d.dropPlaceholderWorkflows()
	return nil
}

// dropPlaceholderWorkflows removes the nameless all-null workflow the
// manager lists when it is not asked for the data (_get_data).
func (d *Deployment) dropPlaceholderWorkflows() {
	kept := d.Workflows[:0]
	for _, w := range d.Workflows {
		if w.Name != "" {
			kept = append(kept, w)
		}
	}
	d.Workflows = kept
}

// Workflow returns the named workflow, if the deployment has it.
func (d *Deployment) Workflow(name string) (Workflow, bool) {
	for _, w := range d.Workflows {
		if w.Name == name {
			return w, true
		}
	}
	return Workflow{}, false
}

// ErrorCause is one entry of an event's error_causes.
type ErrorCause struct {
	Message   string `json:"message"`
	Traceback string `json:"traceback"`
	Type      string `json:"type"`
}

// ErrorCauses accepts a list of causes, or the same list JSON-encoded as a
// string (events posted through POST /events come back that way), or null.
type ErrorCauses []ErrorCause

// UnmarshalJSON accepts a list, a JSON string holding a list, or null.
func (c *ErrorCauses) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*c = nil
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" || s == "null" {
			return nil
		}
		var list []ErrorCause
		if err := json.Unmarshal([]byte(s), &list); err != nil {
			// Not a list after all: keep the text as a single cause.
			*c = ErrorCauses{{Message: s}}
			return nil
		}
		*c = list
		return nil
	}
	var list []ErrorCause
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*c = list
	return nil
}

// Event types of GET /events items.
const (
	EventTypeEvent = "cloudify_event"
	EventTypeLog   = "cloudify_log"
)

// Event is one item of GET /events: an event or a log line.
type Event struct {
	StorageID         int              `json:"_storage_id"`
	Timestamp         Time             `json:"timestamp"`
	ReportedTimestamp Time             `json:"reported_timestamp"`
	BlueprintID       Nullable[string] `json:"blueprint_id,omitzero"`
	DeploymentID      Nullable[string] `json:"deployment_id,omitzero"`
	// DeploymentDisplayName is the deployment's display name.
	DeploymentDisplayName Nullable[string] `json:"deployment_display_name,omitzero"`
	ExecutionID           Nullable[string] `json:"execution_id,omitzero"`
	WorkflowID            Nullable[string] `json:"workflow_id,omitzero"`
	Message               string           `json:"message"`
	ErrorCauses           ErrorCauses      `json:"error_causes"`
	EventType             string           `json:"event_type,omitempty"` // events only
	Operation             Nullable[string] `json:"operation,omitzero"`
	NodeInstanceID        Nullable[string] `json:"node_instance_id,omitzero"`
	NodeName              Nullable[string] `json:"node_name,omitzero"`
	SourceID              Nullable[string] `json:"source_id,omitzero"`
	TargetID              Nullable[string] `json:"target_id,omitzero"`
	Type                  string           `json:"type"`             // cloudify_event or cloudify_log
	Level                 string           `json:"level,omitempty"`  // logs only
	Logger                string           `json:"logger,omitempty"` // logs only
	// AgentName is the agent that ran the operation (null for workflow-level items).
	AgentName Nullable[string] `json:"agent_name,omitzero"`
}

// IsLog reports whether the item is a log line rather than an event.
func (e *Event) IsLog() bool { return e.Type == EventTypeLog }

// EventPage is one page of GET /events.
type EventPage struct {
	Items      []Event
	Pagination Pagination
}

// EventsOptions select the events and logs of one execution.
type EventsOptions struct {
	ExecutionID string
	IncludeLogs bool // type=cloudify_event&type=cloudify_log, else events only
	Offset      int
	Size        int // 0 = the client's default page (1000)
	// Newest sorts newest first (_sort=-reported_timestamp): with Size 1,
	// the one newest event, the cheapest sign of life.
	Newest bool
}

// ListDeploymentsOptions are the query of GET /deployments. The client always
// sends _get_data=true so that workflows are real.
type ListDeploymentsOptions struct {
	Include    []string
	Sort       []string
	Size       int // _size; 0 = not sent, SizeZero = _size=0
	Offset     int
	Search     string // _search: substring of the id
	AllTenants bool
}

// DeploymentPage is one page of GET /deployments.
type DeploymentPage struct {
	Items      []Deployment
	Pagination Pagination
}

// Version is GET /api/version.
type Version struct {
	Edition       string           `json:"edition"`
	Version       string           `json:"version"`
	Build         Nullable[string] `json:"build,omitzero"`
	Date          Nullable[string] `json:"date,omitzero"`
	Commit        Nullable[string] `json:"commit,omitzero"`
	Distribution  string           `json:"distribution"`
	DistroRelease string           `json:"distro_release"`
}

// ServiceStatus is one service in GET /status.
type ServiceStatus struct {
	Status   string `json:"status"`
	IsRemote bool   `json:"is_remote"`
}

// ManagerStatus is GET /status.
type ManagerStatus struct {
	Status   string                   `json:"status"`
	Services map[string]ServiceStatus `json:"services"`
}

// Tenant is one item of GET /tenants.
type Tenant struct {
	Name string `json:"name"`
}

func truncateForError(b []byte) string {
	return sanitize(string(b), 40)
}
