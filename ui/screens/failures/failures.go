// Package failures is the failures screen: the failed executions in scope
// grouped by their normalised cause (issue 11), with count, deployments,
// workflows and first and last seen; enter narrows the executions list to
// one group.
package failures

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/triage"
	"github.com/cfytop/cfytop/ui/common"
)

// Lister is the part of the manager client the screen reads from.
type Lister interface {
	ListExecutions(ctx context.Context, o client.ListExecutionsOptions) (*client.ExecutionPage, error)
}

// Options configure the screen: the scope is the executions screen's.
type Options struct {
	Manager    Lister
	Parent     common.ID // the executions screen, which NarrowMsg narrows
	AllTenants bool
	Limit      int
	Timeout    time.Duration
	System     bool
	// Server-side filters, as the executions screen sends them.
	Deployment, Workflow, Blueprint []string
}

// Fields are what the screen asks for: the error text is what the causes
// are read from.
var Fields = []string{"id", "workflow_id", "deployment_id", "status", "created_at", "ended_at", "error", "tenant_name"}

// NarrowMsg asks the executions screen to show only one group's executions.
type NarrowMsg struct {
	To    common.ID
	Cause string   // the group's key
	IDs   []string // its executions
}

// ScreenID addresses the executions screen.
func (m NarrowMsg) ScreenID() common.ID { return m.To }

type loadedMsg struct {
	to       common.ID
	gen      int
	failures []triage.Failure
	total    int
	err      error
}

func (m loadedMsg) ScreenID() common.ID { return m.to }

// Model is the failures screen.
type Model struct {
	id     common.ID
	o      Options
	keys   keymap.KeyMap
	styles *themes.Styles
	nowFn  func() time.Time

	width, height int
	gen           int
	loading       bool
	active        bool
	err           string
	groups        []triage.Group
	failed, total int
	cursor        int
	offset        int
}

// New builds the screen.
func New(ctx common.Context, id common.ID, o Options) Model {
	m := Model{id: id, o: o, keys: ctx.Keys, styles: ctx.Styles, nowFn: ctx.Now, active: true}
	if m.nowFn == nil {
		m.nowFn = time.Now
	}
	if m.o.Limit <= 0 {
		m.o.Limit = 1000
	}
	if m.o.Timeout <= 0 {
		m.o.Timeout = client.DefaultTimeout
	}
	return m
}

// ID is the screen's address.
func (m Model) ID() common.ID { return m.id }

// Init loads the failures.
func (m Model) Init() tea.Cmd {
	return func() tea.Msg { return startMsg{to: m.id} }
}

type startMsg struct{ to common.ID }

func (m startMsg) ScreenID() common.ID { return m.to }

// load asks for the failed executions of the scope, newest first, and reads
// each one's cause as it arrives (off the UI's loop).
func (m *Model) load() tea.Cmd {
	if m.o.Manager == nil {
		return nil
	}
	m.gen++
	m.loading = true
	src, o, to, gen := m.o.Manager, m.o, m.id, m.gen
	filters := map[string][]string{"status": {string(client.StatusFailed)}}
	for k, vs := range map[string][]string{"deployment_id": o.Deployment, "workflow_id": o.Workflow, "blueprint_id": o.Blueprint} {
		if len(vs) > 0 {
			filters[k] = append([]string(nil), vs...)
		}
	}
	q := client.ListExecutionsOptions{Include: Fields, Sort: []string{"-created_at"}, Size: o.Limit, Filters: filters,
		IncludeSystemWorkflows: o.System, AllTenants: o.AllTenants}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
		defer cancel()
		p, err := src.ListExecutions(ctx, q)
		if err != nil {
			return loadedMsg{to: to, gen: gen, err: err}
		}
		return loadedMsg{to: to, gen: gen, failures: triage.NewFailures(p.Items), total: p.Pagination.Total}
	}
}

// Update handles keys and the screen's replies.
func (m Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case startMsg:
		return m, m.load()
	case loadedMsg:
		if msg.gen != m.gen || !m.active {
			return m, nil
		}
		m.loading = false
		if msg.err != nil {
			m.err = msg.err.Error()
			return m, nil
		}
		m.err = ""
		m.groups = triage.GroupOf(msg.failures)
		m.failed, m.total = len(msg.failures), msg.total
		m.move(0) // within the groups read
		return m, nil
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseWheelMsg:
		m.move(common.WheelStep(msg))
	}
	return m, nil
}

