package simulator

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a Simulator.
type Options struct {
	// Seed makes the world, the IDs and the worker's choices deterministic.
	Seed int64
	// Speed scales the worker's timings: 2 runs twice as fast. 0 means 1.
	Speed float64
	// Demo seeds the demo world (two tenants, a dozen deployments, history,
	// running, queued, stuck and cancelling executions, system workflows,
	// new executions arriving now and then). Without it the world is the
	// small one of the recorded manager (see doc.go).
	Demo bool
	// Preload adds that many historical (ended) executions, spread over the
	// deployments of both tenants, for benchmarks and scale tests.
	Preload int
	// Clock is the time source; nil means real time. With a *ManualClock the
	// worker runs synchronously inside ManualClock.Advance.
	Clock Clock
	// Worker runs the background worker that moves executions and emits
	// their events. Without it executions change only through the API and
	// the functions for tests (ForceStatus, AddExecution, ...).
	Worker bool
	// NoHistory starts with tenants and deployments but no executions at
	// all (tests that build their own history).
	NoHistory bool
}

// Simulator is an in-memory Cloudify Manager.
type Simulator struct {
	opts  Options
	clock Clock
	speed float64

	mu          sync.RWMutex
	rng         *rand.Rand
	tenants     []string
	tenantIdx   map[string]uint8
	users       map[string]string
	deps        []*deployment
	depIndex    map[depKey]*deployment
	execs       []*execRec
	byID        map[string]*execRec
	nextStorage int32
	live        map[*execRec]struct{} // every execution not in an end state
	runs        map[*execRec]*run
	events      []*eventRec
	evByExec    map[*execRec][]int32
	nextEvent   int32
	nextLog     int32
	tokens      map[string]*token
	graphs      map[*execRec][]*tasksGraph
	graphByID   map[string]*tasksGraph
	opByID      map[string]*operation
	// paramCache shares default parameters (key: *workflowDef or name).
	paramCache map[any]json.RawMessage
	nextTick   int64       // demo arrivals, Unix ms
	groups     *groupStore // execution and deployment groups (groups.go)

	fmu    sync.Mutex
	faults Faults
	frng   *rand.Rand
	// hrng draws the hook tokens' IDs and secrets (under mu).
	hrng *rand.Rand

	reqMu   sync.Mutex
	reqLog  []Request
	wire    WireTotals
	reqSeen atomic.Int64

	srvMu    sync.Mutex
	server   *http.Server
	url      string
	stop     chan struct{}
	wg       sync.WaitGroup
	unsub    func()
	closed   bool
	stepMu   sync.Mutex
	handler  http.Handler
	listener net.Listener
}

type depKey struct {
	tenant uint8
	id     string
}

// New builds a simulator. It serves nothing until Start (or use Handler with
// a server of your own); the worker, if asked for, starts at once.
func New(o Options) *Simulator {
	if o.Speed <= 0 {
		o.Speed = 1
	}
	s := &Simulator{
		opts:       o,
		clock:      o.Clock,
		speed:      o.Speed,
		rng:        rand.New(rand.NewPCG(uint64(o.Seed), 0x63667974)),
		frng:       rand.New(rand.NewPCG(uint64(o.Seed), 0x6661756c)),
		hrng:       rand.New(rand.NewPCG(uint64(o.Seed), 0x686f6f6b)),
		tenantIdx:  map[string]uint8{},
		users:      map[string]string{"admin": "admin"},
		depIndex:   map[depKey]*deployment{},
		byID:       map[string]*execRec{},
		live:       map[*execRec]struct{}{},
		runs:       map[*execRec]*run{},
		evByExec:   map[*execRec][]int32{},
		tokens:     map[string]*token{},
		graphs:     map[*execRec][]*tasksGraph{},
		graphByID:  map[string]*tasksGraph{},
		opByID:     map[string]*operation{},
		paramCache: map[any]json.RawMessage{},
		stop:       make(chan struct{}),
		groups:     newGroupStore(),
	}
	if s.clock == nil {
		s.clock = realClock{}
	}
	s.handler = s.newHandler()
	s.mu.Lock()
	if o.Demo {
		s.buildDemoWorld()
		s.demoGroups()
	} else {
		s.buildRecordingWorld()
	}
	s.mu.Unlock()
	if o.Worker {
		if mc, ok := s.clock.(*ManualClock); ok {
			s.unsub = mc.subscribe(s.Step)
		} else {
			s.wg.Add(1)
			go s.workerLoop()
		}
	}
	return s
}

func (s *Simulator) nowMs() int64 { return s.clock.Now().UnixMilli() }

// Handler returns the simulator's HTTP handler (every route of the API).
func (s *Simulator) Handler() http.Handler { return s.handler }

// Start listens on addr ("127.0.0.1:0" for a free port) and serves the API
// in the background. It returns the base URL, e.g. "http://127.0.0.1:41234".
func (s *Simulator) Start(addr string) (string, error) {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.closed {
		return "", errors.New("simulator: closed")
	}
	if s.server != nil {
		return "", errors.New("simulator: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	s.listener = ln
	s.server = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	s.url = "http://" + ln.Addr().String()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.server.Serve(ln)
	}()
	return s.url, nil
}

// URL is the base URL given by Start ("" before).
func (s *Simulator) URL() string {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	return s.url
}

// Close stops the server (if started) and the worker and waits for both.
// It is safe to call more than once.
func (s *Simulator) Close() error {
	s.srvMu.Lock()
	if s.closed {
		s.srvMu.Unlock()
		return nil
	}
	s.closed = true
	close(s.stop)
	srv := s.server
	s.srvMu.Unlock()
	var err error
	if srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = srv.Shutdown(ctx)
		cancel()
		if err != nil {
			_ = srv.Close()
		}
	}
	if s.unsub != nil {
		s.unsub()
	}
	s.wg.Wait()
	return err
}

