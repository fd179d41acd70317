package triage

import "strings"

// Normalise masks what differs between two failures with the same cause:
// IDs (UUIDs, hex IDs, node instance suffixes) become <id>, IPv4 addresses
// <ip>, other numbers <n>, and paths <path>. A port after an address is
// kept ("<ip>:22"): which service could not be reached is the cause.
//
// It is one pass over the text, and returns s itself when nothing is
// masked, so that grouping many failures costs little.
func Normalise(s string) string {
	var b strings.Builder
	copied := 0 // s[:copied] is in b (or needs no change when b is empty)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '/' && (i == 0 || pathStart(s[i-1])) && i+1 < len(s) && isPathByte(s[i+1]):
			j := i + 1
			for j < len(s) && isPathByte(s[j]) {
				j++
			}
			copied = mask(&b, s, copied, i, j, "<path>")
			i = j
		case isTokenByte(c):
			j := i
			for j < len(s) && isTokenByte(s[j]) {
				j++
			}
			end := j
			for end > i && s[end-1] == '.' {
				end-- // a full stop is not part of the token
			}
			if afterAddress(s, i) && allDigits(s[i:end]) {
				i = j // the port of an address: kept
				continue
			}
			if rep, keep := classify(s[i:end]); rep != "" {
				copied = mask(&b, s, copied, i+keep, end, rep)
			}
			i = j
		default:
			i++
		}
	}
	if b.Len() == 0 && copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}

// mask writes s[copied:from] and rep to b, and returns the new copied.
func mask(b *strings.Builder, s string, copied, from, to int, rep string) int {
	if b.Len() == 0 && copied == 0 {
		b.Grow(len(s))
	}
	b.WriteString(s[copied:from])
	b.WriteString(rep)
	return to
}

func afterAddress(s string, i int) bool { return i > 0 && s[i-1] == ':' }

func pathStart(c byte) bool {
	return c == ' ' || c == '"' || c == '\'' || c == '(' || c == '`' || c == '=' || c == '\t'
}

func isPathByte(c byte) bool {
	return c > ' ' && c != '"' && c != '\'' && c != '`' && c != ')' && c != ',' && c != ';' && c < 0x7f
}

func isTokenByte(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '_' || c == '-' || c == '.'
}

func allDigits(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return t != ""
}

// classify says what a token is masked with, "" to keep it; keep is how
// many leading bytes stay (a node instance keeps its node name).
func classify(t string) (rep string, keep int) {
	if t == "" {
		return "", 0
	}
	digits, dots, hex, letters := 0, 0, true, 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case '0' <= c && c <= '9':
			digits++
		case c == '.':
			dots++
			hex = false
		case c == '-':
		case ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F'):
			letters++
		default:
			hex = false
			letters++
		}
	}
	switch {
	case digits == 0:
		return "", 0
	case digits+dots == len(t):
		if dots == 3 && t[0] != '.' {
			return "<ip>", 0
		}
		return "<n>", 0
	case hex && len(t) >= 8 && letters > 0:
		return "<id>", 0
	}
	// node_a1b2c3: a node instance, named by its node and a random suffix
	if u := strings.LastIndexByte(t, '_'); u > 0 && len(t)-u-1 == 6 && hasDigit(t[u+1:]) && lowerAlnum(t[u+1:]) {
		return "<id>", u + 1
	}
	return "", 0
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

func lowerAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(('a' <= c && c <= 'z') || ('0' <= c && c <= '9')) {
			return false
		}
	}
	return true
}
