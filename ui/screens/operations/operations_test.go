package operations

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
)

func TestOperationsShowStateRetriesAndWhere(t *testing.T) {
	h := newSample(t, 120, 40)
	h.mustContain("web_vm_x7k2p1", "cloudify.interfaces.lifecycle.configure", "▶ started", "retry 14/60", "vm_h7d2kp",
		"⧗ 14m00s", "✗ failed", "22/26 operations finished (84%)")
	if got := h.m.Title(); got != "operations" {
		t.Fatalf("title %q", got)
	}
	// the header says the state and the counts
	head := h.screen()[:strings.Index(h.screen(), "\n")]
	for _, want := range []string{"live", "▶ started", "1 running", "✗ 1 failed", "⧗ web_vm_x7k2p1 lifecycle.configure"} {
		if !strings.Contains(head, want) {
			t.Fatalf("header %q lacks %q", head, want)
		}
	}
}

// The header counts the operations as the progress line does (every
// attempt, as total_operations counts them), though retries share the
// row of their first attempt.
func TestHeaderCountsTheOperationsTheProgressLineCounts(t *testing.T) {
	h := newSample(t, 120, 40)
	lines := strings.SplitN(h.screen(), "\n", 3)
	if !strings.Contains(lines[1], "22/26 operations finished") {
		t.Fatalf("progress line %q", lines[1])
	}
	if !strings.Contains(lines[0], " · 26 operations") {
		t.Fatalf("header %q does not count the 26 operations the progress line counts", lines[0])
	}
}

func TestFailedOperationCarriesItsError(t *testing.T) {
	h := newSample(t, 120, 40)
	// the manager's text is cleaned of escape sequences
	h.mustContain("✗ failed        cloudify.interfaces.lifecycle.create", "↳ RuntimeError: cannot reach 10.0.0.7:22")
	if strings.Contains(h.m.View(), "\x1b[31m") && strings.Contains(h.screen(), "22[31m") {
		t.Fatal("an escape sequence from the manager reached the screen")
	}
	// the stuck retry shows why its last attempt failed
	h.mustContain("↳ nginx: port 80 in use [retry 13/60]")
	// a failure read once stays: the next refresh asks only for newer events
	h.refresh(2 * time.Second)
	q := h.f.evQuery[len(h.f.evQuery)-1]
	if q.Offset != 2 || len(q.EventTypes) != 2 {
		t.Fatalf("failure events asked again from %d (%v)", q.Offset, q.EventTypes)
	}
	h.mustContain("↳ RuntimeError: cannot reach 10.0.0.7:22")
}

func TestFoldingByNodeInstance(t *testing.T) {
	h := newSample(t, 120, 40)
	// done node instances start folded, the ones at work or failed open
	h.mustContain("▸ ✓ db_vm_a1b2c3", "▾ ▶ web_vm_x7k2p1", "▾ ✗ lb_q8m2zt")
	h.mustNotContain("✓ succeeded     cloudify.interfaces.lifecycle.start") // db's start is folded away
	h.selectRow("web_vm_x7k2p1")
	h.press("enter")
	h.mustContain("▸ ▶ web_vm_x7k2p1")
	h.mustNotContain("retry 14/60")
	if !strings.Contains(h.cursorLine(), "web_vm_x7k2p1") {
		t.Fatalf("the cursor left the folded node instance: %q", h.cursorLine())
	}
	// a refresh keeps the fold and the cursor
	h.refresh(2 * time.Second)
	h.mustContain("▸ ▶ web_vm_x7k2p1")
	if !strings.Contains(h.cursorLine(), "web_vm_x7k2p1") {
		t.Fatalf("cursor moved on refresh: %q", h.cursorLine())
	}
	h.selectRow("db_vm_a1b2c3")
	h.press("enter")
	h.mustContain("▾ ✓ db_vm_a1b2c3", "✓ succeeded     cloudify.interfaces.lifecycle.start")
}

func TestInternalOperationsHiddenUnlessAsked(t *testing.T) {
	h := newSample(t, 120, 40)
	h.selectRow("db_vm_a1b2c3")
	h.press("enter")
	h.mustNotContain("set state creating")
	h.mustContain("internal hidden")
	h.press("a")
	h.mustContain("set state creating", "event: Creating node instance")
	h.press("a")
	h.mustNotContain("set state creating")
}

