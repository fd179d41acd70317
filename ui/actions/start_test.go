package actions

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/cfycmd"
	"github.com/cfytop/cfytop/ui/common"
)

func params(t *testing.T, js string) client.WorkflowParams {
	t.Helper()
	var ps client.WorkflowParams
	if err := json.Unmarshal([]byte(js), &ps); err != nil {
		t.Fatal(err)
	}
	return ps
}

func fixtureDeps(t *testing.T) []client.Deployment {
	return []client.Deployment{
		{ID: "db-prod", TenantName: "default_tenant", Workflows: []client.Workflow{{Name: "install"}}},
		{ID: "web-prod", DisplayName: "Web production", BlueprintID: "hello-web", TenantName: "default_tenant",
			Workflows: []client.Workflow{
				{Name: "install"},
				{Name: "scale", Parameters: params(t, `{
					"scalable_entity_name": {"type": "string", "description": "which node or group"},
					"delta": {"type": "integer", "default": 1},
					"scale_compute": {"type": "boolean", "default": false},
					"include_instances": {"type": "list", "default": []},
					"ignore_failure": {"default": false, "required": false}
				}`)},
				{Name: "typed", Parameters: params(t, `{
					"i": {"type": "integer"}, "f": {"type": "float"}, "b": {"type": "boolean"},
					"l": {"type": "list"}, "d": {"type": "dict"}, "s": {"type": "string"},
					"opt": {"type": "string", "required": false}
				}`)},
			}},
		{ID: "web-staging", TenantName: "default_tenant", Workflows: []client.Workflow{{Name: "install"}}},
	}
}

// toForm opens the start dialog and walks to the named workflow's form.
func toForm(t *testing.T, h *harness, wf string) {
	t.Helper()
	h.f.deps = fixtureDeps(t)
	h.open(Start, nil)
	if !h.c.Active() || h.f.count("ListDeployments") != 1 {
		t.Fatalf("start did not open: %v %v", h.f.calls, h.out)
	}
	h.typeText("web-pr")
	if v := h.c.View(); !strings.Contains(v, "web-prod") || strings.Contains(v, "web-staging") || strings.Contains(v, "db-prod") {
		t.Fatalf("filter did not narrow:\n%s", v)
	}
	h.press("enter")
	if h.f.count("GetDeployment") != 1 || h.c.d.step != stepPickWorkflow {
		t.Fatalf("workflow step not reached: %v", h.f.calls)
	}
	h.typeText(wf)
	h.press("enter")
	if h.c.d.step != stepForm {
		t.Fatalf("form not reached; step %v\n%s", h.c.d.step, h.c.View())
	}
}

// setField replaces the text of the named parameter field.
func setField(t *testing.T, h *harness, name, value string) {
	t.Helper()
	st := &h.c.d.st
	for st.focus != indexOf(st, name) {
		h.press("tab")
	}
	h.press("ctrl+u")
	for st.fields[st.focus].input.Position() > 0 {
		h.press("backspace")
	}
	h.typeText(value)
}

func indexOf(st *startDialog, name string) int {
	for i, f := range st.fields {
		if f.p.Name == name {
			return i
		}
	}
	panic("no field " + name)
}

