package actions

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/common"
)

// bulkID is the n-th test execution's ID.
func bulkID(n int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", n, n) }

// marked puts n executions in the fake, the i-th in statuses[i%len], and
// returns them as the executions list would hand them over.
func (h *harness) marked(n int, statuses ...client.Status) []client.Execution {
	out := make([]client.Execution, n)
	for i := range out {
		e := execIn(statuses[i%len(statuses)])
		e.ID = bulkID(i + 1)
		e.DeploymentID = client.Some(fmt.Sprintf("dep-%02d", i+1))
		h.f.put(e)
		out[i] = e
	}
	return out
}

func (h *harness) openBulk(k Kind, execs []client.Execution) {
	h.t.Helper()
	var cmd tea.Cmd
	h.c, cmd = h.c.OpenBulk(k, execs, BulkOptions{})
	h.run(cmd)
}

// perID counts the fake's requests of one method by execution ID.
type countingFake struct {
	*fakeManager
	mu   sync.Mutex
	gets map[string]int
	acts map[string]int
}

func newCounting() *countingFake {
	return &countingFake{fakeManager: newFake(), gets: map[string]int{}, acts: map[string]int{}}
}

func (f *countingFake) GetExecution(ctx ctxT, id string, inc ...string) (*client.Execution, error) {
	f.mu.Lock()
	f.gets[id]++
	f.mu.Unlock()
	return f.fakeManager.GetExecution(ctx, id, inc...)
}

func (f *countingFake) CancelExecution(ctx ctxT, id string, a client.CancelAction) (*client.Execution, error) {
	f.mu.Lock()
	f.acts[id]++
	f.mu.Unlock()
	return f.fakeManager.CancelExecution(ctx, id, a)
}

func (f *countingFake) ResumeExecution(ctx ctxT, id string, force bool) (*client.Execution, error) {
	f.mu.Lock()
	f.acts[id]++
	f.mu.Unlock()
	return f.fakeManager.ResumeExecution(ctx, id, force)
}

func countingHarness(t *testing.T, o Options) (*harness, *countingFake) {
	t.Helper()
	cf := newCounting()
	o.Manager = cf
	h := newHarness(t, o)
	h.f = cf.fakeManager
	return h, cf
}

// The preview sends exactly what the single dialog would offer, and skips
// the ended ones for the stopping actions (as the manager's group actions
// do), for every status.
func TestBulkPreviewSentAndSkippedForEveryStatus(t *testing.T) {
	for kind := range bulkDone {
		for _, s := range client.AllStatuses {
			h := newHarness(t, Options{})
			execs := h.marked(1, s)
			h.openBulk(kind, execs)
			if !h.c.BulkActive() {
				t.Fatalf("%s on %s: no preview", kind, s)
			}
			single, _ := offered(kind, &execs[0])
			want := single && !(specs[kind].stop != "" && s.IsEnd())
			got := h.c.b.res[0].out == outPlanned
			if got != want {
				t.Errorf("%s on %s: will be sent %v, want %v (%s)", kind, s, got, want, h.c.b.res[0].detail)
			}
			if !got && !strings.Contains(h.plain(), "skip: it ") {
				t.Errorf("%s on %s: the preview does not say why it is skipped: %s", kind, s, h.plain())
			}
		}
	}
	// The anchors: what the rules are, not only that the preview follows them.
	h := newHarness(t, Options{})
	h.c = h.c.SetSize(140, 30)
	h.openBulk(Cancel, h.marked(4, client.StatusStarted, client.StatusQueued, client.StatusTerminated, client.StatusCancelling))
	if p := h.plain(); !strings.Contains(p, "2 will be cancelled, 2 skipped") ||
		!strings.Contains(p, "skip: it is already terminated (completed)") || !strings.Contains(p, "skip: it is already cancelling (force-cancel or kill still can)") {
		t.Fatalf("preview: %s", p)
	}
	h = newHarness(t, Options{})
	h.openBulk(Kill, h.marked(2, client.StatusFailed, client.StatusCancelling))
	if p := h.plain(); !strings.Contains(p, "KILL 1 EXECUTION") || !strings.Contains(p, "1 will be killed, 1 skipped") {
		t.Fatalf("kill preview: %s", p)
	}
}

// An execution of a tenant the user cannot act on is skipped and says so.
func TestBulkSkipsAnotherTenant(t *testing.T) {
	h := newHarness(t, Options{})
	execs := h.marked(3, client.StatusStarted)
	execs[1].TenantName = "finance"
	execs[2].TenantName = "ops-team"
	var cmd tea.Cmd
	h.c, cmd = h.c.OpenBulk(Cancel, execs, BulkOptions{Tenants: []string{"default_tenant", "ops-team"}})
	h.run(cmd)
	if p := h.plain(); !strings.Contains(p, "2 will be cancelled, 1 skipped") || strings.Contains(p, "which you cannot act on") {
		t.Fatalf("preview at 80 columns: %s", p)
	}
	// The row under the cursor is shown whole, however narrow the table.
	h.press("down")
	if p := h.plain(); !strings.Contains(p, "› 00000002: skip: it belongs to tenant finance, which you cannot act on") {
		t.Fatalf("preview: %s", p)
	}
}

// The confirmation is the count typed: enter alone, a wrong count, the
// opening key and a paste send nothing.
func TestBulkTypedCountConfirms(t *testing.T) {
	h := newHarness(t, Options{})
	h.openBulk(Cancel, h.marked(4, client.StatusStarted, client.StatusStarted, client.StatusFailed))
	if !strings.Contains(h.plain(), "Type 3 (how many will be cancelled), then enter") {
		t.Fatalf("prompt: %s", h.plain())
	}
	h.press("enter")
	if h.f.mutations() != 0 || !strings.Contains(h.plain(), "type 3") {
		t.Fatalf("enter alone: %d sent; %s", h.f.mutations(), h.plain())
	}
	h.press("C", "4", "enter")
	if h.f.mutations() != 0 || !strings.Contains(h.plain(), `"4" is not the number that will be cancelled (3)`) {
		t.Fatalf("wrong count: %d sent; %s", h.f.mutations(), h.plain())
	}
	h.press("backspace")
	var cmd tea.Cmd
	h.c, cmd = h.c.Update(tea.PasteMsg{Content: "3"})
	h.run(cmd)
	h.press("enter")
	if h.f.mutations() != 0 {
		t.Fatal("a pasted count confirmed")
	}
	h.press("3", "enter")
	if got := h.f.count("CancelExecution"); got != 3 {
		t.Fatalf("typed 3: %d cancels", got)
	}
}

// Exactly one re-fetch and one request per execution sent, none for a
// skipped one; one audit line for each execution tried and one for the
// bulk action.
func TestBulkSendsExactlyOneRequestPerExecution(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "audit.jsonl")
	log, err := audit.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	h, cf := countingHarness(t, Options{Audit: log})
	execs := h.marked(12, client.StatusStarted, client.StatusQueued, client.StatusTerminated) // 8 sent, 4 skipped
	h.openBulk(Cancel, execs)
	h.typeText("8")
	h.press("enter")
	for i, e := range execs {
		want := 1
		if e.Status.IsEnd() {
			want = 0
		}
		if cf.gets[e.ID] != want || cf.acts[e.ID] != want {
			t.Errorf("execution %d (%s): %d re-fetches, %d requests; want %d", i, e.Status, cf.gets[e.ID], cf.acts[e.ID], want)
		}
	}
	if h.c.b.step != bulkResults || h.c.InFlight() {
		t.Fatalf("not at the results: step %d, in flight %v", h.c.b.step, h.c.InFlight())
	}
	if ups := h.updates(); len(ups) != 8 {
		t.Fatalf("%d row updates, want 8", len(ups))
	}
	lines := readAuditEntries(t, logPath)
	if len(lines) != 9 {
		t.Fatalf("%d audit lines, want 8 + 1", len(lines))
	}
	last := lines[8]
	if last.Action != "bulk-cancel" || last.Result != audit.ResultOK || last.Message != "8 of 12 marked sent, 4 skipped in the preview" {
		t.Fatalf("bulk line %+v", last)
	}
	for _, l := range lines[:8] {
		if l.Action != "cancel" || l.Result != audit.ResultOK || !strings.HasPrefix(l.CfyCommand, "cfy executions cancel ") {
			t.Fatalf("execution line %+v", l)
		}
	}
}

