package triage

import (
	"strconv"
	"strings"
	"time"

	"github.com/cfytop/cfytop/client"
)

// Retry is what is known of the retries of an execution's operation: from
// the newest task event (cloudify-api-operations.md §3.4, the message's
// " [retry <current>/<total>]" suffix), or from the operation itself
// (current_retries, total_retries, §3.5). The zero Retry is no retry.
type Retry struct {
	Current int // the attempt's retry count: 1 for the first retry
	Total   int // total_retries; -1 when retried without a limit
	// NodeInstance and Operation name the operation, as the manager wrote
	// them (Reason cleans them).
	NodeInstance, Operation string
	// At is when it was reported.
	At time.Time
}

// retryEventTypes are the task events whose message carries the retry
// suffix and that say an operation is still being tried: sent, started,
// failed or rescheduled (task_succeeded ends the matter).
var retryEventTypes = map[string]bool{"task_rescheduled": true, "task_failed": true, "task_started": true, "sending_task": true}

// maxRetryCount bounds the numbers read from a suffix: a larger one is not
// the manager's.
const maxRetryCount = 1_000_000

// ParseRetrySuffix reads the retry suffix at the end of a task event's
// message: " [retry 14/60]" is 14 and 60, " [retry 14]" (total_retries -1)
// is 14 and -1. A message without one, or with numbers that are not a
// retry count (not digits, 0, too large, more than the total), gives ok
// false.
func ParseRetrySuffix(msg string) (current, total int, ok bool) {
	const open = " [retry "
	if !strings.HasSuffix(msg, "]") {
		return 0, 0, false
	}
	i := strings.LastIndex(msg, open)
	if i < 0 {
		return 0, 0, false
	}
	cur, tot, hasTotal := strings.Cut(msg[i+len(open):len(msg)-1], "/")
	current, ok = retryCount(cur)
	if !ok || current < 1 {
		return 0, 0, false
	}
	if !hasTotal {
		return current, -1, true
	}
	if total, ok = retryCount(tot); !ok || current > total {
		return 0, 0, false
	}
	return current, total, true
}

// retryCount is a count written in decimal digits and nothing else.
func retryCount(s string) (int, bool) {
	if s == "" || len(s) > len(strconv.Itoa(maxRetryCount)) {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n <= maxRetryCount
}

// RetryOf reads what a task event says of its operation's retries: task is
// whether ev is one of the task events that carry the suffix, and r is the
// retry it reports, zero when the attempt is not a retry (or the suffix
// cannot be read).
func RetryOf(ev *client.Event) (r Retry, task bool) {
	if ev.IsLog() || !retryEventTypes[ev.EventType] {
		return Retry{}, false
	}
	cur, tot, ok := ParseRetrySuffix(ev.Message)
	if !ok {
		return Retry{}, true
	}
	at := ev.ReportedTimestamp.Time
	if at.IsZero() {
		at = ev.Timestamp.Time
	}
	return Retry{Current: cur, Total: tot, NodeInstance: ev.NodeInstanceID.Value, Operation: ev.Operation.Value, At: at}, true
}

// String says which retry of which operation, and how many are left:
// "retry 14 of 60 on web_vm_x7k2p1 configure (46 left)".
func (r Retry) String() string {
	var b strings.Builder
	b.WriteString("retry " + itoa(r.Current))
	if r.Total >= 0 {
		b.WriteString(" of " + itoa(r.Total))
	}
	var on []string
	if ni := clean(r.NodeInstance); ni != "" {
		on = append(on, ni)
	}
	if op := clean(r.Operation); op != "" {
		on = append(on, op[strings.LastIndexByte(op, '.')+1:]) // configure, of cloudify.interfaces.lifecycle.configure
	}
	if len(on) > 0 {
		b.WriteString(" on " + strings.Join(on, " "))
	}
	switch left := r.Total - r.Current; {
	case r.Total < 0:
		b.WriteString(" (retried without a limit)")
	case left == 0:
		b.WriteString(" (the last one)")
	default:
		b.WriteString(" (" + itoa(left) + " left)")
	}
	return b.String()
}
