package ui

import (
	"context"
	"errors"
	"image/color"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// probe is a throwaway screen: it records what reaches it, and has one
// level of its own to back out of.
type probe struct {
	id      common.ID
	keys    *[]string
	replies *int
	open    bool // something inside it is open
}

type probeReply struct{ to common.ID }

func (r probeReply) ScreenID() common.ID { return r.to }

func (p probe) ID() common.ID { return p.id }
func (p probe) Init() tea.Cmd {
	return func() tea.Msg { return probeReply{to: p.id} }
}
func (p probe) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		*p.keys = append(*p.keys, msg.String())
		if msg.String() == "o" {
			p.open = true
		}
	case probeReply:
		*p.replies++
	}
	return p, nil
}
func (p probe) View() string                            { return "probe body" }
func (p probe) SetSize(int, int) common.Screen          { return p }
func (p probe) Title() string                           { return "probe" }
func (p probe) Header(int) string                       { return "probe header" }
func (p probe) Footer(int) string                       { return "" }
func (p probe) InputActive() bool                       { return false }
func (p probe) SetActive(bool) (common.Screen, tea.Cmd) { return p, nil }
func (p probe) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open probe"))}
}
func (p probe) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
func (p probe) Back() (common.Screen, tea.Cmd, bool) {
	if p.open {
		p.open = false
		return p, nil, true
	}
	return p, nil, false
}

func pushProbe(h *harness) (keys *[]string, replies *int) {
	keys, replies = new([]string), new(int)
	h.send(common.PushMsg{New: func(_ common.Context, id common.ID) common.Screen {
		return probe{id: id, keys: keys, replies: replies}
	}})
	return keys, replies
}

// The contract is enough for a new screen: pushed, it gets the keys, its
// replies and the footer's help; esc pops it and the list is back.
func TestPushedScreenGetsKeysAndRepliesAndPops(t *testing.T) {
	h := started(t, Options{})
	keys, replies := pushProbe(h)
	if *replies != 1 {
		t.Fatalf("the probe's reply reached it %d times, want 1", *replies)
	}
	h.mustContain("executions › probe", "probe header", "probe body", "open probe")
	h.press("x", "j")
	if strings.Join(*keys, ",") != "x,j" {
		t.Fatalf("keys reaching the probe: %v", *keys)
	}
	lists, _, _ := h.fake.Counts()
	h.fire(isPoll)
	if l, _, _ := h.fake.Counts(); l != lists {
		t.Fatal("the covered executions screen kept polling")
	}
	// A reply to a screen that has left the stack is dropped.
	id := h.app.topScreen().ID()
	h.press("esc")
	h.mustContain("live", "5 executions")
	h.mustNotContain("probe")
	h.send(probeReply{to: id})
	if *replies != 1 {
		t.Fatal("a reply reached a popped screen")
	}
	if l, _, _ := h.fake.Counts(); l == lists {
		t.Fatal("the executions screen did not catch up when it was on top again")
	}
}

// q backs out one level everywhere but the bottom screen with nothing open.
func TestQBacksOutAndQuitsOnlyAtTheBottom(t *testing.T) {
	h := started(t, Options{})
	h.press("enter") // the pane
	h.press("q")
	if h.quit || h.st().PaneOpen {
		t.Fatalf("q in the pane: quit=%v pane open=%v", h.quit, h.st().PaneOpen)
	}
	h.press("/")
	h.typeText("q")
	if h.quit || h.st().FilterText != "q" {
		t.Fatalf("q in the filter: quit=%v filter %q", h.quit, h.st().FilterText)
	}
	h.press("esc")
	pushProbe(h)
	h.press("o", "q")
	if h.quit || h.app.topScreen().Title() != "probe" {
		t.Fatal("q inside the pushed screen's open part did not just close it")
	}
	h.press("q")
	if h.quit || len(h.app.stack) != 1 {
		t.Fatalf("q on a pushed screen: quit=%v stack %d", h.quit, len(h.app.stack))
	}
	h.press("esc") // esc at the bottom never quits
	if h.quit {
		t.Fatal("esc at the bottom quit")
	}
	h.press("q")
	if !h.quit {
		t.Fatal("q at the bottom with nothing open did not quit")
	}
}

func TestCtrlCQuitsFromAPushedScreen(t *testing.T) {
	h := started(t, Options{})
	pushProbe(h)
	h.press("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}
}

// Nothing typed after : reaches a screen: these letters are the list's
// system, sort, pause and pane keys.
func TestCommandLineKeepsTypedTextFromTheScreens(t *testing.T) {
	h := started(t, Options{})
	lists, _, _ := h.fake.Counts()
	h.press(":")
	h.typeText("tenant ops-team sap")
	h.send(uitest.Key("enter"))
	if h.st().PaneOpen || h.st().Focus != "list" {
		t.Fatal("typed text opened the pane")
	}
	h.mustNotContain("paused", "system workflows shown")
	if l, _, _ := h.fake.Counts(); l != lists {
		t.Fatalf("typed text made %d list requests", l-lists)
	}
	h.mustContain("switching tenant or profile is not available here")
}

func TestUnknownCommandListsTheCommands(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 120, 40).start() // room for the whole list
	h.press(":")
	h.typeText("deploy")
	h.press("enter")
	h.mustContain(`unknown command "deploy"`, "executions, failures, tenant, profile, quit")
	h.press(":")
	h.typeText("tenant")
	h.press("enter")
	h.mustContain(":tenant needs NAME")
}

