package actions

import (
	"encoding/json"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

// startDialog is the state of the start wizard: its target (a deployment,
// or a deployment group: wizard_group.go), workflow, parameters,
// confirmation.
type startDialog struct {
	target    target
	deps      picker // the first step's list: deployments, or deployment groups
	depsErr   string
	loading   bool // the first step's list is being read
	loadingWf bool // the chosen target's workflows are being read
	truncated int  // total deployments when more than were listed
	preselect string

	dep       *client.Deployment       // the chosen deployment
	groups    []client.DeploymentGroup // the deployment groups listed
	group     *client.DeploymentGroup  // the chosen deployment group
	wfs       []client.Workflow        // the workflows offered
	workflows picker
	wf        client.Workflow
	typedWf   bool // the workflow's name was typed, not picked from the list

	conc    textinput.Model // a group's concurrency
	concErr string
	greq    client.GroupStartRequest // a group's request, built when the form validates

	fields  []paramField
	toggles [numToggles]bool
	custom  textinput.Model
	focus   int // index into formRows()
	offset  int // first form line shown
	formErr string

	req        client.StartRequest // built when the form validates
	busyMsg    string
	busyChoice int  // 0 queue, 1 force
	forceOnly  bool // the workflow is not available now: only force runs it (queueing would not help)
}

type paramField struct {
	p     client.WorkflowParam
	input textinput.Model
	// initial is the input's own value right after it was filled, so that
	// an untouched field is recognised even when the input changed the
	// default's text on the way in.
	initial string
	// hidden: the default cannot be shown faithfully in a one-line input
	// (it spans lines, or holds tabs or control characters). The field
	// starts empty and the manager keeps the default unless a value is typed.
	hidden bool
	err    string
}

const (
	toggleForce = iota
	toggleQueue
	toggleDryRun
	toggleCustom
	numToggles
)

var toggleNames = [numToggles]string{"force", "queue", "dry run", "allow custom parameters"}
var toggleHelp = [numToggles]string{
	"run even if another execution of the deployment is active",
	"if the deployment is busy, wait in the queue (not with force or dry run)",
	"go through the workflow without running operations",
	"allow parameters the workflow does not declare",
}

func newStartDialog(c *Controller, e *client.Execution) startDialog {
	st := startDialog{loading: true}
	st.deps.filter = c.newInput(0)
	st.deps.filter.Placeholder = "type to filter"
	st.deps.filter.Focus()
	if e != nil && e.DeploymentID.Valid {
		st.preselect = e.DeploymentID.Value
	}
	st.custom = c.newInput(0)
	st.custom.Placeholder = `{"key": "value"}`
	return st
}

func (st *startDialog) onDeployments(c *Controller, m deploymentsMsg) {
	st.loading = false
	if m.err != nil {
		st.depsErr = errText(m.err)
		return
	}
	st.depsErr = ""
	items := make([]pickItem, 0, len(m.items))
	for _, d := range m.items {
		label := textsafe.Clean(d.ID)
		detail := ""
		if d.DisplayName != "" && d.DisplayName != d.ID {
			detail = textsafe.Clean(d.DisplayName)
		}
		if d.BlueprintID != "" {
			detail = strings.TrimSpace(detail + "  bp " + textsafe.Clean(d.BlueprintID))
		}
		items = append(items, pickItem{id: d.ID, label: label, detail: detail,
			match: strings.ToLower(label + " " + detail)})
	}
	st.truncated = 0
	if m.total > len(m.items) {
		st.truncated = m.total
	}
	st.deps.setItems(items)
	st.deps.selectID(st.preselect)
}

func (st *startDialog) onDeployment(c *Controller, d *dialog, m deploymentMsg) tea.Cmd {
	st.loadingWf = false
	if m.err != nil {
		d.errMsg = errText(m.err)
		return nil
	}
	d.errMsg = ""
	st.dep = m.dep
	st.toWorkflows(c, d, m.dep.Workflows)
	return nil
}

// toWorkflows offers ws in the workflow step.
func (st *startDialog) toWorkflows(c *Controller, d *dialog, ws []client.Workflow) {
	st.wfs = ws
	items := make([]pickItem, 0, len(ws))
	for _, w := range ws {
		label := textsafe.Clean(w.Name)
		var detail []string
		if n := len(w.Parameters); n > 0 {
			detail = append(detail, fmt.Sprintf("%d parameter%s", n, plural(n)))
		}
		if w.IsAvailable.Valid && !w.IsAvailable.Value {
			detail = append(detail, "not available now: "+availabilityWhy(w)+" (force runs it anyway)")
		}
		items = append(items, pickItem{id: w.Name, label: label, detail: strings.Join(detail, ", "),
			match: strings.ToLower(label)})
	}
	st.workflows = picker{filter: c.newInput(0)}
	st.workflows.filter.Placeholder = "type to filter"
	st.workflows.filter.Focus()
	st.workflows.setItems(items)
	d.step = stepPickWorkflow
	d.resize(c)
}

// workflow is the offered workflow called name.
func (st *startDialog) workflow(name string) (client.Workflow, bool) {
	for _, w := range st.wfs {
		if w.Name == name {
			return w, true
		}
	}
	return client.Workflow{}, false
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// startKey handles keys in the start wizard's steps.
func (c *Controller) startKey(d *dialog, msg tea.KeyPressMsg) tea.Cmd {
	st, k := &d.st, c.keys
	switch d.step {
	case stepPickDeployment:
		if key.Matches(msg, k.DialogSubmit) && st.target == onGroup {
			return c.pickGroup(d)
		}
		if key.Matches(msg, k.DialogSubmit) {
			if st.depsErr != "" && !st.loading {
				// Reading the list again is a plain GET, asked for by enter.
				st.loading, st.depsErr = true, ""
				env, seq := c.env, d.seq
				return func() tea.Msg { return env.listDeployments(seq, "") }
			}
			it, ok := st.deps.selected()
			if !ok && st.truncated > 0 && !st.loading && strings.TrimSpace(st.deps.filter.Value()) != "" {
				// Not among the first page: ask the manager to search.
				st.loading = true
				env, seq, q := c.env, d.seq, strings.TrimSpace(st.deps.filter.Value())
				return func() tea.Msg { return env.listDeployments(seq, q) }
			}
			if !ok || st.loading || st.loadingWf {
				return nil
			}
			st.loadingWf = true
			env, seq, id := c.env, d.seq, it.id
			return func() tea.Msg { return env.getDeployment(seq, id) }
		}
		st.deps.key(k, msg)
	case stepPickWorkflow:
		if key.Matches(msg, k.DialogSubmit) {
			w, ok := st.chosenWorkflow()
			if !ok {
				return nil
			}
			st.toForm(c, d, w)
			return nil
		}
		st.workflows.key(k, msg)
	case stepForm:
		return st.formKey(c, d, msg)
	case stepStartConfirm:
		if st.target == onGroup {
			return c.groupConfirmKey(d, msg)
		}
		switch {
		case key.Matches(msg, d.opener):
			d.hint = "the key that opened this dialog does not confirm it; press " + helpKey(k.DialogYes)
		case key.Matches(msg, c.bareEnter), key.Matches(msg, k.DialogSubmit):
			d.hint = "enter alone does not start it; press " + helpKey(k.DialogYes)
		case key.Matches(msg, k.DialogYes):
			return c.sendStart(d, st.req)
		case key.Matches(msg, k.DialogPrev):
			d.step = stepForm
		}
	case stepBusy:
		switch {
		case key.Matches(msg, k.DialogNext), key.Matches(msg, k.DialogPrev):
			if !st.forceOnly {
				st.busyChoice = 1 - st.busyChoice
			}
		case key.Matches(msg, d.opener):
			d.hint = "the key that opened this dialog does not confirm it; press " + helpKey(k.DialogYes)
		case key.Matches(msg, c.bareEnter), key.Matches(msg, k.DialogSubmit):
			d.hint = "enter alone does not send; press " + helpKey(k.DialogYes)
		case key.Matches(msg, k.DialogYes):
			return c.sendStart(d, st.busyRequest())
		}
	}
	return nil
}

func (st *startDialog) paste(d *dialog, msg tea.PasteMsg) {
	switch d.step {
	case stepPickDeployment:
		st.deps.filter, _ = st.deps.filter.Update(msg)
		st.deps.refilter()
	case stepPickWorkflow:
		st.workflows.filter, _ = st.workflows.filter.Update(msg)
		st.workflows.refilter()
	case stepForm:
		if in := st.focusedInput(); in != nil {
			*in, _ = in.Update(msg)
		}
	}
}

func (c *Controller) sendStart(d *dialog, r client.StartRequest) tea.Cmd {
	d.inFlight = true
	c.pending++
	d.errMsg = ""
	d.st.req = r
	env, seq := c.env, d.seq
	params := d.st.wf.Parameters
	tenant := d.st.tenant(c)
	return func() tea.Msg { return env.runStart(seq, r, params, tenant) }
}

func (st *startDialog) tenant(c *Controller) string {
	if st.dep != nil && st.dep.TenantName != "" {
		return st.dep.TenantName
	}
	return c.env.tenant
}

func (st *startDialog) toBusy(d *dialog, message string) {
	d.step = stepBusy
	st.busyMsg = message
	st.busyChoice, st.forceOnly = 0, false
}

// toForceOnly is the manager's refusal of a workflow its deployment does
// not allow now (or that dependents block): the choice is force, with the
// same friction as a forced start on a busy deployment, or backing out.
func (st *startDialog) toForceOnly(d *dialog, message string) {
	d.step = stepBusy
	st.busyMsg = message
	st.busyChoice, st.forceOnly = 1, true
}

// busyRequest is the start as the refusal step would send it: queued, or
// forced.
func (st *startDialog) busyRequest() client.StartRequest {
	r := st.req
	if st.busyChoice == 0 {
		r.Queue, r.Force, r.DryRun = true, false, false
	} else {
		r.Force, r.Queue = true, false
	}
	return r
}

// availabilityWhy says, from its availability rules, what the deployment
// lacks for the workflow to run now.
func availabilityWhy(w client.Workflow) string {
	var rules struct {
		Active []string `json:"node_instances_active"`
		Types  []string `json:"node_types_required"`
	}
	if len(w.AvailabilityRules) == 0 || json.Unmarshal(w.AvailabilityRules, &rules) != nil {
		return "the deployment's state does not allow it now"
	}
	var why []string
	if len(rules.Active) > 0 {
		why = append(why, "node instances active: "+textsafe.Clean(strings.Join(rules.Active, " or ")))
	}
	if len(rules.Types) > 0 {
		why = append(why, "a node of type "+textsafe.Clean(strings.Join(rules.Types, " or ")))
	}
	if len(why) == 0 {
		return "the deployment's state does not allow it now"
	}
	return "needs " + strings.Join(why, ", and ")
}

// toForm builds the parameter form of workflow w.
func (st *startDialog) toForm(c *Controller, d *dialog, w client.Workflow) {
	st.wf = w
	st.fields = st.fields[:0]
	for _, p := range w.Parameters {
		in := c.newInput(0)
		def := defaultText(p)
		in.SetValue(def)
		hidden := in.Value() != def
		if hidden {
			// Sending what the input made of it (newlines turned into
			// spaces) would override the blueprint's default.
			in.SetValue("")
		}
		switch {
		case hidden:
			in.Placeholder = "(default kept: " + hiddenWhy(def) + ")"
		case p.IsRequired():
			in.Placeholder = "required"
		case !p.HasDefault():
			in.Placeholder = "optional"
		}
		st.fields = append(st.fields, paramField{p: p, input: in, initial: in.Value(), hidden: hidden})
	}
	st.toggles = [numToggles]bool{}
	st.custom.SetValue("")
	st.resetConcurrency()
	st.focus, st.offset, st.formErr = 0, 0, ""
	d.step = stepForm
	d.resize(c)
	st.applyFocus()
}

// hiddenWhy says why a default is not shown in its one-line input.
func hiddenWhy(def string) string {
	if strings.ContainsAny(def, "\r\n") {
		return "multi-line text"
	}
	return "text with tabs or control characters"
}

// Form rows: one per parameter, then the toggles the target offers, then
// the custom parameters field (when allowed) or a group's concurrency.
func (st *startDialog) numRows() int {
	n := len(st.fields) + len(st.toggleList())
	if st.toggles[toggleCustom] || st.target == onGroup {
		n++
	}
	return n
}

// toggleList is the toggles the target offers, in order: a group start has
// force only (POST /execution-groups takes no queue, dry run or custom
// parameters).
func (st *startDialog) toggleList() []int {
	if st.target == onGroup {
		return []int{toggleForce}
	}
	return []int{toggleForce, toggleQueue, toggleDryRun, toggleCustom}
}

// extraRow is the index of the row after the toggles: the custom
// parameters, or a group's concurrency.
func (st *startDialog) extraRow() int { return len(st.fields) + len(st.toggleList()) }

// rowKind tells what form row i is: a parameter (index), a toggle, the
// custom parameters field, or a group's concurrency.
func (st *startDialog) rowKind(i int) (param int, toggle int, custom, conc bool) {
	if i < len(st.fields) {
		return i, -1, false, false
	}
	if tl := st.toggleList(); i < len(st.fields)+len(tl) {
		return -1, tl[i-len(st.fields)], false, false
	}
	return -1, -1, st.target != onGroup, st.target == onGroup
}

func (st *startDialog) focusedInput() *textinput.Model {
	p, _, custom, conc := st.rowKind(st.focus)
	switch {
	case p >= 0:
		return &st.fields[p].input
	case custom:
		return &st.custom
	case conc:
		return &st.conc
	}
	return nil
}

func (st *startDialog) applyFocus() {
	for i := range st.fields {
		st.fields[i].input.Blur()
	}
	st.custom.Blur()
	st.conc.Blur()
	if in := st.focusedInput(); in != nil {
		in.Focus()
	}
}

func (st *startDialog) formKey(c *Controller, d *dialog, msg tea.KeyPressMsg) tea.Cmd {
	k := c.keys
	_, toggle, _, _ := st.rowKind(st.focus)
	switch {
	case key.Matches(msg, k.DialogNext):
		st.focus = (st.focus + 1) % st.numRows()
		st.applyFocus()
	case key.Matches(msg, k.DialogPrev):
		st.focus = (st.focus + st.numRows() - 1) % st.numRows()
		st.applyFocus()
	case key.Matches(msg, k.DialogSubmit) && st.target == onGroup:
		if r, ok := st.validateGroup(d); ok {
			st.toGroupConfirm(c, d, r)
		}
	case key.Matches(msg, k.DialogSubmit):
		if r, ok := st.validate(d); ok {
			st.req = r
			d.step = stepStartConfirm
		}
	case toggle >= 0 && key.Matches(msg, k.DialogToggle):
		st.toggle(toggle)
	default:
		if in := st.focusedInput(); in != nil {
			*in, _ = in.Update(msg)
		}
	}
	return nil
}

// toggle flips one option; queue excludes force and dry run, as in cfy.
func (st *startDialog) toggle(t int) {
	st.toggles[t] = !st.toggles[t]
	if !st.toggles[t] {
		return
	}
	switch t {
	case toggleQueue:
		st.toggles[toggleForce], st.toggles[toggleDryRun] = false, false
	case toggleForce, toggleDryRun:
		st.toggles[toggleQueue] = false
	}
}

// validate checks every field and builds the request (see formParams).
func (st *startDialog) validate(d *dialog) (client.StartRequest, bool) {
	r := client.StartRequest{
		DeploymentID:          st.dep.ID,
		WorkflowID:            st.wf.Name,
		Force:                 st.toggles[toggleForce],
		Queue:                 st.toggles[toggleQueue],
		DryRun:                st.toggles[toggleDryRun],
		AllowCustomParameters: st.toggles[toggleCustom],
	}
	params, first := st.formParams()
	st.formErr = ""
	if st.toggles[toggleCustom] {
		extra, err := parseCustom(st.custom.Value())
		if err != nil {
			st.formErr = "custom parameters " + err.Error()
			if first < 0 {
				first = st.extraRow()
			}
		}
		for k, v := range extra {
			if _, declared := findParam(st.wf.Parameters, k); declared {
				st.formErr = fmt.Sprintf("custom parameter %q is declared by the workflow: use its field", textsafe.Clean(k))
				if first < 0 {
					first = st.extraRow()
				}
				continue
			}
			params[k] = v
		}
	}
	if first >= 0 {
		st.focus = first
		st.applyFocus()
		if st.formErr == "" {
			st.formErr = "fix the marked fields"
		}
		return r, false
	}
	if len(params) > 0 {
		r.Parameters = params
	}
	d.errMsg = ""
	return r, true
}

// formParams checks every parameter field and returns the values to send
// and the first field in error (-1 for none). An empty field is not sent
// (the manager applies the default, or refuses a missing required one,
// which the form says first); a field left at its default is not sent
// either, so the request matches the cfy command shown.
func (st *startDialog) formParams() (map[string]any, int) {
	params := map[string]any{}
	first := -1
	for i := range st.fields {
		f := &st.fields[i]
		f.err = ""
		text := f.input.Value()
		switch {
		case strings.TrimSpace(text) == "" && f.p.Type != "string" || text == "":
			if f.p.IsRequired() {
				f.err = "required"
			}
		case text == f.initial:
			// Untouched: never sent, the manager applies its default (a
			// field with no default starts empty, handled above).
		default:
			v, err := parseParam(f.p.Type, text)
			if err != nil {
				f.err = err.Error()
			} else {
				params[f.p.Name] = v
			}
		}
		if f.err != "" && first < 0 {
			first = i
		}
	}
	return params, first
}
