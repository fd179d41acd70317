package simulator

import (
	"fmt"
	"strings"
)

// GET /api/v3.1/workflows (cloudify-api-operations.md §5.2): the union, by
// name, of the workflows of the tenant's deployments, taking one deployment
// per blueprint and the first definition seen; is_available is evaluated on
// that deployment. Deployment field filters and _search narrow the
// deployments, and _group_id keeps a deployment group's (an unknown group
// lists nothing); _include, _sort, _size, _offset and _all_tenants are
// ignored. The envelope has no "filtered" and size is the item count.
func (s *Simulator) listWorkflows(req *request) (int, []byte, *apiError) {
	var bad []string
	filters := map[string][]string{}
	for _, p := range req.q {
		if strings.HasPrefix(p.k, "_") {
			continue
		}
		if !deploymentFieldSet[p.k] {
			bad = append(bad, p.k)
			continue
		}
		filters[p.k] = append(filters[p.k], p.v)
	}
	if len(bad) > 0 {
		return 0, nil, badParams(fmt.Sprintf("Filter keys '%s' do not exist. Allowed keys are: %s", pyList(bad), pyList(deploymentFields)))
	}
	search, _ := req.q.last("_search")
	groupID, byGroup := req.q.last("_group_id")
	s.mu.RLock()
	defer s.mu.RUnlock()
	var inGroup map[*deployment]bool // _group_id: that group's deployments (none for an unknown group)
	if byGroup {
		inGroup = map[*deployment]bool{}
		if g := s.groupsStore().depGroups[depKey{uint8(max(req.tenant, 0)), groupID}]; g != nil && req.tenant >= 0 {
			for _, d := range g.deps {
				inGroup[d] = true
			}
		}
	}
	type item struct {
		w *workflowDef
		d *deployment
	}
	var items []item
	seenName := map[string]bool{}
	seenBlueprint := map[string]bool{}
	for _, d := range s.deps {
		if int(d.tenant) != req.tenant || seenBlueprint[d.blueprintID] {
			continue
		}
		if search != "" && !strings.Contains(d.id, search) || byGroup && !inGroup[d] {
			continue
		}
		ok := true
		for k, vals := range filters {
			v, null := s.depText(d, k)
			hit := false
			for _, want := range vals {
				hit = hit || (!null && v == want)
			}
			ok = ok && hit
		}
		if !ok {
			continue
		}
		seenBlueprint[d.blueprintID] = true
		for _, w := range d.workflows {
			if !seenName[w.name] {
				seenName[w.name] = true
				items = append(items, item{w, d})
			}
		}
	}
	req.rows = len(items)
	b := []byte(`{"items": [`)
	for i, it := range items {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = s.appendWorkflow(b, it.w, it.d)
	}
	b = fmt.Appendf(b, `], "metadata": {"pagination": {"total": %d, "size": %d, "offset": 0}}}`, len(items), len(items))
	return 200, b, nil
}
