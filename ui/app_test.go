package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/execlist"
)

func sampleExecs() []client.Execution {
	return []client.Execution{
		exec(uuid(1), "install", "web-01", client.StatusStarted, 5*time.Minute),
		exec(uuid(2), "uninstall", "db-02", client.StatusFailed, 10*time.Minute),
		exec(uuid(3), "scale", "web-01", client.StatusTerminated, 30*time.Minute),
		exec(uuid(4), "heal", "cache-03", client.StatusQueued, 2*time.Minute),
		exec(uuid(5), "install", "api-04", client.StatusCancelled, 3*time.Hour),
	}
}

func started(t *testing.T, o Options, execs ...client.Execution) *harness {
	t.Helper()
	if execs == nil {
		execs = sampleExecs()
	}
	return newHarness(t, o, newFake(execs...), 80, 24).start()
}

func TestFirstPollFillsListAndHeader(t *testing.T) {
	h := started(t, Options{Demo: true})
	if got := h.app.list.Len(); got != 5 {
		t.Fatalf("list has %d rows, want 5", got)
	}
	h.mustContain("http://10.0.0.5:80", "tenant default_tenant", "live", "DEMO",
		"started 1", "queued 1", "failed 1", "cancelled 1", "completed 1", "5 executions", "install", "web-01")
	h.mustNotContain("READ-ONLY")
	if d := h.pending(isPoll); !slices.Equal(d, []time.Duration{DefaultRefresh}) {
		t.Fatalf("next poll timers %v, want one after %v", d, DefaultRefresh)
	}
}

func TestAllTenantsHeader(t *testing.T) {
	h := started(t, Options{AllTenants: true, ReadOnly: true})
	h.mustContain("all tenants", "READ-ONLY")
	o := h.fake.listOpts[0]
	if !o.AllTenants {
		t.Fatal("_all_tenants not asked for")
	}
}

func TestPollQueries(t *testing.T) {
	h := started(t, Options{Limit: 50, Status: []string{"completed", "started"}, Deployment: []string{"web-01"},
		Workflow: []string{"install"}, Blueprint: []string{"bp"}})
	if len(h.fake.listOpts) != 2 {
		t.Fatalf("%d list requests, want 2 (window + active)", len(h.fake.listOpts))
	}
	var window, active client.ListExecutionsOptions
	for _, o := range h.fake.listOpts {
		if o.GetAllResults {
			active = o
		} else {
			window = o
		}
	}
	if !slices.Equal(window.Include, client.ExecutionListFields) || !slices.Equal(window.Sort, []string{"-created_at"}) || window.Size != 50 {
		t.Fatalf("window query %+v", window)
	}
	if !slices.Equal(window.Filters["status"], []string{"terminated", "started"}) {
		t.Fatalf("status filter %v: completed must be sent as terminated", window.Filters["status"])
	}
	for k, want := range map[string]string{"deployment_id": "web-01", "workflow_id": "install", "blueprint_id": "bp"} {
		if !slices.Equal(window.Filters[k], []string{want}) || !slices.Equal(active.Filters[k], []string{want}) {
			t.Fatalf("filter %s: window %v active %v", k, window.Filters[k], active.Filters[k])
		}
	}
	if !slices.Equal(active.Filters["status"], []string{"started"}) {
		t.Fatalf("active query statuses %v, want only started (the user's filter allows no other active one)", active.Filters["status"])
	}
	if window.IncludeSystemWorkflows || active.IncludeSystemWorkflows {
		t.Fatal("system workflows asked for without the toggle")
	}
}

func TestActiveOutsideWindowAreMerged(t *testing.T) {
	var execs []client.Execution
	for i := 0; i < 10; i++ {
		execs = append(execs, exec(uuid(100+i), "install", "dep", client.StatusTerminated, time.Duration(i)*time.Minute))
	}
	old := exec(uuid(999), "heal", "old-dep", client.StatusStarted, 48*time.Hour)
	execs = append(execs, old)
	h := started(t, Options{Limit: 5}, execs...)
	if h.app.list.Len() != 6 {
		t.Fatalf("list has %d rows, want the 5 newest plus the old running one", h.app.list.Len())
	}
	if _, ok := h.app.list.Get(old.ID); !ok {
		t.Fatal("the running execution outside the window is hidden")
	}
}

