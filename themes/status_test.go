package themes

import (
	"testing"

	"github.com/cfytop/cfytop/client"
)

func TestEveryStatusHasAGlyphAndAGroup(t *testing.T) {
	for _, st := range client.AllStatuses {
		if Glyph(st) == "?" {
			t.Errorf("status %s has no glyph", st)
		}
		if g := GroupOf(st); g == GroupUnknown || g.SGR() == "" {
			t.Errorf("status %s has no presentation group", st)
		}
	}
	if Glyph("rebooting") != "?" || GroupOf("rebooting") != GroupUnknown {
		t.Error("an unknown status looks like a known one")
	}
}
