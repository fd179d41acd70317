package common

import (
	"strconv"

	"github.com/cfytop/cfytop/textsafe"
)

// Plural is a count and its word: "1 execution", "3 executions".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// ShortID is the first 8 characters of an execution's ID, cleaned of
// control characters: the short ID the list shows and the dangerous
// dialogs ask to be typed.
func ShortID(id string) string {
	id = textsafe.Clean(id)
	if r := []rune(id); len(r) > 8 {
		return string(r[:8])
	}
	return id
}
