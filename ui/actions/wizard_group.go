package actions

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/cfycmd"
	"github.com/cfytop/cfytop/ui/common"
)

// The start wizard on a deployment group: the same steps as on one
// deployment, another target. The first step picks a deployment group
// (GET /deployment-groups, a few fields), the workflow step offers the
// workflows of the group's deployments (GET /workflows?_group_id=, one
// request: the union over one deployment per blueprint, so a workflow may
// be missing from some members, which the manager then skips; a name not
// listed can be typed), the form has the parameters, force and the
// concurrency, and the review shows the request and asks for the number of
// deployments typed, as the bulk preview asks for its count. One
// POST /execution-groups is sent (cloudify-api-operations.md §4.3).

// target is what the start wizard starts a workflow on.
type target uint8

const (
	onDeployment target = iota // one deployment: POST /executions
	onGroup                    // every deployment of a deployment group: POST /execution-groups
)

// defaultConcurrency is the manager's (and cfy's) concurrency of a group.
const defaultConcurrency = 5

// groupStartAction is the audit log's name of a start on a deployment group.
const groupStartAction = "start-group"

// depGroupFields are what the first step reads of each deployment group.
var depGroupFields = []string{"id", "description", "deployment_ids", "tenant_name"}

type depGroupsMsg struct {
	seq   int
	items []client.DeploymentGroup
	err   error
}

type groupWorkflowsMsg struct {
	seq   int
	group string
	items []client.Workflow
	err   error
}

// groupResultMsg answers a start on a deployment group.
type groupResultMsg struct {
	seq     int
	req     client.GroupStartRequest
	members int // the deployments of the group when it was chosen
	group   *client.ExecutionGroup
	err     error
}

// OpenGroupStart opens the start wizard on a deployment group, the group
// preselect chosen in its first step when listed. In read-only mode it
// opens nothing and returns a Cmd saying why, in Open's words for a start
// (the words the shell says for the start key disabled).
func (c Controller) OpenGroupStart(preselect string) (Controller, tea.Cmd) {
	if !c.built {
		return c, nil
	}
	if c.readOnly {
		return c.Open(Start, nil)
	}
	c.seq++
	c.d = dialog{open: true, seq: c.seq, kind: Start, opener: c.opener(Start), step: stepPickDeployment}
	d := &c.d
	d.st = newStartDialog(&c, nil)
	d.st.target = onGroup
	d.st.preselect = preselect
	d.st.conc = c.newInput(6)
	d.resize(&c)
	c.settle()
	env, seq := c.env, d.seq
	return c, func() tea.Msg { return env.listDepGroups(seq) }
}

func (v env) listDepGroups(seq int) tea.Msg {
	ctx, cancel := v.ctx()
	defer cancel()
	page, err := v.m.ListDeploymentGroups(ctx, maxDeployments, depGroupFields...)
	msg := depGroupsMsg{seq: seq, err: err}
	if page != nil {
		msg.items = page.Items
	}
	return msg
}

func (v env) listGroupWorkflows(seq int, group string) tea.Msg {
	ctx, cancel := v.ctx()
	defer cancel()
	ws, err := v.m.ListWorkflows(ctx, client.ListWorkflowsOptions{DeploymentGroupID: group})
	return groupWorkflowsMsg{seq: seq, group: group, items: ws, err: err}
}

// runGroupStart sends the one POST /execution-groups and records it. It
// runs inside a tea.Cmd.
func (v env) runGroupStart(seq int, r client.GroupStartRequest, params client.WorkflowParams, tenant string, members int) tea.Msg {
	ctx, cancel := v.ctx()
	defer cancel()
	out, err := v.m.StartExecutionGroup(ctx, r)
	entry := audit.Entry{
		Manager:    v.label,
		Tenant:     tenant,
		Workflow:   r.WorkflowID,
		Action:     groupStartAction,
		CfyCommand: cfycmd.GroupStart(r, params),
	}
	v.record(&entry, nil, err)
	where := "deployment group " + textsafe.Clean(r.DeploymentGroupID)
	switch {
	case out != nil:
		entry.Message = fmt.Sprintf("%s: execution group %s, %s, concurrency %d", where, textsafe.Clean(out.ID),
			common.Plural(len(out.ExecutionIDs.Value), "execution"), out.Concurrency)
	case entry.Message != "":
		entry.Message = where + ": " + entry.Message
	default:
		entry.Message = where
	}
	v.append(entry)
	return groupResultMsg{seq: seq, req: r, members: members, group: out, err: err}
}

