package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/ui/uitest"
)

// T cycles the times through the shell's key path: the list's CREATED, the
// pane's event lines and created line, and the events timeline pushed after
// it, which starts in the mode; the status line says which is on.
func TestTimesKeyCyclesEveryScreen(t *testing.T) {
	old := uitest.Exec(uitest.UUID(6), "install", "old-06", client.StatusTerminated, 4*24*time.Hour)
	f := uitest.NewManager(append(uitest.Sample(), old)...)
	f.Events[old.ID] = []client.Event{{Type: client.EventTypeLog, Level: "info", Message: "four days ago",
		Timestamp: old.CreatedAt, ExecutionID: client.Some(old.ID)}}
	clock := uitest.T0.In(time.FixedZone("CET", 3600)) // 13:00 CET
	h := newHarness(t, Options{}, f, 120, 40)
	h.useClock(&clock)
	h.start()
	h.fire(isClock) // the screens read the clock, and its zone
	h.selectRow(old.ID)
	h.press("enter")
	h.fire(isSettle)
	h.mustContain("5m", "4d", "2026-11-25 12:00:00Z", "Nov 25 12:00:00 INFO    four days ago")

	h.press("T")
	h.mustContain("times: local (CET)", "12:55:00", "Nov 25 13:00", "2026-11-25 13:00:00 CET", "Nov 25 13:00:00 INFO    four days ago")
	h.mustNotContain("4d ")
	h.press("T")
	h.mustContain("times: utc", "11:55:00Z", "Nov 25 12:00Z", "Nov 25 12:00:00Z INFO    four days ago")

	h.press("e")
	h.mustContain("Nov 25 12:00:00Z INFO")
	h.press("T")
	h.mustContain("times: relative", "Nov 25 12:00:00 INFO")
	h.press("esc")
	if s := stripANSI(h.screen()); !strings.Contains(s, "4d") || strings.Contains(s, "11:55:00Z") {
		t.Fatalf("the list did not go back to ages:\n%s", s)
	}
}

// Options.Times (the `time:` setting) is the mode the screens start in; T
// goes on from it.
func TestTimesOptionIsTheStartingMode(t *testing.T) {
	h := newHarness(t, Options{Times: humantime.UTC}, uitest.NewManager(uitest.Sample()...), 120, 40).start()
	h.mustContain("11:55:00Z")
	h.press("T")
	h.mustContain("times: relative", "5m")
}
