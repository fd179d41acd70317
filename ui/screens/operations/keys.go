package operations

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/detailpane"
)

// onKey handles the keys the shell passes down: the pane's while it has
// them, else the tree's.
func (m Model) onKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	if m.paneOpen && m.pane.Focused() && !key.Matches(msg, k.Focus, k.Refresh) {
		var cmd tea.Cmd
		m.pane, cmd = m.pane.Update(msg)
		return m, cmd
	}
	switch {
	case key.Matches(msg, k.Focus):
		if m.paneOpen {
			m.pane.SetFocused(!m.pane.Focused())
		}
	case key.Matches(msg, k.Refresh):
		return m, m.refreshNow()
	case key.Matches(msg, m.followKey):
		m.follow = !m.follow
		if m.follow {
			m.followRunning()
			return m, common.Status("following the running operations", false)
		}
		return m, common.Status("follow off: the cursor stays where you put it", false)
	case key.Matches(msg, m.internalKey):
		m.internal = !m.internal
		m.relist()
		word := "hidden"
		if m.internal {
			word = "shown"
		}
		return m, common.Status("internal operations "+word, false)
	case key.Matches(msg, k.Open):
		return m.open()
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.Top):
		m.moveTo(0)
	case key.Matches(msg, k.Bottom):
		m.moveTo(len(m.rows) - 1)
	case key.Matches(msg, k.HalfDown):
		m.move(max(m.lay.treeH/2, 1))
	case key.Matches(msg, k.HalfUp):
		m.move(-max(m.lay.treeH/2, 1))
	case key.Matches(msg, k.PageDown):
		m.move(max(m.lay.treeH, 1))
	case key.Matches(msg, k.PageUp):
		m.move(-max(m.lay.treeH, 1))
	}
	return m, nil
}

// move moves the cursor; moving by hand ends follow mode.
func (m *Model) move(d int) { m.moveTo(m.cursor + d) }

func (m *Model) moveTo(i int) {
	if len(m.rows) == 0 {
		return
	}
	m.follow = false
	m.setCursor(i)
}

func (m *Model) setCursor(i int) {
	if len(m.rows) == 0 {
		m.cursor, m.offset, m.curKey = 0, 0, ""
		return
	}
	m.cursor = min(max(i, 0), len(m.rows)-1)
	m.curKey = m.t.key(m.rows[m.cursor])
	m.scrollTo(m.cursor)
}

// scrollTo keeps row i in view.
func (m *Model) scrollTo(i int) {
	h := max(m.lay.treeH, 1)
	switch {
	case i < m.offset:
		m.offset = i
	case i >= m.offset+h:
		m.offset = i - h + 1
	}
	m.offset = max(min(m.offset, len(m.rows)-h), 0)
}

// open is enter: fold or unfold a node instance, or show an operation's
// events and logs.
func (m Model) open() (Model, tea.Cmd) {
	if len(m.rows) == 0 {
		return m, nil
	}
	r := m.rows[m.cursor]
	if r.kind == rowGroup {
		m.toggleFold()
		return m, nil
	}
	return m.openPane(&m.t.ops[m.t.chains[r.chain].latest])
}

// isOpen reports whether a group is unfolded: as the user set it, else
// when it is at work or failed; follow mode unfolds what runs.
func (m *Model) isOpen(gi int) bool {
	g := &m.t.groups[gi]
	if open, ok := m.folds[g.key]; ok {
		return open
	}
	return g.defaultOpen()
}

func (m *Model) toggleFold() {
	if len(m.rows) == 0 {
		return
	}
	gi := m.rows[m.cursor].group
	folds := make(map[string]bool, len(m.folds)+1)
	for k, v := range m.folds {
		folds[k] = v
	}
	folds[m.t.groups[gi].key] = !m.isOpen(gi)
	m.folds = folds
	m.curKey = m.t.key(row{kind: rowGroup, group: gi, chain: -1}) // the cursor goes to the folded group
	m.relist()
}

// pinCursorGroup keeps the node instance the user's cursor is in open
// when it would fold by itself (its operations all ended): the row the
// user is looking at must not vanish under the cursor. Follow mode moves
// the cursor on instead.
func (m *Model) pinCursorGroup() {
	if m.follow || len(m.rows) == 0 || m.cursor >= len(m.rows) || m.rows[m.cursor].kind == rowGroup {
		return
	}
	gk := m.t.groups[m.rows[m.cursor].group].key
	if _, set := m.folds[gk]; set {
		return
	}
	folds := make(map[string]bool, len(m.folds)+1)
	for k, v := range m.folds {
		folds[k] = v
	}
	folds[gk] = true
	m.folds = folds
}

