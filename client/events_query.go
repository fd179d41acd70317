package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// EventsQuery is GET /events over the whole tenant: what a timeline of every
// execution asks for. Each list holds the values of one of the manager's
// filters (Events.ALLOWED_FILTERS); several values of one filter are ORed,
// different filters are ANDed. The manager's events endpoint has no
// _all_tenants: it always answers for the tenant of the request, so a view
// of every tenant asks once per tenant (WithTenant).
type EventsQuery struct {
	ExecutionIDs    []string // execution_id
	DeploymentIDs   []string // deployment_id
	BlueprintIDs    []string // blueprint_id
	NodeIDs         []string // node_id: the node's name
	NodeInstanceIDs []string // node_instance_id
	EventTypes      []string // event_type (the manager then answers events only)
	Levels          []string // level (the manager then answers logs only)
	// Operations and Messages are SQL ILIKE patterns, sent as they are: the
	// caller supplies the % (see ILikeContains).
	Operations []string
	Messages   []string
	// Types is the type filter (EventTypeEvent, EventTypeLog); empty asks
	// for both.
	Types []string
	// Range is _range=<field>,<from>,<to>; nil sends none.
	Range *EventsRange
	// Sort is _sort, in order ("-" prefix for descending); empty sorts by
	// reported_timestamp, the order new items are appended in.
	Sort   []string
	Offset int
	Size   int // 0 = DefaultEventsPageSize; SizeZero = _size=0 (the total only)
}

// EventsRange is a time range: From inclusive, To exclusive, either zero
// for an open end.
type EventsRange struct {
	Field    string // "@timestamp" when empty; "reported_timestamp" also works
	From, To time.Time
}

// rangeStamp is the manager's datetime format.
const rangeStamp = "2006-01-02T15:04:05.000Z"

func (r *EventsRange) String() string {
	f := r.Field
	if f == "" {
		f = "@timestamp"
	}
	var from, to string
	if !r.From.IsZero() {
		from = r.From.UTC().Format(rangeStamp)
	}
	if !r.To.IsZero() {
		to = r.To.UTC().Format(rangeStamp)
	}
	return f + "," + from + "," + to
}

// ILikeContains is the ILIKE pattern matching every text that contains s,
// in any case. The pattern may match more than that (a % or _ in s, or a
// backslash, which ILIKE would read as an escape and is sent as _): a
// caller that must be exact filters what comes back again.
func ILikeContains(s string) string {
	return "%" + strings.ReplaceAll(s, `\`, "_") + "%"
}

// Values is the query string of q, as the manager reads it.
func (q EventsQuery) Values() url.Values {
	v := url.Values{}
	add := func(k string, vals []string) {
		if len(vals) > 0 {
			v[k] = append(v[k], vals...)
		}
	}
	add("execution_id", q.ExecutionIDs)
	add("deployment_id", q.DeploymentIDs)
	add("blueprint_id", q.BlueprintIDs)
	add("node_id", q.NodeIDs)
	add("node_instance_id", q.NodeInstanceIDs)
	add("event_type", q.EventTypes)
	add("level", q.Levels)
	add("operation", q.Operations)
	add("message", q.Messages)
	types := q.Types
	if len(types) == 0 {
		types = []string{EventTypeEvent, EventTypeLog}
	}
	add("type", types)
	if q.Range != nil {
		v["_range"] = []string{q.Range.String()}
	}
	sorts := q.Sort
	if len(sorts) == 0 {
		sorts = []string{"reported_timestamp"}
	}
	add("_sort", sorts)
	size := q.Size
	switch {
	case size == 0:
		size = DefaultEventsPageSize
	case size < 0:
		size = 0
	}
	v["_size"] = []string{strconv.Itoa(size)}
	v["_offset"] = []string{strconv.Itoa(max(q.Offset, 0))}
	return v
}

// QueryEvents is one page of the events and logs of the tenant the request
// speaks for, every execution's, filtered by q.
func (c *Client) QueryEvents(ctx context.Context, q EventsQuery) (*EventPage, error) {
	for _, id := range q.ExecutionIDs {
		if err := c.checkID("execution", id); err != nil {
			return nil, err
		}
	}
	var page EventPage
	err := c.do(ctx, request{method: http.MethodGet, path: "/events", query: q.Values(), want: http.StatusOK},
		func(d *json.Decoder) error {
			page = EventPage{}
			return decodeList(d, &page.Pagination, &page.Items, nil)
		})
	if err != nil {
		return nil, err
	}
	return &page, nil
}
