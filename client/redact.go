package client

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/cfytop/cfytop/textsafe"
)

// minSecret is the shortest secret redacted: shorter ones would mangle
// ordinary words, and are not worth hiding anyway.
const minSecret = 4

// redactor replaces the credentials in text the manager (or a proxy) sends
// back, in every form it may echo them: as typed, URL-encoded (a redirect's
// ?p=...), JSON-escaped (a request body quoted in a message), and base64 of
// user:password (an echoed Authorization header).
//
// It works on cleaned text (see scrub): a password split by an escape
// sequence or a zero-width character would otherwise come out whole once a
// later step removes what split it. Whitespace inside a secret matches any
// run of whitespace, since cleaning turns newlines and tabs into spaces and
// collapses them.
type redactor struct {
	plain   []string         // longest first, so that no shorter form leaves part of a longer one
	spaced  []*regexp.Regexp // secrets with whitespace inside
	enabled bool
}

func newRedactor(username, password, token string) *redactor {
	var forms []string
	add := func(secret string) {
		if len(secret) < minSecret {
			return
		}
		for _, s := range []string{secret, scrub(secret)} {
			forms = append(forms, s, strings.ReplaceAll(s, "\n", " "))
			q, p := url.QueryEscape(s), url.PathEscape(s)
			forms = append(forms, q, p, lowerHex(q), lowerHex(p), strings.ReplaceAll(q, "+", "%20"))
			forms = append(forms, jsonEscaped(s, true), jsonEscaped(s, false))
		}
	}
	add(password)
	add(token)
	if len(password) >= minSecret {
		for _, pair := range []string{username + ":" + password, password} {
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
				// The unpadded form is a prefix of the padded one: replacing
				// it leaves at most the "=" padding behind.
				forms = append(forms, enc.WithPadding(base64.NoPadding).EncodeToString([]byte(pair)))
			}
		}
	}
	r := &redactor{}
	seen := map[string]bool{}
	for _, f := range forms {
		if len(f) < minSecret || seen[f] {
			continue
		}
		seen[f] = true
		r.enabled = true
		if strings.IndexFunc(f, unicode.IsSpace) < 0 {
			r.plain = append(r.plain, f)
			continue
		}
		parts := strings.Fields(f)
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		pat := strings.Join(parts, `\s+`)
		if strings.TrimLeftFunc(f, unicode.IsSpace) != f {
			pat = `\s*` + pat
		}
		r.spaced = append(r.spaced, regexp.MustCompile(pat))
	}
	sort.Slice(r.plain, func(i, j int) bool { return len(r.plain[i]) > len(r.plain[j]) })
	return r
}

// redact replaces every form of the secrets in text, which must be cleaned
// already (scrub).
func (r *redactor) redact(text string) string {
	if r == nil || !r.enabled {
		return text
	}
	for _, re := range r.spaced {
		text = re.ReplaceAllLiteralString(text, "***")
	}
	for _, f := range r.plain {
		if strings.Contains(text, f) {
			text = strings.ReplaceAll(text, f, "***")
		}
	}
	return text
}

// scrub cleans text from the manager of everything any later step (textsafe,
// sanitize) removes, so that nothing removed later can join the pieces of a
// redacted secret: escape sequences, controls other than newline and tab,
// format characters (zero-width, bidi), invalid UTF-8 and the replacement
// character.
func scrub(s string) string {
	s = textsafe.CleanMultiline(s)
	if strings.IndexFunc(s, droppedByScrub) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if droppedByScrub(r) {
			return -1
		}
		return r
	}, s)
}

func droppedByScrub(r rune) bool {
	return r == unicode.ReplacementChar || unicode.Is(unicode.Cf, r) ||
		(unicode.IsControl(r) && r != '\n' && r != '\t')
}

// lowerHex writes the %XX escapes of s with lowercase hex digits, as some
// servers do.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1] = byte(unicode.ToLower(rune(b[i+1])))
			b[i+2] = byte(unicode.ToLower(rune(b[i+2])))
		}
	}
	return string(b)
}

// jsonEscaped is s as it appears inside a JSON string literal.
func jsonEscaped(s string, escapeHTML bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if enc.Encode(s) != nil {
		return s
	}
	out := strings.TrimSuffix(buf.String(), "\n")
	return strings.TrimSuffix(strings.TrimPrefix(out, `"`), `"`)
}
