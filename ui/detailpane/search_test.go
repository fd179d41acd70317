package detailpane

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
)

// press sends a key as a terminal does: esc and enter by name, else text.
func (d *driver) press(keys ...string) {
	for _, k := range keys {
		switch k {
		case "esc":
			d.send(tea.KeyPressMsg{Code: tea.KeyEscape})
		case "enter":
			d.send(tea.KeyPressMsg{Code: tea.KeyEnter})
		default:
			d.key(k)
		}
	}
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.key(string(r))
	}
}

func (d *driver) searchAt() string {
	q, cur, total := d.m.Search()
	return fmt.Sprintf("%q %d of %d", q, cur, total)
}

// searchDriver shows an ended execution of 60 log lines, four of which say
// timeout (one in capitals), with the view at the top.
func searchDriver(t *testing.T) *driver {
	t.Helper()
	id := "cccccccc-2222"
	evs := events(60, "ev")
	for _, i := range []int{5, 25, 45} {
		evs[i].Message = fmt.Sprintf("timeout %d", i)
	}
	evs[50].Message = "TIMEOUT 50"
	evs[55].Message = "\x1b[31mred\x1b[0m alert" // cleaned: the escape is not text
	src := &fakeSource{execs: map[string]client.Execution{id: execution(id, client.StatusFailed)}, events: map[string][]client.Event{id: evs}}
	d := newDriver(src)
	d.run(d.m.Show(execution(id, client.StatusFailed)))
	d.press("g")
	if len(d.m.Events()) != 60 || d.m.Following() {
		t.Fatalf("%d events, following %v", len(d.m.Events()), d.m.Following())
	}
	return d
}

func TestSearchMovesBetweenMatchesAndWraps(t *testing.T) {
	d := searchDriver(t)
	d.run(d.m.OpenSearch())
	if !d.m.SearchTyping() {
		t.Fatal("the input is not open")
	}
	d.typeText("timeout")
	// Lowercase looks in any case; the first match is moved to and shown.
	if got := d.searchAt(); got != `"timeout" 1 of 4` {
		t.Fatalf("after typing: %s", got)
	}
	if !strings.Contains(d.screen(), "timeout 5") || !strings.Contains(d.screen(), "1 of 4") {
		t.Fatalf("first match or count not shown:\n%s", d.screen())
	}
	d.press("enter")
	if d.m.SearchTyping() || !d.m.SearchOpen() {
		t.Fatal("enter did not keep the search")
	}
	for i, want := range []string{"timeout 25", "timeout 45", "TIMEOUT 50", "timeout 5"} {
		d.press("n")
		if got, at := d.searchAt(), fmt.Sprintf(`"timeout" %d of 4`, (i+1)%4+1); got != at {
			t.Fatalf("n #%d: %s, want %s", i+1, got, at)
		}
		if !strings.Contains(d.screen(), want) {
			t.Fatalf("n #%d: %q not on screen:\n%s", i+1, want, d.screen())
		}
	}
	d.press("b") // from the first back to the last
	if got := d.searchAt(); got != `"timeout" 4 of 4` || !strings.Contains(d.screen(), "TIMEOUT 50") {
		t.Fatalf("b from the first: %s\n%s", got, d.screen())
	}
	d.press("b")
	if got := d.searchAt(); got != `"timeout" 3 of 4` {
		t.Fatalf("b: %s", got)
	}
	// A capital looks for that case only.
	d.run(d.m.OpenSearch())
	d.press("esc")
	d.run(d.m.OpenSearch())
	d.typeText("TIMEOUT")
	if got := d.searchAt(); got != `"TIMEOUT" 1 of 1` {
		t.Fatalf("smart case: %s", got)
	}
	// The cleaned text is searched: an escape sequence is not there.
	d.press("esc")
	d.run(d.m.OpenSearch())
	d.typeText("31m")
	if got := d.searchAt(); got != `"31m" 0 of 0` || !strings.Contains(d.screen(), "no match") {
		t.Fatalf("escape sequence matched: %s\n%s", got, d.screen())
	}
}

