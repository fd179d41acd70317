package actions

import (
	"fmt"
	"strings"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

// cancelAction maps the three stopping actions to the manager's names.
func cancelAction(k Kind) client.CancelAction {
	switch k {
	case ForceCancel:
		return client.ActionForceCancel
	case Kill:
		return client.ActionKill
	}
	return client.ActionCancel
}

// offered reports whether k may be opened on an execution in status s, and
// if not, why (a clause that follows "cannot <action> <id>: ").
func offered(k Kind, e *client.Execution) (bool, string) {
	s := e.Status
	switch k {
	case Cancel, ForceCancel, Kill:
		if client.CancelAllowed(s, cancelAction(k)) {
			return true, ""
		}
		return false, statusClause(s) + alternatives(k, e)
	case Resume:
		// The manager also resumes a started execution, but on a live one
		// that dispatches the workflow again: not a thing to do with one y.
		if resumable(s) {
			return true, ""
		}
		why := statusClause(s) + "; only failed or cancelled executions can be resumed"
		if s == client.StatusStarted {
			why = "it is started (still running); only failed or cancelled executions can be resumed"
		}
		return false, why
	case Patch:
		if len(client.PatchTargets(e.WorkflowID, s)) > 0 {
			return true, ""
		}
		return false, statusClause(s) + "; the manager allows no status change from there"
	}
	return true, ""
}

// resumable reports whether R is offered from s: failed or cancelled only.
func resumable(s client.Status) bool {
	return s == client.StatusFailed || s == client.StatusCancelled
}

// statusClause says where an execution is: "it is already terminated
// (completed)" for end states, "it is cancelling" otherwise.
func statusClause(s client.Status) string {
	word := textsafe.Clean(string(s))
	if s == "" {
		return "its status is unknown"
	}
	if s.IsEnd() {
		if s.Display() != string(s) {
			return fmt.Sprintf("it is already %s (%s)", word, s.Display())
		}
		return "it is already " + word
	}
	if s == client.StatusCancelling || s == client.StatusForceCancelling || s == client.StatusKillCancelling {
		return "it is already " + word
	}
	return "it is " + word
}

// alternatives names the stronger stopping actions still open to a running
// execution the chosen one cannot stop.
func alternatives(k Kind, e *client.Execution) string {
	if e.Status.IsEnd() {
		return ""
	}
	var alt []string
	for _, a := range []Kind{Cancel, ForceCancel, Kill} {
		if a != k && client.CancelAllowed(e.Status, cancelAction(a)) {
			alt = append(alt, a.String())
		}
	}
	if len(alt) == 0 {
		return ""
	}
	return " (" + strings.Join(alt, " or ") + " still can)"
}

// stillApplies decides, from the execution as re-fetched right before
// sending, whether the action chosen on the captured status still makes
// sense. When it does not, the reason says what changed.
func stillApplies(k Kind, force bool, captured client.Status, fresh *client.Execution) (bool, string) {
	s := fresh.Status
	moved := fmt.Sprintf("it is now %s (it was %s when the dialog opened)",
		textsafe.Clean(string(s)), textsafe.Clean(string(captured)))
	switch k {
	case Cancel, ForceCancel:
		if client.CancelAllowed(s, cancelAction(k)) {
			return true, ""
		}
		return false, moved
	case Kill:
		// The manager accepts kill from anywhere, but if the execution
		// finished or someone already killed it since the dialog opened,
		// the user's intent no longer holds.
		if s != captured && (s.IsEnd() || s == client.StatusKillCancelling) {
			return false, moved
		}
		return true, ""
	case Resume:
		// Resume was chosen on a failed or cancelled execution; any other
		// status now (started, pending, queued) most likely means someone
		// else resumed it already, and a second resume would re-dispatch it.
		if s == captured && resumable(s) && client.ResumeAllowed(s, force) {
			return true, ""
		}
		if !s.IsEnd() {
			return false, moved + "; someone may have resumed it already"
		}
		return false, moved
	case Patch:
		// The target was chosen from the captured status's transitions.
		if s == captured {
			return true, ""
		}
		return false, moved
	}
	return true, ""
}

// actionName is the name of what is sent: resume with the force toggle is
// the manager's force-resume.
func actionName(k Kind, force bool) string {
	if k == Resume && force {
		return "force-resume"
	}
	return k.String()
}