func TestStalePollRepliesDropped(t *testing.T) {
	h := started(t, Options{})
	gen := h.app.poll.gen
	// A reply from an earlier generation (e.g. before `r` or `a`) is dropped.
	h.app.poll.inflight = true
	h.send(pollResultMsg{gen: gen - 1, items: []client.Execution{exec(uuid(50), "x", "y", client.StatusFailed, 0)}})
	if h.app.list.Len() != 5 {
		t.Fatal("a stale reply replaced the list")
	}
	// A tick of an older generation starts nothing.
	lists, _, _ := h.fake.counts()
	h.app.poll.inflight = false
	h.send(pollTickMsg{gen: gen - 1})
	if l, _, _ := h.fake.counts(); l != lists {
		t.Fatal("a stale tick started a poll")
	}
}

func TestRefreshKeyPollsNowAndSupersedesTheWait(t *testing.T) {
	h := started(t, Options{})
	before, _, _ := h.fake.counts()
	h.fake.set(append(sampleExecs(), exec(uuid(6), "new", "dep", client.StatusStarted, time.Second))...)
	h.press("r")
	after, _, _ := h.fake.counts()
	if after != before+2 || h.app.list.Len() != 6 {
		t.Fatalf("r: %d→%d requests, %d rows", before, after, h.app.list.Len())
	}
	// The wait that was pending before r belongs to an old generation.
	if n := len(h.pending(isPoll)); n != 2 {
		t.Fatalf("%d poll timers pending, want the old and the new", n)
	}
	h.fire(isPoll)
	if l, _, _ := h.fake.counts(); l != after+2 {
		t.Fatalf("firing both timers made %d requests, want one poll (2 requests)", l-after)
	}
}

func TestRefreshWhileInFlightShowsRefreshing(t *testing.T) {
	h := started(t, Options{})
	h.app.poll.inflight = true
	h.press("r")
	h.mustContain("refreshing")
}

func TestPauseStopsPolling(t *testing.T) {
	h := started(t, Options{})
	h.press("p")
	h.mustContain("paused")
	before, _, _ := h.fake.counts()
	h.fake.set(exec(uuid(77), "install", "x", client.StatusStarted, 0))
	for i := 0; i < 3; i++ {
		h.fire(isPoll)
	}
	h.press("r")
	if l, _, _ := h.fake.counts(); l != before {
		t.Fatalf("paused dashboard made %d requests", l-before)
	}
	if h.app.list.Len() != 5 {
		t.Fatal("the list moved while paused")
	}
	h.press("p")
	h.mustContain("live")
	if l, _, _ := h.fake.counts(); l == before || h.app.list.Len() != 1 {
		t.Fatal("resuming did not poll")
	}
}

func TestSystemToggleRefetches(t *testing.T) {
	sys := exec(uuid(60), "create_deployment_environment", "web-01", client.StatusTerminated, time.Minute)
	sys.IsSystemWorkflow = true
	h := started(t, Options{}, append(sampleExecs(), sys)...)
	if _, ok := h.app.list.Get(sys.ID); ok {
		t.Fatal("system workflow shown without the toggle")
	}
	h.press("a")
	if _, ok := h.app.list.Get(sys.ID); !ok {
		t.Fatal("a did not show system workflows")
	}
	last := h.fake.listOpts[len(h.fake.listOpts)-1]
	if !last.IncludeSystemWorkflows {
		t.Fatal("_include_system_workflows not sent")
	}
	h.mustContain("system workflows shown")
	h.press("a")
	if _, ok := h.app.list.Get(sys.ID); ok {
		t.Fatal("a again did not hide them")
	}
}

