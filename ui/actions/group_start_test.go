package actions

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
)

func fixtureDepGroups() []client.DeploymentGroup {
	return []client.DeploymentGroup{
		{ID: "caches", Description: client.Some("every cache"), DeploymentIDs: []string{"cache-prod", "cache-staging"}},
		{ID: "empty", DeploymentIDs: []string{}},
		{ID: "web", Description: client.Some("the web tier"), DeploymentIDs: []string{"web-1", "web-2", "web-3"}},
	}
}

// openGroup opens the start on a deployment group with the fixture groups.
func (h *harness) openGroup(preselect string) {
	h.t.Helper()
	h.f.depGroups = fixtureDepGroups()
	h.f.groupWfs = map[string][]client.Workflow{
		"web": {{Name: "install"}, {Name: "heal", Parameters: params(h.t, `{
			"node_id": {"type": "string", "description": "which node"},
			"retries": {"type": "integer", "default": 1}
		}`)}},
		"caches": {{Name: "flush_cache"}},
	}
	c, open := h.c.OpenGroupStart(preselect)
	h.c = c
	h.run(open)
}

// toGroupForm walks from the group step to the form of workflow wf on the
// preselected group.
func toGroupForm(t *testing.T, h *harness, wf string) {
	t.Helper()
	h.press("enter")
	if h.c.d.step != stepPickWorkflow {
		t.Fatalf("workflow step not reached: %v\n%s", h.c.d.errMsg, h.c.View())
	}
	h.typeText(wf)
	h.press("enter")
	if h.c.d.step != stepForm {
		t.Fatalf("form not reached:\n%s", h.c.View())
	}
}

// setConcurrency replaces the text of a group's concurrency field.
func setConcurrency(h *harness, value string) {
	st := &h.c.d.st
	for st.focus != st.extraRow() {
		h.press("tab")
	}
	for st.conc.Value() != "" {
		h.press("end", "backspace")
	}
	h.typeText(value)
}

