package detailpane

import (
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/ui/uitest"
)

// timesPane shows an execution created four days before t0 whose events
// run from four days ago to t0, with a two-line message in the old one.
func timesPane(t *testing.T) *driver {
	t.Helper()
	old := t0.Add(-4 * 24 * time.Hour)
	e := execution("ex-times", client.StatusStarted)
	e.CreatedAt, e.StartedAt = client.Time{Time: old}, client.Some(client.Time{Time: old})
	evs := []client.Event{
		{Type: client.EventTypeLog, Level: "info", Message: "four days ago\nsecond line", Timestamp: client.Time{Time: old}},
		{Type: client.EventTypeLog, Level: "info", Message: "an hour ago", Timestamp: client.Time{Time: t0.Add(-time.Hour)}},
	}
	src := &fakeSource{execs: map[string]client.Execution{e.ID: e}, events: map[string][]client.Event{e.ID: evs}}
	d := newDriver(src)
	d.m.SetSize(80, 30)
	d.m.SetNow(t0.In(uitest.CET)) // 13:00 CET
	d.run(d.m.Show(e))
	return d
}

// Event times carry their date when not from today, in every mode, and the
// messages and their continuation lines stay in one column; the created
// and started lines follow the mode's zone.
func TestPaneEventTimesCarryTheirDateAndFollowTheMode(t *testing.T) {
	d := timesPane(t)
	for _, tt := range []struct {
		mode              humantime.Mode
		old, today, stamp string
	}{
		{humantime.Relative, "Nov 25 12:00:00", "11:00:00", "2026-11-25 12:00:00Z"},
		{humantime.Local, "Nov 25 13:00:00", "12:00:00", "2026-11-25 13:00:00 CET"},
		{humantime.UTC, "Nov 25 12:00:00Z", "11:00:00Z", "2026-11-25 12:00:00Z"},
	} {
		d.m.SetTimes(tt.mode)
		view := d.m.View()
		oldL, todayL, second := uitest.LineOf(t, view, "four days ago"), uitest.LineOf(t, view, "an hour ago"), uitest.LineOf(t, view, "second line")
		if !strings.Contains(oldL, "┃"+tt.old+" INFO") {
			t.Errorf("%s: the old event is not at %q: %q", tt.mode, tt.old, oldL)
		}
		if !strings.Contains(todayL, " "+tt.today+" INFO") {
			t.Errorf("%s: today's event is not at %q: %q", tt.mode, tt.today, todayL)
		}
		if col := strings.Index(oldL, "INFO"); strings.Index(todayL, "INFO") != col || strings.Index(second, "second") != col {
			t.Errorf("%s: the messages are not in one column:\n%s\n%s\n%s", tt.mode, oldL, todayL, second)
		}
		if l := uitest.LineOf(t, view, "┃created    "); !strings.Contains(l, tt.stamp) {
			t.Errorf("%s: created line %q, want %q", tt.mode, l, tt.stamp)
		}
	}
}

// Just after local midnight, the events of before it carry yesterday's
// date in Local mode: the lines rendered that day are rendered again.
func TestPaneEventsGetTheirDateWhenTheDayEnds(t *testing.T) {
	e := execution("ex-midnight", client.StatusStarted)
	evs := []client.Event{{Type: client.EventTypeLog, Level: "info", Message: "late", Timestamp: client.Time{Time: t0}}}
	src := &fakeSource{execs: map[string]client.Execution{e.ID: e}, events: map[string][]client.Event{e.ID: evs}}
	d := newDriver(src)
	d.m.SetTimes(humantime.Local)
	d.m.SetNow(time.Date(2026, 11, 29, 23, 59, 0, 0, uitest.CET))
	d.run(d.m.Show(e))
	if l := uitest.LineOf(t, d.m.View(), "late"); !strings.Contains(l, "┃13:00:00 INFO") {
		t.Fatalf("before midnight: %q", l)
	}
	d.m.SetNow(time.Date(2026, 11, 30, 0, 0, 10, 0, uitest.CET))
	if l := uitest.LineOf(t, d.m.View(), "late"); !strings.Contains(l, "┃Nov 29 13:00:00 INFO") {
		t.Fatalf("after midnight: %q", l)
	}
}
