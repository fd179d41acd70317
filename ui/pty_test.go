//go:build !windows

package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"

	"github.com/cfytop/cfytop/client"
)

// screen is an in-memory terminal fed by the program's output.
type screen struct {
	mu    sync.Mutex
	emu   *vt.Emulator
	bytes int // written by the program so far
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bytes += len(p)
	return s.emu.Write(p)
}

func (s *screen) written() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes
}

func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.String()
}

func (s *screen) waitFor(t *testing.T, what string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		txt := s.text()
		if ok(txt) {
			return txt
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen never showed %s:\n%s", what, txt)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func shows(sub string) func(string) bool {
	return func(s string) bool { return strings.Contains(s, sub) }
}

// TestProgramInPseudoTerminal runs the dashboard as Run does (same program
// options) on a real pseudo-terminal and reads the screen back.
func TestProgramInPseudoTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: 120, Rows: 40}); err != nil {
		t.Fatal(err)
	}
	scr := &screen{emu: vt.NewEmulator(120, 40)}
	go func() { _, _ = io.Copy(scr, ptmx) }()     // program output → screen
	go func() { _, _ = io.Copy(ptmx, scr.emu) }() // terminal replies → program

	f := goldenWorld()
	o := Options{Manager: f, ManagerLabel: "http://127.0.0.1:8100", Tenant: "default_tenant", Refresh: time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := append(programOptions(ctx, o), tea.WithInput(tty), tea.WithOutput(tty),
		tea.WithEnvironment(append(os.Environ(), "TERM=xterm-256color")))
	p := tea.NewProgram(NewApp(o), opts...)
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()

	scr.waitFor(t, "the executions", func(s string) bool {
		return strings.Contains(s, "uninstall") && strings.Contains(s, "live")
	})
	_, _ = ptmx.WriteString("/status:failed")
	scr.waitFor(t, "the filtered list", shows("1 of 5 shown"))
	_, _ = ptmx.WriteString("\r\r") // keep the filter, open the pane
	scr.waitFor(t, "the error in the pane", shows("RuntimeError: cannot reach"))
	_, _ = ptmx.WriteString("\t/\x15wf:heal\r") // back to the list, another filter (ctrl+u clears the input): the pane follows
	scr.waitFor(t, "the events of the selected execution", shows("queue is long"))
	// Resize to 80x24: the pane moves below the list.
	scr.mu.Lock()
	scr.emu.Resize(80, 24)
	scr.mu.Unlock()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: 80, Rows: 24}); err != nil {
		t.Fatal(err)
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGWINCH)
	scr.waitFor(t, "the narrow layout", func(s string) bool {
		lines := strings.Split(s, "\n")
		for _, l := range lines {
			if strings.HasPrefix(l, "┌") || strings.HasPrefix(l, "┏") {
				return len(lines) == 24
			}
		}
		return false
	})
	_, _ = ptmx.WriteString("q")
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("q did not end the program")
	}
}

// startInPty runs the dashboard on a pseudo-terminal of the given size.
func startInPty(t *testing.T, o Options, w, h int) (*screen, *os.File, func()) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)}); err != nil {
		t.Fatal(err)
	}
	scr := &screen{emu: vt.NewEmulator(w, h)}
	go func() { _, _ = io.Copy(scr, ptmx) }()
	go func() { _, _ = io.Copy(ptmx, scr.emu) }()
	ctx, cancel := context.WithCancel(context.Background())
	opts := append(programOptions(ctx, o), tea.WithInput(tty), tea.WithOutput(tty),
		tea.WithEnvironment(append(os.Environ(), "TERM=xterm-256color")))
	p := tea.NewProgram(NewApp(o), opts...)
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	return scr, ptmx, func() {
		cancel()
		<-done
		ptmx.Close()
		tty.Close()
	}
}

// TestBytesPerPoll measures what a poll costs on the wire: one that changes
// nothing, and one that changes one row's status. The figures are logged
// (the end-to-end test of the binary holds the budget).
func TestBytesPerPoll(t *testing.T) {
	for _, running := range []bool{false, true} {
		execs := sampleExecs()
		if !running {
			execs = []client.Execution{execs[1], execs[2], execs[4]} // ended ones: no clock
		}
		f := newFake(execs...)
		scr, _, stop := startInPty(t, Options{Manager: f, ManagerLabel: "http://127.0.0.1:8100", Refresh: time.Second}, 120, 40)
		scr.waitFor(t, "the list", shows("uninstall"))
		polls := func() int { l, _, _ := f.counts(); return l }
		waitPolls := func(n int) {
			deadline := time.Now().Add(10 * time.Second)
			for start := polls(); polls() < start+n; {
				if time.Now().After(deadline) {
					t.Fatal("no poll")
				}
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(150 * time.Millisecond) // the frame after the reply (30 fps)
		}
		waitPolls(2)
		b0 := scr.written()
		waitPolls(2) // one poll (window + active queries), nothing changed
		idle := scr.written() - b0
		changed := slices.Clone(execs)
		changed[0].Status = client.StatusCancelled
		f.set(changed...)
		b1 := scr.written()
		waitPolls(2)
		one := scr.written() - b1
		scr.waitFor(t, "the new status", shows("cancelled"))
		t.Logf("running executions in view: %v — bytes for a poll that changes nothing: %d; for one that changes one row's status: %d", running, idle, one)
		stop()
	}
}
