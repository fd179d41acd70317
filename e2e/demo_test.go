package e2e

import (
	"testing"
	"time"
)

// `cfytop --demo` opens on the default tenant with one execution of each
// kind of stuck, as the README says: started with no new event, hung in
// cancelling and in force_cancelling, pending with no worker, queued
// behind a running one.
func TestDemoOpensOnEveryKindOfStuck(t *testing.T) {
	tm := start(t, 120, 40, nil, "--demo")
	tm.waitText(15*time.Second, "tenant default_tenant", "⚠5",
		"STUCK started", "STUCK cancelling", "STUCK force_can", "STUCK pending", "STUCK queued")
}
