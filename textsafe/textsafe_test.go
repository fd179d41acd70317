package textsafe

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "install web-prod", "install web-prod"},
		{"unicode", "déploiement ✓ 部署", "déploiement ✓ 部署"},
		{"osc title with BEL", "a\x1b]2;pwned\x07b", "ab"},
		{"osc title with ST", "a\x1b]0;pwned\x1b\\b", "ab"},
		{"osc 52 clipboard", "x\x1b]52;c;cm0gLXJmIH4=\x07y", "xy"},
		{"osc 8 hyperlink", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"clear screen", "before\x1b[2Jafter", "beforeafter"},
		{"sgr colour", "\x1b[31mred\x1b[0m", "red"},
		{"csi with intermediates", "a\x1b[1 qb", "ab"},
		{"private csi", "a\x1b[?1049hb", "ab"},
		{"dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"apc", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"pm and sos", "a\x1b^x\x1b\\b\x1bXy\x07c", "abc"},
		{"two-byte escape", "a\x1bcb\x1b7c\x1bMd", "abcd"},
		{"nF escape charset", "a\x1b(0b", "ab"},
		{"lone esc at end", "abc\x1b", "abc"},
		{"unterminated osc swallows rest", "ok\x1b]2;pwned", "ok"},
		{"unterminated csi", "ok\x1b[12", "ok"},
		{"esc inside osc starts new sequence", "a\x1b]2;x\x1b[2Jb", "ab"},
		{"c1 csi", "a\u009b2Jb", "ab"},
		{"c1 osc with c1 st", "a\u009d2;pwned\u009cb", "ab"},
		{"c1 osc with bel", "a\u009d2;pwned\x07b", "ab"},
		{"other c1 dropped", "a\u0085b\u008ec", "abc"},
		{"bel and backspace", "a\x07b\x08c", "abc"},
		{"del", "a\x7fb", "ab"},
		{"nul", "a\x00b", "ab"},
		{"tab to space", "a\tb", "a b"},
		{"newline to space", "line1\nline2", "line1 line2"},
		{"crlf to space", "line1\r\nline2", "line1 line2"},
		{"lone cr dropped", "abc\rxyz", "abcxyz"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"raw c1 byte not utf8", "a\x9b2Jb", "a\uFFFD2Jb"},
		{"bidi override", "abc\u202Egnp.exe", "abcgnp.exe"},
		{"bidi isolate", "a\u2066b\u2069c", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clean(tt.in)
			if got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
			assertSafe(t, got, false)
		})
	}
}

func TestCleanMultiline(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"keeps newlines", "a\nb\n", "a\nb\n"},
		{"drops cr", "a\r\nb\r\n", "a\nb\n"},
		{"tab to spaces", "Traceback:\n\tFile x", "Traceback:\n    File x"},
		{"strips escapes", "err\x1b]2;pwned\x07\n\x1b[2Jmore", "err\nmore"},
		{"clean passes through", "plain text", "plain text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CleanMultiline(tt.in)
			if got != tt.want {
				t.Errorf("CleanMultiline(%q) = %q, want %q", tt.in, got, tt.want)
			}
			assertSafe(t, got, true)
		})
	}
}

// assertSafe fails if s still holds anything a terminal would act on.
func assertSafe(t *testing.T, s string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%q is not valid UTF-8", s)
	}
	for _, r := range s {
		if r == '\n' && multiline {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			t.Errorf("%q still holds control character %U", s, r)
		}
	}
}

func TestCleanDoesNotAllocateWhenSafe(t *testing.T) {
	for _, s := range []string{"install", "web-prod-eu-west-1 ✓ 部署", strings.Repeat("x", 300)} {
		allocs := testing.AllocsPerRun(100, func() {
			if Clean(s) != s || CleanMultiline(s) != s {
				t.Fatal("safe string changed")
			}
		})
		if allocs != 0 {
			t.Errorf("Clean(%q) allocated %v times", s, allocs)
		}
	}
}

// FuzzClean checks that no input produces output with a control character.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"a\x1b]2;pwned\x07", "\x1b[2J", "\u009b31m", "a\tb\r\nc", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		assertSafe(t, Clean(s), false)
		assertSafe(t, CleanMultiline(s), true)
		if Clean(Clean(s)) != Clean(s) {
			t.Errorf("Clean is not idempotent on %q", s)
		}
	})
}

var sink string

func BenchmarkCleanSafe(b *testing.B) {
	s := "web-prod-eu-west-1"
	b.ReportAllocs()
	for b.Loop() {
		sink = Clean(s)
	}
}

func BenchmarkCleanSafeUnicode(b *testing.B) {
	s := "déploiement-prod ✓"
	b.ReportAllocs()
	for b.Loop() {
		sink = Clean(s)
	}
}

func BenchmarkCleanHostile(b *testing.B) {
	s := "Task failed\x1b]2;pwned\x07 on node\x1b[2J\r\n\tTraceback"
	b.ReportAllocs()
	for b.Loop() {
		sink = Clean(s)
	}
}

