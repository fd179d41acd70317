package execlist

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/internal/cpuclock"
)

func TestStuckRowSaysStuckInWordsAndNewRowsAreMarked(t *testing.T) {
	for _, theme := range []string{"default", "light", "high-contrast", "mono"} {
		t.Run(theme, func(t *testing.T) {
			m := New(styles(theme), newModel(1, 1).keys)
			m.SetSize(120, 8)
			m.SetNow(clock)
			stuck, failed, done := ex(1, client.StatusCancelling, time.Minute), ex(2, client.StatusFailed, 2*time.Minute), ex(3, client.StatusTerminated, 3*time.Minute)
			sel := ex(4, client.StatusStarted, 10*time.Second)
			m.Replace([]client.Execution{stuck, failed, done, sel})
			m.SetMarks(map[string]Mark{stuck.ID: {Stuck: true}, failed.ID: {New: true}})
			lines := strings.Split(m.View(), "\n")
			row := func(id string) string {
				for _, l := range lines {
					if strings.Contains(ansi.Strip(l), id[:8]) {
						return l
					}
				}
				t.Fatalf("no row for %s", id)
				return ""
			}
			if s := ansi.Strip(row(stuck.ID)); !strings.Contains(s, "⚠ STUCK cancelling") {
				t.Errorf("stuck row %q", s)
			}
			if s := ansi.Strip(row(failed.ID)); !strings.HasPrefix(s, "● ") {
				t.Errorf("new failure row %q lacks the mark", s)
			}
			if row(done.ID) == row(sel.ID) || !strings.Contains(row(done.ID), "\x1b[") {
				t.Errorf("a completed row is not drawn calm: %q", row(done.ID))
			}
			if calm, alert := row(done.ID), row(failed.ID); calm == alert {
				t.Error("calm and alert rows look the same")
			}
			m.SetMarks(nil)
			if strings.Contains(ansi.Strip(m.View()), "STUCK") {
				t.Error("the mark stayed after the marks were cleared")
			}
		})
	}
}

func TestSetOnlyNarrowsOnTopOfTheFilter(t *testing.T) {
	m := newModel(120, 20)
	var items []client.Execution
	for i := 0; i < 10; i++ {
		items = append(items, ex(i, []client.Status{client.StatusFailed, client.StatusTerminated}[i%2], time.Duration(i)*time.Minute))
	}
	m.Replace(items)
	m.SetOnly([]string{items[0].ID, items[2].ID, items[3].ID})
	if m.Len() != 3 || !m.Narrowed() {
		t.Fatalf("%d rows shown, want 3", m.Len())
	}
	m.SetFilter(mustParse("status:failed"))
	if m.Len() != 2 {
		t.Fatalf("%d rows with the filter, want 2", m.Len())
	}
	m.SetOnly(nil)
	if m.Len() != 5 {
		t.Fatalf("%d rows after clearing, want 5", m.Len())
	}
}

// BenchmarkViewStuckMarks100k is a frame with a mark on every visible row:
// issue 11's budget is 1 ms.
func BenchmarkViewStuckMarks100k(b *testing.B) {
	m, items := loaded(b, 100_000)
	marks := map[string]Mark{}
	for i := range items {
		if i%3 == 0 {
			marks[items[i].ID] = Mark{Stuck: true, New: i%2 == 0}
		}
	}
	m.SetMarks(marks)
	m.Update(press('G', "G"))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuclock.Start(b)
	for b.Loop() {
		viewSink = m.View()
	}
	cpu.Report(b, b.N)
}

// BenchmarkFilterTimeOR100k is a filter keystroke with time and OR
// qualifiers over 100,000 executions: issue 11's budget is 5 ms.
func BenchmarkFilterTimeOR100k(b *testing.B) {
	for _, qs := range [][2]string{
		{"status:failed,started age:<1h", "status:terminated,cancelled age:>2d"},
		{"dep:web-prod-eu-01,web-prod-eu-02 ended:<15m", "dep:db,cache created:2026-11-28"},
	} {
		b.Run(qs[0], func(b *testing.B) {
			m, _ := loaded(b, 100_000)
			a, c := mustParse(qs[0]), mustParse(qs[1])
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuclock.Start(b)
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					m.SetFilter(a)
				} else {
					m.SetFilter(c)
				}
				i++
			}
			cpu.Report(b, i)
		})
	}
}

// TestTimeInStatusIsLiveAndTakesTheRulesSince: a cancelling row counts from
// when the triage rules say the cancel began, and the cell moves with the
// clock; an ended row counts from its end.
func TestTimeInStatusIsLiveAndTakesTheRulesSince(t *testing.T) {
	m := newModel(140, 6)
	c, done := ex(1, client.StatusCancelling, time.Hour), ex(2, client.StatusTerminated, 2*time.Hour)
	m.Replace([]client.Execution{c, done})
	m.SetMarks(map[string]Mark{c.ID: {Since: clock.Add(-3 * time.Minute)}})
	if got := m.inStatus(&c); got != "3m00s" {
		t.Errorf("cancelling row in status %q, want 3m00s", got)
	}
	m.SetNow(clock.Add(time.Minute))
	if got := m.inStatus(&c); got != "4m00s" {
		t.Errorf("after a minute %q, want 4m00s", got)
	}
	// Ended an hour ago (ex), plus the minute: in its coarsest unit, so that
	// an idle list of ended rows does not redraw every second.
	if got := m.inStatus(&done); got != "1h" {
		t.Errorf("ended row in status %q, want 1h", got)
	}
	if !strings.Contains(ansi.Strip(m.View()), "IN STATUS") {
		t.Error("no IN STATUS column at 140 columns")
	}
}

// TestIsStuckFollowsTheMarks: is:stuck shows the rows the triage rules
// mark, and follows the marks as they change.
func TestIsStuckFollowsTheMarks(t *testing.T) {
	m := newModel(120, 10)
	a, b := ex(1, client.StatusStarted, time.Minute), ex(2, client.StatusCancelling, time.Minute)
	m.Replace([]client.Execution{a, b})
	m.SetFilter(mustParse("is:stuck"))
	if m.Len() != 0 {
		t.Fatalf("%d rows stuck before any mark", m.Len())
	}
	m.SetMarks(map[string]Mark{b.ID: {Stuck: true}})
	if m.Len() != 1 || m.SelectedID() != b.ID {
		t.Fatalf("%d rows, selected %s: is:stuck did not follow the mark", m.Len(), m.SelectedID())
	}
	m.SetMarks(map[string]Mark{a.ID: {Stuck: true}})
	if m.Len() != 1 || m.SelectedID() != a.ID {
		t.Fatalf("%d rows, selected %s after the mark moved", m.Len(), m.SelectedID())
	}
}
