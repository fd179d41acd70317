package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ErrNoActiveProfile is returned by LoadProfile when no profile name is given
// and the cfy directory has no active profile (no active.profile file, or an
// empty one, or the "local" profile that names no manager).
var ErrNoActiveProfile = errors.New("no active cfy profile")

// Profile is a `cfy` CLI profile: the connection a cfy user already set up
// with `cfy profiles use` (cloudify-api.md §10.2). String and GoString mask
// the password and the token, so %v, %+v and %#v never print them.
type Profile struct {
	Name            string // the profile's directory name under profiles/
	Path            string // the file it was read from (context.json or the legacy context)
	ManagerIP       string // manager_ip
	RestPort        int    // rest_port; 0 when absent
	RestProtocol    string // rest_protocol: http or https
	Username        string // manager_username
	Password        string // manager_password (secret)
	Token           string // manager_token (secret)
	Tenant          string // manager_tenant
	RestCertificate string // rest_certificate, or the profile's public_rest_cert.crt when that exists
}

// URL is the manager's base URL from the profile's protocol, address and port,
// or "" when the profile names no manager.
func (p *Profile) URL() string {
	if p == nil || p.ManagerIP == "" {
		return ""
	}
	return URLFrom(p.RestProtocol, p.ManagerIP, p.RestPort)
}

func maskProfileSecret(s string) string {
	if s == "" {
		return ""
	}
	return "********"
}

// String describes the profile with its secrets masked.
func (p Profile) String() string {
	return fmt.Sprintf("cfy profile %q (%s): manager %s://%s:%d, user %q, password %q, token %q, tenant %q, certificate %q",
		p.Name, p.Path, p.RestProtocol, p.ManagerIP, p.RestPort, p.Username,
		maskProfileSecret(p.Password), maskProfileSecret(p.Token), p.Tenant, p.RestCertificate)
}

// GoString keeps %#v from printing the secrets.
func (p Profile) GoString() string { return "client.Profile{" + p.String() + "}" }

// ProfileBaseDir is the cfy CLI's directory: $CFY_WORKDIR/.cloudify when
// CFY_WORKDIR is set, else ~/.cloudify. getenv is os.Getenv or a test double.
func ProfileBaseDir(getenv func(string) string) (string, error) {
	if w := getenv("CFY_WORKDIR"); w != "" {
		return filepath.Join(w, ".cloudify"), nil
	}
	home := getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("cannot find the home directory for the cfy profiles: %w", err)
		}
	}
	return filepath.Join(home, ".cloudify"), nil
}

// ActiveProfileName reads dir/active.profile. It returns ErrNoActiveProfile
// when the file is missing or empty.
func ActiveProfileName(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "active.profile"))
	if errors.Is(err, os.ErrNotExist) {
		return "", ErrNoActiveProfile
	}
	if err != nil {
		return "", fmt.Errorf("cannot read the active cfy profile: %w", err)
	}
	name := strings.TrimSpace(string(b))
	if name == "" {
		return "", ErrNoActiveProfile
	}
	return name, nil
}

// LoadProfile reads the cfy profile name from the cfy directory dir (see
// ProfileBaseDir). An empty name means the active profile (active.profile);
// when there is none, the error is ErrNoActiveProfile. It reads
// profiles/<name>/context.json, or the legacy YAML profiles/<name>/context of
// cfy 5.1 and older.
func LoadProfile(dir, name string) (*Profile, error) {
	if name == "" {
		var err error
		if name, err = ActiveProfileName(dir); err != nil {
			return nil, err
		}
		if name == "local" {
			return nil, ErrNoActiveProfile
		}
	}
	if strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return nil, fmt.Errorf("cfy profile name %q is not valid", name)
	}
	pdir := filepath.Join(dir, "profiles", name)
	p := &Profile{Name: name}
	path := filepath.Join(pdir, "context.json")
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		p.Path = path
		if err := decodeProfileJSON(b, p); err != nil {
			return nil, fmt.Errorf("cfy profile %q: %s is not valid: %w", name, path, err)
		}
	case errors.Is(err, os.ErrNotExist):
		legacy := filepath.Join(pdir, "context")
		lb, lerr := os.ReadFile(legacy)
		if lerr != nil {
			if errors.Is(lerr, os.ErrNotExist) {
				return nil, fmt.Errorf("cfy profile %q does not exist (no %s); list the profiles with `cfy profiles list`", name, path)
			}
			return nil, fmt.Errorf("cannot read cfy profile %q: %w", name, lerr)
		}
		p.Path = legacy
		if err := decodeProfileYAML(lb, p); err != nil {
			return nil, fmt.Errorf("cfy profile %q: %s is not valid: %w", name, legacy, err)
		}
	default:
		return nil, fmt.Errorf("cannot read cfy profile %q: %w", name, err)
	}
	if p.RestCertificate == "" && strings.EqualFold(p.RestProtocol, "https") {
		def := filepath.Join(pdir, "public_rest_cert.crt")
		if st, err := os.Stat(def); err == nil && st.Mode().IsRegular() {
			p.RestCertificate = def
		}
	}
	return p, nil
}

// set stores the value of one context.json key; unknown keys are ignored.
func (p *Profile) set(key string, value any) error {
	str := func() (string, error) {
		switch v := value.(type) {
		case nil:
			return "", nil
		case string:
			return v, nil
		case json.Number:
			return v.String(), nil
		case bool:
			return strconv.FormatBool(v), nil
		case int:
			return strconv.Itoa(v), nil
		}
		return "", fmt.Errorf("%s is not a string", key)
	}
	var err error
	switch key {
	case "manager_ip":
		p.ManagerIP, err = str()
	case "rest_protocol":
		p.RestProtocol, err = str()
	case "manager_username":
		p.Username, err = str()
	case "manager_password":
		p.Password, err = str()
	case "manager_token":
		p.Token, err = str()
	case "manager_tenant":
		p.Tenant, err = str()
	case "rest_certificate":
		p.RestCertificate, err = str()
	case "rest_port":
		var s string
		if s, err = str(); err == nil && s != "" {
			n, perr := strconv.Atoi(strings.TrimSpace(s))
			if perr != nil || n < 0 || n > 65535 {
				return fmt.Errorf("rest_port %q is not a port number", s)
			}
			p.RestPort = n
		}
	}
	return err
}

func decodeProfileJSON(b []byte, p *Profile) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return err
	}
	for k, v := range m {
		if err := p.set(k, v); err != nil {
			return err
		}
	}
	return nil
}

// decodeProfileYAML reads the legacy pickled-object YAML of old cfy versions
// (a mapping tagged !CloudifyProfileContext or !!python/object:...): tags are
// ignored, scalar values of the known keys are read.
func decodeProfileYAML(b []byte, p *Profile) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return err
	}
	n := &doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return errors.New("not a mapping")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			continue
		}
		var val any = v.Value
		if v.Tag == "!!null" {
			val = nil
		}
		if err := p.set(k.Value, val); err != nil {
			return err
		}
	}
	return nil
}
