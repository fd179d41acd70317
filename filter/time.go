package filter

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// timeBound is a time term's test: which time of the execution (its
// creation or its end), and either a relative bound (less or more than d
// ago) or a day (UTC).
type timeBound struct {
	ended bool          // the end, else the creation
	op    byte          // '<' (less than d ago, or before the day), '>' (more than d ago, or after the day), '=' (on the day)
	d     time.Duration // relative
	day   int64         // unix nanoseconds of the day's start; 0 for a relative bound
}

const dayNanos = int64(24 * time.Hour)

// match tests the bound against the record's times (unix nanoseconds, 0
// when unknown: an execution that has not ended matches no ended: term).
func (b *timeBound) match(created, ended, now int64) bool {
	ts := created
	if b.ended {
		ts = ended
	}
	if ts == 0 {
		return false
	}
	if b.day != 0 {
		switch b.op {
		case '<':
			return ts < b.day
		case '>':
			return ts >= b.day+dayNanos
		}
		return ts >= b.day && ts < b.day+dayNanos
	}
	age := now - ts
	if b.op == '>' {
		return age > int64(b.d)
	}
	return age < int64(b.d)
}

// parseTimeBound reads age:<1h, age:>2d, created:2026-11-30,
// created:<15m, ended:<15m. A bare duration means "less than that long ago".
func parseTimeBound(qual, v string) (timeBound, error) {
	b := timeBound{ended: qual == "ended", op: '<'}
	rest := v
	if rest != "" && (rest[0] == '<' || rest[0] == '>') {
		b.op, rest = rest[0], rest[1:]
	} else if qual != "age" && len(rest) == 10 && rest[4] == '-' {
		b.op = '='
	}
	if qual != "age" && len(rest) == 10 && rest[4] == '-' {
		day, err := time.Parse("2006-01-02", rest)
		if err != nil {
			return b, fmt.Errorf("%s:%s: %q is not a date; write it like 2026-11-30", qual, v, rest)
		}
		b.day = day.UnixNano()
		return b, nil
	}
	d, err := parseAge(rest)
	if err != nil {
		return b, fmt.Errorf("%s:%s: %v; write it like %s", qual, v, err, example(qual))
	}
	b.d = d
	return b, nil
}

// parseAge reads 90s, 15m, 1h30m, 2d, 1w.
func parseAge(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("no duration")
	}
	var total time.Duration
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i == len(s) {
			return 0, fmt.Errorf("%q is not a duration", s)
		}
		n, _ := strconv.Atoi(s[:i])
		var unit time.Duration
		switch s[i] {
		case 's':
			unit = time.Second
		case 'm':
			unit = time.Minute
		case 'h':
			unit = time.Hour
		case 'd':
			unit = 24 * time.Hour
		case 'w':
			unit = 7 * 24 * time.Hour
		default:
			return 0, fmt.Errorf("unknown unit %q (s, m, h, d or w)", s[i:i+1])
		}
		total += time.Duration(n) * unit
		s = s[i+1:]
	}
	return total, nil
}

// orTerm reads a qualifier's comma-separated values as one term that
// matches when any of them does: status:failed,started.
func orTerm(t term, v string) (term, error) {
	or := t
	or.kind, or.raw = kindOr, v
	for _, part := range strings.Split(v, ",") {
		if part == "" {
			return t, fmt.Errorf("%s:%s has an empty value between commas", t.qual, v)
		}
		alt := t
		alt.neg = false
		alt, err := valueTerm(alt, part)
		if err != nil {
			return t, err
		}
		or.alts = append(or.alts, alt)
	}
	or.field = or.alts[0].field
	or.fold = or.alts[0].fold
	return or, nil
}

// At returns q measuring relative times (age:<1h) from now.
func (q Query) At(now time.Time) Query {
	q.now = now.UnixNano()
	return q
}

func (q *Query) nowNano() int64 {
	if q.now != 0 {
		return q.now
	}
	return time.Now().UnixNano()
}

// HasTime reports whether q has a relative time term, whose matches change
// as time passes.
func (q Query) HasTime() bool {
	for i := range q.terms {
		t := &q.terms[i]
		if t.kind == kindTime && t.tm.day == 0 {
			return true
		}
		for j := range t.alts {
			if t.alts[j].kind == kindTime && t.alts[j].tm.day == 0 {
				return true
			}
		}
	}
	return false
}

// HasStuck reports whether q looks at the stuck marks (is:stuck).
func (q Query) HasStuck() bool {
	for i := range q.terms {
		t := &q.terms[i]
		if t.kind == kindIs && t.is == isStuck {
			return true
		}
		for j := range t.alts {
			if t.alts[j].kind == kindIs && t.alts[j].is == isStuck {
				return true
			}
		}
	}
	return false
}

// isTime reports whether t tests only times.
func (t *term) isTime() bool {
	if t.kind == kindOr {
		return t.alts[0].kind == kindTime
	}
	return t.kind == kindTime
}

// usesFlags reports whether t (or an alt) tests a flag, not only the status.
func (t *term) usesFlags() bool {
	if t.kind == kindIs {
		return true
	}
	for i := range t.alts {
		if t.alts[i].kind == kindIs {
			return true
		}
	}
	return false
}

// SetStuck marks record i stuck or not, for is:stuck.
func (s *Set) SetStuck(i int32, stuck bool) {
	if !s.Live(i) {
		return
	}
	s.recs[i].stuck = stuck
	if stuck {
		s.flags[i] |= flagStuck
	} else {
		s.flags[i] &^= flagStuck
	}
}

// scanTime applies a time term (or an OR of them) with the dense times.
func (s *Set) scanTime(t *term, out []bool, now int64) int {
	count := 0
	times := s.times[:len(out)]
	for i := range out {
		if !out[i] {
			continue
		}
		c, e := times[i][0], times[i][1]
		var ok bool
		if t.kind == kindOr {
			for j := range t.alts {
				if t.alts[j].tm.match(c, e, now) {
					ok = true
					break
				}
			}
		} else {
			ok = t.tm.match(c, e, now)
		}
		out[i] = ok != t.neg
		if out[i] {
			count++
		}
	}
	return count
}

// evalDictOr is evalDict for an OR of values: a dictionary value matches
// when any alt does.
func (s *Set) evalDictOr(t *term, f Field) ([]bool, bool) {
	var acc []bool
	anyHit := false
	for j := range t.alts {
		vm, hit := s.evalDict(&t.alts[j], f)
		if acc == nil {
			acc = make([]bool, len(vm))
		}
		if !hit {
			continue
		}
		anyHit = true
		for v, ok := range vm {
			acc[v] = acc[v] || ok
		}
	}
	return acc, anyHit
}

// Stuck reports whether record i is marked stuck.
func (s *Set) Stuck(i int32) bool { return s.Live(i) && s.recs[i].stuck }

// Syntax is the filter language in a few lines for the help screen: each
// an example and what it matches.
func Syntax() [][2]string {
	return [][2]string{
		{"web", "any field contains it"},
		{"status:failed,started", "commas OR a qualifier's values"},
		{"dep: wf: bp: by: tenant:", "one field contains it"},
		{"id:3f2a", "the ID starts with it"},
		{"age:<1h age:>2d", "created less / more than that ago"},
		{"created:2026-11-30", "created that day (UTC)"},
		{"ended:<15m", "ended less than that ago"},
		{"is:stuck is:active", "also is:waiting is:system is:dry-run"},
		{`!term  dep:"a b"`, "negate; quote spaces"},
	}
}
