package detailpane

import (
	"testing"

	"github.com/cfytop/cfytop/client"
)

// BenchmarkView is one frame of the pane at 50x38 with 5,000 lines of events.
func BenchmarkView(b *testing.B) {
	id := "ffffffff"
	e := execution(id, client.StatusStarted)
	src := &fakeSource{execs: map[string]client.Execution{id: e}, events: map[string][]client.Event{id: events(5000, "a somewhat long log line that wraps in a narrow pane")}}
	d := newDriver(src)
	d.m.SetSize(50, 38)
	d.run(d.m.Show(e))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = d.m.View()
	}
}
