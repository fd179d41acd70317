package simulator

import (
	"fmt"
	"strings"
)

// Inter-deployment dependencies (a deployment using another's
// capabilities): the manager refuses the destructive workflows on a
// deployment others depend on (ResourceManager._verify_dependencies_not_affected,
// cloudify-api.md §4 step 8, §8 dependent_exists_error).

// dependency is one InterDeploymentDependencies row targeting a deployment.
type dependency struct {
	source  *deployment
	creator string // dependency_creator, e.g. nodes.<node>.properties.x.get_capability
}

// destructiveWorkflows are the ones the dependency check applies to.
var destructiveWorkflows = map[string]bool{"stop": true, "uninstall": true, "update": true,
	"csys_new_deployment_update": true, "heal": true}

// format is InterDeploymentDependencies.format.
func (d dependency) format() string {
	parts := strings.Split(d.creator, ".")
	typ, node := "deployment", "<unknown node>"
	if len(parts) > 1 {
		if parts[0] == "component" || parts[0] == "sharedresource" {
			typ = parts[0]
		}
		node = parts[1]
	}
	verb := map[string]string{"component": "contains", "sharedresource": "uses a shared resource from",
		"deployment": "uses capabilities of"}[typ]
	return fmt.Sprintf("Deployment `%s` %s the current deployment in its node `%s`", d.source.id, verb, node)
}

// blockingDependents returns the message of the dependent_exists_error a
// workflow meets on a deployment ("" if none): dependents not themselves
// being stopped, uninstalled, updated or healed, at most three; for
// uninstall, get_capability dependents that are inactive do not block.
// Callers hold mu.
func (s *Simulator) blockingDependents(d *deployment, workflow string) string {
	if d == nil || !destructiveWorkflows[workflow] {
		return ""
	}
	var lines []string
	for _, dep := range d.dependents {
		busy := false
		for _, e := range s.liveOn(dep.source) {
			if (e.status == stStarted || e.status == stPending || e.status == stQueued) && destructiveWorkflows[e.workflow] {
				busy = true
			}
		}
		if busy {
			continue
		}
		if workflow == "uninstall" && strings.HasSuffix(dep.creator, ".get_capability") && !dep.source.installed {
			continue
		}
		if len(lines) == 3 {
			break
		}
		lines = append(lines, fmt.Sprintf("[%d] %s", len(lines)+1, dep.format()))
	}
	if len(lines) == 0 {
		return ""
	}
	return fmt.Sprintf("Can't execute workflow `%s` on deployment %s - existing installations depend on it:\n%s",
		workflow, d.id, strings.Join(lines, "\n"))
}

// AddDependency records that a deployment uses capabilities of another
// (both in the tenant, "" = default_tenant) through one of its nodes.
func (s *Simulator) AddDependency(tenant, dependent, node, target string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tenant == "" {
		tenant = "default_tenant"
	}
	t, ok := s.tenantIdx[tenant]
	if !ok {
		return fmt.Errorf("%w: tenant %q", ErrNotFound, tenant)
	}
	src, dst := s.depIndex[depKey{t, dependent}], s.depIndex[depKey{t, target}]
	if src == nil || dst == nil {
		return fmt.Errorf("%w: deployment %q or %q in %s", ErrNotFound, dependent, target, tenant)
	}
	dst.dependents = append(dst.dependents, dependency{source: src, creator: "nodes." + node + ".properties.upstream.get_capability"})
	return nil
}
