package filter

import (
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
)

func evLog(level, msg string) client.Event {
	return client.Event{Type: client.EventTypeLog, Level: level, Message: msg,
		Timestamp:      client.Time{Time: time.Date(2026, 11, 29, 14, 0, 0, 0, time.UTC)},
		DeploymentID:   client.Nullable[string]{Value: "web-prod", Present: true, Valid: true},
		ExecutionID:    client.Nullable[string]{Value: "3f2a9c1e-0000-4000-8000-000000000001", Present: true, Valid: true},
		WorkflowID:     client.Nullable[string]{Value: "install", Present: true, Valid: true},
		NodeName:       client.Nullable[string]{Value: "vm", Present: true, Valid: true},
		NodeInstanceID: client.Nullable[string]{Value: "vm_abc123", Present: true, Valid: true},
		Operation:      client.Nullable[string]{Value: "cloudify.interfaces.lifecycle.create", Present: true, Valid: true},
	}
}

func evEvent(typ, msg string) client.Event {
	e := evLog("", msg)
	e.Type, e.Level, e.EventType = client.EventTypeEvent, "", typ
	return e
}

func TestEventQueryMatches(t *testing.T) {
	now := time.Date(2026, 11, 29, 14, 10, 0, 0, time.UTC)
	errLog, infoLog := evLog("error", "Disk\nfull"), evLog("info", "hello")
	failed := evEvent("task_failed", "Task failed 'create'")
	failed.ErrorCauses = client.ErrorCauses{{Type: "RuntimeError", Message: "boom", Traceback: "tb line"}}
	cases := []struct {
		q    string
		want [3]bool // errLog, infoLog, failed
	}{
		{"", [3]bool{true, true, true}},
		{"level:error", [3]bool{true, false, false}},
		{"level:warn", [3]bool{false, false, false}},
		{"!level:error", [3]bool{false, true, true}},
		{"type:task_failed", [3]bool{false, false, true}},
		{"type:TASK_FAILED", [3]bool{false, false, true}},
		{"dep:web-prod", [3]bool{true, true, true}},
		{"dep:web", [3]bool{false, false, false}},
		{"id:3f2a", [3]bool{true, true, true}},
		{"exec:4f2a", [3]bool{false, false, false}},
		{"node:vm", [3]bool{true, true, true}},
		{"op:lifecycle.create", [3]bool{true, true, true}},
		{`msg:"disk full"`, [3]bool{true, false, false}},
		{"msg:Disk", [3]bool{true, false, false}},
		{"msg:DISK", [3]bool{false, false, false}},
		{"boom", [3]bool{false, false, true}},
		{"msg:boom", [3]bool{false, false, false}},
		{"since:15m", [3]bool{true, true, true}},
		{"since:5m", [3]bool{false, false, false}},
		{"from:2026-11-29T13:59 to:14:01", [3]bool{true, true, true}},
		{"to:2026-11-29T14:00", [3]bool{false, false, false}},
		{"wf:inst tenant:ops", [3]bool{false, false, false}},
		{"wf:inst tenant:def", [3]bool{true, true, true}},
	}
	rows := []EventRow{NewEventRow(&errLog, "default_tenant"), NewEventRow(&infoLog, "default_tenant"), NewEventRow(&failed, "default_tenant")}
	for _, c := range cases {
		q, err := ParseEvents(c.q, now)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		for i := range rows {
			if got := q.Match(&rows[i]); got != c.want[i] {
				t.Errorf("%q on row %d: %v, want %v", c.q, i, got, c.want[i])
			}
		}
	}
}

func TestEventQueryErrors(t *testing.T) {
	now := time.Now()
	for q, want := range map[string]string{
		"level:loud":   "levels are",
		"level:":       "needs a value",
		"since:soon":   "not a duration",
		"from:monday":  "not a time",
		"status:x":     "unknown qualifier",
		`msg:"open`:    "unclosed quote",
		"! x":          "must be followed",
		`a"b`:          "unexpected quote",
		"since:-5m":    "not a duration",
		"since:1d2h":   "",
		"type:unknown": "",
	} {
		_, err := ParseEvents(q, now)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", q, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: error %v, want one saying %q", q, err, want)
		}
	}
}

// What goes to the manager: the first positive term of each filter it has,
// loose where the manager is loose; negations and substrings it cannot do
// stay here.
func TestEventQueryServer(t *testing.T) {
	now := time.Date(2026, 11, 29, 14, 10, 0, 0, time.UTC)
	q, err := ParseEvents(`level:err type:task_failed dep:web-prod node:vm op:create msg:"disk full" since:15m to:14:05 !dep:x id:3f2a wf:inst`, now)
	if err != nil {
		t.Fatal(err)
	}
	s := q.Server()
	v := s.Values()
	want := map[string]string{"level": "error", "event_type": "task_failed", "deployment_id": "web-prod",
		"node_id": "vm", "operation": "%create%", "message": "%disk%full%",
		"_range": "@timestamp,2026-11-29T13:55:00.000Z,2026-11-29T14:05:00.000Z"}
	for k, w := range want {
		if got := v[k]; len(got) != 1 || got[0] != w {
			t.Errorf("%s = %v, want %q", k, got, w)
		}
	}
	if len(v["execution_id"]) != 0 || len(v["deployment_id"]) != 1 {
		t.Errorf("a short id or a negation was sent: %s", v.Encode())
	}
	full, _ := ParseEvents("id:3f2a9c1e-0000-4000-8000-000000000001", now)
	if got := full.Server().ExecutionIDs; len(got) != 1 {
		t.Errorf("a whole execution ID is not sent: %v", got)
	}
	if !(EventQuery{}).Server().Values().Has("type") {
		t.Error("the empty query does not ask for both types")
	}
}

func TestEventQueryRefines(t *testing.T) {
	now := time.Now()
	p := func(s string) EventQuery {
		q, err := ParseEvents(s, now)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	if !p("timeout").Refines(p("time")) || !p("level:error x").Refines(p("level:error")) || !p("id:3f2a").Refines(p("id:3f")) {
		t.Error("a narrower query does not refine")
	}
	if p("time").Refines(p("timeout")) || p("level:info").Refines(p("level:error")) || p("!timeout").Refines(p("!time")) {
		t.Error("a wider query refines")
	}
	if got := p(`msg:"a b"  level:warn`).String(); got != `msg:"a b" level:warning` {
		t.Errorf("String = %q", got)
	}
}

// The rare-byte search finds what bytes.Contains finds.
func TestContainsAgreesWithBytesContains(t *testing.T) {
	hays := []string{"", "a", "abc", "cloudify.interfaces.lifecycle.create", "xxqzxx", "error 45 timeout", "zz"}
	needles := []string{"a", "c", "zz", "qz", "create", "e.c", "error 4", "timeout", "xxqzxx", "abcd", "45 t"}
	for _, h := range hays {
		for _, n := range needles {
			nb := []byte(n)
			if got, want := contains([]byte(h), nb, rarest(nb)), strings.Contains(h, n); got != want {
				t.Errorf("contains(%q, %q) = %v, want %v", h, n, got, want)
			}
		}
	}
}
