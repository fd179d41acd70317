package settings

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/cfytop/cfytop/triage"
)

// The config file's `stuck:` mapping sets the thresholds of the stuck rules
// (issue 11); a rule left out keeps its default:
//
//	stuck:
//	  no_event: 10m          # started, and no new event for this long
//	  slow_factor: 3         # started, and this many times the median run
//	  slow_min_runs: 3       # ... of at least this many completed runs
//	  cancelling: 2m
//	  force_cancelling: 1m   # and kill_cancelling
//	  pending: 2m            # pending with no started_at
//	  queued: 10m
//	  retries: 5             # started, and an operation at its 5th retry or later
//
// A duration (or retries) of 0 turns its rule off.
var stuckKeys = map[string]func(*triage.Thresholds) *time.Duration{
	"no_event":         func(t *triage.Thresholds) *time.Duration { return &t.NoEvent },
	"cancelling":       func(t *triage.Thresholds) *time.Duration { return &t.Cancelling },
	"force_cancelling": func(t *triage.Thresholds) *time.Duration { return &t.ForceCancelling },
	"pending":          func(t *triage.Thresholds) *time.Duration { return &t.Pending },
	"queued":           func(t *triage.Thresholds) *time.Duration { return &t.Queued },
}

func stuckNames() []string {
	names := []string{"slow_factor", "slow_min_runs", "retries"}
	for n := range stuckKeys {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// parseStuck reads the `stuck:` mapping into cf.stuck.
func (cf *configFile) parseStuck(k, v *yaml.Node) error {
	th := triage.DefaultThresholds()
	cf.stuck, cf.stuckAt = &th, k.Line
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		return configError(cf.path, v.Line, "stuck", "must be a mapping of rule to threshold, e.g. queued: 15m")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		nk, nv := v.Content[i], v.Content[i+1]
		name := strings.ReplaceAll(nk.Value, "-", "_")
		key := "stuck." + nk.Value
		if seen[name] {
			return configError(cf.path, nk.Line, key, "set twice")
		}
		seen[name] = true
		if nv.Kind != yaml.ScalarNode {
			return configError(cf.path, nv.Line, key, "must be a value, not %s", nodeKind(nv))
		}
		val := strings.TrimSpace(nv.Value)
		switch name {
		case "slow_factor":
			f, err := strconv.ParseFloat(val, 64)
			if err != nil || f < 0 {
				return configError(cf.path, nv.Line, key, "%q is not a factor; write a number such as 3 (0 turns the rule off)", val)
			}
			th.SlowFactor = f
		case "slow_min_runs":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return configError(cf.path, nv.Line, key, "%q is not a number of runs; write a whole number such as 3", val)
			}
			th.SlowMinRuns = n
		case "retries":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				return configError(cf.path, nv.Line, key, "%q is not a number of retries; write a whole number such as 5 (0 turns the rule off)", val)
			}
			th.Retries = n
		default:
			field, ok := stuckKeys[name]
			if !ok {
				return configError(cf.path, nk.Line, key, "unknown stuck rule%s (known: %s)",
					suggestFrom(name, stuckNames()), strings.Join(stuckNames(), ", "))
			}
			d, err := time.ParseDuration(val)
			if err != nil || d < 0 {
				return configError(cf.path, nv.Line, key, "%q is not a duration; write it like 10m, 90s or 0 (off)", val)
			}
			*field(&th) = d
		}
	}
	return nil
}

// stuck takes the config file's thresholds, or the defaults.
func (r *resolver) stuck() {
	s := r.s
	s.Stuck = triage.DefaultThresholds()
	if r.cfg != nil && r.cfg.stuck != nil {
		s.Stuck = *r.cfg.stuck
		s.Origins["stuck"] = Origin{Source: FromConfig, Name: r.cfg.path, Line: r.cfg.stuckAt, Key: "stuck"}
	}
}