func TestCommandCompletionAndHistory(t *testing.T) {
	h := started2(t, Options{Connect: refuseAll})
	h.press(":")
	h.typeText("ten")
	h.press("tab")
	if got := h.app.cmd.Value(); got != "tenant " {
		t.Fatalf("completed to %q, want %q", got, "tenant ")
	}
	h.typeText("o")
	h.press("tab") // the tenants were fetched when the prompt opened
	if got := h.app.cmd.Value(); got != "tenant ops-team " {
		t.Fatalf("completed to %q", got)
	}
	h.press("esc")
	h.press(":")
	h.typeText("ex")
	h.press("enter")
	h.press(":", "up")
	if got := h.app.cmd.Value(); got != "ex" {
		t.Fatalf("history up gave %q", got)
	}
	h.press("esc")
	h.press(":")
	h.typeText("zz")
	h.press("tab")
	h.mustContain("no completion for")
}

func refuseAll(context.Context, Connection, Switch) (Connection, error) {
	return Connection{}, errors.New("not in this test")
}

// tenantManager is a fake that lists tenants for completion.
type tenantManager struct{ *uitest.Manager }

func (tenantManager) Tenants(context.Context) ([]client.Tenant, error) {
	return []client.Tenant{{Name: "default_tenant"}, {Name: "ops-team"}}, nil
}

func started2(t *testing.T, o Options) *harness {
	t.Helper()
	f := uitest.NewManager(uitest.Sample()...)
	o.Manager = tenantManager{f}
	return newHarness(t, o, f, 80, 24).start()
}

// :tenant rebuilds the connection: the screens start again, the selection
// goes, the header names the new tenant. A refused switch keeps the old
// connection and says why.
func TestTenantSwitch(t *testing.T) {
	other := uitest.NewManager(uitest.Exec(uitest.UUID(90), "backup", "ops-db", client.StatusStarted, 0))
	var asked []Switch
	connect := func(_ context.Context, cur Connection, to Switch) (Connection, error) {
		asked = append(asked, to)
		if to.Tenant == "nope" {
			return Connection{}, &client.Error{Kind: client.KindForbidden, Message: "User is not permitted to use tenant nope"}
		}
		return Connection{Manager: other, Label: cur.Label, Tenant: to.Tenant}, nil
	}
	h := started2(t, Options{Connect: connect})
	h.press("enter") // the pane open on a row
	h.press(":")
	h.typeText("tenant nope")
	h.press("enter")
	h.mustContain("cannot switch to tenant nope, still showing tenant default_tenant")
	if h.st().List.Len() != 5 || !h.st().PaneOpen {
		t.Fatal("a refused switch changed the screen")
	}
	h.press(":")
	h.typeText("tenant ops-team")
	h.press("enter")
	h.mustContain("tenant ops-team", "backup", "ops-db", "now showing tenant ops-team")
	h.mustNotContain("web-01")
	if h.st().PaneOpen || h.st().List.Len() != 1 {
		t.Fatal("the executions screen did not start again for the new tenant")
	}
	if len(asked) != 2 {
		t.Fatalf("switches asked: %v", asked)
	}
	if h.app.actions.Active() {
		t.Fatal("a dialog survived the switch")
	}
}

// An action applied by the manager whose answer was lost: the warning that
// it may have been carried out stays, through the note that the execution
// left the filter and through every toast timer, until the user dismisses
// it.
func TestOutcomeUnknownWarningStaysUntilDismissed(t *testing.T) {
	f := uitest.NewManager(uitest.Sample()...)
	f.LoseAnswer = &client.Error{Kind: client.KindServer, Method: "POST", StatusCode: 502, Message: "502 Bad Gateway"}
	h := newHarness(t, Options{Filter: "status:started"}, f, 160, 30).start()
	h.press("C", "y")
	h.mustContain("OUTCOME UNKNOWN")
	h.fire(isPoll) // the poll sees it cancelling: it leaves the filter
	h.mustContain("OUTCOME UNKNOWN")
	if !strings.Contains(h.app.status.note, "no longer matches the filter") {
		t.Fatalf("the note that the selection moved is missing: %q", h.app.status.note)
	}
	h.fire(func(m tea.Msg) bool { _, ok := m.(toastExpiredMsg); return ok })
	h.mustContain("OUTCOME UNKNOWN")
	h.press("esc")
	h.mustNotContain("OUTCOME UNKNOWN")
	if h.st().FilterText != "status:started" {
		t.Fatal("the esc that dismissed the warning also cleared the filter")
	}
}

