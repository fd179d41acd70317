package execlist

// The list draws the marks of the bulk actions; it does not keep them. The
// executions screen owns them (they outlive the rows: an execution that
// leaves the list stays marked) and lends the list a way to ask.

// The glyphs of the two cells left of a row, exported for the help's
// legend: the selected row; a marked one (drawn right of the selection
// marker; ASCII, so that every terminal agrees on its width); a failure or
// a stuck mark new since the user last looked. Each is its own shape, so
// that a mark is never taken for new trouble.
const (
	SelectedGlyph = "›"
	MarkGlyph     = "*"
	NewGlyph      = "●"
)

const markGlyph = MarkGlyph

// SetMarked gives the list the test for a marked execution ID; nil = none
// is marked.
func (m *Model) SetMarked(marked func(id string) bool) { m.marked = marked }

// rowMarker is the two cells left of a row: the selection, then the mark.
func (m *Model) rowMarker(id string, selected bool) string {
	if m.marked == nil || !m.marked(id) {
		if selected {
			return selectedMarker
		}
		return plainMarker
	}
	if selected {
		return selectedMarker[:len(selectedMarker)-1] + markGlyph
	}
	return plainMarker[:1] + markGlyph
}

// ShownIDs lists the IDs of the rows the filter shows, in their order.
func (m Model) ShownIDs() []string {
	out := make([]string, len(m.view))
	for i, s := range m.view {
		out[i] = m.execs[s].ID
	}
	return out
}

// Shown reports whether the execution with this full ID is on the list
// (loaded and matching the filter).
func (m Model) Shown(id string) bool {
	s, ok := m.byID[id]
	return ok && m.matches(s)
}

// ShownBetween lists the IDs of the shown rows from the one with ID a to
// the one with ID b, both included, in the list's order whichever comes
// first; nil when either is not shown.
func (m Model) ShownBetween(a, b string) []string {
	sa, oka := m.byID[a]
	sb, okb := m.byID[b]
	if !oka || !okb {
		return nil
	}
	i, j := m.indexInView(sa), m.indexInView(sb)
	if i < 0 || j < 0 {
		return nil
	}
	if i > j {
		i, j = j, i
	}
	out := make([]string, 0, j-i+1)
	for _, s := range m.view[i : j+1] {
		out = append(out, m.execs[s].ID)
	}
	return out
}
