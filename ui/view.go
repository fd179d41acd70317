package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/common"
)

// The rows the shell draws around the top screen's body.
const (
	headerRows = 2
	footerRows = 2
)

func (a *App) resize(w, h int) {
	a.width, a.height = w, h
	a.relayout()
}

// relayout sizes every screen and the dialogs; called on resize and when
// the stack is rebuilt.
func (a *App) relayout() {
	a.tooSmall = a.width < MinWidth || a.height < MinHeight
	if a.tooSmall || a.width == 0 {
		return
	}
	a.bodyH = a.height - headerRows - footerRows
	a.stack = append([]common.Screen(nil), a.stack...)
	for i, s := range a.stack {
		a.stack[i] = s.SetSize(a.width, a.bodyH)
	}
	a.help.SetWidth(a.width)
	a.cmd = a.cmd.SetWidth(a.width)
	a.actions = a.actions.SetSize(a.width, a.bodyH)
	a.top = a.topLine()
}

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
	case a.tooSmall:
		return a.tooSmallView()
	}
	var b strings.Builder
	b.Grow(a.width * a.height * 3)
	b.WriteString(a.top)
	b.WriteByte('\n')
	b.WriteString(a.topScreen().Header(a.width))
	b.WriteByte('\n')
	common.WriteBlock(&b, a.body(), a.bodyH)
	b.WriteString(common.Fit(a.footerLine(), a.width))
	b.WriteByte('\n')
	b.WriteString(common.Fit(a.shortHelp(), a.width))
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
		lines = append(lines, common.Fit(l, a.width))
	}
	return lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}

func (a App) body() string {
	switch {
	case a.showHelp:
		return a.helpPage()
	case a.actions.Active():
		return a.overScreen(a.actions.View())
	}
	return a.topScreen().View()
}

// helpPage is the full help, scrolled when it is taller than the body: the
// last line then says there is more and how to see it.
func (a App) helpPage() string {
	lines := strings.Split(a.fullHelp(a.width), "\n")
	if len(lines) <= a.bodyH {
		return strings.Join(lines, "\n")
	}
	room := a.bodyH - 1
	top := min(max(a.helpTop, 0), len(lines)-room)
	more := fmt.Sprintf("lines %d–%d of %d · %s/%s scroll", top+1, top+room, len(lines), a.keys.Down.Help().Key, a.keys.Up.Help().Key)
	return strings.Join(lines[top:top+room], "\n") + "\n" + a.styles.Muted.Render(more)
}

// overScreen draws a dialog centred over the top screen, dimmed, so the
// rows around it stay in view while it is open but plainly inert.
func (a App) overScreen(dialog string) string {
	var under strings.Builder
	common.WriteBlock(&under, a.topScreen().View(), a.bodyH)
	lines := strings.Split(strings.TrimSuffix(under.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = a.styles.Muted.Render(ansi.Strip(l))
	}
	dialog = margined(dialog)
	dw, dh := lipgloss.Width(dialog), lipgloss.Height(dialog)
	c := lipgloss.NewCanvas(a.width, a.bodyH)
	c.Compose(lipgloss.NewCompositor(
		lipgloss.NewLayer(strings.Join(lines, "\n")),
		lipgloss.NewLayer(dialog).X(max((a.width-dw)/2, 0)).Y(max((a.bodyH-dh)/2, 0)).Z(1),
	))
	return c.Render()
}

// margined puts a blank column on each side of a dialog, so that no
// character of the screen under it touches its border.
func margined(dialog string) string {
	lines := strings.Split(dialog, "\n")
	w := 0
	for _, l := range lines {
		w = max(w, ansi.StringWidth(l))
	}
	for i, l := range lines {
		lines[i] = " " + l + strings.Repeat(" ", w-ansi.StringWidth(l)) + " "
	}
	return strings.Join(lines, "\n")
}

// footerLine is the command line while it is open; else the top screen's
// footer (its filter) and the status message.
func (a App) footerLine() string {
	if a.cmd.Open() {
		return a.cmd.View()
	}
	left := a.topScreen().Footer(a.width)
	var msg string
	if a.status.warning != "" {
		msg = a.styles.ToastError.Render(a.status.warning) + a.styles.Muted.Render(" ("+a.keys.Back.Help().Key+" dismisses)")
		if a.status.note != "" || a.status.text != "" {
			msg += a.styles.Muted.Render("  ·  ")
		}
	}
	if a.status.note != "" {
		msg += a.styles.Toast.Render(a.status.note) // first after a warning: it explains where the keys now act
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

// topLine is the manager, the tenant, where the user is, and the badges.
func (a App) topLine() string {
	var badges []string
	if a.o.Demo {
		badges = append(badges, a.styles.BadgeDemo.Render("DEMO"))
	}
	if a.o.ReadOnly {
		badges = append(badges, a.styles.BadgeReadOnly.Render("READ-ONLY"))
	}
	right := strings.Join(badges, " ")
	tenant := "tenant " + textsafe.Clean(a.conn.Tenant)
	if a.o.AllTenants {
		tenant = "all tenants"
	} else if a.conn.Tenant == "" {
		tenant = "default tenant"
	}
	label := textsafe.Clean(a.conn.Label)
	if label == "" {
		label = "manager"
	}
	crumbs := make([]string, 0, len(a.stack))
	for _, s := range a.stack {
		crumbs = append(crumbs, s.Title())
	}
	// Where you are comes first: on a narrow terminal the address is cut
	// before the breadcrumb.
	left := a.styles.Header.Render("cfytop") + " " + a.styles.Accent.Render(strings.Join(crumbs, " › ")) +
		a.styles.Muted.Render(" · ") + a.styles.HeaderLabel.Render(tenant+" · "+label)
	return common.Spread(left, right, a.width)
}
