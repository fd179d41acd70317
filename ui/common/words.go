package common

import "strconv"

// Plural is a count and its word: "1 execution", "3 executions".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
