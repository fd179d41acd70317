package simulator

import (
	"fmt"
	"strings"
	"time"
)

// The worker runs an execution's tasks graphs the way the workflow's
// TaskDependencyGraph does (cloudify-api-operations.md §3.3–§3.6, §7): an
// operation starts once its dependencies are done (its containing
// subgraph started), remote tasks go pending → sending → sent → started →
// response-sent → succeeded|failed|rescheduled, builtins pending →
// succeeded, subgraphs pending → started → succeeded|failed; every
// transition into a terminated state adds one to finished_operations, every
// retry (a new operation) one to total_operations.

// resetOperations is the resume request's reset_operations: failed and
// rescheduled operations (force: also sending, sent and started ones) go
// back to pending with current_retries 0, without touching the counters;
// those a retry took over stay as they are. Callers hold mu.
func (s *Simulator) resetOperations(e *execRec, force bool) {
	for _, g := range s.graphs[e] {
		for _, o := range g.ops {
			if o.retry != nil {
				continue
			}
			switch o.state {
			case opFailed, opRescheduled:
				o.state, o.retries = opPending, 0
			case opSending, opSent, opStarted:
				if force {
					o.state, o.retries = opPending, 0
				}
			}
			o.finished = false
		}
	}
}

// prepareGraphs builds the execution's graphs, or restores them on resume
// (the same graphs, as make_or_get_graph finds them by name); callers hold
// mu.
func (s *Simulator) prepareGraphs(e *execRec, r *run, at int64) {
	if old := s.graphs[e]; len(old) > 0 {
		r.graphs, r.stored = old, true
		s.countMembers(r)
		r.cur = 0
		for r.cur+1 < len(r.graphs) && s.graphDone(r.graphs[r.cur]) {
			r.cur++
		}
		// what was in flight when it stopped is awaited again
		for _, o := range r.graphs[r.cur].ops {
			switch {
			case o.state == opSending || o.state == opSent || o.state == opStarted || o.state == opResponseSent:
				o.due = at + s.scaled(sendDelay)
				r.inflight = append(r.inflight, o)
			case o.typ == opSubgraph && o.state == opStarted && o.members == 0:
				o.finished = false
			}
		}
		return
	}
	r.graphs, r.stored = s.buildGraphs(e, at)
	if r.stored {
		s.storeGraphs(e, r.graphs)
	}
	s.countMembers(r)
	if !e.has(flagDryRun) && !e.has(flagResume) && s.rng.Float64() < 0.3 {
		var remotes []*operation
		for _, g := range r.graphs {
			for _, o := range g.ops {
				if o.typ == opRemote {
					remotes = append(remotes, o)
				}
			}
		}
		if len(remotes) > 0 {
			f := &fault{target: remotes[s.rng.IntN(len(remotes))], cause: failures[s.rng.IntN(len(failures))]}
			f.attempts = 1 + s.rng.IntN(2) // a transient error, retried
			r.fault = f
		}
	}
}

// countMembers counts each subgraph's members not yet terminated.
func (s *Simulator) countMembers(r *run) {
	for _, g := range r.graphs {
		for _, o := range g.ops {
			if o.typ == opSubgraph {
				o.members = 0
			}
		}
		for _, o := range g.ops {
			if o.subgraph != nil && !o.state.terminated() {
				o.subgraph.members++
			}
		}
	}
}

// retriedBy is the operation retrying o (nil if none).
func (s *Simulator) retriedBy(o *operation) *operation { return o.retry }

// done reports whether a dependency is satisfied: the containing subgraph
// has started, any other operation (or the last of its retries) succeeded.
func (s *Simulator) done(o, dep *operation) bool {
	if dep == o.subgraph {
		return dep.state == opStarted || dep.state == opSucceeded
	}
	for {
		next := s.retriedBy(dep)
		if next == nil {
			return dep.state == opSucceeded
		}
		dep = next
	}
}

