package app

import (
	"context"
	"fmt"
	"hash/maphash"
	"io"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/output"
)

// pageSize is the page asked of the manager: its default page size (it
// enforces no maximum; a page this size streams in constant memory).
const pageSize = 1000

// once prints the executions for the settings and returns the exit status.
// JSON and CSV are printed page by page as they arrive, so that memory
// does not grow with --limit; the table keeps its rows' cells for the
// column widths.
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
	opts := output.Options{
		Color:  format == output.Table && !s.NoColor && StdoutIsTerminal(stdout),
		Tenant: s.AllTenants,
	}
	out, err := output.NewStream(stdout, format, opts)
	if err != nil {
		fmt.Fprintf(stderr, "cfytop: %v\n", err)
		return ExitUsage
	}
	var writeErr error
	emit := func(e *client.Execution) error {
		if !q.Empty() {
			row := filter.NewRow(e)
			if !q.Match(&row) {
				return nil
			}
		}
		if writeErr = out.Write(e); writeErr != nil {
			return writeErr
		}
		return nil
	}
	res, err := Stream(ctx, sess.Client, s.ListOptions(), include, s.Limit, emit)
	if writeErr != nil {
		fmt.Fprintf(stderr, "cfytop: cannot write the output: %v\n", writeErr)
		return ExitFailure
	}
	if err != nil {
		if res.Listed > 0 {
			_ = out.Flush() // what was listed is shown; the JSON array stays open
			fmt.Fprintf(stderr, "cfytop: the list is incomplete: %s\n", StartupError(err, sess))
		} else {
			fmt.Fprintf(stderr, "cfytop: %s\n", StartupError(err, sess))
		}
		return ExitFailure
	}
	if err := out.Close(); err != nil {
		fmt.Fprintf(stderr, "cfytop: cannot write the output: %v\n", err)
		return ExitFailure
	}
	code := ExitOK
	if res.Skipped > 0 {
		fmt.Fprintf(stderr, "cfytop: %s\n", res.SkippedWords())
		code = ExitFailure
	}
	if res.Stopped != "" {
		fmt.Fprintf(stderr, "cfytop: %s\n", res.Stopped)
		code = ExitFailure
	}
	return code
}

// StreamResult says how a Stream went.
type StreamResult struct {
	Listed     int    // executions handed to emit
	Requests   int    // list requests made
	Skipped    int    // executions the manager sent that could not be read
	SkipReason string // why the first of them could not (client.ExecutionPage.SkipReason)
	// Stopped says why paging stopped before the limit or the manager's
	// total when it did so on a suspicion: a manager that kept sending
	// executions already listed.
	Stopped string
}

// SkippedWords says how many executions could not be read and why the
// first could not; "" when none.
func (r StreamResult) SkippedWords() string {
	p := client.ExecutionPage{Skipped: r.Skipped, SkipReason: r.SkipReason}
	return p.SkippedWords()
}

// Stream lists up to limit executions for o, newest first, page by page,
// handing each to emit as its page arrives; then, when the window is full,
// the executions that have not ended but fall outside it, as the dashboard
// shows them, so nothing running is hidden. An execution is emitted once
// even when the list moves under the paging (a new execution pushes the
// others a row down) or the manager repeats itself.
//
// Paging stops at the limit, at the manager's total, at a short page, and
// at a page that brings nothing new: a manager that ignores _offset and
// sends the same full page forever costs two requests, not thousands. The
// IDs seen are kept as 64-bit hashes, 8 bytes an execution plus the map's
// overhead, so that memory stays small at the largest --limit.
func Stream(ctx context.Context, c *client.Client, o client.ListExecutionsOptions, include []string, limit int,
	emit func(*client.Execution) error) (StreamResult, error) {
	var res StreamResult
	o.Include = include
	if len(o.Sort) == 0 {
		o.Sort = []string{"-created_at"}
	}
	seed := maphash.MakeSeed()
	seen := make(map[uint64]struct{}, min(limit, 100_000))
	fresh := func(e *client.Execution) bool {
		h := maphash.String(seed, e.ID)
		if _, dup := seen[h]; dup {
			return false
		}
		seen[h] = struct{}{}
		return true
	}
	note := func(page *client.ExecutionPage) {
		if page.Skipped > 0 && res.Skipped == 0 {
			res.SkipReason = page.SkipReason
		}
		res.Skipped += page.Skipped
	}
	// Every page but a suspicious one brings at least one new execution,
	// and most bring a full page: a few more requests than the limit needs
	// allow for a list that moves; beyond that the manager is repeating
	// itself a row at a time.
	maxRequests := 2*((limit+pageSize-1)/pageSize) + 2
	offset := 0
	for res.Listed < limit {
		if res.Requests >= maxRequests {
			res.Stopped = fmt.Sprintf("stopped after %d requests: the manager kept sending executions already listed (%d listed)", res.Requests, res.Listed)
			break
		}
		o.Offset = offset
		o.Size = min(pageSize, limit-res.Listed)
		page, err := c.ListExecutions(ctx, o)
		res.Requests++
		if err != nil {
			return res, err
		}
		note(page)
		read := len(page.Items) + page.Skipped
		offset += read
		brought := 0
		for i := range page.Items {
			if res.Listed >= limit {
				break
			}
			if !fresh(&page.Items[i]) {
				continue
			}
			brought++
			res.Listed++
			if err := emit(&page.Items[i]); err != nil {
				return res, err
			}
		}
		if read < o.Size || brought == 0 || (page.Pagination.Total > 0 && offset >= page.Pagination.Total) {
			break
		}
	}
	if res.Listed < limit {
		return res, nil
	}
	aq := client.ActiveQuery(o)
	if aq == nil {
		return res, nil
	}
	aq.Include = include
	page, err := c.ListExecutions(ctx, *aq)
	res.Requests++
	if err != nil {
		return res, err
	}
	note(page)
	for i := range page.Items {
		if !fresh(&page.Items[i]) {
			continue
		}
		res.Listed++
		if err := emit(&page.Items[i]); err != nil {
			return res, err
		}
	}
	return res, nil
}
