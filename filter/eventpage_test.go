package filter

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
)

// The one pass over a page's buffer finds the lines that matching them one
// by one finds, from any line of the page on: a match at the end of one
// line, at the start of the next, twice in one line, in the causes, in the
// tenant, or over two fields (never: fields end with a NUL).
func TestAppendMatchesIsMatchLineByLine(t *testing.T) {
	var evs []client.Event
	var tenants []string
	for i := range 40 {
		e := evLog([]string{"info", "error", "debug"}[i%3], fmt.Sprintf("line %d timeout", i))
		switch {
		case i%5 == 0:
			e = evEvent("task_failed", "Task failed: Timeout timeout")
			e.ErrorCauses = client.ErrorCauses{{Type: "RuntimeError", Message: "boom", Traceback: "tb"}}
		case i%4 == 0:
			e.Message = "ops" // the next field begins with the tenant's start
		}
		evs = append(evs, e)
		tenants = append(tenants, []string{"ops", "default_tenant"}[i%2])
	}
	p := NewEventPage(evs, tenants)
	now := time.Date(2026, 11, 29, 14, 10, 0, 0, time.UTC)
	for _, s := range []string{"", "timeout", "Timeout", "line 1", "ops", "opsinstall", "boom level:error", "!timeout",
		"level:error timeout", "timeout !level:debug", "t", "tb", "tenant:ops 3", "3f2a9c1e", "nothing-like-it", "e !e"} {
		q, err := ParseEvents(s, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, from := range []int{0, 1, 17, 39, 40} {
			var want []int
			for i := from; i < len(p.Rows); i++ {
				if q.Match(&p.Rows[i]) {
					want = append(want, 100+i)
				}
			}
			if got := q.AppendMatches([]int{7}, p, from, 100); !slices.Equal(got[1:], want) || got[0] != 7 {
				t.Errorf("%q from %d: %v, want %v", s, from, got, want)
			}
		}
	}
}
