package simulator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DELETE /api/v3.1/executions (cloudify-api-operations.md §5.1): delete
// ended executions, oldest first, keeping the last terminated
// create_deployment_environment of each deployment. The manager's quirks are
// kept: any status filter is refused (filters are lists), keep_last larger
// than the candidates still deletes one, a deployment whose candidate
// create_deployment_environment executions include none terminated makes
// it fail with a KeyError (500).

// toDatetimeFormats are the layouts parse_datetime_multiple_formats
// accepts; %f takes 1 to 6 digits.
var toDatetimeFormats = []*regexp.Regexp{
	regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`),
	regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})$`),
	regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})\.(\d{1,6})$`),
	regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{1,6})Z$`),
}

// parseToDatetime returns Unix milliseconds (naive times are UTC, as the
// manager compares them with its UTC created_at).
func parseToDatetime(v any) (int64, *apiError) {
	text, _ := v.(string)
	bad := badParams(fmt.Sprintf("%s is not a legal time format", pyStr(v)))
	for _, re := range toDatetimeFormats {
		m := re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		n := make([]int, 7)
		for i := 1; i < len(m) && i <= 6; i++ {
			n[i-1], _ = strconv.Atoi(m[i])
		}
		micro := 0
		if len(m) > 7 {
			frac := m[7] + strings.Repeat("0", 6-len(m[7]))
			micro, _ = strconv.Atoi(frac)
		}
		t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], micro*1000, time.UTC)
		if t.Year() != n[0] || int(t.Month()) != n[1] || t.Day() != n[2] || n[3] > 23 || n[4] > 59 || n[5] > 59 {
			return 0, bad
		}
		return t.UnixMicro(), nil
	}
	return 0, bad
}

func (s *Simulator) deleteExecutions(req *request) (int, []byte, *apiError) {
	body, e := readJSONBody(req)
	if e != nil {
		return 0, nil, e
	}
	keepRaw, hasKeep := body["keep_last"]
	toRaw, hasTo := body["to_datetime"]
	keep := int64(0)
	if hasKeep {
		// Python's isinstance(v, int): a JSON bool is an int too.
		switch v := keepRaw.(type) {
		case bool:
			keep = int64(boolIdx(v))
		case json.Number:
			n, err := strconv.ParseInt(v.String(), 10, 64)
			if err != nil {
				return 0, nil, badParams("keep_last parameter is expected to be of type int but is of type " + pyTypeName(v))
			}
			keep = n
		default:
			return 0, nil, badParams("keep_last parameter is expected to be of type int but is of type " + pyTypeName(v))
		}
		if hasTo {
			return 0, nil, badParams("Must provide either a `to_datetime` timestamp or a `keep_last` number of executions to keep")
		}
		if keep <= 0 {
			shown := strconv.FormatInt(keep, 10)
			if b, isBool := keepRaw.(bool); isBool && !b {
				shown = "False"
			}
			return 0, nil, badParams(fmt.Sprintf("`keep_last` must be an integer greater than 0. got %s instead.", shown))
		}
	}
	var before int64 // Unix microseconds
	if hasTo {
		if before, e = parseToDatetime(toRaw); e != nil {
			return 0, nil, e
		}
	}
	f, e := s.compileFilter(req, true)
	if e != nil {
		return 0, nil, e
	}
	if _, given := req.q.last("status"); given {
		return 0, nil, badParams(fmt.Sprintf("Can't filter by execution status `%s`. Allowed statuses are: %s",
			pyList(req.q.all("status")), pyList([]string{"terminated", "failed", "cancelled"})))
	}
	var pag []string
	for _, k := range []string{"_size", "_offset"} {
		if v, ok := req.q.last(k); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 {
				_, _, pe := parsePaging(req.q, 1000)
				return 0, nil, pe
			}
			pag = append(pag, fmt.Sprintf("%q: %d", k[1:], n))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var cands []*execRec
	creates := map[*deployment]int{}
	for _, ex := range s.execs { // oldest first
		if !ex.status.isEnd() || !f.match(s, ex) {
			continue
		}
		cands = append(cands, ex)
		if ex.workflow == "create_deployment_environment" && ex.status == stTerminated {
			creates[ex.dep]++
		}
	}
	doomed := map[*execRec]bool{}
	canDelete := func(ex *execRec) (bool, *apiError) {
		if ex.workflow != "create_deployment_environment" {
			return true, nil
		}
		n, ok := creates[ex.dep]
		if !ok {
			return false, &apiError{status: 500, code: "internal_server_error",
				message:   "Internal error occurred in manager REST server - KeyError: '" + ex.deploymentID() + "'",
				traceback: "Traceback (most recent call last):\n  File \"/opt/manager/env/lib/python3.11/site-packages/manager_rest/rest/resources_v3_1/executions.py\", line 106, in _can_delete_execution\n    if dep_creation_execs[execution.deployment_id] <= 1:\nKeyError: '" + ex.deploymentID() + "'\n"}
		}
		if n <= 1 {
			return false, nil
		}
		creates[ex.dep] = n - 1
		return true, nil
	}
	if hasTo {
		for _, ex := range cands {
			if ex.created*1000 >= before {
				continue
			}
			ok, e := canDelete(ex)
			if e != nil {
				return 0, nil, e
			}
			if ok {
				doomed[ex] = true
			}
		}
	} else {
		maxDelete := int64(len(cands)) - keep
		for _, ex := range cands {
			ok, e := canDelete(ex)
			if e != nil {
				return 0, nil, e
			}
			if ok {
				doomed[ex] = true
				if keep > 0 && int64(len(doomed)) >= maxDelete {
					break
				}
			}
		}
	}
	s.removeExecutions(doomed)
	req.rows = 1
	return 200, fmt.Appendf(nil, `{"metadata": {"pagination": {%s}}, "items": [{"count": %d}]}`, strings.Join(pag, ", "), len(doomed)), nil
}

// removeExecutions drops executions with their events, tasks graphs and
// operations (the manager's ON DELETE CASCADE); callers hold mu.
func (s *Simulator) removeExecutions(doomed map[*execRec]bool) {
	if len(doomed) == 0 {
		return
	}
	kept := s.execs[:0]
	for _, ex := range s.execs {
		if !doomed[ex] {
			kept = append(kept, ex)
			continue
		}
		delete(s.byID, ex.id)
		delete(s.live, ex)
		delete(s.runs, ex)
		delete(s.evByExec, ex)
		s.dropGraphs(ex)
		if g := s.groups.member[ex]; g != nil {
			// The group's association goes with the execution.
			g.members = slices.DeleteFunc(g.members, func(m *execRec) bool { return m == ex })
			delete(s.groups.member, ex)
		}
		if d := ex.dep; d != nil {
			if d.latest == ex {
				d.latest = nil
			}
			if d.createExec == ex {
				d.createExec = nil
			}
		}
	}
	clear(s.execs[len(kept):])
	s.execs = kept
	evs := s.events[:0]
	for _, ev := range s.events {
		if !doomed[ev.exec] {
			ev.seq = int32(len(evs))
			evs = append(evs, ev)
		}
	}
	clear(s.events[len(evs):])
	s.events = evs
	for ex := range s.evByExec {
		s.evByExec[ex] = s.evByExec[ex][:0]
	}
	for _, ev := range s.events {
		s.evByExec[ev.exec] = append(s.evByExec[ev.exec], ev.seq)
	}
}
