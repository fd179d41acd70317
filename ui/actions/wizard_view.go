package actions

import (
	"fmt"
	"strings"

	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/cfycmd"
)

func (c *Controller) viewStart(b *lines, d *dialog) {
	st, sty := &d.st, c.styles
	title := "Start an execution"
	switch {
	case st.target == onGroup && d.step == stepPickDeployment:
		title = "Start a workflow on a deployment group"
	case st.target == onGroup:
		title = "Start a workflow on deployment group " + textsafe.Clean(st.group.ID)
	case d.step != stepPickDeployment:
		title += " on " + textsafe.Clean(st.dep.ID)
	}
	b.add(sty.DialogTitle.Render(title))
	b.blank()
	switch d.step {
	case stepPickDeployment:
		if st.target == onGroup {
			c.viewPicker(b, d, &st.deps, "deployment group", st.loading, st.depsErr)
			b.foot(c.hints(c.keys.DialogNext, "move", c.keys.DialogSubmit, "choose", c.keys.DialogClose, "back out"))
			break
		}
		c.viewPicker(b, d, &st.deps, "deployment", st.loading, st.depsErr)
		if st.truncated > 0 {
			note := fmt.Sprintf("listing %d of %d deployments; not there? type part of its ID, then %s to search the manager",
				len(st.deps.items), st.truncated, helpKey(c.keys.DialogSubmit))
			b.footText(sty.Muted, note)
		}
		b.foot(c.hints(c.keys.DialogNext, "move", c.keys.DialogSubmit, "choose", c.keys.DialogClose, "back out"))
	case stepPickWorkflow:
		c.viewPicker(b, d, &st.workflows, "workflow", false, "")
		if st.target == onGroup {
			b.footText(sty.Muted, fmt.Sprintf("the workflows of the group's deployments, one per blueprint, as the manager lists them: "+
				"a deployment without the one chosen is skipped. Not listed? Type its name, then %s.", helpKey(c.keys.DialogSubmit)))
		}
		b.foot(c.hints(c.keys.DialogNext, "move", c.keys.DialogSubmit, "choose", c.keys.DialogClose, "back out"))
	case stepForm:
		c.viewForm(b, d)
	case stepStartConfirm:
		if st.target == onGroup {
			c.viewGroupConfirm(b, d)
			break
		}
		c.viewStartConfirm(b, d)
	case stepBusy:
		c.viewBusy(b, d)
	}
	c.viewErr(b, d)
}

// pickerChrome is the lines a picker step uses besides its rows: title,
// blank, filter, count, footer hints, error, and the border's slack.
const pickerChrome = 8

func (c *Controller) viewPicker(b *lines, d *dialog, p *picker, what string, loading bool, loadErr string) {
	sty := c.styles
	b.add(sty.Label.Render("filter ") + p.filter.View())
	switch {
	case loading:
		b.add(sty.Muted.Render("loading " + what + "s…"))
		return
	case loadErr != "":
		b.text(sty.Error, "✗ could not list "+what+"s: "+loadErr)
		b.add(sty.Muted.Render("press " + helpKey(c.keys.DialogSubmit) + " to try again"))
		return
	case len(p.shown) == 0:
		b.add(sty.Muted.Render("no " + what + " matches"))
		return
	}
	b.add(sty.Muted.Render(fmt.Sprintf("%d of %d %ss", len(p.shown), len(p.items), what)))
	from, to := p.window(c.contentHeight() - pickerChrome)
	for i := from; i < to; i++ {
		it := p.items[p.shown[i]]
		line := it.label
		if it.detail != "" {
			line += "  " + sty.Muted.Render(it.detail)
		}
		if i == p.cursor {
			b.add(sty.Accent.Render("› ") + sty.RowSelected.Render(it.label) + strings.TrimPrefix(line, it.label))
		} else {
			b.add("  " + line)
		}
	}
	if d.st.loadingWf && d.step == stepPickDeployment {
		whose := "deployment's"
		if d.st.target == onGroup {
			whose = "group's"
		}
		b.add(sty.Muted.Render("loading the " + whose + " workflows…"))
	}
}

