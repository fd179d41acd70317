package executions

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/screens/failures"
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

// The last hour's failures are counted in the scope of the failed count
// beside them: narrowed to a cause whose failures are old, none is recent.
func TestHeaderLastHourCountsTheShownFailures(t *testing.T) {
	recent := uitest.Exec(uitest.UUID(1), "install", "web-01", client.StatusFailed, 10*time.Minute)
	var old []client.Execution
	for i := 2; i <= 5; i++ {
		old = append(old, uitest.Exec(uitest.UUID(i), "heal", "db-01", client.StatusFailed, time.Duration(i)*time.Hour))
	}
	h := newHarness(t, Options{}, uitest.NewManager(append(old, recent)...), 120, 10)
	if line := ansi.Strip(h.m.Header(120)); !strings.Contains(line, "failed 5 (1 in the last hour)") {
		t.Fatalf("the whole window: %q", line)
	}
	h.send(failures.NarrowMsg{To: h.m.ID(), Cause: "boom", IDs: []string{old[0].ID, old[1].ID, old[2].ID, old[3].ID}})
	if line := ansi.Strip(h.m.Header(120)); !strings.Contains(line, "failed 4") || strings.Contains(line, "last hour") {
		t.Fatalf("narrowed to the old failures: %q", line)
	}
	h.press("esc")
	h.press("/")
	for _, r := range "dep:web" {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if line := ansi.Strip(h.m.Header(120)); !strings.Contains(line, "failed 1 (1 in the last hour)") {
		t.Fatalf("filtered to the recent failure: %q", line)
	}
}

// The compact counts use the glyphs of the list's rows, each counting the
// rows that carry it: ▶ started only, … pending, ⟳ stopping, ◷ waiting.
func TestCompactCountsMeanWhatTheRowsGlyphsMean(t *testing.T) {
	execs := append(uitest.Sample(),
		uitest.Exec(uitest.UUID(6), "heal", "web-06", client.StatusPending, time.Minute),
		uitest.Exec(uitest.UUID(7), "heal", "web-07", client.StatusCancelling, time.Minute),
		uitest.Exec(uitest.UUID(8), "heal", "web-08", client.StatusForceCancelling, time.Minute),
		uitest.Exec(uitest.UUID(9), "heal", "web-09", client.StatusScheduled, time.Minute))
	h := newHarness(t, Options{}, uitest.NewManager(execs...), 80, 20)
	line := ansi.Strip(h.m.Header(80))
	for _, want := range []string{"✗1", "▶1", "…1", "⟳2", "◷2"} {
		if !strings.Contains(line, want) {
			t.Fatalf("compact counts %q lack %q", line, want)
		}
	}
	rows := ansi.Strip(h.m.View())
	for glyph, n := range map[string]int{"▶": 1, "…": 1, "⟳": 2, "◷": 2} {
		if got := strings.Count(rows, glyph+" "); got != n {
			t.Fatalf("%d rows carry %s, the header counts %d:\n%s", got, glyph, n, rows)
		}
	}
}
