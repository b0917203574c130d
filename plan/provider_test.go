package plan_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/plan"
)

// TestExplicitProvider: a program that builds the roles and the control
// plane through an explicit aws provider gets, from the provider model,
// the look-ups and pulumi-eks, the partition, DNS suffix and region of that
// provider's region, as the aws provider would answer: the ARNs and
// endpoints the program computes from say arn:aws-cn: and amazonaws.com.cn
// for cn-north-1, in a stack whose aws:region is us-east-1. A provider
// passed with pulumi.Provider or in pulumi.Providers reaches the children
// and pulumi-eks alike; the default provider keeps the stack's.
func TestExplicitProvider(t *testing.T) {
	for _, tc := range []struct {
		name        string
		stackRegion string
		// provider is the explicit provider's region ("": the default
		// provider); inMap passes it with pulumi.Providers.
		provider string
		inMap    bool
		// what the provider answers in
		partition, region, dnsSuffix string
	}{
		{"default provider", "us-east-1", "", false, "aws", "us-east-1", "amazonaws.com"},
		{"default provider in aws-cn", "cn-northwest-1", "", false, "aws-cn", "cn-northwest-1", "amazonaws.com.cn"},
		// no aws:region: Cloud.Region, which the note says
		{"default provider, no aws:region", "", "", false, "aws", "us-east-1", "amazonaws.com"},
		{"explicit cn-north-1", "us-east-1", "cn-north-1", false, "aws-cn", "cn-north-1", "amazonaws.com.cn"},
		{"explicit cn-north-1 in the providers map", "us-east-1", "cn-north-1", true, "aws-cn", "cn-north-1", "amazonaws.com.cn"},
		{"explicit us-gov-west-1", "us-east-1", "us-gov-west-1", false, "aws-us-gov", "us-gov-west-1", "amazonaws.com"},
		{"explicit eu-west-1 in an aws-cn stack", "cn-north-1", "eu-west-1", true, "aws", "eu-west-1", "amazonaws.com"},
		// another region of the stack's partition: only the region changes
		{"explicit eu-west-1", "us-east-1", "eu-west-1", false, "aws", "eu-west-1", "amazonaws.com"},
		{"explicit eu-west-1 in the providers map", "us-east-1", "eu-west-1", true, "aws", "eu-west-1", "amazonaws.com"},
		// a region in no partition is in aws, the AWS SDK's fallback, not
		// in the stack's
		{"explicit region in no partition", "cn-north-1", "moon-base-1", false, "aws", "moon-base-1", "amazonaws.com"},
	} {
		for _, preview := range []bool{false, true} {
			name := tc.name
			if preview {
				name += ", preview"
			}
			t.Run(name, func(t *testing.T) {
				checkExplicitProvider(t, tc.stackRegion, tc.provider, tc.inMap, preview, tc.partition, tc.region, tc.dnsSuffix)
			})
		}
	}
}

