package actions

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

// Box geometry: the dialog is at most maxBoxWidth wide, and never wider or
// taller than the space given by SetSize.
const (
	maxBoxWidth = 78
	minBoxWidth = 30
	boxChrome   = 4 // border (2) + horizontal padding (2)
	// boxMargin is the blank column the shell draws each side of a dialog
	// to set it off from the screen under it: the box's border stays whole
	// only if the box leaves room for it.
	boxMargin = 2
)

// boxRoom is the widest a box may be in the width given by SetSize.
func (c *Controller) boxRoom() int { return c.w - boxMargin }

func (c *Controller) boxWidth() int {
	return max(minBoxWidth, min(maxBoxWidth, c.boxRoom()))
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
		st.conc.SetWidth(8)
		if st.target == onGroup {
			d.typed.SetWidth(len(st.countText()) + 3)
		}
		for i := range st.fields {
			st.fields[i].input.SetWidth(max(8, cw-labelWidth(cw)-5))
		}
	}
}

func labelWidth(cw int) int { return min(28, cw/3) }

// View renders the open dialog in its bordered box, or "" when none is open.
func (c Controller) View() string {
	if c.b.open {
		return c.renderBulk()
	}
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
	return textsafe.Clean(s.Display()) // completed, as everywhere else, not terminated
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
