package execlist

import (
	"strconv"
	"strings"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/charmbracelet/x/ansi"
)

const (
	selectedMarker = SelectedGlyph + " "
	plainMarker    = "  "
)

// SetCursorShown false draws no row as selected (no marker, no selection
// style): the screen shows an execution elsewhere that the list has not
// selected, and must not point at another row meanwhile. The selection
// itself is kept; the next movement shows it again.
func (m *Model) SetCursorShown(shown bool) { m.noCursor = !shown }

// View renders the header line and the visible rows, exactly height lines
// of at most width cells. Only the rows on screen are formatted.
func (m Model) View() string {
	if m.height <= 0 || m.width <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow((m.width + 32) * m.height)
	b.WriteString(m.styles.ColumnHeader.Render(m.headerLine()))
	lines := 1
	body := m.bodyHeight()
	if len(m.view) == 0 && body > 0 {
		msg := "no executions"
		if len(m.byID) > 0 {
			msg = "no executions match the filter"
		}
		b.WriteByte('\n')
		b.WriteString(m.styles.Muted.Render(fit(plainMarker+msg, m.width, false)))
		lines++
	}
	end := min(m.offset+body, len(m.view))
	var cells strings.Builder
	cells.Grow(m.width * 2)
	for i := m.offset; i < end; i++ {
		b.WriteByte('\n')
		m.renderRow(&b, &cells, i)
		lines++
	}
	for ; lines < m.height; lines++ {
		b.WriteByte('\n')
	}
	return b.String()
}

func (m *Model) headerLine() string {
	var b strings.Builder
	b.WriteString(plainMarker)
	sortCol := m.sortKey.Column()
	for i, c := range m.layout.cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		// A right-aligned title keeps a cell for the sort arrow, where it
		// has room, so that moving the sort does not shift it.
		title := colSpecs[c].title
		switch {
		case c == sortCol:
			title += arrow(m.desc)
		case colSpecs[c].right && width(title) < m.layout.w[c]:
			title += " "
		}
		b.WriteString(fit(title, m.layout.w[c], colSpecs[c].right))
	}
	return fit(b.String(), m.width, false)
}

// renderRow writes view row i. An unselected row is the row style with the
// status cell in its status style; the selected row carries the marker and
// is drawn whole in the selection style (reverse video in mono themes).
func (m *Model) renderRow(b, cells *strings.Builder, i int) {
	s := m.view[i]
	e := &m.execs[s]
	selected := i == m.cursor && !m.noCursor
	cells.Reset()
	markerEnd := 0
	mk, isNew := m.markerFor(e)
	// lineW counts the cells written: each cell is padded or cut to its
	// column's width, so the row is measured without reading it again.
	marker, painted := plainMarker, false
	switch {
	case selected || (m.marked != nil && m.marked(e.ID)):
		marker = m.rowMarker(e.ID, selected) // a bulk mark shows over a new-trouble marker
	case isNew:
		marker, painted = mk, true
	}
	cells.WriteString(marker)
	lineW := width(marker)
	if painted {
		markerEnd = cells.Len()
	}
	statusStart, statusEnd := -1, -1
	var num [24]byte
	for j, c := range m.layout.cols {
		if j > 0 {
			cells.WriteByte(' ')
			lineW++
		}
		w, right := m.layout.w[c], colSpecs[c].right
		lineW += max(w, 0)
		switch c {
		case ColStatus:
			statusStart = cells.Len()
			glyph, word := m.statusWord(e)
			if 2+width(word) <= w {
				cells.WriteString(glyph)
				cells.WriteByte(' ')
				writeCell(cells, word, w-2, false)
				lineW += width(glyph) - 1 // the glyph and its space stand for 2 cells
			} else {
				writeCell(cells, glyph+" "+word, w, false)
			}
			statusEnd = cells.Len()
		case ColProgress:
			// Ended rows keep theirs (6/6, or 4/10 where a failure stopped),
			// as --once shows it.
			if e.TotalOperations <= 0 {
				writeCell(cells, "", w, right)
				continue
			}
			b := strconv.AppendInt(num[:0], int64(e.FinishedOperations), 10)
			b = append(b, '/')
			b = strconv.AppendInt(b, int64(e.TotalOperations), 10)
			writeCell(cells, string(b), w, right)
		default:
			writeCell(cells, m.cell(s, e, c), w, right)
		}
	}
	line := cells.String()
	if w := lineW; w < m.width {
		writeCell(cells, "", m.width-w, false)
		line = cells.String()
	} else if w > m.width {
		line = ansi.Truncate(line, m.width, "")
		statusEnd = min(statusEnd, len(line))
		statusStart = min(statusStart, statusEnd)
	}
	if selected {
		b.WriteString(m.styles.RowSelected.Render(line))
		return
	}
	row, status := m.rowStyles(e)
	if markerEnd > 0 {
		m.paints.marker.write(b, line[:markerEnd])
		line = line[markerEnd:]
		statusStart, statusEnd = statusStart-markerEnd, statusEnd-markerEnd
	}
	if statusStart < 0 {
		row.write(b, line)
		return
	}
	row.write(b, line[:statusStart])
	status.write(b, line[statusStart:statusEnd])
	if statusEnd < len(line) {
		row.write(b, line[statusEnd:])
	}
}

// cell is the text of column c for slot s. Every string from the manager is
// cleaned of control characters here (free when there is nothing to clean).
func (m *Model) cell(s int32, e *client.Execution, c Column) string {
	switch c {
	case ColID:
		id := textsafe.Clean(e.ID)
		if len(id) > 8 {
			return ansi.Truncate(id, 8, "")
		}
		return id
	case ColWorkflow:
		return textsafe.Clean(e.WorkflowID)
	case ColDeployment:
		return textsafe.Clean(e.DeploymentID.Value)
	case ColBlueprint:
		return textsafe.Clean(e.BlueprintID.Value)
	case ColCreated:
		if m.created[s] == 0 {
			return ""
		}
		return m.times.Column(e.CreatedAt.Time, m.now)
	case ColDuration:
		if m.started[s] == 0 {
			return ""
		}
		return humantime.Duration(e.Duration(m.now))
	case ColInStatus:
		return m.inStatus(e)
	case ColCreator:
		return textsafe.Clean(e.CreatedBy)
	case ColTenant:
		return textsafe.Clean(e.TenantName)
	}
	return ""
}

// fit cuts s to w cells (with an ellipsis) or pads it with spaces to w.
func fit(s string, w int, right bool) string {
	var b strings.Builder
	writeCell(&b, s, w, right)
	return b.String()
}

const spaces = "                                                                                "

// writeCell writes s cut to w cells (with an ellipsis) or padded to w.
func writeCell(b *strings.Builder, s string, w int, right bool) {
	if w <= 0 {
		return
	}
	sw := width(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if !right {
		b.WriteString(s)
	}
	for pad := w - sw; pad > 0; pad -= len(spaces) {
		b.WriteString(spaces[:min(pad, len(spaces))])
	}
	if right {
		b.WriteString(s)
	}
}

// width measures s in cells; printable ASCII is one cell per byte.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}
