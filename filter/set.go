package filter

import (
	"bytes"
	"slices"
	"strings"

	"github.com/cfytop/cfytop/client"
)

// Set holds the search records of many executions, numbered by the caller
// (the list's row slots), laid out for scanning the whole set fast.
//
// The text of every record lives in one arena, in the order records were
// written: Row, Match and LowerField read it. Scan reads two other layouts:
//
//   - Every field but the ID takes few distinct values (a busy manager has
//     thousands of executions but tens of workflows, blueprints, creators,
//     a few thousand deployments). Each such field is a dictionary of its
//     distinct values plus one value number per record, so that a term is
//     matched once per distinct value and then looked up per record: at
//     100,000 records that reads 400 KB per field instead of calling a
//     search on every record's text.
//   - The IDs, unique per record, have their own arena (original case and
//     lowered), scanned with one pass over contiguous memory.
//
// Rewriting a record appends its new text and leaves the old text as
// garbage; the arenas are rebuilt when garbage outweighs live text, and the
// dictionaries (which keep values no record has any more) along with them
// once they have doubled.
type Set struct {
	hay   []byte  // arena, original case
	lower []byte  // arena, lowered, same offsets
	ent   []entry // arena order
	recs  []recMeta
	live  int
	dead  int // dead entries in ent
	hit   []bool

	// Dense per-record columns for Scan.
	alive []bool
	code  []uint8    // status code (see statusCode)
	flags []uint8    // flagSystem, flagDryRun, flagStuck
	times [][2]int64 // created, ended (unix nanoseconds, 0 when unknown)
	vals  [numFields][]uint32
	dicts [numFields]*dict // nil for FieldID

	idHay, idLower []byte // the IDs of ent, in the same order; see entry.id
	vm             []bool // scratch: a term's verdict per dictionary value
	dictBase       int    // values in the dictionaries after their last rebuild
}

const (
	flagSystem uint8 = 1 << iota
	flagDryRun
	flagStuck
)

// dict holds the distinct values of one field.
type dict struct {
	index map[string]uint32
	hay   []string // original case
	lower []string
	last  uint32 // the value interned last
}

func newDict() *dict { return &dict{index: map[string]uint32{}} }

// intern returns the number of value v (original case, as in the arena;
// lv is the same lowered).
func (d *dict) intern(v, lv []byte) uint32 {
	// Records written one after another often share a value (tenant,
	// creator, status): check the last one before hashing.
	if d.last < uint32(len(d.hay)) && d.hay[d.last] == string(v) {
		return d.last
	}
	if n, ok := d.index[string(v)]; ok {
		d.last = n
		return n
	}
	n := uint32(len(d.hay))
	sv := string(v)
	d.index[sv] = n
	d.hay = append(d.hay, sv)
	d.lower = append(d.lower, string(lv))
	d.last = n
	return n
}

// isDictField reports whether Scan matches field f by dictionary.
func isDictField(f Field) bool { return f != FieldID }

type entry struct {
	start uint32
	id    uint32 // start of the record's ID in idHay/idLower
	rec   int32  // -1 when the record was rewritten or deleted
}

type recMeta struct {
	ent    int32 // index in ent, -1 when not live
	ends   [numFields]uint16
	status client.Status
	code   uint8 // index of status in client.AllStatuses, unknownStatus if none
	system bool
	dryRun bool
	stuck  bool
}

const (
	numStatuses   = 10
	unknownStatus = uint8(255)
)

func statusCode(st client.Status) uint8 {
	for i, k := range client.AllStatuses[:numStatuses] {
		if k == st {
			return uint8(i)
		}
	}
	return unknownStatus
}

// Len is one more than the highest record number ever written.
func (s *Set) Len() int { return len(s.recs) }

// Grow makes room for n more records, so that loading many records at once
// does not copy the set's columns again and again as they grow.
func (s *Set) Grow(n int) {
	if n <= 0 {
		return
	}
	s.recs = slices.Grow(s.recs, n)
	s.alive = slices.Grow(s.alive, n)
	s.code = slices.Grow(s.code, n)
	s.flags = slices.Grow(s.flags, n)
	s.times = slices.Grow(s.times, n)
	for f := range s.vals {
		if isDictField(Field(f)) {
			s.vals[f] = slices.Grow(s.vals[f], n)
		}
	}
	s.ent = slices.Grow(s.ent, n)
	// Text: as long as the records so far, or a guess for a first load.
	per, idPer := 128, 40
	if len(s.ent) > 0 {
		per = len(s.hay)/len(s.ent) + 1
		idPer = len(s.idHay)/len(s.ent) + 1
	}
	s.hay = slices.Grow(s.hay, n*per)
	s.lower = slices.Grow(s.lower, n*per)
	s.idHay = slices.Grow(s.idHay, n*idPer)
	s.idLower = slices.Grow(s.idLower, n*idPer)
}

