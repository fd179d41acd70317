package detailpane

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/textsafe"
)

// frame is the pane's border, rendered once per size, theme and focus.
type frame struct {
	top, bottom, left, right string
}

func newFrame(st lipgloss.Style, w int) frame {
	b := st.GetBorderStyle()
	edge := lipgloss.NewStyle().Foreground(st.GetBorderTopForeground())
	inner := max(w-2, 0)
	return frame{
		top:    edge.Render(b.TopLeft + strings.Repeat(b.Top, inner) + b.TopRight),
		bottom: edge.Render(b.BottomLeft + strings.Repeat(b.Bottom, inner) + b.BottomRight),
		left:   edge.Render(b.Left),
		right:  edge.Render(b.Right),
	}
}

func (m *Model) rebuildFrames() {
	if m.styles == nil {
		return
	}
	m.frames[0] = newFrame(m.styles.PaneBorder, m.width)
	m.frames[1] = newFrame(m.styles.PaneBorderFocused, m.width)
}

// View renders the pane at its size, border included. It only slices what
// rebuild prepared: View runs every frame.
func (m Model) View() string {
	if m.styles == nil || m.width < 4 || m.height < 4 {
		return ""
	}
	f := m.frames[0]
	if m.focused {
		f = m.frames[1]
	}
	inner := m.width - 2
	var b strings.Builder
	b.Grow(m.width * m.height * 2)
	b.WriteString(f.top)
	b.WriteByte('\n')
	rows := 0
	put := func(line string) {
		w := ansi.StringWidth(line)
		if w > inner {
			line, w = ansi.Truncate(line, inner, "…"), inner
		}
		b.WriteString(f.left)
		b.WriteString(line)
		b.WriteString(strings.Repeat(" ", inner-w))
		b.WriteString(f.right)
		b.WriteByte('\n')
		rows++
	}
	put(m.title(inner))
	// The viewport keeps the scroll position; the lines are already wrapped,
	// so the visible window is a slice (its View re-wraps everything).
	last := m.height - 2 // rows inside the border
	if m.search.open {
		last-- // the search line's
	}
	off := min(m.vp.YOffset(), len(m.lines))
	for i, line := range m.lines[off:min(off+m.vp.Height(), len(m.lines))] {
		if rows == last {
			break
		}
		put(m.highlight(off+i, line))
	}
	for rows < last {
		put("")
	}
	if m.search.open {
		put(m.searchLine(inner))
	}
	b.WriteString(f.bottom)
	return b.String()
}

func (m Model) title(w int) string {
	var t string
	switch {
	case m.id == "":
		t = "no execution selected"
	default:
		short := m.id
		if len(short) > 8 {
			short = short[:8]
		}
		t = "execution " + textsafe.Clean(short)
		if m.have {
			t += " · " + textsafe.Clean(m.exec.WorkflowID)
			if !m.exec.Status.IsEnd() && m.exec.StartedAt.Valid {
				t += " · " + m.liveDuration()
			}
		}
	}
	// Where the view is, in words: a bare percentage read like progress
	// next to "6/6 operations". "following" only while new events can come.
	state := ""
	if m.id != "" {
		switch {
		case m.vp.TotalLineCount() <= m.vp.Height():
		case m.follow && !(m.have && m.exec.Status.IsEnd()):
			state = "following"
		case m.vp.AtBottom():
			state = "end"
		default:
			state = fmt.Sprintf("line %d of %d", m.vp.YOffset()+1, m.vp.TotalLineCount())
		}
	}
	left := m.styles.Bold.Render(ansi.Truncate(t, max(w-len(state)-1, 1), "…"))
	gap := max(w-lipgloss.Width(left)-len(state), 1)
	return left + strings.Repeat(" ", gap) + m.styles.Muted.Render(state)
}

// rebuild renders the content lines once per change; View only slices them.
func (m *Model) rebuild() {
	if m.styles == nil {
		return
	}
	m.lines = m.lines[:0]
	if m.id == "" {
		m.lines = append(m.lines, m.styles.Muted.Render("Select an execution and press enter."))
		m.vp.SetContentLines(m.lines)
		return
	}
	m.tri.cause, m.tri.hasCause = m.Cause() // once: three parts read it
	m.troubleBlocks()
	m.fields()
	m.errorText()
	m.parameters()
	m.eventLines()
	m.vp.SetContentLines(m.lines)
	if m.follow {
		m.vp.GotoBottom()
	}
	m.findHits()
}

