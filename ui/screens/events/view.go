package events

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/common"
)

// listHeight is the rows the lines get: all but the selected line's details.
func (m Model) listHeight() int { return max(m.height-m.detailRows(), 1) }

// detailRows is the height of the details: two rows on a narrow terminal.
func (m Model) detailRows() int {
	if m.width < 140 {
		return 2
	}
	return 1
}

// height of one line as shown.
func (m Model) lineRows(seq int) int {
	if m.unfolded[seq] {
		return 1 + len(m.lines.at(seq).more)
	}
	return 1
}

// window is the first match index shown.
func (m Model) window() int {
	ms := m.lines.matches
	if len(ms) == 0 {
		return 0
	}
	h := m.listHeight()
	if m.follow {
		// The newest at the bottom.
		i, rows := len(ms)-1, 0
		for i >= 0 && rows+m.lineRows(ms[i]) <= h {
			rows += m.lineRows(ms[i])
			i--
		}
		return min(i+1, len(ms)-1)
	}
	return min(m.lines.index(m.top), len(ms)-1)
}

// ensureVisible moves the window so the selection is in it.
func (m *Model) ensureVisible() {
	ms := m.lines.matches
	if len(ms) == 0 || m.follow {
		return
	}
	si := m.lines.index(m.sel)
	ti := m.lines.index(m.top)
	if si < ti {
		m.top = ms[si]
		return
	}
	h, rows := m.listHeight(), 0
	for i := ti; i <= si && i < len(ms); i++ {
		rows += m.lineRows(ms[i])
	}
	for rows > h && ti < si {
		rows -= m.lineRows(ms[ti])
		ti++
	}
	m.top = ms[ti]
}

// View is the lines and, at the bottom, the selected line in full.
func (m Model) View() string {
	if m.styles == nil || m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(m.width * (m.height + 1) * 2)
	h := m.listHeight()
	ms := m.lines.matches
	rows := 0
	now := m.nowFn()
	stampW := m.stampWidth(now)
	switch {
	case len(ms) == 0:
		b.WriteString(m.styles.Muted.Render(m.emptyText()))
		b.WriteByte('\n')
		rows++
	default:
		for i := m.window(); i < len(ms) && rows < h; i++ {
			seq := ms[i]
			e := m.lines.at(seq)
			b.WriteString(m.line(e, seq, seq == m.sel, now, stampW))
			b.WriteByte('\n')
			rows++
			if m.unfolded[seq] {
				for _, l := range e.more {
					if rows == h {
						break
					}
					b.WriteString(m.sev[e.sev].Render(common.Fit(spaces[:stampW+1]+l, m.width))) // past the time column
					b.WriteByte('\n')
					rows++
				}
			}
		}
	}
	for ; rows < h; rows++ {
		b.WriteByte('\n')
	}
	b.WriteString(m.details())
	return b.String()
}

func (m Model) emptyText() string {
	switch {
	case m.poll.lastErr != "" && !m.poll.loaded:
		return "could not read the events: " + textsafe.Clean(m.poll.lastErr)
	case !m.poll.loaded:
		return "loading…"
	case len(m.lines.entries) > 0:
		return "no line matches the filter"
	}
	return "no events yet"
}

// Column widths.
const (
	kindW    = 12
	shortIDW = 8
)

// line is one event as a row: time, kind, deployment, workflow, execution,
// node instance, operation, message; the narrower the terminal, the fewer
// of the middle columns (the details line below has them all).
func (m Model) line(e *entry, seq int, selected bool, now time.Time, stampW int) string {
	ts := m.times.Event(time.UnixMilli(e.ms), now)
	var b strings.Builder
	if n := stampW - len(ts); n > 0 {
		b.WriteString(spaces[:n])
	}
	b.WriteString(ts)
	b.WriteByte(' ')
	pad(&b, e.kind, kindW)
	w := m.width
	cols := []struct {
		s    string
		w    int
		from int // shown from this terminal width
	}{
		{e.dep, 14, 80}, {e.wf, 12, 120}, {common.ShortID(e.exec), shortIDW, 100}, {e.node, 16, 80}, {lastPart(e.op), 14, 140},
	}
	for _, c := range cols {
		if w >= c.from {
			pad(&b, c.s, c.w)
		}
	}
	msg := e.msg
	if n := len(e.more); n > 0 && !m.unfolded[seq] {
		msg += " ▸+" + strconv.Itoa(n)
	}
	b.WriteString(msg)
	s := common.Fit(b.String(), w)
	if selected {
		return m.styles.RowSelected.Render(s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)))
	}
	return m.sev[e.sev].Render(s)
}

