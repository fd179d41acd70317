package simulator

import (
	"strconv"
)

// The tasks graphs a workflow builds (cloudify-api-operations.md §2.4, §7.1;
// COM cloudify/plugins/lifecycle.py): which graphs, which operations in
// them, in which dependency order.

type graphBuilder struct {
	s      *Simulator
	e      *execRec
	at     int64
	graphs []*tasksGraph
	g      *tasksGraph
}

func (b *graphBuilder) graph(name string) {
	b.g = &tasksGraph{id: b.s.newID(), name: name, exec: b.e, created: b.at}
	b.graphs = append(b.graphs, b.g)
}

func (b *graphBuilder) op(typ opType, name string, ni int, instance, node, what string, sub *operation, deps ...*operation) *operation {
	o := &operation{id: b.s.newID(), graph: b.g, typ: typ, name: name, created: b.at, subgraph: sub,
		ni: int16(ni), instance: instance, node: node, what: what}
	for _, d := range deps {
		if d != nil {
			o.deps = append(o.deps, d)
		}
	}
	b.g.ops = append(b.g.ops, o)
	return o
}

// sequence adds members to a subgraph one after another; each lists the
// subgraph and its predecessor in dependencies (SubgraphTask.add_task).
type sequence struct {
	b              *graphBuilder
	sub, prev      *operation
	ni             int
	instance, node string
}

func (q *sequence) add(typ opType, name, what string) *operation {
	o := q.b.op(typ, name, q.ni, q.instance, q.node, what, q.sub, q.sub, q.prev)
	q.prev = o
	return o
}

func (q *sequence) state(st string)   { q.add(opSetState, "SetNodeInstanceStateTask", st) }
func (q *sequence) event(text string) { q.add(opSendEvent, "SendNodeEventTask", text) }
func (q *sequence) remote(op string) {
	iface := "cloudify.interfaces.lifecycle." + op
	q.add(opRemote, taskName(q.node, op), iface)
}

// installSubgraph is install_node_instance_subgraph.
func (b *graphBuilder) installSubgraph(ni int, instance, node string, deps ...*operation) *operation {
	sub := b.op(opSubgraph, "install_"+instance, ni, instance, node, "", nil, deps...)
	q := &sequence{b: b, sub: sub, ni: ni, instance: instance, node: node}
	q.state("initializing")
	q.event("Creating node instance")
	q.state("creating")
	q.remote("create")
	q.state("created")
	q.event("Node instance created")
	q.event("Configuring node instance")
	q.state("configuring")
	q.remote("configure")
	q.state("configured")
	q.event("Node instance configured")
	q.event("Starting node instance")
	q.state("starting")
	q.remote("start")
	q.state(niStarted)
	q.event("Node instance started")
	return sub
}

// uninstallSubgraph is uninstall_node_instance_subgraph (named after the
// instance).
func (b *graphBuilder) uninstallSubgraph(ni int, instance, node string, deps ...*operation) *operation {
	sub := b.op(opSubgraph, instance, ni, instance, node, "", nil, deps...)
	q := &sequence{b: b, sub: sub, ni: ni, instance: instance, node: node}
	q.event("Stopping node instance")
	q.state("stopping")
	q.remote("stop")
	q.state("stopped")
	q.event("Node instance stopped")
	q.event("Deleting node instance")
	q.state("deleting")
	q.remote("delete")
	q.state(niDeleted)
	q.event("Node instance deleted")
	return sub
}

// dependsOn is the relationship order of a deployment's instances: the
// instances each one needs (contained_in its host, connected_to the
// previous other node).
func dependsOn(d *deployment) [][]int {
	out := make([][]int, len(d.nodes))
	host := -1
	prev := -1
	for i, n := range d.nodes {
		switch {
		case isHostNode(n.node):
			if host < 0 {
				host = i
			}
		default:
			if host >= 0 {
				out[i] = append(out[i], host)
			}
			if prev >= 0 && d.nodes[prev].node != n.node {
				out[i] = append(out[i], prev)
			}
			if prev < 0 || d.nodes[prev].node != n.node {
				prev = i
			}
		}
	}
	return out
}

func (b *graphBuilder) installAll(idx []int) {
	d := b.e.dep
	deps := dependsOn(d)
	subs := map[int]*operation{}
	for _, i := range idx {
		var ds []*operation
		for _, j := range deps[i] {
			ds = append(ds, subs[j])
		}
		subs[i] = b.installSubgraph(i, d.nodes[i].instance, d.nodes[i].node, ds...)
	}
}