func (m *Model) add(s string) { m.lines = wrap(m.lines, s, m.wrapW) }

// wrap appends s cut into lines of at most w cells.
func wrap(out []string, s string, w int) []string {
	if w <= 0 || len(s) <= w || ansi.StringWidth(s) <= w {
		return append(out, s)
	}
	// A line's own indent (a traceback's, an error cause's) carries over to
	// its continuation lines.
	plain := ansi.Strip(s)
	if indent := len(plain) - len(strings.TrimLeft(plain, " ")); indent > 0 && indent < w/2 {
		return wrapIndented(out, s, w, indent)
	}
	return append(out, wrapLines(s, w)...)
}

// wrapLines wraps s at word boundaries; a word longer than the line (an
// identifier, a path) breaks after a separator in it, not mid-name.
func wrapLines(s string, w int) []string {
	var out []string
	for _, l := range strings.Split(ansi.Wordwrap(s, w, ""), "\n") {
		if ansi.StringWidth(l) <= w {
			out = append(out, l)
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(l, w, wrapAt), "\n")...)
	}
	return out
}

// wrapAt are where a word too long for the line may break: identifiers
// (cloudify.interfaces.lifecycle.create, paths, node_ids) break after a
// separator, not in the middle of a name.
const wrapAt = "./_-:"

// wrapIndented is wrap with continuation lines indented, so that an event's
// message stays clear of the timestamps column.
func wrapIndented(out []string, s string, w, indent int) []string {
	if w <= indent+8 || len(s) <= w || ansi.StringWidth(s) <= w {
		return wrap(out, s, w)
	}
	lines := wrapLines(s, w)
	out = append(out, lines[0])
	pad := strings.Repeat(" ", indent)
	for _, l := range wrapLines(strings.TrimLeft(strings.Join(lines[1:], " "), " "), w-indent) {
		out = append(out, pad+l)
	}
	return out
}

func (m *Model) field(label, value string) {
	if value == "" {
		value = "—"
	}
	m.add(m.styles.Label.Render(fmt.Sprintf("%-11s", label)) + " " + m.styles.Value.Render(textsafe.Clean(value)))
}

func (m *Model) section(title string) {
	m.add("")
	m.add(m.styles.Accent.Render(title))
}

func str(n client.Nullable[string]) string {
	if !n.Valid {
		return ""
	}
	return n.Value
}

// times is how the pane shows times: the mode, and what the event lines
// were rendered for.
type times struct {
	mode   humantime.Mode
	day    time.Time // the clock when the event lines were first rendered: their "today"
	stampW int       // the width of their time column
}

// SetTimes switches how times are shown (the zone of the clock times, and
// of the day that decides whether an event carries its date).
func (m *Model) SetTimes(t humantime.Mode) {
	if t == m.times.mode {
		return
	}
	m.times.mode = t
	m.rerenderEvents()
}

// newDay re-renders the event lines when the day they were rendered on is
// over: yesterday's times of day need their date.
func (m *Model) newDay() {
	if m.evRendered > 0 && !m.times.day.IsZero() && !m.times.mode.Today(m.times.day, m.clock()) {
		m.rerenderEvents()
	}
}

func (m *Model) rerenderEvents() {
	m.evLines, m.evRendered = nil, 0
	m.renderEvents()
	m.rebuild()
}

// clock is now, or the machine's clock before the pane was given one.
func (m *Model) clock() time.Time {
	if m.now.IsZero() {
		return time.Now()
	}
	return m.now
}

// stamp is a full date and time in the mode's zone, "" when unknown.
func (m *Model) stamp(n client.Nullable[client.Time]) string {
	if !n.Valid || n.Value.IsZero() {
		return ""
	}
	return m.times.mode.Stamp(n.Value.Time, m.clock())
}

