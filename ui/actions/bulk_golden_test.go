package actions

import (
	"strconv"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cfytop/cfytop/client"
)

// goldenMarks are ten marked executions for a bulk resume: four it will
// resume, six it skips with the long reasons the rules give; two rows on
// web-prod told apart only by their workflow.
func goldenMarks(h *harness) []client.Execution {
	rows := []struct {
		dep, wf string
		s       client.Status
	}{
		{"web-prod", "install", client.StatusFailed},
		{"web-prod", "uninstall", client.StatusStarted},
		{"db-primary-eu-west-1", "heal", client.StatusCancelled},
		{"cache-03", "scale", client.StatusTerminated},
		{"api-gateway", "execute_operation", client.StatusQueued},
		{"batch-nightly", "update", client.StatusFailed},
		{"search-cluster-02", "install", client.StatusPending},
		{"web-staging", "restart", client.StatusCancelling},
		{"metrics", "install", client.StatusCancelled},
		{"queue-workers", "uninstall", client.StatusForceCancelling},
	}
	out := make([]client.Execution, len(rows))
	for i, r := range rows {
		e := execIn(r.s)
		e.ID = bulkID(i + 1)
		e.DeploymentID = client.Some(r.dep)
		e.WorkflowID = r.wf
		h.f.put(e)
		out[i] = e
	}
	return out
}

// The bulk preview at 80x24 and 120x40: its border whole within the width
// the shell gives it (less the margin it draws each side), every column
// there, the cursor row's reason whole under the table.
func TestGoldenBulkPreview(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(strconv.Itoa(size[0])+"x"+strconv.Itoa(size[1]), func(t *testing.T) {
			h := newHarness(t, Options{})
			h.c = h.c.SetSize(size[0], size[1])
			h.openBulk(Resume, goldenMarks(h))
			h.press("tab") // the cursor on the second row: a long reason
			v := h.c.View()
			checkBorderWhole(t, v, size)
			golden.RequireEqual(t, ansi.Strip(v))
		})
	}
}

// checkBorderWhole fails unless the box fits size with the shell's margins
// and every line of it is closed on both sides.
func checkBorderWhole(t *testing.T, v string, size [2]int) {
	t.Helper()
	checkFits(t, "dialog", v, size)
	ls := strings.Split(ansi.Strip(v), "\n")
	w := lipgloss.Width(v)
	for i, l := range ls {
		first, last := []rune(l)[0], []rune(l)[len([]rune(l))-1]
		var want [2]rune
		switch i {
		case 0:
			want = [2]rune{'╭', '╮'}
		case len(ls) - 1:
			want = [2]rune{'╰', '╯'}
		default:
			want = [2]rune{'│', '│'}
		}
		if first != want[0] || last != want[1] || ansi.StringWidth(l) != w {
			t.Errorf("line %d of the box is not closed (%c…%c, %d of %d columns): %q", i, first, last, ansi.StringWidth(l), w, l)
		}
	}
	if t.Failed() {
		t.Logf("the box:\n%s", ansi.Strip(v))
	}
}

// At 80 columns the preview keeps the workflow column: two rows on
// web-prod are told apart by it (the reasons are cut first, the cursor
// row's shown whole under the table).
func TestBulkPreviewKeepsTheWorkflowAt80Columns(t *testing.T) {
	h := newHarness(t, Options{})
	h.c = h.c.SetSize(80, 24)
	h.openBulk(Resume, goldenMarks(h))
	v := ansi.Strip(h.c.View())
	for _, want := range []string{"DEPLOYMENT WORKFLOW STATUS", "00000001 web-prod install failed", "00000002 web-prod uninstall started"} {
		if !hasLine(v, want) {
			t.Errorf("no line %q in the preview:\n%s", want, v)
		}
	}
}
