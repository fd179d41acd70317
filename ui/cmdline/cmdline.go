// Package cmdline is the shell's `:` prompt: one line of text with
// completion of its last word and a history kept for the session.
package cmdline

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/themes"
)

// Model is the prompt. The zero value is closed; use New.
type Model struct {
	in      textinput.Model
	open    bool
	history []string
	hpos    int    // the history line shown; len(history) is the line being typed
	draft   string // the line being typed, kept while browsing the history
	hint    string // what the last completion said (no candidate)
	// usage is every command as help names it ("tenant NAME"), from the
	// shell's command table: the empty prompt lists them.
	usage []string
	// cands are the candidates of an ambiguous completion, listed under
	// the prompt; pick is the one the word now holds (-1: none yet, the
	// word is their common prefix), word where that word starts.
	cands  []string
	pick   int
	word   int
	keys   keymap.KeyMap
	styles *themes.Styles
	width  int

	run, complete, prev, next key.Binding
}

// New builds a closed prompt.
func New(styles *themes.Styles, keys keymap.KeyMap) Model {
	in := textinput.New()
	in.Prompt = ":"
	st := textinput.DefaultDarkStyles()
	st.Focused.Prompt, st.Blurred.Prompt = styles.FilterPrompt, styles.FilterPrompt
	st.Focused.Text, st.Blurred.Text = styles.FilterText, styles.FilterText
	st.Focused.Placeholder, st.Blurred.Placeholder = styles.Muted, styles.Muted
	st.Cursor.Blink = false
	in.SetStyles(st)
	return Model{
		in: in, keys: keys, styles: styles, width: 80,
		run:      key.NewBinding(key.WithKeys(keys.DialogSubmit.Keys()...), key.WithHelp(keys.DialogSubmit.Help().Key, "run")),
		complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		prev:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "history")),
		next:     key.NewBinding(key.WithKeys("down")),
	}
}

// Restyle draws the prompt with other styles, keeping its line and history.
func (m Model) Restyle(styles *themes.Styles) Model {
	n := New(styles, m.keys)
	n.in.SetValue(m.in.Value())
	if m.in.Focused() {
		n.in.Focus()
	}
	n.open, n.history, n.hpos, n.draft, n.width = m.open, m.history, m.hpos, m.draft, m.width
	n.usage, n.cands, n.pick, n.word, n.hint = m.usage, m.cands, m.pick, m.word, m.hint
	n.in.SetWidth(max(m.width/2, 20))
	return n
}

// Open reports whether the prompt is shown and takes the keys.
func (m Model) Open() bool { return m.open }

// Start opens an empty prompt; usage is every command as help names it
// ("tenant NAME"), listed while nothing is typed.
func (m Model) Start(usage []string) (Model, tea.Cmd) {
	m.open = true
	m.usage = usage
	m.in.SetValue("")
	m.hint, m.draft = "", ""
	m.cands = nil
	m.hpos = len(m.history)
	return m, m.in.Focus()
}

// Close hides the prompt without running anything.
func (m Model) Close() Model {
	m.open = false
	m.in.Blur()
	m.hint = ""
	m.cands = nil
	return m
}

// Value is the line as typed.
func (m Model) Value() string { return m.in.Value() }

// SetWidth fits the prompt to the footer.
func (m Model) SetWidth(w int) Model {
	m.width = w
	m.in.SetWidth(max(w/2, 20))
	return m
}

// Paste inserts text at the cursor (one line: a newline ends nothing here).
func (m Model) Paste(s string) Model {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r", " "), "\n", " ")
	m.in.SetValue(m.in.Value() + s)
	m.in.CursorEnd()
	return m
}

// Submit closes the prompt and returns the line, which joins the history
// (a repeat of the last line is kept once).
func (m Model) Submit() (Model, string) {
	line := strings.TrimSpace(m.in.Value())
	if line != "" && (len(m.history) == 0 || m.history[len(m.history)-1] != line) {
		m.history = append(m.history, line)
	}
	return m.Close(), line
}

// Update handles a key while the prompt is open: history with ↑/↓, and
// editing. Tab, enter and esc are the shell's (see Complete and Submit).
func (m Model) Update(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	m.cands = nil // any other key ends a round of completions
	switch {
	case key.Matches(msg, m.prev):
		if m.hpos > 0 {
			if m.hpos == len(m.history) {
				m.draft = m.in.Value()
			}
			m.hpos--
			m.in.SetValue(m.history[m.hpos])
			m.in.CursorEnd()
		}
		return m, nil
	case key.Matches(msg, m.next):
		if m.hpos < len(m.history) {
			m.hpos++
			if m.hpos == len(m.history) {
				m.in.SetValue(m.draft)
			} else {
				m.in.SetValue(m.history[m.hpos])
			}
			m.in.CursorEnd()
		}
		return m, nil
	}
	var cmd tea.Cmd
	m.in, cmd = m.in.Update(msg)
	m.hint = ""
	return m, cmd
}

