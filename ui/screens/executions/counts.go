package executions

import (
	"strconv"
	"strings"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/themes"
)

// compactCounts is the header's counts when the terminal is narrow: the
// failed (with the last hour's), stuck and active counts always, each a
// glyph and a number, so that at 80 columns none is cut: ✗15 1h:2 ⚠2 ▶3 ◷1.
func (m Model) compactCounts() string {
	var b strings.Builder
	if n := m.poll.unreadable; n > 0 {
		b.WriteString(m.styles.StatusFailed.Render("!" + strconv.Itoa(n) + " unreadable"))
		b.WriteByte(' ')
	}
	failed, active, waiting := 0, 0, 0
	for _, c := range m.list.Counts() {
		switch {
		case c.Status == client.StatusFailed:
			failed += c.Count
		case c.Status.IsActive():
			active += c.Count
		case c.Status.IsWaiting():
			waiting += c.Count
		}
	}
	b.WriteString(m.styles.StatusFailed.Render(themes.Glyph(client.StatusFailed) + strconv.Itoa(failed)))
	b.WriteString(m.failedLastHour(" 1h:", ""))
	b.WriteByte(' ')
	b.WriteString(m.styles.Stuck.Render("⚠" + strconv.Itoa(m.StuckCount())))
	b.WriteByte(' ')
	b.WriteString(m.styles.StatusActive.Render(themes.Glyph(client.StatusStarted) + strconv.Itoa(active)))
	if waiting > 0 {
		b.WriteByte(' ')
		b.WriteString(m.styles.StatusWaiting.Render(themes.Glyph(client.StatusQueued) + strconv.Itoa(waiting)))
	}
	return b.String()
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
