package simulator

import (
	"fmt"
	"sort"
	"time"
)

// The worker plays the part of the manager's mgmtworker and the workflows it
// runs: it moves executions pending → started → terminated|failed, stamps
// their times, counts operations and emits the events and logs a real
// workflow would; it ends cancellations.

type phase uint8

const (
	phStart phase = iota
	phTask
	phCancel
)

// run is the worker's hold on one execution.
type run struct {
	due    int64
	phase  phase
	graphs []*tasksGraph
	stored bool // the graphs are stored (served, counted)
	cur    int  // the graph running; graphs run one after another
	// inflight are the operations with a transition due (remote tasks
	// between pending and their outcome, builtins about to succeed, retries
	// waiting for their interval).
	inflight []*operation
	fault    *fault
	// failed are the operations that failed for good; once one has, no
	// new operation starts and the execution fails when the in-flight ones
	// are done.
	failed []*operation
}

// fault is what goes wrong with one remote task: it fails (or is
// rescheduled) attempts times — its retries included — then succeeds; a
// non-recoverable cause fails it at once, for good.
type fault struct {
	target   *operation // the first attempt
	cause    failure
	attempts int
}

// task is the event context of an operation.
type task struct {
	node, instance, op, name string
}

type failure struct {
	typ, msg, log string
	// recoverable errors are retried; OperationRetry reschedules
	recoverable bool
}

var failures = []failure{
	{"RuntimeError", "port 8080 already in use", "Failed to bind 0.0.0.0:8080", true},
	{"NonRecoverableError", "Failed to connect to 10.0.3.17:22: Connection timed out", "SSH connection to 10.0.3.17 timed out after 60 seconds", false},
	{"ProcessExecutionError", "command 'systemctl start nginx' failed with code 1: Job for nginx.service failed because the control process exited with error code.", "nginx: [emerg] unknown directive \"proxy_passs\" in /etc/nginx/conf.d/app.conf:14", false},
	{"TimeoutError", "timed out waiting for PostgreSQL to accept connections on 5432", "pg_isready: no response from 127.0.0.1:5432", true},
	{"ConnectionError", "HTTPSConnectionPool(host='registry.internal', port=443): Max retries exceeded with url: /v2/app/manifests/1.4.2", "Pulling image registry.internal/app:1.4.2 failed, retrying", true},
	{"OperationRetry", "Disk /dev/vdb is still attaching", "Volume vol-0f3a is in state 'attaching'", true},
}

// base timings at speed 1.
const (
	startDelay    = 1500 * time.Millisecond
	taskMin       = 1000 * time.Millisecond
	taskSpread    = 2000 * time.Millisecond
	taskGap       = 150 * time.Millisecond
	builtinDelay  = 15 * time.Millisecond
	sendDelay     = 25 * time.Millisecond
	maxInflight   = 4 // remote tasks running at once
	gracefulDelay = 4 * time.Second
	quickDelay    = 300 * time.Millisecond
	queuedDelay   = 500 * time.Millisecond
	arrivalMin    = 20 * time.Second
	arrivalSpread = 25 * time.Second
)

func (s *Simulator) scaled(d time.Duration) int64 {
	ms := int64(float64(d.Milliseconds()) / s.speed)
	if ms < 1 {
		ms = 1
	}
	return ms
}

// scheduleRun (re)starts the worker on a pending execution; callers hold mu.
func (s *Simulator) scheduleRun(e *execRec) {
	s.runs[e] = &run{phase: phStart, due: s.nowMs() + s.scaled(startDelay)}
}

// scheduleCancel arranges for a cancelling execution to end; callers hold mu.
func (s *Simulator) scheduleCancel(e *execRec, prev status) {
	var d time.Duration
	switch {
	case e.status == stKillCancelling || e.status == stForceCancelling:
		d = quickDelay
	case prev == stQueued || prev == stScheduled || prev == stPending:
		d = queuedDelay
	case e.has(flagStuck):
		delete(s.runs, e) // a stuck workflow never notices a graceful cancel
		return
	default:
		d = gracefulDelay
	}
	s.runs[e] = &run{phase: phCancel, due: s.nowMs() + s.scaled(d)}
}

func (s *Simulator) workerLoop() {
	defer s.wg.Done()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.Step()
		}
	}
}

// Step runs the worker once at the clock's current time: every transition
// and event due by now is applied. With a ManualClock it is called by
// Advance; tests may also call it directly.
func (s *Simulator) Step() {
	s.stepMu.Lock()
	defer s.stepMu.Unlock()
	now := s.nowMs()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		var due []*execRec
		for e, r := range s.runs {
			if r.due <= now {
				due = append(due, e)
			}
		}
		if len(due) == 0 {
			break
		}
		sort.Slice(due, func(i, j int) bool {
			ri, rj := s.runs[due[i]], s.runs[due[j]]
			if ri.due != rj.due {
				return ri.due < rj.due
			}
			return due[i].storageID < due[j].storageID
		})
		for _, e := range due {
			if r := s.runs[e]; r != nil && r.due <= now {
				s.advance(e, r)
			}
		}
	}
	if s.opts.Demo {
		s.arrivals(now)
	}
}

