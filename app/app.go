// Package app is cfytop's command: it turns the arguments and the
// environment into settings, connects to the manager (or to the embedded
// simulated one), and then runs the dashboard, prints the executions once, or
// answers `info`, `--help` and `--version`. The dashboard, the simulator and
// `simulate` are passed in, so that everything else is testable without a
// terminal.
package app

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/settings"
	"github.com/charmbracelet/x/term"
)

// Exit statuses.
const (
	ExitOK      = 0 // success
	ExitFailure = 1 // the manager could not be reached, refused the request, or the query or dashboard failed
	ExitUsage   = 2 // usage or configuration error: bad flag, bad config file, no manager configured
)

// Session is what the dashboard needs once the manager answered.
type Session struct {
	Settings     *settings.Settings
	Client       *client.Client
	ManagerLabel string // the manager's address, no secrets
	Tenant       string
	Config       client.Config // the connection's settings, for a switch of tenant inside the dashboard
	Profile      string        // the cfy profile the connection came from, "" for none
	Demo         bool
	AuditPath    string // "" = no audit log (demo, read-only)
	Version      string
}

// Deps are the parts of cfytop that need a terminal or a server.
type Deps struct {
	// Dashboard runs the interactive dashboard until the user quits.
	Dashboard func(ctx context.Context, s *Session) error
	// Simulate is `cfytop simulate ARGS`.
	Simulate func(args []string, stdout, stderr io.Writer) int
	// StartDemo starts the simulated manager and returns its URL and a
	// function that stops it.
	StartDemo func() (url string, stop func() error, err error)
	// Terminal reports whether the dashboard can run here (a usable
	// terminal on both ends); checked before connecting, so that a missing
	// terminal is reported first, with its advice.
	Terminal func() error
}

// Demo credentials of the simulated manager.
const (
	DemoUser     = "admin"
	DemoPassword = "admin"
	DemoTenant   = "default_tenant"
)

// checkTimeout bounds the connection check before the dashboard starts.
const checkTimeout = 20 * time.Second

// Main runs cfytop with args (without the program name) and returns the exit
// status.
func Main(ctx context.Context, args []string, env settings.Env, stdout, stderr io.Writer, deps Deps, version string) int {
	if len(args) > 0 && args[0] == "simulate" {
		if deps.Simulate == nil {
			fmt.Fprintln(stderr, "cfytop: simulate is not available in this build")
			return ExitUsage
		}
		return deps.Simulate(args[1:], stdout, stderr)
	}
	s, err := settings.Load(args, env)
	if err != nil {
		fmt.Fprintf(stderr, "cfytop: %v\n", err)
		return ExitUsage
	}
	switch s.Command {
	case settings.CmdHelp:
		if err := settings.WriteHelp(stdout); err != nil {
			return ExitFailure
		}
		return ExitOK
	case settings.CmdVersion:
		fmt.Fprintf(stdout, "cfytop %s\n", version)
		return ExitOK
	case settings.CmdInfo:
		if err := s.WriteInfo(stdout, version); err != nil {
			return ExitFailure
		}
		return ExitOK
	}

	// Settings first, then the terminal, then the network: each error is
	// the one to fix before the next could matter.
	if code := checkConnectionSettings(s, stderr); code != ExitOK {
		return code
	}
	if !s.Once && deps.Terminal != nil {
		if err := deps.Terminal(); err != nil {
			fmt.Fprintf(stderr, "cfytop: %v\n", err)
			return ExitFailure
		}
	}

	sess, stop, code := connect(s, deps, version, stderr)
	if code != ExitOK {
		return code
	}
	defer func() {
		if stop != nil {
			if err := stop(); err != nil {
				fmt.Fprintf(stderr, "cfytop: stopping the simulated manager: %v\n", err)
			}
		}
	}()

	if s.Once {
		return once(ctx, sess, stdout, stderr)
	}

	cctx, cancel := context.WithTimeout(ctx, checkTimeout)
	err = check(cctx, sess)
	cancel()
	if err != nil {
		fmt.Fprintf(stderr, "cfytop: %s\n", StartupError(err, sess))
		return ExitFailure
	}
	if deps.Dashboard == nil {
		fmt.Fprintln(stderr, "cfytop: the dashboard is not available in this build; use --once")
		return ExitUsage
	}
	if err := deps.Dashboard(ctx, sess); err != nil {
		fmt.Fprintf(stderr, "cfytop: %v\n", err)
		return ExitFailure
	}
	return ExitOK
}

