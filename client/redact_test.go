package client

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/cfytop/cfytop/textsafe"
)

// normalize is what a person finally reads: cleaned, without invisible
// characters, with whitespace collapsed.
func normalize(s string) string {
	s = textsafe.Clean(s)
	s = strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// A manager (or a proxy in front of it) that echoes the credentials back
// must not get them onto the screen, stderr or the audit log, whatever form
// it echoes them in and whatever it splits them with.
func TestEchoedSecretsRedactedInEveryEncoding(t *testing.T) {
	const user, pw, tok = "admin", `pa$$ w0rd/"é<x>`, "ctok-Zq9/+secret"
	basic := base64.StdEncoding.EncodeToString([]byte(user + ":" + pw))
	pwForms := []string{pw, url.QueryEscape(pw), url.PathEscape(pw), jsonEscaped(pw, true), jsonEscaped(pw, false), basic,
		strings.TrimRight(basic, "=")}
	tokForms := []string{tok, url.QueryEscape(tok)}
	split := func(s, by string) string { return s[:3] + by + s[3:] }
	echoes := []string{
		pw,
		split(pw, "\u200b"),               // zero-width space
		split(pw, "\x1b[31m"),             // an escape sequence
		split(pw, "\u202e"),               // a bidi override
		split(pw, "\x00"),                 // a NUL
		split(pw, "\xff"),                 // invalid UTF-8
		strings.Replace(pw, " ", "\n", 1), // a newline where the space was
		"Authorization: Basic " + basic,
		"Authorization: Basic " + split(basic, "\u2060"),
		"?p=" + url.QueryEscape(pw) + "&q=" + strings.ToLower(url.QueryEscape(pw)),
		`{"password": "` + jsonEscaped(pw, true) + `"}`,
		"Authentication-Token: " + split(tok, "\u200d"),
	}
	jsonStr := func(s string) string { return jsonEscaped(s, false) }
	answer := func(w http.ResponseWriter, r *http.Request, n int) {
		echo := echoes[(n-1)%len(echoes)]
		switch (n - 1) / len(echoes) {
		case 0:
			writeJSON(w, 401, `{"message":"bad credentials `+jsonStr(echo)+`","error_code":"unauthorized_error","server_traceback":"line 1\n`+jsonStr(echo)+`"}`)
		case 1:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(200)
			_, _ = io.WriteString(w, "<html><title>Login</title><body>you sent "+echo+"</body></html>")
		case 2:
			w.Header().Set("Location", "https://sso.example.com/login?p="+url.QueryEscape(echo))
			w.WriteHeader(http.StatusFound)
		default:
			w.WriteHeader(502)
			_, _ = io.WriteString(w, "upstream said: "+echo)
		}
	}
	for _, cfg := range []struct {
		Config
		forms []string
	}{
		{Config{Username: user, Password: pw, MaxRetries: -1}, pwForms},
		{Config{Token: tok, MaxRetries: -1}, tokForms},
	} {
		srv, _ := serve(t, answer)
		cfg.URL = srv.URL
		c := newTestClient(t, cfg.Config)
		for i := 0; i < 4*len(echoes); i++ {
			_, err := c.GetExecution(t.Context(), "e1")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatal(err)
			}
			all := fmt.Sprintf("%v | %+v | %s | %s | %s | %s | %s", err, err, e.Message, e.Traceback, e.Code, e.URL, e.Error())
			for _, f := range cfg.forms {
				if strings.Contains(normalize(all), normalize(f)) || strings.Contains(all, f) {
					t.Errorf("echo %d (%q): %q shows in %.300q", i, echoes[i%len(echoes)], f, normalize(all))
				}
			}
		}
	}
}

// A redirect to another host is refused in words, and none of our headers
// reach that host, even when the caller's own http.Client would follow it.
func TestCrossHostRedirectRefused(t *testing.T) {
	other, orc := serve(t, okJSON(execJSON))
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	follows := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	for _, hc := range []*http.Client{nil, follows} {
		c := newTestClient(t, Config{URL: srv.URL, Username: "admin", Password: "hunter2-pw", Tenant: "t1", HTTPClient: hc})
		_, err := c.GetExecution(t.Context(), "e1")
		wantKind(t, err, KindOther)
		if orc.count() != 0 {
			t.Fatal("the redirect to another host was followed")
		}
		if !strings.Contains(err.Error(), "the credentials were not sent there") {
			t.Errorf("Error() = %q", err)
		}
	}
}
