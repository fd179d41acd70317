package operations

import (
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
