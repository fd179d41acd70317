package actions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cfytop/cfytop/client"
)

// defaultText is how a declared default is shown in the form: a string
// default as its text, anything else as compact JSON, null as "".
func defaultText(p client.WorkflowParam) string {
	if !p.HasDefault() {
		return ""
	}
	raw := bytes.TrimSpace(p.Default)
	if bytes.Equal(raw, []byte("null")) {
		return ""
	}
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}

// parseParam turns the text typed for a parameter into the value sent,
// checking it against the declared type:
//   - integer: a whole number; float: any number; boolean: true or false;
//   - list: a JSON array; dict: a JSON object;
//   - string: the text as typed;
//   - undeclared or other types: JSON when the text is a JSON array or
//     object (or, for undeclared types, any JSON value), the text otherwise.
func parseParam(typ, text string) (any, error) {
	t := strings.TrimSpace(text)
	switch typ {
	case "integer":
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("must be a whole number, e.g. 3")
		}
		return n, nil
	case "float":
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || strings.ContainsAny(t, "xXpP_") || strings.EqualFold(t, "nan") || strings.Contains(strings.ToLower(t), "inf") {
			return nil, fmt.Errorf("must be a number, e.g. 1.5")
		}
		return f, nil
	case "boolean":
		switch strings.ToLower(t) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("must be true or false")
	case "list":
		var v []any
		if err := decodeJSON(t, &v); err != nil || v == nil {
			return nil, fmt.Errorf(`must be a JSON list, e.g. ["a", "b"]`)
		}
		return v, nil
	case "dict":
		var v map[string]any
		if err := decodeJSON(t, &v); err != nil || v == nil {
			return nil, fmt.Errorf(`must be a JSON object, e.g. {"key": "value"}`)
		}
		return v, nil
	case "string":
		return text, nil
	case "":
		var v any
		if t != "" && decodeJSON(t, &v) == nil {
			return v, nil
		}
		return text, nil
	}
	if strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{") {
		var v any
		if decodeJSON(t, &v) == nil {
			return v, nil
		}
	}
	return text, nil
}

// decodeJSON decodes exactly one JSON value, keeping numbers exact.
func decodeJSON(s string, v any) error {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing text after the JSON value")
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err == nil {
		return fmt.Errorf("trailing text after the JSON value")
	}
	return nil
}

// typeLabel is the type shown under the focused parameter: the declared
// one, or, when none is declared, in words how the text is read (see
// parseParam) — never a bare "any" that reads like a value.
func typeLabel(p client.WorkflowParam) string {
	switch {
	case p.Type == "list" && p.ItemType != "":
		return "list of " + p.ItemType
	case p.Type != "":
		return p.Type
	}
	return "no type declared: sent as JSON if it parses, else as text"
}

// parseCustom reads the custom parameters field: a JSON object.
func parseCustom(text string) (map[string]any, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return nil, nil
	}
	var v map[string]any
	if err := decodeJSON(t, &v); err != nil || v == nil {
		return nil, fmt.Errorf(`must be a JSON object, e.g. {"key": "value"}`)
	}
	return v, nil
}
