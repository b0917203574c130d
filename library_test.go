package main

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/cluster"
	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/stackconfig"
)

// devSettings are the dev stack's settings written as a Go program would.
func devSettings() (spec.Cluster, spec.Roles, spec.NodeGroup) {
	return spec.Cluster{Name: "simple-bank", Version: "1.35", EndpointAccess: spec.EndpointPublicAndPrivate,
			PublicAccessCIDRs: []string{"0.0.0.0/0"}, Logging: []string{},
			Addons: map[string]spec.Addon{"vpc-cni": {}, "coredns": {}, "kube-proxy": {}}},
		spec.Roles{ClusterRoleName: "AWSEKSClusterRole", NodeRoleName: "AWSEKSNodeRole"},
		spec.NodeGroup{AMIType: "AL2023_x86_64_STANDARD", CapacityType: "ON_DEMAND", InstanceTypes: []string{"t3.micro"},
			DiskSize: new(20), MinSize: new(1), MaxSize: new(2), DesiredSize: new(1), MaxUnavailable: new(1)}
}

// buildFromGo is a program that builds the components from Go settings;
// ngOpts are the node group's options, made from the control plane.
func buildFromGo(cl spec.Cluster, r spec.Roles, ngName string, ng spec.NodeGroup, ngOpts ...func(*controlplane.ControlPlane) pulumi.ResourceOption) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		rr, err := roles.New(ctx, "eks", &roles.Args{Settings: r})
		if err != nil {
			return err
		}
		cp, err := controlplane.New(ctx, "eks", &controlplane.Args{Settings: cl, Roles: rr})
		if err != nil {
			return err
		}
		var opts []pulumi.ResourceOption
		for _, o := range ngOpts {
			opts = append(opts, o(cp))
		}
		_, err = nodegroup.New(ctx, ngName, &nodegroup.Args{Settings: ng, ControlPlane: cp, Roles: rr}, opts...)
		return err
	}
}

// hasProblemLine reports whether err lists the problem: a line of its own,
// under "N config problem(s):".
func hasProblemLine(err error, problem string) bool {
	if err == nil {
		return false
	}
	_, list, ok := strings.Cut(err.Error(), "problem(s):\n")
	return ok && slices.Contains(strings.Split(list, "\n"), "  "+problem)
}

