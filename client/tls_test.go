package client

import (
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func tlsServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, execJSON)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake failures are expected here
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func writeCA(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(path, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTLSVerifiedByDefault(t *testing.T) {
	srv := tlsServer(t)
	c := newTestClient(t, Config{URL: srv.URL})
	_, err := c.GetExecution(t.Context(), "e1")
	e := wantKind(t, err, KindUnreachable)
	msg := err.Error()
	if !strings.Contains(msg, "cannot reach the manager at "+srv.URL) || !strings.Contains(msg, "unknown authority") ||
		!strings.Contains(msg, "--ca-cert") {
		t.Errorf("Error() = %q", msg)
	}
	if strings.Contains(msg, "x509:") {
		t.Errorf("Error() is only the raw x509 text: %q", msg)
	}
	if e.retry {
		t.Error("a certificate failure is marked retryable")
	}
}

func TestTLSWithCAFile(t *testing.T) {
	srv := tlsServer(t)
	c := newTestClient(t, Config{URL: srv.URL, CACertFile: writeCA(t, srv)})
	if _, err := c.GetExecution(t.Context(), "e1"); err != nil {
		t.Fatal(err)
	}
}

func TestTLSInsecureOnlyWhenAsked(t *testing.T) {
	srv := tlsServer(t)
	c := newTestClient(t, Config{URL: srv.URL, Insecure: true})
	if _, err := c.GetExecution(t.Context(), "e1"); err != nil {
		t.Fatal(err)
	}
}

func TestTLSWrongHostName(t *testing.T) {
	srv := tlsServer(t)
	// The test certificate is for 127.0.0.1 and example.com, not localhost.
	url := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	c := newTestClient(t, Config{URL: url, CACertFile: writeCA(t, srv), MaxRetries: -1})
	_, err := c.GetExecution(t.Context(), "e1")
	wantKind(t, err, KindUnreachable)
	if !strings.Contains(err.Error(), "not valid for localhost") {
		t.Errorf("Error() = %q", err)
	}
}

func TestHTTPSAgainstPlainHTTP(t *testing.T) {
	srv, _ := serve(t, okJSON(execJSON))
	c := newTestClient(t, Config{URL: strings.Replace(srv.URL, "http://", "https://", 1), MaxRetries: -1})
	_, err := c.GetExecution(t.Context(), "e1")
	wantKind(t, err, KindUnreachable)
	if !strings.Contains(err.Error(), "HTTPS") || !strings.Contains(err.Error(), "use an http:// address") {
		t.Errorf("Error() = %q", err)
	}
}

func TestCAFileProblems(t *testing.T) {
	dir := t.TempDir()
	_, err := New(Config{URL: "https://h:443", CACertFile: filepath.Join(dir, "missing.pem")})
	wantKind(t, err, KindBadParameters)
	if !strings.Contains(err.Error(), "cannot read the CA certificate file") || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Error() = %q", err)
	}
	junk := filepath.Join(dir, "junk.pem")
	if err := os.WriteFile(junk, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = New(Config{URL: "https://h:443", CACertFile: junk})
	wantKind(t, err, KindBadParameters)
	if !strings.Contains(err.Error(), "holds no PEM certificate") {
		t.Errorf("Error() = %q", err)
	}
}
