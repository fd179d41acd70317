package actions

import (
	"path/filepath"
	"strings"
	"testing"

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
