// Package humantime writes durations, ages and times of day the way every
// part of cfytop shows them to people: the list, the header, the detail
// pane, the events timeline and --once. Mode is the one choice of how times
// of day are shown; every screen formats them through it.
package humantime

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a compact duration in whole seconds with at most two units:
// 42s, 3m04s, 2h05m, 3d04h. A negative duration (clock skew between the
// manager and this machine) is 0s.
func Duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return strconv.FormatInt(s, 10) + "s"
	case s < 3600:
		return strconv.FormatInt(s/60, 10) + "m" + two(s%60) + "s"
	case s < 86400:
		return strconv.FormatInt(s/3600, 10) + "h" + two(s%3600/60) + "m"
	}
	return strconv.FormatInt(s/86400, 10) + "d" + two(s%86400/3600) + "h"
}

// Age is the coarsest unit of a duration: 45s, 3m, 2h, 4d.
func Age(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d"
}

func two(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// Mode is how the times of day are shown: the list's time columns as ages
// or as clock times, and the zone of every clock time.
type Mode uint8

// The modes, in the order Next goes through them.
const (
	// Relative shows ages in the columns (3m, 1d) and clock times in UTC
	// with no marker, as the filters read them.
	Relative Mode = iota
	// Local shows clock times in the local zone: the zone of the clock
	// (the now) each method is given.
	Local
	// UTC shows clock times in UTC, marked with a Z.
	UTC
	numModes
)

// modeNames are the modes' names: the one list the config file, --time,
// the errors, `cfytop info` and the status line all read.
var modeNames = [numModes]string{Relative: "relative", Local: "local", UTC: "utc"}

// String is the mode's name, as the config file and --time take it.
func (m Mode) String() string {
	if m >= numModes {
		return "?"
	}
	return modeNames[m]
}

// Next is the mode after m: relative, local, UTC, then relative again.
func (m Mode) Next() Mode { return (m + 1) % numModes }

// ModeNames lists the names ParseMode accepts.
func ModeNames() []string {
	return append([]string(nil), modeNames[:]...)
}

// ParseMode reads a mode's name, in any case.
func ParseMode(s string) (Mode, error) {
	for m := Mode(0); m < numModes; m++ {
		if strings.EqualFold(strings.TrimSpace(s), modeNames[m]) {
			return m, nil
		}
	}
	return Relative, fmt.Errorf("unknown time mode %q; choose one of %s", s, strings.Join(ModeNames(), ", "))
}

// in is t in the mode's zone: now's zone for Local, UTC otherwise.
func (m Mode) in(t, now time.Time) time.Time {
	if m == Local {
		return t.In(now.Location())
	}
	return t.UTC()
}

// zone is what a clock time carries after it: Z in UTC mode.
func (m Mode) zone() string {
	if m == UTC {
		return "Z"
	}
	return ""
}

// Today reports whether t is on now's day in the mode's zone: a time of
// day alone says when it was.
func (m Mode) Today(t, now time.Time) bool {
	t, now = m.in(t, now), m.in(now, now)
	return t.YearDay() == now.YearDay() && t.Year() == now.Year()
}

// Column is a time in a table column: its age in Relative mode (3m, 1d);
// otherwise the clock time when it is today (15:04:05), the day and minute
// when it is from another day this year (Jan 02 15:04), the date alone
// from another year (2025-01-02); UTC's carry a Z. At most ColumnWidth
// cells.
func (m Mode) Column(t, now time.Time) string {
	if m == Relative {
		return Age(now.Sub(t))
	}
	in := m.in(t, now)
	switch {
	case m.Today(t, now):
		return in.Format("15:04:05") + m.zone()
	case in.Year() == m.in(now, now).Year():
		return in.Format("Jan 02 15:04") + m.zone()
	}
	return in.Format("2006-01-02") + m.zone()
}

// ColumnWidth is the widest Column of the mode, in cells.
func (m Mode) ColumnWidth() int {
	if m == Relative {
		return 5 // 9999d
	}
	return len("Jan 02 15:04") + len(m.zone())
}

// Event is an event's time: to the second, with the day before it when it
// is not from today (Jan 02 15:04:05), in UTC for Relative and UTC modes,
// in now's zone for Local; UTC mode's carry a Z. EventWidth cells.
func (m Mode) Event(t, now time.Time) string {
	in := m.in(t, now)
	if m.Today(t, now) {
		return in.Format("15:04:05") + m.zone()
	}
	return in.Format("Jan 02 15:04:05") + m.zone()
}

// EventWidth is the width of Event's times, of today's (dated false) or of
// another day's.
func (m Mode) EventWidth(dated bool) int {
	if dated {
		return len("Jan 02 15:04:05") + len(m.zone())
	}
	return len("15:04:05") + len(m.zone())
}

// Stamp is a full date and time for a detail line, to the second, in UTC
// (2026-11-29 12:00:00Z) or, in Local mode, in now's zone with its name
// (2026-11-29 13:00:00 CET).
func (m Mode) Stamp(t, now time.Time) string {
	if m == Local {
		return t.In(now.Location()).Format("2006-01-02 15:04:05 MST")
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// StampMilli is Stamp to the millisecond.
func (m Mode) StampMilli(t, now time.Time) string {
	if m == Local {
		return t.In(now.Location()).Format("2006-01-02 15:04:05.000 MST")
	}
	return t.UTC().Format("2006-01-02 15:04:05.000Z")
}