func TestSearchHighlightsAndEscCloses(t *testing.T) {
	d := searchDriver(t)
	d.m.SetSize(60, 80) // every line on screen
	d.run(d.m.OpenSearch())
	d.typeText("line 2")
	d.press("enter")
	d.press("n") // "ev line 20" is the one moved to; "ev line 2" and "ev line 21" are matches
	if got := d.searchAt(); got != `"line 2" 2 of 10` {
		t.Fatalf("search: %s", got)
	}
	view := d.m.View()
	// Reverse video: seen without colour (the driver's theme is mono).
	if n := strings.Count(view, "ev \x1b[7mline 2\x1b[m"); n != 9 {
		t.Fatalf("%d matches highlighted, want 9 (and the one moved to):\n%q", n, view)
	}
	cur := d.m.styles.SearchCurrent.Render("l")
	line20 := view[strings.Index(view, "12:00:20"):strings.Index(view, "12:00:21")]
	if strings.Count(view, cur) != 1 || !strings.Contains(line20, cur) {
		t.Fatalf("the match moved to is not told apart:\n%q", view)
	}
	// / again edits the search kept.
	d.run(d.m.OpenSearch())
	d.typeText("1")
	if got := d.searchAt(); got != `"line 21" 1 of 1` {
		t.Fatalf("editing the kept search: %s", got)
	}
	d.press("enter")
	if !d.m.CloseSearch() || d.m.SearchOpen() || d.m.CloseSearch() {
		t.Fatal("CloseSearch")
	}
	if view := d.m.View(); strings.Contains(view, "\x1b[7m") || strings.Contains(view, "1 of 1") {
		t.Fatalf("highlights or count left after closing:\n%q", view)
	}
	// esc in the input closes the search too, and n is a movement key no more.
	d.run(d.m.OpenSearch())
	if got := d.searchAt(); got != `"" 0 of 0` {
		t.Fatalf("reopened after closing: %s", got)
	}
	d.typeText("timeout")
	d.press("esc")
	if d.m.SearchOpen() || strings.Contains(d.m.View(), "\x1b[7m") {
		t.Fatal("esc did not close the search")
	}
	d.press("n")
	if got := d.searchAt(); got != `"" 0 of 0` {
		t.Fatalf("n without a search: %s", got)
	}
}

// Every key typed in the input is text, the ones that move and quit too.
func TestSearchInputTakesEveryLetter(t *testing.T) {
	d := searchDriver(t)
	d.run(d.m.OpenSearch())
	off := d.m.vp.YOffset()
	d.typeText("qnbjkG")
	if got := d.searchAt(); got != `"qnbjkG" 0 of 0` {
		t.Fatalf("typed: %s", got)
	}
	if d.m.vp.YOffset() != off || !strings.Contains(d.screen(), "/qnbjkG") {
		t.Fatalf("letters moved the pane, or the input is not shown:\n%s", d.screen())
	}
}

// New lines are searched as they arrive.
func TestSearchFindsLinesThatArriveLater(t *testing.T) {
	id := "dddddddd-3333"
	src := &fakeSource{execs: map[string]client.Execution{id: execution(id, client.StatusStarted)},
		events: map[string][]client.Event{id: events(3, "first")}}
	d := newDriver(src)
	d.run(d.m.Show(execution(id, client.StatusStarted)))
	d.run(d.m.OpenSearch())
	d.typeText("later")
	d.press("enter")
	if got := d.searchAt(); got != `"later" 0 of 0` {
		t.Fatalf("before: %s", got)
	}
	src.mu.Lock()
	src.events[id] = append(src.events[id], events(2, "later")...)
	src.mu.Unlock()
	d.tick()
	if got := d.searchAt(); got != `"later" 1 of 2` {
		t.Fatalf("after new lines: %s", got)
	}
}
