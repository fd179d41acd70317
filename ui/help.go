package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/actions"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/execlist"
	"github.com/cfytop/cfytop/ui/screens/executions"
)

func newHelp(s *themes.Styles) help.Model {
	h := help.New()
	h.Styles = help.Styles{
		Ellipsis: s.Muted, ShortKey: s.HelpKey, ShortDesc: s.HelpDesc, ShortSeparator: s.Muted,
		FullKey: s.HelpKey, FullDesc: s.HelpDesc, FullSeparator: s.Muted,
	}
	return h
}

// focusedHelp is whoever has the keys: the open dialog, the command line,
// or the top screen.
func (a App) focusedHelp() help.KeyMap {
	switch {
	case a.showHelp:
		return helpScreenKeys{a.keys}
	case a.actions.Active():
		return a.actions
	case a.cmd.Open():
		return a.cmd
	}
	return a.topScreen()
}

// shortHelp is the key line always shown, from the focused part's own
// ShortHelp. Disabled action keys are listed after the enabled ones, struck
// through, when there is room.
func (a App) shortHelp() string {
	keys := a.focusedHelp().ShortHelp()
	memo := a.footer
	if memo == nil {
		memo = &footerMemo{}
	}
	memo.next = append(memo.next[:0], strconv.Itoa(a.width)...)
	for _, b := range keys {
		h := b.Help()
		memo.next = append(memo.next, 0)
		memo.next = append(memo.next, h.Key...)
		memo.next = append(memo.next, 0)
		memo.next = append(memo.next, h.Desc...)
		if !b.Enabled() {
			memo.next = append(memo.next, 1)
		}
	}
	if memo.styles == a.styles && string(memo.next) == memo.key {
		return memo.line
	}
	line := a.helpLine(keys)
	memo.styles, memo.key, memo.line = a.styles, string(memo.next), line
	return line
}

// footerMemo keeps the last key line of the footer: the bindings of the focused part
// change far less often than frames are drawn (once a second while
// something runs).
type footerMemo struct {
	styles *themes.Styles
	key    string // the width and the bindings the line was drawn for
	next   []byte // scratch for the next key
	line   string
}

// hinted are the actions the key line may name for the target, first
// offered first: stopping a running execution (force-cancel once it is
// cancelling), resuming a stopped one.
var hinted = []actions.Kind{actions.Cancel, actions.ForceCancel, actions.Resume}

// actionHint is what the executions screens put in their key line in place
// of the cancel key: the action the target's status allows (cancel on an
// active execution, force-cancel on a cancelling one, resume on a failed or
// cancelled one), or ok false for none (one that ended well). The dialogs
// decide, by their specs in ui/actions (actions.Offered). The answer is
// kept for the last status, workflow and tenant asked about: the key line
// is drawn every frame.
func actionHint(keys keymap.KeyMap) func(e *client.Execution) (key.Binding, bool) {
	var last struct {
		status       client.Status
		wf, tenant   string
		kind         actions.Kind
		asked, found bool
	}
	return func(e *client.Execution) (key.Binding, bool) {
		if !last.asked || last.status != e.Status || last.wf != e.WorkflowID || last.tenant != e.TenantName {
			last.asked, last.found = true, false
			last.status, last.wf, last.tenant = e.Status, e.WorkflowID, e.TenantName
			for _, kind := range hinted {
				if actions.Offered(kind, e) {
					last.kind, last.found = kind, true
					break
				}
			}
		}
		if !last.found {
			return key.Binding{}, false
		}
		return actions.Binding(keys, last.kind), true
	}
}

func (a App) helpLine(keys []key.Binding) string {
	line := a.help.ShortHelpView(keys)
	var off []string
	for _, b := range keys {
		if !b.Enabled() {
			off = append(off, b.Help().Key+" "+b.Help().Desc)
		}
	}
	if len(off) == 0 {
		return line
	}
	tail := a.help.Styles.ShortSeparator.Render(a.help.ShortSeparator) +
		a.styles.HelpDisabled.Render(strings.Join(off, ", ")) + a.styles.Muted.Render(" (read-only)")
	if lipgloss.Width(line)+lipgloss.Width(tail) <= a.width {
		line += tail
	}
	return line
}

