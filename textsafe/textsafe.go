// Package textsafe makes text from the manager safe to put on a terminal.
//
// Every string that comes from a Cloudify Manager (names, parameters, error
// text, event messages) may carry control characters or whole escape
// sequences: an execution error containing "\x1b]2;pwned\x07" would retitle
// the user's terminal, "\x1b[2J" would wipe the screen. Clean and
// CleanMultiline remove them before anything is rendered.
package textsafe

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Clean returns s fit for a single-line cell: whole escape sequences (CSI,
// OSC, DCS, SOS, PM, APC and two-byte escapes, 7-bit or C1-introduced) are
// removed, other C0 and C1 controls and DEL are dropped, tabs and newlines
// become one space each, carriage returns are dropped, invalid UTF-8 becomes
// U+FFFD and bidirectional override characters are dropped.
//
// When s has nothing to remove it is returned as is, without allocating.
func Clean(s string) string {
	if safe(s) {
		return s
	}
	return clean(s, false)
}

// CleanMultiline is Clean for text shown on several lines: newlines are kept,
// carriage returns are dropped, a tab becomes four spaces (a terminal cell
// cannot hold a tab of known width), everything else is removed as by Clean.
func CleanMultiline(s string) string {
	if safe(s) {
		return s
	}
	return clean(s, true)
}

// safe reports whether s holds nothing Clean would change.
func safe(s string) bool {
	nonASCII := false
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0x20 || b == 0x7f {
			return false
		}
		if b >= 0x80 {
			nonASCII = true
		}
	}
	if !nonASCII {
		return true
	}
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if !plain(r) {
			return false
		}
		i += size
	}
	return true
}

// plain reports the runes that are a grapheme cluster of their own, cannot
// join the next rune into one, and have the same width for lipgloss
// (grapheme clusters) and for terminals (wcwidth): Latin, Greek and
// Cyrillic letters, common punctuation, arrows and box drawing, CJK
// ideographs, kana and Hangul syllables. Text made of these alone needs no
// width check, which keeps Clean cheap on the render path.
func plain(r rune) bool {
	switch {
	case r >= 0xa0 && r <= 0x2ff:
		return r != 0xad // the soft hyphen: invisible here, a cell in some terminals
	case r >= 0x370 && r <= 0x482, r >= 0x48a && r <= 0x52f:
		return r != 0x37a && !(r >= 0x378 && r <= 0x379) && !(r >= 0x380 && r <= 0x383) && r != 0x38b && r != 0x38d && r != 0x3a2
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205e:
		return true
	case r >= 0x2190 && r <= 0x21ff, r >= 0x2200 && r <= 0x22ff, r >= 0x2500 && r <= 0x25ff,
		r >= 0x2713 && r <= 0x2718, r >= 0x27f0 && r <= 0x27ff:
		return true
	case r >= 0x4e00 && r <= 0x9fff, r >= 0x3041 && r <= 0x3096, r >= 0x30a1 && r <= 0x30fa, r >= 0xac00 && r <= 0xd7a3:
		return true
	}
	return false
}

// agreeWidths makes every grapheme cluster of s one whose width lipgloss
// (grapheme widths) and terminals (wcwidth per rune: tmux, glibc) agree
// on, so that a row never wraps or shifts its columns: invisible format
// characters are dropped (soft hyphen, zero-width spaces and joiners
// outside emoji, bidi marks, variation selectors of text), and a cluster
// the two measure differently is replaced by U+FFFD: emoji ZWJ sequences,
// emoji with skin-tone modifiers or VS16, regional-indicator flags, tag
// sequences, and combining clusters the width tables disagree on.
func agreeWidths(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for rest := s; rest != ""; {
		cluster, _ := ansi.FirstGraphemeCluster(rest, ansi.GraphemeWidth)
		if cluster == "" {
			break
		}
		rest = rest[len(cluster):]
		if len(cluster) == 1 {
			b.WriteString(cluster)
			continue
		}
		if emojiCluster(cluster) {
			b.WriteRune(utf8.RuneError)
			continue
		}
		c := strings.Map(func(r rune) rune {
			if invisible(r) {
				return -1
			}
			return r
		}, cluster)
		if c == "" {
			continue
		}
		if ansi.StringWidth(c) != ansi.StringWidthWc(c) {
			b.WriteRune(utf8.RuneError)
			continue
		}
		b.WriteString(c)
	}
	return b.String()
}