func TestStartScaleWithParameter(t *testing.T) {
	h := newHarness(t, Options{})
	toForm(t, h, "scale")
	st := &h.c.d.st
	// Defaults pre-filled, required ones marked.
	want := map[string]string{"scalable_entity_name": "", "delta": "1", "scale_compute": "false", "include_instances": "[]", "ignore_failure": "false"}
	for _, f := range st.fields {
		if f.input.Value() != want[f.p.Name] {
			t.Errorf("%s prefilled %q, want %q", f.p.Name, f.input.Value(), want[f.p.Name])
		}
	}
	if v := h.c.View(); !strings.Contains(v, "scalable_entity_name*") || strings.Contains(v, "delta*") {
		t.Fatalf("required marks wrong:\n%s", v)
	}
	// Required missing: stays on the form, nothing sent.
	h.press("enter")
	if h.c.d.step != stepForm || st.fields[0].err != "required" {
		t.Fatalf("required not enforced: step %v err %q", h.c.d.step, st.fields[0].err)
	}
	setField(t, h, "scalable_entity_name", "vm")
	setField(t, h, "delta", "x2")
	h.press("enter")
	if h.c.d.step != stepForm || !strings.Contains(st.fields[indexOf(st, "delta")].err, "whole number") {
		t.Fatalf("integer not checked: %q", st.fields[indexOf(st, "delta")].err)
	}
	setField(t, h, "delta", "2")
	h.press("enter")
	if h.c.d.step != stepStartConfirm {
		t.Fatalf("not on the confirmation:\n%s", h.c.View())
	}
	wantCmd := "cfy executions start scale -d web-prod -p scalable_entity_name=vm -p delta=2 -t default_tenant"
	if v := h.plain(); !strings.Contains(v, wantCmd) {
		t.Fatalf("confirmation lacks %q:\n%s", wantCmd, h.c.View())
	}
	// Enter alone and the opening key never start it.
	h.press("enter", "N")
	if h.f.mutations() != 0 {
		t.Fatalf("sent: %v", h.f.calls)
	}
	h.press("y")
	if h.f.count("StartExecution") != 1 {
		t.Fatalf("calls %v", h.f.calls)
	}
	got := h.f.starts[0]
	wantReq := client.StartRequest{DeploymentID: "web-prod", WorkflowID: "scale",
		Parameters: map[string]any{"scalable_entity_name": "vm", "delta": int64(2)}}
	if !reflect.DeepEqual(got, wantReq) {
		t.Fatalf("request = %#v\nwant %#v", got, wantReq)
	}
	for _, m := range h.out {
		if u, ok := m.(common.ExecutionUpdatedMsg); ok && !u.Started {
			t.Fatal("a started execution is not marked as just started: the list would not select it")
		}
	}
	if h.c.Active() || len(h.updates()) != 1 || h.updates()[0].Status != client.StatusPending {
		t.Fatalf("after start: active=%v updates=%v", h.c.Active(), h.updates())
	}
	if s := h.lastStatus(); s.IsError || !strings.Contains(s.Text, "9c1e0000") || !strings.Contains(s.Text, "scale on web-prod") {
		t.Fatalf("toast %+v", s)
	}
}

func TestStartTypeChecking(t *testing.T) {
	h := newHarness(t, Options{})
	toForm(t, h, "typed")
	st := &h.c.d.st
	bad := map[string]string{"i": "1.5", "f": "one", "b": "yes", "l": `{"a":1}`, "d": `[1]`}
	for n, v := range bad {
		setField(t, h, n, v)
	}
	setField(t, h, "s", "hello world")
	h.press("enter")
	if h.c.d.step != stepForm {
		t.Fatal("bad values accepted")
	}
	for n := range bad {
		if st.fields[indexOf(st, n)].err == "" {
			t.Errorf("%s=%q accepted", n, bad[n])
		}
	}
	if st.fields[indexOf(st, "s")].err != "" || st.fields[indexOf(st, "opt")].err != "" {
		t.Fatal("valid string or optional field flagged")
	}
	good := map[string]string{"i": "-3", "f": "2.5", "b": "TRUE", "l": `["a", 2]`, "d": `{"k": {"n": 1}}`}
	for n, v := range good {
		setField(t, h, n, v)
	}
	h.press("enter")
	if h.c.d.step != stepStartConfirm {
		t.Fatalf("good values refused:\n%s", h.c.View())
	}
	h.press("y")
	got := h.f.starts[0].Parameters
	b, _ := json.Marshal(got)
	want := `{"b":true,"d":{"k":{"n":1}},"f":2.5,"i":-3,"l":["a",2],"s":"hello world"}`
	if string(b) != want {
		t.Fatalf("parameters sent %s, want %s", b, want)
	}
}