func (s *Simulator) opTask(o *operation) *task {
	if o.instance == "" {
		return &task{op: o.what, name: o.name}
	}
	return &task{node: o.node, instance: o.instance, op: o.what, name: o.name}
}

// retrySuffix is the " [retry n/60]" of the events of a retried task.
func retrySuffix(o *operation) string {
	if o.retries == 0 {
		return ""
	}
	return fmt.Sprintf(" [retry %d/%d]", o.retries, o.totalRetries())
}

// terminate moves o into a terminated state and counts it; callers hold mu.
func (s *Simulator) terminate(e *execRec, r *run, o *operation, st opState) {
	if !o.state.terminated() && r.stored {
		e.finished++
	}
	o.state = st
	o.touched = true
	if o.subgraph != nil {
		o.subgraph.members--
	}
}

// stepGraphs applies every transition due at `at` and starts what became
// ready; callers hold mu.
func (s *Simulator) stepGraphs(e *execRec, r *run, at int64) {
	var still []*operation
	due := r.inflight
	r.inflight = nil
	for _, o := range due {
		if o.due > at {
			still = append(still, o)
			continue
		}
		if next := s.transition(e, r, o, at); next {
			still = append(still, o)
		}
	}
	r.inflight = append(still, r.inflight...)
	s.finishSubgraphs(e, r, at)
	if len(r.failed) == 0 {
		s.startReady(e, r, at)
		s.finishSubgraphs(e, r, at)
	}
	if len(r.inflight) == 0 {
		if len(r.failed) > 0 {
			s.failExecution(e, r, at)
			return
		}
		if r.cur+1 < len(r.graphs) && s.graphDone(r.graphs[r.cur]) {
			r.cur++
			s.startReady(e, r, at)
		}
		if len(r.inflight) == 0 {
			if !s.graphDone(r.graphs[r.cur]) {
				// nothing can run (a dependency is missing): fail rather
				// than spin
				r.failed = append(r.failed, r.graphs[r.cur].ops[0])
				s.failExecution(e, r, at)
				return
			}
			s.emit(e, at, "workflow_succeeded", fmt.Sprintf("'%s' workflow execution succeeded%s", e.workflow, s.dry(e)), nil)
			s.end(e, stTerminated, at, "")
			return
		}
	}
	r.due = r.inflight[0].due
	for _, o := range r.inflight[1:] {
		r.due = min(r.due, o.due)
	}
}

func (s *Simulator) graphDone(g *tasksGraph) bool {
	for _, o := range g.ops {
		if o.state != opSucceeded && !(o.state.terminated() && s.retriedBy(o) != nil) {
			return false
		}
	}
	return true
}

// startReady starts the pending operations of the current graph whose
// dependencies are done (at most maxInflight remote tasks at once).
func (s *Simulator) startReady(e *execRec, r *run, at int64) {
	remote := 0
	for _, o := range r.inflight {
		if o.typ == opRemote && o.state != opPending {
			remote++
		}
	}
	inflight := map[*operation]bool{}
	for _, o := range r.inflight {
		inflight[o] = true
	}
	for changed := true; changed; {
		changed = false
		for _, o := range r.graphs[r.cur].ops {
			if o.state != opPending || inflight[o] || o.finished {
				continue
			}
			if o.retried != nil && !inflight[o] && o.due > at {
				continue
			}
			ready := true
			for _, d := range o.deps {
				ready = ready && s.done(o, d)
			}
			if !ready {
				continue
			}
			switch o.typ {
			case opSubgraph:
				o.state, o.touched = opStarted, true
				s.emit(e, at, "task_started", fmt.Sprintf("Subgraph started '%s'", o.name), s.opTask(o))
				changed = true // its members may start now
			case opRemote:
				if remote >= maxInflight {
					continue
				}
				remote++
				o.due = at
				s.transition(e, r, o, at) // → sending
				r.inflight = append(r.inflight, o)
				inflight[o] = true
			default:
				o.due = at + s.scaled(builtinDelay)
				r.inflight = append(r.inflight, o)
				inflight[o] = true
			}
		}
	}
}

