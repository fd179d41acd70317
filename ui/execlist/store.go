package execlist

import (
	"bytes"
	"cmp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/themes"
)

// Replace merges a poll: items is the whole current set of executions.
// Executions not in items are removed, changed ones updated, new ones added.
// Only the rows whose sort or filter data changed are re-placed; the others
// keep their relative order (a merge, not a re-sort). The selection stays on
// the same execution; if it is gone (or no longer matches the filter), the
// nearest row is selected and the result says so.
func (m *Model) Replace(items []client.Execution) ReplaceResult {
	return m.merge(items, true)
}

// Upsert adds or replaces one execution (e.g. after an action returned it).
// The whole record is replaced.
func (m *Model) Upsert(e client.Execution) {
	m.merge([]client.Execution{e}, false)
}

// Merge adds or replaces several executions without removing any.
func (m *Model) Merge(items []client.Execution) ReplaceResult {
	return m.merge(items, false)
}

// Reserve makes room for n executions at once, so that a window read in
// pages does not regrow every column slice by doubling as it fills.
func (m *Model) Reserve(n int) {
	if more := n - len(m.execs); more > 0 {
		m.grow(more)
		if m.set == nil {
			m.set = &filter.Set{}
		}
		m.set.Grow(more)
	}
}

// StartSweep begins a full re-read: every execution merged from now on is
// marked, and Sweep then drops the ones that were not (the manager no longer
// has them, or they left the window).
func (m *Model) StartSweep() { m.sweepGen++ }

// Sweep drops every execution not merged since StartSweep.
func (m *Model) Sweep() ReplaceResult {
	if m.set == nil {
		return ReplaceResult{}
	}
	cs := m.beginChange()
	touched := m.touched[:0]
	for s := range m.execs {
		if m.set.Live(int32(s)) && m.swept[s] != m.sweepGen {
			m.drop(int32(s))
			touched = append(touched, int32(s))
		}
	}
	m.touched = touched
	if len(touched) == 0 {
		return ReplaceResult{}
	}
	return m.endChange(cs, touched)
}

// Remove drops one execution. It reports whether it was loaded.
func (m *Model) Remove(id string) (ReplaceResult, bool) {
	s, ok := m.byID[id]
	if !ok {
		return ReplaceResult{}, false
	}
	st := m.beginChange()
	m.drop(s)
	return m.endChange(st, []int32{s}), true
}

// changeState is what a change needs to restore the selection.
type changeState struct {
	sel, cursor, offset, screenRow int
	selID                          string
	oldView                        []int32
}

func (m *Model) beginChange() changeState {
	return changeState{
		sel: int(m.sel), cursor: m.cursor, offset: m.offset, screenRow: m.cursor - m.offset,
		selID: m.selID, oldView: m.view,
	}
}

func (m *Model) merge(items []client.Execution, removeMissing bool) ReplaceResult {
	if len(items) == 0 && !removeMissing {
		return ReplaceResult{}
	}
	cs := m.beginChange()
	m.gen++
	if len(m.byID) == 0 {
		m.byID = make(map[string]int32, len(items))
	}
	if m.set == nil {
		m.set = &filter.Set{}
	}
	if len(m.execs) == 0 {
		m.grow(len(items))
		m.set.Grow(len(items))
	}
	touched := m.touched[:0]
	seen := 0
	var prev []int32
	if removeMissing {
		prev = m.lastPoll
		m.lastPoll = m.spare[:0]
		if cap(m.lastPoll) < len(items) {
			m.lastPoll = make([]int32, 0, len(items))
		}
	}
	found, same := m.resolve(items, prev, removeMissing)
	for i := range items {
		it := &items[i]
		s := found[i]
		if s < 0 {
			// Not loaded before this call, but an earlier item of items
			// may have had the same ID.
			if s2, ok := m.byID[it.ID]; ok {
				s = s2
			}
		}
		switch {
		case s < 0:
			st := stateOf(it)
			s = m.alloc()
			m.set1(s, it, &st)
			m.seen[s], m.dirty[s] = m.gen, true
			m.byID[it.ID] = s
			seen++
			touched = append(touched, s)
		default:
			again := m.seen[s] == m.gen // listed twice: same[i] may be stale
			if !again {
				m.seen[s] = m.gen
				seen++
			}
			if !same[i] || again {
				st := stateOf(it)
				if !m.same(s, it, &st) && m.set1(s, it, &st) && !m.dirty[s] {
					m.dirty[s] = true
					touched = append(touched, s)
				}
			}
		}
		m.swept[s] = m.sweepGen
		if removeMissing {
			m.pollIdx[s] = int32(len(m.lastPoll))
			m.lastPoll = append(m.lastPoll, s)
		}
	}
	if removeMissing {
		m.spare = prev
	}
	if removeMissing && len(m.byID) > seen {
		for s := range m.execs {
			if m.seen[s] != m.gen && m.set.Live(int32(s)) {
				m.drop(int32(s))
				touched = append(touched, int32(s))
			}
		}
	}
	m.touched = touched
	if len(touched) == 0 {
		return ReplaceResult{}
	}
	return m.endChange(cs, touched)
}

