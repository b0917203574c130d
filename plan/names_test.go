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
		// provider names an explicit provider with these inputs (region
		// aside), which regs naming it share; "" for one per region
		provider       string
		providerInputs pulumi.Map
	}
	assumed := pulumi.Map{"assumeRole": pulumi.Map{"roleArn": pulumi.String("arn:aws:iam::222233334444:role/deploy")}}
	cluster := func(name, region string) reg {
		return reg{typ: "aws:eks/cluster:Cluster", name: name + "-cl", inputs: pulumi.Map{"name": pulumi.String("same")}, region: region}
	}
	role := func(name, region string) reg {
		return reg{typ: "aws:iam/role:Role", name: name, inputs: pulumi.Map{"name": pulumi.String("AWSEKSNodeRole")}, region: region}
	}
	group := func(name, clusterName string) reg {
		return reg{typ: "aws:eks/nodeGroup:NodeGroup", name: name, inputs: pulumi.Map{"nodeGroupName": pulumi.String("workers"), "clusterName": pulumi.String(clusterName)}}
	}
	addon := func(name, clusterName string) reg {
		return reg{typ: "aws:eks/addon:Addon", name: name, inputs: pulumi.Map{"addonName": pulumi.String("coredns"), "clusterName": pulumi.String(clusterName)}}
	}
	for _, tc := range []struct {
		name    string
		regs    []reg
		want    string // "" for none
		profile bool   // aws:profile in the stack's config
	}{
		{"two clusters named alike", []reg{cluster("a", ""), cluster("b", "")},
			`cluster a-cl, b-cl are each named "same" in us-east-1: AWS creates one and refuses the others, and pulumi up fails`, false},
		{"in two regions", []reg{cluster("a", ""), cluster("b", "eu-west-1")}, "", false},
		{"IAM roles in two regions", []reg{role("a", ""), role("b", "eu-west-1")},
			`IAM role a, b are each named "AWSEKSNodeRole" in the account (the name is global)`, false},
		{"node groups in one cluster", []reg{group("a", "x"), group("b", "x")},
			`node group a, b are each named "workers" in us-east-1, clusterName x`, false},
		{"node groups in two clusters", []reg{group("a", "x"), group("b", "y")}, "", false},
		// IAM compares role names without case
		{"IAM roles named alike but for case", []reg{role("a", ""), {typ: "aws:iam/role:Role", name: "b", inputs: pulumi.Map{"name": pulumi.String("awseksnoderole")}}},
			`IAM role a, b are each named "AWSEKSNodeRole" or "awseksnoderole"`, false},
		// another partition is another account
		{"IAM roles in two partitions", []reg{role("a", ""), role("b", "cn-north-1")}, "", false},
		// a provider with its own credentials may be another account
		{"IAM roles in another account", []reg{role("a", ""), {"aws:iam/role:Role", "b", pulumi.Map{"name": pulumi.String("AWSEKSNodeRole")}, "us-east-1", "other", assumed}}, "", false},
		// allowedAccountIds only checks the account: the default one here
		{"IAM roles, one through a provider that checks the account", []reg{role("a", ""),
			{typ: "aws:iam/role:Role", name: "b", inputs: pulumi.Map{"name": pulumi.String("AWSEKSNodeRole")}, region: "us-east-1", provider: "checked",
				providerInputs: pulumi.Map{"allowedAccountIds": pulumi.StringArray{pulumi.String("123456789012")}}}},
			`IAM role a, b are each named "AWSEKSNodeRole"`, false},
		{"IAM roles, one through another config file", []reg{role("a", ""),
			{typ: "aws:iam/role:Role", name: "b", inputs: pulumi.Map{"name": pulumi.String("AWSEKSNodeRole")}, region: "us-east-1", provider: "config",
				providerInputs: pulumi.Map{"sharedConfigFiles": pulumi.StringArray{pulumi.String("/other/config")}}}}, "", false},
		// explicit providers do not read the stack's aws:profile: they run on
		// the machine's credentials, maybe another account than the default
		// provider's, and the same as each other's
		{"IAM roles, the stack's provider with a profile", []reg{role("a", ""), role("b", "eu-west-1")}, "", true},
		{"IAM roles through two providers without one", []reg{role("a", "eu-west-1"), role("b", "eu-central-1")},
			`IAM role a, b are each named "AWSEKSNodeRole"`, true},
		{"IAM roles both in that account", []reg{
			{"aws:iam/role:Role", "a", pulumi.Map{"name": pulumi.String("AWSEKSNodeRole")}, "us-east-1", "other", assumed},
			{"aws:iam/role:Role", "b", pulumi.Map{"name": pulumi.String("AWSEKSNodeRole")}, "eu-west-1", "other", assumed}},
			`IAM role a, b are each named "AWSEKSNodeRole"`, false},
		{"two add-ons of one name on one cluster", []reg{addon("a", "x"), addon("b", "x")},
			`add-on a, b each have clusterName "x" and addonName "coredns" in us-east-1: AWS creates one and refuses the others`, false},
		{"add-ons of one name on two clusters", []reg{addon("a", "x"), addon("b", "y")}, "", false},
		{"empty names (no names: generated or refused)", []reg{{typ: "aws:eks/cluster:Cluster", name: "a", inputs: pulumi.Map{"name": pulumi.String("")}},
			{typ: "aws:eks/cluster:Cluster", name: "b", inputs: pulumi.Map{"name": pulumi.String("")}}}, "", false},
		{"names that are secret", []reg{{typ: "aws:eks/cluster:Cluster", name: "a", inputs: pulumi.Map{"name": pulumi.ToSecret(pulumi.String("same"))}},
			{typ: "aws:eks/cluster:Cluster", name: "b", inputs: pulumi.Map{"name": pulumi.ToSecret(pulumi.String("same"))}}}, "", false},
		{"a name not known yet", []reg{{typ: "aws:eks/cluster:Cluster", name: "a", inputs: pulumi.Map{}}, {typ: "aws:eks/cluster:Cluster", name: "b", inputs: pulumi.Map{}}}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			config := map[string]string{"aws:region": "us-east-1"}
			if tc.profile {
				config["aws:profile"] = "prod"
			}
			_, err := plan.Run(func(ctx *pulumi.Context) error {
				providers := map[string]*provider{}
				for _, r := range tc.regs {
					var opts []pulumi.ResourceOption
					if r.region != "" {
						name := r.provider
						if name == "" {
							name = "p-" + r.name
						}
						p, ok := providers[name]
						if !ok {
							p = &provider{}
							inputs := pulumi.Map{"region": pulumi.String(r.region)}
							for k, v := range r.providerInputs {
								inputs[k] = v
							}
							if err := ctx.RegisterResource("pulumi:providers:aws", name, inputs, p); err != nil {
								return err
							}
							providers[name] = p
						}
						opts = append(opts, pulumi.Provider(p))
					}
					var c custom
					if err := ctx.RegisterResource(r.typ, r.name, r.inputs, &c, opts...); err != nil {
						return err
					}
				}
				return nil
			}, plan.Options{Project: "p", Stack: "s", Config: config})
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("%v, want %q", err, tc.want)
			}
		})
	}
}
