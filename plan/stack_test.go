package plan_test

import (
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