// transition moves one operation on; it reports whether it stays in flight.
func (s *Simulator) transition(e *execRec, r *run, o *operation, at int64) bool {
	t := s.opTask(o)
	switch o.typ {
	case opSetState:
		s.terminate(e, r, o, opSucceeded)
		s.setInstanceState(e, o)
		return false
	case opSendEvent:
		s.terminate(e, r, o, opSucceeded)
		s.emit(e, at, "workflow_node_event", o.what, t)
		return false
	}
	switch o.state {
	case opPending: // sent by the workflow
		o.state, o.touched = opSending, true
		s.emit(e, at, "sending_task", fmt.Sprintf("Sending task '%s'%s", o.name, retrySuffix(o)), t)
		o.due = at + 5
	case opSending:
		o.state = opSent
		o.due = at + s.scaled(sendDelay)
	case opSent: // the agent picked it up
		o.state = opStarted
		s.emit(e, at, "task_started", fmt.Sprintf("Task started '%s'%s", o.name, retrySuffix(o)), t)
		s.log(e, at+40, "info", fmt.Sprintf("Running %s on %s", o.what, o.instance), t)
		o.due = at + max(s.taskDelay()-10, 50)
	case opStarted:
		o.state = opResponseSent
		o.due = at + 10
	case opResponseSent:
		return s.outcome(e, r, o, at)
	}
	return true
}

// outcome ends a remote task as the workflow does on the agent's reply.
func (s *Simulator) outcome(e *execRec, r *run, o *operation, at int64) bool {
	t := s.opTask(o)
	f := r.fault
	root := o
	for root.retried != nil {
		root = root.retried
	}
	if f == nil || f.target != root || int(o.retries) >= f.attempts && f.cause.recoverable {
		s.terminate(e, r, o, opSucceeded)
		s.emit(e, at, "task_succeeded", fmt.Sprintf("Task succeeded '%s'%s", o.name, retrySuffix(o)), t)
		return false
	}
	s.log(e, at, "error", f.cause.log, t)
	causes := rawJSON(causeChain(f.cause))
	exhausted := int(o.retries) >= o.totalRetries()
	if f.cause.typ == "OperationRetry" && !exhausted {
		s.terminate(e, r, o, opRescheduled)
		s.emitCauses(e, at, "task_rescheduled", fmt.Sprintf("Task rescheduled '%s' -> %s%s", o.name, f.cause.msg, retrySuffix(o)), t, causes)
	} else {
		s.terminate(e, r, o, opFailed)
		s.emitCauses(e, at, "task_failed", fmt.Sprintf("Task failed '%s' -> %s%s", o.name, f.cause.msg, retrySuffix(o)), t, causes)
	}
	if !f.cause.recoverable || exhausted {
		r.failed = append(r.failed, o)
		if sg := o.subgraph; sg != nil && !sg.state.terminated() {
			s.terminate(e, r, sg, opFailed)
			sg.finished = true
			s.emit(e, at, "task_failed", fmt.Sprintf("Subgraph failed '%s'", sg.name), s.opTask(sg))
		}
		return false
	}
	// a retry: a new operation (PUT /operations/{id}), sent after the
	// retry interval
	n := &operation{id: s.newID(), graph: o.graph, typ: o.typ, state: opPending, name: o.name, created: at,
		subgraph: o.subgraph, retried: o, retries: o.retries + 1, ni: o.ni, what: o.what, instance: o.instance, node: o.node}
	n.due = at + s.scaled(remoteRetryInterval*time.Second)
	o.retry = n
	o.graph.ops = append(o.graph.ops, n)
	if r.stored {
		s.opByID[n.id] = n
		e.total++
	}
	if n.subgraph != nil {
		n.subgraph.members++
	}
	r.inflight = append(r.inflight, n)
	return false
}

