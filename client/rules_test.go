package client

import (
	"slices"
	"testing"
)

func statusSet(ss ...Status) map[Status]bool {
	m := map[Status]bool{}
	for _, s := range ss {
		m[s] = true
	}
	return m
}

func TestCancelAllowed(t *testing.T) {
	want := map[CancelAction]map[Status]bool{
		ActionCancel:      statusSet(StatusPending, StatusStarted, StatusScheduled, StatusQueued),
		ActionForceCancel: statusSet(StatusPending, StatusStarted, StatusScheduled, StatusQueued, StatusCancelling),
		ActionKill:        statusSet(AllStatuses...),
	}
	for a, allowed := range want {
		for _, s := range AllStatuses {
			if got := CancelAllowed(s, a); got != allowed[s] {
				t.Errorf("CancelAllowed(%s, %s) = %v", s, a, got)
			}
		}
	}
	if CancelAllowed(StatusPending, CancelAction("pause")) {
		t.Error("an unknown action is allowed")
	}
	if !CancelAllowed(Status("paused"), ActionKill) || CancelAllowed(Status("paused"), ActionCancel) {
		t.Error("unknown status: kill goes anywhere, cancel does not")
	}
}

func TestResumeAllowed(t *testing.T) {
	resume := statusSet(StatusFailed, StatusCancelled, StatusStarted)
	force := statusSet(StatusFailed, StatusCancelled)
	for _, s := range AllStatuses {
		if got := ResumeAllowed(s, false); got != resume[s] {
			t.Errorf("ResumeAllowed(%s, false) = %v", s, got)
		}
		if got := ResumeAllowed(s, true); got != force[s] {
			t.Errorf("ResumeAllowed(%s, true) = %v", s, got)
		}
	}
}

// patchMatrix is cloudify-api.md §2's table, row by row, in AllStatuses
// column order: terminated failed cancelled pending started cancelling
// force_cancelling kill_cancelling queued scheduled.
var patchMatrix = map[Status]string{
	StatusPending:         "1111111111",
	StatusStarted:         "1111111111",
	StatusQueued:          "1111111111",
	StatusScheduled:       "1111111111",
	StatusKillCancelling:  "1111111111",
	StatusCancelling:      "0110010011",
	StatusForceCancelling: "0110001011",
	StatusTerminated:      "1000000000",
	StatusFailed:          "0100000000",
	StatusCancelled:       "0010000000",
}

func TestPatchAllowed(t *testing.T) {
	for from, row := range patchMatrix {
		for i, to := range AllStatuses {
			want := row[i] == '1'
			if got := PatchAllowed("install", from, to); got != want {
				t.Errorf("PatchAllowed(install, %s, %s) = %v, want %v", from, to, got, want)
			}
			// create_snapshot may leave an end state; otherwise the same rules.
			snap := want || from.IsEnd()
			if got := PatchAllowed("create_snapshot", from, to); got != snap {
				t.Errorf("PatchAllowed(create_snapshot, %s, %s) = %v, want %v", from, to, got, snap)
			}
		}
	}
	if PatchAllowed("install", StatusStarted, Status("paused")) || PatchAllowed("install", Status("paused"), Status("paused")) {
		t.Error("a status that is no status is accepted as a target")
	}
}

func TestPatchTargets(t *testing.T) {
	for from, row := range patchMatrix {
		var want []Status
		for i, to := range AllStatuses {
			if row[i] == '1' && to != from {
				want = append(want, to)
			}
		}
		if got := PatchTargets("install", from); !slices.Equal(got, want) {
			t.Errorf("PatchTargets(install, %s) = %v, want %v", from, got, want)
		}
	}
	if got := PatchTargets("install", StatusCancelling); !slices.Equal(got, []Status{StatusFailed, StatusCancelled, StatusQueued, StatusScheduled}) {
		t.Errorf("from cancelling: %v", got)
	}
	if got := PatchTargets("install", StatusTerminated); len(got) != 0 {
		t.Errorf("from terminated: %v", got)
	}
	if got := PatchTargets("create_snapshot", StatusTerminated); len(got) != 9 || slices.Contains(got, StatusTerminated) {
		t.Errorf("create_snapshot from terminated: %v", got)
	}
}

func TestActiveQuery(t *testing.T) {
	o := ListExecutionsOptions{Size: 50, Offset: 100, Sort: []string{"-created_at"},
		Filters: map[string][]string{"deployment_id": {"web-prod"}}}
	q := ActiveQuery(o)
	if q == nil || !q.GetAllResults || q.Size != 0 || q.Offset != 0 || q.Filters["deployment_id"][0] != "web-prod" {
		t.Fatalf("active query: %+v", q)
	}
	want := []string{"pending", "started", "cancelling", "force_cancelling", "kill_cancelling", "queued", "scheduled"}
	if !slices.Equal(q.Filters["status"], want) {
		t.Fatalf("statuses %v, want %v", q.Filters["status"], want)
	}
	if _, ok := o.Filters["status"]; ok {
		t.Fatal("ActiveQuery changed the caller's filters")
	}
	// The status filter narrows it; one with no unended status drops it.
	o.Filters["status"] = []string{"failed", "queued"}
	if q := ActiveQuery(o); q == nil || !slices.Equal(q.Filters["status"], []string{"queued"}) {
		t.Fatalf("failed|queued: %+v", q)
	}
	o.Filters["status"] = []string{"failed", "terminated"}
	if q := ActiveQuery(o); q != nil {
		t.Fatalf("failed|terminated: %+v", q)
	}
}
