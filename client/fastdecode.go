package client

import (
	"bytes"
	"encoding/json"
	"strings"
)

// The execution list is what the dashboard polls, up to tens of thousands
// of rows every few seconds, so it has a decoder of its own that needs no
// reflection and shares the memory of repeated strings (statuses, workflow
// and deployment names). It accepts only what encoding/json would decode to
// the same values: the parts it reads it checks itself, the parts it skips
// or keeps raw it has json.Valid check. On anything else it gives up and the
// body is decoded again by encoding/json, which then also words any error.

// decodeExecutionListFast decodes a list envelope of executions. ok is false
// when the body must go through encoding/json instead.
func decodeExecutionListFast(b []byte, page *ExecutionPage) (ok bool) {
	s := fastScanner{b: b, intern: map[string]string{}}
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return s.end()
	}
	for {
		key, ok := s.key()
		if !ok {
			return false
		}
		switch string(key) {
		case "metadata":
			start, end, ok := s.skip()
			if !ok {
				return false
			}
			var m struct {
				Pagination *Pagination `json:"pagination"`
			}
			if json.Unmarshal(b[start:end], &m) != nil {
				return false
			}
			if m.Pagination != nil {
				page.Pagination = *m.Pagination
			}
		case "items":
			if s.null() {
				break
			}
			if !s.consume('[') {
				return false
			}
			if page.Items == nil {
				page.Items = make([]Execution, 0, sizeHint(&page.Pagination))
			}
			if !s.consume(']') {
				for index := 0; ; index++ {
					page.Items = append(page.Items, Execution{})
					s.ws()
					start := s.i
					if !s.execution(&page.Items[len(page.Items)-1]) {
						// Anything this decoder does not take, encoding/json
						// reads or words, for this item alone: a row that
						// cannot be read is left out, not the whole page.
						s.i = start
						if !s.itemByEncodingJSON(page, index) {
							return false
						}
					}
					if s.consume(',') {
						continue
					}
					if s.consume(']') {
						break
					}
					return false
				}
			}
		default:
			if bytes.EqualFold(key, []byte("metadata")) || bytes.EqualFold(key, []byte("items")) {
				return false // encoding/json matches keys case-insensitively
			}
			if _, _, ok := s.skipValid(); !ok {
				return false
			}
		}
		if s.consume(',') {
			continue
		}
		return s.consume('}') && s.end()
	}
}

// itemByEncodingJSON reads the item at s.i with encoding/json into the last
// of page.Items, or drops it from the page as skipped when it cannot be read.
// It fails only when the item is not valid JSON.
func (s *fastScanner) itemByEncodingJSON(page *ExecutionPage, index int) bool {
	start, end, ok := s.skipValid()
	if !ok {
		return false
	}
	last := &page.Items[len(page.Items)-1]
	*last = Execution{}
	if err := json.Unmarshal(s.b[start:end], last); err != nil {
		page.Items = page.Items[:len(page.Items)-1]
		page.skip(index, err)
	}
	return true
}

// end reports whether only white space follows.
func (s *fastScanner) end() bool {
	s.ws()
	return s.i == len(s.b)
}

// delimited reports whether the token that ended at s.i is properly ended.
func (s *fastScanner) delimited() bool {
	if s.i >= len(s.b) {
		return true
	}
	switch s.b[s.i] {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// word reads a literal such as null or true.
func (s *fastScanner) word(w string) bool {
	s.ws()
	if len(s.b)-s.i >= len(w) && string(s.b[s.i:s.i+len(w)]) == w {
		s.i += len(w)
		if s.delimited() {
			return true
		}
		s.i -= len(w)
	}
	return false
}

// skipValid is skip for values nobody else checks: they must be valid JSON.
func (s *fastScanner) skipValid() (start, end int, ok bool) {
	start, end, ok = s.skip()
	return start, end, ok && json.Valid(s.b[start:end])
}

type fastScanner struct {
	b      []byte
	i      int
	intern map[string]string
}

func (s *fastScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *fastScanner) consume(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *fastScanner) null() bool { return s.word("null") }

// rawString reads a string literal. plain means no escapes and ASCII only,
// so that its bytes are its value.
func (s *fastScanner) rawString() (lit []byte, plain, ok bool) {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false, false
	}
	start := s.i
	plain = true
	for j := start + 1; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			s.i = j + 1
			return s.b[start:s.i], plain, true
		case c == '\\':
			plain = false
			j++
		case c < 0x20:
			return nil, false, false // encoding/json rejects it, and says why
		case c >= 0x80:
			plain = false
		}
	}
	return nil, false, false
}

