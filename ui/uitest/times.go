package uitest

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// CET is the tests' local zone, an hour east of UTC: never the machine's.
var CET = time.FixedZone("CET", 3600)

// LineOf is the first line of view, without its styling, that contains
// has; the test fails when none does.
func LineOf(t testing.TB, view, has string) string {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		if strings.Contains(l, has) {
			return l
		}
	}
	t.Fatalf("no line with %q in\n%s", has, ansi.Strip(view))
	return ""
}
