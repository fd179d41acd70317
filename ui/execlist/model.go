// Package execlist is the dashboard's executions table: a virtualised list
// that holds every loaded execution but formats only the rows on screen.
//
// Rows live in a slot slice with an ID index. Sorting and filtering work on
// slices of slot numbers (order: every row, sorted; view: the rows that match
// the filter, in the same order). The selection is an execution, not a
// position, so refreshes that insert, remove or reorder rows never move the
// user to another execution.
package execlist

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
)

// SortKey is a sort column. CycleSort goes through them in this order.
type SortKey int

// Sort keys.
const (
	SortCreated SortKey = iota
	SortStatus
	SortDeployment
	SortWorkflow
	SortDuration
	SortInStatus // how long in the current status (triage.go)
	numSortKeys
)

// String names the sort key as the column header does, in lower case.
func (k SortKey) String() string {
	switch k {
	case SortCreated:
		return "created"
	case SortStatus:
		return "status"
	case SortDeployment:
		return "deployment"
	case SortWorkflow:
		return "workflow"
	case SortDuration:
		return "duration"
	case SortInStatus:
		return "in status"
	}
	return "?"
}

// Column is the column that shows the sort key.
func (k SortKey) Column() Column {
	switch k {
	case SortStatus:
		return ColStatus
	case SortDeployment:
		return ColDeployment
	case SortWorkflow:
		return ColWorkflow
	case SortDuration:
		return ColDuration
	case SortInStatus:
		return ColInStatus
	}
	return ColCreated
}

// DefaultDesc is the direction a key starts in when chosen: newest and
// longest first; statuses in attention order (running first); names A to Z.
func (k SortKey) DefaultDesc() bool {
	return k == SortCreated || k == SortDuration || k == SortInStatus
}

// ReplaceResult says what a refresh did to the selection.
type ReplaceResult struct {
	// SelectionLost is set when the selected execution is no longer shown;
	// the nearest row is selected instead.
	SelectionLost bool
	// LostID is the ID of the execution that was selected.
	LostID string
	// FilteredOut is set when the lost execution still exists but its new
	// state no longer matches the filter (it did not vanish from the manager).
	FilteredOut bool
}

// StatusCount is the number of executions in one status.
type StatusCount struct {
	Status client.Status
	Word   string // display word, e.g. "completed" for terminated
	Glyph  string
	Count  int
}

// Model is the executions table. Update and View have value receivers; the
// data methods (Replace, SetFilter, ...) change the model in place. Copies
// share the loaded data, so keep and use only the latest copy (as a Bubble
// Tea parent does when it stores what Update returns).
type Model struct {
	styles     *themes.Styles
	keys       keymap.KeyMap
	width      int
	height     int
	layout     layout
	now        time.Time
	showTenant bool
	times      humantime.Mode // how CREATED shows its times

	// Per slot (struct of arrays: sorting and counting touch only the
	// dense columns they need, not whole records).
	execs   []client.Execution
	ids     []string   // execs[s].ID for live slots, "" for free ones
	state   []rowState // what a poll can change, to compare without reading execs
	created []int64    // unix nanoseconds, 0 when unknown
	started []int64
	ended   []int64
	rank    []uint8  // position in statusOrder
	seen    []uint32 // generation of the last Replace that listed it
	swept   []uint32 // sweepGen when last merged (see StartSweep)
	dirty   []bool   // its place in order/view must be recomputed
	pollIdx []int32  // its index in lastPoll, -1 when not in it
	set     *filter.Set
	match   []bool // scratch for filter scans

	byID      map[string]int32
	free      []int32
	gen       uint32
	revision  uint64  // see Revision
	sweepGen  uint32  // the full re-read under way (see StartSweep)
	lastPoll  []int32 // slots in the order of the last Replace's items
	spare     []int32 // the lastPoll before it, reused for the next one
	touched   []int32 // scratch for merge
	found     []int32 // scratch for resolve: each item's slot
	unchanged []bool  // scratch for resolve: the slot holds the item's data

	order []int32 // every live slot, sorted
	view  []int32 // slots matching query, sorted
	query filter.Query

	// Spare arrays for the next incremental re-placement (see reposition).
	orderSpare, viewSpare, addBuf, vaddBuf []int32

	sortKey SortKey
	desc    bool
	sortNow int64 // the clock the duration sort was computed with

	sel    int32  // selected slot, -1 for none
	selID  string // its execution ID
	cursor int    // index of sel in view, -1 when not shown
	offset int    // first visible index of view
	// noCursor draws no row as selected (see SetCursorShown).
	noCursor bool

	counts []StatusCount

	marked func(id string) bool // the bulk actions' marks (see marks.go)
	marks  map[string]Mark      // the triage rules' marks (triage.go)
	paints paints               // the row styles as SGR prefixes and suffixes (triage.go)
	only   map[string]struct{}  // SetOnly's IDs; nil = every execution
}

// New returns an empty table sorted by creation time, newest first.
func New(styles *themes.Styles, keys keymap.KeyMap) Model {
	if styles == nil {
		t, _ := themes.Get("default")
		styles = themes.NewStyles(t)
	}
	return Model{
		styles:  styles,
		paints:  newPaints(styles),
		keys:    keys,
		byID:    map[string]int32{},
		set:     &filter.Set{},
		sortKey: SortCreated,
		desc:    true,
		sel:     -1,
		cursor:  -1,
	}
}

// SetSize sets the table's size in cells: one header line and h-1 rows.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.layout = m.computeLayout()
	m.scrollIntoView()
}

// SetStyles switches the theme.
func (m *Model) SetStyles(s *themes.Styles) {
	if s != nil {
		m.styles, m.paints = s, newPaints(s)
	}
}