func readAuditEntries(t *testing.T, path string) []audit.Entry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []audit.Entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e audit.Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// An execution whose status moved on since the preview is re-fetched and
// skipped, with no request; the others go out.
func TestBulkRefetchSkipsWhatMovedOn(t *testing.T) {
	h, cf := countingHarness(t, Options{})
	execs := h.marked(6, client.StatusStarted)
	h.openBulk(Cancel, execs)
	h.f.mu.Lock()
	h.f.moveTo[execs[1].ID] = client.StatusCancelling // someone else cancelled it
	h.f.moveTo[execs[4].ID] = client.StatusTerminated // it ended
	h.f.mu.Unlock()
	h.typeText("6")
	h.press("enter")
	if cf.acts[execs[1].ID] != 0 || cf.acts[execs[4].ID] != 0 || h.f.count("CancelExecution") != 4 {
		t.Fatalf("requests %v", cf.acts)
	}
	if r := h.c.b.res[1]; r.out != outMoved || !strings.Contains(r.detail, "it is now cancelling") {
		t.Fatalf("moved on: %+v", r)
	}
	if p := h.plain(); !strings.Contains(p, "4 cancelled, 2 skipped") {
		t.Fatalf("results: %s", p)
	}
	if st := h.lastStatus(); st.Text != "bulk cancel: 4 of 6 marked sent, 2 skipped because their status moved on" {
		t.Fatalf("status %q", st.Text)
	}
}

