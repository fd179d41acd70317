package groups

import (
	"fmt"
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// twentyGroups is the screen with 20 groups read, 80x6: 5 rows under the
// header.
func twentyGroups() common.Screen {
	theme, _ := themes.Get("default")
	m := New(common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme)}, 1, Options{})
	for i := range 20 {
		m.rows = append(m.rows, row{g: client.ExecutionGroup{ID: fmt.Sprintf("group-%02d", i)}})
	}
	m.loaded = true
	return m.SetSize(80, 6)
}

// The window over the groups keeps its place: moving up from the bottom
// moves the cursor inside it instead of jumping the window.
func TestWindowKeepsItsPlace(t *testing.T) {
	s := twentyGroups()
	press := func(k string) { s, _ = s.Update(uitest.Key(k)) }
	press("G")
	if got := s.(Model).offset; got != 15 {
		t.Fatalf("at the bottom the window starts at %d, want 15", got)
	}
	press("k")
	if got := s.(Model).offset; got != 15 {
		t.Fatalf("one row up moved the window to %d", got)
	}
}