// onDepGroups lists the deployment groups read; the group to preselect
// when it is not among them (another tenant's, or beyond the page read) is
// said in the dialog's hint rather than the cursor silently left on the
// first.
func (st *startDialog) onDepGroups(c *Controller, m depGroupsMsg) {
	st.loading = false
	if m.err != nil {
		st.depsErr = errText(m.err)
		return
	}
	st.depsErr = ""
	st.groups = m.items
	items := make([]pickItem, 0, len(m.items))
	for _, g := range m.items {
		label := textsafe.Clean(g.ID)
		detail := common.Plural(len(g.DeploymentIDs), "deployment")
		if g.Description.Value != "" {
			detail += " · " + textsafe.Clean(g.Description.Value)
		}
		items = append(items, pickItem{id: g.ID, label: label, detail: detail, match: strings.ToLower(label + " " + detail)})
	}
	st.deps.setItems(items)
	if st.preselect == "" {
		return
	}
	st.deps.selectID(st.preselect)
	if it, ok := st.deps.selected(); !ok || it.id != st.preselect {
		c.d.hint = fmt.Sprintf("deployment group %s is not in this tenant's list; pick one", textsafe.Clean(st.preselect))
	}
}

// pickGroup takes the deployment group under the cursor and reads its
// workflows (or reads the list again after it failed).
func (c *Controller) pickGroup(d *dialog) tea.Cmd {
	st := &d.st
	env, seq := c.env, d.seq
	if st.depsErr != "" && !st.loading {
		st.loading, st.depsErr = true, ""
		return func() tea.Msg { return env.listDepGroups(seq) }
	}
	it, ok := st.deps.selected()
	if !ok || st.loading || st.loadingWf {
		return nil
	}
	for _, g := range st.groups {
		if g.ID != it.id {
			continue
		}
		if len(g.DeploymentIDs) == 0 {
			d.errMsg = "deployment group " + it.label + " has no deployments: nothing would start"
			return nil
		}
		st.group = &g
		st.loadingWf = true
		d.errMsg = ""
		return func() tea.Msg { return env.listGroupWorkflows(seq, g.ID) }
	}
	return nil
}

func (st *startDialog) onGroupWorkflows(c *Controller, d *dialog, m groupWorkflowsMsg) {
	if !st.loadingWf || st.group == nil || st.group.ID != m.group || d.step != stepPickDeployment {
		return // backed out, or another group chosen since
	}
	st.loadingWf = false
	if m.err != nil {
		d.errMsg = "could not list the group's workflows: " + errText(m.err)
		return
	}
	d.errMsg = ""
	st.toWorkflows(c, d, m.items)
}

// chosenWorkflow is the workflow step's choice: the row the cursor was
// moved to by hand; else the workflow whose name is the text typed; else,
// on a group, the name typed when it is not the cursor's (the manager
// starts it on the members that have it), and on one deployment the row
// under the cursor. Typing heal with heal_all listed first starts heal.
func (st *startDialog) chosenWorkflow() (client.Workflow, bool) {
	st.typedWf = false
	p := &st.workflows
	name := strings.TrimSpace(p.filter.Value())
	it, ok := p.selected()
	if ok && (p.moved || name == "" || it.id == name) {
		return st.workflow(it.id)
	}
	if exact, found := p.shownID(name); found {
		return st.workflow(exact.id)
	}
	if st.target == onGroup && name != "" {
		st.typedWf = true
		return client.Workflow{Name: name}, true
	}
	if ok {
		return st.workflow(it.id) // one deployment starts only a workflow it has
	}
	return client.Workflow{}, false
}

// members is how many deployments the chosen group has.
func (st *startDialog) members() int {
	if st.group == nil {
		return 0
	}
	return len(st.group.DeploymentIDs)
}

// countText is the number to type to confirm a group start.
func (st *startDialog) countText() string { return strconv.Itoa(st.members()) }

// resetConcurrency puts the concurrency back to the manager's default, or
// to the group's size when smaller (the same effect: every member at once).
func (st *startDialog) resetConcurrency() {
	st.concErr = ""
	if st.target == onGroup {
		st.conc.SetValue(strconv.Itoa(min(defaultConcurrency, max(1, st.members()))))
	}
}

// toggleHelp is what a toggle does on the wizard's target.
func (st *startDialog) toggleHelp(t int) string {
	if st.target == onGroup && t == toggleForce {
		return "for the manager's queueing and dependency checks; the members are still created without force"
	}
	return toggleHelp[t]
}

// concurrencyLines is the concurrency row of a group's form.
func (c *Controller) concurrencyLines(st *startDialog, lw int) []formLine {
	sty, row := c.styles, st.extraRow()
	marker := "  "
	if st.focus == row {
		marker = sty.Accent.Render("› ")
	}
	out := []formLine{{row, marker + sty.Bold.Render(fmt.Sprintf("%-*s", lw, "concurrency")) + " " + st.conc.View()}}
	why := fmt.Sprintf("how many members run at once, 1 to %d; the others wait queued (the manager's default is %d)",
		st.members(), defaultConcurrency)
	switch {
	case st.concErr != "":
		out = append(out, formLine{row, "    " + sty.Error.Render("✗ "+st.concErr)})
	case st.focus == row:
		out = append(out, formLine{row, "    " + sty.Muted.Render(why)})
	}
	return out
}

