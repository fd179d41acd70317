package filter

import (
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
)

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func timed(id string, st client.Status, dep string, created, ended time.Duration) client.Execution {
	e := client.Execution{ID: id, WorkflowID: "install", DeploymentID: client.Some(dep), Status: st,
		CreatedAt: client.Time{Time: now.Add(-created)}}
	if ended >= 0 {
		e.EndedAt = client.Some(client.Time{Time: now.Add(-ended)})
	}
	return e
}

// matchIDs runs q both ways, record by record and by Scan, and checks that
// they agree.
func matchIDs(t *testing.T, text string, execs []client.Execution, stuck map[string]bool) string {
	t.Helper()
	q, err := Parse(text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	q = q.At(now)
	var set Set
	for i := range execs {
		set.Put(int32(i), &execs[i])
		if stuck[execs[i].ID] {
			set.SetStuck(int32(i), true)
		}
	}
	out := make([]bool, set.Len())
	q.Scan(&set, out)
	var ids []string
	for i := range execs {
		r := set.Row(int32(i))
		if q.Match(&r) != out[i] {
			t.Errorf("%s: Match and Scan disagree on %s", text, execs[i].ID)
		}
		if out[i] {
			ids = append(ids, execs[i].ID)
		}
	}
	return strings.Join(ids, ",")
}

func TestTimeQualifiersAndCommasOR(t *testing.T) {
	execs := []client.Execution{
		timed("a", client.StatusFailed, "web-prod", 30*time.Minute, 10*time.Minute),
		timed("b", client.StatusStarted, "db-prod", 2*time.Hour, -1),
		timed("c", client.StatusTerminated, "web-staging", 3*24*time.Hour, 3*24*time.Hour-time.Minute),
		timed("d", client.StatusQueued, "cache", 59*time.Minute+59*time.Second, -1),
	}
	cases := map[string]string{
		"age:<1h":                       "a,d",
		"age:>2d":                       "c",
		"!age:<1h":                      "b,c",
		"ended:<15m":                    "a",
		"ended:>1d":                     "c",
		"created:2026-11-30":            "a,b,d",
		"created:2026-11-27":            "c",
		"created:<2026-11-30":           "c",
		"status:failed,started":         "a,b",
		"status:failed,started age:<1h": "a",
		"dep:web-prod,db-prod":          "a,b",
		"dep:web,cache":                 "a,c,d",
		"!dep:web,cache":                "b",
		"id:a,c":                        "a,c",
		"is:stuck":                      "b",
		"is:stuck,waiting":              "b,d",
		"age:<1h,>2d":                   "a,c,d",
	}
	for text, want := range cases {
		if got := matchIDs(t, text, execs, map[string]bool{"b": true}); got != want {
			t.Errorf("%s matched %q, want %q", text, got, want)
		}
	}
}

func TestAgeAtItsBoundAndOneSecondBefore(t *testing.T) {
	e := []client.Execution{timed("x", client.StatusStarted, "d", time.Hour, -1)}
	if got := matchIDs(t, "age:<1h", e, nil); got != "" {
		t.Errorf("created exactly 1h ago matched age:<1h")
	}
	e[0].CreatedAt = client.Time{Time: now.Add(-time.Hour + time.Second)}
	if got := matchIDs(t, "age:<1h", e, nil); got != "x" {
		t.Errorf("created 59m59s ago did not match age:<1h")
	}
}

func TestTimeQualifierErrorsSayWhatIsValid(t *testing.T) {
	for text, want := range map[string]string{
		"age:<1y":            "unknown unit",
		"created:2026-13-01": "not a date",
		"status:failed,":     "empty value between commas",
		"status:failed,nope": "no status starts with",
		"is:stuck,bogus":     "unknown value",
	} {
		if _, err := Parse(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error with %q", text, err, want)
		}
	}
	q, _ := Parse("status:failed,started age:<1h")
	if q.String() != "status:failed,started age:<1h" {
		t.Errorf("String() = %q", q.String())
	}
}
