package actions

import (
	"fmt"
	"strings"

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

// add adds lines; one wider than the dialog wraps (a dialog wraps, it
// never cuts what it says).
func (b *lines) add(ls ...string) {
	for _, l := range ls {
		for _, w := range wrapStyled(l, b.width) {
			b.body = append(b.body, pline{w, b.cur(), b.group})
		}
	}
}

// addCut adds a line cut at the width: only for a table's rows, whose whole
// text is shown elsewhere (under the table, for the row under the cursor).
func (b *lines) addCut(l string) {
	b.body = append(b.body, pline{ansi.Truncate(l, b.width, "…"), b.cur(), b.group})
}

// wrapStyled wraps a line that may hold styles at width cells, at word
// boundaries where it can, continuation lines indented like the first.
func wrapStyled(l string, width int) []string {
	if width <= 0 || ansi.StringWidth(l) <= width {
		return []string{l}
	}
	plain := ansi.Strip(l)
	indent := len(plain) - len(strings.TrimLeft(plain, " "))
	if indent > width/2 {
		indent = 0
	}
	out := strings.Split(ansi.Wrap(l, width, ""), "\n")
	if indent == 0 || len(out) < 2 {
		return out
	}
	// Re-wrap the rest under the first line's indent.
	first := out[0]
	rest := ansi.Wrap(strings.TrimLeft(ansi.Strip(strings.Join(out[1:], " ")), " "), width-indent, "")
	res := []string{first}
	pad := strings.Repeat(" ", indent)
	for _, r := range strings.Split(rest, "\n") {
		res = append(res, pad+r)
	}
	return res
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
		for _, w := range wrapStyled(l, b.width) {
			b.footer = append(b.footer, pline{w, b.cur(), b.group})
		}
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

// fieldLabelW is the width of a field's label column.
const fieldLabelW = 11

// field renders "label  value" with the label muted.
func (b *lines) field(label, value string) {
	b.add(b.st.Label.Render(fmt.Sprintf("%-*s", fieldLabelW, label)) + value)
}
