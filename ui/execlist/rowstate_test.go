package execlist

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
)

// TestReplacePicksUpEveryMutableField changes one field at a time of one
// execution in an otherwise unchanged poll and checks that Replace stores
// it: the poll compares items with the stored rowState, not the records, so
// a field the state does not cover would be silently kept stale.
func TestReplacePicksUpEveryMutableField(t *testing.T) {
	ts := func(d time.Duration) client.Nullable[client.Time] { return someTime(d) }
	edits := []struct {
		name string
		edit func(e *client.Execution)
	}{
		{"status", func(e *client.Execution) { e.Status = client.StatusFailed }},
		{"unknown status", func(e *client.Execution) { e.Status = "brand_new_status" }},
		{"status display", func(e *client.Execution) { e.StatusDisplay = "done" }},
		{"error", func(e *client.Execution) { e.Error = client.Some("boom") }},
		{"error null", func(e *client.Execution) { e.Error = client.Nullable[string]{Present: true} }},
		{"created", func(e *client.Execution) { e.CreatedAt = at(time.Hour) }},
		{"created by a nanosecond", func(e *client.Execution) { e.CreatedAt.Time = e.CreatedAt.Add(time.Nanosecond) }},
		{"created zero", func(e *client.Execution) { e.CreatedAt = client.Time{} }},
		{"created at the epoch", func(e *client.Execution) { e.CreatedAt = client.Time{Time: time.Unix(0, 0)} }},
		{"created in 2300", func(e *client.Execution) {
			e.CreatedAt = client.Time{Time: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)}
		}},
		{"started", func(e *client.Execution) { e.StartedAt = ts(time.Minute) }},
		{"started null", func(e *client.Execution) { e.StartedAt = client.Nullable[client.Time]{Present: true} }},
		{"started absent", func(e *client.Execution) { e.StartedAt = client.Nullable[client.Time]{} }},
		{"ended", func(e *client.Execution) { e.EndedAt = ts(time.Second) }},
		{"scheduled", func(e *client.Execution) { e.ScheduledFor = ts(-time.Hour) }},
		{"finished operations", func(e *client.Execution) { e.FinishedOperations++ }},
		{"total operations", func(e *client.Execution) { e.TotalOperations++ }},
		{"huge operations", func(e *client.Execution) { e.FinishedOperations += 1 << 40 }},
		{"deployment display name", func(e *client.Execution) { e.DeploymentDisplayName = client.Some("Web") }},
		{"deployment null", func(e *client.Execution) { e.DeploymentID = client.Nullable[string]{Present: true} }},
		{"deployment renamed", func(e *client.Execution) { e.DeploymentID = client.Some("a-much-longer-deployment") }},
		{"blueprint null", func(e *client.Execution) { e.BlueprintID = client.Nullable[string]{Present: true} }},
		{"workflow", func(e *client.Execution) { e.WorkflowID = "restart_all_the_things" }},
		{"creator", func(e *client.Execution) { e.CreatedBy = "someone-else" }},
		{"tenant", func(e *client.Execution) { e.TenantName = "ops" }},
		{"visibility", func(e *client.Execution) { e.Visibility = "global" }},
		{"resource availability", func(e *client.Execution) { e.ResourceAvailability = "tenant" }},
		{"private", func(e *client.Execution) { e.PrivateResource = true }},
		{"parameters", func(e *client.Execution) { e.Parameters = json.RawMessage(`{"a":1}`) }},
		{"parameters_p", func(e *client.Execution) { e.ParametersP = json.RawMessage(`{"b":2}`) }},
		{"system", func(e *client.Execution) { e.IsSystemWorkflow = !e.IsSystemWorkflow }},
		{"dry run", func(e *client.Execution) { e.IsDryRun = !e.IsDryRun }},
		{"resume", func(e *client.Execution) { e.Resume = true }},
		{"allow custom parameters", func(e *client.Execution) { e.AllowCustomParameters = true }},
	}
	// A few edits also in a poll resolved in two halves (slow under -race).
	big := map[string]bool{"status": true, "finished operations": true, "error": true, "ended": true}
	for _, bigPoll := range []bool{false, true} {
		for _, tt := range edits {
			if bigPoll && !big[tt.name] {
				continue
			}
			t.Run(fmt.Sprintf("%s/big=%v", tt.name, bigPoll), func(t *testing.T) {
				n := 30
				if bigPoll {
					n = parallelMin + 10 // resolved in two halves
				}
				items := numberedBig(n)
				m := newModel(120, 10)
				m.Replace(items)
				k := n - 3 // in the second half of a big poll
				next := decoded(items)
				tt.edit(&next[k])
				m.Replace(next)
				got, ok := m.Get(next[k].ID)
				if !ok || !reflect.DeepEqual(got, next[k]) {
					t.Fatalf("change not stored:\n got %+v\nwant %+v", got, next[k])
				}
				// And back again, through the slow path when the edit set a
				// rarely-present field.
				m.Replace(decoded(items))
				if got, _ := m.Get(items[k].ID); !reflect.DeepEqual(got, items[k]) {
					t.Fatalf("change not undone:\n got %+v\nwant %+v", got, items[k])
				}
				checkConsistent(t, &m)
			})
		}
	}
}

