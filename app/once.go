package app

import (
	"context"
	"fmt"
	"io"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/output"
)

// pageSize is the largest page asked of the manager (its default maximum).
const pageSize = 1000

// once prints the executions for the settings and returns the exit status.
func once(ctx context.Context, sess *Session, stdout, stderr io.Writer) int {
	s := sess.Settings
	format, err := output.ParseFormat(s.Output)
	if err != nil {
		fmt.Fprintf(stderr, "cfytop: %v\n", err)
		return ExitUsage
	}
	q, err := filter.Parse(s.Filter)
	if err != nil {
		fmt.Fprintf(stderr, "cfytop: the filter %q is not valid: %v\n", s.Filter, err)
		return ExitUsage
	}
	var include []string
	if format != output.JSON {
		// The table and CSV show the list columns only; JSON has every field.
		include = append(append(include, client.ExecutionListFields...), "status_display")
	}
	execs, err := Fetch(ctx, sess.Client, s.ListOptions(), include, s.Limit)
	if err == nil && len(execs) >= s.Limit {
		execs, err = withActive(ctx, sess.Client, s.ListOptions(), include, execs)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cfytop: %s\n", StartupError(err, sess))
		return ExitFailure
	}
	if !q.Empty() {
		kept := execs[:0]
		for i := range execs {
			row := filter.NewRow(&execs[i])
			if q.Match(&row) {
				kept = append(kept, execs[i])
			}
		}
		execs = kept
	}
	opts := output.Options{
		Color:  format == output.Table && !s.NoColor && StdoutIsTerminal(stdout),
		Tenant: s.AllTenants,
	}
	if err := output.Write(stdout, format, execs, opts); err != nil {
		fmt.Fprintf(stderr, "cfytop: cannot write the output: %v\n", err)
		return ExitFailure
	}
	return ExitOK
}

// withActive adds the executions that have not ended but fall outside the
// newest-first window, as the dashboard does, so nothing running is hidden.
func withActive(ctx context.Context, c *client.Client, o client.ListExecutionsOptions, include []string, execs []client.Execution) ([]client.Execution, error) {
	q := client.ActiveQuery(o)
	if q == nil {
		return execs, nil
	}
	q.Include = include
	page, err := c.ListExecutions(ctx, *q)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(execs))
	for i := range execs {
		seen[execs[i].ID] = true
	}
	for _, e := range page.Items {
		if !seen[e.ID] {
			execs = append(execs, e)
		}
	}
	return execs, nil
}

// Fetch lists up to limit executions for o, newest first, page by page.
func Fetch(ctx context.Context, c *client.Client, o client.ListExecutionsOptions, include []string, limit int) ([]client.Execution, error) {
	o.Include = include
	if len(o.Sort) == 0 {
		o.Sort = []string{"-created_at"}
	}
	var out []client.Execution
	for len(out) < limit {
		o.Offset = len(out)
		o.Size = min(pageSize, limit-len(out))
		page, err := c.ListExecutions(ctx, o)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if len(page.Items) < o.Size || (page.Pagination.Total > 0 && len(out) >= page.Pagination.Total) {
			break
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
