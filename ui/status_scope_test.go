package ui

import (
	"testing"

	"github.com/cfytop/cfytop/ui/common"
	"github.com/cfytop/cfytop/ui/uitest"
)

// A message said on one screen (a refusal, a note) goes when another screen
// is pushed or popped; a warning stays until dismissed.
func TestStatusMessagesBelongToTheirScreen(t *testing.T) {
	h := started(t, Options{})
	h.selectRow(uitest.UUID(2)) // failed
	h.press("C")
	h.mustContain("cannot cancel 00000002")
	h.press("e") // the events screen
	h.mustNotContain("cannot cancel")
	h.run(common.Note("showing the 4 failures of one cause"))
	h.mustContain("showing the 4 failures")
	h.press("esc")
	h.mustNotContain("showing the 4 failures")

	h.send(common.StatusMsg{Text: "cancel of 00000001: no answer; it may have been sent", Sticky: true})
	pushProbe(h)
	h.mustContain("no answer; it may have been sent")
	h.send(common.PopMsg{}) // esc would dismiss the warning first
	h.mustContain("no answer; it may have been sent")
}
