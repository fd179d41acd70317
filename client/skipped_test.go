package client

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// One malformed execution must not blank the list: the rows that cannot be
// read are left out, counted, and the first one's reason is kept, on the
// fast decoder's path and on encoding/json's.
func TestMalformedRowsAreSkipped(t *testing.T) {
	good := func(id string) string {
		return `{"id":"` + id + `","workflow_id":"install","status":"started","created_at":"2026-11-29T13:58:04.864Z","total_operations":3}`
	}
	cases := []struct {
		name, bad, says string
	}{
		{"status is a number", `{"id":"x","status":7,"created_at":"2026-11-29T13:58:04.864Z"}`,
			"item 2: status is a JSON number where a string is expected"},
		{"impossible date", `{"id":"x","status":"started","created_at":"2026-02-30T10:00:00.000Z"}`,
			`item 2: timestamp "2026-02-30T10:00:00.000Z"`},
		{"float where an integer belongs", `{"id":"x","status":"started","total_operations":2.5}`,
			"item 2: total_operations is a JSON number 2.5 where a whole number is expected"},
		{"nullable of the wrong type", `{"id":"x","deployment_id":42}`,
			"item 2: deployment_id is a JSON number where a string is expected"},
		{"not an object", `"x"`, "item 2: a value is a JSON string where a client.Execution is expected"},
	}
	for _, tc := range cases {
		// The fast path, and encoding/json's (a top-level key with an
		// escape makes the fast decoder give the body up).
		for _, lead := range []string{`"metadata"`, `"meta\u0064ata"`} {
			t.Run(tc.name+"/"+lead, func(t *testing.T) {
				body := `{` + lead + `:{"pagination":{"total":5,"size":1000,"offset":0}},"items":[` +
					strings.Join([]string{good("a"), good("b"), tc.bad, good("c"), tc.bad}, ",") + `]}`
				c := serveBody(t, 200, "application/json", body)
				page, err := c.ListExecutions(t.Context(), ListExecutionsOptions{})
				if err != nil {
					t.Fatalf("one malformed row failed the page: %v", err)
				}
				var ids []string
				for _, e := range page.Items {
					ids = append(ids, e.ID)
				}
				if fmt.Sprint(ids) != "[a b c]" || page.Skipped != 2 {
					t.Fatalf("items %v, skipped %d", ids, page.Skipped)
				}
				if !strings.HasPrefix(page.SkipReason, tc.says) {
					t.Errorf("SkipReason = %q, want it to start with %q", page.SkipReason, tc.says)
				}
				if w := page.SkippedWords(); !strings.HasPrefix(w, "2 executions could not be read and are not shown; the first: item 2: ") {
					t.Errorf("SkippedWords() = %q", w)
				}
			})
		}
	}

	// Broken JSON still fails the page: nothing after it can be trusted.
	c := serveBody(t, 200, "application/json", `{"items":[`+good("a")+`,{"id":"x",,}]}`)
	if _, err := c.ListExecutions(t.Context(), ListExecutionsOptions{}); !IsUndecodable(err) {
		t.Errorf("malformed JSON: %v", err)
	}
}

// The reason a row was skipped may quote the manager's text: an echoed
// password is hidden there as in every error.
func TestSkipReasonHidesEchoedSecrets(t *testing.T) {
	const pw = "s3cret-Pa55"
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"metadata":{"pagination":{"total":1,"size":1000,"offset":0}},"items":[`+
			`{"id":"x","status":"started","created_at":"`+pw+`"}]}`)
	})
	c := newTestClient(t, Config{URL: srv.URL, MaxRetries: -1, Username: "admin", Password: pw})
	page, err := c.ListExecutions(t.Context(), ListExecutionsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Skipped != 1 || strings.Contains(page.SkipReason, pw) || strings.Contains(page.SkippedWords(), pw) {
		t.Fatalf("skipped %d, reason %q", page.Skipped, page.SkipReason)
	}
}
