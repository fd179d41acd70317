package actions

import (
	"encoding/json"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/themes"
)

type stylesT = *themes.Styles

func ansiCut(s string, w int) string { return ansi.Truncate(s, w, "…") }

// jsonText shows a parameter value as JSON (strings keep their quotes so
// that "1" and 1 differ on screen).
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

// wrapWords wraps plain text at spaces only (a cfy command must not be
// broken at its hyphens), hard-breaking words longer than the width.
func wrapWords(s string, width int) []string {
	if width < 1 {
		return []string{s}
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line, lw := "", 0
		for _, w := range strings.Fields(para) {
			ww := ansi.StringWidth(w)
			if lw > 0 && lw+1+ww > width {
				out = append(out, line)
				line, lw = "", 0
			}
			for ww > width {
				if lw > 0 {
					out = append(out, line)
					line, lw = "", 0
				}
				head := ansi.Truncate(w, width, "")
				out = append(out, head)
				w = w[len(head):]
				ww = ansi.StringWidth(w)
			}
			if lw > 0 {
				line += " "
				lw++
			}
			line += w
			lw += ww
		}
		out = append(out, line)
	}
	return out
}
