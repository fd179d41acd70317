// Package keymap holds every key binding of cfytop in one struct, the help
// groups built from it, and the user's overrides from the config file.
package keymap

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every binding of the dashboard and its dialogs.
type KeyMap struct {
	// Movement (never destructive).
	Up       key.Binding
	Down     key.Binding
	Top      key.Binding
	Bottom   key.Binding
	HalfDown key.Binding
	HalfUp   key.Binding
	PageDown key.Binding
	PageUp   key.Binding

	// Views.
	Open   key.Binding // open or focus the detail pane
	Focus  key.Binding // switch focus between list and detail
	Filter key.Binding
	Back   key.Binding // clear the filter, close the pane, back out

	// Searching the detail pane's events (after / in the pane).
	SearchNext key.Binding
	SearchPrev key.Binding

	// List.
	Sort    key.Binding
	Reverse key.Binding
	Refresh key.Binding
	Pause   key.Binding
	System  key.Binding
	Events  key.Binding // the events timeline

	// Operations opens the operations screen of the selected execution.
	Operations key.Binding

	// Actions on executions.
	Start       key.Binding
	Cancel      key.Binding
	ForceCancel key.Binding
	Kill        key.Binding
	Resume      key.Binding
	Patch       key.Binding
	CopyID      key.Binding
	CopyCommand key.Binding

	// Marks, for the bulk actions: every action key with marks set acts on
	// the marked executions, through a preview.
	Mark       key.Binding // mark or unmark the selected execution
	MarkRange  key.Binding // mark from the last one marked to the selected one
	MarkAll    key.Binding // mark everything the filter shows
	ClearMarks key.Binding

	// Triage (issue 11).
	Zoom      key.Binding // the detail pane to the full screen and back
	Traceback key.Binding // unfold or fold the traceback under the cause
	CopyCause key.Binding // copy the innermost cause
	CopyError key.Binding // copy the whole error text
	Failures  key.Binding // the failures grouped by cause

	// Global.
	Help     key.Binding
	Command  key.Binding // the ":" command line
	Messages key.Binding // the message log
	Times    key.Binding // cycle how times are shown: relative, local, UTC
	Quit     key.Binding // backs out one level; quits from the bottom screen
	QuitNow  key.Binding // quits from anywhere (an open dialog closes first)

	// Inside dialogs.
	DialogYes    key.Binding // the plain confirmation of low-friction dialogs
	DialogSubmit key.Binding // submits a form or a typed confirmation (never alone)
	DialogNext   key.Binding
	DialogPrev   key.Binding
	DialogToggle key.Binding
	DialogClose  key.Binding // esc and ctrl+c always back out
	DialogCopy   key.Binding // copies a bulk action's result table
}

// DefaultKeyMap returns the default bindings (DESIGN.md's keymap).
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		HalfDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		HalfUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),

		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Focus:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear/back")),

		// N, the usual "previous match", starts an execution.
		SearchNext: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		SearchPrev: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "previous match")),

		Sort:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort column")),
		Reverse: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Refresh: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Pause:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause")),
		System:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "system workflows")),
		Events:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "events timeline")),

		Operations: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "operations")),

		Start:       key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "start")),
		Cancel:      key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "cancel")),
		ForceCancel: key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "force-cancel")),
		Kill:        key.NewBinding(key.WithKeys("K"), key.WithHelp("K", "kill")),
		Resume:      key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "resume")),
		Patch:       key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "patch status")),
		CopyID:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
		CopyCommand: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy cfy command")),

		Zoom:      key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "zoom pane")),
		Traceback: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "traceback")),
		CopyCause: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy cause")),
		CopyError: key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "copy error text")),
		Failures:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "failures by cause")),

		Mark:       key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark")),
		MarkRange:  key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "mark range")),
		MarkAll:    key.NewBinding(key.WithKeys("*"), key.WithHelp("*", "mark all shown")),
		ClearMarks: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "clear marks")),

		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Command:  key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command")),
		Messages: key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "message log")),
		Times:    key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "cycle times")),
		Quit:     key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "back/quit")),
		QuitNow:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),

		DialogYes:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "confirm")),
		DialogSubmit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),
		DialogNext:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next")),
		DialogPrev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous")),
		DialogToggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		DialogClose:  key.NewBinding(key.WithKeys("esc", "ctrl+c"), key.WithHelp("esc", "back")),
		DialogCopy:   key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy results")),
	}
}

