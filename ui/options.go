// Package ui is cfytop's dashboard: the root model that routes messages
// between the executions list, the filter, the detail pane and the action
// dialogs, the polling of the manager, the header, the status line and help.
package ui

import (
	"context"
	"time"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/ui/actions"
)

// Manager is the part of the manager client the dashboard uses; *client.Client
// satisfies it, tests use fakes.
type Manager interface {
	ListExecutions(ctx context.Context, o client.ListExecutionsOptions) (*client.ExecutionPage, error)
	ListEvents(ctx context.Context, o client.EventsOptions) (*client.EventPage, error)
	actions.Manager // GetExecution and the actions' calls
}

// Options configure the dashboard.
type Options struct {
	Manager        Manager
	ManagerLabel   string // address shown in the header (no secrets)
	Tenant         string
	AllTenants     bool
	Demo, ReadOnly bool
	Refresh        time.Duration // default 2s, floor 1s
	Limit          int           // default 1000

	// Server-side filters; several values of one are ORed.
	Deployment, Status, Workflow, Blueprint []string

	System    bool   // show system workflows at start
	Filter    string // starting filter text
	Execution string // open straight on this execution ID
	Theme     string // "default", "light", "high-contrast", "mono"
	NoColor   bool
	Mouse     bool
	KeyMap    keymap.KeyMap // DefaultKeyMap() plus user overrides; zero = defaults
	Audit     *audit.Log    // nil = no audit log
	Version   string
}

// Defaults and limits.
const (
	DefaultRefresh = 2 * time.Second
	MinRefresh     = time.Second
	MaxBackoff     = 30 * time.Second
	DefaultLimit   = 1000
	MinWidth       = 60
	MinHeight      = 15
	WideWidth      = 120 // the detail pane goes right of the list from here on

	requestTimeout = 30 * time.Second
	settleDelay    = 150 * time.Millisecond
	toastTime      = 6 * time.Second
)

func (o *Options) normalise() {
	if o.Refresh <= 0 {
		o.Refresh = DefaultRefresh
	}
	if o.Refresh < MinRefresh {
		o.Refresh = MinRefresh
	}
	if o.Limit <= 0 {
		o.Limit = DefaultLimit
	}
	if len(o.KeyMap.Quit.Keys()) == 0 {
		o.KeyMap = keymap.DefaultKeyMap()
	}
	if o.NoColor {
		o.Theme = "mono"
	}
}