func TestParseParam(t *testing.T) {
	cases := []struct {
		typ, in string
		want    any
		bad     bool
	}{
		{"integer", "42", int64(42), false},
		{"integer", " 7 ", int64(7), false},
		{"integer", "4.0", nil, true},
		{"integer", "", nil, true},
		{"float", "1e3", 1000.0, false},
		{"float", "NaN", nil, true},
		{"float", "0x10", nil, true},
		{"boolean", "False", false, false},
		{"boolean", "1", nil, true},
		{"list", "[]", []any{}, false},
		{"list", "[1,", nil, true},
		{"list", "null", nil, true},
		{"dict", `{"a":"b"}`, map[string]any{"a": "b"}, false},
		{"dict", `{"a":1} x`, nil, true},
		{"string", " spaced ", " spaced ", false},
		{"string", "[1]", "[1]", false},
		{"", "[1]", []any{json.Number("1")}, false},
		{"", "plain text", "plain text", false},
		{"", "true", true, false},
		{"node_id", "vm", "vm", false},
	}
	for _, c := range cases {
		got, err := parseParam(c.typ, c.in)
		if (err != nil) != c.bad {
			t.Errorf("parseParam(%q, %q) error = %v, want bad=%v", c.typ, c.in, err, c.bad)
			continue
		}
		if !c.bad && !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseParam(%q, %q) = %#v, want %#v", c.typ, c.in, got, c.want)
		}
	}
}

func TestStartBusyThenQueue(t *testing.T) {
	h := newHarness(t, Options{})
	h.f.startErr = []error{busyErr()}
	toForm(t, h, "install")
	h.press("enter", "y")
	if h.f.count("StartExecution") != 1 || h.c.d.step != stepBusy {
		t.Fatalf("busy refusal not shown: %v step %v", h.f.calls, h.c.d.step)
	}
	v := h.c.View()
	for _, w := range []string{"refused", "another execution is running on web-prod", "queue it", "force it"} {
		if !strings.Contains(v, w) {
			t.Fatalf("busy view lacks %q:\n%s", w, v)
		}
	}
	h.press("enter")
	if h.f.count("StartExecution") != 1 {
		t.Fatal("enter sent from the busy choice")
	}
	h.press("y")
	if h.f.count("StartExecution") != 2 {
		t.Fatalf("calls %v", h.f.calls)
	}
	if r := h.f.starts[1]; !r.Queue || r.Force || r.DryRun || r.WorkflowID != "install" || r.DeploymentID != "web-prod" {
		t.Fatalf("second request %+v", r)
	}
	if ups := h.updates(); len(ups) != 1 || ups[0].Status != client.StatusQueued {
		t.Fatalf("updates %v", ups)
	}
}

func TestStartBusyThenForce(t *testing.T) {
	h := newHarness(t, Options{})
	h.f.startErr = []error{busyErr()}
	toForm(t, h, "install")
	h.press("enter", "y", "down", "y")
	if h.f.count("StartExecution") != 2 {
		t.Fatalf("calls %v", h.f.calls)
	}
	if r := h.f.starts[1]; !r.Force || r.Queue {
		t.Fatalf("second request %+v", r)
	}
}

func TestStartTogglesAreExclusiveLikeCfy(t *testing.T) {
	h := newHarness(t, Options{})
	toForm(t, h, "install")
	st := &h.c.d.st
	// install has no parameters: rows are force, queue, dry run, allow custom.
	h.press("space")               // force
	h.press("tab", "tab", "space") // dry run
	h.press("shift+tab", "space")  // queue: clears force and dry run
	if st.toggles != [numToggles]bool{false, true, false, false} {
		t.Fatalf("toggles %v", st.toggles)
	}
	h.press("shift+tab", "space") // force again: clears queue
	if st.toggles != [numToggles]bool{true, false, false, false} {
		t.Fatalf("toggles %v", st.toggles)
	}
	h.press("tab", "tab", "tab", "space") // allow custom parameters
	h.press("tab")
	h.typeText(`{"extra": 1}`)
	h.press("enter")
	if h.c.d.step != stepStartConfirm {
		t.Fatalf("not confirmed: %s", h.c.View())
	}
	want := "cfy executions start install -d web-prod -p '{\"extra\":1}' --allow-custom-parameters -f -t default_tenant"
	if got := cfycmd.Start(st.req, st.wf.Parameters, "default_tenant"); got != want {
		t.Fatalf("command %q\nwant    %q", got, want)
	}
	h.press("y")
	if r := h.f.starts[0]; !r.Force || !r.AllowCustomParameters || r.Parameters["extra"] == nil {
		t.Fatalf("request %+v", r)
	}
}

