package themes

import (
	"charm.land/lipgloss/v2"

	"github.com/cfytop/cfytop/client"
)

// StatusGroup is how a status is presented: the list's rows, the header's
// counts, the pane and --once all take a status's glyph and colour from
// here, so that a status looks the same everywhere.
type StatusGroup int

// The groups, each with its own colour.
const (
	GroupUnknown   StatusGroup = iota
	GroupOK                    // terminated (shown as completed)
	GroupFailed                // failed
	GroupCancelled             // cancelled, and on its way there (cancelling, force_cancelling, kill_cancelling)
	GroupActive                // started, pending
	GroupWaiting               // queued, scheduled
)

// GroupOf is the presentation group of s.
func GroupOf(s client.Status) StatusGroup {
	switch s {
	case client.StatusTerminated:
		return GroupOK
	case client.StatusFailed:
		return GroupFailed
	case client.StatusCancelled, client.StatusCancelling, client.StatusForceCancelling, client.StatusKillCancelling:
		return GroupCancelled
	case client.StatusStarted, client.StatusPending:
		return GroupActive
	case client.StatusQueued, client.StatusScheduled:
		return GroupWaiting
	}
	return GroupUnknown
}

// Glyph is the symbol shown before a status word: status is never told by
// colour alone.
func Glyph(s client.Status) string {
	switch s {
	case client.StatusTerminated:
		return "✓"
	case client.StatusFailed:
		return "✗"
	case client.StatusCancelled:
		return "⊘"
	case client.StatusStarted:
		return "▶"
	case client.StatusPending:
		return "…"
	case client.StatusQueued, client.StatusScheduled:
		return "◷"
	case client.StatusCancelling, client.StatusForceCancelling, client.StatusKillCancelling:
		return "⟳"
	}
	return "?"
}

// Status is the style of a status word.
func (s *Styles) Status(st client.Status) lipgloss.Style {
	switch GroupOf(st) {
	case GroupOK:
		return s.StatusOK
	case GroupFailed:
		return s.StatusFailed
	case GroupCancelled:
		return s.StatusCancelled
	case GroupActive:
		return s.StatusActive
	case GroupWaiting:
		return s.StatusWaiting
	}
	return s.Base
}

// SGR is the group's 16-colour ANSI code, for plain text output that has no
// theme (--once's table); "" for no colour.
func (g StatusGroup) SGR() string {
	switch g {
	case GroupOK:
		return "32"
	case GroupFailed:
		return "31"
	case GroupCancelled:
		return "33"
	case GroupWaiting:
		return "35"
	case GroupActive:
		return "36"
	}
	return ""
}