// actionBindings are the bindings that change something on the manager.
func (k *KeyMap) actionBindings() []*key.Binding {
	return []*key.Binding{&k.Start, &k.Cancel, &k.ForceCancel, &k.Kill, &k.Resume, &k.Patch}
}

// SetReadOnly disables (or re-enables) every action binding, so that help
// shows them as disabled and key.Matches never fires for them.
func (k *KeyMap) SetReadOnly(readOnly bool) {
	for _, b := range k.actionBindings() {
		b.SetEnabled(!readOnly)
	}
}

// byName maps the config file's names to the bindings.
func (k *KeyMap) byName() map[string]*key.Binding {
	return map[string]*key.Binding{
		"up": &k.Up, "down": &k.Down, "top": &k.Top, "bottom": &k.Bottom,
		"half_down": &k.HalfDown, "half_up": &k.HalfUp, "page_down": &k.PageDown, "page_up": &k.PageUp,
		"open": &k.Open, "focus": &k.Focus, "filter": &k.Filter, "back": &k.Back,
		"search_next": &k.SearchNext, "search_prev": &k.SearchPrev,
		"sort": &k.Sort, "reverse": &k.Reverse, "refresh": &k.Refresh, "pause": &k.Pause, "system": &k.System, "events": &k.Events,
		"operations": &k.Operations,
		"start":      &k.Start, "cancel": &k.Cancel, "force_cancel": &k.ForceCancel, "kill": &k.Kill,
		"resume": &k.Resume, "patch": &k.Patch, "copy_id": &k.CopyID, "copy_command": &k.CopyCommand,
		"zoom": &k.Zoom, "traceback": &k.Traceback, "copy_cause": &k.CopyCause, "copy_error": &k.CopyError,
		"failures": &k.Failures,
		"mark":     &k.Mark, "mark_range": &k.MarkRange, "mark_all": &k.MarkAll, "clear_marks": &k.ClearMarks,
		"help": &k.Help, "command": &k.Command, "messages": &k.Messages, "times": &k.Times, "quit": &k.Quit, "quit_now": &k.QuitNow,
		"dialog_yes": &k.DialogYes, "dialog_submit": &k.DialogSubmit, "dialog_next": &k.DialogNext,
		"dialog_prev": &k.DialogPrev, "dialog_toggle": &k.DialogToggle, "dialog_close": &k.DialogClose,
		"dialog_copy": &k.DialogCopy,
	}
}

