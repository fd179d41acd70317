package actions

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/common"
)

// commonStatus is a status line message from the bulk dialog; sticky keeps
// it until dismissed (an outcome unknown).
func commonStatus(text string, isError, sticky bool) tea.Msg {
	return common.StatusMsg{Text: text, IsError: isError, Beside: true, Sticky: sticky}
}

// settleBulk renders the open bulk dialog once to keep the table's scroll
// offset (see settle).
func (c *Controller) settleBulk() {
	if c.b.open {
		c.renderBulk()
	}
}

// renderBulk draws the open bulk dialog: the title, what will happen (or
// what is happening, or what happened) to each execution, and how to go on.
func (c *Controller) renderBulk() string {
	b := &c.b
	st, sp := c.styles, specs[b.kind]
	var l lines
	l.width = c.bulkBoxWidth() - boxChrome
	l.st = st
	n := len(b.toSend)
	title := fmt.Sprintf("%s %s", bulkTitle(b.kind), common.Plural(n, "execution"))
	if b.scope != "" {
		title += " " + textsafe.Clean(b.scope)
	}
	l.at(prioHigh, func() {
		if sp.danger {
			l.add(st.DialogDanger.Render("⚠ " + strings.ToUpper(title)))
		} else {
			l.add(st.DialogTitle.Render(title))
		}
	})
	l.blank()
	if b.step == bulkPreview {
		l.at(sp.tone.prio(), func() { l.text(sp.tone.style(st), sp.blurb) })
		l.blank()
	}
	t := b.tally()
	l.at(prioTop, func() { l.add(st.Bold.Render(c.bulkTotals(t))) })

	// The footer first: the table gets the room that is left.
	switch b.step {
	case bulkPreview:
		c.bulkPreviewFooter(&l, n)
	case bulkSending:
		l.at(prioTop, func() {
			if b.stop {
				l.foot(st.DialogWarning.Render(fmt.Sprintf("stopped: %d sent, %d not sent; waiting for %s already out",
					t.sent+t.moved+t.refused+t.unknown+t.failed+t.unchecked, t.stopped, common.Plural(b.out, "request"))))
			} else {
				l.foot(st.Accent.Render(fmt.Sprintf("sending… %d of %d done, %d in flight", n-t.planned, n, b.out)))
				l.foot(c.hints(c.keys.DialogClose, "stop sending the rest"))
			}
		})
	case bulkResults:
		l.at(prioTop, func() {
			l.foot(c.hints(c.keys.DialogCopy, "copy the table and the cfy commands", c.keys.DialogNext, "scroll", c.keys.DialogClose, "dismiss"))
		})
	}
	c.bulkErr(&l)
	kept := len(l.footer)
	for _, x := range l.body {
		if x.prio >= prioHigh {
			kept++
		}
	}
	room := max(1, c.contentHeight()-kept-1)
	c.bulkTable(&l, room)
	out := l.fit(c.contentHeight())
	return st.Dialog.Width(c.bulkBoxWidth()).Render(strings.Join(out, "\n"))
}

// maxBulkWidth bounds the bulk dialog, wider than the others: its table
// carries the manager's words.
const maxBulkWidth = 120

func (c *Controller) bulkBoxWidth() int { return max(minBoxWidth, min(maxBulkWidth, c.boxRoom())) }

func bulkTitle(k Kind) string {
	s := specs[k].title // "Cancel execution "
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "execution"))
	if s == "" {
		return k.String()
	}
	return s
}

// bulkTotals is "12 will be cancelled, 3 skipped" before sending, and the
// counts so far after.
func (c *Controller) bulkTotals(t tally) string {
	b := &c.b
	done := bulkDone[b.kind]
	if b.step == bulkPreview {
		s := fmt.Sprintf("%d will be %s", len(b.toSend), done)
		if t.skipped > 0 {
			s += fmt.Sprintf(", %d skipped", t.skipped)
		}
		return s
	}
	s := fmt.Sprintf("%d %s", t.sent, done)
	add := func(n int, what string) {
		if n > 0 {
			s += fmt.Sprintf(", %d %s", n, what)
		}
	}
	add(t.skipped+t.moved, "skipped")
	add(t.refused, "refused")
	add(t.failed, "failed")
	add(t.unchecked, "not checked")
	add(t.unknown, "UNKNOWN")
	add(t.stopped, "not sent")
	return s
}

func (c *Controller) bulkPreviewFooter(l *lines, n int) {
	st, k, b := c.styles, c.keys, &c.b
	l.at(prioTop, func() {
		if n == 0 {
			l.footText(st.DialogWarning, "Nothing would be sent: every marked execution is skipped.")
			l.foot(c.hints(k.DialogClose, "back out"))
			return
		}
		prompt := fmt.Sprintf("Type %d (how many will be %s), then %s: ", n, bulkDone[b.kind], helpKey(k.DialogSubmit))
		if ansi.StringWidth(prompt)+len(fmt.Sprint(n))+2 <= l.width {
			l.foot(st.Bold.Render(prompt) + b.typed.View())
		} else {
			l.foot(st.Bold.Render(strings.TrimSpace(prompt)), "› "+b.typed.View())
		}
	})
	if n > 0 {
		l.at(prioHigh, func() {
			l.foot(c.hints(k.DialogNext, "scroll", k.DialogClose, "back out"))
		})
	}
}