func (b *graphBuilder) uninstallAll(idx []int) {
	d := b.e.dep
	deps := dependsOn(d)
	want := map[int]bool{}
	for _, i := range idx {
		want[i] = true
	}
	subs := map[int]*operation{}
	// reverse order: an instance goes after those that depend on it
	for k := len(idx) - 1; k >= 0; k-- {
		i := idx[k]
		var ds []*operation
		for j := range d.nodes {
			for _, t := range deps[j] {
				if t == i && want[j] {
					ds = append(ds, subs[j])
				}
			}
		}
		subs[i] = b.uninstallSubgraph(i, d.nodes[i].instance, d.nodes[i].node, ds...)
	}
}

// operationOnAll is execute_operation's graph: one remote task per
// instance, in dependency order when asked (start, stop, restart), set-state
// tasks around lifecycle start and stop.
func (b *graphBuilder) operationOnAll(iface string, ordered, reverse bool) {
	d := b.e.dep
	b.graph("execute_operation_" + iface)
	deps := dependsOn(d)
	last := map[int]*operation{}
	order := make([]int, len(d.nodes))
	for i := range order {
		order[i] = i
		if reverse {
			order[i] = len(d.nodes) - 1 - i
		}
	}
	for _, i := range order {
		n := d.nodes[i]
		var ds []*operation
		if ordered {
			for j := range d.nodes {
				if !reverse {
					for _, t := range deps[i] {
						if t == j {
							ds = append(ds, last[j])
						}
					}
				} else {
					for _, t := range deps[j] {
						if t == i {
							ds = append(ds, last[j])
						}
					}
				}
			}
		}
		op := iface[len("cloudify.interfaces.lifecycle."):]
		name := "script_runner.tasks.run"
		if len(iface) > len("cloudify.interfaces.lifecycle.") && iface[:len("cloudify.interfaces.lifecycle.")] == "cloudify.interfaces.lifecycle." {
			name = taskName(n.node, op)
		} else {
			op = ""
		}
		var prev *operation
		switch op {
		case "start":
			prev = b.op(opSetState, "SetNodeInstanceStateTask", i, n.instance, n.node, "starting", nil, ds...)
			ds = []*operation{prev}
		case "stop":
			prev = b.op(opSetState, "SetNodeInstanceStateTask", i, n.instance, n.node, "stopping", nil, ds...)
			ds = []*operation{prev}
		}
		r := b.op(opRemote, name, i, n.instance, n.node, iface, nil, ds...)
		last[i] = r
		switch op {
		case "start":
			last[i] = b.op(opSetState, "SetNodeInstanceStateTask", i, n.instance, n.node, niStarted, nil, r)
		case "stop":
			last[i] = b.op(opSetState, "SetNodeInstanceStateTask", i, n.instance, n.node, "stopped", nil, r)
		}
	}
}

// checkAll is one remote task per instance in a graph of its own
// (check_status, check_drift, install_agents and plugin workflows).
func (b *graphBuilder) checkAll(graph, iface, name string, hostsOnly, softwareOnly bool) {
	b.graph(graph)
	for i, n := range b.e.dep.nodes {
		if hostsOnly && !isHostNode(n.node) || softwareOnly && isHostNode(n.node) {
			continue
		}
		nm := name
		if nm == "" {
			nm = taskName(n.node, "check_status")
		}
		b.op(opRemote, nm, i, n.instance, n.node, iface, nil)
	}
}

func allIndexes(d *deployment) []int {
	out := make([]int, len(d.nodes))
	for i := range out {
		out[i] = i
	}
	return out
}

