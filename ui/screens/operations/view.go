package operations

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
)

// layout is where the tree and the events pane go, from the size alone.
type layout struct {
	treeW, treeH int // the tree's rows (the progress line is above them)
	paneW, paneH int
	paneRight    bool
	nameW        int // the operation name column
}

// WideWidth is the width from which the pane goes right of the tree.
const WideWidth = 120

// gutter is the blank columns between the tree and the pane right of it,
// so that the pane's caption (above its box) does not read as the end of
// the tree's first row.
const gutter = 2

// column widths of an operation row, besides its name
const (
	stateW = 15 // "⟳ pending retry"
	retryW = 11 // "retry 14/60"
	durW   = 9  // "⧗ ≥1h02m"
)

func computeLayout(w, h int, paneOpen bool) layout {
	body := max(h-1, 1) // the progress line
	l := layout{treeW: w, treeH: body}
	if paneOpen {
		if w >= WideWidth {
			l.paneRight = true
			l.paneW = max(w*2/5, 50)
			l.treeW = w - l.paneW - gutter
			l.paneH = body - 1 // its caption
		} else {
			l.treeH = max(body*2/5, 4)
			l.paneW, l.paneH = w, body-l.treeH-1
		}
	}
	fixed := 2 + 4 + stateW + 1 + retryW + 1 + durW + 2 + 12 // marker, indent, columns, most of where
	l.nameW = min(max(l.treeW-fixed, 12), 44)
	return l
}

// SetSize gives the screen the body's size.
func (m Model) SetSize(w, h int) common.Screen {
	m.width, m.height = w, h
	m.relayout()
	return m
}

func (m *Model) relayout() {
	if m.width <= 0 || m.height <= 0 {
		return
	}
	m.lay = computeLayout(m.width, m.height, m.paneOpen)
	if m.paneOpen {
		m.pane.SetSize(m.lay.paneW, max(m.lay.paneH, 3))
	}
	m.scrollTo(m.cursor)
}

// View is the progress line and the tree, with the events pane when open.
func (m Model) View() string {
	var b strings.Builder
	b.WriteString(common.Fit(m.progressLine(m.width), m.width))
	b.WriteByte('\n')
	tree := m.treeView()
	if !m.paneOpen {
		b.WriteString(tree)
		return b.String()
	}
	caption := m.styles.Label.Render(common.Fit("events and logs of "+textsafe.Clean(m.paneWhat), m.lay.paneW))
	pane := caption + "\n" + m.pane.View()
	if m.lay.paneRight {
		b.WriteString(common.JoinColumns(tree, m.lay.treeW+gutter, pane))
		return b.String()
	}
	common.WriteBlock(&b, tree, m.lay.treeH)
	b.WriteString(pane)
	return b.String()
}

// treeView renders only the rows in view.
func (m Model) treeView() string {
	var b strings.Builder
	h := m.lay.treeH
	if len(m.rows) == 0 {
		b.WriteString(m.styles.Muted.Render(common.Fit(m.emptyText(), m.lay.treeW)))
	}
	end := min(m.offset+h, len(m.rows))
	for i := m.offset; i < end; i++ {
		if i > m.offset {
			b.WriteByte('\n')
		}
		b.WriteString(m.rowView(m.rows[i], i == m.cursor, m.lay.treeW))
	}
	n := max(end-m.offset, 1)
	for ; n < h; n++ {
		b.WriteByte('\n')
	}
	return b.String()
}

func (m Model) emptyText() string {
	switch {
	case !m.poll.loaded && m.poll.lastErr != "":
		return "could not read the operations yet"
	case !m.poll.loaded:
		return "loading operations…"
	}
	return "no operations stored for this execution: its workflow runs its tasks unstored, or has not built its graph yet"
}

// cells is the width of plain text, counted without the grapheme rules
// when it is printable ASCII and the screen's own one-cell symbols (none
// of which joins its neighbours), as most rows are.
func cells(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f, oneCell(r):
			n++
		default:
			return ansi.StringWidth(s)
		}
	}
	return n
}

// oneCell reports whether r is one of the screen's glyphs and bar cells.
func oneCell(r rune) bool {
	switch r {
	case '▸', '▾', '✓', '✗', '⟳', '▶', '↗', '·', '█', '░', '⧗', '≥', '↳', '…':
		return true
	}
	return false
}

// blanks is enough spaces for a row.
var blanks = strings.Repeat(" ", 256)

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	if n <= len(blanks) {
		return blanks[:n]
	}
	return strings.Repeat(" ", n)
}

// pad cuts or pads plain text to w cells.
func pad(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := cells(s)
	if n > w {
		s = ansi.Truncate(s, w, "…")
		n = ansi.StringWidth(s)
	}
	if n < w {
		s += spaces(w - n)
	}
	return s
}

func padLeft(s string, w int) string {
	if n := cells(s); n < w {
		return spaces(w-n) + s
	}
	return s
}

// barFull and barEmpty are the longest bar's cells (each 3 bytes, 1 cell).
var (
	barFull  = strings.Repeat("█", 20)
	barEmpty = strings.Repeat("░", 20)
)

