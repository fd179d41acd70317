package actions

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/ui/cfycmd"
)

func TestResumeToggle(t *testing.T) {
	for _, s := range []client.Status{client.StatusFailed, client.StatusCancelled} {
		h := newHarness(t, Options{})
		e := execIn(s)
		h.f.put(e)
		h.open(Resume, &e)
		h.press("space")
		if !strings.Contains(h.plain(), "Force-resume execution 3f2a9c1e") {
			t.Fatalf("toggle not shown:\n%s", h.c.View())
		}
		h.press("space", "space", "y")
		if len(h.f.resumes) != 1 || !h.f.resumes[0] {
			t.Fatalf("%s: resumes %v", s, h.f.resumes)
		}
		if got := h.lastStatus().Text; got != "force-resume sent to 3f2a9c1e (install on web-prod)" {
			t.Fatalf("toast %q", got)
		}
	}
	// From started R is not offered at all (issue 5: resume is for failed
	// or cancelled executions): the key says why and sends nothing.
	h := newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.open(Resume, &e)
	if h.c.Active() {
		t.Fatal("resume offered on a started execution")
	}
	if st := h.lastStatus(); !st.IsError || !strings.Contains(st.Text, "only failed or cancelled executions can be resumed") {
		t.Fatalf("status %+v", st)
	}
	h.press("space", "y")
	if len(h.f.calls) != 0 {
		t.Fatalf("requests %v", h.f.calls)
	}
}

func TestForceResumeAbortsWhenItMovedToStarted(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusFailed)
	h.f.put(e)
	h.f.moveTo[testID] = client.StatusStarted // plain resume would apply, force-resume does not
	h.open(Resume, &e)
	h.press("space", "y")
	if h.f.mutations() != 0 {
		t.Fatalf("sent: %v", h.f.calls)
	}
}

func TestPatchTargetsPerStatus(t *testing.T) {
	all := []client.Status{"terminated", "failed", "cancelled", "pending", "started", "cancelling",
		"force_cancelling", "kill_cancelling", "queued", "scheduled"}
	without := func(s client.Status) []client.Status {
		var out []client.Status
		for _, x := range all {
			if x != s {
				out = append(out, x)
			}
		}
		return out
	}
	want := map[client.Status][]client.Status{
		"pending": without("pending"), "started": without("started"), "queued": without("queued"),
		"scheduled": without("scheduled"), "kill_cancelling": without("kill_cancelling"),
		"cancelling":       {"failed", "cancelled", "queued", "scheduled"},
		"force_cancelling": {"failed", "cancelled", "queued", "scheduled"},
	}
	for _, s := range all {
		h := newHarness(t, Options{})
		e := execIn(s)
		h.f.put(e)
		h.open(Patch, &e)
		if !h.c.Active() {
			if _, ok := want[s]; ok {
				t.Fatalf("%s: patch not offered", s)
			}
			continue
		}
		got := h.c.d.targets
		if !sameSet(got, want[s]) {
			t.Errorf("%s: targets %v, want %v", s, got, want[s])
		}
		for _, tg := range got {
			if !strings.Contains(h.plain(), " "+string(tg)) {
				t.Errorf("%s: target %s not shown", s, tg)
			}
		}
	}
}

func sameSet(a, b []client.Status) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[client.Status]bool{}
	for _, x := range a {
		m[x] = true
	}
	for _, x := range b {
		if !m[x] {
			return false
		}
	}
	return true
}

func TestPatchSendsChosenStatusAndErrorText(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusCancelling) // stuck cancel
	h.f.put(e)
	h.open(Patch, &e)
	d := &h.c.d
	for d.targets[d.target] != client.StatusCancelled {
		h.press("down")
	}
	h.press("enter")
	h.typeText("stuck")
	h.press("tab")
	h.typeText(testID[:8])
	if v := h.plain(); !strings.Contains(v, `"status":"cancelled"`) || !strings.Contains(v, `"error":"stuck"`) {
		t.Fatalf("REST call not shown: %s", v)
	}
	h.press("enter")
	if !reflect.DeepEqual(h.f.patches, []string{"cancelled|stuck"}) {
		t.Fatalf("patches %v", h.f.patches)
	}
	if got := h.lastStatus().Text; got != "status of 3f2a9c1e (install on web-prod) set to cancelled" {
		t.Fatalf("toast %q", got)
	}
}

