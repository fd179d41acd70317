package actions

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// confirmKey handles the confirmation step of the actions on an execution.
func (c *Controller) confirmKey(d *dialog, msg tea.KeyPressMsg) tea.Cmd {
	k, sp := c.keys, specs[d.kind]
	if d.need == 0 {
		// Cancel and resume: y confirms; the opening key and enter never do.
		switch {
		case key.Matches(msg, d.opener):
			d.hint = "the key that opened this dialog does not confirm it; press " + helpKey(k.DialogYes)
		case key.Matches(msg, c.bareEnter):
			d.hint = "enter alone does not confirm; press " + helpKey(k.DialogYes)
		case key.Matches(msg, k.DialogYes):
			return c.send(d)
		case sp.force != nil && key.Matches(msg, k.DialogToggle):
			if sp.force.allowed(d.exec.Status) {
				d.force = !d.force
			} else {
				d.hint = sp.force.refusal
			}
		case key.Matches(msg, k.DialogSubmit):
			d.hint = "that key alone does not confirm; press " + helpKey(k.DialogYes)
		}
		return nil
	}
	if sp.targets != nil && key.Matches(msg, k.DialogPrev) {
		// Back to the error text: the typed ID is the last step.
		d.step = stepPatchError
		d.setPatchFocus(true)
		return nil
	}
	switch {
	case key.Matches(msg, k.DialogSubmit):
		typed := strings.TrimSpace(d.typed.Value())
		want := prefix(d.exec.ID, d.need)
		if typed == "" {
			d.errMsg = fmt.Sprintf("type the first %d characters of the ID, then %s", d.need, helpKey(k.DialogSubmit))
			return nil
		}
		if !strings.EqualFold(typed, want) {
			d.errMsg = fmt.Sprintf("%q is not the start of this execution's ID; nothing sent", typed)
			return nil
		}
		return c.send(d)
	case key.Matches(msg, d.opener):
		// Swallowed: a repeated opening key never types into the confirmation.
		return nil
	}
	d.typed, _ = d.typed.Update(msg)
	return nil
}

func (d *dialog) setPatchFocus(onErrText bool) {
	d.onErrText = onErrText
	if onErrText {
		d.errText.Focus()
		d.typed.Blur()
	} else {
		d.errText.Blur()
		d.typed.Focus()
	}
}

func (c *Controller) patchTargetKey(d *dialog, msg tea.KeyPressMsg) tea.Cmd {
	k := c.keys
	switch {
	case key.Matches(msg, k.DialogNext):
		d.target = min(d.target+1, len(d.targets)-1)
	case key.Matches(msg, k.DialogPrev):
		d.target = max(d.target-1, 0)
	case key.Matches(msg, k.DialogSubmit):
		if len(d.targets) > 0 {
			d.step = stepPatchError
			d.setPatchFocus(true)
		}
	}
	return nil
}

// patchErrorKey edits the optional error text; the submit key goes on to
// the typed confirmation, which is the last step.
func (c *Controller) patchErrorKey(d *dialog, msg tea.KeyPressMsg) tea.Cmd {
	k := c.keys
	switch {
	case key.Matches(msg, k.DialogSubmit):
		d.step = stepConfirm
		d.setPatchFocus(false)
	case key.Matches(msg, k.DialogPrev):
		d.step = stepPatchTarget
		d.setPatchFocus(false)
	default:
		d.errText, _ = d.errText.Update(msg)
	}
	return nil
}

// send starts the one request of an action on an execution: the Cmd
// re-fetches it, checks the action still applies, then sends.
func (c *Controller) send(d *dialog) tea.Cmd {
	d.inFlight = true
	c.pending++
	d.errMsg = ""
	r := actionReq{seq: d.seq, kind: d.kind, force: d.force, exec: d.exec}
	if specs[d.kind].targets != nil {
		r.to = d.targets[d.target]
		r.errorText = d.errText.Value()
	}
	env := c.env
	return func() tea.Msg { return env.runAction(r) }
}