// parallelMin is the size of a poll worth splitting between two goroutines.
const parallelMin = 16_384

// resolve finds, for each item, its slot (-1 when not loaded) and whether
// the slot already holds the item's data, without changing the model.
//
// It reads every byte of the poll that can differ (~42 MB at 100,000 rows)
// and, per row, the stored ID and the 64-byte rowState, never the stored
// record. That is most of a poll's cost, and it is bound by memory latency
// rather than computation: measured on a 2-core machine at 100,000 rows,
// one goroutine takes ~11-12 ms and two take ~7 ms (a plain sequential
// read of the same bytes does not speed up with two cores; this loop,
// waiting on misses, does). So a large poll is
// resolved in two halves when two cores are available; the result does
// not depend on the split (each half only reads the model and writes its
// own part of the result).
func (m *Model) resolve(items []client.Execution, prev []int32, byPoll bool) ([]int32, []bool) {
	n := len(items)
	if cap(m.found) < n {
		m.found = make([]int32, n)
		m.unchanged = make([]bool, n)
	}
	found, same := m.found[:n], m.unchanged[:n]
	if n < parallelMin || runtime.GOMAXPROCS(0) < 2 {
		m.resolveRange(items, prev, byPoll, 0, n, found, same)
		return found, same
	}
	half := n / 2
	var wg sync.WaitGroup
	wg.Go(func() { m.resolveRange(items, prev, byPoll, half, n, found, same) })
	m.resolveRange(items, prev, byPoll, 0, half, found, same)
	wg.Wait()
	return found, same
}

// resolveRange resolves items[lo:hi] (see resolve). A poll lists mostly the
// same executions in the same order as the one before (prev), so the slot
// of item i is usually the one after the previous item's: that is checked
// first, against the dense ids column, before the ID index, which costs a
// hash and a cache miss per lookup.
func (m *Model) resolveRange(items []client.Execution, prev []int32, byPoll bool, lo, hi int, found []int32, same []bool) {
	j := 0
	if lo > 0 {
		j = len(prev) // unknown until the first lookup
	}
	for i := lo; i < hi; i++ {
		it := &items[i]
		s, ok := int32(-1), false
		if j < len(prev) && it.ID != "" {
			// Only live slots have a non-empty ID in ids.
			if c := prev[j]; m.ids[c] == it.ID {
				s, ok = c, true
				j++
			}
		}
		if !ok {
			s, ok = m.byID[it.ID]
			if !ok {
				s = -1
			} else if byPoll && m.pollIdx[s] >= 0 {
				j = int(m.pollIdx[s]) + 1
			}
		}
		found[i] = s
		same[i] = false
		if s >= 0 {
			st := stateOf(it)
			same[i] = m.same(s, it, &st)
		}
	}
}

// same reports whether slot s already holds the data of it, whose state is
// st: the stored state alone decides, except for rows whose state says the
// stored record must be read (see rowState).
func (m *Model) same(s int32, it *client.Execution, st *rowState) bool {
	if m.state[s] != *st {
		return false
	}
	return st.flags&stateSlow == 0 || sameExecution(&m.execs[s], it)
}

