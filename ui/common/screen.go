// Package common is what the shell and its screens share: the one contract
// every screen implements, the context they are built with, the messages
// they send the shell, and the layout helpers they draw with.
//
// A new screen is one package under ui/screens that implements Screen,
// plus one entry in the shell's registry (ui/registry.go).
package common

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
)

// ID names one screen instance on the stack. Replies carry it, so that an
// answer to a screen that was popped (or replaced by a tenant switch) is
// dropped instead of reaching another screen.
type ID int

// Screen is the contract of every screen. Implementations are values:
// every method that changes the screen returns the new one.
type Screen interface {
	help.KeyMap // ShortHelp for the footer, FullHelp for the help screen

	// ID is the instance's address for replies.
	ID() ID
	// Init starts the screen when it is first shown.
	Init() tea.Cmd
	// Update handles a key (the shell sends keys only to the top screen)
	// or a reply addressed to this screen.
	Update(msg tea.Msg) (Screen, tea.Cmd)
	// View is the body, exactly the size last given to SetSize.
	View() string
	// SetSize gives the screen the body's size.
	SetSize(width, height int) Screen
	// Title is the screen's part of the breadcrumb in the header
	// ("executions › 3f2a9c1e").
	Title() string
	// Header is the screen's line under the title: its state and counts,
	// at most width cells.
	Header(width int) string
	// Footer is the screen's part of the status line (a filter being
	// typed or in force); "" for none.
	Footer(width int) string
	// InputActive reports whether the screen holds text input: every
	// printable key then goes to it, never to a command.
	InputActive() bool
	// Back closes one level inside the screen (its filter, its pane);
	// ok false when nothing is open, and the shell then pops the screen.
	Back() (s Screen, cmd tea.Cmd, ok bool)
	// SetActive is false when another screen covers this one or it leaves
	// the stack: it stops fetching. True when it is on top again.
	SetActive(active bool) (Screen, tea.Cmd)
}

// Targeter is a screen whose selection the action keys act on.
type Targeter interface {
	// Target is the execution an action key acts on.
	Target() (client.Execution, bool)
}

// Restyler is a screen that can take new styles (the theme picked from the
// terminal's background once it answers).
type Restyler interface {
	Restyle(styles *themes.Styles) Screen
}

// TimeSetter is a screen that shows times: it takes the time mode the user
// switched to.
type TimeSetter interface {
	SetTimes(mode humantime.Mode) Screen
}

// HelpTitler names the groups of a screen's FullHelp, in order.
type HelpTitler interface{ HelpTitles() []string }

// Addressed is a reply that belongs to one screen instance.
type Addressed interface{ ScreenID() ID }

// Timer delivers msg after d: tea.Tick in the program, by hand in tests.
type Timer func(d time.Duration, msg tea.Msg) tea.Cmd

// TeaTimer is the real Timer.
func TeaTimer(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// Context is what every screen is built with.
type Context struct {
	Keys     keymap.KeyMap
	Styles   *themes.Styles
	Now      func() time.Time
	After    Timer
	ReadOnly bool
	Times    humantime.Mode // how times are shown (relative, local, UTC)
}

// StatusMsg puts a message on the shell's status line.
type StatusMsg struct {
	Text    string
	IsError bool
	// Note says that the selection moved without the user moving it. A
	// message with Beside set is shown next to a note instead of over it
	// (an action's result, which may itself have moved the selection).
	Note, Beside bool
	// Sticky keeps the message until the user dismisses it: a warning that
	// an action may have been carried out must not be replaced by a note.
	Sticky bool
}

// Status returns a Cmd that shows text on the status line.
func Status(text string, isError bool) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text, IsError: isError} }
}

// Note returns a Cmd that says the selection moved by itself.
func Note(text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text, Note: true} }
}

// ExecutionUpdatedMsg carries an execution as the manager returned it after
// an action; the shell passes it to every screen, so that rows showing it
// take the new status at once.
type ExecutionUpdatedMsg struct {
	Execution client.Execution
	// Started says the user just started it: the list selects it and
	// shows it in the pane.
	Started bool
}

// PushMsg asks the shell to put a new screen on top of the stack.
type PushMsg struct {
	// New builds the screen with the ID the shell gives it.
	New func(ctx Context, id ID) Screen
}

// PopMsg asks the shell to remove the top screen.
type PopMsg struct{}
