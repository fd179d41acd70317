package operations

import (
	"strings"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/themes"
)

// A chain is one operation and its retries (each retry is a new operation
// linked by retried_task, cloudify-api-operations.md §3.5), shown as one row
// with the state of its latest attempt, as the Console shows one box.
type chain struct {
	key      string // the first attempt's id: the row's identity across refreshes
	latest   int    // index in tree.ops of the latest attempt
	attempts int
	group    int // index in tree.groups
	internal bool
	since    time.Time // running since (see tree.start), zero when unknown
	lower    bool      // since is a lower bound: it was running when first seen
	ended    time.Time // when it was seen to end, zero when not seen
	failure  string    // the last failure or reschedule, from the events
}

// group is the operations of one node instance ("" for those of none).
type group struct {
	key             string
	node            string // the node (not instance) name, when known
	chains          []int  // indices in tree.chains, in graph order
	finished, total int    // counted operations (every non-NOP one, retries included)
	state           client.OperationState
	running, failed int // chains in flight (or waiting to retry) / failed
}

// tree is an execution's operations grouped by node instance. It is built
// anew from each answer (build), keeping what was observed before (when an
// operation was first seen running or ended) through seen.
type tree struct {
	ops    []client.Operation
	chains []chain
	groups []group
	// finished and total count every non-NOP operation listed, as
	// finished_operations and total_operations do.
	finished, total int
	running, failed int
	longest         int // the chain running longest, -1 for none
}

// observed is what the screen saw of each attempt of the last answer, in
// its order (the manager's order rarely changes between two answers).
type observed struct {
	ids []string
	at  []seenTimes
}

// seenTimes is what the screen observed of one attempt across refreshes.
type seenTimes struct {
	inFlight time.Time // first seen sending, sent, started or response-sent
	lower    bool      // it was already in flight when first seen
	ended    time.Time // first seen terminated after being seen not terminated
}

// failureKey names an operation by what its events carry.
func failureKey(nodeInstance, operation string) string { return nodeInstance + "\x00" + operation }

// latestState is the state a chain shows: its latest attempt's, or
// "pending retry" when that attempt waits to be sent.
func latestState(o *client.Operation) client.OperationState {
	if o.State == client.OpPending && o.Parameters.CurrentRetries > 0 {
		return themes.OpRetrying
	}
	return o.State
}

// active reports whether a chain is still at work: in flight, or waiting
// for its next attempt.
func active(st client.OperationState) bool { return st.InFlight() || st == themes.OpRetrying }

