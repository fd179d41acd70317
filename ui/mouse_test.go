package ui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/screens/events"
	"github.com/cfytop/cfytop/ui/screens/failures"
	"github.com/cfytop/cfytop/ui/uitest"
)

// The sizes the mouse is tried at: the pane under the list, and beside it.
var mouseSizes = [][2]int{{80, 24}, {120, 40}}

// mouseHarness is the dashboard under --mouse with 60 executions, the
// newest selected and open in the pane (which has the keys).
func mouseHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	f := uitest.NewManager(uitest.Many(60)...)
	hs := newHarness(t, Options{Mouse: true}, f, w, h).start()
	hs.press("enter")
	if !hs.st().PaneOpen || hs.st().Focus != "pane" || hs.selectedID() != uitest.UUID(0) {
		t.Fatalf("test setup: pane open %v, focus %s, selected %s", hs.st().PaneOpen, hs.st().Focus, hs.selectedID())
	}
	return hs
}

// cellOf is where text is first drawn on the screen: its column and line,
// counted from 0 as the mouse messages count them.
func (h *harness) cellOf(text string) (x, y int) {
	h.t.Helper()
	for y, line := range strings.Split(stripANSI(h.screen()), "\n") {
		if i := strings.Index(line, text); i >= 0 {
			return ansi.StringWidth(line[:i]), y
		}
	}
	h.t.Fatalf("%q is not on the screen:\n%s", text, stripANSI(h.screen()))
	return 0, 0
}

func (h *harness) click(x, y int) {
	h.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
}

func (h *harness) wheel(x, y int, b tea.MouseButton) {
	h.send(tea.MouseWheelMsg{X: x, Y: y, Button: b})
}

// A left click on a row selects it, shows it in the pane at once and gives
// the list the keys; a click on the column header, the shell's header or
// footer, or with another button, changes nothing.
func TestClickSelectsTheRowUnderThePointer(t *testing.T) {
	for _, size := range mouseSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := mouseHarness(t, size[0], size[1])
			want := uitest.UUID(5)
			x, y := h.cellOf(want[:8])
			h.click(x+2, y)
			if h.selectedID() != want || h.st().Pane.ID() != want || h.st().Focus != "list" {
				t.Fatalf("clicked row %s: selected %s, pane %s, focus %s", want[:8], h.selectedID(), h.st().Pane.ID(), h.st().Focus)
			}
			h.mustContain("execution " + want[:8])

			other := uitest.UUID(2)
			ox, oy := h.cellOf(other[:8])
			h.send(tea.MouseClickMsg{X: ox, Y: oy, Button: tea.MouseRight})
			hx, hy := h.cellOf("WORKFLOW")
			h.click(hx, hy)
			h.click(0, 0)
			h.click(0, size[1]-1)
			h.click(0, size[1]-2)
			if h.selectedID() != want || h.st().Pane.ID() != want {
				t.Fatalf("a click off the rows moved the selection to %s (pane %s)", h.selectedID(), h.st().Pane.ID())
			}
		})
	}
}

// A click on the pane gives it the keys and selects nothing, even on the
// line of a row beside it; a click on the list takes them back.
func TestClickOnThePaneFocusesIt(t *testing.T) {
	for _, size := range mouseSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := mouseHarness(t, size[0], size[1])
			h.press("tab")
			if h.st().Focus != "list" {
				t.Fatal("test setup: tab did not give the list the keys")
			}
			px, py := h.cellOf("created by")
			if size[0] >= 120 {
				_, py = h.cellOf(uitest.UUID(7)[:8]) // beside a row
			}
			h.click(px, py)
			if h.st().Focus != "pane" || h.selectedID() != uitest.UUID(0) {
				t.Fatalf("click on the pane: focus %s, selected %s", h.st().Focus, h.selectedID())
			}
			hx, hy := h.cellOf("WORKFLOW")
			h.click(hx, hy)
			if h.st().Focus != "list" || h.selectedID() != uitest.UUID(0) {
				t.Fatalf("click on the list's header: focus %s, selected %s", h.st().Focus, h.selectedID())
			}
		})
	}
}

// The wheel over the list moves the selection three rows and gives the
// list the keys, whichever part had them, and the pane follows once it
// settles; the pane is not scrolled.
func TestWheelOverTheListMovesTheSelection(t *testing.T) {
	for _, size := range mouseSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := mouseHarness(t, size[0], size[1])
			x, y := h.cellOf(uitest.UUID(1)[:8])
			h.wheel(x, y, tea.MouseWheelDown)
			if h.selectedID() != uitest.UUID(common.WheelRows) || h.st().Focus != "list" {
				t.Fatalf("wheel down: selected %s, focus %s", h.selectedID(), h.st().Focus)
			}
			h.fire(isSettle)
			if h.st().Pane.ID() != uitest.UUID(common.WheelRows) {
				t.Fatalf("the pane shows %s after the selection settled on %s", h.st().Pane.ID(), uitest.UUID(common.WheelRows))
			}
			for range 30 {
				h.wheel(x, y, tea.MouseWheelDown)
			}
			if h.selectedID() != uitest.UUID(59) {
				t.Fatalf("the wheel down to the end selected %s", h.selectedID())
			}
			h.mustContain(uitest.UUID(59)[:8])
			h.wheel(x, y, tea.MouseWheelUp)
			if h.selectedID() != uitest.UUID(59-common.WheelRows) {
				t.Fatalf("wheel up: selected %s", h.selectedID())
			}
		})
	}
}

