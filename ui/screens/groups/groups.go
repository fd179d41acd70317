// Package groups is the execution groups screen (:groups): each group with
// its workflow, its deployment group, its aggregate progress and the status
// counts of its members. enter shows a group's executions in the list; the
// action keys act on its members through the bulk preview; the start key
// starts a workflow on a deployment group, and the new group is selected.
package groups

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
)

// Manager is what the screen reads.
type Manager interface {
	ListExecutionGroups(ctx context.Context, o client.ListExecutionGroupsOptions) (*client.ExecutionGroupPage, error)
	ListExecutions(ctx context.Context, o client.ListExecutionsOptions) (*client.ExecutionPage, error)
}

// Options configure the screen.
type Options struct {
	Manager    Manager
	AllTenants bool
	Timeout    time.Duration
	Refresh    time.Duration // 0 = only on the refresh key
	// Members builds the screen that lists a group's executions.
	Members func(ctx common.Context, id common.ID, groupID string) common.Screen
}

// maxGroups is how many groups the screen reads, newest first.
const maxGroups = 200

// byIDMax is how many member IDs one request asks for (a short URL).
const byIDMax = 50

// row is one group and its members as last read.
type row struct {
	g       client.ExecutionGroup
	members []client.Execution
}

// Model is the groups screen.
type Model struct {
	id     common.ID
	o      Options
	keys   keymap.KeyMap
	styles *themes.Styles
	after  common.Timer
	w, h   int

	rows     []row
	total    int
	cursor   int
	offset   int
	loading  bool
	loaded   bool
	err      string
	gen      int
	active   bool
	tickSent bool
}

type (
	loadedMsg struct {
		to   common.ID
		gen  int
		rows []row
		tot  int
		err  error
	}
	tickMsg struct {
		to  common.ID
		gen int
	}
)

func (m loadedMsg) ScreenID() common.ID { return m.to }
func (m tickMsg) ScreenID() common.ID   { return m.to }

// New builds the screen.
func New(ctx common.Context, id common.ID, o Options) Model {
	if o.Timeout <= 0 {
		o.Timeout = client.DefaultTimeout
	}
	after := ctx.After
	if after == nil {
		after = common.TeaTimer
	}
	return Model{id: id, o: o, keys: ctx.Keys, styles: ctx.Styles, after: after, active: true}
}

// ID is the screen's address.
func (m Model) ID() common.ID { return m.id }

// Init reads the groups.
func (m Model) Init() tea.Cmd { return func() tea.Msg { return tickMsg{to: m.id, gen: -1} } }

func (m *Model) load() tea.Cmd {
	if m.o.Manager == nil {
		m.err = "this manager cannot list execution groups"
		return nil
	}
	m.gen++
	m.loading = true
	mgr, o, id, gen := m.o.Manager, m.o, m.id, m.gen
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
		defer cancel()
		rows, total, err := fetch(ctx, mgr, o.AllTenants)
		return loadedMsg{to: id, gen: gen, rows: rows, tot: total, err: err}
	}
}

// fetch reads the groups with their members' IDs, then the members
// themselves by ID, a few dozen at a time.
func fetch(ctx context.Context, mgr Manager, all bool) ([]row, int, error) {
	page, err := mgr.ListExecutionGroups(ctx, client.ListExecutionGroupsOptions{
		Sort: []string{"-created_at"}, Size: maxGroups, GetData: true, AllTenants: all})
	if err != nil {
		return nil, 0, err
	}
	var ids []string
	for _, g := range page.Items {
		ids = append(ids, g.ExecutionIDs.Value...)
	}
	byID := map[string]client.Execution{}
	for from := 0; from < len(ids); from += byIDMax {
		chunk := ids[from:min(from+byIDMax, len(ids))]
		p, err := mgr.ListExecutions(ctx, client.ListExecutionsOptions{
			Include: client.ExecutionListFields, Filters: map[string][]string{"id": chunk},
			GetAllResults: true, IncludeSystemWorkflows: true, AllTenants: all})
		if err != nil {
			return nil, 0, err
		}
		for _, e := range p.Items {
			byID[e.ID] = e
		}
	}
	rows := make([]row, len(page.Items))
	for i, g := range page.Items {
		rows[i].g = g
		for _, id := range g.ExecutionIDs.Value {
			if e, ok := byID[id]; ok {
				rows[i].members = append(rows[i].members, e)
			}
		}
	}
	return rows, page.Pagination.Total, nil
}