// finishSubgraphs ends started subgraphs whose members all succeeded.
func (s *Simulator) finishSubgraphs(e *execRec, r *run, at int64) {
	for changed := true; changed; {
		changed = false
		for _, o := range r.graphs[r.cur].ops {
			if o.typ != opSubgraph || o.state != opStarted || o.members > 0 || o.finished {
				continue
			}
			o.finished = true
			s.terminate(e, r, o, opSucceeded)
			s.emit(e, at, "task_succeeded", fmt.Sprintf("Subgraph succeeded '%s'", o.name), s.opTask(o))
			changed = true
		}
	}
}

// setInstanceState is the server side of a succeeded
// SetNodeInstanceStateTask: the node instance takes the state.
func (s *Simulator) setInstanceState(e *execRec, o *operation) {
	if e.dep == nil || o.ni < 0 || int(o.ni) >= len(e.dep.nodes) || e.has(flagDryRun) {
		return
	}
	e.dep.nodes[o.ni].state = o.what
}

func causeTraceback(c failure) string {
	return fmt.Sprintf("Traceback (most recent call last):\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/dispatch.py\", line 1070, in main\n    payload = handler.handle()\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/dispatch.py\", line 446, in handle\n    result = self._run_operation_func(ctx, kwargs)\n%s: %s\n", c.typ, c.msg)
}

// failExecution ends the execution failed, with the error text
// TaskDependencyGraphErrors.format_exception gives (§7.5).
func (s *Simulator) failExecution(e *execRec, r *run, at int64) {
	var short []string
	var details []string
	cause := failure{typ: "RuntimeError", msg: "no operation can run"}
	if r.fault != nil {
		cause = r.fault.cause
	}
	for _, o := range r.failed {
		desc := fmt.Sprintf("%s (%s:%s)", o.name, o.instance, o.what)
		short = append(short, fmt.Sprintf("%s: %s `%s`", desc, cause.typ, cause.msg))
		tb := causeTraceback(cause)
		_, rest, _ := strings.Cut(tb, "\n")
		details = append(details, fmt.Sprintf("Traceback of %s (most recent call last):\n%s", desc, rest))
	}
	var text string
	if len(r.failed) == 1 {
		text = "Task failed: " + short[0] + "\n" + details[0]
	} else {
		text = fmt.Sprintf("%d operation errors:\n%s\n%s", len(r.failed), strings.Join(short, "\n"), strings.Join(details, ""))
	}
	first, _, _ := strings.Cut(text, "\n")
	s.emit(e, at, "workflow_failed", fmt.Sprintf("'%s' workflow execution failed: %s", e.workflow, first), nil)
	s.end(e, stFailed, at, text)
}

// prepareForced hands a started execution to the worker (ForceStatus): its
// graphs, built if it has none, with the first `finished` operations
// already done; callers hold mu.
func (s *Simulator) prepareForced(e *execRec, r *run, at int64) {
	if len(s.graphs[e]) > 0 {
		s.prepareGraphs(e, r, at)
		return
	}
	r.graphs, r.stored = s.buildGraphs(e, at)
	if !r.stored {
		s.countMembers(r)
		return
	}
	want := int(e.finished)
	s.storeGraphs(e, r.graphs)
	n := 0
	for _, g := range r.graphs {
		n += len(g.ops)
	}
	e.total = int32(n)
	e.finished = 0
	done := 0
	for _, g := range r.graphs {
		for _, o := range g.ops {
			if done >= want {
				break
			}
			if o.typ == opSubgraph {
				o.state, o.touched = opStarted, true
				continue
			}
			o.state, o.touched = opSucceeded, true
			e.finished++
			done++
			s.setInstanceState(e, o)
		}
	}
	s.countMembers(r)
	for r.cur+1 < len(r.graphs) && s.graphDone(r.graphs[r.cur]) {
		r.cur++
	}
	s.finishSubgraphs(e, r, at)
}
