package simulator

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

type nodeInstance struct {
	node, instance string
	// state is the node instance's state (uninitialized, creating, …,
	// started, …, deleted), which the availability rules of the
	// deployment's workflows are evaluated on.
	state string
}

// Node instance states the rules and the worker use.
const (
	niUninitialized = "uninitialized"
	niStarted       = "started"
	niDeleted       = "deleted"
)

// nodeTypeHierarchy is a node's type hierarchy: hosts (vm, *_host) are
// computes, the rest software components.
func nodeTypeHierarchy(node string) []string {
	if isHostNode(node) {
		return []string{"cloudify.nodes.Root", "cloudify.nodes.Compute"}
	}
	return []string{"cloudify.nodes.Root", "cloudify.nodes.SoftwareComponent"}
}

func isHostNode(node string) bool { return node == "vm" || strings.HasSuffix(node, "_host") }

// blueprint is a blueprint of the world: its nodes and extra workflows.
type blueprint struct {
	id          string
	description string
	nodes       []string
	extra       []*workflowDef
}

const instanceAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

func (s *Simulator) instanceID(node string) string {
	b := make([]byte, 6)
	for i := range b {
		b[i] = instanceAlphabet[s.rng.IntN(len(instanceAlphabet))]
	}
	return node + "_" + string(b)
}

// addDeployment creates a deployment; callers hold mu.
func (s *Simulator) addDeployment(tenant uint8, id string, bp *blueprint, created int64, installed bool) *deployment {
	d := &deployment{id: id, displayName: id, blueprintID: bp.id, description: bp.description, tenant: tenant,
		createdBy: "admin", created: created, updated: created, installed: installed}
	d.workflows = append(append([]*workflowDef{}, builtinWorkflows...), bp.extra...)
	state := niUninitialized
	if installed {
		state = niStarted
	}
	for _, n := range bp.nodes {
		d.nodes = append(d.nodes, nodeInstance{node: n, instance: s.instanceID(n), state: state})
	}
	d.instances = len(d.nodes)
	s.deps = append(s.deps, d)
	s.depIndex[depKey{tenant, id}] = d
	return d
}

// newExecution stores an execution with merged default parameters; callers hold mu.
func (s *Simulator) newExecution(tenant uint8, d *deployment, wf string, st status, created int64, params map[string]any) *execRec {
	e := &execRec{id: s.newID(), dep: d, workflow: wf, createdBy: "admin", created: created, tenant: tenant, status: st}
	e.params = s.mergedParams(d, wf, params)
	e.set(flagSystem, systemWorkflows[wf])
	if d == nil || d.workflow(wf) == nil {
		e.set(flagCustomParams, true)
	}
	s.insertExec(e)
	if st == stPending {
		s.scheduleRun(e)
	}
	return e
}

// mergedParams merges params with the workflow's defaults; executions that
// use only defaults share one copy. Callers hold mu.
func (s *Simulator) mergedParams(d *deployment, wf string, params map[string]any) json.RawMessage {
	var def *workflowDef
	if d != nil {
		def = d.workflow(wf)
	}
	if len(params) == 0 {
		var key any = wf
		if def != nil {
			key = def
		}
		if p, ok := s.paramCache[key]; ok {
			return p
		}
		p, _ := mergeParameters(wf, def, nil, nil, true)
		s.paramCache[key] = p
		return p
	}
	given := map[string]any{}
	for k, v := range params {
		given[k] = jsonValue(v)
	}
	p, e := mergeParameters(wf, def, given, nil, true)
	if e != nil { // tests and the demo pass sane values; keep them as given
		return rawJSON(params)
	}
	return p
}

// jsonValue normalises a Go value to what the JSON decoder would produce.
func jsonValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var out any
	_ = dec.Decode(&out)
	return out
}

func paramNumber(params json.RawMessage, key string) (int, bool) {
	var m map[string]any
	_ = json.Unmarshal(params, &m)
	f, ok := m[key].(float64)
	return int(f), ok
}

func paramString(params json.RawMessage, key string) string {
	var m map[string]any
	_ = json.Unmarshal(params, &m)
	v, _ := m[key].(string)
	return v
}

// finished stores an already ended execution; callers hold mu.
func (s *Simulator) finished(tenant uint8, d *deployment, wf string, st status, created, dur int64, params map[string]any) *execRec {
	e := s.newExecution(tenant, d, wf, stPending, created, params)
	delete(s.runs, e)
	e.started = created + 40
	e.ended = created + dur
	e.set(flagHasError, true)
	s.setStatus(e, st)
	return e
}

