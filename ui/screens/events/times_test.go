package events

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/ui/uitest"
)

// An event four days old shows its date, in every mode; today's keep the
// time alone, right-aligned under it so that the columns line up; the
// details line gives the full time in the mode's zone.
func TestEventFourDaysOldShowsItsDate(t *testing.T) {
	old := ev(1)
	old.Timestamp.Time = uitest.T0.Add(-4 * 24 * time.Hour)
	old.Message = "four days ago"
	today := ev(2)
	today.Message = "today"
	now := uitest.T0.Add(time.Hour).In(uitest.CET) // 14:00 CET
	for _, tt := range []struct {
		mode                 humantime.Mode
		old, today, selected string
	}{
		{humantime.Relative, "Nov 25 12:00:00 ", "       12:00:02 ", "at 2026-11-29 12:00:02.000Z"},
		{humantime.Local, "Nov 25 13:00:00 ", "       13:00:02 ", "at 2026-11-29 13:00:02.000 CET"},
		{humantime.UTC, "Nov 25 12:00:00Z ", "       12:00:02Z ", "at 2026-11-29 12:00:02.000Z"},
	} {
		h := newHarnessAt(t, now, tt.mode, Options{}, old, today)
		v := h.view()
		if l := uitest.LineOf(t, v, "four days ago"); !strings.HasPrefix(l, tt.old) {
			t.Errorf("%s: old line %q, want it to start %q", tt.mode, l, tt.old)
		}
		if l := uitest.LineOf(t, v, "today"); !strings.HasPrefix(l, tt.today) {
			t.Errorf("%s: today's line %q, want it to start %q", tt.mode, l, tt.today)
		}
		if !strings.Contains(ansi.Strip(v), tt.selected) {
			t.Errorf("%s: details lack %q:\n%s", tt.mode, tt.selected, ansi.Strip(v))
		}
	}
}

// SetTimes (what the shell's key calls) re-renders the lines; just after
// local midnight, an event from before it is yesterday in local time and
// today in UTC.
func TestSetTimesJudgesTodayInTheZoneShown(t *testing.T) {
	late := ev(1)
	late.Timestamp.Time = time.Date(2026, 11, 29, 23, 50, 0, 0, uitest.CET) // 22:50 UTC
	late.Message = "before midnight"
	now := time.Date(2026, 11, 30, 0, 0, 30, 0, uitest.CET)
	h := newHarnessAt(t, now, humantime.UTC, Options{}, late)
	if l := uitest.LineOf(t, h.view(), "before midnight"); !strings.HasPrefix(l, "22:50:00Z ") {
		t.Fatalf("UTC: %q", l)
	}
	h.m = h.m.SetTimes(humantime.Local).(Model)
	if l := uitest.LineOf(t, h.view(), "before midnight"); !strings.HasPrefix(l, "Nov 29 23:50:00 ") {
		t.Fatalf("local: %q", l)
	}
}

// At 80x24 a dated line still fits, its message shown.
func TestDatedLinesFitAt80(t *testing.T) {
	items := evs(1, 40)
	for i := range items {
		items[i].Timestamp = client.Time{Time: items[i].Timestamp.Add(-4 * 24 * time.Hour)}
	}
	h := newHarnessAt(t, uitest.T0, humantime.UTC, Options{}, items...)
	h.m = h.m.SetSize(80, 24).(Model)
	for i, l := range strings.Split(h.view(), "\n") {
		if w := lipglossWidth(l); w > 80 {
			t.Fatalf("line %d is %d wide: %q", i, w, l)
		}
	}
	if l := uitest.LineOf(t, h.view(), "error 40"); !strings.HasPrefix(l, "Nov 25 12:00:40Z ERROR") {
		t.Fatalf("dated line at 80: %q", l)
	}
}

// An unfolded message's further lines start one past the time column, as
// wide as it is: dated or not, in every mode.
func TestUnfoldedLinesIndentPastTheTimeColumn(t *testing.T) {
	for _, tt := range []struct {
		mode  humantime.Mode
		dated bool
		width int
	}{
		{humantime.UTC, true, len("Nov 25 12:00:14Z")},
		{humantime.Local, true, len("Nov 25 13:00:14")},
		{humantime.UTC, false, len("12:00:14Z")},
		{humantime.Relative, false, len("12:00:14")},
	} {
		items := evs(1, 14)
		if tt.dated {
			for i := range items {
				items[i].Timestamp.Time = items[i].Timestamp.Add(-4 * 24 * time.Hour)
			}
		}
		h := newHarnessAt(t, uitest.T0.Add(time.Minute).In(uitest.CET), tt.mode, Options{}, items...)
		h.press("tab")
		want := strings.Repeat(" ", tt.width+1) + "second line"
		if l := uitest.LineOf(t, h.view(), "second line"); !strings.HasPrefix(l, want) {
			t.Errorf("%s, dated %v: %q, want it to start %q", tt.mode, tt.dated, l, want)
		}
	}
}
