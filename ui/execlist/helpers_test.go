package execlist

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/filter"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
)

// clock is the fixed "now" of every test.
var clock = time.Date(2026, 11, 29, 14, 0, 0, 0, time.UTC)

func styles(name string) *themes.Styles {
	t, err := themes.Get(name)
	if err != nil {
		panic(err)
	}
	return themes.NewStyles(t)
}

func newModel(w, h int) Model {
	m := New(styles("default"), keymap.DefaultKeyMap())
	m.SetSize(w, h)
	m.SetNow(clock)
	return m
}

func at(d time.Duration) client.Time { return client.Time{Time: clock.Add(-d)} }

func someTime(d time.Duration) client.Nullable[client.Time] { return client.Some(at(d)) }

// ex builds an execution created age ago, with an ID derived from n.
func ex(n int, status client.Status, age time.Duration) client.Execution {
	e := client.Execution{
		ID:           fmt.Sprintf("%08x-1111-4222-8333-%012x", n, n),
		WorkflowID:   []string{"install", "uninstall", "scale", "heal", "update"}[n%5],
		DeploymentID: client.Some(fmt.Sprintf("dep-%03d", n%17)),
		BlueprintID:  client.Some(fmt.Sprintf("bp-%02d", n%7)),
		Status:       status,
		CreatedAt:    at(age),
		CreatedBy:    "admin",
		TenantName:   "default_tenant",
	}
	if status != client.StatusQueued && status != client.StatusScheduled && status != client.StatusPending {
		e.StartedAt = someTime(age - time.Second)
	}
	if status.IsEnd() {
		e.EndedAt = someTime(age / 2)
	}
	if status == client.StatusStarted {
		e.TotalOperations, e.FinishedOperations = 40, 12
	}
	return e
}

func mustParse(s string) filter.Query {
	q, err := filter.Parse(s)
	if err != nil {
		panic(err)
	}
	return q
}

func press(code rune, text string) tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: code, Text: text}
}

func ids(m Model) []string {
	out := make([]string, len(m.view))
	for i, s := range m.view {
		out[i] = m.execs[s].ID[:8]
	}
	return out
}

func filterParse(s string) (filter.Query, error) { return filter.Parse(s) }
