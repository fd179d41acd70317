package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/settings"
	"github.com/cfytop/cfytop/ui/execlist"
	"github.com/cfytop/cfytop/ui/uitest"
)

func started(t *testing.T, o Options, execs ...client.Execution) *harness {
	t.Helper()
	if execs == nil {
		execs = uitest.Sample()
	}
	return newHarness(t, o, uitest.NewManager(execs...), 80, 24).start()
}

func TestFirstPollFillsListAndHeader(t *testing.T) {
	h := started(t, Options{Demo: true})
	if got := h.st().List.Len(); got != 5 {
		t.Fatalf("list has %d rows, want 5", got)
	}
	h.mustContain("http://10.0.0.5:80", "tenant default_tenant", "live", "DEMO",
		"✗1", "⚠0", "▶1", "◷1", "5 executions", "install", "web-01") // the compact counts at 80 columns
	h.mustNotContain("READ-ONLY")
	if d := h.pending(isPoll); !slices.Equal(d, []time.Duration{settings.DefaultRefresh}) {
		t.Fatalf("next poll timers %v, want one after %v", d, settings.DefaultRefresh)
	}
}

func TestAllTenantsHeader(t *testing.T) {
	h := started(t, Options{AllTenants: true, ReadOnly: true})
	h.mustContain("all tenants", "READ-ONLY")
	o := h.fake.ListOpts[0]
	if !o.AllTenants {
		t.Fatal("_all_tenants not asked for")
	}
}

func TestPollQueries(t *testing.T) {
	h := started(t, Options{Limit: 50, Status: []string{"completed", "started"}, Deployment: []string{"web-01"},
		Workflow: []string{"install"}, Blueprint: []string{"bp"}})
	if len(h.fake.ListOpts) != 2 {
		t.Fatalf("%d list requests, want 2 (window + active)", len(h.fake.ListOpts))
	}
	var window, active client.ListExecutionsOptions
	for _, o := range h.fake.ListOpts {
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
		execs = append(execs, uitest.Exec(uitest.UUID(100+i), "install", "dep", client.StatusTerminated, time.Duration(i)*time.Minute))
	}
	old := uitest.Exec(uitest.UUID(999), "heal", "old-dep", client.StatusStarted, 48*time.Hour)
	execs = append(execs, old)
	h := started(t, Options{Limit: 5}, execs...)
	if h.st().List.Len() != 6 {
		t.Fatalf("list has %d rows, want the 5 newest plus the old running one", h.st().List.Len())
	}
	if _, ok := h.st().List.Get(old.ID); !ok {
		t.Fatal("the running execution outside the window is hidden")
	}
}

func TestRefreshKeyPollsNowAndSupersedesTheWait(t *testing.T) {
	h := started(t, Options{})
	before, _, _ := h.fake.Counts()
	h.fake.Set(append(uitest.Sample(), uitest.Exec(uitest.UUID(6), "new", "dep", client.StatusStarted, time.Second))...)
	h.press("r")
	after, _, _ := h.fake.Counts()
	if after != before+2 || h.st().List.Len() != 6 {
		t.Fatalf("r: %d→%d requests, %d rows", before, after, h.st().List.Len())
	}
	// The wait that was pending before r belongs to an old generation.
	if n := len(h.pending(isPoll)); n != 2 {
		t.Fatalf("%d poll timers pending, want the old and the new", n)
	}
	h.fire(isPoll)
	if l, _, _ := h.fake.Counts(); l != after+2 {
		t.Fatalf("firing both timers made %d requests, want one poll (2 requests)", l-after)
	}
}

func TestPauseStopsPolling(t *testing.T) {
	h := started(t, Options{})
	h.press("p")
	h.mustContain("paused")
	before, _, _ := h.fake.Counts()
	h.fake.Set(uitest.Exec(uitest.UUID(77), "install", "x", client.StatusStarted, 0))
	for i := 0; i < 3; i++ {
		h.fire(isPoll)
	}
	h.press("r")
	if l, _, _ := h.fake.Counts(); l != before {
		t.Fatalf("paused dashboard made %d requests", l-before)
	}
	if h.st().List.Len() != 5 {
		t.Fatal("the list moved while paused")
	}
	h.press("p")
	h.mustContain("live")
	if l, _, _ := h.fake.Counts(); l == before || h.st().List.Len() != 1 {
		t.Fatal("resuming did not poll")
	}
}

