package actions

import (
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
)

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

// enterSays is what the key help of the open dialog says enter does on
// this step; "" when enter is not listed.
func enterSays(h *harness) string {
	for _, b := range h.c.ShortHelp() {
		if b.Help().Key == "enter" {
			return b.Help().Desc
		}
	}
	return ""
}

// The key help says what enter does on each step: it chooses in the
// pickers, reviews from the form, goes on from the patch's status; it
// sends only where a typed confirmation is asked for, and is not listed
// where nothing would be sent.
func TestHelpSaysWhatEnterDoesOnEachStep(t *testing.T) {
	h := newHarness(t, Options{})
	h.f.deps = fixtureDeps(t)
	h.open(Start, nil)
	if got := enterSays(h); got != "choose" {
		t.Fatalf("deployment picker: enter %q", got)
	}
	h.typeText("web-prod")
	h.press("enter")
	if h.c.d.step != stepPickWorkflow || enterSays(h) != "choose" {
		t.Fatalf("workflow picker (step %v): enter %q", h.c.d.step, enterSays(h))
	}
	h.typeText("install")
	h.press("enter")
	if h.c.d.step != stepForm || enterSays(h) != "review" {
		t.Fatalf("form (step %v): enter %q", h.c.d.step, enterSays(h))
	}
	h.press("enter")
	if h.c.d.step != stepStartConfirm || enterSays(h) != "" {
		t.Fatalf("review (step %v): enter %q, y starts", h.c.d.step, enterSays(h))
	}

	h = newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.open(Patch, &e)
	if got := enterSays(h); got != "next" {
		t.Fatalf("patch status: enter %q", got)
	}

	h = newHarness(t, Options{})
	h.openBulk(Resume, h.marked(3, client.StatusStarted))
	if !strings.Contains(h.plain(), "Nothing would be sent") || enterSays(h) != "" {
		t.Fatalf("nothing to send, enter %q:\n%s", enterSays(h), h.plain())
	}
	h = newHarness(t, Options{})
	h.openBulk(Resume, h.marked(3, client.StatusFailed))
	if got := enterSays(h); got != "send" {
		t.Fatalf("bulk preview: enter %q", got)
	}
}
