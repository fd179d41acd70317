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
// audit log from inside the request's tea.Cmd. What differs between the
// actions is written once, in their spec (specs.go).
//
// The root model keeps one Controller, a plain value, and keeps what Open,
// Update and SetSize return: it calls Open for the action keys,
// sends every key to Update while Active, routes every message it does not
// know to Update too (the dialogs' own replies are unexported types), and
// handles the two messages the dialogs emit: common.ExecutionUpdatedMsg and
// common.StatusMsg.
package actions

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
