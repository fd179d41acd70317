package triage

import (
	"fmt"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/internal/cpuclock"
)

// manyFailures is n failed executions over a dozen causes, each with its own
// addresses, instances and numbers, as a busy manager's week holds them.
func manyFailures(n int) []client.Execution {
	templates := []string{
		"Task failed: create (vm_%06x:cloudify.interfaces.lifecycle.create): NonRecoverableError `Failed to connect to 10.0.%d.%d:22: Connection timed out`\nTraceback of create (most recent call last):\n  File \"/opt/mgmtworker/dispatch.py\", line 1070, in main\n",
		"Traceback (most recent call last):\n  File \"/opt/mgmtworker/env/lib/python3.11/site-packages/cloudify/plugins/workflows.py\", line 45, in install\n    graph.execute()\nRuntimeError: Workflow failed: Task failed 'script_runner.tasks.run' -> ProcessExecutionError: command 'systemctl start nginx' failed with code %d on app_%06x\n",
		"Task failed: start (db_host_%06x:cloudify.interfaces.lifecycle.start): TimeoutError `timed out waiting for PostgreSQL on 10.1.%d.%d:5432`\n",
	}
	out := make([]client.Execution, n)
	for i := range out {
		tpl := templates[i%len(templates)]
		var text string
		switch i % len(templates) {
		case 1:
			text = fmt.Sprintf(tpl, i%7, i)
		default:
			text = fmt.Sprintf(tpl, i, i%250, i%200)
		}
		out[i] = client.Execution{ID: fmt.Sprintf("%08x-1111", i), WorkflowID: "install", Status: client.StatusFailed,
			DeploymentID: client.Some(fmt.Sprintf("dep-%04d", i%2000)), Error: client.Some(text),
			CreatedAt: client.Time{Time: t0.Add(time.Duration(i) * time.Second)}}
	}
	return out
}

// BenchmarkGroupFailures100k groups failures whose causes were read as they
// arrived: issue 11's budget is 20 ms.
func BenchmarkGroupFailures100k(b *testing.B) {
	fs := NewFailures(manyFailures(100_000))
	cpu := cpuclock.Start(b)
	n := 0
	for b.Loop() {
		if g := GroupOf(fs); len(g) != 3 {
			b.Fatalf("%d groups", len(g))
		}
		n++
	}
	cpu.Report(b, n)
}

// BenchmarkNewFailure is the cost of reading one failure's cause, paid once
// per failed execution when it arrives.
func BenchmarkNewFailure(b *testing.B) {
	all := manyFailures(3000)
	i := 0
	for b.Loop() {
		_ = NewFailure(&all[i%len(all)])
		i++
	}
}