func TestKillFromEndStateSaysFinished(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusTerminated)
	h.open(Kill, &e)
	v := h.plain()
	for _, w := range []string{"without cleanup", "already finished (completed)", "still allowed", "KILL"} {
		if !strings.Contains(v, w) {
			t.Errorf("kill dialog lacks %q: %s", w, v)
		}
	}
	h2 := newHarness(t, Options{})
	e2 := execIn(client.StatusStarted)
	h2.open(Kill, &e2)
	if strings.Contains(h2.plain(), "already finished") {
		t.Fatal("running execution said finished")
	}
}

func TestResultAfterDialogClosedStillReported(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.open(Cancel, &e)
	cmd := h.pressHold("y")
	h.press("esc")
	if h.c.Active() {
		t.Fatal("esc did not close")
	}
	h.run(cmd)
	if h.f.mutations() != 1 || len(h.updates()) != 1 || h.updates()[0].Status != client.StatusCancelling {
		t.Fatalf("calls %v updates %v", h.f.calls, h.updates())
	}
	if got := h.lastStatus().Text; got != "cancel sent to 3f2a9c1e (install on web-prod)" {
		t.Fatalf("toast %q", got)
	}
}

func TestDialogPinnedToOpeningExecution(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	other := execIn(client.StatusStarted)
	other.ID = "77777777-0000-0000-0000-000000000000"
	h.f.put(e)
	h.f.put(other)
	h.open(Cancel, &e)
	// The caller's copy changing (a refresh) does not retarget the dialog.
	e.ID = other.ID
	h.press("y")
	if h.f.count("CancelExecution") != 1 || h.f.execs[testID].Status != client.StatusCancelling ||
		h.f.execs[other.ID].Status != client.StatusStarted {
		t.Fatalf("wrong target: %v", h.f.execs)
	}
}

func readAudit(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func TestAuditOneLinePerActionAndRefusalNoSecret(t *testing.T) {
	const secret = "hunter2-Sup3rSecret"
	path := filepath.Join(t.TempDir(), "state", "cfytop", "audit.jsonl")
	log, err := audit.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	h := newHarness(t, Options{Audit: log, ManagerLabel: "https://admin:" + secret + "@mgr.example:443", Tenant: "ops-team"})
	e := execIn(client.StatusStarted)
	e.TenantName = ""
	h.f.put(e)

	h.open(Cancel, &e) // ok
	h.press("y")
	h.f.put(e)
	h.f.actErr = &client.Error{Kind: client.KindIllegalState, StatusCode: 400, Code: "illegal_action_error",
		Message: "Can't force-cancel execution because it's in status force_cancelling"}
	h.open(ForceCancel, &e) // refused
	h.typeText(testID[:4])
	h.press("enter", "esc")
	h.f.actErr = nil
	h.f.moveTo[testID] = client.StatusTerminated
	h.open(Kill, &e) // aborted
	h.typeText(testID[:8])
	h.press("enter")
	delete(h.f.moveTo, testID)
	h.f.startErr = []error{busyErr()}
	h.f.deps = fixtureDeps(t)
	h.open(Start, nil) // refused, then queued
	h.typeText("web-prod")
	h.press("enter")
	h.typeText("install")
	h.press("enter", "enter", "y", "y")

	lines := readAudit(t, path)
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), secret) {
		t.Fatalf("secret in the audit log:\n%s", raw)
	}
	type row struct{ action, result string }
	want := []row{{"cancel", "ok"}, {"force-cancel", "refused"}, {"kill", "aborted-status-changed"}, {"start", "refused"}, {"start", "ok"}}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), raw)
	}
	fields := []string{"time", "user", "manager", "tenant", "execution_id", "deployment", "workflow",
		"status_before", "action", "result", "message", "cfy_command"}
	for i, l := range lines {
		for _, f := range fields {
			if _, ok := l[f]; !ok {
				t.Errorf("line %d lacks %s", i, f)
			}
		}
		if l["action"] != want[i].action || l["result"] != want[i].result {
			t.Errorf("line %d: %v/%v, want %v", i, l["action"], l["result"], want[i])
		}
		if l["manager"] != "https://mgr.example:443" || l["tenant"] != "ops-team" && l["tenant"] != "default_tenant" {
			t.Errorf("line %d: manager %v tenant %v", i, l["manager"], l["tenant"])
		}
		if l["user"] == "" || l["deployment"] != "web-prod" {
			t.Errorf("line %d: %v", i, l)
		}
	}
	if lines[0]["execution_id"] != testID || lines[0]["status_before"] != "started" || lines[0]["workflow"] != "install" ||
		lines[0]["cfy_command"] != "cfy executions cancel "+testID+" -t ops-team" || lines[0]["tenant"] != "ops-team" {
		t.Errorf("cancel line %v", lines[0])
	}
	if lines[1]["cfy_command"] != "cfy executions cancel "+testID+" -f -t ops-team" || !strings.Contains(lines[1]["message"].(string), "Can't force-cancel") {
		t.Errorf("refusal line %v", lines[1])
	}
	if lines[2]["status_before"] != "terminated" {
		t.Errorf("abort line %v", lines[2])
	}
	if lines[4]["execution_id"] != "9c1e0000-aaaa-bbbb-cccc-000000000001" || !strings.Contains(lines[4]["cfy_command"].(string), "--queue") {
		t.Errorf("start line %v", lines[4])
	}
}

