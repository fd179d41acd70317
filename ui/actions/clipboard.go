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

// CopyCommand copies a read-only cfy command for the execution (`cfy
// executions get`), and says so: pasted into a shell by mistake, it changes
// nothing. A dialog's own command is copied from inside the dialog. tenant
// is used when the execution does not name its own.
func CopyCommand(e *client.Execution, tenant string) tea.Cmd {
	if e == nil || e.ID == "" {
		return statusCmd("nothing to copy: no execution selected", true)
	}
	cmd := cfycmd.Get(e, tenant)
	return tea.Batch(tea.SetClipboard(cmd), statusCmd("copied: "+cmd, false))
}