// Each step of the start on a deployment group, with the friction of
// starting on many deployments: the groups with their member counts (the
// selected execution group's preselected), the group's workflows, the
// parameters, force and the concurrency, the review with the request and
// the cfy command, the count typed; exactly one POST, then the dialog
// closes with a status in words and the new group for the screens.
func TestGroupStartEachStep(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("web")
	if !h.c.Active() || h.f.count("ListDeploymentGroups") != 1 {
		t.Fatalf("not open: %v %v", h.f.calls, h.out)
	}
	if !reflect.DeepEqual(h.f.includes[0], []string{"id", "description", "deployment_ids", "tenant_name"}) {
		t.Fatalf("groups read with _include %v", h.f.includes[0])
	}
	p := h.plain()
	for _, want := range []string{"Start a workflow on a deployment group", "caches 2 deployments · every cache",
		"web 3 deployments · the web tier", "empty 0 deployments", "› web"} {
		if !strings.Contains(p, want) {
			t.Fatalf("group step lacks %q:\n%s", want, h.c.View())
		}
	}

	h.press("enter")
	if h.f.count("ListWorkflows") != 1 || h.c.d.step != stepPickWorkflow {
		t.Fatalf("workflows not read: %v", h.f.calls)
	}
	if p := h.plain(); !strings.Contains(p, "Start a workflow on deployment group web") ||
		!strings.Contains(p, "a deployment without the one chosen is skipped") || !strings.Contains(p, "heal 2 parameters") {
		t.Fatalf("workflow step:\n%s", h.c.View())
	}
	h.typeText("heal")
	h.press("enter")
	if h.c.d.step != stepForm {
		t.Fatalf("form not reached:\n%s", h.c.View())
	}
	st := &h.c.d.st
	if p := h.plain(); !strings.Contains(p, "[ ] force") || strings.Contains(p, "dry run") || strings.Contains(p, "queue") ||
		!strings.Contains(p, "concurrency 3") {
		t.Fatalf("a group's form has force and the concurrency (the group's 3 < 5), nothing else:\n%s", h.c.View())
	}
	setField(t, h, "node_id", "vm")
	h.press("enter")
	if h.c.d.step != stepStartConfirm {
		t.Fatalf("review not reached: %q\n%s", st.formErr, h.c.View())
	}
	p = h.plain()
	for _, want := range []string{"Will start heal on 3 deployments of group web", "at once 3 (the concurrency)",
		"cfy: cfy executions groups start heal -g web -p node_id=vm --concurrency 3",
		"Type 3 (how many deployments), then enter"} {
		if !strings.Contains(p, want) {
			t.Fatalf("review lacks %q:\n%s", want, h.c.View())
		}
	}
	// The request body, wrapped at the dialog's width.
	body := `POST/api/v3.1/execution-groups{"deployment_group_id":"web","workflow_id":"heal","default_parameters":{"node_id":"vm"},"concurrency":3}`
	if !strings.Contains(strings.ReplaceAll(p, " ", ""), body) {
		t.Fatalf("review lacks the body:\n%s", h.c.View())
	}
	if got := h.c.ShortHelp(); len(got) != 4 || got[0].Help().Key != "enter" {
		t.Fatalf("review keys %v", got)
	}

	// Enter alone, the opening key, y and a wrong count send nothing.
	h.press("enter")
	if !strings.Contains(h.c.d.errMsg, "type 3 (how many deployments it starts on)") {
		t.Fatalf("enter alone: %q", h.c.d.errMsg)
	}
	h.press("N")
	if !strings.Contains(h.c.d.hint, "does not confirm it") {
		t.Fatalf("opening key: %q", h.c.d.hint)
	}
	h.typeText("2")
	h.press("enter")
	if !strings.Contains(h.c.d.errMsg, `"2" is not the number of deployments of group web (3); nothing sent`) {
		t.Fatalf("wrong count: %q", h.c.d.errMsg)
	}
	h.press("backspace", "y")
	h.press("enter")
	if h.f.mutations() != 0 {
		t.Fatalf("sent before the count was typed: %v", h.f.calls)
	}
	h.press("backspace")
	h.typeText("3")
	h.press("enter")
	if h.f.count("StartExecutionGroup") != 1 || h.f.mutations() != 1 {
		t.Fatalf("calls %v", h.f.calls)
	}
	want := client.GroupStartRequest{DeploymentGroupID: "web", WorkflowID: "heal",
		DefaultParameters: map[string]any{"node_id": "vm"}, Concurrency: 3}
	if !reflect.DeepEqual(h.f.groupStarts[0], want) {
		t.Fatalf("request %#v\nwant %#v", h.f.groupStarts[0], want)
	}
	if h.c.Active() || h.c.InFlight() {
		t.Fatal("dialog still open after the start")
	}
	if st := h.lastStatus(); st.IsError || st.Text != "started heal on 3 deployments of group web: execution group 6e0a0000, 3 at a time" {
		t.Fatalf("status %+v", st)
	}
	var started []client.ExecutionGroup
	for _, m := range h.out {
		if g, ok := m.(common.ExecutionGroupStartedMsg); ok {
			started = append(started, g.Group)
		}
	}
	if len(started) != 1 || started[0].ID != "6e0a0000-aaaa-bbbb-cccc-000000000001" {
		t.Fatalf("started groups %v", started)
	}
}

// esc goes back one step, keeping the choices; on the first step it
// leaves, nothing sent.
func TestGroupStartEscGoesBackOneStep(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("web")
	toGroupForm(t, h, "install")
	h.press("enter")
	if h.c.d.step != stepStartConfirm {
		t.Fatalf("review not reached:\n%s", h.c.View())
	}
	for _, want := range []step{stepForm, stepPickWorkflow, stepPickDeployment} {
		h.press("esc")
		if !h.c.Active() || h.c.d.step != want {
			t.Fatalf("esc: step %v, want %v", h.c.d.step, want)
		}
	}
	if it, ok := h.c.d.st.deps.selected(); !ok || it.id != "web" {
		t.Fatalf("the group choice was lost: %+v", it)
	}
	h.press("esc")
	if h.c.Active() || h.f.mutations() != 0 {
		t.Fatalf("first step's esc: active %v, calls %v", h.c.Active(), h.f.calls)
	}
	if st := h.lastStatus(); st.Text != "start: backed out, nothing sent" {
		t.Fatalf("status %q", st.Text)
	}
}

