package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/simulator"
)

// shortID is the first execution ID on a list line.
var shortID = regexp.MustCompile(`\b[0-9a-f]{8}\b`)

// cell is where text is first drawn on screen, 1-based as the terminal
// reports the mouse; ok false when it is not there.
func cell(screen, text string) (x, y int, ok bool) {
	for i, line := range strings.Split(screen, "\n") {
		if j := strings.Index(line, text); j >= 0 {
			return ansi.StringWidth(line[:j]) + 1, i + 1, true
		}
	}
	return 0, 0, false
}

// selectedLine is the list line with the selection marker.
func selectedLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, "› ") {
			return l
		}
	}
	return ""
}

// click presses and releases the left button at (x, y), as an SGR mouse
// terminal reports it.
func (tm *term) click(x, y int) { tm.send(fmt.Sprintf("\x1b[<0;%d;%dM\x1b[<0;%d;%dm", x, y, x, y)) }

// wheel turns the wheel one notch at (x, y): down, else up.
func (tm *term) wheel(x, y int, down bool) {
	b := 64
	if down {
		b = 65
	}
	tm.send(fmt.Sprintf("\x1b[<%d;%d;%dM", b, x, y))
}

// Under --mouse, in a real terminal: a click on a row selects it and the
// pane shows it; the wheel over the list moves the selection three rows
// and the pane follows; the wheel over the pane scrolls the pane and
// leaves the selection.
func TestMouseClickAndWheel(t *testing.T) {
	sim := startSim(t, simulator.Options{Seed: 42, Demo: true})
	tm := start(t, 120, 40, []string{"CLOUDIFY_PASSWORD=admin"},
		"--manager", sim.URL(), "--username", "admin", "--tenant", "default_tenant", "--mouse", "--filter", "status:failed")
	screen := tm.waitFor("a screenful of failed executions", 15*time.Second, func(s string) bool { return len(listRows(s)) >= 7 })
	var ids []string
	for _, r := range listRows(screen) {
		ids = append(ids, shortID.FindString(r))
	}
	if !strings.Contains(string(tm.rawSince(0)), "\x1b[?1002h") {
		t.Fatal("--mouse did not turn on the terminal's mouse reporting")
	}

	tm.send("\r")
	screen = tm.waitText(10*time.Second, "execution "+ids[0])

	x, y, ok := cell(screen, ids[2])
	if !ok {
		t.Fatalf("row %s is not on the screen:\n%s", ids[2], screen)
	}
	tm.click(x+2, y)
	tm.waitFor("the clicked row selected and in the pane", 10*time.Second, func(s string) bool {
		return strings.Contains(selectedLine(s), ids[2]) && strings.Contains(s, "execution "+ids[2])
	})

	tm.wheel(x, y, true)
	screen = tm.waitFor("the wheel moving the selection three rows", 10*time.Second, func(s string) bool {
		return strings.Contains(selectedLine(s), ids[5]) && strings.Contains(s, "execution "+ids[5])
	})

	px, py, ok := cell(screen, "execution "+ids[5])
	if !ok || px < 60 {
		t.Fatalf("the pane's title is at column %d, not right of the list:\n%s", px, screen)
	}
	tm.waitText(10*time.Second, "line 1 of") // the execution read in full, its events too: taller than the pane
	tm.wheel(px+5, py+5, true)
	screen = tm.waitText(10*time.Second, "line 4 of")
	if !strings.Contains(selectedLine(screen), ids[5]) {
		t.Fatalf("the wheel over the pane moved the selection:\n%s", screen)
	}
	tm.send("\x03") // ctrl+c
	if err := tm.wait(10 * time.Second); err != nil {
		t.Fatalf("cfytop exited with %v", err)
	}
}