// With the pane focused, the wheel over the list hands the keys to the
// list, so an action key acts on the highlighted row, not on the execution
// still in the pane.
func TestActionAfterTheWheelTargetsTheHighlightedRow(t *testing.T) {
	for _, size := range mouseSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := mouseHarness(t, size[0], size[1])
			shown := uitest.UUID(5) // started: it can be cancelled
			h.press("tab")
			h.selectRow(shown)
			h.fire(isSettle)
			h.press("enter")
			if h.st().Pane.ID() != shown || h.st().Focus != "pane" {
				t.Fatalf("test setup: pane %s, focus %s", h.st().Pane.ID(), h.st().Focus)
			}
			want := uitest.UUID(5 + common.WheelRows) // ended: cancelling it is refused in words
			x, y := h.cellOf(uitest.UUID(2)[:8])
			h.wheel(x, y, tea.MouseWheelDown)
			if h.selectedID() != want {
				t.Fatalf("test setup: the wheel selected %s, want %s", h.selectedID(), want)
			}
			h.press("C")
			if _, id, ok := h.app.actions.Current(); ok && id != want {
				t.Fatalf("after the wheel the cancel dialog is for %s, not the highlighted %s", id[:8], want[:8])
			}
			h.mustContain(want[:8])
		})
	}
}

// The wheel over the pane scrolls the pane, focused or not, and leaves the
// list's selection where it is; zoomed, the pane is the whole body.
func TestWheelOverThePaneScrollsThePane(t *testing.T) {
	for _, size := range mouseSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			f := uitest.NewManager(uitest.Many(60)...)
			var evs []client.Event
			for i := range 80 {
				evs = append(evs, client.Event{Type: client.EventTypeLog, Level: "info", Message: fmt.Sprintf("step %d", i)})
			}
			f.Events[uitest.UUID(0)] = evs
			h := newHarness(t, Options{Mouse: true}, f, size[0], size[1]).start()
			h.press("enter", "tab")
			top := h.st().Pane.View()
			if !strings.Contains(ansi.Strip(top), "line 1 of") {
				t.Fatalf("test setup: the ended execution does not open at the top:\n%s", ansi.Strip(top))
			}
			px, py := h.cellOf("created by")
			h.wheel(px, py, tea.MouseWheelDown)
			h.mustContain(fmt.Sprintf("line %d of", 1+common.WheelRows))
			if h.selectedID() != uitest.UUID(0) || h.st().Focus != "list" {
				t.Fatalf("the wheel over the pane: selected %s, focus %s", h.selectedID(), h.st().Focus)
			}
			h.wheel(px, py, tea.MouseWheelUp)
			h.mustContain("line 1 of")

			h.press("z")
			if !h.st().Pane.Focused() {
				h.press("tab")
			}
			h.wheel(2, 5, tea.MouseWheelDown) // where the list was
			h.mustContain(fmt.Sprintf("line %d of", 1+common.WheelRows))
			h.click(2, 5)
			if h.selectedID() != uitest.UUID(0) || h.st().Focus != "pane" {
				t.Fatalf("a click on the zoomed pane: selected %s, focus %s", h.selectedID(), h.st().Focus)
			}
		})
	}
}

// While a dialog, the help, the command line or the filter being typed is
// open, the mouse does not reach the list behind: a click never changes
// the execution a dialog is about to act on.
func TestMouseDoesNotReachTheListBehindWhatIsOpen(t *testing.T) {
	h := mouseHarness(t, 120, 40)
	h.press("tab")
	running := uitest.UUID(5) // started: it can be cancelled
	h.selectRow(running)
	ox, oy := h.cellOf(uitest.UUID(2)[:8])
	check := func(what string) {
		t.Helper()
		h.click(ox, oy)
		h.wheel(ox, oy, tea.MouseWheelDown)
		if h.selectedID() != running {
			t.Fatalf("with %s open, the mouse moved the selection to %s", what, h.selectedID())
		}
	}

	h.press("C")
	if _, id, ok := h.app.actions.Current(); !ok || id != running {
		t.Fatalf("test setup: the cancel dialog is for %q (open %v)", id, ok)
	}
	check("the cancel dialog")
	if _, id, ok := h.app.actions.Current(); !ok || id != running {
		t.Fatalf("after the clicks the dialog is for %q (open %v)", id, ok)
	}
	h.press("esc")

	h.press("?")
	check("the help")
	if !h.app.showHelp {
		t.Fatal("a click closed the help")
	}
	h.press("?")

	h.press(":")
	check("the command line")
	if !h.app.cmd.Open() {
		t.Fatal("a click closed the command line")
	}
	h.press("esc")

	// The filter being typed keeps the keys: the click leaves it open and
	// the selection as it is.
	h.press("/")
	h.typeText("dep-00")
	check("the filter input")
	if h.st().Focus != "filter" {
		t.Fatalf("a click took the keys from the filter input: focus %s", h.st().Focus)
	}
	h.press("esc")
	h.click(ox, oy)
	if h.selectedID() != uitest.UUID(2) {
		t.Fatalf("with everything closed the click selected %s", h.selectedID())
	}
}

