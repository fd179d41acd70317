package settings

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cfytop/cfytop/keymap"
	"github.com/cfytop/cfytop/triage"
	"go.yaml.in/yaml/v3"
)

// configValue is one setting read from the config file.
type configValue struct {
	raw   string
	items []string // kindList
	line  int
	key   string // as written in the file
}

// configFile is a parsed config file.
type configFile struct {
	path   string
	values map[string]configValue // by option name
	keys   map[string][]string    // `keys:` rebinding
	keysAt int                    // line of `keys:`
	// stuck holds the `stuck:` thresholds (stuck.go); nil when not set.
	stuck   *triage.Thresholds
	stuckAt int
}

// configError names the file, the line and the key.
func configError(path string, line int, key, format string, args ...any) error {
	where := fmt.Sprintf("config file %s", path)
	if line > 0 {
		where += fmt.Sprintf(", line %d", line)
	}
	if key != "" {
		where += fmt.Sprintf(", key %q", key)
	}
	return &Error{Msg: where + ": " + fmt.Sprintf(format, args...)}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// loadConfig reads and checks the config file at path. A file that does not
// exist returns (nil, nil) unless required.
func loadConfig(path string, required bool) (*configFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !required {
			return nil, nil
		}
		if errors.Is(err, os.ErrNotExist) {
			return nil, &Error{Msg: fmt.Sprintf("config file %s does not exist; create it or point --config (CFYTOP_CONFIG) at another file", path)}
		}
		return nil, &Error{Msg: fmt.Sprintf("cannot read the config file %s: %v", path, unwrapPathError(err))}
	}
	return parseConfig(path, b)
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func parseConfig(path string, b []byte) (*configFile, error) {
	cf := &configFile{path: path, values: map[string]configValue{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, configError(path, line, "", "not valid YAML: %s", strings.TrimPrefix(msg, m[0]))
		}
		return nil, configError(path, 0, "", "not valid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return cf, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return cf, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, configError(path, root.Line, "", "the file must be a mapping of settings (key: value), not %s", nodeKind(root))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		name := strings.ReplaceAll(key, "_", "-")
		if prev, dup := seen[name]; dup {
			return nil, configError(path, k.Line, key, "set twice (first on line %d)", prev)
		}
		seen[name] = k.Line
		if key == "keys" {
			if err := cf.parseKeys(k, v); err != nil {
				return nil, err
			}
			continue
		}
		if key == "stuck" {
			if err := cf.parseStuck(k, v); err != nil {
				return nil, err
			}
			continue
		}
		o := lookupOption(name)
		if o == nil || o.noConfig {
			return nil, configError(path, k.Line, key, "unknown setting%s", suggest(key))
		}
		cv, err := configScalar(path, key, o, v)
		if err != nil {
			return nil, err
		}
		cf.values[o.name] = cv
	}
	return cf, nil
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return fmt.Sprintf("%q", n.Value)
}

// configScalar checks the type of one value and returns it as text.
func configScalar(path, key string, o *option, v *yaml.Node) (configValue, error) {
	cv := configValue{line: v.Line, key: key}
	if v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	if o.kind == kindList {
		switch v.Kind {
		case yaml.SequenceNode:
			for _, item := range v.Content {
				if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
					return cv, configError(path, item.Line, key, "each item must be a name, not %s", nodeKind(item))
				}
				cv.items = append(cv.items, splitList(item.Value)...)
			}
			return cv, nil
		case yaml.ScalarNode:
			if v.Tag == "!!null" {
				return cv, configError(path, v.Line, key, "has no value; give a list like [a, b] or remove the line")
			}
			cv.items = splitList(v.Value)
			return cv, nil
		}
		return cv, configError(path, v.Line, key, "must be a list, not %s", nodeKind(v))
	}
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return cv, configError(path, v.Line, key, "must be %s, not %s", kindWords(o.kind), nodeKind(v))
	}
	cv.raw = v.Value
	switch o.kind {
	case kindBool:
		if v.Tag != "!!bool" {
			return cv, configError(path, v.Line, key, "%q is not true or false", v.Value)
		}
	case kindInt:
		if v.Tag != "!!int" {
			return cv, configError(path, v.Line, key, "%q is not a whole number", v.Value)
		}
	case kindDuration:
		if v.Tag == "!!int" || v.Tag == "!!float" {
			return cv, configError(path, v.Line, key, "%s has no unit; write it like %ss", v.Value, v.Value)
		}
		if _, err := time.ParseDuration(v.Value); err != nil {
			return cv, configError(path, v.Line, key, "%q is not a duration; write it like 2s, 1m or 500ms", v.Value)
		}
	}
	return cv, nil
}