// IsComplete reports whether msg is the completion key.
func (m Model) IsComplete(msg tea.KeyPressMsg) bool { return key.Matches(msg, m.complete) }

// Complete completes the word being typed, as a shell does: the first
// press replaces it with the longest prefix the candidates share (one
// candidate is completed with a space after it) and lists them under the
// prompt; each further press puts the next of them in the word, round.
func (m Model) Complete(candidates []string) Model {
	line := m.in.Value()
	if len(m.cands) > 1 {
		m.pick = (m.pick + 1) % len(m.cands)
		m.in.SetValue(line[:m.word] + m.cands[m.pick])
		m.in.CursorEnd()
		return m
	}
	start := strings.LastIndexByte(line, ' ') + 1
	word := line[start:]
	var match []string
	for _, c := range candidates {
		if strings.HasPrefix(c, word) {
			match = append(match, c)
		}
	}
	m.cands = nil
	switch len(match) {
	case 0:
		m.hint = "no completion for " + quote(word)
		return m
	case 1:
		m.in.SetValue(line[:start] + match[0] + " ")
		m.hint = ""
	default:
		m.in.SetValue(line[:start] + commonPrefix(match))
		m.hint = ""
		m.cands, m.pick, m.word = match, -1, start
	}
	m.in.CursorEnd()
	return m
}

func quote(s string) string {
	if s == "" {
		return "an empty word"
	}
	return "“" + textsafe.Clean(s) + "”"
}

func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// View is the prompt and, in the width left of the footer, the
// candidates of an ambiguous completion (the one picked marked), what the
// last completion said, or, while nothing is typed, every command.
func (m Model) View() string {
	in := m.in
	empty := in.Value() == ""
	if empty && len(m.cands) == 0 && m.hint == "" {
		in.Placeholder = fitWords(m.usageHint(m.width-2), -1, m.width-2, nil)
		in.SetWidth(max(1, m.width-2))
	}
	v := in.View()
	room := m.width - ansi.StringWidth(v) - 2
	switch {
	case len(m.cands) > 0:
		accent := func(s string) string { return m.styles.Accent.Render(s) }
		v += "  " + fitWords(m.cands, m.pick, room, accent)
	case m.hint != "":
		v += "  " + m.styles.Muted.Render(ansi.Truncate(textsafe.Clean(m.hint), max(room, 1), "…"))
	}
	return v
}

// usageHint is the list of commands for the empty prompt, as full as fits
// in width: with their arguments, else by name only.
func (m Model) usageHint(width int) []string {
	if ansi.StringWidth(strings.Join(m.usage, ", ")) <= width {
		out := make([]string, len(m.usage))
		for i, u := range m.usage {
			out[i] = u
			if i < len(m.usage)-1 {
				out[i] += ","
			}
		}
		return out
	}
	names := make([]string, len(m.usage))
	for i, u := range m.usage {
		names[i], _, _ = strings.Cut(u, " ")
	}
	return names
}

// fitWords lays words out on one line of at most width cells: all of them
// when they fit, else a run of them that holds the one at mark (marked
// with style; -1 for none), "…" first when some before it are left out,
// and "+N" for how many are not shown.
func fitWords(words []string, mark, width int, style func(string) string) string {
	clean := make([]string, len(words))
	for i, w := range words {
		clean[i] = textsafe.Clean(w)
	}
	render := func(from, to int) string {
		var parts []string
		if from > 0 {
			parts = append(parts, "…")
		}
		for i := from; i < to; i++ {
			w := clean[i]
			if i == mark && style != nil {
				w = style(w)
			}
			parts = append(parts, w)
		}
		if hidden := len(clean) - (to - from); hidden > 0 {
			parts = append(parts, fmt.Sprintf("+%d", hidden))
		}
		return strings.Join(parts, " ")
	}
	from := 0
	if mark > 0 {
		// Start as late as keeps the mark with as many after it as fit.
		for from < mark && ansi.StringWidth(render(from, mark+1)) > width {
			from++
		}
	}
	to := from
	for to < len(clean) && ansi.StringWidth(render(from, to+1)) <= width {
		to++
	}
	if to <= max(mark, from) && to < len(clean) {
		to = max(mark, from) + 1 // not even one fits: show it, cut
	}
	return ansi.Truncate(render(from, to), max(width, 1), "…")
}

// ShortHelp lists the prompt's keys (help.KeyMap).
func (m Model) ShortHelp() []key.Binding {
	return []key.Binding{m.run, m.complete, m.prev, m.keys.DialogClose}
}

// FullHelp is ShortHelp in one group (help.KeyMap).
func (m Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
