package groups

import (
	"context"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/themes"
	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// groupsManager serves a list of execution groups, counting the reads.
type groupsManager struct {
	groups []client.ExecutionGroup
	reads  int
}

func (f *groupsManager) ListExecutionGroups(context.Context, client.ListExecutionGroupsOptions) (*client.ExecutionGroupPage, error) {
	f.reads++
	return &client.ExecutionGroupPage{Items: slices.Clone(f.groups), Pagination: client.Pagination{Total: len(f.groups)}}, nil
}

func (f *groupsManager) ListExecutions(context.Context, client.ListExecutionsOptions) (*client.ExecutionPage, error) {
	return &client.ExecutionPage{}, nil
}

func group(n int, dg string) client.ExecutionGroup {
	return client.ExecutionGroup{ID: uitest.UUID(n), WorkflowID: "install", DeploymentGroupID: client.Some(dg),
		ExecutionIDs: client.Some([]string{}), Concurrency: 5}
}

// The start key preselects the selected group's deployment group; a group
// just started goes to the top, selected, and the groups are read again;
// the help lists the start key.
func TestStartedGroupIsSelected(t *testing.T) {
	theme, _ := themes.Get("default")
	f := &groupsManager{groups: []client.ExecutionGroup{group(2, "web"), group(1, "caches")}}
	var s common.Screen = New(common.Context{Keys: keymap.DefaultKeyMap(), Styles: themes.NewStyles(theme)}, 1, Options{Manager: f})
	s = s.SetSize(100, 10)
	var deliver func(tea.Msg)
	deliver = func(msg tea.Msg) {
		var cmd tea.Cmd
		s, cmd = s.Update(msg)
		uitest.Run(cmd, deliver)
	}
	uitest.Run(s.Init(), deliver)
	deliver(uitest.Key("j"))
	if got := s.(common.GroupStarter).StartGroup(); got != "caches" {
		t.Fatalf("preselects %q, want the selected group's caches", got)
	}

	fresh := group(3, "web")
	f.groups = append([]client.ExecutionGroup{fresh}, f.groups...)
	reads := f.reads
	deliver(common.ExecutionGroupStartedMsg{Group: fresh})
	if f.reads != reads+1 {
		t.Fatalf("%d reads after the start, want one more", f.reads-reads)
	}
	if got := s.(common.GroupStarter).StartGroup(); got != "web" || s.(Model).selectedID() != fresh.ID {
		t.Fatalf("selected %s (%s), want the new group", s.(Model).selectedID(), got)
	}
	if v := s.View(); !strings.Contains(v, "› "+fresh.ID[:8]) {
		t.Fatalf("the new group is not shown selected:\n%s", v)
	}
	var keys []string
	for _, b := range s.ShortHelp() {
		keys = append(keys, b.Help().Key+" "+b.Help().Desc)
	}
	if !slices.Contains(keys, "N start on a deployment group") {
		t.Fatalf("short help %v", keys)
	}
}