// build makes the tree from one answer. prev is what was observed up to
// the last answer (first is true for the first answer: what is running
// then was running before the screen looked); the second result is what
// is observed now. failures maps failureKey to the last failure text.
func build(ops []client.Operation, now time.Time, first bool, prev observed, failures map[string]string) (tree, observed) {
	t := tree{ops: ops, longest: -1, chains: make([]chain, 0, len(ops))}
	at := make([]seenTimes, len(ops))
	ids := make([]string, len(ops))
	var prevIndex map[string]int // built only when the order changed
	nis := make([]string, len(ops))
	var retried map[string]int // ids that a retry points at → their index
	for i := range ops {
		o := &ops[i]
		ids[i] = o.ID
		var st seenTimes
		known := false
		if i < len(prev.ids) && prev.ids[i] == o.ID {
			st, known = prev.at[i], true // the same order as last time: no lookup
		} else if len(prev.ids) > 0 {
			if prevIndex == nil {
				prevIndex = make(map[string]int, len(prev.ids))
				for j, id := range prev.ids {
					prevIndex[id] = j
				}
			}
			var j int
			if j, known = prevIndex[o.ID]; known {
				st = prev.at[j]
			}
		}
		at[i] = observe(st, known, o, now, first)
		if o.Type != client.OpTypeSubgraph {
			nis[i] = o.NodeInstanceID() // a subgraph's is its members' (below)
		}
		if r := o.Parameters.RetriedTask; r.Valid {
			if retried == nil {
				retried = map[string]int{}
			}
			retried[r.Value] = -1
		}
	}
	next := map[int]int{} // attempt → its retry
	hasPrev := make([]bool, len(ops))
	if retried != nil {
		for i := range ops {
			if _, ok := retried[ops[i].ID]; ok {
				retried[ops[i].ID] = i
			}
		}
		for i := range ops {
			if r := ops[i].Parameters.RetriedTask; r.Valid {
				if p := retried[r.Value]; p >= 0 && p != i {
					if _, dup := next[p]; !dup {
						next[p] = i
						hasPrev[i] = true
					}
				}
			}
		}
	}
	groupOf := map[string]int{}
	subgraphGroup := map[string]string{} // subgraph id → node instance of its members
	for i := range ops {
		if sg := ops[i].Parameters.ContainingSubgraph; sg.Valid && nis[i] != "" {
			if _, ok := subgraphGroup[sg.Value]; !ok {
				subgraphGroup[sg.Value] = nis[i]
			}
		}
	}
	lastGroup, lastNI := -1, ""
	for i := range ops {
		o := &ops[i]
		if o.IsNOP() {
			continue
		}
		ni := nis[i]
		if o.Type == client.OpTypeSubgraph {
			if ni = subgraphGroup[o.ID]; ni == "" {
				ni = o.NodeInstanceID()
			}
		}
		gi := lastGroup
		if gi < 0 || ni != lastNI {
			var ok bool
			if gi, ok = groupOf[ni]; !ok {
				gi = len(t.groups)
				groupOf[ni] = gi
				t.groups = append(t.groups, group{key: ni})
			}
			lastGroup, lastNI = gi, ni
		}
		g := &t.groups[gi]
		if g.node == "" {
			g.node = o.NodeName()
		}
		g.total++
		t.total++
		if o.State.Terminated() {
			g.finished++
			t.finished++
		}
		if hasPrev[i] || o.Type == client.OpTypeSubgraph {
			continue // a retry shows on its first attempt's row; a subgraph is its group
		}
		c := chain{key: o.ID, latest: i, attempts: 1, group: gi, internal: o.IsInternal()}
		for j := i; ; {
			if s := at[j].inFlight; !s.IsZero() && (c.since.IsZero() || s.Before(c.since)) {
				c.since = s
			}
			if ops[j].Parameters.CurrentRetries > 0 && !ops[j].CreatedAt.IsZero() {
				// a retry is stored when the attempt before it failed: the
				// chain was at work by then
				if s := ops[j].CreatedAt.Time; c.since.IsZero() || s.Before(c.since) {
					c.since = s
				}
			}
			n, ok := next[j]
			if !ok {
				break
			}
			j = n
			c.latest = j
			c.attempts++
		}
		if st := at[i]; !c.since.IsZero() && st.lower && st.inFlight.Equal(c.since) {
			c.lower = true
		}
		lo := &ops[c.latest]
		c.ended = at[c.latest].ended
		if st := latestState(lo); len(failures) > 0 && (c.attempts > 1 || st == client.OpFailed || st == client.OpRescheduled || st == themes.OpRetrying) {
			if f, ok := failures[failureKey(nis[c.latest], lo.OperationName())]; ok {
				c.failure = f
			}
		}
		g.chains = append(g.chains, len(t.chains))
		t.chains = append(t.chains, c)
	}
	for gi := range t.groups {
		t.summarise(gi)
	}
	t.findLongest()
	return t, observed{ids: ids, at: at}
}

// observe returns what is known of an attempt's times after this answer:
// when it was first seen in flight, and when it was seen to end; st and
// known are what the last answer left.
func observe(st seenTimes, known bool, o *client.Operation, now time.Time, first bool) seenTimes {
	switch {
	case o.State.InFlight() && st.inFlight.IsZero():
		// first seen at work: a start, unless it was at work when the
		// screen first looked or appeared at work between two answers
		// (seen as it is being sent, that is its start)
		st.inFlight = now
		st.lower = first || (!known && o.State != client.OpSending)
	case o.State.Terminated() && st.ended.IsZero() && known && !first:
		st.ended = now
	}
	return st
}

