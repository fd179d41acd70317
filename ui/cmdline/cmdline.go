// Package cmdline is the shell's `:` prompt: one line of text with
// completion of its last word and a history kept for the session.
package cmdline

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

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
	hint    string // candidates after an ambiguous completion
	keys    keymap.KeyMap
	styles  *themes.Styles
	width   int

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
	in.Placeholder = "executions, tenant NAME, profile NAME, q (tab completes)"
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
	n.in.SetWidth(max(m.width/2, 20))
	return n
}

// Open reports whether the prompt is shown and takes the keys.
func (m Model) Open() bool { return m.open }

// Start opens an empty prompt.
func (m Model) Start() (Model, tea.Cmd) {
	m.open = true
	m.in.SetValue("")
	m.hint, m.draft = "", ""
	m.hpos = len(m.history)
	return m, m.in.Focus()
}

// Close hides the prompt without running anything.
func (m Model) Close() Model {
	m.open = false
	m.in.Blur()
	m.hint = ""
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

// Complete replaces the word being typed with the longest prefix the
// candidates share; one candidate is completed with a space after it, and
// several are listed under the prompt.
func (m Model) Complete(candidates []string) Model {
	line := m.in.Value()
	start := strings.LastIndexByte(line, ' ') + 1
	word := line[start:]
	var match []string
	for _, c := range candidates {
		if strings.HasPrefix(c, word) {
			match = append(match, c)
		}
	}
	switch len(match) {
	case 0:
		m.hint = "no completion for " + quote(word)
		return m
	case 1:
		m.in.SetValue(line[:start] + match[0] + " ")
		m.hint = ""
	default:
		m.in.SetValue(line[:start] + commonPrefix(match))
		m.hint = strings.Join(match, "  ")
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

// View is the prompt, and the candidates of an ambiguous completion.
func (m Model) View() string {
	v := m.in.View()
	if m.hint != "" {
		v += "  " + m.styles.Muted.Render(textsafe.Clean(m.hint))
	}
	return v
}

// ShortHelp lists the prompt's keys (help.KeyMap).
func (m Model) ShortHelp() []key.Binding {
	return []key.Binding{m.run, m.complete, m.prev, m.keys.DialogClose}
}

// FullHelp is ShortHelp in one group (help.KeyMap).
func (m Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
