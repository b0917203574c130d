package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/internal/golden"
)

var conformanceDir = filepath.Join("..", "conformance", "pulumi-eks")

// harnessCase is a case file of conformance/pulumi-eks (written by the
// program's TestConformanceCases).
type harnessCase struct {
	Project, Stack, URN, Name string
	Cloud                     struct{ Partition, Region, AccountID string }
	Inputs                    map[string]any
	InputDependencies         map[string][]string
	Options                   struct{ Protect bool }
	References                map[string]struct {
		Type, Name string
		Outputs    map[string]any
	}
	Providers map[string]struct {
		URN    string
		Inputs map[string]any
	}
}

// recording is what the real pulumi-eks JavaScript registered for a case.
type recording struct {
	Resources []struct {
		URN, Type, Name, Parent, Provider, Version string
		Custom                                     bool
		Inputs                                     map[string]any
		Dependencies                               []string
		PropertyDependencies                       map[string][]string
		Options                                    map[string]any
	}
	Invokes []struct{ Token, Provider, Version string }
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// fromPlain turns a plan's plain value back into a property value:
// [Unknown] is unknown, a URN of a known resource a reference to it.
func fromPlain(v any, refs map[string]bool) resource.PropertyValue {
	switch v := v.(type) {
	case string:
		if v == Unknown {
			return unknown()
		}
		if refs[v] {
			return resource.NewProperty(resource.ResourceReference{URN: resource.URN(v)})
		}
	case map[string]any:
		m := resource.PropertyMap{}
		for k, e := range v {
			m[resource.PropertyKey(k)] = fromPlain(e, refs)
		}
		return resource.NewProperty(m)
	case []any:
		a := make([]resource.PropertyValue, len(v))
		for i, e := range v {
			a[i] = fromPlain(e, refs)
		}
		return resource.NewProperty(a)
	}
	return resource.NewPropertyValue(v)
}

// TestPulumiEKSModel holds the model of pulumi-eks (pulumieks.go) to what
// pulumi-eks v2.8.1's own JavaScript registers for the same component
// inputs, recorded by conformance/pulumi-eks: every resource with its type,
// name, parent, provider, package version, inputs, dependencies and
// options, and the invokes it makes.
func TestPulumiEKSModel(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(conformanceDir, "cases", "*.json"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no conformance cases: %v", err)
	}
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			var c harnessCase
			readJSON(t, path, &c)
			var rec recording
			readJSON(t, filepath.Join(conformanceDir, "recordings", name+".json"), &rec)

			refs := map[string]bool{}
			for u := range c.References {
				refs[u] = true
			}
			cloud := DefaultCloud()
			cloud.Partition, cloud.Region, cloud.AccountID = c.Cloud.Partition, c.Cloud.Region, c.Cloud.AccountID
			m := &monitor{cloud: cloud, stackAWS: awsSettings{region: c.Cloud.Region, partition: c.Cloud.Partition, source: "config"}, preview: true, project: c.Project, stack: c.Stack,
				byURN: map[string]Resource{}, transforms: map[string][]pulumi.ResourceTransform{}, providers: map[string]awsSettings{}}
			for u, r := range c.References {
				m.byURN[u] = Resource{URN: u, Type: r.Type, Name: r.Name, Custom: true,
					Outputs: fromPlain(r.Outputs, nil).ObjectValue()}
			}
			cl := Resource{URN: c.URN, Type: eksClusterType, Name: c.Name, Remote: true,
				Inputs:               fromPlain(c.Inputs, refs).ObjectValue(),
				PropertyDependencies: c.InputDependencies,
				Options:              ResourceOptions{Version: PulumiEKSVersion, Protect: c.Options.Protect}}
			for pkg, p := range c.Providers {
				cl.Options.Providers = map[string]string{pkg: p.URN + "::" + plugin.UnknownStringValue}
				m.providers[p.URN] = explicitAWS(resource.URN(p.URN).Name(), p.Inputs["region"].(string))
			}
			children, invokes, err := m.construct(cl)
			if err != nil {
				t.Fatal(err)
			}

			got := map[string]any{}
			for _, r := range (&Graph{Resources: children}).Document().Resources {
				got[r.URN] = comparable(r.Type, r.Name, r.Parent, r.Custom, r.Options.Provider, r.Options.Version,
					r.Inputs, r.Dependencies, r.PropertyDependencies, optionMap(r.Options))
			}
			want := map[string]any{}
			for _, r := range rec.Resources {
				if r.URN == c.URN { // the component itself: the program's registration
					continue
				}
				want[r.URN] = comparable(r.Type, r.Name, r.Parent, r.Custom, r.Provider, r.Version,
					r.Inputs, r.Dependencies, r.PropertyDependencies, r.Options)
			}
			for _, u := range slices.Sorted(mapsKeys(got, want)) {
				if d := golden.Diff(want[u], got[u]); d != "" {
					t.Errorf("%s (want: pulumi-eks, got: the model):\n%s", u, d)
				}
			}
			var gotInv, wantInv []string
			for _, inv := range invokes {
				gotInv = append(gotInv, inv.Token+" "+inv.Provider+" "+inv.Version)
			}
			for _, inv := range rec.Invokes {
				wantInv = append(wantInv, inv.Token+" "+inv.Provider+" "+inv.Version)
			}
			slices.Sort(gotInv)
			slices.Sort(wantInv)
			if !slices.Equal(gotInv, wantInv) {
				t.Errorf("invokes:\nmodel      %q\npulumi-eks %q", gotInv, wantInv)
			}
		})
	}
}

// comparable is a registration as JSON values, empty lists and maps dropped,
// so a model's and a recording's compare by meaning.
func comparable(typ, name, parent string, custom bool, provider, version string, inputs map[string]any,
	deps []string, propDeps map[string][]string, opts map[string]any) any {
	pd := map[string]any{}
	for k, v := range propDeps {
		if len(v) > 0 {
			pd[k] = slices.Sorted(slices.Values(v))
		}
	}
	o := map[string]any{}
	for k, v := range opts {
		if k == "version" || k == "provider" || v == false || v == nil {
			continue
		}
		o[k] = v
	}
	b, _ := json.Marshal(map[string]any{"type": typ, "name": name, "parent": parent, "custom": custom,
		"provider": provider, "version": version, "inputs": inputs,
		"dependencies": slices.Sorted(slices.Values(deps)), "propertyDependencies": pd, "options": o})
	var v any
	_ = json.Unmarshal(b, &v)
	return v
}

func mapsKeys(a, b map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range union(a, b) {
			if !yield(k) {
				return
			}
		}
	}
}
