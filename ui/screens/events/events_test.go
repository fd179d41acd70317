package events

import (
	"strings"
	"testing"

	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// The first page is the newest, read in the reverse order; after it only
// what is past the offset is asked for, and the newest line stays at the
// bottom while following.
func TestFollowsTheNewestReadingOnlyNewItems(t *testing.T) {
	h := newHarness(t, Options{}, evs(1, 30)...)
	if q := h.mgr.last(); len(q.Sort) != 1 || q.Sort[0] != "-reported_timestamp" || q.Size != PageSize {
		t.Fatalf("first query %+v", q)
	}
	st := h.m.State()
	if st.Lines != 30 || !st.Following || st.Selected != uitest.UUID(30%4+1) {
		t.Fatalf("after the first page: %+v", st)
	}
	h.mustShow("line 29", "following")
	h.mgr.add(evs(31, 3)...)
	h.tick()
	if q := h.mgr.last(); q.Offset != 30 || len(q.Sort) != 0 {
		t.Fatalf("the tail asked %+v, want offset 30 in the manager's order", q)
	}
	h.mustShow("line 33")
	lines := strings.Split(h.view(), "\n")
	if !strings.Contains(lines[len(lines)-3], "line 33") {
		t.Fatalf("the newest line is not at the bottom:\n%s", h.view())
	}
	// Nothing new: one more request, nothing appended.
	h.tick()
	if h.m.State().Lines != 33 || h.mgr.last().Offset != 33 {
		t.Fatalf("an empty look changed the lines: %+v", h.m.State())
	}
}

// Scrolling up stops following: new lines do not move the view; G
// follows again.
func TestNotFollowingKeepsThePosition(t *testing.T) {
	h := newHarness(t, Options{}, evs(1, 60)...)
	h.press("k", "k", "k")
	st := h.m.State()
	if st.Following {
		t.Fatal("still following after moving up")
	}
	before := h.view()
	h.mustShow("scrolled")
	h.mgr.add(evs(61, 5)...)
	h.tick()
	if h.m.State().Lines != 65 || h.m.State().Selected != st.Selected {
		t.Fatalf("new lines moved the selection: %+v", h.m.State())
	}
	if after := h.view(); after != before {
		t.Fatalf("the view moved while not following:\n%s\n---\n%s", before, after)
	}
	h.press("G")
	if !h.m.State().Following {
		t.Fatal("G does not follow again")
	}
	h.mustShow("error 65")
}

// Typing filters the held lines at once without asking the manager; enter
// sends what the manager can filter and reads the timeline again with it.
func TestFilterTypedThenSentToTheManager(t *testing.T) {
	h := newHarness(t, Options{}, evs(1, 70)...)
	n := h.mgr.count()
	h.press("/")
	h.typeText("level:error")
	if !h.m.InputActive() {
		t.Fatal("typing the filter is not input")
	}
	st := h.m.State()
	// 5,10,...,70 minus those that are task_failed events (35, 70).
	if st.Matches != 12 || h.mgr.count() != n {
		t.Fatalf("while typing: %d matches, %d requests (want 12, %d)", st.Matches, h.mgr.count(), n)
	}
	h.mustShow("ERROR", "error 65")
	if strings.Contains(h.view(), "line 64") {
		t.Fatal("an info line is shown under level:error")
	}
	h.press("enter")
	q := h.mgr.last()
	if len(q.Levels) != 1 || q.Levels[0] != "error" || h.mgr.count() != n+1 {
		t.Fatalf("enter sent %+v", q)
	}
	if st := h.m.State(); st.Lines != 12 || st.Matches != 12 || st.Filter != "level:error" {
		t.Fatalf("after enter: %+v", st)
	}
	// A client-side refinement needs no new request.
	h.press("/")
	h.typeText(" dep:dep-1")
	h.press("enter")
	if h.mgr.count() != n+2 {
		// dep: is sent too: the timeline is read again with it.
		t.Fatalf("%d requests", h.mgr.count())
	}
	for _, l := range strings.Split(h.view(), "\n")[:3] {
		if l != "" && !strings.Contains(l, "dep-1") {
			t.Fatalf("a line of another deployment: %q", l)
		}
	}
	// A bad filter says why and keeps the last good one.
	h.press("/")
	h.typeText(" level:loud")
	if h.m.State().FilterErr == "" || !strings.Contains(h.m.Footer(200), "levels are") {
		t.Fatalf("no error shown: %q", h.m.Footer(200))
	}
	h.press("esc")
	if st := h.m.State(); st.Filter != "" || st.Typing || len(st.Server.Levels) != 0 {
		t.Fatalf("esc did not clear the filter: %+v", st)
	}
}

// enter on a line asks the shell to show its execution.
func TestEnterJumpsToTheExecution(t *testing.T) {
	h := newHarness(t, Options{}, evs(1, 10)...)
	h.press("k", "enter")
	var got []common.ShowExecutionMsg
	for _, m := range h.out {
		if j, ok := m.(common.ShowExecutionMsg); ok {
			got = append(got, j)
		}
	}
	if len(got) != 1 || got[0].ID != uitest.UUID(9%4+1) {
		t.Fatalf("jumps %+v, want one to the execution of line 9", got)
	}
}

// At most MaxLines are held; the header counts the dropped ones, and a
// selection that was dropped moves to the oldest line held.
func TestMemoryBoundCountsTheDropped(t *testing.T) {
	h := newHarness(t, Options{MaxLines: 100, PageSize: 50}, evs(1, 40)...)
	h.press("g") // the oldest: it will be dropped
	h.mgr.add(evs(41, 200)...)
	for range 10 {
		h.tick()
	}
	st := h.m.State()
	if st.Lines != 100 || st.Dropped != 140 {
		t.Fatalf("held %d, dropped %d; want 100 and 140", st.Lines, st.Dropped)
	}
	h.mustShow("140 older dropped", "line 141")
	if strings.Contains(h.view(), "line 140 ") {
		t.Fatal("a dropped line is shown")
	}
}

// Pausing stops the stream and keeps the position; resuming reads what came
// meanwhile from where it stopped.
func TestPauseStopsTheStream(t *testing.T) {
	h := newHarness(t, Options{}, evs(1, 20)...)
	h.press("k")
	sel := h.m.State().Selected
	h.press("p")
	n := h.mgr.count()
	h.mgr.add(evs(21, 5)...)
	h.tick()
	h.press("r")
	if h.mgr.count() != n || !h.m.State().Paused || h.m.State().Lines != 20 {
		t.Fatalf("paused, yet %d requests (was %d), %+v", h.mgr.count(), n, h.m.State())
	}
	h.mustShow("paused")
	h.press("p")
	if st := h.m.State(); st.Lines != 25 || st.Selected != sel || h.mgr.last().Offset != 20 {
		t.Fatalf("after resuming: %+v, offset %d", st, h.mgr.last().Offset)
	}
}

// Covered by another screen it fetches nothing; on top again it catches up.
func TestInactiveStopsFetching(t *testing.T) {
	h := newHarness(t, Options{}, evs(1, 5)...)
	s, _ := h.m.SetActive(false)
	h.m = s.(Model)
	n := h.mgr.count()
	h.tick()
	if h.mgr.count() != n {
		t.Fatal("a covered screen fetched")
	}
	h.mgr.add(evs(6, 2)...)
	s, cmd := h.m.SetActive(true)
	h.m = s.(Model)
	h.run(cmd)
	if h.m.State().Lines != 7 {
		t.Fatalf("on top again: %+v", h.m.State())
	}
}

// A multi-line message and its error causes fold to one line and unfold
// with tab.
func TestMultiLineMessagesFold(t *testing.T) {
	h := newHarness(t, Options{}, evs(1, 14)...)
	h.mustShow("task failed 14 ▸+4", "task_failed")
	if strings.Contains(h.view(), "second line") {
		t.Fatal("folded, yet the second line shows")
	}
	h.press("tab")
	h.mustShow("second line", "cause: RuntimeError: boom", "Traceback")
	h.press("tab")
	if strings.Contains(h.view(), "second line") {
		t.Fatal("tab does not fold again")
	}
}

// At 80x24 every row fits and the details line names every field.
func TestFitsAt80x24(t *testing.T) {
	h := newHarness(t, Options{}, evs(1, 40)...)
	h.m = h.m.SetSize(80, 24).(Model)
	v := h.view()
	lines := strings.Split(v, "\n")
	if len(lines) != 24 {
		t.Fatalf("%d lines, want 24", len(lines))
	}
	for i, l := range lines {
		if w := lipglossWidth(l); w > 80 {
			t.Fatalf("line %d is %d wide: %q", i, w, l)
		}
	}
	if d := lines[22] + lines[23]; !strings.Contains(d, "exec "+uitest.UUID(40%4+1)) || !strings.Contains(d, "op cloudify.interfaces.lifecycle.create") {
		t.Fatalf("details %q", d)
	}
}
