package simulator

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// eventRec is one stored event or log of an execution.
type eventRec struct {
	seq          int32 // global insertion order (stable tiebreak)
	storageID    int32 // per table, like the manager's _storage_id
	isLog        bool
	exec         *execRec
	ts, reported int64
	message      string
	kind         string // event_type, or the level of a log
	logger       string
	operation    string
	nodeInstance string
	nodeName     string
	causes       json.RawMessage // nil = null
	agent        string
	manager      string
}

var eventKeys = []string{"_storage_id", "timestamp", "reported_timestamp", "blueprint_id", "deployment_id",
	"deployment_display_name", "execution_id", "execution_group_id", "workflow_id", "message", "error_causes",
	"event_type", "operation", "source_id", "target_id", "manager_name", "agent_name", "node_instance_id",
	"node_name", "logger", "level", "type"}

const eventFilterNames = "blueprint_id, deployment_id, event_type, execution_group_id, execution_id, level, message, node_id, node_instance_id, operation"

// addEvent stores an event or log; callers hold mu.
func (s *Simulator) addEvent(ev *eventRec) {
	if ev.isLog {
		s.nextLog++
		ev.storageID = s.nextLog
	} else {
		s.nextEvent++
		ev.storageID = s.nextEvent
	}
	ev.seq = int32(len(s.events))
	if ev.reported == 0 {
		ev.reported = s.nowMs()
	}
	if ev.ts == 0 {
		ev.ts = ev.reported
	}
	s.events = append(s.events, ev)
	s.evByExec[ev.exec] = append(s.evByExec[ev.exec], ev.seq)
}

func (s *Simulator) appendEvent(b []byte, ev *eventRec, include map[string]bool) []byte {
	b = append(b, '{')
	first := true
	for _, k := range eventKeys {
		if ev.isLog && k == "event_type" || !ev.isLog && (k == "logger" || k == "level") {
			continue
		}
		if include != nil && !include[k] {
			continue
		}
		if !first {
			b = append(b, ", "...)
		}
		first = false
		b = append(b, '"')
		b = append(b, k...)
		b = append(b, `": `...)
		e := ev.exec
		switch k {
		case "_storage_id":
			b = fmt.Appendf(b, "%d", ev.storageID)
		case "timestamp":
			b = appendTime(b, ev.ts)
		case "reported_timestamp":
			b = appendTime(b, ev.reported)
		case "blueprint_id":
			b = appendNullStr(b, e.blueprintID())
		case "deployment_id":
			b = appendNullStr(b, e.deploymentID())
		case "deployment_display_name":
			if e.dep == nil {
				b = append(b, "null"...)
			} else {
				b = appendJSONString(b, e.dep.displayName)
			}
		case "execution_id":
			b = appendJSONString(b, e.id)
		case "workflow_id":
			b = appendJSONString(b, e.workflow)
		case "message":
			b = appendJSONString(b, ev.message)
		case "error_causes":
			if ev.causes == nil {
				b = append(b, "null"...)
			} else {
				b = append(b, ev.causes...)
			}
		case "event_type", "level":
			b = appendJSONString(b, ev.kind)
		case "logger":
			b = appendJSONString(b, ev.logger)
		case "operation":
			b = appendNullStr(b, ev.operation)
		case "manager_name":
			b = appendNullStr(b, ev.manager)
		case "agent_name":
			b = appendNullStr(b, ev.agent)
		case "node_instance_id":
			b = appendNullStr(b, ev.nodeInstance)
		case "node_name":
			b = appendNullStr(b, ev.nodeName)
		case "type":
			if ev.isLog {
				b = append(b, `"cloudify_log"`...)
			} else {
				b = append(b, `"cloudify_event"`...)
			}
		default: // execution_group_id, source_id, target_id
			b = append(b, "null"...)
		}
	}
	return append(b, '}')
}

func (s *Simulator) eventsRoot(req *request) (int, []byte, *apiError) {
	if req.r.Method == "POST" {
		return s.postEvents(req)
	}
	return s.listEvents(req)
}

// ilike matches SQL ILIKE patterns (% and _).
func ilike(pattern, v string) bool {
	p := []rune(strings.ToLower(pattern))
	t := []rune(strings.ToLower(v))
	var match func(i, j int) bool
	memo := map[[2]int]bool{}
	match = func(i, j int) bool {
		if r, ok := memo[[2]int{i, j}]; ok {
			return r
		}
		var r bool
		switch {
		case i == len(p):
			r = j == len(t)
		case p[i] == '%':
			r = match(i+1, j) || (j < len(t) && match(i, j+1))
		case j < len(t) && (p[i] == '_' || p[i] == t[j]):
			r = match(i+1, j+1)
		}
		memo[[2]int{i, j}] = r
		return r
	}
	return match(0, 0)
}

type eventQuery struct {
	filters map[string][]string
	types   [2]bool // events, logs
	rng     []rangeFilter
}

