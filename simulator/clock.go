package simulator

import (
	"sync"
	"time"
)

// Clock tells the simulator what time it is. The real clock is used when
// Options.Clock is nil; tests use a ManualClock.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// ManualClock is a Clock that moves only when told to. A simulator built
// with a ManualClock and Options.Worker runs its worker synchronously inside
// Advance and Set: when they return, every transition due by the new time has
// been applied and its events stored.
type ManualClock struct {
	mu   sync.Mutex
	now  time.Time
	subs []func()
	// step serialises Advance calls so listeners see times in order.
	step sync.Mutex
}

// NewManualClock returns a clock standing at t.
func NewManualClock(t time.Time) *ManualClock {
	return &ManualClock{now: t}
}

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d, running the workers of the
// simulators attached to it in steps small enough that each due transition
// happens at (about) its own time.
func (c *ManualClock) Advance(d time.Duration) {
	c.step.Lock()
	defer c.step.Unlock()
	const maxStep = 100 * time.Millisecond
	for d > 0 {
		st := min(d, maxStep)
		d -= st
		c.mu.Lock()
		c.now = c.now.Add(st)
		subs := append([]func(){}, c.subs...)
		c.mu.Unlock()
		for _, f := range subs {
			f()
		}
	}
}

// Set moves the clock to t (forward or back) and runs the attached workers once.
func (c *ManualClock) Set(t time.Time) {
	c.step.Lock()
	defer c.step.Unlock()
	c.mu.Lock()
	c.now = t
	subs := append([]func(){}, c.subs...)
	c.mu.Unlock()
	for _, f := range subs {
		f()
	}
}

// subscribe registers f to run after each move; the returned func removes it.
func (c *ManualClock) subscribe(f func()) func() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.subs = append(c.subs, f)
	idx := len(c.subs) - 1
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if idx < len(c.subs) {
			c.subs[idx] = func() {}
		}
	}
}
