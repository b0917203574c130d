package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/internal/golden"
	"github.com/ekskit/ekskit/plan"
)

// conformanceCase is one input of conformance/pulumi-eks: the
// eks:index:Cluster a program registers, which the harness hands to the
// real pulumi-eks JavaScript (see conformance/pulumi-eks/README.md).
type conformanceCase struct {
	Description  string            `json:"description"`
	Project      string            `json:"project"`
	Stack        string            `json:"stack"`
	Preview      bool              `json:"preview"`
	Cloud        map[string]string `json:"cloud"`
	URN          string            `json:"urn"`
	Name         string            `json:"name"`
	Inputs       map[string]any    `json:"inputs"`
	Dependencies []string          `json:"dependencies"`
	// InputDependencies are, per input whose value is unknown, the URNs
	// it came from.
	InputDependencies map[string][]string      `json:"inputDependencies,omitempty"`
	Options           map[string]any           `json:"options,omitempty"`
	References        map[string]caseReference `json:"references"`
	Providers         map[string]caseProvider  `json:"providers"`
}

type caseReference struct {
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Outputs map[string]any `json:"outputs"`
}

type caseProvider struct {
	URN    string         `json:"urn"`
	Inputs map[string]any `json:"inputs"`
}

// conformanceCases are the committed stacks plus every option ekskit
// passes to pulumi-eks: each endpoint mode, public CIDRs, logging, a given
// and a created key, admins, access entries, service CIDR, tags, extra security groups and
// an explicit aws provider.
var conformanceCases = []struct {
	name, description, stack string
	sets                     []string
	program                  pulumi.RunFunc
}{
	{name: "dev", description: "stack dev", stack: "dev"},
	{name: "prod", description: "stack prod: private endpoint, all logs, created key, an admin, tags, protected", stack: "prod"},
	{name: "public", description: "dev with a public-only endpoint open to one address", stack: "dev",
		sets: []string{"cluster.endpointAccess=public", "cluster.publicAccessCidrs=[54.240.193.130/32, 54.240.193.192/26]"}},
	{name: "private-given-key", description: "dev with a private endpoint, a given KMS key and two log types", stack: "dev",
		sets: []string{"cluster.endpointAccess=private", "cluster.publicAccessCidrs=[]",
			"cluster.encryption={keyArn: 'arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'}",
			"cluster.logging=[api, audit]"}},
	{name: "network", description: "prod with a service CIDR, extra control-plane security groups, two admins and other tags", stack: "prod",
		sets: []string{"cluster.serviceIpv4Cidr=172.20.0.0/16", "cluster.securityGroupIds=[sg-0a1b2c3d4e5f60001, sg-0a1b2c3d4e5f60002]",
			"cluster.admins=[arn:aws:iam::111122223333:role/platform-admins, arn:aws:iam::111122223333:user/ops]",
			"cluster.tags={team: platform, cost-center: '42'}", "cluster.protect=false", "policy.production=false"}},
	{name: "access", description: "dev with an admin and access entries: a viewer and editor in namespaces with a group, a group only",
		stack: "dev", sets: []string{"cluster.admins=[arn:aws:iam::111122223333:role/platform-admins]",
			"cluster.access=[{principalArn: 'arn:aws:iam::111122223333:role/developers', kubernetesGroups: [team-a], " +
				"policies: {AmazonEKSViewPolicy: {}, AmazonEKSEditPolicy: {namespaces: [team-a, 'dev-*']}}}, " +
				"{principalArn: 'arn:aws:iam::111122223333:user/deployer', kubernetesGroups: [deployers]}]"}},
	{name: "provider", description: "a program that passes an explicit aws provider (eu-west-1) to the control plane",
		stack: "dev", program: explicitProviderProgram},
	{name: "network-outputs", description: "a program whose VPC and subnets are outputs of resources it creates",
		stack: "dev", program: networkOutputsProgram},
}

// networkOutputsProgram builds a control plane in a VPC and subnets the
// program creates: pulumi-eks takes them as unknown inputs that depend on
// those resources.
func networkOutputsProgram(ctx *pulumi.Context) error {
	vpc, err := ec2.NewVpc(ctx, "vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
	if err != nil {
		return err
	}
	var subnets pulumi.StringArray
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		s, err := ec2.NewSubnet(ctx, fmt.Sprintf("subnet-%d", i), &ec2.SubnetArgs{VpcId: vpc.ID(),
			CidrBlock: pulumi.String(fmt.Sprintf("10.0.%d.0/24", i)), AvailabilityZone: pulumi.String(az)})
		if err != nil {
			return err
		}
		subnets = append(subnets, s.ID())
	}
	r, err := roles.New(ctx, "eks", &roles.Args{NamePrefix: "net-"})
	if err != nil {
		return err
	}
	_, err = controlplane.New(ctx, "eks", &controlplane.Args{Roles: r,
		Network:  &controlplane.Network{VPCID: vpc.ID(), SubnetIDs: subnets},
		Settings: controlplane.Settings{Name: "net", Addons: map[string]controlplane.Addon{}}})
	return err
}

