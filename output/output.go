// Package output prints executions without a terminal UI, for `cfytop
// --once`: an aligned table for people, JSON and CSV for scripts.
package output

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/themes"
	"github.com/charmbracelet/x/ansi"
)

// Format is an output format.
type Format string

// The formats.
const (
	Table Format = "table"
	JSON  Format = "json"
	CSV   Format = "csv"
)

// Formats lists the formats' names.
func Formats() []string { return []string{string(Table), string(JSON), string(CSV)} }

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case Table, JSON, CSV:
		return f, nil
	}
	return "", fmt.Errorf("unknown output format %q; choose table, json or csv", s)
}

// Options tune the rendering.
type Options struct {
	// Color adds ANSI colours to the table's status column. Set it only when
	// writing to a terminal and NO_COLOR is unset.
	Color bool
	// Now is the time durations of running executions are measured to; zero
	// means time.Now().
	Now time.Time
	// Tenant adds the tenant column to the table (for --all-tenants).
	Tenant bool
}

// Write prints execs in format f.
func Write(w io.Writer, f Format, execs []client.Execution, o Options) error {
	st, err := NewStream(w, f, o)
	if err != nil {
		return err
	}
	for i := range execs {
		if err := st.Write(&execs[i]); err != nil {
			return err
		}
	}
	return st.Close()
}

// WriteJSON writes a JSON array of the executions with the manager's field
// names (cloudify-api.md §1), indented, one array even when empty.
func WriteJSON(w io.Writer, execs []client.Execution) error { return Write(w, JSON, execs, Options{}) }

// WriteCSV writes a header row and one row per execution (RFC 4180). Times
// are in the manager's format; a null is an empty field. Control characters
// are removed from the manager's strings.
func WriteCSV(w io.Writer, execs []client.Execution) error { return Write(w, CSV, execs, Options{}) }

// WriteTable writes aligned columns for people: short ID, status, workflow,
// deployment, created, duration, progress, creator (and tenant). Manager
// strings are cleaned of control characters; colour only with o.Color.
func WriteTable(w io.Writer, execs []client.Execution, o Options) error {
	return Write(w, Table, execs, o)
}

// Stream prints executions one at a time, as the pages of a long list
// arrive. JSON and CSV are written as they come, in constant memory (a row
// at a time through a small buffer). The table needs every row for its
// column widths, so it keeps the rows' cleaned cells (not the executions)
// until Close; --limit bounds them.
//
// Nothing is written before the first execution or Close, so that a list
// that fails on its first page leaves the output empty. A Stream that is
// not closed leaves an unterminated JSON array: a reader cannot mistake a
// list cut short by an error for a whole one.
type Stream struct {
	w      *bufio.Writer
	f      Format
	o      Options
	n      int
	csv    *csv.Writer
	table  *tableRows
	closed bool
}

// NewStream starts printing in format f to w.
func NewStream(w io.Writer, f Format, o Options) (*Stream, error) {
	switch f {
	case JSON, CSV, Table:
	default:
		return nil, fmt.Errorf("unknown output format %q", f)
	}
	st := &Stream{w: bufio.NewWriterSize(w, 64<<10), f: f, o: o}
	switch f {
	case CSV:
		st.csv = csv.NewWriter(st.w)
	case Table:
		st.table = newTableRows(o)
	}
	return st, nil
}

// Write prints one execution.
func (st *Stream) Write(e *client.Execution) error {
	if st.closed {
		return errors.New("output stream already closed")
	}
	first := st.n == 0
	st.n++
	switch st.f {
	case JSON:
		b, err := json.MarshalIndent(e, "  ", "  ")
		if err != nil {
			return err
		}
		if first {
			st.w.WriteString("[\n  ")
		} else {
			st.w.WriteString(",\n  ")
		}
		_, err = st.w.Write(textsafe.EscapeJSON(b))
		return err
	case CSV:
		if first {
			if err := st.csv.Write(CSVHeader); err != nil {
				return err
			}
		}
		return st.csv.Write(csvRecord(e))
	}
	st.table.add(e)
	return nil
}

// Close ends the output (the JSON array's bracket, the CSV header of an
// empty list, the whole table) and flushes it.
func (st *Stream) Close() error {
	if st.closed {
		return nil
	}
	st.closed = true
	switch st.f {
	case JSON:
		if st.n == 0 {
			st.w.WriteString("[]\n")
		} else {
			st.w.WriteString("\n]\n")
		}
	case CSV:
		if st.n == 0 {
			if err := st.csv.Write(CSVHeader); err != nil {
				return err
			}
		}
		st.csv.Flush()
		if err := st.csv.Error(); err != nil {
			return err
		}
	case Table:
		if err := st.table.write(st.w); err != nil {
			return err
		}
	}
	return st.w.Flush()
}