// checkConnectionSettings reports what is missing to reach a real manager:
// the manager itself, or a username for a password.
func checkConnectionSettings(s *settings.Settings, stderr io.Writer) int {
	if s.Demo {
		return ExitOK
	}
	if s.Manager == "" {
		fmt.Fprintf(stderr, "cfytop: %s\n", noManagerMessage(s))
		return ExitUsage
	}
	if s.Token == "" && s.Password != "" && s.Username == "" {
		fmt.Fprintf(stderr, "cfytop: a password is set (from %s) but no username; give one with --username, CFYTOP_USERNAME or CLOUDIFY_USERNAME\n",
			s.Origins["password"])
		return ExitUsage
	}
	return ExitOK
}

// connect builds the client for the real manager, or starts the simulated one.
func connect(s *settings.Settings, deps Deps, version string, stderr io.Writer) (*Session, func() error, int) {
	sess := &Session{Settings: s, Version: version, Demo: s.Demo}
	var stop func() error
	var cfg client.Config
	if s.Demo {
		if deps.StartDemo == nil {
			fmt.Fprintln(stderr, "cfytop: --demo is not available in this build")
			return nil, nil, ExitUsage
		}
		url, stopDemo, err := deps.StartDemo()
		if err != nil {
			fmt.Fprintf(stderr, "cfytop: cannot start the simulated manager: %v\n", err)
			return nil, nil, ExitFailure
		}
		stop = stopDemo
		tenant := DemoTenant
		if s.Origins["tenant"].Source == settings.FromFlag {
			tenant = s.Tenant // the demo also has ops-team
		}
		cfg = client.Config{URL: url, Tenant: tenant, Username: DemoUser, Password: DemoPassword,
			UserAgentVersion: version}
	} else {
		if !s.ReadOnly {
			sess.AuditPath = s.AuditPath
		}
		cfg = s.ClientConfig(version)
	}
	c, err := client.New(cfg)
	if err != nil {
		if stop != nil {
			_ = stop()
		}
		fmt.Fprintf(stderr, "cfytop: %v\n", err)
		return nil, nil, ExitUsage
	}
	sess.Client = c
	sess.Config = cfg
	sess.ManagerLabel = c.BaseURL()
	sess.Tenant = c.Tenant()
	if s.Profile != nil && !s.Demo && sameHostURL(cfg.URL, s.Profile.URL()) {
		sess.Profile = s.ProfileName
	}
	return sess, stop, ExitOK
}

// sameHostURL reports whether two manager addresses name the same host.
func sameHostURL(a, b string) bool {
	ua, ea := url.Parse(a)
	ub, eb := url.Parse(b)
	return ea == nil && eb == nil && ua.Host != "" && strings.EqualFold(ua.Host, ub.Host)
}

func noManagerMessage(s *settings.Settings) string {
	where := s.ProfileBase
	if where == "" {
		where = "~/.cloudify"
	}
	broken := ""
	if s.ProfileErr != "" {
		broken = s.ProfileErr + ". "
	}
	return broken + "no manager is configured. Give its address with --manager https://HOST (or CFYTOP_MANAGER, " +
		"or manager: in the config file), or set up the cfy CLI with `cfy profiles use HOST -u USER -p PASSWORD -t TENANT` " +
		"(cfytop reads the active profile in " + where + "). To look around without a manager, run cfytop --demo."
}

