package actions

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

// Box geometry: the dialog is at most maxBoxWidth wide, and never wider or
// taller than the space given by SetSize.
const (
	maxBoxWidth = 78
	minBoxWidth = 30
	boxChrome   = 4 // border (2) + horizontal padding (2)
)

func (c *Controller) boxWidth() int {
	return max(minBoxWidth, min(maxBoxWidth, c.w))
}

func (c *Controller) contentWidth() int { return c.boxWidth() - boxChrome }

// contentHeight is how many lines fit inside the border.
func (c *Controller) contentHeight() int { return max(6, c.h-2) }

// resize fits the inputs to the box.
func (d *dialog) resize(c *Controller) {
	cw := c.contentWidth()
	d.errText.SetWidth(max(10, cw-16))
	d.typed.SetWidth(max(d.need, 1) + 1)
	if d.kind == Start {
		st := &d.st
		st.deps.filter.SetWidth(max(10, cw-10))
		st.workflows.filter.SetWidth(max(10, cw-10))
		st.custom.SetWidth(max(10, cw-4))
		for i := range st.fields {
			st.fields[i].input.SetWidth(max(8, cw-labelWidth(cw)-5))
		}
	}
}

func labelWidth(cw int) int { return min(28, cw/3) }

// View renders the open dialog in its bordered box, or "" when none is open.
func (c Controller) View() string {
	if !c.Active() {
		return ""
	}
	// c is a copy: what render moves here is already settled (see settle).
	return c.render()
}

func (c *Controller) render() string {
	d := &c.d
	var b lines
	b.width = c.contentWidth()
	b.st = c.styles
	switch d.kind {
	case Start:
		c.viewStart(&b, d)
	default:
		c.viewAction(&b, d)
	}
	out := b.fit(c.contentHeight())
	return c.styles.Dialog.Width(c.boxWidth()).Render(strings.Join(out, "\n"))
}

// Line priorities: when a dialog does not fit its height, the lowest go
// first (the last of them first), so that what decides the action — the
// title, the warning, the status that will be sent, the typed-ID prompt —
// stays on screen while blanks and descriptions make room.
const (
	prioLow    = iota // blank lines, commands, explanations
	prioNormal        // the default
	prioHigh          // titles, warnings, errors
	prioTop           // what will be sent and how to confirm it
)

type pline struct {
	text  string
	prio  int
	group int // lines of one wrapped paragraph go together; 0 = alone
}

// lines accumulates a dialog's content, each line cut to the width.
type lines struct {
	width  int
	st     stylesT
	body   []pline
	footer []pline
	// prio is the priority of the lines added now; set it with at.
	prio int
	// group is the paragraph being added (see text), groups the last used.
	group, groups int
}

// at sets the priority of the lines added by fn.
func (b *lines) at(prio int, fn func()) {
	old := b.prio
	b.prio = prio
	fn()
	b.prio = old
}

func (b *lines) cur() int {
	if b.prio == 0 {
		return prioNormal
	}
	return b.prio
}

func (b *lines) add(ls ...string) {
	for _, l := range ls {
		b.body = append(b.body, pline{ansi.Truncate(l, b.width, "…"), b.cur(), b.group})
	}
}

// text adds plain text wrapped to the width, rendered with style.
func (b *lines) text(style lipgloss.Style, s string) {
	b.groups++
	b.group = b.groups
	for _, l := range wrapWords(s, b.width) {
		b.add(style.Render(l))
	}
	b.group = 0
}

func (b *lines) blank() { b.body = append(b.body, pline{"", prioLow, 0}) }

func (b *lines) foot(ls ...string) {
	for _, l := range ls {
		b.footer = append(b.footer, pline{ansi.Truncate(l, b.width, "…"), b.cur(), b.group})
	}
}

// footText adds wrapped text to the footer.
func (b *lines) footText(style lipgloss.Style, s string) {
	b.groups++
	b.group = b.groups
	for _, l := range wrapWords(s, b.width) {
		b.foot(style.Render(l))
	}
	b.group = 0
}