// bar is a progress bar of w cells.
func bar(done, total, w int) string {
	n := 0
	if total > 0 && w > 0 {
		n = min(done*w/total, w)
	}
	w = max(w, 0)
	if w > len(barFull)/3 {
		return strings.Repeat("█", n) + strings.Repeat("░", w-n)
	}
	return barFull[:3*n] + barEmpty[:3*(w-n)]
}

func percent(done, total int) int {
	if total <= 0 {
		return 0
	}
	return min(done*100/total, 100)
}

// rowView is one row. The selected one is plain text in reverse (its glyph
// and word still say the state); the others are coloured by state.
func (m Model) rowView(r row, selected bool, w int) string {
	marker := "  "
	if selected {
		marker = m.styles.RowMarker.Render("› ")
	}
	w -= 2
	var plain, styled string
	switch r.kind {
	case rowGroup:
		plain, styled = m.groupRow(r.group, w)
	case rowOp:
		plain, styled = m.opRow(r.chain, w)
	case rowFailure:
		c := &m.t.chains[r.chain]
		text := "      ↳ " + textsafe.Clean(c.failure)
		plain = pad(text, w)
		styled = m.styles.LogError.Render(plain)
	}
	if selected {
		return marker + m.styles.RowSelected.Render(plain)
	}
	return marker + styled
}

func (m Model) groupRow(gi, w int) (string, string) {
	g := &m.t.groups[gi]
	fold := "▸"
	if m.isOpen(gi) {
		fold = "▾"
	}
	st := g.state
	glyph := themes.OpGlyph(st)
	label := textsafe.Clean(g.label())
	lw := cells(fold) + 1 + cells(glyph) + 1 + cells(label)
	left := fold + " " + glyph + " " + label
	if g.node != "" && g.node != g.key {
		node := textsafe.Clean(g.node)
		left += "  " + node
		lw += 2 + cells(node)
	}
	// the state word padded to 9 characters, as %-9s pads; the count
	// right-aligned and the failed and running counts after the bar padded
	// to the widest of the tree's, so that every group's bar is in one column
	word := themes.OpWord(st)
	var failed, running string
	if g.failed > 0 {
		failed = " · " + strconv.Itoa(g.failed) + " failed"
	}
	if g.running > 0 {
		running = " · " + strconv.Itoa(g.running) + " running"
	}
	right := word + spaces(9-utf8.RuneCountInString(word)) + " " +
		spaces(m.t.countW-digits(g.finished)-1-digits(g.total)) + strconv.Itoa(g.finished) + "/" + strconv.Itoa(g.total) + " " +
		bar(g.finished, g.total, 8) + failed + running + spaces(m.t.suffixW-suffixWidth(g.failed, g.running))
	var plain string
	if rw := cells(right); lw+1+rw <= w {
		plain = left + spaces(w-lw-rw) + right // what Spread and pad make when both fit
	} else {
		plain = pad(common.Spread(left, right, w), w)
	}
	// colour the glyph and the state word; the rest is plain
	styled := strings.Replace(plain, glyph, m.look(st).glyph, 1)
	return plain, styled
}

func (m Model) opRow(ci, w int) (string, string) {
	c := &m.t.chains[ci]
	o := &m.t.ops[c.latest]
	st := m.t.states[c.latest]
	look := m.look(st)
	name := textsafe.Clean(opName(o))
	if cells(name) > m.lay.nameW {
		name = shortName(name)
	}
	name = pad(name, m.lay.nameW)
	retry := ""
	if n := o.Parameters.CurrentRetries; n > 0 {
		retry = "retry " + strconv.Itoa(n)
		if t := o.Parameters.TotalRetries; t >= 0 {
			retry += "/" + strconv.Itoa(t)
		}
	}
	retry = pad(retry, retryW)
	dur := m.duration(c, st)
	if ci == m.t.longest {
		dur = "⧗ " + dur // the header names it, with the same glyph
	}
	dur = padLeft(dur, durW)
	at := textsafe.Clean(where(o))
	const head = "    "
	rest := " " + name + " " + retry + " " + dur + "  "
	room := w - (len(head) + stateW + cells(rest))
	var plain, styled string
	if room >= 0 {
		// every column fits: the row is w cells as it is
		at = pad(at, room)
		plain = head + look.state + rest + at
		styled = head + look.styled + rest + at
	} else {
		plain = pad(head+look.state+rest, w)
		styled = head + look.styled + common.Fit(rest, max(w-len(head)-stateW, 0))
	}
	if ci == m.t.longest {
		styled = strings.Replace(styled, "⧗", m.styles.Stale.Render("⧗"), 1)
	}
	return plain, styled
}

// stateLook is how an operation state is drawn: its glyph in colour, and
// its column (glyph and word, stateW cells) plain and in colour.
type stateLook struct {
	glyph, state, styled string
}

// look draws a state; the manager's own states are made once, in looks.
func (m Model) look(st client.OperationState) stateLook {
	if l, ok := m.looks[st]; ok {
		return l
	}
	return makeLook(m.styles, st)
}

