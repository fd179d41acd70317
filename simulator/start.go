package simulator

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func (s *Simulator) startExecution(req *request) (int, []byte, *apiError) {
	body, mask, e := readBodyAndInclude(req)
	if e != nil {
		return 0, nil, e
	}
	for _, k := range []string{"deployment_id", "workflow_id"} {
		v, ok := body[k]
		if !ok {
			return 0, nil, badParams("Missing " + k + " in json request body")
		}
		if _, isStr := v.(string); !isStr {
			return 0, nil, badParams(fmt.Sprintf("%s parameter is expected to be of type str but is of type %s", k, pyTypeName(v)))
		}
	}
	depID := body["deployment_id"].(string)
	wfName := body["workflow_id"].(string)
	var given map[string]any
	var givenOrder []string
	if v := body["parameters"]; v != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return 0, nil, badParams(fmt.Sprintf("request body's 'parameters' field must be a dict but is of type %s", pyTypeName(v)))
		}
		given = m
		var raw map[string]json.RawMessage
		if json.Unmarshal(req.rawBody, &raw) == nil {
			givenOrder, _ = objectKeys(raw["parameters"])
		}
	}
	flags := map[string]bool{}
	for _, k := range []string{"allow_custom_parameters", "force", "dry_run", "queue"} {
		b, e := parseBoolValue(k, body[k])
		if e != nil {
			return 0, nil, e
		}
		flags[k] = b
	}
	if v := body["scheduled_time"]; v != nil {
		return s.scheduleAnswer(v, mask)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var dep *deployment
	tenant := uint8(0)
	if req.tenant >= 0 {
		tenant = uint8(req.tenant)
	}
	if depID != "" || !systemWorkflows[wfName] {
		dep = s.depIndex[depKey{tenant, depID}]
		if dep == nil || req.tenant < 0 {
			return 0, nil, errf(404, "not_found_error", "Requested `Deployment` with ID `"+depID+"` was not found")
		}
	}
	var wf *workflowDef
	if dep != nil && !systemWorkflows[wfName] {
		wf = dep.workflow(wfName)
		if wf == nil {
			return 0, nil, errf(400, "nonexistent_workflow_error",
				fmt.Sprintf("Workflow %s does not exist in the deployment %s", wfName, depID))
		}
	}
	params, e := mergeParameters(wfName, wf, given, givenOrder, flags["allow_custom_parameters"])
	if e != nil {
		return 0, nil, e
	}
	ex := &execRec{
		id: s.newID(), dep: dep, workflow: wfName, createdBy: req.user, params: params,
		created: s.nowMs(), tenant: tenant, status: stPending,
	}
	ex.set(flagSystem, systemWorkflows[wfName])
	ex.set(flagDryRun, flags["dry_run"])
	ex.set(flagCustomParams, flags["allow_custom_parameters"])
	if msg := s.blockingDependents(dep, wfName); msg != "" && !flags["force"] {
		// checked first, and stored failed like an unavailable workflow
		ex.status = stFailed
		ex.errText = "Error preparing execution: " + msg
		ex.set(flagHasError, true)
		s.insertExec(ex)
		return 0, nil, errf(400, "dependent_exists_error", msg)
	}
	if dep != nil && wfName != "create_snapshot" {
		var busy []*execRec
		systemRunning := false
		for _, o := range s.liveOn(dep) {
			if o.status.isActive() || o.status == stQueued {
				busy = append(busy, o)
			}
		}
		for o := range s.live {
			if o.has(flagSystem) && o.status.isActive() {
				systemRunning = true
			}
		}
		switch {
		case systemRunning || (len(busy) > 0 && flags["queue"] && !flags["force"]):
			ex.status = stQueued
		case len(busy) > 0 && !flags["force"]:
			parts := make([]string, len(busy))
			for i, o := range busy {
				parts[i] = fmt.Sprintf("<Execution id=`%s` tenant=`%s` status=`%s` workflow_id=`%s`>", o.id, s.tenants[o.tenant], o.status, o.workflow)
			}
			return 0, nil, errf(400, "existing_running_execution_error", fmt.Sprintf(
				"The following executions are currently running for this deployment: [%s]. To execute this workflow anyway, pass \"force=true\" as a query parameter to this request",
				strings.Join(parts, ", ")))
		}
	}
	if ex.status == stPending && wf != nil && !flags["force"] && !wf.available(dep) {
		// The manager stores the refused execution as failed before it
		// answers (prepare_executions commits, then raises).
		ex.status = stFailed
		ex.errText = "Error preparing execution: " + unavailableMsg(wfName)
		ex.set(flagHasError, true)
		s.insertExec(ex)
		return 0, nil, errf(400, "unavailable_workflow_error", unavailableMsg(wfName))
	}
	s.insertExec(ex)
	if ex.status == stPending {
		s.scheduleRun(ex)
	} else {
		s.hookToken(ex, ex.status, ex.created)
	}
	return 201, s.appendExecution(nil, ex, mask), nil
}

