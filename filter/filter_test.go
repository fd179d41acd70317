package filter

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cfytop/cfytop/client"
)

func exec(id, wf, dep, bp string, st client.Status, by, tenant string) client.Execution {
	e := client.Execution{ID: id, WorkflowID: wf, Status: st, CreatedBy: by, TenantName: tenant}
	if dep != "" {
		e.DeploymentID = client.Some(dep)
	}
	if bp != "" {
		e.BlueprintID = client.Some(bp)
	}
	return e
}

var (
	install = exec("3f2a9c1e-0000-4000-8000-000000000001", "install", "web-prod", "WebApp", client.StatusTerminated, "admin", "default_tenant")
	failed  = exec("77aa0000-0000-4000-8000-000000000002", "uninstall", "db-Staging", "postgres", client.StatusFailed, "alice", "ops-team")
	running = exec("9b000000-0000-4000-8000-000000000003", "scale", "web prod", "WebApp", client.StatusStarted, "bob", "default_tenant")
	queued  = exec("c0ffee00-0000-4000-8000-000000000004", "heal", "cache", "redis", client.StatusQueued, "admin", "ops-team")
	system  = exec("deadbeef-0000-4000-8000-000000000005", "create_deployment_environment", "", "", client.StatusCancelling, "admin", "default_tenant")
	dryrun  = exec("abcdef00-0000-4000-8000-000000000006", "update", "Web-Prod", "WebApp", client.StatusScheduled, "carol", "default_tenant")
	hostile = exec("e5e5e5e5-0000-4000-8000-000000000007", "inst\x1b]2;pwned\x07all", "dep\x1b[2J1", "", client.StatusKillCancelling, "mallory", "default_tenant")
)

var all = func() []client.Execution {
	system.IsSystemWorkflow = true
	dryrun.IsDryRun = true
	return []client.Execution{install, failed, running, queued, system, dryrun, hostile}
}()

// matches returns the short IDs of the executions q matches.
func matches(t *testing.T, src string) string {
	t.Helper()
	q, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	var out []string
	for i := range all {
		r := NewRow(&all[i])
		if q.Match(&r) {
			out = append(out, all[i].ID[:4])
		}
	}
	return strings.Join(out, " ")
}

