package actions

import (
	"testing"

	"github.com/cfytop/cfytop/client"
)

// A Controller is a value: what Open, Update and SetSize return is new, and
// the Controller they were called on keeps the dialog it had.
func TestControllerCopiesDoNotShareTheDialog(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusStarted)
	h.open(Kill, &e)
	before := h.c
	h.typeText("3f2a")
	if got := h.c.d.typed.Value(); got != "3f2a" {
		t.Fatalf("typed %q, want 3f2a", got)
	}
	if got := before.d.typed.Value(); got != "" {
		t.Fatalf("the earlier copy sees the typing: %q", got)
	}
	small := h.c.SetSize(40, 12)
	if h.c.w != 80 || small.w != 40 {
		t.Fatalf("SetSize changed its receiver: %d, returned %d", h.c.w, small.w)
	}
	h.press("esc")
	if h.c.Active() || !before.Active() {
		t.Fatalf("closing reached the earlier copy: now %v, before %v", h.c.Active(), before.Active())
	}
}

// The form's fields live in a slice: a copy must not see them change.
func TestControllerCopiesDoNotShareTheStartForm(t *testing.T) {
	h := newHarness(t, Options{})
	toForm(t, h, "scale")
	before := h.c
	h.press("enter") // required field missing: marked on the form
	if h.c.d.st.fields[0].err != "required" {
		t.Fatalf("required not marked: %q", h.c.d.st.fields[0].err)
	}
	if got := before.d.st.fields[0].err; got != "" {
		t.Fatalf("the earlier copy sees the mark: %q", got)
	}
}
