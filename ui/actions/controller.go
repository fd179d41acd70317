package actions

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/audit"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/cfycmd"
	"github.com/cfytop/cfytop/ui/common"
)

// Options configure a Controller.
type Options struct {
	Manager  Manager
	ReadOnly bool       // every action is refused with a StatusMsg
	Audit    *audit.Log // nil = no audit log
	// ManagerLabel is the manager's address without credentials.
	ManagerLabel string
	Tenant       string
	Keys         keymap.KeyMap
	Styles       *themes.Styles // nil = the default theme
	// Timeout bounds each request; 0 = 30s.
	Timeout time.Duration
}

// statusCmd puts an action's result on the status line, beside any note
// about the selection (the same result may have moved it).
func statusCmd(text string, isError bool) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: text, IsError: isError, Beside: true} }
}

// Controller owns at most one open dialog. It is a plain value: Open,
// Update and SetSize return the new Controller and leave the one they were
// called on as it was, so the root keeps what they return.
type Controller struct {
	built    bool // by New; the zero Controller opens nothing
	env      env
	readOnly bool
	keys     keymap.KeyMap
	// back and bareEnter hold whatever the user rebinds: esc and ctrl+c
	// always back out, and enter alone never confirms.
	back, bareEnter key.Binding
	styles          *themes.Styles // shared, never written after New
	inputs          textinput.Styles
	w, h            int
	seq             int
	d               dialog     // the zero dialog is closed
	b               bulkDialog // the open bulk action (bulk.go); never open with d
	// pending counts the action and start requests whose Cmd was handed
	// out and whose result has not come back, whether or not their dialog
	// is still open: both ends are in Update, which sends and which
	// receives the result.
	pending int
}

// step is where an open dialog is.
type step int

const (
	stepConfirm        step = iota // the confirmation of an action on an execution
	stepPatchTarget                // patch: choose the new status
	stepPatchError                 // patch: the optional error text, before the typed confirmation
	stepPickDeployment             // start: choose the deployment
	stepPickWorkflow               // start: choose the workflow
	stepForm                       // start: parameters and toggles
	stepStartConfirm               // start: review and confirm
	stepBusy                       // start: the manager refused, deployment busy
)

type dialog struct {
	open     bool
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

	st startDialog // start only
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
	return Controller{
		built: true,
		env: env{
			m: o.Manager, log: o.Audit, label: safeLabel(o.ManagerLabel),
			tenant: o.Tenant, timeout: o.Timeout,
		},
		readOnly:  o.ReadOnly,
		keys:      keys,
		back:      key.NewBinding(key.WithKeys("esc", "ctrl+c")),
		bareEnter: key.NewBinding(key.WithKeys("enter")),
		styles:    st,
		inputs:    inputStyles(st),
		w:         80, h: 24,
	}
}

// inputStyles are the dialogs' text inputs in the theme's styles.
func inputStyles(st *themes.Styles) textinput.Styles {
	in := textinput.DefaultStyles(true)
	in.Focused.Text = st.InputFocused
	in.Blurred.Text = st.Input
	in.Focused.Placeholder = st.Muted
	in.Blurred.Placeholder = st.Muted
	in.Focused.Prompt = st.Accent
	in.Blurred.Prompt = st.Muted
	in.Cursor.Blink = false
	return in
}

