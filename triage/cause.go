// Package triage holds the rules that answer an incident's questions about
// executions: why one failed (its innermost cause), what failures have in
// common (their causes with IDs, addresses, numbers and paths masked), and
// whether one is stuck (with the reason and the next step). The functions
// are pure: no UI, no IO, so that the dashboard and --once share them.
package triage

import (
	"strings"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

// Cause is why an execution failed: its innermost error, where it happened,
// and the chain of errors that wrapped it.
type Cause struct {
	Type    string // "NonRecoverableError"; "" when the text names none
	Message string
	// NodeInstance and Operation say where it happened, when known.
	NodeInstance string
	Operation    string
	// Traceback is the innermost error's traceback ("" when none).
	Traceback string
	// Depth is how many errors there are in the chain, the innermost
	// included (1 for an error that wraps nothing).
	Depth int
	// FromEvents is set when the cause came from a task_failed event's
	// error_causes, not from the execution's error text.
	FromEvents bool
}

// Text is the cause in one line: "Type: message".
func (c Cause) Text() string {
	if c.Type == "" {
		return c.Message
	}
	return c.Type + ": " + c.Message
}

// Where is the node instance and operation, "" when neither is known.
func (c Cause) Where() string {
	switch {
	case c.NodeInstance != "" && c.Operation != "":
		return c.NodeInstance + " · " + c.Operation
	case c.NodeInstance != "":
		return c.NodeInstance
	}
	return c.Operation
}

// Of is the cause of a failed execution: from its events' error_causes when
// they have any (they hold the innermost error and where it happened), else
// from its error text.
func Of(e *client.Execution, events []client.Event) (Cause, bool) {
	if c, ok := FromEvents(events); ok {
		return c, true
	}
	if e == nil || !e.Error.Valid {
		return Cause{}, false
	}
	return FromError(e.Error.Value)
}

// FromEvents takes the cause from the last task_failed event that carries
// error_causes: the failure that ended the run. The manager lists causes
// "most recent cause last", so the first one is the innermost.
func FromEvents(events []client.Event) (Cause, bool) {
	for i := len(events) - 1; i >= 0; i-- {
		ev := &events[i]
		if ev.EventType != "task_failed" || len(ev.ErrorCauses) == 0 {
			continue
		}
		in := ev.ErrorCauses[0]
		c := Cause{
			Type: clean(in.Type), Message: clean(strings.TrimSpace(in.Message)),
			Traceback:    strings.TrimRight(textsafe.CleanMultiline(in.Traceback), "\n"),
			NodeInstance: clean(ev.NodeInstanceID.Value), Operation: clean(ev.Operation.Value),
			Depth: len(ev.ErrorCauses), FromEvents: true,
		}
		if c.Type == "" && c.Message == "" {
			continue
		}
		return c, true
	}
	return Cause{}, false
}

func clean(s string) string { return textsafe.Clean(s) }

// FromError reads the cause out of an execution's error text, in the forms
// the manager writes it:
//
//	Task failed: <name> (<node-instance>:<operation>): <Type> `<message>`
//	<n> operation errors:\n<name> (<instance>:<op>): <Type> `<message>`…
//	RuntimeError: Workflow failed: Task failed '<name>' -> <Type>: <message>
//	a Python traceback, whose first exception line is the innermost
//
// The wrapper is never the answer: "a -> b" gives b.
func FromError(text string) (Cause, bool) {
	text = textsafe.CleanMultiline(text)
	if strings.TrimSpace(text) == "" {
		return Cause{}, false
	}
	var first string   // the first non-empty line
	var excLine string // the first exception line of a traceback
	depth := 0
	inTrace := false
	for rest := text; rest != ""; {
		line, next, _ := strings.Cut(rest, "\n")
		rest = next
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if first == "" {
			first = t
			if c, ok := taskFailedLine(t); ok {
				c.Traceback = tracebackAfter(next)
				return c, true
			}
		}
		if strings.HasPrefix(t, "Traceback") {
			inTrace = true
			continue
		}
		if inTrace && line[0] != ' ' && line[0] != '\t' {
			if _, _, ok := exceptionLine(t); ok {
				depth++
				if excLine == "" {
					excLine = t
				}
			}
			inTrace = false
		}
	}
	line := first
	if excLine != "" {
		line = excLine
	}
	c := parseWrapped(line)
	c.Depth = max(c.Depth+depth-1, c.Depth)
	if excLine != "" {
		c.Traceback = strings.TrimRight(text, "\n")
	}
	return c, true
}

// taskFailedLine reads the first line of TaskDependencyGraphErrors'
// format: "Task failed: name (instance:operation): Type `message`", or the
// first operation's line under "<n> operation errors:".
func taskFailedLine(line string) (Cause, bool) {
	rest, ok := strings.CutPrefix(line, "Task failed: ")
	if !ok {
		return Cause{}, false
	}
	open := strings.Index(rest, " (")
	close := strings.Index(rest, "): ")
	if open < 0 || close < open {
		return Cause{}, false
	}
	where := rest[open+2 : close]
	body := rest[close+3:]
	typ, msg, found := strings.Cut(body, " `")
	if !found || strings.ContainsRune(typ, ' ') {
		return Cause{Message: body, Depth: 1}, true
	}
	c := Cause{Type: typ, Message: strings.TrimSuffix(msg, "`"), Depth: 1}
	c.NodeInstance, c.Operation, _ = strings.Cut(where, ":")
	return c, true
}

// tracebackAfter is the traceback that follows the first line.
func tracebackAfter(rest string) string { return strings.TrimRight(rest, "\n") }

// parseWrapped reads "Type: message", looking through the wrappers a
// failed task adds: "... -> Type: message" gives the part after the last
// arrow.
func parseWrapped(line string) Cause {
	depth := 1
	if i := strings.LastIndex(line, " -> "); i >= 0 && strings.TrimSpace(line[i+4:]) != "" {
		line = strings.TrimSpace(line[i+4:])
		depth++
	}
	if typ, msg, ok := exceptionLine(line); ok {
		// A wrapper's own message may hold another "Type: message".
		if ityp, imsg, iok := exceptionLine(msg); iok && wrapperType(typ) {
			return Cause{Type: ityp, Message: imsg, Depth: depth + 1}
		}
		return Cause{Type: typ, Message: msg, Depth: depth}
	}
	return Cause{Message: line, Depth: depth}
}

// wrapperType is an exception type that only says a workflow failed.
func wrapperType(t string) bool {
	return t == "RuntimeError" || strings.HasSuffix(t, "WorkflowFailed") || strings.HasSuffix(t, "ExecutionFailed")
}

// exceptionLine splits "pkg.Type: message"; ok only when the part before
// the colon looks like a Python exception name.
func exceptionLine(s string) (typ, msg string, ok bool) {
	i := strings.Index(s, ": ")
	if i <= 0 || i > 80 {
		return "", "", false
	}
	typ = s[:i]
	for j := 0; j < len(typ); j++ {
		c := typ[j]
		if !(c == '_' || c == '.' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9' && j > 0)) {
			return "", "", false
		}
	}
	// A type name starts upper case after its last dot (RuntimeError,
	// cloudify.exceptions.NonRecoverableError).
	last := typ[strings.LastIndexByte(typ, '.')+1:]
	if last == "" || last[0] < 'A' || last[0] > 'Z' {
		return "", "", false
	}
	return typ, strings.TrimSpace(s[i+2:]), true
}
