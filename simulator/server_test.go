package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func get(t *testing.T, url string) (*http.Response, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.SetBasicAuth("admin", "admin")
	req.Header.Set("Tenant", "default_tenant")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestFaults(t *testing.T) {
	s, _ := testSim(t, Options{Seed: 1})
	url, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if s.URL() != url || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("URL %q / %q", s.URL(), url)
	}
	list := url + "/api/v3.1/executions?_include=id"

	s.SetFaults(Faults{ErrorRate: 1})
	resp, body, err := get(t, list)
	if err != nil || resp.StatusCode != 500 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("500: %v %v", err, resp)
	}
	var e map[string]any
	if json.Unmarshal(body, &e) != nil || e["error_code"] != "internal_server_error" || e["server_traceback"] == nil {
		t.Fatalf("500 body %s", body)
	}

	s.SetFaults(Faults{HTML502Rate: 1})
	resp, body, err = get(t, list)
	if err != nil || resp.StatusCode != 502 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte("<center>nginx</center>")) {
		t.Fatalf("502: %v %v %s", err, resp, body)
	}

	s.SetFaults(Faults{DropRate: 1})
	if _, _, err = get(t, list); err == nil {
		t.Fatal("dropped connection answered")
	}

	s.SetFaults(Faults{Maintenance: true})
	resp, body, _ = get(t, list)
	if resp.StatusCode != 503 || !bytes.Contains(body, []byte(`"error_code":"maintenance_mode_active"`)) ||
		!bytes.Contains(body, []byte("Your request was rejected since Cloudify manager is currently in maintenance mode")) {
		t.Fatalf("maintenance: %d %s", resp.StatusCode, body)
	}
	if resp, _, _ = get(t, url+"/api/v3.1/status"); resp.StatusCode != 200 {
		t.Fatalf("status in maintenance: %d", resp.StatusCode)
	}

	s.SetFaults(Faults{Latency: 30 * time.Millisecond})
	began := time.Now()
	if resp, _, _ = get(t, list); resp.StatusCode != 200 {
		t.Fatalf("latency: %d", resp.StatusCode)
	}
	if time.Since(began) < 30*time.Millisecond {
		t.Fatal("latency not applied")
	}
	if f := s.Faults(); f.Latency != 30*time.Millisecond {
		t.Fatalf("Faults() = %+v", f)
	}

	// a share of errors: with a rate of one half both outcomes show up
	s.SetFaults(Faults{ErrorRate: 0.5})
	codes := map[int]int{}
	for i := 0; i < 40; i++ {
		resp, _, _ := get(t, list)
		codes[resp.StatusCode]++
	}
	if codes[200] == 0 || codes[500] == 0 {
		t.Fatalf("error rate 0.5 gave %v", codes)
	}
	s.SetFaults(Faults{})
	if resp, _, _ = get(t, list); resp.StatusCode != 200 {
		t.Fatalf("healed: %d", resp.StatusCode)
	}
	log := s.RequestLog()
	if len(log) == 0 || log[len(log)-1].Status != 200 || s.RequestCount() < int64(len(log)) {
		t.Fatalf("request log %v", log[len(log)-1])
	}
}

// Many clients at once against a live worker, with -race.
func TestConcurrentRequests(t *testing.T) {
	before := runtime.NumGoroutine()
	s := New(Options{Seed: 5, Demo: true, Worker: true, Speed: 50, Preload: 2000})
	url, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	do := func(method, path string, body any) error {
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, url+path, rd)
		req.SetBasicAuth("admin", "admin")
		req.Header.Set("Tenant", "default_tenant")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			return fmt.Errorf("%s %s: %d", method, path, resp.StatusCode)
		}
		return nil
	}
	deps := s.Deployments("default_tenant")
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				var err error
				switch i % 5 {
				case 0:
					err = do("GET", "/api/v3.1/executions?_sort=-created_at&_size=100&_include=id,status", nil)
				case 1:
					err = do("POST", "/api/v3.1/executions", map[string]any{"deployment_id": deps[(w+i)%len(deps)], "workflow_id": "install", "queue": true})
				case 2:
					if all := s.FindExecutions(ExecutionQuery{Status: "started"}); len(all) > 0 {
						err = do("POST", "/api/v3.1/executions/"+all[0].ID, map[string]any{"action": "cancel"})
					}
				case 3:
					err = do("GET", "/api/v3.1/events?_size=50&_sort=-reported_timestamp", nil)
				case 4:
					err = do("GET", "/api/v3.1/deployments?_get_data=true", nil)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	client.CloseIdleConnections()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	// every goroutine of the simulator ends (poll with a deadline)
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines after Close, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

func TestRunCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int)
	go func() {
		done <- RunCommandContext(ctx, []string{"--listen", "127.0.0.1:0", "--seed", "3", "--speed", "4"}, &out, &errOut)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "Press Ctrl-C") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	text := out.String()
	if !strings.Contains(text, "listening on http://127.0.0.1:") || !strings.Contains(text, "password: admin") || !strings.Contains(text, "ops-team") {
		t.Fatalf("output %q (stderr %q)", text, errOut.String())
	}
	addr := strings.Fields(strings.SplitN(text, "listening on ", 2)[1])[0]
	if resp, _, err := get(t, addr+"/api/v3.1/executions?_size=1"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("simulator not answering at %s: %v", addr, err)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit code %d, stderr %q", code, errOut.String())
	}
	for _, bad := range [][]string{{"--speed", "0"}, {"--executions", "-1"}, {"--nope"}, {"extra"}} {
		var o, e bytes.Buffer
		if code := RunCommandContext(context.Background(), bad, &o, &e); code != 2 {
			t.Fatalf("%v: exit %d", bad, code)
		}
	}
	var o, e bytes.Buffer
	if code := RunCommandContext(context.Background(), []string{"--help"}, &o, &e); code != 0 || !strings.Contains(e.String(), "--listen") {
		t.Fatalf("--help: %d %q", code, e.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