// numberedBig is n executions with distinct IDs, quickly.
func numberedBig(n int) []client.Execution {
	out := make([]client.Execution, n)
	for i := range out {
		st := []client.Status{client.StatusTerminated, client.StatusStarted, client.StatusQueued, client.StatusFailed}[i%4]
		out[i] = ex(i, st, time.Duration(i+1)*time.Second)
	}
	return out
}

// TestBigPollWithRepeatedIDs lists some executions twice in a poll large
// enough to be resolved in two halves: the last copy wins, as it does in a
// small poll.
func TestBigPollWithRepeatedIDs(t *testing.T) {
	n := parallelMin + 100
	items := numberedBig(n)
	m := newModel(120, 10)
	m.Replace(items)
	next := decoded(items)
	fresh := ex(n+5, client.StatusQueued, 0)
	// An execution listed in both halves with different data, a new one
	// listed twice, and an unchanged one listed twice.
	a := next[10]
	a.Status = client.StatusCancelled
	b := next[10]
	b.Status = client.StatusFailed
	b.EndedAt = someTime(time.Millisecond)
	next[10] = a
	fresh2 := fresh
	fresh2.FinishedOperations = 7
	next = append(next, b, fresh, next[n-1], fresh2)
	m.Replace(next)
	if got, _ := m.Get(b.ID); !reflect.DeepEqual(got, b) {
		t.Errorf("repeated execution: got status %s, want the last copy's %s", got.Status, b.Status)
	}
	if got, _ := m.Get(fresh.ID); !reflect.DeepEqual(got, fresh2) {
		t.Errorf("new repeated execution: got %d finished operations, want 7", got.FinishedOperations)
	}
	if m.Total() != n+1 {
		t.Errorf("total %d, want %d", m.Total(), n+1)
	}
	checkConsistent(t, &m)
	// The next poll, in the usual order again, drops nothing it lists.
	m.Replace(items)
	if m.Total() != n {
		t.Errorf("total %d, want %d", m.Total(), n)
	}
	checkConsistent(t, &m)
}

// TestRowStateCoversSameExecution checks, field by field, that rowState
// tells apart every pair of executions that sameExecution tells apart
// (unless it asks for sameExecution itself, with stateSlow).
func TestRowStateCoversSameExecution(t *testing.T) {
	base := ex(1, client.StatusStarted, time.Minute)
	typ := reflect.TypeFor[client.Execution]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		e := base
		v := reflect.ValueOf(&e).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString(v.String() + "x")
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Int:
			v.SetInt(v.Int() + 1)
		case reflect.Slice:
			v.SetBytes([]byte(`{"x":1}`))
		case reflect.Struct:
			switch p := v.Addr().Interface().(type) {
			case *client.Time:
				p.Time = p.Add(time.Millisecond)
			case *client.Nullable[client.Time]:
				*p = client.Some(client.Time{Time: p.Value.Add(time.Hour)})
			case *client.Nullable[string]:
				*p = client.Some(p.Value + "x")
			default:
				t.Fatalf("field %s: type %s not covered by this test", f.Name, f.Type)
			}
		default:
			t.Fatalf("field %s: kind %s not covered by this test", f.Name, v.Kind())
		}
		if f.Name == "ID" {
			continue // the identity, not data
		}
		if sameExecution(&base, &e) {
			t.Errorf("field %s: sameExecution misses the change", f.Name)
			continue
		}
		sb, se := stateOf(&base), stateOf(&e)
		if sb == se && se.flags&stateSlow == 0 {
			t.Errorf("field %s: the row state misses the change", f.Name)
		}
	}
}

func TestStatusCode(t *testing.T) {
	seen := map[uint8]bool{}
	for _, st := range client.AllStatuses {
		c, ok := statusCode(st)
		if !ok || seen[c] {
			t.Errorf("%s: code %d, known %v (duplicate %v)", st, c, ok, seen[c])
		}
		seen[c] = true
		// Same length and first letter, not a status.
		if _, ok := statusCode(client.Status(string(st[0]) + strings.Repeat("x", len(st)-1))); ok {
			t.Errorf("a look-alike of %s is known", st)
		}
	}
	for _, st := range []client.Status{"", "x", "TERMINATED", "terminatee", "pendinG"} {
		if _, ok := statusCode(st); ok {
			t.Errorf("%q is known", st)
		}
	}
	if (time.Time{}).Unix() != zeroUnix {
		t.Errorf("zeroUnix is %d, want %d", zeroUnix, (time.Time{}).Unix())
	}
}
