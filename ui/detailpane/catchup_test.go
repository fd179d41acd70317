package detailpane

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
)

// endlessSource answers every events request with a full page and a huge
// total: the same page when it ignores the offset, a new one each time
// otherwise.
type endlessSource struct {
	mu          sync.Mutex
	ignore      bool
	calls, page int
}

func (s *endlessSource) GetExecution(_ context.Context, id string, _ ...string) (*client.Execution, error) {
	return &client.Execution{ID: id, Status: client.StatusStarted}, nil
}

func (s *endlessSource) ListEvents(_ context.Context, o client.EventsOptions) (*client.EventPage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	n := 0
	if !s.ignore {
		n = s.page
		s.page++
	}
	items := make([]client.Event, PageSize)
	for i := range items {
		items[i] = client.Event{Type: client.EventTypeLog, Message: fmt.Sprintf("page %d line %d", n, i),
			ReportedTimestamp: client.Time{Time: t0.Add(time.Duration(n*PageSize+i) * time.Millisecond)}}
	}
	return &client.EventPage{Items: items, Pagination: client.Pagination{Total: 1 << 30, Size: PageSize, Offset: o.Offset}}, nil
}

func (s *endlessSource) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// A manager that sends the same full page whatever the offset: the pane
// keeps one copy, stops asking, and looks again only at the tail's pace.
func TestSamePageAgainStopsTheCatchUp(t *testing.T) {
	src := &endlessSource{ignore: true}
	d := newDriver(src)
	d.run(d.m.Show(client.Execution{ID: "e1", Status: client.StatusStarted}))
	// The first answer's total only says where the kept tail begins; then
	// the page, and the same page again.
	if got := src.count(); got != 3 {
		t.Fatalf("%d events requests before waiting, want 3", got)
	}
	if got := len(d.m.Events()); got != PageSize {
		t.Fatalf("kept %d events, want one page (%d)", got, PageSize)
	}
	d.tick()
	if got := src.count(); got != 4 {
		t.Fatalf("one tail tick sent %d requests, want 1", got-3)
	}
}

// Catching up on a long run reads full pages back to back only MaxBurst at
// a time, then waits for the tail's tick.
func TestCatchingUpIsPaced(t *testing.T) {
	src := &endlessSource{}
	d := newDriver(src)
	d.run(d.m.Show(client.Execution{ID: "e1", Status: client.StatusStarted}))
	// The first answer only says where the kept tail begins.
	if got := src.count(); got != 1+MaxBurst+1 {
		t.Fatalf("%d requests back to back, want %d", got, 1+MaxBurst+1)
	}
	d.tick()
	if got := src.count(); got != 1+2*(MaxBurst+1) {
		t.Fatalf("after one tick %d requests, want %d", got, 1+2*(MaxBurst+1))
	}
}

// An execution whose tenant name cannot be sent: the pane says so once and
// does not try again by itself.
func TestInvalidTenantIsNotRetried(t *testing.T) {
	c, err := client.New(client.Config{URL: "http://127.0.0.1:9", Tenant: "default_tenant", Username: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(c)
	d.run(d.m.Show(client.Execution{ID: "e1", Status: client.StatusStarted, TenantName: "bad\nname"}))
	if !strings.Contains(d.screen(), "not valid") {
		t.Fatalf("the pane does not say why:\n%s", d.screen())
	}
	if len(d.timers) != 0 {
		t.Fatalf("%d retries scheduled for a tenant name that can never be sent", len(d.timers))
	}
}

// The title says where the view is in words ("line 12 of 300", "end"),
// not a percentage that reads like progress, and "following" only while
// new events can come.
func TestTitleSaysWhereTheViewIs(t *testing.T) {
	src := &fakeSource{execs: map[string]client.Execution{}, events: map[string][]client.Event{}}
	e := execution("done", client.StatusTerminated)
	src.execs["done"] = e
	src.events["done"] = events(80, "ev")
	d := newDriver(src)
	d.run(d.m.Show(e))
	title := func() string { return strings.SplitN(d.screen(), "\n", 3)[1] }
	if strings.Contains(title(), "following") || strings.Contains(title(), "%") {
		t.Fatalf("an ended execution's title: %q", title())
	}
	d.key("G")
	if !strings.Contains(title(), "end") {
		t.Fatalf("at the bottom: %q", title())
	}
	d.key("g")
	if !strings.Contains(title(), "line 1 of ") {
		t.Fatalf("at the top: %q", title())
	}
}

// A word longer than the line breaks after a separator, never mid-name,
// and a line's indent carries over to its continuation.
func TestWrapKeepsNamesAndIndents(t *testing.T) {
	got := wrapLines("Task failed 'cloudify.interfaces.lifecycle.create_and_configure_everything'", 30)
	for _, l := range got {
		if ansi.StringWidth(l) > 30 {
			t.Fatalf("line wider than 30: %q", l)
		}
	}
	joined := strings.Join(got, "|")
	for _, name := range []string{"lifecycle.", "create_"} {
		if !strings.Contains(joined, name) {
			t.Fatalf("a name was split: %q", got)
		}
	}
	ind := wrap(nil, "    File \"/opt/mgmtworker/env/lib/python3/site-packages/cloudify/plugins/x.py\", line 12", 40)
	for _, l := range ind[1:] {
		if !strings.HasPrefix(l, "    ") {
			t.Fatalf("the indent was lost: %q", ind)
		}
	}
}
