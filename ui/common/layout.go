package common

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// WriteBlock writes s as exactly h lines. Children render at the size they
// were given, so lines are not measured here (View is the hot path).
func WriteBlock(b *strings.Builder, s string, h int) {
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		if n == h {
			break
		}
		b.WriteString(line)
		b.WriteByte('\n')
		n++
	}
	for ; n < h; n++ {
		b.WriteByte('\n')
	}
}

// Fit cuts a line to w cells.
func Fit(line string, w int) string {
	if ansi.StringWidth(line) <= w {
		return line
	}
	return ansi.Truncate(line, w, "…")
}

// JoinColumns puts right beside left, padding left's lines to width lw.
func JoinColumns(left string, lw int, right string) string {
	ll := strings.Split(left, "\n")
	rl := strings.Split(right, "\n")
	n := max(len(ll), len(rl))
	var b strings.Builder
	for i := 0; i < n; i++ {
		l := ""
		if i < len(ll) {
			l = ll[i]
		}
		b.WriteString(l)
		if pad := lw - ansi.StringWidth(l); pad > 0 {
			b.WriteString(strings.Repeat(" ", pad))
		}
		if i < len(rl) {
			b.WriteString(rl[i])
		}
		if i < n-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Spread puts left and right on one line of width w, cutting left first.
func Spread(left, right string, w int) string {
	rw := lipgloss.Width(right)
	if rw >= w {
		return ansi.Truncate(right, w, "…")
	}
	room := w - rw
	if right != "" {
		room--
	}
	if lipgloss.Width(left) > room {
		left = ansi.Truncate(left, room, "…")
	}
	gap := w - lipgloss.Width(left) - rw
	if right == "" {
		return left
	}
	return left + strings.Repeat(" ", max(gap, 1)) + right
}