// move moves the cursor n groups (up when negative), within the list, and
// keeps it in the window: the keys and the wheel move it through here.
func (m *Model) move(n int) {
	m.cursor = min(max(m.cursor+n, 0), max(len(m.groups)-1, 0))
	m.scroll()
}

func (m Model) onKey(msg tea.KeyPressMsg) (common.Screen, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.Top):
		m.move(-len(m.groups))
	case key.Matches(msg, k.Bottom):
		m.move(len(m.groups))
	case key.Matches(msg, k.PageDown, k.HalfDown):
		m.move(max(m.rows()/2, 1))
	case key.Matches(msg, k.PageUp, k.HalfUp):
		m.move(-max(m.rows()/2, 1))
	case key.Matches(msg, k.Refresh):
		return m, m.load()
	case key.Matches(msg, k.Open):
		return m, m.narrow()
	}
	return m, nil
}

// narrow closes the screen and shows the executions list only the selected
// group's executions.
func (m Model) narrow() tea.Cmd {
	if len(m.groups) == 0 {
		return nil
	}
	g := m.groups[m.cursor]
	msg := NarrowMsg{To: m.o.Parent, Cause: g.Key, IDs: append([]string(nil), g.IDs...)}
	return tea.Sequence(func() tea.Msg { return common.PopMsg{} }, func() tea.Msg { return msg })
}

// Groups are the groups shown.
func (m Model) Groups() []triage.Group { return m.groups }

// Cursor is the selected group's index.
func (m Model) Cursor() int { return m.cursor }

func (m Model) rows() int { return max(m.height-1-detailLines, 1) }

func (m *Model) scroll() {
	r := m.rows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+r {
		m.offset = m.cursor - r + 1
	}
	m.offset = max(min(m.offset, len(m.groups)-r), 0)
}

// detailLines is the selected group's block under the table.
const detailLines = 6

// SetSize gives the screen the body's size.
func (m Model) SetSize(w, h int) common.Screen {
	m.width, m.height = w, h
	m.scroll()
	return m
}

// View is the table of groups and the selected group's details.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	now := m.nowFn()
	const countW, depsW, lastW = 6, 6, 8
	// the cursor's column, then the failed glyph's, then the table
	causeW := max(m.width-4-countW-depsW-lastW-3, 10)
	head := "    " + pad("COUNT", countW, true) + " " + pad("CAUSE", causeW, false) + " " + pad("DEPS", depsW, true) + " " + pad("LAST", lastW, true)
	lines := []string{m.styles.ColumnHeader.Render(common.Fit(head, m.width))}
	switch {
	case m.err != "":
		lines = append(lines, m.styles.Error.Render(common.Fit("  could not read the failures: "+textsafe.Clean(m.err)+" — "+m.keys.Refresh.Help().Key+" tries again", m.width)))
	case m.loading && m.groups == nil:
		lines = append(lines, m.styles.Muted.Render("  reading the failed executions…"))
	case len(m.groups) == 0:
		lines = append(lines, m.styles.Muted.Render("  no failed executions in scope"))
	}
	end := min(m.offset+m.rows(), len(m.groups))
	for i := m.offset; i < end; i++ {
		g := &m.groups[i]
		row := pad(strconv.Itoa(g.Count), countW, true) + " " + pad(textsafe.Clean(g.Key), causeW, false) + " " +
			pad(strconv.Itoa(len(g.Deployments)), depsW, true) + " " + pad(humantime.Age(now.Sub(g.Last)), lastW, true)
		if i == m.cursor {
			lines = append(lines, m.styles.RowSelected.Render(pad("› ✗ "+row, m.width, false)))
			continue
		}
		lines = append(lines, "  "+m.styles.StatusFailed.Render("✗")+" "+m.styles.Row.Render(pad(row, m.width-4, false)))
	}
	for len(lines) < m.height-detailLines {
		lines = append(lines, "")
	}
	lines = append(lines[:m.height-detailLines], m.detail(now)...)
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
}

