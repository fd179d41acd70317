package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// paramSpec is one declared workflow parameter (dsl_parser ParameterSchemaProperty).
type paramSpec struct {
	name        string
	typ         string
	itemType    string
	def         json.RawMessage // nil: no default
	required    *bool
	constraints []map[string]json.RawMessage
	raw         json.RawMessage // the schema as served
}

func (p *paramSpec) isRequired() bool {
	if p.def != nil {
		return false
	}
	return p.required == nil || *p.required
}

// workflowDef is a workflow of a deployment.
type workflowDef struct {
	name      string
	plugin    string
	operation string
	params    []paramSpec
	rawParams json.RawMessage
	cascading bool
	rules     json.RawMessage // availability_rules, "null" when none
	// The availability rules the manager evaluates
	// (Deployment.is_workflow_available): "available" (true or null
	// passes), "node_instances_active" and "node_types_required".
	availableRule json.RawMessage
	activeNeed    []string
	typesNeed     []string
}

func (w *workflowDef) param(name string) *paramSpec {
	for i := range w.params {
		if w.params[i].name == name {
			return &w.params[i]
		}
	}
	return nil
}

// deployment is one stored deployment.
type deployment struct {
	id, displayName, blueprintID, description string
	tenant                                    uint8
	createdBy                                 string
	created, updated                          int64
	workflows                                 []*workflowDef
	createExec                                *execRec
	latest                                    *execRec
	// installed is installation_status: the manager stores it when an
	// execution of the deployment ends, "active" iff every node instance
	// is started then (ResourceManager.update_deployment_statuses).
	installed bool
	instances int
	// dependents are the deployments using this one's capabilities
	dependents []dependency
	nodes      []nodeInstance
	labels     [][2]string
	inputs     json.RawMessage
	outputs    json.RawMessage
}

func (d *deployment) workflow(name string) *workflowDef {
	for _, w := range d.workflows {
		if w.name == name {
			return w
		}
	}
	return nil
}

// parseWorkflows decodes a JSON array of workflows keeping the declared
// parameter order.
func parseWorkflows(text string) ([]*workflowDef, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal([]byte(text), &raws); err != nil {
		return nil, err
	}
	out := make([]*workflowDef, 0, len(raws))
	for _, r := range raws {
		var w struct {
			Name       string          `json:"name"`
			Plugin     string          `json:"plugin"`
			Operation  string          `json:"operation"`
			Parameters json.RawMessage `json:"parameters"`
			Cascading  bool            `json:"is_cascading"`
			Rules      json.RawMessage `json:"availability_rules"`
		}
		if err := json.Unmarshal(r, &w); err != nil {
			return nil, err
		}
		def := &workflowDef{name: w.Name, plugin: w.Plugin, operation: w.Operation,
			rawParams: w.Parameters, cascading: w.Cascading, rules: w.Rules}
		if len(def.rules) == 0 {
			def.rules = json.RawMessage("null")
		}
		var rules struct {
			Available json.RawMessage `json:"available"`
			Active    []string        `json:"node_instances_active"`
			Types     []string        `json:"node_types_required"`
		}
		_ = json.Unmarshal(def.rules, &rules)
		def.availableRule, def.activeNeed, def.typesNeed = rules.Available, rules.Active, rules.Types
		keys, err := objectKeys(w.Parameters)
		if err != nil {
			return nil, err
		}
		var params map[string]json.RawMessage
		if err := json.Unmarshal(w.Parameters, &params); err != nil {
			return nil, err
		}
		for _, k := range keys {
			var ps struct {
				Type        string                       `json:"type"`
				ItemType    string                       `json:"item_type"`
				Default     json.RawMessage              `json:"default"`
				Required    *bool                        `json:"required"`
				Constraints []map[string]json.RawMessage `json:"constraints"`
			}
			if err := json.Unmarshal(params[k], &ps); err != nil {
				return nil, err
			}
			def.params = append(def.params, paramSpec{name: k, typ: ps.Type, itemType: ps.ItemType,
				def: ps.Default, required: ps.Required, constraints: ps.Constraints, raw: params[k]})
		}
		out = append(out, def)
	}
	return out, nil
}