func TestBackoffThenRecovery(t *testing.T) {
	h := started(t, Options{})
	now := t0
	h.app.nowFn = func() time.Time { return now }
	h.fake.setFail(errors.New("manager 10.0.0.5 refused the connection"))
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i, w := range want {
		d := h.pending(isPoll)
		now = now.Add(d[0])
		h.fire(isPoll)
		if got := h.pending(isPoll); len(got) != 1 || got[0] != w {
			t.Fatalf("failure %d: next poll after %v, want %v", i+1, got, w)
		}
	}
	if h.app.list.Len() != 5 {
		t.Fatal("last good data dropped on error")
	}
	h.mustContain("stale 1m02s — retrying in 30s: manager 10.0.0.5 refused the connection")
	// The clock runs while stale: the countdown moves.
	now = now.Add(10 * time.Second)
	h.fire(func(m tea.Msg) bool { _, ok := m.(clockMsg); return ok })
	h.mustContain("stale 1m12s — retrying in 20s")
	h.fake.setFail(nil)
	now = now.Add(20 * time.Second)
	h.fire(isPoll)
	h.mustContain("live")
	h.mustNotContain("stale", "refused")
	if got := h.pending(isPoll); len(got) != 1 || got[0] != DefaultRefresh {
		t.Fatalf("after recovery next poll %v, want %v", got, DefaultRefresh)
	}
}

func TestNoDataYetHeader(t *testing.T) {
	f := newFake(sampleExecs()...)
	f.setFail(errors.New("the manager answered 502 Bad Gateway"))
	h := newHarness(t, Options{}, f, 80, 24).start()
	h.mustContain("no data yet — retrying in 2s: the manager answered 502 Bad Gateway")
}

func TestRefreshFloorAndLimitDefault(t *testing.T) {
	o := Options{Refresh: 100 * time.Millisecond}
	o.normalise()
	if o.Refresh != MinRefresh || o.Limit != DefaultLimit {
		t.Fatalf("refresh %v limit %d", o.Refresh, o.Limit)
	}
}

func TestSelectionKeptAcrossRefreshes(t *testing.T) {
	h := started(t, Options{})
	h.press("j", "j")
	sel := h.selectedID()
	if sel == "" {
		t.Fatal("nothing selected")
	}
	// Rows inserted above and a row removed below: same execution selected.
	execs := sampleExecs()
	var next []client.Execution
	for _, e := range execs {
		if e.ID != uuid(5) {
			next = append(next, e)
		}
	}
	next = append(next, exec(uuid(20), "install", "new", client.StatusStarted, time.Second),
		exec(uuid(21), "install", "new", client.StatusPending, 2*time.Second))
	h.fake.set(next...)
	h.fire(isPoll)
	if got := h.selectedID(); got != sel {
		t.Fatalf("selection moved from %s to %s", sel, got)
	}
	// The selected one disappears: the nearest row is selected and it is said.
	var gone []client.Execution
	for _, e := range next {
		if e.ID != sel {
			gone = append(gone, e)
		}
	}
	h.fake.set(gone...)
	h.fire(isPoll)
	if got := h.selectedID(); got == "" || got == sel {
		t.Fatalf("after removal selected %q", got)
	}
	h.mustContain("execution " + sel[:8] + " is no longer in the list")
}

func TestFilterTyping(t *testing.T) {
	h := started(t, Options{})
	h.press("/")
	if h.app.focus != focusFilter {
		t.Fatal("/ did not open the filter")
	}
	h.typeText("status:failed")
	if h.app.list.Len() != 1 {
		t.Fatalf("status:failed shows %d rows", h.app.list.Len())
	}
	// Malformed: said in the status area, last good result stays.
	h.typeText(" !")
	if h.app.filter.err == "" || h.app.list.Len() != 1 {
		t.Fatalf("malformed filter: err %q rows %d", h.app.filter.err, h.app.list.Len())
	}
	h.mustContain(`"!" must be followed`)
	// q is text inside the filter, not quit.
	h.press("q")
	if h.quit {
		t.Fatal("q quit while typing a filter")
	}
	h.press("backspace", "backspace", "backspace")
	h.press("enter")
	if h.app.focus != focusList || h.app.list.Len() != 1 {
		t.Fatalf("enter: focus %v rows %d", h.app.focus, h.app.list.Len())
	}
	h.mustContain("filter: status:failed")
	// The filter survives a refresh.
	h.fire(isPoll)
	if h.app.list.Len() != 1 {
		t.Fatal("refresh dropped the filter")
	}
	// esc in the list clears it.
	h.press("esc")
	if h.app.list.Len() != 5 || h.app.filter.text != "" {
		t.Fatal("esc did not clear the filter")
	}
	// esc inside the filter input clears it too.
	h.press("/")
	h.typeText("wf:heal")
	if h.app.list.Len() != 1 {
		t.Fatalf("wf:heal shows %d", h.app.list.Len())
	}
	h.press("esc")
	if h.app.list.Len() != 5 || h.app.focus != focusList {
		t.Fatal("esc in the input did not clear")
	}
}

