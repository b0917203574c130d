package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// workflow is the part of a GitHub Actions workflow the tests read.
type workflow struct {
	Jobs map[string]struct {
		Strategy struct {
			Matrix struct {
				Stack any `yaml:"stack"`
			} `yaml:"matrix"`
		} `yaml:"strategy"`
		Uses string            `yaml:"uses"`
		With map[string]string `yaml:"with"`
	} `yaml:"jobs"`
}

func readWorkflow(t *testing.T, name string) workflow {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return w
}

// TestWorkflowStacks: the pull-request jobs run for every stack there is
// (stacks/Pulumi.<stack>.yaml), from ekskit stacks, so a new environment's
// stack file is planned with nothing else to change; the deploy jobs name
// exactly the stacks, in the order they go out.
func TestWorkflowStacks(t *testing.T) {
	want := stackNames(t)
	slices.Sort(want)
	preview := readWorkflow(t, "preview.yml")
	for _, job := range []string{"plan", "cloud"} {
		if m := preview.Jobs[job].Strategy.Matrix.Stack; m != "${{ fromJSON(needs.build.outputs.stacks) }}" {
			t.Errorf("preview.yml %s matrix %v, want the stacks ekskit stacks lists", job, m)
		}
	}
	var out, errOut bytes.Buffer
	if code := runStacks(nil, &out, &errOut); code != 0 || strings.TrimSpace(out.String()) != `["`+strings.Join(want, `","`)+`"]` {
		t.Errorf("ekskit stacks: exit %d, %q %s; want %v", code, out.String(), errOut.String(), want)
	}
	var deployed []string
	for name, job := range readWorkflow(t, "deploy.yml").Jobs {
		if job.Uses == "./.github/workflows/pulumi-up.yml" {
			if job.With["stack"] != name {
				t.Errorf("deploy.yml job %s deploys stack %q", name, job.With["stack"])
			}
			deployed = append(deployed, job.With["stack"])
		}
	}
	if slices.Sort(deployed); !slices.Equal(deployed, want) {
		t.Errorf("deploy.yml deploys %v, want the stacks %v", deployed, want)
	}
}
