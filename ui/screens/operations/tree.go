package operations

import (
	"hash/maphash"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/triage"
)

// A chain is one operation and its retries (each retry is a new operation
// linked by retried_task, cloudify-api-operations.md §3.5), shown as one row
// with the state of its latest attempt, as the Console shows one box.
type chain struct {
	key      string // the first attempt's id: the row's identity across refreshes
	latest   int    // index in tree.ops of the latest attempt
	attempts int
	group    int       // index in tree.groups
	since    time.Time // running since (see tree.start), zero when unknown
	ended    time.Time // when it was seen to end, zero when not seen
	failure  string    // the last failure or reschedule, from the events
	internal bool
	lower    bool // since is a lower bound: it was running when first seen
}

// group is the operations of one node instance ("" for those of none).
type group struct {
	key             string
	node            string // the node (not instance) name, when known
	chains          []int  // indices in tree.chains, in graph order; shared, never changed in place
	finished, total int    // counted operations (every non-NOP one, retries included)
	state           client.OperationState
	running, failed int // chains in flight (or waiting to retry) / failed
}

// tree is an execution's operations grouped by node instance. It is made
// from each answer (build), keeping what was observed before (when an
// operation was first seen running or ended) through seen.
type tree struct {
	ops     []client.Operation
	states  []client.OperationState // latestState of each of ops
	retried []int                   // the chains whose latest attempt is a retry
	chains  []chain
	groups  []group
	// finished and total count every non-NOP operation listed, as
	// finished_operations and total_operations do.
	finished, total int
	running, failed int
	longest         int // the chain running longest, -1 for none
	// countW and suffixW are the widest "finished/total" and " · n failed
	// · n running" of the groups, the columns their rows are aligned to.
	countW, suffixW int
}

// observed is what the screen saw of each attempt of the last answer, in
// its order (the manager's order rarely changes between two answers), and
// the shape of the tree that answer made.
type observed struct {
	ops      []client.Operation // the last answer
	ids      []uint64           // a hash of each one's id (idHash), compared without reading the last answer again
	at       []seenTimes
	states   []client.OperationState // latestState of each operation
	codes    []uint8                 // and its stateCode
	shape    *shape
	failures map[string]string
	tree     tree // what they made
}

// seenTimes is what the screen observed of one attempt across refreshes.
type seenTimes struct {
	inFlight time.Time // first seen sending, sent, started or response-sent
	lower    bool      // it was already in flight when first seen
	ended    time.Time // first seen terminated after being seen not terminated
}

// shape is what a tree is made of besides the operations' states: which
// group counts each operation, which attempts make one row, the groups and
// their rows. The manager never changes an operation's type, node
// instance, subgraph or retried_task once it is stored (a PATCH sets its
// state, §3.4; a retry is a new operation, §3.5), so an answer listing the
// same operations in the same order has the same shape, and one that only
// adds retries at the end (they are the newest, and the list is ordered by
// created_at, §3.7) has it grown by them. A shape is never changed in
// place: copies of the model share it.
type shape struct {
	opGroup  []int32 // per operation: the group counting it, -1 for a NOP
	next     []int32 // per operation: its retry shown on the same row, -1 for none
	chainOf  []int32 // per operation: the chain showing it, -1 for a NOP or subgraph
	chains   chainShapes
	retried  []int   // the chains whose latest attempt is a retry, in order; shared, never changed in place
	groups   []group // key, node, chains and total; the rest is counted per answer
	groupOf  map[string]int
	sgGroup  map[string]string // subgraph id → node instance of its first member
	dangling bool              // a retry points at an operation not listed
}

// chainShape is what a chain is whatever the states of its attempts.
type chainShape struct {
	key             string
	first, latest   int
	attempts, group int
	internal        bool
	stored          time.Time // when its only attempt was stored, if a retry (see tree)
}

// chainShapes is a shape's chains in blocks, so that growing a shape
// copies only the blocks it changes.
type chainShapes struct {
	blocks [][]chainShape
	n      int
}

const chainBlock = 512

func (c *chainShapes) at(ci int) *chainShape { return &c.blocks[ci/chainBlock][ci%chainBlock] }