func TestStartingFilter(t *testing.T) {
	h := started(t, Options{Filter: "status:failed"})
	if h.app.list.Len() != 1 {
		t.Fatalf("starting filter shows %d rows", h.app.list.Len())
	}
	h.mustContain("filter: status:failed")
}

func TestSortKeys(t *testing.T) {
	h := started(t, Options{})
	k0, d0 := h.app.list.Sort()
	h.press("s")
	k1, _ := h.app.list.Sort()
	if k1 == k0 {
		t.Fatal("s did not change the sort column")
	}
	_, d1 := h.app.list.Sort()
	h.press("S")
	if _, d2 := h.app.list.Sort(); d2 == d1 {
		t.Fatal("S did not reverse")
	}
	_ = d0
	if k1 != execlist.SortStatus {
		t.Logf("s moved the sort to %v", k1)
	}
}

func TestPaneOpenFocusClose(t *testing.T) {
	f := newFake(sampleExecs()...)
	f.events[uuid(4)] = []client.Event{{Type: client.EventTypeEvent, EventType: "workflow_started", Message: "Starting 'heal' workflow execution",
		Timestamp: client.Time{Time: t0}}}
	h := newHarness(t, Options{}, f, 120, 40).start()
	sel := h.selectedID()
	h.press("enter")
	if !h.app.paneOpen || h.app.focus != focusPane {
		t.Fatal("enter did not open and focus the pane")
	}
	if !slices.Contains(f.getIDs, sel) {
		t.Fatalf("GetExecution not called for %s (got %v)", sel, f.getIDs)
	}
	h.mustContain("execution "+sel[:8], "Starting 'heal'", "         workflow execution")
	h.press("tab")
	if h.app.focus != focusList {
		t.Fatal("tab did not give the list the keys")
	}
	// Moving the selection: the pane follows once the selection settles.
	h.press("j")
	next := h.selectedID()
	if h.app.pane.ID() != sel {
		t.Fatal("the pane fetched before the selection settled")
	}
	h.fire(isSettle)
	if h.app.pane.ID() != next || !slices.Contains(f.getIDs, next) {
		t.Fatalf("pane shows %s, want %s", h.app.pane.ID(), next)
	}
	// Only the selected ID is ever fetched.
	for _, id := range f.getIDs {
		if id != sel && id != next {
			t.Fatalf("fetched %s which was never selected", id)
		}
	}
	h.press("tab")
	if h.app.focus != focusPane {
		t.Fatal("tab did not focus the pane")
	}
	h.press("esc")
	if h.app.paneOpen || h.app.focus != focusList {
		t.Fatal("esc did not close the pane")
	}
	// tab with the pane closed opens it.
	h.press("tab")
	if !h.app.paneOpen {
		t.Fatal("tab did not open the pane")
	}
}

func TestPaneBelowWhenNarrow(t *testing.T) {
	h := started(t, Options{})
	h.press("enter")
	if h.app.lay.paneRight || h.app.lay.paneW != 80 {
		t.Fatalf("layout at 80 columns: %+v", h.app.lay)
	}
	h.send(tea.WindowSizeMsg{Width: 130, Height: 40})
	if !h.app.lay.paneRight {
		t.Fatalf("layout at 130 columns: %+v", h.app.lay)
	}
}