// Flush writes what is buffered, e.g. before waiting for the next page.
func (st *Stream) Flush() error {
	if st.csv != nil {
		st.csv.Flush()
	}
	return st.w.Flush()
}

// CSVHeader is the CSV header row: manager field names.
var CSVHeader = []string{
	"id", "status", "status_display", "workflow_id", "deployment_id", "blueprint_id",
	"created_at", "started_at", "ended_at", "created_by", "tenant_name",
	"is_system_workflow", "is_dry_run", "finished_operations", "total_operations",
}

func csvRecord(e *client.Execution) []string {
	rec := []string{
		e.ID, string(e.Status), statusWord(e), e.WorkflowID, e.DeploymentID.Value, e.BlueprintID.Value,
		timeField(e.CreatedAt, true), timeField(e.StartedAt.Value, e.StartedAt.Valid),
		timeField(e.EndedAt.Value, e.EndedAt.Valid), e.CreatedBy, e.TenantName,
		strconv.FormatBool(e.IsSystemWorkflow), strconv.FormatBool(e.IsDryRun),
		strconv.Itoa(e.FinishedOperations), strconv.Itoa(e.TotalOperations),
	}
	for j := range rec {
		rec[j] = textsafe.Clean(rec[j])
	}
	return rec
}

func timeField(t client.Time, valid bool) string {
	if !valid || t.IsZero() {
		return ""
	}
	return t.UTC().Format(client.TimeLayout)
}

// statusWord is the manager's status_display: completed for terminated.
func statusWord(e *client.Execution) string {
	if e.StatusDisplay != "" {
		return e.StatusDisplay
	}
	return e.Status.Display()
}

// tableRows collects the table's cells until their widths are known.
type tableRows struct {
	o        Options
	now      time.Time
	header   []string
	rows     [][]string
	statuses []client.Status
}

func newTableRows(o Options) *tableRows {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	header := []string{"ID", "STATUS", "WORKFLOW", "DEPLOYMENT", "CREATED (UTC)", "DURATION", "PROGRESS", "BY"}
	if o.Tenant {
		header = append(header, "TENANT")
	}
	return &tableRows{o: o, now: now, header: header}
}

func (t *tableRows) add(e *client.Execution) {
	dep := e.DeploymentID.Value
	if !e.DeploymentID.Valid {
		dep = "-"
	}
	wf := e.WorkflowID
	if e.IsDryRun {
		wf += " (dry run)"
	}
	row := []string{
		e.ShortID(),
		themes.Glyph(e.Status) + " " + statusWord(e),
		wf,
		dep,
		e.CreatedAt.UTC().Format("2006-01-02 15:04:05"),
		duration(e, t.now),
		progress(e),
		e.CreatedBy,
	}
	if t.o.Tenant {
		row = append(row, e.TenantName)
	}
	for j := range row {
		row[j] = textsafe.Clean(row[j])
	}
	t.rows = append(t.rows, row)
	t.statuses = append(t.statuses, e.Status)
}

func (t *tableRows) write(w io.Writer) error {
	widths := make([]int, len(t.header))
	for _, r := range append([][]string{t.header}, t.rows...) {
		for j, c := range r {
			widths[j] = max(widths[j], ansi.StringWidth(c))
		}
	}
	var b strings.Builder
	writeRow := func(r []string, status client.Status, colorStatus bool) {
		for j, c := range r {
			last := j == len(r)-1
			pad := ""
			if !last {
				pad = strings.Repeat(" ", widths[j]-ansi.StringWidth(c)+2)
			}
			if code := themes.GroupOf(status).SGR(); colorStatus && j == 1 && code != "" {
				c = "\x1b[" + code + "m" + c + "\x1b[0m"
			}
			b.WriteString(c + pad)
		}
	}
	flush := func() error {
		_, err := io.WriteString(w, b.String())
		b.Reset()
		return err
	}
	if t.o.Color {
		b.WriteString("\x1b[1m")
		writeRow(t.header, "", false)
		b.WriteString("\x1b[0m\n")
	} else {
		writeRow(t.header, "", false)
		b.WriteByte('\n')
	}
	for i, r := range t.rows {
		writeRow(r, t.statuses[i], t.o.Color)
		b.WriteByte('\n')
		if b.Len() > 32<<10 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if len(t.rows) == 0 {
		b.WriteString("(no executions)\n")
	}
	return flush()
}

func progress(e *client.Execution) string {
	if e.TotalOperations <= 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", e.FinishedOperations, e.TotalOperations)
}

// duration is short and human: 42s, 3m05s, 2h10m, 3d4h.
func duration(e *client.Execution, now time.Time) string {
	d := e.Duration(now)
	if d <= 0 {
		return "-"
	}
	return humantime.Duration(d)
}
