package detailpane

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/triage"
	"github.com/cfytop/cfytop/ui/common"
)

// triState is what the pane shows first when there is trouble: the Cause
// block of a failed execution (its innermost error, where it happened, its
// traceback folded under it) and the Stuck block of a stuck one.
type triState struct {
	unfold bool // the traceback is shown
	stuck  triage.Verdict
	// cause is Cause() as of the last rebuild, which reads it three times
	// (the block, the error row, the folded Error section).
	cause    triage.Cause
	hasCause bool
}

// Cause is the innermost cause of the execution shown, when it failed.
func (m Model) Cause() (triage.Cause, bool) {
	if !m.have || !m.exec.Error.Valid && len(m.events) == 0 {
		return triage.Cause{}, false
	}
	return triage.Of(&m.exec, m.events)
}

// ErrorText is the execution's whole error text ("" when none), cleaned.
func (m Model) ErrorText() string {
	if !m.have || !m.exec.Error.Valid {
		return ""
	}
	return strings.TrimRight(textsafe.CleanMultiline(m.exec.Error.Value), "\n")
}

// TracebackShown reports whether the traceback under the cause is unfolded.
func (m Model) TracebackShown() bool { return m.tri.unfold }

// ToggleTraceback unfolds the traceback under the cause, or folds it.
func (m *Model) ToggleTraceback() {
	m.tri.unfold = !m.tri.unfold
	m.rebuild()
	if !m.follow {
		m.vp.GotoTop()
	}
}

// SetStuck tells the pane whether the execution it shows is stuck, and why.
func (m *Model) SetStuck(v triage.Verdict) {
	if v == m.tri.stuck {
		return
	}
	m.tri.stuck = v
	if v.Stuck && !m.scrolled {
		m.follow = false // nothing new comes: the reason is what to read
	}
	m.rebuild()
	if v.Stuck && !m.scrolled {
		m.vp.GotoTop()
	}
}

// StepKey is the next step of a stuck execution in words with its key:
// "force-cancel (F)".
func StepKey(k keymap.KeyMap, s triage.Step) string {
	var b key.Binding
	switch s {
	case triage.StepCancel:
		b = k.Cancel
	case triage.StepForceCancel:
		b = k.ForceCancel
	case triage.StepKill:
		b = k.Kill
	default:
		return ""
	}
	return b.Help().Desc + " (" + b.Help().Key + ")"
}

// troubleBlocks writes the Stuck and Cause blocks at the top of the pane,
// so that at 80x24 the reason is on the first screen.
func (m *Model) troubleBlocks() {
	if !m.have {
		return
	}
	if v := m.tri.stuck; v.Stuck {
		m.add(m.styles.Stuck.Render("⚠ STUCK") + " " + m.styles.CauseText.Render(textsafe.Clean(v.Reason)))
		if next := StepKey(m.keys, v.Next); next != "" {
			m.add("  " + m.styles.Muted.Render("next step: ") + m.styles.HelpKey.Render(next))
		}
		m.add("")
	}
	c, ok := m.tri.cause, m.tri.hasCause
	if !ok {
		return
	}
	title := "✗ Cause"
	if c.Type != "" {
		title += ": " + c.Type
	}
	m.add(m.styles.CauseTitle.Render(title))
	m.add("  " + m.styles.CauseText.Render(c.Message))
	if w := c.Where(); w != "" {
		m.add("  " + m.styles.Muted.Render("at ") + m.styles.Value.Render(w))
	}
	hint := []string{}
	if c.Depth > 1 {
		hint = append(hint, "innermost of "+strconv.Itoa(c.Depth))
	}
	fold := "traceback"
	if m.tri.unfold {
		fold = "fold"
	}
	hint = append(hint, m.keys.Traceback.Help().Key+" "+fold,
		m.keys.CopyCause.Help().Key+" copy cause", m.keys.CopyError.Help().Key+" copy all", m.keys.Zoom.Help().Key+" zoom")
	m.add("  " + m.styles.Muted.Render(strings.Join(hint, " · ")))
	if m.tri.unfold {
		tb := c.Traceback
		if tb == "" {
			tb = m.ErrorText()
		}
		for _, l := range strings.Split(tb, "\n") {
			m.add("  " + m.styles.LogDebug.Render(l))
		}
	}
	m.add("")
}

// errorFolded reports whether the Error section is folded under the cause.
func (m *Model) errorFolded() bool {
	return m.tri.hasCause && !m.tri.unfold
}

// errorRow is the error field's one line: the cause when there is one,
// else the error text's summary.
func (m *Model) errorRow(text string) string {
	if m.tri.hasCause {
		return m.tri.cause.Text()
	}
	return errorSummary(text)
}

// TriageKey handles the Cause block's keys: unfold the traceback, copy the
// cause, copy the whole error text (both through OSC 52, which reaches the
// user's terminal over SSH). ok is false for any other key.
func (m Model) TriageKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.keys.Traceback):
		if _, ok := m.Cause(); !ok {
			return m, common.Status("no traceback: the execution shown has not failed", false), true
		}
		m.ToggleTraceback()
		return m, nil, true
	case key.Matches(msg, m.keys.CopyCause):
		c, ok := m.Cause()
		if !ok {
			return m, common.Status("no cause to copy: the execution shown has not failed", true), true
		}
		text := c.Text()
		if w := c.Where(); w != "" {
			text += " (at " + w + ")"
		}
		return m, tea.Batch(tea.SetClipboard(text), common.Status("copied the cause: "+c.Text(), false)), true
	case key.Matches(msg, m.keys.CopyError):
		text := m.ErrorText()
		if text == "" {
			if c, ok := m.Cause(); ok {
				text = strings.TrimSpace(c.Text() + "\n" + c.Traceback)
			}
		}
		if text == "" {
			return m, common.Status("no error text to copy", true), true
		}
		return m, tea.Batch(tea.SetClipboard(text), common.Status("copied the whole error text ("+common.Plural(strings.Count(text, "\n")+1, "line")+")", false)), true
	}
	return m, nil, false
}
