package executions

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/uitest"
)

// A status has one look: the header's count is drawn in the same style as
// the status word in the rows (cancelling was yellow in one, cyan in the
// other).
func TestHeaderCountsAndRowsShareTheStatusLook(t *testing.T) {
	for _, st := range client.AllStatuses {
		// ended before the dashboard started: not a new failure
		e := uitest.Exec(uitest.UUID(1), "install", "web-01", st, 2*time.Minute)
		h := newHarness(t, Options{}, uitest.NewManager(e), 120, 10)
		sgr := strings.SplitN(h.m.styles.Status(st).Render("x"), "x", 2)[0]
		if !strings.Contains(h.m.Header(120), sgr+st.Display()+" 1") {
			t.Errorf("%s: the header count is not drawn in the status style:\n%q", st, h.m.Header(120))
		}
		row := uitest.Exec(uitest.UUID(2), "heal", "db-01", client.StatusTerminated, time.Hour)
		h2 := newHarness(t, Options{}, uitest.NewManager(e, row), 120, 10)
		h2.press("j") // select the other row: the selected one is drawn in the selection style
		if h2.m.list.MarkOf(e.ID).Stuck {
			// a stuck row says so in its status cell instead (stuck_test.go)
			if !strings.Contains(h2.m.View(), "⚠ STUCK") {
				t.Errorf("%s: a stuck row without its mark:\n%q", st, h2.m.View())
			}
			continue
		}
		if !strings.Contains(h2.m.View(), sgr+themes.Glyph(st)+" "+st.Display()) {
			t.Errorf("%s: the row's status is not drawn in the status style:\n%q", st, h2.m.View())
		}
	}
}

// The counts and the scope never run together, at any width: "stuck 2 84
// executions" read as one number after another.
func TestHeaderCountsAndScopeStayApart(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 120, 10)
	runTogether := regexp.MustCompile(`\d \d+ (executions|of)`)
	for w := 40; w <= 160; w++ {
		line := ansi.Strip(h.m.Header(w))
		if runTogether.MatchString(line) {
			t.Fatalf("at %d columns the counts run into the scope: %q", w, line)
		}
	}
}