// Update handles the keys and the screen's replies.
func (m Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tickMsg:
		if msg.gen >= 0 && msg.gen != m.gen {
			return m, nil
		}
		m.tickSent = false
		if !m.active {
			return m, nil
		}
		return m, m.load()
	case loadedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.loading = false
		if msg.err != nil {
			m.err = textsafe.Clean(msg.err.Error())
		} else {
			m.err, m.loaded = "", true
			sel := m.selectedID()
			m.rows, m.total = msg.rows, msg.tot
			m.reselect(sel)
		}
		return m, m.schedule()
	case common.ExecutionGroupStartedMsg:
		return m.onStarted(msg.Group)
	case common.ExecutionUpdatedMsg:
		m.rows = slices.Clone(m.rows)
		for i := range m.rows {
			for j, e := range m.rows[i].members {
				if e.ID == msg.Execution.ID {
					m.rows[i].members = slices.Clone(m.rows[i].members)
					m.rows[i].members[j] = msg.Execution
				}
			}
		}
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseWheelMsg:
		m.move(common.WheelStep(msg))
	}
	return m, nil
}

// onStarted shows a group the user just started at the top, selected, and
// reads the groups again for its members.
func (m Model) onStarted(g client.ExecutionGroup) (common.Screen, tea.Cmd) {
	i := slices.IndexFunc(m.rows, func(r row) bool { return r.g.ID == g.ID })
	if i < 0 {
		m.rows = append([]row{{g: g}}, m.rows...)
		m.total++
		i = 0
	}
	m.cursor = i
	m.scroll()
	if !m.active {
		return m, nil // read again when shown
	}
	return m, m.load()
}

func (m *Model) schedule() tea.Cmd {
	if m.o.Refresh <= 0 || m.tickSent || !m.active {
		return nil
	}
	m.tickSent = true
	return m.after(m.o.Refresh, tickMsg{to: m.id, gen: m.gen})
}

func (m Model) selectedID() string {
	if m.cursor >= 0 && m.cursor < len(m.rows) {
		return m.rows[m.cursor].g.ID
	}
	return ""
}

func (m *Model) reselect(id string) {
	for i, r := range m.rows {
		if r.g.ID == id {
			m.cursor = i
			break
		}
	}
	m.move(0) // within the groups read
}

// move moves the cursor n groups (up when negative), within the list, and
// keeps it in the window: the keys and the wheel move it through here.
func (m *Model) move(n int) {
	m.cursor = min(max(m.cursor+n, 0), max(len(m.rows)-1, 0))
	m.scroll()
}

// scroll keeps the cursor's row in the window, moving the window only as
// far as needed (it is kept across frames, so moving up from the bottom
// does not jump).
func (m *Model) scroll() {
	body := max(m.h-1, 1)
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+body {
		m.offset = m.cursor - body + 1
	}
	m.offset = max(0, min(m.offset, max(len(m.rows)-body, 0)))
}

func (m Model) onKey(msg tea.KeyPressMsg) (common.Screen, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Top):
		m.move(-len(m.rows))
	case key.Matches(msg, k.Bottom):
		m.move(len(m.rows))
	case key.Matches(msg, k.Refresh):
		return m, m.load()
	case key.Matches(msg, k.Open):
		id := m.selectedID()
		if id == "" || m.o.Members == nil {
			return m, nil
		}
		build := m.o.Members
		return m, func() tea.Msg {
			return common.PushMsg{New: func(ctx common.Context, sid common.ID) common.Screen { return build(ctx, sid, id) }}
		}
	}
	return m, nil
}

// Target: a group is not an execution; the action keys act on its members
// (Marked).
func (m Model) Target() (client.Execution, bool) { return client.Execution{}, false }

// Marked is the selected group's members: the action keys open the bulk
// preview on them.
func (m Model) Marked() []client.Execution {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return nil
	}
	return slices.Clone(m.rows[m.cursor].members)
}

// StartGroup is the deployment group the start key preselects: the
// selected group's.
func (m Model) StartGroup() string {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return ""
	}
	return m.rows[m.cursor].g.DeploymentGroupID.Value
}

// MarkedScope names what Marked holds, for the preview's title.
func (m Model) MarkedScope() string {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return ""
	}
	g := m.rows[m.cursor].g
	return fmt.Sprintf("of group %s (%s on %s)", common.ShortID(g.ID), textsafe.Clean(g.WorkflowID), textsafe.Clean(g.DeploymentGroupID.Value))
}

// SetSize gives the screen its size.
func (m Model) SetSize(w, h int) common.Screen {
	m.w, m.h = w, h
	m.scroll()
	return m
}

// Title is the breadcrumb's part.
func (m Model) Title() string { return "groups" }