func checkExplicitProvider(t *testing.T, stackRegion, providerRegion string, inMap, preview bool, partition, region, dnsSuffix string) {
	t.Helper()
	type look struct {
		partition, dnsSuffix, region, endpoint, callerARN string
	}
	var got look
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		var opts []pulumi.ResourceOption
		// the look-ups a program makes itself, through the provider
		var invokeOpts []pulumi.InvokeOption
		if providerRegion != "" {
			p, err := aws.NewProvider(ctx, "other", &aws.ProviderArgs{Region: pulumi.String(providerRegion)})
			if err != nil {
				return err
			}
			opts = append(opts, pulumi.Provider(p))
			if inMap {
				opts = []pulumi.ResourceOption{pulumi.Providers(p)}
			}
			invokeOpts = append(invokeOpts, pulumi.Provider(p))
		}
		pt, err := aws.GetPartition(ctx, nil, invokeOpts...)
		if err != nil {
			return err
		}
		rg, err := aws.GetRegion(ctx, nil, invokeOpts...)
		if err != nil {
			return err
		}
		id, err := aws.GetCallerIdentity(ctx, nil, invokeOpts...)
		if err != nil {
			return err
		}
		got = look{pt.Partition, pt.DnsSuffix, rg.Name, rg.Endpoint, id.Arn}

		r, err := roles.New(ctx, "demo", &roles.Args{}, opts...)
		if err != nil {
			return err
		}
		// an existing role read through the provider
		existing, err := iam.GetRole(ctx, "existing", pulumi.ID("AWSEKSClusterRole"), nil, opts...)
		if err != nil {
			return err
		}
		cp, err := controlplane.New(ctx, "demo", &controlplane.Args{Roles: r,
			Settings: controlplane.Settings{Name: "demo", SupportType: "STANDARD"}}, opts...)
		if err != nil {
			return err
		}
		for key, out := range map[string]pulumi.Output{"clusterRoleArn": r.ClusterRoleARN, "existingRoleArn": existing.Arn,
			"clusterArn": cp.ARN, "endpoint": cp.Endpoint, "oidcIssuer": cp.OIDCIssuer, "oidcProviderArn": cp.OIDCProviderARN} {
			ctx.Export(key, out)
		}
		return nil
	}, plan.Options{Project: "p", Stack: "s", Preview: preview, Config: map[string]string{"aws:region": stackRegion}})
	if err != nil {
		t.Fatal(err)
	}

	// the program's own look-ups
	want := look{partition, dnsSuffix, region, "ec2." + region + "." + dnsSuffix,
		"arn:" + partition + ":iam::123456789012:user/offline"}
	if got != want {
		t.Errorf("look-ups answered %+v, want %+v", got, want)
	}

	// every look-up, the components' (getPartition, the default VPC's)
	// included, went through the provider and was answered in its region
	seen := map[string]bool{}
	for _, inv := range g.Invokes {
		seen[inv.Token] = true
		if through := strings.Contains(inv.Provider, "::pulumi:providers:aws::other::"); through != (providerRegion != "") {
			t.Errorf("%s: provider %q", inv.Token, inv.Provider)
		}
		switch inv.Token {
		case "aws:ec2/getVpc:getVpc":
			if arn, _ := inv.Answer["arn"].(string); !strings.HasPrefix(arn, "arn:"+partition+":ec2:"+region+":123456789012:vpc/") {
				t.Errorf("getVpc answered ARN %s", arn)
			}
		case "aws:index/getRegion:getRegion":
			wantNote := "region from config"
			switch {
			case providerRegion != "":
				wantNote = "region from provider other"
			case stackRegion == "":
				wantNote = "region from Cloud.Region (aws:region is not set)"
			}
			if !strings.HasPrefix(inv.Note, wantNote) {
				t.Errorf("getRegion note %q, want %q", inv.Note, wantNote)
			}
		}
	}

	if !seen["aws:ec2/getVpc:getVpc"] || !seen["aws:ec2/getSubnets:getSubnets"] {
		t.Errorf("the control plane did not look up the default VPC: %v", seen)
	}

	// what the roles built from their getPartition look-up
	for _, a := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		if arn := a.Inputs["policyArn"].StringValue(); !strings.HasPrefix(arn, "arn:"+partition+":iam::aws:policy/") {
			t.Errorf("%s: policyArn %s, want one of %s", a.Name, arn, partition)
		}
	}
	for _, r := range g.Find("aws:iam/role:Role") {
		if r.Read {
			continue
		}
		if doc := r.Inputs["assumeRolePolicy"].StringValue(); strings.HasSuffix(r.Name, "-node") && !strings.Contains(doc, `"ec2.`+dnsSuffix+`"`) {
			t.Errorf("%s: trust policy %s, want the EC2 principal of %s", r.Name, doc, partition)
		}
	}

	// every aws resource, the program's and pulumi-eks's, is in the
	// provider's region, through it
	var aws int
	for _, r := range g.Resources {
		if !r.Custom || !strings.HasPrefix(r.Type, "aws:") {
			continue
		}
		aws++
		if r.Region != region {
			t.Errorf("%s %s: region %q, want %s", r.Type, r.Name, r.Region, region)
		}
		if through := strings.Contains(r.Options.Provider, "::pulumi:providers:aws::other::"); through != (providerRegion != "") {
			t.Errorf("%s %s: provider %q", r.Type, r.Name, r.Options.Provider)
		}
	}
	if aws < 10 {
		t.Errorf("%d aws resources: the roles, the control plane or pulumi-eks's children are missing", aws)
	}

	// pulumi-eks's look-ups, and the thumbprint it fetches from the
	// region's issuer host
	var eksLookups int
	for _, inv := range g.Invokes {
		if inv.Version != plan.PulumiEKSAWSVersion {
			continue
		}
		eksLookups++
		switch inv.Token {
		case "aws:index/getPartition:getPartition":
			if inv.Answer["partition"] != partition || inv.Answer["dnsSuffix"] != dnsSuffix {
				t.Errorf("pulumi-eks's getPartition answered %v", inv.Answer)
			}
		case "aws:index/getRegion:getRegion":
			if inv.Answer["name"] != region {
				t.Errorf("pulumi-eks's getRegion answered %v", inv.Answer)
			}
		}
	}
	if eksLookups != 2 {
		t.Errorf("%d pulumi-eks look-ups, want getPartition and getRegion", eksLookups)
	}
	oidc := g.Find("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
	wantThumb := plan.Thumbprint("https://oidc.eks." + region + "." + dnsSuffix)
	if len(oidc) != 1 || plan.Plain(oidc[0].Inputs["thumbprintLists"]).([]any)[0] != wantThumb {
		t.Errorf("OIDC provider %+v, want thumbprint %q", oidc, wantThumb)
	}

	// the outputs the program computes from the ARNs and endpoints
	outputs := map[string]string{
		"clusterRoleArn":  "arn:" + partition + ":iam::123456789012:role/",
		"existingRoleArn": "arn:" + partition + ":iam::123456789012:role/AWSEKSClusterRole",
		"clusterArn":      "arn:" + partition + ":eks:" + region + ":123456789012:cluster/demo",
		"endpoint":        "." + region + ".eks." + dnsSuffix,
		"oidcIssuer":      "https://oidc.eks." + region + "." + dnsSuffix + "/id/",
		"oidcProviderArn": "arn:" + partition + ":iam::123456789012:oidc-provider/oidc.eks." + region + "." + dnsSuffix + "/id/",
	}
	for key, want := range outputs {
		v := g.Outputs[resource.PropertyKey(key)]
		if preview && key != "existingRoleArn" {
			// computed by AWS: unknown in a preview
			if !v.IsComputed() {
				t.Errorf("output %s = %v in a preview, want unknown", key, v)
			}
			continue
		}
		s := plan.Plain(v).(string)
		ok := strings.HasPrefix(s, want)
		if key == "endpoint" {
			ok = strings.HasSuffix(s, want)
		}
		if key == "existingRoleArn" || key == "clusterArn" {
			ok = s == want
		}
		if !ok {
			t.Errorf("output %s = %s, want %s", key, s, want)
		}
	}
}
