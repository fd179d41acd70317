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

// ListOptions is the executions query of s: newest first, the server-side
// filters, the tenant scope and system workflows. Size and Include are left
// to the caller.
func (s *Settings) ListOptions() client.ListExecutionsOptions {
	o := client.ListExecutionsOptions{
		Sort:                   []string{"-created_at"},
		IncludeSystemWorkflows: s.System,
		AllTenants:             s.AllTenants,
	}
	add := func(key string, values []string) {
		if len(values) == 0 {
			return
		}
		if o.Filters == nil {
			o.Filters = map[string][]string{}
		}
		o.Filters[key] = append([]string(nil), values...)
	}
	add("deployment_id", s.Deployment)
	add("status", s.Status)
	add("workflow_id", s.Workflow)
	add("blueprint_id", s.Blueprint)
	return o
}