func TestStartPreselectsTheSelectedExecutionsDeployment(t *testing.T) {
	h := newHarness(t, Options{})
	h.f.deps = fixtureDeps(t)
	e := execIn(client.StatusTerminated)
	e.DeploymentID = client.Some("web-staging")
	h.open(Start, &e)
	h.press("enter")
	if d := &h.c.d; d.st.dep == nil || d.st.dep.ID != "web-staging" {
		t.Fatalf("preselection lost: %+v", d.st.dep)
	}
}

func TestStartEscAndCtrlCSendNothing(t *testing.T) {
	for _, k := range []string{"esc", "ctrl+c"} {
		h := newHarness(t, Options{})
		toForm(t, h, "install")
		h.press("enter", k, "y")
		// esc goes back one step (to the parameters), ctrl+c closes.
		if back := k == "esc"; h.c.Active() != back || (back && h.c.d.step != stepForm) || h.f.mutations() != 0 {
			t.Fatalf("%s: active=%v step %v calls %v", k, h.c.Active(), h.c.d.step, h.f.calls)
		}
	}
}

// esc walks the start wizard back one step at a time, keeping what was
// chosen, and leaves it from the first step.
func TestStartEscGoesBackOneStep(t *testing.T) {
	h := newHarness(t, Options{})
	toForm(t, h, "install")
	h.press("enter") // the review
	for _, want := range []step{stepForm, stepPickWorkflow, stepPickDeployment} {
		h.press("esc")
		if !h.c.Active() || h.c.d.step != want {
			t.Fatalf("esc: active=%v step %v, want %v", h.c.Active(), h.c.d.step, want)
		}
	}
	h.press("esc")
	if h.c.Active() || h.f.mutations() != 0 {
		t.Fatalf("esc on the first step: active=%v calls %v", h.c.Active(), h.f.calls)
	}
}

func TestStartStaleRepliesDropped(t *testing.T) {
	h := newHarness(t, Options{})
	h.f.deps = fixtureDeps(t)
	c, first := h.c.Open(Start, nil)
	h.c = c
	h.press("esc")
	h.open(Start, nil) // a new dialog, new sequence number
	before := len(h.c.d.st.deps.items)
	// The first dialog's late answer must not land in the second.
	h.f.deps = []client.Deployment{{ID: "late"}}
	h.run(first)
	if strings.Contains(h.c.View(), "late") || len(h.c.d.st.deps.items) != before {
		t.Fatalf("stale reply applied:\n%s", h.c.View())
	}
}

func TestStartFailureKeepsInputForResend(t *testing.T) {
	h := newHarness(t, Options{})
	h.f.startErr = []error{&client.Error{Kind: client.KindBadParameters, StatusCode: 400, Code: "illegal_execution_parameters_error",
		Message: `Parameter "delta" does not meet its constraints`}}
	toForm(t, h, "scale")
	setField(t, h, "scalable_entity_name", "vm")
	h.press("enter", "y")
	if !h.c.Active() || !strings.Contains(h.c.View(), "does not meet its constraints") {
		t.Fatalf("failure not shown:\n%s", h.c.View())
	}
	if h.f.count("StartExecution") != 1 {
		t.Fatalf("retried: %v", h.f.calls)
	}
	h.press("shift+tab") // back to the form, input kept
	st := &h.c.d.st
	if h.c.d.step != stepForm || st.fields[indexOf(st, "scalable_entity_name")].input.Value() != "vm" {
		t.Fatal("input lost")
	}
	h.press("enter", "y")
	if h.f.count("StartExecution") != 2 || h.c.Active() {
		t.Fatalf("resend: %v", h.f.calls)
	}
}

