package detailpane

// FollowTail opens the pane on the tail of the events even for an ended
// execution, as if the user had gone to the bottom: a screen that shows
// one operation's events wants them, not the execution's fields, in view.
// Call it after Show.
func (m *Model) FollowTail() { m.follow, m.scrolled = true, true }
