package simulator

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// status is an execution status, numbered in the manager's STATES order.
type status uint8

const (
	stTerminated status = iota
	stFailed
	stCancelled
	stPending
	stStarted
	stCancelling
	stForceCancelling
	stKillCancelling
	stQueued
	stScheduled
	numStatuses
)

var statusNames = [numStatuses]string{
	"terminated", "failed", "cancelled", "pending", "started",
	"cancelling", "force_cancelling", "kill_cancelling", "queued", "scheduled",
}

func (s status) String() string { return statusNames[s] }

func (s status) display() string {
	if s == stTerminated {
		return "completed"
	}
	return statusNames[s]
}

func (s status) isEnd() bool { return s <= stCancelled }

func (s status) isActive() bool { return s >= stPending && s <= stKillCancelling }

func parseStatus(v string) (status, bool) {
	for i, n := range statusNames {
		if n == v {
			return status(i), true
		}
	}
	return 0, false
}

// summaryStatus is the deployment's view of an execution status
// (DeploymentState.EXECUTION_STATES_SUMMARY); "" means null.
func (s status) summary() string {
	switch {
	case s == stTerminated:
		return "completed"
	case s == stFailed:
		return "failed"
	case s == stCancelled:
		return "cancelled"
	case s == stScheduled:
		return ""
	}
	return "in_progress"
}

const (
	flagSystem uint8 = 1 << iota
	flagDryRun
	flagResume
	flagCustomParams
	flagHasError
	flagStuck // the worker never moves it (demo)
)

// execRec is one stored execution, kept compact so that a million of them
// fit in memory: times are Unix milliseconds (0 = null), strings that repeat
// (workflow, user, parameters) are shared.
type execRec struct {
	id        string
	dep       *deployment // nil for deployment-less executions
	workflow  string
	createdBy string
	errText   string
	params    json.RawMessage
	created   int64
	started   int64
	ended     int64
	storageID int32
	total     int32
	finished  int32
	tenant    uint8
	status    status
	flags     uint8
}

func (e *execRec) has(f uint8) bool { return e.flags&f != 0 }

func (e *execRec) set(f uint8, on bool) {
	if on {
		e.flags |= f
	} else {
		e.flags &^= f
	}
}

func (e *execRec) blueprintID() string {
	if e.dep == nil {
		return ""
	}
	return e.dep.blueprintID
}

func (e *execRec) deploymentID() string {
	if e.dep == nil {
		return ""
	}
	return e.dep.id
}

// The execution's response fields, in the manager's order. The same list is
// the allowed _include keys.
var execFields = []string{
	"created_at", "visibility", "id", "ended_at", "error", "is_system_workflow",
	"parameters_p", "parameters", "status", "workflow_id", "started_at",
	"scheduled_for", "is_dry_run", "resume", "total_operations",
	"finished_operations", "allow_custom_parameters", "blueprint_id",
	"deployment_display_name", "deployment_id", "status_display", "tenant_name",
	"created_by", "resource_availability", "private_resource",
}

// execSortFields is the list of keys accepted by _sort and as filters: the
// response fields plus execution_group_id, in the manager's order.
var execSortFields = func() []string {
	out := make([]string, 0, len(execFields)+1)
	for _, f := range execFields {
		if f == "deployment_display_name" {
			out = append(out, "execution_group_id")
		}
		out = append(out, f)
	}
	return out
}()

const (
	fCreatedAt = iota
	fVisibility
	fID
	fEndedAt
	fError
	fIsSystem
	fParamsP
	fParams
	fStatus
	fWorkflow
	fStartedAt
	fScheduledFor
	fDryRun
	fResume
	fTotal
	fFinished
	fAllowCustom
	fBlueprint
	fDepDisplay
	fDeployment
	fStatusDisplay
	fTenant
	fCreatedBy
	fResourceAvail
	fPrivate
	fExecGroup // filter/sort only
)

var execFieldIndex = func() map[string]int {
	m := make(map[string]int, len(execFields)+1)
	for i, f := range execFields {
		m[f] = i
	}
	m["execution_group_id"] = fExecGroup
	return m
}()

var allFieldsMask = uint32(1)<<len(execFields) - 1

const timeLayout = "2006-01-02T15:04:05.000Z"

func fmtMillis(ms int64) string {
	return time.UnixMilli(ms).UTC().Format(timeLayout)
}

func appendTime(b []byte, ms int64) []byte {
	if ms == 0 {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = time.UnixMilli(ms).UTC().AppendFormat(b, timeLayout)
	return append(b, '"')
}

func appendNullStr(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendJSONString(b, s)
}

// appendJSONString writes s as a JSON string (strconv.AppendQuote is not
// JSON for control characters and invalid UTF-8, so it is not used for text).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			i++
			continue
		}
		if c < 0x80 {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0xFFFD && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendKey writes the separator (unless first) and `"name": ` of the next
// field of an object, in the manager's spacing.
func appendKey(b []byte, first bool, name string) []byte {
	if !first {
		b = append(b, ", "...)
	}
	b = append(b, '"')
	b = append(b, name...)
	return append(b, `": `...)
}

// appendExecution writes the execution as the manager serialises it,
// restricted to the fields in mask (bit i = execFields[i]).
func (s *Simulator) appendExecution(b []byte, e *execRec, mask uint32) []byte {
	b = append(b, '{')
	first := true
	for i, name := range execFields {
		if mask&(1<<i) == 0 {
			continue
		}
		b = appendKey(b, first, name)
		first = false
		switch i {
		case fCreatedAt:
			b = appendTime(b, e.created)
		case fVisibility, fResourceAvail:
			b = append(b, `"tenant"`...)
		case fID:
			b = appendJSONString(b, e.id)
		case fEndedAt:
			b = appendTime(b, e.ended)
		case fError:
			if e.has(flagHasError) {
				b = appendJSONString(b, e.errText)
			} else {
				b = append(b, "null"...)
			}
		case fIsSystem:
			b = appendBool(b, e.has(flagSystem))
		case fParamsP, fScheduledFor:
			b = append(b, "null"...)
		case fParams:
			if len(e.params) == 0 {
				b = append(b, "{}"...)
			} else {
				b = append(b, e.params...)
			}
		case fStatus:
			b = append(b, '"')
			b = append(b, e.status.String()...)
			b = append(b, '"')
		case fWorkflow:
			b = appendJSONString(b, e.workflow)
		case fStartedAt:
			b = appendTime(b, e.started)
		case fDryRun:
			b = appendBool(b, e.has(flagDryRun))
		case fResume:
			b = appendBool(b, e.has(flagResume))
		case fTotal:
			b = strconv.AppendInt(b, int64(e.total), 10)
		case fFinished:
			b = strconv.AppendInt(b, int64(e.finished), 10)
		case fAllowCustom:
			b = appendBool(b, e.has(flagCustomParams))
		case fBlueprint:
			b = appendNullStr(b, e.blueprintID())
		case fDepDisplay:
			if e.dep == nil {
				b = append(b, "null"...)
			} else {
				b = appendJSONString(b, e.dep.displayName)
			}
		case fDeployment:
			b = appendNullStr(b, e.deploymentID())
		case fStatusDisplay:
			b = append(b, '"')
			b = append(b, e.status.display()...)
			b = append(b, '"')
		case fTenant:
			b = appendJSONString(b, s.tenants[e.tenant])
		case fCreatedBy:
			b = appendJSONString(b, e.createdBy)
		case fPrivate:
			b = append(b, "false"...)
		}
	}
	return append(b, '}')
}