// The concurrency is a whole number from 1 to the group's size; anything
// else keeps the form, the field marked.
func TestGroupStartValidatesConcurrency(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("web")
	toGroupForm(t, h, "install")
	st := &h.c.d.st
	for _, bad := range []string{"0", "4", "two", "-1"} {
		setConcurrency(h, bad)
		h.press("enter")
		if h.c.d.step != stepForm || st.concErr != "must be a whole number from 1 to 3 (the group's 3 deployments)" ||
			st.focus != st.extraRow() {
			t.Fatalf("concurrency %q: step %v err %q focus %d", bad, h.c.d.step, st.concErr, st.focus)
		}
		if !strings.Contains(h.plain(), "✗ must be a whole number from 1 to 3") {
			t.Fatalf("concurrency %q: not marked:\n%s", bad, h.c.View())
		}
	}
	setConcurrency(h, "2")
	h.press("enter")
	if h.c.d.step != stepStartConfirm || st.greq.Concurrency != 2 || !strings.Contains(h.plain(), "at once 2 (the concurrency)") {
		t.Fatalf("concurrency 2: step %v %+v", h.c.d.step, st.greq)
	}
	if h.f.mutations() != 0 {
		t.Fatalf("sent: %v", h.f.calls)
	}
}

// A group with no deployments is refused at its step, in words.
func TestGroupStartRefusesAnEmptyGroup(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("empty")
	h.press("enter")
	if h.c.d.step != stepPickDeployment || h.f.count("ListWorkflows") != 0 ||
		h.c.d.errMsg != "deployment group empty has no deployments: nothing would start" {
		t.Fatalf("step %v err %q calls %v", h.c.d.step, h.c.d.errMsg, h.f.calls)
	}
}

// A workflow not listed can be typed: the manager checks the name, and the
// review says so.
func TestGroupStartTypedWorkflowName(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("web")
	toGroupForm(t, h, "restart_all")
	if st := &h.c.d.st; st.wf.Name != "restart_all" || !st.typedWf || len(st.fields) != 0 {
		t.Fatalf("typed workflow %+v", st.wf)
	}
	h.press("enter")
	if p := h.plain(); !strings.Contains(p, "restart_all typed, not listed: the manager checks it") {
		t.Fatalf("review:\n%s", h.c.View())
	}
}

// In read-only mode nothing opens and nothing is read.
func TestGroupStartReadOnly(t *testing.T) {
	h := newHarness(t, Options{ReadOnly: true})
	h.openGroup("web")
	if h.c.Active() || len(h.f.calls) != 0 {
		t.Fatalf("read-only: active %v calls %v", h.c.Active(), h.f.calls)
	}
	if st := h.lastStatus(); !st.IsError || st.Text != "read-only mode: start is disabled" {
		t.Fatalf("status %+v", st)
	}
}

// A refusal keeps the review as it was, with the manager's words; the
// count must be typed again to send again, and each confirmation sends
// exactly one POST.
func TestGroupStartRefusalKeepsState(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("web")
	toGroupForm(t, h, "heal")
	setField(t, h, "node_id", "vm")
	h.press("enter")
	h.f.groupErr = []error{&client.Error{Kind: client.KindBadParameters, StatusCode: 400, Code: "illegal_execution_parameters_error",
		Message: "Workflow parameter 'node_id' must be a node of the deployment"}}
	before := h.c.d.st.greq
	h.typeText("3")
	h.press("enter")
	if h.f.count("StartExecutionGroup") != 1 {
		t.Fatalf("calls %v", h.f.calls)
	}
	d := &h.c.d
	if !h.c.Active() || d.step != stepStartConfirm || d.inFlight || !reflect.DeepEqual(d.st.greq, before) {
		t.Fatalf("refusal lost the review: active %v step %v %+v", h.c.Active(), d.step, d.st.greq)
	}
	if d.errMsg != "Workflow parameter 'node_id' must be a node of the deployment" || d.typed.Value() != "" {
		t.Fatalf("err %q typed %q", d.errMsg, d.typed.Value())
	}
	if st := h.lastStatus(); !st.IsError || st.Text != "start heal on group web failed: Workflow parameter 'node_id' must be a node of the deployment" {
		t.Fatalf("status %+v", st)
	}
	h.press("enter")
	if h.f.count("StartExecutionGroup") != 1 {
		t.Fatal("enter after a refusal sent again without the count")
	}
	h.typeText("3")
	h.press("enter")
	if h.f.count("StartExecutionGroup") != 2 || h.c.Active() {
		t.Fatalf("second confirmation: calls %v active %v", h.f.calls, h.c.Active())
	}
}

