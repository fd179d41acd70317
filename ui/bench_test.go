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

// BenchmarkFilterKeystrokeFrame100k is a keystroke in the filter and the
// frame it draws: the header's counts (the last hour's failures among the
// rows shown) are counted again for the new filter.
func BenchmarkFilterKeystrokeFrame100k(b *testing.B) {
	h := loadedApp(b, 100_000)
	h.press("/")
	h.typeText("status:faile")
	app := h.app
	keys := []tea.Msg{tea.KeyPressMsg{Code: 'd', Text: "d"}, tea.KeyPressMsg{Code: tea.KeyBackspace}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m, _ := app.Update(keys[i%2])
		app = m.(App)
		_ = app.View()
		i++
	}
}

// BenchmarkWheelOverList10k is one notch of the wheel over the list, with
// the pane open, and the frame it draws: what scrolling with the mouse
// costs per event.
func BenchmarkWheelOverList10k(b *testing.B) {
	h := loadedApp(b, 10_000)
	h.app.o.Mouse = true
	h.press("enter")
	h.fire(isSettle)
	app := h.app
	wheels := []tea.Msg{tea.MouseWheelMsg{X: 5, Y: 10, Button: tea.MouseWheelDown}, tea.MouseWheelMsg{X: 5, Y: 10, Button: tea.MouseWheelUp}}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		m, _ := app.Update(wheels[i%2])
		app = m.(App)
		_ = app.View()
		i++
	}
	b.StopTimer()
	if app.stack[0].(executions.Model).State().List.Cursor() > 3 {
		b.Fatal("the wheel did not move the selection back and forth")
	}
}
