package ui

import (
	"strings"
	"testing"

	"github.com/cfytop/cfytop/ui/uitest"
)

// A dialog over the screen keeps its border whole at 80 and 120 columns:
// the box leaves room for the margin the shell draws each side of it.
func TestBulkPreviewBorderIsWholeOverTheScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		f := uitest.NewManager(uitest.Sample()...)
		h := newHarness(t, Options{}, f, size[0], size[1]).start()
		h.press("*", "C")
		h.mustContain("Cancel 2 executions")
		var box int
		for _, l := range strings.Split(stripANSI(h.screen()), "\n") {
			open := strings.IndexAny(l, "╭│╰")
			if open < 0 {
				continue
			}
			box++
			want := map[rune]string{'╭': "╮", '│': "│", '╰': "╯"}[[]rune(l[open:])[0]]
			if !strings.HasSuffix(strings.TrimRight(l, " "), want) {
				t.Errorf("%dx%d: the box's line is not closed by %s: %q", size[0], size[1], want, l)
			}
		}
		if box == 0 {
			t.Errorf("%dx%d: no dialog box on the screen", size[0], size[1])
		}
	}
}