// endChange re-places the touched slots (changed, added or removed; all
// marked dirty), restores the selection and recounts.
func (m *Model) endChange(st changeState, touched []int32) ReplaceResult {
	var res ReplaceResult
	nearest := int32(-1)
	if st.sel >= 0 && st.cursor >= 0 {
		s := int32(st.sel)
		gone := !m.set.Live(s)
		filteredOut := !gone && m.dirty[s] && !m.matches(s)
		if gone || filteredOut {
			res = ReplaceResult{SelectionLost: true, LostID: st.selID, FilteredOut: filteredOut}
			nearest = m.nearestClean(st.oldView, st.cursor)
		}
	}
	m.reposition(touched)
	for _, s := range touched {
		m.dirty[s] = false
	}
	m.recount()

	switch {
	case res.SelectionLost && nearest >= 0:
		m.sel = nearest
		m.cursor = m.indexInView(nearest)
		m.offset = m.cursor - st.screenRow
	case res.SelectionLost:
		m.cursor = -1
		if len(m.view) > 0 {
			m.cursor = min(st.cursor, len(m.view)-1)
			m.sel = m.view[m.cursor]
			m.offset = m.cursor - st.screenRow
		}
	case m.sel >= 0 && m.set.Live(m.sel) && m.execs[m.sel].ID == m.selID:
		m.cursor = m.indexInView(m.sel)
		// The selected row keeps its line on screen, so the list does not
		// slide under the reader; except at the very top, where new
		// executions show up above it while it stays on screen.
		if st.cursor >= 0 && m.cursor >= 0 && !(st.offset == 0 && m.cursor < m.bodyHeight()) {
			m.offset = m.cursor - st.screenRow
		}
	default:
		m.sel, m.cursor = -1, -1
	}
	if m.cursor < 0 && len(m.view) > 0 {
		// Nothing was selected (first load, or the filter hid everything):
		// select the first row.
		m.cursor, m.offset = 0, 0
		m.sel = m.view[0]
	}
	if m.cursor >= 0 {
		m.selID = m.execs[m.sel].ID
	} else if m.sel < 0 {
		m.selID = ""
	}
	m.scrollIntoView()
	return res
}

// nearestClean finds, in the old view, the closest row after (then before)
// index c that still exists and did not move: the row the user sees taking
// the lost one's place.
func (m *Model) nearestClean(oldView []int32, c int) int32 {
	for i := c + 1; i < len(oldView); i++ {
		if s := oldView[i]; !m.dirty[s] && m.set.Live(s) {
			return s
		}
	}
	for i := min(c-1, len(oldView)-1); i >= 0; i-- {
		if s := oldView[i]; !m.dirty[s] && m.set.Live(s) {
			return s
		}
	}
	return -1
}

// reposition rebuilds order and view after the dirty slots in touched
// changed: clean rows keep their relative order and the dirty live ones are
// sorted and merged in. The duration sort depends on the clock, and a change
// to most rows is cheaper to sort afresh, so those are recomputed in full.
func (m *Model) reposition(touched []int32) {
	if m.sortKey.clocked() || len(touched) > len(m.order)/2 {
		m.order = m.order[:0:0]
		for s := range m.execs {
			if m.set.Live(int32(s)) {
				m.order = append(m.order, int32(s))
			}
		}
		m.sortSlots(m.order)
		m.view = m.filterAll()
		return
	}
	add := m.addBuf[:0]
	for _, s := range touched {
		if m.set.Live(s) {
			add = append(add, s)
		}
	}
	slices.SortFunc(add, m.cmp)
	// The old order and view are not needed after this (the selection was
	// found in the old view before): their arrays become the spare ones
	// that the next change merges into, so that a poll allocates nothing
	// in proportion to the list.
	order := m.mergeSorted(m.order, add, m.orderSpare)
	m.orderSpare, m.order = m.order[:0], order
	vadd := m.vaddBuf[:0]
	for _, s := range add {
		if m.matches(s) {
			vadd = append(vadd, s)
		}
	}
	view := m.mergeSorted(m.view, vadd, m.viewSpare)
	m.viewSpare, m.view = m.view[:0], view
	m.addBuf, m.vaddBuf = add[:0], vadd[:0]
}

// mergeSorted returns, in buf's array when it is large enough, the clean
// entries of old with the sorted add merged in, placing each added slot by
// binary search: k log n comparisons, not n. It compacts old in place.
func (m *Model) mergeSorted(old, add, buf []int32) []int32 {
	k := 0
	for _, s := range old {
		if !m.dirty[s] {
			old[k] = s
			k++
		}
	}
	clean := old[:k]
	out := buf[:0]
	if cap(out) < k+len(add) {
		out = make([]int32, 0, k+len(add)+k/16)
	}
	i := 0
	for _, a := range add {
		j := m.gallop(clean, i, a)
		out = append(out, clean[i:j]...)
		out = append(out, a)
		i = j
	}
	return append(out, clean[i:]...)
}