var helloWeb = &blueprint{id: "hello-web", description: "this is my blueprint's description", nodes: []string{"vm", "http_web_server"}}

// buildRecordingWorld recreates the manager the wire corpus was recorded
// from: admin/admin, tenants default_tenant and ops-team, blueprint
// hello-web, deployments web-prod, web-staging, db-staging (default_tenant)
// and db-prod (ops-team), their finished create_deployment_environment
// executions, one upload_blueprint per tenant and a create_log_bundle.
func (s *Simulator) buildRecordingWorld() {
	now := s.nowMs()
	def := s.addTenant("default_tenant")
	ops := s.addTenant("ops-team")
	start := now - int64(10*time.Minute/time.Millisecond)
	deps := []*deployment{
		s.addDeployment(def, "web-prod", helloWeb, start+500, false),
		s.addDeployment(def, "web-staging", helloWeb, start+720, false),
		s.addDeployment(def, "db-staging", helloWeb, start+1060, false),
		s.addDeployment(ops, "db-prod", helloWeb, start+1800, false),
	}
	if s.opts.Preload > 0 {
		s.preload(s.opts.Preload, start-int64(time.Hour/time.Millisecond))
	}
	if s.opts.NoHistory {
		return
	}
	upload := map[string]any{"blueprint_id": "hello-web", "app_file_name": "blueprint.yaml", "url": nil,
		"file_server_root": "/opt/manager/resources", "marketplace_api_url": "https://marketplace.cloudify.co",
		"validate_only": false, "labels": []any{}}
	s.finished(def, nil, "upload_blueprint", stTerminated, start, 457, upload).errText = ""
	for i, d := range deps[:3] {
		e := s.finished(def, d, "create_deployment_environment", stTerminated, start+500+int64(i)*250, 190,
			map[string]any{"inputs": map[string]any{}, "display_name": nil})
		d.createExec = e
	}
	s.finished(def, nil, "create_log_bundle", stTerminated, start+1700, 45, map[string]any{"log_bundle_id": "support-bundle"})
	s.finished(ops, nil, "upload_blueprint", stTerminated, start+1750, 300, upload)
	e := s.finished(ops, deps[3], "create_deployment_environment", stTerminated, start+1800, 190,
		map[string]any{"inputs": map[string]any{}, "display_name": nil})
	deps[3].createExec = e
}

func mustExtra(text string) []*workflowDef { return mustWorkflows(text) }

var demoBlueprints = map[string]*blueprint{
	"web-app": {id: "web-app", description: "Nginx in front of a Python application on one VM.", nodes: []string{"vm", "nginx", "app"}},
	"postgres": {id: "postgres", description: "PostgreSQL primary with a streaming replica.", nodes: []string{"db_host", "postgresql", "replica"},
		extra: mustExtra(`[{"name":"backup","plugin":"db_ops","operation":"db_ops.tasks.backup","parameters":{"target":{"default":"s3://backups/db","description":"Where the dump goes","type":"string"},"compress":{"default":true,"type":"boolean"},"retention_days":{"default":14,"type":"integer","constraints":[{"in_range":[1,365]}]}},"is_cascading":false,"availability_rules":null},{"name":"failover","plugin":"db_ops","operation":"db_ops.tasks.failover","parameters":{"promote":{"description":"Which replica to promote","type":"string","constraints":[{"valid_values":["replica","standby"]}]},"fence_primary":{"default":true,"type":"boolean"}},"is_cascading":false,"availability_rules":null}]`)},
	"redis": {id: "redis", description: "Redis cache cluster.", nodes: []string{"cache_host", "redis"},
		extra: mustExtra(`[{"name":"flush_cache","plugin":"cache_ops","operation":"cache_ops.tasks.flush","parameters":{"pattern":{"default":"*","type":"string"},"async":{"default":false,"type":"boolean"}},"is_cascading":false,"availability_rules":null}]`)},
	"gateway":    {id: "gateway", description: "API gateway with rate limiting.", nodes: []string{"lb", "api_gateway"}},
	"monitoring": {id: "monitoring", description: "Prometheus and Grafana.", nodes: []string{"mon_host", "prometheus", "grafana"}},
	// sixteen agents on one host: an install has hundreds of operations
	"runner": {id: "runner", description: "CI runners.", nodes: append([]string{"runner_host"}, slices.Repeat([]string{"agent"}, 16)...)},
}