func kindWords(k kind) string {
	switch k {
	case kindBool:
		return "true or false"
	case kindInt:
		return "a whole number"
	case kindDuration:
		return "a duration like 2s"
	case kindList:
		return "a list"
	}
	return "a text value"
}

// parseKeys reads `keys:`, a mapping of binding name to a key or a list of keys.
func (cf *configFile) parseKeys(k, v *yaml.Node) error {
	cf.keysAt = k.Line
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		return configError(cf.path, v.Line, "keys", "must be a mapping of binding name to keys, e.g. kill: [X]")
	}
	known := map[string]bool{}
	for _, n := range keymap.Names() {
		known[n] = true
	}
	cf.keys = map[string][]string{}
	lines := map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		bk, bv := v.Content[i], v.Content[i+1]
		name := bk.Value
		key := "keys." + name
		if !known[name] {
			return configError(cf.path, bk.Line, key, "unknown key binding%s (known: %s)",
				suggestFrom(name, keymap.Names()), strings.Join(keymap.Names(), ", "))
		}
		if _, dup := cf.keys[name]; dup {
			return configError(cf.path, bk.Line, key, "set twice")
		}
		var list []string
		switch bv.Kind {
		case yaml.ScalarNode:
			if bv.Tag != "!!null" && bv.Value != "" {
				list = []string{bv.Value}
			}
		case yaml.SequenceNode:
			for _, item := range bv.Content {
				if item.Kind != yaml.ScalarNode || item.Tag == "!!null" || strings.TrimSpace(item.Value) == "" {
					return configError(cf.path, item.Line, key, "each key must be a key name like \"x\" or \"ctrl+k\", not %s", nodeKind(item))
				}
				list = append(list, item.Value)
			}
		default:
			return configError(cf.path, bv.Line, key, "must be a key or a list of keys, not %s", nodeKind(bv))
		}
		if len(list) == 0 {
			return configError(cf.path, bv.Line, key, "has no keys; give at least one, e.g. [\"x\"]")
		}
		cf.keys[name] = list
		lines[name] = bv.Line
	}
	// Check them the way they will be applied, together: a key taken from
	// another binding is fine when that one is rebound too.
	km := keymap.DefaultKeyMap()
	if err := km.Apply(cf.keys); err != nil {
		var ke *keymap.Error
		if errors.As(err, &ke) && lines[ke.Binding] > 0 {
			return configError(cf.path, lines[ke.Binding], "keys."+ke.Binding, "%v", err)
		}
		return configError(cf.path, cf.keysAt, "keys", "%v", err)
	}
	return nil
}

// suggest returns ` (did you mean "x"?)` for a near-miss of a setting name.
func suggest(key string) string {
	names := []string{"keys"}
	for _, o := range options {
		if !o.noConfig {
			names = append(names, o.configKey())
		}
	}
	s := suggestFrom(strings.ReplaceAll(key, "-", "_"), names)
	if s == "" {
		sort.Strings(names)
		return "; the settings are: " + strings.Join(names, ", ")
	}
	return s
}

func suggestFrom(key string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(strings.ToLower(key), n); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// configPath resolves a path written in the config file: ~ is the home
// directory, and a relative path is relative to the file's directory.
func configPath(cfgFile, home, p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		return filepath.Join(home, strings.TrimPrefix(p, "~"))
	}
	if !filepath.IsAbs(p) {
		return filepath.Join(filepath.Dir(cfgFile), p)
	}
	return p
}
