package main

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/plan"
)

// TestDefaultTagsReachTaggedResources: the stack's aws:defaultTags reach
// every resource of a type that takes tags, pulumi-eks's children
// included, as pulumi-aws's Check applies them; the types without tags
// (policy attachments, security group rules, access policy associations)
// get none.
func TestDefaultTagsReachTaggedResources(t *testing.T) {
	cfg := loadStack(t, "prod")
	cfg["aws:defaultTags"] = `{"tags":{"cost-center":"42"}}`
	g := runStack(t, "prod", cfg)
	want := map[string]string{"cost-center": "42"}
	untagged := map[string]bool{"aws:iam/rolePolicyAttachment:RolePolicyAttachment": true,
		"aws:ec2/securityGroupRule:SecurityGroupRule": true, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": true}
	seen := map[string]int{}
	for _, r := range g.Resources {
		if !r.Custom || !strings.HasPrefix(r.Type, "aws:") {
			if r.DefaultTags != nil {
				t.Errorf("%s %s is no aws resource and has default tags %v", r.Type, r.Name, r.DefaultTags)
			}
			continue
		}
		seen[r.Type]++
		if got, tagged := r.DefaultTags, !untagged[r.Type]; tagged && !reflect.DeepEqual(got, want) || !tagged && got != nil {
			t.Errorf("%s %s: default tags %v", r.Type, r.Name, got)
		}
	}
	// prod has each kind: the test covers them all
	for _, typ := range []string{"aws:eks/cluster:Cluster", "aws:ec2/securityGroup:SecurityGroup", "aws:kms/key:Key",
		"aws:eks/accessEntry:AccessEntry", "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"} {
		if seen[typ] == 0 {
			t.Errorf("prod has no %s", typ)
		}
	}
}

// TestExplicitProviderDefaultTags: resources through an explicit aws
// provider get its defaultTags, not the stack's aws:defaultTags (which
// only the default provider reads).
func TestExplicitProviderDefaultTags(t *testing.T) {
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		p, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1"),
			DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{"owner": pulumi.String("eu-team")}}})
		if err != nil {
			return err
		}
		if _, err := roles.New(ctx, "eu", &roles.Args{}, pulumi.Provider(p)); err != nil {
			return err
		}
		_, err = roles.New(ctx, "us", &roles.Args{})
		return err
	}, plan.Options{Project: "p", Stack: "s", Config: map[string]string{"aws:region": "us-east-1",
		"aws:defaultTags": `{"tags":{"cost-center":"42"}}`}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range g.Find("aws:iam/role:Role") {
		want := map[string]string{"cost-center": "42"}
		if strings.HasPrefix(r.Name, "eu-") {
			want = map[string]string{"owner": "eu-team"}
		}
		if !reflect.DeepEqual(r.DefaultTags, want) {
			t.Errorf("role %s: default tags %v, want %v", r.Name, r.DefaultTags, want)
		}
	}
}

// TestPlanDiffDefaultTags: a new aws:defaultTags updates every tagged
// resource in place, and nothing else: pulumi up adds the tags.
func TestPlanDiffDefaultTags(t *testing.T) {
	base := saveBase(t, planJSON(t, "--stack", "dev"))
	var out, errOut bytes.Buffer
	code := runPlan([]string{"--stack", "dev", "--diff", base, "--set", `aws:defaultTags={"tags":{"team":"platform"}}`}, &out, &errOut)
	for _, want := range []string{
		// its tags: {} is no tags to pulumi-aws, which leaves empty tags out
		" ~  IAM role eks-node will be updated in place (tags)\n        tags: (none) => {\"team\":\"platform\"}",
		" ~  cluster eks-eksCluster will be updated in place (tags.team)",
		" ~  node group simple-bank will be updated in place (tags)",
		// dev's 10 tagged resources; its 16 others (policy attachments,
		// security group rules, the components, the kubernetes providers) have no tags
		"Resources: 0 to create, 10 to update, 0 to replace, 0 to delete, 16 unchanged",
	} {
		if code != exitOK || !strings.Contains(out.String(), want) {
			t.Errorf("exit %d, diff lacks %q:\n%s%s", code, want, out.String(), errOut.String())
		}
	}
}

// TestProviderDefaultTagsNotKnownYet: an explicit provider's default tags
// taken from outputs (unknown at preview) or secrets plan, as pulumi-aws
// takes them: a value unknown or secret is kept as such, tags unknown or
// secret as a whole are {Unknown: Unknown} or {Secret: Secret}.
func TestProviderDefaultTagsNotKnownYet(t *testing.T) {
	for name, tc := range map[string]struct {
		tags func(owner *roles.Roles) pulumi.StringMapInput
		want map[string]string
	}{
		"an unknown value": {func(o *roles.Roles) pulumi.StringMapInput { return pulumi.StringMap{"owner": o.NodeRoleARN} },
			map[string]string{"owner": plan.Unknown}},
		"a secret value": {func(*roles.Roles) pulumi.StringMapInput {
			return pulumi.StringMap{"owner": pulumi.ToSecret(pulumi.String("x")).(pulumi.StringOutput)}
		}, map[string]string{"owner": plan.Secret}},
		"secret as a whole": {func(*roles.Roles) pulumi.StringMapInput {
			return pulumi.ToSecret(pulumi.StringMap{"owner": pulumi.String("x")}).(pulumi.StringMapOutput)
		}, map[string]string{plan.Secret: plan.Secret}},
		"unknown as a whole": {func(o *roles.Roles) pulumi.StringMapInput {
			return o.NodeRoleARN.ApplyT(func(arn string) map[string]string { return map[string]string{"owner": arn} }).(pulumi.StringMapOutput)
		}, map[string]string{plan.Unknown: plan.Unknown}},
	} {
		g, err := plan.Run(func(ctx *pulumi.Context) error {
			owner, err := roles.New(ctx, "owner", &roles.Args{})
			if err != nil {
				return err
			}
			p, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1"),
				DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: tc.tags(owner)}})
			if err != nil {
				return err
			}
			_, err = roles.New(ctx, "eu", &roles.Args{}, pulumi.Provider(p))
			return err
		}, plan.Options{Project: "p", Stack: "s", Preview: true, Config: map[string]string{"aws:region": "us-east-1"}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var eu int
		for _, r := range g.Find("aws:iam/role:Role") {
			if !strings.HasPrefix(r.Name, "eu-") {
				continue
			}
			eu++
			if !reflect.DeepEqual(r.DefaultTags, tc.want) {
				t.Errorf("%s: role %s: default tags %v, want %v", name, r.Name, r.DefaultTags, tc.want)
			}
		}
		if eu != 2 {
			t.Errorf("%s: %d roles through the provider, want 2", name, eu)
		}
	}
}
