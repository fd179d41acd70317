package detailpane

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/textsafe"
)

// search is the pane's search of its events and logs (and of the rest of
// its text): "/" opens the input,
// enter keeps the query, n and b move between the matches, esc closes it.
// Matches are looked for in the lines as shown (cleaned text, wrapped), in
// any case when the query has no capital letter, as the filter does.
type search struct {
	input  textinput.Model
	open   bool   // a search is shown (being typed or kept)
	typing bool   // the input has the keys
	query  string // the text looked for
	hits   []hit  // in the order of the lines
	cur    int    // the match moved to
}

// hit is one match: a line of the pane's content and its cells.
type hit struct {
	line, start, end int
}

// SearchTyping reports whether the search input has the keys: every key
// is text then (q included), but enter and esc.
func (m Model) SearchTyping() bool { return m.search.open && m.search.typing }

// SearchOpen reports whether a search is shown (being typed or kept).
func (m Model) SearchOpen() bool { return m.search.open }

// Search is the query, the match moved to (from 1) and how many there are.
func (m Model) Search() (query string, cur, total int) {
	if !m.search.open {
		return "", 0, 0
	}
	if len(m.search.hits) == 0 {
		return m.search.query, 0, 0
	}
	return m.search.query, m.search.cur + 1, len(m.search.hits)
}

// OpenSearch opens the search input; a search kept is edited.
func (m *Model) OpenSearch() tea.Cmd {
	if m.search.input.Prompt == "" {
		m.search.input = textinput.New()
		m.search.input.Prompt = "/"
		m.search.input.CharLimit = 200
	}
	if m.styles != nil { // the theme may have changed since
		st := textinput.DefaultDarkStyles()
		st.Focused.Prompt, st.Blurred.Prompt = m.styles.FilterPrompt, m.styles.FilterPrompt
		st.Focused.Text, st.Blurred.Text = m.styles.FilterText, m.styles.FilterText
		st.Cursor.Blink = false // a blinking cursor would redraw twice a second
		m.search.input.SetStyles(st)
	}
	wasOpen := m.search.open
	m.search.open, m.search.typing = true, true
	m.search.input.SetValue(m.search.query)
	m.search.input.CursorEnd()
	m.search.input.SetWidth(max(m.width-2-20, 8))
	if !wasOpen {
		m.layoutSearch()
	}
	return m.search.input.Focus()
}

// CloseSearch closes the search, its highlights and its query; it reports
// whether one was open.
func (m *Model) CloseSearch() bool {
	if !m.search.open {
		return false
	}
	m.search.open, m.search.typing = false, false
	m.search.input.Blur()
	m.search.query, m.search.hits, m.search.cur = "", nil, 0
	m.layoutSearch()
	return true
}

// layoutSearch gives the search line its row, or the row back.
func (m *Model) layoutSearch() {
	rows := 3 // border and the title line
	if m.search.open {
		rows++
	}
	m.vp.SetHeight(max(m.height-rows, 1))
	if m.follow {
		m.vp.GotoBottom()
	}
}

// searchKey handles a key while the input has it.
func (m Model) searchKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back):
		m.CloseSearch()
		return m, nil
	case key.Matches(msg, m.keys.Open):
		m.search.typing = false
		m.search.input.Blur()
		if m.search.query == "" {
			m.CloseSearch()
		}
		return m, nil
	}
	var cmd tea.Cmd
	m.search.input, cmd = m.search.input.Update(msg)
	if q := textsafe.Clean(m.search.input.Value()); q != m.search.query {
		m.search.query = q
		m.findHits()
		m.jumpFrom(m.vp.YOffset())
	}
	return m, cmd
}

// searchMove handles n and b while a search is kept; it reports whether
// the key was one of them.
func (m *Model) searchMove(msg tea.KeyPressMsg) bool {
	if !m.search.open || m.search.typing {
		return false
	}
	n := len(m.search.hits)
	switch {
	case key.Matches(msg, m.keys.SearchNext):
		if n > 0 {
			m.search.cur = (m.search.cur + 1) % n
		}
	case key.Matches(msg, m.keys.SearchPrev):
		if n > 0 {
			m.search.cur = (m.search.cur - 1 + n) % n
		}
	default:
		return false
	}
	m.showHit()
	return true
}

