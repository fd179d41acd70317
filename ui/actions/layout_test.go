package actions

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
)

// Every dialog fits 80x24 (with the shell's margin each side) and never
// shows a control character from the manager.
func TestViewsFit80x24AndAreClean(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {80, 20}, {120, 40}, {60, 15}, {60, 11}} {
		viewsFit(t, size[0], size[1])
	}
}

func viewsFit(t *testing.T, width, height int) {
	evil := "\x1b]2;pwned\x07web\x1b[2J"
	views := map[string]string{}
	for _, k := range actionKinds {
		for _, s := range allowedFrom[k] {
			h := newHarness(t, Options{})
			h.c = h.c.SetSize(width, height)
			e := execIn(s)
			e.WorkflowID = "install" + evil
			e.DeploymentID = client.Some("dep" + evil)
			e.TenantName = "t" + evil
			h.f.put(e)
			h.open(k, &e)
			if k == Patch {
				views[k.String()+"/"+string(s)+"/targets"] = h.c.View()
				h.press("enter")
			}
			h.f.actErr = &client.Error{Kind: client.KindIllegalState, StatusCode: 400, Message: "refused" + evil + strings.Repeat(" long words", 30)}
			h.press(confirmKeys(k)...)
			views[k.String()+"/"+string(s)] = h.c.View()
		}
	}
	h := newHarness(t, Options{})
	h.c = h.c.SetSize(width, height)
	deps := fixtureDeps(t)
	var ps strings.Builder
	ps.WriteString("{")
	for i := 0; i < 30; i++ {
		if i > 0 {
			ps.WriteString(",")
		}
		ps.WriteString(`"param_` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `": {"type": "string", "description": "evil \u001b[2J desc"}`)
	}
	ps.WriteString("}")
	deps[1].Workflows = append(deps[1].Workflows, client.Workflow{Name: "long" + evil, Parameters: params(t, ps.String())})
	for i := 0; i < 40; i++ {
		deps = append(deps, client.Deployment{ID: "extra-" + string(rune('a'+i%26)) + evil})
	}
	h.f.deps = deps
	h.open(Start, nil)
	views["start/deps"] = h.c.View()
	h.typeText("web-prod")
	h.press("enter")
	views["start/workflows"] = h.c.View()
	h.typeText("long")
	h.press("enter")
	views["start/form-top"] = h.c.View()
	for i := 0; i < 25; i++ {
		h.press("tab")
	}
	views["start/form-scrolled"] = h.c.View()
	if !strings.Contains(ansi.Strip(views["start/form-scrolled"]), "param_") {
		t.Fatalf("scrolled form lost its fields:\n%s", views["start/form-scrolled"])
	}
	h.press("enter") // all optional? no: strings without default are required
	views["start/form-errors"] = h.c.View()

	for name, v := range views {
		if w := lipgloss.Width(v); w > width-boxMargin {
			t.Errorf("%dx%d %s: %d columns wide, with the margins more than %d", width, height, name, w, width)
		}
		if n := lipgloss.Height(v); n > height {
			t.Errorf("%dx%d %s: %d rows tall", width, height, name, n)
		}
		plain := ansi.Strip(v)
		if strings.Contains(plain, "pwned\x07") || strings.ContainsAny(plain, "\x07\x1b") {
			t.Errorf("%s: control characters rendered: %q", name, plain)
		}
	}
}

func hasLine(view, want string) bool {
	for _, l := range strings.Split(view, "\n") {
		l = strings.Join(strings.Fields(strings.Trim(l, "│ ")), " ")
		if strings.Contains(l, strings.Join(strings.Fields(want), " ")) {
			return true
		}
	}
	return false
}

func checkFits(t *testing.T, name, v string, size [2]int) {
	t.Helper()
	if w := lipgloss.Width(v); w > size[0]-boxMargin {
		t.Errorf("%s: %d columns wide, with the margins more than %d", name, w, size[0])
	}
	if n := lipgloss.Height(v); n > size[1] {
		t.Errorf("%s: %d rows tall:\n%s", name, n, v)
	}
}
