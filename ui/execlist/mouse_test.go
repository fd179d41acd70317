package execlist

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// RowAt names the execution drawn on each line of the view, after
// scrolling too; the header and the empty lines under the last row name
// none.
func TestRowAtMatchesTheRenderedLines(t *testing.T) {
	m := newModel(120, 11)
	items := numbered(30)
	m.Replace(items)
	m.Select(items[20].ID) // scrolled: the window no longer starts at row 0
	if m.Offset() == 0 {
		t.Fatal("test setup: the list did not scroll")
	}
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for y, line := range lines {
		id, ok := m.RowAt(y)
		if y == 0 {
			if ok {
				t.Errorf("the header line names %s", id)
			}
			continue
		}
		if !ok || !strings.Contains(line, id[:8]) {
			t.Errorf("line %d %q: RowAt = %q, %v", y, line, id, ok)
		}
	}
	for _, y := range []int{-1, len(lines), 100} {
		if id, ok := m.RowAt(y); ok {
			t.Errorf("RowAt(%d) = %s outside the list", y, id)
		}
	}

	short := newModel(120, 11)
	short.Replace(numbered(3))
	for y := 4; y < 11; y++ {
		if id, ok := short.RowAt(y); ok {
			t.Errorf("empty line %d under 3 rows names %s", y, id)
		}
	}
	if id, ok := short.RowAt(3); !ok || id != numbered(3)[2].ID {
		t.Errorf("the last row's line names %q, %v", id, ok)
	}
}

// Scroll moves the selection and the window together, as the wheel does,
// and stops at either end.
func TestScrollMovesSelectionAndWindow(t *testing.T) {
	tests := []struct {
		name             string
		from, n          int
		want, wantOffset int
		moved            bool
	}{
		{"down from the top", 0, 3, 3, 3, true},
		{"up from the middle", 50, -3, 47, 47, true},
		{"down at the end stops", 99, 3, 99, 90, false},
		{"up at the top stops", 0, -3, 0, 0, false},
		{"down near the end", 98, 3, 99, 90, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(120, 11)
			items := numbered(100)
			m.Replace(items)
			m.Select(items[tt.from].ID)
			m.offset = min(tt.from, 90)
			m.scrollIntoView()
			moved := m.Scroll(tt.n)
			if m.Cursor() != tt.want || m.Offset() != tt.wantOffset || moved != tt.moved {
				t.Errorf("cursor %d offset %d moved %v, want %d %d %v", m.Cursor(), m.Offset(), moved, tt.want, tt.wantOffset, tt.moved)
			}
			if m.SelectedID() != items[tt.want].ID {
				t.Errorf("selected %s, want %s", m.SelectedID(), items[tt.want].ID)
			}
		})
	}
	empty := newModel(120, 11)
	if empty.Scroll(3) {
		t.Error("an empty list scrolled")
	}
}