// findHits looks for the query in the pane's lines as shown: the events
// and logs, and the fields and error text above them. The match
// moved to stays on the same line when it still matches there.
func (m *Model) findHits() {
	s := &m.search
	before := -1
	if s.cur < len(s.hits) {
		before = s.hits[s.cur].line
	}
	s.hits, s.cur = s.hits[:0], 0
	if !s.open || s.query == "" {
		return
	}
	fold := !hasUpper(s.query)
	lowered := strings.ToLower(s.query)
	for i, l := range m.lines {
		plain := ansi.Strip(l)
		hay, needle := plain, s.query
		if fold {
			if low := strings.ToLower(plain); len(low) == len(plain) { // else a rune changed length: as typed
				hay, needle = low, lowered
			}
		}
		for from := 0; from < len(hay); {
			j := strings.Index(hay[from:], needle)
			if j < 0 {
				break
			}
			a, b := from+j, from+j+len(needle)
			s.hits = append(s.hits, hit{line: i, start: ansi.StringWidth(plain[:a]), end: ansi.StringWidth(plain[:b])})
			from = b
		}
	}
	if before >= 0 {
		s.cur = min(sort.Search(len(s.hits), func(i int) bool { return s.hits[i].line >= before }), max(len(s.hits)-1, 0))
	}
}

func hasUpper(s string) bool { return strings.ToLower(s) != s }

// jumpFrom moves to the first match on line top or below (or the first).
func (m *Model) jumpFrom(top int) {
	s := &m.search
	if len(s.hits) == 0 {
		return
	}
	s.cur = sort.Search(len(s.hits), func(i int) bool { return s.hits[i].line >= top })
	if s.cur == len(s.hits) {
		s.cur = 0
	}
	m.showHit()
}

// showHit scrolls the match moved to into view, in the middle when it was
// out of it.
func (m *Model) showHit() {
	if len(m.search.hits) == 0 {
		return
	}
	line := m.search.hits[m.search.cur].line
	if top := m.vp.YOffset(); line < top || line >= top+m.vp.Height() {
		m.vp.SetYOffset(max(line-m.vp.Height()/2, 0))
	}
	m.follow, m.scrolled = m.vp.AtBottom(), true
}

// highlight marks the matches on content line i (View calls it for the
// lines it shows).
func (m Model) highlight(i int, line string) string {
	s := &m.search
	if !s.open || len(s.hits) == 0 {
		return line
	}
	k := sort.Search(len(s.hits), func(j int) bool { return s.hits[j].line >= i })
	var ranges []lipgloss.Range
	for ; k < len(s.hits) && s.hits[k].line == i; k++ {
		st := m.styles.SearchMatch
		if k == s.cur {
			st = m.styles.SearchCurrent
		}
		ranges = append(ranges, lipgloss.NewRange(s.hits[k].start, s.hits[k].end, st))
	}
	return lipgloss.StyleRanges(line, ranges...)
}

// searchLine is the row under the content: the input or the query, and
// where the match moved to is among them.
func (m Model) searchLine(w int) string {
	s := &m.search
	var count string
	switch {
	case s.query == "":
		count = ""
	case len(s.hits) == 0:
		count = "no match"
	default:
		count = fmt.Sprintf("%d of %d", s.cur+1, len(s.hits))
	}
	var left string
	if s.typing {
		left = s.input.View()
	} else {
		left = m.styles.FilterPrompt.Render("/") + m.styles.FilterText.Render(s.query)
		if len(s.hits) > 0 {
			count += " · " + m.keys.SearchNext.Help().Key + "/" + m.keys.SearchPrev.Help().Key + " to move"
		}
	}
	left = ansi.Truncate(left, max(w-len(count)-1, 1), "…")
	gap := max(w-ansi.StringWidth(left)-ansi.StringWidth(count), 1)
	return left + strings.Repeat(" ", gap) + m.styles.Muted.Render(count)
}