func TestFollowModeKeepsTheRunningOperationInView(t *testing.T) {
	f := &fake{exec: sampleExec()}
	var ops []client.Operation
	n := 0
	for i := 0; i < 40; i++ {
		ni := "vm_" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		for _, iface := range []string{create, configure, start} {
			n++
			ops = append(ops, remote(opID(n), ni, iface, client.OpSucceeded))
		}
	}
	ops[len(ops)-2].State = client.OpStarted // far down, out of a 24-line view
	f.set(ops...)
	h := newHarness(t, f, 80, 22)
	if !h.m.follow {
		t.Fatal("follow mode is off for a running execution")
	}
	if l := h.cursorLine(); !strings.Contains(l, "▶ started") {
		t.Fatalf("the cursor is not on the running operation: %q\n%s", l, h.screen())
	}
	// the execution moves on: the next operation runs, the cursor follows
	ops[len(ops)-2].State = client.OpSucceeded
	ops[2].State = client.OpSending
	f.set(ops...)
	h.refresh(2 * time.Second)
	if l := h.cursorLine(); !strings.Contains(l, "↗ sending") || !strings.Contains(h.screen(), "vm_aa") {
		t.Fatalf("follow did not move to the new running operation: %q\n%s", l, h.screen())
	}
	// moving by hand ends it; p turns it on again
	h.press("j")
	if h.m.follow {
		t.Fatal("follow mode survived a move")
	}
	before := h.cursorLine()
	ops[2].State = client.OpSucceeded
	ops[len(ops)-1].State = client.OpStarted
	f.set(ops...)
	h.refresh(2 * time.Second)
	if h.cursorLine() != before {
		t.Fatalf("the cursor moved with follow off: %q → %q", before, h.cursorLine())
	}
	// the cursor's node instance ends: it stays open under the cursor
	h.selectRow("▶ started")
	ops[len(ops)-1].State = client.OpSucceeded
	f.set(ops...)
	h.refresh(2 * time.Second)
	if l := h.cursorLine(); !strings.Contains(l, "✓ succeeded") {
		t.Fatalf("the operation under the cursor folded away when it ended: %q\n%s", l, h.screen())
	}
	ops[len(ops)-1].State = client.OpStarted
	f.set(ops...)
	h.refresh(2 * time.Second)
	h.press("p")
	if l := h.cursorLine(); !h.m.follow || !strings.Contains(l, "▶ started") {
		t.Fatalf("p did not follow again: %q", l)
	}
}

func TestEnterShowsTheOperationsOwnEventsAndLogs(t *testing.T) {
	h := newSample(t, 120, 40)
	h.selectRow("retry 14/60")
	h.press("enter")
	if !h.m.paneOpen {
		t.Fatal("enter did not open the events")
	}
	h.mustContain("events and logs of web_vm_x7k2p1 · cloudify.inter", "configuring", "port 80 in use")
	h.mustNotContain("creating the db")
	q := h.f.evQuery[len(h.f.evQuery)-1]
	if q.NodeInstanceID != "web_vm_x7k2p1" || q.Operation != configure || !q.IncludeLogs {
		t.Fatalf("events asked with %+v", q)
	}
	s, _, ok := h.m.Back()
	if !ok || s.(Model).paneOpen {
		t.Fatal("back did not close the events")
	}
	h.m = s.(Model)
	if _, _, ok := h.m.Back(); ok {
		t.Fatal("back with nothing open did not leave the screen to the shell")
	}
}

func TestRefreshesOnlyWhileOnTop(t *testing.T) {
	h := newSample(t, 120, 40)
	_, lists := h.f.calls()
	s, cmd := h.m.SetActive(false)
	h.m = s.(Model)
	h.run(cmd)
	h.refresh(2 * time.Second) // the tick already on its way is dropped
	h.fire(func(tea.Msg) bool { return true })
	if _, l := h.f.calls(); l != lists {
		t.Fatalf("%d operation lists while covered", l-lists)
	}
	if h.m.needClock() {
		t.Fatal("the clock ticks while covered")
	}
	s, cmd = h.m.SetActive(true)
	h.m = s.(Model)
	h.run(cmd)
	if _, l := h.f.calls(); l != lists+1 {
		t.Fatalf("on top again: %d lists, want one", l-lists)
	}
}

func TestBackoffKeepsTheDataAndSaysWhy(t *testing.T) {
	h := newSample(t, 120, 40)
	h.f.fail = errRefused
	var waits []time.Duration
	for range 6 {
		h.refresh(time.Second)
		for _, tm := range h.timers {
			if isPoll(tm.msg) {
				waits = append(waits, tm.d)
			}
		}
	}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits %v, want %v", waits, want)
		}
	}
	h.mustContain("stale 6s — retrying in", "refused the connection", "retry 14/60")
	h.f.fail = nil
	h.refresh(30 * time.Second)
	h.mustContain("live")
	h.mustNotContain("stale")
}

func TestAnEndedExecutionIsReadOnceThenOnlyWatched(t *testing.T) {
	f := &fake{exec: sampleExec(), events: sampleEvents()}
	f.exec.Status = client.StatusFailed
	f.set(sampleOps()...)
	h := newHarness(t, f, 120, 40)
	if h.m.follow {
		t.Fatal("follow mode on for an ended execution")
	}
	_, lists := f.calls()
	h.refresh(2 * time.Second)
	h.refresh(2 * time.Second)
	if _, l := f.calls(); l != lists {
		t.Fatalf("an ended execution's operations were read %d more times", l-lists)
	}
	// resumed: read again
	f.exec.Status = client.StatusStarted
	h.refresh(2 * time.Second)
	if _, l := f.calls(); l != lists+1 {
		t.Fatalf("a resumed execution's operations were not read again (%d)", l-lists)
	}
}

func TestOpenPushesTheScreenForTheExecution(t *testing.T) {
	f := &fake{exec: sampleExec()}
	msg := Open(f, f.exec, time.Second, time.Second)()
	push, ok := msg.(common.PushMsg)
	if !ok {
		t.Fatalf("%T", msg)
	}
	if s := push.New(common.Context{}, 3); s.ID() != 3 || s.(Model).exec.ID != execID {
		t.Fatalf("pushed %+v", s)
	}
	if st, ok := Open(struct{}{}, f.exec, time.Second, time.Second)().(common.StatusMsg); !ok || !st.IsError {
		t.Fatal("a manager that cannot list operations was not refused")
	}
	if st, ok := Open(f, client.Execution{}, time.Second, time.Second)().(common.StatusMsg); !ok || !st.IsError {
		t.Fatal("no execution selected was not refused")
	}
}
