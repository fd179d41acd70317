package execlist

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/humantime"
	"github.com/cfytop/cfytop/keymap"
	"github.com/charmbracelet/x/ansi"
)

// numbered returns n executions, number 0 the newest.
func numbered(n int) []client.Execution {
	out := make([]client.Execution, n)
	for i := range out {
		out[i] = ex(i, client.StatusTerminated, time.Duration(i+1)*time.Minute)
	}
	return out
}

func TestMovementKeys(t *testing.T) {
	// 100 rows, 10 on screen (11 lines with the header).
	tests := []struct {
		name       string
		key        tea.KeyPressMsg
		from       int
		want       int
		wantOffset int
	}{
		{"j", press('j', "j"), 0, 1, 0},
		{"down", tea.KeyPressMsg{Code: tea.KeyDown}, 0, 1, 0},
		{"j at bottom stays", press('j', "j"), 99, 99, 90},
		{"j scrolls", press('j', "j"), 9, 10, 1},
		{"k", press('k', "k"), 5, 4, 0},
		{"up", tea.KeyPressMsg{Code: tea.KeyUp}, 5, 4, 0},
		{"k at top stays", press('k', "k"), 0, 0, 0},
		{"g", press('g', "g"), 50, 0, 0},
		{"home", tea.KeyPressMsg{Code: tea.KeyHome}, 50, 0, 0},
		{"G", press('G', "G"), 3, 99, 90},
		{"end", tea.KeyPressMsg{Code: tea.KeyEnd}, 3, 99, 90},
		{"ctrl+d", tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}, 0, 5, 5},
		{"ctrl+d near the end", tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}, 97, 99, 90},
		{"ctrl+u", tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}, 50, 45, 40},
		{"ctrl+u near the top", tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}, 2, 0, 0},
		{"pgdown", tea.KeyPressMsg{Code: tea.KeyPgDown}, 0, 10, 10},
		{"pgdown at the end", tea.KeyPressMsg{Code: tea.KeyPgDown}, 95, 99, 90},
		{"pgup", tea.KeyPressMsg{Code: tea.KeyPgUp}, 50, 40, 35},
		{"pgup at the top", tea.KeyPressMsg{Code: tea.KeyPgUp}, 4, 0, 0},
		{"unbound key does nothing", press('x', "x"), 7, 7, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(120, 11)
			items := numbered(100)
			m.Replace(items)
			if !m.Select(items[tt.from].ID) {
				t.Fatal("select failed")
			}
			if tt.name == "pgup" || tt.name == "ctrl+u" {
				// Put the cursor in the middle of the screen first.
				m.offset = 45
				m.scrollIntoView()
			}
			m, cmd := m.Update(tt.key)
			if cmd != nil {
				t.Errorf("movement returned a command")
			}
			if m.Cursor() != tt.want {
				t.Errorf("cursor = %d, want %d", m.Cursor(), tt.want)
			}
			if tt.name != "pgup" && tt.name != "ctrl+u" && m.Offset() != tt.wantOffset {
				t.Errorf("offset = %d, want %d", m.Offset(), tt.wantOffset)
			}
			sel, ok := m.Selected()
			if !ok || sel.ID != items[tt.want].ID {
				t.Errorf("selected %q, want %q", sel.ID, items[tt.want].ID)
			}
			if m.Cursor() < m.Offset() || m.Cursor() >= m.Offset()+10 {
				t.Errorf("cursor %d off screen (offset %d)", m.Cursor(), m.Offset())
			}
		})
	}
}

func TestMovementKeysFollowRebinding(t *testing.T) {
	km := keymap.DefaultKeyMap()
	if err := km.Apply(map[string][]string{"down": {"x"}}); err != nil {
		t.Fatal(err)
	}
	m := newModel(120, 11)
	m.SetKeys(km)
	m.Replace(numbered(5))
	m, _ = m.Update(press('j', "j"))
	if m.Cursor() != 0 {
		t.Errorf("j still moves after rebinding down to x")
	}
	m, _ = m.Update(press('x', "x"))
	if m.Cursor() != 1 {
		t.Errorf("x does not move down")
	}
}

func TestMovementOnEmptyList(t *testing.T) {
	m := newModel(120, 11)
	m, _ = m.Update(press('j', "j"))
	if _, ok := m.Selected(); ok || m.Cursor() != -1 {
		t.Errorf("empty list has a selection")
	}
}