// relist flattens the tree again and puts the cursor back on its row.
func (m *Model) relist() {
	m.rows = m.t.rows(m.isOpen, m.internal)
	for i, r := range m.rows {
		if m.t.hasKey(r, m.curKey) {
			m.setCursor(i)
			return
		}
	}
	// the row is gone (folded away, hidden): its group, else the top
	if len(m.curKey) > 2 {
		gk := m.groupOfKey(m.curKey)
		for i, r := range m.rows {
			if r.kind == rowGroup && r.group < len(m.t.groups) && gk == m.t.groups[r.group].key {
				m.setCursor(i)
				return
			}
		}
	}
	m.setCursor(min(m.cursor, len(m.rows)-1))
}

// groupOfKey finds the group a row key belonged to.
func (m *Model) groupOfKey(k string) string {
	for _, c := range m.t.chains {
		if k[2:] == c.key {
			return m.t.groups[c.group].key
		}
	}
	return "\x00none"
}

// followRunning puts the cursor on the operation at work longest (else the
// first one at work) and shows as many of the running ones as fit.
func (m *Model) followRunning() {
	target := m.t.longest
	if target < 0 {
		for ci := range m.t.chains {
			if active(latestState(&m.t.ops[m.t.chains[ci].latest])) && m.t.visible(ci, m.internal) {
				target = ci
				break
			}
		}
	}
	if target < 0 || !m.t.visible(target, m.internal) {
		return
	}
	key := m.t.chains[target].key
	gk := m.t.groups[m.t.chains[target].group].key
	if open, ok := m.folds[gk]; ok && !open {
		folds := make(map[string]bool, len(m.folds))
		for k, v := range m.folds {
			folds[k] = v
		}
		delete(folds, gk) // running again: back to the default, open
		m.folds = folds
		m.rows = m.t.rows(m.isOpen, m.internal)
	}
	for i, r := range m.rows {
		if r.kind == rowOp && m.t.chains[r.chain].key == key {
			m.cursor = i
			m.curKey = m.t.key(r)
			// the first running row at the top, when the target fits below it
			first := i
			for j, r2 := range m.rows {
				if r2.kind == rowOp && active(latestState(&m.t.ops[m.t.chains[r2.chain].latest])) {
					first = j
					break
				}
			}
			h := max(m.lay.treeH, 1)
			if i-first < h {
				m.offset = max(first-1, 0)
			}
			m.scrollTo(i)
			return
		}
	}
}

// operationSource is the pane's source narrowed to one operation: the
// execution as it is, its events and logs of one node instance and
// interface operation only.
type operationSource struct {
	mgr          Manager
	nodeInstance string
	operation    string
}

func (s operationSource) GetExecution(ctx context.Context, id string, include ...string) (*client.Execution, error) {
	return s.mgr.GetExecution(ctx, id, include...)
}

func (s operationSource) ListEvents(ctx context.Context, o client.EventsOptions) (*client.EventPage, error) {
	return s.mgr.ListOperationEvents(ctx, client.OperationEventsOptions{ExecutionID: o.ExecutionID,
		NodeInstanceID: s.nodeInstance, Operation: s.operation, IncludeLogs: o.IncludeLogs, Offset: o.Offset, Size: o.Size})
}

// openPane shows the events and logs of the operation of this row.
func (m Model) openPane(o *client.Operation) (Model, tea.Cmd) {
	ni, op := o.NodeInstanceID(), o.OperationName()
	if ni == "" || op == "" {
		return m, common.Status("only the operations of a node instance have their own events; this one is "+textsafe.Clean(o.Type), true)
	}
	m.pane = detailpane.New(operationSource{mgr: m.o.Manager, nodeInstance: ni, operation: op}, m.styles, m.keys, m.o.Refresh)
	m.pane.SetOwner(m.id)
	m.pane.SetTimer(m.after)
	m.pane.SetNow(m.now)
	m.pane.SetTimes(m.times)
	m.pane.SetFocused(true)
	m.paneOpen = true
	m.paneWhat = ni + " · " + op
	m.relayout()
	show := m.pane.Show(m.exec)
	m.pane.FollowTail()
	return m, tea.Batch(show, m.ensureClock())
}

func (m *Model) closePane() {
	m.paneOpen = false
	m.paneWhat = ""
	m.pane.Stop()
	m.relayout()
}