// Put writes the record of e as number i (0 <= i; the set grows).
func (s *Set) Put(i int32, e *client.Execution) {
	for int(i) >= len(s.recs) {
		s.recs = append(s.recs, recMeta{ent: -1})
		s.alive = append(s.alive, false)
		s.code = append(s.code, unknownStatus)
		s.flags = append(s.flags, 0)
		s.times = append(s.times, [2]int64{})
		for f := range s.vals {
			if isDictField(Field(f)) {
				s.vals[f] = append(s.vals[f], 0)
			}
		}
	}
	m := &s.recs[i]
	oldStart, oldEnds := -1, m.ends
	if m.ent >= 0 {
		oldStart = int(s.ent[m.ent].start)
		s.ent[m.ent].rec = -1
		s.dead++
	} else {
		s.live++
	}
	start := len(s.hay)
	var r Row
	s.hay = appendRecord(s.hay, &r, e)
	s.lower = appendLower(s.lower, s.hay[start:])
	idStart := len(s.idHay)
	s.idHay = append(s.idHay, s.hay[start:start+int(r.ends[FieldID])+1]...)
	s.idLower = append(s.idLower, s.lower[start:start+int(r.ends[FieldID])+1]...)
	s.ent = append(s.ent, entry{start: uint32(start), id: uint32(idStart), rec: i})
	*m = recMeta{ent: int32(len(s.ent) - 1), ends: r.ends, status: r.Status, code: statusCode(r.Status),
		system: r.System, dryRun: r.DryRun, stuck: m.stuck}
	s.times[i] = [2]int64{r.Created, r.Ended}
	s.index(i, start, oldStart, &oldEnds)
	s.maybeCompact()
}

// index fills the dense columns of live record i, whose text starts at
// start in the arena. For a rewrite, oldStart and oldEnds place the
// record's previous text (its value numbers are still those of that text):
// a field whose text did not change keeps its number without a dictionary
// lookup, since a poll usually changes an execution's status, not its
// names. oldStart is -1 otherwise.
func (s *Set) index(i int32, start, oldStart int, oldEnds *[numFields]uint16) {
	m := &s.recs[i]
	s.alive[i] = true
	s.code[i] = m.code
	var fl uint8
	if m.system {
		fl |= flagSystem
	}
	if m.dryRun {
		fl |= flagDryRun
	}
	if m.stuck {
		fl |= flagStuck
	}
	s.flags[i] = fl
	for f := Field(0); f < numFields; f++ {
		if !isDictField(f) {
			continue
		}
		if s.dicts[f] == nil {
			s.dicts[f] = newDict()
		}
		a := start + int(m.ends[f-1]) + 1
		b := start + int(m.ends[f])
		d := s.dicts[f]
		if oldStart >= 0 {
			oa, ob := oldStart+int(oldEnds[f-1])+1, oldStart+int(oldEnds[f])
			if bytes.Equal(s.hay[a:b], s.hay[oa:ob]) {
				continue
			}
		}
		s.vals[f][i] = d.intern(s.hay[a:b], s.lower[a:b])
	}
}

// Delete removes record i.
func (s *Set) Delete(i int32) {
	if int(i) >= len(s.recs) || s.recs[i].ent < 0 {
		return
	}
	s.ent[s.recs[i].ent].rec = -1
	s.recs[i] = recMeta{ent: -1}
	s.flags[i] &^= flagStuck
	s.alive[i] = false
	s.dead++
	s.live--
	s.maybeCompact()
}

// Live reports whether record i exists.
func (s *Set) Live(i int32) bool { return int(i) < len(s.recs) && s.recs[i].ent >= 0 }

// Row returns record i; its bytes point into the arena and stay valid (the
// arena is never written in place) but must not be changed.
func (s *Set) Row(i int32) Row {
	if !s.Live(i) {
		return Row{}
	}
	m := &s.recs[i]
	a, b := s.span(m.ent)
	return Row{hay: s.hay[a:b:b], lower: s.lower[a:b:b], ends: m.ends, Status: m.status, System: m.system, DryRun: m.dryRun,
		Created: s.times[i][0], Ended: s.times[i][1], Stuck: m.stuck}
}

