package simulator

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/pflag"
)

// RunCommand runs `cfytop simulate [--listen ADDR] [--seed N] [--executions N]
// [--speed X]`: the demo world in the foreground until SIGINT or SIGTERM.
// args excludes the command name. It returns the process exit code.
func RunCommand(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return RunCommandContext(ctx, args, stdout, stderr)
}

// RunCommandContext is RunCommand stopping when ctx ends instead of on signals.
func RunCommandContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("simulate", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8100", "address to listen on (host:port; port 0 picks a free one)")
	seed := fs.Int64("seed", 1, "seed of the demo world and of the IDs")
	executions := fs.Int("executions", 0, "extra historical executions to preload (up to 1000000)")
	speed := fs.Float64("speed", 1, "time scale of the simulated workflows (2 = twice as fast)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: cfytop simulate [--listen 127.0.0.1:8100] [--seed N] [--executions N] [--speed X]\n\n"+
			"Runs an in-memory Cloudify Manager with a demo world in the foreground; Ctrl-C stops it.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "cfytop simulate: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *executions < 0 || *executions > 1_000_000 {
		fmt.Fprintln(stderr, "cfytop simulate: --executions must be between 0 and 1000000")
		return 2
	}
	if *speed <= 0 {
		fmt.Fprintln(stderr, "cfytop simulate: --speed must be greater than 0")
		return 2
	}
	sim := New(Options{Seed: *seed, Speed: *speed, Demo: true, Preload: *executions, Worker: true})
	url, err := sim.Start(*listen)
	if err != nil {
		_ = sim.Close()
		fmt.Fprintf(stderr, "cfytop simulate: cannot listen on %s: %v\n", *listen, err)
		return 1
	}
	fmt.Fprintf(stdout, "Cloudify Manager simulator listening on %s\n", url)
	fmt.Fprintf(stdout, "  user: admin   password: admin   tenants: default_tenant, ops-team\n")
	fmt.Fprintf(stdout, "  try:  curl -u admin:admin -H 'Tenant: default_tenant' %s/api/v3.1/executions\n", url)
	fmt.Fprintf(stdout, "Press Ctrl-C to stop.\n")
	<-ctx.Done()
	if err := sim.Close(); err != nil {
		fmt.Fprintf(stderr, "cfytop simulate: stopping: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "simulator stopped")
	return 0
}