// explicitProviderProgram builds a control plane with an explicit aws
// provider, which reaches pulumi-eks through the providers map.
func explicitProviderProgram(ctx *pulumi.Context) error {
	p, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
	if err != nil {
		return err
	}
	r, err := roles.New(ctx, "eks", &roles.Args{NamePrefix: "eu-"}, pulumi.Provider(p))
	if err != nil {
		return err
	}
	_, err = controlplane.New(ctx, "eks", &controlplane.Args{Roles: r, Settings: controlplane.Settings{
		Name: "eu", VPCID: "vpc-0e0e0e0e0e0e0e0e0", SubnetIDs: []string{"subnet-0e0e0e0e0e0e0e0e1", "subnet-0e0e0e0e0e0e0e0e2"},
		Addons: map[string]controlplane.Addon{},
	}}, pulumi.Provider(p))
	return err
}

// TestConformanceCases keeps conformance/pulumi-eks/cases in step with the
// program: each case is the eks:index:Cluster the program registers in a
// preview. After a change, go test . -update rewrites them, and
// bash conformance/pulumi-eks/check --update records what pulumi-eks does
// with them.
func TestConformanceCases(t *testing.T) {
	for _, c := range conformanceCases {
		t.Run(c.name, func(t *testing.T) {
			cfg := loadStack(t, c.stack)
			for _, s := range c.sets {
				if err := applySet(cfg, "ekskit", s); err != nil {
					t.Fatal(err)
				}
			}
			program := program
			if c.program != nil {
				program = c.program
			}
			g, err := plan.Run(program, plan.Options{Project: "ekskit", Stack: c.stack, Config: cfg, Preview: true})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(caseOf(t, g, cfg["aws:region"], c.description))
			if err != nil {
				t.Fatal(err)
			}
			golden.JSON(t, filepath.Join("conformance", "pulumi-eks", "cases", c.name+".json"), got)
		})
	}
}

// caseOf is the harness input for the plan's one eks:index:Cluster.
func caseOf(t *testing.T, g *plan.Graph, region, description string) conformanceCase {
	t.Helper()
	clusters := g.Find("eks:index:Cluster")
	if len(clusters) != 1 {
		t.Fatalf("%d eks:index:Cluster resources, want 1", len(clusters))
	}
	cl := clusters[0]
	plain := func(m resource.PropertyMap) map[string]any {
		return plan.Plain(resource.NewProperty(m)).(map[string]any)
	}
	cloud := plan.DefaultCloud()
	c := conformanceCase{
		Description: description, Project: g.Project, Stack: g.Stack, Preview: true,
		Cloud: map[string]string{"partition": cloud.Partition, "region": region, "accountId": cloud.AccountID},
		URN:   cl.URN, Name: cl.Name, Inputs: plain(cl.Inputs), Dependencies: cl.Dependencies,
		References: map[string]caseReference{}, Providers: map[string]caseProvider{},
	}
	if c.Dependencies == nil {
		c.Dependencies = []string{}
	}
	if cl.Options.Protect {
		c.Options = map[string]any{"protect": true}
	}
	for k, urns := range cl.PropertyDependencies {
		if v, ok := cl.Inputs[resource.PropertyKey(k)]; ok && v.ContainsUnknowns() && len(urns) > 0 {
			if c.InputDependencies == nil {
				c.InputDependencies = map[string][]string{}
			}
			c.InputDependencies[k] = urns
		}
	}
	for _, v := range cl.Inputs {
		if v.IsResourceReference() {
			ref := string(v.ResourceReferenceValue().URN)
			r, ok := g.ByURN(ref)
			if !ok {
				t.Fatalf("reference to %s, which the plan lacks", ref)
			}
			c.References[ref] = caseReference{Type: r.Type, Name: r.Name, Outputs: plain(r.Outputs)}
		}
	}
	for pkg, ref := range cl.Options.Providers {
		urn := ref[:strings.LastIndex(ref, "::")]
		p, ok := g.ByURN(urn)
		if !ok {
			t.Fatalf("provider %s, which the plan lacks", ref)
		}
		c.Providers[pkg] = caseProvider{URN: urn, Inputs: plain(p.Inputs)}
	}
	return c
}
