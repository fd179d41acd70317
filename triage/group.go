package triage

import (
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/cfytop/cfytop/client"
)

// Group is the failed executions that share one normalised cause.
type Group struct {
	// Key is the normalised cause, "Type: message" with IDs, addresses,
	// numbers and paths masked: what the group is named by.
	Key string
	// Sample is the cause of the group's latest failure, unmasked.
	Sample      Cause
	Count       int
	Deployments []string // distinct, sorted
	Workflows   []string // distinct, sorted
	First, Last time.Time
	// IDs are the executions of the group, in the order given.
	IDs []string
}

// Summary is the group in one sentence:
// "7 failed: Failed to connect to <ip>:22 — 4 deployments, last 3m ago".
func (g *Group) Summary(now time.Time) string {
	var b strings.Builder
	b.WriteString(itoa(g.Count))
	b.WriteString(" failed: ")
	b.WriteString(g.Key)
	b.WriteString(" — ")
	b.WriteString(plural(len(g.Deployments), "deployment"))
	b.WriteString(", last ")
	b.WriteString(ago(now.Sub(g.Last)))
	return b.String()
}

// NoCause is the key of failures whose error text is empty.
const NoCause = "(no error text)"

// Failure is one failed execution with its cause read and normalised:
// what grouping needs, computed once per execution as it arrives.
type Failure struct {
	ID, Deployment, Workflow string // cleaned
	At                       time.Time
	Key                      string // the normalised cause
	// Cause is the cause as read (nil when the error text is empty): a
	// pointer, so that the failures grouping walks stay small.
	Cause *Cause
}

// NewFailure reads e's cause from its error text. A failure's time is its
// end (its creation when it has none).
func NewFailure(e *client.Execution) Failure {
	f := Failure{ID: clean(e.ID), Deployment: clean(e.DeploymentID.Value), Workflow: clean(e.WorkflowID),
		At: e.CreatedAt.Time, Key: NoCause}
	if e.EndedAt.Valid && !e.EndedAt.Value.IsZero() {
		f.At = e.EndedAt.Value.Time
	}
	if c, ok := FromError(e.Error.Value); ok {
		f.Cause, f.Key = &c, Normalise(c.Text())
	}
	return f
}

// NewFailures reads the failed executions of execs (others are skipped).
// Equal causes, deployments and workflows share one string, so that
// grouping reads one copy of each instead of one per failure scattered
// over the heap.
func NewFailures(execs []client.Execution) []Failure {
	fs := make([]Failure, 0, len(execs))
	same := map[string]string{}
	intern := func(s string) string {
		if c, ok := same[s]; ok {
			return c
		}
		same[s] = s
		return s
	}
	for i := range execs {
		if execs[i].Status != client.StatusFailed {
			continue
		}
		f := NewFailure(&execs[i])
		f.Key, f.Deployment, f.Workflow = intern(f.Key), intern(f.Deployment), intern(f.Workflow)
		fs = append(fs, f)
	}
	return fs
}

// GroupFailures reads and groups the failed executions of all.
func GroupFailures(all iter.Seq[*client.Execution]) []Group {
	var fs []Failure
	for e := range all {
		if e.Status == client.StatusFailed {
			fs = append(fs, NewFailure(e))
		}
	}
	return GroupOf(fs)
}

// GroupOf groups failures by cause, the largest group first (then the one
// that failed last).
func GroupOf(fs []Failure) []Group {
	// Names are numbered once, and each group marks the ones it has in a
	// bitset; members are kept as indexes and become IDs once, at the
	// exact size: at 100,000 failures a map insert per failure and name,
	// or slices of IDs grown by appending, cost more than the rest.
	type acc struct {
		g         Group
		deps, wfs []uint64
		members   []int32
		sample    int // the failure g.Last is of
	}
	var order []*acc
	byKey := map[string]*acc{}
	deps, wfs := newNames(), newNames()
	find := func(key string) *acc {
		if len(order) <= 16 { // few causes, the common case: no hashing
			for _, a := range order {
				if a.g.Key == key {
					return a
				}
			}
		} else if a, ok := byKey[key]; ok {
			return a
		}
		a := &acc{g: Group{Key: key}}
		order = append(order, a)
		if len(order) == 17 {
			for _, o := range order {
				byKey[o.g.Key] = o
			}
		} else if len(order) > 17 {
			byKey[key] = a
		}
		return a
	}
	for i := range fs {
		f := &fs[i]
		a := find(f.Key)
		g := &a.g
		if g.Count == 0 || f.At.Before(g.First) {
			g.First = f.At
		}
		if g.Count == 0 || !f.At.Before(g.Last) {
			g.Last = f.At
			a.sample = i
		}
		g.Count++
		a.members = append(a.members, int32(i))
		if f.Deployment != "" {
			a.deps = mark(a.deps, deps.number(f.Deployment))
		}
		a.wfs = mark(a.wfs, wfs.number(f.Workflow))
	}
	out := make([]Group, 0, len(order))
	for _, a := range order {
		a.g.Deployments = deps.marked(a.deps)
		a.g.Workflows = wfs.marked(a.wfs)
		if c := fs[a.sample].Cause; c != nil {
			a.g.Sample = *c
		}
		a.g.IDs = make([]string, len(a.members))
		for j, i := range a.members {
			a.g.IDs[j] = fs[i].ID
		}
		out = append(out, a.g)
	}
	slices.SortStableFunc(out, func(a, b Group) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return b.Last.Compare(a.Last)
	})
	return out
}

// names numbers distinct strings.
type names struct {
	index map[string]int
	all   []string
	last  int
}

func newNames() *names { return &names{index: map[string]int{}, last: -1} }

func (n *names) number(s string) int {
	if n.last >= 0 && n.all[n.last] == s {
		return n.last
	}
	i, ok := n.index[s]
	if !ok {
		i = len(n.all)
		n.index[s] = i
		n.all = append(n.all, s)
	}
	n.last = i
	return i
}

// marked lists the names whose bits are set, sorted.
func (n *names) marked(bits []uint64) []string {
	var out []string
	for w, word := range bits {
		for b := 0; word != 0; b++ {
			if word&1 != 0 {
				out = append(out, n.all[w*64+b])
			}
			word >>= 1
		}
	}
	slices.Sort(out)
	return out
}

func mark(bits []uint64, i int) []uint64 {
	for i/64 >= len(bits) {
		bits = append(bits, 0)
	}
	bits[i/64] |= 1 << (i % 64)
	return bits
}