// Names lists the binding names accepted in the config file's `keys:` map.
func Names() []string {
	k := DefaultKeyMap()
	m := k.byName()
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Scopes are the groups of bindings (by config name) that are live at the
// same time: the dashboard's (list, detail pane, actions, global keys), and
// a dialog's. Two bindings of one scope must not share a key, or one of
// them silently stops working; bindings of different scopes may (y copies
// the ID on the dashboard and confirms in a dialog).
func Scopes() [][]string {
	return [][]string{
		{"up", "down", "top", "bottom", "half_down", "half_up", "page_down", "page_up",
			"open", "focus", "filter", "back", "search_next", "search_prev", "sort", "reverse", "refresh", "pause", "system", "events", "operations",
			"start", "cancel", "force_cancel", "kill", "resume", "patch", "copy_id", "copy_command",
			"help", "command", "messages", "times", "quit", "quit_now",
			"mark", "mark_range", "mark_all", "clear_marks",
			"zoom", "traceback", "copy_cause", "copy_error", "failures"},
		{"dialog_yes", "dialog_submit", "dialog_next", "dialog_prev", "dialog_toggle", "dialog_close", "dialog_copy"},
	}
}

// Error is a rebinding that cannot be applied; Binding is the config name
// it is about, for the caller to point at the line that set it.
type Error struct {
	Binding string
	Msg     string
}

func (e *Error) Error() string { return e.Msg }

// confirmKeys are the bindings that send an action on one key press; they
// must never be enter, which is also how a dialog is opened and a form
// submitted, so that a reflex enter would send it.
var confirmKeys = []string{"dialog_yes"}

// Apply rebinds keys by name, e.g. {"kill": ["X"]}. An unknown name, an
// empty key list, a confirmation on enter, or a key that another binding
// of the same scope keeps (see Scopes) is an *Error naming the bindings;
// nothing is changed on error.
func (k *KeyMap) Apply(overrides map[string][]string) error {
	next := *k
	m := next.byName()
	names := make([]string, 0, len(overrides))
	for n := range overrides {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		keys := overrides[name]
		b, ok := m[name]
		if !ok {
			return &Error{name, fmt.Sprintf("unknown key binding %q (known: %s)", name, strings.Join(Names(), ", "))}
		}
		if len(keys) == 0 {
			return &Error{name, fmt.Sprintf("key binding %q has no keys", name)}
		}
		for _, kk := range keys {
			if strings.TrimSpace(kk) == "" {
				return &Error{name, fmt.Sprintf("key binding %q has an empty key", name)}
			}
			if kk == "enter" && slices.Contains(confirmKeys, name) {
				return &Error{name, fmt.Sprintf("%s cannot be enter: enter opens dialogs and submits forms, so a reflex enter would send the action; use a letter such as \"y\"", name)}
			}
		}
		enabled := b.Enabled()
		desc := b.Help().Desc
		b.SetKeys(keys...)
		b.SetHelp(strings.Join(keys, "/"), desc)
		b.SetEnabled(enabled)
	}
	if err := next.checkScopes(overrides); err != nil {
		return err
	}
	*k = next
	return nil
}

// checkScopes refuses a key held by two bindings of one scope, naming the
// rebound binding first.
func (k *KeyMap) checkScopes(overrides map[string][]string) error {
	m := k.byName()
	for _, scope := range Scopes() {
		holder := map[string]string{}
		for _, name := range scope {
			for _, kk := range m[name].Keys() {
				other, taken := holder[kk]
				if !taken {
					holder[kk] = name
					continue
				}
				rebound, kept := name, other
				if _, ok := overrides[rebound]; !ok {
					rebound, kept = other, name
				}
				advice := fmt.Sprintf("choose another key for %s, or rebind %s too", rebound, kept)
				if _, ok := overrides[kept]; ok {
					advice = fmt.Sprintf("give %s and %s different keys", rebound, kept)
				}
				return &Error{rebound, fmt.Sprintf("key %q of %s is also %s's key, and only one of them would work; %s", kk, rebound, kept, advice)}
			}
		}
	}
	return nil
}

// ShortHelp is the one-line help always shown.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Filter, k.Open, k.Help, k.Command, k.Quit, k.Sort, k.Refresh, k.Pause, k.Cancel}
}

// FullHelp is the grouped keymap shown by `?`.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp},
		{k.Open, k.Focus, k.Filter, k.SearchNext, k.SearchPrev, k.Back, k.Sort, k.Reverse, k.Refresh, k.Pause, k.System,
			k.Zoom, k.Traceback, k.Failures},
		{k.Start, k.Cancel, k.ForceCancel, k.Kill, k.Resume, k.Patch, k.CopyID, k.CopyCommand,
			k.CopyCause, k.CopyError, k.Events, k.Operations},
		{k.Mark, k.MarkRange, k.MarkAll, k.ClearMarks},
		{k.Help, k.Command, k.Messages, k.Times, k.Quit, k.QuitNow},
	}
}

// Bound reports whether k (a key press, as its String form) is one of b's
// keys, whether or not b is enabled. The dashboard uses it to explain why a
// disabled action key did nothing.
func Bound(k fmt.Stringer, b key.Binding) bool {
	s := k.String()
	for _, bk := range b.Keys() {
		if s == bk {
			return true
		}
	}
	return false
}

// Actions returns the bindings that change something on the manager, in
// help order.
func (k KeyMap) Actions() []key.Binding {
	return []key.Binding{k.Start, k.Cancel, k.ForceCancel, k.Kill, k.Resume, k.Patch}
}

// HelpGroupTitles names the groups of FullHelp, in the same order.
func HelpGroupTitles() []string {
	return []string{"Move", "View", "Act", "Mark", "General"}
}
