// Package cfycmd writes the cfy command equivalent to what cfytop does or
// suggests, for the dialogs to show, the audit log to record and the
// clipboard to take. The text comes from the manager: every part is cleaned
// of control characters and quoted for a POSIX shell.
package cfycmd

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

// Get is `cfy executions get`.
func Get(e *client.Execution, tenant string) string {
	return "cfy executions get " + shellQuote(e.ID) + tenantFlag(e, tenant)
}

// Cancel is `cfy executions cancel`.
func Cancel(e *client.Execution, tenant string) string { return cancel(e, tenant, "") }

// ForceCancel is `cfy executions cancel -f`.
func ForceCancel(e *client.Execution, tenant string) string { return cancel(e, tenant, " -f") }

// Kill is `cfy executions cancel -k`.
func Kill(e *client.Execution, tenant string) string { return cancel(e, tenant, " -k") }

func cancel(e *client.Execution, tenant, flag string) string {
	return "cfy executions cancel " + shellQuote(e.ID) + flag + tenantFlag(e, tenant)
}

// Resume is `cfy executions resume`; force is the force-resume.
func Resume(e *client.Execution, tenant string, force bool) string {
	flag := ""
	if force {
		flag = " --reset-operations"
	}
	return "cfy executions resume " + shellQuote(e.ID) + flag + tenantFlag(e, tenant)
}

// Patch is the REST call that patches a status, body spelled out: cfy has
// no command for it.
func Patch(e *client.Execution, to client.Status, errorText string) string {
	body := map[string]string{"status": string(to)}
	if errorText != "" {
		body["error"] = errorText
	}
	b, _ := json.Marshal(body)
	return "PATCH /api/v3.1/executions/" + textsafe.Clean(e.ID) + " " + textsafe.Clean(string(b))
}

// Start is the `cfy executions start` equivalent of r. params are the
// workflow's declared parameters (for their types); tenant is added with -t.
// Scalars go as -p key=value (the manager converts declared types); lists,
// dicts, values of undeclared type and awkward strings go as a JSON object.
func Start(r client.StartRequest, params client.WorkflowParams, tenant string) string {
	var b strings.Builder
	b.WriteString("cfy executions start ")
	b.WriteString(shellQuote(r.WorkflowID))
	b.WriteString(" -d ")
	b.WriteString(shellQuote(r.DeploymentID))
	writeParams(&b, r.Parameters, params)
	if r.AllowCustomParameters {
		b.WriteString(" --allow-custom-parameters")
	}
	if r.Force {
		b.WriteString(" -f")
	}
	if r.DryRun {
		b.WriteString(" --dry-run")
	}
	if r.Queue {
		b.WriteString(" --queue")
	}
	if tenant != "" {
		b.WriteString(" -t ")
		b.WriteString(shellQuote(tenant))
	}
	return b.String()
}

// GroupStart is the cfy equivalent of r: `cfy executions groups start`,
// the CLI's command for a workflow on every deployment of a deployment
// group (`cfy executions start` takes one deployment only). The parameters
// go as in Start; the command has no tenant option (the profile's tenant
// applies), so none is written.
func GroupStart(r client.GroupStartRequest, params client.WorkflowParams) string {
	var b strings.Builder
	b.WriteString("cfy executions groups start ")
	b.WriteString(shellQuote(r.WorkflowID))
	b.WriteString(" -g ")
	b.WriteString(shellQuote(r.DeploymentGroupID))
	writeParams(&b, r.DefaultParameters, params)
	b.WriteString(" --concurrency " + strconv.Itoa(r.Concurrency))
	if r.Force {
		b.WriteString(" -f")
	}
	return b.String()
}

// writeParams writes one -p argument per value, in ParamNames' order, as
// Start and GroupStart pass their parameters.
func writeParams(b *strings.Builder, values map[string]any, params client.WorkflowParams) {
	for _, name := range ParamNames(values, params) {
		b.WriteString(" -p ")
		b.WriteString(shellQuote(paramArg(name, values[name], declaredType(params, name))))
	}
}

// ParamNames lists the parameters of a request in the order Start writes
// them: the workflow's declared order, then undeclared (custom) ones by name.
func ParamNames(values map[string]any, params client.WorkflowParams) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range params {
		if _, ok := values[p.Name]; ok {
			out = append(out, p.Name)
			seen[p.Name] = true
		}
	}
	var rest []string
	for k := range values {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func declaredType(params client.WorkflowParams, name string) string {
	for _, p := range params {
		if p.Name == name {
			return p.Type
		}
	}
	return ""
}

// paramArg renders one -p argument (before shell quoting).
func paramArg(name string, v any, typ string) string {
	plainKey := plainToken(name)
	switch x := v.(type) {
	case string:
		if plainKey && plainToken(x) && typ != "" && x != "" {
			return name + "=" + x
		}
	case bool, int64, float64, json.Number:
		if plainKey && (typ == "integer" || typ == "float" || typ == "boolean") {
			b, _ := json.Marshal(x)
			return name + "=" + string(b)
		}
	}
	b, err := json.Marshal(map[string]any{name: v})
	if err != nil {
		return name + "="
	}
	return textsafe.Clean(string(b))
}

// plainToken reports whether s survives cfy's key=value parsing unchanged:
// no separators (; , =), quotes, spaces or YAML specials.
func plainToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("_-./@+%", r):
		default:
			return false
		}
	}
	return true
}

// tenantFlag is " -t <tenant>", the execution's own tenant first.
func tenantFlag(e *client.Execution, tenant string) string {
	if e != nil && e.TenantName != "" {
		tenant = e.TenantName
	}
	if tenant == "" {
		return ""
	}
	return " -t " + shellQuote(tenant)
}

// shellQuote quotes s for a POSIX shell when it needs it. Control characters
// are stripped first: the text comes from the manager.
func shellQuote(s string) string {
	s = textsafe.Clean(s)
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("_-./@+%=:,", r):
		default:
			safe = false
		}
		if !safe {
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
