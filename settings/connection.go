package settings

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cfytop/cfytop/client"
)

// loadProfile reads the cfy profile named by --profile (or its twins) or the
// active one.
func (r *resolver) loadProfile() error {
	s := r.s
	base, err := client.ProfileBaseDir(r.env.get)
	if err != nil {
		return errorf("%v", err)
	}
	s.ProfileBase = base
	name := r.str("profile")
	explicit := name != ""
	if !explicit {
		active, aerr := client.ActiveProfileName(base)
		if aerr != nil {
			if errors.Is(aerr, client.ErrNoActiveProfile) {
				return nil // a user without cfy
			}
			return errorf("%v", aerr)
		}
		s.ProfileName = active
		s.Origins["profile"] = Origin{Name: "active profile (" + filepath.Join(base, "active.profile") + ")"}
	} else {
		s.ProfileName = name
	}
	p, err := client.LoadProfile(base, name)
	if err != nil {
		if errors.Is(err, client.ErrNoActiveProfile) {
			return nil
		}
		if explicit {
			return errorf("%s: %v", s.Origins["profile"], err)
		}
		// Not asked for by name: carry on without it, and say so where it matters.
		s.ProfileErr = fmt.Sprintf("the active cfy profile cannot be read: %v", err)
		s.Notes = append(s.Notes, s.ProfileErr)
		return nil
	}
	s.Profile = p
	s.ProfileName = p.Name
	return nil
}

func (r *resolver) profileOrigin() Origin {
	return Origin{Source: FromProfile, Name: fmt.Sprintf("cfy profile %q", r.s.Profile.Name)}
}

// fromProfile fills a setting still at its default from the profile.
func (r *resolver) fromProfile(name string, dst *string, value string) {
	if r.s.Profile == nil || value == "" || r.s.Origins[name].Source != FromDefault {
		return
	}
	*dst = value
	r.s.Origins[name] = r.profileOrigin()
}

// connection resolves the manager address, tenant, credentials and TLS.
func (r *resolver) connection() error {
	s := r.s
	p := s.Profile

	s.Manager = r.str("manager")
	s.Tenant = r.str("tenant")
	s.Username = r.str("username")
	s.CACert = r.path("ca-cert")
	s.PasswordFile = r.path("password-file")
	s.TokenFile = r.path("token-file")
	if p != nil {
		r.fromProfile("manager", &s.Manager, p.URL())
	}
	if s.Manager != "" {
		u, err := NormalizeManagerURL(s.Manager)
		if err != nil {
			return errorf("%s: %v", s.Origins["manager"], err)
		}
		s.Manager = u
	}
	if p != nil && s.Manager != "" && s.Origins["manager"].Source != FromProfile && !sameHost(s.Manager, p.URL()) {
		// The profile's password must not go to another host.
		s.Notes = append(s.Notes, fmt.Sprintf("the cfy profile %q is for %s, not %s: its tenant, credentials and certificate are not used",
			p.Name, orNone(p.URL()), s.Manager))
		r.profileForeign = true
		p = nil
	}
	if p != nil {
		r.fromProfile("tenant", &s.Tenant, p.Tenant)
		r.fromProfile("username", &s.Username, p.Username)
		r.fromProfile("ca-cert", &s.CACert, p.RestCertificate)
		if s.Origins["tenant"].Source > FromProfile && p.Tenant != "" && p.Tenant != s.Tenant {
			s.Notes = append(s.Notes, fmt.Sprintf("tenant %q from %s overrides the profile's %q", s.Tenant, s.Origins["tenant"], p.Tenant))
		}
	}
	if strings.TrimSpace(s.Tenant) == "" {
		s.Tenant = DefaultTenant
	}
	if err := client.ValidTenant(s.Tenant); err != nil {
		// Sent as a header on every request: a proxy would refuse it (431)
		// or Go would not send it at all.
		return errorf("%s: the tenant name %v; give the tenant's name as the manager knows it", s.Origins["tenant"], err)
	}

	// Secrets: each at the highest level that has it; the two are then compared.
	pw, pwOrigin, err := r.secret("password", "password-file", "CLOUDIFY_PASSWORD", func(p *client.Profile) string { return p.Password })
	if err != nil {
		return err
	}
	tok, tokOrigin, err := r.secret("token", "token-file", "CLOUDIFY_TOKEN", func(p *client.Profile) string { return p.Token })
	if err != nil {
		return err
	}
	s.Password, s.Token = Secret(pw), Secret(tok)
	if pw != "" {
		s.Origins["password"] = pwOrigin
	}
	if tok != "" {
		s.Origins["token"] = tokOrigin
	}
	if tok != "" && pw != "" {
		if pwOrigin.Source > tokOrigin.Source {
			s.Notes = append(s.Notes, fmt.Sprintf("the token from %s is not used: the password from %s was given at a higher level", tokOrigin, pwOrigin))
			s.Token = ""
			delete(s.Origins, "token")
		} else {
			s.Notes = append(s.Notes, fmt.Sprintf("the token from %s is used; the password from %s is not (a token wins)", tokOrigin, pwOrigin))
		}
	}

	if s.CACert != "" && !s.Insecure {
		if st, err := os.Stat(s.CACert); err != nil || !st.Mode().IsRegular() {
			return errorf("%s: the CA certificate file %s cannot be read; check the path, or give another with --ca-cert", s.Origins["ca-cert"], s.CACert)
		}
	}
	return nil
}

