package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"github.com/cfytop/cfytop/themes"
)

// ErrNoTerminal is returned by Run when it cannot draw a dashboard.
var ErrNoTerminal = errors.New("the dashboard needs an interactive terminal")

// checkTerminal explains what to do when the dashboard cannot run here.
func checkTerminal(termEnv string, stdinTTY, stdoutTTY bool) error {
	advice := "run it in a terminal (over SSH use `ssh -t host cfytop`), or print the executions once as text with `cfytop --once`"
	switch {
	case strings.TrimSpace(termEnv) == "dumb":
		return fmt.Errorf("%w: TERM=dumb cannot show a full-screen dashboard; set TERM (e.g. xterm-256color) and %s", ErrNoTerminal, advice)
	case !stdinTTY && !stdoutTTY:
		return fmt.Errorf("%w: neither input nor output is a terminal; %s", ErrNoTerminal, advice)
	case !stdinTTY:
		return fmt.Errorf("%w: input is not a terminal; %s", ErrNoTerminal, advice)
	case !stdoutTTY:
		return fmt.Errorf("%w: output is not a terminal (piped or redirected); %s", ErrNoTerminal, advice)
	}
	return nil
}

// CheckTerminal reports whether this process can show the dashboard: TERM
// is not dumb and both input and output are terminals. The error says what
// to do instead.
func CheckTerminal() error {
	return checkTerminal(os.Getenv("TERM"), term.IsTerminal(os.Stdin.Fd()), term.IsTerminal(os.Stdout.Fd()))
}

// frameRate caps the frames drawn a second. Bubble Tea wakes its renderer
// at this rate whether or not anything changed, and on an idle dashboard
// those wake-ups were most of its CPU: 1.4% of a core at 30, 0.96% at 15,
// 0.68% at 5 (e2e BenchmarkWindow100k). At 15 a key is on screen within
// 67 ms, well inside a round trip of the SSH sessions cfytop runs in.
const frameRate = 15

// programOptions are the terminal settings of the dashboard: the frame
// rate cap, the caller's context, no colour under NO_COLOR or --no-color, and under
// --mouse the filter that drops the mouse events nothing acts on.
func programOptions(ctx context.Context, o Options) []tea.ProgramOption {
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithFPS(frameRate)}
	if o.NoColor {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	if o.Mouse {
		opts = append(opts, tea.WithFilter(dropIdleMouse))
	}
	return opts
}

// gcPercent is the dashboard's GOGC (see Run).
const gcPercent = 50

// Run checks the terminal and runs the dashboard until the user quits or ctx
// ends.
func Run(ctx context.Context, o Options) error {
	if err := CheckTerminal(); err != nil {
		return err
	}
	if o.Manager == nil {
		return errors.New("no manager to talk to")
	}
	if _, err := themes.Get(o.Theme); err != nil && !o.NoColor {
		return err
	}
	// The dashboard holds a large heap that lives as long as it does (the
	// window) and, once loaded, makes little garbage: collecting at half
	// the live heap instead of all of it costs next to no CPU and keeps
	// the resident memory near the live heap.
	defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	p := tea.NewProgram(NewApp(o), programOptions(ctx, o)...)
	_, err := p.Run()
	if err != nil && errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // the caller ended the dashboard (e.g. a signal)
	}
	return err
}
