package actions

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
)

// The root waits for InFlight to turn false before quitting, so it must
// stay true from the confirm until the result is in, even after the dialog
// was closed.
func TestInFlightUntilResultEvenAfterClose(t *testing.T) {
	h := newHarness(t, Options{})
	if h.c.InFlight() {
		t.Fatal("in flight before anything was sent")
	}
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.open(Cancel, &e)
	if h.c.InFlight() {
		t.Fatal("in flight with only a dialog open")
	}
	cmd := h.pressHold("y")
	if cmd == nil || !h.c.InFlight() {
		t.Fatal("not in flight after y")
	}
	h.press("esc")
	if h.c.Active() || !h.c.InFlight() {
		t.Fatalf("after esc: active %v in flight %v", h.c.Active(), h.c.InFlight())
	}
	h.run(cmd)
	if h.c.InFlight() {
		t.Fatal("still in flight after the result came back")
	}

	// A start counts too, and so does a result that is a failure.
	h2 := newHarness(t, Options{})
	h2.f.actErr = &client.Error{Kind: client.KindIllegalState, StatusCode: 400, Message: "no"}
	e2 := execIn(client.StatusStarted)
	h2.f.put(e2)
	h2.open(Cancel, &e2)
	cmd = h2.pressHold("y")
	if !h2.c.InFlight() {
		t.Fatal("not in flight")
	}
	h2.run(cmd)
	if h2.c.InFlight() {
		t.Fatal("in flight after a failure")
	}
	var zero Controller
	if zero.InFlight() {
		t.Fatal("zero controller in flight")
	}
}

// Someone else resumed the failed execution while the dialog was open: it
// is started (or pending) now, which plain resume would accept, but a
// second resume would dispatch the workflow again.
func TestResumeAbortsWhenSomeoneElseResumed(t *testing.T) {
	for _, from := range []client.Status{client.StatusFailed, client.StatusCancelled} {
		for _, now := range []client.Status{client.StatusStarted, client.StatusPending, client.StatusQueued} {
			h := newHarness(t, Options{})
			e := execIn(from)
			h.f.put(e)
			h.f.moveTo[testID] = now
			h.open(Resume, &e)
			h.press("y")
			if h.f.mutations() != 0 {
				t.Fatalf("%s→%s: sent %v", from, now, h.f.calls)
			}
			st := h.lastStatus()
			if !st.IsError || !strings.Contains(st.Text, "nothing sent") ||
				!strings.Contains(st.Text, "it is now "+string(now)+" (it was "+string(from)) ||
				!strings.Contains(st.Text, "resumed it already") {
				t.Fatalf("%s→%s: status %+v", from, now, st)
			}
			if h.c.Active() {
				t.Fatalf("%s→%s: dialog left open", from, now)
			}
		}
	}
	// Unchanged: it goes out once.
	h := newHarness(t, Options{})
	e := execIn(client.StatusFailed)
	h.f.put(e)
	h.open(Resume, &e)
	h.press("y")
	if len(h.f.resumes) != 1 {
		t.Fatalf("resumes %v", h.f.resumes)
	}
}

