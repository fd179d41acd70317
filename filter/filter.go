// Package filter is the dashboard's filter language.
//
// A query is a list of terms separated by spaces; a row must match every term.
//
//	web              substring of id, workflow, deployment, blueprint, status
//	                 (and its display word, e.g. "completed"), creator or tenant
//	!web             negates any term, qualified ones included
//	status:fail      the status or its display word starts with the value
//	dep:web wf:inst bp:base by:admin tenant:ops
//	                 substring of that one field
//	id:3f2a          the execution ID starts with the value
//	is:active is:waiting is:system is:dry-run is:stuck
//	age:<1h age:>2d  created (or ended) less / more than that long ago
//	created:2026-11-30 ended:<15m
//	                 that day (UTC), or a time relative to now
//	status:failed,started dep:web-prod,db-prod
//	                 commas OR the values of one qualifier
//	dep:"web prod"   quotes keep spaces (and colons) in a value; \" and \\ escape
//
// Smart case: a value written all in lower case matches any case; a value with
// an upper-case letter matches case-sensitively. status: and is: values are
// always case-insensitive.
package filter

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

type kind uint8

const (
	kindText   kind = iota // substring of any field
	kindField              // substring of one field
	kindPrefix             // prefix of one field
	kindStatus             // prefix of the status or of its display word
	kindIs                 // a predicate
	kindTime               // a time of the execution against a bound (time.go)
	kindOr                 // any of alts: a qualifier with commas (time.go)
)

type isKind uint8

const (
	isActive isKind = iota + 1
	isWaiting
	isSystem
	isDryRun
	isStuck
)

var isNames = []struct {
	name string
	k    isKind
}{
	{"active", isActive}, {"waiting", isWaiting}, {"system", isSystem}, {"dry-run", isDryRun}, {"stuck", isStuck},
}

var qualifiers = []struct {
	name  string
	kind  kind
	field Field
}{
	{"status", kindStatus, FieldStatus},
	{"dep", kindField, FieldDeployment},
	{"wf", kindField, FieldWorkflow},
	{"bp", kindField, FieldBlueprint},
	{"by", kindField, FieldCreator},
	{"tenant", kindField, FieldTenant},
	{"id", kindPrefix, FieldID},
	{"is", kindIs, 0},
	{"age", kindTime, 0},
	{"created", kindTime, 0},
	{"ended", kindTime, 0},
}

type term struct {
	neg   bool
	kind  kind
	field Field
	fold  bool   // case-insensitive: val is lowered and matched against lowered fields
	is    isKind //
	qual  string // qualifier name, "" for a bare term
	raw   string // the value as typed (unquoted)
	val   string // the value matched
	bval  []byte // val as bytes
	tm    timeBound
	alts  []term // kindOr: the values between the commas
}

// Query is a parsed filter. The zero Query is empty and matches everything.
type Query struct {
	terms []term
	now   int64 // unix nanoseconds relative times are measured from (At); 0 = the wall clock
}

// Empty reports whether q has no terms (it matches every row).
func (q Query) Empty() bool { return len(q.terms) == 0 }

// Match reports whether r matches every term of q.
func (q Query) Match(r *Row) bool {
	now := q.nowNano()
	for i := range q.terms {
		if q.terms[i].match(r, now) == q.terms[i].neg {
			return false
		}
	}
	return true
}

func (t *term) match(r *Row, now int64) bool {
	hay := r.hay
	if t.fold {
		hay = r.lower
	}
	switch t.kind {
	case kindText:
		return bytes.Contains(hay, t.bval)
	case kindField:
		a, b := r.bounds(t.field)
		return bytes.Contains(hay[a:b], t.bval)
	case kindPrefix:
		a, b := r.bounds(t.field)
		return bytes.HasPrefix(hay[a:b], t.bval)
	case kindStatus, kindIs:
		return t.matchMeta(r.Status, r.System, r.DryRun, r.Stuck)
	case kindTime:
		return t.tm.match(r.Created, r.Ended, now)
	case kindOr:
		for i := range t.alts {
			if t.alts[i].match(r, now) {
				return true
			}
		}
	}
	return false
}

// matchMeta matches the terms that look only at the status and flags.
func (t *term) matchMeta(st client.Status, system, dryRun, stuck bool) bool {
	switch t.kind {
	case kindOr:
		for i := range t.alts {
			if t.alts[i].matchMeta(st, system, dryRun, stuck) {
				return true
			}
		}
		return false
	case kindStatus:
		return strings.HasPrefix(string(st), t.val) || strings.HasPrefix(st.Display(), t.val)
	case kindIs:
		switch t.is {
		case isActive:
			return st.IsActive()
		case isWaiting:
			return st.IsWaiting()
		case isSystem:
			return system
		case isDryRun:
			return dryRun
		case isStuck:
			return stuck
		}
	}
	return false
}

