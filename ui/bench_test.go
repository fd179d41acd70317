package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/ui/screens/executions"
	"github.com/cfytop/cfytop/ui/uitest"
)

// loadedApp is an App at 120x40 holding n executions, as after a poll.
func loadedApp(b *testing.B, n int) *harness {
	b.Helper()
	execs := uitest.Many(n)
	h := newHarness(b, Options{Limit: n}, uitest.NewManager(execs...), 120, 40).start()
	if h.st().List.Len() != n {
		b.Fatalf("loaded %d, want %d", h.st().List.Len(), n)
	}
	return h
}

func BenchmarkView100k(b *testing.B) {
	for _, pane := range []bool{false, true} {
		b.Run(fmt.Sprintf("pane=%v", pane), func(b *testing.B) {
			h := loadedApp(b, 100_000)
			if pane {
				h.press("enter")
				h.fire(isSettle)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				_ = h.app.View()
			}
		})
	}
}

// BenchmarkListView100k is the list's share of one frame, for comparison.
func BenchmarkListView100k(b *testing.B) {
	h := loadedApp(b, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = h.st().List.View()
	}
}

func BenchmarkFilterKeystroke100k(b *testing.B) {
	h := loadedApp(b, 100_000)
	h.press("/")
	h.typeText("status:faile")
	app := h.app
	keys := []tea.Msg{tea.KeyPressMsg{Code: 'd', Text: "d"}, tea.KeyPressMsg{Code: tea.KeyBackspace}}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		m, _ := app.Update(keys[i%2])
		app = m.(App)
		i++
	}
	b.StopTimer()
	if st := app.stack[0].(executions.Model).State(); st.FilterErr != "" {
		b.Fatal(st.FilterErr)
	}
}
