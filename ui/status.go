package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/screens/messages"
)

// statusLine is the one-line message under the screen: action results,
// notes about the selection, errors. A message clears itself after a while;
// an error stays until the next message, so a refusal is not missed by
// someone who looked away. Either belongs to the screen it was said on and
// goes when a screen is pushed or popped (leaveScreen); a warning stays.
type statusLine struct {
	text    string
	isError bool
	// note says the selection moved by itself; an action's result arriving
	// with it (or just after) is shown beside it rather than over it.
	note string
	seq  int
	// warning is a message that may not vanish by itself (an action whose
	// outcome is unknown): it stays, first on the line, until dismissed
	// with the back key; other messages are shown after it.
	warning string
	// log is every message shown this session, whole, for the message
	// log screen (the line cuts long ones at the terminal's width).
	log []messages.Entry
}

// maxLog is how many messages the log keeps.
const maxLog = 500

// remember adds a message to the log.
func (a *App) remember(text string, isError bool) {
	if text == "" {
		return
	}
	if len(a.status.log) >= maxLog {
		a.status.log = append(a.status.log[:0], a.status.log[len(a.status.log)-maxLog/2:]...)
	}
	a.status.log = append(a.status.log, messages.Entry{At: a.nowFn(), Text: textsafe.Clean(text), IsError: isError})
}

type toastExpiredMsg struct{ seq int }

// onStatus shows a message a screen or a dialog sent.
func (a *App) onStatus(msg common.StatusMsg) tea.Cmd {
	switch {
	case msg.Sticky:
		a.remember(msg.Text, true)
		a.status.warning = textsafe.Clean(msg.Text)
		return nil
	case msg.Note:
		return a.setNote(msg.Text)
	case msg.Beside:
		return a.putStatus(msg.Text, msg.IsError)
	}
	return a.setStatus(msg.Text, msg.IsError)
}

// setStatus replaces the status line.
func (a *App) setStatus(text string, isError bool) tea.Cmd {
	a.status.note = ""
	return a.putStatus(text, isError)
}

// putStatus shows a message beside any note about the selection: an
// action's result, which the same result may have moved, uses it directly.
func (a *App) putStatus(text string, isError bool) tea.Cmd {
	a.remember(text, isError)
	a.status.seq++
	a.status.text, a.status.isError = textsafe.Clean(text), isError
	if isError {
		return nil
	}
	return a.after(toastTime, toastExpiredMsg{seq: a.status.seq})
}

// setNote says that the selection moved without the user moving it.
func (a *App) setNote(note string) tea.Cmd {
	a.remember(note, false)
	a.status.seq++
	a.status.note = textsafe.Clean(note)
	return a.after(toastTime, toastExpiredMsg{seq: a.status.seq})
}

// leaveScreen clears what was said on the screen being left (a note, a
// result, an error): it speaks of that screen. A warning stays until
// dismissed, wherever the user goes; the log keeps everything.
func (s *statusLine) leaveScreen() {
	s.seq++ // a toast timer still on its way expires nothing newer
	s.text, s.isError, s.note = "", false, ""
}

func (s *statusLine) expire(seq int) {
	if seq == s.seq {
		s.text, s.isError, s.note = "", false, ""
	}
}