func TestReplaceKeepsSelection(t *testing.T) {
	items := numbered(20)
	tests := []struct {
		name   string
		change func([]client.Execution) []client.Execution
	}{
		{"rows inserted above", func(in []client.Execution) []client.Execution {
			var out []client.Execution
			for i := range 3 {
				e := ex(100+i, client.StatusStarted, 0)
				e.CreatedAt = client.Time{Time: clock.Add(time.Duration(i+1) * time.Second)}
				out = append(out, e)
			}
			return append(out, in...)
		}},
		{"rows removed above and below", func(in []client.Execution) []client.Execution {
			return slices.Concat(in[:2], in[4:11], in[13:])
		}},
		{"rows reordered", func(in []client.Execution) []client.Execution {
			out := slices.Clone(in)
			slices.Reverse(out)
			return out
		}},
		{"selected row changes status", func(in []client.Execution) []client.Execution {
			out := slices.Clone(in)
			out[10].Status = client.StatusFailed
			return out
		}},
		{"other rows change their sort key", func(in []client.Execution) []client.Execution {
			out := slices.Clone(in)
			out[0].CreatedAt = at(time.Hour * 5) // moves to the bottom
			out[19].CreatedAt = at(0)            // moves to the top
			return out
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(120, 8)
			m.Replace(items)
			want := items[10].ID
			m.Select(want)
			screenRow := m.Cursor() - m.Offset()
			res := m.Replace(tt.change(slices.Clone(items)))
			if res.SelectionLost {
				t.Errorf("selection reported lost: %+v", res)
			}
			sel, ok := m.Selected()
			if !ok || sel.ID != want {
				t.Fatalf("selected %q, want %q", sel.ID, want)
			}
			if m.view[m.Cursor()] != m.byID[want] {
				t.Errorf("cursor does not point at the selection")
			}
			if got := m.Cursor() - m.Offset(); got != screenRow && m.Offset() != 0 {
				t.Errorf("selected row moved on screen from line %d to %d", screenRow, got)
			}
			checkConsistent(t, &m)
		})
	}
}

func TestReplaceLostSelectionSelectsNearest(t *testing.T) {
	items := numbered(10)
	m := newModel(120, 20)
	m.Replace(items)
	m.Select(items[4].ID)
	next := slices.Concat(items[:4], items[5:]) // 4 vanished
	res := m.Replace(next)
	if !res.SelectionLost || res.LostID != items[4].ID || res.FilteredOut {
		t.Fatalf("result = %+v, want lost %s", res, items[4].ID)
	}
	sel, _ := m.Selected()
	if sel.ID != items[5].ID {
		t.Errorf("selected %s, want the next row %s", sel.ID[:8], items[5].ID[:8])
	}

	// The last row vanishes: the row above it is the nearest.
	m.Select(items[9].ID)
	res = m.Replace(slices.Concat(items[:4], items[5:9]))
	if !res.SelectionLost {
		t.Fatal("lost selection not reported")
	}
	if sel, _ := m.Selected(); sel.ID != items[8].ID {
		t.Errorf("selected %s, want the row above %s", sel.ID[:8], items[8].ID[:8])
	}

	// Everything vanishes.
	res = m.Replace(nil)
	if !res.SelectionLost || m.Len() != 0 || m.Total() != 0 {
		t.Errorf("emptying the list: %+v, len %d", res, m.Len())
	}
	if _, ok := m.Selected(); ok {
		t.Errorf("empty list has a selection")
	}
	// And comes back: the first row is selected, nothing is reported.
	res = m.Replace(items)
	if res.SelectionLost {
		t.Errorf("refill reported %+v", res)
	}
	if sel, ok := m.Selected(); !ok || sel.ID != items[0].ID {
		t.Errorf("refill selected %q", sel.ID)
	}
	checkConsistent(t, &m)
}

func TestReplaceSelectionFilteredOutByNewState(t *testing.T) {
	items := []client.Execution{
		ex(0, client.StatusStarted, time.Minute),
		ex(1, client.StatusStarted, 2*time.Minute),
		ex(2, client.StatusStarted, 3*time.Minute),
	}
	m := newModel(120, 10)
	m.Replace(items)
	m.SetFilter(mustParse("is:active"))
	m.Select(items[1].ID)
	next := slices.Clone(items)
	next[1].Status = client.StatusTerminated
	res := m.Replace(next)
	if !res.SelectionLost || !res.FilteredOut || res.LostID != items[1].ID {
		t.Fatalf("result = %+v", res)
	}
	if sel, _ := m.Selected(); sel.ID != items[2].ID {
		t.Errorf("selected %s, want %s", sel.ID[:8], items[2].ID[:8])
	}
	if _, ok := m.Get(items[1].ID); !ok {
		t.Errorf("the finished execution is no longer loaded")
	}
}

func TestFirstLoadSelectsFirstRow(t *testing.T) {
	m := newModel(120, 10)
	if _, ok := m.Selected(); ok {
		t.Fatal("new model has a selection")
	}
	items := numbered(3)
	if res := m.Replace(items); res.SelectionLost {
		t.Errorf("first load reported %+v", res)
	}
	if sel, ok := m.Selected(); !ok || sel.ID != items[0].ID {
		t.Errorf("selected %q", sel.ID)
	}
}

