package actions

import (
	"fmt"
	"net/url"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
)

// Controller owns at most one open dialog. It is a small handle over shared
// state: copies share the open dialog, so the root may keep it by value,
// replace it with what Open and Update return, and call SetSize on it.
type Controller struct{ s *state }

type state struct {
	env      env
	readOnly bool
	keys     keymap.KeyMap
	// back and bareEnter hold whatever the user rebinds: esc and ctrl+c
	// always back out, and enter alone never confirms.
	back, bareEnter key.Binding
	styles          *themes.Styles
	inputs          textinput.Styles
	w, h            int
	seq             int
	d               *dialog
	// pending counts the action and start requests whose Cmd was handed
	// out and whose result has not come back, whether or not their dialog
	// is still open.
	pending int
}

// step is where an open dialog is.
type step int

const (
	stepConfirm        step = iota // the confirmation of an action on an execution
	stepPatchTarget                // patch: choose the new status
	stepPickDeployment             // start: choose the deployment
	stepPickWorkflow               // start: choose the workflow
	stepForm                       // start: parameters and toggles
	stepStartConfirm               // start: review and confirm
	stepBusy                       // start: the manager refused, deployment busy
)

type dialog struct {
	seq      int
	kind     Kind
	opener   key.Binding
	exec     client.Execution // pinned when the dialog opened; never replaced
	step     step
	inFlight bool
	errMsg   string // the last failure, shown until the next attempt
	hint     string // a nudge after a key that does nothing here

	typed textinput.Model // the typed-ID confirmation
	need  int             // how many characters of the ID to type; 0 = press y

	force bool // resume: force-resume

	targets   []client.Status // patch
	target    int
	targetOff int // first target shown when they do not all fit
	errText   textinput.Model
	onErrText bool // patch confirmation: focus on the error text field

	st *startDialog
}

// New builds a Controller.
func New(o Options) Controller {
	st := o.Styles
	if st == nil {
		t, _ := themes.Get("default")
		st = themes.NewStyles(t)
	}
	keys := o.Keys
	if len(keys.DialogClose.Keys()) == 0 {
		keys = keymap.DefaultKeyMap()
	}
	in := textinput.DefaultStyles(true)
	in.Focused.Text = st.InputFocused
	in.Blurred.Text = st.Input
	in.Focused.Placeholder = st.Muted
	in.Blurred.Placeholder = st.Muted
	in.Focused.Prompt = st.Accent
	in.Blurred.Prompt = st.Muted
	in.Cursor.Blink = false
	return Controller{s: &state{
		env: env{
			m: o.Manager, log: o.Audit, label: safeLabel(o.ManagerLabel),
			tenant: o.Tenant, timeout: o.Timeout,
		},
		readOnly:  o.ReadOnly,
		keys:      keys,
		back:      key.NewBinding(key.WithKeys("esc", "ctrl+c")),
		bareEnter: key.NewBinding(key.WithKeys("enter")),
		styles:    st,
		inputs:    in,
		w:         80, h: 24,
	}}
}

// safeLabel drops any user:password from a manager address.
func safeLabel(s string) string {
	u, err := url.Parse(s)
	if err == nil && u.User != nil {
		u.User = nil
		return u.String()
	}
	if i := strings.LastIndex(s, "@"); i >= 0 && err != nil {
		return s[i+1:]
	}
	return s
}

// Active reports whether a dialog is open; the root then sends it every key.
func (c Controller) Active() bool { return c.s != nil && c.s.d != nil }

// Current reports the open dialog's action and pinned execution ID ("" for a
// start), ok false when no dialog is open.
func (c Controller) Current() (k Kind, executionID string, ok bool) {
	if !c.Active() {
		return 0, "", false
	}
	return c.s.d.kind, c.s.d.exec.ID, true
}

// InFlight reports whether an action or start request (the re-fetch and
// the send) is still out, including one whose dialog was closed: its result,
// the row update and the audit line are not in yet. The root may wait for
// it to turn false before quitting.
func (c Controller) InFlight() bool { return c.s != nil && c.s.pending > 0 }

