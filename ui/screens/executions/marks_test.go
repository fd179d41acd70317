package executions

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/uitest"
)

func markedIDs(m Model) []string {
	var out []string
	for _, e := range m.Marked() {
		out = append(out, e.ID)
	}
	return out
}

// rowOf is the list line that shows id.
func (h *harness) rowOf(id string) string {
	for _, l := range strings.Split(ansi.Strip(h.m.View()), "\n") {
		if strings.Contains(l, id[:8]) {
			return l
		}
	}
	return ""
}

// space marks and unmarks the selected execution; the row and the header
// show it.
func TestMarkTogglesTheSelectedExecution(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 120, 20)
	sel := h.m.list.SelectedID()
	h.press("space")
	if got := markedIDs(h.m); !slices.Equal(got, []string{sel}) {
		t.Fatalf("marked %v, want the selected %s", got, sel)
	}
	if row := h.rowOf(sel); !strings.HasPrefix(row, "›*") {
		t.Fatalf("marked selected row %q lacks its mark", row)
	}
	h.mustContain("1 marked")
	h.press("j")
	if row := h.rowOf(sel); !strings.HasPrefix(row, " *") {
		t.Fatalf("marked row %q lacks its mark once the selection moved", row)
	}
	h.press("k", "space")
	if got := h.m.Marked(); got != nil {
		t.Fatalf("space again left %v marked", got)
	}
	if strings.Contains(h.screen(), "marked") {
		t.Fatal("the header still speaks of marks")
	}
}

// V marks from the last one marked to the selection, either way; * marks
// what the filter shows and nothing it hides; u clears.
func TestMarkRangeAllShownAndClear(t *testing.T) {
	h := newHarness(t, Options{}, uitest.NewManager(uitest.Sample()...), 120, 20)
	shown := h.m.list.ShownIDs()
	h.press("j", "space", "j", "j", "V")
	if got := markedIDs(h.m); !slices.Equal(got, shown[1:4]) {
		t.Fatalf("range marked %v, want %v", got, shown[1:4])
	}
	h.press("u")
	if h.m.Marked() != nil {
		t.Fatal("u left marks")
	}
	// Upwards: from the last one marked (now the fourth row) to the first.
	h.press("space", "g", "V")
	if got := markedIDs(h.m); len(got) != 4 || !slices.Contains(got, shown[0]) || slices.Contains(got, shown[4]) {
		t.Fatalf("upward range marked %v of %v", got, shown)
	}
	h.press("u", "/")
	for _, r := range "status:failed" {
		h.press(string(r))
	}
	h.press("enter", "*")
	if got := markedIDs(h.m); !slices.Equal(got, []string{uitest.UUID(2)}) {
		t.Fatalf("* with a filter marked %v, want only the failed one", got)
	}
}

// Marks are IDs: a poll that changes the rows, a sort, and a filter that
// hides them leave them be; a marked execution that leaves the list stays
// marked, in its last copy, and the header counts it apart.
func TestMarksSurvivePollsSortsAndFilters(t *testing.T) {
	execs := uitest.Sample()
	fake := uitest.NewManager(execs...)
	h := newHarness(t, Options{}, fake, 160, 20)
	h.press("*")
	if n, _, _ := h.m.MarkCounts(); n != 5 {
		t.Fatalf("%d marked, want 5", n)
	}

	// A poll: the running one moves on, the cancelled one is gone.
	moved := slices.Clone(execs)
	moved[0].Status = client.StatusCancelling
	fake.Set(append(moved[:4:4], uitest.Exec(uitest.UUID(9), "install", "new", client.StatusStarted, time.Minute))...)
	h.press("r")
	if !h.m.list.Shown(uitest.UUID(9)) || h.m.list.Shown(uitest.UUID(5)) {
		t.Fatal("the poll did not change the list as set up")
	}
	n, hidden, gone := h.m.MarkCounts()
	if n != 5 || hidden != 0 || gone != 1 {
		t.Fatalf("after the poll: %d marked, %d hidden, %d gone; want 5, 0, 1", n, hidden, gone)
	}
	h.mustContain("5 marked (1 no longer in the list)")
	got := h.m.Marked()
	byID := map[string]client.Execution{}
	for _, e := range got {
		byID[e.ID] = e
	}
	if byID[uitest.UUID(1)].Status != client.StatusCancelling {
		t.Fatalf("a marked execution is not in its fresh copy: %s", byID[uitest.UUID(1)].Status)
	}
	if e, ok := byID[uitest.UUID(5)]; !ok || e.Status != client.StatusCancelled {
		t.Fatal("the execution that left the list lost its mark or its last copy")
	}
	if _, ok := byID[uitest.UUID(9)]; ok {
		t.Fatal("a new execution came in marked")
	}

	h.press("s", "s", "S")
	if n, _, _ := h.m.MarkCounts(); n != 5 {
		t.Fatalf("sorting changed the marks: %d", n)
	}
	h.press("/")
	for _, r := range "wf:heal" {
		h.press(string(r))
	}
	h.press("enter")
	n, hidden, gone = h.m.MarkCounts()
	if n != 5 || hidden != 3 || gone != 1 {
		t.Fatalf("filtered: %d marked, %d hidden, %d gone; want 5, 3, 1", n, hidden, gone)
	}
	h.mustContain("5 marked (3 hidden by the filter) (1 no longer in the list)")
	h.press("esc")
	if n, hidden, _ := h.m.MarkCounts(); n != 5 || hidden != 0 {
		t.Fatal("clearing the filter changed the marks")
	}
}
