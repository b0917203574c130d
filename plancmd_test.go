package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ekskit/ekskit/plan"
)

func TestPlanCommand(t *testing.T) {
	for _, stack := range stackNames(t) {
		var out, errOut bytes.Buffer
		if code := runPlan([]string{"--stack", stack, "--json"}, &out, &errOut); code != exitOK {
			t.Fatalf("%s: exit %d: %s", stack, code, errOut.String())
		}
		doc, err := plan.DecodeDocument(&out)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Stack != stack || len(doc.Resources) < 10 {
			t.Errorf("%s: stack %q, %d resources", stack, doc.Stack, len(doc.Resources))
		}
		for _, r := range doc.Resources {
			if r.Type == "aws:iam/role:Role" && r.Inputs["arn"] != nil {
				t.Errorf("%s: a role ARN is known before apply", r.URN)
			}
		}
	}
}

func TestPlanSet(t *testing.T) {
	// with the namespace, and without it (the project's, as pulumi config set)
	for _, set := range []string{"ekskit:nodeGroups.simple-bank.desiredSize=2", "nodeGroups.simple-bank.desiredSize=2"} {
		var out, errOut bytes.Buffer
		if code := runPlan([]string{"--stack", "dev", "--json", "--set", set}, &out, &errOut); code != exitOK {
			t.Fatalf("%s: exit %d: %s", set, code, errOut.String())
		}
		doc, err := plan.DecodeDocument(&out)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Resources {
			if r.Type == "aws:eks/nodeGroup:NodeGroup" {
				if got := r.Inputs["scalingConfig"].(map[string]any)["desiredSize"]; got != 2.0 {
					t.Errorf("%s: desiredSize = %v, want 2", set, got)
				}
			}
		}
	}
}

// TestPlanSetKeyWithDots: a label key with dots is set in brackets, and a
// problem with it is reported at that same path, which --set takes back.
func TestPlanSetKeyWithDots(t *testing.T) {
	path := `nodeGroups.simple-bank.labels["example.com/tier"]`
	var out, errOut bytes.Buffer
	if code := runPlan([]string{"--stack", "dev", "--json", "--set", path + "=web"}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), `"example.com/tier": "web"`) {
		t.Errorf("the label is not on the node group:\n%s", out.String())
	}
	out.Reset()
	reserved := `nodeGroups.simple-bank.labels["kubernetes.io/role"]`
	if code := runPlan([]string{"--stack", "dev", "--set", reserved + "=x"}, &out, &errOut); code != exitUsage ||
		!strings.Contains(errOut.String(), "ekskit:"+reserved+`: "kubernetes.io/role": the prefix kubernetes.io/ is reserved`) {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
}

func TestPlanRejects(t *testing.T) {
	for name, args := range map[string][]string{
		"two problems": {"--stack", "dev", "--set", "ekskit:nodeGroups.simple-bank.desiredSize=9", "--set", "ekskit:cluster.endpointAccess=open"},
		"no stack":     {},
		"bad set":      {"--stack", "dev", "--set", "nonsense"},
		"no file":      {"--stack", "nope"},
		"null cluster": {"--stack", "dev", "--set", "cluster=null"},
		"groups list":  {"--stack", "dev", "--set", "nodeGroups=[1, 2]"},
		"odd taint":    {"--stack", "dev", "--set", "nodeGroups.simple-bank.taints=[{effect: 3}, null, x]"},
		"empty set":    {"--stack", "dev", "--set", ""},
		"no path":      {"--stack", "dev", "--set", "=1"},
		"empty step":   {"--stack", "dev", "--set", "cluster..name=x"},
		"bad yaml":     {"--stack", "dev", "--set", "cluster.name=[x"},
		"extra arg":    {"--stack", "dev", "extra"},
		"both sources": {"--stack", "dev", "--config-file", "stacks/Pulumi.dev.yaml"},
	} {
		var out, errOut bytes.Buffer
		if code := runPlan(args, &out, &errOut); code != exitInvalid {
			t.Errorf("%s: exit %d, want %d", name, code, exitInvalid)
		}
		if out.Len() != 0 {
			t.Errorf("%s: planned despite the error: %s", name, out.String())
		}
		if name == "two problems" {
			for _, key := range []string{"ekskit:nodeGroups.simple-bank.desiredSize", "ekskit:cluster.endpointAccess"} {
				if !strings.Contains(errOut.String(), key) {
					t.Errorf("stderr does not name %s: %s", key, errOut.String())
				}
			}
		}
	}
}

func TestPlanTree(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := runPlan([]string{"--stack", "prod"}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"eks:index:Cluster", "create [protected]", "[protected; retained on delete]",
		"ignores scalingConfig.desiredSize", "Offline answers", "to create"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("tree lacks %q", want)
		}
	}
}
