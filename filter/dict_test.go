package filter

import (
	"fmt"
	"testing"

	"github.com/cfytop/cfytop/client"
)

// TestScanThroughChurningDictionaries rewrites records with ever new field
// values, so that the dictionaries fill with values no record has any more
// and are rebuilt, and checks every scan against matching row by row, for
// each pass of Scan (status, one field, bare text, ID) and for few and many
// candidates.
func TestScanThroughChurningDictionaries(t *testing.T) {
	const n = 600
	s := &Set{}
	recs := make([]client.Execution, n)
	put := func(i, round int) {
		recs[i] = exec(fmt.Sprintf("%08x-0000-4000-8000-%012x", i*7919+round, i), fmt.Sprintf("wf-%d", (i+round)%9),
			fmt.Sprintf("Dep-%d-%d", i%50, round), fmt.Sprintf("bp-%d", round*n+i), client.AllStatuses[(i+round)%10],
			fmt.Sprintf("user%d", i%7), "t")
		recs[i].IsSystemWorkflow = (i+round)%11 == 0
		s.Put(int32(i), &recs[i])
	}
	queries := []string{"dep-1", "dep:Dep-1", "dep:dep-1 !by:user1", "bp:bp-1", "!bp:bp-2", "wf:wf-3 status:fail",
		"user3", "!user3 is:system", "Dep", "0000 dep-4", "id:00", "!id:00 wf:wf-1", "bp-59", "Zz", "!zz"}
	check := func(stage string) {
		t.Helper()
		out := make([]bool, s.Len())
		for _, src := range queries {
			q := must(t, src)
			got := q.Scan(s, out)
			want := 0
			for i := range recs {
				ok := false
				if s.Live(int32(i)) {
					r := NewRow(&recs[i])
					ok = q.Match(&r)
				}
				if out[i] != ok {
					t.Fatalf("%s: %q: record %d: scan %v, match %v", stage, src, i, out[i], ok)
				}
				if ok {
					want++
				}
			}
			if got != want {
				t.Fatalf("%s: %q: counted %d, want %d", stage, src, got, want)
			}
		}
	}
	s.Grow(0)
	s.Grow(n / 2) // a first load sized in advance, half of it
	for i := range recs {
		put(i, 0)
	}
	check("loaded")
	s.Grow(n) // sized from the records so far
	rebuilt := false
	for round := 1; round <= 12; round++ {
		base := s.dictBase
		for i := range recs {
			if (i+round)%4 != 0 {
				put(i, round)
			}
		}
		if round%3 == 0 {
			for i := round; i < n; i += 7 {
				s.Delete(int32(i))
			}
		}
		rebuilt = rebuilt || s.dictBase != base
		check(fmt.Sprintf("round %d", round))
	}
	if !rebuilt {
		t.Errorf("the dictionaries were never rebuilt")
	}
}

func must(t *testing.T, src string) Query {
	t.Helper()
	q, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return q
}
