package ui

import (
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/uitest"
)

// Quitting while an action request is out waits for its answer (row update,
// toast, audit line); a second press quits at once.
func TestQuitWaitsForActionInFlight(t *testing.T) {
	for _, twice := range []bool{false, true} {
		h := started(t, Options{})
		h.selectRow(uitest.UUID(1))
		h.press("C")
		m, req := h.app.Update(uitest.Key("y")) // sent; its Cmd not run yet
		h.app = m.(App)
		if !h.app.actions.InFlight() {
			t.Fatal("test setup: no request in flight")
		}
		h.press("esc", "q")
		if h.quit {
			t.Fatal("quit with the cancel request still out")
		}
		if want := "waiting for the cancel request to finish before quitting (press again to quit now)"; h.app.status.text != want {
			t.Fatalf("status %q, want %q", h.app.status.text, want)
		}
		h.mustContain("waiting for the cancel request to finish before quitting")
		if twice {
			h.press("q")
			if !h.quit {
				t.Fatal("a second q did not quit at once")
			}
			continue
		}
		h.run(req)
		if !h.quit {
			t.Fatal("did not quit once the answer came")
		}
		if e, _ := h.st().List.Get(uitest.UUID(1)); e.Status != client.StatusCancelling {
			t.Fatalf("row not updated before quitting: %s", e.Status)
		}
		h.mustContain("cancel sent to " + uitest.UUID(1)[:8])
	}
}
