package actions

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/common"
)

// answered books the answer to a request the dialog of seq sent: one
// request fewer pending, and that dialog, when it is still the one open,
// waits no more. It reports whether it is.
func (c *Controller) answered(seq int) bool {
	if c.pending > 0 {
		c.pending--
	}
	current := c.d.open && c.d.seq == seq
	if current {
		c.d.inFlight = false
	}
	return current
}

// onResult handles the answer to an action or a start.
func (c *Controller) onResult(m resultMsg) tea.Cmd {
	d := &c.d
	current := c.answered(m.seq)
	short := shortOf(m.id)
	var cmds []tea.Cmd
	switch {
	case m.aborted != "":
		if m.fresh != nil {
			cmds = append(cmds, updatedCmd(*m.fresh))
		}
		if current {
			c.d = dialog{}
		}
		cmds = append(cmds, statusCmd(fmt.Sprintf("nothing sent: %s %s no longer applies: %s", m.action, short, m.aborted), true))
	case m.err != nil && maybeApplied(m.err):
		// The manager may have done it. Leaving the confirmation ready
		// would make a reflex y or the typed ID send it a second time:
		// close the dialog, so that sending again takes a deliberate
		// re-open after looking at the execution. The re-fetch made
		// before sending is older than the request, so it is not shown.
		if current {
			c.d = dialog{}
		}
		cmds = append(cmds, func() tea.Msg {
			// It stays until the user dismisses it: a note about the
			// selection, or the next message, must not replace it.
			return common.StatusMsg{Text: unknownText(m), IsError: true, Sticky: true}
		})
	case m.err != nil:
		text := errText(m.err)
		if m.fresh != nil && !current {
			cmds = append(cmds, updatedCmd(*m.fresh))
		}
		if current && m.kind == Start && client.IsBusy(m.err) {
			d.st.toBusy(d, text)
			return nil
		}
		if current && m.kind == Start && !d.st.req.Force && (client.IsWorkflowUnavailable(m.err) || client.IsDependentsExist(m.err)) {
			d.st.toForceOnly(d, text)
			return nil
		}
		what := m.action
		if short != "" {
			what += " " + short
		}
		line := fmt.Sprintf("%s failed: %s", what, text)
		if m.kind != Start && m.fresh == nil {
			// The re-fetch before sending failed: say that nothing left.
			text = "not sent: the execution could not be checked first: " + text
			line = what + " " + text
		}
		if current {
			d.errMsg = text
		}
		cmds = append(cmds, statusCmd(line, true))
	default:
		if current {
			c.d = dialog{}
		}
		if m.exec != nil {
			e := *m.exec
			cmds = append(cmds, func() tea.Msg { return common.ExecutionUpdatedMsg{Execution: e, Started: m.kind == Start} })
			cmds = append(cmds, statusCmd(toast(m), false))
		}
	}
	return tea.Batch(cmds...)
}

// unknownText says that an action or start may have been carried out, and
// what to check before trying again: the words that matter first, since a
// status line may be cut at the terminal's width.
func unknownText(m resultMsg) string {
	what, check := m.action, "the execution"
	if short := shortOf(m.id); short != "" {
		what += " " + short
	} else if m.start != nil {
		what += " " + textsafe.Clean(m.start.WorkflowID) + " on " + textsafe.Clean(m.start.DeploymentID)
		check = "the deployment's executions"
	}
	// The client's sentence ends with the same advice; say it once.
	why := client.WithoutAdvice(m.err)
	return fmt.Sprintf("%s: OUTCOME UNKNOWN, it may have been carried out: check %s before sending it again (dialog closed) — %s",
		what, check, textsafe.Clean(why))
}

func updatedCmd(e client.Execution) tea.Cmd {
	return func() tea.Msg { return common.ExecutionUpdatedMsg{Execution: e} }
}

// toast says what a successful action did, e.g.
// "cancel sent to 3f2a9c1e (install on web-prod)".
func toast(m resultMsg) string {
	if f := specs[m.kind].toast; f != nil {
		return f(m)
	}
	return fmt.Sprintf("%s sent to %s %s", m.action, shortOf(m.id), describe(m.exec))
}