// buildDemoWorld seeds the demo: two tenants, a dozen deployments, a week of
// history, and executions in every interesting state right now.
func (s *Simulator) buildDemoWorld() {
	now := s.nowMs()
	const minute = int64(time.Minute / time.Millisecond)
	const day = 24 * 60 * minute
	def := s.addTenant("default_tenant")
	ops := s.addTenant("ops-team")
	type depSpec struct {
		tenant uint8
		id, bp string
	}
	specs := []depSpec{
		{def, "web-prod", "web-app"}, {def, "web-staging", "web-app"}, {def, "db-staging", "postgres"},
		{def, "cache-prod", "redis"}, {def, "cache-staging", "redis"}, {def, "api-gateway", "gateway"},
		{def, "monitoring", "monitoring"}, {ops, "db-prod", "postgres"}, {ops, "db-replica-eu", "postgres"},
		{ops, "ci-runners", "runner"}, {ops, "edge-gateway", "gateway"},
	}
	histStart := now - 8*day
	var deps []*deployment
	for i, sp := range specs {
		d := s.addDeployment(sp.tenant, sp.id, demoBlueprints[sp.bp], histStart+int64(i)*7*minute, false)
		d.labels = [][2]string{{"env", envOf(sp.id)}}
		deps = append(deps, d)
	}
	// the gateway caches in cache-prod, the runners use db-prod: neither
	// can be uninstalled (or stopped, healed) while they are installed
	deps[3].dependents = append(deps[3].dependents, dependency{deps[5], "nodes.api_gateway.properties.cache_url.get_capability"})
	deps[7].dependents = append(deps[7].dependents, dependency{deps[9], "nodes.agent.properties.database_url.get_capability"})
	if s.opts.Preload > 0 {
		s.preload(s.opts.Preload, histStart-minute)
	}
	if s.opts.NoHistory {
		return
	}
	upload := func(t uint8, bp string, at int64) {
		s.finished(t, nil, "upload_blueprint", stTerminated, at, 2300, map[string]any{"blueprint_id": bp,
			"app_file_name": "blueprint.yaml", "url": nil, "file_server_root": "/opt/manager/resources",
			"marketplace_api_url": "https://marketplace.cloudify.co", "validate_only": false, "labels": []any{}})
	}
	seen := map[string]bool{}
	for i, sp := range specs {
		key := s.tenants[sp.tenant] + "/" + sp.bp
		if !seen[key] {
			seen[key] = true
			upload(sp.tenant, sp.bp, histStart+int64(i)*7*minute-2*minute)
		}
	}
	// Creation and installation of every deployment, then a week of work,
	// replayed through the worker so that each execution has its events.
	type job struct {
		d   *deployment
		wf  string
		at  int64
		out status
	}
	var jobs []job
	for i, d := range deps {
		at := histStart + int64(i)*7*minute
		jobs = append(jobs, job{d, "create_deployment_environment", at, stTerminated}, job{d, "install", at + 3*minute, stTerminated})
	}
	wfs := []string{"heal", "execute_operation", "scale", "check_status", "restart", "install", "update_config", "uninstall"}
	t := histStart + 2*day
	for t < now-3*60*minute {
		d := deps[s.rng.IntN(len(deps))]
		wf := wfs[s.rng.IntN(len(wfs))]
		if wf == "update_config" {
			wf = "backup"
			if d.workflow("backup") == nil {
				wf = "check_status"
			}
		}
		out := stTerminated
		switch r := s.rng.IntN(100); {
		case r < 12:
			out = stFailed
		case r < 18:
			out = stCancelled
		}
		jobs = append(jobs, job{d, wf, t, out})
		t += 25*minute + s.rng.Int64N(110*minute)
	}
	snap := histStart + day
	for snap < now-60*minute {
		out := stTerminated
		if s.rng.IntN(6) == 0 {
			out = stFailed
		}
		jobs = append(jobs, job{nil, "create_snapshot", snap, out})
		snap += day
	}
	sortJobs := func() {
		for i := 1; i < len(jobs); i++ {
			for j := i; j > 0 && jobs[j].at < jobs[j-1].at; j-- {
				jobs[j], jobs[j-1] = jobs[j-1], jobs[j]
			}
		}
	}
	sortJobs()
	for _, j := range jobs {
		tenant := def
		if j.d != nil {
			tenant = j.d.tenant
		}
		wf := j.wf
		if j.d != nil && wf != "create_deployment_environment" {
			// What the manager would have accepted then: the node
			// instance states left by the earlier runs decide.
			if wf = s.availableInstead(j.d, wf); wf == "" {
				continue
			}
		}
		e := s.replay(tenant, j.d, wf, j.at, j.out)
		if j.wf == "create_deployment_environment" {
			j.d.createExec = e
		}
	}

	// Right now.
	webProd, cacheProd, dbProd := deps[0], deps[3], deps[7]
	if !webProd.workflow("install").available(webProd) {
		// web-prod is being installed again, so it was uninstalled first
		s.replay(def, webProd, "uninstall", now-50*minute, stTerminated)
	}
	ciRunners, dbReplica := deps[9], deps[8]
	// ci-runners' last restart failed on one agent while the others
	// succeeded
	s.replayWith(ops, ciRunners, "restart", now-35*minute, stTerminated, nil, func(r *run) {
		var starts []*operation
		for _, o := range remoteOps(r) {
			if o.what == "cloudify.interfaces.lifecycle.start" && o.node == "agent" {
				starts = append(starts, o)
			}
		}
		r.fault = &fault{target: starts[len(starts)/2], cause: failures[2]}
	})
	s.liveRun(def, webProd, "install", now-9000, nil, nil)
	s.liveRun(def, deps[6], "execute_operation", now-14000, map[string]any{"operation": "cloudify.interfaces.monitoring.reload"}, nil)
	s.liveRun(ops, ciRunners, "scale", now-5000, map[string]any{"scalable_entity_name": "agent", "delta": 2}, nil)
	// db-replica-eu is being installed again; its replica's create keeps
	// being rescheduled (ctx.operation.retry) while the base backup copies
	if !dbReplica.workflow("install").available(dbReplica) {
		s.replay(ops, dbReplica, "uninstall", now-80*minute, stTerminated)
	}
	s.liveRun(ops, dbReplica, "install", now-6*minute, nil, func(r *run) {
		for _, o := range remoteOps(r) {
			if o.node == "replica" && o.what == "cloudify.interfaces.lifecycle.create" {
				r.fault = &fault{target: o, attempts: 1 << 20, cause: failure{"OperationRetry",
					"Waiting for the primary's base backup to finish", "pg_basebackup: 61% of 18 GB copied", true}}
			}
		}
	})
	q := s.newExecution(def, webProd, "heal", stQueued, now-4000, map[string]any{"node_instance_id": webProd.nodes[2].instance})
	q.createdBy = "oncall"
	stuck := s.newExecution(ops, dbProd, "backup", stStarted, now-47*minute, nil)
	stuck.started, stuck.total, stuck.finished = now-47*minute+1500, 6, 2
	stuck.set(flagStuck, true)
	stuck.set(flagHasError, true)
	s.emit(stuck, stuck.started, "workflow_started", "Starting 'backup' workflow execution", nil)
	s.log(stuck, stuck.started+900, "info", "Waiting for pg_basebackup to finish", &task{node: "postgresql", instance: dbProd.nodes[1].instance, op: "db_ops.tasks.backup"})
	canc := s.newExecution(def, cacheProd, "flush_cache", stCancelling, now-12*minute, nil)
	canc.started, canc.total, canc.finished = now-12*minute+1400, 4, 1
	canc.set(flagStuck, true)
	canc.set(flagHasError, true)
	s.emit(canc, canc.started, "workflow_started", "Starting 'flush_cache' workflow execution", nil)
	s.log(canc, canc.started+2000, "warning", "FLUSHALL blocked by a long-running Lua script", &task{node: "redis", instance: cacheProd.nodes[1].instance, op: "cache_ops.tasks.flush"})
	s.newExecution(def, deps[4], "check_status", stPending, now-800, nil)
	s.stuckKinds(now, dbProd, deps[10], deps[6], deps[2], deps[5])
	s.nextTick = now + s.scaled(arrivalMin)
}

