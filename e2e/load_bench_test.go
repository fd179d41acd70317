package e2e

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/simulator"
)

// BenchmarkWindow100k opens the dashboard on a window of 100,000
// executions (one of them running) in a pty, and reports:
//   - first-s: from the start of the binary to the first rows on screen;
//   - loaded-s: to the end of the first full read (no "loading" in the
//     header any more);
//   - idle-cpu-%: the dashboard's CPU over CFYTOP_BENCH_IDLE (default 60 s)
//     without input, after the load;
//   - rss-MB: its resident memory after that.
//
// CFYTOP_BENCH_ARGS adds flags (e.g. "--refresh 10s").
//
// go test -run '^$' -bench Window100k -benchtime 1x ./e2e
func BenchmarkWindow100k(b *testing.B) { benchWindow(b, 100_000) }

// BenchmarkWindow1M is the same with 1,000,000 executions in the window;
// rss-B/exec is its resident memory per execution.
//
// CFYTOP_BENCH_IDLE=10s go test -run '^$' -bench Window1M -benchtime 1x -timeout 30m ./e2e
func BenchmarkWindow1M(b *testing.B) { benchWindow(b, 1_000_000) }

func benchWindow(b *testing.B, window int) {
	idle := 60 * time.Second
	if v := os.Getenv("CFYTOP_BENCH_IDLE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatalf("CFYTOP_BENCH_IDLE: %v", err)
		}
		idle = d
	}
	sim := startSim(b, simulator.Options{Seed: 3, Preload: window})
	token := sim.NewToken()
	running, err := sim.AddExecution(simulator.ExecutionSpec{Tenant: "default_tenant", DeploymentID: "web-prod",
		WorkflowID: "install", Status: "started", TotalOperations: 40, FinishedOperations: 3})
	if err != nil {
		b.Fatal(err)
	}
	var first, loaded, cpu, rss float64
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		args := []string{"--manager", sim.URL(), "--all-tenants", "--limit", strconv.Itoa(window), "--refresh", "2s"}
		args = append(args, strings.Fields(os.Getenv("CFYTOP_BENCH_ARGS"))...)
		tm := start(b, 120, 40, []string{"CLOUDIFY_TOKEN=" + token}, args...)
		tm.waitFor("the first rows", 30*time.Second, func(s string) bool { return len(listRows(s)) > 0 })
		first += time.Since(t0).Seconds()
		tm.waitFor("the whole window", time.Duration(60+window/10_000)*time.Second, func(s string) bool {
			return strings.Contains(s, running.ID[:8]) && strings.Contains(s, "live") && !strings.Contains(s, "loading")
		})
		loaded += time.Since(t0).Seconds()
		c0, _ := procStat(b, tm.cmd.Process.Pid)
		time.Sleep(idle)
		c1, r := procStat(b, tm.cmd.Process.Pid)
		cpu += 100 * (c1 - c0).Seconds() / idle.Seconds()
		rss += float64(r) / (1 << 20)
		_ = tm.cmd.Process.Kill()
	}
	n := float64(b.N)
	b.ReportMetric(first/n, "first-s")
	b.ReportMetric(loaded/n, "loaded-s")
	b.ReportMetric(cpu/n, "idle-cpu-%")
	b.ReportMetric(rss/n, "rss-MB")
	b.ReportMetric(rss/n*(1<<20)/float64(window), "rss-B/exec")
}

// procStat reads a process's CPU time (user and system) and resident set
// from /proc.
func procStat(tb testing.TB, pid int) (time.Duration, int64) {
	tb.Helper()
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		tb.Skipf("no /proc here: %v", err)
	}
	// The command name, in parentheses, may hold spaces: read after it.
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	pages, _ := strconv.ParseInt(f[21], 10, 64)
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks, pages * int64(os.Getpagesize())
}
