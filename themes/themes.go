// Package themes defines cfytop's semantic colour tokens per theme, and one
// Styles struct built from a theme once. Colour never carries meaning alone:
// statuses are words and glyphs, the selection has a marker and reverse video.
package themes

import (
	"fmt"
	"image/color"
	"sort"
	"strings"

	"charm.land/lipgloss/v2"
)

// Theme is a set of semantic colour tokens. A nil colour means "terminal
// default". Mono themes set every token to nil.
type Theme struct {
	Name string
	Mono bool

	Fg, Muted, Accent, Border   color.Color
	SelectedFg, SelectedBg      color.Color
	OK, Failed, Cancelled       color.Color // terminated / failed / cancelled
	Active, Waiting             color.Color // running-ish / queued-scheduled
	Warning, Danger, Info       color.Color
	BadgeFg, DemoBg, ReadOnlyBg color.Color
}

// ANSI colours by index: 16-colour values read well everywhere and are
// downsampled by nothing; 256-colour tints are used where they help.
func c(s string) color.Color { return lipgloss.Color(s) }

var themes = map[string]Theme{
	"default": {
		Name: "default",
		Fg:   nil, Muted: c("245"), Accent: c("12"), Border: c("240"),
		SelectedFg: c("15"), SelectedBg: c("24"),
		OK: c("10"), Failed: c("9"), Cancelled: c("11"), Active: c("14"), Waiting: c("13"),
		Warning: c("11"), Danger: c("9"), Info: c("12"),
		BadgeFg: c("0"), DemoBg: c("13"), ReadOnlyBg: c("11"),
	},
	"light": {
		Name: "light",
		Fg:   c("0"), Muted: c("242"), Accent: c("4"), Border: c("250"),
		SelectedFg: c("0"), SelectedBg: c("153"),
		OK: c("2"), Failed: c("1"), Cancelled: c("130"), Active: c("6"), Waiting: c("5"),
		Warning: c("130"), Danger: c("1"), Info: c("4"),
		BadgeFg: c("15"), DemoBg: c("5"), ReadOnlyBg: c("130"),
	},
	"high-contrast": {
		Name: "high-contrast",
		Fg:   c("15"), Muted: c("15"), Accent: c("14"), Border: c("15"),
		SelectedFg: c("0"), SelectedBg: c("11"),
		OK: c("10"), Failed: c("9"), Cancelled: c("11"), Active: c("14"), Waiting: c("13"),
		Warning: c("11"), Danger: c("9"), Info: c("14"),
		BadgeFg: c("0"), DemoBg: c("15"), ReadOnlyBg: c("11"),
	},
	"mono": {Name: "mono", Mono: true},
}

