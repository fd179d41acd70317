package themes

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

func TestEveryThemeBuilds(t *testing.T) {
	for _, n := range Names() {
		th, err := Get(n)
		if err != nil {
			t.Fatal(err)
		}
		s := NewStyles(th)
		if s.RowSelected.Render("x") == "x" {
			t.Fatalf("%s: the selected row looks like any other", n)
		}
	}
	if _, err := Get("neon"); err == nil || !strings.Contains(err.Error(), "mono") {
		t.Fatalf("unknown theme: %v", err)
	}
	if th, _ := Get(""); th.Name != "default" {
		t.Fatal("empty name is not the default theme")
	}
}

func TestMonoUsesNoColour(t *testing.T) {
	th, _ := Get("mono")
	s := NewStyles(th)
	for name, out := range map[string]string{
		"selected": s.RowSelected.Render("x"), "failed": s.StatusFailed.Render("x"), "badge": s.BadgeDemo.Render("x"),
		"stale": s.Stale.Render("x"), "error": s.Error.Render("x"),
	} {
		for _, m := range sgr.FindAllStringSubmatch(out, -1) {
			for _, p := range strings.Split(m[1], ";") {
				n, _ := strconv.Atoi(p)
				if (n >= 30 && n <= 49) || (n >= 90 && n <= 107) {
					t.Fatalf("mono %s carries a colour: %q", name, out)
				}
			}
		}
	}
	if !strings.Contains(s.RowSelected.Render("x"), "7") {
		t.Fatal("mono selection is not reverse video")
	}
}