// fullHelp is the grouped keymap shown by the help key; disabled bindings
// stay listed, marked as disabled.
func (a App) fullHelp(w int) string {
	groups := a.topScreen().FullHelp()
	var titles []string
	if t, ok := a.topScreen().(common.HelpTitler); ok {
		titles = t.HelpTitles()
	}
	blocks := make([]string, 0, len(groups))
	for i, g := range groups {
		title := ""
		if i < len(titles) {
			title = titles[i]
		}
		blocks = append(blocks, a.helpBlock(title, g))
	}
	if _, ok := a.topScreen().(common.Targeter); ok {
		blocks = append(blocks, a.filterHelp())
	}
	if _, ok := a.topScreen().(executions.Model); ok {
		blocks = append(blocks, a.symbolsHelp())
	}
	// Lay the blocks out in rows that fit the width.
	var rows []string
	var row []string
	rowW := 0
	for _, b := range blocks {
		bw := lipgloss.Width(b) + 2
		if rowW > 0 && rowW+bw > w {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, rowW = nil, 0
		}
		row = append(row, b, "  ")
		rowW += bw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	// How to close it is on the key line under it (helpScreenKeys).
	return a.styles.Bold.Render("Keys") + "\n\n" + strings.Join(rows, "\n\n")
}

func (a App) helpBlock(title string, g []key.Binding) string {
	kw := 0
	for _, b := range g {
		kw = max(kw, lipgloss.Width(b.Help().Key))
	}
	lines := []string{a.styles.Accent.Render(title)}
	for _, b := range g {
		k := b.Help().Key + strings.Repeat(" ", kw-lipgloss.Width(b.Help().Key))
		if b.Enabled() {
			lines = append(lines, a.styles.HelpKey.Render(k)+" "+a.styles.HelpDesc.Render(b.Help().Desc))
			continue
		}
		lines = append(lines, a.styles.HelpDisabled.Render(k+" "+b.Help().Desc)+a.styles.Muted.Render(" (read-only)"))
	}
	return strings.Join(lines, "\n")
}

// helpScreenKeys are the keys of the help screen: the ones that close it.
type helpScreenKeys struct{ k keymap.KeyMap }

func (h helpScreenKeys) ShortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys(h.k.Help.Keys()...), key.WithHelp(h.k.Help.Help().Key, "close help")),
		key.NewBinding(key.WithKeys(h.k.Back.Keys()...), key.WithHelp(h.k.Back.Help().Key, "close help")),
	}
}

func (h helpScreenKeys) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// symbolsHelp is the legend of the executions list's glyphs: the column
// left of the rows, the statuses, and the header's compact counts (at 80
// columns, or with marks set), which use the rows' glyphs.
func (a App) symbolsHelp() string {
	g := themes.Glyph
	legend := [][2]string{
		{execlist.SelectedGlyph, "the selected row: the keys act on it"},
		{execlist.MarkGlyph, "marked (" + a.keys.Mark.Help().Key + "): C F K R act on the marks"},
		{execlist.NewGlyph, "failed or stuck since you last looked"},
		{g(client.StatusStarted) + " " + g(client.StatusPending), "started, pending"},
		{g(client.StatusQueued), "queued or scheduled"},
		{g(client.StatusCancelling), "cancelling (also force-, kill-)"},
		{g(client.StatusTerminated) + " " + g(client.StatusFailed) + " " + g(client.StatusCancelled), "completed, failed, cancelled"},
		{"⚠", "stuck: the pane says why"},
		{g(client.StatusFailed) + "9 1h:2", "header: 9 failed, 2 in the last hour"},
		{"⚠2 " + g(client.StatusStarted) + "4", "header: 2 stuck, 4 started; …, ⟳, ◷ alike"},
	}
	kw := 0
	for _, l := range legend {
		kw = max(kw, lipgloss.Width(l[0]))
	}
	lines := []string{a.styles.Accent.Render("Symbols")}
	for _, l := range legend {
		lines = append(lines, a.styles.HelpKey.Render(l[0]+strings.Repeat(" ", kw-lipgloss.Width(l[0])))+" "+a.styles.HelpDesc.Render(l[1]))
	}
	return strings.Join(lines, "\n")
}

// filterHelp is the filter language's syntax, for the screens that filter.
func (a App) filterHelp() string {
	kw := 0
	for _, l := range filter.Syntax() {
		kw = max(kw, lipgloss.Width(l[0]))
	}
	lines := []string{a.styles.Accent.Render("Filter (" + a.keys.Filter.Help().Key + ")")}
	for _, l := range filter.Syntax() {
		lines = append(lines, a.styles.HelpKey.Render(l[0]+strings.Repeat(" ", kw-lipgloss.Width(l[0])))+" "+a.styles.HelpDesc.Render(l[1]))
	}
	return strings.Join(lines, "\n")
}