func TestOpenOnExecution(t *testing.T) {
	h := started(t, Options{Execution: uuid(3)})
	if h.selectedID() != uuid(3) || !h.app.paneOpen || h.app.pane.ID() != uuid(3) {
		t.Fatalf("selected %s pane %v %s", h.selectedID(), h.app.paneOpen, h.app.pane.ID())
	}
}

func TestHelpKey(t *testing.T) {
	h := started(t, Options{})
	h.press("?")
	h.mustContain("Move", "View", "Act", "General", "force-cancel", "half page down")
	h.press("j") // ignored while help is shown
	h.press("?")
	if h.app.showHelp {
		t.Fatal("? did not close help")
	}
	h.press("?", "esc")
	if h.app.showHelp {
		t.Fatal("esc did not close help")
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		h := started(t, Options{})
		h.press(k)
		if !h.quit {
			t.Fatalf("%s did not quit", k)
		}
	}
	h := started(t, Options{})
	h.press("/", "ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c in the filter did not quit")
	}
}

func TestActionKeysOpenDialogs(t *testing.T) {
	for _, k := range []string{"N", "C", "F", "K", "R", "U"} {
		h := started(t, Options{})
		// The started execution: the one most actions apply to.
		h.app.list.Select(uuid(1))
		h.press(k)
		if !h.app.actions.Active() && h.app.status.text == "" {
			t.Fatalf("%s neither opened a dialog nor said why not", k)
		}
		if h.app.actions.Active() {
			h.mustContain("╭") // drawn over the dimmed list
			h.press("esc")
			if h.app.actions.Active() {
				t.Fatalf("esc did not close the %s dialog", k)
			}
		}
	}
}

func TestReadOnlyActionKeys(t *testing.T) {
	h := started(t, Options{ReadOnly: true})
	for _, k := range []string{"N", "C", "F", "K", "R", "U"} {
		h.app.status.text = ""
		h.press(k)
		if h.app.actions.Active() {
			t.Fatalf("%s opened a dialog in read-only mode", k)
		}
		if !strings.Contains(h.app.status.text, "read-only") {
			t.Fatalf("%s: status %q", k, h.app.status.text)
		}
	}
	h.press("?")
	h.mustContain("(read-only)")
}

func TestCopyKeys(t *testing.T) {
	for _, k := range []string{"y", "Y"} {
		h := started(t, Options{ReadOnly: true}) // copying is not an action
		h.press(k)
		if h.app.status.text == "" || h.app.status.isError {
			t.Fatalf("%s: status %q", k, h.app.status.text)
		}
	}
}

func TestActionMessagesRouted(t *testing.T) {
	h := started(t, Options{})
	e := exec(uuid(1), "install", "web-01", client.StatusCancelling, 5*time.Minute)
	h.send(execUpdated(e))
	if got, _ := h.app.list.Get(uuid(1)); got.Status != client.StatusCancelling {
		t.Fatalf("row status %s after an update", got.Status)
	}
	h.send(statusMsg("cancel sent", false))
	h.mustContain("cancel sent")
	h.fire(func(m tea.Msg) bool { _, ok := m.(toastExpiredMsg); return ok })
	h.mustNotContain("cancel sent")

	// An error stays until the next message.
	h.send(statusMsg("cancel 00000001: OUTCOME UNKNOWN", true))
	if n := len(h.pending(func(m tea.Msg) bool { _, ok := m.(toastExpiredMsg); return ok })); n != 0 {
		t.Fatalf("an error message is set to expire (%d timers)", n)
	}
	h.mustContain("OUTCOME UNKNOWN")
	h.send(statusMsg("kill sent", false))
	h.mustNotContain("OUTCOME UNKNOWN")
}

