package common

import "time"

// MaxBackoff caps the wait between failed fetches, on every screen.
const MaxBackoff = 30 * time.Second

// Backoff is the wait after the n-th failure in a row: the refresh interval
// doubled per failure, capped at MaxBackoff.
func Backoff(refresh time.Duration, n int) time.Duration {
	d := refresh
	for i := 1; i < n && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}
