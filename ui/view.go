package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// View returns the screen and the terminal modes: alt screen always, mouse
// only when asked for.
func (a App) View() tea.View {
	v := tea.NewView(a.Render())
	v.AltScreen = true
	if a.o.Mouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

// Render is the screen's content.
func (a App) Render() string {
	switch {
	case a.width == 0 || a.height == 0:
		return ""
	case a.lay.tooSmall:
		return a.tooSmallView()
	}
	var b strings.Builder
	b.Grow(a.width * a.height * 3)
	b.WriteString(a.cache.top)
	b.WriteByte('\n')
	b.WriteString(a.stateLine())
	b.WriteByte('\n')
	writeBlock(&b, a.body(), a.lay.bodyH)
	b.WriteString(fit(a.footerLine(), a.width))
	b.WriteByte('\n')
	if a.actions.Active() {
		b.WriteString(a.cache.dialogHelp) // the dashboard's keys wait until it closes
	} else {
		b.WriteString(a.cache.help)
	}
	return b.String()
}

func (a App) tooSmallView() string {
	need := fmt.Sprintf("need at least %dx%d, have %dx%d", MinWidth, MinHeight, a.width, a.height)
	msg := "terminal too small: " + need
	if len(msg) > a.width {
		msg = "terminal too small:\n" + need
	}
	hint := "enlarge the window, or press " + a.keys.Quit.Help().Key + " to quit"
	var lines []string
	for _, l := range strings.Split(a.styles.Bold.Render(msg)+"\n"+a.styles.Muted.Render(hint), "\n") {
		lines = append(lines, fit(l, a.width))
	}
	return lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}

func (a App) body() string {
	switch {
	case a.showHelp:
		return a.fullHelp(a.width)
	case a.actions.Active():
		return a.overDashboard(a.actions.View())
	}
	return a.dashboard()
}

// overDashboard draws a dialog centred over the list (and pane), dimmed, so
// the rows around it stay in view while it is open but plainly inert.
func (a App) overDashboard(dialog string) string {
	var under strings.Builder
	writeBlock(&under, a.dashboard(), a.lay.bodyH)
	lines := strings.Split(strings.TrimSuffix(under.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = a.styles.Muted.Render(ansi.Strip(l))
	}
	dw, dh := lipgloss.Width(dialog), lipgloss.Height(dialog)
	c := lipgloss.NewCanvas(a.width, a.lay.bodyH)
	c.Compose(lipgloss.NewCompositor(
		lipgloss.NewLayer(strings.Join(lines, "\n")),
		lipgloss.NewLayer(dialog).X(max((a.width-dw)/2, 0)).Y(max((a.lay.bodyH-dh)/2, 0)).Z(1),
	))
	return c.Render()
}

// dashboard is the list, with the detail pane when it is open.
func (a App) dashboard() string {
	list := a.list.View()
	if !a.paneOpen {
		return list
	}
	pane := a.pane.View()
	if a.lay.paneRight {
		var b strings.Builder
		writeBlock(&b, list, a.lay.listH)
		return joinColumns(strings.TrimSuffix(b.String(), "\n"), a.lay.listW, pane)
	}
	var b strings.Builder
	writeBlock(&b, list, a.lay.listH)
	b.WriteString(pane)
	return b.String()
}

// footerLine is the filter (being typed, or in force) and the status message.
func (a App) footerLine() string {
	var left string
	switch {
	case a.focus == focusFilter:
		left = a.filterIn.View()
		if a.filter.err != "" {
			left += "  " + a.styles.FilterError.Render("✗ "+clean(a.filter.err)+" (showing the last good filter)")
		}
	case a.filter.text != "":
		left = a.styles.FilterPrompt.Render("filter: ") + a.styles.FilterText.Render(clean(a.filter.text))
	}
	var msg string
	if a.status.note != "" {
		msg = a.styles.Toast.Render(a.status.note) // first: it explains where the keys now act
	}
	if a.status.text != "" {
		st := a.styles.Toast
		if a.status.isError {
			st = a.styles.ToastError
		}
		if msg != "" {
			msg += a.styles.Muted.Render("  ·  ")
		}
		msg += st.Render(a.status.text)
	}
	if msg == "" {
		return left
	}
	if left == "" {
		return msg
	}
	return left + a.styles.Muted.Render("  │  ") + msg
}

// writeBlock writes s as exactly h lines. The children render at the size
// they were given, so lines are not measured here (View is the hot path).
func writeBlock(b *strings.Builder, s string, h int) {
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

// fit cuts a line to w cells.
func fit(line string, w int) string {
	if ansi.StringWidth(line) <= w {
		return line
	}
	return ansi.Truncate(line, w, "…")
}

// joinColumns puts right beside left, padding left's lines to width lw.
func joinColumns(left string, lw int, right string) string {
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
