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

type run struct {
	due    int64
	phase  phase
	tasks  []task
	next   int
	failAt int  // index of the task that fails, -1 for none
	inTask bool // the current task has started and not ended
	cause  failure
}

type task struct {
	node, instance, op, name string
}

type failure struct {
	typ, msg, log string
}

var failures = []failure{
	{"RuntimeError", "port 8080 already in use", "Failed to bind 0.0.0.0:8080"},
	{"NonRecoverableError", "Failed to connect to 10.0.3.17:22: Connection timed out", "SSH connection to 10.0.3.17 timed out after 60 seconds"},
	{"ProcessExecutionError", "command 'systemctl start nginx' failed with code 1: Job for nginx.service failed because the control process exited with error code.", "nginx: [emerg] unknown directive \"proxy_passs\" in /etc/nginx/conf.d/app.conf:14"},
	{"TimeoutError", "timed out waiting for PostgreSQL to accept connections on 5432", "pg_isready: no response from 127.0.0.1:5432"},
	{"ConnectionError", "HTTPSConnectionPool(host='registry.internal', port=443): Max retries exceeded with url: /v2/app/manifests/1.4.2", "Pulling image registry.internal/app:1.4.2 failed, retrying"},
	{"OperationRetry", "Disk /dev/vdb is still attaching", "Volume vol-0f3a is in state 'attaching'"},
}