// newID returns a UUID4-shaped ID from the seeded generator. Callers hold mu.
func (s *Simulator) newID() string {
	for {
		var b [16]byte
		a, c := s.rng.Uint64(), s.rng.Uint64()
		for i := 0; i < 8; i++ {
			b[i] = byte(a >> (8 * i))
			b[8+i] = byte(c >> (8 * i))
		}
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		id := formatUUID(b)
		if _, dup := s.byID[id]; !dup {
			return id
		}
	}
}

func formatUUID(b [16]byte) string {
	const hex = "0123456789abcdef"
	out := make([]byte, 36)
	j := 0
	for i, v := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j] = hex[v>>4]
		out[j+1] = hex[v&0xf]
		j += 2
	}
	return string(out)
}

func (s *Simulator) addTenant(name string) uint8 {
	if i, ok := s.tenantIdx[name]; ok {
		return i
	}
	i := uint8(len(s.tenants))
	s.tenants = append(s.tenants, name)
	s.tenantIdx[name] = i
	return i
}

// insertExec stores e (callers hold mu). The store stays ordered by
// (created_at, storage id), so that lists in creation order need no sort.
func (s *Simulator) insertExec(e *execRec) {
	s.nextStorage++
	e.storageID = s.nextStorage
	n := len(s.execs)
	if n == 0 || s.execs[n-1].created <= e.created {
		s.execs = append(s.execs, e)
	} else {
		i := sort.Search(n, func(i int) bool { return s.execs[i].created > e.created })
		s.execs = append(s.execs, nil)
		copy(s.execs[i+1:], s.execs[i:])
		s.execs[i] = e
	}
	s.byID[e.id] = e
	if !e.status.isEnd() {
		s.live[e] = struct{}{}
	}
	if e.dep != nil && (e.dep.latest == nil || e.dep.latest.created <= e.created) {
		e.dep.latest = e
	}
}

// setStatus changes e's status and keeps the live set; callers hold mu.
func (s *Simulator) setStatus(e *execRec, st status) {
	e.status = st
	if st.isEnd() {
		delete(s.live, e)
		delete(s.runs, e)
	} else {
		s.live[e] = struct{}{}
	}
}

// liveOn returns the live executions of a deployment, oldest first.
func (s *Simulator) liveOn(d *deployment) []*execRec {
	var out []*execRec
	for e := range s.live {
		if e.dep == d {
			out = append(out, e)
		}
	}
	sortByCreated(out)
	return out
}

func sortByCreated(es []*execRec) {
	sort.Slice(es, func(i, j int) bool {
		if es[i].created != es[j].created {
			return es[i].created < es[j].created
		}
		return es[i].storageID < es[j].storageID
	})
}

// Request is one request the simulator answered (see RequestLog and
// WireSnapshot): what was asked and what crossed the wire back.
type Request struct {
	Method string
	Path   string
	Query  string // the raw query string, as sent
	Status int    // -1: the connection was dropped (a fault)
	// BodyBytes is the number of response body bytes written.
	BodyBytes int64
	// Rows is the number of items serialised in a list answer (0 for an
	// answer that is not a list, or an error).
	Rows int
}

// WireTotals adds up the requests answered since New or the last
// ResetWire.
type WireTotals struct {
	Requests  int64
	BodyBytes int64
	Rows      int64
}

// WireSnapshot is what crossed the wire since New or the last ResetWire:
// the totals, and the requests themselves (the last 4096 at most; the
// totals count every one).
type WireSnapshot struct {
	Totals   WireTotals
	Requests []Request
}

const reqLogMax = 4096

func (s *Simulator) logRequest(r Request) {
	s.reqSeen.Add(1)
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	s.wire.Requests++
	s.wire.BodyBytes += r.BodyBytes
	s.wire.Rows += int64(r.Rows)
	if len(s.reqLog) >= reqLogMax {
		copy(s.reqLog, s.reqLog[len(s.reqLog)-reqLogMax/2:])
		s.reqLog = s.reqLog[:reqLogMax/2]
	}
	s.reqLog = append(s.reqLog, r)
}

// RequestLog returns the last requests answered (at most 4096, oldest
// first), faults included.
func (s *Simulator) RequestLog() []Request {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	return append([]Request(nil), s.reqLog...)
}

// RequestCount is the number of requests answered since New.
func (s *Simulator) RequestCount() int64 { return s.reqSeen.Load() }

// WireSnapshot returns the wire accounting so far: totals and the logged
// requests, consistent with each other. Safe for concurrent use.
func (s *Simulator) WireSnapshot() WireSnapshot {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	return WireSnapshot{Totals: s.wire, Requests: append([]Request(nil), s.reqLog...)}
}

// WireTotals returns the totals of WireSnapshot without copying the log.
func (s *Simulator) WireTotals() WireTotals {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	return s.wire
}

// ResetWire starts the wire accounting afresh (totals and request log),
// e.g. after a test's setup, before the polls it measures. It returns
// what was there. RequestCount is not reset.
func (s *Simulator) ResetWire() WireSnapshot {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	old := WireSnapshot{Totals: s.wire, Requests: s.reqLog}
	s.wire = WireTotals{}
	s.reqLog = nil
	return old
}
