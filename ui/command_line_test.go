package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/ui/uitest"
)

// commandLineRow is the screen's row holding the open command line.
func commandLineRow(t *testing.T, h *harness) string {
	t.Helper()
	for _, l := range strings.Split(stripANSI(h.screen()), "\n") {
		if strings.HasPrefix(l, ":") {
			return l
		}
	}
	t.Fatalf("no command line on the screen:\n%s", stripANSI(h.screen()))
	return ""
}

// The empty prompt names every command of the shell's table, at 80 and
// 120 columns, within the width.
func TestEmptyCommandLineNamesEveryCommand(t *testing.T) {
	for _, w := range []int{80, 120} {
		h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), w, 24).start()
		h.press(":")
		row := commandLineRow(t, h)
		for _, name := range commandNames() {
			if !strings.Contains(row, name) {
				t.Errorf("%d columns: the empty prompt does not name %q: %q", w, name, row)
			}
		}
		if ansi.StringWidth(row) > w {
			t.Errorf("%d columns: the prompt is %d wide", w, ansi.StringWidth(row))
		}
		if w == 120 && !strings.Contains(row, "tenant NAME") {
			t.Errorf("at 120 columns the arguments fit: %q", row)
		}
	}
}

// Tab on ":e" lists executions and events; the next tabs put each in the
// word in turn, round; a key typed ends the round.
func TestCommandLineTabCyclesTheCandidates(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 80, 24).start()
	h.press(":")
	h.typeText("e")
	h.press("tab")
	if got := h.app.cmd.Value(); got != "e" {
		t.Fatalf("first tab gave %q", got)
	}
	if row := commandLineRow(t, h); !strings.Contains(row, "executions events") {
		t.Fatalf("candidates not listed: %q", row)
	}
	for _, want := range []string{"executions", "events", "executions"} {
		h.press("tab")
		if got := h.app.cmd.Value(); got != want {
			t.Fatalf("tab gave %q, want %q", got, want)
		}
	}
	h.press("enter")
	h.mustContain("5 executions")
	h.press(":")
	h.typeText("e")
	h.press("tab", "tab", "tab") // events
	h.press("backspace")
	h.press("tab") // "event": one candidate now
	if got := h.app.cmd.Value(); got != "events " {
		t.Fatalf("after editing, tab gave %q", got)
	}
}
