package executions

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
)

// markSet is the executions marked for a bulk action, by ID. It outlives
// the rows: polls, sorts and filters never touch it, and an execution that
// leaves the list stays marked with the last copy seen of it. Copies of the
// screen share it (as they share the list's data): the latest copy is the
// one in use.
type markSet struct {
	order  []string                    // in the order they were marked
	last   map[string]client.Execution // the last copy seen of each
	anchor string                      // the last one marked one by one: where a range starts
}

func newMarkSet() *markSet { return &markSet{last: map[string]client.Execution{}} }

func (s *markSet) has(id string) bool {
	_, ok := s.last[id]
	return ok
}

func (s *markSet) add(e client.Execution) {
	if e.ID == "" || s.has(e.ID) {
		return
	}
	s.order = append(s.order, e.ID)
	s.last[e.ID] = e
}

func (s *markSet) remove(id string) {
	if !s.has(id) {
		return
	}
	delete(s.last, id)
	for i, v := range s.order {
		if v == id {
			s.order = append(s.order[:i:i], s.order[i+1:]...)
			break
		}
	}
}

func (s *markSet) clear() {
	s.order, s.last, s.anchor = nil, map[string]client.Execution{}, ""
}

func (s *markSet) len() int { return len(s.order) }

// toggleMark marks or unmarks the selected execution; it becomes the start
// of the next range.
func (m *Model) toggleMark() {
	e, ok := m.list.Selected()
	if !ok || !m.cursorShown() {
		return
	}
	if m.marks.has(e.ID) {
		m.marks.remove(e.ID)
	} else {
		m.marks.add(e)
	}
	m.marks.anchor = e.ID
}

// markRange marks every shown execution from the last one marked or
// unmarked with the mark key to the selected one. Without such a start on
// the list, it marks the selected one and starts there.
func (m *Model) markRange() {
	e, ok := m.list.Selected()
	if !ok || !m.cursorShown() {
		return
	}
	ids := m.list.ShownBetween(m.marks.anchor, e.ID)
	if ids == nil {
		ids = []string{e.ID}
	}
	for _, id := range ids {
		if x, ok := m.list.Get(id); ok {
			m.marks.add(x)
		}
	}
	m.marks.anchor = e.ID
}

// markShown marks every execution the filter shows.
func (m *Model) markShown() {
	for _, id := range m.list.ShownIDs() {
		if x, ok := m.list.Get(id); ok {
			m.marks.add(x)
		}
	}
}

// clearMarks forgets every mark and says how many there were.
func (m *Model) clearMarks() tea.Cmd {
	n := m.marks.len()
	if n == 0 {
		return common.Status("nothing is marked", false)
	}
	m.marks.clear()
	return common.Status(fmt.Sprintf("cleared %s", common.Plural(n, "mark")), false)
}

// Marked is the marked executions (common.Marker), each as the list has it
// now, or as it was last seen when it left the list.
func (m Model) Marked() []client.Execution {
	if m.marks.len() == 0 {
		return nil
	}
	out := make([]client.Execution, 0, m.marks.len())
	for _, id := range m.marks.order {
		e, ok := m.list.Get(id)
		if ok {
			m.marks.last[id] = e
		} else {
			e = m.marks.last[id]
		}
		out = append(out, e)
	}
	return out
}

// MarkCounts is how many executions are marked, how many of them the filter
// hides, and how many are no longer on the list at all.
func (m Model) MarkCounts() (marked, hidden, gone int) {
	for _, id := range m.marks.order {
		switch {
		case m.list.Shown(id):
		case m.loaded(id):
			hidden++
		default:
			gone++
		}
	}
	return m.marks.len(), hidden, gone
}

func (m Model) loaded(id string) bool {
	_, ok := m.list.Get(id)
	return ok
}

// marksLine is the header's marks segment: "12 marked", and apart the ones
// the filter hides and the ones that left the list; "" with no marks.
func (m Model) marksLine() string {
	n, hidden, gone := m.MarkCounts()
	if n == 0 {
		return ""
	}
	s := m.styles.Accent.Render(fmt.Sprintf("%d marked", n))
	if hidden > 0 {
		s += m.styles.Muted.Render(fmt.Sprintf(" (%d hidden by the filter)", hidden))
	}
	if gone > 0 {
		s += m.styles.Muted.Render(fmt.Sprintf(" (%d no longer in the list)", gone))
	}
	return s
}

var _ common.Marker = Model{}
