package executions

import (
	"strconv"
	"strings"

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

// failedLastHour is how many failures ended in the last hour, between
// before and after; "" when none.
func (m Model) failedLastHour(before, after string) string {
	if m.tri.failed1h == 0 {
		return ""
	}
	return m.styles.StatusFailed.Render(before + strconv.Itoa(m.tri.failed1h) + after)
}

// stuckCount is the full header's stuck count after sep; "" when none.
func (m Model) stuckCount(sep string) string {
	n := m.StuckCount()
	if n == 0 {
		return ""
	}
	return sep + m.styles.Stuck.Render("⚠ stuck "+strconv.Itoa(n))
}
