//go:build unix

package triage

import (
	"syscall"
	"testing"
	"time"
)

// cpuClock measures the CPU time this process spends, so that benchmark
// figures can be read on a machine busy with other work, where wall time
// (ns/op) also counts the time spent waiting for a core. Both are reported.
type cpuClock struct{ start time.Duration }

func startCPU(b *testing.B) *cpuClock {
	b.Helper()
	return &cpuClock{start: cpuNow()}
}

// report adds cpu-ns/op (user+system time of the whole process, GC included).
func (c *cpuClock) report(b *testing.B, n int) {
	b.Helper()
	if n > 0 {
		b.ReportMetric(float64(cpuNow()-c.start)/float64(n), "cpu-ns/op")
	}
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
