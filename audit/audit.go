// Package audit appends one JSON line per action taken on the manager (and
// per refusal by it) to a local, append-only file, so that what was done
// during an incident, by whom and against what, can be read back later.
package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sync"
	"time"

	"github.com/cfytop/cfytop/textsafe"
)

// Results of an action as written to the log.
const (
	ResultOK                   = "ok"
	ResultRefused              = "refused"
	ResultError                = "error"
	ResultAbortedStatusChanged = "aborted-status-changed"
)

// Entry is one line of the audit log. It never holds a password or token:
// Manager is the manager's address without credentials.
type Entry struct {
	Time         time.Time `json:"time"`
	User         string    `json:"user"`
	Manager      string    `json:"manager"`
	Tenant       string    `json:"tenant"`
	ExecutionID  string    `json:"execution_id"`
	Deployment   string    `json:"deployment"`
	Workflow     string    `json:"workflow"`
	StatusBefore string    `json:"status_before"`
	Action       string    `json:"action"`
	Result       string    `json:"result"`
	Message      string    `json:"message"`
	CfyCommand   string    `json:"cfy_command"`
}

// Log is an append-only audit file. It is safe for concurrent use.
type Log struct {
	mu   sync.Mutex
	f    *os.File
	user string
}

// DefaultPath is $XDG_STATE_HOME/cfytop/audit.jsonl, or
// ~/.local/state/cfytop/audit.jsonl when XDG_STATE_HOME is unset or relative.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "cfytop", "audit.jsonl"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("cannot find the audit log's place: neither XDG_STATE_HOME nor HOME is set")
	}
	return filepath.Join(home, ".local", "state", "cfytop", "audit.jsonl"), nil
}

// Open opens (creating when needed) the audit log at path for appending. The
// directory is created 0700 and the file 0600.
func Open(path string) (*Log, error) {
	if path == "" {
		return nil, errors.New("audit log path is empty")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the audit log directory: %w", err)
	}
	// An existing directory or file keeps the owner's data: tighten both,
	// best effort (the directory may be shared with something else).
	_ = os.Chmod(filepath.Dir(path), 0o700)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open the audit log: %w", err)
	}
	_ = f.Chmod(0o600)
	return &Log{f: f, user: localUser()}, nil
}

// Path is the file the log appends to.
func (l *Log) Path() string {
	if l == nil || l.f == nil {
		return ""
	}
	return l.f.Name()
}

// Append writes e as one JSON line. Time defaults to now and User to the
// local user; Time is always written in UTC. A nil Log accepts and drops
// every entry.
func (l *Log) Append(e Entry) error {
	if l == nil {
		return nil
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	e.Time = e.Time.UTC().Truncate(time.Second)
	if e.User == "" {
		e.User = l.user
	}
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("cannot encode the audit entry: %w", err)
	}
	// Valid UTF-8 with every control escaped, whatever the manager's text
	// held: the log is read with jq, grep and less.
	b = append(textsafe.EscapeJSON(b), '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return errors.New("audit log is closed")
	}
	// One write call per line: with O_APPEND the line lands whole even when
	// another cfytop appends to the same file.
	if _, err := l.f.Write(b); err != nil {
		return fmt.Errorf("cannot write the audit log: %w", err)
	}
	return nil
}

// Close closes the file. Appends after Close fail.
func (l *Log) Close() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// localUser is the local account name: os/user, falling back to $USER.
func localUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}