// Without --mouse the dashboard asks for no mouse mode, and mouse messages
// (which a terminal would not send) change nothing.
func TestWithoutTheMouseFlagTheMouseDoesNothing(t *testing.T) {
	f := uitest.NewManager(uitest.Many(60)...)
	h := newHarness(t, Options{}, f, 120, 40).start()
	if h.app.View().MouseMode != tea.MouseModeNone {
		t.Fatal("a mouse mode without --mouse")
	}
	x, y := h.cellOf(uitest.UUID(4)[:8])
	h.click(x, y)
	h.wheel(x, y, tea.MouseWheelDown)
	if h.selectedID() != uitest.UUID(0) {
		t.Fatalf("without --mouse the mouse selected %s", h.selectedID())
	}
}

// The wheel scrolls the help when it is taller than the body.
func TestWheelScrollsTheHelp(t *testing.T) {
	h := newHarness(t, Options{Mouse: true}, uitest.NewManager(uitest.Sample()...), 80, 24).start()
	h.press("?")
	h.mustContain("lines 1–")
	h.wheel(10, 10, tea.MouseWheelDown)
	h.mustContain("lines 4–")
	h.wheel(10, 10, tea.MouseWheelUp)
	h.wheel(10, 10, tea.MouseWheelUp)
	h.mustContain("lines 1–")
}

// countingModel counts the mouse messages that reach it.
type countingModel struct{ mouse *[]string }

func (c countingModel) Init() tea.Cmd { return nil }
func (c countingModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.MouseMsg:
		*c.mouse = append(*c.mouse, fmt.Sprintf("%T", msg))
	case tea.KeyPressMsg:
		if msg.String() == "q" {
			return c, tea.Quit
		}
	}
	return c, nil
}
func (c countingModel) View() tea.View { return tea.NewView("") }

// Under --mouse the program drops the motion and release events before the
// model: dragging across the screen costs no Update and no View. Clicks and
// the wheel pass.
func TestIdleMouseEventsNeverReachTheModel(t *testing.T) {
	in := strings.NewReader("\x1b[<0;5;5M" + "\x1b[<32;6;5M\x1b[<32;7;5M\x1b[<32;8;5M" + "\x1b[<0;8;5m" + "\x1b[<65;5;5M" + "q")
	var seen []string
	opts := append(programOptions(context.Background(), Options{Mouse: true}),
		tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24))
	p := tea.NewProgram(countingModel{mouse: &seen}, opts...)
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		p.Kill()
		t.Fatal("the program did not quit")
	}
	if got := strings.Join(seen, " "); got != "tea.MouseClickMsg tea.MouseWheelMsg" {
		t.Fatalf("mouse messages that reached the model: %s", got)
	}
}

// The wheel reaches the screens pushed over the list, through the shell:
// the events timeline leaves the newest line, the failures move their
// cursor.
func TestWheelReachesTheOtherScreens(t *testing.T) {
	execs := uitest.Sample()
	for i := range 3 {
		e := uitest.Exec(uitest.UUID(20+i), "install", "web", client.StatusFailed, time.Duration(i+1)*time.Hour)
		e.Error = client.Some("RuntimeError: " + []string{"alpha", "bravo", "charlie"}[i] + " went wrong")
		execs = append(execs, e)
	}
	f := uitest.NewManager(execs...)
	for _, e := range execs {
		for i := range 4 {
			f.Events[e.ID] = append(f.Events[e.ID], client.Event{ExecutionID: client.Some(e.ID), Type: client.EventTypeLog, Level: "info",
				Message: fmt.Sprintf("%s step %d", e.ID[:8], i), Timestamp: client.Time{Time: uitest.T0.Add(time.Duration(i) * time.Second)}})
		}
	}
	h := newHarness(t, Options{Mouse: true}, f, 120, 40).start()

	h.press("e")
	ev, ok := h.app.topScreen().(events.Model)
	if !ok || !ev.State().Following || ev.State().Lines == 0 {
		t.Fatalf("test setup: the timeline is not following its lines (%T)", h.app.topScreen())
	}
	h.wheel(10, 10, tea.MouseWheelUp)
	if h.app.topScreen().(events.Model).State().Following {
		t.Fatal("the wheel up did not leave the newest line of the timeline")
	}
	h.press("q")

	h.press("f")
	if fs, ok := h.app.topScreen().(failures.Model); !ok || len(fs.Groups()) < 3 || fs.Cursor() != 0 {
		t.Fatalf("test setup: the failures screen (%T)", h.app.topScreen())
	}
	h.wheel(10, 10, tea.MouseWheelDown)
	if got := h.app.topScreen().(failures.Model).Cursor(); got == 0 {
		t.Fatal("the wheel did not move the failures' cursor")
	}
}
