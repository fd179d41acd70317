package executions

import "testing"

// A re-read starts small and goes on in pages that grow with the window,
// never past maxPageSize, never past the window's end.
func TestPagesOfTheWindow(t *testing.T) {
	cases := []struct {
		limit, offset, want int
	}{
		{1000, 0, 250}, {1000, 250, 750},
		{100_000, 0, 250}, {100_000, 250, 2500}, {100_000, 99_000, 1000},
		{400_000, 250, 4000},
		{1_000_000, 0, 250}, {1_000_000, 250, 10_000}, {1_000_000, 995_000, 5000},
		{100, 0, 100},
	}
	for _, c := range cases {
		q := queries{limit: c.limit}
		if p := q.page(c.offset); p.Size != c.want || p.Offset != c.offset {
			t.Errorf("window %d at %d: size %d offset %d, want size %d", c.limit, c.offset, p.Size, p.Offset, c.want)
		}
	}
}