func TestMatch(t *testing.T) {
	tests := []struct {
		query, want string
	}{
		{"", "3f2a 77aa 9b00 c0ff dead abcd e5e5"},
		{"   ", "3f2a 77aa 9b00 c0ff dead abcd e5e5"},
		// bare terms: substring of any field, smart case
		{"web", "3f2a 9b00 abcd"},
		{"Web", "3f2a 9b00 abcd"}, // the WebApp blueprint
		{"Web-Prod", "abcd"},
		{"web-prod", "3f2a abcd"},
		{"staging", "77aa"},
		{"Staging", "77aa"},
		{"STAGING", ""},
		{"completed", "3f2a"},
		{"terminated", "3f2a"},
		{"alice", "77aa"},
		{"ops-team", "77aa c0ff"},
		{"c0ffee", "c0ff"},
		{"redis", "c0ff"},
		{"cancelling", "dead e5e5"},
		{"web admin", "3f2a"},
		{"web !admin", "9b00 abcd"},
		// control characters in the query are dropped; a term never matches
		// across two fields
		{"install\x00", "3f2a 77aa e5e5"},
		{"ll\x00dep", ""},
		{"allweb", ""}, // install + web-prod would match without separators
		{"prod admin", "3f2a"},
		{"tenantdefault", ""},
		// qualifiers
		{"status:failed", "77aa"},
		{"status:fail", "77aa"},
		{"status:completed", "3f2a"},
		{"status:comp", "3f2a"},
		{"status:terminated", "3f2a"},
		{"status:Failed", "77aa"},
		{"status:c", "3f2a dead"}, // completed, cancelling (not kill_cancelling)
		{"status:cancel", "dead"},
		{"status:kill", "e5e5"},
		{"!status:failed", "3f2a 9b00 c0ff dead abcd e5e5"},
		{"dep:web", "3f2a 9b00 abcd"},
		{"dep:Web", "abcd"},
		{`dep:"web prod"`, "9b00"},
		{`"web prod"`, "9b00"},
		{`!"web prod"`, "3f2a 77aa c0ff dead abcd e5e5"},
		{"wf:install", "3f2a 77aa e5e5"},
		{"wf:inst", "3f2a 77aa e5e5"},
		{"wf:uninst", "77aa"},
		{"bp:webapp", "3f2a 9b00 abcd"},
		{"bp:WebApp", "3f2a 9b00 abcd"},
		{"bp:Webapp", ""},
		{"by:admin", "3f2a c0ff dead"},
		{"by:ALICE", ""},
		{"tenant:ops", "77aa c0ff"},
		{"tenant:default !by:admin", "9b00 abcd e5e5"},
		{"id:3f2a", "3f2a"},
		{"id:3f2a9c1e", "3f2a"},
		{"id:9c1e", ""}, // id: is a prefix, not a substring
		{"id:3F2A", ""},
		{"!id:3f", "77aa 9b00 c0ff dead abcd e5e5"},
		{"Dep:web Status:started", "9b00"},
		// is:
		{"is:active", "9b00 dead e5e5"},
		{"!is:active", "3f2a 77aa c0ff abcd"},
		{"is:waiting", "c0ff abcd"},
		{"is:system", "dead"},
		{"!is:system", "3f2a 77aa 9b00 c0ff abcd e5e5"},
		{"is:dry-run", "abcd"},
		{"IS:ACTIVE", "9b00 dead e5e5"},
		{"is:active !is:system dep:dep", "e5e5"},
		// control characters are stripped from the record before matching
		{"install", "3f2a 77aa e5e5"},
		{"pwned", ""},
		{"dep1", "e5e5"},
		// quotes with escapes
		{`"web\"x"`, ""},
		{`dep:"web"`, "3f2a 9b00 abcd"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if got := matches(t, tt.query); got != tt.want {
				t.Errorf("%q matched %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		query string
		want  []string // substrings the error must contain
	}{
		{"foo:x", []string{`unknown qualifier "foo:"`, "status: dep: wf: bp: by: tenant: id: is:", `"foo:x"`}},
		{"web http://x", []string{`unknown qualifier "http:"`}},
		{"is:running", []string{`unknown value "running" for is:`, "is:active is:waiting is:system is:dry-run"}},
		{"is:", []string{"is: needs a value", "is:active"}},
		{"dep:", []string{"dep: needs a value", "dep:web"}},
		{`dep:""`, []string{"dep: needs a value"}},
		{"status:", []string{"status: needs a value"}},
		{"status:running", []string{`no status starts with "running"`, "completed (terminated)", "kill_cancelling"}},
		{"id: web", []string{"id: needs a value"}},
		{`dep:"web prod`, []string{"unclosed quote", `"web prod`}},
		{`"web`, []string{"unclosed quote"}},
		{`web"`, []string{"unexpected quote"}},
		{`dep:web"prod"`, []string{"unexpected quote"}},
		{`"web"prod`, []string{"after the closing quote"}},
		{`""`, []string{"empty quotes"}},
		{"!", []string{`"!" must be followed by a term`}},
		{"web !", []string{`"!" must be followed by a term`}},
		{"! web", []string{`"!" must be followed by a term`}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := Parse(tt.query)
			if err == nil {
				t.Fatalf("Parse(%q) = %q, want an error", tt.query, q.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if !q.Empty() {
				t.Errorf("a failed parse returned a non-empty query")
			}
		})
	}
}

func TestStringRoundTrip(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  web   prod ", "web prod"},
		{"!web", "!web"},
		{`dep:"web prod"`, `dep:"web prod"`},
		{`"web prod"`, `"web prod"`},
		{`"a:b"`, `"a:b"`},
		{`"!x"`, `"!x"`},
		{`"say \"hi\""`, `"say \"hi\""`},
		{`"back\\slash"`, `"back\\slash"`},
		{"Status:Failed IS:Active", "status:failed is:active"},
		{"DEP:Web !id:3f tenant:ops by:me bp:x wf:y is:dry-run is:system is:waiting", "dep:Web !id:3f tenant:ops by:me bp:x wf:y is:dry-run is:system is:waiting"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			again, err := Parse(q.String())
			if err != nil {
				t.Fatalf("canonical form %q does not parse: %v", q.String(), err)
			}
			if again.String() != q.String() {
				t.Errorf("round trip changed %q to %q", q.String(), again.String())
			}
			for i := range all {
				r := NewRow(&all[i])
				if q.Match(&r) != again.Match(&r) {
					t.Errorf("round trip of %q matches %s differently", tt.in, all[i].ID[:8])
				}
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	var zero Query
	if !zero.Empty() || zero.String() != "" {
		t.Errorf("zero query is not empty")
	}
	q, _ := Parse("web")
	if q.Empty() {
		t.Errorf("query with a term is empty")
	}
	r := NewRow(&install)
	if !zero.Match(&r) {
		t.Errorf("the empty query must match everything")
	}
}

func TestRefines(t *testing.T) {
	tests := []struct {
		prev, next string
		want       bool
	}{
		{"", "w", true},
		{"w", "we", true},
		{"we", "w", false},
		{"web", "web prod", true},
		{"web prod", "web", false},
		{"web", "Web", false},
		{"dep:we", "dep:web", true},
		{"dep:web", "wf:web", false},
		{"id:3f", "id:3f2a", true},
		{"id:3f2a", "id:3f", false},
		{"status:c", "status:ca", true},
		{"!web", "!we", true}, // lacking "we" implies lacking "web"
		{"!we", "!web", false},
		{"!id:3f2a", "!id:3f", true},
		{"is:active", "is:active dep:x", true},
		{"is:active", "is:system", false},
		{"web", "!web", false},
	}
	for _, tt := range tests {
		t.Run(tt.prev+"→"+tt.next, func(t *testing.T) {
			p, _ := Parse(tt.prev)
			n, _ := Parse(tt.next)
			if got := n.Refines(p); got != tt.want {
				t.Errorf("Refines = %v, want %v", got, tt.want)
			}
			if !tt.want {
				return
			}
			// When it refines, nothing next matches may be missing from prev.
			for i := range all {
				r := NewRow(&all[i])
				if n.Match(&r) && !p.Match(&r) {
					t.Errorf("%q matches %s but %q does not", tt.next, all[i].ID[:8], tt.prev)
				}
			}
		})
	}
}

func TestRowFields(t *testing.T) {
	r := NewRow(&hostile)
	if got := r.Field(FieldWorkflow); got != "install" {
		t.Errorf("workflow = %q", got)
	}
	if got := r.Field(FieldDeployment); got != "dep1" {
		t.Errorf("deployment = %q", got)
	}
	r = NewRow(&failed)
	for f, want := range map[Field]string{
		FieldID: failed.ID, FieldWorkflow: "uninstall", FieldDeployment: "db-Staging", FieldBlueprint: "postgres",
		FieldStatus: "failed", FieldDisplay: "failed", FieldCreator: "alice", FieldTenant: "ops-team",
	} {
		if got := r.Field(f); got != want {
			t.Errorf("Field(%d) = %q, want %q", f, got, want)
		}
	}
	if got := string(r.LowerField(FieldDeployment)); got != "db-staging" {
		t.Errorf("LowerField = %q", got)
	}
	r = NewRow(&install)
	if got := r.Field(FieldDisplay); got != "completed" {
		t.Errorf("display of terminated = %q", got)
	}
	withDisplay := install
	withDisplay.StatusDisplay = "completed\x1b[2J"
	r = NewRow(&withDisplay)
	if got := r.Field(FieldDisplay); got != "completed" {
		t.Errorf("display from the manager = %q", got)
	}
}

// benchRows builds n search records shaped like a busy manager's.
func benchRows(n int) []Row {
	wfs := []string{"install", "uninstall", "scale", "heal", "update", "execute_operation", "restart"}
	sts := client.AllStatuses
	rows := make([]Row, n)
	for i := range rows {
		e := exec(fmt.Sprintf("%08x-%04x-4000-8000-%012x", i*2654435761%(1<<32), i%65536, i),
			wfs[i%len(wfs)], fmt.Sprintf("web-prod-eu-%04d", i%1500), fmt.Sprintf("WebApp-%02d", i%40),
			sts[i%len(sts)], fmt.Sprintf("user%02d", i%30), "default_tenant")
		rows[i] = NewRow(&e)
	}
	return rows
}

var hits int

func benchmarkMatch(b *testing.B, src string) {
	rows := benchRows(100_000)
	q, err := Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		for i := range rows {
			if q.Match(&rows[i]) {
				n++
			}
		}
		hits = n
	}
}

// Matching 100,000 records one by one, for comparison with Set.Scan.
func BenchmarkMatch100kBare(b *testing.B) { benchmarkMatch(b, "prod-eu-01") }
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(`status:failed dep:"web prod" !is:system wf:inst`); err != nil {
			b.Fatal(err)
		}
	}
}

func benchSet(n int) *Set {
	wfs := []string{"install", "uninstall", "scale", "heal", "update", "execute_operation", "restart"}
	sts := client.AllStatuses
	s := &Set{}
	for i := range n {
		e := exec(fmt.Sprintf("%08x-%04x-4000-8000-%012x", uint32(i*2654435761), i%65536, i),
			wfs[i%len(wfs)], fmt.Sprintf("web-prod-eu-%04d", i%1500), fmt.Sprintf("WebApp-%02d", i%40),
			sts[i%len(sts)], fmt.Sprintf("user%02d", i%30), "default_tenant")
		e.IsSystemWorkflow = i%50 == 0
		s.Put(int32(i), &e)
	}
	return s
}

func benchmarkScan(b *testing.B, src string) {
	s := benchSet(100_000)
	q, err := Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]bool, s.Len())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		hits = q.Scan(s, out)
	}
}

