package failures

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// longCauseFailure failed with a cause longer than two lines of 80
// columns, as a script's output makes them.
func longCauseFailure(n int, dep string, ago time.Duration) client.Execution {
	e := uitest.Exec(uitest.UUID(n), "install", dep, client.StatusFailed, ago)
	e.Error = client.Some("Task failed: configure (redis_koxy8o:cloudify.interfaces.lifecycle.configure): ProcessExecutionError " +
		"`Command \"/opt/manager/resources/deployments/default_tenant/cache/scripts/configure-redis.sh --bind 0.0.0.0 --port 6379 " +
		"--maxmemory 2gb --appendonly yes --loglevel notice\" exited with code 1`\n")
	return e
}

// sampleFailures are nine failures of three causes, the first one long.
func sampleFailures() []client.Execution {
	var execs []client.Execution
	for i := range 4 {
		execs = append(execs, longCauseFailure(i+1, []string{"cache-prod", "cache-stage"}[i%2], time.Duration(i+2)*time.Minute))
	}
	for i := range 3 {
		execs = append(execs, sshFailure(i+5, []string{"web-prod", "db-prod", "web-prod"}[i], time.Duration(i+1)*time.Hour))
	}
	for i := range 2 {
		execs = append(execs, uitest.Exec(uitest.UUID(i+8), "heal", "cache", client.StatusFailed, time.Duration(i+3)*time.Hour))
	}
	return execs
}

// TestGolden pins the screen (its header line and body, as the shell draws
// them, the group of the long cause selected) at 80x24 and 120x40, in 256
// colours and without colour.
func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, p := range []colorprofile.Profile{colorprofile.ANSI256, colorprofile.Ascii} {
			w, h := size[0], size[1]
			name := "failures-" + strconv.Itoa(w) + "x" + strconv.Itoa(h) + "-" + map[colorprofile.Profile]string{
				colorprofile.ANSI256: "default", colorprofile.Ascii: "nocolor"}[p]
			t.Run(name, func(t *testing.T) {
				theme, _ := themes.Get("default")
				ctx := common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme), Now: func() time.Time { return uitest.T0 }}
				m := New(ctx, 7, Options{Manager: uitest.NewManager(sampleFailures()...)}).SetSize(w, h-2).(Model) // the shell's title line and footer
				m, _ = run(m, m.Init())
				out := m.Header(w) + "\n" + m.View()
				for i, l := range strings.Split(out, "\n") {
					if lw := ansi.StringWidth(l); lw > w {
						t.Fatalf("line %d is %d cells wide, more than %d: %q", i, lw, w, ansi.Strip(l))
					}
				}
				if n := strings.Count(out, "\n") + 1; n != h-1 {
					t.Fatalf("%d lines for a body of %d and its header", n, h-2)
				}
				var b strings.Builder
				cw := &colorprofile.Writer{Forward: &b, Profile: p}
				if _, err := cw.WriteString(out); err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, b.String())
			})
		}
	}
}
