package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"

	"github.com/cfytop/cfytop/ui/uitest"
)

// footerLine is the last line of the screen: the key line.
func (h *harness) footerLine() string {
	lines := strings.Split(stripANSI(h.screen()), "\n")
	return lines[len(lines)-1]
}

// The key line names the action the selected row's status allows: cancel
// on a running one, resume on a failed or cancelled one, neither on one
// that completed; at 80 columns as at 120, and in read-only mode among the
// disabled keys where there is room.
func TestKeyLineNamesTheActionTheRowAllows(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, ro := range []bool{false, true} {
			execs := append(uitest.Sample(), uitest.Exec(uitest.UUID(6), "heal", "web-06", client.StatusCancelling, 20*time.Minute))
			h := newHarness(t, Options{ReadOnly: ro}, uitest.NewManager(execs...), size[0], size[1]).start()
			for _, c := range []struct {
				row        int
				want, gone string
			}{
				{1, "C cancel", "R resume"}, // started
				{2, "R resume", "C cancel"}, // failed
				{5, "R resume", "C cancel"}, // cancelled
				{4, "C cancel", "R resume"}, // queued
				{3, "", "C cancel"},         // completed
			} {
				h.selectRow(uitest.UUID(c.row))
				line := h.footerLine()
				if lineW := len([]rune(line)); lineW > size[0] {
					t.Fatalf("%dx%d: the key line is %d cells: %q", size[0], size[1], lineW, line)
				}
				want := c.want
				if ro && size[0] == 80 {
					want = "" // a disabled key is listed after the others, where there is room
				}
				if want != "" && !strings.Contains(line, want) || strings.Contains(line, c.gone) || c.want == "" && strings.Contains(line, "R resume") {
					t.Fatalf("%dx%d read-only %v, row %d: key line %q, want %q and not %q", size[0], size[1], ro, c.row, line, c.want, c.gone)
				}
			}
		}
	}
}