// advance performs what is due at r.due; callers hold mu.
func (s *Simulator) advance(e *execRec, r *run) {
	at := r.due
	switch r.phase {
	case phStart:
		if e.status != stPending {
			delete(s.runs, e)
			return
		}
		e.started = at
		e.errText = ""
		e.set(flagHasError, true)
		s.setStatus(e, stStarted)
		s.hookToken(e, stStarted, at)
		if e.dep != nil {
			e.dep.latest = e
		}
		verb := "Starting"
		if e.has(flagResume) {
			verb = "Resuming"
		}
		s.emit(e, at, "workflow_started", fmt.Sprintf("%s '%s' workflow execution%s", verb, e.workflow, s.dry(e)), nil)
		s.prepareGraphs(e, r, at)
		r.phase = phTask
		r.due = at + s.taskDelay()
	case phTask:
		if e.status != stStarted {
			delete(s.runs, e)
			return
		}
		s.stepGraphs(e, r, at)
	case phCancel:
		if !(e.status == stCancelling || e.status == stForceCancelling || e.status == stKillCancelling) {
			delete(s.runs, e)
			return
		}
		s.emit(e, at, "workflow_cancelled", fmt.Sprintf("'%s' workflow execution cancelled", e.workflow), nil)
		s.end(e, stCancelled, at, "")
	}
}

func (s *Simulator) dry(e *execRec) string {
	if e.has(flagDryRun) {
		return " (dry run)"
	}
	return ""
}

func (s *Simulator) taskDelay() int64 {
	return s.scaled(taskMin + time.Duration(s.rng.Int64N(int64(taskSpread))))
}

// end moves an execution to an end state as the workflow's PATCH would.
func (s *Simulator) end(e *execRec, st status, at int64, errText string) {
	e.ended = at
	e.errText = errText
	e.set(flagHasError, true)
	s.setStatus(e, st)
	s.hookToken(e, st, at)
	s.finishEffects(e)
}

func (s *Simulator) emit(e *execRec, at int64, typ, msg string, t *task) {
	s.emitCauses(e, at, typ, msg, t, nil)
}

func (s *Simulator) emitCauses(e *execRec, at int64, typ, msg string, t *task, causes []byte) {
	ev := &eventRec{exec: e, ts: at, reported: at + 10, message: msg, kind: typ, manager: "manager-1", causes: causes}
	if t != nil {
		ev.nodeInstance, ev.nodeName, ev.operation, ev.agent = t.instance, t.node, t.op, e.deploymentID()
	}
	s.addEvent(ev)
}

func (s *Simulator) log(e *execRec, at int64, level, msg string, t *task) {
	ev := &eventRec{exec: e, isLog: true, ts: at, reported: at + 12, message: msg, kind: level,
		logger: "cloudify-workflow", manager: "manager-1"}
	if t != nil {
		ev.nodeInstance, ev.nodeName, ev.operation, ev.agent = t.instance, t.node, t.op, e.deploymentID()
		ev.logger = "ctx." + t.instance
	}
	s.addEvent(ev)
}

// taskName is the plugin task behind an operation: agent installation on
// hosts, scripts elsewhere.
func taskName(node, op string) string {
	if isHostNode(node) {
		return "cloudify_agent.installer.operations." + op
	}
	return "script_runner.tasks.run"
}

// arrivals starts a new execution now and then in the demo world; callers hold mu.
func (s *Simulator) arrivals(now int64) {
	if s.nextTick == 0 {
		s.nextTick = now + s.scaled(arrivalMin)
		return
	}
	if now < s.nextTick {
		return
	}
	s.nextTick = now + s.scaled(arrivalMin+time.Duration(s.rng.Int64N(int64(arrivalSpread))))
	var free []*deployment
	for _, d := range s.deps {
		if len(s.liveOn(d)) == 0 {
			free = append(free, d)
		}
	}
	if s.rng.IntN(8) == 0 || len(free) == 0 {
		s.newExecution(0, nil, "create_snapshot", stPending, now, nil)
		return
	}
	d := free[s.rng.IntN(len(free))]
	wishes := []string{"install", "heal", "execute_operation", "scale", "check_status", "restart", "uninstall"}
	wf := s.availableInstead(d, wishes[s.rng.IntN(len(wishes))])
	if wf == "" {
		return
	}
	params := map[string]any{}
	switch wf {
	case "execute_operation":
		params["operation"] = "cloudify.interfaces.lifecycle.configure"
	case "scale":
		params["scalable_entity_name"] = d.nodes[len(d.nodes)-1].node
		params["delta"] = 1
	}
	s.newExecution(d.tenant, d, wf, stPending, now, params)
}
