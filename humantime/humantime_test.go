package humantime

import (
	"testing"
	"time"
)

func TestDurationAndAge(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		age  string
		took string
	}{
		{-time.Second, "0s", "0s"},
		{0, "0s", "0s"},
		{42 * time.Second, "42s", "42s"},
		{3*time.Minute + 4*time.Second, "3m", "3m04s"},
		{2*time.Hour + 5*time.Minute, "2h", "2h05m"},
		{4*24*time.Hour + 3*time.Hour, "4d", "4d03h"},
	} {
		if got := Age(tt.d); got != tt.age {
			t.Errorf("Age(%v) = %q, want %q", tt.d, got, tt.age)
		}
		if got := Duration(tt.d); got != tt.took {
			t.Errorf("Duration(%v) = %q, want %q", tt.d, got, tt.took)
		}
	}
}
