//go:build unix

// Package cpuclock measures the CPU time this process spends, for
// benchmarks: on a machine busy with other work, wall time (ns/op) also
// counts the time spent waiting for a core. Benchmarks report both.
package cpuclock

import (
	"syscall"
	"testing"
	"time"
)

// Clock is started by Start and read by Report.
type Clock struct{ start time.Duration }

// Start starts a clock of the process's CPU time.
func Start(b *testing.B) *Clock {
	b.Helper()
	return &Clock{start: now()}
}

// Report adds cpu-ns/op: user and system time of the whole process (GC
// included) since Start, over n operations.
func (c *Clock) Report(b *testing.B, n int) {
	b.Helper()
	if n > 0 {
		b.ReportMetric(float64(now()-c.start)/float64(n), "cpu-ns/op")
	}
}

func now() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
