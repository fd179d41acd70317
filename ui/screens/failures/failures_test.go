package failures

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

func sshFailure(n int, dep string, ago time.Duration) client.Execution {
	e := uitest.Exec(uitest.UUID(n), "install", dep, client.StatusFailed, ago)
	e.Error = client.Some(fmt.Sprintf("Task failed: create (vm_a1b2c%d:cloudify.interfaces.lifecycle.create): NonRecoverableError `Failed to connect to 10.0.3.%d:22`\n", n, n))
	return e
}

// run drives the screen as the shell would, returning the messages that
// leave it (pops, narrows).
func run(m Model, cmd tea.Cmd) (Model, []tea.Msg) {
	var out []tea.Msg
	var do func(tea.Cmd)
	do = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				do(c)
			}
			return
		}
		if cmds, ok := uitest.Sequence(msg); ok {
			for _, c := range cmds {
				do(c)
			}
			return
		}
		switch msg.(type) {
		case startMsg, loadedMsg:
			next, c := m.Update(msg)
			m = next.(Model)
			do(c)
		default:
			out = append(out, msg)
		}
	}
	do(cmd)
	return m, out
}

func TestFailuresGroupedByCauseAndEnterNarrowsTheList(t *testing.T) {
	f := uitest.NewManager(
		sshFailure(1, "web-prod", time.Hour), sshFailure(2, "db-prod", 30*time.Minute), sshFailure(3, "web-prod", 3*time.Minute),
		uitest.Exec(uitest.UUID(4), "heal", "cache", client.StatusFailed, 2*time.Hour),
		uitest.Exec(uitest.UUID(5), "scale", "web-prod", client.StatusTerminated, time.Hour))
	theme, _ := themes.Get("mono")
	ctx := common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme), Now: func() time.Time { return uitest.T0 }}
	m := New(ctx, 7, Options{Manager: f, Parent: 1}).SetSize(80, 20).(Model)
	m, _ = run(m, m.Init())
	if f.ListOpts[0].Filters["status"][0] != "failed" {
		t.Errorf("asked for %v, want the failed ones only", f.ListOpts[0].Filters)
	}
	gs := m.Groups()
	if len(gs) != 2 || gs[0].Count != 3 || gs[0].Key != "NonRecoverableError: Failed to connect to <ip>:22" || len(gs[0].Deployments) != 2 {
		t.Fatalf("groups %+v", gs)
	}
	view := strings.ReplaceAll(ansi.Strip(m.View()), "\n", " ")
	for _, want := range []string{"COUNT", "NonRecoverableError: Failed to connect to <ip>:22", "3 failed: NonRecoverableError: Failed to connect to <ip>:22 — 2 deployments, last 1m ago", "db-prod, web-prod"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if h := ansi.Strip(m.Header(80)); !strings.Contains(h, "✗ 4 failed · 2 causes") {
		t.Errorf("header %q", h)
	}
	next, cmd := m.Update(uitest.Key("enter"))
	_, out := run(next.(Model), cmd)
	var narrow *NarrowMsg
	popped := false
	for _, msg := range out {
		switch msg := msg.(type) {
		case common.PopMsg:
			popped = true
		case NarrowMsg:
			narrow = &msg
		}
	}
	if !popped || narrow == nil || narrow.To != 1 || len(narrow.IDs) != 3 {
		t.Fatalf("enter sent %v", out)
	}
}

func TestInactiveFailuresScreenDropsItsAnswer(t *testing.T) {
	f := uitest.NewManager(sshFailure(1, "web", time.Hour))
	theme, _ := themes.Get("mono")
	ctx := common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme)}
	m := New(ctx, 7, Options{Manager: f}).SetSize(80, 20).(Model)
	next, cmd := m.Update(startMsg{to: 7})
	m = next.(Model)
	answer := cmd()
	next, _ = m.SetActive(false)
	next, _ = next.Update(answer)
	if len(next.(Model).Groups()) != 0 {
		t.Fatal("a covered screen took an answer")
	}
}

// A cause longer than the two lines of the sentence under the table is
// cut; the count, the deployments and when it was last seen stay.
func TestSummaryCutsTheCauseNotTheFigures(t *testing.T) {
	for _, w := range []int{60, 80, 120} {
		theme, _ := themes.Get("mono")
		ctx := common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme), Now: func() time.Time { return uitest.T0 }}
		m := New(ctx, 7, Options{Manager: uitest.NewManager(sampleFailures()...)}).SetSize(w, 22).(Model)
		m, _ = run(m, m.Init())
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		sentence := lines[len(lines)-5] + "\n" + lines[len(lines)-4]
		if !strings.HasPrefix(sentence, "4 failed: ProcessExecutionError") || !strings.HasSuffix(sentence, " — 2 deployments, last 30s ago") {
			t.Errorf("at %d columns the sentence is\n%s", w, sentence)
		}
	}
}

// The column left of the table shows the cursor only; each group's failed
// glyph has a column of its own after it, and a space after it, as the
// header's.
func TestCursorColumnShowsOnlyTheCursor(t *testing.T) {
	theme, _ := themes.Get("mono")
	ctx := common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme), Now: func() time.Time { return uitest.T0 }}
	m := New(ctx, 7, Options{Manager: uitest.NewManager(sampleFailures()...)}).SetSize(80, 22).(Model)
	m, _ = run(m, m.Init())
	next, _ := m.Update(uitest.Key("j"))
	m = next.(Model)
	rows := strings.Split(ansi.Strip(m.View()), "\n")[1:4]
	for i, want := range []string{"  ✗ ", "› ✗ ", "  ✗ "} {
		if !strings.HasPrefix(rows[i], want) {
			t.Errorf("row %d is %q, want it to start %q", i, rows[i], want)
		}
	}
	if h := ansi.Strip(m.Header(80)); !strings.HasPrefix(h, "✗ 9 failed · 3 causes") {
		t.Errorf("header %q", h)
	}
}
