package triage

import (
	"strconv"
	"time"

	"github.com/cfytop/cfytop/humantime"
)

func itoa(n int) string { return strconv.Itoa(n) }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func ago(d time.Duration) string { return humantime.Age(d) + " ago" }