// objectKeys returns the keys of a JSON object in document order.
func objectKeys(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, ok := t.(string)
		if !ok {
			return nil, fmt.Errorf("object key is %T", t)
		}
		keys = append(keys, k)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

func mustWorkflows(text string) []*workflowDef {
	w, err := parseWorkflows(text)
	if err != nil {
		panic("simulator: bad workflow data: " + err.Error())
	}
	return w
}

var builtinWorkflows = mustWorkflows(builtinWorkflowsJSON)

// systemWorkflows are accepted on any deployment and flagged
// is_system_workflow.
var systemWorkflows = map[string]bool{
	"create_snapshot": true, "restore_snapshot": true, "create_log_bundle": true, "update_plugin": true,
}

// deploymentFields are the deployment's response fields in the manager's order.
var deploymentFields = []string{
	"created_at", "id", "visibility", "description", "inputs_p", "inputs", "groups_p", "groups",
	"permalink", "policy_triggers_p", "policy_triggers", "policy_types_p", "policy_types",
	"outputs_p", "outputs", "capabilities_p", "capabilities", "scaling_groups_p", "scaling_groups",
	"updated_at", "workflows_p", "workflows", "runtime_only_evaluation", "installation_status",
	"deployment_status", "sub_services_status", "sub_environments_status", "sub_services_count",
	"sub_environments_count", "display_name", "resource_tags", "drifted_instances",
	"unavailable_instances", "latest_execution", "latest_execution_finished_operations",
	"latest_execution_total_operations", "latest_execution_workflow_id", "create_execution",
	"blueprint_id", "site_name", "latest_execution_status", "environment_type",
	"has_sub_deployments", "tenant_name", "created_by", "resource_availability",
	"private_resource", "workdir_zip", "labels", "deployment_groups",
}

var deploymentFieldSet = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range deploymentFields {
		m[f] = true
	}
	return m
}()

const placeholderWorkflows = `[{"name": null, "plugin": null, "operation": null, "parameters": null, "is_cascading": null, "is_available": null, "availability_rules": null}]`

// instancesActive is the node_instances_active rule of
// Deployment.is_workflow_available, over the set of instance states.
func (d *deployment) instancesActive(rules []string) bool {
	states := map[string]bool{}
	for _, n := range d.nodes {
		states[n.state] = true
	}
	onlyStarted := len(states) == 1 && states[niStarted]
	inactive := true // every state is uninitialized or deleted
	for st := range states {
		inactive = inactive && (st == niUninitialized || st == niDeleted)
	}
	ok := false
	for _, r := range rules {
		switch r {
		case "all":
			ok = ok || len(states) == 0 || onlyStarted
		case "partial":
			ok = ok || (!onlyStarted && !inactive)
		case "none":
			ok = ok || !states[niStarted]
		}
	}
	return ok
}

