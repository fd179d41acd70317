package filter

import (
	"bytes"

	"github.com/cfytop/cfytop/client"
)

// EventPage is the search records of one page of events, sharing two
// buffers (the text and its lowered copy) in which the records follow one
// another, each field ended by a NUL.
type EventPage struct {
	Rows       []EventRow
	hay, lower []byte
	starts     []int // starts[i] is where Rows[i] begins; starts[len(Rows)] the end
	// How often each byte occurs in hay and in lower: a search starts from
	// the needle's byte that is rarest in the page, and skips a page that
	// lacks one of its bytes.
	hayCount, lowerCount [256]uint32
}

// NewEventPage builds the search records of a page of events, tenants[i]
// being the tenant evs[i] was read for.
func NewEventPage(evs []client.Event, tenants []string) *EventPage {
	p := &EventPage{Rows: make([]EventRow, len(evs)), starts: make([]int, len(evs)+1)}
	buf := make([]byte, 0, 160*len(evs))
	for i := range evs {
		buf = appendEventRecord(buf, &p.Rows[i], &evs[i], tenants[i])
		p.starts[i+1] = len(buf)
	}
	lower := appendLower(make([]byte, 0, len(buf)), buf)
	for i := range p.Rows {
		a, b := p.starts[i], p.starts[i+1]
		p.Rows[i].hay, p.Rows[i].lower = buf[a:b:b], lower[a:b:b]
	}
	p.hay, p.lower = buf, lower
	for _, c := range buf {
		p.hayCount[c]++
	}
	for _, c := range lower {
		p.lowerCount[c]++
	}
	return p
}

// AppendMatches appends base+i to dst for every row i at or after from that
// q matches, in order. A term that looks for text in the whole line is
// looked for in the page's buffer in one pass, so that only the lines that
// hold it are read one by one: a filter keystroke reads every line held.
func (q EventQuery) AppendMatches(dst []int, p *EventPage, from, base int) []int {
	lead, rare := q.leadTerm(p)
	if lead < 0 {
		for i := from; i < len(p.Rows); i++ {
			if q.Match(&p.Rows[i]) {
				dst = append(dst, base+i)
			}
		}
		return dst
	}
	t := &q.terms[lead]
	buf, count := p.hay, &p.hayCount
	if t.fold {
		buf, count = p.lower, &p.lowerCount
	}
	needle := t.bval
	if count[needle[rare]] == 0 {
		return dst // not in this page
	}
	c, n := needle[rare], len(needle)
	row := from
	for pos := p.starts[from] + rare; pos < len(buf); {
		k := bytes.IndexByte(buf[pos:], c)
		if k < 0 {
			break
		}
		pos += k
		start := pos - rare
		if start+n > len(buf) || !bytes.Equal(buf[start:start+n], needle) {
			pos++
			continue
		}
		for p.starts[row+1] <= start {
			row++ // a needle holds no NUL: it never spans two records
		}
		if q.matchExcept(&p.Rows[row], lead) {
			dst = append(dst, base+row)
		}
		row++
		if row == len(p.Rows) {
			break
		}
		pos = p.starts[row] + rare
	}
	return dst
}

// leadTerm picks the term to look for in p's buffer, and the byte of it to
// look for first: of the terms a line must hold as text anywhere (not
// negated, no NUL in them), the one with the byte that is rarest in p.
// lead is -1 when there is none.
func (q EventQuery) leadTerm(p *EventPage) (lead, rare int) {
	lead, best := -1, uint32(0)
	for i := range q.terms {
		t := &q.terms[i]
		if t.kind != evText || t.neg || len(t.bval) == 0 || bytes.IndexByte(t.bval, 0) >= 0 {
			continue
		}
		count := &p.hayCount
		if t.fold {
			count = &p.lowerCount
		}
		for j, c := range t.bval {
			if lead < 0 || count[c] < best {
				lead, rare, best = i, j, count[c]
			}
		}
	}
	return lead, rare
}

// matchExcept is Match without term skip (known to match).
func (q EventQuery) matchExcept(r *EventRow, skip int) bool {
	for i := range q.terms {
		if i != skip && q.terms[i].match(r) == q.terms[i].neg {
			return false
		}
	}
	return true
}