// fit returns body and footer in at most height lines. What fits is shown
// as it is; otherwise lines are dropped by priority, lowest (and, among
// equals, last) first, a wrapped paragraph as a whole, up to the top
// priority; if even those do not fit, the body is cut (the parts that
// scroll keep themselves within budget).
func (b *lines) fit(height int) []string {
	all := make([]pline, 0, len(b.body)+len(b.footer))
	all = append(all, b.body...)
	all = append(all, b.footer...)
	nbody := len(b.body)
	drop := func(i int) {
		all = append(all[:i], all[i+1:]...)
		if i < nbody {
			nbody--
		}
	}
	for p := prioLow; p < prioTop && len(all) > height; p++ {
		for i := len(all) - 1; i >= 0 && len(all) > height; i-- {
			if i >= len(all) || all[i].prio != p {
				continue
			}
			g := all[i].group
			drop(i)
			for j := i - 1; g != 0 && j >= 0 && all[j].group == g; j-- {
				drop(j)
				i--
			}
		}
	}
	body, footer := all[:nbody], all[nbody:]
	var out []string
	if room := height - len(footer); len(body) > room {
		for _, l := range body[:max(0, room-1)] {
			out = append(out, l.text)
		}
		out = append(out, b.st.Muted.Render("…"))
	} else {
		for _, l := range body {
			out = append(out, l.text)
		}
	}
	for _, l := range footer {
		out = append(out, l.text)
	}
	return out
}

// field renders "label  value" with the label muted.
func (b *lines) field(label, value string) {
	b.add(b.st.Label.Render(fmt.Sprintf("%-11s", label)) + value)
}

func (c *Controller) hints(pairs ...any) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		var k string
		switch x := pairs[i].(type) {
		case key.Binding:
			k = helpKey(x)
		case string:
			k = x
		}
		parts = append(parts, c.styles.HelpKey.Render(k)+" "+c.styles.HelpDesc.Render(pairs[i+1].(string)))
	}
	return strings.Join(parts, c.styles.Muted.Render(" · "))
}

// execFields shows the pinned execution.
func (c *Controller) execFields(b *lines, e *client.Execution) {
	b.field("execution", textsafe.Clean(e.ID))
	b.field("workflow", textsafe.Clean(e.WorkflowID))
	if dep := depName(e); dep != "" {
		b.field("deployment", dep)
	}
	status := cleanStatus(e.Status)
	if e.Status.Display() != string(e.Status) {
		status += " (" + e.Status.Display() + ")"
	}
	b.field("status", status+c.styles.Muted.Render("  as of opening"))
	if e.TenantName != "" {
		b.field("tenant", textsafe.Clean(e.TenantName))
	}
}

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
					b.foot(c.hints(c.keys.DialogNext, "switch field", c.keys.DialogClose, "back out"))
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

func (c *Controller) viewErr(b *lines, d *dialog) {
	b.at(prioHigh, func() {
		if d.errMsg != "" {
			b.footText(c.styles.Error, "✗ "+d.errMsg)
		}
		if d.hint != "" {
			b.footText(c.styles.DialogWarning, d.hint)
		}
	})
}

func cleanStatus(s client.Status) string {
	if s == "" {
		return "unknown"
	}
	return textsafe.Clean(string(s))
}

// safeShort is the cleaned short ID.
func safeShort(e *client.Execution) string {
	if e == nil {
		return ""
	}
	return textsafe.Clean(e.ShortID())
}

func shortOf(id string) string { return textsafe.Clean(prefix(id, 8)) }

func depName(e *client.Execution) string {
	dep := textsafe.Clean(e.DeploymentID.Value)
	if n := e.DeploymentDisplayName.Value; n != "" && n != e.DeploymentID.Value {
		dep += " (" + textsafe.Clean(n) + ")"
	}
	return dep
}

// describe is "(install on web-prod)".
func describe(e *client.Execution) string {
	if e == nil {
		return ""
	}
	wf := textsafe.Clean(e.WorkflowID)
	if dep := textsafe.Clean(e.DeploymentID.Value); dep != "" {
		return "(" + wf + " on " + dep + ")"
	}
	return "(" + wf + ")"
}
