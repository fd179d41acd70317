package actions

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
)

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
			if !strings.Contains(h.plain(), " "+tg.Display()) {
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
	h.press("enter")
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
				if !hasLine(v, "› "+tg.Display()) {
					t.Fatalf("%s: chosen target not visible:\n%s", name, v)
				}
				checkFits(t, name, h.c.View(), size)
				h.press("enter", "enter") // the target, then no error text
				v = ansi.Strip(h.c.View())
				if !hasLine(v, "new status "+tg.Display()+"  (from "+s.Display()+")") ||
					!strings.Contains(v, "error text") || !strings.Contains(v, "Type the first 8 characters") ||
					!strings.Contains(v, "PATCH STATUS of execution 3f2a9c1e") {
					t.Fatalf("%s: confirmation hides what will be sent:\n%s", name, v)
				}
				checkFits(t, name+" confirm", h.c.View(), size)
				// Back to the list, through the error text, with the
				// cursor where it was.
				h.press("shift+tab", "shift+tab")
				if h.c.d.step != stepPatchTarget || h.c.d.target != i {
					t.Fatalf("%s: not back on the list at %d", name, i)
				}
			}
			// And back up again: the cursor stays visible when scrolling up.
			for i := len(targets) - 1; i > 0; i-- {
				h.press("shift+tab")
				if v := ansi.Strip(h.c.View()); !hasLine(v, "› "+targets[i-1].Display()) {
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
	if !strings.Contains(v, "new status completed") || !strings.Contains(v, "Type the first 8") || !strings.Contains(v, "✗ refused because") {
		t.Fatalf("after a failure:\n%s", v)
	}
	checkFits(t, "patch failure", h.c.View(), [2]int{60, 11})
}

// The patch dialog asks one thing at a time: the error text (marked as the
// field being typed, in words), then the typed ID as the last step, with
// the body that will be sent in view. An ID typed at the first prompt can
// never land in the error text.
func TestPatchTypedIDIsTheLastStep(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.open(Patch, &e)
	h.press("enter") // the first target
	v := h.plain()
	if !strings.Contains(v, "› error text (optional)") || strings.Contains(v, "Type the first 8") {
		t.Fatalf("the error text step is not plainly the one being typed:\n%s", v)
	}
	h.press("enter")
	v = h.plain()
	if !strings.Contains(v, "Type the first 8") || !strings.Contains(v, `sends {"status":"terminated"}`) || strings.Contains(v, "› error text") {
		t.Fatalf("the confirmation does not show the body, or still offers the error text:\n%s", v)
	}
	h.typeText(testID[:8])
	h.press("enter")
	if !reflect.DeepEqual(h.f.patches, []string{"terminated|"}) {
		t.Fatalf("patches %v: the typed ID must not become the error text", h.f.patches)
	}
}
