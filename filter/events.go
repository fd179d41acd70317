package filter

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

// The events timeline speaks the same language as the executions list
// (terms ANDed, ! negates, quotes, smart case), with the qualifiers of an
// event or log line:
//
//	level:error      a log's level (debug info warning error critical; a
//	                 prefix of one, e.g. level:warn)
//	type:task_failed an event's event_type, exactly
//	dep:web-prod     the deployment ID, exactly
//	id:3f2a          the execution ID starts with the value (exec: too)
//	node:vm          the node's name, exactly
//	op:create        substring of the operation
//	msg:timeout      substring of the message
//	wf:install tenant:ops
//	                 substring of that field
//	since:15m        at or after that long ago (s, m, h, d)
//	from:2026-11-29T14:00 to:"2026-11-29 15:00"
//	                 at or after / before a time, in UTC (a date, a
//	                 date and time, or a time of today)
//	web              substring of any field, the error causes included
//
// What the manager can filter is sent to it (EventQuery.Server); everything
// is filtered here again, so that a term the manager reads more loosely
// (ILIKE is never smart-cased) still means what was typed.

// EventField names one searchable field of an event line.
type EventField uint8

// The searchable fields of an event line.
const (
	EvKind       EventField = iota // the level of a log or the event_type of an event
	EvDeployment                   // deployment_id
	EvWorkflow                     // workflow_id
	EvExecution                    // execution_id
	EvNodeName                     // node_name
	EvNode                         // node_instance_id
	EvOperation                    // operation
	EvMessage                      // message, every line of it
	EvCauses                       // the error causes: type, message, traceback
	EvTenant                       // the tenant the line was read for
	numEvFields
)

// EventRow is the search record of one event line, built like Row: fields
// cleaned and NUL-separated in one byte string, with a lowered copy.
type EventRow struct {
	hay   []byte
	lower []byte
	ends  [numEvFields]uint16
	// Millis is the event's timestamp (the worker's time) in Unix ms.
	Millis int64
	IsLog  bool
}

// NewEventRow builds the search record of ev, read for tenant.
func NewEventRow(ev *client.Event, tenant string) EventRow {
	return NewEventRows([]client.Event{*ev}, []string{tenant})[0]
}

// NewEventRows builds the search records of a page of events, tenants[i]
// being the tenant evs[i] was read for. The records share two buffers, the
// text and its lowered copy, so that filtering reads them in order.
func NewEventRows(evs []client.Event, tenants []string) []EventRow {
	return NewEventPage(evs, tenants).Rows
}

// appendEventRecord appends ev's fields to buf and fills r's offsets.
func appendEventRecord(buf []byte, r *EventRow, ev *client.Event, tenant string) []byte {
	r.Millis, r.IsLog = ev.Timestamp.UnixMilli(), ev.IsLog()
	start := len(buf)
	for f := EventField(0); f < numEvFields; f++ {
		var s string
		switch f {
		case EvKind:
			s = ev.EventType
			if r.IsLog {
				s = strings.ToLower(ev.Level)
			}
		case EvDeployment:
			s = ev.DeploymentID.Value
		case EvWorkflow:
			s = ev.WorkflowID.Value
		case EvExecution:
			s = ev.ExecutionID.Value
		case EvNodeName:
			s = ev.NodeName.Value
		case EvNode:
			s = ev.NodeInstanceID.Value
		case EvOperation:
			s = ev.Operation.Value
		case EvMessage:
			s = ev.Message
		case EvCauses:
			if len(ev.ErrorCauses) > 0 {
				var b strings.Builder
				for _, c := range ev.ErrorCauses {
					b.WriteString(c.Type)
					b.WriteByte(' ')
					b.WriteString(c.Message)
					b.WriteByte(' ')
					b.WriteString(c.Traceback)
					b.WriteByte(' ')
				}
				s = b.String()
			}
		case EvTenant:
			s = tenant
		}
		s = textsafe.Clean(s)
		if len(s) > maxFieldLen {
			s = cutRunes(s, maxFieldLen)
		}
		buf = append(buf, s...)
		r.ends[f] = uint16(len(buf) - start)
		buf = append(buf, 0)
	}
	return buf
}

func (r *EventRow) bounds(f EventField) (int, int) {
	start := 0
	if f > 0 {
		start = int(r.ends[f-1]) + 1
	}
	return start, int(r.ends[f])
}

