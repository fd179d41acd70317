package themes

import (
	"testing"

	"github.com/cfytop/cfytop/client"
)

func TestEveryOperationStateHasItsOwnGlyph(t *testing.T) {
	states := []client.OperationState{client.OpPending, client.OpSending, client.OpSent, client.OpStarted,
		client.OpResponseSent, client.OpRescheduled, client.OpSucceeded, client.OpFailed, OpRetrying}
	for _, st := range states {
		if OpGlyph(st) == "?" {
			t.Errorf("operation state %s has no glyph", st)
		}
	}
	if OpGlyph(client.OpSucceeded) == OpGlyph(client.OpFailed) || OpGlyph(client.OpStarted) == OpGlyph(client.OpPending) {
		t.Error("finished, failed, running and waiting operations look alike")
	}
	if OpGlyph("exploded") != "?" || OpWord("") != "unknown" {
		t.Error("an unknown state looks like a known one")
	}
}