// A failure whose outcome is unknown is reported as such, in the table, in
// a status that stays, and in the audit; nothing is retried.
func TestBulkUnknownOutcome(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "audit.jsonl")
	log, err := audit.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	h, cf := countingHarness(t, Options{Audit: log})
	execs := h.marked(3, client.StatusStarted)
	h.f.actErr = &client.Error{Kind: client.KindTimeout, Method: "POST", Message: "no answer in 30s"}
	h.openBulk(Cancel, execs)
	h.typeText("3")
	h.press("enter")
	for _, e := range execs {
		if cf.acts[e.ID] != 1 {
			t.Fatalf("%s sent %d times", e.ID, cf.acts[e.ID])
		}
	}
	if p := h.plain(); !strings.Contains(p, "UNKNOWN") || !strings.Contains(p, "0 cancelled, 3 UNKNOWN") {
		t.Fatalf("results: %s", p)
	}
	if r := h.c.b.res[0]; r.out != outUnknown || !strings.Contains(r.detail, "OUTCOME UNKNOWN, it may have been carried out") {
		t.Fatalf("row %+v", r)
	}
	if st := h.lastStatus(); !st.Sticky || !st.IsError || !strings.Contains(st.Text, "3 with an UNKNOWN outcome") {
		t.Fatalf("status %+v", st)
	}
	lines := readAuditEntries(t, logPath)
	if len(lines) != 4 || lines[0].Result != resultUnknown || lines[3].Result != resultUnknown {
		t.Fatalf("audit %+v", lines)
	}
}

// The manager's refusal is kept in its words.
func TestBulkRefusalInTheManagersWords(t *testing.T) {
	h := newHarness(t, Options{})
	h.openBulk(Cancel, h.marked(2, client.StatusStarted))
	h.f.actErr = &client.Error{Kind: client.KindIllegalState, StatusCode: 400, Method: "POST",
		Message: "Can't cancel execution x because it's in status cancelling"}
	h.typeText("2")
	h.press("enter")
	if r := h.c.b.res[1]; r.out != outRefused || r.detail != "Can't cancel execution x because it's in status cancelling" {
		t.Fatalf("row %+v", r)
	}
}

// At most four requests are out at once, and each answer sends the next.
func TestBulkConcurrencyIsFour(t *testing.T) {
	h := newHarness(t, Options{})
	h.openBulk(Cancel, h.marked(10, client.StatusStarted))
	h.typeText("10")
	cmd := h.pressHold("enter")
	first := batchOf(cmd)
	if len(first) != bulkConcurrency || h.f.mutations() != 0 {
		t.Fatalf("%d requests handed out at once, %d sent before running them", len(first), h.f.mutations())
	}
	// One answer hands out exactly one more request (and the row update).
	var next []tea.Cmd
	h.c, cmd = h.c.Update(first[0]())
	for _, c := range batchOf(cmd) {
		if _, ok := c().(bulkItemMsg); ok {
			next = append(next, c)
		}
	}
	if len(next) != 1 {
		t.Fatalf("an answer handed out %d requests", len(next))
	}
}

