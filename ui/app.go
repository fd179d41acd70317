package ui

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/actions"
	"github.com/cfytop/cfytop/ui/cmdline"
	"github.com/cfytop/cfytop/ui/common"
)

// App is the shell: the root model. It keeps what every screen shares (the
// size, the keymap, the styles, the clock, the status line, help, the
// command line, the action dialogs and the connection) and a stack of
// screens. It routes: the size to every screen, keys to the open dialog or
// the top screen, replies to the screen they are addressed to.
type App struct {
	o      Options
	conn   Connection
	keys   keymap.KeyMap
	styles *themes.Styles
	nowFn  func() time.Time
	after  common.Timer
	times  humantime.Mode // how every screen shows times (times.go)

	width, height int
	tooSmall      bool
	bodyH         int
	top           string // the header's first line; changes with the size and the screen

	stack  []common.Screen
	nextID common.ID

	actions  actions.Controller
	help     help.Model
	footer   *footerMemo // the last footer line (help.go)
	showHelp bool
	helpTop  int // the first line of the full help shown, when it is taller than the screen
	status   statusLine
	cmd      cmdline.Model
	tenants  []string // completion for :tenant, fetched when the command line first opens
	// themeSettled: the terminal's background has answered (or does not
	// matter); the theme does not change after that.
	themeSettled bool
	switchN      int // the tenant or profile switch last asked for; older answers are dropped

	quitWait   bool   // quit was pressed while an action request was out: quit when it is answered
	quitArmed  bool   // q was pressed with marks set and said so: q again at once quits
	actionWord string // the action of the request last sent, for the waiting message
}

// NewApp builds the shell with the executions screen at the bottom; Run runs
// it in a terminal.
func NewApp(o Options) App {
	o.normalise()
	theme, err := themes.Get(o.Theme)
	if err != nil {
		theme, _ = themes.Get("default")
	}
	keys := o.KeyMap
	keys.SetReadOnly(o.ReadOnly)
	styles := themes.NewStyles(theme)
	a := App{
		o: o, keys: keys, styles: styles, nowFn: o.now, after: o.after, times: o.Times,
		conn: Connection{Manager: o.Manager, Label: o.ManagerLabel, Tenant: o.Tenant, Profile: o.Profile, Config: o.Config},
	}
	if a.nowFn == nil {
		a.nowFn = time.Now
	}
	if a.after == nil {
		a.after = common.TeaTimer
	}
	a.help = newHelp(styles)
	a.footer = &footerMemo{}
	a.cmd = cmdline.New(styles, keys)
	a.resetScreens(o.Execution, o.Filter)
	return a
}

// context is what the screens are built with.
func (a App) context() common.Context {
	return common.Context{Keys: a.keys, Styles: a.styles, Now: a.nowFn, After: a.after, ReadOnly: a.o.ReadOnly, Times: a.times}
}

// resetScreens builds the stack anew for the connection: the executions
// screen alone, and the dialogs speaking for the connection's tenant.
func (a *App) resetScreens(execution, filter string) {
	a.actions = actions.New(actions.Options{
		Manager: a.conn.Manager, ReadOnly: a.o.ReadOnly, Audit: a.o.Audit, ManagerLabel: a.conn.Label,
		Tenant: a.conn.Tenant, Keys: a.keys, Styles: a.styles, Timeout: a.o.Timeout,
	})
	a.nextID++
	a.stack = []common.Screen{newExecutionsScreen(a.context(), a.nextID, a.o, a.conn, execution, filter)}
	a.relayout()
}

// Init starts the bottom screen, and asks the terminal for its background
// when the theme was not chosen.
func (a App) Init() tea.Cmd {
	if a.o.ThemeChosen || a.o.NoColor {
		return a.stack[0].Init()
	}
	return tea.Batch(a.stack[0].Init(), tea.RequestBackgroundColor)
}

// onBackground picks the light theme on a light terminal, once, when the
// user did not choose a theme: the default's bright yellow and green are
// hard to read on white.
func (a App) onBackground(msg tea.BackgroundColorMsg) (App, tea.Cmd) {
	if a.o.ThemeChosen || a.o.NoColor || a.themeSettled || msg.IsDark() {
		a.themeSettled = true
		return a, nil
	}
	a.themeSettled = true
	light, err := themes.Get("light")
	if err != nil {
		return a, nil
	}
	a.restyle(themes.NewStyles(light))
	return a, a.putStatus("light terminal background: using the light theme (--theme chooses another)", false)
}

// restyle draws everything with new styles.
func (a *App) restyle(s *themes.Styles) {
	a.styles = s
	a.help = newHelp(s)
	a.cmd = a.cmd.Restyle(s)
	a.actions = a.actions.Restyle(s)
	a.stack = append([]common.Screen(nil), a.stack...)
	for i, sc := range a.stack {
		if r, ok := sc.(common.Restyler); ok {
			a.stack[i] = r.Restyle(s)
		}
	}
	a.relayout()
}

