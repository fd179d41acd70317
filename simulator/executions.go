package simulator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

func (s *Simulator) executionsRoot(req *request) (int, []byte, *apiError) {
	switch req.r.Method {
	case "POST":
		return s.startExecution(req)
	case "DELETE":
		return s.deleteExecutions(req)
	}
	return s.listExecutions(req)
}

func (s *Simulator) executionByID(req *request) (int, []byte, *apiError) {
	switch req.r.Method {
	case "POST":
		return s.executionAction(req)
	case "PATCH":
		return s.patchExecution(req)
	}
	return s.getExecution(req)
}

// parseInclude turns _include into a field mask.
func parseInclude(q query) (uint32, *apiError) {
	v, ok := q.last("_include")
	if !ok {
		return allFieldsMask, nil
	}
	var mask uint32
	var bad []string
	for _, f := range strings.Split(v, ",") {
		i, known := execFieldIndex[f]
		if !known || i == fExecGroup {
			bad = append(bad, f)
			continue
		}
		mask |= 1 << i
	}
	if len(bad) > 0 {
		return 0, errf(400, "no_such_include_field_error",
			fmt.Sprintf("Include keys '%s' do not exist. Allowed keys are: %s", pyList(bad), pyList(execFields)))
	}
	return mask, nil
}

var sortRe = regexp.MustCompile(`^[+-]?@?\w+$`)

type sortKey struct {
	field int
	desc  bool
}

func parseSort(q query, fields map[string]int, allowed []string) ([]sortKey, *apiError) {
	var keys []sortKey
	var bad []string
	for i, v := range q.all("_sort") {
		if !sortRe.MatchString(v) {
			return nil, &apiError{status: 400, code: "bad_parameters_error", noTraceback: true,
				message: fmt.Sprintf("1 validation error for ListQuery\n_sort -> %d\n  string does not match regex \"^[+-]?@?\\w+$\" (type=value_error.str.regex; pattern=^[+-]?@?\\w+$)", i)}
		}
		k := sortKey{}
		switch v[0] {
		case '-':
			k.desc = true
			v = v[1:]
		case '+':
			v = v[1:]
		}
		f, ok := fields[v]
		if !ok {
			bad = append(bad, v)
			continue
		}
		k.field = f
		keys = append(keys, k)
	}
	if len(bad) > 0 {
		return nil, badParams(fmt.Sprintf("Sort keys '%s' do not exist. Allowed keys are: %s", pyList(bad), pyList(allowed)))
	}
	return keys, nil
}

// parsePaging reads _size/_offset like the manager's pydantic model.
func parsePaging(q query, defSize int) (size, offset int, e *apiError) {
	size = defSize
	for _, name := range []string{"_size", "_offset"} {
		v, ok := q.last(name)
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, 0, &apiError{status: 400, code: "bad_parameters_error", noTraceback: true,
				message: "1 validation error for Pagination\n" + name + "\n  value is not a valid integer (type=type_error.integer)"}
		}
		if n < 0 {
			return 0, 0, &apiError{status: 400, code: "bad_parameters_error", noTraceback: true,
				message: "1 validation error for Pagination\n" + name + "\n  ensure this value is greater than or equal to 0 (type=value_error.number.not_ge; limit_value=0)"}
		}
		if name == "_size" {
			size = n
		} else {
			offset = n
		}
	}
	return size, offset, nil
}

// execFilter is the compiled equality filters of a list request.
type execFilter struct {
	tenantAll bool
	tenant    int
	system    int // -1 any, 0 hide system, 1 only system
	statusSet uint16
	hasStatus bool
	generic   []fieldFilter
	none      bool    // a filter that can match nothing
	group     *string // _group_id: members of this execution group only
}

type fieldFilter struct {
	field  int
	values []string
}

