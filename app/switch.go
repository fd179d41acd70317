package app

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/cfytop/cfytop/client"
)

// Switched is a connection built for a switch of tenant or profile inside
// the dashboard, checked against the manager.
type Switched struct {
	Client       *client.Client
	Config       client.Config
	ManagerLabel string
	Tenant       string
	Profile      string
}

// SwitchTenant connects to the same manager as cfg, as the same user, for
// another tenant. The manager is asked once: a tenant the user may not use
// (403) or does not exist comes back as the error, and nothing changes.
func SwitchTenant(ctx context.Context, cfg client.Config, profile, tenant string) (*Switched, error) {
	tenant = strings.TrimSpace(tenant)
	if tenant == "" {
		return nil, fmt.Errorf("give the tenant's name")
	}
	cfg.Tenant = tenant
	return dial(ctx, cfg, profile)
}

// SwitchProfile connects with the cfy profile name: its manager, its user,
// its tenant and its certificate, and nothing of the current connection, so
// that a profile's credentials go only to that profile's own manager (and
// the current credentials never go to the profile's).
func SwitchProfile(ctx context.Context, profileBase string, name, version string) (*Switched, error) {
	if profileBase == "" {
		return nil, fmt.Errorf("no cfy profiles directory was found (~/.cloudify)")
	}
	p, err := client.LoadProfile(profileBase, name)
	if err != nil {
		return nil, err
	}
	if p.URL() == "" {
		return nil, fmt.Errorf("the cfy profile %q names no manager", name)
	}
	tenant := p.Tenant
	if tenant == "" {
		tenant = DemoTenant
	}
	cfg := client.Config{
		URL: p.URL(), Tenant: tenant, Username: p.Username, Password: p.Password, Token: p.Token,
		CACertFile: p.RestCertificate, UserAgentVersion: version,
	}
	return dial(ctx, cfg, p.Name)
}

// dial builds the client and makes the same cheap call as the start-up
// check.
func dial(ctx context.Context, cfg client.Config, profile string) (*Switched, error) {
	c, err := client.New(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := c.ListExecutions(ctx, client.ListExecutionsOptions{Include: []string{"id"}, Size: 1}); err != nil {
		return nil, err
	}
	return &Switched{Client: c, Config: cfg, ManagerLabel: c.BaseURL(), Tenant: c.Tenant(), Profile: profile}, nil
}

// ProfileNames lists the cfy profiles under profileBase, for completion.
func ProfileNames(profileBase string) []string {
	if profileBase == "" {
		return nil
	}
	entries, err := os.ReadDir(profileBase + "/profiles")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "local" {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}
