// Package messages is the message log screen: every message the status line
// showed this session, whole and with its time, newest last, since the
// status line cuts a long one at the terminal's width.
package messages

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
)

// Entry is one message of the log.
type Entry struct {
	At      time.Time
	Text    string
	IsError bool
}

// Model is the screen. It shows the log as it was when it opened, each
// message's time as the time mode (T) shows an event's.
type Model struct {
	id      common.ID
	keys    keymap.KeyMap
	styles  *themes.Styles
	nowFn   func() time.Time
	times   humantime.Mode
	entries []Entry
	vp      viewport.Model
	w, h    int
}

// New builds the screen over entries (oldest first).
func New(ctx common.Context, id common.ID, entries []Entry) Model {
	vp := viewport.New()
	vp.SoftWrap = false // lines are wrapped once, at the screen's width
	vp.MouseWheelDelta = common.WheelRows
	vp.KeyMap = viewport.KeyMap{
		PageDown: ctx.Keys.PageDown, PageUp: ctx.Keys.PageUp,
		HalfPageDown: ctx.Keys.HalfDown, HalfPageUp: ctx.Keys.HalfUp,
		Down: ctx.Keys.Down, Up: ctx.Keys.Up,
	}
	m := Model{id: id, keys: ctx.Keys, styles: ctx.Styles, nowFn: ctx.Now, times: ctx.Times,
		entries: append([]Entry(nil), entries...), vp: vp}
	if m.nowFn == nil {
		m.nowFn = time.Now
	}
	return m
}

// ID is the screen's address.
func (m Model) ID() common.ID { return m.id }

// Init needs nothing: the log is local.
func (m Model) Init() tea.Cmd { return nil }

// Update scrolls.
func (m Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Top):
			m.vp.GotoTop()
			return m, nil
		case key.Matches(msg, m.keys.Bottom):
			m.vp.GotoBottom()
			return m, nil
		}
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	return m, nil
}

// View is the log.
func (m Model) View() string { return m.vp.View() }

// SetTimes shows the times in another mode, the log scrolled where it was.
func (m Model) SetTimes(t humantime.Mode) common.Screen {
	m.times = t
	if m.w > 0 {
		y := m.vp.YOffset()
		m.vp.SetContent(m.render(m.w))
		m.vp.SetYOffset(y)
	}
	return m
}

// SetSize wraps the messages to the width, newest in view.
func (m Model) SetSize(w, h int) common.Screen {
	m.w, m.h = w, h
	m.vp.SetWidth(w)
	m.vp.SetHeight(h)
	m.vp.SetContent(m.render(w))
	m.vp.GotoBottom()
	return m
}

func (m Model) render(w int) string {
	if len(m.entries) == 0 {
		return m.styles.Muted.Render("no messages yet")
	}
	// The time column is as wide as the oldest message's time: dated when
	// it is from another day, so that the texts line up.
	now := m.nowFn()
	stampW := m.times.EventWidth(!m.times.Today(m.entries[0].At, now))
	var b strings.Builder
	for i, e := range m.entries {
		if i > 0 {
			b.WriteByte('\n')
		}
		stamp := fmt.Sprintf("%*s ", stampW, m.times.Event(e.At, now))
		style := m.styles.Base
		if e.IsError {
			style = m.styles.Error
		}
		// Wrapped at word boundaries, continuation lines under the text.
		text := ansi.Wrap(textsafe.Clean(e.Text), max(w-len(stamp), 10), "")
		for j, line := range strings.Split(text, "\n") {
			if j == 0 {
				b.WriteString(m.styles.Muted.Render(stamp))
			} else {
				b.WriteString("\n" + strings.Repeat(" ", len(stamp)))
			}
			b.WriteString(style.Render(line))
		}
	}
	return b.String()
}

// Title is the breadcrumb's part.
func (m Model) Title() string { return "messages" }

// Header says how many there are.
func (m Model) Header(w int) string {
	n := len(m.entries)
	s := strconv.Itoa(n) + " messages this session, newest last"
	if n == 1 {
		s = "1 message this session"
	}
	return common.Fit(m.styles.Muted.Render(s), w)
}

// Footer is empty: the log has no input.
func (m Model) Footer(int) string { return "" }

// InputActive is false: nothing is typed here.
func (m Model) InputActive() bool { return false }

// Back has nothing of its own to close: the shell pops the screen.
func (m Model) Back() (common.Screen, tea.Cmd, bool) { return m, nil, false }

// SetActive: the log fetches nothing.
func (m Model) SetActive(bool) (common.Screen, tea.Cmd) { return m, nil }

// ShortHelp is the footer's keys.
func (m Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Up, m.keys.Down, m.keys.PageDown, m.keys.Back}
}

// FullHelp is every key of the screen.
func (m Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.keys.Up, m.keys.Down, m.keys.Top, m.keys.Bottom, m.keys.PageDown, m.keys.PageUp}, {m.keys.Back, m.keys.Quit}}
}

var (
	_ common.Screen     = Model{}
	_ common.TimeSetter = Model{}
)
