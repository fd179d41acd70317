package actions

import (
	"fmt"
	"strings"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

// offered reports whether k may be opened on e, and if not, why (a clause
// that follows "cannot <action> <id>: ").
// Offered reports whether k's dialog would open on e: the rule Open
// applies, for those that only need to know (the key line's hint).
func Offered(k Kind, e *client.Execution) bool {
	ok, _ := offered(k, e)
	return ok
}

func offered(k Kind, e *client.Execution) (bool, string) {
	if err := client.ValidTenant(e.TenantName); e.TenantName != "" && err != nil {
		// Its requests could not say which tenant they speak for.
		return false, "this execution's tenant name is not valid (" + err.Error() + ")"
	}
	if f := specs[k].offered; f != nil {
		return f(e)
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
	for _, a := range Kinds {
		if a != k && cancelAction(a) != "" && client.CancelAllowed(e.Status, cancelAction(a)) {
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
func stillApplies(r actionReq, fresh *client.Execution) (bool, string) {
	if f := specs[r.kind].stillApplies; f != nil {
		return f(r, fresh)
	}
	return true, ""
}

// moved says how the status changed since the dialog opened.
func moved(r actionReq, fresh *client.Execution) string {
	return fmt.Sprintf("it is now %s (it was %s when the dialog opened)",
		textsafe.Clean(string(fresh.Status)), textsafe.Clean(string(r.exec.Status)))
}

// actionName is the name of what is sent: with the force toggle on, the
// stronger variant's (resume's force-resume).
func actionName(k Kind, force bool) string {
	if f := specs[k].force; f != nil && force {
		return f.name
	}
	return k.String()
}
