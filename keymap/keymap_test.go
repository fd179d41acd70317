package keymap

import (
	"errors"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

type stroke string

func (s stroke) String() string { return string(s) }

func TestReadOnlyDisablesActionsOnly(t *testing.T) {
	k := DefaultKeyMap()
	k.SetReadOnly(true)
	for _, b := range k.Actions() {
		if b.Enabled() {
			t.Fatalf("%s enabled in read-only mode", b.Help().Desc)
		}
		if !Bound(stroke(b.Keys()[0]), b) {
			t.Fatalf("Bound does not see the disabled %s", b.Help().Desc)
		}
	}
	for _, b := range []key.Binding{k.CopyID, k.CopyCommand, k.Quit, k.Filter} {
		if !b.Enabled() {
			t.Fatalf("%s disabled in read-only mode", b.Help().Desc)
		}
	}
	if !key.Matches(stroke("y"), k.CopyID) || key.Matches(stroke("C"), k.Cancel) {
		t.Fatal("matching wrong in read-only mode")
	}
	k.SetReadOnly(false)
	if !key.Matches(stroke("C"), k.Cancel) {
		t.Fatal("cancel not re-enabled")
	}
}

func TestApply(t *testing.T) {
	k := DefaultKeyMap()
	k.SetReadOnly(true)
	if err := k.Apply(map[string][]string{"kill": {"X"}, "quit": {"Q"}}); err != nil {
		t.Fatal(err)
	}
	if !Bound(stroke("X"), k.Kill) || k.Kill.Enabled() || k.Kill.Help().Key != "X" {
		t.Fatalf("kill rebinding: keys %v enabled %v", k.Kill.Keys(), k.Kill.Enabled())
	}
	if !key.Matches(stroke("Q"), k.Quit) || key.Matches(stroke("q"), k.Quit) {
		t.Fatal("quit rebinding")
	}
	before := k
	if err := k.Apply(map[string][]string{"nope": {"x"}, "kill": {"Z"}}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("unknown name: %v", err)
	}
	if !Bound(stroke("X"), k.Kill) || Bound(stroke("Z"), before.Kill) {
		t.Fatal("a failed Apply changed bindings")
	}
	if err := k.Apply(map[string][]string{"kill": {}}); err == nil {
		t.Fatal("empty key list accepted")
	}
}

func TestHelpGroups(t *testing.T) {
	k := DefaultKeyMap()
	if len(k.FullHelp()) != len(HelpGroupTitles()) {
		t.Fatal("every help group needs a title")
	}
	seen := map[string]bool{}
	for _, g := range k.FullHelp() {
		for _, b := range g {
			seen[b.Help().Desc] = true
		}
	}
	// Every dashboard binding is in the full help (dialog keys are shown by the dialogs).
	for _, name := range Names() {
		if strings.HasPrefix(name, "dialog_") {
			continue
		}
		b := k.byName()[name]
		if !seen[b.Help().Desc] {
			t.Fatalf("%s missing from the full help", name)
		}
	}
}

// A binding may take another's key only when that one is rebound too; keys
// of different scopes (the dashboard, a dialog) may be shared.
func TestApplyRefusesKeysTakenWithinAScope(t *testing.T) {
	k := DefaultKeyMap()
	if err := k.checkScopes(nil); err != nil {
		t.Fatalf("the defaults conflict: %v", err)
	}
	for _, bad := range []map[string][]string{
		{"kill": {"j"}},
		{"quit": {"k"}},
		{"dialog_yes": {"esc"}},
	} {
		k := DefaultKeyMap()
		err := k.Apply(bad)
		var ke *Error
		if !errors.As(err, &ke) || !strings.Contains(err.Error(), "also") {
			t.Errorf("%v: %v", bad, err)
		}
	}
	k = DefaultKeyMap()
	if err := k.Apply(map[string][]string{"dialog_yes": {"enter"}}); err == nil || !strings.Contains(err.Error(), "cannot be enter") {
		t.Errorf("enter as a confirmation: %v", err)
	}
	for _, ok := range []map[string][]string{
		{"kill": {"j"}, "down": {"J", "down"}},
		{"quit": {"k"}, "up": {"up"}},
		{"copy_id": {"x"}, "dialog_yes": {"x"}}, // dashboard and dialog
		{"dialog_close": {"q"}},
	} {
		k := DefaultKeyMap()
		if err := k.Apply(ok); err != nil {
			t.Errorf("%v refused: %v", ok, err)
		}
	}
	seen := map[string]bool{}
	for _, scope := range Scopes() {
		for _, name := range scope {
			if seen[name] {
				t.Errorf("%s in two scopes", name)
			}
			seen[name] = true
		}
	}
	if len(seen) != len(Names()) {
		t.Errorf("%d bindings in scopes, %d bindings", len(seen), len(Names()))
	}
}
