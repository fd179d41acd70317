package events

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/ui/uitest"
)

// sshMessage is an error log as long as the manager's are.
const sshMessage = "SSH connection to 10.0.3.17:22 failed after 3 attempts: dial tcp 10.0.3.17:22: i/o timeout (retrying in 30 seconds)"

// timeline is a day-old line, then an hour of today's: info logs and,
// every fourth, an error log of an SSH connection.
func timeline() []client.Event {
	old := ev(1)
	old.Timestamp.Time = uitest.T0.Add(-26 * time.Hour)
	old.ReportedTimestamp.Time = old.Timestamp.Time
	out := []client.Event{old}
	for n := 2; n <= 60; n++ {
		e := ev(n)
		e.Type, e.EventType, e.ErrorCauses = client.EventTypeLog, "", nil
		e.DeploymentID, e.NodeInstanceID = nstr("cache-prod"), nstr(fmt.Sprintf("redis_koxy%02d", n%7))
		e.Level, e.Message = "info", fmt.Sprintf("configuring redis (step %d of 60)", n)
		if n%4 == 0 {
			e.Level, e.Message = "error", sshMessage
		}
		out = append(out, e)
	}
	return out
}

// Today's lines keep the time column narrow while the older line held is
// out of view; the dated column comes back with it.
func TestTimeColumnIsDatedOnlyWithAnotherDaysLineInView(t *testing.T) {
	h := newHarnessAt(t, uitest.T0.Add(time.Hour), humantime.UTC, Options{}, timeline()...)
	h.m = h.m.SetSize(80, 24).(Model)
	if l := uitest.LineOf(t, h.view(), "step 59 "); !strings.HasPrefix(l, "12:00:59Z INFO") {
		t.Fatalf("today's line with the older one out of view: %q", l)
	}
	h.press("g")
	v := h.view()
	if l := uitest.LineOf(t, v, "line 1"); !strings.HasPrefix(l, "Nov 28 10:00:00Z INFO") {
		t.Fatalf("the older line: %q", l)
	}
	if l := uitest.LineOf(t, v, "step 2 "); !strings.HasPrefix(l, "       12:00:02Z INFO") {
		t.Fatalf("today's line under the older one: %q", l)
	}
}

// At 80 columns the message has more than half the row; at 120, more than
// half too, with the execution and the node instance shown.
func TestMessageHasTheRoom(t *testing.T) {
	for _, tt := range []struct{ width, room int }{{80, 44}, {120, 58}} {
		h := newHarnessAt(t, uitest.T0.Add(time.Hour), humantime.Relative, Options{}, timeline()...)
		h.m = h.m.SetSize(tt.width, 24).(Model)
		l := uitest.LineOf(t, h.view(), "SSH connection")
		shown := l[strings.Index(l, "SSH connection"):]
		if n := ansi.StringWidth(strings.TrimRight(shown, " ")); n < tt.room {
			t.Errorf("at %d columns the message has %d cells, want %d or more: %q", tt.width, n, tt.room, l)
		}
	}
}

// tab unfolds a message its column cuts, one line long: the rows under it
// have it all, wrapped; tab folds it again.
func TestTabUnfoldsACutMessage(t *testing.T) {
	h := newHarnessAt(t, uitest.T0.Add(time.Hour), humantime.Relative, Options{}, timeline()...)
	h.m = h.m.SetSize(80, 24).(Model)
	h.press("k") // step 59: its message is not cut, there is nothing to unfold
	h.press("tab")
	if n := strings.Count(h.view(), "\n"); n != 23 || strings.Count(ansi.Strip(h.view()), "step 59") != 1 {
		t.Fatalf("tab unfolded a message shown whole:\n%s", ansi.Strip(h.view()))
	}
	h.press("j", "tab") // step 60: an SSH error, cut
	v := strings.Join(strings.Fields(ansi.Strip(h.view())), " ")
	if !strings.Contains(v, sshMessage) {
		t.Fatalf("unfolded, the message is not there whole:\n%s", ansi.Strip(h.view()))
	}
	h.press("tab")
	if v := strings.Join(strings.Fields(ansi.Strip(h.view())), " "); strings.Contains(v, "(retrying in 30 seconds)") {
		t.Fatalf("tab does not fold again:\n%s", ansi.Strip(h.view()))
	}
}

// TestGolden pins the screen (its header line, body and footer, as the
// shell draws them) at 80x24 and 120x40, in 256 colours and without
// colour: the errors (level:error), and an error unfolded.
func TestGolden(t *testing.T) {
	scenes := []struct {
		name string
		w, h int
		do   func(h *harness)
	}{
		{"errors", 80, 24, func(h *harness) { h.press("/"); h.typeText("level:error"); h.press("enter") }},
		{"errors", 120, 40, func(h *harness) { h.press("/"); h.typeText("level:error"); h.press("enter") }},
		{"unfolded", 80, 24, func(h *harness) { h.press("tab") }},
		{"unfolded", 120, 40, func(h *harness) { h.press("tab") }},
	}
	for _, sc := range scenes {
		for _, p := range []colorprofile.Profile{colorprofile.ANSI256, colorprofile.Ascii} {
			name := sc.name + "-" + strconv.Itoa(sc.w) + "x" + strconv.Itoa(sc.h) + "-" + map[colorprofile.Profile]string{
				colorprofile.ANSI256: "default", colorprofile.Ascii: "nocolor"}[p]
			t.Run(name, func(t *testing.T) {
				h := newHarnessAt(t, uitest.T0.Add(time.Hour), humantime.UTC, Options{}, timeline()...)
				h.m = h.m.SetSize(sc.w, sc.h-2).(Model) // the shell's title line and footer
				sc.do(h)
				out := h.m.Header(sc.w) + "\n" + h.m.View() + "\n" + h.m.Footer(sc.w)
				for i, l := range strings.Split(out, "\n") {
					if w := ansi.StringWidth(l); w > sc.w {
						t.Fatalf("line %d is %d cells wide, more than %d: %q", i, w, sc.w, ansi.Strip(l))
					}
				}
				if n := strings.Count(out, "\n") + 1; n != sc.h {
					t.Fatalf("%d lines for a body of %d, its header and footer", n, sc.h-2)
				}
				var b strings.Builder
				w := &colorprofile.Writer{Forward: &b, Profile: p}
				if _, err := w.WriteString(out); err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, b.String())
			})
		}
	}
}