// One keystroke's worth of matching over 100,000 records.
func BenchmarkScan100kRare(b *testing.B)      { benchmarkScan(b, "prod-eu-01") }
func BenchmarkScan100kCommon(b *testing.B)    { benchmarkScan(b, "web") }
func BenchmarkScan100kSmartCase(b *testing.B) { benchmarkScan(b, "WebApp-1") }
func BenchmarkScan100kMixed(b *testing.B) {
	benchmarkScan(b, "status:fail dep:web !by:user1 !is:system")
}
func BenchmarkScan100kID(b *testing.B) { benchmarkScan(b, "id:9e") }

// TestSetScanMatchesRows checks that scanning a Set gives the same answer
// as matching each record alone, through rewrites, deletions and arena
// compactions.
func TestSetScanMatchesRows(t *testing.T) {
	queries := []string{
		"", "web", "Web", "web prod", "!web", "dep:web", "dep:Web", "!dep:web", "wf:install", "bp:webapp",
		"by:admin", "tenant:ops", "id:3f", "id:c0ffee", "status:c", "!status:failed", "is:active", "is:waiting",
		"is:system", "is:dry-run", "admin !is:system dep:web", "completed", "e5e5", "install", `"web prod"`,
		"webapp-1", "WebApp-1", "user1", "prod-eu-00",
	}
	s := &Set{}
	var recs []client.Execution
	check := func(stage string) {
		t.Helper()
		out := make([]bool, s.Len())
		for _, src := range queries {
			q, err := Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			n := q.Scan(s, out)
			count := 0
			for i := range recs {
				want := false
				if s.Live(int32(i)) {
					r := NewRow(&recs[i])
					want = q.Match(&r)
					got := s.Row(int32(i))
					if q.Match(&got) != want {
						t.Fatalf("%s: %q: Set.Row(%d) matches differently from NewRow", stage, src, i)
					}
				}
				if out[i] != want {
					t.Fatalf("%s: %q: record %d (%s): scan %v, match %v", stage, src, i, recs[i].ID[:8], out[i], want)
				}
				if want {
					count++
				}
			}
			if n != count {
				t.Fatalf("%s: %q: scan counted %d, want %d", stage, src, n, count)
			}
		}
	}
	for i := range all {
		recs = append(recs, all[i])
		s.Put(int32(i), &all[i])
	}
	check("small")
	// Many records, then rewrite them all several times (forcing compactions),
	// delete some, and reuse numbers.
	for i := len(recs); i < 3000; i++ {
		e := exec(fmt.Sprintf("%08x-0000-4000-8000-%012x", i*7919, i), []string{"install", "scale"}[i%2],
			fmt.Sprintf("web-prod-eu-%04d", i%1500), fmt.Sprintf("WebApp-%02d", i%40), client.AllStatuses[i%10],
			fmt.Sprintf("user%02d", i%30), []string{"default_tenant", "ops-team"}[i%2])
		e.IsSystemWorkflow = i%50 == 0
		recs = append(recs, e)
		s.Put(int32(i), &recs[i])
	}
	check("3000")
	for round := range 3 {
		for i := range recs {
			if (i+round)%3 == 0 {
				recs[i].Status = client.AllStatuses[(i+round+1)%10]
				recs[i].DeploymentID = client.Some(fmt.Sprintf("Web-Prod-%d", round))
				s.Put(int32(i), &recs[i])
			}
		}
		check(fmt.Sprintf("rewrite %d", round))
	}
	for i := 0; i < len(recs); i += 5 {
		s.Delete(int32(i))
	}
	s.Delete(int32(len(recs) + 10)) // unknown: ignored
	check("deleted")
	for i := 0; i < len(recs); i += 10 {
		s.Put(int32(i), &recs[i])
	}
	check("reused")
	if s.dead > s.live && s.dead >= 1024 {
		t.Errorf("arena not compacted: %d dead, %d live", s.dead, s.live)
	}
}

