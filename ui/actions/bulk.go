package actions

import (
	"fmt"
	"github.com/cfytop/cfytop/ui/common"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

// A bulk action is one action on many executions at once (the marked rows
// of the executions list). Nothing is sent before a preview says, for each
// execution, whether it will be sent or skipped and why, and the user types
// the number that will be sent. Each execution then goes through the same
// request as a single action (runAction: re-fetched right before sending,
// skipped if its status moved on, sent once, one audit line), at most
// bulkConcurrency at a time; esc stops sending what has not gone out yet.
// The result table stays until dismissed. The rules are the actions' specs:
// the preview asks offered, the sending stillApplies and send.

// bulkConcurrency is how many requests of a bulk action are out at once.
const bulkConcurrency = 4

// bulkDone is what an execution becomes, as the totals say it ("12 will be
// cancelled"); an action without an entry is not offered in bulk.
var bulkDone = map[Kind]string{
	Cancel:      "cancelled",
	ForceCancel: "force-cancelled",
	Kill:        "killed",
	Resume:      "resumed",
}

// outcome is where one execution of a bulk action is.
type outcome uint8

const (
	outSkipped   outcome = iota // the preview will not send it
	outPlanned                  // to be sent once confirmed
	outInFlight                 // its re-fetch and request are out
	outSent                     // the manager accepted it
	outMoved                    // not sent: its status moved on since the preview
	outUnchecked                // not sent: the re-fetch failed
	outRefused                  // the manager said no
	outUnknown                  // it may have been carried out
	outFailed                   // it failed, and the manager did not carry it out
	outStopped                  // not sent: esc stopped the sending first
)

// word is the outcome in the result table.
func (o outcome) word() string {
	switch o {
	case outSkipped:
		return "skipped"
	case outPlanned:
		return "to send"
	case outInFlight:
		return "sending"
	case outSent:
		return "sent"
	case outMoved:
		return "skipped"
	case outUnchecked:
		return "not sent"
	case outRefused:
		return "refused"
	case outUnknown:
		return "UNKNOWN"
	case outFailed:
		return "failed"
	case outStopped:
		return "not sent"
	}
	return "?"
}

// itemResult is what changes on one execution while a bulk action runs.
type itemResult struct {
	out    outcome
	detail string // why it is skipped, the manager's words, or its new status
}

// bulkStep is where an open bulk dialog is.
type bulkStep uint8

const (
	bulkPreview bulkStep = iota // what will happen; the count to type
	bulkSending                 // requests going out
	bulkResults                 // the result table, until dismissed
)

// bulkDialog is the open bulk action. execs is never written after
// OpenBulk (copies of the Controller share it); res is copied on every
// change.
type bulkDialog struct {
	open   bool
	seq    int
	kind   Kind
	opener key.Binding
	scope  string // what the executions are, when not marks
	step   bulkStep
	execs  []client.Execution // as marked, in order
	res    []itemResult       // one per execs
	toSend []int              // the indices of execs to send, in order
	next   int                // toSend[next] is the next to dispatch
	out    int                // requests out now
	stop   bool               // esc: dispatch no more
	typed  textinput.Model
	errMsg string
	hint   string
	cursor int // the row whose whole text is shown under the table
	offset int // the first row of the table shown
}

// bulkItemMsg answers one execution of a bulk action.
type bulkItemMsg struct {
	seq int
	idx int
	res resultMsg
}

// bulkAuditMsg says the bulk action's own audit line is written.
type bulkAuditMsg struct{ seq int }

// BulkOptions is what OpenBulk needs besides the action and the executions.
type BulkOptions struct {
	// Tenants are the tenants the user may act on; nil = not known (every
	// execution is sent, and the manager decides).
	Tenants []string
	// Scope says what the executions are when they are not marks ("of
	// group 3f2a9c1e (install on web)"): the preview's title says it.
	Scope string
}

// OpenBulk opens the preview of action k on execs (the marked executions).
// In read-only mode, for an action that has no bulk form, or with nothing
// marked, it opens nothing and returns a Cmd saying why.
func (c Controller) OpenBulk(k Kind, execs []client.Execution, o BulkOptions) (Controller, tea.Cmd) {
	if !c.built {
		return c, nil
	}
	if c.readOnly {
		return c, statusCmd(fmt.Sprintf("read-only mode: %s is disabled", k), true)
	}
	if _, ok := bulkDone[k]; !ok {
		return c, statusCmd(fmt.Sprintf("%s acts on one execution at a time: clear the marks (%s) to %s the selected one",
			k, helpKey(c.keys.ClearMarks), k.verb()), true)
	}
	if len(execs) == 0 {
		return c, statusCmd("nothing is marked", true)
	}
	c.seq++
	b := bulkDialog{open: true, seq: c.seq, kind: k, opener: c.opener(k), scope: o.Scope}
	b.execs = make([]client.Execution, len(execs))
	b.res = make([]itemResult, len(execs))
	for i, e := range execs {
		e.Parameters = append([]byte(nil), e.Parameters...)
		b.execs[i] = e
		if ok, why := c.bulkOffered(k, &e, o.Tenants); ok {
			b.res[i] = itemResult{out: outPlanned}
			b.toSend = append(b.toSend, i)
		} else {
			b.res[i] = itemResult{out: outSkipped, detail: why}
		}
	}
	need := strconv.Itoa(len(b.toSend))
	b.typed = c.newInput(len(need) + 2)
	b.typed.Placeholder = strings.Repeat("_", len(need))
	b.typed.SetWidth(len(need) + 3)
	if len(b.toSend) > 0 {
		b.typed.Focus()
	}
	c.b = b
	c.settleBulk()
	return c, nil
}

// bulkOffered is offered, plus the tenant: an execution of a tenant the
// user cannot act on is skipped.
func (c *Controller) bulkOffered(k Kind, e *client.Execution, tenants []string) (bool, string) {
	if ok, why := offered(k, e); !ok {
		return false, why
	}
	if specs[k].stop != "" && e.Status.IsEnd() {
		// As the manager's own group actions do: a bulk stop leaves the
		// ended ones be, even for kill (which one execution allows).
		return false, statusClause(e.Status)
	}
	if t := e.TenantName; tenants != nil && t != "" && t != c.env.tenant && !slices.Contains(tenants, t) {
		return false, fmt.Sprintf("it belongs to tenant %s, which you cannot act on", textsafe.Clean(t))
	}
	return true, ""
}

// BulkActive reports whether a bulk dialog is open.
func (c Controller) BulkActive() bool { return c.b.open }

func (b bulkDialog) clone() bulkDialog {
	b.res = slices.Clone(b.res)
	return b
}

// bulkUpdate handles the keys while a bulk dialog is open, and its replies.
func (c *Controller) bulkUpdate(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case bulkItemMsg:
		return c.onBulkItem(msg)
	case bulkAuditMsg:
		if c.pending > 0 {
			c.pending--
		}
	case tea.KeyPressMsg:
		if c.b.open {
			return c.bulkKey(msg)
		}
	}
	return nil
}

