package actions

import (
	"context"
	"encoding/json"
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/cfycmd"
)

// spec is everything that differs between the actions: adding one is a new
// Kind, its entry in specs and its tests. The dialog, the request and the
// views read these fields and never switch on the Kind.
type spec struct {
	name    string                          // as the audit log, the toasts and the hints write it
	verb    string                          // as refusals say it, "cannot <verb> 3f2a9c1e"; "" = name
	binding func(keymap.KeyMap) key.Binding // the key that opens its dialog

	need   int    // characters of the ID to type to confirm; 0 = press y
	danger bool   // the title is drawn as a danger
	title  string // followed by the short ID
	blurb  string // what it does, under the execution
	tone   tone   // how loud the blurb is
	// body adds what comes after the blurb (options, warnings that depend
	// on the execution); it reports whether it drew the rest of the dialog
	// itself (patch while choosing the target).
	body func(c *Controller, b *lines, d *dialog) (whole bool)

	force   *forceToggle                              // nil = no force toggle
	targets func(e *client.Execution) []client.Status // non-nil: a status to choose first, and an error text (patch)
	stop    client.CancelAction                       // the manager's name when it is a way of stopping; "" = not one

	// offered reports whether its dialog may open on e, and if not why (a
	// clause that follows "cannot <verb> <id>: "); nil = always.
	offered func(e *client.Execution) (bool, string)
	// stillApplies decides, from the execution as re-fetched right before
	// sending, whether the action chosen on the captured status still
	// makes sense; the reason says what changed.
	stillApplies func(r actionReq, fresh *client.Execution) (bool, string)
	send         func(ctx context.Context, m Manager, r actionReq) (*client.Execution, error)

	cmdLabel string                                  // what precedes the command in the dialog
	command  func(r actionReq, tenant string) string // its cfy command (or REST call), as shown and audited
	toast    func(m resultMsg) string                // what a success says; nil = "<name> sent to <id> (…)"
}

// forceToggle is an action's stronger variant, switched on in its dialog.
type forceToggle struct {
	name    string // the action's name when on, as sent and audited
	title   string // replaces the title when on
	allowed func(client.Status) bool
	refusal string // the hint when the status does not allow it
	label   string // the option's explanation in the dialog
}

// tone is how a blurb is drawn, and how long it stays when space runs out.
type tone int

const (
	calm tone = iota
	warning
	alarming
)

func (t tone) style(st *themes.Styles) lipgloss.Style {
	switch t {
	case warning:
		return st.DialogWarning
	case alarming:
		return st.DialogDanger
	}
	return st.Base
}

func (t tone) prio() int {
	if t == calm {
		return prioNormal
	}
	return prioHigh
}

// specs is filled by init: its functions read it back (the stopping actions
// name each other), which a package-level initializer may not.
var specs map[Kind]spec

func init() { specs = allSpecs() }

