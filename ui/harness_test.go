package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/screens/executions"
	"github.com/cfytop/cfytop/ui/uitest"
)

// uitest.T0 is the pinned clock of every test.

// timerMsg is a timer the harness holds until the test fires it.
type timerMsg struct {
	d   time.Duration
	msg tea.Msg
}

func testTimer(d time.Duration, msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return timerMsg{d: d, msg: msg} }
}

// harness drives an App synchronously: commands run at once, timers wait
// until fired, quitting is recorded.
type harness struct {
	t      testing.TB
	now    *time.Time // the pinned clock; setNow moves it
	app    App
	fake   *uitest.Manager
	timers []timerMsg
	quit   bool
}

func newHarness(t testing.TB, o Options, fake *uitest.Manager, width, height int) *harness {
	t.Helper()
	if o.Manager == nil {
		o.Manager = fake
	}
	if o.ManagerLabel == "" {
		o.ManagerLabel = "http://10.0.0.5:80"
	}
	if o.Tenant == "" {
		o.Tenant = "default_tenant"
	}
	now := uitest.T0
	h := &harness{t: t, now: &now, fake: fake}
	o.now = func() time.Time { return *h.now }
	o.after = testTimer
	h.app = NewApp(o)
	h.send(tea.WindowSizeMsg{Width: width, Height: height})
	return h
}

// start runs Init.
func (h *harness) start() *harness {
	h.run(h.app.Init())
	return h
}

func (h *harness) send(msg tea.Msg) {
	m, cmd := h.app.Update(msg)
	h.app = m.(App)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	uitest.Run(cmd, func(msg tea.Msg) {
		switch msg := msg.(type) {
		case timerMsg:
			h.timers = append(h.timers, msg)
		case tea.QuitMsg:
			h.quit = true
		default:
			h.send(msg)
		}
	})
}

// fire delivers every pending timer whose message matches.
func (h *harness) fire(match func(tea.Msg) bool) int {
	var keep, due []timerMsg
	for _, tm := range h.timers {
		if match(tm.msg) {
			due = append(due, tm)
		} else {
			keep = append(keep, tm)
		}
	}
	h.timers = keep
	for _, tm := range due {
		h.send(tm.msg)
	}
	return len(due)
}

// The executions screen's timers, known by their type's name: they are its
// own, unexported.
func isPoll(m tea.Msg) bool   { return fmt.Sprintf("%T", m) == "executions.pollTickMsg" }
func isSettle(m tea.Msg) bool { return fmt.Sprintf("%T", m) == "executions.settleMsg" }
func isClock(m tea.Msg) bool  { return fmt.Sprintf("%T", m) == "executions.clockMsg" }

// useClock makes *now the clock: the test moves it by changing its
// variable; screens see it at their next tick.
func (h *harness) useClock(now *time.Time) { h.now = now }

// execs is the executions screen at the bottom of the stack.
func (h *harness) execs() executions.Model { return h.app.stack[0].(executions.Model) }

// st is what the executions screen holds.
func (h *harness) st() executions.State { return h.execs().State() }

// pending returns the delays of pending timers whose message matches.
func (h *harness) pending(match func(tea.Msg) bool) []time.Duration {
	var out []time.Duration
	for _, tm := range h.timers {
		if match(tm.msg) {
			out = append(out, tm.d)
		}
	}
	return out
}

// press sends key presses: single characters, or names like "enter".
func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.send(uitest.Key(k))
	}
}

// typeText types text into whatever has the keys.
func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (h *harness) screen() string { return h.app.Render() }

func stripANSI(s string) string { return ansi.Strip(s) }

func (h *harness) selectedID() string {
	e, ok := h.st().List.Selected()
	if !ok {
		return ""
	}
	return e.ID
}

func (h *harness) mustContain(subs ...string) {
	h.t.Helper()
	s := stripANSI(h.screen())
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			h.t.Fatalf("screen lacks %q:\n%s", sub, s)
		}
	}
}

func (h *harness) mustNotContain(subs ...string) {
	h.t.Helper()
	s := stripANSI(h.screen())
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			h.t.Fatalf("screen has %q:\n%s", sub, s)
		}
	}
}

func execUpdated(e client.Execution) tea.Msg { return common.ExecutionUpdatedMsg{Execution: e} }

func statusMsg(text string, isErr bool) tea.Msg {
	return common.StatusMsg{Text: text, IsError: isErr, Beside: true}
}

// selectRow moves the selection to id with the movement keys, as a user
// would.
func (h *harness) selectRow(id string) {
	h.t.Helper()
	h.press("g")
	for i := 0; i <= h.st().List.Len(); i++ {
		if h.selectedID() == id {
			return
		}
		h.press("j")
	}
	h.t.Fatalf("row %s is not in the list", id)
}
