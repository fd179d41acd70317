// Package ui is cfytop's shell: the root model that keeps a stack of
// screens (ui/screens/…), routes messages between them and the action
// dialogs, and draws the header, the status line, help and the `:` command
// line around the top screen.
package ui

import (
	"context"
	"time"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/settings"
	"github.com/cfytop/cfytop/triage"
	"github.com/cfytop/cfytop/ui/actions"
	"github.com/cfytop/cfytop/ui/common"
)

// Manager is the part of the manager client the dashboard uses; *client.Client
// satisfies it, tests use fakes.
type Manager interface {
	ListExecutions(ctx context.Context, o client.ListExecutionsOptions) (*client.ExecutionPage, error)
	ListEvents(ctx context.Context, o client.EventsOptions) (*client.EventPage, error)
	actions.Manager // GetExecution and the actions' calls
}

// Connection is the manager the dashboard speaks to, and as whom.
type Connection struct {
	Manager Manager
	Label   string // the manager's address, no secrets
	Tenant  string
	Profile string // the cfy profile it came from, "" for none
	// Config is how the connection was made, so that a switch of tenant
	// keeps the rest of it (client.Config masks its secrets when printed).
	Config client.Config
}

// Switch asks for another tenant, or another cfy profile, inside the app.
type Switch struct {
	Tenant  string // "" = keep
	Profile string // "" = keep
}

// Options configure the dashboard.
type Options struct {
	Manager        Manager
	ManagerLabel   string // address shown in the header (no secrets)
	Tenant         string
	Profile        string        // the cfy profile the connection came from
	Config         client.Config // how the connection was made
	AllTenants     bool
	Demo, ReadOnly bool
	Refresh        time.Duration // default settings.DefaultRefresh, floor settings.MinRefresh
	Limit          int           // default settings.DefaultLimit
	Timeout        time.Duration // per request; default client.DefaultTimeout
	Resync         time.Duration // how often the whole window is read again; 0 = only on r

	// Server-side filters; several values of one are ORed.
	Deployment, Status, Workflow, Blueprint []string

	System    bool   // show system workflows at start
	Filter    string // starting filter text
	Execution string // open straight on this execution ID
	Theme     string // "default", "light", "high-contrast", "mono"
	// ThemeChosen is false when the user did not choose Theme: the
	// dashboard then asks the terminal for its background, and uses the
	// light theme on a light one.
	ThemeChosen bool
	Times       humantime.Mode // how times are shown at start; T cycles them
	NoColor     bool
	Mouse       bool
	KeyMap      keymap.KeyMap     // DefaultKeyMap() plus user overrides; zero = defaults
	Stuck       triage.Thresholds // the stuck rules' thresholds; zero = the defaults
	Audit       *audit.Log        // nil = no audit log
	Version     string

	// Connect builds the connection for a switch of tenant or profile and
	// checks that the manager accepts it; nil = switching is not offered.
	// A profile's credentials go only to that profile's own manager.
	Connect func(ctx context.Context, current Connection, to Switch) (Connection, error)
	// Profiles lists the cfy profiles on disk, for completion.
	Profiles func() []string

	now   func() time.Time // the clock; time.Now when nil (tests pin it)
	after common.Timer     // how waits are made; tea.Tick when nil (tests fire them by hand)
}

// The smallest terminal the dashboard draws in.
const (
	MinWidth  = 60
	MinHeight = 15
)

// toastTime is how long a message that is not an error stays.
const toastTime = 6 * time.Second

func (o *Options) normalise() {
	if o.Refresh <= 0 {
		o.Refresh = settings.DefaultRefresh
	}
	if o.Refresh < settings.MinRefresh {
		o.Refresh = settings.MinRefresh
	}
	if o.Limit <= 0 {
		o.Limit = settings.DefaultLimit
	}
	if o.Timeout <= 0 {
		o.Timeout = client.DefaultTimeout
	}
	if len(o.KeyMap.Quit.Keys()) == 0 {
		o.KeyMap = keymap.DefaultKeyMap()
	}
	if o.NoColor {
		o.Theme = "mono"
	}
}