// Start is offered whatever the selected execution's status; from each, the
// same rules hold as for the other actions.
func TestStartFromEveryStatus(t *testing.T) {
	reach := func(t *testing.T, s client.Status) *harness {
		h := newHarness(t, Options{})
		h.f.deps = fixtureDeps(t)
		e := execIn(s)
		h.open(Start, &e)
		h.press("enter") // the selected execution's deployment is preselected
		h.typeText("install")
		h.press("enter", "enter")
		if !h.c.Active() || h.c.d.step != stepStartConfirm || h.c.d.st.req.DeploymentID != "web-prod" {
			t.Fatalf("%s: confirmation not reached: %s", s, h.plain())
		}
		return h
	}
	for _, s := range client.AllStatuses {
		t.Run(string(s), func(t *testing.T) {
			h := reach(t, s)
			h.press("enter", "N", "N", "enter")
			if h.f.mutations() != 0 {
				t.Fatalf("sent without y: %v", h.f.calls)
			}
			first := h.pressHold("y")
			for _, k := range []string{"y", "enter", "N"} {
				if c := h.pressHold(k); c != nil {
					h.run(c)
				}
			}
			if h.f.mutations() != 0 {
				t.Fatalf("sent before the first command ran: %v", h.f.calls)
			}
			h.run(first)
			if h.f.count("StartExecution") != 1 || h.f.mutations() != 1 || h.c.Active() {
				t.Fatalf("calls %v active %v", h.f.calls, h.c.Active())
			}
			for _, back := range []string{"esc", "ctrl+c"} {
				h := reach(t, s)
				h.press(back, "y")
				if h.f.mutations() != 0 || h.c.Active() != (back == "esc") {
					t.Fatalf("%s: calls %v active %v", back, h.f.calls, h.c.Active())
				}
			}
		})
	}
}

func TestStartSearchesTheManagerBeyondTheFirstPage(t *testing.T) {
	h := newHarness(t, Options{})
	h.f.deps = fixtureDeps(t) // db-prod, web-prod, web-staging
	h.f.pageMax = 1           // only db-prod fits
	h.open(Start, nil)
	if !strings.Contains(h.plain(), "listing 1 of 3 deployments") {
		t.Fatalf("truncation not said: %s", h.plain())
	}
	h.typeText("web-prod")
	h.press("enter")
	if h.f.count("ListDeployments") != 2 || h.f.searches[1] != "web-prod" || h.f.count("GetDeployment") != 0 {
		t.Fatalf("no search: %v %v", h.f.calls, h.f.searches)
	}
	h.press("enter")
	if h.f.count("GetDeployment") != 1 || h.c.d.st.dep.ID != "web-prod" {
		t.Fatalf("found deployment not chosen: %v", h.f.calls)
	}
}

// scriptForm opens the start form of a workflow whose string default spans
// two lines.
func scriptForm(t *testing.T, h *harness) *startDialog {
	t.Helper()
	h.f.deps = []client.Deployment{{ID: "web-prod", TenantName: "default_tenant", Workflows: []client.Workflow{
		{Name: "run_script", Parameters: params(t, `{
			"script": {"type": "string", "default": "echo a\necho b", "description": "commands"},
			"tab": {"type": "string", "default": "a\tb"},
			"delta": {"type": "integer", "default": 1}
		}`)}}}}
	h.open(Start, nil)
	h.press("enter")
	h.typeText("run_script")
	h.press("enter")
	if h.c.d.step != stepForm {
		t.Fatalf("form not reached:\n%s", h.c.View())
	}
	return &h.c.d.st
}

func TestStartKeepsAMultiLineDefaultUntouched(t *testing.T) {
	h := newHarness(t, Options{})
	st := scriptForm(t, h)
	if f := st.fields[indexOf(st, "script")]; f.input.Value() != "" || f.initial != "" {
		t.Fatalf("multi-line default put in a one-line input: %q", f.input.Value())
	}
	if v := h.plain(); !strings.Contains(v, "(default kept: multi-line text)") || strings.Contains(v, "echo a echo b") {
		t.Fatalf("multi-line default shown wrongly:\n%s", h.c.View())
	}
	if v := h.plain(); !strings.Contains(v, "(default kept: text with tabs") {
		t.Fatalf("tab default shown wrongly:\n%s", h.c.View())
	}
	h.press("enter")
	if h.c.d.step != stepStartConfirm {
		t.Fatalf("not on the confirmation:\n%s", h.c.View())
	}
	if v := h.plain(); !strings.Contains(v, "none given (workflow defaults)") || !strings.Contains(v, "cfy executions start run_script -d web-prod -t default_tenant") {
		t.Fatalf("confirmation:\n%s", h.c.View())
	}
	h.press("y")
	if len(h.f.starts) != 1 || h.f.starts[0].Parameters != nil {
		t.Fatalf("untouched defaults sent: %#v", h.f.starts)
	}

	// A value typed into it is sent as typed.
	h2 := newHarness(t, Options{})
	st = scriptForm(t, h2)
	if st.fields[indexOf(st, "script")].input.Value() != "" {
		t.Fatalf("field prefilled with %q", st.fields[indexOf(st, "script")].input.Value())
	}
	setField(t, h2, "script", "echo c")
	h2.press("enter", "y")
	if len(h2.f.starts) != 1 || !reflect.DeepEqual(h2.f.starts[0].Parameters, map[string]any{"script": "echo c"}) {
		t.Fatalf("typed value: %#v", h2.f.starts)
	}
}

