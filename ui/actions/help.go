package actions

import "charm.land/bubbles/v2/key"

// ShortHelp lists the keys of the open dialog's current step (help.KeyMap),
// nil when no dialog is open. Each says what it does on this step, as the
// dialog's own hint line does: enter chooses in a picker, reviews from the
// form, sends only where a typed confirmation is asked for.
func (c Controller) ShortHelp() []key.Binding {
	if c.b.open {
		return c.bulkHelp()
	}
	if !c.Active() {
		return nil
	}
	k, d := c.keys, c.d
	sp := specs[d.kind]
	switch d.step {
	case stepConfirm:
		switch {
		case d.need == 0 && sp.force != nil:
			return []key.Binding{k.DialogYes, k.DialogToggle, k.DialogClose}
		case d.need == 0:
			return []key.Binding{k.DialogYes, k.DialogClose}
		case sp.targets != nil:
			return []key.Binding{k.DialogSubmit, k.DialogPrev, k.DialogClose}
		}
		return []key.Binding{k.DialogSubmit, k.DialogClose}
	case stepPatchTarget:
		return []key.Binding{as(k.DialogNext, "choose"), k.DialogPrev, as(k.DialogSubmit, "next"), k.DialogClose}
	case stepPickDeployment, stepPickWorkflow:
		return []key.Binding{as(k.DialogNext, "move"), k.DialogPrev, as(k.DialogSubmit, "choose"), k.DialogClose}
	case stepPatchError:
		return []key.Binding{as(k.DialogSubmit, "next: confirm"), k.DialogPrev, k.DialogClose}
	case stepForm:
		return []key.Binding{k.DialogNext, k.DialogPrev, k.DialogToggle, as(k.DialogSubmit, "review"), k.DialogClose}
	case stepStartConfirm:
		if d.st.target == onGroup {
			return []key.Binding{k.DialogSubmit, k.CopyCommand, as(k.DialogPrev, "edit"), k.DialogClose}
		}
		return []key.Binding{as(k.DialogYes, "start"), as(k.DialogPrev, "edit"), k.DialogClose}
	}
	if d.st.forceOnly { // stepBusy, the manager refused outright
		return []key.Binding{as(k.DialogYes, "force"), k.DialogClose}
	}
	return []key.Binding{as(k.DialogNext, "choose"), as(k.DialogYes, "send"), k.DialogClose}
}

// as is binding b described as doing what on the current step.
func as(b key.Binding, what string) key.Binding {
	b.SetHelp(b.Help().Key, what)
	return b
}

// FullHelp is ShortHelp in one group (help.KeyMap).
func (c Controller) FullHelp() [][]key.Binding {
	if h := c.ShortHelp(); h != nil {
		return [][]key.Binding{h}
	}
	return nil
}