func TestResumeNotOfferedFromStarted(t *testing.T) {
	for _, s := range client.AllStatuses {
		h := newHarness(t, Options{})
		e := execIn(s)
		h.f.put(e)
		h.open(Resume, &e)
		want := s == client.StatusFailed || s == client.StatusCancelled
		if h.c.Active() != want {
			t.Fatalf("%s: offered %v, want %v", s, h.c.Active(), want)
		}
		if !want {
			if st := h.lastStatus(); !st.IsError || !strings.Contains(st.Text, "only failed or cancelled") {
				t.Fatalf("%s: status %+v", s, st)
			}
		}
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

// The patch dialog at the sizes the root gives it on an 80x24 and a 60x15
// terminal (and the full terminal sizes too): the chosen target is always
// visible while choosing, and the status that will be sent, the error text
// field and the typed-ID prompt are visible on the confirmation, for every
// target of every status that offers patch.
func TestPatchDialogShowsWhatWillBeSentAtSmallSizes(t *testing.T) {
	sizes := [][2]int{{80, 20}, {60, 11}, {80, 24}, {60, 15}}
	for _, size := range sizes {
		for _, s := range allowedFrom[Patch] {
			h := newHarness(t, Options{})
			h.c = h.c.SetSize(size[0], size[1])
			e := execIn(s)
			h.f.put(e)
			h.open(Patch, &e)
			targets := h.c.d.targets
			for i, tg := range targets {
				name := fmt.Sprintf("%dx%d %s→%s", size[0], size[1], s, tg)
				if i > 0 {
					h.press("tab")
				}
				v := ansi.Strip(h.c.View())
				if !hasLine(v, "› "+string(tg)) {
					t.Fatalf("%s: chosen target not visible:\n%s", name, v)
				}
				checkFits(t, name, h.c.View(), size)
				h.press("enter")
				v = ansi.Strip(h.c.View())
				if !hasLine(v, "new status "+string(tg)+"  (from "+string(s)+")") ||
					!strings.Contains(v, "error text") || !strings.Contains(v, "Type the first 8 characters") ||
					!strings.Contains(v, "PATCH STATUS of execution 3f2a9c1e") {
					t.Fatalf("%s: confirmation hides what will be sent:\n%s", name, v)
				}
				checkFits(t, name+" confirm", h.c.View(), size)
				// Back to the list, with the cursor where it was.
				h.press("shift+tab")
				if h.c.d.step != stepPatchTarget || h.c.d.target != i {
					t.Fatalf("%s: not back on the list at %d", name, i)
				}
			}
			// And back up again: the cursor stays visible when scrolling up.
			for i := len(targets) - 1; i > 0; i-- {
				h.press("shift+tab")
				if v := ansi.Strip(h.c.View()); !hasLine(v, "› "+string(targets[i-1])) {
					t.Fatalf("%dx%d %s: target %s not visible going up:\n%s", size[0], size[1], s, targets[i-1], v)
				}
			}
		}
	}
}

// The confirmation keeps the new status visible even with a long failure
// message from the manager underneath.
func TestPatchConfirmWithErrorAt60x15(t *testing.T) {
	h := newHarness(t, Options{})
	h.c = h.c.SetSize(60, 11)
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.f.actErr = &client.Error{Kind: client.KindIllegalState, StatusCode: 400, Message: "refused because" + strings.Repeat(" long words", 8)}
	h.open(Patch, &e)
	h.press(confirmKeys(Patch)...)
	v := ansi.Strip(h.c.View())
	if !strings.Contains(v, "new status terminated") || !strings.Contains(v, "Type the first 8") || !strings.Contains(v, "✗ refused because") {
		t.Fatalf("after a failure:\n%s", v)
	}
	checkFits(t, "patch failure", h.c.View(), [2]int{60, 11})
}

func hasLine(view, want string) bool {
	for _, l := range strings.Split(view, "\n") {
		l = strings.Join(strings.Fields(strings.Trim(l, "│ ")), " ")
		if strings.Contains(l, strings.Join(strings.Fields(want), " ")) {
			return true
		}
	}
	return false
}

func checkFits(t *testing.T, name, v string, size [2]int) {
	t.Helper()
	if w := lipgloss.Width(v); w > size[0] {
		t.Errorf("%s: %d columns wide", name, w)
	}
	if n := lipgloss.Height(v); n > size[1] {
		t.Errorf("%s: %d rows tall:\n%s", name, n, v)
	}
}

// A request whose outcome is unknown (no answer in time after sending, a
// gateway error) may have been carried out: the dialog closes, so that a
// reflex y or the typed ID does not send it a second time, the status line
// says so, and the audit line's result is "unknown".
func TestMaybeAppliedFailureClosesTheDialog(t *testing.T) {
	timeout := &client.Error{Kind: client.KindTimeout, Method: "POST",
		URL: "http://127.0.0.1:8100/api/v3.1/executions/" + testID, Message: "while reading the answer"}
	gateway := &client.Error{Kind: client.KindServer, StatusCode: 504, Method: "PATCH",
		URL: "http://127.0.0.1:8100/api/v3.1/executions/" + testID, Message: "Gateway Time-out"}
	if !timeout.MaybeApplied() || !gateway.MaybeApplied() {
		t.Fatal("test errors are not MaybeApplied")
	}
	for _, c := range []struct {
		k   Kind
		s   client.Status
		err error
	}{
		{Cancel, client.StatusStarted, timeout},
		{Kill, client.StatusStarted, timeout},
		{Resume, client.StatusFailed, gateway},
		{Patch, client.StatusStarted, gateway},
	} {
		logPath := filepath.Join(t.TempDir(), "audit.jsonl")
		log, err := audit.Open(logPath)
		if err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, Options{Audit: log})
		e := execIn(c.s)
		h.f.put(e)
		h.f.actErr = c.err
		h.open(c.k, &e)
		h.press(confirmKeys(c.k)...)
		if h.c.Active() {
			t.Fatalf("%s: dialog left ready for a blind resend:\n%s", c.k, h.plain())
		}
		st := h.lastStatus()
		if !st.IsError || !strings.Contains(st.Text, "OUTCOME UNKNOWN") ||
			!strings.Contains(st.Text, "check the execution before sending it again") ||
			!strings.HasPrefix(st.Text, actionName(c.k, false)+" 3f2a9c1e: ") {
			t.Fatalf("%s: status %+v", c.k, st)
		}
		// Reflexes after the failure send nothing.
		h.press(confirmKeys(c.k)...)
		h.press("y", "enter")
		if h.f.mutations() != 1 || h.c.InFlight() {
			t.Fatalf("%s: mutations %d in flight %v", c.k, h.f.mutations(), h.c.InFlight())
		}
		if len(h.updates()) != 0 {
			t.Fatalf("%s: row updated from a stale re-fetch: %v", c.k, h.updates())
		}
		log.Close()
		lines := readAudit(t, logPath)
		if len(lines) != 1 || lines[0]["result"] != "unknown" ||
			!strings.Contains(lines[0]["message"].(string), "outcome unknown") ||
			!strings.Contains(lines[0]["message"].(string), "may have been carried out") {
			t.Fatalf("%s: audit %v", c.k, lines)
		}
	}

	// A plain refusal still keeps the dialog and its input for a deliberate
	// resend.
	h := newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.f.actErr = &client.Error{Kind: client.KindIllegalState, StatusCode: 400, Method: "POST", Message: "no"}
	h.open(Kill, &e)
	h.press(confirmKeys(Kill)...)
	if !h.c.Active() || h.c.d.typed.Value() != testID[:8] {
		t.Fatalf("refusal closed the dialog or lost the input: %v", h.c.Active())
	}
}

func TestMaybeAppliedStartClosesTheDialog(t *testing.T) {
	h := newHarness(t, Options{})
	h.f.startErr = []error{&client.Error{Kind: client.KindServer, StatusCode: 502, Method: "POST",
		URL: "http://127.0.0.1:8100/api/v3.1/executions", Message: "Bad Gateway"}}
	toForm(t, h, "scale")
	setField(t, h, "scalable_entity_name", "vm")
	h.press("enter", "y")
	if h.c.Active() {
		t.Fatalf("start dialog left ready for a second start:\n%s", h.plain())
	}
	st := h.lastStatus()
	if !st.IsError || !strings.HasPrefix(st.Text, "start scale on web-prod: OUTCOME UNKNOWN") ||
		!strings.Contains(st.Text, "check the deployment's executions") {
		t.Fatalf("status %+v", st)
	}
	h.press("y")
	if h.f.count("StartExecution") != 1 {
		t.Fatalf("starts %d", h.f.count("StartExecution"))
	}
}

// When the re-fetch before sending fails, the user is told that nothing
// was sent (a failure could otherwise be read as "maybe it went out").
func TestRefetchFailureSaysNothingSent(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.f.getErr = &client.Error{Kind: client.KindUnreachable, Message: "manager 10.0.0.5 refused the connection"}
	h.open(Cancel, &e)
	h.press("y")
	if st := h.lastStatus(); !st.IsError || !strings.HasPrefix(st.Text, "cancel 3f2a9c1e not sent: the execution could not be checked first: ") {
		t.Fatalf("status %+v", st)
	}
	if !h.c.Active() || !strings.Contains(h.plain(), "✗ not sent") || h.f.mutations() != 0 {
		t.Fatalf("dialog: %s", h.plain())
	}
}