// validateGroup checks the form and builds the group's request.
func (st *startDialog) validateGroup(d *dialog) (client.GroupStartRequest, bool) {
	r := client.GroupStartRequest{
		DeploymentGroupID: st.group.ID,
		WorkflowID:        st.wf.Name,
		Force:             st.toggles[toggleForce],
	}
	params, first := st.formParams()
	n := st.members()
	st.concErr = ""
	conc, err := strconv.Atoi(strings.TrimSpace(st.conc.Value()))
	if err != nil || conc < 1 || conc > n {
		st.concErr = fmt.Sprintf("must be a whole number from 1 to %d (the group's %s)", n, common.Plural(n, "deployment"))
		if first < 0 {
			first = st.extraRow()
		}
	}
	st.formErr = ""
	if first >= 0 {
		st.focus = first
		st.applyFocus()
		st.formErr = "fix the marked fields"
		return r, false
	}
	r.Concurrency = conc
	if len(params) > 0 {
		r.DefaultParameters = params
	}
	d.errMsg = ""
	return r, true
}

// toGroupConfirm goes to the review of r, with the count to type.
func (st *startDialog) toGroupConfirm(c *Controller, d *dialog, r client.GroupStartRequest) {
	st.greq = r
	d.step = stepStartConfirm
	need := st.countText()
	d.typed = c.newInput(len(need) + 2)
	d.typed.Placeholder = strings.Repeat("_", len(need))
	d.typed.Focus()
	d.resize(c)
}

// groupConfirmKey handles the review of a group start: the number of
// deployments typed, then the submit key, sends it; enter alone or the
// opening key never does.
func (c *Controller) groupConfirmKey(d *dialog, msg tea.KeyPressMsg) tea.Cmd {
	k, st := c.keys, &d.st
	want := st.countText()
	switch {
	case key.Matches(msg, k.DialogSubmit):
		typed := strings.TrimSpace(d.typed.Value())
		switch {
		case typed == "":
			d.errMsg = fmt.Sprintf("type %s (how many deployments it starts on), then %s", want, helpKey(k.DialogSubmit))
			return nil
		case typed != want:
			d.errMsg = fmt.Sprintf("%q is not the number of deployments of group %s (%s); nothing sent",
				typed, textsafe.Clean(st.group.ID), want)
			return nil
		}
		return c.sendGroupStart(d)
	case key.Matches(msg, d.opener):
		d.hint = fmt.Sprintf("the key that opened this dialog does not confirm it; type %s, then %s", want, helpKey(k.DialogSubmit))
	case key.Matches(msg, k.DialogPrev):
		d.step = stepForm
		d.errMsg = ""
	default:
		d.typed, _ = d.typed.Update(msg)
		d.errMsg = ""
	}
	return nil
}

func (c *Controller) sendGroupStart(d *dialog) tea.Cmd {
	d.inFlight = true
	c.pending++
	d.errMsg = ""
	env, seq, st := c.env, d.seq, &d.st
	r, params, members := st.greq, st.wf.Parameters, st.members()
	tenant := env.tenant
	if st.group.TenantName != "" {
		tenant = st.group.TenantName
	}
	return func() tea.Msg { return env.runGroupStart(seq, r, params, tenant, members) }
}

// onGroupResult handles the answer to a group start: on success the dialog
// closes, the status line says what started and the screens get the new
// group; a refusal leaves the review as it was, with the manager's words.
func (c *Controller) onGroupResult(m groupResultMsg) tea.Cmd {
	d := &c.d
	current := c.answered(m.seq)
	what := fmt.Sprintf("start %s on group %s", textsafe.Clean(m.req.WorkflowID), textsafe.Clean(m.req.DeploymentGroupID))
	switch {
	case m.err == nil:
		if current {
			c.d = dialog{}
		}
		cmds := []tea.Cmd{statusCmd(groupToast(m), false)}
		if m.group != nil {
			g := *m.group
			cmds = append(cmds, func() tea.Msg { return common.ExecutionGroupStartedMsg{Group: g} })
		}
		return tea.Batch(cmds...)
	case maybeApplied(m.err):
		// As for a single start: the manager may have done it, so the
		// review is not left ready to send it a second time.
		if current {
			c.d = dialog{}
		}
		text := fmt.Sprintf("%s: OUTCOME UNKNOWN, it may have been carried out: check the execution groups (:groups) before sending it again (dialog closed) — %s",
			what, textsafe.Clean(client.WithoutAdvice(m.err)))
		return func() tea.Msg { return common.StatusMsg{Text: text, IsError: true, Sticky: true} }
	}
	text := errText(m.err)
	if client.IsWorkflowUnavailable(m.err) {
		// cloudify-api-operations.md §4.3: the group and its members exist
		// all the same, the refused one failed, the others left pending.
		text += " — the manager creates the execution group even so, that member failed and the others pending: see :groups"
	}
	if current {
		d.errMsg = text
		d.typed.SetValue("") // sending again takes the count typed again
	}
	return statusCmd(what+" failed: "+text, true)
}