// String is the canonical text of q; Parse(q.String()) gives back q.
func (q Query) String() string {
	return canonical(len(q.terms), func(i int) (bool, string, string) {
		t := &q.terms[i]
		return t.neg, t.qual, t.raw
	})
}

// canonical writes n terms in the language's canonical form: negation,
// qualifier and value, quoted where needed. It is the String of both the
// executions' and the events' queries.
func canonical(n int, term func(i int) (neg bool, qual, raw string)) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		neg, qual, raw := term(i)
		if i > 0 {
			b.WriteByte(' ')
		}
		if neg {
			b.WriteByte('!')
		}
		if qual != "" {
			b.WriteString(qual)
			b.WriteByte(':')
			b.WriteString(quote(raw, false))
		} else {
			b.WriteString(quote(raw, true))
		}
	}
	return b.String()
}

func quote(s string, bare bool) string {
	need := s == "" || strings.ContainsAny(s, "\"\\") || strings.IndexFunc(s, unicode.IsSpace) >= 0
	if bare && (strings.ContainsRune(s, ':') || strings.HasPrefix(s, "!")) {
		need = true
	}
	if !need {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// Refines reports whether every row that matches q also matches prev, so
// that q's matches can be found among prev's instead of among all rows (the
// common case while typing: "fai" then "fail").
func (q Query) Refines(prev Query) bool {
	if len(prev.terms) > len(q.terms) {
		return false
	}
	for i := range prev.terms {
		if !q.terms[i].implies(&prev.terms[i]) {
			return false
		}
	}
	return true
}

func (t *term) implies(p *term) bool {
	if t.neg != p.neg || t.kind != p.kind || t.field != p.field || t.fold != p.fold || t.is != p.is {
		return false
	}
	switch t.kind {
	case kindTime, kindOr:
		// A relative time's matches move with the clock: scan again.
		return t.qual == p.qual && t.raw == p.raw && !t.isTime()
	case kindIs:
		return true
	case kindText, kindField:
		if t.neg { // lacking t.val implies lacking any p.val that contains it
			return strings.Contains(p.val, t.val)
		}
		return strings.Contains(t.val, p.val)
	default: // prefixes
		if t.neg {
			return strings.HasPrefix(p.val, t.val)
		}
		return strings.HasPrefix(t.val, p.val)
	}
}

// Qualifiers lists the qualifiers, with their colon, for help and errors.
func Qualifiers() []string {
	out := make([]string, len(qualifiers))
	for i, q := range qualifiers {
		out[i] = q.name + ":"
	}
	return out
}

// IsValues lists the is: values.
func IsValues() []string {
	out := make([]string, len(isNames))
	for i, n := range isNames {
		out[i] = "is:" + n.name
	}
	return out
}

// statusWords lists the words status: accepts.
func statusWords() []string {
	out := make([]string, 0, len(client.AllStatuses)+1)
	for _, s := range client.AllStatuses {
		if s.Display() != string(s) {
			out = append(out, s.Display()+" ("+string(s)+")")
			continue
		}
		out = append(out, string(s))
	}
	return out
}

// Parse reads a filter. Errors say what is wrong and what would be valid.
func Parse(s string) (Query, error) {
	// Control characters never occur in the records (they are cleaned), and
	// a NUL would match across field boundaries.
	s = textsafe.Clean(s)
	var q Query
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return q, nil
		}
		t, next, err := parseTerm(s, i)
		if err != nil {
			return Query{}, err
		}
		q.terms = append(q.terms, t)
		i = next
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// parseTerm reads one term starting at i and returns the index after it.
func parseTerm(s string, i int) (term, int, error) {
	var t term
	start := i
	if s[i] == '!' {
		t.neg = true
		i++
		if i >= len(s) || isSpace(s[i]) {
			return t, i, fmt.Errorf(`"!" must be followed by a term to exclude, e.g. !failed or !dep:test`)
		}
	}
	if s[i] == '"' {
		v, next, err := parseQuoted(s, i)
		if err != nil {
			return t, next, err
		}
		if v == "" {
			return t, next, fmt.Errorf(`empty quotes "" at %q: put the text to search for between the quotes`, s[start:next])
		}
		t.kind = kindText
		t.raw = v
		t.setCase(v)
		return t, next, nil
	}
	// A qualifier is a name starting with a letter and ending in a colon.
	j := i
	for j < len(s) && (isLetter(s[j]) || (j > i && (isDigit(s[j]) || s[j] == '-' || s[j] == '_'))) {
		j++
	}
	if j > i && j < len(s) && s[j] == ':' {
		return parseQualified(s, start, t, s[i:j], j+1)
	}
	end := i
	for end < len(s) && !isSpace(s[end]) {
		if s[end] == '"' {
			return t, end, fmt.Errorf(`unexpected quote in %q: put quotes around the whole value, e.g. "web prod" or dep:"web prod"`, wordAt(s, start))
		}
		end++
	}
	t.kind = kindText
	t.raw = s[i:end]
	t.setCase(t.raw)
	return t, end, nil
}

func parseQualified(s string, start int, t term, name string, i int) (term, int, error) {
	lname := strings.ToLower(name)
	found := false
	for _, q := range qualifiers {
		if q.name == lname {
			t.qual, t.kind, t.field, found = q.name, q.kind, q.field, true
			break
		}
	}
	if !found {
		return t, i, fmt.Errorf("unknown qualifier %q in %q; valid qualifiers: %s (to search for text with a colon, quote it: %q)",
			name+":", wordAt(s, start), strings.Join(Qualifiers(), " "), wordAt(s, start))
	}
	var v string
	next := i
	if i < len(s) && s[i] == '"' {
		var err error
		v, next, err = parseQuoted(s, i)
		if err != nil {
			return t, next, err
		}
	} else {
		for next < len(s) && !isSpace(s[next]) {
			if s[next] == '"' {
				return t, next, fmt.Errorf(`unexpected quote in %q: quote the whole value, e.g. %s:"web prod"`, wordAt(s, start), t.qual)
			}
			next++
		}
		v = s[i:next]
	}
	if v == "" {
		return t, next, fmt.Errorf("%s: needs a value, e.g. %s", t.qual, example(t.qual))
	}
	if strings.Contains(v, ",") {
		or, err := orTerm(t, v)
		return or, next, err
	}
	t, err := valueTerm(t, v)
	return t, next, err
}

// valueTerm fills t (a qualifier's term) with one value.
func valueTerm(t term, v string) (term, error) {
	t.raw = v
	switch t.kind {
	case kindIs:
		lv := strings.ToLower(v)
		for _, n := range isNames {
			if n.name == lv {
				t.is = n.k
			}
		}
		if t.is == 0 {
			return t, fmt.Errorf("unknown value %q for is:; valid: %s", v, strings.Join(IsValues(), " "))
		}
		t.raw = lv
		t.fold = true
	case kindStatus:
		lv := strings.ToLower(v)
		ok := false
		for _, st := range client.AllStatuses {
			if strings.HasPrefix(string(st), lv) || strings.HasPrefix(st.Display(), lv) {
				ok = true
				break
			}
		}
		if !ok {
			return t, fmt.Errorf("no status starts with %q; statuses: %s", v, strings.Join(statusWords(), ", "))
		}
		t.raw, t.val, t.fold = lv, lowerString(lv), true
		t.bval = []byte(t.val)
	case kindTime:
		b, err := parseTimeBound(t.qual, v)
		if err != nil {
			return t, err
		}
		t.tm = b
	default:
		t.setCase(v)
	}
	return t, nil
}

func example(qual string) string {
	switch qual {
	case "status":
		return "status:failed"
	case "is":
		return strings.Join(IsValues(), " or ")
	case "id":
		return "id:3f2a9c1e"
	case "dep":
		return `dep:web or dep:"web prod"`
	case "wf":
		return "wf:install"
	case "bp":
		return "bp:base"
	case "by":
		return "by:admin"
	case "tenant":
		return "tenant:default_tenant"
	case "age":
		return "age:<1h or age:>2d"
	case "created":
		return "created:2026-11-30 or created:<15m"
	case "ended":
		return "ended:<15m"
	}
	return qual + ":value"
}

// parseQuoted reads a double-quoted string starting at the quote at i; \"
// and \\ are escapes. The closing quote must end the term.
func parseQuoted(s string, i int) (string, int, error) {
	open := i
	i++
	var b strings.Builder
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			b.WriteByte(s[i+1])
			i += 2
		case c == '"':
			i++
			if i < len(s) && !isSpace(s[i]) {
				return "", i, fmt.Errorf(`text right after the closing quote in %q: leave a space between terms`, wordAt(s, open))
			}
			return b.String(), i, nil
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", i, fmt.Errorf(`unclosed quote: %s is missing its closing "`, s[open:])
}

func (t *term) setCase(v string) {
	if hasUpper(v) {
		t.val, t.fold = v, false
	} else {
		t.val, t.fold = lowerString(v), true
	}
	t.bval = []byte(t.val)
}

func wordAt(s string, i int) string {
	j := i
	for j < len(s) && !isSpace(s[j]) {
		j++
	}
	return s[i:j]
}

func isLetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
