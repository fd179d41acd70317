package actions

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

func (c *Controller) viewAction(b *lines, d *dialog) {
	st, e, sp := c.styles, &d.exec, specs[d.kind]
	title := sp.title + safeShort(e)
	if sp.force != nil && d.force {
		title = sp.force.title + safeShort(e)
	}
	b.at(prioHigh, func() {
		if sp.danger {
			b.add(st.DialogDanger.Render("⚠ " + title))
		} else {
			b.add(st.DialogTitle.Render(title))
		}
	})
	b.blank()
	c.execFields(b, e)
	b.blank()
	b.at(sp.tone.prio(), func() { b.text(sp.tone.style(st), sp.blurb) })
	if sp.body != nil && sp.body(c, b, d) {
		return
	}
	b.blank()
	b.at(prioLow, func() {
		b.text(st.Muted, sp.cmdLabel+c.command(d))
	})
	c.viewErr(b, d)
	b.at(prioTop, func() {
		switch {
		case d.inFlight:
			b.foot(st.Accent.Render("sending… (re-checking the execution first)"))
		case d.need == 0 && sp.force != nil && sp.force.allowed(e.Status):
			b.foot(c.hints(c.keys.DialogYes, actionName(d.kind, d.force), c.keys.DialogToggle, sp.force.name, c.keys.DialogClose, "back out"))
		case d.need == 0:
			b.foot(c.hints(c.keys.DialogYes, d.kind.String(), c.keys.DialogClose, "back out"))
		default:
			prompt := fmt.Sprintf("Type the first %d characters of the ID, then %s: ", d.need, helpKey(c.keys.DialogSubmit))
			if ansi.StringWidth(prompt)+d.need+1 <= b.width {
				b.foot(st.Bold.Render(prompt) + d.typed.View())
			} else {
				// Too narrow for both: the input must never be cut.
				b.foot(st.Bold.Render(strings.TrimSpace(prompt)), "› "+d.typed.View())
			}
			b.at(prioHigh, func() {
				if sp.targets != nil {
					b.foot(c.hints(c.keys.DialogPrev, "back to the error text", c.keys.DialogClose, "back out"))
				} else {
					b.foot(c.hints(c.keys.DialogClose, "back out"))
				}
			})
		}
	})
}

// command is the open dialog's cfy command (or REST call) as it would be
// sent now.
func (c *Controller) command(d *dialog) string {
	r := actionReq{kind: d.kind, force: d.force, exec: d.exec}
	if specs[d.kind].targets != nil {
		r.to, r.errorText = d.targets[d.target], d.errText.Value()
	}
	return specs[d.kind].command(r, c.env.tenant)
}

// viewPatchTargets lists the statuses the patch may set, windowed around
// the cursor in the room left by the title, the warning and the footer, so
// that the chosen one is always on screen.
func (c *Controller) viewPatchTargets(b *lines, d *dialog) {
	st := c.styles
	b.at(prioHigh, func() {
		b.foot(c.hints(c.keys.DialogNext, "choose", c.keys.DialogSubmit, "next", c.keys.DialogClose, "back out"))
	})
	c.viewErr(b, d)
	kept := len(b.footer) + 1 // the footer and the heading
	for _, l := range b.body {
		if l.prio >= prioHigh {
			kept++
		}
	}
	room := max(1, c.contentHeight()-kept)
	from, to := scrollWindow(d.target, &d.targetOff, len(d.targets), room)
	b.blank()
	b.at(prioTop, func() {
		head := "New status:"
		if to-from < len(d.targets) {
			head = fmt.Sprintf("New status (%d of %d):", d.target+1, len(d.targets))
		}
		b.add(st.Bold.Render(head))
		for i := from; i < to; i++ {
			t := d.targets[i]
			marker := "  "
			line := cleanStatus(t)
			if i == d.target {
				marker = st.Accent.Render("› ")
				line = st.RowSelected.Render(line)
			}
			if i == from && from > 0 {
				line += st.Muted.Render("  ↑ more")
			}
			if i == to-1 && to < len(d.targets) {
				line += st.Muted.Render("  ↓ more")
			}
			b.add(marker + line)
		}
	})
}
