package execlist

// The list under the mouse. Lines are counted from the list's own top: line
// 0 is the column header, the rows start on line 1 at the scroll offset.

// RowAt is the execution shown on line y of the list's view. ok is false on
// the header, on the empty lines under the last row, and outside the list.
func (m Model) RowAt(y int) (id string, ok bool) {
	if y < 1 || y > m.bodyHeight() {
		return "", false
	}
	i := m.offset + y - 1
	if i < 0 || i >= len(m.view) {
		return "", false
	}
	return m.execs[m.view[i]].ID, true
}

// Scroll moves the selection n rows down (up when n < 0) and the window with
// it, as the mouse wheel does: the rows on screen move by n, the selection
// stays on the same line where it can. It reports whether anything moved.
func (m *Model) Scroll(n int) bool {
	if len(m.view) == 0 || n == 0 {
		return false
	}
	cursor, offset := m.cursor, m.offset
	m.offset += n
	m.moveTo(m.cursor + n)
	return m.cursor != cursor || m.offset != offset
}