// groupToast says what a group start did, e.g. "started heal on 2
// deployments of group web: execution group 3f2a9c1e, 5 at a time".
func groupToast(m groupResultMsg) string {
	wf, dg := textsafe.Clean(m.req.WorkflowID), textsafe.Clean(m.req.DeploymentGroupID)
	if m.group == nil {
		return fmt.Sprintf("started %s on group %s", wf, dg)
	}
	n := len(m.group.ExecutionIDs.Value)
	on := common.Plural(n, "deployment")
	if m.members > n {
		on = fmt.Sprintf("%d of %d deployments (the others lack the workflow)", n, m.members)
	}
	return fmt.Sprintf("started %s on %s of group %s: execution group %s, %d at a time",
		wf, on, dg, textsafe.Clean(common.ShortID(m.group.ID)), m.group.Concurrency)
}

// maxMemberLines bounds the group's member list in the review, so that
// the review of a large group still fits 80x24.
const maxMemberLines = 3

// memberLines lists a group's deployment IDs, cleaned, comma-separated
// and wrapped at width in at most maxLines lines: when they do not all
// fit, the first ones and "and N more".
func memberLines(ids []string, width, maxLines int) []string {
	clean := make([]string, 0, min(len(ids), maxLines*width))
	for _, id := range ids {
		if len(clean) == cap(clean) {
			break // more than could fit: each takes a column at least
		}
		clean = append(clean, textsafe.Clean(id))
	}
	list := func(k int) []string {
		s := strings.Join(clean[:k], ", ")
		if k < len(ids) {
			if k > 0 {
				s += ","
			}
			s += fmt.Sprintf(" and %d more", len(ids)-k)
		}
		return wrapWords(strings.TrimSpace(s), width)
	}
	if ls := list(len(clean)); len(clean) == len(ids) && len(ls) <= maxLines {
		return ls
	}
	// The most that fit with the count of the rest: grow while they fit.
	k := 0
	for k < len(clean) && len(list(k+1)) <= maxLines {
		k++
	}
	return list(k)
}

// viewGroupConfirm is the review of a group start: what will be sent, the
// request itself, the cfy command, and the count to type.
func (c *Controller) viewGroupConfirm(b *lines, d *dialog) {
	st, sty := &d.st, c.styles
	r := st.greq
	n := st.members()
	b.field("group", textsafe.Clean(r.DeploymentGroupID)+sty.Muted.Render("  "+common.Plural(n, "deployment")))
	if st.group != nil && n > 0 {
		b.at(prioHigh, func() {
			for i, l := range memberLines(st.group.DeploymentIDs, b.width-fieldLabelW, maxMemberLines) {
				if i == 0 {
					b.field("members", l)
				} else {
					b.add(strings.Repeat(" ", fieldLabelW) + l)
				}
			}
		})
	}
	wf := textsafe.Clean(r.WorkflowID)
	if st.typedWf {
		b.field("workflow", wf+sty.Muted.Render("  typed, not listed: the manager checks it"))
	} else {
		b.field("workflow", wf)
	}
	c.viewParamValues(b, st, r.DefaultParameters)
	opts := "none"
	if r.Force {
		opts = "force"
	}
	b.field("options", opts)
	b.field("at once", fmt.Sprintf("%d (the concurrency), the others queued", r.Concurrency))
	b.blank()
	body, _ := r.Body()
	b.at(prioLow, func() {
		b.text(sty.Muted, "POST /api/v3.1/execution-groups "+textsafe.Clean(string(body)))
		b.text(sty.Muted, "cfy: "+cfycmd.GroupStart(r, st.wf.Parameters))
	})
	b.at(prioHigh, func() {
		b.text(sty.DialogWarning, fmt.Sprintf("Will start %s on %s of group %s (a deployment without it is skipped).",
			wf, common.Plural(n, "deployment"), textsafe.Clean(r.DeploymentGroupID)))
	})
	if d.inFlight {
		b.foot(sty.Accent.Render("starting…"))
		return
	}
	k := c.keys
	b.at(prioTop, func() {
		b.foot(sty.Bold.Render(fmt.Sprintf("Type %s (how many deployments), then %s: ", st.countText(), helpKey(k.DialogSubmit))) + d.typed.View())
	})
	b.foot(c.hints(k.CopyCommand, "copy cfy", k.DialogPrev, "edit", k.DialogClose, "back"))
}