func makeLook(s *themes.Styles, st client.OperationState) stateLook {
	glyph := themes.OpGlyph(st)
	state := pad(glyph+" "+textsafe.Clean(themes.OpWord(st)), stateW)
	style := s.OpState(st)
	return stateLook{glyph: style.Render(glyph), state: state, styled: style.Render(state)}
}

// makeLooks draws the states the manager knows, and pending retry.
func makeLooks(s *themes.Styles) map[client.OperationState]stateLook {
	looks := map[client.OperationState]stateLook{}
	for _, st := range []client.OperationState{client.OpPending, client.OpSending, client.OpSent, client.OpStarted,
		client.OpResponseSent, client.OpRescheduled, client.OpSucceeded, client.OpFailed, themes.OpRetrying} {
		looks[st] = makeLook(s, st)
	}
	return looks
}

// duration is how long a chain has been at work (or took): from when it
// was first seen at work or its last retry was stored, "≥" when it was
// already running when the screen first looked.
func (m Model) duration(c *chain, st client.OperationState) string {
	if c.since.IsZero() {
		return ""
	}
	var d time.Duration
	switch {
	case active(st):
		d = m.now.Sub(c.since)
	case !c.ended.IsZero():
		d = c.ended.Sub(c.since)
	default:
		return ""
	}
	s := humantime.Duration(max(d, 0))
	if c.lower {
		s = "≥" + s
	}
	return s
}

// progressLine is the whole execution: its workflow and deployment, and
// finished_operations/total_operations as the manager counts them.
func (m Model) progressLine(w int) string {
	e := &m.exec
	what := textsafe.Clean(e.WorkflowID)
	if d := e.DeploymentID.Value; d != "" {
		what += " on " + textsafe.Clean(d)
	}
	what += " " + m.styles.Muted.Render(textsafe.Clean(e.ShortID()))
	fin, tot := e.FinishedOperations, e.TotalOperations
	bw := 20
	if w < WideWidth {
		bw = 10
	}
	s := what + "  " + m.styles.Accent.Render(bar(fin, tot, bw)) + " " +
		fmt.Sprintf("%d/%d operations finished (%d%%)", fin, tot, percent(fin, tot))
	if m.poll.loaded && (m.t.finished != fin || m.t.total != tot) {
		// between two answers, or counted twice after a resume (§3.6)
		s += m.styles.Muted.Render(fmt.Sprintf(" · listed %d/%d", m.t.finished, m.t.total))
	}
	if !m.internal && m.poll.loaded {
		s += m.styles.Muted.Render(" · internal hidden")
	}
	return s
}

// Header is the execution's state, the operations' counts and whether the
// data is live.
func (m Model) Header(w int) string {
	sep := m.styles.Muted.Render(" · ")
	e := &m.exec
	left := m.styles.Status(e.Status).Render(themes.Glyph(e.Status) + " " + textsafe.Clean(e.Status.Display()))
	if m.poll.loaded {
		// every attempt, as the progress line and total_operations count
		// them, not the rows (a chain's retries share its row)
		left += sep + common.Plural(m.t.total, "operation")
		if m.t.running > 0 {
			left += sep + m.styles.StatusActive.Render(strconv.Itoa(m.t.running)+" running")
		}
		if m.t.failed > 0 {
			left += sep + m.styles.StatusFailed.Render("✗ "+strconv.Itoa(m.t.failed)+" failed")
		}
		if l := m.t.longest; l >= 0 {
			c := &m.t.chains[l]
			o := &m.t.ops[c.latest]
			left += sep + m.styles.Stale.Render("⧗ "+textsafe.Clean(m.t.groups[c.group].label())+" "+textsafe.Clean(shortName(opName(o))))
			if d := m.duration(c, latestState(o)); d != "" {
				left += " " + d
			}
		}
	}
	return common.Spread(m.connState()+sep+left, m.modeLine(), w)
}

func (m Model) modeLine() string {
	if m.follow {
		return m.styles.Accent.Render("follow")
	}
	return ""
}

func (m Model) connState() string {
	p := m.poll
	switch {
	case p.lastErr != "":
		what := "no data yet"
		if p.loaded {
			what = "stale " + humantime.Duration(m.now.Sub(p.lastGood))
		}
		retry := "press " + m.keys.Refresh.Help().Key + " to retry"
		if wait := p.retryAt.Sub(m.now); !p.retryAt.IsZero() && wait > 0 {
			retry = "retrying in " + humantime.Duration(wait+time.Second-1)
		} else if !p.retryAt.IsZero() || p.inflight {
			retry = "retrying now"
		}
		return m.styles.Stale.Render(what+" — "+retry+":") + " " + m.styles.Base.Render(textsafe.Clean(p.lastErr))
	case !p.loaded:
		return m.styles.Live.Render("loading")
	}
	return m.styles.Live.Render("live")
}

// Footer: nothing of the screen's own.
func (m Model) Footer(int) string { return "" }
