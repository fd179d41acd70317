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

// hourCount keeps shownFailed1h's last count and what it was counted for.
type hourCount struct {
	rev            uint64
	filter, narrow string
	now            time.Time
	n              int
}

// shownFailed1h is the failures that ended in the last hour among the rows
// the list shows: the scope of the failed count beside it, which a filter
// or a narrowed cause makes smaller than the window the triage rules read.
// Counted again only when the rows, the filter or the clock moved.
func (m Model) shownFailed1h() int {
	if m.list.Len() == m.list.Total() {
		return m.tri.failed1h
	}
	c := m.hour
	if c.rev == m.list.Revision() && c.filter == m.filter.text && c.narrow == m.narrow && c.now.Equal(m.now) {
		return c.n
	}
	hour := m.now.Add(-time.Hour)
	n := 0
	for e := range m.list.All() {
		if e.Status == client.StatusFailed && e.EndedAt.Valid && e.EndedAt.Value.After(hour) && m.list.Shown(e.ID) {
			n++
		}
	}
	*c = hourCount{rev: m.list.Revision(), filter: m.filter.text, narrow: m.narrow, now: m.now, n: n}
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