// gallop returns the first index j >= i of sorted at which a sorts before
// sorted[j]. It probes i, i+1, i+3, i+7, ... before a binary search of the
// last step: changed rows are usually spread through the list, so each is
// placed near the previous one, in memory just read, instead of by jumps
// across the whole list (each a cache miss at 100,000 rows).
func (m *Model) gallop(sorted []int32, i int, a int32) int {
	lo, step := i, 1
	for lo < len(sorted) && m.cmp(a, sorted[lo]) >= 0 {
		i = lo + 1
		lo += step
		step *= 2
	}
	hi := min(lo, len(sorted))
	// a sorts at or after sorted[i-1] and before sorted[hi] (or at the end).
	rest := sorted[i:hi]
	return i + sort.Search(len(rest), func(x int) bool { return m.cmp(a, rest[x]) < 0 })
}

// grow makes room for n more slots.
func (m *Model) grow(n int) {
	m.execs = slices.Grow(m.execs, n)
	m.ids = slices.Grow(m.ids, n)
	m.state = slices.Grow(m.state, n)
	m.created = slices.Grow(m.created, n)
	m.started = slices.Grow(m.started, n)
	m.ended = slices.Grow(m.ended, n)
	m.rank = slices.Grow(m.rank, n)
	m.seen = slices.Grow(m.seen, n)
	m.swept = slices.Grow(m.swept, n)
	m.dirty = slices.Grow(m.dirty, n)
	m.pollIdx = slices.Grow(m.pollIdx, n)
}

// alloc returns a free slot.
func (m *Model) alloc() int32 {
	if n := len(m.free); n > 0 {
		s := m.free[n-1]
		m.free = m.free[:n-1]
		return s
	}
	m.execs = append(m.execs, client.Execution{})
	m.ids = append(m.ids, "")
	m.state = append(m.state, rowState{})
	m.created = append(m.created, 0)
	m.started = append(m.started, 0)
	m.ended = append(m.ended, 0)
	m.rank = append(m.rank, 0)
	m.seen = append(m.seen, 0)
	m.swept = append(m.swept, 0)
	m.dirty = append(m.dirty, false)
	m.pollIdx = append(m.pollIdx, -1)
	return int32(len(m.execs) - 1)
}

// drop frees slot s and marks it dirty (the caller re-places it).
func (m *Model) drop(s int32) {
	m.revision++
	delete(m.byID, m.execs[s].ID)
	m.set.Delete(s)
	m.execs[s] = client.Execution{}
	m.ids[s] = ""
	m.state[s] = rowState{}
	m.dirty[s] = true
	m.pollIdx[s] = -1
	m.free = append(m.free, s)
}

// set1 stores e, whose state is st, in slot s and reports whether its sort
// or filter data changed (a new slot always counts as changed).
func (m *Model) set1(s int32, e *client.Execution, st *rowState) bool {
	old := &m.execs[s]
	created := unixNano(e.CreatedAt.Time.IsZero(), e.CreatedAt.UnixNano())
	started := unixNano(!e.StartedAt.Valid || e.StartedAt.Value.IsZero(), e.StartedAt.Value.UnixNano())
	ended := unixNano(!e.EndedAt.Valid || e.EndedAt.Value.IsZero(), e.EndedAt.Value.UnixNano())
	changed := !m.set.Live(s) || created != m.created[s] || started != m.started[s] || ended != m.ended[s] ||
		old.WorkflowID != e.WorkflowID || old.DeploymentID.Value != e.DeploymentID.Value ||
		old.BlueprintID.Value != e.BlueprintID.Value || old.Status != e.Status ||
		old.StatusDisplay != e.StatusDisplay || old.CreatedBy != e.CreatedBy ||
		old.TenantName != e.TenantName || old.IsSystemWorkflow != e.IsSystemWorkflow ||
		old.IsDryRun != e.IsDryRun || old.ID != e.ID
	m.execs[s] = *e
	m.ids[s] = e.ID
	m.state[s] = *st
	if changed {
		m.revision++
		m.set.Put(s, e)
		m.created[s], m.started[s], m.ended[s] = created, started, ended
		m.rank[s] = rankOf(e.Status)
	}
	return changed
}

