package actions

import (
	"testing"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/ui/cfycmd"
)

func TestCopyIDAndCommand(t *testing.T) {
	e := execIn(client.StatusStarted)
	msgs := runAll(CopyID(&e))
	if got, ok := clipboardOf(msgs); !ok || got != testID {
		t.Fatalf("CopyID clipboard %q %v (%v)", got, ok, msgs)
	}
	msgs = runAll(CopyCommand(&e, "other"))
	want := "cfy executions cancel " + testID + " -t default_tenant"
	if got, ok := clipboardOf(msgs); !ok || got != want {
		t.Fatalf("CopyCommand clipboard %q, want %q", got, want)
	}
	for _, c := range []struct {
		s    client.Status
		want string
	}{
		{"cancelling", "cfy executions cancel " + testID + " -f -t default_tenant"},
		{"failed", "cfy executions resume " + testID + " -t default_tenant"},
		{"terminated", "cfy executions get " + testID + " -t default_tenant"},
		{"kill_cancelling", "cfy executions get " + testID + " -t default_tenant"},
		{"queued", "cfy executions cancel " + testID + " -t default_tenant"},
	} {
		e := execIn(c.s)
		if got := cfycmd.Suggested(&e, ""); got != c.want {
			t.Errorf("%s: %q, want %q", c.s, got, c.want)
		}
	}
	if msgs := runAll(CopyID(nil)); len(msgs) != 1 {
		t.Fatalf("nil: %v", msgs)
	}
}