func (c *Controller) bulkKey(msg tea.KeyPressMsg) tea.Cmd {
	b, k := &c.b, c.keys
	b.hint = ""
	switch b.step {
	case bulkPreview:
		switch {
		case key.Matches(msg, k.DialogClose, c.back):
			kind := b.kind
			c.b = bulkDialog{}
			return statusCmd(fmt.Sprintf("bulk %s: backed out, nothing sent", kind), false)
		case key.Matches(msg, k.DialogNext), key.Matches(msg, k.DialogPrev):
			c.scrollBulk(msg)
		case len(b.toSend) == 0:
			b.hint = "nothing would be sent; " + helpKey(k.DialogClose) + " backs out"
		case key.Matches(msg, k.DialogSubmit):
			return c.confirmBulk()
		case key.Matches(msg, b.opener):
			// A repeated opening key never types into the confirmation.
		default:
			b.typed, _ = b.typed.Update(msg)
			b.errMsg = ""
		}
	case bulkSending:
		switch {
		case key.Matches(msg, k.DialogClose, c.back):
			if !b.stop {
				b.stop = true
				c.stopBulk()
			}
			if b.out > 0 {
				b.hint = fmt.Sprintf("stopped: waiting for the %s already sent", common.Plural(b.out, "request"))
			}
			return c.maybeFinishBulk()
		case key.Matches(msg, k.DialogNext), key.Matches(msg, k.DialogPrev):
			c.scrollBulk(msg)
		}
	case bulkResults:
		switch {
		case key.Matches(msg, k.DialogClose, c.back):
			c.b = bulkDialog{}
		case key.Matches(msg, k.DialogCopy):
			return c.copyBulk()
		case key.Matches(msg, k.DialogNext), key.Matches(msg, k.DialogPrev):
			c.scrollBulk(msg)
		}
	}
	return nil
}

