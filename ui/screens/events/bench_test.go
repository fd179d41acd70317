package events

import (
	"testing"

	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/ui/uitest"
)

// full is a screen holding MaxLines lines.
func full(b *testing.B) *harness {
	h := newHarness(&testing.T{}, Options{})
	h.m = h.m.SetSize(120, 40).(Model)
	for i := 0; i < MaxLines; i += PageSize {
		page := evs(i+1, PageSize)
		h.m.appendEvents(page, make([]string, len(page)))
	}
	if h.m.State().Lines != MaxLines {
		b.Fatalf("holding %d", h.m.State().Lines)
	}
	return h
}

// View with 50,000 lines held (the budget: 1 ms).
func BenchmarkViewFiftyThousandLines(b *testing.B) {
	h := full(b)
	h.press("k") // not following: the window is looked up, not walked back
	b.ReportAllocs()
	for b.Loop() {
		_ = h.m.View()
	}
}

// One filter keystroke over 50,000 lines (the budget: 5 ms): every key
// re-filters, the first of a word over every line.
func BenchmarkFilterKeystrokeFiftyThousandLines(b *testing.B) {
	h := full(b)
	qs := make([]filter.EventQuery, 0, 2)
	for _, s := range []string{"timeou", "error 4"} {
		q, err := filter.ParseEvents(s, uitest.T0)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		h.m.lines.setQuery(qs[i%2]) // neither refines the other: a full scan each time
		h.m.afterChange()
		i++
	}
}

// Appending a page of 1,000 to 50,000 held lines, dropping as many (the
// budget: 5 ms).
func BenchmarkAppendPageFiftyThousandLines(b *testing.B) {
	h := full(b)
	page := evs(MaxLines+1, PageSize)
	tenants := make([]string, len(page))
	b.ReportAllocs()
	for b.Loop() {
		h.m.appendEvents(page, tenants)
	}
}