// scheduleAnswer is the manager's answer to a start with scheduled_time: a
// transient execution with no id (the schedule itself is not kept here).
func (s *Simulator) scheduleAnswer(v any, mask uint32) (int, []byte, *apiError) {
	text, _ := v.(string)
	const expected = "\nExpected format: YYYYMMDDHHMM+HHMM or YYYYMMDDHHMM-HHMM i.e: 201801012230-0500 (Jan-01-18 10:30pm EST)"
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		if t, err = time.Parse("200601021504-0700", text); err != nil {
			return 0, nil, badParams(fmt.Sprintf("Date `%s` is not a valid date. %s", text, expected))
		}
	}
	if !t.After(s.clock.Now()) {
		return 0, nil, badParams(fmt.Sprintf("Date `%s` has already passed, please provide valid date. %s", t.UTC().Format("2006-01-02T15:04:05+00:00"), expected))
	}
	b := []byte{'{'}
	first := true
	for i, name := range execFields {
		if mask&(1<<i) == 0 {
			continue
		}
		b = appendKey(b, first, name)
		first = false
		switch name {
		case "status", "status_display":
			b = append(b, `"scheduled"`...)
		case "total_operations", "finished_operations":
			b = append(b, '0')
		case "allow_custom_parameters", "private_resource":
			b = append(b, "false"...)
		default:
			b = append(b, "null"...)
		}
	}
	return 201, append(b, '}'), nil
}

// mergeParameters is Execution.merge_workflow_parameters: refuse undeclared
// keys (unless allowed), require the required ones, fill defaults, convert
// declared types and check constraints.
func mergeParameters(wfName string, wf *workflowDef, given map[string]any, order []string, allowCustom bool) (json.RawMessage, *apiError) {
	if len(order) != len(given) {
		order = sortedKeys(given)
	}
	var custom []string
	for _, k := range order {
		if wf == nil || wf.param(k) == nil {
			custom = append(custom, k)
		}
	}
	if wf == nil {
		allowCustom = true
	}
	if len(custom) > 0 && !allowCustom {
		return nil, errf(400, "illegal_execution_parameters_error", fmt.Sprintf(
			"Workflow \"%s\" does not have the following parameters declared: %s. Remove these parameters or use the flag for allowing custom parameters",
			wfName, strings.Join(custom, ",")))
	}
	var missing []string
	type kvRaw struct {
		k string
		v any
	}
	var merged []kvRaw
	if wf != nil {
		for i := range wf.params {
			p := &wf.params[i]
			if v, ok := given[p.name]; ok {
				merged = append(merged, kvRaw{p.name, v})
				continue
			}
			if p.def != nil {
				var d any
				dec := json.NewDecoder(strings.NewReader(string(p.def)))
				dec.UseNumber()
				_ = dec.Decode(&d)
				merged = append(merged, kvRaw{p.name, d})
				continue
			}
			if p.isRequired() {
				missing = append(missing, p.name)
			}
		}
	}
	if len(missing) > 0 {
		return nil, errf(400, "illegal_execution_parameters_error", fmt.Sprintf(
			"Workflow \"%s\" must be provided with the following parameters to execute: %s", wfName, strings.Join(missing, ",")))
	}
	for i := range merged {
		p := wf.param(merged[i].k)
		v, e := convertParam(p, merged[i].v)
		if e != nil {
			return nil, e
		}
		if e := checkConstraints(p, v); e != nil {
			return nil, e
		}
		merged[i].v = v
	}
	for _, k := range custom {
		merged = append(merged, kvRaw{k, given[k]})
	}
	b := []byte{'{'}
	for i, m := range merged {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendJSONString(b, m.k)
		b = append(b, ": "...)
		b = append(b, rawJSON(m.v)...)
	}
	return append(b, '}'), nil
}

