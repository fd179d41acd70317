package actions

import (
	"testing"

	"github.com/cfytop/cfytop/keymap"
)

// Every action has a whole spec: adding one to Kinds without describing it
// fails here rather than in a dialog.
func TestEveryKindHasASpec(t *testing.T) {
	keys := keymap.DefaultKeyMap()
	for _, k := range Kinds {
		sp, ok := specs[k]
		if !ok {
			t.Fatalf("kind %d has no spec", k)
		}
		if sp.name == "" || len(sp.binding(keys).Keys()) == 0 {
			t.Errorf("%s: no name or no key", k)
		}
		if k == Start {
			continue // the wizard has its own view and request
		}
		if sp.title == "" || sp.blurb == "" || sp.cmdLabel == "" {
			t.Errorf("%s: title, blurb or command label missing", k)
		}
		if sp.offered == nil || sp.stillApplies == nil || sp.send == nil || sp.command == nil {
			t.Errorf("%s: offered, stillApplies, send or command missing", k)
		}
		if sp.need != 0 && sp.need != 4 && sp.need != 8 {
			t.Errorf("%s: types %d characters of the ID", k, sp.need)
		}
		if sp.danger != (sp.need > 0) {
			t.Errorf("%s: danger %v but types %d characters", k, sp.danger, sp.need)
		}
	}
	if len(specs) != len(Kinds) {
		t.Errorf("%d specs for %d kinds", len(specs), len(Kinds))
	}
}