// stampWidth is the width of the time column: the dated one when the
// oldest line held is from another day, so that the columns line up and do
// not move as the view scrolls.
func (m Model) stampWidth(now time.Time) int {
	dated := len(m.lines.entries) > 0 && !m.times.Today(time.UnixMilli(m.lines.entries[0].ms), now)
	return m.times.EventWidth(dated)
}

// pad writes s cut or padded to w cells, and a space.
func pad(b *strings.Builder, s string, w int) {
	if s == "" {
		s = "-"
	}
	n := ansi.StringWidth(s)
	if n > w {
		s, n = ansi.Truncate(s, w, "…"), w
	}
	b.WriteString(s)
	b.WriteString(spaces[:w-n+1])
}

var spaces = strings.Repeat(" ", 64)

// lastPart is an operation's last two words: cloudify.interfaces.lifecycle.create
// is shown as lifecycle.create.
func lastPart(op string) string {
	if i := strings.LastIndexByte(op, '.'); i > 0 {
		if j := strings.LastIndexByte(op[:i], '.'); j >= 0 {
			return op[j+1:]
		}
	}
	return op
}

// details is the selected line with every field in full, on detailRows rows.
func (m Model) details() string {
	e, ok := m.selected()
	if !ok {
		return strings.Repeat("\n", m.detailRows()-1)
	}
	first := []string{"exec " + e.exec}
	var second []string
	add := func(to *[]string, label, v string) {
		if v != "" {
			*to = append(*to, label+" "+v)
		}
	}
	add(&first, "wf", e.wf)
	add(&first, "dep", e.dep)
	if m.o.AllTenants {
		add(&first, "tenant", e.tenant)
	}
	add(&second, "node", e.node)
	add(&second, "op", e.op)
	add(&second, "at", m.times.StampMilli(time.UnixMilli(e.ms), m.nowFn()))
	if m.detailRows() == 1 {
		return m.styles.Muted.Render(common.Fit(strings.Join(append(first, second...), " · "), m.width))
	}
	return m.styles.Muted.Render(common.Fit(strings.Join(first, " · "), m.width)) + "\n" +
		m.styles.Muted.Render(common.Fit(strings.Join(second, " · "), m.width))
}

// Header is the stream's state and the counts.
func (m Model) Header(w int) string {
	var state string
	switch {
	case m.poll.paused:
		state = m.styles.Paused.Render("paused")
	case m.poll.lastErr != "":
		state = m.styles.Stale.Render("error: " + textsafe.Clean(m.poll.lastErr))
	case !m.poll.loaded:
		state = m.styles.Muted.Render("loading…")
	case m.follow:
		state = m.styles.Live.Render("following")
	default:
		state = m.styles.Muted.Render("scrolled (G follows)")
	}
	counts := fmt.Sprintf("%d lines", len(m.lines.matches))
	if len(m.lines.matches) != len(m.lines.entries) {
		counts += fmt.Sprintf(" of %d", len(m.lines.entries))
	}
	if m.lines.dropped > 0 {
		counts += fmt.Sprintf(" · %d older dropped (at most %d kept)", m.lines.dropped, m.o.MaxLines)
	}
	if m.notLoaded > 0 {
		counts += fmt.Sprintf(" · %d older not read", m.notLoaded)
	}
	return common.Spread(state+"  "+m.styles.Muted.Render(counts), "", w)
}

// Footer is the filter, being typed or in force.
func (m Model) Footer(int) string {
	switch {
	case m.typing:
		left := m.filterIn.View()
		if m.filterErr != "" {
			left += "  " + m.styles.FilterError.Render("✗ "+textsafe.Clean(m.filterErr))
		}
		return left
	case m.filterTxt != "":
		return m.styles.FilterPrompt.Render("filter: ") + m.styles.FilterText.Render(textsafe.Clean(m.filterTxt))
	}
	return ""
}