// summarise sets a group's state from its chains and counts.
func (t *tree) summarise(gi int) {
	g := &t.groups[gi]
	pending := 0
	for _, ci := range g.chains {
		st := latestState(&t.ops[t.chains[ci].latest])
		switch {
		case st == client.OpFailed:
			g.failed++
		case active(st):
			g.running++
		case st == client.OpPending:
			pending++
		}
	}
	t.running += g.running
	t.failed += g.failed
	switch {
	case g.failed > 0:
		g.state = client.OpFailed
	case g.running > 0:
		g.state = client.OpStarted
	case g.finished == g.total:
		g.state = client.OpSucceeded
	case g.finished == 0:
		g.state = client.OpPending
	default:
		g.state = client.OpStarted // between two of its operations
	}
}

// findLongest marks the chain at work for the longest time.
func (t *tree) findLongest() {
	for ci := range t.chains {
		c := &t.chains[ci]
		if c.since.IsZero() || !active(latestState(&t.ops[c.latest])) {
			continue
		}
		if t.longest < 0 || c.since.Before(t.chains[t.longest].since) {
			t.longest = ci
		}
	}
}

// row is one line of the tree as shown: a group header, an operation, or
// the failure text under a failed operation.
type row struct {
	kind  rowKind
	group int
	chain int // -1 for a group header
}

type rowKind uint8

const (
	rowGroup rowKind = iota
	rowOp
	rowFailure
)

// key identifies a row across refreshes, for the cursor.
func (t *tree) key(r row) string {
	switch r.kind {
	case rowGroup:
		return "g\x00" + t.groups[r.group].key
	case rowFailure:
		return "f\x00" + t.chains[r.chain].key
	}
	return "o\x00" + t.chains[r.chain].key
}

// visible reports whether a chain is shown: internal operations only when
// asked for.
func (t *tree) visible(ci int, internal bool) bool { return internal || !t.chains[ci].internal }

// defaultOpen is whether a group starts unfolded: when something in it is
// at work or failed.
func (g *group) defaultOpen() bool { return g.running > 0 || g.failed > 0 }

// rows flattens the tree: groups in order (the ones at work or failed
// first would reorder under the user's eyes, so graph order it is), and
// the visible chains of the unfolded ones.
func (t *tree) rows(open func(gi int) bool, internal bool) []row {
	out := make([]row, 0, len(t.groups)+len(t.chains))
	for gi := range t.groups {
		g := &t.groups[gi]
		out = append(out, row{kind: rowGroup, group: gi, chain: -1})
		if !open(gi) {
			continue
		}
		for _, ci := range g.chains {
			if !t.visible(ci, internal) {
				continue
			}
			out = append(out, row{kind: rowOp, group: gi, chain: ci})
			c := &t.chains[ci]
			if c.failure != "" && latestState(&t.ops[c.latest]) != client.OpSucceeded {
				out = append(out, row{kind: rowFailure, group: gi, chain: ci})
			}
		}
	}
	return out
}

// groupLabel names a group.
func (g *group) label() string {
	if g.key == "" {
		return "(workflow)"
	}
	return g.key
}

// opName is how a chain's operation is named: the interface operation of a
// remote task, else the task's name with what it does.
func opName(o *client.Operation) string {
	if n := o.OperationName(); n != "" {
		return n
	}
	switch o.Type {
	case client.OpTypeSetNodeState:
		return "set state " + o.Parameters.TaskKwargs.State
	case client.OpTypeSendNodeEvent:
		return "event: " + o.Parameters.TaskKwargs.Event
	}
	if o.Parameters.Info.Text != "" && o.Parameters.Info.Text != o.Name {
		return o.Name + " " + o.Parameters.Info.Text
	}
	return o.Name
}

// shortName drops the cloudify.interfaces. prefix, as the Console does.
func shortName(n string) string { return strings.TrimPrefix(n, "cloudify.interfaces.") }

// where is where the operation ran: its agent, else the host agent it was
// sent to, else the manager.
func where(o *client.Operation) string {
	if o.AgentName.Valid && o.AgentName.Value != "" {
		return o.AgentName.Value
	}
	if c := o.Parameters.TaskKwargs.Context; c != nil {
		if c.Executor.Value == "host_agent" && c.HostID.Value != "" {
			return c.HostID.Value
		}
		if c.Executor.Value != "" {
			if o.ManagerName.Valid && o.ManagerName.Value != "" {
				return o.ManagerName.Value
			}
			return "manager"
		}
	}
	if o.ManagerName.Valid {
		return o.ManagerName.Value
	}
	return ""
}
