package settings

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/triage"
)

func TestStuckThresholdsFromTheConfigFile(t *testing.T) {
	h := newFakeHome(t)
	h.config("stuck:\n  queued: 15m\n  no_event: 0\n  slow_factor: 2.5\n  force-cancelling: 30s\n  retries: 10\n")
	s := h.mustLoad()
	want := triage.DefaultThresholds()
	want.Queued, want.NoEvent, want.SlowFactor, want.ForceCancelling = 15*time.Minute, 0, 2.5, 30*time.Second
	want.Retries = 10
	if s.Stuck != want {
		t.Errorf("thresholds %+v, want %+v", s.Stuck, want)
	}
	if o := s.Origins["stuck"]; o.Source != FromConfig || o.Line != 1 {
		t.Errorf("origin %+v", o)
	}
	if d := newFakeHome(t).mustLoad().Stuck; d != triage.DefaultThresholds() {
		t.Errorf("no config: %+v, want the defaults", d)
	}
}

func TestBadStuckThresholds(t *testing.T) {
	for text, want := range map[string]string{
		"stuck:\n  queud: 5m\n":        `unknown stuck rule (did you mean "queued"?)`,
		"stuck:\n  queued: soon\n":     `"soon" is not a duration`,
		"stuck:\n  slow_factor: x\n":   `"x" is not a factor`,
		"stuck:\n  slow_min_runs: 0\n": "not a number of runs",
		"stuck:\n  retries: -1\n":      `"-1" is not a number of retries`,
		"stuck:\n  retries: many\n":    `"many" is not a number of retries`,
		"stuck:\n  retires: 5\n":       `unknown stuck rule (did you mean "retries"?)`,
		"stuck: [a]\n":                 "must be a mapping",
	} {
		h := newFakeHome(t)
		path := h.config(text)
		_, err := h.load()
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "config file "+path) ||
			!strings.Contains(err.Error(), "line "+strconv.Itoa(strings.Count(text, "\n"))) {
			t.Errorf("%q: %v, want an error with %q", text, err, want)
		}
	}
}