// key reads an object key and its colon. Keys with escapes are not
// expected from the manager and make the decoder give up.
func (s *fastScanner) key() ([]byte, bool) {
	lit, plain, ok := s.rawString()
	if !ok || !plain || !s.consume(':') {
		return nil, false
	}
	return lit[1 : len(lit)-1], true
}

// str reads a string (or null) value; shared asks for the memory of equal
// strings to be shared.
func (s *fastScanner) str(shared bool) (v string, isNull, ok bool) {
	if s.null() {
		return "", true, true
	}
	lit, plain, ok := s.rawString()
	if !ok {
		return "", false, false
	}
	if !plain {
		return unquote(lit)
	}
	raw := lit[1 : len(lit)-1]
	if shared {
		if v, found := s.intern[string(raw)]; found {
			return v, false, true
		}
		v = string(raw)
		if len(s.intern) < 4096 {
			s.intern[v] = v
		}
		return v, false, true
	}
	return string(raw), false, true
}

// unquote decodes a string literal with escapes or non-ASCII text the way
// encoding/json does. (Its own function: the pointer it needs would
// otherwise put every string of the caller on the heap.)
func unquote(lit []byte) (string, bool, bool) {
	var u string
	if json.Unmarshal(lit, &u) != nil {
		return "", false, false
	}
	return u, false, true
}

func (s *fastScanner) boolean() (v, isNull, ok bool) {
	switch {
	case s.word("true"):
		return true, false, true
	case s.word("false"):
		return false, false, true
	case s.null():
		return false, true, true
	}
	return false, false, false
}

// integer reads a plain integer (no fraction or exponent) that fits an int.
func (s *fastScanner) integer() (v int, isNull, ok bool) {
	if s.null() {
		return 0, true, true
	}
	neg := false
	if s.i < len(s.b) && s.b[s.i] == '-' {
		neg = true
		s.i++
	}
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		v = v*10 + int(s.b[s.i]-'0')
		s.i++
	}
	n := s.i - start
	if n == 0 || n > 18 || (n > 1 && s.b[start] == '0') || !s.delimited() {
		return 0, false, false
	}
	if neg {
		v = -v
	}
	return v, false, true
}

// skip passes over any value (the body is known to be valid JSON) and
// returns its extent.
func (s *fastScanner) skip() (start, end int, ok bool) {
	s.ws()
	start = s.i
	if s.i >= len(s.b) {
		return 0, 0, false
	}
	switch s.b[s.i] {
	case '"':
		if _, _, ok := s.rawString(); !ok {
			return 0, 0, false
		}
	case '{', '[':
		depth := 0
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '"':
				if _, _, ok := s.rawString(); !ok {
					return 0, 0, false
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			s.i++
			if depth == 0 {
				return start, s.i, true
			}
		}
		return 0, 0, false
	default:
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return start, s.i, true
			}
			s.i++
		}
	}
	return start, s.i, true
}

func (s *fastScanner) time(t *Time) (isNull, ok bool) {
	if s.null() {
		*t = Time{}
		return true, true
	}
	lit, _, ok := s.rawString()
	if !ok {
		return false, false
	}
	return false, t.UnmarshalJSON(lit) == nil
}

func (s *fastScanner) nullableString(n *Nullable[string], shared bool) bool {
	v, isNull, ok := s.str(shared)
	if !ok {
		return false
	}
	*n = Nullable[string]{Present: true, Valid: !isNull, Value: v}
	return true
}

func (s *fastScanner) nullableTime(n *Nullable[Time]) bool {
	var t Time
	isNull, ok := s.time(&t)
	if !ok {
		return false
	}
	*n = Nullable[Time]{Present: true, Valid: !isNull, Value: t}
	return true
}