func TestSetFilterMovesSelection(t *testing.T) {
	items := []client.Execution{
		ex(0, client.StatusTerminated, time.Minute),
		ex(1, client.StatusFailed, 2*time.Minute),
		ex(2, client.StatusTerminated, 3*time.Minute),
		ex(3, client.StatusFailed, 4*time.Minute),
	}
	m := newModel(120, 10)
	m.Replace(items)
	m.Select(items[2].ID)

	if moved := m.SetFilter(mustParse("status:completed")); moved {
		t.Errorf("selection moved although it still matches")
	}
	if sel, _ := m.Selected(); sel.ID != items[2].ID || m.Len() != 2 {
		t.Errorf("selected %s, %d rows", sel.ID[:8], m.Len())
	}
	if moved := m.SetFilter(mustParse("status:failed")); !moved {
		t.Errorf("filtered-out selection did not move")
	}
	if sel, _ := m.Selected(); sel.ID != items[1].ID {
		t.Errorf("selected %s, want the first match %s", sel.ID[:8], items[1].ID[:8])
	}
	if moved := m.SetFilter(mustParse("nothing-matches-this")); moved {
		t.Errorf("no match reported as a move")
	}
	if _, ok := m.Selected(); ok || m.Len() != 0 {
		t.Errorf("selection with no rows shown")
	}
	if !strings.Contains(ansi.Strip(m.View()), "no executions match the filter") {
		t.Errorf("empty result does not say why:\n%s", ansi.Strip(m.View()))
	}
	// Clearing the filter brings back the execution selected before.
	if moved := m.SetFilter(mustParse("")); moved {
		t.Errorf("clearing reported a move")
	}
	if sel, _ := m.Selected(); sel.ID != items[1].ID || m.Len() != 4 {
		t.Errorf("after clearing: selected %s, %d rows", sel.ID[:8], m.Len())
	}
	// The same query again changes nothing.
	if moved := m.SetFilter(mustParse("")); moved {
		t.Errorf("same query reported a move")
	}
	checkConsistent(t, &m)
}

func TestSortCycleAndReverse(t *testing.T) {
	mk := func(n int, st client.Status, age time.Duration, dep, wf string, dur time.Duration) client.Execution {
		e := ex(n, st, age)
		e.DeploymentID = client.Some(dep)
		e.WorkflowID = wf
		e.StartedAt = someTime(age)
		if st.IsEnd() {
			e.EndedAt = someTime(age - dur)
		}
		return e
	}
	items := []client.Execution{
		mk(1, client.StatusTerminated, 1*time.Minute, "bravo", "install", 10*time.Second),
		mk(2, client.StatusFailed, 2*time.Minute, "Alpha", "uninstall", 30*time.Second),
		mk(3, client.StatusStarted, 3*time.Minute, "charlie", "heal", 0), // running 3m
		mk(4, client.StatusQueued, 4*time.Minute, "alpha", "scale", 0),
	}
	items[3].StartedAt = client.Nullable[client.Time]{}
	m := newModel(120, 10)
	m.Replace(items)
	m.Select(items[1].ID)

	steps := []struct {
		do   func()
		key  SortKey
		desc bool
		want []string
	}{
		{func() {}, SortCreated, true, []string{"00000001", "00000002", "00000003", "00000004"}},
		{m.ReverseSort, SortCreated, false, []string{"00000004", "00000003", "00000002", "00000001"}},
		{m.CycleSort, SortStatus, false, []string{"00000003", "00000004", "00000002", "00000001"}},
		{m.ReverseSort, SortStatus, true, []string{"00000001", "00000002", "00000004", "00000003"}},
		// deployment names compare without case; ties go newest first
		{m.CycleSort, SortDeployment, false, []string{"00000002", "00000004", "00000001", "00000003"}},
		{m.CycleSort, SortWorkflow, false, []string{"00000003", "00000001", "00000004", "00000002"}},
		{m.CycleSort, SortDuration, true, []string{"00000003", "00000002", "00000001", "00000004"}},
		{m.ReverseSort, SortDuration, false, []string{"00000004", "00000001", "00000002", "00000003"}},
		// queued 4m, started 3m, failed 1m30s ago, completed 50s ago
		{m.CycleSort, SortInStatus, true, []string{"00000004", "00000003", "00000002", "00000001"}},
		{m.CycleSort, SortCreated, true, []string{"00000001", "00000002", "00000003", "00000004"}},
	}
	for i, st := range steps {
		st.do()
		k, desc := m.Sort()
		if k != st.key || desc != st.desc {
			t.Fatalf("step %d: sort = %v %v, want %v %v", i, k, desc, st.key, st.desc)
		}
		if got := ids(m); !slices.Equal(got, st.want) {
			t.Errorf("step %d (%s): order %v, want %v", i, m.SortLabel(), got, st.want)
		}
		if sel, _ := m.Selected(); sel.ID != items[1].ID {
			t.Errorf("step %d: sorting moved the selection to %s", i, sel.ID[:8])
		}
		checkConsistent(t, &m)
	}
}

