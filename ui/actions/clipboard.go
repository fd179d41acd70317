package actions

import (
	tea "charm.land/bubbletea/v2"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
	"github.com/cfytop/cfytop/ui/cfycmd"
)

// CopyID copies the execution's ID to the user's clipboard through OSC 52
// (tea.SetClipboard reaches the local terminal over SSH) and says so.
func CopyID(e *client.Execution) tea.Cmd {
	if e == nil || e.ID == "" {
		return statusCmd("nothing to copy: no execution selected", true)
	}
	id := textsafe.Clean(e.ID)
	return tea.Batch(tea.SetClipboard(id), statusCmd("copied the ID "+id, false))
}

// CopyCommand copies the cfy command most useful for the execution in its
// current status (see cfycmd.Suggested) and says so. tenant is used when the
// execution does not name its own.
func CopyCommand(e *client.Execution, tenant string) tea.Cmd {
	if e == nil || e.ID == "" {
		return statusCmd("nothing to copy: no execution selected", true)
	}
	cmd := cfycmd.Suggested(e, tenant)
	return tea.Batch(tea.SetClipboard(cmd), statusCmd("copied: "+cmd, false))
}
