package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/ui/common"
)

// cycleTimes switches every screen to the next time mode (relative, local,
// UTC) and says which one is on; screens pushed later start in it.
func (a App) cycleTimes() (App, tea.Cmd) {
	a.times = a.times.Next()
	a.stack = append([]common.Screen(nil), a.stack...)
	for i, s := range a.stack {
		if ts, ok := s.(common.TimeSetter); ok {
			a.stack[i] = ts.SetTimes(a.times)
		}
	}
	what := "times: " + a.times.String()
	switch a.times {
	case humantime.Local:
		what += " (" + a.nowFn().Format("MST") + ")"
	case humantime.Relative:
		what += " (clock times in UTC)"
	}
	return a, a.setStatus(what, false)
}