// SetSize tells the dialogs the size they may use. Value receiver: the
// state is shared, so calling it on any copy is enough.
func (c Controller) SetSize(w, h int) {
	if c.s == nil {
		return
	}
	c.s.w, c.s.h = w, h
	if c.s.d != nil {
		c.s.d.resize(c.s)
	}
}

func (s *state) opener(k Kind) key.Binding { return Binding(s.keys, k) }

// Open opens the dialog for k on e (nil for Start with nothing selected). When
// the action is not allowed — read-only mode, nothing selected, or a status
// from which the manager refuses it — it returns a Cmd yielding a StatusMsg
// saying why, opens nothing and sends nothing. A dialog already open is
// replaced.
func (c Controller) Open(k Kind, e *client.Execution) (Controller, tea.Cmd) {
	if c.s == nil {
		return c, nil
	}
	s := c.s
	if s.readOnly {
		return c, statusCmd(fmt.Sprintf("read-only mode: %s is disabled", k), true)
	}
	if k != Start {
		if e == nil || e.ID == "" {
			return c, statusCmd(fmt.Sprintf("cannot %s: no execution selected", k.verb()), true)
		}
		if ok, why := offered(k, e); !ok {
			return c, statusCmd(fmt.Sprintf("cannot %s %s: %s", k.verb(), safeShort(e), why), true)
		}
	}
	s.seq++
	d := &dialog{seq: s.seq, kind: k, opener: s.opener(k)}
	if e != nil {
		d.exec = *e
		d.exec.Parameters = append([]byte(nil), e.Parameters...)
	}
	sp := specs[k]
	var cmd tea.Cmd
	if k == Start {
		d.step = stepPickDeployment
		d.st = newStartDialog(s, e)
		env, seq := s.env, d.seq
		cmd = func() tea.Msg { return env.listDeployments(seq, "") }
	}
	if d.need = sp.need; d.need > 0 {
		d.typed = s.newInput(d.need)
		d.typed.Placeholder = strings.Repeat("_", d.need)
	}
	if sp.targets != nil {
		// The target comes first; the typed ID gets the focus after it.
		d.step = stepPatchTarget
		d.targets = sp.targets(e)
		d.errText = s.newInput(0)
		d.errText.Placeholder = "optional"
	} else if d.need > 0 {
		d.typed.Focus()
	}
	s.d = d
	d.resize(s)
	return c, cmd
}

// newInput is a text input in the dialog's styles; limit 0 = no limit.
func (s *state) newInput(limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.CharLimit = limit
	ti.SetStyles(s.inputs)
	ti.KeyMap.Paste.SetEnabled(false) // a server-side clipboard is of no use over SSH
	return ti
}

// Update handles keys while a dialog is open, and the dialogs' own messages
// (which the root must route here whether or not a dialog is open: results
// of actions sent before a dialog was closed still update the row and say
// what happened).
func (c Controller) Update(msg tea.Msg) (Controller, tea.Cmd) {
	if c.s == nil {
		return c, nil
	}
	switch msg := msg.(type) {
	case resultMsg:
		return c, c.s.onResult(msg)
	case deploymentsMsg:
		if d := c.s.d; d != nil && d.seq == msg.seq && d.st != nil {
			d.st.onDeployments(c.s, msg)
		}
		return c, nil
	case deploymentMsg:
		if d := c.s.d; d != nil && d.seq == msg.seq && d.st != nil {
			return c, d.st.onDeployment(c.s, d, msg)
		}
		return c, nil
	case tea.KeyPressMsg:
		if c.s.d == nil {
			return c, nil
		}
		return c, c.s.onKey(msg)
	case tea.PasteMsg:
		if d := c.s.d; d != nil && !d.inFlight {
			d.onPaste(msg)
		}
		return c, nil
	}
	return c, nil
}

func (s *state) close(text string) tea.Cmd {
	s.d = nil
	if text == "" {
		return nil
	}
	return statusCmd(text, false)
}