// Names lists the themes.
func Names() []string {
	out := make([]string, 0, len(themes))
	for n := range themes {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Get returns the named theme ("" is the default).
func Get(name string) (Theme, error) {
	if name == "" {
		name = "default"
	}
	t, ok := themes[strings.ToLower(name)]
	if !ok {
		return Theme{}, fmt.Errorf("unknown theme %q (choose one of: %s)", name, strings.Join(Names(), ", "))
	}
	return t, nil
}

// Styles is every style the UI renders with, built once per theme.
type Styles struct {
	Theme Theme

	Base, Muted, Bold, Accent lipgloss.Style

	// Header and status line.
	Header, HeaderLabel, Live, Stale, Paused lipgloss.Style
	BadgeDemo, BadgeReadOnly                 lipgloss.Style
	StatusLine, Toast, ToastError            lipgloss.Style

	// List.
	ColumnHeader, Row, RowSelected, RowMarker lipgloss.Style

	// Status words, by group.
	StatusOK, StatusFailed, StatusCancelled, StatusActive, StatusWaiting lipgloss.Style

	// Detail pane.
	PaneBorder, PaneBorderFocused, Label, Value, LogError, LogWarning, LogInfo, LogDebug lipgloss.Style
	// A match of the pane's search, and the one moved to (reverse video:
	// seen without colour too).
	SearchMatch, SearchCurrent lipgloss.Style

	// Filter and help.
	FilterPrompt, FilterText, FilterError, HelpKey, HelpDesc, HelpDisabled lipgloss.Style

	// Dialogs.
	Dialog, DialogTitle, DialogDanger, DialogWarning, Input, InputFocused, Error lipgloss.Style

	// Triage (see triage.go): calm ended rows, failed and stuck rows that
	// stand out, the mark of what arrived since the user last looked, the
	// STUCK word, and the pane's Cause block.
	RowCalm, RowAlert, RowNew, NewMarker, Stuck, CauseTitle, CauseText lipgloss.Style
}

func fg(s lipgloss.Style, col color.Color) lipgloss.Style {
	if col == nil {
		return s
	}
	return s.Foreground(col)
}

func bg(s lipgloss.Style, col color.Color) lipgloss.Style {
	if col == nil {
		return s
	}
	return s.Background(col)
}

// NewStyles builds every style of the theme.
func NewStyles(t Theme) *Styles {
	base := lipgloss.NewStyle()
	s := &Styles{Theme: t}
	s.Base = fg(base, t.Fg)
	s.Muted = fg(base, t.Muted)
	if t.Mono {
		s.Muted = base.Faint(true)
	}
	s.Bold = base.Bold(true)
	s.Accent = fg(base, t.Accent).Bold(true)

	s.Header = base.Bold(true)
	s.HeaderLabel = s.Muted
	s.Live = fg(base, t.OK).Bold(true)
	s.Stale = fg(base, t.Warning).Bold(true)
	s.Paused = fg(base, t.Info).Bold(true)
	badge := fg(base, t.BadgeFg).Bold(true).Padding(0, 1)
	s.BadgeDemo = bg(badge, t.DemoBg)
	s.BadgeReadOnly = bg(badge, t.ReadOnlyBg)
	if t.Mono {
		s.BadgeDemo = base.Reverse(true).Bold(true).Padding(0, 1)
		s.BadgeReadOnly = s.BadgeDemo
	}
	s.StatusLine = s.Muted
	s.Toast = fg(base, t.Info)
	s.ToastError = fg(base, t.Danger).Bold(true)

	s.ColumnHeader = fg(base, t.Muted).Bold(true)
	s.Row = s.Base
	s.RowSelected = bg(fg(base, t.SelectedFg), t.SelectedBg).Bold(true)
	if t.Mono || t.SelectedBg == nil {
		s.RowSelected = base.Reverse(true).Bold(true)
	}
	s.RowMarker = s.Accent

	// Completed is the calm status: eighty bright-green cells draw the eye
	// away from the one failure that matters. Its glyph and word say it.
	s.StatusOK = fg(base, t.Muted)
	if t.Mono || t.Muted == nil {
		s.StatusOK = base.Faint(true)
	}
	s.StatusFailed = fg(base, t.Failed).Bold(true)
	s.StatusCancelled = fg(base, t.Cancelled)
	s.StatusActive = fg(base, t.Active)
	s.StatusWaiting = fg(base, t.Waiting)

	border := lipgloss.NormalBorder()
	s.PaneBorder = base.Border(border)
	if t.Border != nil {
		s.PaneBorder = s.PaneBorder.BorderForeground(t.Border)
	}
	s.PaneBorderFocused = base.Border(lipgloss.ThickBorder())
	if t.Accent != nil {
		s.PaneBorderFocused = s.PaneBorderFocused.BorderForeground(t.Accent)
	}
	s.Label = s.Muted
	s.Value = s.Base
	s.LogError = fg(base, t.Danger)
	s.LogWarning = fg(base, t.Warning)
	s.LogInfo = s.Base
	s.LogDebug = s.Muted
	s.SearchMatch = base.Reverse(true)
	s.SearchCurrent = base.Reverse(true).Bold(true).Underline(true)

	s.FilterPrompt = s.Accent
	s.FilterText = s.Base
	s.FilterError = fg(base, t.Danger)
	s.HelpKey = fg(base, t.Accent)
	s.HelpDesc = s.Muted
	s.HelpDisabled = base.Faint(true).Strikethrough(true)

	s.Dialog = base.Border(lipgloss.RoundedBorder()).Padding(0, 1)
	if t.Border != nil {
		s.Dialog = s.Dialog.BorderForeground(t.Accent)
	}
	s.DialogTitle = base.Bold(true)
	s.DialogDanger = fg(base, t.Danger).Bold(true)
	s.DialogWarning = fg(base, t.Warning).Bold(true)
	s.Input = base.Underline(true)
	s.InputFocused = fg(base.Underline(true), t.Accent).Bold(true)
	s.Error = fg(base, t.Danger).Bold(true)
	triageStyles(s, t, base)
	return s
}