// LowerField returns field f of record i, lowered, without copying.
func (s *Set) LowerField(i int32, f Field) []byte {
	if !s.Live(i) || f >= numFields {
		return nil
	}
	m := &s.recs[i]
	a, _ := s.span(m.ent)
	lo := 0
	if f > 0 {
		lo = int(m.ends[f-1]) + 1
	}
	return s.lower[a+lo : a+int(m.ends[f])]
}

// span is the arena range of entry k (its last byte is a NUL).
func (s *Set) span(k int32) (int, int) {
	a := int(s.ent[k].start)
	if int(k)+1 < len(s.ent) {
		return a, int(s.ent[k+1].start)
	}
	return a, len(s.hay)
}

// maybeCompact rebuilds the arenas and dictionaries in fresh memory (Rows
// handed out keep pointing at the old arena, which is never written again)
// once dead text outweighs live text.
func (s *Set) maybeCompact() {
	if s.dead < 1024 || s.dead < s.live {
		return
	}
	// Room for as much text again as is live: the arenas are compacted
	// again about when it is used up, so rewrites never grow (copy) them
	// in between.
	hay := make([]byte, 0, 2*(len(s.hay)*s.live/max(len(s.ent), 1))+1024)
	lower := make([]byte, 0, cap(hay))
	idHay := make([]byte, 0, 2*(len(s.idHay)*s.live/max(len(s.ent), 1))+1024)
	idLower := make([]byte, 0, cap(idHay))
	ent := make([]entry, 0, 2*s.live+64)
	for i := range s.recs {
		m := &s.recs[i]
		if m.ent < 0 {
			continue
		}
		a, b := s.span(m.ent)
		start := len(hay)
		hay = append(hay, s.hay[a:b]...)
		lower = append(lower, s.lower[a:b]...)
		idStart := len(idHay)
		n := int(m.ends[FieldID]) + 1
		idHay = append(idHay, s.hay[a:a+n]...)
		idLower = append(idLower, s.lower[a:a+n]...)
		ent = append(ent, entry{start: uint32(start), id: uint32(idStart), rec: int32(i)})
		m.ent = int32(len(ent) - 1)
	}
	s.hay, s.lower, s.ent, s.dead = hay, lower, ent, 0
	s.idHay, s.idLower = idHay, idLower
	// Value numbers survive the move. The dictionaries only grow (a value
	// no record has any more stays), so they are rebuilt too once they have
	// doubled since the last rebuild: re-interning every record costs more
	// than copying the arena, and values rarely change.
	total := 0
	for _, d := range s.dicts {
		if d != nil {
			total += len(d.hay)
		}
	}
	if total <= 2*s.dictBase+1024 {
		return
	}
	s.dicts = [numFields]*dict{}
	for i := range s.recs {
		if s.recs[i].ent >= 0 {
			s.index(int32(i), int(s.ent[s.recs[i].ent].start), -1, nil)
		}
	}
	s.dictBase = 0
	for _, d := range s.dicts {
		if d != nil {
			s.dictBase += len(d.hay)
		}
	}
}

// Scan sets out[i] for every record number i (out must hold Len() values):
// true when record i exists and matches q. It returns the number of matches.
//
// Terms are applied cheapest first, each only to the records every earlier
// term left: the status and flags (dense columns), then terms on one
// dictionary field (one match per distinct value, one lookup per record),
// then bare terms (the dictionaries of every field and one pass over the
// ID arena), then terms on the ID. Once few candidates are left, a term is
// checked record by record instead.
func (q Query) Scan(s *Set, out []bool) int {
	n := len(s.recs)
	out = out[:n]
	copy(out, s.alive)
	count := s.live
	now := q.nowNano()
	for pass := range 4 {
		for ti := range q.terms {
			if count == 0 {
				return 0
			}
			t := &q.terms[ti]
			if termPass(t) != pass {
				continue
			}
			switch pass {
			case 0:
				if t.isTime() {
					count = s.scanTime(t, out, now)
				} else {
					count = s.scanMeta(t, out)
				}
			case 1:
				if t.kind == kindOr {
					count = s.scanDict(t, out)
				} else if d := s.dicts[t.field]; d == nil || count < len(d.hay)/4 {
					count = s.scanField(t, out)
				} else {
					count = s.scanDict(t, out)
				}
			case 2:
				if count > n/16 {
					count = s.scanText(t, out)
				} else {
					count = s.scanRows(t, out, now)
				}
			default:
				if t.kind == kindOr {
					count = s.scanRows(t, out, now)
				} else {
					count = s.scanField(t, out)
				}
			}
		}
	}
	return count
}

