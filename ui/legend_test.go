package ui

import (
	"testing"

	"github.com/cfytop/cfytop/ui/execlist"
	"github.com/cfytop/cfytop/ui/uitest"
)

// The full help explains the list's glyphs: the column left of the rows
// (›, the bulk mark, the new-trouble dot, each its own shape), and the
// header's compact counts.
func TestFullHelpHasTheSymbolsLegend(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 160, 60).start()
	h.press("?")
	h.mustContain("Symbols",
		execlist.SelectedGlyph+"       the selected row",
		execlist.MarkGlyph+"       marked (space)",
		execlist.NewGlyph+"       failed or stuck since you last looked",
		"✗9 1h:2 header: 9 failed, 2 in the last hour")
	if execlist.MarkGlyph == execlist.NewGlyph || execlist.MarkGlyph == execlist.SelectedGlyph {
		t.Fatal("the bulk mark looks like another marker")
	}
}
