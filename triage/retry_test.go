package triage

import (
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
)

// The suffix of §3.4, and what is not one.
func TestParseRetrySuffix(t *testing.T) {
	for _, tc := range []struct {
		msg        string
		cur, total int
		ok         bool
	}{
		{"Task failed 'script_runner.tasks.run' -> nginx: port 80 in use [retry 14/60]", 14, 60, true},
		{"Sending task 'script_runner.tasks.run' [retry 3]", 3, -1, true}, // total_retries -1
		{"Task rescheduled 'x' -> waiting [retry 60/60]", 60, 60, true},
		{"Task started 'script_runner.tasks.run'", 0, 0, false},          // no suffix: the first attempt
		{"Task failed 'x' -> said [retry 9/9] then died", 0, 0, false},   // not at the end
		{"Task failed 'x' -> [retry 2/60] [retry 5/60]", 5, 60, true},    // the last one is the manager's
		{"Task failed 'x' [retry 0/60]", 0, 0, false},                    // retry 0 is no retry
		{"Task failed 'x' [retry 61/60]", 0, 0, false},                   // beyond the total
		{"Task failed 'x' [retry -1/60]", 0, 0, false},                   // a sign
		{"Task failed 'x' [retry 3/-1]", 0, 0, false},                    // -1 is written without a total
		{"Task failed 'x' [retry +3/60]", 0, 0, false},                   // a sign
		{"Task failed 'x' [retry 3 /60]", 0, 0, false},                   // a space
		{"Task failed 'x' [retry 3/60/7]", 0, 0, false},                  // two slashes
		{"Task failed 'x' [retry /60]", 0, 0, false},                     // no count
		{"Task failed 'x' [retry 99999999999999999999/60]", 0, 0, false}, // overflow
		{"Task failed 'x' [retry 1e3]", 0, 0, false},                     // not digits
		{"Task failed 'x' [retry ３/60]", 0, 0, false},                    // fullwidth digit
		{"Task failed 'x' [retry 3\x1b[31m/60]", 0, 0, false},            // an escape inside
		{"[retry 3/60]", 0, 0, false},                                    // no space before it
		{"", 0, 0, false},
	} {
		cur, total, ok := ParseRetrySuffix(tc.msg)
		if cur != tc.cur || total != tc.total || ok != tc.ok {
			t.Errorf("%q: %d, %d, %t; want %d, %d, %t", tc.msg, cur, total, ok, tc.cur, tc.total, tc.ok)
		}
	}
}

func taskEvent(typ, msg string) client.Event {
	return client.Event{Type: client.EventTypeEvent, EventType: typ, Message: msg,
		ReportedTimestamp: client.Time{Time: t0.Add(-time.Minute)},
		NodeInstanceID:    client.Some("web_vm_x7k2p1"), Operation: client.Some("cloudify.interfaces.lifecycle.configure")}
}

// The stuck rule reads the newest task event of a started execution: at
// and above the threshold it is stuck on retries, with what is left.
func TestStuckOnRetries(t *testing.T) {
	th := DefaultThresholds() // Retries: 5
	e := execution(client.StatusStarted)
	now := t0.Add(30 * time.Minute)
	for _, tc := range []struct {
		name   string
		ev     client.Event
		task   bool
		reason string // "" for not stuck
	}{
		{"no suffix", taskEvent("task_started", "Task started 'script_runner.tasks.run'"), true, ""},
		{"below the threshold", taskEvent("task_failed", "Task failed 'x' -> boom [retry 4/60]"), true, ""},
		{"at the threshold", taskEvent("task_rescheduled", "Task rescheduled 'x' -> waiting [retry 5/60]"), true,
			"started, and retrying: retry 5 of 60 on web_vm_x7k2p1 configure (55 left)"},
		{"the brief's", taskEvent("sending_task", "Sending task 'script_runner.tasks.run' [retry 14/60]"), true,
			"started, and retrying: retry 14 of 60 on web_vm_x7k2p1 configure (46 left)"},
		{"the last retry", taskEvent("task_failed", "Task failed 'x' -> boom [retry 60/60]"), true,
			"retry 60 of 60 on web_vm_x7k2p1 configure (the last one)"},
		{"total -1", taskEvent("task_started", "Task started 'x' [retry 7]"), true,
			"retry 7 on web_vm_x7k2p1 configure (retried without a limit)"},
		{"malformed", taskEvent("task_failed", "Task failed 'x' -> boom [retry 7/x]"), true, ""},
		{"not a task event", taskEvent("workflow_node_event", "Configuring [retry 9/60]"), false, ""},
		{"a log", client.Event{Type: client.EventTypeLog, Message: "retrying [retry 9/60]"}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, task := RetryOf(&tc.ev)
			if task != tc.task {
				t.Fatalf("task %t, want %t", task, tc.task)
			}
			v := Assess(&e, now, Hints{LastEvent: now.Add(-time.Minute), Retry: r}, th)
			switch {
			case tc.reason == "" && v.Stuck:
				t.Errorf("stuck: %+v", v)
			case tc.reason != "" && (!v.Stuck || v.Next != StepCancel || !strings.Contains(v.Reason, tc.reason)):
				t.Errorf("%+v, want stuck, next cancel, reason with %q", v, tc.reason)
			case tc.reason != "" && !v.Since.Equal(tc.ev.ReportedTimestamp.Time):
				t.Errorf("since %s, want the event's time", v.Since)
			}
		})
	}
	// a threshold of 0 turns the rule off
	r, _ := RetryOf(&[]client.Event{taskEvent("task_failed", "Task failed 'x' [retry 40/60]")}[0])
	off := th
	off.Retries = 0
	if v := Assess(&e, now, Hints{Retry: r}, off); v.Stuck {
		t.Errorf("stuck with the rule off: %+v", v)
	}
	// no new event for long is said first: nothing happens at all
	if v := Assess(&e, now, Hints{LastEvent: now.Add(-time.Hour), Retry: r}, th); !strings.Contains(v.Reason, "no new event") {
		t.Errorf("%+v", v)
	}
}

// The manager's text in the reason is made safe to draw.
func TestRetryReasonCleansTheManagersText(t *testing.T) {
	ev := taskEvent("task_failed", "Task failed 'x' -> \x1b[2J boom [retry 9/60]")
	ev.NodeInstanceID = client.Some("web\x1b]0;owned\x07_vm")
	ev.Operation = client.Some("cloudify.interfaces.lifecycle.conf\x1b[31migure")
	r, _ := RetryOf(&ev)
	e := execution(client.StatusStarted)
	v := Assess(&e, t0.Add(time.Minute), Hints{Retry: r}, DefaultThresholds())
	if !v.Stuck || strings.ContainsAny(v.Reason, "\x1b\x07") || !strings.Contains(v.Reason, "retry 9 of 60") {
		t.Fatalf("%q", v.Reason)
	}
}
