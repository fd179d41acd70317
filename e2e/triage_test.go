package e2e

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/simulator"
)

var osc52 = regexp.MustCompile(`\x1b\]52;c;([A-Za-z0-9+/=]*)(\x07|\x1b\\)`)

// A failed execution's pane opens, at 80x24, on its innermost cause; c
// copies it through OSC 52 (read back from the pty); z zooms the pane to
// the whole screen and back.
func TestCauseFirstCopyAndZoomAt80x24(t *testing.T) {
	sim := startSim(t, simulator.Options{Seed: 42, Demo: true, Worker: true})
	var id string
	for _, e := range sim.FindExecutions(simulator.ExecutionQuery{Tenant: "default_tenant", Status: "failed"}) {
		if e.Error != nil && strings.Contains(*e.Error, "NonRecoverableError `Failed to connect to") {
			id = e.ID
		}
	}
	if id == "" {
		t.Fatal("the demo has no SSH failure in default_tenant")
	}
	tm := start(t, 80, 24, []string{"CLOUDIFY_PASSWORD=admin"},
		"--manager", sim.URL(), "--username", "admin", "--tenant", "default_tenant", "--execution", id)
	screen := tm.waitText(15*time.Second, "Cause: NonRecoverableError", "Failed to connect to")
	if strings.Contains(screen, "Traceback") {
		t.Errorf("the traceback is on the first screen, not folded under the cause:\n%s", screen)
	}

	from := tm.written()
	tm.send("c")
	var copied string
	tm.waitFor("the cause on the clipboard", 10*time.Second, func(string) bool {
		m := osc52.FindSubmatch(tm.rawSince(from))
		if m == nil {
			return false
		}
		b, err := base64.StdEncoding.DecodeString(string(m[1]))
		copied = string(b)
		return err == nil
	})
	if !strings.HasPrefix(copied, "NonRecoverableError: Failed to connect to ") || !strings.Contains(copied, ":22") {
		t.Errorf("copied %q, want the innermost cause", copied)
	}

	tm.send("z")
	tm.waitFor("the pane zoomed", 10*time.Second, func(s string) bool {
		return !strings.Contains(s, "WORKFLOW") && strings.Contains(s, "Cause: NonRecoverableError")
	})
	tm.send("z")
	tm.waitText(10*time.Second, "WORKFLOW", "Cause: NonRecoverableError")
}