func unixNano(zero bool, n int64) int64 {
	if zero {
		return 0
	}
	return n
}

// sameExecution reports whether b (the same execution as a, found by ID)
// holds the same data as a. The fields the manager never changes once an
// execution exists (workflow, deployment, blueprint, creator, tenant) are
// compared by length only: in a poll of the whole set that saves reading
// the stored copy of every one of those strings, which is most of the cost
// of a poll that changes little. Everything that can change is compared in
// full.
func sameExecution(a, b *client.Execution) bool {
	return a.Status == b.Status && a.FinishedOperations == b.FinishedOperations &&
		a.TotalOperations == b.TotalOperations && sameTime(a.EndedAt, b.EndedAt) &&
		sameTime(a.StartedAt, b.StartedAt) && sameTime(a.ScheduledFor, b.ScheduledFor) &&
		a.CreatedAt.Equal(b.CreatedAt.Time) && a.StatusDisplay == b.StatusDisplay && a.Error == b.Error &&
		a.DeploymentDisplayName == b.DeploymentDisplayName && a.Visibility == b.Visibility &&
		a.ResourceAvailability == b.ResourceAvailability && a.PrivateResource == b.PrivateResource &&
		a.IsSystemWorkflow == b.IsSystemWorkflow && a.IsDryRun == b.IsDryRun && a.Resume == b.Resume &&
		a.AllowCustomParameters == b.AllowCustomParameters &&
		len(a.WorkflowID) == len(b.WorkflowID) && sameLen(a.DeploymentID, b.DeploymentID) &&
		sameLen(a.BlueprintID, b.BlueprintID) && len(a.CreatedBy) == len(b.CreatedBy) &&
		len(a.TenantName) == len(b.TenantName) &&
		bytes.Equal(a.Parameters, b.Parameters) && bytes.Equal(a.ParametersP, b.ParametersP)
}

func sameLen(a, b client.Nullable[string]) bool {
	return a.Present == b.Present && a.Valid == b.Valid && len(a.Value) == len(b.Value)
}

func sameTime(a, b client.Nullable[client.Time]) bool {
	return a.Present == b.Present && a.Valid == b.Valid && a.Value.Equal(b.Value.Time)
}

// cmp orders two slots by the sort key, then newest first, then by ID, so
// that the order is total and the same rows always come out the same way.
func (m *Model) cmp(a, b int32) int {
	c := 0
	switch m.sortKey {
	case SortStatus:
		c = cmp.Compare(m.rank[a], m.rank[b])
		if c == 0 && m.rank[a] == unknownRank {
			c = strings.Compare(string(m.execs[a].Status), string(m.execs[b].Status))
		}
	case SortDeployment:
		c = bytes.Compare(m.set.LowerField(a, filter.FieldDeployment), m.set.LowerField(b, filter.FieldDeployment))
	case SortWorkflow:
		c = bytes.Compare(m.set.LowerField(a, filter.FieldWorkflow), m.set.LowerField(b, filter.FieldWorkflow))
	case SortDuration:
		c = cmp.Compare(m.durationKey(a), m.durationKey(b))
	case SortInStatus:
		c = cmp.Compare(m.inStatusKey(a), m.inStatusKey(b))
	case SortCreated:
		c = cmp.Compare(m.created[a], m.created[b])
	}
	if c != 0 {
		if m.desc {
			return -c
		}
		return c
	}
	if c = cmp.Compare(m.created[b], m.created[a]); c != 0 {
		return c
	}
	return strings.Compare(m.execs[a].ID, m.execs[b].ID)
}

func (m *Model) durationKey(s int32) int64 {
	if m.started[s] == 0 {
		return 0
	}
	end := m.ended[s]
	if end == 0 {
		end = m.sortNow
	}
	return max(end-m.started[s], 0)
}

func (m *Model) sortSlots(s []int32) {
	m.sortNow = m.now.UnixNano()
	slices.SortFunc(s, m.cmp)
}

// matches reports whether slot s matches the filter.
func (m *Model) matches(s int32) bool {
	if !m.inOnly(s) {
		return false
	}
	if m.query.Empty() {
		return true
	}
	r := m.set.Row(s)
	return m.query.Match(&r)
}

