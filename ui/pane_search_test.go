package ui

import (
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/uitest"
)

// / in the focused pane searches its events: what is typed there is text
// (q does not quit, : opens no command line), esc closes the search before
// the pane, and q then backs out one level at a time.
func TestPaneSearchKeepsTypedTextFromTheShell(t *testing.T) {
	f := uitest.NewManager(uitest.Sample()...)
	h := newHarness(t, Options{}, f, 120, 40).start()
	id := h.selectedID()
	f.Events[id] = []client.Event{{Type: client.EventTypeLog, Level: "info", Message: "quota exceeded"},
		{Type: client.EventTypeLog, Level: "info", Message: "quota: again"}}
	h.press("enter")
	if h.st().Focus != "pane" {
		t.Fatal("pane not focused")
	}
	h.press("/")
	if !h.app.topScreen().InputActive() || h.st().Focus != "pane" {
		t.Fatalf("/ in the pane: input active %v, focus %s", h.app.topScreen().InputActive(), h.st().Focus)
	}
	h.typeText("q:?")
	if h.quit || h.app.cmd.Open() || h.app.showHelp {
		t.Fatalf("keys typed in the pane's search reached the shell: quit %v, command line %v, help %v", h.quit, h.app.cmd.Open(), h.app.showHelp)
	}
	h.press("backspace", "backspace")
	if q, _, _ := h.st().Pane.Search(); q != "q" {
		t.Fatalf("search %q after q:? and two backspaces", q)
	}
	h.typeText("uota")
	if q, cur, total := h.st().Pane.Search(); q != "quota" || cur != 1 || total != 2 || h.st().FilterText != "" {
		t.Fatalf("search %q %d of %d, list filter %q", q, cur, total, h.st().FilterText)
	}
	h.mustContain("1 of 2")
	h.press("enter", "n")
	h.mustContain("2 of 2")
	h.press("q") // the search kept is the first thing q closes
	if h.quit || !h.st().PaneOpen || h.st().Pane.SearchOpen() {
		t.Fatalf("q on a kept search: quit %v, pane open %v, search open %v", h.quit, h.st().PaneOpen, h.st().Pane.SearchOpen())
	}
	h.press("/")
	h.typeText("quota")
	h.press("esc")
	if h.quit || !h.st().PaneOpen || h.st().Pane.SearchOpen() || h.app.topScreen().InputActive() {
		t.Fatal("esc in the pane's search did not just close it")
	}
	h.press("q")
	if h.quit || h.st().PaneOpen {
		t.Fatalf("q in the pane: quit %v, pane open %v", h.quit, h.st().PaneOpen)
	}
	h.press("/") // in the list: the filter
	if h.st().Focus != "filter" {
		t.Fatalf("/ in the list: focus %s", h.st().Focus)
	}
}
