package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/charmbracelet/x/ansi"
)

func ts(s string) client.Time {
	t, err := client.ParseTime(s)
	if err != nil {
		panic(err)
	}
	return client.Time{Time: t}
}

func sample() []client.Execution {
	return []client.Execution{
		{
			ID: "3f2a9c1e-0000-4000-8000-000000000001", WorkflowID: "install",
			DeploymentID: client.Some("web-prod"), BlueprintID: client.Some("web"),
			Status: client.StatusStarted, CreatedAt: ts("2026-11-29T13:58:04.864Z"),
			StartedAt: client.Some(ts("2026-11-29T13:58:05.000Z")), EndedAt: client.Nullable[client.Time]{Present: true},
			CreatedBy: "admin", TenantName: "default_tenant", TotalOperations: 10, FinishedOperations: 4,
		},
		{
			ID: "9b01ffee-0000-4000-8000-000000000002", WorkflowID: "scale\x1b[2J",
			DeploymentID: client.Some("db-\x1b]2;pwned\x07staging"), Status: client.StatusTerminated,
			CreatedAt: ts("2026-11-29T12:00:00.000Z"), StartedAt: client.Some(ts("2026-11-29T12:00:01.000Z")),
			EndedAt: client.Some(ts("2026-11-29T12:03:06.000Z")), CreatedBy: "bob,\"the\" builder", TenantName: "ops-team",
			IsDryRun: true,
		},
		{
			ID: "c0ffee00-0000-4000-8000-000000000003", WorkflowID: "create_snapshot",
			DeploymentID: client.Nullable[string]{Present: true}, Status: client.StatusQueued,
			CreatedAt: ts("2026-11-29T11:00:00.000Z"), CreatedBy: "admin", IsSystemWorkflow: true,
		},
	}
}

var now = time.Date(2026, 11, 29, 14, 0, 0, 0, time.UTC)

func TestTable(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, sample(), Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Fatalf("escape sequences in the table: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want header + 3 rows, got:\n%s", out)
	}
	want := []string{
		"ID        STATUS       WORKFLOW         DEPLOYMENT  CREATED (UTC)        DURATION  PROGRESS  BY",
		"3f2a9c1e  ▶ started    install          web-prod    2026-11-29 13:58:04  1m55s     4/10      admin",
		`9b01ffee  ✓ completed  scale (dry run)  db-staging  2026-11-29 12:00:00  3m05s     -         bob,"the" builder`,
		"c0ffee00  ◷ queued     create_snapshot  -           2026-11-29 11:00:00  -         -         admin",
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %q\nwant %q", i, lines[i], want[i])
		}
	}
	// Columns line up: the same display width for every row up to the last column.
	col := strings.Index(lines[0], "BY")
	for _, l := range lines[1:] {
		if w := ansi.StringWidth(l[:strings.LastIndex(l, "  ")+2]); w != col {
			t.Errorf("misaligned (%d != %d): %q", w, col, l)
		}
	}
}

func TestTableColorAndTenant(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, sample(), Options{Now: now, Color: true, Tenant: true}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "\x1b[36m▶ started\x1b[0m") || !strings.Contains(out, "\x1b[32m✓ completed\x1b[0m") {
		t.Fatalf("no status colour: %q", out)
	}
	if !strings.Contains(out, "TENANT") || !strings.Contains(out, "ops-team") {
		t.Fatalf("no tenant column: %q", out)
	}
	// Stripping the colour gives the same alignment as without it.
	var plain bytes.Buffer
	_ = WriteTable(&plain, sample(), Options{Now: now, Tenant: true})
	if ansi.Strip(out) != plain.String() {
		t.Fatalf("colour changes the layout:\n%s\n%s", ansi.Strip(out), plain.String())
	}
}

func TestTableEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, Table, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "(no executions)") || !strings.HasPrefix(b.String(), "ID") {
		t.Fatalf("%q", b.String())
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, JSON, sample(), Options{}); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String())
	}
	if len(got) != 3 {
		t.Fatalf("%d items", len(got))
	}
	first := got[0]
	for key, want := range map[string]any{
		"id": "3f2a9c1e-0000-4000-8000-000000000001", "workflow_id": "install", "deployment_id": "web-prod",
		"status": "started", "created_at": "2026-11-29T13:58:04.864Z", "ended_at": nil,
		"total_operations": float64(10), "finished_operations": float64(4), "is_dry_run": false,
	} {
		if v, ok := first[key]; !ok || v != want {
			t.Errorf("%s: got %#v (present %v), want %#v", key, v, ok, want)
		}
	}
	if got[2]["deployment_id"] != nil {
		t.Errorf("null deployment_id: %#v", got[2]["deployment_id"])
	}
	if strings.Contains(b.String(), "\x1b") {
		t.Error("raw escape in JSON")
	}
	b.Reset()
	if err := WriteJSON(&b, nil); err != nil || strings.TrimSpace(b.String()) != "[]" {
		t.Fatalf("empty: %q %v", b.String(), err)
	}
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, CSV, sample(), Options{}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || strings.Join(recs[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("records: %q", recs)
	}
	row := map[string]string{}
	for i, h := range recs[2] {
		row[CSVHeader[i]] = h
	}
	if row["status"] != "terminated" || row["status_display"] != "completed" || row["created_by"] != `bob,"the" builder` ||
		row["deployment_id"] != "db-staging" || row["workflow_id"] != "scale" || row["ended_at"] != "2026-11-29T12:03:06.000Z" ||
		row["is_dry_run"] != "true" {
		t.Errorf("row: %v", row)
	}
	if recs[3][4] != "" || recs[3][7] != "" {
		t.Errorf("nulls must be empty fields: %q", recs[3])
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		if got, err := ParseFormat(strings.ToUpper(f)); err != nil || string(got) != f {
			t.Errorf("%s: %v %v", f, got, err)
		}
	}
	if _, err := ParseFormat("yaml"); err == nil {
		t.Error("yaml accepted")
	}
}