func TestSortIndicatorInHeader(t *testing.T) {
	m := newModel(120, 5)
	m.Replace(numbered(3))
	header := func() string { return strings.SplitN(ansi.Strip(m.View()), "\n", 2)[0] }
	if !strings.Contains(header(), "CREATED▼") {
		t.Errorf("default header %q lacks CREATED▼", header())
	}
	m.ReverseSort()
	if !strings.Contains(header(), "CREATED▲") {
		t.Errorf("reversed header %q lacks CREATED▲", header())
	}
	m.CycleSort()
	if !strings.Contains(header(), "STATUS▲") || strings.Contains(header(), "CREATED▲") {
		t.Errorf("status sort header %q", header())
	}
	m.CycleSort()
	if !strings.Contains(header(), "DEPLOYMENT▲") {
		t.Errorf("deployment sort header %q", header())
	}
}

func TestControlCharactersStripped(t *testing.T) {
	evil := ex(1, client.StatusFailed, time.Minute)
	evil.WorkflowID = "inst\x1b]2;pwned\x07all"
	evil.DeploymentID = client.Some("web\x1b[2J-prod")
	evil.BlueprintID = client.Some("bp\u009b2J")
	evil.CreatedBy = "eve\x1b]52;c;cm0gLXJm\x07"
	evil.TenantName = "t\x1bPq\x1b\\en"
	evil.Error = client.Some("boom\x1b]2;pwned\x07\x1b[2J")
	evil.StatusDisplay = "failed\x1b[5m"
	for _, theme := range []string{"default", "mono"} {
		for _, w := range []int{80, 120, 200} {
			m := New(styles(theme), keymap.DefaultKeyMap())
			m.SetSize(w, 6)
			m.SetNow(clock)
			m.SetShowTenant(true)
			m.Replace([]client.Execution{evil, ex(2, client.StatusStarted, 2*time.Minute)})
			for _, sel := range []int{0, 1} {
				m.moveTo(sel)
				plain := ansi.Strip(m.View())
				if strings.ContainsAny(plain, "\x1b\x07\u009b\u009c\u009d") {
					t.Fatalf("%s/%d: control bytes survive: %q", theme, w, plain)
				}
				for _, bad := range []string{"pwned", "2J", "cm0g", "[5m"} {
					if strings.Contains(plain, bad) {
						t.Errorf("%s/%d: %q survives in %q", theme, w, bad, plain)
					}
				}
				if !strings.Contains(plain, "install") {
					t.Errorf("%s/%d: cleaned workflow not shown:\n%s", theme, w, plain)
				}
				// Every escape left in the styled view is ours: SGR only.
				if rest := stripSGR(m.View()); strings.ContainsRune(rest, '\x1b') {
					t.Errorf("%s/%d: non-SGR escape in view: %q", theme, w, rest)
				}
			}
		}
	}
}