func allSpecs() map[Kind]spec {
	return map[Kind]spec{
		Start: {
			// The wizard (start.go) does the rest.
			name:    "start",
			binding: func(k keymap.KeyMap) key.Binding { return k.Start },
			toast: func(m resultMsg) string {
				return fmt.Sprintf("started %s %s: %s", safeShort(m.exec), describe(m.exec), cleanStatus(m.exec.Status))
			},
		},
		Cancel: {
			name:         "cancel",
			binding:      func(k keymap.KeyMap) key.Binding { return k.Cancel },
			title:        "Cancel execution ",
			blurb:        "Cancel asks the workflow to stop; the workflow decides when, and may clean up first.",
			stop:         client.ActionCancel,
			offered:      offeredStop(Cancel),
			stillApplies: stopStillApplies,
			send:         sendStop,
			cmdLabel:     "cfy: ",
			command:      func(r actionReq, tenant string) string { return cfycmd.Cancel(&r.exec, tenant) },
		},
		ForceCancel: {
			name:         "force-cancel",
			binding:      func(k keymap.KeyMap) key.Binding { return k.ForceCancel },
			need:         4,
			danger:       true,
			title:        "FORCE-CANCEL execution ",
			blurb:        "Force-cancel stops the workflow process at once. Operations already running on agents may go on; nothing is cleaned up.",
			tone:         warning,
			stop:         client.ActionForceCancel,
			offered:      offeredStop(ForceCancel),
			stillApplies: stopStillApplies,
			send:         sendStop,
			cmdLabel:     "cfy: ",
			command:      func(r actionReq, tenant string) string { return cfycmd.ForceCancel(&r.exec, tenant) },
		},
		Kill: {
			name:    "kill",
			binding: func(k keymap.KeyMap) key.Binding { return k.Kill },
			need:    8,
			danger:  true,
			title:   "KILL execution ",
			blurb:   "Kill stops the workflow AND its running operations at once, without cleanup. Resources may be left half-made.",
			tone:    alarming,
			body: func(c *Controller, b *lines, d *dialog) bool {
				if e := d.exec; e.Status.IsEnd() {
					b.at(prioHigh, func() {
						b.text(c.styles.DialogWarning, fmt.Sprintf("It has already finished (%s). Kill is still allowed: it stops any operations left running.", e.Status.Display()))
					})
				}
				return false
			},
			stop:    client.ActionKill,
			offered: offeredStop(Kill),
			stillApplies: func(r actionReq, fresh *client.Execution) (bool, string) {
				// The manager accepts kill from anywhere, but if the execution
				// finished or someone already killed it since the dialog opened,
				// the user's intent no longer holds.
				s := fresh.Status
				if s != r.exec.Status && (s.IsEnd() || s == client.StatusKillCancelling) {
					return false, moved(r, fresh)
				}
				return true, ""
			},
			send:     sendStop,
			cmdLabel: "cfy: ",
			command:  func(r actionReq, tenant string) string { return cfycmd.Kill(&r.exec, tenant) },
		},
		Resume: {
			name:    "resume",
			binding: func(k keymap.KeyMap) key.Binding { return k.Resume },
			title:   "Resume execution ",
			blurb:   "Resume runs the workflow again from where it stopped; failed operations are retried.",
			body:    resumeBody,
			force: &forceToggle{
				name:    "force-resume",
				title:   "Force-resume execution ",
				allowed: func(s client.Status) bool { return client.ResumeAllowed(s, true) },
				refusal: "force-resume is only for failed or cancelled executions",
				label:   "(also re-send operations that had started: they may run twice)",
			},
			offered: func(e *client.Execution) (bool, string) {
				// The manager also resumes a started execution, but on a live one
				// that dispatches the workflow again: not a thing to do with one y.
				s := e.Status
				if resumable(s) {
					return true, ""
				}
				if s == client.StatusStarted {
					return false, "it is started (still running); only failed or cancelled executions can be resumed"
				}
				return false, statusClause(s) + "; only failed or cancelled executions can be resumed"
			},
			stillApplies: func(r actionReq, fresh *client.Execution) (bool, string) {
				// Resume was chosen on a failed or cancelled execution; any other
				// status now (started, pending, queued) most likely means someone
				// else resumed it already, and a second resume would re-dispatch it.
				s := fresh.Status
				if s == r.exec.Status && resumable(s) && client.ResumeAllowed(s, r.force) {
					return true, ""
				}
				if !s.IsEnd() {
					return false, moved(r, fresh) + "; someone may have resumed it already"
				}
				return false, moved(r, fresh)
			},
			send: func(ctx context.Context, m Manager, r actionReq) (*client.Execution, error) {
				return m.ResumeExecution(ctx, r.exec.ID, r.force)
			},
			cmdLabel: "cfy: ",
			command:  func(r actionReq, tenant string) string { return cfycmd.Resume(&r.exec, tenant, r.force) },
		},
		Patch: {
			name:    "patch-status",
			verb:    "patch the status of",
			binding: func(k keymap.KeyMap) key.Binding { return k.Patch },
			need:    8,
			danger:  true,
			title:   "PATCH STATUS of execution ",
			blurb:   "This only rewrites the status the manager records. Nothing is stopped or started.",
			tone:    warning,
			body:    patchBody,
			targets: func(e *client.Execution) []client.Status { return client.PatchTargets(e.WorkflowID, e.Status) },
			offered: func(e *client.Execution) (bool, string) {
				if len(client.PatchTargets(e.WorkflowID, e.Status)) > 0 {
					return true, ""
				}
				return false, statusClause(e.Status) + "; the manager allows no status change from there"
			},
			stillApplies: func(r actionReq, fresh *client.Execution) (bool, string) {
				// The target was chosen from the captured status's transitions.
				if fresh.Status == r.exec.Status {
					return true, ""
				}
				return false, moved(r, fresh)
			},
			send: func(ctx context.Context, m Manager, r actionReq) (*client.Execution, error) {
				return m.UpdateExecutionStatus(ctx, r.exec.ID, r.to, r.errorText)
			},
			cmdLabel: "REST (cfy has no command for this): ",
			command:  func(r actionReq, _ string) string { return cfycmd.Patch(&r.exec, r.to, r.errorText) },
			toast: func(m resultMsg) string {
				return fmt.Sprintf("status of %s %s set to %s", safeShort(m.exec), describe(m.exec), cleanStatus(m.exec.Status))
			},
		},
	}
}