// termPass is the pass of Scan that applies t.
func termPass(t *term) int {
	if t.kind == kindOr {
		return termPass(&t.alts[0]) // every alt is of the same qualifier
	}
	switch {
	case t.kind == kindTime:
		return 0
	case t.kind == kindIs || t.kind == kindStatus:
		return 0
	case (t.kind == kindField || t.kind == kindPrefix) && isDictField(t.field):
		return 1
	case t.kind == kindText:
		return 2
	}
	return 3
}

// scanMeta applies a status or is: term using the dense columns.
func (s *Set) scanMeta(t *term, out []bool) int {
	// Decide once per known status rather than once per record.
	var known [numStatuses]bool
	for c, st := range client.AllStatuses[:numStatuses] {
		known[c] = t.matchMeta(st, false, false, false)
	}
	flagged := t.usesFlags()
	count := 0
	code, flags := s.code[:len(out)], s.flags[:len(out)]
	for i := range out {
		if !out[i] {
			continue
		}
		var ok bool
		switch {
		case t.kind == kindIs && t.is == isSystem:
			ok = flags[i]&flagSystem != 0
		case t.kind == kindIs && t.is == isDryRun:
			ok = flags[i]&flagDryRun != 0
		case t.kind == kindIs && t.is == isStuck:
			ok = flags[i]&flagStuck != 0
		case code[i] != unknownStatus && !flagged:
			ok = known[code[i]]
		default:
			m := &s.recs[i]
			ok = t.matchMeta(m.status, flags[i]&flagSystem != 0, flags[i]&flagDryRun != 0, flags[i]&flagStuck != 0)
		}
		out[i] = ok != t.neg
		if out[i] {
			count++
		}
	}
	return count
}

// evalDict matches t against every distinct value of field f and returns
// the verdict per value number (without t's negation), and whether any
// value matched. The slice is scratch, valid until the next call.
func (s *Set) evalDict(t *term, f Field) ([]bool, bool) {
	d := s.dicts[f]
	if d == nil {
		return nil, false
	}
	if t.kind == kindOr {
		return s.evalDictOr(t, f)
	}
	vals := d.hay
	if t.fold {
		vals = d.lower
	}
	if cap(s.vm) < len(vals) {
		s.vm = make([]bool, len(vals)+len(vals)/4)
	}
	vm := s.vm[:len(vals)]
	anyHit := false
	for v, str := range vals {
		var ok bool
		if t.kind == kindPrefix {
			ok = strings.HasPrefix(str, t.val)
		} else {
			ok = strings.Contains(str, t.val)
		}
		vm[v] = ok
		anyHit = anyHit || ok
	}
	return vm, anyHit
}

// scanDict applies a one-field term on a dictionary field.
func (s *Set) scanDict(t *term, out []bool) int {
	vm, anyHit := s.evalDict(t, t.field)
	count := 0
	if !anyHit {
		// Nothing matches: the term keeps every candidate or none.
		if !t.neg {
			clear(out)
			return 0
		}
		for _, ok := range out {
			if ok {
				count++
			}
		}
		return count
	}
	vals := s.vals[t.field][:len(out)]
	for i := range out {
		if out[i] {
			out[i] = vm[vals[i]] != t.neg
			if out[i] {
				count++
			}
		}
	}
	return count
}

// scanText applies a bare term: a record matches when any field contains
// the value, found through every field's dictionary and the ID arena.
func (s *Set) scanText(t *term, out []bool) int {
	n := len(out)
	if cap(s.hit) < n {
		s.hit = make([]bool, n)
	}
	hit := s.hit[:n]
	clear(hit)
	s.scanIDs(t, hit)
	for f := Field(0); f < numFields; f++ {
		if !isDictField(f) {
			continue
		}
		vm, anyHit := s.evalDict(t, f)
		if !anyHit {
			continue
		}
		// Only candidates (live records) have a value number that is
		// valid in the current dictionary.
		vals := s.vals[f][:n]
		for i := range hit {
			if out[i] && !hit[i] && vm[vals[i]] {
				hit[i] = true
			}
		}
	}
	count := 0
	for i := range out {
		out[i] = out[i] && hit[i] != t.neg
		if out[i] {
			count++
		}
	}
	return count
}

