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

// q on the list with a filter kept quits, as the README says (esc clears
// the filter first, and never quits).
func TestQuitWithAFilterKept(t *testing.T) {
	h := started(t, Options{})
	h.press("/")
	h.typeText("id:0000000")
	h.press("enter")
	if h.st().FilterText == "" {
		t.Fatal("test setup: no filter kept")
	}
	h.press("esc")
	if h.quit || h.st().FilterText != "" {
		t.Fatalf("esc: quit %v, filter %q; want the filter cleared and no quit", h.quit, h.st().FilterText)
	}
	h.press("/")
	h.typeText("id:0000000")
	h.press("enter", "q")
	if !h.quit {
		t.Fatal("q with a filter kept did not quit")
	}
}

// With marks set, the first q says how many and how to keep them; only a
// second q in a row quits.
func TestQuitWithMarksAsksAgain(t *testing.T) {
	h := started(t, Options{})
	h.press("space", "j", "space", "q")
	if h.quit {
		t.Fatal("the first q with 2 marks quit")
	}
	h.mustContain("2 marked: q again to quit, u clears the marks")
	h.press("j", "q") // another key in between: ask again
	if h.quit {
		t.Fatal("q after another key quit without asking again")
	}
	h.press("q")
	if !h.quit {
		t.Fatal("the second q in a row did not quit")
	}
}