func TestDeploymentListErrorRetriesOnEnter(t *testing.T) {
	h := newHarness(t, Options{})
	h.f.listErr = &client.Error{Kind: client.KindTimeout, Message: "no answer in 30s"}
	h.open(Start, nil)
	if !strings.Contains(h.plain(), "could not list deployments: no answer in 30s") {
		t.Fatalf("%s", h.plain())
	}
	h.f.listErr = nil
	h.f.deps = fixtureDeps(t)
	h.press("enter")
	if h.f.count("ListDeployments") != 2 || !strings.Contains(h.plain(), "web-prod") {
		t.Fatalf("calls %v: %s", h.f.calls, h.plain())
	}
}

// A workflow the deployment does not allow now: the picker says so and
// why; the manager's refusal offers force alone (queueing would not help),
// with the same y as a forced start on a busy deployment.
func TestStartUnavailableWorkflowOffersForce(t *testing.T) {
	h := newHarness(t, Options{})
	deps := fixtureDeps(t)
	for i := range deps {
		if deps[i].ID == "web-prod" {
			deps[i].Workflows[0].IsAvailable = client.Some(false)
			deps[i].Workflows[0].AvailabilityRules = []byte(`{"node_instances_active": ["none"]}`)
		}
	}
	h.f.deps = deps
	h.f.startErr = []error{&client.Error{Kind: client.KindWorkflowUnavailable, StatusCode: 400, Code: "unavailable_workflow_error",
		Message: "Workflow not available: install"}}
	h.open(Start, nil)
	h.typeText("web-pr")
	h.press("enter")
	if v := h.plain(); !strings.Contains(v, "not available now: needs node instances active: none") {
		t.Fatalf("the picker does not say why install is unavailable:\n%s", v)
	}
	h.typeText("install")
	h.press("enter", "enter", "y")
	if h.f.count("StartExecution") != 1 || h.c.d.step != stepBusy || !h.c.d.st.forceOnly {
		t.Fatalf("the refusal did not offer force: %v step %v", h.f.calls, h.c.d.step)
	}
	v := h.plain()
	if !strings.Contains(v, "Workflow not available: install") || strings.Contains(v, "queue it") || !strings.Contains(v, "force it") {
		t.Fatalf("the refusal step:\n%s", v)
	}
	h.press("tab", "enter") // neither switches to queue nor sends
	if h.f.count("StartExecution") != 1 || h.c.d.st.busyChoice != 1 {
		t.Fatal("tab or enter changed the choice or sent")
	}
	h.press("y")
	if h.f.count("StartExecution") != 2 || !h.f.starts[1].Force || h.f.starts[1].Queue {
		t.Fatalf("the forced start: %+v", h.f.starts)
	}
}

// On one deployment the name typed wins too when it is listed (heal, not
// heal_all under the cursor); a name that is only part of one takes the
// row under the cursor, since a deployment starts only its own workflows.
func TestStartTakesTheWorkflowNameTyped(t *testing.T) {
	for _, tt := range []struct{ typed, want string }{{"heal", "heal"}, {"hea", "heal_all"}} {
		h := newHarness(t, Options{})
		h.f.deps = []client.Deployment{{ID: "web-prod", TenantName: "default_tenant",
			Workflows: []client.Workflow{{Name: "heal_all"}, {Name: "heal"}}}}
		h.open(Start, nil)
		h.press("enter")
		if h.c.d.step != stepPickWorkflow {
			t.Fatalf("workflow step not reached: %v\n%s", h.f.calls, h.c.View())
		}
		h.typeText(tt.typed)
		h.press("enter")
		if st := &h.c.d.st; h.c.d.step != stepForm || st.wf.Name != tt.want || st.typedWf {
			t.Fatalf("typed %q: step %v, workflow %q (typed %v), want %q", tt.typed, h.c.d.step, st.wf.Name, st.typedWf, tt.want)
		}
	}
}
