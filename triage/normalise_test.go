package triage

import "testing"

func TestNormaliseMasksWhatDiffersBetweenTheSameFailure(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Failed to connect to 10.0.3.17:22", "Failed to connect to <ip>:22"},
		{"Failed to connect to 10.0.9.4:22.", "Failed to connect to <ip>:22."},
		{"port 8080 already in use", "port <n> already in use"},
		{"execution 3f2a9c1e-1111-4222-8333-000000000001 not found", "execution <id> not found"},
		{"node instance vm_a1b2c3 is not started", "node instance vm_<id> is not started"},
		{"unknown directive in /etc/nginx/conf.d/app.conf:14", "unknown directive in <path>"},
		{"HTTPSConnectionPool(host='registry.internal', port=443)", "HTTPSConnectionPool(host='registry.internal', port=<n>)"},
		{"nothing to mask here", "nothing to mask here"},
		{"script_runner.tasks.run failed", "script_runner.tasks.run failed"},
	}
	for _, tc := range cases {
		if got := Normalise(tc.in); got != tc.want {
			t.Errorf("Normalise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormaliseGivesOneKeyForTwoHosts(t *testing.T) {
	a := Normalise("NonRecoverableError: Failed to connect to 10.0.3.17:22: Connection timed out after 60 seconds")
	b := Normalise("NonRecoverableError: Failed to connect to 10.0.4.2:22: Connection timed out after 30 seconds")
	if a != b {
		t.Errorf("%q != %q", a, b)
	}
}
