package actions

import (
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
)

func TestKillFromEndStateSaysFinished(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusTerminated)
	h.open(Kill, &e)
	v := h.plain()
	for _, w := range []string{"without cleanup", "already finished (completed)", "still allowed", "KILL"} {
		if !strings.Contains(v, w) {
			t.Errorf("kill dialog lacks %q: %s", w, v)
		}
	}
	h2 := newHarness(t, Options{})
	e2 := execIn(client.StatusStarted)
	h2.open(Kill, &e2)
	if strings.Contains(h2.plain(), "already finished") {
		t.Fatal("running execution said finished")
	}
}

func TestDangerWording(t *testing.T) {
	for _, c := range []struct {
		k    Kind
		want string
	}{
		{ForceCancel, "Type the first 4 characters"},
		{Kill, "Type the first 8 characters"},
		{Kill, "without cleanup"},
		{Cancel, "y cancel"},
	} {
		h := newHarness(t, Options{})
		e := execIn(client.StatusStarted)
		h.open(c.k, &e)
		if !strings.Contains(h.plain(), c.want) {
			t.Errorf("%s lacks %q: %s", c.k, c.want, h.plain())
		}
	}
}

func TestRebindingNeverWeakensTheRules(t *testing.T) {
	// keymap.Apply now refuses these rebindings; set them directly to check
	// that the dialogs hold even so.
	keys := keymap.DefaultKeyMap()
	keys.DialogYes.SetKeys("enter", "y")
	keys.DialogClose.SetKeys("q")
	for _, back := range []string{"esc", "ctrl+c", "q"} {
		h := newHarness(t, Options{Keys: keys})
		e := execIn(client.StatusStarted)
		h.f.put(e)
		h.open(Cancel, &e)
		h.press("enter")
		if h.f.mutations() != 0 {
			t.Fatalf("enter confirmed when bound to dialog_yes: %v", h.f.calls)
		}
		h.press(back)
		if h.c.Active() {
			t.Fatalf("%s did not back out", back)
		}
	}
	// An opening key equal to the confirm key still never confirms.
	keys = keymap.DefaultKeyMap()
	keys.Cancel.SetKeys("y")
	h := newHarness(t, Options{Keys: keys})
	e := execIn(client.StatusStarted)
	h.f.put(e)
	h.open(Cancel, &e)
	h.press("y", "y")
	if h.f.mutations() != 0 {
		t.Fatalf("opening key confirmed: %v", h.f.calls)
	}
}
