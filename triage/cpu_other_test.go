//go:build !unix

package triage

import "testing"

// cpuClock reports nothing where the process's CPU time is not available.
type cpuClock struct{}

func startCPU(*testing.B) *cpuClock      { return &cpuClock{} }
func (*cpuClock) report(*testing.B, int) {}
