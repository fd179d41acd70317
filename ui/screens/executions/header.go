package executions

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
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
			what = "stale " + humantime.Duration(m.now.Sub(p.lastGood))
		}
		retry := "retrying now"
		switch {
		case p.inflight:
		case p.refused != "":
			retry = p.refused + ", polling stopped (" + m.keys.Refresh.Help().Key + " retries)"
		default:
			if wait := p.retryAt.Sub(m.now); wait > 0 {
				retry = "retrying in " + humantime.Duration(wait+time.Second-1)
			}
		}
		return m.styles.Stale.Render(what+" — "+retry+":") + " " + m.styles.Base.Render(clean(p.lastErr)), true
	case m.slowPoll():
		// The rows and their ages are as of the last answer: say so, and
		// how long the manager has been silent, instead of "live".
		what := "waiting for the manager " + humantime.Duration(m.now.Sub(p.sentAt))
		if p.loaded {
			what += " · data from " + humantime.Duration(m.now.Sub(p.lastGood)) + " ago"
		}
		return m.styles.Stale.Render(what), true
	case p.syncing != nil && p.syncing.got > 0 && p.syncing.got < p.syncing.want:
		return m.styles.Live.Render(fmt.Sprintf("loading %s of %s", thousands(p.syncing.got), thousands(p.syncing.want))), false
	case p.inflight && (p.manual || !p.loaded):
		return m.styles.Live.Render("refreshing"), false
	}
	return m.styles.Live.Render("live"), false
}

// slowPoll reports whether the poll in flight has taken longer than the
// refresh interval: the data on screen is then older than it claims.
func (m Model) slowPoll() bool {
	return m.poll.inflight && !m.poll.sentAt.IsZero() && m.now.Sub(m.poll.sentAt) > m.o.Refresh
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
	left := conn + sep
	if marks := m.marksLine(); marks != "" {
		left += marks + sep // before the counts: they are cut first
	}
	counts := m.countsLine()
	// The counts end in a number and the scope starts with one: a gap of a
	// separator's width at least, else "stuck 2 84 executions" reads as one.
	gap := lipgloss.Width(sep)
	if room := w - lipgloss.Width(left) - lipgloss.Width(scope) - gap; lipgloss.Width(counts) > room {
		// Narrow: the compact counts, and the scope only if they fit
		// beside it; the failed, stuck and active counts always stay.
		counts = m.compactCounts()
		if lipgloss.Width(counts) > room {
			scope = ""
		}
	}
	if scope != "" && w-lipgloss.Width(left+counts)-lipgloss.Width(scope) < 2*gap {
		counts += sep // a close scope is set apart like the rest
	}
	return common.Spread(left+counts, scope, w)
}

func (m Model) countsLine() string {
	sep := m.styles.Muted.Render(" · ")
	var b strings.Builder
	if n := m.poll.unreadable; n > 0 {
		// First: a row the manager sent that is not shown is what the
		// counts cannot say.
		b.WriteString(m.styles.StatusFailed.Render(fmt.Sprintf("! %d unreadable", n)))
		b.WriteString(sep)
	}
	counts := m.list.Counts()
	if len(counts) == 0 {
		if !m.poll.loaded {
			return b.String() + m.styles.Muted.Render("loading executions…")
		}
		return b.String() + m.styles.Muted.Render("no executions in scope")
	}
	for i, c := range counts {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(m.styles.Status(c.Status).Render(clean(c.Status.Display()) + " " + strconv.Itoa(c.Count)))
		if c.Status == client.StatusFailed {
			b.WriteString(m.failedLastHour(" (", " in the last hour)"))
		}
	}
	b.WriteString(m.stuckCount(sep))
	return b.String()
}

func (m Model) scopeLine() string {
	shown, total := m.list.Len(), m.list.Total()
	var s string
	if shown == total {
		s = common.Plural(total, "execution")
	} else {
		s = fmt.Sprintf("%d of %d shown", shown, total)
	}
	if m.system {
		s += " · system shown"
	}
	return s
}

// thousands writes n with a comma every three digits: 23,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