// A message cut on the status line is whole in the message log, with the
// notes and errors before it; esc leaves the log.
func TestMessageLogKeepsMessagesWhole(t *testing.T) {
	h := started(t, Options{})
	long := "the manager refused: " + strings.Repeat("a long reason in words ", 8) + "END"
	h.send(common.StatusMsg{Text: "first note", Note: true})
	h.send(common.StatusMsg{Text: long, IsError: true})
	h.mustNotContain("END") // cut at 80 columns
	h.press("L")
	h.mustContain("executions › messages", "first note", "END", "2 messages this session")
	h.press("esc")
	h.mustNotContain("messages this session")
	h.press(":")
	h.typeText("log")
	h.press("enter")
	h.mustContain("END")
}

// The full help taller than the screen scrolls, and says so: no key is
// hidden below the bottom edge at 80x24.
func TestFullHelpScrollsWhenTallerThanTheScreen(t *testing.T) {
	h := started(t, Options{})
	h.press("?")
	h.mustContain("scroll")
	h.mustNotContain("ctrl+c quit")
	h.mustNotContain("header: 2 stuck") // the legend's last line, at the end
	for i := 0; i < 60; i++ {
		h.press("j")
	}
	h.mustContain("header: 2 stuck")
	h.press("?")
	h.mustNotContain("scroll")
}

// A light terminal background picks the light theme when the user chose
// none; a dark one, or a chosen theme, keeps the theme.
func TestLightBackgroundPicksTheLightTheme(t *testing.T) {
	lightTheme, _ := themes.Get("light")
	light := themes.NewStyles(lightTheme).StatusOK.Render("x")
	white := tea.BackgroundColorMsg{Color: color.White}
	black := tea.BackgroundColorMsg{Color: color.Black}

	h := started(t, Options{})
	h.send(black)
	h.send(white) // the theme is settled by the first answer
	if h.app.styles.StatusOK.Render("x") == light {
		t.Fatal("a dark background switched to the light theme")
	}
	h = started(t, Options{})
	h.send(white)
	if h.app.styles.StatusOK.Render("x") != light {
		t.Fatal("a light background kept the default theme")
	}
	if got := h.execs().State().List.View(); !strings.Contains(got, "install") {
		t.Fatal("the list lost its rows when restyled")
	}
	h.mustContain("using the light theme")
	h = started(t, Options{Theme: "high-contrast", ThemeChosen: true})
	h.send(white)
	if h.app.styles.StatusOK.Render("x") == light {
		t.Fatal("a chosen theme was replaced")
	}
}

// Dialogs wrap and never cut, and nothing of the screen under them touches
// their border, at 80 and at 120 columns.
func TestDialogsWrapAndKeepTheirEdges(t *testing.T) {
	for _, w := range []int{80, 120} {
		for _, k := range []string{"C", "F", "K", "R", "U"} {
			execs := uitest.Sample()
			h := newHarness(t, Options{}, uitest.NewManager(execs...), w, 40).start()
			if k == "R" {
				h.selectRow(uitest.UUID(2)) // failed: resume is offered
			} else {
				h.selectRow(uitest.UUID(1))
			}
			h.press(k)
			if !h.app.actions.Active() {
				t.Fatalf("%dx40 %s: no dialog opened, so nothing here is checked", w, k)
			}
			if k == "R" {
				h.press("space") // force-resume: its explanation is the longest line
			}
			s := stripANSI(h.screen())
			for i, l := range strings.Split(s, "\n") {
				r := []rune(strings.TrimRight(l, " "))
				for j, c := range r {
					if (c == '│' || c == '╮' || c == '╯') && j+1 < len(r) && r[j+1] != ' ' {
						t.Fatalf("%dx40 %s: line %d: the screen under the dialog touches its edge: %q", w, k, i+1, l)
					}
				}
				if strings.Contains(l, "…") && strings.Contains(l, "│") {
					t.Fatalf("%dx40 %s: line %d of the dialog is cut: %q", w, k, i+1, l)
				}
			}
			if k == "R" && !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(s, "│", " ")), " "), "they may run twice") {
				t.Fatalf("%dx40: the force-resume explanation is cut:\n%s", w, s)
			}
		}
	}
}

// :profile completes from the profiles on disk and asks for a switch to
// that profile (the connection itself is app's, tested against two
// managers there).
func TestProfileCommandCompletesAndSwitches(t *testing.T) {
	var asked []Switch
	connect := func(_ context.Context, cur Connection, to Switch) (Connection, error) {
		asked = append(asked, to)
		return Connection{Manager: cur.Manager, Label: "https://staging.example", Tenant: "staging-tenant", Profile: to.Profile}, nil
	}
	h := started2(t, Options{Connect: connect, Profiles: func() []string { return []string{"prod", "staging"} }})
	h.press(":")
	h.typeText("profile st")
	h.press("tab")
	if got := h.app.cmd.Value(); got != "profile staging " {
		t.Fatalf("completed to %q", got)
	}
	h.press("enter")
	if len(asked) != 1 || asked[0].Profile != "staging" || asked[0].Tenant != "" {
		t.Fatalf("switches asked: %+v", asked)
	}
	h.mustContain("tenant staging-tenant", "https://staging.example")
}

// e opens the events timeline from the list.
func TestEventsKeyOpensTheTimeline(t *testing.T) {
	h := started(t, Options{})
	h.press("e")
	h.mustContain("executions › events")
}