// stripSGR removes "\x1b[...m" sequences.
func stripSGR(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
				j++
			}
			if j < len(s) && s[j] == 'm' {
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestColumnsByWidth(t *testing.T) {
	tests := []struct {
		width      int
		showTenant bool
		want       []Column
	}{
		{80, false, []Column{ColID, ColWorkflow, ColDeployment, ColStatus, ColCreated, ColDuration}},
		{80, true, []Column{ColID, ColWorkflow, ColDeployment, ColStatus, ColCreated, ColDuration}},
		{60, false, []Column{ColID, ColWorkflow, ColDeployment, ColStatus}},
		// time in status before the blueprint: what an incident asks first
		{120, false, []Column{ColID, ColWorkflow, ColDeployment, ColStatus, ColCreated, ColDuration, ColInStatus, ColProgress, ColCreator}},
		// TENANT shows default_tenant whole; BY makes room for it.
		{120, true, []Column{ColID, ColWorkflow, ColDeployment, ColStatus, ColCreated, ColDuration, ColInStatus, ColProgress, ColTenant}},
		{200, false, []Column{ColID, ColWorkflow, ColDeployment, ColBlueprint, ColStatus, ColCreated, ColDuration, ColInStatus, ColProgress, ColCreator}},
		{200, true, []Column{ColID, ColWorkflow, ColDeployment, ColBlueprint, ColStatus, ColCreated, ColDuration, ColInStatus, ColProgress, ColCreator, ColTenant}},
	}
	for _, tt := range tests {
		m := newModel(tt.width, 10)
		m.SetShowTenant(tt.showTenant)
		m.Replace(numbered(12))
		if got := m.Columns(); !slices.Equal(got, tt.want) {
			t.Errorf("width %d tenant %v: columns %v, want %v", tt.width, tt.showTenant, got, tt.want)
		}
		for i, line := range strings.Split(m.View(), "\n") {
			if w := ansi.StringWidth(line); w > tt.width {
				t.Errorf("width %d: line %d is %d cells wide", tt.width, i, w)
			}
		}
	}
	// Narrower than the kept columns: still never wider than the terminal.
	for _, w := range []int{40, 20, 5} {
		m := newModel(w, 4)
		m.Replace(numbered(3))
		for i, line := range strings.Split(m.View(), "\n") {
			if lw := ansi.StringWidth(line); lw > w {
				t.Errorf("width %d: line %d is %d cells", w, i, lw)
			}
		}
	}
}

func TestViewHeightAndWindow(t *testing.T) {
	m := newModel(100, 6)
	items := numbered(30)
	m.Replace(items)
	lines := strings.Split(m.View(), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d lines, want 6", len(lines))
	}
	m, _ = m.Update(press('G', "G"))
	plain := ansi.Strip(m.View())
	if !strings.Contains(plain, items[29].ID[:8]) || strings.Contains(plain, items[0].ID[:8]) {
		t.Errorf("window after G:\n%s", plain)
	}
	// Few rows: still exactly height lines.
	m.Replace(items[:2])
	if n := strings.Count(m.View(), "\n") + 1; n != 6 {
		t.Errorf("%d lines with 2 rows", n)
	}
	m.SetSize(100, 0)
	if m.View() != "" {
		t.Errorf("zero height renders something")
	}
}

func TestSelectedRowMarker(t *testing.T) {
	m := newModel(100, 6)
	items := numbered(3)
	m.Replace(items)
	m.Select(items[1].ID)
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if !strings.HasPrefix(lines[2], "› "+items[1].ID[:8]) {
		t.Errorf("selected line %q lacks the marker", lines[2])
	}
	for _, i := range []int{1, 3} {
		if strings.HasPrefix(lines[i], "›") {
			t.Errorf("line %d %q has the marker", i, lines[i])
		}
	}
}

func TestSelectByPrefix(t *testing.T) {
	m := newModel(100, 6)
	a := ex(0xab01, client.StatusTerminated, time.Minute)
	b := ex(0xab02, client.StatusTerminated, 2*time.Minute)
	m.Replace([]client.Execution{a, b})
	if !m.Select(b.ID) {
		t.Errorf("full ID not selected")
	}
	m.Select(a.ID)
	if m.Select("0000ab0") {
		t.Errorf("ambiguous prefix selected something")
	}
	if sel, _ := m.Selected(); sel.ID != a.ID {
		t.Errorf("failed select moved the selection")
	}
	if !m.Select("0000ab02") {
		t.Errorf("unique prefix not selected")
	}
	if sel, _ := m.Selected(); sel.ID != b.ID {
		t.Errorf("selected %s", sel.ID)
	}
	if m.Select("") || m.Select("ffff") {
		t.Errorf("empty or unknown ID selected")
	}
	m.SetFilter(mustParse("id:0000ab01"))
	if m.Select(b.ID) {
		t.Errorf("a filtered-out execution was selected")
	}
}

func TestUpsertReplacesWholeRecord(t *testing.T) {
	m := newModel(120, 10)
	items := numbered(3)
	m.Replace(items)
	full := items[1]
	full.Error = client.Some("it broke")
	full.Parameters = []byte(`{"a":1}`)
	full.Status = client.StatusFailed
	m.Upsert(full)
	got, ok := m.Get(full.ID)
	if !ok || got.Status != client.StatusFailed || got.Error.Value != "it broke" || string(got.Parameters) != `{"a":1}` {
		t.Errorf("upsert stored %+v", got)
	}
	// A partial record replaces the whole record too.
	partial := client.Execution{ID: full.ID, Status: client.StatusTerminated, CreatedAt: full.CreatedAt}
	m.Upsert(partial)
	got, _ = m.Get(full.ID)
	if got.Error.Valid || got.WorkflowID != "" || got.Status != client.StatusTerminated {
		t.Errorf("partial upsert kept old fields: %+v", got)
	}
	// A new execution is added in its sorted place.
	fresh := ex(99, client.StatusPending, 0)
	m.Upsert(fresh)
	if m.Total() != 4 || ids(m)[0] != fresh.ID[:8] {
		t.Errorf("new execution not first: %v", ids(m))
	}
	if _, ok := m.Get("nope"); ok {
		t.Errorf("Get found an unknown ID")
	}
	checkConsistent(t, &m)
}

func TestRemove(t *testing.T) {
	m := newModel(120, 10)
	items := numbered(3)
	m.Replace(items)
	m.Select(items[1].ID)
	res, ok := m.Remove(items[1].ID)
	if !ok || !res.SelectionLost {
		t.Errorf("remove: %v %+v", ok, res)
	}
	if _, ok := m.Remove("nope"); ok {
		t.Errorf("removed an unknown ID")
	}
	checkConsistent(t, &m)
}

func TestCounts(t *testing.T) {
	m := newModel(120, 10)
	var items []client.Execution
	add := func(st client.Status, n int) {
		for range n {
			items = append(items, ex(len(items), st, time.Duration(len(items)+1)*time.Minute))
		}
	}
	add(client.StatusFailed, 5)
	add(client.StatusStarted, 14)
	add(client.StatusQueued, 2)
	add(client.StatusTerminated, 3)
	add("brand_new_status", 1)
	m.Replace(items)
	format := func() string {
		var parts []string
		for _, c := range m.Counts() {
			parts = append(parts, c.Word+" "+strconv.Itoa(c.Count))
		}
		return strings.Join(parts, " · ")
	}
	if got, want := format(), "started 14 · queued 2 · failed 5 · completed 3 · brand_new_status 1"; got != want {
		t.Errorf("counts %q, want %q", got, want)
	}
	m.SetFilter(mustParse("!status:started"))
	if got, want := format(), "queued 2 · failed 5 · completed 3 · brand_new_status 1"; got != want {
		t.Errorf("filtered counts %q, want %q", got, want)
	}
}

func TestLiveDurationFollowsClock(t *testing.T) {
	m := newModel(120, 4)
	e := ex(1, client.StatusStarted, 0)
	e.StartedAt = someTime(90 * time.Second)
	m.Replace([]client.Execution{e})
	if !strings.Contains(ansi.Strip(m.View()), "1m30s") {
		t.Errorf("running duration not shown:\n%s", ansi.Strip(m.View()))
	}
	m.SetNow(clock.Add(time.Minute))
	if !strings.Contains(ansi.Strip(m.View()), "2m30s") {
		t.Errorf("running duration does not follow the clock:\n%s", ansi.Strip(m.View()))
	}
	if !strings.Contains(ansi.Strip(m.View()), "12/40") {
		t.Errorf("progress not shown")
	}
}

// checkConsistent compares the incremental state with a recomputation.
func checkConsistent(t *testing.T, m *Model) {
	t.Helper()
	var all []int32
	for s := range m.execs {
		if m.set.Live(int32(s)) {
			all = append(all, int32(s))
		}
	}
	if len(all) != len(m.byID) || len(all) != len(m.order) {
		t.Fatalf("live %d, byID %d, order %d", len(all), len(m.byID), len(m.order))
	}
	slices.SortFunc(all, m.cmp) // with the clock of the last duration sort
	if !slices.Equal(all, m.order) {
		t.Fatalf("order differs from a full sort")
	}
	var view []int32
	for _, s := range all {
		if m.matches(s) {
			view = append(view, s)
		}
	}
	if !slices.Equal(view, m.view) {
		t.Fatalf("view differs from a full filter: %v vs %v", view, m.view)
	}
	for id, s := range m.byID {
		if m.execs[s].ID != id {
			t.Fatalf("byID[%s] points at %s", id, m.execs[s].ID)
		}
	}
	if len(m.view) > 0 {
		if m.cursor < 0 || m.cursor >= len(m.view) || m.view[m.cursor] != m.sel || m.execs[m.sel].ID != m.selID {
			t.Fatalf("cursor %d sel %d selID %q inconsistent", m.cursor, m.sel, m.selID)
		}
		body := m.bodyHeight()
		if body > 0 && (m.cursor < m.offset || m.cursor >= m.offset+body) {
			t.Fatalf("cursor %d off screen (offset %d, body %d)", m.cursor, m.offset, body)
		}
	} else if m.cursor != -1 {
		t.Fatalf("cursor %d with an empty view", m.cursor)
	}
	var total int
	for _, c := range m.counts {
		total += c.Count
	}
	if total != len(m.view) {
		t.Fatalf("counts add up to %d, view has %d", total, len(m.view))
	}
}

func TestArrivalsAtTheTopStayVisible(t *testing.T) {
	items := numbered(20)
	m := newModel(120, 8) // 7 rows on screen
	m.Replace(items)
	m.Select(items[1].ID)
	fresh := ex(500, client.StatusPending, 0)
	fresh.CreatedAt = client.Time{Time: clock.Add(time.Second)}
	m.Replace(append([]client.Execution{fresh}, items...))
	if m.Offset() != 0 || m.Cursor() != 2 {
		t.Errorf("at the top: offset %d cursor %d, want 0 and 2", m.Offset(), m.Cursor())
	}
	if !strings.Contains(ansi.Strip(m.View()), fresh.ID[:8]) {
		t.Errorf("new arrival not on screen")
	}
	// Scrolled down, the selected row keeps its line instead.
	m.Select(items[15].ID)
	line := m.Cursor() - m.Offset()
	fresh2 := ex(501, client.StatusPending, 0)
	fresh2.CreatedAt = client.Time{Time: clock.Add(2 * time.Second)}
	m.Replace(append([]client.Execution{fresh2, fresh}, items...))
	if got := m.Cursor() - m.Offset(); got != line {
		t.Errorf("selected row moved from line %d to %d", line, got)
	}
}

func TestTypingNarrowsAmongShownRows(t *testing.T) {
	m := newModel(120, 10)
	m.Replace(numbered(400))
	// Typed one key at a time; once few rows are shown, each further key
	// only looks at them. Every step must equal a full recomputation.
	word := "dep-001 inst"
	for i := 1; i <= len(word); i++ {
		q, err := filterParse(word[:i])
		if err != nil {
			continue
		}
		m.SetFilter(q)
		checkConsistent(t, &m)
	}
	if m.Len() == 0 || m.Len() > 400/17 {
		t.Errorf("%d rows for %q", m.Len(), word)
	}
	if m.Filter().String() != word {
		t.Errorf("Filter() = %q", m.Filter().String())
	}
	// Backspace widens again.
	m.SetFilter(mustParse("dep-00"))
	checkConsistent(t, &m)
}

func TestMergeKeepsOthers(t *testing.T) {
	m := newModel(120, 10)
	items := numbered(10)
	m.Replace(items)
	changed := items[3]
	changed.Status = client.StatusFailed
	fresh := ex(77, client.StatusQueued, 30*time.Second)
	if res := m.Merge([]client.Execution{changed, fresh}); res.SelectionLost {
		t.Errorf("merge lost the selection")
	}
	if m.Total() != 11 {
		t.Errorf("total %d after merge", m.Total())
	}
	if got, _ := m.Get(changed.ID); got.Status != client.StatusFailed {
		t.Errorf("merge did not update")
	}
	if res := m.Merge(nil); res.SelectionLost || m.Total() != 11 {
		t.Errorf("empty merge changed something")
	}
	checkConsistent(t, &m)
}

func TestAccessors(t *testing.T) {
	m := newModel(120, 10)
	if m.SelectedID() != "" {
		t.Errorf("SelectedID on empty list")
	}
	items := numbered(3)
	m.Replace(items)
	if m.SelectedID() != items[0].ID {
		t.Errorf("SelectedID = %q", m.SelectedID())
	}
	if m.SortLabel() != "created ▼" {
		t.Errorf("SortLabel = %q", m.SortLabel())
	}
	m.SetStyles(styles("mono"))
	m.SetStyles(nil) // ignored
	if !strings.Contains(m.View(), "\x1b[1;7m") {
		t.Errorf("mono selection is not bold reverse video: %q", m.View())
	}
	for k := SortCreated; k < numSortKeys; k++ {
		if k.String() == "?" || k.Column().String() == "?" {
			t.Errorf("sort key %d has no name or column", k)
		}
	}
	if SortKey(99).String() != "?" || Column(99).String() != "?" {
		t.Errorf("out of range names")
	}
	m.SetSort(SortKey(42), false) // out of range: created
	if k, desc := m.Sort(); k != SortCreated || desc {
		t.Errorf("SetSort(42) = %v %v", k, desc)
	}
	if New(nil, keymap.DefaultKeyMap()).styles == nil {
		t.Errorf("New(nil) has no styles")
	}
}

// Moving the sort to a right-aligned column does not shift its title, and
// an ended row keeps its progress, as --once shows it.
func TestSortArrowKeepsTitlesInPlaceAndEndedRowsKeepProgress(t *testing.T) {
	m := newModel(120, 6)
	e := ex(1, client.StatusTerminated, time.Hour)
	e.TotalOperations, e.FinishedOperations = 6, 6
	m.Replace([]client.Execution{e, ex(2, client.StatusStarted, time.Minute)})
	head := func() string { return strings.SplitN(ansi.Strip(m.View()), "\n", 2)[0] }
	at := func(title string) int { // in cells: the arrow is three bytes
		h := head()
		return ansi.StringWidth(h[:strings.Index(h, title)])
	}
	before := at("DURATION")
	m.SetSort(SortDuration, true)
	if got := at("DURATION"); got != before || !strings.Contains(head(), "DURATION▼") {
		t.Fatalf("DURATION moved from %d to %d: %q", before, got, head())
	}
	if !strings.Contains(ansi.Strip(m.View()), "6/6") {
		t.Fatalf("an ended row lost its progress:\n%s", ansi.Strip(m.View()))
	}
}

// At 120 columns with every tenant the tenant column shows default_tenant
// whole; at 200 no name column grows past its preferred width.
func TestWideLayoutsKeepNamesWholeAndColumnsSane(t *testing.T) {
	l := computeLayout(120, true, 0)
	if l.w[ColTenant] < len("default_tenant") {
		t.Fatalf("TENANT is %d wide at 120", l.w[ColTenant])
	}
	l = computeLayout(200, false, 0)
	for _, c := range []Column{ColWorkflow, ColDeployment, ColBlueprint} {
		if l.w[c] > colSpecs[c].pref {
			t.Errorf("%s is %d wide at 200, past its %d", colSpecs[c].title, l.w[c], colSpecs[c].pref)
		}
	}
}

// Switching the time mode re-renders CREATED as clock times on the next
// View, keeps every column at 80 and 120 cells, and keeps each cell under
// its header.
func TestTimesModeRerendersCreatedAndKeepsColumns(t *testing.T) {
	for _, w := range []int{80, 120} {
		m := goldenModel("default", w, 24)
		m.SetNow(clock.In(cet)) // 15:00 CET, 14:00 UTC
		cols := m.Columns()
		for _, tt := range []struct {
			mode       humantime.Mode
			today, old string // 00000001, created 22m ago; 00000014, 3 days ago
		}{
			{humantime.Relative, "22m", "3d"},
			{humantime.Local, "14:38:00", "Nov 26 15:00"},
			{humantime.UTC, "13:38:00Z", "Nov 26 14:00Z"},
		} {
			m.SetTimes(tt.mode)
			if got := m.Columns(); !slices.Equal(got, cols) {
				t.Fatalf("%d cells, %s: columns %v, want %v", w, tt.mode, got, cols)
			}
			lines := strings.Split(ansi.Strip(m.View()), "\n")
			head := []rune(lines[0])
			end := runeIndex(lines[0], "CREATED▼") + len([]rune("CREATED▼"))
			for _, c := range []struct{ id, want string }{{"00000001", tt.today}, {"00000014", tt.old}} {
				row := []rune(lines[slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, c.id) })])
				if len(row) != len(head) || !strings.HasSuffix(string(row[:end]), " "+c.want) {
					t.Errorf("%d cells, %s: %s's CREATED is not %q ending under the header:\n%s\n%s", w, tt.mode, c.id, c.want, lines[0], string(row))
				}
			}
		}
	}
}