// formLine is one line of the form and the row it belongs to.
type formLine struct {
	row  int
	text string
}

func (c *Controller) viewForm(b *lines, d *dialog) {
	st, sty := &d.st, c.styles
	cw := b.width
	lw := labelWidth(cw)
	b.add(sty.Label.Render("workflow ") + textsafe.Clean(st.wf.Name) +
		sty.Muted.Render(fmt.Sprintf("  (%d parameter%s; * required)", len(st.fields), plural(len(st.fields)))))
	var fl []formLine
	for i, f := range st.fields {
		marker := "  "
		if st.focus == i {
			marker = sty.Accent.Render("› ")
		}
		name := textsafe.Clean(f.p.Name)
		if f.p.IsRequired() {
			name += "*"
		}
		label := fmt.Sprintf("%-*s", lw, ansiCut(name, lw))
		fl = append(fl, formLine{i, marker + sty.Bold.Render(label) + " " + f.input.View()})
		detail := typeLabel(f.p)
		if f.err != "" {
			fl = append(fl, formLine{i, "    " + sty.Error.Render("✗ "+f.err) + sty.Muted.Render("  ("+textsafe.Clean(detail)+")")})
		} else if st.focus == i {
			desc := textsafe.Clean(detail)
			if f.hidden {
				desc += "; its default is kept unless you type a value"
			}
			if f.p.Description != "" {
				desc += " — " + textsafe.Clean(f.p.Description)
			}
			fl = append(fl, formLine{i, "    " + sty.Muted.Render(desc)})
		}
	}
	for i, t := range st.toggleList() {
		row := len(st.fields) + i
		marker := "  "
		if st.focus == row {
			marker = sty.Accent.Render("› ")
		}
		mark := "[ ]"
		if st.toggles[t] {
			mark = "[x]"
		}
		line := marker + mark + " " + toggleNames[t]
		if st.focus == row {
			line += sty.Muted.Render("  " + st.toggleHelp(t))
		}
		fl = append(fl, formLine{row, line})
	}
	if st.target == onGroup {
		fl = append(fl, c.concurrencyLines(st, lw)...)
	}
	if st.toggles[toggleCustom] {
		row := st.extraRow()
		marker := "  "
		if st.focus == row {
			marker = sty.Accent.Render("› ")
		}
		fl = append(fl, formLine{row, marker + sty.Bold.Render("custom parameters (JSON object)")})
		fl = append(fl, formLine{row, "    " + st.custom.View()})
	}

	// Scroll so the focused row is fully visible; when the form does not
	// fit, one line above and one below say whether more is hidden.
	budget := max(3, c.contentHeight()-formChrome(d))
	if len(fl) <= budget {
		st.offset = 0
		for _, l := range fl {
			b.add(l.text)
		}
	} else {
		inner := budget - 2
		first, last := -1, -1
		for i, l := range fl {
			if l.row == st.focus {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if first >= 0 {
			if first < st.offset {
				st.offset = first
			}
			if last >= st.offset+inner {
				st.offset = last - inner + 1
			}
		}
		st.offset = max(0, min(st.offset, len(fl)-inner))
		end := min(len(fl), st.offset+inner)
		more := func(show bool, text string) {
			if show {
				b.add(sty.Muted.Render("  " + text))
			} else {
				b.blank()
			}
		}
		more(st.offset > 0, "↑ more above")
		for _, l := range fl[st.offset:end] {
			b.add(l.text)
		}
		more(end < len(fl), "↓ more below")
	}
	if st.formErr != "" {
		b.foot(sty.Error.Render("✗ " + st.formErr))
	}
	b.foot(c.hints(c.keys.DialogNext, "next", c.keys.DialogToggle, "toggle", c.keys.DialogSubmit, "review", c.keys.DialogClose, "back out"))
}

// formChrome is the lines around the form's rows: title, blank, workflow
// line, error and hint lines, footer.
func formChrome(d *dialog) int {
	n := 5
	if d.st.formErr != "" {
		n++
	}
	if d.errMsg != "" {
		n += 2
	}
	return n
}

func (c *Controller) viewStartConfirm(b *lines, d *dialog) {
	st, sty := &d.st, c.styles
	r := st.req
	b.field("deployment", textsafe.Clean(r.DeploymentID))
	b.field("workflow", textsafe.Clean(r.WorkflowID))
	c.viewParamValues(b, st, r.Parameters)
	var opts []string
	for t := 0; t < numToggles; t++ {
		if st.toggles[t] {
			opts = append(opts, toggleNames[t])
		}
	}
	if len(opts) == 0 {
		opts = []string{"none"}
	}
	b.field("options", strings.Join(opts, ", "))
	b.blank()
	b.text(sty.Muted, "cfy: "+cfycmd.Start(r, st.wf.Parameters, st.tenant(c)))
	if d.inFlight {
		b.foot(sty.Accent.Render("starting…"))
		return
	}
	b.foot(c.hints(c.keys.DialogYes, "start", c.keys.DialogPrev, "edit", c.keys.DialogClose, "back out"))
}

func (c *Controller) viewBusy(b *lines, d *dialog) {
	st, sty := &d.st, c.styles
	choices := []string{
		"queue it — it starts when the running one ends",
		"force it — run it now, in parallel with the running one",
	}
	if st.forceOnly {
		b.text(sty.DialogWarning, "The manager refused "+textsafe.Clean(st.req.WorkflowID)+" on "+textsafe.Clean(st.req.DeploymentID)+" now.")
		b.text(sty.Muted, "It stored the refused start as a failed execution, as it always does.")
		choices = []string{"", "force it — run it anyway, whatever the deployment's state"}
	} else {
		b.text(sty.DialogWarning, "The manager refused: another execution is running on "+textsafe.Clean(st.req.DeploymentID)+".")
	}
	b.text(sty.Muted, ansiCut(st.busyMsg, 4*b.width))
	b.blank()
	for i, c := range choices {
		switch {
		case c == "":
		case i == st.busyChoice:
			b.add(sty.Accent.Render("› ") + sty.RowSelected.Render(c))
		default:
			b.add("  " + c)
		}
	}
	b.blank()
	b.text(sty.Muted, "cfy: "+cfycmd.Start(st.busyRequest(), st.wf.Parameters, st.tenant(c)))
	if d.inFlight {
		b.foot(sty.Accent.Render("sending…"))
		return
	}
	if st.forceOnly {
		b.foot(c.hints(c.keys.DialogYes, "force", c.keys.DialogClose, "back"))
		return
	}
	b.foot(c.hints(c.keys.DialogNext, "choose", c.keys.DialogYes, "send", c.keys.DialogClose, "back out"))
}

// viewParamValues lists the parameter values a review sends, in the
// workflow's order, as many as fit.
func (c *Controller) viewParamValues(b *lines, st *startDialog, values map[string]any) {
	sty := c.styles
	names := cfycmd.ParamNames(values, st.wf.Parameters)
	if len(names) == 0 {
		b.field("parameters", sty.Muted.Render("none given (workflow defaults)"))
		return
	}
	b.field("parameters", "")
	room := max(1, c.contentHeight()-16)
	for i, n := range names {
		if i == room && len(names) > room+1 {
			b.add(sty.Muted.Render(fmt.Sprintf("  … and %d more (see the command)", len(names)-room)))
			break
		}
		b.add("  " + textsafe.Clean(n) + " = " + textsafe.Clean(jsonText(values[n])))
	}
	if len(names) < len(st.fields) {
		b.add(sty.Muted.Render("  other parameters: workflow defaults"))
	}
}
