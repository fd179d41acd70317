package actions

import (
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
)

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