func (m *Model) fields() {
	e := &m.exec
	if m.execErr != "" {
		m.add(m.styles.Error.Render("could not fetch the execution: " + textsafe.Clean(m.execErr)))
	}
	if !m.have {
		if m.execErr == "" {
			m.add(m.styles.Muted.Render("loading " + textsafe.Clean(m.id) + "…"))
		}
		return
	}
	m.field("id", e.ID)
	m.field("status", e.Status.Display()+statusNote(e))
	if e.Error.Valid && strings.TrimSpace(e.Error.Value) != "" {
		summary := ansi.Truncate(m.errorRow(e.Error.Value), max(m.width-2-12, 8), "…") // in full below
		m.add(m.styles.Label.Render(fmt.Sprintf("%-11s", "error")) + " " + m.styles.LogError.Render(summary))
	}
	m.field("workflow", e.WorkflowID)
	m.field("deployment", str(e.DeploymentID))
	if d := str(e.DeploymentDisplayName); d != "" && d != str(e.DeploymentID) {
		m.field("display", d)
	}
	m.field("blueprint", str(e.BlueprintID))
	m.field("tenant", e.TenantName)
	m.field("created by", e.CreatedBy)
	if !e.CreatedAt.IsZero() {
		m.field("created", m.times.mode.Stamp(e.CreatedAt.Time, m.clock()))
	}
	if e.ScheduledFor.Valid {
		m.field("scheduled", m.stamp(e.ScheduledFor))
	}
	m.field("started", m.stamp(e.StartedAt))
	m.field("ended", m.stamp(e.EndedAt))
	m.field("duration", m.duration())
	if e.TotalOperations > 0 || e.FinishedOperations > 0 {
		m.field("progress", fmt.Sprintf("%d/%d operations", e.FinishedOperations, e.TotalOperations))
	}
	var flags []string
	for _, f := range []struct {
		on   bool
		name string
	}{{e.IsSystemWorkflow, "system workflow"}, {e.IsDryRun, "dry run"}, {e.Resume, "resumed"},
		{e.AllowCustomParameters, "custom parameters"}, {e.PrivateResource, "private"}} {
		if f.on {
			flags = append(flags, f.name)
		}
	}
	if len(flags) > 0 {
		m.field("flags", strings.Join(flags, ", "))
	}
	if e.Visibility != "" {
		m.field("visibility", e.Visibility)
	}
	if !m.full && m.execErr == "" {
		m.add(m.styles.Muted.Render("fetching every field…"))
	}
}

// errorSummary is the line of an error text that says what went wrong: the
// first line, or for a Python traceback the exception at its end.
func errorSummary(text string) string {
	var lines []string
	for _, l := range strings.Split(textsafe.CleanMultiline(text), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	if strings.HasPrefix(lines[0], "Traceback") {
		return lines[len(lines)-1]
	}
	return lines[0]
}

func statusNote(e *client.Execution) string {
	switch {
	case e.Status.IsActive():
		return " (running)"
	case e.Status.IsWaiting():
		return " (waiting)"
	}
	return ""
}

func (m *Model) duration() string {
	e := &m.exec
	if !e.StartedAt.Valid {
		return ""
	}
	if !e.EndedAt.Valid || e.EndedAt.Value.IsZero() {
		return "running since " + m.stamp(e.StartedAt) + " (live in the title)"
	}
	return humantime.Duration(e.Duration(e.EndedAt.Value.Time))
}

// liveDuration is how long a running execution has run so far.
func (m Model) liveDuration() string {
	now := m.now
	if now.IsZero() {
		now = time.Now()
	}
	return humantime.Duration(m.exec.Duration(now)) + " so far"
}

func (m *Model) parameters() {
	raw := m.exec.Parameters
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) || bytes.Equal(raw, []byte("{}")) {
		return
	}
	m.section("Parameters")
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		m.add(textsafe.Clean(string(raw)))
		return
	}
	for _, l := range strings.Split(out.String(), "\n") {
		m.add(textsafe.Clean(l))
	}
}

func (m *Model) errorText() {
	if !m.exec.Error.Valid || strings.TrimSpace(m.exec.Error.Value) == "" {
		return
	}
	if m.errorFolded() {
		m.section("Error")
		m.add(m.styles.Muted.Render("folded under the cause: " + m.keys.Traceback.Help().Key + " shows it"))
		return
	}
	m.section("Error")
	for _, l := range strings.Split(textsafe.CleanMultiline(m.exec.Error.Value), "\n") {
		m.add(m.styles.LogError.Render(l))
	}
}