// execution decodes one item into e, which must be zero.
func (s *fastScanner) execution(e *Execution) bool {
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return true
	}
	for {
		key, ok := s.key()
		if !ok {
			return false
		}
		ok = true
		var v string
		var isNull bool
		switch string(key) {
		case "id":
			if v, isNull, ok = s.str(false); ok && !isNull {
				e.ID = v
			}
		case "workflow_id":
			if v, isNull, ok = s.str(true); ok && !isNull {
				e.WorkflowID = v
			}
		case "status":
			if v, isNull, ok = s.str(true); ok && !isNull {
				e.Status = Status(v)
			}
		case "status_display":
			if v, isNull, ok = s.str(true); ok && !isNull {
				e.StatusDisplay = v
			}
		case "created_by":
			if v, isNull, ok = s.str(true); ok && !isNull {
				e.CreatedBy = v
			}
		case "tenant_name":
			if v, isNull, ok = s.str(true); ok && !isNull {
				e.TenantName = v
			}
		case "visibility":
			if v, isNull, ok = s.str(true); ok && !isNull {
				e.Visibility = v
			}
		case "resource_availability":
			if v, isNull, ok = s.str(true); ok && !isNull {
				e.ResourceAvailability = v
			}
		case "deployment_id":
			ok = s.nullableString(&e.DeploymentID, true)
		case "deployment_display_name":
			ok = s.nullableString(&e.DeploymentDisplayName, true)
		case "blueprint_id":
			ok = s.nullableString(&e.BlueprintID, true)
		case "error":
			ok = s.nullableString(&e.Error, true)
		case "created_at":
			_, ok = s.time(&e.CreatedAt)
		case "started_at":
			ok = s.nullableTime(&e.StartedAt)
		case "ended_at":
			ok = s.nullableTime(&e.EndedAt)
		case "scheduled_for":
			ok = s.nullableTime(&e.ScheduledFor)
		case "private_resource":
			ok = s.setBool(&e.PrivateResource)
		case "is_system_workflow":
			ok = s.setBool(&e.IsSystemWorkflow)
		case "is_dry_run":
			ok = s.setBool(&e.IsDryRun)
		case "resume":
			ok = s.setBool(&e.Resume)
		case "allow_custom_parameters":
			ok = s.setBool(&e.AllowCustomParameters)
		case "total_operations":
			ok = s.setInt(&e.TotalOperations)
		case "finished_operations":
			ok = s.setInt(&e.FinishedOperations)
		case "parameters":
			ok = s.raw(&e.Parameters)
		case "parameters_p":
			ok = s.raw(&e.ParametersP)
		default:
			if executionKeys[strings.ToLower(string(key))] {
				return false // a key in another case: encoding/json would take it
			}
			_, _, ok = s.skipValid()
		}
		if !ok {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume('}')
	}
}

func (s *fastScanner) setBool(p *bool) bool {
	v, isNull, ok := s.boolean()
	if ok && !isNull {
		*p = v
	}
	return ok
}

func (s *fastScanner) setInt(p *int) bool {
	v, isNull, ok := s.integer()
	if ok && !isNull {
		*p = v
	}
	return ok
}

func (s *fastScanner) raw(p *json.RawMessage) bool {
	start, end, ok := s.skipValid()
	if ok {
		*p = append(json.RawMessage(nil), s.b[start:end]...)
	}
	return ok
}

// executionKeys are the JSON keys of Execution.
var executionKeys = map[string]bool{
	"id": true, "workflow_id": true, "deployment_id": true, "deployment_display_name": true, "blueprint_id": true,
	"status": true, "status_display": true, "error": true, "created_at": true, "started_at": true, "ended_at": true,
	"scheduled_for": true, "created_by": true, "tenant_name": true, "visibility": true, "resource_availability": true,
	"private_resource": true, "parameters": true, "parameters_p": true, "is_system_workflow": true, "is_dry_run": true,
	"resume": true, "allow_custom_parameters": true, "total_operations": true, "finished_operations": true,
}
