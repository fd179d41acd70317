package actions

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/client"
)

// allowedFrom is the manager's rule table (cloudify-api.md §2-§3, workflow
// "install"), written out here rather than derived from the code under test.
var allowedFrom = map[Kind][]client.Status{
	Cancel:      {"pending", "started", "scheduled", "queued"},
	ForceCancel: {"pending", "started", "scheduled", "queued", "cancelling"},
	Kill:        client.AllStatuses,
	Resume:      {"failed", "cancelled"}, // issue 5: not from started, although the manager accepts it
	Patch:       {"pending", "started", "cancelling", "force_cancelling", "kill_cancelling", "queued", "scheduled"},
}

var actionKinds = []Kind{Cancel, ForceCancel, Kill, Resume, Patch}

// confirmKeys are the keys that confirm each action's dialog.
func confirmKeys(k Kind) []string {
	switch k {
	case Cancel, Resume:
		return []string{"y"}
	case ForceCancel:
		return append(split(testID[:4]), "enter")
	case Kill:
		return append(split(testID[:8]), "enter")
	case Patch:
		// First target, no error text, then the typed ID (the last step).
		return append(append([]string{"enter", "enter"}, split(testID[:8])...), "enter")
	}
	return nil
}

// preConfirm is confirmKeys without the last key.
func preConfirm(k Kind) ([]string, string) {
	ks := confirmKeys(k)
	return ks[:len(ks)-1], ks[len(ks)-1]
}