func (s *Simulator) compileFilter(req *request, allowSystemDefault bool) (*execFilter, *apiError) {
	f := &execFilter{tenantAll: req.all, tenant: req.tenant, system: 0}
	if allowSystemDefault {
		f.system = -1
	}
	if v, ok := req.q.last("_include_system_workflows"); ok {
		b, e := parseBoolParam("_include_system_workflows", v)
		if e != nil {
			return nil, e
		}
		if b {
			f.system = -1
		}
	}
	var bad []string
	seen := map[string]bool{}
	for _, p := range req.q {
		if strings.HasPrefix(p.k, "_") || seen[p.k] {
			continue
		}
		seen[p.k] = true
		idx, ok := execFieldIndex[p.k]
		if !ok {
			bad = append(bad, p.k)
			continue
		}
		vals := req.q.all(p.k)
		switch idx {
		case fIsSystem:
			f.system = -1
			var want [2]bool
			for _, v := range vals {
				b, err := strconv.ParseBool(strings.ToLower(v))
				if err == nil {
					want[boolIdx(b)] = true
				}
			}
			switch {
			case want[0] && want[1]:
				f.system = -1
			case want[1]:
				f.system = 1
			case want[0]:
				f.system = 0
			default:
				f.none = true
			}
		case fStatus, fStatusDisplay:
			var set uint16
			for _, v := range vals {
				for st := status(0); st < numStatuses; st++ {
					if (idx == fStatus && st.String() == v) || (idx == fStatusDisplay && st.display() == v) {
						set |= 1 << st
					}
				}
			}
			if f.hasStatus {
				f.statusSet &= set
			} else {
				f.statusSet = set
			}
			f.hasStatus = true
		case fExecGroup, fParamsP, fScheduledFor:
			f.none = true // always null
		default:
			f.generic = append(f.generic, fieldFilter{field: idx, values: vals})
		}
	}
	if len(bad) > 0 {
		return nil, badParams(fmt.Sprintf("Filter keys '%s' do not exist. Allowed keys are: %s", pyList(bad), pyList(execSortFields)))
	}
	if v, ok := req.q.last("_group_id"); ok {
		f.group = &v // an unknown group lists nothing, with a 200
	}
	return f, nil
}

