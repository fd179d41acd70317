package common

import "github.com/cfytop/cfytop/client"

// Marker is a screen whose executions can be marked: with marks set, the
// action keys act on the marked executions, through the bulk preview,
// instead of on the selection.
type Marker interface {
	// Marked is the marked executions in the order they were marked, each
	// in the freshest copy the screen has (the last one seen for an
	// execution that left the list); nil when nothing is marked.
	Marked() []client.Execution
}