func TestUnicodeAndLongFields(t *testing.T) {
	e := exec("u1", "Überprüfung", "déploiement-ÉTÉ", "\u212Aelvin", client.StatusStarted, "Zoë", "t")
	long := exec("u2", strings.Repeat("é", 3000)+"tail", "d", "b", client.StatusStarted, "x", "t")
	recs := []client.Execution{e, long}
	s := &Set{}
	for i := range recs {
		s.Put(int32(i), &recs[i])
	}
	for _, tt := range []struct {
		q    string
		want []bool
	}{
		{"überprüfung", []bool{true, false}},
		{"ÜBERPRÜFUNG", []bool{false, false}}, // upper case: case-sensitive
		{"Überprüfung", []bool{true, false}},
		{"dep:été", []bool{true, false}},
		{"dep:ÉTÉ", []bool{true, false}},
		{"by:zoë", []bool{true, false}},
		{"\u212Aelvin", []bool{true, false}}, // the Kelvin sign is kept as is
		{"wf:éé", []bool{false, true}},
		{"tail", []bool{false, false}}, // beyond the 4096-byte cap of a field
	} {
		q, err := Parse(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]bool, s.Len())
		q.Scan(s, out)
		for i := range recs {
			r := NewRow(&recs[i])
			if got := q.Match(&r); got != tt.want[i] || out[i] != tt.want[i] {
				t.Errorf("%q on record %d: match %v scan %v, want %v", tt.q, i, got, out[i], tt.want[i])
			}
		}
	}
	r := NewRow(&long)
	if f := r.Field(FieldWorkflow); len(f) > maxFieldLen || !strings.HasPrefix(f, "é") || strings.ContainsRune(f, utf8.RuneError) {
		t.Errorf("long field cut badly: %d bytes", len(f))
	}
	if got := string(s.LowerField(0, FieldDeployment)); got != "déploiement-été" {
		t.Errorf("Set.LowerField = %q", got)
	}
	none := s.Row(9)
	if s.LowerField(9, FieldID) != nil || none.Field(FieldID) != "" {
		t.Errorf("unknown record has fields")
	}
	if DisplayWord(&recs[0]) != "started" {
		t.Errorf("DisplayWord = %q", DisplayWord(&recs[0]))
	}
}

func TestFinder(t *testing.T) {
	arena := []byte(strings.Repeat("eeee-0000-abab\x00", 40) + "needle-0e\x00" + strings.Repeat("e-0\x00", 50) + "xe-0")
	for _, pat := range []string{"needle-0e", "e-0", "xe-0", "e", "x", "0e", "nope", "ab\x00e", "-0000-abab"} {
		want := []int{}
		for i := 0; i+len(pat) <= len(arena); i++ {
			if string(arena[i:i+len(pat)]) == pat {
				want = append(want, i)
			}
		}
		for _, windowed := range []bool{false, true} {
			f := newFinder(arena, []byte(pat))
			f.windowed = windowed && len(pat) >= 2
			var got []int
			for pos := 0; ; {
				h := f.index(arena, pos)
				if h < 0 {
					break
				}
				got = append(got, h)
				pos = h + 1
			}
			if fmt.Sprint(got) != fmt.Sprint(want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("%q windowed=%v: found at %v, want %v", pat, windowed, got, want)
			}
		}
	}
}