// emojiCluster reports the parts of emoji sequences that terminals draw in
// different widths: the zero-width joiner, regional indicators, skin-tone
// modifiers, the emoji and text presentation selectors and tag characters.
func emojiCluster(c string) bool {
	for _, r := range c {
		switch {
		case r == 0x200d, r == 0xfe0e, r == 0xfe0f, r >= 0x1f1e6 && r <= 0x1f1ff,
			r >= 0x1f3fb && r <= 0x1f3ff, r >= 0xe0020 && r <= 0xe007f:
			return true
		}
	}
	return false
}

// invisible reports format characters and variation selectors, which take
// no cell for lipgloss but may take one in a terminal.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || (r >= 0xfe00 && r <= 0xfe0f) || (r >= 0xe0100 && r <= 0xe01ef)
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// isBidi reports the explicit directional formatting characters, which can
// make a terminal show text in an order different from the bytes.
func isBidi(r rune) bool {
	return r == 0x200e || r == 0x200f || r == 0x061c ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

func clean(s string, multiline bool) string {
	out, nonASCII := cleanControls(s, multiline)
	if !nonASCII {
		return out
	}
	return agreeWidths(out)
}

// cleanControls removes escape sequences and controls, and reports whether
// anything but ASCII is left.
func cleanControls(s string, multiline bool) (string, bool) {
	nonASCII := false
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			i = skipEscape(s, i+1)
			continue
		case c == '\n':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			i++
			continue
		case c == '\t':
			if multiline {
				b.WriteString("    ")
			} else {
				b.WriteByte(' ')
			}
			i++
			continue
		case c < 0x20 || c == 0x7f:
			i++
			continue
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
			nonASCII = true
			i++
		case isC1(r):
			i = skipC1(s, r, i+size)
		case isBidi(r):
			i += size
		default:
			b.WriteString(s[i : i+size])
			nonASCII = true
			i += size
		}
	}
	return b.String(), nonASCII
}

// skipEscape returns the index just past the escape sequence whose ESC byte
// was right before i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch c := s[i]; {
	case c == '[':
		return skipCSI(s, i+1)
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return skipString(s, i+1)
	case c >= 0x20 && c <= 0x2f: // nF: intermediates, then a final byte
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			i++
		}
		return i
	case c >= 0x30 && c <= 0x7e: // Fp, Fe, Fs: one final byte
		return i + 1
	default:
		// A lone ESC followed by a control or non-ASCII byte: drop the ESC only.
		return i
	}
}

// skipC1 handles a C1 control (already decoded, ending before i).
func skipC1(s string, r rune, i int) int {
	switch r {
	case 0x9b: // CSI
		return skipCSI(s, i)
	case 0x90, 0x98, 0x9d, 0x9e, 0x9f: // DCS, SOS, OSC, PM, APC
		return skipString(s, i)
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte. A byte
// outside the grammar ends the sequence without being consumed.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 0x20 && c <= 0x3f:
			i++
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		default:
			return i
		}
	}
	return i
}

// skipString skips a control string up to and including its terminator: BEL,
// ESC \ or the C1 ST. An unterminated string runs to the end of s, which is
// what a terminal would swallow too.
func skipString(s string, i int) int {
	for i < len(s) {
		switch c := s[i]; c {
		case 0x07:
			return i + 1
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			// ESC inside a string aborts it and starts a new sequence.
			return i
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0x9c {
				return i + 2
			}
		}
		i++
	}
	return i
}

// EscapeJSON makes encoded JSON safe to print and to parse: invalid UTF-8
// (which encoding/json passes through inside json.RawMessage values, such
// as an execution's parameters) becomes \ufffd, and C1 controls, format
// characters (bidi overrides and isolates, zero-width characters, tag
// characters) and the line and paragraph separators are written as \u
// escapes, so that the bytes show no terminal control and reorder nothing,
// while a JSON parser still reads the same text. b must be valid JSON apart
// from its UTF-8; non-ASCII bytes can then only be inside strings. b is
// returned as is when it has nothing to escape.
func EscapeJSON(b []byte) []byte {
	i := 0
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			break
		}
	}
	if i == len(b) {
		return b
	}
	var out []byte
	last := 0
	for i < len(b) {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		bad := r == utf8.RuneError && size == 1
		if !bad && !escapedInJSON(r) {
			i += size
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(b)+16)
		}
		out = append(out, b[last:i]...)
		if bad {
			r = utf8.RuneError
		}
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			out = appendU(appendU(out, r1), r2)
		} else {
			out = appendU(out, r)
		}
		i += size
		last = i
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

func escapedInJSON(r rune) bool {
	return isC1(r) || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r)
}

func appendU(b []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}