// scanRows applies t to the candidates one record at a time.
func (s *Set) scanRows(t *term, out []bool, now int64) int {
	count := 0
	for i := range out {
		if !out[i] {
			continue
		}
		r := s.Row(int32(i))
		out[i] = t.match(&r, now) != t.neg
		if out[i] {
			count++
		}
	}
	return count
}

// scanField applies a one-field term to the candidates in out, walking the
// arena in order (so memory is read front to back) and searching only the
// field's bytes, first for the pattern's rarest byte.
func (s *Set) scanField(t *term, out []bool) int {
	arena := s.hay
	if t.fold {
		arena = s.lower
	}
	pat := t.bval
	fd := newFinder(arena, pat)
	count := 0
	for k := range s.ent {
		r := s.ent[k].rec
		if r < 0 || !out[r] {
			continue
		}
		m := &s.recs[r]
		a := int(s.ent[k].start)
		if t.field > 0 {
			a += int(m.ends[t.field-1]) + 1
		}
		f := arena[a : int(s.ent[k].start)+int(m.ends[t.field])]
		var ok bool
		if t.kind == kindPrefix {
			ok = bytes.HasPrefix(f, pat)
		} else {
			ok = fd.index(f, 0) >= 0
		}
		out[r] = ok != t.neg
		if out[r] {
			count++
		}
	}
	return count
}

// scanIDs marks in hit every live record whose ID contains t's value: one
// pass over the ID arena (each ID is followed by a NUL).
func (s *Set) scanIDs(t *term, hit []bool) {
	arena := s.idHay
	if t.fold {
		arena = s.idLower
	}
	f := newFinder(arena, t.bval)
	pos, k := 0, 0
	for pos < len(arena) {
		h := f.index(arena, pos)
		if h < 0 {
			return
		}
		for k+1 < len(s.ent) && int(s.ent[k+1].id) <= h {
			k++
		}
		end := len(arena)
		if k+1 < len(s.ent) {
			end = int(s.ent[k+1].id)
		}
		if r := s.ent[k].rec; r >= 0 {
			hit[r] = true
		}
		pos = end
	}
}

// finder finds a pattern in the arena. bytes.Index jumps between
// occurrences of the pattern's first byte with IndexByte, a call per
// occurrence: slow when that byte is common, as "e", "-" or digits are in
// execution records. The finder instead anchors on the pattern's rarest byte
// (byte frequencies sampled from the arena), and when even that byte is
// common, searches 64-byte windows, where bytes.Index compares every
// position with vector instructions.
type finder struct {
	pat      []byte
	anchor   int // index in pat of the byte to look for first
	windowed bool
}

func newFinder(arena, pat []byte) finder {
	f := finder{pat: pat}
	if len(pat) == 0 {
		return f
	}
	// Sample up to 16 KiB from four places of the arena.
	var freq [256]int
	const chunk = 4096
	sampled := 0
	for i := range 4 {
		start := len(arena) / 4 * i
		end := min(start+chunk, len(arena))
		for _, c := range arena[start:end] {
			freq[c]++
		}
		sampled += end - start
	}
	best := 0
	for i := 1; i < len(pat); i++ {
		if freq[pat[i]] < freq[pat[best]] {
			best = i
		}
	}
	f.anchor = best
	// An anchor met more than once every 24 bytes costs more in calls than
	// comparing every position.
	f.windowed = len(pat) >= 2 && len(pat) <= 32 && sampled > 0 && freq[pat[best]]*24 > sampled
	return f
}

// index returns the position of the first match at or after pos, or -1.
func (f *finder) index(a []byte, pos int) int {
	pat := f.pat
	n := len(pat)
	if f.windowed {
		const window = 64
		for pos+n <= len(a) {
			end := min(pos+window, len(a))
			if j := bytes.Index(a[pos:end], pat); j >= 0 {
				return pos + j
			}
			if end == len(a) {
				break
			}
			pos = end - n + 1
		}
		return -1
	}
	k, c := f.anchor, pat[f.anchor]
	for pos+n <= len(a) {
		j := bytes.IndexByte(a[pos+k:len(a)-(n-1-k)], c)
		if j < 0 {
			return -1
		}
		start := pos + j
		if bytes.Equal(a[start:start+n], pat) {
			return start
		}
		pos = start + 1
	}
	return -1
}
