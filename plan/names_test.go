package plan_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/plan"
)

// TestSameNames: two resources that would take one physical name in AWS
// (a fixed name of one type, in one region, or in any for IAM, within the
// same cluster for node groups) fail the plan, as they fail pulumi up; in
// two regions, two clusters, or with a name not known yet, they do not.
func TestSameNames(t *testing.T) {
	type reg struct {
		typ, name string
		inputs    pulumi.Map
		region    string // "" for the default provider's (us-east-1)
	}
	cluster := func(name, region string) reg {
		return reg{"aws:eks/cluster:Cluster", name + "-cl", pulumi.Map{"name": pulumi.String("same")}, region}
	}
	role := func(name, region string) reg {
		return reg{"aws:iam/role:Role", name, pulumi.Map{"name": pulumi.String("AWSEKSNodeRole")}, region}
	}
	group := func(name, clusterName string) reg {
		return reg{"aws:eks/nodeGroup:NodeGroup", name, pulumi.Map{"nodeGroupName": pulumi.String("workers"), "clusterName": pulumi.String(clusterName)}, ""}
	}
	for _, tc := range []struct {
		name string
		regs []reg
		want string // "" for none
	}{
		{"two clusters named alike", []reg{cluster("a", ""), cluster("b", "")},
			`cluster a-cl, b-cl are each named "same" in us-east-1: AWS creates one and refuses the others, and pulumi up fails`},
		{"in two regions", []reg{cluster("a", ""), cluster("b", "eu-west-1")}, ""},
		{"IAM roles in two regions", []reg{role("a", ""), role("b", "eu-west-1")},
			`IAM role a, b are each named "AWSEKSNodeRole" in the account (the name is global)`},
		{"node groups in one cluster", []reg{group("a", "x"), group("b", "x")},
			`node group a, b are each named "workers" in us-east-1, clusterName x`},
		{"node groups in two clusters", []reg{group("a", "x"), group("b", "y")}, ""},
		{"a name not known yet", []reg{{"aws:eks/cluster:Cluster", "a", pulumi.Map{}, ""}, {"aws:eks/cluster:Cluster", "b", pulumi.Map{}, ""}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := plan.Run(func(ctx *pulumi.Context) error {
				for _, r := range tc.regs {
					var opts []pulumi.ResourceOption
					if r.region != "" {
						var p provider
						if err := ctx.RegisterResource("pulumi:providers:aws", "p-"+r.name, pulumi.Map{"region": pulumi.String(r.region)}, &p); err != nil {
							return err
						}
						opts = append(opts, pulumi.Provider(&p))
					}
					var c custom
					if err := ctx.RegisterResource(r.typ, r.name, r.inputs, &c, opts...); err != nil {
						return err
					}
				}
				return nil
			}, plan.Options{Project: "p", Stack: "s", Config: map[string]string{"aws:region": "us-east-1"}})
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("%v, want %q", err, tc.want)
			}
		})
	}
}