// onKey handles a key while a dialog is open.
func (s *state) onKey(msg tea.KeyPressMsg) tea.Cmd {
	d := s.d
	if key.Matches(msg, s.keys.DialogClose, s.back) {
		if d.inFlight {
			return s.close(fmt.Sprintf("%s dialog closed; the request already sent will still be reported", d.kind))
		}
		return s.close(fmt.Sprintf("%s: backed out, nothing sent", d.kind))
	}
	if d.inFlight {
		// A second press while a request is in flight sends nothing.
		d.hint = "a request is already in flight; waiting for the manager"
		return nil
	}
	d.hint = ""
	switch d.step {
	case stepConfirm:
		return s.confirmKey(d, msg)
	case stepPatchTarget:
		return s.patchTargetKey(d, msg)
	default:
		return s.startKey(d, msg)
	}
}

func (d *dialog) onPaste(msg tea.PasteMsg) {
	switch d.step {
	case stepConfirm:
		// Typed confirmations must be typed: pasting the copied ID would
		// defeat them. Only the patch error text takes a paste.
		if specs[d.kind].targets != nil && d.onErrText {
			d.errText, _ = d.errText.Update(msg)
		}
	case stepPickDeployment, stepPickWorkflow, stepForm:
		d.st.paste(d, msg)
	}
}

// confirmKey handles the confirmation step of the actions on an execution.
func (s *state) confirmKey(d *dialog, msg tea.KeyPressMsg) tea.Cmd {
	k, sp := s.keys, specs[d.kind]
	if d.need == 0 {
		// Cancel and resume: y confirms; the opening key and enter never do.
		switch {
		case key.Matches(msg, d.opener):
			d.hint = "the key that opened this dialog does not confirm it; press " + helpKey(k.DialogYes)
		case key.Matches(msg, s.bareEnter):
			d.hint = "enter alone does not confirm; press " + helpKey(k.DialogYes)
		case key.Matches(msg, k.DialogYes):
			return s.send(d)
		case sp.force != nil && key.Matches(msg, k.DialogToggle):
			if sp.force.allowed(d.exec.Status) {
				d.force = !d.force
			} else {
				d.hint = sp.force.refusal
			}
		case key.Matches(msg, k.DialogSubmit):
			d.hint = "that key alone does not confirm; press " + helpKey(k.DialogYes)
		}
		return nil
	}
	if sp.targets != nil {
		switch {
		case key.Matches(msg, k.DialogPrev) && d.onErrText:
			d.step = stepPatchTarget
			return nil
		case key.Matches(msg, k.DialogNext), key.Matches(msg, k.DialogPrev):
			d.setPatchFocus(!d.onErrText)
			return nil
		case key.Matches(msg, k.DialogSubmit) && d.onErrText:
			d.setPatchFocus(false)
			return nil
		case d.onErrText:
			d.errText, _ = d.errText.Update(msg)
			return nil
		}
	}
	switch {
	case key.Matches(msg, k.DialogSubmit):
		typed := strings.TrimSpace(d.typed.Value())
		want := prefix(d.exec.ID, d.need)
		if typed == "" {
			d.errMsg = fmt.Sprintf("type the first %d characters of the ID, then %s", d.need, helpKey(k.DialogSubmit))
			return nil
		}
		if !strings.EqualFold(typed, want) {
			d.errMsg = fmt.Sprintf("%q is not the start of this execution's ID; nothing sent", typed)
			return nil
		}
		return s.send(d)
	case key.Matches(msg, d.opener):
		// Swallowed: a repeated opening key never types into the confirmation.
		return nil
	}
	d.typed, _ = d.typed.Update(msg)
	return nil
}

func (d *dialog) setPatchFocus(onErrText bool) {
	d.onErrText = onErrText
	if onErrText {
		d.errText.Focus()
		d.typed.Blur()
	} else {
		d.errText.Blur()
		d.typed.Focus()
	}
}

func (s *state) patchTargetKey(d *dialog, msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.DialogNext):
		d.target = min(d.target+1, len(d.targets)-1)
	case key.Matches(msg, k.DialogPrev):
		d.target = max(d.target-1, 0)
	case key.Matches(msg, k.DialogSubmit):
		if len(d.targets) > 0 {
			d.step = stepConfirm
			d.setPatchFocus(true)
		}
	}
	return nil
}