// Field returns field f, cleaned, in its original case.
func (r *EventRow) Field(f EventField) string {
	if f >= numEvFields || r.hay == nil {
		return ""
	}
	a, b := r.bounds(f)
	return string(r.hay[a:b])
}

type evKind uint8

const (
	evText   evKind = iota // substring of any field
	evField                // substring of one field
	evExact                // one field equals the value
	evPrefix               // one field starts with the value
	evLevel                // a log of this level
	evType                 // an event of this event_type
	evAfter                // at or after millis
	evBefore               // before millis
)

type evQual struct {
	name  string
	kind  evKind
	field EventField
}

var evQualifiers = []evQual{
	{"level", evLevel, EvKind},
	{"type", evType, EvKind},
	{"dep", evExact, EvDeployment},
	{"id", evPrefix, EvExecution},
	{"exec", evPrefix, EvExecution},
	{"node", evExact, EvNodeName},
	{"op", evField, EvOperation},
	{"msg", evField, EvMessage},
	{"wf", evField, EvWorkflow},
	{"tenant", evField, EvTenant},
	{"since", evAfter, 0},
	{"from", evAfter, 0},
	{"to", evBefore, 0},
}

// Levels are the manager's log levels.
var Levels = []string{"debug", "info", "warning", "error", "critical"}

type evTerm struct {
	neg    bool
	kind   evKind
	field  EventField
	fold   bool
	qual   string
	raw    string
	bval   []byte
	rare   int // the index in bval of its rarest byte, where a search starts
	millis int64
}

// EventQuery is a parsed events filter; the zero EventQuery matches every line.
type EventQuery struct {
	terms []evTerm
}

// Empty reports whether q has no terms.
func (q EventQuery) Empty() bool { return len(q.terms) == 0 }

// EventQualifiers lists the qualifiers of the events filter, with their colon.
func EventQualifiers() []string {
	out := make([]string, len(evQualifiers))
	for i, q := range evQualifiers {
		out[i] = q.name + ":"
	}
	return out
}

// ParseEvents reads an events filter; since: counts back from now.
func ParseEvents(s string, now time.Time) (EventQuery, error) {
	s = textsafe.Clean(s)
	var q EventQuery
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return q, nil
		}
		t, next, err := parseEvTerm(s, i, now)
		if err != nil {
			return EventQuery{}, err
		}
		q.terms = append(q.terms, t)
		i = next
	}
}

func parseEvTerm(s string, i int, now time.Time) (evTerm, int, error) {
	var t evTerm
	start := i
	if s[i] == '!' {
		t.neg = true
		i++
		if i >= len(s) || isSpace(s[i]) {
			return t, i, fmt.Errorf(`"!" must be followed by a term to exclude, e.g. !level:debug or !dep:test`)
		}
	}
	j := i
	for j < len(s) && (isLetter(s[j]) || (j > i && (isDigit(s[j]) || s[j] == '-' || s[j] == '_'))) {
		j++
	}
	qualified := j > i && j < len(s) && s[j] == ':'
	var v string
	next := i
	if qualified {
		next = j + 1
	}
	if next < len(s) && s[next] == '"' {
		var err error
		v, next, err = parseQuoted(s, next)
		if err != nil {
			return t, next, err
		}
		if v == "" && !qualified {
			return t, next, fmt.Errorf(`empty quotes "" at %q: put the text to search for between the quotes`, s[start:next])
		}
	} else {
		end := next
		for end < len(s) && !isSpace(s[end]) {
			if s[end] == '"' {
				return t, end, fmt.Errorf(`unexpected quote in %q: put quotes around the whole value, e.g. "disk full" or msg:"disk full"`, wordAt(s, start))
			}
			end++
		}
		v, next = s[next:end], end
	}
	if !qualified {
		t.kind, t.raw = evText, v
		t.setCase(v)
		return t, next, nil
	}
	name := strings.ToLower(s[i:j])
	found := false
	for _, q := range evQualifiers {
		if q.name == name {
			t.qual, t.kind, t.field, found = q.name, q.kind, q.field, true
			break
		}
	}
	if !found {
		return t, next, fmt.Errorf("unknown qualifier %q in %q; valid qualifiers: %s (to search for text with a colon, quote it: %q)",
			s[i:j]+":", wordAt(s, start), strings.Join(EventQualifiers(), " "), wordAt(s, start))
	}
	if v == "" {
		return t, next, fmt.Errorf("%s: needs a value, e.g. %s", t.qual, evExample(t.qual))
	}
	t.raw = v
	switch t.kind {
	case evLevel:
		lv := strings.ToLower(v)
		var match []string
		for _, l := range Levels {
			if strings.HasPrefix(l, lv) {
				match = append(match, l)
			}
		}
		if len(match) != 1 {
			return t, next, fmt.Errorf("level:%s: levels are %s", v, strings.Join(Levels, ", "))
		}
		t.raw, t.fold, t.bval = match[0], true, []byte(match[0])
	case evType:
		t.raw, t.fold, t.bval = strings.ToLower(v), true, []byte(strings.ToLower(v))
	case evExact:
		t.bval = []byte(v) // the manager compares exactly: so does the filter
	case evAfter, evBefore:
		ms, err := evTime(t.qual, v, now)
		if err != nil {
			return t, next, err
		}
		t.millis = ms
	default:
		t.setCase(v)
	}
	return t, next, nil
}