type rangeFilter struct {
	field    string
	from, to int64 // 0 = open
}

func (s *Simulator) evField(ev *eventRec, k string) (string, bool) {
	e := ev.exec
	switch k {
	case "execution_id":
		return e.id, false
	case "deployment_id":
		return e.deploymentID(), e.dep == nil
	case "blueprint_id":
		return e.blueprintID(), e.dep == nil
	case "node_id":
		return ev.nodeName, ev.nodeName == ""
	case "node_instance_id":
		return ev.nodeInstance, ev.nodeInstance == ""
	case "event_type":
		return ev.kind, ev.isLog
	case "level":
		return ev.kind, !ev.isLog
	case "operation":
		return ev.operation, ev.operation == ""
	case "message":
		return ev.message, false
	case "workflow_id":
		return e.workflow, false
	case "logger":
		return ev.logger, !ev.isLog
	case "manager_name":
		return ev.manager, ev.manager == ""
	case "agent_name":
		return ev.agent, ev.agent == ""
	case "deployment_display_name":
		if e.dep == nil {
			return "", true
		}
		return e.dep.displayName, false
	}
	return "", true
}

func (q *eventQuery) match(s *Simulator, ev *eventRec) bool {
	if !q.types[boolIdx(ev.isLog)] {
		return false
	}
	for k, vals := range q.filters {
		v, null := s.evField(ev, k)
		ok := false
		for _, want := range vals {
			if null {
				continue
			}
			if k == "message" || k == "operation" {
				if ilike(want, v) {
					ok = true
				}
			} else if v == want {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	for _, r := range q.rng {
		t := ev.ts
		if r.field == "reported_timestamp" {
			t = ev.reported
		}
		if (r.from != 0 && t < r.from) || (r.to != 0 && t >= r.to) {
			return false
		}
	}
	return true
}

func parseStamp(v string) (int64, bool) {
	if v == "" {
		return 0, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UnixMilli(), true
		}
	}
	return 0, false
}

func (s *Simulator) listEvents(req *request) (int, []byte, *apiError) {
	q := &eventQuery{filters: map[string][]string{}, types: [2]bool{true, true}}
	allowed := map[string]bool{"blueprint_id": true, "deployment_id": true, "event_type": true, "execution_group_id": true,
		"execution_id": true, "level": true, "message": true, "node_id": true, "node_instance_id": true, "operation": true}
	for _, p := range req.q {
		k := p.k
		if k == "message.text" {
			k = "message"
		}
		switch {
		case k == "type":
			continue
		case strings.HasPrefix(k, "_"):
			continue
		case !allowed[k]:
			return 0, nil, badParams("Unknown field to filter by: " + k + ". Allowed values: " + eventFilterNames)
		}
		q.filters[k] = append(q.filters[k], p.v)
	}
	if types := req.q.all("type"); len(types) > 0 {
		q.types = [2]bool{}
		for _, t := range types {
			switch t {
			case "cloudify_event":
				q.types[0] = true
			case "cloudify_log":
				q.types[1] = true
			}
		}
	}
	if _, ok := q.filters["event_type"]; ok {
		q.types[1] = false
	}
	if _, ok := q.filters["level"]; ok {
		q.types[0] = false
	}
	if _, ok := q.filters["execution_group_id"]; ok {
		q.types = [2]bool{} // no execution groups here
	}
	for _, r := range req.q.all("_range") {
		parts := strings.Split(r, ",")
		if len(parts) != 3 {
			return 0, nil, &apiError{status: 400, code: "bad_parameters_error", noTraceback: true,
				message: "1 validation error for ListQuery\n_range\n  invalid range: " + r}
		}
		from, ok1 := parseStamp(parts[1])
		to, ok2 := parseStamp(parts[2])
		if !ok1 || !ok2 {
			return 0, nil, badParams("Invalid range: " + r)
		}
		q.rng = append(q.rng, rangeFilter{field: strings.TrimPrefix(parts[0], "@"), from: from, to: to})
	}
	type evSort struct {
		key  string
		desc bool
	}
	var sorts []evSort
	for _, v := range req.q.all("_sort") {
		k := evSort{}
		switch {
		case strings.HasPrefix(v, "-"):
			k.desc, v = true, v[1:]
		case strings.HasPrefix(v, "+"):
			v = v[1:]
		}
		v = strings.TrimPrefix(v, "@")
		known := v == "timestamp" || v == "reported_timestamp" || v == "_storage_id" || v == "type"
		for _, ek := range eventKeys {
			known = known || ek == v
		}
		if !known {
			return 0, nil, badParams("Unknown field to sort by: " + v)
		}
		k.key = v
		sorts = append(sorts, k)
	}
	var include map[string]bool
	if v, ok := req.q.last("_include"); ok {
		include = map[string]bool{}
		for _, k := range strings.Split(v, ",") {
			include[strings.TrimPrefix(k, "@")] = true
		}
	}
	size, offset, e := parsePaging(req.q, 10000)
	if e != nil {
		return 0, nil, e
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var candidates []int32
	if ids, ok := q.filters["execution_id"]; ok {
		for _, id := range ids {
			if ex := s.byID[id]; ex != nil {
				candidates = append(candidates, s.evByExec[ex]...)
			}
		}
		sort.Slice(candidates, func(i, j int) bool { return candidates[i] < candidates[j] })
	} else {
		candidates = make([]int32, len(s.events))
		for i := range candidates {
			candidates[i] = int32(i)
		}
	}
	var matched []*eventRec
	for _, i := range candidates {
		ev := s.events[i]
		if !req.visible(ev.exec.tenant) || !q.match(s, ev) {
			continue
		}
		matched = append(matched, ev)
	}
	lastDesc := len(sorts) > 0 && sorts[len(sorts)-1].desc
	sorts = append(sorts, evSort{"timestamp", lastDesc}, evSort{"\x00seq", lastDesc})
	sort.SliceStable(matched, func(i, j int) bool {
		a, b := matched[i], matched[j]
		for _, k := range sorts {
			var c int
			switch k.key {
			case "timestamp":
				c = cmpInt(a.ts, b.ts)
			case "reported_timestamp":
				c = cmpInt(a.reported, b.reported)
			case "_storage_id":
				c = cmpInt(int64(a.storageID), int64(b.storageID))
			case "\x00seq":
				c = cmpInt(int64(a.seq), int64(b.seq))
			case "type":
				c = cmpInt(int64(boolIdx(a.isLog)), int64(boolIdx(b.isLog)))
			default:
				av, an := s.evField(a, k.key)
				bv, bn := s.evField(b, k.key)
				c = compareNullable(av, an, bv, bn)
			}
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return false
	})
	total := len(matched)
	page := matched[min(offset, total):]
	if len(page) > size {
		page = page[:size]
	}
	b := fmt.Appendf(nil, `{"metadata": {"pagination": {"size": %d, "offset": %d, "total": %d}}, "items": [`, size, offset, total)
	req.rows = len(page)
	for i, ev := range page {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = s.appendEvent(b, ev, include)
	}
	return 200, append(b, "]}"...), nil
}

type rawEvent struct {
	EventType string `json:"event_type"`
	Logger    string `json:"logger"`
	Level     string `json:"level"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	Context struct {
		NodeID      string          `json:"node_id"`
		NodeName    string          `json:"node_name"`
		Operation   string          `json:"operation"`
		ErrorCauses json.RawMessage `json:"task_error_causes"`
		ExecutionID string          `json:"execution_id"`
	} `json:"context"`
	Timestamp string `json:"timestamp"`
}

func (s *Simulator) postEvents(req *request) (int, []byte, *apiError) {
	if _, e := readJSONBody(req); e != nil {
		return 0, nil, e
	}
	var body struct {
		Events      []rawEvent `json:"events"`
		Logs        []rawEvent `json:"logs"`
		ExecutionID string     `json:"execution_id"`
		Manager     *string    `json:"manager_name"`
		Agent       *string    `json:"agent_name"`
	}
	if err := json.Unmarshal(req.rawBody, &body); err != nil {
		return 0, nil, badParams("Invalid events body: " + err.Error())
	}
	if len(body.Events) == 0 && len(body.Logs) == 0 {
		return 204, nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ex := s.findExec(req, body.ExecutionID)
	if ex == nil {
		return 0, nil, notFoundExec(body.ExecutionID)
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	add := func(r rawEvent, isLog bool) {
		ev := &eventRec{isLog: isLog, exec: ex, message: r.Message.Text, nodeInstance: r.Context.NodeID,
			nodeName: r.Context.NodeName, manager: str(body.Manager), agent: str(body.Agent)}
		if ts, ok := parseStamp(r.Timestamp); ok {
			ev.ts = ts
		}
		if isLog {
			ev.kind, ev.logger, ev.operation = r.Level, r.Logger, r.Context.Operation
		} else {
			ev.kind = r.EventType
			if len(r.Context.ErrorCauses) > 0 && string(r.Context.ErrorCauses) != "null" {
				ev.causes = normaliseCauses(r.Context.ErrorCauses)
			}
		}
		s.addEvent(ev)
	}
	for _, r := range body.Events {
		add(r, false)
	}
	for _, r := range body.Logs {
		add(r, true)
	}
	return 201, []byte("null"), nil
}

// normaliseCauses renders error causes as a JSON list of {message, type,
// traceback} (the shape every client can print).
func normaliseCauses(raw json.RawMessage) json.RawMessage {
	var causes []struct {
		Message   string `json:"message"`
		Type      string `json:"type"`
		Traceback string `json:"traceback"`
	}
	if json.Unmarshal(raw, &causes) != nil {
		var text string
		if json.Unmarshal(raw, &text) != nil || json.Unmarshal([]byte(text), &causes) != nil {
			return nil
		}
	}
	return rawJSON(causes)
}
