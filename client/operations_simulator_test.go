package client_test

import (
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/simulator"
)

// The operations of the demo's running install as the client reads them:
// every stored operation, paged; each one's node instance, interface
// operation and retries as the simulator holds them.
func TestClientReadsTheSimulatorsOperations(t *testing.T) {
	sim, c := newSim(t, simulator.Options{Seed: 7, Demo: true})
	ex, ok := sim.FindExecution(simulator.ExecutionQuery{Tenant: "default_tenant", DeploymentID: "web-prod", WorkflowID: "install", Status: "started"})
	if !ok {
		t.Fatal("the demo has no running install of web-prod")
	}
	want := map[string]simulator.OperationInfo{}
	for _, o := range sim.Operations(ex.ID) {
		want[o.ID] = o
	}
	if len(want) == 0 {
		t.Fatal("the running install has no operations")
	}

	graphs, err := c.ListTasksGraphs(ctx(t), client.ListTasksGraphsOptions{ExecutionID: ex.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(graphs.Items) != 1 || graphs.Items[0].Name != "install" || graphs.Items[0].ExecutionID != ex.ID || graphs.Items[0].CreatedAt.IsZero() {
		t.Fatalf("graphs %+v", graphs.Items)
	}

	// Pages of 7, fields of the tree only.
	var got []client.Operation
	for off := 0; ; off += 7 {
		p, err := c.ListOperations(ctx(t), client.ListOperationsOptions{ExecutionID: ex.ID, Include: client.OperationTreeFields, Size: 7, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Items...)
		if len(p.Items) < 7 {
			if p.Pagination.Total != len(got) {
				t.Fatalf("total %d, read %d", p.Pagination.Total, len(got))
			}
			break
		}
	}
	if len(got) < len(want) {
		t.Fatalf("read %d operations, the simulator holds %d", len(got), len(want))
	}
	remotes := 0
	for _, o := range got {
		w, ok := want[o.ID]
		if !ok {
			continue // added by the worker since
		}
		if o.Name != w.Name || o.Type != w.Type || o.NodeInstanceID() != w.NodeInstance || o.OperationName() != w.Operation ||
			o.Parameters.CurrentRetries != w.CurrentRetries || o.Parameters.RetriedTask.Value != w.RetriedTask ||
			o.Parameters.ContainingSubgraph.Value != w.ContainingSubgraph || !o.State.Known() {
			t.Fatalf("operation %+v\nsimulator %+v", o, w)
		}
		if o.Dependencies != nil || o.Visibility != "" || o.TasksGraphID != graphs.Items[0].ID {
			t.Fatalf("_include not honoured: %+v", o)
		}
		if o.Type == client.OpTypeRemote {
			remotes++
			if c := o.Parameters.TaskKwargs.Context; c.TaskID != o.ID || c.ExecutionID != ex.ID || c.Operation.RetryNumber != o.Parameters.CurrentRetries {
				t.Fatalf("context %+v of %s", c, o.ID)
			}
		}
	}
	if remotes == 0 {
		t.Fatal("no remote task read")
	}

	internal, err := c.ListOperations(ctx(t), client.ListOperationsOptions{ExecutionID: ex.ID, SkipInternal: true, Include: []string{"id", "type"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range internal.Items {
		if o.IsInternal() {
			t.Fatalf("skip_internal kept %s", o.Type)
		}
	}
	one, err := c.GetOperation(ctx(t), got[0].ID)
	if err != nil || one.ID != got[0].ID || one.Dependencies == nil {
		t.Fatalf("get: %+v %v", one, err)
	}
	if _, err := c.GetOperation(ctx(t), "no-such-operation"); !client.IsNotFound(err) {
		t.Fatalf("unknown operation: %v", err)
	}
	if _, err := c.ListOperations(ctx(t), client.ListOperationsOptions{ExecutionID: "no-such-execution"}); !client.IsNotFound(err) {
		t.Fatalf("unknown execution: %v", err)
	}
}
