package plan_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ekskit/ekskit/plan"
)

func TestStackName(t *testing.T) {
	p, err := plan.LoadProject("../Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.StackName(p.StackPath("dev")); got != "dev" {
		t.Errorf("StackName(StackPath(dev)) = %q", got)
	}
	for path, want := range map[string]string{
		"testdata/bench/Pulumi.groups100.yaml": "groups100",
		"Pulumi.eu.prod.yml":                   "eu.prod",
	} {
		if got := plan.StackName(path); got != want {
			t.Errorf("StackName(%s) = %q, want %q", path, got, want)
		}
	}
}

// TestLoadStackProjectDefaults: LoadStack applies Pulumi.yaml's config
// as pulumi preview and up do before the program runs (checked against
// Pulumi's own code by conformance/pulumi-config): a declared default fills
// a key the stack leaves out (text for a string, number or bool, JSON
// otherwise), as does a value given to another namespace's key, never one
// the stack sets; Missing names the keys of the project's namespace with no
// default that the stack does not set, in the clear or secure.
func TestLoadStackProjectDefaults(t *testing.T) {
	const project = `name: proj
runtime: go
config:
  needed:
    type: object
  opts:
    type: object
    default: {}
  tier:
    type: string
    default: small
  count:
    type: integer
    default: 3
  aws:region:
    value: us-west-2
`
	for _, tc := range []struct {
		name, stack string
		want        map[string]string
		missing     []string
	}{
		{"defaults fill what the stack leaves out", "config:\n  proj:needed: {a: 1}\n",
			map[string]string{"proj:needed": `{"a":1}`, "proj:opts": "{}", "proj:tier": "small", "proj:count": "3", "aws:region": "us-west-2"}, nil},
		{"the stack's values win", "config:\n  proj:needed: {}\n  proj:opts: {b: true}\n  proj:tier: large\n  aws:region: eu-west-1\n",
			map[string]string{"proj:needed": "{}", "proj:opts": `{"b":true}`, "proj:tier": "large", "proj:count": "3", "aws:region": "eu-west-1"}, nil},
		{"a key of the project's with no default", "config:\n  proj:tier: large\n",
			map[string]string{"proj:opts": "{}", "proj:tier": "large", "proj:count": "3", "aws:region": "us-west-2"}, []string{"proj:needed"}},
		// a secure value sets it, though it cannot be read offline
		{"set with a secure value", "config:\n  proj:needed:\n    secure: AAABAHx0ZXN0\n",
			map[string]string{"proj:opts": "{}", "proj:tier": "small", "proj:count": "3", "aws:region": "us-west-2"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, file := loadStack(t, project, tc.stack)
			if !maps.Equal(file.Config, tc.want) {
				t.Errorf("config %v, want %v", file.Config, tc.want)
			}
			if missing := p.Missing(file.Config, file.Secure); !slices.Equal(missing, tc.missing) {
				t.Errorf("missing %q, want %q", missing, tc.missing)
			}
		})
	}
}

// TestLoadStackEnvironments: LoadStack says the ESC environments a stack
// file imports, in order, and, for a file that imports none, none, not
// nil (rules.Input.Environments: not known), beside the file's config and
// secure keys from the same read.
func TestLoadStackEnvironments(t *testing.T) {
	for _, tc := range []struct {
		name, stack string
		want        []string
	}{
		{"none", "config:\n  proj:tier: large\n", []string{}},
		{"two", "environment:\n  - team/aws\n  - team/base\nconfig:\n  proj:tier: large\n", []string{"team/aws", "team/base"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, file := loadStack(t, "name: proj\nruntime: go\n", tc.stack+"  proj:key:\n    secure: AAABAHx0ZXN0\n")
			if file.Environments == nil || !slices.Equal(file.Environments, tc.want) {
				t.Errorf("environments %#v, want %#v", file.Environments, tc.want)
			}
			if want := map[string]string{"proj:tier": "large"}; !maps.Equal(file.Config, want) {
				t.Errorf("config %v, want %v", file.Config, want)
			}
			if want := []string{"proj:key"}; !slices.Equal(file.Secure, want) {
				t.Errorf("secure %q, want %q", file.Secure, want)
			}
		})
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// loadStack loads the stack file stack of the project file project, both
// written to a temporary directory.
func loadStack(t *testing.T, project, stack string) (plan.Project, plan.StackFile) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "Pulumi.yaml"), project)
	writeFile(t, filepath.Join(dir, "Pulumi.s.yaml"), stack)
	p, err := plan.LoadProject(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	file, err := p.LoadStack(filepath.Join(dir, "Pulumi.s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return p, file
}