// Binding is the key that opens k's dialog.
func Binding(keys keymap.KeyMap, k Kind) key.Binding {
	if s, ok := specs[k]; ok {
		return s.binding(keys)
	}
	return key.Binding{}
}

// cancelAction is the manager's name for a stopping action.
func cancelAction(k Kind) client.CancelAction { return specs[k].stop }

// offeredStop offers a stopping action where the manager accepts it, naming
// the stronger ones still open when it does not.
func offeredStop(k Kind) func(e *client.Execution) (bool, string) {
	return func(e *client.Execution) (bool, string) {
		if client.CancelAllowed(e.Status, cancelAction(k)) {
			return true, ""
		}
		return false, statusClause(e.Status) + alternatives(k, e)
	}
}

func stopStillApplies(r actionReq, fresh *client.Execution) (bool, string) {
	if client.CancelAllowed(fresh.Status, cancelAction(r.kind)) {
		return true, ""
	}
	return false, moved(r, fresh)
}

func sendStop(ctx context.Context, m Manager, r actionReq) (*client.Execution, error) {
	return m.CancelExecution(ctx, r.exec.ID, cancelAction(r.kind))
}

// resumeBody shows the force-resume option, or why it is not offered.
func resumeBody(c *Controller, b *lines, d *dialog) bool {
	st, e, f := c.styles, &d.exec, specs[d.kind].force
	mark := "[ ]"
	if d.force {
		mark = "[x]"
	}
	b.at(prioHigh, func() {
		if f.allowed(e.Status) {
			b.add(fmt.Sprintf("%s %s %s", mark, f.name, st.Muted.Render(f.label)))
		} else {
			b.add(st.Muted.Render(f.name + " is not available from " + cleanStatus(e.Status)))
		}
	})
	return false
}

// patchBody is the list of targets while choosing; then the error text,
// focused; then, for the typed confirmation, the status and the body that
// will be sent.
func patchBody(c *Controller, b *lines, d *dialog) bool {
	if d.step == stepPatchTarget {
		c.viewPatchTargets(b, d)
		return true
	}
	st, e := c.styles, &d.exec
	b.blank()
	b.at(prioTop, func() {
		b.field("new status", st.Bold.Render(cleanStatus(d.targets[d.target]))+
			st.Muted.Render("  (from "+cleanStatus(e.Status)+")"))
	})
	if d.step == stepPatchError {
		// The one field being typed, marked in words and not by colour
		// alone; the confirmation comes after it.
		b.at(prioTop, func() {
			b.add(st.Bold.Render("› error text (optional), then " + helpKey(c.keys.DialogSubmit) + ":"))
			b.add("  " + d.errText.View())
			b.foot(c.hints(c.keys.DialogSubmit, "next: confirm", c.keys.DialogPrev, "back to the status", c.keys.DialogClose, "back out"))
		})
		return true
	}
	b.at(prioNormal, func() { // a failure's words matter more, in a small dialog
		text := d.errText.Value()
		if text == "" {
			b.field("error text", st.Muted.Render("none"))
		} else {
			b.field("error text", textsafe.Clean(text))
		}
		b.field("sends", st.Muted.Render(patchRequestBody(d.targets[d.target], text)))
	})
	return false
}

// patchRequestBody is the JSON the patch sends, as shown before sending.
func patchRequestBody(to client.Status, errorText string) string {
	body, _ := json.Marshal(struct {
		Status client.Status `json:"status"`
		Error  string        `json:"error,omitempty"`
	}{to, errorText})
	return textsafe.Clean(string(body))
}