// stuckKinds adds the rest of the stuck executions a triage needs to see
// (the started backup with no event for 47 minutes and the cancel hung for
// 12 are above): a force-cancel hung for 4 minutes, a pending execution no
// worker took for 5, and a heal queued for 14 minutes behind the stuck
// backup on db-prod; and, so that the default tenant (where the demo
// opens) holds every kind too, a backup on dbStaging with no event for
// half an hour, a heal queued behind it, and a force-cancel of a restart
// on gw hung for 3 minutes. The worker never moves them: they stay stuck
// for the whole session. Callers hold mu.
func (s *Simulator) stuckKinds(now int64, dbProd, edge, mon, dbStaging, gw *deployment) {
	// Their IDs come from a stream of their own, so that adding them
	// leaves the rest of a seeded world (and what arrives later) as it was.
	main := s.rng
	s.rng = rand.New(rand.NewPCG(uint64(s.opts.Seed), 0x73747563))
	defer func() { s.rng = main }()
	const minute = int64(time.Minute / time.Millisecond)
	fc := s.newExecution(edge.tenant, edge, "restart", stForceCancelling, now-9*minute, nil)
	delete(s.runs, fc)
	fc.started, fc.total, fc.finished = now-9*minute+1200, 8, 3
	fc.set(flagStuck, true)
	fc.set(flagHasError, true)
	s.emit(fc, fc.started, "workflow_started", "Starting 'restart' workflow execution", nil)
	s.log(fc, now-4*minute, "warning", "api_gateway did not stop within 300 seconds", &task{node: "api_gateway", instance: edge.nodes[1].instance, op: "cloudify.interfaces.lifecycle.stop"})
	p := s.newExecution(mon.tenant, mon, "check_status", stPending, now-5*minute, nil)
	delete(s.runs, p) // no worker takes it
	p.set(flagStuck, true)
	q := s.newExecution(dbProd.tenant, dbProd, "heal", stQueued, now-14*minute, map[string]any{"node_instance_id": dbProd.nodes[1].instance})
	q.createdBy = "oncall"

	b := s.newExecution(dbStaging.tenant, dbStaging, "backup", stStarted, now-38*minute, nil)
	b.started, b.total, b.finished = now-38*minute+1300, 6, 1
	b.set(flagStuck, true)
	s.emit(b, b.started, "workflow_started", "Starting 'backup' workflow execution", nil)
	s.log(b, b.started+1100, "info", "Waiting for a lock on table orders", &task{node: "postgresql", instance: dbStaging.nodes[1].instance, op: "db_ops.tasks.backup"})
	qs := s.newExecution(dbStaging.tenant, dbStaging, "heal", stQueued, now-13*minute, map[string]any{"node_instance_id": dbStaging.nodes[1].instance})
	qs.createdBy = "oncall"
	gfc := s.newExecution(gw.tenant, gw, "restart", stForceCancelling, now-7*minute, nil)
	delete(s.runs, gfc)
	gfc.started, gfc.total, gfc.finished = now-7*minute+900, 4, 1
	gfc.set(flagStuck, true)
	gfc.set(flagHasError, true)
	s.emit(gfc, gfc.started, "workflow_started", "Starting 'restart' workflow execution", nil)
	s.log(gfc, now-3*minute, "warning", "lb did not stop within 300 seconds", &task{node: "lb", instance: gw.nodes[0].instance, op: "cloudify.interfaces.lifecycle.stop"})
}

