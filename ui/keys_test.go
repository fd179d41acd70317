package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/ui/uitest"
)

// TestEveryBindingDoesSomething presses every key of every dashboard binding
// (dialog keys are the dialogs' own) and checks that the screen, the requests
// or the program changed.
func TestEveryBindingDoesSomething(t *testing.T) {
	var execs []client.Execution
	for i := 0; i < 80; i++ {
		st := []client.Status{client.StatusStarted, client.StatusFailed, client.StatusTerminated}[i%3]
		execs = append(execs, uitest.Exec(uitest.UUID(i+1), fmt.Sprintf("wf-%02d", i), fmt.Sprintf("dep-%02d", i), st, time.Duration(i)*time.Minute))
	}
	km := keymap.DefaultKeyMap()
	bindings := map[string][]string{}
	for _, g := range km.FullHelp() {
		for _, b := range g {
			bindings[b.Help().Desc] = b.Keys()
		}
	}
	dashboard := 0
	for _, n := range keymap.Names() {
		if !strings.HasPrefix(n, "dialog_") {
			dashboard++
		}
	}
	if len(bindings) != dashboard {
		t.Fatalf("%d bindings in the full help, %d dashboard bindings", len(bindings), dashboard)
	}
	for desc, keys := range bindings {
		for _, k := range keys {
			t.Run(desc+"/"+k, func(t *testing.T) {
				f := uitest.NewManager(execs...)
				f.Events[uitest.UUID(40)] = []client.Event{{Type: client.EventTypeLog, Level: "info", Message: "match one"},
					{Type: client.EventTypeLog, Level: "info", Message: "match two"}}
				h := newHarness(t, Options{}, f, 120, 40).start()
				h.selectRow(uitest.UUID(40)) // middle of the list: every move moves
				switch desc {
				case "clear/back":
					h.press("/")
					h.typeText("wf-1")
					h.press("enter")
				case "next match", "previous match": // a search kept in the pane
					h.press("enter")
					h.press("/")
					h.typeText("match")
					h.press("enter")
				}
				before := h.screen()
				lists, _, _ := h.fake.Counts()
				h.send(uitest.Key(k))
				h.fire(isSettle)
				after := h.screen()
				l, _, _ := h.fake.Counts()
				if after == before && l == lists && !h.quit {
					t.Fatalf("pressing %s (%s) changed nothing", k, desc)
				}
			})
		}
	}
}

func TestMovementKeysInThePane(t *testing.T) {
	f := uitest.NewManager(uitest.Sample()...)
	var evs []client.Event
	for i := 0; i < 200; i++ {
		evs = append(evs, client.Event{Type: client.EventTypeLog, Level: "info", Message: fmt.Sprintf("line %03d", i)})
	}
	f.Events[uitest.UUID(4)] = evs
	h := newHarness(t, Options{}, f, 120, 40).start()
	h.press("enter")
	if h.st().Focus != "pane" {
		t.Fatal("pane not focused")
	}
	sel := h.selectedID()
	h.press("g")
	top := h.screen()
	if !strings.Contains(stripANSI(top), "execution 00000004") {
		t.Fatal("g did not go to the top of the pane")
	}
	for _, k := range []string{"j", "pgdown", "G", "k", "pgup"} {
		before := h.screen()
		h.send(uitest.Key(k))
		if h.screen() == before {
			t.Fatalf("%s did not scroll the pane", k)
		}
	}
	h.send(uitest.Key("ctrl+d"))
	h.send(uitest.Key("ctrl+u"))
	if h.selectedID() != sel {
		t.Fatal("keys for the pane moved the list selection")
	}
}