// Restyle draws the dialogs with other styles (an open one keeps its
// inputs' look until it is opened again).
func (c Controller) Restyle(st *themes.Styles) Controller {
	if st != nil && c.built {
		c.styles, c.inputs = st, inputStyles(st)
	}
	return c
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
func (c Controller) Active() bool { return c.d.open || c.b.open }

// Current reports the open dialog's action and pinned execution ID ("" for a
// start), ok false when no dialog is open.
func (c Controller) Current() (k Kind, executionID string, ok bool) {
	switch {
	case c.b.open:
		return c.b.kind, "", true
	case !c.d.open:
		return 0, "", false
	}
	return c.d.kind, c.d.exec.ID, true
}

// InFlight reports whether an action or start request (the re-fetch and
// the send) is still out, including one whose dialog was closed: its result,
// the row update and the audit line are not in yet. The root may wait for
// it to turn false before quitting.
func (c Controller) InFlight() bool { return c.pending > 0 }

// SetSize returns the Controller with the size the dialogs may use.
func (c Controller) SetSize(w, h int) Controller {
	if !c.built {
		return c
	}
	c.w, c.h = w, h
	c.settleBulk()
	if c.d.open {
		c.d = c.d.clone()
		c.d.resize(&c)
		c.settle()
	}
	return c
}

func (c *Controller) opener(k Kind) key.Binding { return Binding(c.keys, k) }

// Open opens the dialog for k on e (nil for Start with nothing selected). When
// the action is not allowed — read-only mode, nothing selected, or a status
// from which the manager refuses it — it returns a Cmd yielding a StatusMsg
// saying why, opens nothing and sends nothing. A dialog already open is
// replaced.
func (c Controller) Open(k Kind, e *client.Execution) (Controller, tea.Cmd) {
	if !c.built {
		return c, nil
	}
	if c.readOnly {
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
	c.seq++
	c.d = dialog{open: true, seq: c.seq, kind: k, opener: c.opener(k)}
	d := &c.d
	if e != nil {
		d.exec = *e
		d.exec.Parameters = append([]byte(nil), e.Parameters...)
	}
	sp := specs[k]
	var cmd tea.Cmd
	if k == Start {
		d.step = stepPickDeployment
		d.st = newStartDialog(&c, e)
		env, seq := c.env, d.seq
		cmd = func() tea.Msg { return env.listDeployments(seq, "") }
	}
	if d.need = sp.need; d.need > 0 {
		d.typed = c.newInput(d.need)
		d.typed.Placeholder = strings.Repeat("_", d.need)
	}
	if sp.targets != nil {
		// The target comes first; the typed ID gets the focus after it.
		d.step = stepPatchTarget
		d.targets = sp.targets(e)
		d.errText = c.newInput(0)
		d.errText.Placeholder = "optional"
	} else if d.need > 0 {
		d.typed.Focus()
	}
	d.resize(&c)
	c.settle()
	return c, cmd
}

// newInput is a text input in the dialog's styles; limit 0 = no limit.
func (c *Controller) newInput(limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.CharLimit = limit
	ti.SetStyles(c.inputs)
	ti.KeyMap.Paste.SetEnabled(false) // a server-side clipboard is of no use over SSH
	return ti
}

// Update handles keys while a dialog is open, and the dialogs' own messages
// (which the root must route here whether or not a dialog is open: results
// of actions sent before a dialog was closed still update the row and say
// what happened).
func (c Controller) Update(msg tea.Msg) (Controller, tea.Cmd) {
	if !c.built {
		return c, nil
	}
	switch msg.(type) {
	case bulkItemMsg, bulkAuditMsg:
		c.b = c.b.clone()
		cmd := c.bulkUpdate(msg)
		c.settleBulk()
		return c, cmd
	case tea.KeyPressMsg, tea.PasteMsg:
		if c.b.open {
			// A typed confirmation must be typed: a paste does nothing.
			c.b = c.b.clone()
			cmd := c.bulkUpdate(msg)
			c.settleBulk()
			return c, cmd
		}
	case resultMsg, deploymentsMsg, deploymentMsg, depGroupsMsg, groupWorkflowsMsg, groupResultMsg:
	default:
		return c, nil // not ours: no copy, no render
	}
	c.d = c.d.clone()
	cmd := c.update(msg)
	c.settle()
	return c, cmd
}

func (c *Controller) update(msg tea.Msg) tea.Cmd {
	d := &c.d
	switch msg := msg.(type) {
	case resultMsg:
		return c.onResult(msg)
	case deploymentsMsg:
		if d.open && d.seq == msg.seq && d.kind == Start {
			d.st.onDeployments(c, msg)
		}
	case deploymentMsg:
		if d.open && d.seq == msg.seq && d.kind == Start {
			return d.st.onDeployment(c, d, msg)
		}
	case depGroupsMsg:
		if d.open && d.seq == msg.seq && d.kind == Start {
			d.st.onDepGroups(c, msg)
		}
	case groupWorkflowsMsg:
		if d.open && d.seq == msg.seq && d.kind == Start {
			d.st.onGroupWorkflows(c, d, msg)
		}
	case groupResultMsg:
		return c.onGroupResult(msg)
	case tea.KeyPressMsg:
		if d.open {
			return c.onKey(msg)
		}
	case tea.PasteMsg:
		if d.open && !d.inFlight {
			d.onPaste(msg)
		}
	}
	return nil
}

// clone is d with its own copies of what the dialog changes in place
// (the form's fields, the pickers' filtered rows), so that a Controller
// handed out earlier keeps the dialog it had.
func (d dialog) clone() dialog {
	d.st.fields = slices.Clone(d.st.fields)
	d.st.deps.shown = slices.Clone(d.st.deps.shown)
	d.st.workflows.shown = slices.Clone(d.st.workflows.shown)
	return d
}

// settle renders the open dialog once and keeps the scroll offsets that
// the rendering chose: they depend on the layout, which only the
// rendering knows, and View, on a copy, cannot keep them. Only the steps
// with a list or a form scroll.
func (c *Controller) settle() {
	switch {
	case !c.d.open:
	case c.d.step == stepPatchTarget, c.d.step == stepPickDeployment,
		c.d.step == stepPickWorkflow, c.d.step == stepForm:
		c.render()
	}
}

func (c *Controller) close(text string) tea.Cmd {
	c.d = dialog{}
	if text == "" {
		return nil
	}
	return statusCmd(text, false)
}

// onKey handles a key while a dialog is open.
func (c *Controller) onKey(msg tea.KeyPressMsg) tea.Cmd {
	d := &c.d
	if key.Matches(msg, c.keys.DialogClose, c.back) {
		if !d.inFlight && !key.Matches(msg, c.keys.QuitNow) && d.stepBack() {
			return nil // the wizard went back one step; on its first, it closes
		}
		if d.inFlight {
			return c.close(fmt.Sprintf("%s dialog closed; the request already sent will still be reported", d.kind))
		}
		return c.close(fmt.Sprintf("%s: backed out, nothing sent", d.kind))
	}
	if d.inFlight {
		// A second press while a request is in flight sends nothing.
		d.hint = "a request is already in flight; waiting for the manager"
		return nil
	}
	d.hint = ""
	if key.Matches(msg, c.keys.CopyCommand) && !d.typesText() {
		return c.copyCommand(d)
	}
	switch d.step {
	case stepConfirm:
		return c.confirmKey(d, msg)
	case stepPatchTarget:
		return c.patchTargetKey(d, msg)
	case stepPatchError:
		return c.patchErrorKey(d, msg)
	default:
		return c.startKey(d, msg)
	}
}

// stepBack moves the start wizard back one step (review → parameters →
// workflow → deployment or deployment group), keeping what was chosen; false on its first step,
// and for the other dialogs, which then close.
func (d *dialog) stepBack() bool {
	if d.kind != Start {
		return false
	}
	switch d.step {
	case stepStartConfirm, stepBusy:
		d.step = stepForm
	case stepForm:
		d.step = stepPickWorkflow
	case stepPickWorkflow:
		d.step = stepPickDeployment
		d.st.loadingWf = false
	default:
		return false
	}
	d.errMsg, d.hint = "", ""
	return true
}

// typesText reports whether the step has a field that takes any text (the
// patch's error text, the wizard's pickers and form): the copy key is a
// letter there.
func (d *dialog) typesText() bool {
	switch d.step {
	case stepPatchError, stepPickDeployment, stepPickWorkflow, stepForm:
		return true
	}
	return false
}

// copyCommand copies the open dialog's own command: what it would send,
// as it stands.
func (c *Controller) copyCommand(d *dialog) tea.Cmd {
	var cmd string
	switch d.step {
	case stepStartConfirm, stepBusy:
		if d.st.target == onGroup {
			cmd = cfycmd.GroupStart(d.st.greq, d.st.wf.Parameters)
			break
		}
		r := d.st.req
		if d.step == stepBusy {
			r = d.st.busyRequest()
		}
		cmd = cfycmd.Start(r, d.st.wf.Parameters, d.st.tenant(c))
	default:
		cmd = c.command(d)
	}
	return tea.Batch(tea.SetClipboard(cmd), statusCmd("copied: "+cmd, false))
}

func (d *dialog) onPaste(msg tea.PasteMsg) {
	switch d.step {
	case stepConfirm:
		// Typed confirmations must be typed: pasting the copied ID would
		// defeat them. Only the patch error text takes a paste.
	case stepPatchError:
		d.errText, _ = d.errText.Update(msg)
	case stepPickDeployment, stepPickWorkflow, stepForm:
		d.st.paste(d, msg)
	}
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