func (m *Model) eventLines() {
	m.section(fmt.Sprintf("Events and logs (%d)", m.skipped+len(m.events)))
	if m.skipped > 0 {
		m.add(m.styles.Muted.Render(fmt.Sprintf("… %d earlier ones not kept here (cfy events list %s has them all)",
			m.skipped, textsafe.Clean(m.id))))
	}
	if m.eventsErr != "" {
		next := " — retrying"
		if m.authStopped {
			next = " — not retried by itself; press " + m.keys.Refresh.Help().Key + " to try again"
		}
		m.add(m.styles.Error.Render("could not fetch events: " + textsafe.Clean(m.eventsErr) + next))
	}
	if len(m.events) == 0 && m.eventsErr == "" {
		if m.eventsInflight {
			m.add(m.styles.Muted.Render("loading…"))
		} else {
			m.add(m.styles.Muted.Render("no events yet"))
		}
	}
	// Event lines are rendered once, when they arrive (see renderEvents).
	m.lines = append(m.lines, m.evLines...)
}

// renderEvents renders the events not rendered yet; a running execution's
// tail grows for hours, so earlier lines are never rendered again.
func (m *Model) renderEvents() {
	if m.styles == nil {
		return
	}
	if m.evRendered == 0 {
		// One width for the time column, so that the messages line up: the
		// dated one when the oldest event is from another day.
		m.times.day = m.clock()
		dated := false
		for i := range m.events {
			if t := m.events[i].Timestamp; !t.IsZero() {
				dated = !m.times.mode.Today(t.Time, m.times.day)
				break
			}
		}
		m.times.stampW = m.times.mode.EventWidth(dated)
	}
	for ; m.evRendered < len(m.events); m.evRendered++ {
		m.evLines = m.eventLine(m.evLines, &m.events[m.evRendered])
	}
}

func (m *Model) eventLine(out []string, ev *client.Event) []string {
	ts := "--:--:--"
	if !ev.Timestamp.IsZero() {
		ts = m.times.mode.Event(ev.Timestamp.Time, m.clock())
	}
	indent := max(m.times.stampW, len(ts)) + 1
	ts = strings.Repeat(" ", indent-1-len(ts)) + ts
	pad := strings.Repeat(" ", indent)
	kind, style := eventKind(ev), m.styles.LogInfo
	switch strings.ToLower(ev.Level) {
	case "error", "critical":
		style = m.styles.LogError
	case "warning", "warn":
		style = m.styles.LogWarning
	case "debug":
		style = m.styles.LogDebug
	}
	if ev.EventType == "task_failed" || ev.EventType == "workflow_failed" {
		style = m.styles.LogError
	}
	where := ""
	if n := str(ev.NodeInstanceID); n != "" {
		where = n + ": "
	}
	msgLines := strings.Split(textsafe.CleanMultiline(ev.Message), "\n")
	w := m.wrapW
	out = wrapIndented(out, m.styles.Muted.Render(ts)+" "+style.Render(textsafe.Clean(kind)+" "+textsafe.Clean(where)+msgLines[0]), w, indent)
	for _, l := range msgLines[1:] {
		out = wrap(out, pad+style.Render(l), w)
	}
	for _, c := range ev.ErrorCauses {
		out = wrap(out, pad+m.styles.LogError.Render(textsafe.Clean("cause: "+c.Type+": "+c.Message)), w)
		for _, l := range strings.Split(textsafe.CleanMultiline(c.Traceback), "\n") {
			if strings.TrimSpace(l) != "" {
				out = wrap(out, pad+"  "+m.styles.LogDebug.Render(l), w)
			}
		}
	}
	return out
}

func eventKind(ev *client.Event) string {
	if ev.IsLog() {
		lvl := strings.ToUpper(ev.Level)
		if lvl == "" {
			lvl = "LOG"
		}
		return fmt.Sprintf("%-7s", lvl)
	}
	if ev.EventType != "" {
		return "[" + ev.EventType + "]"
	}
	return "[event]"
}