// TestSameProblemBothWays: a bad setting written in the stack file, the
// same setting given to a component's Args, and to cluster.Build give the
// same problem: the same key path (under ekskit:<key> in the file, at the
// root of the component's settings, under <key> for Build) and the same
// message, before anything is registered.
func TestSameProblemBothWays(t *testing.T) {
	const ng = "simple-bank"
	for _, tc := range []struct {
		name string
		// key is the stack config key, path the setting under it ("" for
		// the key itself), value its YAML value.
		key, path string
		value     any
		// mutate makes the same change to the Go settings.
		mutate func(*spec.Cluster, *spec.Roles, *spec.NodeGroup)
		// want is the problem's path under key.
		want spec.Path
		// msg, when set, is the problem as it reads after its path: the
		// bad value, then what is wrong ("\"x\": must be ...").
		msg string
	}{
		{"cluster name missing", "cluster", "name", "", func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) { c.Name = "" }, "name", ""},
		{"cluster name too long", "cluster", "name", strings.Repeat("n", 101), func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) { c.Name = strings.Repeat("n", 101) }, "name", ""},
		{"version", "cluster", "version", "1.20", func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) { c.Version = "1.20" }, "version", ""},
		{"log type case", "cluster", "logging", []any{"api", "controllermanager"}, func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
			c.Logging = []string{"api", "controllermanager"}
		}, "logging[1]", ""},
		{"add-on version with a leading zero", "cluster", "addons.vpc-cni", map[string]any{"version": "v1.19.02-eksbuild.1"},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
				c.Addons["vpc-cni"] = spec.Addon{Version: "v1.19.02-eksbuild.1"}
			}, "addons.vpc-cni.version", ""},
		{"add-on typo", "cluster", "addons.corends", map[string]any{}, func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) { c.Addons["corends"] = spec.Addon{} }, "addons.corends", ""},
		{"service range in the default VPC", "cluster", "serviceIpv4Cidr", "172.31.128.0/20", func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
			c.ServiceIPv4CIDR = "172.31.128.0/20"
		}, "serviceIpv4Cidr", ""},
		{"a private range in the allow-list", "cluster", "publicAccessCidrs", []any{"10.0.0.0/8"},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) { c.PublicAccessCIDRs = []string{"10.0.0.0/8"} }, "publicAccessCidrs[0]",
			`"10.0.0.0/8": inside 10.0.0.0/8, a private range (RFC 1918): EKS does not allow reserved ranges here ` +
				`("The following CIDRs are not allowed in publicAccessCidrs"), and no request to the public endpoint comes from one: ` +
				`reach the API from the VPC through the private endpoint (endpointAccess: public-and-private)`},
		{"a documentation range in the allow-list", "cluster", "publicAccessCidrs", []any{"54.240.193.130/32", "203.0.113.7/32"},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
				c.PublicAccessCIDRs = []string{"54.240.193.130/32", "203.0.113.7/32"}
			}, "publicAccessCidrs[1]",
			`"203.0.113.7/32": inside 203.0.113.0/24, a documentation range (RFC 5737): EKS does not allow reserved ranges here ` +
				`("The following CIDRs are not allowed in publicAccessCidrs"): list the public addresses the API is reached from`},
		{"an empty allow-list", "cluster", "publicAccessCidrs", []any{}, func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) { c.PublicAccessCIDRs = []string{} }, "publicAccessCidrs", ""},
		{"private with CIDRs", "cluster", "endpointAccess", "private", func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) { c.EndpointAccess = spec.EndpointPrivate }, "publicAccessCidrs", ""},
		{"key both ways", "cluster", "encryption", map[string]any{"keyArn": "arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e", "create": true},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
				c.Encryption = &spec.Encryption{KeyARN: "arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e", Create: true}
			}, "encryption", ""},
		// EKS returns the key an alias names, so an alias's diff never goes
		// (spec's validateEncryption)
		{"KMS alias ARN", "cluster", "encryption", map[string]any{"keyArn": "arn:aws:kms:us-east-1:111122223333:alias/my-key"},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
				c.Encryption = &spec.Encryption{KeyARN: "arn:aws:kms:us-east-1:111122223333:alias/my-key"}
			}, "encryption.keyArn", `"arn:aws:kms:us-east-1:111122223333:alias/my-key": an alias, not a key: give the ARN of the key it names ` +
				`(arn:<partition>:kms:<region>:<account>:key/<id>, a multi-Region key's id starting with mrk-; ` +
				`aws kms describe-key --key-id <alias> shows it as KeyMetadata.Arn): EKS keeps the key and returns its ARN, ` +
				`so with an alias every pulumi preview and up shows encryptionConfig changing and up never settles it ` +
				`(hashicorp/terraform-provider-aws#43244)`},
		{"key protection for a given key", "cluster", "encryption", map[string]any{"keyArn": "arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e", "protect": false},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
				c.Encryption = &spec.Encryption{KeyARN: "arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e", Protect: new(false)}
			}, "encryption.protect", ""},
		{"an access entry's system group", "cluster", "access", []any{map[string]any{"principalArn": "arn:aws:iam::111122223333:role/dev",
			"kubernetesGroups": []any{"system:masters"}}}, func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
			c.Access = []spec.Access{{PrincipalARN: "arn:aws:iam::111122223333:role/dev", KubernetesGroups: []string{"system:masters"}}}
		}, "access[0].kubernetesGroups[0]", `"system:masters": must not start with system: (EKS refuses those; ` +
			`AmazonEKSClusterAdminPolicy in policies gives what system:masters would)`},
		{"role name", "roles", "clusterRoleName", "bad name", func(_ *spec.Cluster, r *spec.Roles, _ *spec.NodeGroup) { r.ClusterRoleName = "bad name" }, "clusterRoleName", ""},
		{"role path", "roles", "path", "eks", func(_ *spec.Cluster, r *spec.Roles, _ *spec.NodeGroup) { r.Path = "eks" }, "path", ""},
		{"negative min", "nodeGroups.simple-bank", "minSize", -1, func(_ *spec.Cluster, _ *spec.Roles, n *spec.NodeGroup) { n.MinSize = new(-1) }, "minSize", ""},
		{"desired above max", "nodeGroups.simple-bank", "desiredSize", 5, func(_ *spec.Cluster, _ *spec.Roles, n *spec.NodeGroup) { n.DesiredSize = new(5) }, "desiredSize", ""},
		{"instance type", "nodeGroups.simple-bank", "instanceTypes", []any{"micro"}, func(_ *spec.Cluster, _ *spec.Roles, n *spec.NodeGroup) { n.InstanceTypes = []string{"micro"} }, "instanceTypes[0]", ""},
		{"A1 with AL2023", "nodeGroups.simple-bank", "", map[string]any{"amiType": "AL2023_ARM_64_STANDARD", "instanceTypes": []any{"a1.large"}},
			func(_ *spec.Cluster, _ *spec.Roles, n *spec.NodeGroup) {
				n.AMIType, n.InstanceTypes = "AL2023_ARM_64_STANDARD", []string{"a1.large"}
			}, "instanceTypes[0]", ""},
		{"auto repair on Windows", "nodeGroups.simple-bank", "", map[string]any{"amiType": "WINDOWS_CORE_2022_x86_64", "autoRepair": true},
			func(_ *spec.Cluster, _ *spec.Roles, n *spec.NodeGroup) {
				n.AMIType, n.AutoRepair = "WINDOWS_CORE_2022_x86_64", true
			}, "autoRepair", ""},
		{"CUSTOM AMI on two architectures", "nodeGroups.simple-bank", "", map[string]any{"amiType": "CUSTOM", "instanceTypes": []any{"m6i.large", "m7g.large"},
			"launchTemplate": map[string]any{"id": "lt-0123456789abcdef0", "version": "1"}},
			func(_ *spec.Cluster, _ *spec.Roles, n *spec.NodeGroup) {
				n.AMIType, n.InstanceTypes, n.DiskSize = "CUSTOM", []string{"m6i.large", "m7g.large"}, nil
				n.LaunchTemplate = &spec.LaunchTemplate{ID: "lt-0123456789abcdef0", Version: "1"}
			}, "instanceTypes[1]", ""},
		{"AL2 on 1.35", "nodeGroups.simple-bank", "amiType", "AL2_x86_64", func(_ *spec.Cluster, _ *spec.Roles, n *spec.NodeGroup) { n.AMIType = "AL2_x86_64" }, "amiType", ""},
		{"taint spelling", "nodeGroups.simple-bank", "taints", []any{map[string]any{"key": "spot", "effect": "NoSchedule"}}, func(_ *spec.Cluster, _ *spec.Roles, n *spec.NodeGroup) {
			n.Taints = []spec.Taint{{Key: "spot", Effect: "NoSchedule"}}
		}, "taints[0].effect", ""},
		{"name prefix", "nodeGroups.simple-bank", "namePrefix", "-x", func(_ *spec.Cluster, _ *spec.Roles, n *spec.NodeGroup) { n.NamePrefix = "-x" }, "namePrefix", ""},
		{"security groups with pulumi-eks's", "cluster", "securityGroupIds", []any{"sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004"},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
				c.SecurityGroupIDs = []string{"sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004"}
			}, "securityGroupIds", ""},
		{"empty label value", "nodeGroups.simple-bank", "labels.tier", "", func(_ *spec.Cluster, _ *spec.Roles, n *spec.NodeGroup) { n.Labels = map[string]string{"tier": ""} }, "labels.tier", ""},
		{"kube-proxy newer than the cluster", "cluster", "addons.kube-proxy.version", "v1.36.0-eksbuild.1", func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
			c.Addons["kube-proxy"] = spec.Addon{Version: "v1.36.0-eksbuild.1"}
		}, "addons.kube-proxy.version", ""},
		{"add-on policies without its role", "cluster", "addons.vpc-cni", map[string]any{"policyArns": []any{"arn:aws:iam::111122223333:policy/p"}},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
				c.Addons["vpc-cni"] = spec.Addon{PolicyARNs: []string{"arn:aws:iam::111122223333:policy/p"}}
			}, "addons.vpc-cni.policyArns", "given without irsa or podIdentity: they go to the add-on's own role, which irsa or " +
				"podIdentity makes: set irsa: true or podIdentity: true"},
		{"Pod Identity without its agent", "cluster", "addons.aws-ebs-csi-driver", map[string]any{"podIdentity": true},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
				c.Addons["aws-ebs-csi-driver"] = spec.Addon{PodIdentity: true}
			}, "addons.aws-ebs-csi-driver.podIdentity", "true: needs the eks-pod-identity-agent add-on, which hands pods their Pod " +
				"Identity credentials on each node: add eks-pod-identity-agent to addons"},
		{"the Mountpoint for S3 driver's role without its policy", "cluster", "addons.aws-mountpoint-s3-csi-driver", map[string]any{"irsa": true},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
				c.Addons["aws-mountpoint-s3-csi-driver"] = spec.Addon{IRSA: true}
			}, "addons.aws-mountpoint-s3-csi-driver.policyArns", ""},
		{"Pod Identity on a v1 Mountpoint for S3 driver", "cluster", "addons.aws-mountpoint-s3-csi-driver", map[string]any{"podIdentity": true,
			"version": "v1.15.0-eksbuild.1", "policyArns": []any{"arn:aws:iam::111122223333:policy/p"}},
			func(c *spec.Cluster, _ *spec.Roles, _ *spec.NodeGroup) {
				c.Addons["aws-mountpoint-s3-csi-driver"] = spec.Addon{PodIdentity: true, Version: "v1.15.0-eksbuild.1",
					PolicyARNs: []string{"arn:aws:iam::111122223333:policy/p"}}
			}, "addons.aws-mountpoint-s3-csi-driver.version", `"v1.15.0-eksbuild.1": with podIdentity, must be latest or ` +
				"v2.0.0-eksbuild.1 or later: aws-mountpoint-s3-csi-driver takes a pod identity association from v2.0.0 on, older versions " +
				"refuse one, and EKS's default version may be older"},
		{"role names differ in case only", "roles", "nodeRoleName", "awseksclusterrole", func(_ *spec.Cluster, r *spec.Roles, _ *spec.NodeGroup) { r.NodeRoleName = "awseksclusterrole" }, "nodeRoleName", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flat := loadStack(t, "dev")
			set := "ekskit:" + tc.key
			if tc.path != "" { // "": the whole value at key
				set += "." + tc.path
			}
			if err := stackconfig.SetPath(flat, set, tc.value); err != nil {
				t.Fatal(err)
			}
			_, err := stackconfig.Parse(flat)
			var probs spec.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("the stack file is accepted: %v", err)
			}
			at := spec.Path("ekskit:" + tc.key)
			var fromYAML *spec.Problem
			for _, p := range probs {
				if p.Path == at+"."+tc.want {
					fromYAML = &p
				}
			}
			if fromYAML == nil {
				t.Fatalf("no problem at %s in:\n%v", at+"."+tc.want, err)
			}

			cl, r, n := devSettings()
			tc.mutate(&cl, &r, &n)
			g, goErr := plan.Run(buildFromGo(cl, r, ng, n), plan.Options{Project: "ekskit", Stack: "dev", Config: map[string]string{"aws:region": "us-east-1"}})
			rel := spec.Problem{Path: tc.want, Value: fromYAML.Value, Msg: fromYAML.Msg}.Error()
			if want := string(tc.want) + ": " + tc.msg; tc.msg != "" && rel != want {
				t.Errorf("the stack file: got the problem %q, want %q", rel, want)
			}
			if !hasProblemLine(goErr, rel) {
				t.Errorf("Go settings: got %v, want the problem %q", goErr, rel)
			}
			// cluster.Build checks everything first, at the stack file's
			// key paths without the namespace
			built, buildErr := plan.Run(func(ctx *pulumi.Context) error {
				_, err := cluster.Build(ctx, "eks", cluster.Settings{Roles: r, Cluster: cl, NodeGroups: map[string]spec.NodeGroup{ng: n}})
				return err
			}, plan.Options{Project: "ekskit", Stack: "dev"})
			whole := spec.Problem{Path: spec.Path(tc.key) + "." + tc.want, Value: fromYAML.Value, Msg: fromYAML.Msg}.Error()
			if !hasProblemLine(buildErr, whole) || len(built.Resources) != 0 {
				t.Errorf("cluster.Build: got %v, want the problem %q and nothing registered", buildErr, whole)
			}
			// nothing of the failing component was registered
			if goErr != nil && g != nil {
				for _, res := range g.Resources {
					if strings.HasPrefix(tc.key, "cluster") && strings.HasPrefix(res.Type, "ekskit:controlplane") ||
						strings.HasPrefix(tc.key, "roles") && strings.HasPrefix(res.Type, "ekskit:roles") ||
						strings.HasPrefix(tc.key, "nodeGroups") && strings.HasPrefix(res.Type, "ekskit:nodegroup") {
						t.Errorf("%s registered despite the problem", res.URN)
					}
				}
			}
		})
	}
}

