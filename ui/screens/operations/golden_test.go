package operations

import (
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// TestGolden pins the screen (its header line and body, as the shell draws
// them) at 80x24 and 120x40, in 256 colours and without colour.
func TestGolden(t *testing.T) {
	scenes := []struct {
		name string
		w, h int
		do   func(h *harness)
	}{
		{"tree", 80, 24, nil},
		{"tree", 120, 40, nil},
		{"internal", 80, 24, func(h *harness) { h.selectRow("db_vm_a1b2c3"); h.press("enter", "a") }},
		{"events", 80, 24, func(h *harness) { h.selectRow("retry 14/60"); h.press("enter") }},
		{"events", 120, 40, func(h *harness) { h.selectRow("retry 14/60"); h.press("enter") }},
	}
	for _, sc := range scenes {
		for _, p := range []colorprofile.Profile{colorprofile.ANSI256, colorprofile.Ascii} {
			name := sc.name + "-" + strconv.Itoa(sc.w) + "x" + strconv.Itoa(sc.h) + "-" + map[colorprofile.Profile]string{
				colorprofile.ANSI256: "default", colorprofile.Ascii: "nocolor"}[p]
			t.Run(name, func(t *testing.T) {
				h := newSample(t, sc.w, sc.h-2) // the shell's title line and footer
				if sc.do != nil {
					sc.do(h)
				}
				out := h.m.Header(sc.w) + "\n" + h.m.View()
				for i, l := range strings.Split(out, "\n") {
					if w := ansi.StringWidth(l); w > sc.w {
						t.Fatalf("line %d is %d cells wide, more than %d: %q", i, w, sc.w, ansi.Strip(l))
					}
				}
				if n := strings.Count(out, "\n") + 1; n != sc.h-1 {
					t.Fatalf("%d lines for a body of %d and its header", n, sc.h-2)
				}
				var b strings.Builder
				w := &colorprofile.Writer{Forward: &b, Profile: p}
				if _, err := w.WriteString(out); err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, b.String())
			})
		}
	}
}
