package simulator

import (
	"crypto/subtle"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Tokens (cloudify-api.md §7, cloudify-api-operations.md §5.3): created by
// POST /tokens and, without anyone asking, by the manager itself for the
// hooks it fires when an execution is queued, starts or ends.

// token is an API token.
type token struct {
	id, secret, user, description string
	created                       int64
	expires                       int64 // 0: no expiration date
	lastUsed                      int64
}

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// hookTokenLife is User.get_auth_token's expiry ("same as flask security").
const hookTokenLife = 10 * time.Hour

func (s *Simulator) randAlnum(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = tokenAlphabet[s.rng.IntN(len(tokenAlphabet))]
	}
	return string(b)
}

// newTokenRec stores a token; callers hold mu.
func (s *Simulator) newTokenRec(user, desc string, expires int64) *token {
	t := &token{id: s.randAlnum(10), secret: s.randAlnum(40), user: user, description: desc,
		created: s.nowMs(), expires: expires}
	for s.tokens[t.id] != nil {
		t.id = s.randAlnum(10)
	}
	s.tokens[t.id] = t
	return t
}

// hookToken is _send_hook's token: every change of an execution to
// queued, started, terminated, failed or cancelled creates one for the
// execution's creator, valid for 10 hours. It draws from its own generator
// so that the world's IDs do not depend on how many hooks fired; callers
// hold mu.
func (s *Simulator) hookToken(e *execRec, st status, at int64) {
	var event string
	switch st {
	case stQueued:
		event = "workflow_queued"
	case stStarted:
		event = "workflow_started"
	case stTerminated:
		event = "workflow_succeeded"
	case stFailed:
		event = "workflow_failed"
	case stCancelled:
		event = "workflow_cancelled"
	default:
		return
	}
	alnum := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = tokenAlphabet[s.hrng.IntN(len(tokenAlphabet))]
		}
		return string(b)
	}
	t := &token{id: alnum(10), secret: alnum(40), user: e.createdBy, created: at,
		expires:     at + hookTokenLife.Milliseconds(),
		description: fmt.Sprintf("Hook rest token: %s %s.", event, e.id)}
	for s.tokens[t.id] != nil {
		t.id = alnum(10)
	}
	s.tokens[t.id] = t
}

func (s *Simulator) tokensRoot(req *request) (int, []byte, *apiError) {
	if req.r.Method == "POST" {
		return s.createToken(req)
	}
	return s.listTokens(req)
}

func (s *Simulator) createToken(req *request) (int, []byte, *apiError) {
	body, e := readJSONBody(req)
	if e != nil {
		return 0, nil, e
	}
	desc, _ := body["description"].(string)
	var exp int64
	if v, ok := body["expiration_date"].(string); ok && v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			if t, err = time.Parse("2006-01-02T15:04:05.999999", v); err != nil {
				return 0, nil, badParams("Invalid expiration date: " + v)
			}
		}
		exp = t.UnixMilli()
	}
	s.mu.Lock()
	// the manager purges the caller's expired tokens when it makes one
	now := s.nowMs()
	for id, t := range s.tokens {
		if t.user == req.user && t.expires != 0 && t.expires < now {
			delete(s.tokens, id)
		}
	}
	t := s.newTokenRec(req.user, desc, exp)
	b := appendToken(nil, t, "ctok-"+t.id+"-"+t.secret)
	s.mu.Unlock()
	return 200, b, nil
}

// appendToken writes Token.to_response.
func appendToken(b []byte, t *token, value string) []byte {
	b = append(b, `{"id": `...)
	b = appendJSONString(b, t.id)
	b = append(b, `, "value": `...)
	b = appendJSONString(b, value)
	b = append(b, `, "username": `...)
	b = appendJSONString(b, t.user)
	b = append(b, `, "role": "sys_admin", "expiration_date": `...)
	b = appendTime(b, t.expires)
	b = append(b, `, "last_used": `...)
	b = appendTime(b, t.lastUsed)
	b = append(b, `, "description": `...)
	b = appendNullStr(b, t.description)
	return append(b, '}')
}