// buildGraphs lays out what a workflow runs. stored says whether the
// workflow stores its graphs (not for the internal workflows, snapshots and
// dry runs, §2.4): unstored tasks still run and emit events, but are not
// served nor counted. Callers hold mu.
func (s *Simulator) buildGraphs(e *execRec, at int64) (graphs []*tasksGraph, stored bool) {
	b := &graphBuilder{s: s, e: e, at: at}
	d := e.dep
	stored = !e.has(flagDryRun)
	switch e.workflow {
	case "create_deployment_environment", "delete_deployment_environment", "upload_blueprint":
		stored = false
		b.graph(e.workflow)
		b.op(opRemote, "cloudify_system_workflows.deployment_environment.create", -1, "", "",
			"cloudify_system_workflows.deployment_environment."+e.workflow, nil)
		return b.graphs, false
	case "create_snapshot", "restore_snapshot", "create_log_bundle", "update_plugin":
		b.graph(e.workflow)
		var prev *operation
		for _, step := range []string{"dump_database", "archive_files", "upload"} {
			prev = b.op(opRemote, "cloudify_system_workflows.snapshot.create", -1, "", "",
				"cloudify_system_workflows.snapshots."+step, nil, prev)
		}
		return b.graphs, false
	}
	if d == nil || len(d.nodes) == 0 {
		b.graph(e.workflow)
		b.op(opRemote, "cloudify.plugins.workflows."+e.workflow, -1, "", "", "cloudify.plugins.workflows."+e.workflow, nil)
		return b.graphs, stored
	}
	switch e.workflow {
	case "install":
		b.graph("install")
		b.installAll(allIndexes(d))
	case "uninstall":
		b.graph("uninstall")
		b.uninstallAll(allIndexes(d))
	case "reinstall":
		b.graph("reinstall-uninstall")
		b.uninstallAll(allIndexes(d))
		b.graph("reinstall-install")
		b.installAll(allIndexes(d))
	case "heal":
		// check the instances, then reinstall the one that failed (the
		// one named, else the last)
		b.checkAll("check_status", "cloudify.interfaces.validation.check_status", "", false, false)
		target := len(d.nodes) - 1
		if id := paramString(e.params, "node_instance_id"); id != "" {
			for i, n := range d.nodes {
				if n.instance == id {
					target = i
				}
			}
		}
		b.graph("reinstall-uninstall")
		b.uninstallAll([]int{target})
		b.graph("reinstall-install")
		b.installAll([]int{target})
	case "scale":
		entity := paramString(e.params, "scalable_entity_name")
		delta := paramInt(e.params, "delta", 1)
		b.scale(entity, delta)
	case "start":
		b.operationOnAll("cloudify.interfaces.lifecycle.start", true, false)
	case "stop":
		b.operationOnAll("cloudify.interfaces.lifecycle.stop", true, true)
	case "restart":
		b.operationOnAll("cloudify.interfaces.lifecycle.stop", true, true)
		b.operationOnAll("cloudify.interfaces.lifecycle.start", true, false)
	case "execute_operation":
		op := paramString(e.params, "operation")
		if op == "" {
			op = "cloudify.interfaces.lifecycle.start"
		}
		b.operationOnAll(op, false, false)
	case "check_status", "validate_agents":
		b.checkAll("check_status", "cloudify.interfaces.validation.check_status", "", false, false)
	case "check_drift":
		b.checkAll("check_drift", "cloudify.interfaces.lifecycle.check_drift", "", false, false)
	case "install_new_agents":
		b.checkAll("install_agents", "cloudify.interfaces.cloudify_agent.create", "cloudify_agent.installer.operations.create", true, false)
	default:
		// a plugin workflow: its operation on the software instances
		op := "cloudify.plugins.workflows." + e.workflow
		if w := d.workflow(e.workflow); w != nil && w.operation != "" {
			op = w.operation
		}
		b.checkAll(e.workflow, op, op, false, true)
		if len(b.g.ops) == 0 {
			b.op(opRemote, op, -1, "", "", op, nil)
		}
	}
	return b.graphs, stored
}

// scale adds (or removes) instances of a node: <entity>_install with new
// instances' install subgraphs, or <entity>_uninstall.
func (b *graphBuilder) scale(entity string, delta int) {
	d := b.e.dep
	node := entity
	var existing []int
	for i, n := range d.nodes {
		if n.node == entity {
			existing = append(existing, i)
		}
	}
	if len(existing) == 0 {
		node = d.nodes[len(d.nodes)-1].node
		existing = []int{len(d.nodes) - 1}
	}
	if delta < 0 {
		b.graph(entity + "_uninstall")
		n := min(-delta, len(existing))
		b.uninstallAll(existing[len(existing)-n:])
		return
	}
	b.graph(entity + "_install")
	for k := 0; k < max(delta, 1); k++ {
		// new instances are not yet among the deployment's
		id := b.s.instanceID(node)
		b.installSubgraph(-1, id, node)
	}
}

func paramInt(params []byte, key string, def int) int {
	v := paramString(params, key)
	if v == "" {
		n, ok := paramNumber(params, key)
		if !ok {
			return def
		}
		return n
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return def
	}
	return n
}