func TestSystemToggleRefetches(t *testing.T) {
	sys := uitest.Exec(uitest.UUID(60), "create_deployment_environment", "web-01", client.StatusTerminated, time.Minute)
	sys.IsSystemWorkflow = true
	h := started(t, Options{}, append(uitest.Sample(), sys)...)
	if _, ok := h.st().List.Get(sys.ID); ok {
		t.Fatal("system workflow shown without the toggle")
	}
	h.press("a")
	if _, ok := h.st().List.Get(sys.ID); !ok {
		t.Fatal("a did not show system workflows")
	}
	last := h.fake.ListOpts[len(h.fake.ListOpts)-1]
	if !last.IncludeSystemWorkflows {
		t.Fatal("_include_system_workflows not sent")
	}
	h.mustContain("system workflows shown")
	h.press("a")
	if _, ok := h.st().List.Get(sys.ID); ok {
		t.Fatal("a again did not hide them")
	}
}

func TestBackoffThenRecovery(t *testing.T) {
	h := started(t, Options{})
	now := uitest.T0
	h.useClock(&now)
	h.fake.SetFail(errors.New("manager 10.0.0.5 refused the connection"))
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i, w := range want {
		d := h.pending(isPoll)
		now = now.Add(d[0])
		h.fire(isPoll)
		if got := h.pending(isPoll); len(got) != 1 || got[0] != w {
			t.Fatalf("failure %d: next poll after %v, want %v", i+1, got, w)
		}
	}
	if h.st().List.Len() != 5 {
		t.Fatal("last good data dropped on error")
	}
	h.mustContain("stale 1m02s — retrying in 30s: manager 10.0.0.5 refused the connection")
	// The clock runs while stale: the countdown moves.
	now = now.Add(10 * time.Second)
	h.fire(func(m tea.Msg) bool { return isClock(m) })
	h.mustContain("stale 1m12s — retrying in 20s")
	h.fake.SetFail(nil)
	now = now.Add(20 * time.Second)
	h.fire(isPoll)
	h.mustContain("live")
	h.mustNotContain("stale", "refused")
	if got := h.pending(isPoll); len(got) != 1 || got[0] != settings.DefaultRefresh {
		t.Fatalf("after recovery next poll %v, want %v", got, settings.DefaultRefresh)
	}
}

func TestNoDataYetHeader(t *testing.T) {
	f := uitest.NewManager(uitest.Sample()...)
	f.SetFail(errors.New("the manager answered 502 Bad Gateway"))
	h := newHarness(t, Options{}, f, 80, 24).start()
	h.mustContain("no data yet — retrying in 2s: the manager answered 502 Bad Gateway")
}

