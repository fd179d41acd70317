package events

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// fakeEvents is a manager's timeline in memory: it answers QueryEvents the
// way the manager does (reported_timestamp order, offset and size, the
// reverse order, the level and event_type filters) and keeps every query.
type fakeEvents struct {
	mu      sync.Mutex
	items   []client.Event
	queries []client.EventsQuery
}

func (f *fakeEvents) QueryEvents(_ context.Context, q client.EventsQuery) (*client.EventPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries = append(f.queries, q)
	var match []client.Event
	for _, e := range f.items {
		if len(q.Levels) > 0 && (!e.IsLog() || e.Level != q.Levels[0]) {
			continue
		}
		if len(q.EventTypes) > 0 && (e.IsLog() || e.EventType != q.EventTypes[0]) {
			continue
		}
		match = append(match, e)
	}
	if len(q.Sort) == 1 && q.Sort[0] == "-reported_timestamp" {
		rev := make([]client.Event, len(match))
		for i := range match {
			rev[len(match)-1-i] = match[i]
		}
		match = rev
	}
	total := len(match)
	page := match[min(q.Offset, total):]
	if len(page) > q.Size {
		page = page[:q.Size]
	}
	return &client.EventPage{Items: append([]client.Event(nil), page...), Pagination: client.Pagination{Total: total, Size: q.Size, Offset: q.Offset}}, nil
}

func (f *fakeEvents) add(evs ...client.Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(f.items, evs...)
}

func (f *fakeEvents) last() client.EventsQuery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.queries[len(f.queries)-1]
}

func (f *fakeEvents) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queries)
}

func nstr(s string) client.Nullable[string] {
	return client.Nullable[string]{Value: s, Present: true, Valid: s != ""}
}

// ev is the n-th line of a timeline: every fifth an error log of its
// execution, every seventh a task_failed event with a cause.
func ev(n int) client.Event {
	t := uitest.T0.Add(time.Duration(n) * time.Second)
	e := client.Event{
		StorageID: n, Timestamp: client.Time{Time: t}, ReportedTimestamp: client.Time{Time: t.Add(5 * time.Millisecond)},
		DeploymentID: nstr(fmt.Sprintf("dep-%d", n%3)), WorkflowID: nstr("install"), ExecutionID: nstr(uitest.UUID(n%4 + 1)),
		NodeInstanceID: nstr("vm_abc123"), NodeName: nstr("vm"), Operation: nstr("cloudify.interfaces.lifecycle.create"),
		Type: client.EventTypeLog, Level: "info", Message: fmt.Sprintf("line %d", n),
	}
	switch {
	case n%7 == 0:
		e.Type, e.Level, e.EventType = client.EventTypeEvent, "", "task_failed"
		e.Message = fmt.Sprintf("task failed %d\nsecond line", n)
		e.ErrorCauses = client.ErrorCauses{{Type: "RuntimeError", Message: "boom", Traceback: "Traceback\n  at x"}}
	case n%5 == 0:
		e.Level, e.Message = "error", fmt.Sprintf("error %d", n)
	}
	return e
}

func evs(from, n int) []client.Event {
	out := make([]client.Event, n)
	for i := range out {
		out[i] = ev(from + i)
	}
	return out
}

// harness runs the screen by hand: Cmds are run at once, timers wait to be
// fired with tick.
type harness struct {
	t      *testing.T
	m      Model
	mgr    *fakeEvents
	timers []tea.Msg
	out    []tea.Msg // messages that left the screen (status, jumps)
}

func newHarness(t *testing.T, o Options, initial ...client.Event) *harness {
	return newHarnessAt(t, uitest.T0.Add(time.Hour), humantime.Relative, o, initial...)
}

// newHarnessAt is newHarness with the clock at now (and its zone) and the
// times shown in mode.
func newHarnessAt(t *testing.T, now time.Time, mode humantime.Mode, o Options, initial ...client.Event) *harness {
	h := &harness{t: t, mgr: &fakeEvents{items: initial}}
	o.Manager = h.mgr
	ctx := common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(mustTheme()), Now: func() time.Time { return now },
		Times: mode, After: func(_ time.Duration, msg tea.Msg) tea.Cmd {
			h.timers = append(h.timers, msg)
			return nil
		}}
	h.m = New(ctx, 7, o)
	h.m = h.m.SetSize(100, 24).(Model)
	h.run(h.m.Init())
	return h
}

func mustTheme() themes.Theme {
	th, err := themes.Get("default")
	if err != nil {
		panic(err)
	}
	return th
}

// run runs cmd and everything it leads to.
func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	h.send(cmd())
}

func (h *harness) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
		return
	case common.Addressed:
		if msg.ScreenID() != h.m.ID() {
			h.t.Fatalf("a reply to screen %d reached screen %d", msg.ScreenID(), h.m.ID())
		}
	default:
		if cmds, ok := uitest.Sequence(msg); ok {
			for _, c := range cmds {
				h.run(c)
			}
			return
		}
		if _, isKey := msg.(tea.KeyPressMsg); !isKey {
			h.out = append(h.out, msg)
			return
		}
	}
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.run(cmd)
}

func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.send(uitest.Key(k))
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(uitest.Key(string(r)))
	}
}

// tick fires the timers set so far.
func (h *harness) tick() {
	ts := h.timers
	h.timers = nil
	for _, m := range ts {
		h.send(m)
	}
}

func (h *harness) view() string { return h.m.View() }

func (h *harness) mustShow(texts ...string) {
	h.t.Helper()
	v := h.view() + "\n" + h.m.Header(200)
	for _, s := range texts {
		if !strings.Contains(v, s) {
			h.t.Fatalf("screen lacks %q:\n%s", s, v)
		}
	}
}