// TestSizesTheSameBothWays: the sizes the stack file and Go settings leave
// unset are derived the same way (once, by spec.NodeGroup.WithDefaults).
func TestSizesTheSameBothWays(t *testing.T) {
	for _, tc := range []struct {
		name  string
		yaml  map[string]any
		sizes spec.NodeGroup
		want  map[string]any
	}{
		{"min 3", map[string]any{"minSize": 3}, spec.NodeGroup{MinSize: new(3)},
			map[string]any{"minSize": float64(3), "maxSize": float64(3), "desiredSize": float64(3)}},
		{"max 5", map[string]any{"maxSize": 5}, spec.NodeGroup{MaxSize: new(5)},
			map[string]any{"minSize": float64(1), "maxSize": float64(5), "desiredSize": float64(1)}},
		{"nothing", map[string]any{}, spec.NodeGroup{},
			map[string]any{"minSize": float64(1), "maxSize": float64(2), "desiredSize": float64(1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flat := loadStack(t, "dev")
			if err := stackconfig.SetPath(flat, "ekskit:nodeGroups.simple-bank", tc.yaml); err != nil {
				t.Fatal(err)
			}
			fromYAML := inputs(t, runStack(t, "dev", flat), "aws:eks/nodeGroup:NodeGroup", "simple-bank")["scalingConfig"]

			cl, r, _ := devSettings()
			g, err := plan.Run(buildFromGo(cl, r, "simple-bank", tc.sizes), plan.Options{Project: "ekskit", Stack: "dev"})
			if err != nil {
				t.Fatal(err)
			}
			fromGo := inputs(t, g, "aws:eks/nodeGroup:NodeGroup", "simple-bank")["scalingConfig"]
			if !reflect.DeepEqual(fromYAML, tc.want) || !reflect.DeepEqual(fromGo, tc.want) {
				t.Errorf("scalingConfig: stack file %v, Go %v, want %v", fromYAML, fromGo, tc.want)
			}
		})
	}
}

// TestNilDependsOnOption: a nil resource in the pulumi.DependsOn option (the
// control plane's LogGroup with logging off, a typed nil) given to a
// component, or to cluster.Build, is an error before the component
// registers anything; the Pulumi SDK would crash the program on it.
func TestNilDependsOnOption(t *testing.T) {
	cl, r, ng := devSettings()
	for _, tc := range []struct {
		name    string
		program func(*pulumi.Context) error
		// registered is the component type that must not be registered
		registered string
	}{
		// logging is off: no log group
		{"node group", buildFromGo(cl, r, "simple-bank", ng, func(cp *controlplane.ControlPlane) pulumi.ResourceOption {
			return pulumi.DependsOn([]pulumi.Resource{cp.LogGroup})
		}), "ekskit:nodegroup:NodeGroup"},
		{"roles", func(ctx *pulumi.Context) error {
			_, err := roles.New(ctx, "eks", &roles.Args{Settings: r}, pulumi.DependsOn([]pulumi.Resource{nil, nil}))
			return err
		}, "ekskit:roles:Roles"},
		{"cluster.Build", func(ctx *pulumi.Context) error {
			_, err := cluster.Build(ctx, "eks", cluster.Settings{Roles: r, Cluster: cl, NodeGroups: map[string]spec.NodeGroup{"simple-bank": ng}},
				pulumi.DependsOn([]pulumi.Resource{nil}))
			return err
		}, "ekskit:roles:Roles"},
	} {
		g, err := plan.Run(tc.program, plan.Options{Project: "ekskit", Stack: "dev", Config: map[string]string{"aws:region": "us-east-1"}})
		if err == nil || !strings.Contains(err.Error(), "pulumi.DependsOn holds a nil resource") {
			t.Errorf("%s: %v", tc.name, err)
		}
		if g != nil && len(g.Find(tc.registered)) != 0 {
			t.Errorf("%s: %s registered", tc.name, tc.registered)
		}
	}
}

// TestPartialCloud: roles.New under plan.Run with a Cloud that sets only
// some fields gets the partition of DefaultCloud, not an empty answer.
func TestPartialCloud(t *testing.T) {
	for _, cloud := range []*plan.Cloud{{}, {Region: "eu-west-1"}, {AccountID: "111122223333"}} {
		g, err := plan.Run(func(ctx *pulumi.Context) error {
			_, err := roles.New(ctx, "eks", nil)
			return err
		}, plan.Options{Project: "ekskit", Stack: "dev", Cloud: cloud})
		if err != nil {
			t.Errorf("Cloud %+v: %v", *cloud, err)
			continue
		}
		if len(g.Find("aws:iam/role:Role")) != 2 {
			t.Errorf("Cloud %+v: roles %+v", *cloud, g.Find("aws:iam/role:Role"))
		}
	}
}

// TestExistingRoles: roles around existing IAM roles, read with
// iam.GetRole as roles.Roles.Usable says, go into the components under
// plan.Run: the roles are read, not created, and the cluster and the node
// group take their ARNs, known in a preview too.
func TestExistingRoles(t *testing.T) {
	const (
		clusterARN = "arn:aws:iam::123456789012:role/AWSEKSClusterRole"
		nodeARN    = "arn:aws:iam::123456789012:role/AWSEKSNodeRole"
	)
	cl, _, ng := devSettings()
	for _, preview := range []bool{true, false} {
		g, err := plan.Run(func(ctx *pulumi.Context) error {
			clusterRole, err := iam.GetRole(ctx, "cluster-role", pulumi.ID("AWSEKSClusterRole"), nil)
			if err != nil {
				return err
			}
			nodeRole, err := iam.GetRole(ctx, "node-role", pulumi.ID("AWSEKSNodeRole"), nil)
			if err != nil {
				return err
			}
			r := &roles.Roles{Partition: "aws", ClusterRole: clusterRole, NodeRoleARN: nodeRole.Arn}
			cp, err := controlplane.New(ctx, "eks", &controlplane.Args{Settings: cl, Roles: r})
			if err != nil {
				return err
			}
			_, err = nodegroup.New(ctx, "simple-bank", &nodegroup.Args{Settings: ng, ControlPlane: cp, Roles: r})
			return err
		}, plan.Options{Project: "ekskit", Stack: "dev", Preview: preview})
		if err != nil {
			t.Fatalf("preview %v: %v", preview, err)
		}
		var read []string
		for _, r := range g.Find("aws:iam/role:Role") {
			if r.Read {
				read = append(read, r.ID)
			} else if r.Parent == "" || !strings.Contains(r.Parent, "eks:index:Cluster") {
				t.Errorf("preview %v: role %s created", preview, r.URN) // pulumi-eks's own instance role aside
			}
		}
		if !reflect.DeepEqual(read, []string{"AWSEKSClusterRole", "AWSEKSNodeRole"}) {
			t.Errorf("preview %v: roles read %v", preview, read)
		}
		if got := inputs(t, g, "aws:eks/cluster:Cluster", "eks-eksCluster")["roleArn"]; got != clusterARN {
			t.Errorf("preview %v: cluster roleArn %v, want %s", preview, got, clusterARN)
		}
		if got := inputs(t, g, "aws:eks/nodeGroup:NodeGroup", "simple-bank")["nodeRoleArn"]; got != nodeARN {
			t.Errorf("preview %v: node group nodeRoleArn %v, want %s", preview, got, nodeARN)
		}
	}
}

// TestARNPartitionInTheLibrary: an ARN given to the components must be in
// the partition they build for, as in a stack file (where aws:region's
// partition decides): the roles' partition for the control plane's admins
// and key, the aws provider's (or Args.Partition) for the roles' policies.
func TestARNPartitionInTheLibrary(t *testing.T) {
	const cn, gov = "arn:aws-cn:iam::111122223333:role/admins", "arn:aws-us-gov:iam::111122223333:policy/boundary"
	for _, tc := range []struct {
		name    string
		program pulumi.RunFunc
		want    string
		// none is a type token no resource may have: the failing
		// component's children are not registered
		none string
	}{
		{"an admin of another partition", func(ctx *pulumi.Context) error {
			cl, r, n := devSettings()
			cl.Admins = []string{cn}
			return buildFromGo(cl, r, "simple-bank", n)(ctx)
		}, `admins[0]: "` + cn + `": an ARN of partition aws-cn, the roles' partition (Roles.Partition) is aws: use an ARN of aws`, "aws:eks/cluster:Cluster"},
		{"a key of another partition", func(ctx *pulumi.Context) error {
			cl, r, n := devSettings()
			cl.Encryption = &spec.Encryption{KeyARN: "arn:aws-cn:kms:cn-north-1:111122223333:key/0a1b2c3d-1234-4321-abcd-0a1b2c3d4e5f"}
			return buildFromGo(cl, r, "simple-bank", n)(ctx)
		}, `encryption.keyArn: "arn:aws-cn:kms:cn-north-1:111122223333:key/0a1b2c3d-1234-4321-abcd-0a1b2c3d4e5f": an ARN of partition aws-cn, the roles' partition (Roles.Partition) is aws: use an ARN of aws`, "aws:eks/cluster:Cluster"},
		{"a boundary of another partition than the provider's", func(ctx *pulumi.Context) error {
			cl, r, n := devSettings()
			r.PermissionsBoundary = gov
			return buildFromGo(cl, r, "simple-bank", n)(ctx)
		}, `permissionsBoundary: "` + gov + `": an ARN of partition aws-us-gov, the aws provider's partition is aws: use an ARN of aws`, "aws:iam/role:Role"},
		{"a cluster policy of another partition than Args.Partition", func(ctx *pulumi.Context) error {
			_, err := roles.New(ctx, "eks", &roles.Args{Partition: "aws-cn", ExtraClusterPolicyARNs: []string{"arn:aws:iam::aws:policy/AmazonEKSVPCResourceController"}})
			return err
		}, `extraClusterPolicyArns[0]: "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController": an ARN of partition aws, Args.Partition is aws-cn: use an ARN of aws-cn`, "aws:iam/role:Role"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := plan.Run(tc.program, plan.Options{Project: "ekskit", Stack: "dev", Config: map[string]string{"aws:region": "us-east-1"}})
			if !hasProblemLine(err, tc.want) {
				t.Fatalf("got %v, want the problem %q", err, tc.want)
			}
			if rs := g.Find(tc.none); len(rs) > 0 {
				t.Errorf("%s registered despite the problem", rs[0].URN)
			}
		})
	}
}

