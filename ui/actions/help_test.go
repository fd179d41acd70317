package actions

import (
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