func boolIdx(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (f *execFilter) match(s *Simulator, e *execRec) bool {
	if !f.tenantAll && int(e.tenant) != f.tenant {
		return false
	}
	if f.system >= 0 && boolIdx(e.has(flagSystem)) != f.system {
		return false
	}
	if f.hasStatus && f.statusSet&(1<<e.status) == 0 {
		return false
	}
	if f.group != nil && !s.inGroup(e, *f.group) {
		return false
	}
	for _, g := range f.generic {
		v, null := s.fieldText(e, g.field)
		ok := false
		for _, want := range g.values {
			if !null && v == want {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// fieldText is the value of a field as a filter compares it.
func (s *Simulator) fieldText(e *execRec, f int) (string, bool) {
	switch f {
	case fCreatedAt:
		return fmtMillis(e.created), false
	case fStartedAt:
		return fmtMillis(e.started), e.started == 0
	case fEndedAt:
		return fmtMillis(e.ended), e.ended == 0
	case fVisibility, fResourceAvail:
		return "tenant", false
	case fID:
		return e.id, false
	case fError:
		return e.errText, !e.has(flagHasError)
	case fParams:
		return string(e.params), false
	case fWorkflow:
		return e.workflow, false
	case fDryRun:
		return strconv.FormatBool(e.has(flagDryRun)), false
	case fResume:
		return strconv.FormatBool(e.has(flagResume)), false
	case fAllowCustom:
		return strconv.FormatBool(e.has(flagCustomParams)), false
	case fPrivate:
		return "false", false
	case fTotal:
		return strconv.Itoa(int(e.total)), false
	case fFinished:
		return strconv.Itoa(int(e.finished)), false
	case fBlueprint:
		return e.blueprintID(), e.dep == nil
	case fDeployment:
		return e.deploymentID(), e.dep == nil
	case fDepDisplay:
		if e.dep == nil {
			return "", true
		}
		return e.dep.displayName, false
	case fTenant:
		return s.tenants[e.tenant], false
	case fCreatedBy:
		return e.createdBy, false
	case fStatus:
		return e.status.String(), false
	case fStatusDisplay:
		return e.status.display(), false
	}
	return "", true
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// selectExecutions runs a filtered, sorted, paged query; callers hold mu (read).
func (s *Simulator) selectExecutions(f *execFilter, keys []sortKey, size, offset int, all bool) (page []*execRec, total int) {
	if f.none {
		return nil, 0
	}
	limit := size
	if all {
		limit = -1
	}
	want := func(n int) bool { // position n of the match list is on the page
		return n >= offset && (limit < 0 || n < offset+limit)
	}
	// Fast path: order by creation only, the store's own order.
	if len(keys) == 0 || (len(keys) == 1 && keys[0].field == fCreatedAt) {
		desc := len(keys) == 1 && keys[0].desc
		n := 0
		visit := func(e *execRec) {
			if !f.match(s, e) {
				return
			}
			if want(n) {
				page = append(page, e)
			}
			n++
		}
		if desc {
			// newest first; equal created_at keep storage order, as in
			// the sorted path
			for i := len(s.execs) - 1; i >= 0; {
				j := i
				for j > 0 && s.execs[j-1].created == s.execs[i].created {
					j--
				}
				for k := j; k <= i; k++ {
					visit(s.execs[k])
				}
				i = j - 1
			}
		} else {
			for _, e := range s.execs {
				visit(e)
			}
		}
		return page, n
	}
	var matched []*execRec
	for _, e := range s.execs {
		if f.match(s, e) {
			matched = append(matched, e)
		}
	}
	s.sortExecs(matched, keys)
	total = len(matched)
	if offset >= total {
		return nil, total
	}
	end := total
	if limit >= 0 && offset+limit < end {
		end = offset + limit
	}
	return matched[offset:end], total
}

func (s *Simulator) listExecutions(req *request) (int, []byte, *apiError) {
	mask, e := parseInclude(req.q)
	if e != nil {
		return 0, nil, e
	}
	keys, e := parseSort(req.q, execFieldIndex, execSortFields)
	if e != nil {
		return 0, nil, e
	}
	size, offset, e := parsePaging(req.q, 1000)
	if e != nil {
		return 0, nil, e
	}
	all := false
	if v, ok := req.q.last("_get_all_results"); ok {
		if all, e = parseBoolParam("_get_all_results", v); e != nil {
			return 0, nil, e
		}
	}
	f, e := s.compileFilter(req, false)
	if e != nil {
		return 0, nil, e
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	page, total := s.selectExecutions(f, keys, size, offset, all)
	req.rows = len(page)
	b := make([]byte, 0, 256+len(page)*900)
	b = listEnvelope(b, total, size, offset, func(b []byte) []byte {
		for i, ex := range page {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = s.appendExecution(b, ex, mask)
		}
		return b
	})
	return 200, b, nil
}

func notFoundExec(id string) *apiError {
	return errf(404, "not_found_error", "Requested `Execution` with ID `"+id+"` was not found")
}

// findExec looks an execution up for a request; callers hold mu.
func (s *Simulator) findExec(req *request, id string) *execRec {
	e := s.byID[id]
	if e == nil || !req.visible(e.tenant) {
		return nil
	}
	return e
}

func (s *Simulator) getExecution(req *request) (int, []byte, *apiError) {
	mask, e := parseInclude(req.q)
	if e != nil {
		return 0, nil, e
	}
	id := req.parts[1]
	s.mu.RLock()
	defer s.mu.RUnlock()
	ex := s.findExec(req, id)
	if ex == nil {
		return 0, nil, notFoundExec(id)
	}
	return 200, s.appendExecution(nil, ex, mask), nil
}

var validActions = []string{"cancel", "force-cancel", "kill", "resume", "force-resume", "requeue"}

func (s *Simulator) executionAction(req *request) (int, []byte, *apiError) {
	body, mask, e := readBodyAndInclude(req)
	if e != nil {
		return 0, nil, e
	}
	raw, ok := body["action"]
	if !ok {
		return 0, nil, badParams("Missing action in json request body")
	}
	action, _ := raw.(string)
	valid := false
	for _, a := range validActions {
		valid = valid || a == action
	}
	if !valid {
		return 0, nil, badParams(fmt.Sprintf("Invalid action: %s, Valid action values are: %s", pyStr(raw), pyList(validActions)))
	}
	id := req.parts[1]
	s.mu.Lock()
	defer s.mu.Unlock()
	ex := s.findExec(req, id)
	switch action {
	case "resume", "force-resume":
		if ex == nil {
			return 0, nil, notFoundExec(id)
		}
		if err := s.resume(ex, action == "force-resume"); err != nil {
			return 0, nil, err
		}
	default:
		if ex == nil {
			return 0, nil, errf(404, "not_found_error", "Requested `Execution` ['"+id+"'] was not found")
		}
		if err := s.cancel(ex, action == "force-cancel", action == "kill"); err != nil {
			return 0, nil, err
		}
	}
	return 200, s.appendExecution(nil, ex, mask), nil
}

func pyStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyRepr(v)
}

// cancel applies cancel / force-cancel / kill; callers hold mu.
func (s *Simulator) cancel(e *execRec, force, kill bool) *apiError {
	st := e.status
	if !kill {
		ok := st == stPending || st == stStarted || st == stScheduled || st == stQueued || (force && st == stCancelling)
		if !ok {
			verb := "cancel"
			if force {
				verb = "force-cancel"
			}
			return errf(400, "illegal_action_error",
				fmt.Sprintf("Can't %s execution %s because it's in status %s", verb, e.id, st))
		}
	}
	next := stCancelling
	switch {
	case kill:
		next = stKillCancelling
	case force:
		next = stForceCancelling
	}
	e.errText = ""
	e.set(flagHasError, true)
	s.setStatus(e, next)
	if e.dep != nil {
		e.dep.latest = e
	}
	s.scheduleCancel(e, st)
	return nil
}

// resume applies resume / force-resume; callers hold mu.
func (s *Simulator) resume(e *execRec, force bool) *apiError {
	st := e.status
	ok := st == stFailed || st == stCancelled || (!force && st == stStarted)
	if !ok {
		verb := "resume"
		if force {
			verb = "force-resume"
		}
		return errf(409, "conflict_error", fmt.Sprintf("Cannot %s execution: `%s` in state: `%s`", verb, e.id, st))
	}
	e.ended = 0
	e.set(flagResume, true)
	s.setStatus(e, stPending)
	s.resetOperations(e, force)
	s.scheduleRun(e)
	return nil
}

// patchAllowed is the manager's _validate_execution_update.
func patchAllowed(workflow string, cur, next status) bool {
	if cur == next {
		return true
	}
	if cur.isEnd() && workflow != "create_snapshot" {
		return false
	}
	if cur == stCancelling && (next.isActive() || next == stTerminated) {
		return false
	}
	if cur == stForceCancelling && (next.isActive() || next == stTerminated || next == stCancelling) {
		return false
	}
	return true
}

func (s *Simulator) patchExecution(req *request) (int, []byte, *apiError) {
	body, mask, e := readBodyAndInclude(req)
	if e != nil {
		return 0, nil, e
	}
	raw, ok := body["status"]
	if !ok {
		return 0, nil, badParams("Missing status in json request body")
	}
	want := pyStr(raw)
	errText := ""
	if v, ok := body["error"]; ok {
		errText = pyStr(v)
	}
	id := req.parts[1]
	s.mu.Lock()
	defer s.mu.Unlock()
	ex := s.findExec(req, id)
	if ex == nil {
		return 0, nil, notFoundExec(id)
	}
	next, known := parseStatus(want)
	if !known {
		if !patchAllowedUnknown(ex) {
			return 0, nil, invalidTransition(ex, want)
		}
		return 0, nil, errf(409, "storage_error", fmt.Sprintf("SQL Storage error: (psycopg2.errors.InvalidTextRepresentation) invalid input value for enum execution_status: \"%s\"\nLINE 1: UPDATE executions SET status='%s' WHERE executions._stor...\n                                     ^\n\n[SQL: UPDATE executions SET status=%%(status)s WHERE executions._storage_id = %%(executions__storage_id)s]\n[parameters: {'status': '%s', 'executions__storage_id': %d}]\n(Background on this error at: https://sqlalche.me/e/14/9h9h)", want, want, want, ex.storageID))
	}
	if !patchAllowed(ex.workflow, ex.status, next) {
		return 0, nil, invalidTransition(ex, want)
	}
	s.applyPatch(ex, next, errText)
	return 200, s.appendExecution(nil, ex, mask), nil
}

// patchAllowedUnknown: a status outside the enum passes the transition check
// unless the current status refuses every change.
func patchAllowedUnknown(e *execRec) bool {
	return !(e.status.isEnd() && e.workflow != "create_snapshot")
}

func invalidTransition(e *execRec, to string) *apiError {
	return errf(400, "invalid_exception_status_update", fmt.Sprintf(
		"Invalid relationship - can't change status from %s to %s for \"%s\" execution while running \"%s\" workflow.",
		e.status, to, e.id, e.workflow))
}

// applyPatch stores a status update the way the manager does; callers hold mu.
func (s *Simulator) applyPatch(e *execRec, next status, errText string) {
	now := s.nowMs()
	e.errText = errText
	e.set(flagHasError, true)
	switch {
	case next == stStarted:
		e.started = now
		if e.dep != nil {
			e.dep.latest = e
		}
	case next.isEnd():
		e.ended = now
	}
	s.setStatus(e, next)
	s.hookToken(e, next, now)
	if next.isEnd() {
		s.finishEffects(e)
	}
}

// finishEffects runs what the manager does when an execution ends:
// deployment state, then dequeue.
func (s *Simulator) finishEffects(e *execRec) {
	if e.dep != nil && e.workflow != "delete_deployment_environment" {
		e.dep.installed = e.dep.allStarted()
	}
	s.dequeue()
}

// dequeue moves queued executions to pending where their deployment is free:
// at most one per deployment, system workflows and
// create_deployment_environment first, then oldest first. Callers hold mu.
func (s *Simulator) dequeue() {
	var queued []*execRec
	for e := range s.live {
		if e.status == stQueued {
			queued = append(queued, e)
		}
	}
	if len(queued) == 0 {
		return
	}
	sortByCreated(queued)
	sort.SliceStable(queued, func(i, j int) bool { return queuePriority(queued[i]) < queuePriority(queued[j]) })
	taken := map[*deployment]bool{}
	for _, q := range queued {
		if q.dep != nil && taken[q.dep] {
			continue
		}
		if s.blocked(q) || s.groupHolds(q) {
			continue
		}
		if q.dep != nil && !q.has(flagResume) {
			// Dequeueing prepares the execution again, dependency and
			// availability checks included (a start's force is not kept).
			msg := s.blockingDependents(q.dep, q.workflow)
			if wf := q.dep.workflow(q.workflow); msg == "" && wf != nil && !wf.available(q.dep) {
				msg = unavailableMsg(q.workflow)
			}
			if msg != "" {
				q.errText = "Error dequeueing execution: " + msg
				q.set(flagHasError, true)
				s.setStatus(q, stFailed)
				continue
			}
		}
		if q.dep != nil {
			taken[q.dep] = true
		}
		s.setStatus(q, stPending)
		s.scheduleRun(q)
	}
}

func unavailableMsg(workflow string) string { return "Workflow not available: " + workflow }

func queuePriority(e *execRec) int {
	switch {
	case e.has(flagSystem):
		return 0
	case e.workflow == "create_deployment_environment":
		return 1
	}
	return 2
}

// blocked reports whether a queued execution must keep waiting: an active
// execution on its deployment, or a running system workflow.
func (s *Simulator) blocked(q *execRec) bool {
	for e := range s.live {
		if e == q || !e.status.isActive() {
			continue
		}
		if e.has(flagSystem) || q.has(flagSystem) && q.dep == nil {
			return true
		}
		if q.dep != nil && e.dep == q.dep {
			return true
		}
	}
	return false
}

func (s *Simulator) summaryExecutions(req *request) (int, []byte, *apiError) {
	allowed := []string{"status", "status_display", "blueprint_id", "deployment_id", "workflow_id", "tenant_name", "visibility"}
	isAllowed := func(f string) bool {
		for _, a := range allowed {
			if a == f {
				return true
			}
		}
		return false
	}
	target, ok := req.q.last("_target_field")
	if !ok || target == "" {
		return 0, nil, badParams("Missing _target_field in query parameters")
	}
	var fields []string
	for _, t := range strings.Split(target, ",") {
		if !isAllowed(t) {
			return 0, nil, badParams(fmt.Sprintf("Invalid _target_field: %s. Allowed fields are: %s", t, strings.Join(allowed, ", ")))
		}
		fields = append(fields, t)
	}
	sub, hasSub := req.q.last("_sub_field")
	if hasSub && !isAllowed(sub) {
		return 0, nil, badParams(fmt.Sprintf("Invalid _sub_field: %s. Allowed fields are: %s", sub, strings.Join(allowed, ", ")))
	}
	f, e := s.compileFilter(req, true)
	if e != nil {
		return 0, nil, e
	}
	target = fields[0]
	type group struct {
		key   string
		null  bool
		count int
		subs  []*group
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var groups []*group
	index := map[string]*group{}
	for _, ex := range s.execs {
		if !f.match(s, ex) {
			continue
		}
		v, null := s.fieldText(ex, execFieldIndex[target])
		k := v
		if null {
			k = "\x00null"
		}
		g := index[k]
		if g == nil {
			g = &group{key: v, null: null}
			index[k] = g
			groups = append(groups, g)
		}
		g.count++
		if hasSub {
			sv, snull := s.fieldText(ex, execFieldIndex[sub])
			var sg *group
			for _, c := range g.subs {
				if c.key == sv && c.null == snull {
					sg = c
				}
			}
			if sg == nil {
				sg = &group{key: sv, null: snull}
				g.subs = append(g.subs, sg)
			}
			sg.count++
		}
	}
	appendGroupValue := func(b []byte, g *group) []byte {
		if g.null {
			return append(b, "null"...)
		}
		return appendJSONString(b, g.key)
	}
	req.rows = len(groups)
	b := []byte(`{"items": [`)
	for i, g := range groups {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '{')
		b = appendJSONString(b, target)
		b = append(b, ": "...)
		b = appendGroupValue(b, g)
		b = fmt.Appendf(b, `, "executions": %d`, g.count)
		if hasSub {
			b = append(b, `, "by `+sub+`": [`...)
			for j, c := range g.subs {
				if j > 0 {
					b = append(b, ", "...)
				}
				b = append(b, '{')
				b = appendJSONString(b, sub)
				b = append(b, ": "...)
				b = appendGroupValue(b, c)
				b = fmt.Appendf(b, `, "executions": %d}`, c.count)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	b = fmt.Appendf(b, `], "metadata": {"pagination": {"total": %d, "size": 1000, "offset": 0}}}`, len(groups))
	return 200, b, nil
}

// rawJSON marshals v compactly with the manager's separators.
func rawJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return spaceJSON(b)
}

// spaceJSON re-renders compact JSON with ", " and ": " separators.
func spaceJSON(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	inStr := false
	esc := false
	for _, c := range b {
		out = append(out, c)
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case ',', ':':
			out = append(out, ' ')
		}
	}
	return out
}

// sortVal is one sort key of one execution, extracted once so that the sort
// compares compact values instead of chasing execution records.
type sortVal struct {
	s    string
	n    int64
	null bool
}

func (s *Simulator) sortValue(e *execRec, f int) sortVal {
	switch f {
	case fCreatedAt:
		return sortVal{n: e.created}
	case fStartedAt:
		return sortVal{n: e.started, null: e.started == 0}
	case fEndedAt:
		return sortVal{n: e.ended, null: e.ended == 0}
	case fStatus:
		return sortVal{n: int64(e.status)}
	case fTotal:
		return sortVal{n: int64(e.total)}
	case fFinished:
		return sortVal{n: int64(e.finished)}
	case fIsSystem:
		return sortVal{n: int64(boolIdx(e.has(flagSystem)))}
	case fDryRun:
		return sortVal{n: int64(boolIdx(e.has(flagDryRun)))}
	case fResume:
		return sortVal{n: int64(boolIdx(e.has(flagResume)))}
	case fAllowCustom:
		return sortVal{n: int64(boolIdx(e.has(flagCustomParams)))}
	}
	v, null := s.fieldText(e, f)
	return sortVal{s: v, null: null}
}

// numericSort are the fields sortValue returns as numbers.
var numericSort = map[int]bool{fCreatedAt: true, fStartedAt: true, fEndedAt: true, fStatus: true, fTotal: true,
	fFinished: true, fIsSystem: true, fDryRun: true, fResume: true, fAllowCustom: true}

func cmpSortVal(a, b sortVal) int {
	switch {
	case a.null && b.null:
		return 0
	case a.null:
		return 1
	case b.null:
		return -1
	}
	if c := cmpInt(a.n, b.n); c != 0 {
		return c
	}
	return strings.Compare(a.s, b.s)
}

// sortExecs orders executions by the keys, then created_at and storage id.
func (s *Simulator) sortExecs(es []*execRec, keys []sortKey) {
	// The first two keys and the tiebreak live in the item itself; more
	// keys (rare) are read from a side table.
	type item struct {
		e       *execRec
		k0, k1  sortVal
		created int64
		sid     int32
		idx     int32
	}
	var more []sortVal
	extra := max(len(keys)-2, 0)
	if extra > 0 {
		more = make([]sortVal, len(es)*extra)
	}
	items := make([]item, len(es))
	for i, e := range es {
		it := item{e: e, created: e.created, sid: e.storageID, idx: int32(i)}
		if len(keys) > 0 {
			it.k0 = s.sortValue(e, keys[0].field)
		}
		if len(keys) > 1 {
			it.k1 = s.sortValue(e, keys[1].field)
		}
		for j := 2; j < len(keys); j++ {
			more[i*extra+j-2] = s.sortValue(e, keys[j].field)
		}
		items[i] = it
	}
	// Text keys become ranks, so that the sort compares integers only.
	for j := 0; j < min(len(keys), 2); j++ {
		if numericSort[keys[j].field] {
			continue
		}
		key := func(it *item) *sortVal {
			if j == 0 {
				return &it.k0
			}
			return &it.k1
		}
		distinct := map[string]int64{}
		for i := range items {
			if v := key(&items[i]); !v.null {
				distinct[v.s] = 0
			}
		}
		names := sortedKeys(distinct)
		for r, n := range names {
			distinct[n] = int64(r)
		}
		for i := range items {
			v := key(&items[i])
			v.n, v.s = distinct[v.s], ""
		}
	}
	order := make([]int32, len(items))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(ia, ib int32) int {
		a, b := &items[ia], &items[ib]
		for j, k := range keys {
			var c int
			switch j {
			case 0:
				c = cmpSortVal(a.k0, b.k0)
			case 1:
				c = cmpSortVal(a.k1, b.k1)
			default:
				c = cmpSortVal(more[int(a.idx)*extra+j-2], more[int(b.idx)*extra+j-2])
			}
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		if c := cmpInt(a.created, b.created); c != 0 {
			return c
		}
		return cmpInt(int64(a.sid), int64(b.sid))
	})
	for i, o := range order {
		es[i] = items[o].e
	}
}
