package executions

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/common"
)

func clean(s string) string { return textsafe.Clean(s) }

// connState is the connection state in words.
func (m Model) connState() (string, bool) {
	p := m.poll
	switch {
	case p.paused:
		return m.styles.Paused.Render("paused"), false
	case p.lastErr != "":
		what := "no data yet"
		if p.loaded {
			what = "stale " + roundSecs(m.now.Sub(p.lastGood))
		}
		retry := "retrying now"
		switch {
		case p.inflight:
		case p.refused != "":
			retry = p.refused + ", polling stopped (" + m.keys.Refresh.Help().Key + " retries)"
		default:
			if wait := p.retryAt.Sub(m.now); wait > 0 {
				retry = "retrying in " + roundSecs(wait+time.Second-1)
			}
		}
		return m.styles.Stale.Render(what+" — "+retry+":") + " " + m.styles.Base.Render(clean(p.lastErr)), true
	case p.inflight && (p.manual || !p.loaded):
		return m.styles.Live.Render("refreshing"), false
	}
	return m.styles.Live.Render("live"), false
}

// roundSecs writes a duration in whole seconds: 8s, 42s, 3m05s, 1h02m.
func roundSecs(d time.Duration) string {
	s := int(d / time.Second)
	if s < 0 {
		s = 0
	}
	switch {
	case s < 60:
		return strconv.Itoa(s) + "s"
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, (s%3600)/60)
}

// Header is the connection state, the counts per status and the scope.
func (m Model) Header(w int) string {
	// Line two leads with the connection state; when it is stale the reason
	// matters more than the counts, which are cut first.
	conn, stale := m.connState()
	sep := m.styles.Muted.Render(" · ")
	scope := m.styles.Muted.Render(m.scopeLine())
	if stale {
		scope = ""
	}
	return common.Spread(conn+sep+m.countsLine(), scope, w)
}

func (m Model) countsLine() string {
	counts := m.list.Counts()
	if len(counts) == 0 {
		if !m.poll.loaded {
			return m.styles.Muted.Render("loading executions…")
		}
		return m.styles.Muted.Render("no executions in scope")
	}
	sep := m.styles.Muted.Render(" · ")
	var b strings.Builder
	for i, c := range counts {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(m.statusStyle(c.Status).Render(clean(c.Status.Display()) + " " + strconv.Itoa(c.Count)))
	}
	return b.String()
}

func (m Model) scopeLine() string {
	shown, total := m.list.Len(), m.list.Total()
	var s string
	if shown == total {
		s = plural(total, "execution")
	} else {
		s = fmt.Sprintf("%d of %d shown", shown, total)
	}
	if m.system {
		s += " · system shown"
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func (m Model) statusStyle(s client.Status) lipgloss.Style {
	switch {
	case s == client.StatusTerminated:
		return m.styles.StatusOK
	case s == client.StatusFailed:
		return m.styles.StatusFailed
	case s == client.StatusCancelled:
		return m.styles.StatusCancelled
	case s.IsWaiting():
		return m.styles.StatusWaiting
	}
	return m.styles.StatusActive
}
