package simulator

import (
	"net/http"
	"time"
)

// Faults make the simulator behave like a sick manager. Rates are shares of
// requests in [0, 1], drawn from the seeded generator in this order: dropped
// connection, nginx 502, manager 500.
type Faults struct {
	// Latency is added before every answer.
	Latency time.Duration
	// ErrorRate is the share of requests answered with a manager 500
	// (internal_server_error with a traceback).
	ErrorRate float64
	// HTML502Rate is the share answered by nginx's HTML "502 Bad Gateway".
	HTML502Rate float64
	// DropRate is the share of connections closed without any answer.
	DropRate float64
	// Maintenance answers every request (except /ok, /status, /version and
	// /maintenance) with 503 maintenance_mode_active.
	Maintenance bool
}

const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// SetFaults replaces the active faults (the zero Faults heals the manager).
func (s *Simulator) SetFaults(f Faults) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults = f
}

// Faults returns the active faults.
func (s *Simulator) Faults() Faults {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	return s.faults
}

func (s *Simulator) maintenance() bool {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	return s.faults.Maintenance
}

// applyFaults injects the configured faults; true means the request has been
// answered (or dropped).
func (s *Simulator) applyFaults(w http.ResponseWriter, r *http.Request) bool {
	s.fmu.Lock()
	f := s.faults
	p := 0.0
	if f.ErrorRate > 0 || f.HTML502Rate > 0 || f.DropRate > 0 {
		p = s.frng.Float64()
	} else {
		p = 2 // no draw: keeps the sequence of draws stable when faults are off
	}
	s.fmu.Unlock()
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		case <-s.stop:
			t.Stop()
		}
	}
	switch {
	case p < f.DropRate:
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
			return true
		}
		panic(http.ErrAbortHandler)
	case p < f.DropRate+f.HTML502Rate:
		writeBody(w, 502, "text/html", []byte(nginx502))
		return true
	case p < f.DropRate+f.HTML502Rate+f.ErrorRate:
		e := &apiError{status: 500, code: "internal_server_error",
			message:   "Internal error occurred in manager REST server - OperationalError: (psycopg2.OperationalError) server closed the connection unexpectedly",
			traceback: "Traceback (most recent call last):\n  File \"/opt/manager/env/lib/python3.11/site-packages/flask/app.py\", line 1823, in full_dispatch_request\n    rv = self.dispatch_request()\npsycopg2.OperationalError: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n"}
		writeAPIError(w, e)
		return true
	}
	return false
}
