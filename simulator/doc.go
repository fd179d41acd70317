// Package simulator is an in-memory Cloudify Manager serving the REST API
// (under /api/v3.1 and /api/v3, plus the unversioned /api/version) over
// net/http, faithful enough for the official clients: the same routes,
// status codes, error codes and messages, JSON shapes and status rules as the
// real manager (see cloudify-api.md and the recorded exchanges in
// cloudify-wire/). It is the server behind `cfytop --demo` and
// `cfytop simulate`, and the manager every test talks to. It has its own wire
// structs and does not import the client package.
//
// # Using it
//
//	sim := simulator.New(simulator.Options{Seed: 1, Demo: true, Worker: true})
//	defer sim.Close()
//	url, err := sim.Start("127.0.0.1:0") // or httptest.NewServer(sim.Handler())
//
// Credentials: user admin, password admin (Basic), or an
// Authentication-Token from POST /tokens (or NewToken). Every tenant-scoped
// request needs a Tenant header (default_tenant or ops-team) unless it asks
// for _all_tenants=true.
//
// # Worlds
//
// Without Demo the world is the recorded manager's: tenants default_tenant
// and ops-team; blueprint hello-web (nodes vm and http_web_server);
// deployments web-prod, web-staging and db-staging in default_tenant and
// db-prod in ops-team; their finished create_deployment_environment
// executions, an upload_blueprint per tenant and a finished
// create_log_bundle (system workflow) in default_tenant. NoHistory drops
// those executions.
//
// With Demo the world has eleven deployments over both tenants (web-prod,
// web-staging, db-staging, cache-prod, cache-staging, api-gateway,
// monitoring in default_tenant; db-prod, db-replica-eu, ci-runners,
// edge-gateway in ops-team) with workflows and parameter schemas (install,
// uninstall, scale with an integer delta, heal, execute_operation with a
// required operation, backup with a constrained retention_days, failover
// with a required promote, flush_cache …), a week of history (terminated,
// failed, cancelled, daily create_snapshot system workflows) with events,
// and right now: running executions with progress (install on web-prod,
// execute_operation on monitoring, scale on ci-runners, and an install on
// db-replica-eu whose replica's create keeps being rescheduled), a
// restart on ci-runners (sixteen agents: installs there have hundreds of
// operations) that failed on one agent while the others succeeded, a heal queued
// behind the web-prod install, a backup on db-prod stuck in started, a
// flush_cache on cache-prod stuck in cancelling (only force-cancel or kill
// end it), a pending check_status on cache-staging; with Worker, new
// executions arrive every 20–45 s (divided by Speed).
//
// Everything random (IDs, node instance names, durations, failures) comes
// from a generator seeded with Options.Seed.
//
// # Command
//
// RunCommand(args, stdout, stderr) is `cfytop simulate [--listen
// 127.0.0.1:8100] [--seed N] [--executions N] [--speed X]`: the demo world
// with its worker, in the foreground until SIGINT or SIGTERM;
// RunCommandContext does the same until its context ends.
//
// # Time and the worker
//
// With Options.Worker the worker moves executions like the manager's
// workflows: pending → started (after ~1.5 s), then it builds the tasks
// graphs the workflow would store (install: one subgraph per node instance
// in dependency order, holding set-state, send-event and remote tasks;
// uninstall, reinstall, heal, scale, start/stop/restart, execute_operation,
// check_status …; none for the internal workflows and dry runs) and runs
// them: remote tasks go pending → sending → sent → started → response-sent
// → succeeded (1–3 s, at most four at once) with sending_task, task_started
// and task_succeeded events, set-state tasks set the node instance states,
// send-event tasks emit workflow_node_event; total_operations and
// finished_operations follow the stored operations. About one run in three
// meets a fault: a transient one is retried (a new operation linked by
// retried_task, after 15 s) or rescheduled, a non-recoverable one fails the
// task, its subgraph and the execution (task_failed with error_causes as a
// list, workflow_failed, "Task failed: …" in error). A graceful cancel
// ends in cancelled after ~4 s, force-cancel and kill after ~0.3 s, a
// cancel of a queued/pending execution after ~0.5 s; in-flight tasks stay
// where they were. Resume reuses the graphs, resetting failed and
// rescheduled tasks (force: in-flight ones too) without touching the
// counters. Speed divides every delay.
//
// Tests use a ManualClock: the worker then runs synchronously inside
// ManualClock.Advance (in steps of at most 100 ms), so after Advance returns
// every due transition has happened — no sleeps needed. Step runs the worker
// once at the clock's time.
//
// # Functions for tests
//
//   - FindExecutions(ExecutionQuery{Tenant, DeploymentID, WorkflowID, Status})
//     []ExecutionInfo and FindExecution (newest match), Execution(id):
//     look executions up to get IDs and check state.
//   - AddExecution(ExecutionSpec) (ExecutionInfo, error): store an
//     execution with any status, id, times, parameters, progress.
//   - ForceStatus(id, status) error: put an execution into a status
//     bypassing the manager's rules (the worker takes it from there).
//   - SetStuck(id, bool): the worker leaves it alone; graceful cancel never ends.
//   - AddDeployment(DeploymentSpec) error, Deployments(tenant), Tenants().
//   - SetNodeInstanceStates(tenant, deployment, state) error and
//     NodeInstanceStates(tenant, deployment): the node instance states the
//     workflows' availability rules are evaluated on (install needs none or
//     partial started, uninstall all or partial; a start of an unavailable
//     workflow without force is refused and stored failed, as the manager
//     does). The worker moves them as install, uninstall, heal, start,
//     stop and restart run.
//   - AddDependency(tenant, dependent, node, target) error: the dependent
//     uses the target's capabilities, so stop, uninstall, update and heal
//     of the target are refused with dependent_exists_error (stored
//     failed) unless forced. In the demo api-gateway depends on
//     cache-prod and ci-runners on db-prod.
//   - Events(executionID) []EventInfo: the stored events and logs.
//   - NewToken() string: a valid Authentication-Token value.
//   - SetFaults(Faults)/Faults(): latency, 500s, nginx HTML 502s, dropped
//     connections, maintenance mode 503. A dropped connection needs a real
//     server (Start or httptest.Server): the handler hijacks the connection
//     and closes it, or panics with http.ErrAbortHandler where it cannot.
//   - Operations(executionID) []OperationInfo: the stored operations.
//   - RequestLog() []Request, RequestCount(): what was asked (retries, queries).
//   - WireSnapshot() WireSnapshot, WireTotals() WireTotals, ResetWire():
//     what crossed the wire per request (method, path, raw query, status,
//     body bytes, rows serialised in a list answer) and in total, so that
//     tests and benchmarks can bound what a poll costs.
//
// # Known simplifications
//
// Execution groups and execution schedules (a start with scheduled_time
// only returns the manager's transient answer) are not served; the
// workflow-side writes of graphs and operations (POST /tasks_graphs,
// PUT/PATCH /operations) are not served either, the worker stores them
// itself; executions added by Preload have no graphs; POST /events keeps error_causes as a list
// where the manager would return a JSON-encoded string.
package simulator
