package executions

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// timerMsg is a timer the harness holds until the test fires it.
type timerMsg struct {
	d   time.Duration
	msg tea.Msg
}

// harness drives the screen alone, as the shell would: commands run at
// once, timers wait until fired, status messages are collected.
type harness struct {
	t      testing.TB
	now    *time.Time // the clock; tests move it
	m      Model
	fake   *uitest.Manager
	timers []timerMsg
	status []common.StatusMsg
}

func newHarness(t testing.TB, o Options, fake *uitest.Manager, w, h int) *harness {
	t.Helper()
	hs := newHarnessWith(t, o, fake, w, h)
	hs.fake = fake
	return hs
}

// newHarnessWith drives the screen against any manager (a real client
// against the simulator, say).
func newHarnessWith(t testing.TB, o Options, mgr Manager, w, h int) *harness {
	t.Helper()
	theme, _ := themes.Get("default")
	now := uitest.T0
	ctx := common.Context{
		Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme),
		Now:   func() time.Time { return now },
		After: func(d time.Duration, msg tea.Msg) tea.Cmd { return func() tea.Msg { return timerMsg{d, msg} } },
	}
	o.Manager = mgr
	if o.Refresh == 0 {
		o.Refresh = 2 * time.Second
	}
	if o.Limit == 0 {
		o.Limit = 1000
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	hs := &harness{t: t, now: &now, m: New(ctx, 1, o)}
	hs.m = hs.m.SetSize(w, h).(Model)
	hs.run(hs.m.Init())
	return hs
}

func (h *harness) send(msg tea.Msg) {
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	uitest.Run(cmd, func(msg tea.Msg) {
		switch msg := msg.(type) {
		case timerMsg:
			h.timers = append(h.timers, msg)
		case common.StatusMsg:
			h.status = append(h.status, msg)
		default:
			h.send(msg)
		}
	})
}

func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.send(uitest.Key(k))
	}
}

// screen is the header line and the body, as the shell draws them.
func (h *harness) screen() string { return ansi.Strip(h.m.Header(120) + "\n" + h.m.View()) }

func (h *harness) mustContain(subs ...string) {
	h.t.Helper()
	s := h.screen()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			h.t.Fatalf("screen lacks %q:\n%s", sub, s)
		}
	}
}

// tick fires the pending poll timers, as the refresh interval passing.
func (h *harness) tick() {
	var keep []timerMsg
	due := h.timers
	h.timers = nil
	for _, tm := range due {
		if _, ok := tm.msg.(pollTickMsg); ok {
			h.send(tm.msg)
		} else {
			keep = append(keep, tm)
		}
	}
	h.timers = append(keep, h.timers...)
}