// grown is a copy sharing the blocks; own must be called before a block is
// changed.
func (c *chainShapes) grown() chainShapes {
	return chainShapes{blocks: append([][]chainShape(nil), c.blocks...), n: c.n}
}

// own gives the copy its own block b.
func (c *chainShapes) own(b int) {
	mine := make([]chainShape, len(c.blocks[b]), chainBlock)
	copy(mine, c.blocks[b])
	c.blocks[b] = mine
}

// add appends a chain to a shape being made (or to an owned last block).
func (c *chainShapes) add(cs chainShape) {
	if c.n%chainBlock == 0 {
		c.blocks = append(c.blocks, make([]chainShape, 0, chainBlock))
	}
	b := len(c.blocks) - 1
	c.blocks[b] = append(c.blocks[b], cs)
	c.n++
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
// is observed now. failures maps failureKey to the last failure text; it
// is replaced, never changed in place, when it changes. When the answer
// has the last one's shape (or that shape with retries added), only the
// rows of the operations whose state changed are made again.
func build(ops []client.Operation, now time.Time, first bool, prev observed, failures map[string]string) (tree, observed) {
	at := make([]seenTimes, len(ops))
	states := make([]client.OperationState, len(ops))
	ids := make([]uint64, len(ops))
	codes := make([]uint8, len(ops))
	sameOrder := prev.shape != nil && len(ops) >= len(prev.ops)
	var changed []int            // operations of the last answer's order whose state or times changed, and the new ones
	var prevIndex map[string]int // built only when the order changed
	for i := range ops {
		o := &ops[i]
		ids[i] = maphash.String(idSeed, o.ID)
		var st seenTimes
		known := false
		if i < len(prev.ids) && prev.ids[i] == ids[i] {
			st, known = prev.at[i], true // the same order as last time: no lookup
		} else if sameOrder && i >= len(prev.ops) {
			// after every operation of the last answer in its order: new
		} else if len(prev.ops) > 0 {
			sameOrder = false
			if prevIndex == nil {
				prevIndex = make(map[string]int, len(prev.ops))
				for j := range prev.ops {
					prevIndex[prev.ops[j].ID] = j
				}
			}
			var j int
			if j, known = prevIndex[o.ID]; known {
				st = prev.at[j]
			}
		}
		code := stateCode(o.State)
		at[i] = observe(st, known, code, now, first)
		states[i] = o.State
		if code == codePending && o.Parameters.CurrentRetries > 0 {
			states[i], code = themes.OpRetrying, codeRetrying // latestState
		}
		codes[i] = code
		if sameOrder && (i >= len(prev.ops) || at[i] != prev.at[i] || codes[i] != prev.codes[i] ||
			codes[i] == 0 && states[i] != prev.states[i]) {
			changed = append(changed, i)
		}
	}
	var s *shape
	if sameOrder {
		s = prev.shape.grow(ops, len(prev.ops))
	}
	var t tree
	if s != nil {
		t = s.update(&prev.tree, ops, at, states, prev.states, changed, failures, prev.failures)
	} else {
		s = shapeOf(ops)
		t = s.tree(ops, at, states, failures)
	}
	return t, observed{ops: ops, ids: ids, at: at, states: states, codes: codes, shape: s, failures: failures, tree: t}
}

// idSeed seeds idHash. Two ids at one place of two answers hashing alike
// (a chance of 2⁻⁶⁴) would be taken for one operation.
var idSeed = maphash.MakeSeed()

// stateCode numbers the states the screen knows, 0 for any other text:
// in flight from codeSending to codeResponseSent, terminated from
// codeRescheduled to codeFailed.
func stateCode(st client.OperationState) uint8 {
	switch st {
	case client.OpPending:
		return codePending
	case client.OpSending:
		return codeSending
	case client.OpSent:
		return codeSent
	case client.OpStarted:
		return codeStarted
	case client.OpResponseSent:
		return codeResponseSent
	case client.OpRescheduled:
		return codeRescheduled
	case client.OpSucceeded:
		return codeSucceeded
	case client.OpFailed:
		return codeFailed
	case themes.OpRetrying:
		return codeRetrying
	}
	return 0
}

const (
	codePending uint8 = 1 + iota
	codeSending
	codeSent
	codeStarted
	codeResponseSent
	codeRescheduled
	codeSucceeded
	codeFailed
	codeRetrying
)

// sameMap reports whether a and b are one map.
func sameMap(a, b map[string]string) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// shapeOf makes the shape of an answer from nothing.
func shapeOf(ops []client.Operation) *shape {
	s := &shape{opGroup: make([]int32, len(ops)), next: make([]int32, len(ops)), chainOf: make([]int32, len(ops)),
		groupOf: map[string]int{}, sgGroup: map[string]string{}}
	nis := make([]string, len(ops))
	hasPrev := make([]bool, len(ops))
	var retried map[string]int // ids that a retry points at → their index
	for i := range ops {
		o := &ops[i]
		s.next[i], s.chainOf[i] = -1, -1
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
	if retried != nil {
		for i := range ops {
			if _, ok := retried[ops[i].ID]; ok {
				retried[ops[i].ID] = i
			}
		}
		for i := range ops {
			if r := ops[i].Parameters.RetriedTask; r.Valid {
				p := retried[r.Value]
				switch {
				case p < 0:
					s.dangling = true
				case p != i && s.next[p] < 0:
					s.next[p] = int32(i)
					hasPrev[i] = true
				}
			}
		}
	}
	for i := range ops {
		if sg := ops[i].Parameters.ContainingSubgraph; sg.Valid && nis[i] != "" {
			if _, ok := s.sgGroup[sg.Value]; !ok {
				s.sgGroup[sg.Value] = nis[i]
			}
		}
	}
	lastGroup, lastNI := -1, ""
	for i := range ops {
		o := &ops[i]
		if o.IsNOP() {
			s.opGroup[i] = -1
			continue
		}
		ni := nis[i]
		if o.Type == client.OpTypeSubgraph {
			if ni = s.sgGroup[o.ID]; ni == "" {
				ni = o.NodeInstanceID()
			}
		}
		gi := lastGroup
		if gi < 0 || ni != lastNI {
			var ok bool
			if gi, ok = s.groupOf[ni]; !ok {
				gi = len(s.groups)
				s.groupOf[ni] = gi
				s.groups = append(s.groups, group{key: ni})
			}
			lastGroup, lastNI = gi, ni
		}
		s.count(i, gi, o)
		if hasPrev[i] || o.Type == client.OpTypeSubgraph {
			continue // a retry shows on its first attempt's row; a subgraph is its group
		}
		s.addChain(i, gi, ops)
	}
	return s
}

// count counts operation i in group gi.
func (s *shape) count(i, gi int, o *client.Operation) {
	s.opGroup[i] = int32(gi)
	g := &s.groups[gi]
	if g.node == "" {
		g.node = o.NodeName()
	}
	g.total++
}

// addChain makes the row of the attempts from operation i on.
func (s *shape) addChain(i, gi int, ops []client.Operation) {
	ci := int32(s.chains.n)
	c := chainShape{key: ops[i].ID, first: i, latest: i, attempts: 1, group: gi, internal: ops[i].IsInternal()}
	s.chainOf[i] = ci
	for j := s.next[i]; j >= 0; j = s.next[j] {
		c.latest = int(j)
		c.attempts++
		s.chainOf[j] = ci
	}
	if p := &ops[i].Parameters; c.attempts == 1 && p.CurrentRetries > 0 {
		c.stored = ops[i].CreatedAt.Time
	}
	if ops[c.latest].Parameters.CurrentRetries > 0 {
		s.retried = append(s.retried, int(ci))
	}
	s.groups[gi].chains = append(s.groups[gi].chains, s.chains.n)
	s.chains.add(c)
}

// grow is the shape of an answer listing the n operations of the one s was
// made from, in the same order, then more; nil when those are not only
// retries of listed operations on known node instances.
func (s *shape) grow(ops []client.Operation, n int) *shape {
	if n == len(ops) {
		return s
	}
	if s.dangling {
		return nil // an added operation may be what a listed retry points at
	}
	for i := n; i < len(ops); i++ {
		o := &ops[i]
		if o.IsNOP() || o.Type == client.OpTypeSubgraph || !o.Parameters.RetriedTask.Valid {
			return nil
		}
		ni := o.NodeInstanceID()
		if _, ok := s.groupOf[ni]; !ok {
			return nil
		}
		if sg := o.Parameters.ContainingSubgraph; sg.Valid && ni != "" {
			if _, ok := s.sgGroup[sg.Value]; !ok {
				return nil
			}
		}
	}
	g := &shape{
		opGroup: append(make([]int32, 0, len(ops)), s.opGroup...),
		next:    append(make([]int32, 0, len(ops)), s.next...),
		chainOf: append(make([]int32, 0, len(ops)), s.chainOf...),
		chains:  s.chains.grown(),
		groups:  append([]group(nil), s.groups...),
		retried: append([]int(nil), s.retried...),
		groupOf: s.groupOf, sgGroup: s.sgGroup,
	}
	g.opGroup = g.opGroup[:len(ops)]
	for i := n; i < len(ops); i++ {
		g.next = append(g.next, -1)
		g.chainOf = append(g.chainOf, -1)
	}
	copied := map[int]bool{} // groups whose chains were copied
	owned := map[int]bool{}  // blocks of chains copied
	for i := n; i < len(ops); i++ {
		o := &ops[i]
		gi := g.groupOf[o.NodeInstanceID()]
		g.count(i, gi, o)
		ci, p := g.attemptOf(gi, o.Parameters.RetriedTask.Value, ops)
		switch {
		case ci < 0:
			return nil // not on the rows of its node instance: make the shape anew
		case g.next[p] < 0:
			g.next[p] = int32(i)
			g.chainOf[i] = int32(ci)
			if !owned[ci/chainBlock] {
				owned[ci/chainBlock] = true
				g.chains.own(ci / chainBlock)
			}
			c := g.chains.at(ci)
			if ops[c.latest].Parameters.CurrentRetries == 0 && o.Parameters.CurrentRetries > 0 {
				at, _ := slices.BinarySearch(g.retried, ci) // its first retry; kept in chain order
				g.retried = slices.Insert(g.retried, at, ci)
			}
			c.latest = i
			c.attempts++
		default:
			if !copied[gi] {
				copied[gi] = true
				g.groups[gi].chains = append([]int(nil), g.groups[gi].chains...)
			}
			if last := g.chains.n / chainBlock; g.chains.n%chainBlock != 0 && !owned[last] {
				owned[last] = true
				g.chains.own(last)
			}
			g.addChain(i, gi, ops)
		}
	}
	return g
}

// attemptOf finds the attempt with the given id on the rows of group gi
// (the node instance of its retry), and its row; ci is -1 when it is not
// there.
func (s *shape) attemptOf(gi int, id string, ops []client.Operation) (ci, at int) {
	for _, ci := range s.groups[gi].chains {
		for j := s.chains.at(ci).first; ; {
			if ops[j].ID == id {
				return ci, j
			}
			n := s.next[j]
			if n < 0 {
				break
			}
			j = int(n)
		}
	}
	return -1, 0
}

// tree is the tree of an answer of this shape: at and states are what was
// observed of each operation and the state it shows (latestState).
func (s *shape) tree(ops []client.Operation, at []seenTimes, states []client.OperationState, failures map[string]string) tree {
	t := tree{ops: ops, states: states, retried: s.retried, longest: -1, chains: make([]chain, s.chains.n), groups: make([]group, len(s.groups))}
	copy(t.groups, s.groups)
	for i, gi := range s.opGroup {
		if gi >= 0 && states[i].Terminated() {
			t.groups[gi].finished++
		}
	}
	for ci := range s.chains.n {
		t.chains[ci] = s.chain(ci, ops, at, states, failures)
	}
	for gi := range t.groups {
		t.summarise(gi)
	}
	t.count()
	return t
}

// update is the tree of an answer of this shape from last, the tree of the
// last answer (of this shape, or of the shape it grew from): only the rows
// of the changed operations are made again, and the counts of their
// groups; and the rows of the node instances whose failure text changed
// from lastFailures.
func (s *shape) update(last *tree, ops []client.Operation, at []seenTimes, states, lastStates []client.OperationState,
	changed []int, failures, lastFailures map[string]string) tree {
	t := tree{ops: ops, states: states, retried: s.retried, longest: -1, chains: make([]chain, s.chains.n), groups: make([]group, len(s.groups))}
	copy(t.chains, last.chains)
	for gi := range t.groups {
		g, l := &t.groups[gi], &last.groups[gi]
		*g = s.groups[gi]
		g.finished, g.state, g.running, g.failed = l.finished, l.state, l.running, l.failed
	}
	redo := make([]bool, s.chains.n+len(s.groups)) // chains, then groups
	regroup := redo[s.chains.n:]
	for _, i := range changed {
		if gi := s.opGroup[i]; gi >= 0 {
			was := i < len(lastStates) && lastStates[i].Terminated()
			if is := states[i].Terminated(); is != was {
				if is {
					t.groups[gi].finished++
				} else {
					t.groups[gi].finished--
				}
			}
			regroup[gi] = true
		}
		if ci := s.chainOf[i]; ci >= 0 {
			redo[ci] = true
		}
	}
	if !sameMap(failures, lastFailures) {
		for k, text := range failures {
			if was, ok := lastFailures[k]; ok && was == text {
				continue
			}
			ni, _, _ := strings.Cut(k, "\x00") // failureKey
			if gi, ok := s.groupOf[ni]; ok {
				for _, ci := range s.groups[gi].chains {
					redo[ci] = true
				}
			}
		}
	}
	for ci := range s.chains.n {
		if redo[ci] {
			t.chains[ci] = s.chain(ci, ops, at, states, failures)
			regroup[t.chains[ci].group] = true
		}
	}
	for gi := range t.groups {
		if regroup[gi] {
			g := &t.groups[gi]
			g.running, g.failed = 0, 0
			t.summarise(gi)
		}
	}
	t.count()
	return t
}

// mayFail reports whether a chain's row shows its last failure: when it
// was retried, or it failed, was rescheduled or waits for a retry.
func mayFail(attempts int, st client.OperationState) bool {
	return attempts > 1 || st == client.OpFailed || st == client.OpRescheduled || st == themes.OpRetrying
}

// chain is chain ci of this shape in an answer.
func (s *shape) chain(ci int, ops []client.Operation, at []seenTimes, states []client.OperationState, failures map[string]string) chain {
	cs := s.chains.at(ci)
	c := chain{key: cs.key, latest: cs.latest, attempts: cs.attempts, group: cs.group, internal: cs.internal,
		since: at[cs.first].inFlight, ended: at[cs.latest].ended}
	if cs.attempts == 1 {
		if !cs.stored.IsZero() && (c.since.IsZero() || cs.stored.Before(c.since)) {
			c.since = cs.stored
		}
	} else {
		c.since = time.Time{}
		for j := cs.first; ; {
			if f := at[j].inFlight; !f.IsZero() && (c.since.IsZero() || f.Before(c.since)) {
				c.since = f
			}
			if ops[j].Parameters.CurrentRetries > 0 && !ops[j].CreatedAt.IsZero() {
				// a retry is stored when the attempt before it failed: the
				// chain was at work by then
				if r := ops[j].CreatedAt.Time; c.since.IsZero() || r.Before(c.since) {
					c.since = r
				}
			}
			n := s.next[j]
			if n < 0 {
				break
			}
			j = int(n)
		}
	}
	if st := at[cs.first]; !c.since.IsZero() && st.lower && st.inFlight.Equal(c.since) {
		c.lower = true
	}
	if len(failures) > 0 && mayFail(c.attempts, states[c.latest]) {
		lo := &ops[c.latest]
		ni := ""
		if lo.Type != client.OpTypeSubgraph {
			ni = lo.NodeInstanceID()
		}
		if f, ok := failures[failureKey(ni, lo.OperationName())]; ok {
			c.failure = f
		}
	}
	return c
}

// observe returns what is known of an attempt's times after this answer:
// when it was first seen in flight, and when it was seen to end; st and
// known are what the last answer left.
// code is the operation's own state's stateCode.
func observe(st seenTimes, known bool, code uint8, now time.Time, first bool) seenTimes {
	switch {
	case code >= codeSending && code <= codeResponseSent && st.inFlight.IsZero():
		// first seen at work: a start, unless it was at work when the
		// screen first looked or appeared at work between two answers
		// (seen as it is being sent, that is its start)
		st.inFlight = now
		st.lower = first || (!known && code != codeSending)
	case code >= codeRescheduled && code <= codeFailed && st.ended.IsZero() && known && !first:
		st.ended = now
	}
	return st
}

// topRetry is the retry of the operation at work (running, or waiting to
// be retried) with the highest retry count; zero for none.
func (t *tree) topRetry() triage.Retry {
	var r triage.Retry
	for _, ci := range t.retried {
		c := &t.chains[ci]
		o := &t.ops[c.latest]
		if n := o.Parameters.CurrentRetries; n > r.Current && active(t.states[c.latest]) {
			r = triage.Retry{Current: n, Total: o.Parameters.TotalRetries, NodeInstance: o.NodeInstanceID(), Operation: o.OperationName()}
		}
	}
	return r
}

// state is the state chain ci shows.
func (t *tree) state(ci int) client.OperationState { return t.states[t.chains[ci].latest] }

// summarise sets a group's state from its chains and counts.
func (t *tree) summarise(gi int) {
	g := &t.groups[gi]
	for _, ci := range g.chains {
		switch st := t.state(ci); {
		case st == client.OpFailed:
			g.failed++
		case active(st):
			g.running++
		}
	}
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

// count sums the groups' counts, and marks the chain at work for the
// longest time (the first in graph order of those at work as long): it is
// in a group with chains at work.
func (t *tree) count() {
	for gi := range t.groups {
		g := &t.groups[gi]
		t.total += g.total
		t.finished += g.finished
		t.running += g.running
		t.failed += g.failed
		t.countW = max(t.countW, digits(g.finished)+1+digits(g.total))
		t.suffixW = max(t.suffixW, suffixWidth(g.failed, g.running))
		if g.running == 0 {
			continue
		}
		for _, ci := range g.chains {
			c := &t.chains[ci]
			if c.since.IsZero() || !active(t.states[c.latest]) {
				continue
			}
			if l := t.longest; l < 0 || c.since.Before(t.chains[l].since) || ci < l && !t.chains[l].since.Before(c.since) {
				t.longest = ci
			}
		}
	}
}

// digits is how many digits n has in base 10.
func digits(n int) int {
	d := 1
	for n <= -10 || n >= 10 {
		n /= 10
		d++
	}
	if n < 0 {
		d++
	}
	return d
}

// suffixWidth is the width of a group row's " · n failed · n running".
func suffixWidth(failed, running int) int {
	w := 0
	if failed > 0 {
		w += len(" · ") - 1 + digits(failed) + len(" failed") // "·" is 2 bytes, 1 cell
	}
	if running > 0 {
		w += len(" · ") - 1 + digits(running) + len(" running")
	}
	return w
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

// hasKey reports whether k is r's key, without making the key.
func (t *tree) hasKey(r row, k string) bool {
	if len(k) < 2 || k[1] != 0 {
		return false
	}
	switch r.kind {
	case rowGroup:
		return k[0] == 'g' && k[2:] == t.groups[r.group].key
	case rowFailure:
		return k[0] == 'f' && k[2:] == t.chains[r.chain].key
	}
	return k[0] == 'o' && k[2:] == t.chains[r.chain].key
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
	n := len(t.groups)
	for gi := range t.groups {
		if open(gi) {
			n += len(t.groups[gi].chains) // and the failures, fewer

		}
	}
	out := make([]row, 0, n)
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
			if c.failure != "" && t.states[c.latest] != client.OpSucceeded {
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
