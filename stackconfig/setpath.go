package stackconfig

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ekskit/ekskit/components/spec"
)

// SetPath sets one value in a flat config the way `pulumi config set --path`
// does: path is "<namespace>:<key>" optionally followed by ".field" steps,
// a key with a dot in brackets (ekskit:nodeGroups.simple-bank.desiredSize,
// ekskit:nodeGroups.a.labels["kubernetes.io/role"]: the syntax problems
// are reported in); missing objects on the way are created. A top-level
// string is stored as is, anything else as JSON. flat is changed in place.
func SetPath(flat map[string]string, path string, value any) error {
	keys, err := spec.Path(path).Keys()
	if err != nil {
		return err
	}
	top, parts := keys[0], keys[1:]
	if !strings.Contains(top, ":") || strings.HasPrefix(top, ":") {
		return fmt.Errorf("%s: want <namespace>:<key>[.field...]", path)
	}
	if len(parts) == 0 {
		if s, ok := value.(string); ok {
			flat[top] = s
			return nil
		}
		b, err := json.Marshal(value)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		flat[top] = string(b)
		return nil
	}
	obj := map[string]any{}
	if cur, ok := flat[top]; ok {
		if err := json.Unmarshal([]byte(cur), &obj); err != nil {
			return fmt.Errorf("%s: %s is not an object", path, top)
		}
	}
	m := obj
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			if v, exists := m[p]; exists && v != nil {
				return fmt.Errorf("%s: %s is not an object", path, p)
			}
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = value
	b, err := json.Marshal(obj)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	flat[top] = string(b)
	return nil
}