func TestControlCharactersStripped(t *testing.T) {
	bad := exec(uuid(1), "inst\x1b[2Jall", "web\x1b]2;pwned\x07-01", client.StatusFailed, time.Minute)
	bad.Error = client.Some("boom\x1b]2;pwned\x07\n\x1b[31mred\x1b[0m\x00 tail")
	bad.Parameters = []byte(`{"key":"v\u001b[2Jx"}`)
	odd := exec(uuid(2), "heal", "db", client.Status("weird\x1b[2J\x07"), 2*time.Minute)
	f := newFake(bad, odd)
	f.events[bad.ID] = []client.Event{{Type: client.EventTypeLog, Level: "error", Message: "log \x1b]52;c;aGk=\x07 \x1b[2J line",
		Timestamp: client.Time{Time: t0}}}
	h := newHarness(t, Options{ManagerLabel: "http://evil\x1b[2J:80", Tenant: "t\x07"}, f, 120, 40).start()
	h.press("enter")
	h.fire(isSettle)
	s := h.screen()
	for _, seq := range []string{"\x1b]", "\x07", "\x1b[2J", "\x00", "\x1b[31m"} {
		if strings.Contains(s, seq) {
			t.Fatalf("screen carries %q:\n%s", seq, s)
		}
	}
	h.mustContain("boom", "red", "tail", "log", "line", "http://evil", "weird")
}

func TestTooSmallScreen(t *testing.T) {
	h := started(t, Options{})
	h.send(tea.WindowSizeMsg{Width: 50, Height: 10})
	h.mustContain("terminal too small:", "need at least 60x15, have 50x10")
	h.press("j") // nothing happens
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.mustContain("ID", "install")
	h.send(tea.WindowSizeMsg{Width: 50, Height: 10})
	h.press("q")
	if !h.quit {
		t.Fatal("q did not quit from the too-small screen")
	}
}

func TestViewModes(t *testing.T) {
	h := started(t, Options{})
	v := h.app.View()
	if !v.AltScreen || v.MouseMode != tea.MouseModeNone {
		t.Fatalf("alt %v mouse %v", v.AltScreen, v.MouseMode)
	}
	h = started(t, Options{Mouse: true})
	if h.app.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("--mouse did not enable cell motion")
	}
}

func TestScreenFitsTheTerminal(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 15}, {200, 60}} {
		h := newHarness(t, Options{Demo: true, ReadOnly: true}, newFake(sampleExecs()...), size[0], size[1]).start()
		for _, keys := range [][]string{nil, {"enter"}, {"?"}} {
			h.press(keys...)
			lines := strings.Split(h.screen(), "\n")
			if len(lines) != size[1] {
				t.Fatalf("%v %v: %d lines", size, keys, len(lines))
			}
			for i, l := range lines {
				if w := len([]rune(stripANSI(l))); w > size[0] {
					t.Fatalf("%v %v: line %d is %d wide: %q", size, keys, i, w, stripANSI(l))
				}
			}
		}
	}
}

func TestClockOnlyWhenNeeded(t *testing.T) {
	ended := []client.Execution{exec(uuid(2), "uninstall", "db", client.StatusFailed, time.Minute)}
	h := started(t, Options{}, ended...)
	if h.app.clockOn {
		t.Fatal("clock ticking with nothing running")
	}
	h = started(t, Options{})
	if !h.app.clockOn {
		t.Fatal("no clock with a running execution in scope")
	}
	h.press("p")
	h.fire(func(m tea.Msg) bool { _, ok := m.(clockMsg); return ok })
	if h.app.clockOn {
		t.Fatal("clock still ticking while paused")
	}
}

func TestOpenOnExecutionOutsideTheList(t *testing.T) {
	old := exec(uuid(9), "install", "legacy", client.StatusFailed, 30*24*time.Hour)
	h := started(t, Options{Limit: 2, Execution: old.ID}, append(sampleExecs(), old)...)
	if _, inList := h.app.list.Get(old.ID); inList {
		t.Fatal("test setup: the old execution is in the window")
	}
	if h.app.pane.ID() != old.ID || !h.app.pane.Full() {
		t.Fatalf("pane shows %q (full %v)", h.app.pane.ID(), h.app.pane.Full())
	}
	h.mustContain("legacy")
	// Keys act on what the pane shows.
	h.press("y")
	if !strings.Contains(h.app.status.text, old.ID) {
		t.Fatalf("y copied something else: %q", h.app.status.text)
	}
}
