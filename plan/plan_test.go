package plan_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/plan"
)

type component struct{ pulumi.ResourceState }

type custom struct{ pulumi.CustomResourceState }

type provider struct{ pulumi.ProviderResourceState }

// TestDuplicateURNs: two resources with one URN are refused, as the engine
// refuses them; the message names where each was registered.
func TestDuplicateURNs(t *testing.T) {
	_, err := plan.Run(func(ctx *pulumi.Context) error {
		for _, cluster := range []string{"blue", "green"} {
			var c component
			if err := ctx.RegisterComponentResource("test:index:Cluster", cluster, &c); err != nil {
				return err
			}
			// a child named alike under each: parent names are not in URNs
			var ng custom
			if err := ctx.RegisterResource("aws:eks/nodeGroup:NodeGroup", "ondemand",
				pulumi.Map{"clusterName": pulumi.String(cluster)}, &ng, pulumi.Parent(&c)); err != nil {
				return err
			}
		}
		return nil
	}, plan.Options{Project: "p", Stack: "s", Preview: true})
	if err == nil {
		t.Fatal("planned two resources with one URN")
	}
	for _, want := range []string{
		"duplicate resource URN urn:pulumi:s::p::test:index:Cluster$aws:eks/nodeGroup:NodeGroup::ondemand",
		"under urn:pulumi:s::p::test:index:Cluster::blue", "under urn:pulumi:s::p::test:index:Cluster::green",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

// TestProviders: a component's providers map is recorded and passed down
// to the components under it, and a resource or invoke through an explicit
// aws provider gets that provider's region, not the stack's.
func TestProviders(t *testing.T) {
	var regionAnswer string
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		var p provider
		if err := ctx.RegisterResource("pulumi:providers:aws", "eu", pulumi.Map{"region": pulumi.String("eu-west-1")}, &p); err != nil {
			return err
		}
		var outer, inner component
		if err := ctx.RegisterComponentResource("test:index:Outer", "outer", &outer, pulumi.Provider(&p)); err != nil {
			return err
		}
		if err := ctx.RegisterComponentResource("test:index:Inner", "inner", &inner, pulumi.Parent(&outer)); err != nil {
			return err
		}
		var kms custom
		if err := ctx.RegisterResource("aws:kms/key:Key", "key", pulumi.Map{}, &kms, pulumi.Parent(&inner)); err != nil {
			return err
		}
		var out struct {
			Name string `pulumi:"name"`
		}
		if err := ctx.Invoke("aws:index/getRegion:getRegion", map[string]any{}, &out, pulumi.Provider(&p)); err != nil {
			return err
		}
		regionAnswer = out.Name
		return nil
	}, plan.Options{Project: "p", Stack: "s", Config: map[string]string{"aws:region": "us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	inner := g.Find("test:index:Inner")[0]
	if ref := inner.Options.Providers["aws"]; !strings.HasPrefix(ref, "urn:pulumi:s::p::pulumi:providers:aws::eu::") {
		t.Errorf("inner component's providers = %v, want the outer's", inner.Options.Providers)
	}
	key := g.Find("aws:kms/key:Key")[0]
	if !strings.HasPrefix(key.Options.Provider, "urn:pulumi:s::p::pulumi:providers:aws::eu::") {
		t.Errorf("key provider = %q", key.Options.Provider)
	}
	if arn := key.Outputs["arn"].StringValue(); !strings.HasPrefix(arn, "arn:aws:kms:eu-west-1:") || key.Region != "eu-west-1" {
		t.Errorf("key ARN %s, region %q: not the provider's region", arn, key.Region)
	}
	if p := g.Find("pulumi:providers:aws")[0]; p.Region != "" {
		t.Errorf("the provider has region %q: only the resources it creates are in one", p.Region)
	}
	if regionAnswer != "eu-west-1" || g.Invokes[0].Provider == "" {
		t.Errorf("getRegion through the provider: %q, recorded %+v", regionAnswer, g.Invokes[0])
	}
}

// TestDocumentKeepsUserKeys: the engine's own top-level keys are left out
// of the plan, a key the user chose that looks like one (a tag named
// __internal) is not.
func TestDocumentKeepsUserKeys(t *testing.T) {
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		var r custom
		return ctx.RegisterResource("aws:eks/nodeGroup:NodeGroup", "ng", pulumi.Map{
			"__defaults": pulumi.StringArray{},
			"tags":       pulumi.StringMap{"__internal": pulumi.String("i"), "team": pulumi.String("a")},
		}, &r)
	}, plan.Options{Project: "p", Stack: "s", Config: map[string]string{"aws:region": "us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	in := g.Document().Resources[0].Inputs
	if _, ok := in["__defaults"]; ok || !reflect.DeepEqual(in["tags"], map[string]any{"__internal": "i", "team": "a"}) {
		t.Errorf("inputs %v", in)
	}
}

// TestMalformedDefaultTags: aws:defaultTags that pulumi-aws could not
// read is an error naming the key, not tags silently left out.
func TestMalformedDefaultTags(t *testing.T) {
	for _, v := range []string{`[1]`, `{"tags":{"team":1}}`, `{"tags"`} {
		_, err := plan.Run(func(*pulumi.Context) error { return nil },
			plan.Options{Project: "p", Stack: "s", Config: map[string]string{"aws:defaultTags": v}})
		if err == nil || !strings.Contains(err.Error(), "aws:defaultTags") {
			t.Errorf("%s: %v", v, err)
		}
	}
}

// TestProviderWithoutRegion: an explicit aws provider does not read the
// stack's aws:region, so one without a region is refused.
func TestProviderWithoutRegion(t *testing.T) {
	_, err := plan.Run(func(ctx *pulumi.Context) error {
		var p provider
		return ctx.RegisterResource("pulumi:providers:aws", "noregion", pulumi.Map{}, &p)
	}, plan.Options{Project: "p", Stack: "s", Config: map[string]string{"aws:region": "us-east-1"}})
	if err == nil || !strings.Contains(err.Error(), "aws provider noregion: no region") {
		t.Errorf("err = %v", err)
	}
}

// TestTransformsRun: the plan runs transforms as the engine does: a
// resource's own, then its ancestors', then the stack's, and records what
// they send.
func TestTransformsRun(t *testing.T) {
	tag := func(key string) pulumi.ResourceTransform {
		return func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			if !a.Custom {
				return nil
			}
			props := pulumi.Map{}
			for k, v := range a.Props {
				props[k] = v
			}
			order, _ := props["order"].(pulumi.String)
			props["order"] = order + pulumi.String(key)
			a.Opts.Version = "9.9.9"
			return &pulumi.ResourceTransformResult{Props: props, Opts: a.Opts}
		}
	}
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		if err := ctx.RegisterResourceTransform(tag("S")); err != nil {
			return err
		}
		var c component
		if err := ctx.RegisterComponentResource("test:index:C", "c", &c, pulumi.Transforms([]pulumi.ResourceTransform{tag("P")})); err != nil {
			return err
		}
		var r custom
		return ctx.RegisterResource("aws:kms/key:Key", "k", pulumi.Map{"order": pulumi.String("")}, &r,
			pulumi.Parent(&c), pulumi.Transforms([]pulumi.ResourceTransform{tag("O")}))
	}, plan.Options{Project: "p", Stack: "s", Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	k := g.Find("aws:kms/key:Key")[0]
	if got := k.Inputs["order"].StringValue(); got != "OPS" {
		t.Errorf("transforms ran in order %q, want own, parent's, stack's (OPS)", got)
	}
	if k.Options.Version != "9.9.9" {
		t.Errorf("version = %q, want the transform's", k.Options.Version)
	}
}

// TestPartialCloud: a Cloud with some fields set takes the others from
// DefaultCloud, so the look-ups and ARNs never get an empty partition or
// account.
func TestPartialCloud(t *testing.T) {
	for _, tc := range []struct {
		name                         string
		cloud                        *plan.Cloud
		partition, account, vpc, arn string
	}{
		{"none", nil, "aws", "123456789012", "vpc-0default00000000", "arn:aws:iam::123456789012:role/r"},
		{"empty", &plan.Cloud{}, "aws", "123456789012", "vpc-0default00000000", "arn:aws:iam::123456789012:role/r"},
		{"account only", &plan.Cloud{AccountID: "111122223333"}, "aws", "111122223333", "vpc-0default00000000",
			"arn:aws:iam::111122223333:role/r"},
		{"partition and region", &plan.Cloud{Partition: "aws-cn", Region: "cn-north-1"}, "aws-cn", "123456789012", "vpc-0default00000000",
			"arn:aws-cn:iam::123456789012:role/r"},
		{"VPC only", &plan.Cloud{DefaultVPCID: "vpc-1"}, "aws", "123456789012", "vpc-1", "arn:aws:iam::123456789012:role/r"},
		// the region follows the partition
		{"partition only", &plan.Cloud{Partition: "aws-us-gov"}, "aws-us-gov", "123456789012", "vpc-0default00000000",
			"arn:aws-us-gov:iam::123456789012:role/r"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var partition, account, vpc string
			g, err := plan.Run(func(ctx *pulumi.Context) error {
				var p struct {
					Partition string `pulumi:"partition"`
				}
				var id struct {
					AccountID string `pulumi:"accountId"`
				}
				var v struct {
					ID string `pulumi:"id"`
				}
				for _, call := range []struct {
					token string
					out   any
				}{
					{"aws:index/getPartition:getPartition", &p},
					{"aws:index/getCallerIdentity:getCallerIdentity", &id},
					{"aws:ec2/getVpc:getVpc", &v},
				} {
					if err := ctx.Invoke(call.token, map[string]any{}, call.out); err != nil {
						return err
					}
				}
				partition, account, vpc = p.Partition, id.AccountID, v.ID
				var r custom
				return ctx.RegisterResource("aws:iam/role:Role", "r", pulumi.Map{"name": pulumi.String("r")}, &r)
			}, plan.Options{Project: "p", Stack: "s", Cloud: tc.cloud})
			if err != nil {
				t.Fatal(err)
			}
			if partition != tc.partition || account != tc.account || vpc != tc.vpc {
				t.Errorf("partition %q, account %q, VPC %q; want %q, %q, %q", partition, account, vpc, tc.partition, tc.account, tc.vpc)
			}
			if arn := g.Find("aws:iam/role:Role")[0].Outputs["arn"].StringValue(); arn != tc.arn {
				t.Errorf("role ARN %s, want %s", arn, tc.arn)
			}
			want := map[string]string{"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}[tc.partition]
			if tc.cloud != nil && tc.cloud.Region != "" {
				want = tc.cloud.Region
			}
			if got := g.Find("aws:iam/role:Role")[0].Region; got != want {
				t.Errorf("region %s, want %s", got, want)
			}
		})
	}
}

// TestPartitionFromRegion: with no Cloud.Partition, the look-ups and ARNs
// are in the partition of the config's aws:region, as the aws provider
// finds it; a Cloud.Partition that is not the region's, or that does not
// exist, is an error.
func TestPartitionFromRegion(t *testing.T) {
	for _, tc := range []struct {
		region    string
		cloud     *plan.Cloud
		partition string
		dnsSuffix string
		err       string
	}{
		{"us-east-1", nil, "aws", "amazonaws.com", ""},
		{"cn-north-1", nil, "aws-cn", "amazonaws.com.cn", ""},
		{"cn-northwest-1", &plan.Cloud{AccountID: "111122223333"}, "aws-cn", "amazonaws.com.cn", ""},
		{"us-gov-east-1", nil, "aws-us-gov", "amazonaws.com", ""},
		{"us-gov-east-1", &plan.Cloud{Partition: "aws-us-gov"}, "aws-us-gov", "amazonaws.com", ""},
		// answered as the provider would; ekskit's components refuse it
		{"us-iso-east-1", nil, "aws-iso", "c2s.ic.gov", ""},
		{"us-isob-east-1", nil, "aws-iso-b", "sc2s.sgov.gov", ""},
		{"cn-north-1", &plan.Cloud{Partition: "aws"}, "", "", "plan: Cloud.Partition aws, but aws:region cn-north-1 is in partition aws-cn"},
		// no aws:region: the provider's region is Cloud.Region
		{"", &plan.Cloud{Region: "cn-north-1"}, "aws-cn", "amazonaws.com.cn", ""},
		{"", &plan.Cloud{Partition: "aws-cn", Region: "us-east-1"}, "", "", "plan: Cloud.Partition aws-cn, but Cloud.Region us-east-1 is in partition aws"},
		// in no partition: DefaultCloud's, as the SDKs fall back to aws (the
		// program's config check refuses the region)
		{"moon-base-1", nil, "aws", "amazonaws.com", ""},
		{"", &plan.Cloud{Partition: "aws-mars"}, "", "", `plan: Cloud.Partition "aws-mars" is not an AWS partition`},
	} {
		var p struct {
			Partition string `pulumi:"partition"`
			DNSSuffix string `pulumi:"dnsSuffix"`
		}
		g, err := plan.Run(func(ctx *pulumi.Context) error {
			if err := ctx.Invoke("aws:index/getPartition:getPartition", map[string]any{}, &p); err != nil {
				return err
			}
			var r custom
			return ctx.RegisterResource("aws:iam/role:Role", "r", pulumi.Map{"name": pulumi.String("r")}, &r)
		}, plan.Options{Project: "p", Stack: "s", Cloud: tc.cloud, Config: map[string]string{"aws:region": tc.region}})
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s, %+v: error %v, want %s", tc.region, tc.cloud, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.region, err)
			continue
		}
		if p.Partition != tc.partition || p.DNSSuffix != tc.dnsSuffix {
			t.Errorf("%s: partition %q, DNS suffix %q; want %q, %q", tc.region, p.Partition, p.DNSSuffix, tc.partition, tc.dnsSuffix)
		}
		if arn := g.Find("aws:iam/role:Role")[0].Outputs["arn"].StringValue(); !strings.HasPrefix(arn, "arn:"+tc.partition+":iam::") {
			t.Errorf("%s: role ARN %s", tc.region, arn)
		}
	}
}

// roleRead is what a program reads an IAM role into.
type roleRead struct {
	pulumi.CustomResourceState
	Arn  pulumi.StringOutput `pulumi:"arn"`
	Name pulumi.StringOutput `pulumi:"name"`
}

// TestRead: a read of an existing resource is answered as the provider
// would, in both modes: the id, the properties given echoed, and what the
// id says with the ARN where the plan knows the type's format; the read
// is recorded as such, and what takes its outputs gets them known.
func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name    string
		preview bool
		cloud   *plan.Cloud
		region  string
		arn     string
	}{
		{"preview", true, nil, "eu-west-1", "arn:aws:iam::123456789012:role/AWSEKSClusterRole"},
		{"update", false, nil, "eu-west-1", "arn:aws:iam::123456789012:role/AWSEKSClusterRole"},
		{"another partition", true, &plan.Cloud{Partition: "aws-us-gov", AccountID: "111122223333"}, "us-gov-east-1",
			"arn:aws-us-gov:iam::111122223333:role/AWSEKSClusterRole"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var name string
			g, err := plan.Run(func(ctx *pulumi.Context) error {
				var role roleRead
				if err := ctx.ReadResource("aws:iam/role:Role", "cluster", pulumi.ID("AWSEKSClusterRole"), nil, &role); err != nil {
					return err
				}
				role.Name.ApplyT(func(n string) string { name = n; return n })
				var other custom // a type the plan has no model for: its id and the properties given
				if err := ctx.ReadResource("aws:ec2/vpc:Vpc", "vpc", pulumi.ID("vpc-0a1b2c3d"),
					pulumi.Map{"cidrBlock": pulumi.String("10.0.0.0/16")}, &other); err != nil {
					return err
				}
				var ng custom
				return ctx.RegisterResource("aws:eks/nodeGroup:NodeGroup", "ng", pulumi.Map{"nodeRoleArn": role.Arn}, &ng)
			}, plan.Options{Project: "p", Stack: "s", Preview: tc.preview, Cloud: tc.cloud,
				Config: map[string]string{"aws:region": tc.region}})
			if err != nil {
				t.Fatal(err)
			}
			role := g.Find("aws:iam/role:Role")[0]
			if !role.Read || role.ID != "AWSEKSClusterRole" || !role.Custom || role.Region != tc.region {
				t.Errorf("role %+v: want read by id AWSEKSClusterRole in %s", role, tc.region)
			}
			if got := role.Outputs["arn"].StringValue(); got != tc.arn || name != "AWSEKSClusterRole" {
				t.Errorf("role ARN %s, name %q; want %s and its id", got, name, tc.arn)
			}
			if got := g.Find("aws:eks/nodeGroup:NodeGroup")[0].Inputs["nodeRoleArn"]; !got.IsString() || got.StringValue() != tc.arn {
				t.Errorf("node group's nodeRoleArn = %v, want the role's ARN, known", got)
			}
			vpc := g.Find("aws:ec2/vpc:Vpc")[0]
			if cidr := vpc.Outputs["cidrBlock"]; !vpc.Read || vpc.ID != "vpc-0a1b2c3d" || !cidr.IsString() || cidr.StringValue() != "10.0.0.0/16" {
				t.Errorf("VPC read %+v", vpc)
			}
			doc := g.Document()
			i := slices.IndexFunc(doc.Resources, func(r plan.DocumentResource) bool { return r.Type == "aws:iam/role:Role" })
			if r := doc.Resources[i]; !r.Read || r.ID != "AWSEKSClusterRole" {
				t.Errorf("document: %+v", r)
			}
			// a read is neither created nor waited for
			var tree strings.Builder
			plan.WriteTree(&tree, g)
			for _, want := range []string{"\n >   └─ aws:iam/role:Role ", " cluster  read\n", `id: "AWSEKSClusterRole"`, "+ 2 to create"} {
				if !strings.Contains(tree.String(), want) {
					t.Errorf("tree lacks %q:\n%s", want, tree.String())
				}
			}
			if p := doc.CriticalPath(); len(p.Steps) != 1 || p.Steps[0].Name != "ng" {
				t.Errorf("critical path %s", p)
			}
		})
	}
}

// TestReadDuplicate: a read takes a URN like a registration, and the
// engine refuses one URN twice.
func TestReadDuplicate(t *testing.T) {
	_, err := plan.Run(func(ctx *pulumi.Context) error {
		var created, read custom
		if err := ctx.RegisterResource("aws:iam/role:Role", "r", pulumi.Map{}, &created); err != nil {
			return err
		}
		return ctx.ReadResource("aws:iam/role:Role", "r", pulumi.ID("r"), nil, &read)
	}, plan.Options{Project: "p", Stack: "s", Preview: true})
	if err == nil || !strings.Contains(err.Error(), "duplicate resource URN urn:pulumi:s::p::aws:iam/role:Role::r") {
		t.Errorf("err = %v", err)
	}
}
