package actions

import (
	"testing"

	"github.com/cfytop/cfytop/client"
)

func TestCopyIDAndCommand(t *testing.T) {
	e := execIn(client.StatusStarted)
	msgs := runAll(CopyID(&e))
	if got, ok := clipboardOf(msgs); !ok || got != testID {
		t.Fatalf("CopyID clipboard %q %v (%v)", got, ok, msgs)
	}
	// Outside a dialog the copied command is read-only, whatever the
	// status: pasted into a shell by mistake, it changes nothing.
	for _, st := range client.AllStatuses {
		e := execIn(st)
		msgs = runAll(CopyCommand(&e, "other"))
		want := "cfy executions get " + testID + " -t default_tenant"
		if got, ok := clipboardOf(msgs); !ok || got != want {
			t.Fatalf("%s: CopyCommand clipboard %q, want %q", st, got, want)
		}
	}
	if msgs := runAll(CopyID(nil)); len(msgs) != 1 {
		t.Fatalf("nil: %v", msgs)
	}
}

// Inside a dialog the copy key copies that dialog's own command; in a field
// that takes text it is a letter.
func TestCopyInsideADialogCopiesItsCommand(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.open(Kill, &e)
	cmd := h.pressHold("Y")
	if got, ok := clipboardOf(runAll(cmd)); !ok || got != "cfy executions cancel "+testID+" -k -t default_tenant" {
		t.Fatalf("Y in the kill dialog copied %q (%v)", got, ok)
	}
	if h.f.mutations() != 0 || !h.c.Active() {
		t.Fatal("copying sent something or closed the dialog")
	}
	h.press("esc")
	h.open(Patch, &e)
	h.press("enter") // to the error text
	h.typeText("Y")
	if got := h.c.d.errText.Value(); got != "Y" {
		t.Fatalf("Y in the error text became %q", got)
	}
}
