package cmdline

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/uitest"
)

var usage = []string{"executions", "failures", "tenant NAME", "profile NAME", "quit", "events", "messages", "operations", "groups"}

func open(t *testing.T, width int) Model {
	t.Helper()
	th, err := themes.Get("default")
	if err != nil {
		t.Fatal(err)
	}
	m := New(themes.NewStyles(th), keymap.DefaultKeyMap()).SetWidth(width)
	m, _ = m.Start(usage)
	return m
}

func typed(m Model, s string) Model {
	for _, r := range s {
		m, _ = m.Update(uitest.Key(string(r)))
	}
	return m
}

// The empty prompt lists every command it was given: with their arguments
// when they fit, by name when only that fits, the first and "+N" when not
// even the names fit; never wider than the footer.
func TestEmptyPromptListsTheCommandsItWasGiven(t *testing.T) {
	for _, c := range []struct {
		width int
		want  []string
	}{
		{120, []string{"executions, failures, tenant NAME, profile NAME, quit, events, messages, operations, groups"}},
		{80, []string{"executions failures tenant profile quit events messages operations groups"}},
		{60, []string{"executions failures tenant", "+2"}},
	} {
		v := ansi.Strip(open(t, c.width).View())
		for _, w := range c.want {
			if !strings.Contains(v, w) {
				t.Errorf("%d columns: %q lacks %q", c.width, v, w)
			}
		}
		if n := ansi.StringWidth(v); n > c.width {
			t.Errorf("%d columns: the prompt is %d wide: %q", c.width, n, v)
		}
	}
}

// An ambiguous completion lists its candidates in the width left, the
// rest counted ("+N"); the next tabs cycle through them, the list keeping
// the one picked in view ("…" when some before it are left out).
func TestCandidatesFitAndTabCycles(t *testing.T) {
	names := []string{"executions", "failures", "tenant", "profile", "quit", "events", "messages", "operations", "groups"}
	m := open(t, 60)
	m = m.Complete(names)
	v := ansi.Strip(m.View())
	if !strings.HasSuffix(strings.TrimSpace(v), "executions failures +7") || ansi.StringWidth(v) > 60 {
		t.Fatalf("candidates %q", v)
	}
	for i, want := range append(names, names[0]) {
		m = m.Complete(names)
		if m.Value() != want {
			t.Fatalf("tab %d gave %q, want %q", i+2, m.Value(), want)
		}
		v := ansi.Strip(m.View())
		if ansi.StringWidth(v) > 60 {
			t.Fatalf("%q is %d wide", v, ansi.StringWidth(v))
		}
		list := strings.Fields(strings.TrimPrefix(v, ":"+want))
		found := false
		for _, w := range list {
			found = found || w == want
		}
		if !found {
			t.Fatalf("the candidate picked (%s) is not in view: %q", want, v)
		}
		if i > 2 && i < len(names) && list[0] != "…" {
			t.Fatalf("candidates before the one picked are left out unsaid: %q", v)
		}
	}
	// A key typed ends the round: the next tab completes afresh.
	m = open(t, 80)
	m = typed(m, "e")
	m = m.Complete(names)
	if m.Value() != "e" || !strings.Contains(ansi.Strip(m.View()), "executions events") {
		t.Fatalf("first tab: %q %q", m.Value(), ansi.Strip(m.View()))
	}
	m = m.Complete(names)
	m = typed(m, "x")
	if m = m.Complete(names); m.Value() != "executionsx" || !strings.Contains(ansi.Strip(m.View()), "no completion for") {
		t.Fatalf("after a key, tab cycled on: %q %q", m.Value(), ansi.Strip(m.View()))
	}
}
