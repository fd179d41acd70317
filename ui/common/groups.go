package common

import "github.com/cfytop/cfytop/client"

// GroupStarter is a screen on which the start key starts a workflow on
// every deployment of a deployment group (an execution group) instead of
// on one deployment.
type GroupStarter interface {
	// StartGroup is the deployment group the start preselects ("" for
	// none): the selected execution group's.
	StartGroup() string
}

// ExecutionGroupStartedMsg carries an execution group the user just
// started, as the manager returned it; the shell passes it to every
// screen, and a screen listing execution groups shows and selects it.
type ExecutionGroupStartedMsg struct {
	Group client.ExecutionGroup
}
