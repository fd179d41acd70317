package themes

import (
	"charm.land/lipgloss/v2"

	"github.com/cfytop/cfytop/client"
)

// OpRetrying is the look of an operation waiting for its next attempt: its
// latest attempt is pending and it has been retried (the Console's
// "Pending retry").
const OpRetrying client.OperationState = "pending retry"

// OpWord is the word an operation state is shown with.
func OpWord(s client.OperationState) string {
	if s == "" {
		return "unknown"
	}
	return string(s)
}

// OpGlyph is the symbol shown before an operation state: a state is never
// told by colour alone.
func OpGlyph(s client.OperationState) string {
	switch s {
	case client.OpSucceeded:
		return "✓"
	case client.OpFailed:
		return "✗"
	case client.OpRescheduled, OpRetrying:
		return "⟳"
	case client.OpStarted, client.OpResponseSent:
		return "▶"
	case client.OpSending, client.OpSent:
		return "↗"
	case client.OpPending:
		return "·"
	}
	return "?"
}

// OpState is the style of an operation state, in the colours of the
// execution statuses it resembles.
func (s *Styles) OpState(st client.OperationState) lipgloss.Style {
	switch st {
	case client.OpSucceeded:
		return s.StatusOK
	case client.OpFailed:
		return s.StatusFailed
	case client.OpRescheduled, OpRetrying:
		return s.StatusCancelled
	case client.OpStarted, client.OpResponseSent, client.OpSending, client.OpSent:
		return s.StatusActive
	case client.OpPending:
		return s.Muted
	}
	return s.Base
}