func (t *evTerm) setCase(v string) {
	if hasUpper(v) {
		t.bval, t.fold = []byte(v), false
	} else {
		t.bval, t.fold = []byte(lowerString(v)), true
	}
	t.rare = rarest(t.bval)
}

// commonBytes ranks the bytes that are frequent in log text, most frequent
// first; every other byte is rarer than all of them.
const commonBytes = " etaoinsrlcdu.hmp_fg-ykbw0v12x:354678/9q'z"

// rarest is the index of needle's rarest byte.
func rarest(needle []byte) int {
	best, rank := 0, -1
	for i, c := range needle {
		r := strings.IndexByte(commonBytes, c) // later in the list is rarer
		if r < 0 {
			r = len(commonBytes) // not in it: rarer still
		}
		if r > rank {
			best, rank = i, r
		}
	}
	return best
}

// contains is bytes.Contains that looks for needle's rarest byte first:
// log text is full of the common letters a plain search starts from, and a
// filter keystroke scans every line held.
func contains(hay, needle []byte, rare int) bool {
	n := len(needle)
	switch {
	case n == 0:
		return true
	case n > len(hay):
		return false
	}
	c := needle[rare]
	i := rare
	for i < len(hay)-(n-1-rare) {
		j := bytes.IndexByte(hay[i:len(hay)-(n-1-rare)], c)
		if j < 0 {
			return false
		}
		i += j
		if bytes.Equal(hay[i-rare:i-rare+n], needle) {
			return true
		}
		i++
	}
	return false
}

func evExample(qual string) string {
	switch qual {
	case "level":
		return "level:error"
	case "type":
		return "type:task_failed"
	case "since":
		return "since:15m"
	case "from", "to":
		return qual + ":2026-11-29T14:00"
	case "dep":
		return "dep:web-prod"
	case "id", "exec":
		return qual + ":3f2a9c1e"
	}
	return qual + ":value"
}

var evTimeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// evTime reads since:'s duration or from:/to:'s time, in Unix ms.
func evTime(qual, v string, now time.Time) (int64, error) {
	if qual == "since" {
		d, err := sinceDuration(v)
		if err != nil {
			return 0, err
		}
		return now.Add(-d).UnixMilli(), nil
	}
	for _, layout := range evTimeLayouts {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return t.UnixMilli(), nil
		}
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			n := now.UTC()
			day := time.Date(n.Year(), n.Month(), n.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
			return day.UnixMilli(), nil
		}
	}
	return 0, fmt.Errorf("%s:%s is not a time; use a date (2026-11-29), a date and time (2026-11-29T14:00) or a time of today (14:00), in UTC", qual, v)
}

// sinceDuration reads 90s, 15m, 2h, 1d, 1h30m.
func sinceDuration(v string) (time.Duration, error) {
	bad := fmt.Errorf("since:%s is not a duration; use e.g. since:30s, since:15m, since:2h or since:1d", v)
	s := strings.ToLower(v)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		var n int
		if _, err := fmt.Sscanf(s[:i], "%d", &n); err != nil || n < 0 || fmt.Sprint(n) != s[:i] {
			return 0, bad
		}
		days, s = time.Duration(n)*24*time.Hour, s[i+1:]
	}
	var rest time.Duration
	if s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return 0, bad
		}
		rest = d
	}
	if days+rest <= 0 {
		return 0, bad
	}
	return days + rest, nil
}

// Match reports whether r matches every term of q.
func (q EventQuery) Match(r *EventRow) bool {
	for i := range q.terms {
		if q.terms[i].match(r) == q.terms[i].neg {
			return false
		}
	}
	return true
}