// secret resolves a password or token: the file flag, the file's CFYTOP_*
// variable, the cfy variable, the config file's *_file, then the profile.
func (r *resolver) secret(what, fileOpt, cfyVar string, fromProfile func(*client.Profile) string) (string, Origin, error) {
	readFile := func(o Origin) (string, Origin, error) {
		path := r.path(fileOpt)
		b, err := os.ReadFile(path)
		if err != nil {
			return "", o, errorf("%s: cannot read the %s file %s: %v", o, what, path, unwrapPathError(err))
		}
		v := strings.TrimRight(string(b), "\r\n")
		if v == "" {
			return "", o, errorf("%s: the %s file %s is empty", o, what, path)
		}
		o.Name += " (" + path + ")"
		return v, o, nil
	}
	rs, ok := r.raw[fileOpt]
	if ok && rs.origin.Source == FromFlag {
		return readFile(rs.origin)
	}
	if ok && rs.origin.Source == FromEnv {
		return readFile(rs.origin)
	}
	if v := r.env.get(cfyVar); v != "" {
		return v, Origin{Source: FromEnv, Name: cfyVar}, nil
	}
	if ok && rs.origin.Source == FromConfig {
		return readFile(rs.origin)
	}
	if r.s.Profile != nil && !r.profileForeign {
		if v := fromProfile(r.s.Profile); v != "" {
			o := r.profileOrigin()
			return v, o, nil
		}
	}
	return "", Origin{}, nil
}

// sameHost reports whether two manager URLs name the same host.
func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Hostname() != "" && strings.EqualFold(ua.Hostname(), ub.Hostname())
}

func orNone(s string) string {
	if s == "" {
		return "no manager"
	}
	return s
}

// NormalizeManagerURL accepts HOST, HOST:PORT or a URL with http or https
// (optionally ending in /api/...) and returns scheme://host:port. A bare host
// means https.
func NormalizeManagerURL(raw string) (string, error) {
	in := strings.TrimSpace(raw)
	if in == "" {
		return "", errors.New("the manager address is empty")
	}
	if !strings.Contains(in, "://") {
		in = "https://" + in
	}
	u, err := url.Parse(in)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("%q is not a manager address; write it like https://10.0.0.5 or http://manager.example.com:80", raw)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", fmt.Errorf("%q: the scheme must be http or https", raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("the manager address must not hold credentials; use --username with --password-file or CLOUDIFY_PASSWORD")
	}
	if p := strings.TrimRight(u.Path, "/"); p != "" && p != "/api" && !strings.HasPrefix(p, "/api/") {
		return "", fmt.Errorf("%q: the manager address takes no path (only scheme, host and port)", raw)
	}
	host, port := u.Hostname(), u.Port()
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n <= 0 || n > 65535 {
			return "", fmt.Errorf("%q: port %q is not a port number", raw, port)
		}
	} else if scheme == "https" {
		port = "443"
	} else {
		port = "80"
	}
	return scheme + "://" + net.JoinHostPort(host, port), nil
}