// With the requests running at once, as the program runs them, no more
// than four are ever out.
func TestBulkConcurrencyBoundWhileRunning(t *testing.T) {
	gate := &gatedFake{fakeManager: newFake()}
	h := newHarness(t, Options{Manager: gate})
	h.f = gate.fakeManager
	h.openBulk(Cancel, h.marked(20, client.StatusStarted))
	h.typeText("20")
	cmd := h.pressHold("enter")
	msgs := make(chan tea.Msg, 64)
	var wg sync.WaitGroup
	spawn := func(c tea.Cmd) {
		for _, c := range batchOf(c) {
			wg.Add(1)
			go func() { defer wg.Done(); msgs <- c() }()
		}
	}
	spawn(cmd)
	for h.c.b.step != bulkResults {
		select {
		case m := <-msgs:
			if _, ok := m.(bulkItemMsg); ok {
				h.c, cmd = h.c.Update(m)
				spawn(cmd)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the bulk action never finished")
		}
	}
	wg.Wait()
	if gate.max != bulkConcurrency || h.f.count("CancelExecution") != 20 {
		t.Fatalf("at most %d at once (want %d), %d sent", gate.max, bulkConcurrency, h.f.count("CancelExecution"))
	}
}

// gatedFake holds the first cancels until bulkConcurrency of them are out
// at once, then lets every one through, and records how many were out at
// once: sending fewer at a time never opens the gate (the test then fails
// on its max), sending more shows as a max above the bound.
type gatedFake struct {
	*fakeManager
	mu       sync.Mutex
	now, max int
	open     chan struct{}
	once     sync.Once
}

func (g *gatedFake) CancelExecution(ctx ctxT, id string, a client.CancelAction) (*client.Execution, error) {
	g.mu.Lock()
	if g.open == nil {
		g.open = make(chan struct{})
	}
	g.now++
	g.max = max(g.max, g.now)
	if g.now >= bulkConcurrency {
		g.once.Do(func() { close(g.open) })
	}
	open := g.open
	g.mu.Unlock()
	select {
	case <-open:
	case <-time.After(2 * time.Second): // a hang guard, not a measure
	}
	defer func() { g.mu.Lock(); g.now--; g.mu.Unlock() }()
	return g.fakeManager.CancelExecution(ctx, id, a)
}

// esc while sending stops what has not gone out; what is out is waited for
// and reported; the count sent is said.
func TestBulkEscStopsSendingTheRest(t *testing.T) {
	h := newHarness(t, Options{})
	h.c = h.c.SetSize(120, 40) // the rows' reasons whole
	h.openBulk(Cancel, h.marked(10, client.StatusStarted))
	h.typeText("10")
	first := batchOf(h.pressHold("enter"))
	// One answer comes in, and hands out the fifth.
	var cmd tea.Cmd
	h.c, cmd = h.c.Update(first[0]())
	var out []tea.Cmd
	for _, c := range batchOf(cmd) {
		if m := c(); m != nil {
			if _, ok := m.(bulkItemMsg); ok {
				out = append(out, func() tea.Msg { return m })
			}
		}
	}
	h.press("esc")
	if !h.c.Active() || !strings.Contains(h.plain(), "stopped:") || !strings.Contains(h.plain(), "waiting for 4 requests already out") {
		t.Fatalf("after esc: %s", h.plain())
	}
	for _, c := range append(first[1:], out...) {
		h.deliver(c())
	}
	if got := h.f.count("CancelExecution"); got != 5 {
		t.Fatalf("%d sent after esc, want the 5 out", got)
	}
	if p := h.plain(); !strings.Contains(p, "5 cancelled, 5 not sent") || !strings.Contains(p, "stopped before its turn") {
		t.Fatalf("results: %s", p)
	}
	if st := h.lastStatus(); st.Text != "bulk cancel: 5 of 10 marked sent, 5 not sent (stopped)" {
		t.Fatalf("status %q", st.Text)
	}
	if h.c.InFlight() {
		t.Fatal("still in flight")
	}
}

// The result table stays until dismissed; the copy key copies it and the
// cfy commands of the ones sent only.
func TestBulkResultTableCopyAndDismiss(t *testing.T) {
	h := newHarness(t, Options{})
	execs := h.marked(3, client.StatusStarted, client.StatusTerminated, client.StatusStarted)
	h.openBulk(Cancel, execs)
	h.typeText("2")
	h.press("enter")
	h.press("enter", "y", "C")
	if !h.c.Active() || h.c.b.step != bulkResults {
		t.Fatal("the result table did not stay")
	}
	h.out = nil
	h.press("Y")
	text, ok := clipboardOf(runAllOut(h.out))
	if !ok {
		t.Fatalf("nothing copied: %v", h.out)
	}
	for _, want := range []string{execs[0].ID + "\tinstall\tdep-01\tsent\tnow cancelling",
		execs[1].ID + "\tinstall\tdep-02\tskipped\tit is already terminated (completed)",
		"cfy executions cancel " + execs[0].ID, "cfy executions cancel " + execs[2].ID} {
		if !strings.Contains(text, want) {
			t.Errorf("copied text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "cfy executions cancel "+execs[1].ID) {
		t.Error("the skipped one's command was copied")
	}
	h.press("esc")
	if h.c.Active() {
		t.Fatal("esc did not dismiss the results")
	}
}

func runAllOut(msgs []tea.Msg) []tea.Msg {
	var out []tea.Msg
	for _, m := range msgs {
		if b, ok := m.(tea.BatchMsg); ok {
			for _, c := range b {
				out = append(out, runAll(c)...)
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// Read-only mode blocks the bulk actions; patch has no bulk form.
func TestBulkReadOnlyAndPatch(t *testing.T) {
	h := newHarness(t, Options{ReadOnly: true})
	h.openBulk(Cancel, h.marked(3, client.StatusStarted))
	if h.c.Active() || h.f.calls["GetExecution"]+h.f.mutations() != 0 || !strings.Contains(h.lastStatus().Text, "read-only mode") {
		t.Fatalf("read-only: active %v, %v", h.c.Active(), h.out)
	}
	h = newHarness(t, Options{})
	h.openBulk(Patch, h.marked(3, client.StatusStarted))
	if h.c.Active() || !strings.Contains(h.lastStatus().Text, "one execution at a time") {
		t.Fatalf("patch: %v", h.out)
	}
}

// esc in the preview backs out and sends nothing; an answer of a bulk
// action whose dialog is gone still updates its row.
func TestBulkBackOutSendsNothing(t *testing.T) {
	h := newHarness(t, Options{})
	h.openBulk(Resume, h.marked(3, client.StatusFailed))
	h.typeText("3")
	h.press("esc")
	if h.c.Active() || h.f.mutations() != 0 || h.f.count("GetExecution") != 0 {
		t.Fatal("backing out sent something")
	}
	if st := h.lastStatus(); st.Text != "bulk resume: backed out, nothing sent" {
		t.Fatalf("status %q", st.Text)
	}
	stale := bulkItemMsg{seq: 999, idx: 0, res: resultMsg{exec: &client.Execution{ID: bulkID(1), Status: client.StatusPending}}}
	var cmd tea.Cmd
	h.c, cmd = h.c.Update(stale)
	if msgs := runAll(cmd); len(msgs) != 1 {
		t.Fatalf("stale answer: %v", msgs)
	} else if _, ok := msgs[0].(common.ExecutionUpdatedMsg); !ok {
		t.Fatalf("stale answer: %v", msgs)
	}
}

// batchOf unpacks a batch into its Cmds without running them; a Cmd that is
// not a batch has run by then, and comes back as a Cmd yielding its message.
func batchOf(cmd tea.Cmd) []tea.Cmd {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	b, ok := msg.(tea.BatchMsg)
	if !ok {
		if msg == nil {
			return nil
		}
		return []tea.Cmd{func() tea.Msg { return msg }}
	}
	var out []tea.Cmd
	for _, c := range b {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

type ctxT = context.Context
