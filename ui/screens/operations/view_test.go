package operations

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The rows are measured without the grapheme rules when they hold only
// ASCII and the screen's own symbols: the count is the one StringWidth
// makes, for those and for anything else.
func TestCellsCountsAsStringWidth(t *testing.T) {
	for _, s := range []string{
		"", "web_vm_x7k2p1", "▸ ✓ db_vm  started   3/16 ██░░░░░░ · 1 failed", "⧗ ≥1h02m", "      ↳ boom…",
		"▾ ⟳ ▶ ↗ · ✗", "数据库_vm", "e\u0301t\u0301e\u0301", "·\u0301", "👩‍💻 vm", "a\tb", "\x1b[31mred\x1b[0m",
	} {
		if got, want := cells(s), ansi.StringWidth(s); got != want {
			t.Errorf("cells(%q) = %d, StringWidth %d", s, got, want)
		}
	}
	for _, r := range "▸▾✓✗⟳▶↗·█░⧗≥↳…" {
		if !oneCell(r) || ansi.StringWidth(string(r)) != 1 {
			t.Errorf("%q is not one cell", r)
		}
	}
}

// At 120 columns the events pane goes right of the tree, its caption on
// the tree's first row: blank columns keep the caption from reading as
// the end of that row, whose bar reaches the tree's right edge.
func TestPaneCaptionStandsApartFromTheTree(t *testing.T) {
	h := newSample(t, 120, 38)
	h.selectRow("retry 14/60")
	h.press("enter")
	lines := strings.Split(h.screen(), "\n")
	caption, box := lines[2], lines[3]
	at := strings.Index(caption, "events and logs of")
	if at < 0 {
		t.Fatalf("no caption on the tree's first row: %q", caption)
	}
	if before := caption[:at]; !strings.HasSuffix(before, strings.Repeat(" ", gutter)) || !strings.Contains(before, "█") {
		t.Errorf("the caption is glued to the tree's first row: %q", caption)
	}
	if !strings.Contains(box, " ┏") {
		t.Errorf("the pane's box touches the tree: %q", box)
	}
}

// Every node instance's state word, count and bar are in one column,
// whatever the width of its count and whether it has failed or running
// operations after its bar.
func TestGroupRowsAlignTheirColumns(t *testing.T) {
	for _, w := range []int{80, 120} {
		h := newSample(t, w, 38)
		bars := map[int][]string{}
		words := map[int][]string{}
		for _, l := range strings.Split(h.screen(), "\n") {
			if !strings.Contains(l, "▸") && !strings.Contains(l, "▾") {
				continue
			}
			at := strings.IndexAny(l, "█░")
			bars[ansi.StringWidth(l[:at])] = append(bars[ansi.StringWidth(l[:at])], l)
			for _, word := range []string{"succeeded", "started", "failed", "pending"} {
				if i := strings.Index(l[:at], word); i >= 0 {
					words[ansi.StringWidth(l[:i])] = append(words[ansi.StringWidth(l[:i])], l)
					break
				}
			}
		}
		if len(bars) != 1 || len(words) != 1 {
			t.Errorf("at %d columns the group rows' bars start at %d places and their states at %d:\n%v\n%v", w, len(bars), len(words), bars, words)
		}
	}
}
