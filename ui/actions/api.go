// Package actions holds the dialogs that change executions on the manager:
// start, cancel, force-cancel, kill, resume and patch status, plus copying an
// execution's ID or its equivalent cfy command to the clipboard.
//
// Friction rises with severity: cancel and resume confirm with y,
// force-cancel asks for the first 4 characters of the ID, kill and patch
// status for the first 8. Every dialog is pinned to the execution captured
// when it opened, re-fetches it right before sending and sends nothing if its
// status moved so that the action no longer applies; it never sends on Enter
// alone or on the key that opened it, esc and ctrl+c always back out, a
// second press while a request is in flight sends nothing, and nothing is
// retried. Every action and every refusal by the manager is appended to the
// audit log from inside the request's tea.Cmd.
//
// The root model keeps one Controller: it calls Open for the action keys,
// sends every key to Update while Active, routes every message it does not
// know to Update too (the dialogs' own replies are unexported types), and
// handles the two messages the dialogs emit: common.ExecutionUpdatedMsg and
// common.StatusMsg.
package actions

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
)

// Kind is an action on an execution.
type Kind int

// The actions, in the order of the keymap.
const (
	Start Kind = iota
	Cancel
	ForceCancel
	Kill
	Resume
	Patch
)

// Kinds lists every action.
var Kinds = []Kind{Start, Cancel, ForceCancel, Kill, Resume, Patch}

// String is the action's name as the audit log and the toasts write it.
func (k Kind) String() string {
	if s, ok := specs[k]; ok {
		return s.name
	}
	return "unknown"
}

// verb is the action as the refusals say it: "cannot <verb> 3f2a9c1e".
func (k Kind) verb() string {
	if v := specs[k].verb; v != "" {
		return v
	}
	return k.String()
}

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
}

// Options configure a Controller.
type Options struct {
	Manager  Manager
	ReadOnly bool       // every action is refused with a StatusMsg
	Audit    *audit.Log // nil = no audit log
	// ManagerLabel is the manager's address without credentials.
	ManagerLabel string
	Tenant       string
	Keys         keymap.KeyMap
	Styles       *themes.Styles // nil = the default theme
	// Timeout bounds each request; 0 = 30s.
	Timeout time.Duration
}

// statusCmd puts an action's result on the status line, beside any note
// about the selection (the same result may have moved it).
func statusCmd(text string, isError bool) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: text, IsError: isError, Beside: true} }
}