// detail is the selected group in words.
func (m Model) detail(now time.Time) []string {
	out := make([]string, detailLines)
	out[0] = m.styles.Muted.Render(strings.Repeat("─", m.width))
	if len(m.groups) == 0 {
		return out
	}
	g := &m.groups[m.cursor]
	// The sentence may take two lines: it is what the screen is for.
	for i, l := range summaryLines(g, now, m.width) {
		out[1+i] = m.styles.CauseText.Render(l)
	}
	out[3] = m.styles.Label.Render("deployments ") + m.styles.Value.Render(common.Fit(textsafe.Clean(strings.Join(g.Deployments, ", ")), m.width-12))
	out[4] = m.styles.Label.Render("workflows   ") + m.styles.Value.Render(common.Fit(textsafe.Clean(strings.Join(g.Workflows, ", ")), m.width-12))
	out[5] = m.styles.Label.Render("seen        ") + m.styles.Value.Render(common.Fit(fmt.Sprintf("first %s ago, last %s ago · latest: %s",
		humantime.Age(now.Sub(g.First)), humantime.Age(now.Sub(g.Last)), textsafe.Clean(g.Sample.Text())), m.width-12))
	return out
}

// summaryLines is a group's sentence on at most two lines of w cells.
// When it is longer, the cause is cut, not the count, the deployments or
// when it was last seen at its end.
func summaryLines(g *triage.Group, now time.Time, w int) []string {
	sentence := textsafe.Clean(g.Summary(now))
	lines := strings.Split(ansi.Wrap(sentence, w, ""), "\n")
	if len(lines) <= 2 {
		return lines
	}
	first := lines[0]
	// Summary is the count, the cause, then the figures
	head := strconv.Itoa(g.Count) + " failed: "
	cause := textsafe.Clean(g.Key)
	if !strings.HasPrefix(sentence, head+cause) {
		return []string{first, common.Fit(rest(sentence, first), w)}
	}
	figures := sentence[len(head)+len(cause):]
	fw := ansi.StringWidth(figures)
	if fw >= w {
		return []string{common.Fit(head+cause, w), common.Fit(strings.TrimPrefix(figures, " "), w)}
	}
	return []string{first, common.Fit(rest(head+cause, first), w-fw) + figures}
}

// rest is what follows line, the first line text was wrapped to: after the
// space it broke at, if any.
func rest(text, line string) string {
	if !strings.HasPrefix(text, line) {
		return text
	}
	return strings.TrimPrefix(text[len(line):], " ")
}

func pad(s string, w int, right bool) string {
	s = common.Fit(s, w)
	n := w - ansi.StringWidth(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

// Title is the screen's part of the breadcrumb.
func (m Model) Title() string { return "failures" }

// Header says how many failures and causes are in scope.
func (m Model) Header(w int) string {
	var s string
	switch {
	case m.loading && m.groups == nil:
		s = "reading the failed executions…"
	case m.err != "":
		s = "could not read the failures"
	default:
		s = fmt.Sprintf("✗ %d failed · %s", m.failed, common.Plural(len(m.groups), "cause"))
		if m.total > m.failed {
			s += fmt.Sprintf(" · the newest %d of %d read", m.failed, m.total)
		}
	}
	return common.Fit(m.styles.Muted.Render(s), w)
}

// Footer says what enter does.
func (m Model) Footer(int) string {
	return m.styles.Muted.Render(m.keys.Open.Help().Key + " shows the group's executions")
}

// InputActive: the screen holds no text input.
func (m Model) InputActive() bool { return false }

// Back has nothing to close: the shell pops the screen.
func (m Model) Back() (common.Screen, tea.Cmd, bool) { return m, nil, false }

// SetActive stops the loading while another screen covers this one.
func (m Model) SetActive(active bool) (common.Screen, tea.Cmd) {
	if active == m.active {
		return m, nil
	}
	m.active = active
	if !active {
		m.gen++ // an answer on its way is dropped
		m.loading = false
		return m, nil
	}
	return m, m.load()
}

// ShortHelp is the footer's key line.
func (m Model) ShortHelp() []key.Binding {
	k := m.keys
	return []key.Binding{k.Up, k.Down, k.Open, k.Refresh, k.Back}
}

// FullHelp is every key of the screen.
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp}, {k.Open, k.Refresh, k.Back, k.Help, k.Quit}}
}

var _ common.Screen = Model{}