// runeIndex is the index in runes of sub in s.
func runeIndex(s, sub string) int { return len([]rune(s[:strings.Index(s, sub)])) }

// At every width the clock times' wider CREATED keeps the columns relative
// ages show, and the row still fits: WORKFLOW and DEPLOYMENT, down to
// textFloor, give up room enough for any mode's CREATED.
func TestClockTimesKeepTheColumnsAtEveryWidth(t *testing.T) {
	room := colSpecs[ColWorkflow].min - textFloor + colSpecs[ColDeployment].min - textFloor
	for _, m := range []humantime.Mode{humantime.Relative, humantime.Local, humantime.UTC} {
		if extra := m.ColumnWidth() - colSpecs[ColCreated].min; extra > room {
			t.Fatalf("%s's CREATED is %d cells wider than relative ages', WORKFLOW and DEPLOYMENT give up %d", m, extra, room)
		}
	}
	for w := 60; w <= 220; w++ { // from the shell's MinWidth: narrower, it shows a notice instead
		for _, tenant := range []bool{false, true} {
			ages := computeLayout(w, tenant, humantime.Relative.ColumnWidth())
			clock := computeLayout(w, tenant, humantime.UTC.ColumnWidth())
			if !slices.Equal(ages.cols, clock.cols) {
				t.Fatalf("width %d (tenant %v): columns %v with ages, %v with clock times", w, tenant, ages.cols, clock.cols)
			}
			used := markerWidth
			for i, c := range clock.cols {
				used += clock.w[c]
				if i > 0 {
					used += colGap
				}
			}
			if used > w || (slices.Contains(clock.cols, ColCreated) && clock.w[ColCreated] < humantime.UTC.ColumnWidth()) {
				t.Fatalf("width %d (tenant %v): %d cells used, CREATED %d", w, tenant, used, clock.w[ColCreated])
			}
		}
	}
}

// SetCursorShown(false) draws no row as selected and keeps the selection;
// true draws it again.
func TestCursorHiddenDrawsNoSelectedRow(t *testing.T) {
	m := newModel(100, 6)
	m.Merge([]client.Execution{ex(1, client.StatusStarted, time.Minute), ex(2, client.StatusFailed, 2*time.Minute)})
	if !strings.Contains(ansi.Strip(m.View()), selectedMarker) {
		t.Fatalf("no selected row drawn:\n%s", ansi.Strip(m.View()))
	}
	sel := m.SelectedID()
	m.SetCursorShown(false)
	if v := ansi.Strip(m.View()); strings.Contains(v, selectedMarker) || m.SelectedID() != sel {
		t.Fatalf("hidden cursor: selected %q (was %q), drawn:\n%s", m.SelectedID(), sel, v)
	}
	m.SetCursorShown(true)
	if !strings.Contains(ansi.Strip(m.View()), selectedMarker) {
		t.Fatal("the selection is not drawn again")
	}
}
