// Command cfytop is a terminal dashboard for the executions of a Cloudify
// Manager. Flags → settings → client → ui.Run (or --once output); the work is
// done in package app.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cfytop/cfytop/app"
	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/simulator"
	"github.com/cfytop/cfytop/ui"
)

// terminalCheck is what refuses a missing terminal before connecting; the
// tests of the dashboard's wiring replace it.
var terminalCheck = ui.CheckTerminal

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is cfytop with its arguments, environment and output: what tests call.
func run(ctx context.Context, args []string, env func(string) (string, bool), stdout, stderr io.Writer) int {
	deps := app.Deps{Dashboard: dashboard, Simulate: simulator.RunCommand, StartDemo: startDemo, Terminal: terminalCheck}
	return app.Main(ctx, args, env, stdout, stderr, deps, app.ResolveVersion(version))
}

// startDemo runs the simulated manager with its demo world on a free port.
func startDemo() (string, func() error, error) {
	sim := simulator.New(simulator.Options{Demo: true, Worker: true, Seed: time.Now().UnixNano()})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		_ = sim.Close()
		return "", nil, err
	}
	return url, sim.Close, nil
}

// dashboard opens the audit log (unless read-only or demo) and runs the UI.
func dashboard(ctx context.Context, sess *app.Session) error {
	s := sess.Settings
	var log *audit.Log
	if sess.AuditPath != "" {
		l, err := audit.Open(sess.AuditPath)
		if err != nil {
			return fmt.Errorf("%v (%s); set XDG_STATE_HOME to a writable directory, or use --readonly", err, sess.AuditPath)
		}
		defer l.Close()
		log = l
	}
	return ui.Run(ctx, ui.Options{
		Manager:      sess.Client,
		ManagerLabel: sess.ManagerLabel,
		Tenant:       sess.Tenant,
		AllTenants:   s.AllTenants,
		Demo:         sess.Demo,
		ReadOnly:     s.ReadOnly,
		Refresh:      s.Refresh,
		Resync:       s.Resync,
		Limit:        s.Limit,
		Deployment:   s.Deployment,
		Status:       s.Status,
		Workflow:     s.Workflow,
		Blueprint:    s.Blueprint,
		System:       s.System,
		Filter:       s.Filter,
		Execution:    s.Execution,
		Theme:        s.Theme,
		ThemeChosen:  s.ThemeChosen(),
		Times:        s.Times,
		NoColor:      s.NoColor,
		Mouse:        s.Mouse,
		KeyMap:       s.KeyMap,
		Stuck:        s.Stuck,
		Audit:        log,
		Version:      sess.Version,
		Profile:      sess.Profile,
		Config:       sess.Config,
		Connect:      connector(sess),
		Profiles:     func() []string { return app.ProfileNames(s.ProfileBase) },
	})
}

// connector builds the connection for `:tenant` and `:profile`.
func connector(sess *app.Session) func(context.Context, ui.Connection, ui.Switch) (ui.Connection, error) {
	return func(ctx context.Context, cur ui.Connection, to ui.Switch) (ui.Connection, error) {
		var (
			sw  *app.Switched
			err error
		)
		switch {
		case to.Profile != "" && sess.Demo:
			return ui.Connection{}, errors.New("the demo has no cfy profiles; start cfytop without --demo to use them")
		case to.Profile != "":
			sw, err = app.SwitchProfile(ctx, sess.Settings.ProfileBase, to.Profile, sess.Version)
		default:
			sw, err = app.SwitchTenant(ctx, cur.Config, cur.Profile, to.Tenant)
		}
		if err != nil {
			return ui.Connection{}, err
		}
		return ui.Connection{Manager: sw.Client, Label: sw.ManagerLabel, Tenant: sw.Tenant, Profile: sw.Profile, Config: sw.Config}, nil
	}
}
