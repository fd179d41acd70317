package execlist

import (
	"iter"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/triage"
)

// Mark is what the triage rules say about one row: whether it is stuck,
// and whether its failure or stuck mark arrived since the user last looked.
type Mark struct {
	Stuck bool
	New   bool
	// Since is when the execution entered its status, as the triage rules
	// tell it (a cancel request has no stamp of its own); zero = read it
	// from the execution's times.
	Since time.Time
}

// Marker glyphs: a new failure or stuck mark, and the STUCK word's glyph.
const (
	newMarker  = NewGlyph + " "
	stuckGlyph = "⚠"
	stuckWord  = "STUCK"
)

// SetMarks replaces the rows' marks (by execution ID; rows not in marks
// have none). Only the rows on screen look them up.
func (m *Model) SetMarks(marks map[string]Mark) {
	// The filter's records carry the stuck marks, for is:stuck.
	changed := false
	for id, mk := range m.marks {
		if s, ok := m.byID[id]; ok && mk.Stuck && !marks[id].Stuck {
			m.set.SetStuck(s, false)
			changed = true
		}
	}
	for id, mk := range marks {
		if s, ok := m.byID[id]; ok && mk.Stuck && !m.set.Stuck(s) {
			m.set.SetStuck(s, true)
			changed = true
		}
	}
	m.marks = marks
	if changed && m.query.HasStuck() {
		m.refilter()
	}
}

// MarkOf is the mark of an execution.
func (m Model) MarkOf(id string) Mark { return m.marks[id] }

// Revision changes whenever an execution is added or removed, or its sort
// or filter data change (status, times, workflow, deployment, blueprint,
// creator, tenant, system or dry-run flag); not when only its progress or
// error text do. The triage rules read the whole window again only when it
// moved.
func (m Model) Revision() uint64 { return m.revision }

// All is every loaded execution, in no particular order, for the triage
// rules that read the whole window. The pointers are valid until the next
// change of the list.
func (m Model) All() iter.Seq[*client.Execution] {
	return func(yield func(*client.Execution) bool) {
		for s, id := range m.ids {
			if id != "" && !yield(&m.execs[s]) {
				return
			}
		}
	}
}

// markerFor is the two cells before an unselected row: a dot for what the
// user has not seen yet.
func (m *Model) markerFor(e *client.Execution) (string, bool) {
	if m.marks[e.ID].New {
		return newMarker, true
	}
	return plainMarker, false
}

// statusWord is the status cell's glyph and word: a stuck row says STUCK
// before its status, so that it never depends on colour.
func (m *Model) statusWord(e *client.Execution) (glyph, word string) {
	word = filter.DisplayWord(e)
	if m.marks[e.ID].Stuck {
		return stuckGlyph, stuckWord + " " + word
	}
	return themes.Glyph(e.Status), word
}

// rowStyles are the paints of an unselected row and of its status cell:
// ended successful rows are calm, failed and stuck rows stand out, and a
// new one is emphasised until it is selected.
func (m *Model) rowStyles(e *client.Execution) (row, status paint) {
	p := &m.paints
	mk := m.marks[e.ID]
	switch {
	case mk.New:
		return p.fresh, p.fresh
	case mk.Stuck:
		return p.alert, p.stuck
	case e.Status == client.StatusFailed:
		return p.alert, p.status[themes.GroupFailed]
	case e.Status == client.StatusTerminated:
		return p.calm, p.status[themes.GroupOf(e.Status)]
	}
	return p.row, p.status[themes.GroupOf(e.Status)]
}

// paint is a style's SGR prefix and suffix: a row is written as prefix,
// text, suffix instead of through lipgloss's Render, which measures every
// grapheme of the row again (View is the hot path). The row styles set
// colours and attributes only, so the two are the same.
type paint struct{ pre, post string }

func paintOf(st lipgloss.Style) paint {
	r := st.Render("X")
	i := strings.Index(r, "X")
	if i < 0 {
		return paint{}
	}
	return paint{r[:i], r[i+1:]}
}

func (p paint) write(b *strings.Builder, text string) {
	b.WriteString(p.pre)
	b.WriteString(text)
	b.WriteString(p.post)
}

// paints are the row styles' paints, taken once per styles.
type paints struct {
	row, calm, alert, fresh, stuck, marker paint
	status                                 [themes.GroupWaiting + 1]paint
}

func newPaints(s *themes.Styles) paints {
	p := paints{row: paintOf(s.Row), calm: paintOf(s.RowCalm), alert: paintOf(s.RowAlert),
		fresh: paintOf(s.RowNew), stuck: paintOf(s.Stuck), marker: paintOf(s.NewMarker)}
	for g := range p.status {
		p.status[g] = paintOf(s.Status(groupStatus(themes.StatusGroup(g))))
	}
	return p
}

// groupStatus is a status of group g, to take the group's style.
func groupStatus(g themes.StatusGroup) client.Status {
	for _, st := range client.AllStatuses {
		if themes.GroupOf(st) == g {
			return st
		}
	}
	return ""
}

// SetOnly shows only the executions with these IDs (the failures screen's
// group), on top of the filter; nil shows every one again.
func (m *Model) SetOnly(ids []string) {
	if ids == nil {
		if m.only == nil {
			return
		}
		m.only = nil
	} else {
		m.only = make(map[string]struct{}, len(ids))
		for _, id := range ids {
			m.only[id] = struct{}{}
		}
	}
	m.refilter()
}

// Narrowed reports whether SetOnly is in force.
func (m Model) Narrowed() bool { return m.only != nil }

// inOnly reports whether slot s passes SetOnly.
func (m *Model) inOnly(s int32) bool {
	if m.only == nil {
		return true
	}
	_, ok := m.only[m.execs[s].ID]
	return ok
}

// refilter recomputes the view for a change the query does not show (the
// IDs of SetOnly, the stuck marks for is:stuck), keeping the selection when
// it is still shown.
func (m *Model) refilter() {
	m.view = m.filterAll()
	m.recount()
	if m.sel >= 0 && m.set.Live(m.sel) && m.execs[m.sel].ID == m.selID {
		if i := m.indexInView(m.sel); i >= 0 {
			m.cursor = i
			m.scrollIntoView()
			return
		}
	}
	m.cursor, m.offset = -1, 0
	if len(m.view) > 0 {
		m.moveTo(0)
	}
}

// statusSince is when e entered its status.
func (m *Model) statusSince(e *client.Execution) time.Time {
	if since := m.marks[e.ID].Since; !since.IsZero() {
		return since
	}
	return triage.StatusSince(e, time.Time{}, time.Time{})
}

// inStatus is the time-in-status cell: live to the second for active
// executions (the list's clock); for an ended one, the time since the end
// in its coarsest unit, as the CREATED column writes ages, so that an idle
// list of ended rows does not redraw every second.
func (m *Model) inStatus(e *client.Execution) string {
	since := m.statusSince(e)
	if since.IsZero() {
		return ""
	}
	if e.Status.IsEnd() {
		return humantime.Age(m.now.Sub(since))
	}
	return humantime.Duration(m.now.Sub(since))
}

// inStatusKey orders slots by time in status, with the clock the sort was
// computed with.
func (m *Model) inStatusKey(s int32) int64 {
	since := m.statusSince(&m.execs[s])
	if since.IsZero() {
		return 0
	}
	return m.sortNow - since.UnixNano()
}

// clocked reports whether the sort depends on the clock.
func (k SortKey) clocked() bool { return k == SortDuration || k == SortInStatus }
