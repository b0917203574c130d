package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/ekskit/ekskit/components/spec"
)

// SetPath sets one value in a flat config the way `pulumi config set --path`
// does: path is "<namespace>:<key>" optionally followed by ".field" steps,
// keys with a dot in brackets and list indexes
// (ekskit:nodeGroups.simple-bank.desiredSize,
// ekskit:nodeGroups.a.labels["kubernetes.io/role"],
// ekskit:nodeGroups.a.instanceTypes[0]: the syntax problems are reported
// in). Missing objects and lists on the way are created; an index may be
// that of an element or one past the last (which appends). A top-level
// string is stored as is, anything else as JSON; a value JSON cannot hold
// (a map with keys that are not strings, an infinite number) is an error.
// flat is changed in place.
func SetPath(flat map[string]string, path string, value any) error {
	steps, err := spec.Path(path).Steps()
	if err != nil {
		return err
	}
	if err := storable(value); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	top := steps[0].Key
	if !strings.Contains(top, ":") || strings.HasPrefix(top, ":") {
		return fmt.Errorf("%s: want <namespace>:<key>[.field...]", path)
	}
	if s, ok := value.(string); ok && len(steps) == 1 {
		flat[top] = s
		return nil
	}
	var cur any
	if old, ok := flat[top]; ok && len(steps) > 1 {
		if err := json.Unmarshal([]byte(old), &cur); err != nil {
			return fmt.Errorf("%s: %s holds no object or list: %q", path, top, old)
		}
	}
	next, err := setIn(cur, steps[1:], value, spec.Path(top))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	b, err := json.Marshal(next)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	flat[top] = string(b)
	return nil
}

// setIn returns cur (a decoded JSON value, nil when absent) with value set
// at steps below it; at is cur's path, for errors.
func setIn(cur any, steps []spec.Step, value any, at spec.Path) (any, error) {
	if len(steps) == 0 {
		return value, nil
	}
	st, rest := steps[0], steps[1:]
	if !st.IsIndex {
		m, ok := cur.(map[string]any)
		switch {
		case cur == nil:
			m = map[string]any{}
		case !ok:
			return nil, fmt.Errorf("%s is not an object", at)
		}
		v, err := setIn(m[st.Key], rest, value, at.Key(st.Key))
		m[st.Key] = v
		return m, err
	}
	l, ok := cur.([]any)
	if cur != nil && !ok {
		return nil, fmt.Errorf("%s is not a list", at)
	}
	switch {
	case st.Index > len(l):
		return nil, fmt.Errorf("%s has %d element(s): the index is at most %d (to append)", at, len(l), len(l))
	case st.Index == len(l):
		l = append(l, nil)
	}
	v, err := setIn(l[st.Index], rest, value, at.Index(st.Index))
	l[st.Index] = v
	return l, err
}

// storable reports a value (as YAML decodes it) that a stack config, JSON,
// cannot hold.
func storable(v any) error {
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			if err := storable(e); err != nil {
				return err
			}
		}
	case map[any]any:
		return errors.New("map keys must be strings (quote them)")
	case []any:
		for _, e := range v {
			if err := storable(e); err != nil {
				return err
			}
		}
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return fmt.Errorf("%v is not a number a config can hold", v)
		}
	}
	return nil
}
