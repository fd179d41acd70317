package humantime

import (
	"strings"
	"testing"
	"time"
)

func TestDurationAndAge(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		age  string
		took string
	}{
		{-time.Second, "0s", "0s"},
		{0, "0s", "0s"},
		{42 * time.Second, "42s", "42s"},
		{3*time.Minute + 4*time.Second, "3m", "3m04s"},
		{2*time.Hour + 5*time.Minute, "2h", "2h05m"},
		{4*24*time.Hour + 3*time.Hour, "4d", "4d03h"},
	} {
		if got := Age(tt.d); got != tt.age {
			t.Errorf("Age(%v) = %q, want %q", tt.d, got, tt.age)
		}
		if got := Duration(tt.d); got != tt.took {
			t.Errorf("Duration(%v) = %q, want %q", tt.d, got, tt.took)
		}
	}
}

// cet is the zone of the tests' local clock: never the machine's.
var cet = time.FixedZone("CET", 3600)

func TestModeCyclesRelativeLocalUTC(t *testing.T) {
	m := Relative
	var names []string
	for range 4 {
		names = append(names, m.String())
		m = m.Next()
	}
	if got := strings.Join(names, " "); got != "relative local utc relative" {
		t.Fatalf("cycle: %s", got)
	}
	for _, name := range []string{"relative", "Local", " utc "} {
		if _, err := ParseMode(name); err != nil {
			t.Errorf("ParseMode(%q): %v", name, err)
		}
	}
	if m, err := ParseMode("zulu"); err == nil || !strings.Contains(err.Error(), `"zulu"`) || !strings.Contains(err.Error(), "relative, local, utc") {
		t.Fatalf("ParseMode(zulu) = %v, %v", m, err)
	}
}

// A mode's name is the one the config file, the flag and the errors use:
// what `cfytop info` prints can be written back.
func TestModeNamesAreTheNamesParseModeReads(t *testing.T) {
	names := ModeNames()
	if len(names) != int(numModes) {
		t.Fatalf("ModeNames() = %v", names)
	}
	for m := Mode(0); m < numModes; m++ {
		if names[m] != m.String() {
			t.Errorf("ModeNames()[%d] = %q, %v.String() = %q", m, names[m], m, m.String())
		}
		if back, err := ParseMode(m.String()); err != nil || back != m {
			t.Errorf("ParseMode(%q) = %v, %v", m.String(), back, err)
		}
	}
	names[0] = "changed"
	if Relative.String() != "relative" {
		t.Fatal("changing what ModeNames returned renamed a mode")
	}
}

func TestColumnInEachMode(t *testing.T) {
	now := time.Date(2026, 11, 29, 15, 0, 0, 0, cet) // 14:00 UTC
	for _, tt := range []struct {
		at                   time.Time
		relative, local, utc string
	}{
		{now.Add(-3 * time.Minute), "3m", "14:57:00", "13:57:00Z"},
		{now.Add(-4 * 24 * time.Hour), "4d", "Nov 25 15:00", "Nov 25 14:00Z"},
		{time.Date(2025, 12, 31, 9, 5, 0, 0, time.UTC), "333d", "2025-12-31", "2025-12-31Z"},
	} {
		for _, c := range []struct {
			m    Mode
			want string
		}{{Relative, tt.relative}, {Local, tt.local}, {UTC, tt.utc}} {
			got := c.m.Column(tt.at, now)
			if got != c.want {
				t.Errorf("%s Column(%v) = %q, want %q", c.m, tt.at, got, c.want)
			}
			if len(got) > c.m.ColumnWidth() {
				t.Errorf("%s Column %q wider than ColumnWidth %d", c.m, got, c.m.ColumnWidth())
			}
		}
	}
}

