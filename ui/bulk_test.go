package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/uitest"
)

// With marks set, an action key opens the bulk preview of the marked
// executions, not the dialog of the selected one; the rows take the new
// status; the marks stay.
func TestActionKeyWithMarksOpensTheBulkPreview(t *testing.T) {
	f := uitest.NewManager(uitest.Sample()...)
	h := newHarness(t, Options{}, f, 120, 40).start()
	h.press("*", "C")
	h.mustContain("Cancel 2 executions", "2 will be cancelled, 3 skipped", "Type 2 (how many will be cancelled)")
	h.mustNotContain("Cancel execution ")
	h.press("y", "enter")
	if len(f.Cancels) != 0 {
		t.Fatal("y or enter alone sent the bulk cancel")
	}
	h.mustContain(`"y" is not the number that will be cancelled (2); nothing sent`)
	h.press("backspace")
	h.typeText("2")
	h.press("enter")
	f.Mu.Lock()
	cancels := slices.Clone(f.Cancels)
	f.Mu.Unlock()
	slices.Sort(cancels)
	if !slices.Equal(cancels, []string{uitest.UUID(1), uitest.UUID(4)}) {
		t.Fatalf("cancels %v, want the started and the queued one", cancels)
	}
	h.mustContain("2 cancelled, 3 skipped", "esc dismiss")
	h.press("esc")
	h.mustNotContain("esc dismiss")
	for _, id := range []string{uitest.UUID(1), uitest.UUID(4)} {
		if e, _ := h.execs().State().List.Get(id); e.Status != client.StatusCancelling {
			t.Fatalf("row %s is %s after the bulk cancel", id[:8], e.Status)
		}
	}
	h.mustContain("5 marked")
	// Without marks the key is the single dialog again.
	h.press("u", "C")
	h.mustNotContain("will be cancelled")
}

// Read-only mode: marks are allowed (they change nothing), the action keys
// open nothing.
func TestReadOnlyBlocksBulkActions(t *testing.T) {
	f := uitest.NewManager(uitest.Sample()...)
	h := newHarness(t, Options{ReadOnly: true}, f, 120, 40).start()
	h.press("*", "C")
	if h.app.actions.Active() || len(f.Cancels) != 0 {
		t.Fatal("read-only mode opened a bulk action")
	}
	if s := stripANSI(h.screen()); !strings.Contains(s, "read-only mode: cancel is disabled") {
		t.Fatalf("no read-only message:\n%s", s)
	}
}
