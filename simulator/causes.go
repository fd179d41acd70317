package simulator

import "strings"

// causeChain is a failed task's error_causes, most recent cause last, as
// the manager lists them: the innermost error first. An SSH failure of the
// agent installer is wrapped twice (the installer's process, then the
// workflow), so that the dashboard has causes nested three deep to look
// through; other failures are one cause.
func causeChain(c failure) []map[string]string {
	inner := map[string]string{"message": c.msg, "type": c.typ, "traceback": causeTraceback(c)}
	if !strings.HasPrefix(c.msg, "Failed to connect to ") {
		return []map[string]string{inner}
	}
	proc := failure{typ: "ProcessExecutionError", msg: "agent installer exited with code 1: " + c.msg}
	wrap := failure{typ: "RuntimeError", msg: "Workflow failed: Task failed 'cloudify_agent.installer.operations.create' -> " + proc.typ + ": " + proc.msg}
	return []map[string]string{inner,
		{"message": proc.msg, "type": proc.typ, "traceback": causeTraceback(proc)},
		{"message": wrap.msg, "type": wrap.typ, "traceback": causeTraceback(wrap)}}
}