// available is Deployment.is_workflow_available: every rule present must
// pass; a workflow without rules is always available.
func (w *workflowDef) available(d *deployment) bool {
	if len(w.availableRule) > 0 {
		if r := string(w.availableRule); r != "true" && r != "null" {
			return false
		}
	}
	if w.activeNeed != nil && !d.instancesActive(w.activeNeed) {
		return false
	}
	if len(w.typesNeed) > 0 {
		found := false
		for _, n := range d.nodes {
			for _, t := range nodeTypeHierarchy(n.node) {
				for _, want := range w.typesNeed {
					found = found || t == want
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// allStarted is what installation_status is computed from.
func (d *deployment) allStarted() bool {
	for _, n := range d.nodes {
		if n.state != niStarted {
			return false
		}
	}
	return true
}

func (s *Simulator) deploymentStatus(d *deployment) string {
	if d.latest != nil && (d.latest.status.isActive() || d.latest.status == stQueued) {
		return "in_progress"
	}
	if !d.installed || (d.latest != nil && d.latest.status == stFailed) {
		return "requires_attention"
	}
	return "good"
}

// appendDeployment writes the deployment restricted to include (nil = all).
// getData selects real workflows instead of the placeholder the manager
// returns on lists without _get_data.
func (s *Simulator) appendDeployment(b []byte, d *deployment, include map[string]bool, getData bool) []byte {
	b = append(b, '{')
	first := true
	for _, f := range deploymentFields {
		if include != nil && !include[f] {
			continue
		}
		if !first {
			b = append(b, ", "...)
		}
		first = false
		b = appendJSONString(b, f)
		b = append(b, ": "...)
		switch f {
		case "created_at":
			b = appendTime(b, d.created)
		case "updated_at":
			b = appendTime(b, d.updated)
		case "id":
			b = appendJSONString(b, d.id)
		case "display_name":
			b = appendJSONString(b, d.displayName)
		case "blueprint_id":
			b = appendJSONString(b, d.blueprintID)
		case "description":
			b = appendNullStr(b, d.description)
		case "visibility", "resource_availability":
			b = append(b, `"tenant"`...)
		case "inputs":
			b = appendRawOr(b, d.inputs, "{}")
		case "outputs":
			b = appendRawOr(b, d.outputs, "{}")
		case "groups", "capabilities", "scaling_groups", "resource_tags":
			b = append(b, "{}"...)
		case "policy_triggers":
			b = append(b, policyTriggersJSON...)
		case "policy_types":
			b = append(b, policyTypesJSON...)
		case "runtime_only_evaluation", "private_resource", "has_sub_deployments":
			b = append(b, "false"...)
		case "installation_status":
			if d.installed {
				b = append(b, `"active"`...)
			} else {
				b = append(b, `"inactive"`...)
			}
		case "deployment_status":
			b = appendJSONString(b, s.deploymentStatus(d))
		case "sub_services_count", "sub_environments_count", "drifted_instances":
			b = append(b, '0')
		case "unavailable_instances":
			if d.installed {
				b = append(b, '0')
			} else {
				b = fmt.Appendf(b, "%d", d.instances)
			}
		case "latest_execution":
			if d.latest == nil {
				b = append(b, "null"...)
			} else {
				b = appendJSONString(b, d.latest.id)
			}
		case "latest_execution_finished_operations":
			if d.latest == nil {
				b = append(b, "null"...)
			} else {
				b = fmt.Appendf(b, "%d", d.latest.finished)
			}
		case "latest_execution_total_operations":
			if d.latest == nil {
				b = append(b, "null"...)
			} else {
				b = fmt.Appendf(b, "%d", d.latest.total)
			}
		case "latest_execution_workflow_id":
			if d.latest == nil {
				b = append(b, "null"...)
			} else {
				b = appendJSONString(b, d.latest.workflow)
			}
		case "latest_execution_status":
			if d.latest == nil {
				b = append(b, "null"...)
			} else {
				b = appendNullStr(b, d.latest.status.summary())
			}
		case "create_execution":
			if d.createExec == nil {
				b = append(b, "null"...)
			} else {
				b = appendJSONString(b, d.createExec.id)
			}
		case "environment_type":
			b = append(b, `""`...)
		case "tenant_name":
			b = appendJSONString(b, s.tenants[d.tenant])
		case "created_by":
			b = appendJSONString(b, d.createdBy)
		case "labels":
			b = append(b, '[')
			for i, l := range d.labels {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = append(b, `{"key": `...)
				b = appendJSONString(b, l[0])
				b = append(b, `, "value": `...)
				b = appendJSONString(b, l[1])
				b = append(b, `, "created_at": `...)
				b = appendTime(b, d.created)
				b = append(b, `, "created_by": `...)
				b = appendJSONString(b, d.createdBy)
				b = append(b, '}')
			}
			b = append(b, ']')
		case "deployment_groups":
			b = append(b, "[]"...)
		case "workflows":
			if !getData {
				b = append(b, placeholderWorkflows...)
				break
			}
			b = s.appendWorkflows(b, d)
		default: // *_p legacy columns, permalink, site_name, sub_*_status, workdir_zip
			b = append(b, "null"...)
		}
	}
	return append(b, '}')
}

func appendRawOr(b []byte, raw json.RawMessage, def string) []byte {
	if len(raw) == 0 {
		return append(b, def...)
	}
	return append(b, raw...)
}

func (s *Simulator) appendWorkflows(b []byte, d *deployment) []byte {
	b = append(b, '[')
	for i, w := range d.workflows {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = s.appendWorkflow(b, w, d)
	}
	return append(b, ']')
}

// appendWorkflow writes one workflow as responses.Workflow.as_dict, its
// availability evaluated on d.
func (s *Simulator) appendWorkflow(b []byte, w *workflowDef, d *deployment) []byte {
	b = append(b, `{"name": `...)
	b = appendJSONString(b, w.name)
	b = append(b, `, "plugin": `...)
	b = appendJSONString(b, w.plugin)
	b = append(b, `, "operation": `...)
	b = appendJSONString(b, w.operation)
	b = append(b, `, "parameters": `...)
	b = appendRawOr(b, w.rawParams, "{}")
	b = append(b, `, "is_cascading": `...)
	b = appendBool(b, w.cascading)
	b = append(b, `, "is_available": `...)
	b = appendBool(b, w.available(d))
	b = append(b, `, "availability_rules": `...)
	b = append(b, w.rules...)
	return append(b, '}')
}

// pyList renders names like Python's repr of a list of str.
func pyList(names []string) string {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('\'')
		b.WriteString(n)
		b.WriteByte('\'')
	}
	b.WriteByte(']')
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (s *Simulator) depText(d *deployment, f string) (string, bool) {
	switch f {
	case "id":
		return d.id, false
	case "display_name":
		return d.displayName, false
	case "blueprint_id":
		return d.blueprintID, false
	case "created_at":
		return fmtMillis(d.created), false
	case "updated_at":
		return fmtMillis(d.updated), false
	case "created_by":
		return d.createdBy, false
	case "tenant_name":
		return s.tenants[d.tenant], false
	case "visibility", "resource_availability":
		return "tenant", false
	case "description":
		return d.description, d.description == ""
	case "installation_status":
		if d.installed {
			return "active", false
		}
		return "inactive", false
	case "deployment_status":
		return s.deploymentStatus(d), false
	case "latest_execution_status":
		if d.latest == nil || d.latest.status.summary() == "" {
			return "", true
		}
		return d.latest.status.summary(), false
	case "latest_execution":
		if d.latest == nil {
			return "", true
		}
		return d.latest.id, false
	}
	return "", true
}

func parseDepInclude(q query) (map[string]bool, *apiError) {
	v, ok := q.last("_include")
	if !ok {
		return nil, nil
	}
	inc := map[string]bool{}
	var bad []string
	for _, f := range strings.Split(v, ",") {
		if !deploymentFieldSet[f] {
			bad = append(bad, f)
			continue
		}
		inc[f] = true
	}
	if len(bad) > 0 {
		return nil, errf(400, "no_such_include_field_error",
			fmt.Sprintf("Include keys '%s' do not exist. Allowed keys are: %s", pyList(bad), pyList(deploymentFields)))
	}
	return inc, nil
}

func (s *Simulator) listDeployments(req *request) (int, []byte, *apiError) {
	include, e := parseDepInclude(req.q)
	if e != nil {
		return 0, nil, e
	}
	fieldIdx := map[string]int{}
	for i, f := range deploymentFields {
		fieldIdx[f] = i
	}
	keys, e := parseSort(req.q, fieldIdx, deploymentFields)
	if e != nil {
		return 0, nil, e
	}
	size, offset, e := parsePaging(req.q, 1000)
	if e != nil {
		return 0, nil, e
	}
	getData := false
	if v, ok := req.q.last("_get_data"); ok {
		if getData, e = parseBoolParam("_get_data", v); e != nil {
			return 0, nil, e
		}
	}
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
	searchName, _ := req.q.last("_search_name")
	s.mu.RLock()
	defer s.mu.RUnlock()
	var matched []*deployment
	for _, d := range s.deps {
		if !req.visible(d.tenant) {
			continue
		}
		if search != "" && !strings.Contains(d.id, search) {
			continue
		}
		if searchName != "" && !strings.Contains(d.displayName, searchName) {
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
		if ok {
			matched = append(matched, d)
		}
	}
	sort.SliceStable(matched, func(i, j int) bool {
		a, b := matched[i], matched[j]
		for _, k := range keys {
			av, an := s.depText(a, deploymentFields[k.field])
			bv, bn := s.depText(b, deploymentFields[k.field])
			c := compareNullable(av, an, bv, bn)
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return a.created < b.created
	})
	total := len(matched)
	page := matched[min(offset, total):]
	if len(page) > size {
		page = page[:size]
	}
	req.rows = len(page)
	b := listEnvelope(nil, total, size, offset, func(b []byte) []byte {
		for i, d := range page {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = s.appendDeployment(b, d, include, getData)
		}
		return b
	})
	return 200, b, nil
}

func (s *Simulator) getDeployment(req *request) (int, []byte, *apiError) {
	include, e := parseDepInclude(req.q)
	if e != nil {
		return 0, nil, e
	}
	id := req.parts[1]
	s.mu.RLock()
	defer s.mu.RUnlock()
	var d *deployment
	if req.tenant >= 0 {
		d = s.depIndex[depKey{uint8(req.tenant), id}]
	} else if req.all {
		for _, c := range s.deps {
			if c.id == id {
				d = c
				break
			}
		}
	}
	if d == nil {
		return 0, nil, errf(404, "not_found_error", "Requested `Deployment` with ID `"+id+"` was not found")
	}
	return 200, s.appendDeployment(nil, d, include, true), nil
}