// send starts the one request of an action on an execution: the Cmd
// re-fetches it, checks the action still applies, then sends.
func (s *state) send(d *dialog) tea.Cmd {
	d.inFlight = true
	s.pending++
	d.errMsg = ""
	r := actionReq{seq: d.seq, kind: d.kind, force: d.force, exec: d.exec}
	if specs[d.kind].targets != nil {
		r.to = d.targets[d.target]
		r.errorText = d.errText.Value()
	}
	env := s.env
	return func() tea.Msg { return env.runAction(r) }
}

// onResult handles the answer to an action or a start.
func (s *state) onResult(m resultMsg) tea.Cmd {
	if s.pending > 0 {
		s.pending--
	}
	d := s.d
	current := d != nil && d.seq == m.seq
	if current {
		d.inFlight = false
	}
	short := shortOf(m.id)
	var cmds []tea.Cmd
	switch {
	case m.aborted != "":
		if m.fresh != nil {
			cmds = append(cmds, updatedCmd(*m.fresh))
		}
		if current {
			s.d = nil
		}
		cmds = append(cmds, statusCmd(fmt.Sprintf("nothing sent: %s %s no longer applies: %s", m.action, short, m.aborted), true))
	case m.err != nil && maybeApplied(m.err):
		// The manager may have done it. Leaving the confirmation ready
		// would make a reflex y or the typed ID send it a second time:
		// close the dialog, so that sending again takes a deliberate
		// re-open after looking at the execution. The re-fetch made
		// before sending is older than the request, so it is not shown.
		if current {
			s.d = nil
		}
		cmds = append(cmds, statusCmd(unknownText(m), true))
	case m.err != nil:
		text := errText(m.err)
		if m.fresh != nil && !current {
			cmds = append(cmds, updatedCmd(*m.fresh))
		}
		if current && m.kind == Start && client.IsBusy(m.err) {
			d.st.toBusy(d, text)
			return nil
		}
		what := m.action
		if short != "" {
			what += " " + short
		}
		line := fmt.Sprintf("%s failed: %s", what, text)
		if m.kind != Start && m.fresh == nil {
			// The re-fetch before sending failed: say that nothing left.
			text = "not sent: the execution could not be checked first: " + text
			line = what + " " + text
		}
		if current {
			d.errMsg = text
		}
		cmds = append(cmds, statusCmd(line, true))
	default:
		if current {
			s.d = nil
		}
		if m.exec != nil {
			cmds = append(cmds, updatedCmd(*m.exec))
			cmds = append(cmds, statusCmd(toast(m), false))
		}
	}
	return tea.Batch(cmds...)
}

// unknownText says that an action or start may have been carried out, and
// what to check before trying again: the words that matter first, since a
// status line may be cut at the terminal's width.
func unknownText(m resultMsg) string {
	what, check := m.action, "the execution"
	if short := shortOf(m.id); short != "" {
		what += " " + short
	} else if m.start != nil {
		what += " " + textsafe.Clean(m.start.WorkflowID) + " on " + textsafe.Clean(m.start.DeploymentID)
		check = "the deployment's executions"
	}
	// The client's sentence ends with the same advice; say it once.
	why := strings.TrimSuffix(m.err.Error(), "; it may have been carried out anyway: check the execution before sending it again")
	return fmt.Sprintf("%s: OUTCOME UNKNOWN, it may have been carried out: check %s before sending it again (dialog closed) — %s",
		what, check, textsafe.Clean(why))
}

func updatedCmd(e client.Execution) tea.Cmd {
	return func() tea.Msg { return common.ExecutionUpdatedMsg{Execution: e} }
}

// toast says what a successful action did, e.g.
// "cancel sent to 3f2a9c1e (install on web-prod)".
func toast(m resultMsg) string {
	if f := specs[m.kind].toast; f != nil {
		return f(m)
	}
	return fmt.Sprintf("%s sent to %s %s", m.action, shortOf(m.id), describe(m.exec))
}

func helpKey(b key.Binding) string {
	if h := b.Help().Key; h != "" {
		return h
	}
	if ks := b.Keys(); len(ks) > 0 {
		return ks[0]
	}
	return "?"
}

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
