package execlist

import (
	"time"

	"github.com/cfytop/cfytop/client"
)

// rowState is what a poll can change in a stored execution, kept per slot
// in 64 bytes (one cache line) so that a poll of the whole set compares
// each incoming item with it instead of with the stored record (a
// ~450-byte struct and the strings it points to): at 100,000 rows, reading
// the stored records was most of the cost of a poll that changes little.
//
// It is exact, not a hash: two executions with the same rowState hold the
// same data as far as sameExecution is concerned, except for the rows
// marked stateSlow (a rarely-present text field is set, the status is not
// a known one, a time does not fit in int64 nanoseconds, a name is very
// long). For those, equal states are confirmed against the stored record
// with sameExecution, so no change is ever missed; list polls, which ask
// only for the list's columns, never set the rare fields.
type rowState struct {
	created, started, ended, scheduled int64 // unix nanoseconds; presence and zero-ness in flags
	finished, total                    int64
	// The names the manager never changes once an execution exists are
	// compared by length only, as sameExecution does: workflow, deployment,
	// blueprint, creator, tenant.
	lens   [5]uint16
	status uint8 // statusCode, meaningful when stateSlow is not set
	flags  uint32
}

const (
	stateCreatedZero uint32 = 1 << iota
	stateStartedPresent
	stateStartedValid
	stateStartedZero
	stateEndedPresent
	stateEndedValid
	stateEndedZero
	stateScheduledPresent
	stateScheduledValid
	stateScheduledZero
	stateDepPresent
	stateDepValid
	stateBPPresent
	stateBPValid
	statePrivate
	stateSystem
	stateDryRun
	stateResume
	stateAllowCustom
	// stateSlow: equal states must be confirmed with sameExecution.
	stateSlow
)

// Times whose nanoseconds since 1970 do not fit in an int64 (before 1678 or
// after 2262) are marked slow rather than compared by a wrapped value.
const (
	minNanoSec = -9_223_372_036
	maxNanoSec = 9_223_372_035
)

// zeroUnix is time.Time{}.Unix(): January 1, year 1.
const zeroUnix = -62_135_596_800

// stateOf computes the rowState of e.
func stateOf(e *client.Execution) rowState {
	var st rowState
	var f uint32
	slow := false
	nanos := func(t time.Time, zeroBit uint32) int64 {
		sec := t.Unix()
		ns := int64(t.Nanosecond())
		if sec == zeroUnix && ns == 0 {
			f |= zeroBit
			return 0
		}
		if sec < minNanoSec || sec > maxNanoSec {
			slow = true
			return sec
		}
		return sec*1e9 + ns
	}
	st.created = nanos(e.CreatedAt.Time, stateCreatedZero)
	if e.StartedAt.Present {
		f |= stateStartedPresent
	}
	if e.StartedAt.Valid {
		f |= stateStartedValid
	}
	st.started = nanos(e.StartedAt.Value.Time, stateStartedZero)
	if e.EndedAt.Present {
		f |= stateEndedPresent
	}
	if e.EndedAt.Valid {
		f |= stateEndedValid
	}
	st.ended = nanos(e.EndedAt.Value.Time, stateEndedZero)
	if e.ScheduledFor.Present {
		f |= stateScheduledPresent
	}
	if e.ScheduledFor.Valid {
		f |= stateScheduledValid
	}
	st.scheduled = nanos(e.ScheduledFor.Value.Time, stateScheduledZero)
	if e.DeploymentID.Present {
		f |= stateDepPresent
	}
	if e.DeploymentID.Valid {
		f |= stateDepValid
	}
	if e.BlueprintID.Present {
		f |= stateBPPresent
	}
	if e.BlueprintID.Valid {
		f |= stateBPValid
	}
	if e.PrivateResource {
		f |= statePrivate
	}
	if e.IsSystemWorkflow {
		f |= stateSystem
	}
	if e.IsDryRun {
		f |= stateDryRun
	}
	if e.Resume {
		f |= stateResume
	}
	if e.AllowCustomParameters {
		f |= stateAllowCustom
	}
	st.finished, st.total = int64(e.FinishedOperations), int64(e.TotalOperations)
	for i, n := range [5]int{len(e.WorkflowID), len(e.DeploymentID.Value), len(e.BlueprintID.Value),
		len(e.CreatedBy), len(e.TenantName)} {
		if n > 0xffff {
			slow = true
		}
		st.lens[i] = uint16(n)
	}
	code, known := statusCode(e.Status)
	st.status = code
	// The fields a list poll does not ask for are compared in full against
	// the stored record whenever either side has one.
	if !known || e.StatusDisplay != "" || e.Error != (client.Nullable[string]{}) ||
		e.DeploymentDisplayName != (client.Nullable[string]{}) || e.Visibility != "" ||
		e.ResourceAvailability != "" || len(e.Parameters) != 0 || len(e.ParametersP) != 0 {
		slow = true
	}
	if slow {
		f |= stateSlow
	}
	st.flags = f
	return st
}

// statusCode numbers the known statuses; the others are compared as text.
// The length and first byte pick the one candidate, so that a known status
// costs one comparison (a compiled string switch makes several).
func statusCode(st client.Status) (uint8, bool) {
	if len(st) < 6 {
		return 255, false
	}
	var code uint8
	var want client.Status
	switch c := st[0]; len(st) {
	case 6:
		code, want = pick(c == 'f', 1, client.StatusFailed, 8, client.StatusQueued)
	case 7:
		code, want = pick(c == 'p', 3, client.StatusPending, 4, client.StatusStarted)
	case 9:
		code, want = pick(c == 'c', 2, client.StatusCancelled, 9, client.StatusScheduled)
	case 10:
		code, want = pick(c == 't', 0, client.StatusTerminated, 5, client.StatusCancelling)
	case 15:
		code, want = 7, client.StatusKillCancelling
	case 16:
		code, want = 6, client.StatusForceCancelling
	default:
		return 255, false
	}
	if st != want {
		return 255, false
	}
	return code, true
}

func pick(first bool, a uint8, sa client.Status, b uint8, sb client.Status) (uint8, client.Status) {
	if first {
		return a, sa
	}
	return b, sb
}