// SetKeys replaces the key bindings (after user overrides).
func (m *Model) SetKeys(k keymap.KeyMap) { m.keys = k }

// SetShowTenant shows or hides the tenant column (shown when the dashboard
// lists executions of all tenants).
func (m *Model) SetShowTenant(show bool) {
	m.showTenant = show
	m.layout = m.computeLayout()
}

// SetTimes switches how the time column shows its times (ages, local or
// UTC clock times); CREATED widens for clock times.
func (m *Model) SetTimes(t humantime.Mode) {
	m.times = t
	m.layout = m.computeLayout()
}

// Times is how the time column shows its times.
func (m Model) Times() humantime.Mode { return m.times }

func (m *Model) computeLayout() layout {
	return computeLayout(m.width, m.showTenant, m.times.ColumnWidth())
}

// SetNow sets the clock used for ages and live durations.
func (m *Model) SetNow(t time.Time) { m.now = t }

// Now is the clock the table renders with.
func (m Model) Now() time.Time { return m.now }

// Update handles the movement keys. Other messages are ignored.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok || len(m.view) == 0 {
		return m, nil
	}
	body := max(m.bodyHeight(), 1)
	half := max(body/2, 1)
	switch {
	case key.Matches(kp, m.keys.Up):
		m.moveTo(m.cursor - 1)
	case key.Matches(kp, m.keys.Down):
		m.moveTo(m.cursor + 1)
	case key.Matches(kp, m.keys.Top):
		m.moveTo(0)
	case key.Matches(kp, m.keys.Bottom):
		m.moveTo(len(m.view) - 1)
	case key.Matches(kp, m.keys.HalfDown):
		m.offset += half
		m.moveTo(m.cursor + half)
	case key.Matches(kp, m.keys.HalfUp):
		m.offset -= half
		m.moveTo(m.cursor - half)
	case key.Matches(kp, m.keys.PageDown):
		m.offset += body
		m.moveTo(m.cursor + body)
	case key.Matches(kp, m.keys.PageUp):
		m.offset -= body
		m.moveTo(m.cursor - body)
	}
	return m, nil
}

// bodyHeight is the number of rows shown under the header.
func (m *Model) bodyHeight() int { return max(m.height-1, 0) }

// moveTo selects view index i (clamped) and scrolls it into view.
func (m *Model) moveTo(i int) {
	if len(m.view) == 0 {
		m.cursor = -1
		return
	}
	i = min(max(i, 0), len(m.view)-1)
	m.cursor = i
	m.sel = m.view[i]
	m.selID = m.execs[m.sel].ID
	m.scrollIntoView()
}

// scrollIntoView clamps the offset so that the cursor is on screen and the
// window is as full as it can be.
func (m *Model) scrollIntoView() {
	body := m.bodyHeight()
	if body <= 0 || len(m.view) == 0 {
		m.offset = 0
		return
	}
	if m.cursor >= 0 {
		if m.cursor < m.offset {
			m.offset = m.cursor
		}
		if m.cursor >= m.offset+body {
			m.offset = m.cursor - body + 1
		}
	}
	m.offset = min(m.offset, max(len(m.view)-body, 0))
	m.offset = max(m.offset, 0)
}

// Selected returns the selected execution, if a row is selected.
func (m Model) Selected() (client.Execution, bool) {
	if m.cursor < 0 || m.sel < 0 {
		return client.Execution{}, false
	}
	return m.execs[m.sel], true
}

// SelectedID is the ID of the selected execution, "" when none.
func (m Model) SelectedID() string {
	if m.cursor < 0 {
		return ""
	}
	return m.selID
}

// Select selects the execution with the given full ID or unique ID prefix.
// It reports false (and changes nothing) when no shown row has that ID or
// the prefix is ambiguous.
func (m *Model) Select(id string) bool {
	if id == "" {
		return false
	}
	s, ok := m.byID[id]
	if !ok {
		s = -1
		for _, v := range m.view {
			if strings.HasPrefix(m.execs[v].ID, id) {
				if s >= 0 {
					return false
				}
				s = v
			}
		}
		if s < 0 {
			return false
		}
	}
	i := m.indexInView(s)
	if i < 0 {
		return false
	}
	m.moveTo(i)
	return true
}

// Len is the number of rows shown (after the filter).
func (m Model) Len() int { return len(m.view) }

// Total is the number of executions loaded.
func (m Model) Total() int { return len(m.byID) }

// Cursor is the selected row's index among the shown rows, -1 when none.
func (m Model) Cursor() int { return m.cursor }

// Offset is the index of the first row on screen.
func (m Model) Offset() int { return m.offset }

// Get returns a loaded execution by full ID.
func (m Model) Get(id string) (client.Execution, bool) {
	s, ok := m.byID[id]
	if !ok {
		return client.Execution{}, false
	}
	return m.execs[s], true
}

// Filter is the current filter.
func (m Model) Filter() filter.Query { return m.query }

// Sort returns the sort key and whether it is descending.
func (m Model) Sort() (SortKey, bool) { return m.sortKey, m.desc }

// SortLabel describes the sort for a status line, e.g. "created ▼".
func (m Model) SortLabel() string {
	return m.sortKey.String() + " " + arrow(m.desc)
}

func arrow(desc bool) string {
	if desc {
		return "▼"
	}
	return "▲"
}

// Counts returns the number of shown executions per status (after the
// filter), in a stable order: running, stopping, waiting, then ended ones.
// Statuses with no execution are left out.
func (m Model) Counts() []StatusCount {
	return append([]StatusCount(nil), m.counts...)
}