// Header is the state line.
func (m Model) Header(w int) string {
	st := m.styles
	var s string
	switch {
	case m.err != "":
		s = st.Stale.Render("error: ") + st.Base.Render(m.err)
	case !m.loaded:
		s = st.Muted.Render("loading execution groups…")
	case m.loading:
		s = st.Live.Render("refreshing")
	default:
		s = st.Live.Render("live")
	}
	right := ""
	if m.loaded {
		right = st.Muted.Render(fmt.Sprintf("%d of %d groups", len(m.rows), m.total))
	}
	return common.Spread(s, right, w)
}

// Footer: nothing.
func (m Model) Footer(int) string { return "" }

// InputActive: the screen takes no text.
func (m Model) InputActive() bool { return false }

// Back: nothing to close inside; the shell pops the screen.
func (m Model) Back() (common.Screen, tea.Cmd, bool) { return m, nil, false }

// SetActive stops the refresh while covered, and reads again on top.
func (m Model) SetActive(active bool) (common.Screen, tea.Cmd) {
	if active == m.active {
		return m, nil
	}
	m.active = active
	if !active {
		m.gen++ // drop what is in flight
		m.loading, m.tickSent = false, false
		return m, nil
	}
	return m, m.load()
}

// start is the start key as this screen uses it: on a deployment group.
func (m Model) start() key.Binding {
	b := m.keys.Start
	b.SetHelp(b.Help().Key, "start on a deployment group")
	return b
}

// ShortHelp is the footer's keys.
func (m Model) ShortHelp() []key.Binding {
	k := m.keys
	return []key.Binding{k.Open, k.Refresh, m.start(), k.Cancel, k.Back, k.Help}
}

// FullHelp is the screen's keys.
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Open, k.Refresh, k.Back}, {m.start()},
		{k.Cancel, k.ForceCancel, k.Kill, k.Resume}, {k.Help, k.Command, k.Quit, k.QuitNow}}
}

// HelpTitles names FullHelp's groups.
func (m Model) HelpTitles() []string {
	return []string{"Move", "View", "Start", "Act on the members", "General"}
}

// Column widths.
const (
	idW   = 8
	wfW   = 16
	dgW   = 14
	stW   = 10
	progW = 9
)

// View is the table of groups.
func (m Model) View() string {
	st := m.styles
	var b strings.Builder
	head := fmt.Sprintf("  %-*s %-*s %-*s %-*s %-*s %s", idW, "ID", wfW, "WORKFLOW", dgW, "DEP. GROUP", stW, "STATUS", progW, "ENDED", "MEMBERS")
	b.WriteString(st.ColumnHeader.Render(common.Fit(head, m.w)))
	body := max(m.h-1, 0)
	if len(m.rows) == 0 && body > 0 {
		msg := "no execution groups"
		if !m.loaded {
			msg = "loading…"
		}
		b.WriteString("\n" + st.Muted.Render("  "+msg))
	}
	off := m.offset
	for i := off; i < min(len(m.rows), off+body); i++ {
		b.WriteString("\n")
		line := m.rowLine(i)
		if i == m.cursor {
			b.WriteString(st.RowSelected.Render(common.Fit("› "+line, m.w)))
		} else {
			b.WriteString(st.Row.Render(common.Fit("  "+line, m.w)))
		}
	}
	return b.String()
}

func cell(s string, w int) string {
	s = textsafe.Clean(s)
	s = common.Fit(s, w)
	return s + strings.Repeat(" ", max(0, w-len([]rune(s))))
}

// rowLine is one group: its status (the manager's), how many members have
// ended, and its members per status.
func (m Model) rowLine(i int) string {
	r := m.rows[i]
	status := "none"
	if r.g.Status.Valid {
		status = string(r.g.Status.Value)
	}
	ended := 0
	counts := map[client.Status]int{}
	for _, e := range r.members {
		counts[e.Status]++
		if e.Status.IsEnd() {
			ended++
		}
	}
	n := len(r.g.ExecutionIDs.Value)
	var parts []string
	for _, s := range client.AllStatuses {
		if c := counts[s]; c > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", textsafe.Clean(s.Display()), c))
		}
	}
	if missing := n - len(r.members); missing > 0 {
		parts = append(parts, fmt.Sprintf("%d not read", missing))
	}
	return cell(common.ShortID(r.g.ID), idW) + " " + cell(r.g.WorkflowID, wfW) + " " + cell(r.g.DeploymentGroupID.Value, dgW) + " " +
		cell(status, stW) + " " + cell(fmt.Sprintf("%d/%d", ended, n), progW) + " " + strings.Join(parts, " · ")
}

var (
	_ common.Screen       = Model{}
	_ common.Targeter     = Model{}
	_ common.Marker       = Model{}
	_ common.GroupStarter = Model{}
)
