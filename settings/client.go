package settings

import (
	"github.com/cfytop/cfytop/client"
)

// ClientConfig is the manager connection of s for client.New.
func (s *Settings) ClientConfig(version string) client.Config {
	ca := s.CACert
	if s.Insecure {
		ca = "" // nothing is verified, so a missing CA file does not matter
	}
	return client.Config{
		URL:              s.Manager,
		Tenant:           s.Tenant,
		Username:         s.Username,
		Password:         string(s.Password),
		Token:            string(s.Token),
		CACertFile:       ca,
		Insecure:         s.Insecure,
		UserAgentVersion: version,
	}
}

// Scope is what s shows: its server-side filters, tenants and system
// workflows.
func (s *Settings) Scope() client.Scope {
	return client.Scope{Deployment: s.Deployment, Status: s.Status, Workflow: s.Workflow, Blueprint: s.Blueprint,
		System: s.System, AllTenants: s.AllTenants}
}

// ListOptions is the executions query of s (client.Scope.WindowQuery) with
// Include left to the caller.
func (s *Settings) ListOptions() client.ListExecutionsOptions {
	o := s.Scope().WindowQuery()
	o.Include = nil
	return o
}
