package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cfytop/cfytop/ui/uitest"
)

func TestCheckTerminal(t *testing.T) {
	cases := []struct {
		term          string
		stdin, stdout bool
		want          string // "" = fine
	}{
		{"xterm-256color", true, true, ""},
		{"dumb", true, true, "TERM=dumb"},
		{"xterm", false, true, "input is not a terminal"},
		{"xterm", true, false, "output is not a terminal"},
		{"xterm", false, false, "neither input nor output"},
	}
	for _, c := range cases {
		err := checkTerminal(c.term, c.stdin, c.stdout)
		if c.want == "" {
			if err != nil {
				t.Fatalf("%+v: %v", c, err)
			}
			continue
		}
		if err == nil || !errors.Is(err, ErrNoTerminal) {
			t.Fatalf("%+v: err %v", c, err)
		}
		for _, want := range []string{c.want, "ssh -t", "--once"} {
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("%+v: %q lacks %q", c, err, want)
			}
		}
	}
}

func TestRunRefusesWithoutTerminal(t *testing.T) {
	// Under go test stdin and stdout are not both terminals.
	t.Setenv("TERM", "xterm-256color")
	err := Run(context.Background(), Options{Manager: uitest.NewManager()})
	if !errors.Is(err, ErrNoTerminal) {
		t.Fatalf("Run without a terminal: %v", err)
	}
	t.Setenv("TERM", "dumb")
	if err := Run(context.Background(), Options{Manager: uitest.NewManager()}); err == nil || !strings.Contains(err.Error(), "TERM=dumb") {
		t.Fatalf("Run with TERM=dumb: %v", err)
	}
}

func TestNoColorPicksMonoTheme(t *testing.T) {
	a := NewApp(Options{Manager: uitest.NewManager(), NoColor: true, Theme: "light"})
	if !a.styles.Theme.Mono {
		t.Fatalf("theme %s under --no-color", a.styles.Theme.Name)
	}
	if n := len(programOptions(context.Background(), Options{NoColor: true})); n != 3 {
		t.Fatalf("%d program options under --no-color, want context, fps and colour profile", n)
	}
	if n := len(programOptions(context.Background(), Options{})); n != 2 {
		t.Fatalf("%d program options, want context and fps", n)
	}
}