// confirmBulk checks the typed count and starts sending.
func (c *Controller) confirmBulk() tea.Cmd {
	b := &c.b
	want := strconv.Itoa(len(b.toSend))
	typed := strings.TrimSpace(b.typed.Value())
	switch {
	case typed == "":
		b.errMsg = fmt.Sprintf("type %s (how many will be %s), then %s", want, bulkDone[b.kind], helpKey(c.keys.DialogSubmit))
		return nil
	case typed != want:
		b.errMsg = fmt.Sprintf("%q is not the number that will be %s (%s); nothing sent", typed, bulkDone[b.kind], want)
		return nil
	}
	b.errMsg = ""
	b.step = bulkSending
	b.typed.Blur()
	var cmds []tea.Cmd
	for b.out < bulkConcurrency && b.next < len(b.toSend) {
		cmds = append(cmds, c.dispatch())
	}
	return tea.Batch(cmds...)
}

// dispatch sends the next execution: the same request as a single action.
func (c *Controller) dispatch() tea.Cmd {
	b := &c.b
	i := b.toSend[b.next]
	b.next++
	b.out++
	c.pending++
	b.res[i] = itemResult{out: outInFlight}
	r := actionReq{seq: b.seq, kind: b.kind, exec: b.execs[i]}
	env, seq := c.env, b.seq
	return func() tea.Msg { res, _ := env.runAction(r).(resultMsg); return bulkItemMsg{seq: seq, idx: i, res: res} }
}

// stopBulk marks what was not dispatched as not sent.
func (c *Controller) stopBulk() {
	b := &c.b
	for _, i := range b.toSend[b.next:] {
		b.res[i] = itemResult{out: outStopped, detail: "not sent: stopped before its turn"}
	}
	b.next = len(b.toSend)
}

// onBulkItem records one answer and sends the next execution.
func (c *Controller) onBulkItem(m bulkItemMsg) tea.Cmd {
	if c.pending > 0 {
		c.pending--
	}
	var cmds []tea.Cmd
	r := m.res
	switch {
	case r.exec != nil:
		cmds = append(cmds, updatedCmd(*r.exec))
	case r.fresh != nil:
		cmds = append(cmds, updatedCmd(*r.fresh))
	}
	b := &c.b
	if !b.open || b.seq != m.seq || m.idx < 0 || m.idx >= len(b.res) {
		return tea.Batch(cmds...) // its dialog is gone: the row still updates
	}
	b.out--
	b.res[m.idx] = bulkItemResult(r)
	if !b.stop && b.next < len(b.toSend) {
		cmds = append(cmds, c.dispatch())
	}
	return tea.Batch(append(cmds, c.maybeFinishBulk())...)
}

// bulkItemResult reads an answer as a row of the result table.
func bulkItemResult(r resultMsg) itemResult {
	switch {
	case r.aborted != "":
		return itemResult{out: outMoved, detail: "not sent: " + r.aborted}
	case r.err != nil && r.fresh == nil:
		return itemResult{out: outUnchecked, detail: "not sent: it could not be checked first: " + errText(r.err)}
	case r.err != nil && maybeApplied(r.err):
		why := client.WithoutAdvice(r.err)
		return itemResult{out: outUnknown, detail: "OUTCOME UNKNOWN, it may have been carried out: check it before sending again — " + textsafe.Clean(why)}
	case r.err != nil && refused(r.err):
		return itemResult{out: outRefused, detail: errText(r.err)}
	case r.err != nil:
		return itemResult{out: outFailed, detail: errText(r.err)}
	}
	detail := "accepted"
	if r.exec != nil {
		detail = "now " + cleanStatus(r.exec.Status)
	}
	return itemResult{out: outSent, detail: detail}
}

