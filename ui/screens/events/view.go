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
		return 1 + len(m.unfoldedLines(m.lines.at(seq)))
	}
	return 1
}

// foldable reports whether e has more to show than its row: further lines,
// or a message its column may cut.
func (m Model) foldable(e *entry) bool {
	return len(e.more) > 0 || ansi.StringWidth(e.msg) > m.messageWidth()
}

// unfoldedLines are the rows under an unfolded line: its message in full
// when its column may cut it, then its further lines, each wrapped to what
// is right of the time column (as wide as a dated one, so that the rows
// are the same whichever the lines in view make it).
func (m Model) unfoldedLines(e *entry) []string {
	w := max(m.width-m.times.EventWidth(true)-1, 10)
	var out []string
	wrap := func(l string) {
		out = append(out, strings.Split(ansi.Wrap(l, w, ""), "\n")...)
	}
	if ansi.StringWidth(e.msg) > m.messageWidth() {
		wrap(e.msg)
	}
	for _, l := range e.more {
		wrap(l)
	}
	return out
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
	from := m.window()
	stampW := m.stampWidth(now, from, h)
	switch {
	case len(ms) == 0:
		b.WriteString(m.styles.Muted.Render(m.emptyText()))
		b.WriteByte('\n')
		rows++
	default:
		for i := from; i < len(ms) && rows < h; i++ {
			seq := ms[i]
			e := m.lines.at(seq)
			b.WriteString(m.line(e, seq, seq == m.sel, now, stampW))
			b.WriteByte('\n')
			rows++
			if m.unfolded[seq] {
				for _, l := range m.unfoldedLines(e) {
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

// column is one of the middle columns of a line.
type column struct {
	w    int
	from int // shown from this terminal width
}

// The middle columns, in their order: deployment, workflow, execution,
// node instance, operation. The narrower the terminal, the fewer, so that
// the message keeps the room (the details line below has them all).
var columns = [...]column{{12, 80}, {12, 140}, {shortIDW, 100}, {16, 100}, {14, 160}}

// messageWidth is the message's column when the time column is dated, the
// narrowest it is at this width.
func (m Model) messageWidth() int {
	w := m.width - (m.times.EventWidth(true) + 1) - (kindW + 1)
	for _, c := range columns {
		if m.width >= c.from {
			w -= c.w + 1
		}
	}
	return w
}

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
	for i, c := range columns {
		if w < c.from {
			continue
		}
		var s string
		switch i {
		case 0:
			s = e.dep
		case 1:
			s = e.wf
		case 2:
			s = common.ShortID(e.exec)
		case 3:
			s = e.node
		case 4:
			s = lastPart(e.op)
		}
		pad(&b, s, c.w)
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

// stampWidth is the width of the time column for the h lines of the
// filter's from the from-th: the dated one when one of them is from
// another day, so that their columns line up; today's alone, so that the
// message has the room, when all are today's.
func (m Model) stampWidth(now time.Time, from, h int) int {
	ms := m.lines.matches
	for i := from; i < len(ms) && i < from+h; i++ {
		if !m.times.Today(time.UnixMilli(m.lines.at(ms[i]).ms), now) {
			return m.times.EventWidth(true)
		}
	}
	return m.times.EventWidth(false)
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