func TestEscapeJSON(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"a":"plain é ✓"}`, `{"a":"plain é ✓"}`},
		{"{\"a\":\"x\u009by\"}", `{"a":"x\u009by"}`},
		{"{\"a\":\"\u202e\u2066\u200f\u200b\u2028\"}", `{"a":"\u202e\u2066\u200f\u200b\u2028"}`},
		{"{\"a\":\"\xff\x9b\"}", `{"a":"\ufffd\ufffd"}`},
		{"{\"a\":\"flag\U000E0041\"}", `{"a":"flag\udb40\udc41"}`},
	} {
		got := string(EscapeJSON([]byte(tc.in)))
		if got != tc.want {
			t.Errorf("EscapeJSON(%q) = %q, want %q", tc.in, got, tc.want)
		}
		var v, w any
		if err := json.Unmarshal([]byte(got), &v); err != nil {
			t.Errorf("%q: %v", got, err)
		}
		if utf8.ValidString(tc.in) {
			_ = json.Unmarshal([]byte(tc.in), &w)
			if !reflect.DeepEqual(v, w) {
				t.Errorf("%q reads as %v, want %v", got, v, w)
			}
		}
	}
}

// Every rune Clean lets through without a width check is a cluster of its
// own, that lipgloss and wcwidth measure alike.
func TestPlainRunesNeedNoWidthCheck(t *testing.T) {
	for r := rune(0x80); r <= 0xffff; r++ {
		if !plain(r) {
			continue
		}
		s := string(r)
		if g, wc := ansi.StringWidth(s), ansi.StringWidthWc(s); g != wc || g == 0 {
			t.Errorf("U+%04X %q: width %d for lipgloss, %d for wcwidth", r, s, g, wc)
		}
		for _, next := range []string{"a", s, "é"} {
			if c, _ := ansi.FirstGraphemeCluster(s+next, ansi.GraphemeWidth); c != s {
				t.Errorf("U+%04X %q joins %q into one cluster", r, s, next)
			}
		}
	}
}

func TestCleanGivesWidthsEveryTerminalAgreesOn(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"soft hyphen", "web\u00adprod", "webprod"},
		{"zero-width space and joiner outside emoji", "a\u200bb\u2060c\ufeffd", "abcd"},
		{"family ZWJ sequence", "by 👨\u200d👩\u200d👧 ops", "by \ufffd ops"},
		{"skin tone", "ok 👍🏽", "ok \ufffd"},
		{"emoji presentation selector", "love ❤\ufe0f", "love \ufffd"},
		{"flag", "region 🇫🇷 eu", "region \ufffd eu"},
		{"tag sequence", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F x", "\ufffd x"},
		{"combining accent kept", "de\u0301ploy", "de\u0301ploy"},
		{"plain emoji kept", "ship 🚀", "ship 🚀"},
		{"status glyphs kept", "✓ ✗ ▶ ◷ ⊘ ⟳ …", "✓ ✗ ▶ ◷ ⊘ ⟳ …"},
		{"CJK kept", "部署 デプロイ 배포", "部署 デプロイ 배포"},
	} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("%s: Clean(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
		if got := CleanMultiline(tc.in + "\n" + tc.in); got != tc.want+"\n"+tc.want {
			t.Errorf("%s: CleanMultiline = %q", tc.name, got)
		}
	}
}

// FuzzCleanWidth: whatever the manager sends, the cleaned text takes the
// same number of cells for lipgloss (grapheme clusters), for wcwidth (per
// rune, as tmux and glibc count) and in a terminal emulator.
func FuzzCleanWidth(f *testing.F) {
	for _, s := range []string{"web\u00adprod", "👨\u200d👩\u200d👧", "👍🏽", "❤\ufe0f", "🇫🇷", "de\u0301ploy", "部署",
		"a\u0301\u0302\u0303", "\u0e01\u0e33", "\u1100\u1161\u11a8", "x\u20dd", "\u0915\u094d\u0937", "\x1b[31mred\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		g, wc := ansi.StringWidth(c), ansi.StringWidthWc(c)
		if g != wc {
			t.Fatalf("Clean(%q) = %q: %d cells for lipgloss, %d for wcwidth", s, c, g, wc)
		}
		if g > 200 {
			return
		}
		vt := vt.NewEmulator(g+10, 2)
		_, _ = vt.WriteString(c)
		if x := vt.CursorPosition().X; x != g {
			t.Fatalf("Clean(%q) = %q: %d cells, the emulator's cursor moved %d", s, c, g, x)
		}
	})
}

func BenchmarkCleanEmoji(b *testing.B) {
	s := "deploy 🚀 by 👨\u200d👩\u200d👧 ok 👍🏽"
	b.ReportAllocs()
	for b.Loop() {
		sink = Clean(s)
	}
}