func TestEventCarriesADateWhenNotToday(t *testing.T) {
	now := time.Date(2026, 11, 29, 15, 0, 0, 0, cet)
	today := now.Add(-time.Hour)
	old := now.Add(-4 * 24 * time.Hour)
	for _, tt := range []struct {
		m          Mode
		today, old string
	}{
		{Relative, "13:00:00", "Nov 25 14:00:00"},
		{Local, "14:00:00", "Nov 25 15:00:00"},
		{UTC, "13:00:00Z", "Nov 25 14:00:00Z"},
	} {
		if got := tt.m.Event(today, now); got != tt.today || len(got) != tt.m.EventWidth(false) {
			t.Errorf("%s Event(today) = %q, want %q in %d cells", tt.m, got, tt.today, tt.m.EventWidth(false))
		}
		if got := tt.m.Event(old, now); got != tt.old || len(got) != tt.m.EventWidth(true) {
			t.Errorf("%s Event(4 days ago) = %q, want %q in %d cells", tt.m, got, tt.old, tt.m.EventWidth(true))
		}
	}
}

// Today is judged in the zone shown: just after local midnight, an event
// of an hour ago is yesterday in local time and today in UTC.
func TestTodayIsJudgedInTheZoneShown(t *testing.T) {
	now := time.Date(2026, 11, 29, 0, 0, 30, 0, cet) // Nov 28 23:00:30 UTC
	hourAgo := now.Add(-time.Hour)                   // Nov 28 23:00:30 CET, 22:00:30 UTC
	justAfter := now.Add(-10 * time.Second)          // Nov 29 00:00:20 CET, Nov 28 23:00:20 UTC
	if Local.Today(hourAgo, now) || !Local.Today(justAfter, now) {
		t.Fatal("local midnight not the boundary in Local mode")
	}
	if !UTC.Today(hourAgo, now) || !Relative.Today(hourAgo, now) {
		t.Fatal("an hour ago is today in UTC")
	}
	if got := Local.Event(hourAgo, now); got != "Nov 28 23:00:30" {
		t.Errorf("Local Event = %q", got)
	}
	if got := Local.Event(justAfter, now); got != "00:00:20" {
		t.Errorf("Local Event = %q", got)
	}
	if got := UTC.Event(hourAgo, now); got != "22:00:30Z" {
		t.Errorf("UTC Event = %q", got)
	}
	if got := Local.Column(hourAgo, now); got != "Nov 28 23:00" {
		t.Errorf("Local Column = %q", got)
	}
	if got := UTC.Column(hourAgo, now); got != "22:00:30Z" {
		t.Errorf("UTC Column = %q", got)
	}
	// And the other way: just after UTC midnight, still the day before in a
	// zone west of Greenwich.
	west := time.FixedZone("EST", -5*3600)
	now = time.Date(2026, 11, 29, 0, 0, 30, 0, time.UTC).In(west)
	if UTC.Today(now.Add(-time.Minute), now) || !Local.Today(now.Add(-time.Minute), now) {
		t.Fatal("UTC midnight not the boundary in UTC mode")
	}
}

func TestStampNamesItsZone(t *testing.T) {
	now := time.Date(2026, 11, 29, 15, 0, 0, 0, cet)
	at := time.Date(2026, 11, 29, 12, 0, 0, 500_000_000, time.UTC)
	for _, tt := range []struct {
		m           Mode
		stamp, mill string
	}{
		{Relative, "2026-11-29 12:00:00Z", "2026-11-29 12:00:00.500Z"},
		{Local, "2026-11-29 13:00:00 CET", "2026-11-29 13:00:00.500 CET"},
		{UTC, "2026-11-29 12:00:00Z", "2026-11-29 12:00:00.500Z"},
	} {
		if got := tt.m.Stamp(at, now); got != tt.stamp {
			t.Errorf("%s Stamp = %q, want %q", tt.m, got, tt.stamp)
		}
		if got := tt.m.StampMilli(at, now); got != tt.mill {
			t.Errorf("%s StampMilli = %q, want %q", tt.m, got, tt.mill)
		}
	}
}