func typeErr(p *paramSpec) *apiError {
	return errf(400, "illegal_execution_parameters_error", fmt.Sprintf("Parameter \"%s\" must be of type %s", p.name, p.typ))
}

func convertParam(p *paramSpec, v any) (any, *apiError) {
	if v == nil || p.typ == "" {
		return v, nil
	}
	switch p.typ {
	case "integer":
		switch t := v.(type) {
		case json.Number:
			if n, err := strconv.ParseInt(t.String(), 10, 64); err == nil {
				return n, nil
			}
		case string:
			if n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64); err == nil {
				return n, nil
			}
		}
		return nil, typeErr(p)
	case "float":
		switch t := v.(type) {
		case json.Number:
			if f, err := t.Float64(); err == nil {
				return f, nil
			}
		case string:
			if f, err := strconv.ParseFloat(strings.TrimSpace(t), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				return f, nil
			}
		}
		return nil, typeErr(p)
	case "boolean":
		switch t := v.(type) {
		case bool:
			return t, nil
		case string:
			switch strings.ToLower(t) {
			case "true":
				return true, nil
			case "false":
				return false, nil
			}
		}
		return nil, typeErr(p)
	case "string", "regex", "textarea":
		if _, ok := v.(string); ok {
			return v, nil
		}
		return nil, typeErr(p)
	case "list":
		switch t := v.(type) {
		case []any:
			return t, nil
		case string:
			var l []any
			if json.Unmarshal([]byte(t), &l) == nil {
				return l, nil
			}
		}
		return nil, typeErr(p)
	case "dict":
		switch t := v.(type) {
		case map[string]any:
			return t, nil
		case string:
			var m map[string]any
			if json.Unmarshal([]byte(t), &m) == nil {
				return m, nil
			}
		}
		return nil, typeErr(p)
	}
	return v, nil
}

func constraintErr(p *paramSpec, what string) *apiError {
	return errf(400, "illegal_execution_parameters_error",
		fmt.Sprintf("Parameter \"%s\" does not meet its constraints: %s", p.name, what))
}

func asFloat(v any) (float64, bool) {
	switch t := v.(type) {
	case int64:
		return float64(t), true
	case float64:
		return t, true
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	}
	return 0, false
}

func lengthOf(v any) (int, bool) {
	switch t := v.(type) {
	case string:
		return len([]rune(t)), true
	case []any:
		return len(t), true
	case map[string]any:
		return len(t), true
	}
	return 0, false
}

func checkConstraints(p *paramSpec, v any) *apiError {
	for _, c := range p.constraints {
		for name, raw := range c {
			var arg any
			dec := json.NewDecoder(strings.NewReader(string(raw)))
			dec.UseNumber()
			_ = dec.Decode(&arg)
			desc := name + ": " + string(raw)
			ok := true
			switch name {
			case "valid_values":
				ok = false
				if list, isList := arg.([]any); isList {
					for _, a := range list {
						if string(rawJSON(a)) == string(rawJSON(v)) {
							ok = true
						}
					}
				}
			case "equal":
				ok = string(rawJSON(arg)) == string(rawJSON(v))
			case "greater_than", "greater_or_equal", "less_than", "less_or_equal":
				x, xok := asFloat(v)
				y, yok := asFloat(arg)
				if xok && yok {
					switch name {
					case "greater_than":
						ok = x > y
					case "greater_or_equal":
						ok = x >= y
					case "less_than":
						ok = x < y
					default:
						ok = x <= y
					}
				}
			case "in_range":
				if r, isList := arg.([]any); isList && len(r) == 2 {
					x, xok := asFloat(v)
					lo, lok := asFloat(r[0])
					hi, hok := asFloat(r[1])
					ok = !(xok && lok && hok) || (x >= lo && x <= hi)
				}
			case "min_length", "max_length", "length":
				n, nok := lengthOf(v)
				want, wok := asFloat(arg)
				if nok && wok {
					switch name {
					case "min_length":
						ok = float64(n) >= want
					case "max_length":
						ok = float64(n) <= want
					default:
						ok = float64(n) == want
					}
				}
			case "pattern":
				if pat, isStr := arg.(string); isStr {
					if str, isStr := v.(string); isStr {
						re, err := regexp.Compile("^(?:" + pat + ")$")
						ok = err != nil || re.MatchString(str)
					}
				}
			}
			if !ok {
				return constraintErr(p, desc)
			}
		}
	}
	return nil
}
