package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
		If      string            `yaml:"if"`
		Outputs map[string]string `yaml:"outputs"`
		Uses    string            `yaml:"uses"`
		With    map[string]string `yaml:"with"`
		Steps   []workflowStep    `yaml:"steps"`
	} `yaml:"jobs"`
}

// workflowStep is a step of a workflow's job or of a composite action, as
// the tests read it: the action it uses and its with:, or its run: text
// and the env: it gets (which [workflowStep.run] runs).
type workflowStep struct {
	ID   string            `yaml:"id"`
	Uses string            `yaml:"uses"`
	With map[string]string `yaml:"with"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
}

// readWorkflow reads .github/workflows/<name>.
func readWorkflow(t *testing.T, name string) workflow {
	t.Helper()
	var w workflow
	readYAML(t, filepath.Join(".github", "workflows", name), &w)
	return w
}

// readYAML decodes the YAML file at path into v; a failure fails t.
func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestWorkflowStacks: the pull-request jobs run for every stack there is
// (stacks/Pulumi.<stack>.yaml), from ekskit stacks, so a new environment's
// stack file is planned with nothing else to change, the cloud preview for
// those CLOUD_PREVIEW_STACKS lists as the build job checked it
// (TestCloudPreviewStacks runs the check), and not at all for none; the
// deploy jobs name exactly the stacks, in the order they go out.
func TestWorkflowStacks(t *testing.T) {
	want := stackNames(t)
	slices.Sort(want)
	preview := readWorkflow(t, "preview.yml")
	for job, want := range map[string]string{
		"plan":  "${{ fromJSON(needs.build.outputs.stacks) }}",
		"cloud": "${{ fromJSON(needs.build.outputs.cloud) }}",
	} {
		if m := preview.Jobs[job].Strategy.Matrix.Stack; m != want {
			t.Errorf("preview.yml %s matrix %v, want %s", job, m, want)
		}
	}
	for name, want := range map[string]string{
		"stacks": "${{ steps.stacks.outputs.stacks }}",
		"cloud":  "${{ steps.cloud.outputs.stacks }}",
	} {
		if got := preview.Jobs["build"].Outputs[name]; got != want {
			t.Errorf("preview.yml build job's output %s is %q, want %s", name, got, want)
		}
	}
	for name, want := range map[string]string{
		"CLOUD_PREVIEW_STACKS": "${{ vars.CLOUD_PREVIEW_STACKS }}",
		"STACKS":               "${{ steps.stacks.outputs.stacks }}",
	} {
		if got := findStep(t, "preview.yml", "build", "cloud").Env[name]; got != want {
			t.Errorf("preview.yml build job's step cloud gets %s=%q, want %s", name, got, want)
		}
	}
	// an empty matrix fails the job: no stack to preview skips it, which
	// preview-ok takes as it does a fork's
	if cond := preview.Jobs["cloud"].If; !strings.Contains(cond, "needs.build.outputs.cloud != '[]'") {
		t.Errorf("preview.yml cloud job runs if %q: want it skipped when needs.build.outputs.cloud is []", cond)
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

// TestActionsPinned: every action the workflows and the composite action
// use from another repository is pinned by its full commit SHA, which its
// owner cannot move as a tag can, with the release it is as a comment
// (`uses: actions/checkout@<sha> # v4.4.0`, the form Dependabot keeps
// current), and one action is pinned alike everywhere.
func TestActionsPinned(t *testing.T) {
	var files []string
	for _, pattern := range []string{"workflows/*.yml", "workflows/*.yaml", "actions/*/action.yml", "actions/*/action.yaml"} {
		matches, err := filepath.Glob(filepath.Join(".github", filepath.FromSlash(pattern)))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, matches...)
	}
	if len(files) < 2 {
		t.Fatalf("found only %v", files)
	}
	pinned := regexp.MustCompile(`^([\w.-]+/[\w.-]+(?:/[\w./-]+)?)@([0-9a-f]{40})$`)
	release := regexp.MustCompile(`^# v\d+\.\d+\.\d+$`)
	pins := map[string]string{} // action: its SHA and release, as first seen
	remote := 0
	for _, name := range files {
		var doc yaml.Node
		readYAML(t, name, &doc)
		for _, uses := range usesValues(&doc) {
			ref := uses.Value
			if strings.HasPrefix(ref, "./") {
				continue // this repository's own action or workflow
			}
			remote++
			at := fmt.Sprintf("%s:%d: uses: %s %s", name, uses.Line, ref, uses.LineComment)
			m := pinned.FindStringSubmatch(ref)
			if m == nil {
				t.Errorf("%s: not pinned by a full commit SHA (owner/repo@<40 hex digits>)", at)
				continue
			}
			if !release.MatchString(uses.LineComment) {
				t.Errorf("%s: the comment after the SHA must name its release, such as # v4.4.0", at)
				continue
			}
			pin := m[2] + " " + uses.LineComment
			if first, ok := pins[m[1]]; !ok {
				pins[m[1]] = pin
			} else if first != pin {
				t.Errorf("%s: %s is pinned as %s where it is first used", at, m[1], first)
			}
		}
	}
	if remote == 0 {
		t.Errorf("no action from another repository found in %v: the test reads nothing", files)
	}
}

// usesValues returns the values of every `uses:` key in a YAML document.
func usesValues(n *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k, v := n.Content[i], n.Content[i+1]; k.Value == "uses" && v.Kind == yaml.ScalarNode {
				out = append(out, v)
			}
		}
	}
	for _, c := range n.Content {
		out = append(out, usesValues(c)...)
	}
	return out
}

// TestPulumiJobsHaveGo: a job that runs pulumi preview or up has Go on the
// PATH before it: Pulumi's Go language host runs go list on go.mod in every
// preview and up, to find the program's plugins, and fails without a go
// binary even when Pulumi.yaml names a prebuilt one (pulumi-language-go,
// GetRequiredPackages: "couldn't find go binary"). GitHub's runners have Go
// in their tool cache only, not on the PATH.
func TestPulumiJobsHaveGo(t *testing.T) {
	// hasGo reports whether steps set Go up, themselves or through the
	// repository's composite action
	var hasGo func(s []workflowStep) bool
	hasGo = func(s []workflowStep) bool {
		for _, st := range s {
			switch {
			case strings.HasPrefix(st.Uses, "actions/setup-go@"):
				if st.With["go-version-file"] != "go.mod" {
					t.Errorf("actions/setup-go with %v: want go-version-file: go.mod, the Go ekskit is built with", st.With)
				}
				return true
			case strings.HasPrefix(st.Uses, "./.github/actions/"):
				var action struct {
					Runs struct {
						Steps []workflowStep `yaml:"steps"`
					} `yaml:"runs"`
				}
				readYAML(t, filepath.Join(st.Uses, "action.yml"), &action)
				if hasGo(action.Runs.Steps) {
					return true
				}
			}
		}
		return false
	}
	files, err := filepath.Glob(filepath.Join(".github", "workflows", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	runs := 0
	for _, name := range files {
		for job, j := range readWorkflow(t, filepath.Base(name)).Jobs {
			for i, st := range j.Steps {
				if !strings.HasPrefix(st.Uses, "pulumi/actions@") || st.With["command"] == "" {
					continue // the CLI's install alone runs no program
				}
				runs++
				if !hasGo(j.Steps[:i]) {
					t.Errorf("%s job %s runs pulumi %s with no Go set up before it", name, job, st.With["command"])
				}
			}
		}
	}
	if runs < 2 {
		t.Errorf("found %d pulumi preview or up steps, want the preview's and the deploy's", runs)
	}
}
