package events

import (
	"sort"
	"strings"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/textsafe"
)

// severity picks a line's style.
type severity uint8

const (
	sevInfo severity = iota
	sevDebug
	sevWarning
	sevError
)

// entry is one event or log line as held: its words cleaned once, its
// search record, and the lines it unfolds to.
type entry struct {
	ms     int64 // the event's timestamp, Unix ms
	kind   string
	sev    severity
	dep    string
	wf     string
	exec   string // the whole execution ID
	node   string
	op     string
	msg    string   // the first line of the message
	more   []string // the message's other lines and the error causes, shown unfolded
	tenant string
	row    *filter.EventRow // in its page's records
}

func str(n client.Nullable[string]) string { return textsafe.Clean(n.Value) }

// newEntry builds the line of ev, read for tenant, with its search record.
func newEntry(ev *client.Event, tenant string, row *filter.EventRow) entry {
	e := entry{
		ms: ev.Timestamp.UnixMilli(), dep: str(ev.DeploymentID), wf: str(ev.WorkflowID), exec: str(ev.ExecutionID),
		node: str(ev.NodeInstanceID), op: str(ev.Operation), tenant: textsafe.Clean(tenant),
	}
	if ev.IsLog() {
		e.kind = strings.ToUpper(textsafe.Clean(ev.Level))
		if e.kind == "" {
			e.kind = "LOG"
		}
		switch strings.ToLower(ev.Level) {
		case "error", "critical":
			e.sev = sevError
		case "warning", "warn":
			e.sev = sevWarning
		case "debug":
			e.sev = sevDebug
		}
	} else {
		e.kind = textsafe.Clean(ev.EventType)
		if e.kind == "" {
			e.kind = "event"
		}
		switch ev.EventType {
		case "task_failed", "workflow_failed", "policy_failed", "trigger_failed":
			e.sev = sevError
		case "task_rescheduled", "task_retried", "workflow_cancelled":
			e.sev = sevWarning
		}
	}
	lines := strings.Split(strings.TrimRight(textsafe.CleanMultiline(ev.Message), "\n"), "\n")
	e.msg = lines[0]
	e.more = append(e.more, lines[1:]...)
	for _, c := range ev.ErrorCauses {
		e.more = append(e.more, textsafe.Clean("cause: "+c.Type+": "+c.Message))
		for _, l := range strings.Split(textsafe.CleanMultiline(c.Traceback), "\n") {
			if strings.TrimSpace(l) != "" {
				e.more = append(e.more, "  "+l)
			}
		}
	}
	e.row = row
	return e
}

// store holds at most max lines, the newest, and the ones the filter keeps.
// Lines are numbered from the first ever held (seq), so that dropping the
// oldest renumbers nothing.
type store struct {
	max     int
	entries []entry
	base    int   // seq of entries[0]
	dropped int   // lines dropped to stay within max
	matches []int // seqs of the lines the filter keeps, ascending
	query   filter.EventQuery
	pages   []page // the search records of the lines held, by page
}

// page is the search records of the lines added together, from seq on; a
// full re-filter searches each page's buffer in one pass.
type page struct {
	seq     int
	records *filter.EventPage
}

func (s *store) next() int { return s.base + len(s.entries) }

func (s *store) at(seq int) *entry { return &s.entries[seq-s.base] }

// add appends lines and drops the oldest beyond max.
func (s *store) add(evs []client.Event, tenants []string) {
	p := filter.NewEventPage(evs, tenants)
	if len(evs) > 0 {
		s.pages = append(s.pages, page{seq: s.next(), records: p})
	}
	for i := range evs {
		e := newEntry(&evs[i], tenants[i], &p.Rows[i])
		if s.query.Match(e.row) {
			s.matches = append(s.matches, s.next())
		}
		s.entries = append(s.entries, e)
	}
	if over := len(s.entries) - s.max; over > 0 {
		clear(s.entries[:over]) // the strings go with them
		s.entries = s.entries[over:]
		s.base += over
		s.dropped += over
		cut := sort.SearchInts(s.matches, s.base)
		s.matches = s.matches[cut:]
		gone := 0
		for gone < len(s.pages) && s.pages[gone].seq+len(s.pages[gone].records.Rows) <= s.base {
			gone++
		}
		clear(s.pages[:gone])
		s.pages = s.pages[gone:]
	}
}

// setQuery filters the held lines anew; a query that narrows the last one
// looks only among its matches.
func (s *store) setQuery(q filter.EventQuery) {
	prev := s.query
	s.query = q
	if q.Refines(prev) {
		out := s.matches[:0]
		for _, seq := range s.matches {
			if q.Match(s.at(seq).row) {
				out = append(out, seq)
			}
		}
		s.matches = out
		return
	}
	out := make([]int, 0, len(s.matches))
	for _, p := range s.pages {
		out = q.AppendMatches(out, p.records, max(s.base-p.seq, 0), p.seq)
	}
	s.matches = out
}

// reset forgets every line (the query the manager answers changed).
func (s *store) reset() {
	*s = store{max: s.max, query: s.query}
}

// index is the position in matches of the first match at or after seq.
func (s *store) index(seq int) int { return sort.SearchInts(s.matches, seq) }