func split(s string) []string {
	var out []string
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

func openerKey(k Kind) string {
	return map[Kind]string{Start: "N", Cancel: "C", ForceCancel: "F", Kill: "K", Resume: "R", Patch: "U"}[k]
}

// movedTo is a status the execution may have reached meanwhile, from which
// the action no longer applies.
func movedTo(k Kind, from client.Status) client.Status {
	switch k {
	case Cancel, ForceCancel:
		return client.StatusCancelled
	case Kill:
		if from.IsEnd() {
			return client.StatusKillCancelling
		}
		return client.StatusCancelled
	case Resume:
		return client.StatusPending
	}
	if from == client.StatusTerminated {
		return client.StatusFailed
	}
	return client.StatusTerminated
}

func mutationCalls(k Kind) string {
	switch k {
	case Cancel, ForceCancel, Kill:
		return "CancelExecution"
	case Resume:
		return "ResumeExecution"
	}
	return "UpdateExecutionStatus"
}

// TestEveryActionFromEveryStatus covers 5 actions on an execution × 10
// statuses: offered or not, and for offered ones every way of not sending
// and the one way of sending.
func TestEveryActionFromEveryStatus(t *testing.T) {
	for _, k := range actionKinds {
		for _, s := range client.AllStatuses {
			offered := slices.Contains(allowedFrom[k], s)
			t.Run(fmt.Sprintf("%s/%s", k, s), func(t *testing.T) {
				if !offered {
					h := newHarness(t, Options{})
					e := execIn(s)
					h.f.put(e)
					h.open(k, &e)
					if h.c.Active() {
						t.Fatal("dialog opened for an action the status does not allow")
					}
					st := h.lastStatus()
					if !st.IsError || !strings.HasPrefix(st.Text, "cannot "+k.verb()+" 3f2a9c1e: ") {
						t.Fatalf("status = %+v", st)
					}
					if n := len(h.f.calls); n != 0 {
						t.Fatalf("requests sent: %v", h.f.calls)
					}
					return
				}
				runOffered(t, k, s)
			})
		}
	}
}

func runOffered(t *testing.T, k Kind, s client.Status) {
	setup := func(t *testing.T) *harness {
		h := newHarness(t, Options{})
		e := execIn(s)
		h.f.put(e)
		h.open(k, &e)
		if !h.c.Active() {
			t.Fatalf("dialog not opened; out=%v", h.out)
		}
		if v := h.c.View(); !strings.Contains(v, "3f2a9c1e") {
			t.Fatalf("view does not name the execution:\n%s", v)
		}
		return h
	}
	pre, last := preConfirm(k)

	t.Run("enter alone", func(t *testing.T) {
		h := setup(t)
		h.press("enter", "enter")
		if k == Patch { // enter chose the target; a second enter moved on
			h.press("enter")
		}
		if n := h.f.mutations() + h.f.count("GetExecution"); n != 0 {
			t.Fatalf("requests: %v", h.f.calls)
		}
		if !h.c.Active() {
			t.Fatal("enter closed the dialog")
		}
	})
	t.Run("opening key", func(t *testing.T) {
		h := setup(t)
		// The opening key before every key of the confirmation, and twice
		// at the end, as a held or repeated key would send it.
		for _, key := range pre {
			h.press(openerKey(k), key)
		}
		h.press(openerKey(k), openerKey(k))
		if n := h.f.mutations(); n != 0 {
			t.Fatalf("requests: %v", h.f.calls)
		}
		// And it did not type itself into a typed confirmation: the real
		// confirmation still works afterwards.
		h.press(last)
		if h.f.mutations() != 1 {
			t.Fatalf("confirm after opening key: %v", h.f.calls)
		}
	})
	for _, back := range []string{"esc", "ctrl+c"} {
		t.Run(back, func(t *testing.T) {
			h := setup(t)
			h.press(pre...)
			h.press(back)
			if h.c.Active() {
				t.Fatal("still open")
			}
			h.press(last) // nothing open any more
			if len(h.f.calls) != 0 {
				t.Fatalf("requests: %v", h.f.calls)
			}
		})
	}
	if k == ForceCancel || k == Kill || k == Patch {
		t.Run("wrong prefix", func(t *testing.T) {
			h := setup(t)
			keys := confirmKeys(k)
			n := 4
			if k != ForceCancel {
				n = 8
			}
			// Change the last typed character of the ID.
			keys[len(keys)-2] = "0"
			if strings.HasSuffix(testID[:n], "0") {
				keys[len(keys)-2] = "1"
			}
			h.press(keys...)
			if len(h.f.calls) != 0 {
				t.Fatalf("requests: %v", h.f.calls)
			}
			if !h.c.Active() || !strings.Contains(h.c.View(), "nothing sent") {
				t.Fatalf("no error shown:\n%s", h.c.View())
			}
		})
	}
	t.Run("confirm sends exactly one", func(t *testing.T) {
		h := setup(t)
		h.press(confirmKeys(k)...)
		if got := h.f.count(mutationCalls(k)); got != 1 || h.f.mutations() != 1 {
			t.Fatalf("requests: %v", h.f.calls)
		}
		if h.f.count("GetExecution") != 1 {
			t.Fatalf("no re-fetch before sending: %v", h.f.calls)
		}
		if h.c.Active() {
			t.Fatal("dialog still open after success")
		}
		ups := h.updates()
		if len(ups) != 1 || ups[0].ID != testID || ups[0].Status != h.f.execs[testID].Status {
			t.Fatalf("updates = %+v", ups)
		}
		st := h.lastStatus()
		if st.IsError || !strings.Contains(st.Text, "3f2a9c1e") || !strings.Contains(st.Text, "(install on web-prod)") {
			t.Fatalf("toast = %+v", st)
		}
		if k != Patch && st.Text != k.String()+" sent to 3f2a9c1e (install on web-prod)" {
			t.Fatalf("toast = %q", st.Text)
		}
		switch k {
		case Cancel, ForceCancel, Kill:
			if h.f.cancels[0] != cancelAction(k) {
				t.Fatalf("sent %v", h.f.cancels)
			}
		case Resume:
			if h.f.resumes[0] {
				t.Fatal("force-resume sent without the toggle")
			}
		}
	})
	t.Run("double press while in flight", func(t *testing.T) {
		h := setup(t)
		h.press(pre...)
		first := h.pressHold(last)
		if first == nil {
			t.Fatal("confirm returned no command")
		}
		if again := h.pressHold(last); again != nil {
			h.run(again)
		}
		for _, extra := range []string{"y", "enter"} {
			if c := h.pressHold(extra); c != nil {
				h.run(c)
			}
		}
		if n := len(h.f.calls); n != 0 {
			t.Fatalf("requests before the first command ran: %v", h.f.calls)
		}
		h.run(first)
		if h.f.mutations() != 1 {
			t.Fatalf("requests: %v", h.f.calls)
		}
	})
	t.Run("status moved on", func(t *testing.T) {
		h := setup(t)
		to := movedTo(k, s)
		h.f.moveTo[testID] = to
		h.press(confirmKeys(k)...)
		if h.f.mutations() != 0 {
			t.Fatalf("sent although the status moved to %s: %v", to, h.f.calls)
		}
		if h.f.count("GetExecution") != 1 {
			t.Fatalf("calls: %v", h.f.calls)
		}
		st := h.lastStatus()
		if !st.IsError || !strings.Contains(st.Text, "nothing sent") || !strings.Contains(st.Text, string(to)) {
			t.Fatalf("status = %+v", st)
		}
		if h.c.Active() {
			t.Fatal("dialog still open")
		}
	})
	t.Run("failure keeps the dialog for a deliberate resend", func(t *testing.T) {
		h := setup(t)
		h.f.actErr = &client.Error{Kind: client.KindIllegalState, StatusCode: 400, Code: "illegal_action_error",
			Message: "Can't do it \x1b[2Jnow"}
		h.press(confirmKeys(k)...)
		if h.f.mutations() != 1 {
			t.Fatalf("requests: %v", h.f.calls)
		}
		if !h.c.Active() {
			t.Fatal("dialog closed on failure")
		}
		v := h.c.View()
		if !strings.Contains(v, "Can't do it") || strings.Contains(v, "\x1b[2J") {
			t.Fatalf("manager message not shown cleanly:\n%q", v)
		}
		// No automatic retry: nothing more left.
		if h.f.mutations() != 1 {
			t.Fatalf("retried: %v", h.f.calls)
		}
		// The input is kept: the last key alone resends, once.
		h.f.actErr = nil
		h.press(last)
		if h.f.mutations() != 2 || h.c.Active() {
			t.Fatalf("resend: %v active=%v", h.f.calls, h.c.Active())
		}
	})
}

func TestReadOnlyRefusesEveryAction(t *testing.T) {
	for _, k := range Kinds {
		for _, s := range client.AllStatuses {
			h := newHarness(t, Options{ReadOnly: true})
			e := execIn(s)
			h.f.put(e)
			h.open(k, &e)
			h.press(confirmKeys(k)...)
			h.press("y", "enter")
			if h.c.Active() {
				t.Fatalf("%s/%s: dialog opened in read-only mode", k, s)
			}
			if st := h.lastStatus(); !st.IsError || !strings.Contains(st.Text, "read-only") {
				t.Fatalf("%s/%s: status %+v", k, s, st)
			}
			if len(h.f.calls) != 0 {
				t.Fatalf("%s/%s: requests %v", k, s, h.f.calls)
			}
		}
		h := newHarness(t, Options{ReadOnly: true})
		h.open(Start, nil)
		if h.c.Active() || len(h.f.calls) != 0 {
			t.Fatalf("start in read-only: active=%v calls=%v", h.c.Active(), h.f.calls)
		}
	}
}

func TestNoExecutionSelected(t *testing.T) {
	for _, k := range actionKinds {
		h := newHarness(t, Options{})
		h.open(k, nil)
		if h.c.Active() || len(h.f.calls) != 0 || !h.lastStatus().IsError {
			t.Fatalf("%s with nothing selected: active=%v calls=%v out=%v", k, h.c.Active(), h.f.calls, h.out)
		}
	}
}

func TestRefusalWording(t *testing.T) {
	h := newHarness(t, Options{})
	e := execIn(client.StatusTerminated)
	h.open(Cancel, &e)
	if got, want := h.lastStatus().Text, "cannot cancel 3f2a9c1e: it is already terminated (completed)"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	e = execIn(client.StatusCancelling)
	h.open(Cancel, &e)
	if got := h.lastStatus().Text; !strings.Contains(got, "already cancelling") || !strings.Contains(got, "force-cancel or kill") {
		t.Fatalf("got %q", got)
	}
}

// An execution whose tenant name cannot be sent as a header is offered no
// action, with the reason in words, and nothing reaches the manager.
func TestNoActionOnAnInvalidTenantName(t *testing.T) {
	for _, k := range actionKinds {
		if k == Start {
			continue
		}
		h := newHarness(t, Options{})
		e := execIn(client.StatusStarted)
		e.TenantName = "ops\r\nX-Evil: 1"
		h.f.put(e)
		h.open(k, &e)
		if h.c.Active() || len(h.f.calls) != 0 || !strings.Contains(h.lastStatus().Text, "tenant name is not valid") {
			t.Fatalf("%s on a bad tenant name: active=%v calls=%v status=%q", k, h.c.Active(), h.f.calls, h.lastStatus().Text)
		}
	}
}