// availableInstead returns wish if the deployment would accept it now,
// else install if that is available, else "".
func (s *Simulator) availableInstead(d *deployment, wish string) string {
	for _, wf := range []string{wish, "install"} {
		if w := d.workflow(wf); w != nil && w.available(d) && s.blockingDependents(d, wf) == "" {
			return wf
		}
	}
	return ""
}

func envOf(id string) string {
	switch {
	case strings.Contains(id, "prod"), strings.Contains(id, "gateway"), strings.Contains(id, "monitoring"):
		return "production"
	case strings.Contains(id, "staging"):
		return "staging"
	}
	return "shared"
}

// replay runs an execution through the worker from at to the given outcome,
// stamping every event at the time it would have happened; callers hold mu.
func (s *Simulator) replay(tenant uint8, d *deployment, wf string, at int64, out status) *execRec {
	var params map[string]any
	switch wf {
	case "execute_operation":
		params = map[string]any{"operation": "cloudify.interfaces.lifecycle.configure"}
	case "scale":
		params = map[string]any{"scalable_entity_name": d.nodes[len(d.nodes)-1].node, "delta": 1 + s.rng.IntN(2)}
	case "create_snapshot":
		params = map[string]any{"snapshot_id": "snap-" + time.UnixMilli(at).UTC().Format("20060102"), "include_logs": true, "include_events": true}
	}
	return s.replayWith(tenant, d, wf, at, out, params, nil)
}

// remoteOps lists a run's remote tasks in graph order.
func remoteOps(r *run) []*operation {
	var out []*operation
	for _, g := range r.graphs {
		for _, o := range g.ops {
			if o.typ == opRemote {
				out = append(out, o)
			}
		}
	}
	return out
}

