package filter

import (
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

// Field names one searchable field of a record.
type Field uint8

// The searchable fields. A bare term searches all of them.
const (
	FieldID Field = iota
	FieldWorkflow
	FieldDeployment
	FieldBlueprint
	FieldStatus  // the stored status, e.g. "terminated"
	FieldDisplay // the status word shown, e.g. "completed"
	FieldCreator
	FieldTenant
	numFields
)

// maxFieldLen caps each field in a search record, so that offsets fit in 16
// bits. No manager name comes near it.
const maxFieldLen = 4096

// Row is the search record of one execution: its fields, cleaned of control
// characters, joined into one byte string with each field followed by a NUL
// byte (which no search term can contain, so a term never matches across
// two fields), and a lowered copy of the same length for case-insensitive
// terms. A Row from NewRow owns its bytes; a Row from Set.Row points into the
// set's arena.
type Row struct {
	hay   []byte
	lower []byte
	ends  [numFields]uint16

	Status client.Status
	System bool
	DryRun bool
	// Created and Ended are unix nanoseconds, 0 when unknown; Stuck is the
	// triage rules' mark (Set.SetStuck), for is:stuck.
	Created, Ended int64
	Stuck          bool
}

// NewRow builds the search record of e.
func NewRow(e *client.Execution) Row {
	var r Row
	buf := appendRecord(nil, &r, e)
	n := len(buf)
	buf = appendLower(buf, buf)
	r.hay, r.lower = buf[:n:n], buf[n:]
	return r
}

// appendRecord appends e's fields to buf and fills r's offsets and flags.
func appendRecord(buf []byte, r *Row, e *client.Execution) []byte {
	r.Status, r.System, r.DryRun = e.Status, e.IsSystemWorkflow, e.IsDryRun
	r.Created, r.Ended = nanosOf(e.CreatedAt.Time), 0
	if e.EndedAt.Valid {
		r.Ended = nanosOf(e.EndedAt.Value.Time)
	}
	start := len(buf)
	for f := Field(0); f < numFields; f++ {
		var s string
		switch f {
		case FieldID:
			s = e.ID
		case FieldWorkflow:
			s = e.WorkflowID
		case FieldDeployment:
			s = e.DeploymentID.Value
		case FieldBlueprint:
			s = e.BlueprintID.Value
		case FieldStatus:
			s = string(e.Status)
		case FieldDisplay:
			s = e.StatusDisplay
			if s == "" {
				s = e.Status.Display()
			}
		case FieldCreator:
			s = e.CreatedBy
		case FieldTenant:
			s = e.TenantName
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

func cutRunes(s string, n int) string {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// appendLower appends src lowered to dst, keeping every byte offset: a rune
// whose lower case has another UTF-8 length (rare: the Kelvin sign, dotted
// capital I) is kept as is.
func appendLower(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == size {
			dst = utf8.AppendRune(dst, l)
		} else {
			dst = append(dst, src[i:i+size]...)
		}
		i += size
	}
	return dst
}

// lowerString lowers a search term the same way records are lowered.
func lowerString(s string) string {
	return string(appendLower(make([]byte, 0, len(s)), []byte(s)))
}

func (r *Row) bounds(f Field) (int, int) {
	start := 0
	if f > 0 {
		start = int(r.ends[f-1]) + 1
	}
	return start, int(r.ends[f])
}

// Field returns field f as cleaned text, in its original case.
func (r *Row) Field(f Field) string {
	if f >= numFields || r.hay == nil {
		return ""
	}
	a, b := r.bounds(f)
	return string(r.hay[a:b])
}

// LowerField returns field f lowered. The bytes belong to the record: do not
// change them.
func (r *Row) LowerField(f Field) []byte {
	if f >= numFields || r.lower == nil {
		return nil
	}
	a, b := r.bounds(f)
	return r.lower[a:b]
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if unicode.IsUpper(r) || unicode.IsTitle(r) {
					return true
				}
			}
			return false
		}
		if 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

// DisplayWord is the status word shown for e: the manager's status_display
// when it sent one, otherwise the display form of the status ("completed" for
// terminated). It is cleaned of control characters.
func DisplayWord(e *client.Execution) string {
	if e.StatusDisplay != "" {
		return textsafe.Clean(e.StatusDisplay)
	}
	return textsafe.Clean(e.Status.Display())
}

// nanosOf is t in unix nanoseconds, 0 for the zero time.
func nanosOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
