package themes

import "charm.land/lipgloss/v2"

// triageStyles builds the styles that say where to look: ended, successful
// rows are calm (dim, not bright green), failed and stuck rows stand out,
// and what arrived since the user last looked is marked. Every one also
// works without colour: faint, bold and reverse video carry the same
// emphasis under NO_COLOR and in mono themes, and the list adds a word or
// a glyph (STUCK, ●) to each, so nothing is told by colour alone.
func triageStyles(s *Styles, t Theme, base lipgloss.Style) {
	s.RowCalm = fg(base, t.Muted)
	if t.Mono || t.Muted == nil {
		s.RowCalm = base.Faint(true)
	}
	s.RowAlert = fg(base, t.Fg).Bold(true)
	s.RowNew = bg(fg(base, t.BadgeFg), t.Danger).Bold(true)
	if t.Mono || t.Danger == nil {
		s.RowNew = base.Reverse(true).Bold(true)
	}
	s.NewMarker = fg(base, t.Danger).Bold(true)
	s.Stuck = fg(base, t.Warning).Bold(true)
	if t.Mono {
		s.Stuck = base.Bold(true).Underline(true)
	}
	s.CauseTitle = fg(base, t.Danger).Bold(true)
	s.CauseText = fg(base, t.Fg).Bold(true)
}
