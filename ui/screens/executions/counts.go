package executions

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/themes"
)

// compactCounts is the header's counts when the terminal is narrow: the
// failed (with the last hour's), stuck and started counts always, then the
// pending, stopping and waiting ones that there are, each the glyph its
// rows carry in the list and a number, so that at 80 columns none is cut:
// ✗15 1h:2 ⚠2 ▶3 …1 ⟳2 ◷1. The full help's legend explains them.
func (m Model) compactCounts() string {
	var b strings.Builder
	if n := m.poll.unreadable; n > 0 {
		b.WriteString(m.styles.StatusFailed.Render("!" + strconv.Itoa(n) + " unreadable"))
		b.WriteByte(' ')
	}
	failed := 0
	var running [len(compactRunning)]int
	for _, c := range m.list.Counts() {
		if c.Status == client.StatusFailed {
			failed += c.Count
			continue
		}
		for i, sts := range compactRunning {
			if slices.Contains(sts, c.Status) {
				running[i] += c.Count
			}
		}
	}
	b.WriteString(m.styles.StatusFailed.Render(themes.Glyph(client.StatusFailed) + strconv.Itoa(failed)))
	b.WriteString(m.failedLastHour(" 1h:", ""))
	b.WriteByte(' ')
	b.WriteString(m.styles.Stuck.Render("⚠" + strconv.Itoa(m.StuckCount())))
	for i, sts := range compactRunning {
		if running[i] == 0 && i > 0 {
			continue // started is always there; the others when there are some
		}
		b.WriteByte(' ')
		b.WriteString(m.styles.Status(sts[0]).Render(themes.Glyph(sts[0]) + strconv.Itoa(running[i])))
	}
	return b.String()
}

// compactRunning are the compact counts of the executions not yet ended,
// one per glyph of the list: started, pending, stopping, waiting.
var compactRunning = [...][]client.Status{
	{client.StatusStarted},
	{client.StatusPending},
	{client.StatusCancelling, client.StatusForceCancelling, client.StatusKillCancelling},
	{client.StatusQueued, client.StatusScheduled},
}

// failedLastHour is how many of the failures counted beside it ended in
// the last hour, between before and after; "" when none.
func (m Model) failedLastHour(before, after string) string {
	n := m.shownFailed1h()
	if n == 0 {
		return ""
	}
	return m.styles.StatusFailed.Render(before + strconv.Itoa(n) + after)
}

// hourCount keeps what shownFailed1h counted: the window's failures of
// the last hour (read again only when the rows change), and the last count
// among the shown rows with what it was counted for.
type hourCount struct {
	rev            uint64
	scanned        bool
	from           time.Time // the hour's start the failures were collected for
	fails          []failEnd
	filter, narrow string
	now            time.Time
	n              int
}

type failEnd struct {
	id string
	at time.Time
}

// shownFailed1h is the failures that ended in the last hour among the rows
// the list shows: the scope of the failed count beside it, which a filter
// or a narrowed cause makes smaller than the window the triage rules read.
// The window is read again only when its rows changed (or the clock went
// back); a keystroke in the filter, or a tick, looks only at the failures
// collected then.
func (m Model) shownFailed1h() int {
	if m.list.Len() == m.list.Total() {
		return m.tri.failed1h
	}
	c := m.hour
	hour := m.now.Add(-time.Hour)
	if rev := m.list.Revision(); !c.scanned || c.rev != rev || hour.Before(c.from) {
		c.fails = c.fails[:0]
		for e := range m.list.All() {
			if e.Status == client.StatusFailed && e.EndedAt.Valid && e.EndedAt.Value.After(hour) {
				c.fails = append(c.fails, failEnd{id: e.ID, at: e.EndedAt.Value.Time})
			}
		}
		c.rev, c.scanned, c.from = rev, true, hour
		c.now = time.Time{} // count again
	}
	if c.filter == m.filter.text && c.narrow == m.narrow && c.now.Equal(m.now) {
		return c.n
	}
	n := 0
	for _, f := range c.fails {
		if f.at.After(hour) && m.list.Shown(f.id) {
			n++
		}
	}
	c.filter, c.narrow, c.now, c.n = m.filter.text, m.narrow, m.now, n
	return n
}

// stuckCount is the full header's stuck count after sep; "" when none.
func (m Model) stuckCount(sep string) string {
	n := m.StuckCount()
	if n == 0 {
		return ""
	}
	return sep + m.styles.Stuck.Render("⚠ stuck "+strconv.Itoa(n))
}
