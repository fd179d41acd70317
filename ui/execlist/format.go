package execlist

import (
	"github.com/cfytop/cfytop/client"
)

// statusRank orders statuses for the status sort and the header counts:
// what needs attention first (running, stopping), then waiting, then ended.
var statusOrderArr = [...]client.Status{
	client.StatusStarted, client.StatusPending,
	client.StatusCancelling, client.StatusForceCancelling, client.StatusKillCancelling,
	client.StatusQueued, client.StatusScheduled,
	client.StatusFailed, client.StatusCancelled, client.StatusTerminated,
}

var statusOrder = statusOrderArr[:]

const unknownRank = uint8(255)

func rankOf(s client.Status) uint8 {
	for i, k := range statusOrder {
		if k == s {
			return uint8(i)
		}
	}
	return unknownRank
}