// Update routes one message.
func (a App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
		return a, nil
	case tea.KeyPressMsg:
		return a.onKey(msg)
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		return a.onMouse(msg.(tea.MouseMsg))
	case tea.MouseMotionMsg, tea.MouseReleaseMsg:
		return a, nil // see dropIdleMouse
	case common.StatusMsg:
		return a, a.onStatus(msg)
	case toastExpiredMsg:
		a.status.expire(msg.seq)
		return a, nil
	case common.ExecutionUpdatedMsg, common.ExecutionGroupStartedMsg:
		return a.broadcast(msg)
	case common.PushMsg:
		return a.push(msg.New)
	case common.PopMsg:
		return a.pop()
	case common.ShowExecutionMsg:
		return a.showExecution(msg)
	case tea.BackgroundColorMsg:
		return a.onBackground(msg)
	case tenantsMsg:
		a.tenants = msg.names
		return a, nil
	case switchedMsg:
		return a.onSwitched(msg)
	case common.Addressed:
		return a.route(msg)
	case tea.PasteMsg:
		if a.tooSmall {
			return a, nil // the dialog is not drawn: nothing goes into it blind
		}
		if !a.actions.Active() {
			if a.cmd.Open() {
				a.cmd = a.cmd.Paste(msg.Content)
				return a, nil
			}
			return a.updateTop(msg)
		}
	}
	return a.updateActions(msg)
}

// route gives a reply to the screen it is addressed to; a reply to a screen
// no longer on the stack is dropped.
func (a App) route(msg common.Addressed) (App, tea.Cmd) {
	for i, s := range a.stack {
		if s.ID() == msg.ScreenID() {
			var cmd tea.Cmd
			a.stack[i], cmd = s.Update(msg)
			return a, tea.Batch(cmd, a.refreshTop())
		}
	}
	return a, nil
}

// broadcast gives a message every screen on the stack may show.
func (a App) broadcast(msg tea.Msg) (App, tea.Cmd) {
	a.stack = append([]common.Screen(nil), a.stack...)
	cmds := make([]tea.Cmd, 0, len(a.stack))
	for i, s := range a.stack {
		var cmd tea.Cmd
		a.stack[i], cmd = s.Update(msg)
		cmds = append(cmds, cmd)
	}
	return a, tea.Batch(append(cmds, a.refreshTop())...)
}

// updateTop gives a message to the top screen.
func (a App) updateTop(msg tea.Msg) (App, tea.Cmd) {
	a.stack = append([]common.Screen(nil), a.stack...)
	i := len(a.stack) - 1
	var cmd tea.Cmd
	a.stack[i], cmd = a.stack[i].Update(msg)
	return a, tea.Batch(cmd, a.refreshTop())
}

// topScreen is the screen on top of the stack.
func (a App) topScreen() common.Screen { return a.stack[len(a.stack)-1] }

// push puts a new screen on top; the one below stops fetching.
func (a App) push(build func(common.Context, common.ID) common.Screen) (App, tea.Cmd) {
	a.stack = append([]common.Screen(nil), a.stack...)
	i := len(a.stack) - 1
	var hide tea.Cmd
	a.stack[i], hide = a.stack[i].SetActive(false)
	a.nextID++
	s := build(a.context(), a.nextID)
	if !a.tooSmall {
		s = s.SetSize(a.width, a.bodyH)
	}
	a.stack = append(a.stack, s)
	a.top = a.topLine()
	a.status.leaveScreen()
	return a, tea.Batch(hide, s.Init())
}

// pop removes the top screen (never the bottom one); the one below is
// active again.
func (a App) pop() (App, tea.Cmd) {
	if len(a.stack) < 2 {
		return a, nil
	}
	a.stack = append([]common.Screen(nil), a.stack...)
	n := len(a.stack) - 1
	_, stop := a.stack[n].SetActive(false)
	a.stack = a.stack[:n]
	var show tea.Cmd
	a.stack[n-1], show = a.stack[n-1].SetActive(true)
	if !a.tooSmall {
		a.stack[n-1] = a.stack[n-1].SetSize(a.width, a.bodyH)
	}
	a.top = a.topLine()
	a.status.leaveScreen()
	return a, tea.Batch(stop, show)
}

// popToBottom leaves only the bottom screen.
func (a App) popToBottom() (App, tea.Cmd) {
	var cmds []tea.Cmd
	for len(a.stack) > 1 {
		var cmd tea.Cmd
		a, cmd = a.pop()
		cmds = append(cmds, cmd)
	}
	return a, tea.Batch(cmds...)
}

// showExecution goes back to the executions list and gives it the message:
// it selects the execution and opens it in the pane.
func (a App) showExecution(msg common.ShowExecutionMsg) (App, tea.Cmd) {
	a, popped := a.popToBottom()
	a.stack = append([]common.Screen(nil), a.stack...)
	var cmd tea.Cmd
	a.stack[0], cmd = a.stack[0].Update(msg)
	return a, tea.Batch(popped, cmd, a.refreshTop())
}

// refreshTop redraws the breadcrumb, which follows what the screens show.
func (a *App) refreshTop() tea.Cmd {
	if !a.tooSmall && a.width > 0 {
		a.top = a.topLine()
	}
	return nil
}

func (a App) updateActions(msg tea.Msg) (App, tea.Cmd) {
	was := a.actions.InFlight()
	var cmd tea.Cmd
	a.actions, cmd = a.actions.Update(msg)
	if !was && a.actions.InFlight() {
		if k, _, ok := a.actions.Current(); ok {
			a.actionWord = k.String()
		}
	}
	if a.quitWait && !a.actions.InFlight() {
		// The answer is in (its audit line is written by then): let its
		// row update and toast through, then quit as asked.
		a.stopScreens()
		return a, tea.Sequence(cmd, tea.Quit)
	}
	return a, cmd
}

// stopScreens cancels every screen's request in flight before quitting.
func (a *App) stopScreens() {
	a.stack = append([]common.Screen(nil), a.stack...)
	for i, s := range a.stack {
		a.stack[i], _ = s.SetActive(false)
	}
}