// filterAll returns the rows of order that match the filter: one scan of
// the search set, then one pass over order.
func (m *Model) filterAll() []int32 {
	if m.only != nil {
		return m.filterFrom(m.order)
	}
	if m.query.Empty() {
		return slices.Clone(m.order)
	}
	if cap(m.match) < m.set.Len() {
		m.match = make([]bool, m.set.Len())
	}
	match := m.match[:m.set.Len()]
	n := m.query.Scan(m.set, match)
	out := make([]int32, 0, n)
	for _, s := range m.order {
		if match[s] {
			out = append(out, s)
		}
	}
	return out
}

// filterFrom returns the rows of from (a subset of order) that match.
func (m *Model) filterFrom(from []int32) []int32 {
	out := make([]int32, 0, len(from)/2+16)
	for _, s := range from {
		if m.matches(s) {
			out = append(out, s)
		}
	}
	return out
}

// indexInView finds slot s in the view: a binary search (the view is sorted
// by cmp, a total order) with a linear fallback.
func (m *Model) indexInView(s int32) int {
	i := sort.Search(len(m.view), func(i int) bool { return m.cmp(m.view[i], s) >= 0 })
	if i < len(m.view) && m.view[i] == s {
		return i
	}
	for i, v := range m.view {
		if v == s {
			return i
		}
	}
	return -1
}

// recount recomputes the per-status counts of the view.
func (m *Model) recount() {
	var n [len(statusOrderArr)]int
	var other map[client.Status]int
	for _, s := range m.view {
		if r := m.rank[s]; r != unknownRank {
			n[r]++
			continue
		}
		if other == nil {
			other = map[client.Status]int{}
		}
		other[m.execs[s].Status]++
	}
	m.counts = m.counts[:0:0]
	for i, c := range n {
		if c > 0 {
			st := statusOrder[i]
			m.counts = append(m.counts, StatusCount{Status: st, Word: st.Display(), Glyph: themes.Glyph(st), Count: c})
		}
	}
	if other != nil {
		keys := make([]client.Status, 0, len(other))
		for k := range other {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			m.counts = append(m.counts, StatusCount{Status: k, Word: textsafe.Clean(string(k)), Glyph: themes.Glyph(k), Count: other[k]})
		}
	}
}

// SetFilter shows only the executions matching q. If the selected execution
// is filtered out, the first match is selected and selectionMoved is true.
// A query that narrows the current one ("fai" to "fail") with few rows shown
// checks only those rows; otherwise the whole search set is scanned.
func (m *Model) SetFilter(q filter.Query) (selectionMoved bool) {
	q = q.At(m.now) // age:<1h is measured from the list's clock
	if q.String() == m.query.String() && !q.HasTime() {
		m.query = q
		return false
	}
	refine := q.Refines(m.query) && len(m.view) < len(m.order)/8
	m.query = q
	if refine {
		m.view = m.filterFrom(m.view)
	} else {
		m.view = m.filterAll()
	}
	m.recount()
	prev := m.cursor >= 0
	prevSel := m.sel
	screenRow := m.cursor - m.offset
	if m.sel >= 0 && m.set.Live(m.sel) && m.execs[m.sel].ID == m.selID {
		if i := m.indexInView(m.sel); i >= 0 {
			m.cursor = i
			if prev {
				m.offset = i - screenRow
			}
			m.scrollIntoView()
			return false
		}
	}
	m.cursor, m.offset = -1, 0
	if len(m.view) == 0 {
		return false
	}
	m.moveTo(0)
	return prev && prevSel != m.sel
}

// SetSort sorts by k, descending when desc. The selection stays on the same
// execution, at the same place on screen when it can.
func (m *Model) SetSort(k SortKey, desc bool) {
	if k < 0 || k >= numSortKeys {
		k = SortCreated
	}
	if k == m.sortKey && desc == m.desc && !k.clocked() {
		return
	}
	m.sortKey, m.desc = k, desc
	screenRow := m.cursor - m.offset
	m.sortSlots(m.order)
	m.view = m.filterAll()
	if m.cursor >= 0 {
		m.cursor = m.indexInView(m.sel)
		m.offset = m.cursor - screenRow
		m.scrollIntoView()
	}
}

// CycleSort moves to the next sort key, in its natural direction.
func (m *Model) CycleSort() {
	k := (m.sortKey + 1) % numSortKeys
	m.SetSort(k, k.DefaultDesc())
}

// ReverseSort flips the sort direction.
func (m *Model) ReverseSort() { m.SetSort(m.sortKey, !m.desc) }
