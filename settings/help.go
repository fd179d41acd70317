package settings

import (
	"fmt"
	"io"
	"strings"
)

// WriteHelp writes --help: usage, every flag with its environment variables
// and default, precedence, examples and exit statuses.
func WriteHelp(w io.Writer) error {
	var b strings.Builder
	b.WriteString(`cfytop — a terminal dashboard for the executions of a Cloudify Manager

Usage:
  cfytop [flags]                      open the dashboard
  cfytop --once [-o table|json|csv]   print the executions and exit (no terminal needed)
  cfytop info [flags]                 show the settings in effect and where each comes from
  cfytop --demo                       the dashboard against an embedded simulated manager
  cfytop simulate [--listen ADDR] [--seed N] [--executions N] [--speed X]
                                      run only the simulated manager (cfytop simulate --help)
`)
	group := ""
	for _, o := range options {
		if o.group != group {
			group = o.group
			fmt.Fprintf(&b, "\n%s:\n", group)
		}
		left := "  "
		if o.short != "" {
			left += "-" + o.short + ", "
		} else {
			left += "    "
		}
		left += "--" + o.name
		if o.metavar != "" {
			left += " " + o.metavar
		}
		fmt.Fprintf(&b, "%-28s %s\n", left, o.usage)
		var envs []string
		for _, e := range o.envs {
			envs = append(envs, "$"+e.name)
		}
		def := o.def
		if o.defNote != "" {
			def = o.defNote
		}
		line := "env " + strings.Join(envs, ", ")
		if o.envNote != "" {
			line += " (" + o.envNote + ")"
		}
		if def != "" && def != "false" {
			line += " · default " + def
		}
		fmt.Fprintf(&b, "%-28s %s\n", "", line)
	}
	b.WriteString(`
  -h, --help                  show this help
      --version               print the version and exit

Credentials: CLOUDIFY_PASSWORD and CLOUDIFY_TOKEN (or --password-file, --token-file), else the
cfy profile's. A password or token is never accepted on the command line.

Precedence: flag > environment > config file > cfy profile > default.
The cfy profile is the active one of ~/.cloudify (or $CFY_WORKDIR/.cloudify), as set by
` + "`cfy profiles use`" + `. The config file is YAML with the settings above (ca_cert: ..., refresh: 5s,
status: [failed, started], ...) and a keys: map to rebind keys (kill: [X]).
NO_COLOR (any value) turns colours off. The audit log is $XDG_STATE_HOME/cfytop/audit.jsonl.

Examples:
  cfytop                                         # the manager of the active cfy profile
  cfytop --profile lab --readonly                # another cfy profile, look but do not touch
  cfytop --manager https://10.0.0.5 --tenant ops-team --username admin \
         --password-file ~/.cfy-pass --ca-cert ~/ca.pem
  cfytop --status failed,started --deployment web-prod --refresh 5s
  cfytop --once -o json --status failed --limit 20 | jq -r '.[].id'
  cfytop --demo                                  # try it against a simulated manager

Exit status: 0 success; 1 the manager could not be reached, refused the request or the query
failed (also: no terminal for the dashboard); 2 usage or configuration error.
`)
	_, err := io.WriteString(w, b.String())
	return err
}
