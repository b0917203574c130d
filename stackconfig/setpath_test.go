package stackconfig

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

func TestSetPath(t *testing.T) {
	tests := []struct {
		name    string
		start   map[string]string
		path    string
		value   any
		key     string
		want    any // decoded JSON, or the raw string for top-level strings
		wantErr bool
	}{
		{"nested existing", map[string]string{KeyNodeGroups: `{"a":{"minSize":1,"desiredSize":1}}`},
			KeyNodeGroups + ".a.desiredSize", 2, KeyNodeGroups,
			map[string]any{"a": map[string]any{"minSize": float64(1), "desiredSize": float64(2)}}, false},
		{"creates objects", map[string]string{}, KeyNodeGroups + ".b.labels.tier", "web", KeyNodeGroups,
			map[string]any{"b": map[string]any{"labels": map[string]any{"tier": "web"}}}, false},
		{"key with dots", map[string]string{}, KeyNodeGroups + `.b.labels["kubernetes.io/role"]`, "web", KeyNodeGroups,
			map[string]any{"b": map[string]any{"labels": map[string]any{"kubernetes.io/role": "web"}}}, false},
		{"top-level string", map[string]string{}, "aws:region", "eu-west-1", "aws:region", "eu-west-1", false},
		{"top-level object", map[string]string{}, KeyRoles, map[string]any{"path": "/eks/"}, KeyRoles,
			map[string]any{"path": "/eks/"}, false},
		{"through a scalar", map[string]string{KeyCluster: `{"name":"x"}`}, KeyCluster + ".name.first", 1, "", nil, true},
		{"top not an object", map[string]string{KeyCluster: `[1]`}, KeyCluster + ".name", "x", "", nil, true},
		{"no namespace", map[string]string{}, "cluster.name", "x", "", nil, true},
		{"empty step", map[string]string{}, KeyCluster + "..name", "x", "", nil, true},
		{"empty last step", map[string]string{}, KeyCluster + ".name.", "x", "", nil, true},
		{"new list", map[string]string{}, KeyCluster + ".admins[0]", "x", KeyCluster,
			map[string]any{"admins": []any{"x"}}, false},
		{"list element", map[string]string{KeyNodeGroups: `{"a":{"instanceTypes":["t3.micro","t3.small"]}}`}, KeyNodeGroups + ".a.instanceTypes[1]", "m6i.large", KeyNodeGroups,
			map[string]any{"a": map[string]any{"instanceTypes": []any{"t3.micro", "m6i.large"}}}, false},
		{"appends", map[string]string{KeyNodeGroups: `{"a":{"taints":[{"key":"x","effect":"NO_SCHEDULE"}]}}`}, KeyNodeGroups + ".a.taints[1].key", "y", KeyNodeGroups,
			map[string]any{"a": map[string]any{"taints": []any{map[string]any{"key": "x", "effect": "NO_SCHEDULE"}, map[string]any{"key": "y"}}}}, false},
		{"field of an element", map[string]string{KeyNodeGroups: `{"a":{"taints":[{"key":"x","effect":"NoSchedule"}]}}`}, KeyNodeGroups + ".a.taints[0].effect", "NO_SCHEDULE", KeyNodeGroups,
			map[string]any{"a": map[string]any{"taints": []any{map[string]any{"key": "x", "effect": "NO_SCHEDULE"}}}}, false},
		{"map keys not strings", map[string]string{}, KeyCluster + ".tags", map[any]any{1: "a"}, "", nil, true},
		{"infinity in a list", map[string]string{}, KeyCluster + ".admins", []any{math.Inf(1)}, "", nil, true},
		{"index past the end", map[string]string{KeyCluster: `{"admins":["a"]}`}, KeyCluster + ".admins[2]", "x", "", nil, true},
		{"index into an object", map[string]string{KeyCluster: `{"name":"x"}`}, KeyCluster + "[0]", "x", "", nil, true},
		{"key into a list", map[string]string{KeyCluster: `{"admins":["a"]}`}, KeyCluster + ".admins.first", "x", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := SetPath(tt.start, tt.path, tt.value)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			var got any = tt.start[tt.key]
			if _, isStr := tt.want.(string); !isStr {
				if err := json.Unmarshal([]byte(tt.start[tt.key]), &got); err != nil {
					t.Fatal(err)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s = %#v, want %#v", tt.key, got, tt.want)
			}
		})
	}
}
