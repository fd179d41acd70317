package actions

import "charm.land/bubbles/v2/key"

// ShortHelp lists the keys of the open dialog's current step (help.KeyMap),
// nil when no dialog is open.
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
	case stepPatchTarget, stepPickDeployment, stepPickWorkflow:
		return []key.Binding{k.DialogNext, k.DialogPrev, k.DialogSubmit, k.DialogClose}
	case stepPatchError:
		return []key.Binding{k.DialogSubmit, k.DialogPrev, k.DialogClose}
	case stepForm:
		return []key.Binding{k.DialogNext, k.DialogPrev, k.DialogToggle, k.DialogSubmit, k.DialogClose}
	case stepStartConfirm:
		if d.st.target == onGroup {
			return []key.Binding{k.DialogSubmit, k.CopyCommand, k.DialogPrev, k.DialogClose}
		}
		return []key.Binding{k.DialogYes, k.DialogPrev, k.DialogClose}
	}
	return []key.Binding{k.DialogNext, k.DialogYes, k.DialogClose}
}

// FullHelp is ShortHelp in one group (help.KeyMap).
func (c Controller) FullHelp() [][]key.Binding {
	if h := c.ShortHelp(); h != nil {
		return [][]key.Binding{h}
	}
	return nil
}
