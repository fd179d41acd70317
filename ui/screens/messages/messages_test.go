package messages

import (
	"strings"
	"testing"
	"time"

	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// The log's times follow the time mode as the events' do: a message of
// another day carries its date, today's keep the time alone, right-aligned
// under it so that the texts line up; T switches the zone.
func TestMessageTimesFollowTheTimeMode(t *testing.T) {
	theme, _ := themes.Get("mono")
	now := uitest.T0.In(uitest.CET) // 13:00 CET
	ctx := common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme), Now: func() time.Time { return now },
		Times: humantime.Local}
	m := New(ctx, 1, []Entry{
		{At: uitest.T0.Add(-4 * 24 * time.Hour), Text: "four days ago"},
		{At: uitest.T0.Add(-time.Hour), Text: "an hour ago", IsError: true},
	})
	var s common.Screen = m.SetSize(80, 10)
	for _, tt := range []struct {
		mode      humantime.Mode
		old, hour string
	}{
		{humantime.Local, "Nov 25 13:00:00 four days ago", "       12:00:00 an hour ago"},
		{humantime.UTC, "Nov 25 12:00:00Z four days ago", "       11:00:00Z an hour ago"},
		{humantime.Relative, "Nov 25 12:00:00 four days ago", "       11:00:00 an hour ago"},
	} {
		s = s.(common.TimeSetter).SetTimes(tt.mode)
		v := s.View()
		if l := uitest.LineOf(t, v, "four days ago"); !strings.HasPrefix(l, tt.old) {
			t.Errorf("%v: %q, want it to start %q", tt.mode, l, tt.old)
		}
		if l := uitest.LineOf(t, v, "an hour ago"); !strings.HasPrefix(l, tt.hour) {
			t.Errorf("%v: %q, want it to start %q", tt.mode, l, tt.hour)
		}
	}

	// Today's messages alone take no date.
	today := New(ctx, 2, []Entry{{At: uitest.T0.Add(-time.Hour), Text: "an hour ago"}}).SetSize(80, 10)
	if l := uitest.LineOf(t, today.View(), "an hour ago"); !strings.HasPrefix(l, "12:00:00 an hour ago") {
		t.Errorf("today's message: %q", l)
	}
}

// A long message wraps under its text, clear of the time column.
func TestLongMessageWrapsUnderItsText(t *testing.T) {
	theme, _ := themes.Get("mono")
	ctx := common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme),
		Now: func() time.Time { return uitest.T0 }, Times: humantime.UTC}
	long := strings.Repeat("word ", 30)
	v := New(ctx, 1, []Entry{{At: uitest.T0.Add(-24 * time.Hour), Text: long + "end"}}).SetSize(60, 10).View()
	indent := strings.Repeat(" ", len("Nov 28 12:00:00Z "))
	if l := uitest.LineOf(t, v, "end"); !strings.HasPrefix(l, indent+"word") {
		t.Fatalf("continuation line %q, want it under the text:\n%s", l, v)
	}
}
