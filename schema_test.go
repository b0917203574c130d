package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// schemaDir holds the input-property trees of the package versions the
// resources run on, extracted from the packages themselves by
// conformance/pulumi-eks/schema.js (pulumi-eks's schema.json, pulumi-aws's
// type declarations) and checked by bash conformance/pulumi-eks/check.
var schemaDir = filepath.Join("conformance", "pulumi-eks", "schemas")

// noSchema are the types whose inputs the check does not cover: ekskit's
// own components (their inputs are not sent anywhere) and the kubernetes
// provider (configured by pulumi-eks alone, with one input).
var noSchema = []string{"ekskit:roles:Roles", "ekskit:controlplane:ControlPlane", "ekskit:nodegroup:NodeGroup",
	"pulumi:providers:kubernetes"}

// TestInputsInSchema: every input of every planned resource, what the
// transforms add to pulumi-eks's children included, is a property of its
// type in the schema of the package version that handles it (the version
// the resource is registered with, which picks the provider). pulumi-aws
// rejects an unknown key ("Invalid or unknown key"), so this is the check
// that a preview would fail for.
func TestInputsInSchema(t *testing.T) {
	schemas := map[string]map[string]any{}
	load := func(pkg, version string) map[string]any {
		key := pkg + "-" + version
		if s, ok := schemas[key]; ok {
			return s
		}
		b, err := os.ReadFile(filepath.Join(schemaDir, key+".json"))
		if err != nil {
			t.Fatalf("no schema extract for %s %s (add the version to conformance/pulumi-eks/schema.js): %v", pkg, version, err)
		}
		var s map[string]any
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		schemas[key] = s
		return s
	}
	for _, stack := range stackNames(t) {
		t.Run(stack, func(t *testing.T) {
			doc := runStack(t, stack, loadStack(t, stack)).Document()
			checked := 0
			for _, r := range doc.Resources {
				if slices.Contains(noSchema, r.Type) {
					continue
				}
				pkg, _, _ := strings.Cut(r.Type, ":")
				if p, ok := strings.CutPrefix(r.Type, "pulumi:providers:"); ok {
					pkg = p
				}
				if r.Options.Version == "" {
					t.Errorf("%s: no package version, so no known schema", r.URN)
					continue
				}
				props, ok := load(pkg, r.Options.Version)[r.Type].(map[string]any)
				if !ok {
					t.Errorf("%s: %s %s has no type %s in the extract", r.URN, pkg, r.Options.Version, r.Type)
					continue
				}
				for _, p := range unknownKeys("", r.Inputs, props) {
					t.Errorf("%s (%s %s): input %s is not in the schema", r.Name, pkg, r.Options.Version, p)
				}
				checked++
			}
			if checked < 10 {
				t.Errorf("only %d resources checked", checked)
			}
		})
	}
}

// unknownKeys lists the paths of v's object keys that the schema tree does
// not have. A tree maps each property to its nested properties; "*" stands
// for any map key; lists are transparent.
func unknownKeys(path string, v any, tree map[string]any) []string {
	var out []string
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			out = append(out, unknownKeys(path, e, tree)...)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			p := k
			if path != "" {
				p = path + "." + k
			}
			sub, ok := tree[k].(map[string]any)
			if !ok {
				sub, ok = tree["*"].(map[string]any)
			}
			if !ok {
				out = append(out, p)
				continue
			}
			out = append(out, unknownKeys(p, v[k], sub)...)
		}
	}
	return out
}

func TestUnknownKeys(t *testing.T) {
	tree := map[string]any{"vpcConfig": map[string]any{"subnetIds": map[string]any{}},
		"tags": map[string]any{"*": map[string]any{}}, "taints": map[string]any{"key": map[string]any{}}}
	v := map[string]any{"vpcConfig": map[string]any{"subnetIds": []any{"a"}, "vpcId": "x"},
		"tags": map[string]any{"any": "thing"}, "taints": []any{map[string]any{"key": "k", "effect": "e"}},
		"upgradePolicy": map[string]any{"supportType": "STANDARD"}}
	got := fmt.Sprint(unknownKeys("", v, tree))
	if want := "[taints.effect upgradePolicy vpcConfig.vpcId]"; got != want {
		t.Errorf("unknownKeys = %s, want %s", got, want)
	}
}