// check makes one cheap call so that a wrong address, credentials, tenant or
// certificate is reported before the dashboard takes the screen.
func check(ctx context.Context, sess *Session) error {
	_, err := sess.Client.ListExecutions(ctx, client.ListExecutionsOptions{
		Include:    []string{"id"},
		Size:       1,
		AllTenants: sess.Settings.AllTenants,
	})
	return err
}

// StartupError words a failure to talk to the manager at start: the client's
// sentence, plus where the failing setting came from and what to try.
func StartupError(err error, sess *Session) string {
	s := sess.Settings
	msg := err.Error()
	origin := func(name string) string {
		if sess.Demo {
			return "--demo"
		}
		return s.Origins[name].String()
	}
	var advice []string
	switch {
	case isCertError(err):
		if s.CACert != "" && !sess.Demo {
			advice = append(advice, fmt.Sprintf("The CA certificate %s (from %s) does not vouch for this manager's certificate; point --ca-cert at the CA that signed it (the cfy profile's rest_certificate is usually right).",
				s.CACert, origin("ca-cert")))
		} else if !strings.Contains(msg, "--ca-cert") {
			advice = append(advice, "Give the manager's CA certificate with --ca-cert FILE (or LOCAL_REST_CERT_FILE, or rest_certificate in the cfy profile).")
		}
		advice = append(advice, "As a last resort, --insecure skips the check (anyone on the path could then read the credentials).")
	case client.IsUnreachable(err), client.IsTimeout(err):
		advice = append(advice, fmt.Sprintf("The address %s comes from %s; `cfytop info` shows every setting and where it comes from.",
			sess.ManagerLabel, origin("manager")))
	case client.IsNotAuthenticated(err):
		advice = append(advice, "Credentials used: "+credentialsWhy(sess)+". Fix them with --username and --password-file (or CLOUDIFY_USERNAME and CLOUDIFY_PASSWORD, or CLOUDIFY_TOKEN).")
	case client.IsForbidden(err):
		advice = append(advice, fmt.Sprintf("Tenant %q comes from %s; check its name (--tenant or CLOUDIFY_TENANT) and that the user may use it.",
			sess.Tenant, origin("tenant")))
	case client.IsMaintenance(err):
		advice = append(advice, "The manager is in maintenance mode; try again when it is over.")
	}
	if len(advice) == 0 {
		return msg
	}
	return msg + "\n" + strings.Join(advice, "\n")
}

func credentialsWhy(sess *Session) string {
	if sess.Demo {
		return "the demo user"
	}
	s := sess.Settings
	if s.Token != "" {
		return "a token from " + s.Origins["token"].String()
	}
	var parts []string
	if s.Username != "" {
		parts = append(parts, fmt.Sprintf("user %q from %s", s.Username, s.Origins["username"]))
	} else {
		parts = append(parts, "no username")
	}
	if s.Password != "" {
		parts = append(parts, "password from "+s.Origins["password"].String())
	} else {
		parts = append(parts, "no password")
	}
	return strings.Join(parts, ", ")
}

// StdoutIsTerminal reports whether w is a terminal (colour is allowed then).
func StdoutIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// ResolveVersion returns v, or the module version from the build info when v
// is "dev" or empty (go install ...@vX.Y.Z).
func ResolveVersion(v string) string {
	if v != "" && v != "dev" {
		return v
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// isCertError reports whether err comes from verifying the manager's TLS
// certificate.
func isCertError(err error) bool {
	return errorsAs[x509.UnknownAuthorityError](err) || errorsAs[x509.HostnameError](err) ||
		errorsAs[x509.CertificateInvalidError](err) || errorsAs[*tls.CertificateVerificationError](err)
}

// errorsAs is errors.As for a target type.
func errorsAs[T any](err error) bool {
	var t T
	return errors.As(err, &t)
}
