package simulator

import (
	"strings"
	"testing"
	"time"
)

// cloudify-api-operations.md §5.3: GET /tokens lists every user's tokens
// for the admin, secrets masked, with the hook tokens the manager makes
// itself when an execution is queued, starts or ends (10 hours).
func TestTokensList(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true, Worker: true})
	tok := s.NewToken()
	a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"})
	id := a.str("id")
	q := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "install", "queue": true})
	runToEnd(t, s, clock, id)
	final, _ := s.Execution(id)

	l := call(t, s, "GET", "/api/v3.1/tokens", nil, "Tenant", "")
	if l.status != 200 {
		t.Fatalf("%d %s", l.status, l.raw)
	}
	descs := map[string]map[string]any{}
	for _, it := range l.items() {
		if len(it) != 7 || !strings.HasSuffix(it["value"].(string), "-********") || it["role"] != "sys_admin" {
			t.Fatalf("item %v", it)
		}
		if d, ok := it["description"].(string); ok {
			descs[d] = it
		}
	}
	wantHooks := []string{"Hook rest token: workflow_queued " + q.str("id") + ".", "Hook rest token: workflow_started " + id + "."}
	if final.Status == "terminated" {
		wantHooks = append(wantHooks, "Hook rest token: workflow_succeeded "+id+".")
	} else {
		wantHooks = append(wantHooks, "Hook rest token: workflow_failed "+id+".")
	}
	for _, d := range wantHooks {
		it := descs[d]
		if it == nil {
			t.Fatalf("no %q in %s", d, l.raw)
		}
		exp, err := time.Parse(timeLayout, it["expiration_date"].(string))
		if err != nil || exp.Before(testEpoch.Add(10*time.Hour)) || exp.After(clock.Now().Add(10*time.Hour)) {
			t.Fatalf("%s expires %v", d, it["expiration_date"])
		}
	}
	// the test token: no description, no expiry, last_used once used
	tid := strings.Split(tok, "-")[1]
	g := call(t, s, "GET", "/api/v3.1/tokens/"+tid, nil, "Authentication-Token", tok, "Authorization", "")
	if g.status != 200 || g.str("id") != tid || g.obj["last_used"] == nil || g.obj["expiration_date"] != nil {
		t.Fatalf("get own token %d %s", g.status, g.raw)
	}
	// filters on Token columns, unknown ones refused
	f := call(t, s, "GET", "/api/v3.1/tokens?id="+tid, nil)
	if len(f.items()) != 1 || f.total() != 1 {
		t.Fatalf("id filter %s", f.raw)
	}
	wantError(t, call(t, s, "GET", "/api/v3.1/tokens?username=admin", nil), 400, "bad_parameters_error",
		"Filter keys '['username']' do not exist. Allowed keys are: ['id', 'description', 'last_used', 'expiration_date', 'created_at', 'secret_hash']")
	wantError(t, call(t, s, "GET", "/api/v3.1/tokens/nosuchtokn", nil), 404, "not_found_error", "Could not find token nosuchtokn")
	if d := call(t, s, "DELETE", "/api/v3.1/tokens/"+tid, nil); d.status != 204 {
		t.Fatalf("delete %d", d.status)
	}
	if g := call(t, s, "GET", "/api/v3.1/executions", nil, "Authentication-Token", tok, "Authorization", ""); g.status != 401 {
		t.Fatalf("deleted token still works: %d", g.status)
	}
}

// §5.3 and cloudify-api.md §7: a hook token is a real token, expired
// after 10 hours; expired ones go when their user makes a token.
func TestHookTokensExpire(t *testing.T) {
	s, clock := testSim(t, Options{Seed: 1, NoHistory: true})
	a := start(t, s, map[string]any{"deployment_id": "web-prod", "workflow_id": "install"})
	call(t, s, "PATCH", "/api/v3.1/executions/"+a.str("id"), map[string]any{"status": "started"})
	s.mu.RLock()
	var hook *token
	for _, tk := range s.tokens {
		if strings.HasPrefix(tk.description, "Hook rest token: workflow_started") {
			hook = tk
		}
	}
	s.mu.RUnlock()
	if hook == nil {
		t.Fatal("no hook token after PATCH started")
	}
	val := "ctok-" + hook.id + "-" + hook.secret
	if g := call(t, s, "GET", "/api/v3.1/executions", nil, "Authentication-Token", val, "Authorization", ""); g.status != 200 {
		t.Fatalf("hook token refused: %d", g.status)
	}
	clock.Advance(10*time.Hour + time.Second)
	g := call(t, s, "GET", "/api/v3.1/executions", nil, "Authentication-Token", val, "Authorization", "")
	wantError(t, g, 401, "unauthorized_error", "User unauthorized: Token is expired")
	call(t, s, "POST", "/api/v3.1/tokens", map[string]any{"description": "fresh"})
	if l := call(t, s, "GET", "/api/v3.1/tokens", nil); l.total() != 1 {
		t.Fatalf("expired tokens not purged: %s", l.raw)
	}
}
