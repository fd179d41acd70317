package ui

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/uitest"
)

// render returns the screen as a terminal of the given profile would get it:
// the renderer downsamples colours, so the goldens pin the profile.
func render(t *testing.T, h *harness, p colorprofile.Profile) string {
	t.Helper()
	var b strings.Builder
	w := &colorprofile.Writer{Forward: &b, Profile: p}
	if _, err := w.WriteString(h.screen()); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func goldenWorld() *uitest.Manager {
	execs := uitest.Sample()
	execs[1].Error = client.Some("Task failed 'cloudify_agent.installer.operations.create'\nRuntimeError: cannot reach 10.0.0.7:22")
	execs[0].Parameters = []byte(`{"node_ids":[],"type_names":["web"],"force":false}`)
	f := uitest.NewManager(execs...)
	f.Events[execs[3].ID] = []client.Event{
		{Type: client.EventTypeEvent, EventType: "workflow_queued", Message: "Workflow 'heal' was queued", Timestamp: client.Time{Time: uitest.T0.Add(-2 * time.Minute)}},
		{Type: client.EventTypeLog, Level: "info", Message: "waiting for a free worker", Timestamp: client.Time{Time: uitest.T0.Add(-time.Minute)}},
		{Type: client.EventTypeLog, Level: "warning", Message: "queue is long", Timestamp: client.Time{Time: uitest.T0.Add(-30 * time.Second)}},
	}
	return f
}

func TestGolden(t *testing.T) {
	type scene struct {
		name string
		w, h int
		opts Options
		do   func(h *harness)
	}
	stale := func(h *harness) {
		now := uitest.T0
		h.useClock(&now)
		h.fake.SetFail(errors.New("manager 10.0.0.5 refused the connection"))
		for i := 0; i < 3; i++ {
			now = now.Add(h.pending(isPoll)[0])
			h.fire(isPoll)
		}
		now = now.Add(3 * time.Second)
		h.useClock(&now)
		h.fire(isClock)
	}
	scenes := []scene{
		{"list", 80, 24, Options{Demo: true}, nil},
		{"list", 120, 40, Options{Demo: true}, nil},
		{"pane", 80, 24, Options{}, func(h *harness) { h.press("enter") }},
		{"pane", 120, 40, Options{}, func(h *harness) { h.press("enter") }},
		{"failed-pane", 120, 40, Options{Filter: "status:failed"}, func(h *harness) { h.press("enter") }},
		{"pane-search", 120, 40, Options{Filter: "status:failed"}, func(h *harness) {
			h.press("enter")
			h.press("/")
			h.typeText("task")
			h.press("enter")
			h.press("n")
		}},
		{"stale", 80, 24, Options{}, stale},
		{"stale", 120, 40, Options{}, stale},
		{"filter-error", 80, 24, Options{}, func(h *harness) { h.press("/"); h.typeText("status:failed !") }},
		{"help-readonly", 80, 24, Options{ReadOnly: true}, func(h *harness) { h.press("?") }},
		{"paused", 80, 24, Options{ReadOnly: true, AllTenants: true}, func(h *harness) { h.press("p") }},
		{"too-small", 59, 14, Options{}, nil},
		{"cancel-dialog", 120, 40, Options{}, func(h *harness) {
			h.selectRow(uitest.UUID(1))
			h.press("C")
		}},
	}
	for _, sc := range scenes {
		for _, mono := range []bool{false, true} {
			name := sc.name + "-" + strconv.Itoa(sc.w) + "x" + strconv.Itoa(sc.h)
			profile := colorprofile.ANSI256
			o := sc.opts
			if mono {
				name += "-nocolor"
				profile = colorprofile.Ascii
				o.NoColor = true
			} else {
				name += "-default"
			}
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, o, goldenWorld(), sc.w, sc.h).start()
				if sc.do != nil {
					sc.do(h)
				}
				h.fire(isSettle)
				golden.RequireEqual(t, render(t, h, profile))
			})
		}
	}
}
