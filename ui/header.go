package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cfytop/cfytop/client"
	"github.com/cfytop/cfytop/textsafe"
)

func clean(s string) string { return textsafe.Clean(s) }

// connState is the connection state in words.
func (a App) connState() (string, bool) {
	p := a.poll
	switch {
	case p.paused:
		return a.styles.Paused.Render("paused"), false
	case p.lastErr != "":
		what := "no data yet"
		if p.loaded {
			what = "stale " + roundSecs(a.now.Sub(p.lastGood))
		}
		retry := "retrying now"
		switch {
		case p.inflight:
		case p.refused != "":
			retry = p.refused + ", polling stopped (" + a.keys.Refresh.Help().Key + " retries)"
		default:
			if wait := p.retryAt.Sub(a.now); wait > 0 {
				retry = "retrying in " + roundSecs(wait+time.Second-1)
			}
		}
		return a.styles.Stale.Render(what+" — "+retry+":") + " " + a.styles.Base.Render(clean(p.lastErr)), true
	case p.inflight && (p.manual || !p.loaded):
		return a.styles.Live.Render("refreshing"), false
	}
	return a.styles.Live.Render("live"), false
}

// roundSecs writes a duration in whole seconds: 8s, 42s, 3m05s, 1h02m.
func roundSecs(d time.Duration) string {
	s := int(d / time.Second)
	if s < 0 {
		s = 0
	}
	switch {
	case s < 60:
		return strconv.Itoa(s) + "s"
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, (s%3600)/60)
}

// topLine is the manager, the tenant and the badges; it changes only with
// the size, so relayout renders it once.
func (a App) topLine() string {
	w := a.width
	var badges []string
	if a.o.Demo {
		badges = append(badges, a.styles.BadgeDemo.Render("DEMO"))
	}
	if a.o.ReadOnly {
		badges = append(badges, a.styles.BadgeReadOnly.Render("READ-ONLY"))
	}
	right := strings.Join(badges, " ")
	tenant := "tenant " + clean(a.o.Tenant)
	if a.o.AllTenants {
		tenant = "all tenants"
	} else if a.o.Tenant == "" {
		tenant = "default tenant"
	}
	label := clean(a.o.ManagerLabel)
	if label == "" {
		label = "manager"
	}
	left := a.styles.Header.Render("cfytop") + " " + a.styles.HeaderLabel.Render(label+" · "+tenant)
	return spread(left, right, w)
}

// stateLine is the connection state, the counts per status and the scope.
func (a App) stateLine() string {
	w := a.width
	// Line two leads with the connection state; when it is stale the reason
	// matters more than the counts, which are cut first.
	conn, stale := a.connState()
	sep := a.styles.Muted.Render(" · ")
	scope := a.styles.Muted.Render(a.scopeLine())
	if stale {
		scope = ""
	}
	return spread(conn+sep+a.countsLine(), scope, w)
}

// spread puts left and right on one line of width w, cutting left first.
func spread(left, right string, w int) string {
	rw := lipgloss.Width(right)
	if rw >= w {
		return ansi.Truncate(right, w, "…")
	}
	room := w - rw
	if right != "" {
		room--
	}
	if lipgloss.Width(left) > room {
		left = ansi.Truncate(left, room, "…")
	}
	gap := w - lipgloss.Width(left) - rw
	if right == "" {
		return left
	}
	return left + strings.Repeat(" ", max(gap, 1)) + right
}

func (a App) countsLine() string {
	counts := a.list.Counts()
	if len(counts) == 0 {
		if !a.poll.loaded {
			return a.styles.Muted.Render("loading executions…")
		}
		return a.styles.Muted.Render("no executions in scope")
	}
	sep := a.styles.Muted.Render(" · ")
	var b strings.Builder
	for i, c := range counts {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(a.statusStyle(c.Status).Render(clean(c.Status.Display()) + " " + strconv.Itoa(c.Count)))
	}
	return b.String()
}

func (a App) scopeLine() string {
	shown, total := a.list.Len(), a.list.Total()
	var s string
	if shown == total {
		s = plural(total, "execution")
	} else {
		s = fmt.Sprintf("%d of %d shown", shown, total)
	}
	if a.system {
		s += " · system shown"
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func (a App) statusStyle(s client.Status) lipgloss.Style {
	switch {
	case s == client.StatusTerminated:
		return a.styles.StatusOK
	case s == client.StatusFailed:
		return a.styles.StatusFailed
	case s == client.StatusCancelled:
		return a.styles.StatusCancelled
	case s.IsWaiting():
		return a.styles.StatusWaiting
	}
	return a.styles.StatusActive
}
