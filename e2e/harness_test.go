// Package e2e drives the real cfytop binary through a real pseudo-terminal
// against the embedded simulator, and reads the screen back through an
// in-memory terminal emulator.
package e2e

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// binPath is the cfytop binary built once for the package's tests.
var binPath string

func TestMain(m *testing.M) {
	if runtime.GOOS == "windows" {
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "cfytop-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binPath = filepath.Join(dir, "cfytop")
	build := exec.Command("go", "build", "-o", binPath, "..")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building cfytop:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// term is one run of the binary in a pseudo-terminal.
type term struct {
	t    testing.TB
	cmd  *exec.Cmd
	pty  *os.File
	mu   sync.Mutex
	emu  *vt.Emulator
	raw  bytes.Buffer // everything the program wrote
	done chan struct{}
	// drained closes when everything the program wrote has been read.
	drained chan struct{}
	err     error
}

// start runs the binary with args in a w x h pseudo-terminal.
func start(t testing.TB, w, h int, env []string, args ...string) *term {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	home := t.TempDir()
	cmd.Env = append([]string{
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".state"),
		"TERM=xterm-256color",
		"PATH=" + os.Getenv("PATH"),
		"LANG=C.UTF-8",
	}, env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		t.Fatalf("starting cfytop in a pty: %v", err)
	}
	tm := &term{t: t, cmd: cmd, pty: f, emu: vt.NewEmulator(w, h), done: make(chan struct{}), drained: make(chan struct{})}
	// The emulator answers the program's terminal queries through its input pipe.
	go func() { _, _ = io.Copy(f, tm.emu) }()
	go func() {
		defer close(tm.drained)
		buf := make([]byte, 32*1024)
		for {
			n, err := f.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				tm.raw.Write(buf[:n])
				_, _ = tm.emu.Write(buf[:n])
				tm.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		tm.err = cmd.Wait()
		close(tm.done)
	}()
	t.Cleanup(func() {
		select {
		case <-tm.done:
		default:
			_ = cmd.Process.Kill()
			<-tm.done
		}
		_ = f.Close()
		// The emulator is not closed: vt's Close races with the Read that
		// the answering goroutine is blocked in. That goroutine ends with
		// the test binary.
		if t.Failed() {
			t.Logf("last screen:\n%s", tm.screen())
		}
	})
	return tm
}

// screen is the emulator's current text.
func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.emu.String()
}

// written is the number of bytes the program has written so far.
func (tm *term) written() int {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.raw.Len()
}

// rawSince returns what the program wrote after offset n.
func (tm *term) rawSince(n int) []byte {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return append([]byte(nil), tm.raw.Bytes()[n:]...)
}

// waitFor polls the screen until cond holds or the deadline passes.
func (tm *term) waitFor(what string, d time.Duration, cond func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(d)
	for {
		s := tm.screen()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out after %s waiting for %s; screen:\n%s", d, what, s)
		}
		select {
		case <-tm.done:
			tm.t.Fatalf("cfytop exited (%v) while waiting for %s; screen:\n%s", tm.err, what, s)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitText waits until the screen contains every one of texts.
func (tm *term) waitText(d time.Duration, texts ...string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q", texts), d, func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// send types raw bytes into the terminal.
func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := tm.pty.Write([]byte(s)); err != nil {
		tm.t.Fatalf("typing %q: %v", s, err)
	}
}

// resize changes the terminal's size, as a window change would.
func (tm *term) resize(w, h int) {
	tm.t.Helper()
	tm.mu.Lock()
	tm.emu.Resize(w, h)
	tm.mu.Unlock()
	if err := pty.Setsize(tm.pty, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)}); err != nil {
		tm.t.Fatalf("resizing the pty: %v", err)
	}
}

// wait waits for the program to exit.
func (tm *term) wait(d time.Duration) error {
	tm.t.Helper()
	select {
	case <-tm.done:
	case <-time.After(d):
		tm.t.Fatalf("cfytop did not exit within %s; screen:\n%s", d, tm.screen())
		return nil
	}
	// The last frames (leaving the alternate screen) may still be in the pty:
	// read them before anyone looks at the screen.
	select {
	case <-tm.drained:
	case <-time.After(5 * time.Second):
		tm.t.Fatal("the pseudo-terminal's output was not drained after cfytop exited")
	}
	return tm.err
}

// emuAltScreen reports whether the emulated terminal is on the alternate screen.
func (tm *term) emuAltScreen() bool {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.emu.IsAltScreen()
}

// escape presses esc alone. A terminal cannot tell esc followed at once by a
// key from alt+key, so it waits a moment before anything else is typed.
func (tm *term) escape() {
	tm.t.Helper()
	tm.send("\x1b")
	time.Sleep(150 * time.Millisecond)
}