func (t *evTerm) match(r *EventRow) bool {
	hay := r.hay
	if t.fold {
		hay = r.lower
	}
	switch t.kind {
	case evText:
		return contains(hay, t.bval, t.rare)
	case evField:
		a, b := r.bounds(t.field)
		return contains(hay[a:b], t.bval, t.rare)
	case evExact:
		a, b := r.bounds(t.field)
		return bytes.Equal(hay[a:b], t.bval)
	case evPrefix:
		a, b := r.bounds(t.field)
		return bytes.HasPrefix(hay[a:b], t.bval)
	case evLevel, evType:
		if r.IsLog != (t.kind == evLevel) {
			return false
		}
		a, b := r.bounds(EvKind)
		return bytes.Equal(r.lower[a:b], t.bval)
	case evAfter:
		return r.Millis >= t.millis
	case evBefore:
		return r.Millis < t.millis
	}
	return false
}

// Refines reports whether every line that matches q also matches prev, so
// that q's matches can be looked for among prev's (the common case while
// typing: "tim" then "timeout").
func (q EventQuery) Refines(prev EventQuery) bool {
	if len(prev.terms) > len(q.terms) {
		return false
	}
	for i := range prev.terms {
		t, p := &q.terms[i], &prev.terms[i]
		if t.neg != p.neg || t.kind != p.kind || t.field != p.field || t.fold != p.fold {
			return false
		}
		switch t.kind {
		case evText, evField:
			a, b := string(t.bval), string(p.bval)
			if t.neg {
				a, b = b, a
			}
			if !strings.Contains(a, b) {
				return false
			}
		case evPrefix:
			a, b := string(t.bval), string(p.bval)
			if t.neg {
				a, b = b, a
			}
			if !strings.HasPrefix(a, b) {
				return false
			}
		default:
			if !bytes.Equal(t.bval, p.bval) || t.millis != p.millis {
				return false
			}
		}
	}
	return true
}

// String is the canonical text of q.
func (q EventQuery) String() string {
	return canonical(len(q.terms), func(i int) (bool, string, string) {
		t := &q.terms[i]
		return t.neg, t.qual, t.raw
	})
}

// uuidLen is the length of an execution ID: only a whole one can be sent
// as execution_id, which the manager compares exactly.
const uuidLen = 36

// Server is the part of q the manager can filter, as a query that asks for
// every line q matches (and possibly more: Match decides). Only terms that
// are not negated are sent, the first of each filter.
func (q EventQuery) Server() client.EventsQuery {
	var s client.EventsQuery
	var from, to int64
	for i := range q.terms {
		t := &q.terms[i]
		if t.neg {
			continue
		}
		switch {
		case t.kind == evLevel && len(s.Levels) == 0:
			s.Levels = []string{t.raw}
		case t.kind == evType && len(s.EventTypes) == 0:
			s.EventTypes = []string{t.raw}
		case t.kind == evExact && t.field == EvDeployment && len(s.DeploymentIDs) == 0:
			s.DeploymentIDs = []string{t.raw}
		case t.kind == evExact && t.field == EvNodeName && len(s.NodeIDs) == 0:
			s.NodeIDs = []string{t.raw}
		case t.kind == evPrefix && len(t.raw) == uuidLen && len(s.ExecutionIDs) == 0:
			s.ExecutionIDs = []string{t.raw}
		case t.kind == evField && t.field == EvOperation && len(s.Operations) == 0:
			s.Operations = []string{client.ILikeContains(spaced(t.raw))}
		case t.kind == evField && t.field == EvMessage && len(s.Messages) == 0:
			s.Messages = []string{client.ILikeContains(spaced(t.raw))}
		case t.kind == evAfter && t.millis > from:
			from = t.millis
		case t.kind == evBefore && (to == 0 || t.millis < to):
			to = t.millis
		}
	}
	if from != 0 || to != 0 {
		s.Range = &client.EventsRange{}
		if from != 0 {
			s.Range.From = time.UnixMilli(from).UTC()
		}
		if to != 0 {
			s.Range.To = time.UnixMilli(to).UTC()
		}
	}
	return s
}

// spaced lets any run of text stand for a space: the line shows a newline
// or a tab of the manager's text as a space, and the manager's ILIKE must
// still find it.
func spaced(v string) string { return strings.ReplaceAll(v, " ", "%") }