// maybeFinishBulk moves to the result table once nothing is out and nothing
// is left to send, and writes the bulk action's own audit line.
func (c *Controller) maybeFinishBulk() tea.Cmd {
	b := &c.b
	if b.step != bulkSending || b.out > 0 || b.next < len(b.toSend) {
		return nil
	}
	b.step = bulkResults
	b.hint = ""
	t := b.tally()
	entry := audit.Entry{
		Manager: c.env.label,
		Tenant:  c.env.tenant,
		Action:  "bulk-" + b.kind.String(),
		Result:  t.result(),
		Message: strings.TrimSpace(b.scope + " " + t.sentence(b.kind)),
	}
	c.pending++
	env, seq := c.env, b.seq
	line := "bulk " + b.kind.String() + ": " + t.sentence(b.kind)
	bad, unknown := t.unknown > 0 || t.refused+t.failed+t.unchecked > 0, t.unknown > 0
	return tea.Batch(
		func() tea.Msg { env.append(entry); return bulkAuditMsg{seq: seq} },
		func() tea.Msg { return commonStatus(line, bad, unknown) },
	)
}

// tally counts the outcomes.
type tally struct {
	marked, skipped, planned, sent, moved, unchecked, refused, unknown, failed, stopped int
}

func (b *bulkDialog) tally() tally {
	t := tally{marked: len(b.res)}
	for _, r := range b.res {
		switch r.out {
		case outSkipped:
			t.skipped++
		case outPlanned, outInFlight:
			t.planned++
		case outSent:
			t.sent++
		case outMoved:
			t.moved++
		case outUnchecked:
			t.unchecked++
		case outRefused:
			t.refused++
		case outUnknown:
			t.unknown++
		case outFailed:
			t.failed++
		case outStopped:
			t.stopped++
		}
	}
	return t
}

// sentence is the totals in words, as the status line and the audit log
// write them.
func (t tally) sentence(k Kind) string {
	parts := []string{fmt.Sprintf("%d of %d marked sent", t.sent, t.marked)}
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(t.skipped, "skipped in the preview")
	add(t.moved, "skipped because their status moved on")
	add(t.unchecked, "not sent because they could not be checked")
	add(t.refused, "refused by the manager")
	add(t.failed, "failed")
	add(t.unknown, "with an UNKNOWN outcome")
	add(t.stopped, "not sent (stopped)")
	return strings.Join(parts, ", ")
}

// result is the bulk line's audit result: ok when every execution sent was
// accepted and nothing was stopped or left unknown.
func (t tally) result() string {
	switch {
	case t.unknown > 0:
		return resultUnknown
	case t.stopped > 0:
		return "stopped"
	case t.refused+t.failed+t.unchecked > 0:
		return "partial"
	}
	return audit.ResultOK
}

// scrollBulk moves the table's cursor; the rendering keeps it in view.
func (c *Controller) scrollBulk(msg tea.KeyPressMsg) {
	b := &c.b
	if key.Matches(msg, c.keys.DialogNext) {
		b.cursor++
	} else {
		b.cursor--
	}
	b.cursor = max(0, min(b.cursor, len(b.execs)-1))
}

// copyBulk copies the result table and the cfy commands of the executions
// sent.
func (c *Controller) copyBulk() tea.Cmd {
	text := c.bulkText()
	return tea.Batch(tea.SetClipboard(text), statusCmd(fmt.Sprintf("copied the results of %s and the cfy commands of the ones sent",
		common.Plural(len(c.b.execs), "execution")), false))
}

// bulkText is the result table as plain text, then the cfy command of every
// execution sent.
func (c *Controller) bulkText() string {
	b := &c.b
	var s strings.Builder
	fmt.Fprintf(&s, "cfytop bulk %s on %s: %s\n", b.kind, c.env.label, b.tally().sentence(b.kind))
	for i, e := range b.execs {
		r := b.res[i]
		fmt.Fprintf(&s, "%s\t%s\t%s\t%s\t%s\n", textsafe.Clean(e.ID), textsafe.Clean(e.WorkflowID),
			textsafe.Clean(e.DeploymentID.Value), r.out.word(), r.detail)
	}
	var cmds []string
	for i, e := range b.execs {
		if b.res[i].out == outSent || b.res[i].out == outUnknown {
			cmds = append(cmds, specs[b.kind].command(actionReq{kind: b.kind, exec: e}, c.env.tenant))
		}
	}
	if len(cmds) > 0 {
		s.WriteString("# the cfy commands of the ones sent (or perhaps sent):\n")
		for _, l := range cmds {
			s.WriteString(l + "\n")
		}
	}
	return s.String()
}