// base timings at speed 1.
const (
	startDelay    = 1500 * time.Millisecond
	taskMin       = 1000 * time.Millisecond
	taskSpread    = 2000 * time.Millisecond
	taskGap       = 150 * time.Millisecond
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
	s.runs[e] = &run{phase: phStart, due: s.nowMs() + s.scaled(startDelay), failAt: -1}
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
	s.runs[e] = &run{phase: phCancel, due: s.nowMs() + s.scaled(d), failAt: -1}
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

// advance performs one due action of a run; callers hold mu.
func (s *Simulator) advance(e *execRec, r *run) {
	at := r.due
	switch r.phase {
	case phStart:
		if e.status != stPending {
			delete(s.runs, e)
			return
		}
		s.plan(e, r)
		e.started = at
		e.errText = ""
		e.set(flagHasError, true)
		s.setStatus(e, stStarted)
		s.hookToken(e, stStarted, at)
		if e.dep != nil {
			e.dep.latest = e
		}
		e.total = int32(len(r.tasks))
		if int(e.finished) <= len(r.tasks) {
			r.next = int(e.finished)
		}
		s.emit(e, at, "workflow_started", fmt.Sprintf("Starting '%s' workflow execution%s", e.workflow, s.dry(e)), nil)
		r.phase = phTask
		r.due = at + s.taskDelay()
	case phTask:
		if e.status != stStarted {
			delete(s.runs, e)
			return
		}
		if r.next >= len(r.tasks) {
			s.emit(e, at, "workflow_succeeded", fmt.Sprintf("'%s' workflow execution succeeded%s", e.workflow, s.dry(e)), nil)
			s.end(e, stTerminated, at, "")
			return
		}
		t := r.tasks[r.next]
		if !r.inTask {
			s.emit(e, at, "sending_task", fmt.Sprintf("Sending task '%s'", t.name), &t)
			s.emit(e, at+3, "task_started", fmt.Sprintf("Task started '%s'", t.name), &t)
			s.log(e, at+40, "info", fmt.Sprintf("Running %s on %s", t.op, t.instance), &t)
			s.moveInstance(e, &t, true)
			r.inTask = true
			r.due = at + s.taskDelay()
			return
		}
		r.inTask = false
		if r.next == r.failAt {
			s.log(e, at, "error", r.cause.log, &t)
			causes := rawJSON([]map[string]string{{
				"message": r.cause.msg, "type": r.cause.typ,
				"traceback": fmt.Sprintf("Traceback (most recent call last):\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/dispatch.py\", line 1070, in main\n    payload = handler.handle()\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/dispatch.py\", line 446, in handle\n    result = self._run_operation_func(ctx, kwargs)\n%s: %s\n", r.cause.typ, r.cause.msg),
			}})
			msg := fmt.Sprintf("Task failed '%s' -> %s: %s", t.name, r.cause.typ, r.cause.msg)
			s.emitCauses(e, at, "task_failed", msg, &t, causes)
			e.finished++
			s.emit(e, at, "workflow_failed", fmt.Sprintf("'%s' workflow execution failed: RuntimeError: Workflow failed: %s", e.workflow, msg), nil)
			errText := fmt.Sprintf("Traceback (most recent call last):\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/dispatch.py\", line 1214, in _remote_workflow_child_thread\n    workflow_result = self._execute_workflow_function()\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/plugins/workflows.py\", line 45, in %s\n    graph.execute()\nRuntimeError: Workflow failed: %s\n", e.workflow, msg)
			s.end(e, stFailed, at, errText)
			return
		}
		s.emit(e, at, "task_succeeded", fmt.Sprintf("Task succeeded '%s'", t.name), &t)
		s.moveInstance(e, &t, false)
		e.finished++
		r.next++
		r.due = at + s.scaled(taskGap)
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
		ev.nodeInstance, ev.nodeName, ev.agent = t.instance, t.node, e.deploymentID()
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

// plan lays out the operations a workflow runs and decides whether (and
// where) it fails; callers hold mu.
func (s *Simulator) plan(e *execRec, r *run) {
	r.tasks = nil
	var nodes []nodeInstance
	if e.dep != nil {
		nodes = e.dep.nodes
	}
	lifecycle := func(ops ...string) {
		for _, n := range nodes {
			for _, op := range ops {
				r.tasks = append(r.tasks, task{node: n.node, instance: n.instance,
					op: "cloudify.interfaces.lifecycle." + op, name: taskName(n.node, op)})
			}
		}
	}
	switch e.workflow {
	case "install", "reinstall", "heal", "scale":
		lifecycle("create", "configure", "start")
	case "uninstall", "stop":
		for i := len(nodes) - 1; i >= 0; i-- {
			for _, op := range []string{"stop", "delete"} {
				r.tasks = append(r.tasks, task{node: nodes[i].node, instance: nodes[i].instance,
					op: "cloudify.interfaces.lifecycle." + op, name: taskName(nodes[i].node, op)})
			}
		}
	case "start", "restart":
		lifecycle("start")
	case "execute_operation":
		op := paramString(e.params, "operation")
		if op == "" {
			op = "cloudify.interfaces.lifecycle.start"
		}
		for _, n := range nodes {
			r.tasks = append(r.tasks, task{node: n.node, instance: n.instance, op: op, name: "script_runner.tasks.run"})
		}
	case "create_deployment_environment", "delete_deployment_environment", "upload_blueprint":
		r.tasks = append(r.tasks, task{op: "cloudify_system_workflows.deployment_environment." + e.workflow,
			name: "cloudify_system_workflows.deployment_environment.create"})
	case "create_snapshot", "restore_snapshot", "create_log_bundle":
		for _, step := range []string{"dump_database", "archive_files", "upload"} {
			r.tasks = append(r.tasks, task{op: "cloudify_system_workflows.snapshots." + step,
				name: "cloudify_system_workflows.snapshot.create"})
		}
	default:
		lifecycle("monitor")
		for i := range r.tasks {
			r.tasks[i].op = "cloudify.interfaces.validation.check_status"
			r.tasks[i].name = "cloudify.plugins.workflows.check_status"
		}
	}
	if len(r.tasks) == 0 {
		r.tasks = append(r.tasks, task{op: "cloudify.plugins.workflows." + e.workflow, name: "cloudify.plugins.workflows." + e.workflow})
	}
	r.failAt = -1
	if !e.has(flagDryRun) && !e.has(flagResume) && s.rng.Float64() < 0.15 {
		r.failAt = s.rng.IntN(len(r.tasks))
		r.cause = failures[s.rng.IntN(len(failures))]
	}
}

// lifecycleStates are the node instance states a lifecycle operation
// passes through: the one set before it runs and the one after it succeeds
// (cloudify.plugins.lifecycle). A failed operation leaves the first.
var lifecycleStates = map[string][2]string{
	"cloudify.interfaces.lifecycle.create":    {"creating", "created"},
	"cloudify.interfaces.lifecycle.configure": {"configuring", "configured"},
	"cloudify.interfaces.lifecycle.start":     {"starting", niStarted},
	"cloudify.interfaces.lifecycle.stop":      {"stopping", "stopped"},
	"cloudify.interfaces.lifecycle.delete":    {"deleting", niDeleted},
}

// stateWorkflows are the workflows whose lifecycle operations move node
// instance states (the lifecycle ones; execute_operation, scale and the
// checks here do not).
var stateWorkflows = map[string]bool{"install": true, "uninstall": true, "reinstall": true, "heal": true,
	"start": true, "stop": true, "restart": true}

// moveInstance sets the state of the task's node instance as the
// workflow's set-state tasks would; callers hold mu.
func (s *Simulator) moveInstance(e *execRec, t *task, begin bool) {
	if e.dep == nil || e.has(flagDryRun) || !stateWorkflows[e.workflow] {
		return
	}
	st, ok := lifecycleStates[t.op]
	if !ok {
		return
	}
	for i := range e.dep.nodes {
		if n := &e.dep.nodes[i]; n.instance == t.instance {
			if begin {
				n.state = st[0]
			} else {
				n.state = st[1]
			}
		}
	}
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
	wf := availableInstead(d, wishes[s.rng.IntN(len(wishes))])
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
