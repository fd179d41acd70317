package actions

import (
	"fmt"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Line priorities: when a dialog does not fit its height, the lowest go
// first (the last of them first), so that what decides the action — the
// title, the warning, the status that will be sent, the typed-ID prompt —
// stays on screen while blanks and descriptions make room.
const (
	prioLow    = iota // blank lines, commands, explanations
	prioNormal        // the default
	prioHigh          // titles, warnings, errors
	prioTop           // what will be sent and how to confirm it
)

type pline struct {
	text  string
	prio  int
	group int // lines of one wrapped paragraph go together; 0 = alone
}

// lines accumulates a dialog's content, each line cut to the width.
type lines struct {
	width  int
	st     stylesT
	body   []pline
	footer []pline
	// prio is the priority of the lines added now; set it with at.
	prio int
	// group is the paragraph being added (see text), groups the last used.
	group, groups int
}

// at sets the priority of the lines added by fn.
func (b *lines) at(prio int, fn func()) {
	old := b.prio
	b.prio = prio
	fn()
	b.prio = old
}

func (b *lines) cur() int {
	if b.prio == 0 {
		return prioNormal
	}
	return b.prio
}

func (b *lines) add(ls ...string) {
	for _, l := range ls {
		b.body = append(b.body, pline{ansi.Truncate(l, b.width, "…"), b.cur(), b.group})
	}
}

// text adds plain text wrapped to the width, rendered with style.
func (b *lines) text(style lipgloss.Style, s string) {
	b.groups++
	b.group = b.groups
	for _, l := range wrapWords(s, b.width) {
		b.add(style.Render(l))
	}
	b.group = 0
}

func (b *lines) blank() { b.body = append(b.body, pline{"", prioLow, 0}) }

func (b *lines) foot(ls ...string) {
	for _, l := range ls {
		b.footer = append(b.footer, pline{ansi.Truncate(l, b.width, "…"), b.cur(), b.group})
	}
}

// footText adds wrapped text to the footer.
func (b *lines) footText(style lipgloss.Style, s string) {
	b.groups++
	b.group = b.groups
	for _, l := range wrapWords(s, b.width) {
		b.foot(style.Render(l))
	}
	b.group = 0
}

// fit returns body and footer in at most height lines. What fits is shown
// as it is; otherwise lines are dropped by priority, lowest (and, among
// equals, last) first, a wrapped paragraph as a whole, up to the top
// priority; if even those do not fit, the body is cut (the parts that
// scroll keep themselves within budget).
func (b *lines) fit(height int) []string {
	all := make([]pline, 0, len(b.body)+len(b.footer))
	all = append(all, b.body...)
	all = append(all, b.footer...)
	nbody := len(b.body)
	drop := func(i int) {
		all = append(all[:i], all[i+1:]...)
		if i < nbody {
			nbody--
		}
	}
	for p := prioLow; p < prioTop && len(all) > height; p++ {
		for i := len(all) - 1; i >= 0 && len(all) > height; i-- {
			if i >= len(all) || all[i].prio != p {
				continue
			}
			g := all[i].group
			drop(i)
			for j := i - 1; g != 0 && j >= 0 && all[j].group == g; j-- {
				drop(j)
				i--
			}
		}
	}
	body, footer := all[:nbody], all[nbody:]
	var out []string
	if room := height - len(footer); len(body) > room {
		for _, l := range body[:max(0, room-1)] {
			out = append(out, l.text)
		}
		out = append(out, b.st.Muted.Render("…"))
	} else {
		for _, l := range body {
			out = append(out, l.text)
		}
	}
	for _, l := range footer {
		out = append(out, l.text)
	}
	return out
}

// field renders "label  value" with the label muted.
func (b *lines) field(label, value string) {
	b.add(b.st.Label.Render(fmt.Sprintf("%-11s", label)) + value)
}
