// Package humantime writes durations and ages the way every part of cfytop
// shows them to people: the list, the header, the detail pane and --once.
package humantime

import (
	"strconv"
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