// TestRenameWithAlias: a cluster built under another name, with an alias
// naming the old one, is the deployed cluster: every resource, pulumi-eks's
// children too, is found by the aliases the engine generates from the
// components' (a child named after its parent under the parent's old
// name), and pulumi up changes only the Name tags pulumi-eks derives from
// its component's name; a resource reference to a moved role (pulumi-eks's
// serviceRole) is no change. Without the alias, each resource is deleted
// and created anew, and the creates of what has a fixed name (the cluster,
// the roles named in the settings) fail while the old ones stand.
func TestRenameWithAlias(t *testing.T) {
	cl, r, ng := devSettings()
	run := func(name string, opts ...pulumi.ResourceOption) plan.Document {
		g, err := plan.Run(func(ctx *pulumi.Context) error {
			_, err := cluster.Build(ctx, name, cluster.Settings{Roles: r, Cluster: cl, NodeGroups: map[string]spec.NodeGroup{"simple-bank": ng}}, opts...)
			return err
		}, plan.Options{Project: "ekskit", Stack: "dev", Preview: true, Config: map[string]string{"aws:region": "us-east-1"}})
		if err != nil {
			t.Fatal(err)
		}
		return g.Document()
	}
	base := run("eks")

	d := plan.Compare(base, run("platform", pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("eks")}})))
	var got []string
	for _, c := range d.Changes {
		got = append(got, fmt.Sprintf("%s %s %v %v", c.Op, c.Name, c.Inputs, c.Notes))
	}
	want := []string{}
	for _, child := range []struct{ typ, name string }{{"aws:ec2/securityGroup:SecurityGroup", "eksClusterSecurityGroup"},
		{"aws:eks/cluster:Cluster", "eksCluster"}, {"aws:ec2/securityGroup:SecurityGroup", "nodeSecurityGroup"}} {
		was := "urn:pulumi:dev::ekskit::ekskit:controlplane:ControlPlane$eks:index:Cluster$" + child.typ + "::eks-" + child.name
		want = append(want, fmt.Sprintf("update platform-%s [{tags.Name eks-%[1]s platform-%[1]s  }] [was eks-%[1]s (%s): an alias, "+
			"its own or its parent's, names it, so pulumi up keeps the deployed one]", child.name, was))
	}
	if !slices.Equal(got, want) {
		t.Errorf("renamed with an alias:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	renamed := run("platform")
	newURNs := 0 // the head's resources whose URN the base does not have: each is kept under it
	for _, r := range renamed.Resources {
		if !slices.ContainsFunc(base.Resources, func(b plan.DocumentResource) bool { return b.URN == r.URN }) {
			newURNs++
		}
	}
	if counts := d.Counts(); d.Moved != newURNs || newURNs < 20 ||
		!strings.HasSuffix(counts, fmt.Sprintf("; %d kept under new URNs (aliases)", newURNs)) {
		t.Errorf("%d moved (%s), want the %d resources under new URNs", d.Moved, counts, newURNs)
	}

	d = plan.Compare(base, renamed)
	if d.Moved != 0 || strings.Contains(d.Counts(), "URNs") {
		t.Errorf("%d moved (%s) without an alias", d.Moved, d.Counts())
	}
	fails := map[string]string{}
	for _, c := range d.Changes {
		if c.Fails != "" {
			fails[c.Name] = c.Fails
		}
	}
	for name, has := range map[string]string{"platform-eksCluster": `cluster eks-eksCluster has name "simple-bank"`,
		"platform-cluster": `IAM role eks-cluster has name "AWSEKSClusterRole"`, "platform-node": `IAM role eks-node has name "AWSEKSNodeRole"`} {
		if !strings.HasPrefix(fails[name], has+" now, which pulumi up deletes only after all its creates") ||
			!strings.Contains(fails[name], "give it an alias naming the old one (pulumi.Aliases: urn:pulumi:dev::ekskit::") {
			t.Errorf("%s fails: %q, want it to say %q and how to alias", name, fails[name], has)
		}
		delete(fails, name)
	}
	if len(fails) > 0 { // the add-ons' old ones go with their cluster
		t.Errorf("more fail: %v", fails)
	}
	if d.Count(plan.OpCreate) != d.Count(plan.OpDelete) || d.Count(plan.OpCreate) < 20 {
		t.Errorf("renamed without an alias: %d creates, %d deletes; want each resource deleted and created",
			d.Count(plan.OpCreate), d.Count(plan.OpDelete))
	}
}
