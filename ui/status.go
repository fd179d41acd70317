package ui

import tea "charm.land/bubbletea/v2"

// statusLine is the one-line message under the list: action results, notes
// about the selection, errors. It clears itself after a while.
type statusLine struct {
	text    string
	isError bool
	seq     int
}

type toastExpiredMsg struct{ seq int }

func (a *App) setStatus(text string, isError bool) tea.Cmd {
	a.status.seq++
	a.status.text, a.status.isError = clean(text), isError
	return a.after(toastTime, toastExpiredMsg{seq: a.status.seq})
}

func (s *statusLine) expire(seq int) {
	if seq == s.seq {
		s.text, s.isError = "", false
	}
}