func TestCopyIDAndCommand(t *testing.T) {
	e := execIn(client.StatusStarted)
	msgs := runAll(CopyID(&e))
	if got, ok := clipboardOf(msgs); !ok || got != testID {
		t.Fatalf("CopyID clipboard %q %v (%v)", got, ok, msgs)
	}
	msgs = runAll(CopyCommand(&e, "other"))
	want := "cfy executions cancel " + testID + " -t default_tenant"
	if got, ok := clipboardOf(msgs); !ok || got != want {
		t.Fatalf("CopyCommand clipboard %q, want %q", got, want)
	}
	for _, c := range []struct {
		s    client.Status
		want string
	}{
		{"cancelling", "cfy executions cancel " + testID + " -f -t default_tenant"},
		{"failed", "cfy executions resume " + testID + " -t default_tenant"},
		{"terminated", "cfy executions get " + testID + " -t default_tenant"},
		{"kill_cancelling", "cfy executions get " + testID + " -t default_tenant"},
		{"queued", "cfy executions cancel " + testID + " -t default_tenant"},
	} {
		e := execIn(c.s)
		if got := cfycmd.Suggested(&e, ""); got != c.want {
			t.Errorf("%s: %q, want %q", c.s, got, c.want)
		}
	}
	if msgs := runAll(CopyID(nil)); len(msgs) != 1 {
		t.Fatalf("nil: %v", msgs)
	}
}

// Every dialog fits 80x24 and never shows a control character from the
// manager.
func TestViewsFit80x24AndAreClean(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {80, 20}, {120, 40}, {60, 15}, {60, 11}} {
		viewsFit(t, size[0], size[1])
	}
}

func viewsFit(t *testing.T, width, height int) {
	evil := "\x1b]2;pwned\x07web\x1b[2J"
	views := map[string]string{}
	for _, k := range actionKinds {
		for _, s := range allowedFrom[k] {
			h := newHarness(t, Options{})
			h.c = h.c.SetSize(width, height)
			e := execIn(s)
			e.WorkflowID = "install" + evil
			e.DeploymentID = client.Some("dep" + evil)
			e.TenantName = "t" + evil
			h.f.put(e)
			h.open(k, &e)
			if k == Patch {
				views[k.String()+"/"+string(s)+"/targets"] = h.c.View()
				h.press("enter")
			}
			h.f.actErr = &client.Error{Kind: client.KindIllegalState, StatusCode: 400, Message: "refused" + evil + strings.Repeat(" long words", 30)}
			h.press(confirmKeys(k)...)
			views[k.String()+"/"+string(s)] = h.c.View()
		}
	}
	h := newHarness(t, Options{})
	h.c = h.c.SetSize(width, height)
	deps := fixtureDeps(t)
	var ps strings.Builder
	ps.WriteString("{")
	for i := 0; i < 30; i++ {
		if i > 0 {
			ps.WriteString(",")
		}
		ps.WriteString(`"param_` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `": {"type": "string", "description": "evil \u001b[2J desc"}`)
	}
	ps.WriteString("}")
	deps[1].Workflows = append(deps[1].Workflows, client.Workflow{Name: "long" + evil, Parameters: params(t, ps.String())})
	for i := 0; i < 40; i++ {
		deps = append(deps, client.Deployment{ID: "extra-" + string(rune('a'+i%26)) + evil})
	}
	h.f.deps = deps
	h.open(Start, nil)
	views["start/deps"] = h.c.View()
	h.typeText("web-prod")
	h.press("enter")
	views["start/workflows"] = h.c.View()
	h.typeText("long")
	h.press("enter")
	views["start/form-top"] = h.c.View()
	for i := 0; i < 25; i++ {
		h.press("tab")
	}
	views["start/form-scrolled"] = h.c.View()
	if !strings.Contains(ansi.Strip(views["start/form-scrolled"]), "param_") {
		t.Fatalf("scrolled form lost its fields:\n%s", views["start/form-scrolled"])
	}
	h.press("enter") // all optional? no: strings without default are required
	views["start/form-errors"] = h.c.View()

	for name, v := range views {
		if w := lipgloss.Width(v); w > width {
			t.Errorf("%dx%d %s: %d columns wide", width, height, name, w)
		}
		if n := lipgloss.Height(v); n > height {
			t.Errorf("%dx%d %s: %d rows tall", width, height, name, n)
		}
		plain := ansi.Strip(v)
		if strings.Contains(plain, "pwned\x07") || strings.ContainsAny(plain, "\x07\x1b") {
			t.Errorf("%s: control characters rendered: %q", name, plain)
		}
	}
}