// tokenFields are the Token columns GET /tokens filters and sorts on.
var tokenFields = []string{"id", "description", "last_used", "expiration_date", "created_at", "secret_hash"}

func tokenText(t *token, f string) (string, bool) {
	switch f {
	case "id":
		return t.id, false
	case "description":
		return t.description, t.description == ""
	case "last_used":
		return fmtMillis(t.lastUsed), t.lastUsed == 0
	case "expiration_date":
		return fmtMillis(t.expires), t.expires == 0
	case "created_at":
		return fmtMillis(t.created), false
	}
	return "", true // secret_hash: never matches a given text here
}

// listTokens is Tokens.get: every user's tokens for the admin (who holds
// manage_others_tokens), not tenant-scoped, the standard list envelope.
func (s *Simulator) listTokens(req *request) (int, []byte, *apiError) {
	idx := map[string]int{}
	for i, f := range tokenFields {
		idx[f] = i
	}
	keys, e := parseSort(req.q, idx, tokenFields)
	if e != nil {
		return 0, nil, e
	}
	size, offset, e := parsePaging(req.q, 1000)
	if e != nil {
		return 0, nil, e
	}
	var bad []string
	filters := map[string][]string{}
	for _, p := range req.q {
		if strings.HasPrefix(p.k, "_") {
			continue
		}
		if _, ok := idx[p.k]; !ok {
			bad = append(bad, p.k)
			continue
		}
		filters[p.k] = append(filters[p.k], p.v)
	}
	if len(bad) > 0 {
		return 0, nil, badParams(fmt.Sprintf("Filter keys '%s' do not exist. Allowed keys are: %s", pyList(bad), pyList(tokenFields)))
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var list []*token
	for _, t := range s.tokens {
		ok := true
		for k, vals := range filters {
			v, null := tokenText(t, k)
			hit := false
			for _, want := range vals {
				hit = hit || (!null && v == want)
			}
			ok = ok && hit
		}
		if ok {
			list = append(list, t)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		for _, k := range keys {
			av, an := tokenText(a, tokenFields[k.field])
			bv, bn := tokenText(b, tokenFields[k.field])
			c := compareNullable(av, an, bv, bn)
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		if a.created != b.created {
			return a.created < b.created
		}
		return a.id < b.id
	})
	total := len(list)
	page := list[min(offset, total):]
	if len(page) > size {
		page = page[:size]
	}
	req.rows = len(page)
	b := listEnvelope(nil, total, size, offset, func(b []byte) []byte {
		for i, t := range page {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendToken(b, t, "ctok-"+t.id+"-********")
		}
		return b
	})
	return 200, b, nil
}

// tokenByID is GET and DELETE /tokens/{id}.
func (s *Simulator) tokenByID(req *request) (int, []byte, *apiError) {
	id := req.parts[1]
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tokens[id]
	if t == nil {
		return 0, nil, errf(404, "not_found_error", "Could not find token "+id)
	}
	if req.r.Method == "DELETE" {
		delete(s.tokens, id)
		return 204, nil, nil
	}
	return 200, appendToken(nil, t, "ctok-"+t.id+"-********"), nil
}

func (s *Simulator) checkToken(v string) (user, errMsg string) {
	rest, ok := strings.CutPrefix(v, "ctok-")
	if !ok {
		return "", "Invalid token structure"
	}
	id, secret, ok := strings.Cut(rest, "-")
	if !ok || len(id) != 10 || secret == "" {
		return "", "Invalid token structure"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tokens[id]
	if t == nil || subtle.ConstantTimeCompare([]byte(t.secret), []byte(secret)) != 1 {
		return "", "Unauthorized"
	}
	now := s.nowMs()
	if t.expires != 0 && t.expires < now {
		return "", "Token is expired"
	}
	t.lastUsed = now
	return t.user, ""
}

// NewToken creates an API token for admin, as POST /tokens would, and
// returns its Authentication-Token value.
func (s *Simulator) NewToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.newTokenRec("admin", "", 0)
	return "ctok-" + t.id + "-" + t.secret
}