// The manager's refusal of an unavailable workflow on a group leaves the
// group created all the same: the words say where to look.
func TestGroupStartUnavailableWorkflowSaysTheGroupExists(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("web")
	toGroupForm(t, h, "install")
	h.press("enter")
	h.f.groupErr = []error{&client.Error{Kind: client.KindWorkflowUnavailable, StatusCode: 400, Code: "unavailable_workflow_error",
		Message: "Workflow not available: install"}}
	h.typeText("3")
	h.press("enter")
	if !strings.Contains(h.c.d.errMsg, "Workflow not available: install — the manager creates the execution group even so") {
		t.Fatalf("err %q", h.c.d.errMsg)
	}
}

// An answer lost on the way closes the dialog: the start may have been
// carried out, and a reflex second count must not send it again.
func TestGroupStartOutcomeUnknownCloses(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("web")
	toGroupForm(t, h, "install")
	h.press("enter")
	lost := &client.Error{Kind: client.KindTimeout, Method: "POST", URL: "http://127.0.0.1:8100/api/v3.1/execution-groups",
		Message: "while reading the answer"}
	if !lost.MaybeApplied() {
		t.Fatal("the test error is not MaybeApplied")
	}
	h.f.groupErr = []error{lost}
	h.typeText("3")
	h.press("enter")
	st := h.lastStatus()
	if h.c.Active() || !st.Sticky || !strings.HasPrefix(st.Text, "start install on group web: OUTCOME UNKNOWN") {
		t.Fatalf("active %v status %+v", h.c.Active(), st)
	}
}

// Y in the review copies the cfy command, and sends nothing.
func TestGroupStartCopiesTheCfyCommand(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("web")
	toGroupForm(t, h, "install")
	h.press("space", "enter") // force
	cmd := h.pressHold("Y")
	text, ok := clipboardOf(runAll(cmd))
	if !ok || text != "cfy executions groups start install -g web --concurrency 3 -f" {
		t.Fatalf("clipboard %q %v", text, ok)
	}
	if h.f.mutations() != 0 {
		t.Fatalf("sent: %v", h.f.calls)
	}
}

// An execution group whose deployment group is not listed (another
// tenant's, or beyond the page read) opens the wizard with the cursor on
// the first group and says so, rather than offering that one silently.
func TestGroupStartSaysThePreselectedGroupIsNotListed(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("db-tier")
	want := "deployment group db-tier is not in this tenant's list; pick one"
	if h.c.d.hint != want || !strings.Contains(h.plain(), want) {
		t.Fatalf("hint %q:\n%s", h.c.d.hint, h.c.View())
	}
	if it, ok := h.c.d.st.deps.selected(); !ok || it.id != "caches" {
		t.Fatalf("cursor on %+v", it)
	}

	h = newHarness(t, Options{})
	h.openGroup("web")
	if h.c.d.hint != "" {
		t.Fatalf("a listed group gets the hint %q", h.c.d.hint)
	}
}

// The workflow typed wins over the filter's cursor: typing heal while
// heal_all is listed first starts heal, not heal_all; a name typed that is
// not listed is taken as typed, even with a longer one under the cursor; a
// cursor moved by hand after typing is the choice.
func TestGroupStartTakesTheWorkflowTyped(t *testing.T) {
	for _, tt := range []struct {
		name   string
		listed []string
		keys   []string
		want   string
		typed  bool
	}{
		{"exact name listed", []string{"heal_all", "heal"}, nil, "heal", false},
		{"not listed, a longer one is", []string{"heal_all", "install"}, nil, "heal", true},
		{"cursor moved by hand", []string{"heal", "heal_all"}, []string{"down"}, "heal_all", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			h.openGroup("web")
			var wfs []client.Workflow
			for _, n := range tt.listed {
				wfs = append(wfs, client.Workflow{Name: n})
			}
			h.f.groupWfs["web"] = wfs
			h.press("enter")
			h.typeText("heal")
			h.press(tt.keys...)
			h.press("enter")
			if st := &h.c.d.st; h.c.d.step != stepForm || st.wf.Name != tt.want || st.typedWf != tt.typed {
				t.Fatalf("step %v: workflow %q (typed %v), want %q (typed %v)\n%s", h.c.d.step, st.wf.Name, st.typedWf, tt.want, tt.typed, h.c.View())
			}
			h.press("enter")
			if got := strings.Contains(h.plain(), tt.want+" typed, not listed"); got != tt.typed {
				t.Fatalf("the review marks it typed: %v\n%s", got, h.c.View())
			}
		})
	}
}