// replayWith is replay with the parameters given and a setup that may
// plant a fault once the graphs exist; callers hold mu.
func (s *Simulator) replayWith(tenant uint8, d *deployment, wf string, at int64, out status, params map[string]any, setup func(*run)) *execRec {
	e := s.newExecution(tenant, d, wf, stPending, at, params)
	r := s.runs[e]
	r.due = at + 1200
	s.advance(e, r) // started, graphs built
	remotes := remoteOps(r)
	switch {
	case out == stFailed && len(remotes) > 0:
		var hard []failure
		for _, f := range failures {
			if !f.recoverable {
				hard = append(hard, f)
			}
		}
		r.fault = &fault{target: remotes[s.rng.IntN(len(remotes))], cause: hard[s.rng.IntN(len(hard))]}
	case r.fault != nil && !r.fault.cause.recoverable:
		r.fault = nil // it ended well
	}
	if setup != nil {
		setup(r)
	}
	cancelAt := -1
	if out == stCancelled {
		cancelAt = s.rng.IntN(max(int(e.total), len(remotes)) + 1)
		r.fault = nil
	}
	for s.runs[e] == r {
		if cancelAt >= 0 && r.phase == phTask && int(e.finished) >= cancelAt {
			e.errText = ""
			s.setStatus(e, stCancelling)
			r.phase = phCancel
			r.due += 3000
		}
		s.advance(e, r)
	}
	return e
}

// liveRun starts an execution in the past and lets the worker catch up to
// now, stopping short of its last remote task; setup may plant a fault
// (none otherwise). Callers hold mu.
func (s *Simulator) liveRun(tenant uint8, d *deployment, wf string, at int64, params map[string]any, setup func(*run)) *execRec {
	e := s.newExecution(tenant, d, wf, stPending, at, params)
	r := s.runs[e]
	r.due = at + 1200
	now := s.nowMs()
	s.advance(e, r)
	r.fault = nil
	if setup != nil {
		setup(r)
	}
	left := func() int {
		n := 0
		for _, o := range remoteOps(r) {
			if o.state != opSucceeded && (o.retry == nil) {
				n++
			}
		}
		return n
	}
	for s.runs[e] == r && r.due <= now && left() > 1 {
		s.advance(e, r)
	}
	if r.due <= now {
		r.due = now + s.taskDelay()
		for _, o := range r.inflight {
			o.due = max(o.due, r.due)
		}
	}
	return e
}

// preload adds n ended executions before the given time, compactly (no
// events); callers hold mu.
func (s *Simulator) preload(n int, before int64) {
	if len(s.deps) == 0 || n <= 0 {
		return
	}
	recs := make([]execRec, n)
	wfs := []string{"install", "uninstall", "heal", "execute_operation", "scale", "check_status", "restart", "start", "stop"}
	errs := make([]string, len(failures))
	for i, f := range failures {
		errs[i] = "Traceback (most recent call last):\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/plugins/workflows.py\", line 45, in install\n    graph.execute()\nRuntimeError: Workflow failed: Task failed 'script_runner.tasks.run' -> " + f.typ + ": " + f.msg + "\n"
	}
	// times go backwards from before, then are laid out oldest first.
	t := before - int64(n)*30_000
	for i := range recs {
		d := s.deps[s.rng.IntN(len(s.deps))]
		wf := wfs[s.rng.IntN(len(wfs))]
		e := &recs[i]
		e.id = s.newID()
		e.dep = d
		e.tenant = d.tenant
		e.workflow = wf
		e.createdBy = "admin"
		e.params = s.mergedParams(d, wf, nil)
		e.created = t
		e.started = t + 900 + s.rng.Int64N(2000)
		e.ended = e.started + 5000 + s.rng.Int64N(240_000)
		e.total = int32(3 * len(d.nodes))
		e.flags = flagHasError
		switch r := s.rng.IntN(100); {
		case r < 85:
			e.status = stTerminated
			e.finished = e.total
		case r < 95:
			e.status = stFailed
			e.finished = int32(s.rng.IntN(int(e.total)))
			e.errText = errs[s.rng.IntN(len(errs))]
		default:
			e.status = stCancelled
			e.finished = int32(s.rng.IntN(int(e.total)))
		}
		if i%7 == 0 {
			e.createdBy = "oncall"
		}
		s.insertExec(e)
		t += 15_000 + s.rng.Int64N(30_000)
	}
}