func (c *Controller) bulkErr(l *lines) {
	b := &c.b
	l.at(prioHigh, func() {
		if b.errMsg != "" {
			l.footText(c.styles.Error, "✗ "+b.errMsg)
		}
		if b.hint != "" {
			l.footText(c.styles.DialogWarning, b.hint)
		}
	})
}

// Column widths of the table; the text of each row takes the rest (and is
// shown whole, wrapped, for the row under the cursor).
const (
	bulkIDW   = 8
	bulkWfW   = 12
	bulkDepW  = 14
	bulkWordW = 10
	// bulkTextMinW is the least room left for the text for the workflow
	// to have a column: at 80 columns it has one (two rows on one
	// deployment are told apart by it), the text taking what is left.
	bulkTextMinW = 20
)

// bulkColumns is where a row's text starts at content width width, and
// whether the workflow has a column.
func bulkColumns(width int) (lead int, wide bool) {
	lead = 2 + bulkIDW + 1 + bulkDepW + 1 + bulkWordW + 1
	if width-(lead+bulkWfW+1) >= bulkTextMinW {
		return lead + bulkWfW + 1, true
	}
	return lead, false
}

// bulkTable adds the table's heading, the rows that fit in room, and the
// whole text of the row under the cursor.
func (c *Controller) bulkTable(l *lines, room int) {
	b, st := &c.b, c.styles
	n := len(b.execs)
	full := c.bulkFull(b.cursor, l.width)
	rows := max(1, room-1-len(full))
	from, to := scrollWindow(b.cursor, &b.offset, n, rows)
	_, wide := bulkColumns(l.width)
	l.at(prioTop, func() {
		word, text := "RESULT", "WHAT HAPPENED"
		if b.step == bulkPreview {
			word, text = "STATUS", "WHAT WILL HAPPEN"
		}
		head := fmt.Sprintf("  %-*s %-*s ", bulkIDW, "ID", bulkDepW, "DEPLOYMENT")
		if wide {
			head += fmt.Sprintf("%-*s ", bulkWfW, "WORKFLOW")
		}
		head += fmt.Sprintf("%-*s %s", bulkWordW, word, text)
		if to-from < n {
			head += fmt.Sprintf("  (%d–%d of %d)", from+1, to, n)
		}
		l.add(st.ColumnHeader.Render(head))
		for i := from; i < to; i++ {
			l.addCut(c.bulkRow(i, wide)) // a table row: the cursor row is shown whole under the table
		}
		for _, x := range full {
			l.add(st.Muted.Render(x))
		}
	})
}

// bulkFull is the whole text of row i, wrapped, when the table cuts it.
func (c *Controller) bulkFull(i, width int) []string {
	b := &c.b
	if i < 0 || i >= len(b.execs) {
		return nil
	}
	text := c.bulkText1(i)
	lead, _ := bulkColumns(width)
	if ansi.StringWidth(text) <= width-lead {
		return nil
	}
	return wrapWords("› "+prefix(textsafe.Clean(b.execs[i].ID), 8)+": "+text, width)
}

// bulkText1 is what will happen, or what happened, to row i.
func (c *Controller) bulkText1(i int) string {
	b := &c.b
	r := b.res[i]
	if b.step == bulkPreview {
		if r.out == outSkipped {
			return "skip: " + r.detail
		}
		return "will be " + bulkDone[b.kind]
	}
	return r.detail
}

// bulkRow is one execution: what will happen to it in the preview, what
// did after.
func (c *Controller) bulkRow(i int, wide bool) string {
	b, st := &c.b, c.styles
	e, r := &b.execs[i], b.res[i]
	cell := func(s string, w int) string {
		s = textsafe.Clean(s)
		if ansi.StringWidth(s) > w {
			s = ansi.Truncate(s, w, "…")
		}
		return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
	}
	lead := "  "
	if i == b.cursor {
		lead = st.Accent.Render("› ")
	}
	lead += cell(prefix(e.ID, 8), bulkIDW) + " " + cell(e.DeploymentID.Value, bulkDepW) + " "
	if wide {
		lead += cell(e.WorkflowID, bulkWfW) + " "
	}
	text := c.bulkText1(i)
	if b.step == bulkPreview {
		style := st.Base
		if r.out == outSkipped {
			style = st.Muted
		}
		return lead + st.Status(e.Status).Render(cell(cleanStatus(e.Status), bulkWordW)) + " " + style.Render(text)
	}
	var style lipgloss.Style
	switch r.out {
	case outSent:
		style = st.StatusOK
	case outInFlight, outPlanned:
		style = st.Accent
	case outRefused, outFailed, outUnchecked:
		style = st.Error
	case outUnknown:
		style = st.DialogDanger
	default:
		style = st.Muted
	}
	return lead + style.Render(cell(r.out.word(), bulkWordW)) + " " + st.Base.Render(text)
}

// bulkHelp is the bulk dialog's keys at its step.
func (c *Controller) bulkHelp() []key.Binding {
	k := c.keys
	switch c.b.step {
	case bulkPreview:
		if len(c.b.toSend) == 0 {
			// Nothing would be sent: enter does nothing here.
			return []key.Binding{as(k.DialogNext, "scroll"), as(k.DialogClose, "back out")}
		}
		return []key.Binding{k.DialogSubmit, as(k.DialogNext, "scroll"), as(k.DialogClose, "back out")}
	case bulkSending:
		return []key.Binding{as(k.DialogNext, "scroll"), as(k.DialogClose, "stop sending the rest")}
	}
	return []key.Binding{k.DialogCopy, as(k.DialogNext, "scroll"), as(k.DialogClose, "dismiss")}
}