func TestDangerWording(t *testing.T) {
	for _, c := range []struct {
		k    Kind
		want string
	}{
		{ForceCancel, "Type the first 4 characters"},
		{Kill, "Type the first 8 characters"},
		{Kill, "without cleanup"},
		{Cancel, "y cancel"},
	} {
		h := newHarness(t, Options{})
		e := execIn(client.StatusStarted)
		h.open(c.k, &e)
		if !strings.Contains(h.plain(), c.want) {
			t.Errorf("%s lacks %q: %s", c.k, c.want, h.plain())
		}
	}
}

func TestRebindingNeverWeakensTheRules(t *testing.T) {
	keys := keymap.DefaultKeyMap()
	if err := keys.Apply(map[string][]string{"dialog_yes": {"enter", "y"}, "dialog_close": {"q"}}); err != nil {
		t.Fatal(err)
	}
	for _, back := range []string{"esc", "ctrl+c", "q"} {
		h := newHarness(t, Options{Keys: keys})
		e := execIn(client.StatusStarted)
		h.f.put(e)
		h.open(Cancel, &e)
		h.press("enter")
		if h.f.mutations() != 0 {
			t.Fatalf("enter confirmed when bound to dialog_yes: %v", h.f.calls)
		}
		h.press(back)
		if h.c.Active() {
			t.Fatalf("%s did not back out", back)
		}
	}
	// An opening key equal to the confirm key still never confirms.
	keys = keymap.DefaultKeyMap()
	if err := keys.Apply(map[string][]string{"cancel": {"y"}}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Keys: keys})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.open(Cancel, &e)
	h.press("y", "y")
	if h.f.mutations() != 0 {
		t.Fatalf("opening key confirmed: %v", h.f.calls)
	}
}

func TestRefetchFailureSendsNothing(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.f.getErr = &client.Error{Kind: client.KindUnreachable, Message: "manager 10.0.0.5 refused the connection"}
	h.open(Cancel, &e)
	h.press("y")
	if h.f.mutations() != 0 || h.f.count("GetExecution") != 1 {
		t.Fatalf("calls %v", h.f.calls)
	}
	if !h.c.Active() || !strings.Contains(h.plain(), "refused the connection") {
		t.Fatalf("error not shown: %s", h.plain())
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

func TestSafeLabel(t *testing.T) {
	for in, want := range map[string]string{
		"https://admin:pw@mgr:443": "https://mgr:443",
		"http://127.0.0.1:8100":    "http://127.0.0.1:8100",
		"mgr.example":              "mgr.example",
	} {
		if got := safeLabel(in); got != want {
			t.Errorf("safeLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHelpFollowsTheStep(t *testing.T) {
	h := newHarness(t, Options{})
	if h.c.ShortHelp() != nil {
		t.Fatal("help with no dialog")
	}
	e := execIn(client.StatusStarted)
	h.open(Kill, &e)
	if got := h.c.ShortHelp(); len(got) != 2 || got[0].Help().Key != "enter" {
		t.Fatalf("kill help %v", got)
	}
}