// The review names the group's deployments, from the group list already
// read (no other request): all of a small group; of a large one the first
// that fit in three lines and "and N more", the review still within 80x24;
// the manager's text cleaned.
func TestGroupStartReviewNamesTheMembers(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("web")
	toGroupForm(t, h, "install")
	h.press("enter")
	if h.c.d.step != stepStartConfirm {
		t.Fatalf("review not reached:\n%s", h.c.View())
	}
	if v := h.c.View(); !hasLine(ansi.Strip(v), "members web-1, web-2, web-3") {
		t.Fatalf("review does not name the members:\n%s", ansi.Strip(v))
	}

	h = newHarness(t, Options{})
	h.openGroup("web")
	ids := []string{"web-prod\x1b]2;pwned\x07"}
	for i := 1; i < 40; i++ {
		ids = append(ids, fmt.Sprintf("web-edge-%02d", i))
	}
	h.c.d.st.groups[2].DeploymentIDs = ids // the list as the manager sent it
	toGroupForm(t, h, "heal")
	setField(t, h, "node_id", "vm")
	h.press("enter")
	if h.c.d.step != stepStartConfirm {
		t.Fatalf("review not reached:\n%s", h.c.View())
	}
	v := h.c.View()
	checkFits(t, "review of 40", v, [2]int{80, 24})
	plain := ansi.Strip(v)
	if strings.ContainsAny(plain, "\x1b\x07") {
		t.Fatalf("control characters in the review: %q", plain)
	}
	var members []string
	on := false
	for _, l := range strings.Split(plain, "\n") {
		l = strings.Join(strings.Fields(strings.Trim(l, "│ ")), " ")
		switch {
		case strings.HasPrefix(l, "members"):
			on = true
		case on && !strings.HasPrefix(l, "web-edge"):
			on = false
		}
		if on {
			members = append(members, l)
		}
	}
	text := strings.Join(members, " ")
	if len(members) == 0 || len(members) > maxMemberLines || !strings.HasPrefix(text, "members web-prod, web-edge-01, web-edge-02,") {
		t.Fatalf("members lines %q", members)
	}
	shown := strings.Count(text, "web-")
	if want := fmt.Sprintf(", and %d more", 40-shown); !strings.HasSuffix(text, want) {
		t.Fatalf("members %q do not end with %q", text, want)
	}
	if !strings.Contains(plain, "Type 40 (how many deployments)") {
		t.Fatalf("prompt gone:\n%s", plain)
	}
	if h.f.count("ListDeploymentGroups") != 1 || h.f.count("ListDeployments") != 0 || h.f.count("GetDeployment") != 0 {
		t.Fatalf("requests %v", h.f.calls)
	}
}

// A parameter that declares no type (check_status's run_by_dependency_order)
// is explained in words under it when focused, not by a bare "any" on its
// own line that reads like a value.
func TestGroupFormExplainsAParameterWithNoType(t *testing.T) {
	h := newHarness(t, Options{})
	h.openGroup("web")
	h.f.groupWfs["web"] = append(h.f.groupWfs["web"], client.Workflow{Name: "check_status", Parameters: params(t, `{
		"run_by_dependency_order": {"default": false},
		"type_names": {"default": [], "type": "list", "item_type": "node_type"}
	}`)})
	toGroupForm(t, h, "check_status")
	for i, l := range strings.Split(ansi.Strip(h.c.View()), "\n") {
		if strings.TrimSpace(strings.Trim(l, "│")) == "any" {
			t.Fatalf("a bare \"any\" on line %d:\n%s", i, ansi.Strip(h.c.View()))
		}
	}
	if v := ansi.Strip(h.c.View()); !hasLine(v, "run_by_dependency_order false") || !hasLine(v, "no type declared: sent as JSON if it parses, else as text") {
		t.Fatalf("the untyped parameter is not explained:\n%s", v)
	}
	h.press("tab")
	if v := ansi.Strip(h.c.View()); !hasLine(v, "list of node_type") {
		t.Fatalf("a typed parameter lost its type:\n%s", v)
	}
}
