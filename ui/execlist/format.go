package execlist

import (
	"strconv"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/themes"
)

// statusRank orders statuses for the status sort and the header counts:
// what needs attention first (running, stopping), then waiting, then ended.
var statusOrderArr = [...]client.Status{
	client.StatusStarted, client.StatusPending,
	client.StatusCancelling, client.StatusForceCancelling, client.StatusKillCancelling,
	client.StatusQueued, client.StatusScheduled,
	client.StatusFailed, client.StatusCancelled, client.StatusTerminated,
}

var statusOrder = statusOrderArr[:]

const unknownRank = uint8(255)

func rankOf(s client.Status) uint8 {
	for i, k := range statusOrder {
		if k == s {
			return uint8(i)
		}
	}
	return unknownRank
}

// Glyph is the symbol shown before a status word.
func Glyph(s client.Status) string {
	switch s {
	case client.StatusTerminated:
		return "✓"
	case client.StatusFailed:
		return "✗"
	case client.StatusCancelled:
		return "⊘"
	case client.StatusStarted:
		return "▶"
	case client.StatusPending:
		return "…"
	case client.StatusQueued, client.StatusScheduled:
		return "◷"
	case client.StatusCancelling, client.StatusForceCancelling, client.StatusKillCancelling:
		return "⟳"
	}
	return "?"
}

// StatusStyle is the style of a status word in the given theme.
func StatusStyle(st *themes.Styles, s client.Status) lipgloss.Style {
	switch s {
	case client.StatusTerminated:
		return st.StatusOK
	case client.StatusFailed:
		return st.StatusFailed
	case client.StatusCancelled, client.StatusCancelling, client.StatusForceCancelling, client.StatusKillCancelling:
		return st.StatusCancelled
	case client.StatusStarted, client.StatusPending:
		return st.StatusActive
	case client.StatusQueued, client.StatusScheduled:
		return st.StatusWaiting
	}
	return st.Base
}

// FormatAge is a compact age: 45s, 3m, 2h, 4d. A time in the future (clock
// skew between the manager and this machine) shows as 0s.
func FormatAge(d time.Duration) string {
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

// FormatDuration is a compact duration with two units: 42s, 3m04s, 2h05m, 3d04h.
func FormatDuration(d time.Duration) string {
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

func two(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