func TestRefreshFloorAndLimitDefault(t *testing.T) {
	o := Options{Refresh: 100 * time.Millisecond}
	o.normalise()
	if o.Refresh != settings.MinRefresh || o.Limit != settings.DefaultLimit {
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
	execs := uitest.Sample()
	var next []client.Execution
	for _, e := range execs {
		if e.ID != uitest.UUID(5) {
			next = append(next, e)
		}
	}
	next = append(next, uitest.Exec(uitest.UUID(20), "install", "new", client.StatusStarted, time.Second),
		uitest.Exec(uitest.UUID(21), "install", "new", client.StatusPending, 2*time.Second))
	h.fake.Set(next...)
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
	h.fake.Set(gone...)
	h.press("r") // a deletion is seen by a full re-read, not by the incremental polls
	if got := h.selectedID(); got == "" || got == sel {
		t.Fatalf("after removal selected %q", got)
	}
	h.mustContain("execution " + sel[:8] + " is no longer in the list")
}

func TestFilterTyping(t *testing.T) {
	h := started(t, Options{})
	h.press("/")
	if h.st().Focus != "filter" {
		t.Fatal("/ did not open the filter")
	}
	h.typeText("status:failed")
	if h.st().List.Len() != 1 {
		t.Fatalf("status:failed shows %d rows", h.st().List.Len())
	}
	// Malformed: said in the status area, last good result stays.
	h.typeText(" !")
	if h.st().FilterErr == "" || h.st().List.Len() != 1 {
		t.Fatalf("malformed filter: err %q rows %d", h.st().FilterErr, h.st().List.Len())
	}
	h.mustContain(`"!" must be followed`)
	// q is text inside the filter, not quit.
	h.press("q")
	if h.quit {
		t.Fatal("q quit while typing a filter")
	}
	h.press("backspace", "backspace", "backspace")
	h.press("enter")
	if h.st().Focus != "list" || h.st().List.Len() != 1 {
		t.Fatalf("enter: focus %v rows %d", h.st().Focus, h.st().List.Len())
	}
	h.mustContain("filter: status:failed")
	// The filter survives a refresh.
	h.fire(isPoll)
	if h.st().List.Len() != 1 {
		t.Fatal("refresh dropped the filter")
	}
	// esc in the list clears it.
	h.press("esc")
	if h.st().List.Len() != 5 || h.st().FilterText != "" {
		t.Fatal("esc did not clear the filter")
	}
	// esc inside the filter input clears it too.
	h.press("/")
	h.typeText("wf:heal")
	if h.st().List.Len() != 1 {
		t.Fatalf("wf:heal shows %d", h.st().List.Len())
	}
	h.press("esc")
	if h.st().List.Len() != 5 || h.st().Focus != "list" {
		t.Fatal("esc in the input did not clear")
	}
}

func TestStartingFilter(t *testing.T) {
	h := started(t, Options{Filter: "status:failed"})
	if h.st().List.Len() != 1 {
		t.Fatalf("starting filter shows %d rows", h.st().List.Len())
	}
	h.mustContain("filter: status:failed")
}

func TestSortKeys(t *testing.T) {
	h := started(t, Options{})
	k0, d0 := h.st().List.Sort()
	h.press("s")
	k1, _ := h.st().List.Sort()
	if k1 == k0 {
		t.Fatal("s did not change the sort column")
	}
	_, d1 := h.st().List.Sort()
	h.press("S")
	if _, d2 := h.st().List.Sort(); d2 == d1 {
		t.Fatal("S did not reverse")
	}
	_ = d0
	if k1 != execlist.SortStatus {
		t.Logf("s moved the sort to %v", k1)
	}
}

func TestPaneOpenFocusClose(t *testing.T) {
	f := uitest.NewManager(uitest.Sample()...)
	f.Events[uitest.UUID(4)] = []client.Event{{Type: client.EventTypeEvent, EventType: "workflow_started", Message: "Starting 'heal' workflow execution",
		Timestamp: client.Time{Time: uitest.T0}}}
	h := newHarness(t, Options{}, f, 120, 40).start()
	sel := h.selectedID()
	h.press("enter")
	if !h.st().PaneOpen || h.st().Focus != "pane" {
		t.Fatal("enter did not open and focus the pane")
	}
	if !slices.Contains(f.GetIDs, sel) {
		t.Fatalf("GetExecution not called for %s (got %v)", sel, f.GetIDs)
	}
	h.mustContain("execution "+sel[:8], "Starting 'heal'", "         workflow execution")
	h.press("tab")
	if h.st().Focus != "list" {
		t.Fatal("tab did not give the list the keys")
	}
	// Moving the selection: the pane follows once the selection settles.
	h.press("j")
	next := h.selectedID()
	if h.st().Pane.ID() != sel {
		t.Fatal("the pane fetched before the selection settled")
	}
	h.fire(isSettle)
	if h.st().Pane.ID() != next || !slices.Contains(f.GetIDs, next) {
		t.Fatalf("pane shows %s, want %s", h.st().Pane.ID(), next)
	}
	// Only the selected ID is ever fetched.
	for _, id := range f.GetIDs {
		if id != sel && id != next {
			t.Fatalf("fetched %s which was never selected", id)
		}
	}
	h.press("tab")
	if h.st().Focus != "pane" {
		t.Fatal("tab did not focus the pane")
	}
	h.press("esc")
	if h.st().PaneOpen || h.st().Focus != "list" {
		t.Fatal("esc did not close the pane")
	}
	// tab with the pane closed opens it.
	h.press("tab")
	if !h.st().PaneOpen {
		t.Fatal("tab did not open the pane")
	}
}

func TestPaneBelowWhenNarrow(t *testing.T) {
	h := started(t, Options{})
	h.press("enter")
	if h.st().PaneRight || h.st().PaneWidth != 80 {
		t.Fatalf("layout at 80 columns: %+v", h.st())
	}
	h.send(tea.WindowSizeMsg{Width: 130, Height: 40})
	if !h.st().PaneRight {
		t.Fatalf("layout at 130 columns: %+v", h.st())
	}
}

func TestOpenOnExecution(t *testing.T) {
	h := started(t, Options{Execution: uitest.UUID(3)})
	if h.selectedID() != uitest.UUID(3) || !h.st().PaneOpen || h.st().Pane.ID() != uitest.UUID(3) {
		t.Fatalf("selected %s pane %v %s", h.selectedID(), h.st().PaneOpen, h.st().Pane.ID())
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
		h.selectRow(uitest.UUID(1))
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
	e := uitest.Exec(uitest.UUID(1), "install", "web-01", client.StatusCancelling, 5*time.Minute)
	h.send(execUpdated(e))
	if got, _ := h.st().List.Get(uitest.UUID(1)); got.Status != client.StatusCancelling {
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
	bad := uitest.Exec(uitest.UUID(1), "inst\x1b[2Jall", "web\x1b]2;pwned\x07-01", client.StatusFailed, time.Minute)
	bad.Error = client.Some("boom\x1b]2;pwned\x07\n\x1b[31mred\x1b[0m\x00 tail")
	bad.Parameters = []byte(`{"key":"v\u001b[2Jx"}`)
	odd := uitest.Exec(uitest.UUID(2), "heal", "db", client.Status("weird\x1b[2J\x07"), 2*time.Minute)
	f := uitest.NewManager(bad, odd)
	f.Events[bad.ID] = []client.Event{{Type: client.EventTypeLog, Level: "error", Message: "log \x1b]52;c;aGk=\x07 \x1b[2J line",
		Timestamp: client.Time{Time: uitest.T0}}}
	h := newHarness(t, Options{ManagerLabel: "http://evil\x1b[2J:80", Tenant: "t\x07"}, f, 120, 40).start()
	h.press("enter")
	h.fire(isSettle)
	h.press("t") // the error text, folded under the cause
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
		h := newHarness(t, Options{Demo: true, ReadOnly: true}, uitest.NewManager(uitest.Sample()...), size[0], size[1]).start()
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
	ended := []client.Execution{uitest.Exec(uitest.UUID(2), "uninstall", "db", client.StatusFailed, time.Minute)}
	h := started(t, Options{}, ended...)
	if h.st().ClockOn {
		t.Fatal("clock ticking with nothing running")
	}
	h = started(t, Options{})
	if !h.st().ClockOn {
		t.Fatal("no clock with a running execution in scope")
	}
	h.press("p")
	h.fire(func(m tea.Msg) bool { return isClock(m) })
	if h.st().ClockOn {
		t.Fatal("clock still ticking while paused")
	}
}

func TestOpenOnExecutionOutsideTheList(t *testing.T) {
	old := uitest.Exec(uitest.UUID(9), "install", "legacy", client.StatusFailed, 30*24*time.Hour)
	h := started(t, Options{Limit: 2, Execution: old.ID}, append(uitest.Sample(), old)...)
	if _, inList := h.st().List.Get(old.ID); inList {
		t.Fatal("test setup: the old execution is in the window")
	}
	if h.st().Pane.ID() != old.ID || !h.st().Pane.Full() {
		t.Fatalf("pane shows %q (full %v)", h.st().Pane.ID(), h.st().Pane.Full())
	}
	h.mustContain("legacy")
	// Keys act on what the pane shows.
	h.press("y")
	if !strings.Contains(h.app.status.text, old.ID) {
		t.Fatalf("y copied something else: %q", h.app.status.text)
	}
}
