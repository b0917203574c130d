package controlplane_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/plan"
)

// setup says what run builds besides the control plane.
type setup struct {
	// nodeGroup: a node group on the control plane (nodegroup.New).
	nodeGroup bool
	preview   bool
	// partition of the cloud ("" for aws).
	partition string
	// roles are the roles' settings.
	roles roles.Settings
	// region is the stack's aws:region ("": the partition's).
	region string
	// defaultSubnets are the offline default VPC's default subnets, in
	// the region's zones by name (nil: one in each).
	defaultSubnets []string
}

// run builds roles, a control plane with settings s and, as asked, a node
// group.
func run(t *testing.T, s controlplane.Settings, with setup) (*plan.Graph, error) {
	t.Helper()
	cloud := plan.Cloud{Partition: with.partition} // the rest DefaultCloud's, the region the partition's
	if with.defaultSubnets != nil {
		cloud.DefaultVPCID, cloud.DefaultSubnetIDs = plan.DefaultCloud().DefaultVPCID, with.defaultSubnets
	}
	var config map[string]string
	if with.region != "" {
		config = map[string]string{"aws:region": with.region}
	}
	return plan.Run(func(ctx *pulumi.Context) error {
		r, err := roles.New(ctx, "demo", &roles.Args{Settings: with.roles, OmitNodeCNIPolicy: s.VPCCNIOwnRole()})
		if err != nil {
			return err
		}
		cp, err := controlplane.New(ctx, "demo", &controlplane.Args{Settings: s, Roles: r})
		if err != nil {
			return err
		}
		if with.nodeGroup {
			if _, err := nodegroup.New(ctx, "workers", &nodegroup.Args{ControlPlane: cp, Roles: r}); err != nil {
				return err
			}
		}
		ctx.Export("kubeconfig", cp.Kubeconfig)
		ctx.Export("oidcProviderArn", cp.OIDCProviderARN)
		return nil
	}, plan.Options{Project: "test", Stack: "unit", Preview: with.preview, Cloud: &cloud, Config: config})
}

// programInvokes are the look-ups the component makes itself: the plan also
// records pulumi-eks's, made with the aws version its plugin bundles.
func programInvokes(g *plan.Graph) []plan.Invoke {
	var out []plan.Invoke
	for _, inv := range g.Invokes {
		if inv.Version != plan.PulumiEKSAWSVersion {
			out = append(out, inv)
		}
	}
	return out
}

func mustRun(t *testing.T, s controlplane.Settings, with setup) *plan.Graph {
	t.Helper()
	g, err := run(t, s, with)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func one(t *testing.T, g *plan.Graph, typ string) plan.Resource {
	t.Helper()
	rs := g.Find(typ)
	if len(rs) != 1 {
		t.Fatalf("want one %s, got %d", typ, len(rs))
	}
	return rs[0]
}

var threeAddons = map[string]controlplane.Addon{"vpc-cni": {}, "coredns": {}, "kube-proxy": {}}

func TestClusterInputs(t *testing.T) {
	g := mustRun(t, controlplane.Settings{Name: "simple-bank", Version: "1.35", Addons: threeAddons}, setup{nodeGroup: true})
	comp := one(t, g, "ekskit:controlplane:ControlPlane")
	cl := one(t, g, "eks:index:Cluster")
	if !cl.Remote || cl.Custom || cl.Parent != comp.URN {
		t.Errorf("cluster: remote=%v custom=%v parent=%s", cl.Remote, cl.Custom, cl.Parent)
	}
	in := cl.Inputs.Mappable()
	want := map[string]any{
		"name": "simple-bank", "version": "1.35", "skipDefaultNodeGroup": true, "useDefaultVpcCni": true,
		"authenticationMode": "API", "createOidcProvider": true,
		"endpointPrivateAccess": true, "endpointPublicAccess": true, "publicAccessCidrs": []any{"0.0.0.0/0"},
		// the default VPC look-up's answer flows through
		"vpcId": plan.DefaultCloud().DefaultVPCID,
	}
	for k, v := range want {
		if !reflect.DeepEqual(in[k], v) {
			t.Errorf("%s = %#v, want %#v", k, in[k], v)
		}
	}
	var svc plan.Resource
	for _, r := range g.Find("aws:iam/role:Role") {
		if r.Name == "demo-cluster" {
			svc = r
		}
	}
	for _, a := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		if a.Name == "demo-cluster-AmazonEKSClusterPolicy" && !slices.Contains(cl.Dependencies, a.URN) {
			t.Errorf("the cluster does not wait for its role's policy: %v", cl.Dependencies)
		}
	}
	if ref := cl.Inputs["serviceRole"]; !ref.IsResourceReference() || string(ref.ResourceReferenceValue().URN) != svc.URN {
		t.Errorf("serviceRole = %v, want a reference to %s", ref, svc.URN)
	}
	for _, k := range []string{"enabledClusterLogTypes", "encryptionConfigKeyArn", "kubernetesServiceIpAddressRange", "accessEntries"} {
		if _, set := in[k]; set {
			t.Errorf("%s sent but not asked for", k)
		}
	}
	if cl.Options.Protect || len(g.Find("aws:kms/key:Key")) != 0 || len(g.Find("aws:cloudwatch/logGroup:LogGroup")) != 0 {
		t.Error("protect, a KMS key or a log group without being asked")
	}
	var tokens []string
	for _, inv := range programInvokes(g) {
		tokens = append(tokens, inv.Token)
	}
	slices.Sort(tokens)
	if !reflect.DeepEqual(tokens, []string{"aws:ec2/getSubnets:getSubnets", "aws:ec2/getVpc:getVpc",
		"aws:index/getAvailabilityZones:getAvailabilityZones", "aws:index/getPartition:getPartition"}) {
		t.Errorf("invokes = %v", tokens)
	}
}

// TestDefaultVPCZones: without a VPC the control plane takes the default
// VPC's default subnets in the zones EKS takes for a control plane. It
// asks for the region's zones less spec.ControlPlaneExcludedZoneIDs, and
// for the default subnets in those zones' IDs; the offline account has a
// default subnet in each zone, subnet-0default0000000<letter>, and names
// use1-az3 us-east-1c, usw1-az2 us-west-1b. In us-east-1 the cluster (and
// the node group, which takes its subnets) gets every default subnet but
// use1-az3's, in eu-west-1, with no such zone, every one; a default VPC
// left with fewer than two is an error before anything is sent to EKS.
func TestDefaultVPCZones(t *testing.T) {
	vpc := plan.DefaultCloud().DefaultVPCID
	for _, tc := range []struct {
		name, region string
		subnets      []string // the default VPC's; nil: one per zone
		// zoneIDs are the zones whose subnets are asked for, want the
		// cluster's subnets
		zoneIDs, want []string
		err           string
	}{
		{name: "us-east-1", region: "us-east-1",
			zoneIDs: []string{"use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"},
			want: []string{"subnet-0default0000000a", "subnet-0default0000000b", "subnet-0default0000000d",
				"subnet-0default0000000e", "subnet-0default0000000f"}},
		{name: "eu-west-1, no zone excluded", region: "eu-west-1",
			zoneIDs: []string{"euw1-az1", "euw1-az2", "euw1-az3"},
			want:    []string{"subnet-0default0000000a", "subnet-0default0000000b", "subnet-0default0000000c"}},
		{name: "us-west-1, one left", region: "us-west-1", subnets: []string{"subnet-1", "subnet-2"},
			zoneIDs: []string{"usw1-az1", "usw1-az3"},
			err: "control plane demo: default VPC " + vpc + ": 1 default subnet(s) in zones EKS takes for a control plane " +
				"(not use1-az3, usw1-az2, cac1-az3), and EKS needs two, in two zones: set vpcId and subnetIds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := run(t, controlplane.Settings{Name: "simple-bank"}, setup{nodeGroup: true, region: tc.region, defaultSubnets: tc.subnets})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			// what is asked of AWS
			asked := map[string]map[string]any{}
			for _, inv := range programInvokes(g) {
				asked[inv.Token] = inv.Args
			}
			wantZones := map[string]any{"excludeZoneIds": []any{"use1-az3", "usw1-az2", "cac1-az3"}}
			if got := asked["aws:index/getAvailabilityZones:getAvailabilityZones"]; !reflect.DeepEqual(got, wantZones) {
				t.Errorf("getAvailabilityZones args %v, want %v", got, wantZones)
			}
			var ids []any
			for _, id := range tc.zoneIDs {
				ids = append(ids, id)
			}
			wantSubnets := map[string]any{"filters": []any{
				map[string]any{"name": "vpc-id", "values": []any{vpc}},
				map[string]any{"name": "default-for-az", "values": []any{"true"}},
				map[string]any{"name": "availability-zone-id", "values": ids},
			}}
			if got := asked["aws:ec2/getSubnets:getSubnets"]; !reflect.DeepEqual(got, wantSubnets) {
				t.Errorf("getSubnets args %v, want %v", got, wantSubnets)
			}
			if tc.err != "" {
				return
			}
			var want []any
			for _, id := range tc.want {
				want = append(want, id)
			}
			if got := one(t, g, "eks:index:Cluster").Inputs.Mappable()["subnetIds"]; !reflect.DeepEqual(got, want) {
				t.Errorf("cluster subnetIds %v, want %v", got, want)
			}
			if got := one(t, g, "aws:eks/nodeGroup:NodeGroup").Inputs.Mappable()["subnetIds"]; !reflect.DeepEqual(got, want) {
				t.Errorf("node group subnetIds %v, want the cluster's %v", got, want)
			}
		})
	}
}

func TestAddonOrdering(t *testing.T) {
	g := mustRun(t, controlplane.Settings{Name: "simple-bank", Addons: threeAddons}, setup{nodeGroup: true})
	cl := one(t, g, "eks:index:Cluster")
	node := one(t, g, "aws:eks/nodeGroup:NodeGroup").URN
	addons := map[string]plan.Resource{}
	for _, a := range g.Find("aws:eks/addon:Addon") {
		addons[a.Inputs["addonName"].StringValue()] = a
		if a.Inputs["clusterName"].StringValue() != "simple-bank" {
			t.Errorf("%s clusterName = %v", a.Name, a.Inputs["clusterName"])
		}
		if !reflect.DeepEqual(a.PropertyDependencies["clusterName"], []string{cl.URN}) {
			t.Errorf("%s: clusterName does not come from the cluster: %v", a.Name, a.PropertyDependencies)
		}
		if a.Inputs["resolveConflictsOnCreate"].StringValue() != "OVERWRITE" {
			t.Errorf("%s resolveConflictsOnCreate = %v", a.Name, a.Inputs["resolveConflictsOnCreate"])
		}
		if _, set := a.Inputs["addonVersion"]; set {
			t.Errorf("%s: addonVersion sent; empty version means the EKS default", a.Name)
		}
	}
	if len(addons) != 3 {
		t.Fatalf("add-ons = %v", addons)
	}
	for _, n := range []string{"vpc-cni", "kube-proxy"} {
		if slices.Contains(addons[n].Dependencies, node) {
			t.Errorf("%s waits for node groups; it should not", n)
		}
	}
	if !slices.Contains(addons["coredns"].Dependencies, node) {
		t.Errorf("coredns dependencies = %v, want the node group %s", addons["coredns"].Dependencies, node)
	}
}

// TestCorednsWaitsForNodes: coredns is created by the first node group,
// after it; with no node group it is not created (the stack config refuses
// that case up front).
func TestCorednsWaitsForNodes(t *testing.T) {
	g, err := run(t, controlplane.Settings{Name: "simple-bank"}, setup{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range g.Find("aws:eks/addon:Addon") {
		names = append(names, a.Inputs["addonName"].StringValue())
	}
	if slices.Sort(names); !reflect.DeepEqual(names, []string{"kube-proxy", "vpc-cni"}) {
		t.Errorf("add-ons without node groups: %v, want the two DaemonSet ones", names)
	}
}

func TestHardened(t *testing.T) {
	g := mustRun(t, controlplane.Settings{
		Name: "prod", EndpointAccess: controlplane.EndpointPrivate,
		VPCID: "vpc-0123456789abcdef0", SubnetIDs: []string{"subnet-0123456789abcdef1", "subnet-0123456789abcdef2"},
		Logging:          []string{"api", "audit", "authenticator", "controllerManager", "scheduler"},
		LogRetentionDays: new(365), Encryption: &controlplane.Encryption{Create: true}, Protect: true, ServiceIPv4CIDR: "172.20.0.0/16",
		Admins: []string{"arn:aws-us-gov:iam::111122223333:role/platform-admins"},
		Addons: map[string]controlplane.Addon{
			"vpc-cni":    {IRSA: true, Version: "latest", ResolveConflicts: "PRESERVE"},
			"kube-proxy": {Version: "v1.35.0-eksbuild.2", ConfigurationValues: `{"mode":"ipvs"}`, Preserve: new(false)},
		},
	}, setup{nodeGroup: true, partition: "aws-us-gov"})
	cl := one(t, g, "eks:index:Cluster")
	in := cl.Inputs.Mappable()
	if in["endpointPrivateAccess"] != true || in["endpointPublicAccess"] != false {
		t.Errorf("endpoint flags: %v %v", in["endpointPrivateAccess"], in["endpointPublicAccess"])
	}
	if _, set := in["publicAccessCidrs"]; set {
		t.Error("publicAccessCidrs sent for a private endpoint")
	}
	if !cl.Options.Protect {
		t.Error("cluster not protected")
	}
	if inv := programInvokes(g); len(inv) != 2 || inv[0].Token != "aws:index/getPartition:getPartition" ||
		inv[1].Token != "aws:eks/getAddonVersion:getAddonVersion" || inv[1].Args["mostRecent"] != true {
		t.Errorf("want only the partition and add-on version look-ups (no default VPC), got %+v", inv)
	}
	if got := in["kubernetesServiceIpAddressRange"]; got != "172.20.0.0/16" {
		t.Errorf("service CIDR = %v", got)
	}
	logs := one(t, g, "aws:cloudwatch/logGroup:LogGroup")
	if logs.Inputs["name"].StringValue() != "/aws/eks/prod/cluster" || logs.Inputs["retentionInDays"].NumberValue() != 365 {
		t.Errorf("log group inputs: %v", logs.Inputs)
	}
	if !slices.Contains(cl.Dependencies, logs.URN) {
		t.Error("the cluster does not wait for its log group")
	}
	// protected with the cluster: its audit logs go with it
	if !logs.Options.Protect || logs.Options.RetainOnDelete {
		t.Errorf("log group options %+v, want protected with the cluster, not retained", logs.Options)
	}
	// 0: no retention policy, the logs are kept forever; an unprotected
	// cluster's log group is not protected
	forever := mustRun(t, controlplane.Settings{Name: "prod", Logging: []string{"audit"}, LogRetentionDays: new(0)}, setup{nodeGroup: true})
	if v, ok := one(t, forever, "aws:cloudwatch/logGroup:LogGroup").Inputs["retentionInDays"]; !ok || v.NumberValue() != 0 {
		t.Errorf("retentionInDays for logs kept forever: %v", v)
	}
	if one(t, forever, "aws:cloudwatch/logGroup:LogGroup").Options.Protect {
		t.Error("an unprotected cluster's log group is protected")
	}
	key := one(t, g, "aws:kms/key:Key")
	if !key.Options.Protect || !key.Options.RetainOnDelete || key.Inputs["enableKeyRotation"].BoolValue() != true {
		t.Errorf("KMS key options %+v, rotation %v", key.Options, key.Inputs["enableKeyRotation"])
	}
	if !reflect.DeepEqual(cl.PropertyDependencies["encryptionConfigKeyArn"], []string{key.URN}) {
		t.Errorf("encryptionConfigKeyArn does not come from the key: %v", cl.PropertyDependencies)
	}
	entries := in["accessEntries"].(map[string]any)
	entry := entries["admin-111122223333-role/platform-admins"].(map[string]any)
	policy := entry["accessPolicies"].(map[string]any)["admin"].(map[string]any)
	if policy["policyArn"] != "arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" ||
		entry["principalArn"] != "arn:aws-us-gov:iam::111122223333:role/platform-admins" {
		t.Errorf("access entry = %v", entry)
	}

	for _, a := range g.Find("aws:eks/addon:Addon") {
		switch a.Inputs["addonName"].StringValue() {
		case "vpc-cni":
			if a.Inputs["resolveConflictsOnCreate"].StringValue() != "OVERWRITE" || a.Inputs["resolveConflictsOnUpdate"].StringValue() != "PRESERVE" {
				t.Errorf("vpc-cni conflicts: %v", a.Inputs)
			}
			// by default a delete leaves the software running
			if p, ok := a.Inputs["preserve"]; !ok || !p.BoolValue() {
				t.Errorf("vpc-cni preserve: %v", a.Inputs["preserve"])
			}
			if !strings.HasPrefix(a.Inputs["addonVersion"].StringValue(), "v0.0.0-offline") {
				t.Errorf("vpc-cni version does not come from the look-up: %v", a.Inputs["addonVersion"])
			}
			// its role: TestAddonRoles
		case "kube-proxy":
			if a.Inputs["addonVersion"].StringValue() != "v1.35.0-eksbuild.2" || a.Inputs["configurationValues"].StringValue() != `{"mode":"ipvs"}` ||
				a.Inputs["preserve"].BoolValue() {
				t.Errorf("kube-proxy: %v", a.Inputs)
			}
		}
	}
}

// TestCNIRoleAsTheRoles: vpc-cni's IRSA role takes the roles' IAM path and
// permissions boundary, which an account may require of every role.
func TestCNIRoleAsTheRoles(t *testing.T) {
	const boundary = "arn:aws:iam::111122223333:policy/eks-boundary"
	g := mustRun(t, controlplane.Settings{Name: "demo", Addons: map[string]controlplane.Addon{"vpc-cni": {IRSA: true}}},
		setup{roles: roles.Settings{Path: "/eks/", PermissionsBoundary: boundary}})
	var n int
	for _, r := range g.Find("aws:iam/role:Role") {
		n++
		if r.Inputs["path"].StringValue() != "/eks/" || r.Inputs["permissionsBoundary"].StringValue() != boundary {
			t.Errorf("%s: path %v, boundary %v", r.Name, r.Inputs["path"], r.Inputs["permissionsBoundary"])
		}
	}
	if n != 3 {
		t.Errorf("%d roles, want the cluster's, the nodes' and vpc-cni's", n)
	}
}

// TestAddonRoles: each add-on that asks for a role of its own gets one
// that its service account can assume (a pattern matched with StringLike
// for the EFS driver's accounts, as the EKS user guide's trust policy
// does), with the AWS managed policies the add-on's page in the EKS user
// guide names, in the cloud's partition; the add-on takes the role and
// waits for its policies. The expected accounts and policies are the
// guide's, written out here; the settings' PolicyARNs go to the role too.
func TestAddonRoles(t *testing.T) {
	const kms, buckets = "arn:aws-us-gov:iam::111122223333:policy/ebs-kms", "arn:aws-us-gov:iam::111122223333:policy/eks-buckets"
	for _, tc := range []struct {
		addon, prefix, condition, sub string
		extra                         []string // the settings' PolicyARNs
		policies                      []string
	}{
		{"vpc-cni", "prod-vpc-cni-", "StringEquals", "system:serviceaccount:kube-system:aws-node", nil,
			[]string{"arn:aws-us-gov:iam::aws:policy/AmazonEKS_CNI_Policy"}},
		{"aws-ebs-csi-driver", "prod-ebs-csi-", "StringEquals", "system:serviceaccount:kube-system:ebs-csi-controller-sa", []string{kms},
			[]string{kms, "arn:aws-us-gov:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"}},
		{"aws-efs-csi-driver", "prod-efs-csi-", "StringLike", "system:serviceaccount:kube-system:efs-csi-*", nil,
			[]string{"arn:aws-us-gov:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"}},
		{"amazon-cloudwatch-observability", "prod-cloudwatch-", "StringEquals", "system:serviceaccount:amazon-cloudwatch:cloudwatch-agent", nil,
			[]string{"arn:aws-us-gov:iam::aws:policy/AWSXrayWriteOnlyAccess", "arn:aws-us-gov:iam::aws:policy/CloudWatchAgentServerPolicy"}},
		{"aws-mountpoint-s3-csi-driver", "prod-s3-csi-", "StringEquals", "system:serviceaccount:kube-system:s3-csi-driver-sa", []string{buckets},
			[]string{buckets}},
	} {
		t.Run(tc.addon, func(t *testing.T) {
			addons := map[string]controlplane.Addon{"vpc-cni": {}, "kube-proxy": {}, "coredns": {}, tc.addon: {IRSA: true, PolicyARNs: tc.extra}}
			g := mustRun(t, controlplane.Settings{Name: "prod", Addons: addons},
				setup{nodeGroup: true, partition: "aws-us-gov", roles: roles.Settings{Path: "/eks/"}})
			role := addonRole(t, g, tc.addon)
			if !slices.Contains(role.Dependencies, one(t, g, "eks:index:Cluster").URN) {
				t.Error("the role's trust does not wait for the cluster, whose OIDC provider it names")
			}
			if got := role.Inputs["namePrefix"].StringValue(); got != tc.prefix || role.Inputs["path"].StringValue() != "/eks/" {
				t.Errorf("namePrefix %q, path %v; want %q in the roles' path", got, role.Inputs["path"], tc.prefix)
			}
			var trust roles.PolicyDocument
			if err := json.Unmarshal([]byte(role.Inputs["assumeRolePolicy"].StringValue()), &trust); err != nil {
				t.Fatalf("trust: %v", err)
			}
			if len(trust.Statement) != 1 {
				t.Fatalf("trust = %+v, want the IRSA statement only", trust)
			}
			st := trust.Statement[0]
			var sub, aud string
			for cond, kv := range st.Condition {
				for k, v := range kv {
					switch {
					case strings.HasSuffix(k, ":sub") && cond == tc.condition:
						sub = v
					case strings.HasSuffix(k, ":aud") && cond == "StringEquals":
						aud = v
					}
				}
			}
			if !slices.Equal(st.Action, roles.Actions{"sts:AssumeRoleWithWebIdentity"}) || !strings.HasPrefix(st.Principal["Federated"], "arn:aws-us-gov:iam::") ||
				sub != tc.sub || aud != "sts.amazonaws.com" || len(st.Condition) != map[bool]int{true: 2, false: 1}[tc.condition == "StringLike"] {
				t.Errorf("trust = %+v, want %s %s and the audience", st, tc.condition, tc.sub)
			}
			var policies, attachments []string
			for _, at := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
				if slices.Equal(at.PropertyDependencies["role"], []string{role.URN}) {
					policies, attachments = append(policies, at.Inputs["policyArn"].StringValue()), append(attachments, at.URN)
				}
			}
			if slices.Sort(policies); !slices.Equal(policies, tc.policies) {
				t.Errorf("policies %v, want %v", policies, tc.policies)
			}
			var addon plan.Resource
			for _, a := range g.Find("aws:eks/addon:Addon") {
				if a.Inputs["addonName"].StringValue() == tc.addon {
					addon = a
				}
				if a.Inputs["addonName"].StringValue() != tc.addon && a.Inputs.HasValue("serviceAccountRoleArn") {
					t.Errorf("%s takes a role: %v", a.Name, a.Inputs["serviceAccountRoleArn"])
				}
			}
			if addon.Inputs.HasValue("podIdentityAssociations") {
				t.Errorf("%s given pod identity associations without podIdentity: %v", tc.addon, addon.Inputs["podIdentityAssociations"])
			}
			if !slices.Equal(addon.PropertyDependencies["serviceAccountRoleArn"], []string{role.URN}) {
				t.Errorf("serviceAccountRoleArn from %v, want the role", addon.PropertyDependencies["serviceAccountRoleArn"])
			}
			for _, at := range attachments {
				if !slices.Contains(addon.Dependencies, at) {
					t.Errorf("the add-on does not wait for %s", at)
				}
			}
			if n := len(g.Find("aws:iam/role:Role")); n != 3 {
				t.Errorf("%d roles, want the cluster's, the nodes' and the add-on's", n)
			}
		})
	}
}

// addonRole is the IAM role the control plane "demo" made for an add-on.
func addonRole(t *testing.T, g *plan.Graph, addon string) plan.Resource {
	t.Helper()
	for _, r := range g.Find("aws:iam/role:Role") {
		if r.Name == "demo-"+addon {
			return r
		}
	}
	t.Fatalf("no role demo-%s", addon)
	return plan.Resource{}
}

// TestAddonPodIdentity: an add-on given its role through EKS Pod
// Identity gets a role that EKS Pod Identity may assume (the trust policy
// of the EKS user guide's "Create an IAM role for EKS Pod Identity",
// whole), associated with the add-on's service account, and waits for
// the Pod Identity agent and the role's policies; with IRSA too, the role
// trusts both ways and the add-on is given both. vpc-cni, created before
// any node, waits for the agent as much as an add-on created after.
func TestAddonPodIdentity(t *testing.T) {
	const podIdentity = `{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}`
	for _, tc := range []struct {
		addon   string
		irsa    bool
		account string
		policy  string
	}{
		{"aws-ebs-csi-driver", false, "ebs-csi-controller-sa", "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"},
		{"aws-efs-csi-driver", false, "efs-csi-controller-sa", "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"},
		{"aws-fsx-csi-driver", false, "fsx-csi-controller-sa", "arn:aws:iam::aws:policy/AmazonFSxFullAccess"},
		{"amazon-cloudwatch-observability", false, "cloudwatch-agent", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"},
		{"vpc-cni", false, "aws-node", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"},
		{"vpc-cni", true, "aws-node", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"},
		// from its v2 add-on, with the user's policy for its buckets
		{"aws-mountpoint-s3-csi-driver", false, "s3-csi-driver-sa", "arn:aws:iam::111122223333:policy/eks-buckets"},
	} {
		t.Run(fmt.Sprintf("%s irsa %v", tc.addon, tc.irsa), func(t *testing.T) {
			ad := controlplane.Addon{IRSA: tc.irsa, PodIdentity: true}
			if tc.addon == "aws-mountpoint-s3-csi-driver" {
				ad.Version, ad.PolicyARNs = "latest", []string{tc.policy}
			}
			addons := map[string]controlplane.Addon{"vpc-cni": {}, "kube-proxy": {}, "coredns": {}, "eks-pod-identity-agent": {},
				tc.addon: ad}
			g := mustRun(t, controlplane.Settings{Name: "demo", Addons: addons}, setup{nodeGroup: true})
			role := addonRole(t, g, tc.addon)
			trust := role.Inputs["assumeRolePolicy"].StringValue()
			if want := `{"Version":"2012-10-17","Statement":[` + podIdentity + `]}`; !tc.irsa && trust != want {
				t.Errorf("trust =\n%s\nwant\n%s", trust, want)
			}
			if tc.irsa && (!strings.HasSuffix(trust, ","+podIdentity+"]}") || !strings.Contains(trust, `"sts:AssumeRoleWithWebIdentity"`) ||
				!strings.Contains(trust, ":sub\":\"system:serviceaccount:kube-system:"+tc.account+`"`)) {
				t.Errorf("trust = %s, want the IRSA statement for kube-system/%s and then Pod Identity's", trust, tc.account)
			}
			addon, agent := plan.Resource{}, plan.Resource{}
			for _, a := range g.Find("aws:eks/addon:Addon") {
				switch a.Inputs["addonName"].StringValue() {
				case tc.addon:
					addon = a
				case "eks-pod-identity-agent":
					agent = a
				}
			}
			assoc := addon.Inputs["podIdentityAssociations"]
			if !assoc.IsArray() || len(assoc.ArrayValue()) != 1 ||
				assoc.ArrayValue()[0].ObjectValue()["serviceAccount"].StringValue() != tc.account {
				t.Errorf("podIdentityAssociations = %v, want one for %s", assoc, tc.account)
			}
			if !slices.Equal(addon.PropertyDependencies["podIdentityAssociations"], []string{role.URN}) {
				t.Errorf("podIdentityAssociations from %v, want the role", addon.PropertyDependencies["podIdentityAssociations"])
			}
			if got := addon.Inputs.HasValue("serviceAccountRoleArn"); got != tc.irsa {
				t.Errorf("serviceAccountRoleArn given: %v, want %v (with irsa)", got, tc.irsa)
			}
			if !slices.Contains(addon.Dependencies, agent.URN) {
				t.Errorf("%s does not wait for the Pod Identity agent: %v", tc.addon, addon.Dependencies)
			}
			var policies []string
			for _, at := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
				if slices.Equal(at.PropertyDependencies["role"], []string{role.URN}) {
					policies = append(policies, at.Inputs["policyArn"].StringValue())
					if !slices.Contains(addon.Dependencies, at.URN) {
						t.Errorf("the add-on does not wait for %s", at.URN)
					}
				}
			}
			if !slices.Contains(policies, tc.policy) {
				t.Errorf("policies %v, want %s", policies, tc.policy)
			}
		})
	}
}

// TestSettingsIsACopy: what a caller does to the settings it passed, or to
// those it reads, does not reach the resources the control plane creates
// later (its add-ons, pulumi-eks's children, which its transform changes
// when the plugin registers them), nor does what it does to AddonRoles.
func TestSettingsIsACopy(t *testing.T) {
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		r, err := roles.New(ctx, "demo", &roles.Args{})
		if err != nil {
			return err
		}
		tags, sgs := map[string]string{"team": "platform"}, []string{"sg-0123456789abcdef0"}
		cp, err := controlplane.New(ctx, "demo", &controlplane.Args{Roles: r, Settings: controlplane.Settings{Name: "demo",
			Tags: tags, SubnetIDs: []string{"subnet-0123456789abcdef1", "subnet-0123456789abcdef2"},
			VPCID: "vpc-0123456789abcdef0", SecurityGroupIDs: sgs,
			Addons: map[string]controlplane.Addon{"vpc-cni": {}, "kube-proxy": {}, "coredns": {}, "aws-ebs-csi-driver": {IRSA: true}}}})
		if err != nil {
			return err
		}
		tags["Name"], sgs[0] = "bastion", "sg-0fffffffffffffff0"
		delete(cp.AddonRoles, "aws-ebs-csi-driver") // before the first node group creates the add-on
		s := cp.Settings()
		s.Addons["coredns"] = controlplane.Addon{Version: "v0.0.1-eksbuild.1"}
		s.Tags["team"], s.SubnetIDs[0] = "changed", "subnet-changed"
		if again := cp.Settings(); again.Addons["coredns"].Version != "" || again.Tags["team"] != "platform" || again.SubnetIDs[0] == "subnet-changed" {
			t.Errorf("settings changed through a copy: %+v", again)
		}
		_, err = nodegroup.New(ctx, "workers", &nodegroup.Args{ControlPlane: cp, Roles: r})
		return err
	}, plan.Options{Project: "test", Stack: "unit"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range g.Find("aws:eks/addon:Addon") {
		if v, set := a.Inputs["addonVersion"]; set {
			t.Errorf("%s: addonVersion %v, want EKS's default", a.Name, v)
		}
		if a.Inputs["addonName"].StringValue() == "aws-ebs-csi-driver" && len(a.PropertyDependencies["serviceAccountRoleArn"]) != 1 {
			t.Errorf("the EBS driver takes no role once the caller's AddonRoles lost it: %v", a.Inputs)
		}
	}
	for _, r := range g.Resources {
		if tags := r.Inputs["tags"]; tags.IsObject() && tags.ObjectValue().HasValue("Name") && tags.ObjectValue()["Name"].StringValue() == "bastion" {
			t.Errorf("%s %s: tags %v: the caller's map changed after New", r.Type, r.Name, tags)
		}
	}
	cl := one(t, g, "aws:eks/cluster:Cluster")
	if sgs := cl.Inputs["vpcConfig"].ObjectValue()["securityGroupIds"].Mappable(); !slices.Contains(sgs.([]any), "sg-0123456789abcdef0") {
		t.Errorf("cluster's security groups %v, want the caller's as they were at New", sgs)
	}
}

func TestOutputs(t *testing.T) {
	for _, preview := range []bool{false, true} {
		g, err := run(t, controlplane.Settings{Name: "simple-bank"}, setup{preview: preview})
		if err != nil {
			t.Fatal(err)
		}
		if kc := g.Outputs["kubeconfig"]; !kc.IsSecret() {
			t.Errorf("preview=%v: kubeconfig not secret: %v", preview, kc)
		}
		if preview && !g.Outputs["oidcProviderArn"].IsComputed() {
			t.Errorf("preview: oidcProviderArn known before apply: %v", g.Outputs["oidcProviderArn"])
		}
	}
}

func TestValidate(t *testing.T) {
	err := controlplane.Args{Settings: controlplane.Settings{Name: "x!", EndpointAccess: "Private", VPCID: "vpc-1",
		SecurityGroupIDs: []string{"a", "b", "c", "d", "e"}, Encryption: &controlplane.Encryption{KeyARN: "arn", Create: true},
		Logging: []string{"API", "controllermanager"},
		Addons: map[string]controlplane.Addon{"coredns": {IRSA: true}, "corends": {},
			"aws-mountpoint-s3-csi-driver":    {IRSA: true},
			"aws-fsx-csi-driver":              {IRSA: true, PolicyARNs: []string{"arn:aws:iam::aws:policy/AmazonFSxFullAccess"}},
			"vpc-cni":                         {PolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
			"aws-ebs-csi-driver":              {IRSA: true, PolicyARNs: []string{"arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"}},
			"amazon-cloudwatch-observability": {IRSA: true, PolicyARNs: policyARNs(9)}}}}.Validate()
	for _, want := range []string{
		`name: "x!": must be 1 to 100 letters`, "roles: required", `vpcId: "vpc-1": vpcId and subnetIds go together`,
		"securityGroupIds: 5: at most 3", `endpointAccess: "Private": must be one of`, "encryption: set keyArn or create: true, not both",
		"addons.coredns.irsa: true: ekskit makes an IAM role of their own for amazon-cloudwatch-observability, aws-ebs-csi-driver, " +
			"aws-efs-csi-driver, aws-mountpoint-s3-csi-driver, vpc-cni only; if it calls AWS APIs, give its service account a role outside ekskit",
		"addons.aws-mountpoint-s3-csi-driver.policyArns: required with irsa: AWS has no managed policy for aws-mountpoint-s3-csi-driver, " +
			"whose permissions name the buckets it mounts: give the ARN of a policy that grants them",
		"addons.aws-fsx-csi-driver.irsa: true: aws-fsx-csi-driver takes its role through EKS Pod Identity only: set podIdentity: true instead",
		"addons.vpc-cni.policyArns: given without irsa or podIdentity: they go to the add-on's own role, which irsa or podIdentity " +
			"makes: set irsa: true or podIdentity: true",
		`addons.aws-fsx-csi-driver.policyArns[0]: "arn:aws:iam::aws:policy/AmazonFSxFullAccess": AmazonFSxFullAccess ` +
			"is the name of a managed policy ekskit attaches (AmazonFSxFullAccess): a policy of that name cannot be added",
		`addons.aws-ebs-csi-driver.policyArns[0]: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy": AmazonEBSCSIDriverPolicy ` +
			"is the name of a managed policy ekskit attaches (AmazonEBSCSIDriverPolicy): a policy of that name cannot be added",
		"addons.amazon-cloudwatch-observability.policyArns: 9: at most 8: with the amazon-cloudwatch-observability role's 2 managed " +
			"policies, 10 in all, the account's quota of managed policies per role (set policiesPerRole if it was raised)",
		`addons.corends: "corends": not an EKS add-on (did you mean "coredns"?)`,
		`logging[0]: "API": must be one of`, `logging[1]: "controllermanager": must be one of`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %s: %v", want, err)
		}
	}
	if err := (controlplane.Args{}).Validate(); err == nil || !strings.Contains(err.Error(), "name: required") {
		t.Errorf("no name: %v", err)
	}
	// New reports them before registering anything, naming the control plane
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		_, err := controlplane.New(ctx, "demo", nil)
		return err
	}, plan.Options{Project: "test", Stack: "unit"})
	if err == nil || !strings.Contains(err.Error(), "control plane demo: 2 config problem(s)") || g == nil || len(g.Resources) != 0 {
		t.Errorf("New with no args: %v, registered %v", err, g)
	}
	// roles not from roles.New, an STS session as an admin, plain empty network inputs
	err = controlplane.Args{Roles: &roles.Roles{}, Network: &controlplane.Network{VPCID: pulumi.String(""), SubnetIDs: pulumi.StringArray{}},
		Settings: controlplane.Settings{Name: "demo", Admins: []string{"arn:aws:sts::111122223333:assumed-role/admin/alice"}}}.Validate()
	for _, want := range []string{
		`roles.partition: "": must be one of aws, aws-cn, aws-us-gov`, "roles.clusterRole: required",
		`admins[0]: "arn:aws:sts::111122223333:assumed-role/admin/alice": must be an IAM role or user ARN`,
		`network.vpcId: "": required`, "network.subnetIds: 0: need at least two subnets",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %s: %v", want, err)
		}
	}
}

// TestAdminsEachGetAnEntry: principals with the same name in other
// accounts or paths each get their own access entry.
func TestAdminsEachGetAnEntry(t *testing.T) {
	admins := []string{"arn:aws:iam::111111111111:role/admin", "arn:aws:iam::222222222222:role/admin",
		"arn:aws:iam::111111111111:role/team/admin", "arn:aws:iam::111111111111:role/team-admin", "arn:aws:iam::111111111111:user/admin"}
	g := mustRun(t, controlplane.Settings{Name: "demo", Admins: admins}, setup{nodeGroup: true})
	var principals []string
	for _, e := range g.Find("aws:eks/accessEntry:AccessEntry") {
		principals = append(principals, e.Inputs["principalArn"].StringValue())
	}
	slices.Sort(principals)
	if want := slices.Sorted(slices.Values(admins)); !slices.Equal(principals, want) {
		t.Errorf("access entries for %v, want one per admin %v", principals, want)
	}
}

// TestAccess: each principal of access gets an access entry keyed by it
// (not an admin's key), with its Kubernetes groups, and an association
// per policy: at cluster scope, or in its namespaces, under the policy's
// ARN in the cluster's partition; replaced delete-first (the transform's
// option reaches pulumi-eks's children).
func TestAccess(t *testing.T) {
	g := mustRun(t, controlplane.Settings{Name: "demo",
		Admins: []string{"arn:aws-us-gov:iam::111122223333:role/admin"},
		Access: []controlplane.Access{{PrincipalARN: "arn:aws-us-gov:iam::111122223333:role/dev", KubernetesGroups: []string{"readers"},
			Policies: map[string]controlplane.AccessScope{"AmazonEKSViewPolicy": {}, "AmazonEKSEditPolicy": {Namespaces: []string{"team-a", "dev-*"}}}},
			{PrincipalARN: "arn:aws-us-gov:iam::111122223333:user/ci", KubernetesGroups: []string{"deployers"}}},
	}, setup{nodeGroup: true, partition: "aws-us-gov"})
	entries := map[string]string{}
	for _, e := range g.Find("aws:eks/accessEntry:AccessEntry") {
		groups := "-"
		if v, ok := e.Inputs["kubernetesGroups"]; ok {
			groups = fmt.Sprint(v.ArrayValue())
		}
		entries[e.Name] = e.Inputs["principalArn"].StringValue() + " " + groups
	}
	wantEntries := map[string]string{
		"demo-admin-111122223333-role/admin": "arn:aws-us-gov:iam::111122223333:role/admin -",
		"demo-access-111122223333-role/dev":  `arn:aws-us-gov:iam::111122223333:role/dev [{readers}]`,
		"demo-access-111122223333-user/ci":   `arn:aws-us-gov:iam::111122223333:user/ci [{deployers}]`,
	}
	if !reflect.DeepEqual(entries, wantEntries) {
		t.Errorf("access entries:\n got %v\nwant %v", entries, wantEntries)
	}
	policies := map[string]string{}
	for _, a := range g.Find("aws:eks/accessPolicyAssociation:AccessPolicyAssociation") {
		if !a.Options.DeleteBeforeReplace {
			t.Errorf("%s: not replaced delete-first", a.Name)
		}
		scope := a.Inputs["accessScope"].ObjectValue()
		s := scope["type"].StringValue()
		if ns, ok := scope["namespaces"]; ok {
			s += fmt.Sprint(ns.ArrayValue())
		}
		policies[a.Name] = a.Inputs["policyArn"].StringValue() + " " + s
	}
	const arn = "arn:aws-us-gov:eks::aws:cluster-access-policy/"
	wantPolicies := map[string]string{
		"demo-admin-111122223333-role/admin-admin":              arn + "AmazonEKSClusterAdminPolicy cluster",
		"demo-access-111122223333-role/dev-AmazonEKSViewPolicy": arn + "AmazonEKSViewPolicy cluster",
		"demo-access-111122223333-role/dev-AmazonEKSEditPolicy": arn + "AmazonEKSEditPolicy namespace[{team-a} {dev-*}]",
	}
	if !reflect.DeepEqual(policies, wantPolicies) {
		t.Errorf("access policy associations:\n got %v\nwant %v", policies, wantPolicies)
	}
}

func TestChildTransform(t *testing.T) {
	tr := controlplane.ChildTransform("6.83.4", []string{"sg-extra1"}, "STANDARD")
	for _, other := range []pulumi.ResourceTransformArgs{
		{Type: "pulumi:providers:kubernetes", Custom: true, Opts: pulumi.ResourceOptions{Version: "4.15.0"}},
		{Type: "eks:index:ServiceRole", Opts: pulumi.ResourceOptions{Version: "2.8.1"}},
		{Type: "aws:iam/role:Role", Custom: false}, // not a custom resource: no aws provider
	} {
		if got := tr(context.Background(), &other); got != nil {
			t.Errorf("%s changed: %+v", other.Type, got)
		}
	}
	// any aws child moves to the program's pulumi-aws, its options kept
	sg := pulumi.Map{"vpcId": pulumi.String("vpc-1")}
	got := tr(context.Background(), &pulumi.ResourceTransformArgs{Type: "aws:ec2/securityGroup:SecurityGroup", Custom: true,
		Props: sg, Opts: pulumi.ResourceOptions{Version: "6.45.0", IgnoreChanges: []string{"tags"}, Protect: true}})
	if got == nil || got.Opts.Version != "6.83.4" || !reflect.DeepEqual(got.Props, sg) ||
		!got.Opts.Protect || !reflect.DeepEqual(got.Opts.IgnoreChanges, []string{"tags"}) {
		t.Errorf("security group: %+v", got)
	}

	in := pulumi.Map{"name": pulumi.String("c"), "vpcConfig": pulumi.Map{
		"securityGroupIds": pulumi.Array{pulumi.String("sg-own")}, "subnetIds": pulumi.Array{pulumi.String("subnet-1")}}}
	got = tr(context.Background(), &pulumi.ResourceTransformArgs{Type: controlplane.ClusterType, Custom: true, Props: in,
		Opts: pulumi.ResourceOptions{Version: "6.45.0"}})
	if got == nil {
		t.Fatal("cluster not transformed")
	}
	if got.Opts.Version != "6.83.4" {
		t.Errorf("cluster version = %q", got.Opts.Version)
	}
	vpc := got.Props["vpcConfig"].(pulumi.Map)
	if want := (pulumi.Array{pulumi.String("sg-own"), pulumi.String("sg-extra1")}); !reflect.DeepEqual(vpc["securityGroupIds"], want) {
		t.Errorf("securityGroupIds = %v", vpc["securityGroupIds"])
	}
	if !reflect.DeepEqual(vpc["subnetIds"], pulumi.Array{pulumi.String("subnet-1")}) || got.Props["name"] != pulumi.String("c") {
		t.Errorf("other props changed: %v", got.Props)
	}
	if want := (pulumi.Map{"supportType": pulumi.String("STANDARD")}); !reflect.DeepEqual(got.Props["upgradePolicy"], want) {
		t.Errorf("upgradePolicy = %v", got.Props["upgradePolicy"])
	}
	if _, changed := in["upgradePolicy"]; changed {
		t.Error("the transform mutated its input")
	}
}

// TestAWSVersionIsGoMods: the version the transform moves pulumi-eks's aws
// children to is the pulumi-aws this module requires (test binaries carry
// no module list, so this checks the fallback that go.mod must agree with).
func TestAWSVersionIsGoMods(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	want := ""
	for _, line := range strings.Split(string(mod), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "github.com/pulumi/pulumi-aws/sdk/v6" {
			want = strings.TrimPrefix(f[1], "v")
		}
	}
	if want == "" {
		t.Fatal("go.mod does not require github.com/pulumi/pulumi-aws/sdk/v6")
	}
	if got := controlplane.AWSVersion(); got != want {
		t.Errorf("AWSVersion() = %s, go.mod requires %s: update awsSDKVersion", got, want)
	}
}

func TestAccessKey(t *testing.T) {
	if got, want := controlplane.AccessKey("arn:aws:iam::111122223333:role/teams/dev"), "access-111122223333-role/teams/dev"; got != want {
		t.Errorf("AccessKey = %s, want %s", got, want)
	}
}

func TestAccessEntryKey(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:iam::111122223333:role/platform-admins":   "admin-111122223333-role/platform-admins",
		"arn:aws:iam::111122223333:role/teams/ops/admins":  "admin-111122223333-role/teams/ops/admins",
		"arn:aws:iam::111122223333:role/teams-ops/admins":  "admin-111122223333-role/teams-ops/admins",
		"arn:aws:iam::444455556666:role/platform-admins":   "admin-444455556666-role/platform-admins",
		"arn:aws:iam::111122223333:user/alice@example.com": "admin-111122223333-user/alice@example.com",
	} {
		if got := controlplane.AccessEntryKey(arn); got != want {
			t.Errorf("AccessEntryKey(%s) = %s, want %s", arn, got, want)
		}
	}
}

// TestNetworkFromOutputs: a VPC created in the same program is passed as
// Pulumi inputs; the cluster's vpcId and subnets come from it.
func TestNetworkFromOutputs(t *testing.T) {
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		var vpc pulumi.CustomResourceState
		if err := ctx.RegisterResource("test:index:Vpc", "vpc", nil, &vpc); err != nil {
			return err
		}
		id := vpc.ID().ToStringOutput()
		r, err := roles.New(ctx, "demo", &roles.Args{})
		if err != nil {
			return err
		}
		_, err = controlplane.New(ctx, "demo", &controlplane.Args{Roles: r,
			Settings: controlplane.Settings{Name: "demo", Addons: map[string]controlplane.Addon{}},
			Network:  &controlplane.Network{VPCID: id, SubnetIDs: pulumi.StringArray{id, id}}})
		return err
	}, plan.Options{Project: "test", Stack: "unit", Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	cl, vpc := one(t, g, "eks:index:Cluster"), one(t, g, "test:index:Vpc")
	if !reflect.DeepEqual(cl.PropertyDependencies["vpcId"], []string{vpc.URN}) || !cl.Inputs["vpcId"].IsComputed() {
		t.Errorf("vpcId %v from %v, want unknown, from the VPC", cl.Inputs["vpcId"], cl.PropertyDependencies["vpcId"])
	}
	if inv := programInvokes(g); len(inv) != 1 {
		t.Errorf("invokes %v: the default VPC was looked up", inv)
	}
	err = controlplane.Args{Roles: &roles.Roles{}, Settings: controlplane.Settings{Name: "demo", VPCID: "vpc-0123456789abcdef0",
		SubnetIDs: []string{"subnet-0123456789abcdef1", "subnet-0123456789abcdef2"}},
		Network: &controlplane.Network{VPCID: pulumi.String("vpc-1")}}.Validate()
	for _, want := range []string{"network: set both VPCID and SubnetIDs", "network: not with vpcId and subnetIds in the settings"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	// plain values are checked as the settings' are; the VPC is not the
	// default one, whose range a service range may then take
	err = controlplane.Args{Roles: &roles.Roles{}, Settings: controlplane.Settings{Name: "demo", ServiceIPv4CIDR: "172.31.0.0/16"},
		Network: &controlplane.Network{VPCID: pulumi.String("sg-0123456789abcdef0"),
			SubnetIDs: pulumi.StringArray{pulumi.String("subnet-0123456789abcdef1"), pulumi.String("subnet-0123456789abcdef1")}}}.Validate()
	for _, want := range []string{`network.vpcId: "sg-0123456789abcdef0": must be a VPC id`,
		`network.subnetIds[1]: "subnet-0123456789abcdef1": listed twice`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if err == nil || strings.Contains(err.Error(), "serviceIpv4Cidr") {
		t.Errorf("the service range is checked against the default VPC's, where the cluster does not run: %v", err)
	}
	if err := (controlplane.Args{Roles: &roles.Roles{}, Settings: controlplane.Settings{Name: "demo", ServiceIPv4CIDR: "172.31.0.0/16"}}).Validate(); err == nil ||
		!strings.Contains(err.Error(), `serviceIpv4Cidr: "172.31.0.0/16": overlaps the default VPC's`) {
		t.Errorf("in the default VPC: %v", err)
	}
	// zero outputs, which would never resolve
	err = controlplane.Args{Roles: &roles.Roles{}, Settings: controlplane.Settings{Name: "demo"},
		Network: &controlplane.Network{VPCID: pulumi.StringOutput{}, SubnetIDs: pulumi.StringArrayOutput{}}}.Validate()
	for _, want := range []string{"network.vpcId: a zero pulumi.StringOutput", "network.subnetIds: a zero pulumi.StringArrayOutput"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

// TestInstallNodeAddons: for nodes not built with nodegroup.New, the
// add-ons that need nodes wait for what the caller names.
func TestInstallNodeAddons(t *testing.T) {
	var pendingBefore, pendingAfter []string
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		r, err := roles.New(ctx, "demo", &roles.Args{})
		if err != nil {
			return err
		}
		cp, err := controlplane.New(ctx, "demo", &controlplane.Args{Roles: r, Settings: controlplane.Settings{Name: "demo"}})
		if err != nil {
			return err
		}
		pendingBefore = cp.PendingAddons()
		if err := cp.InstallNodeAddons(ctx); err == nil || !strings.Contains(err.Error(), "control plane demo: add-ons coredns need what brings the first nodes up") {
			t.Errorf("no resources: %v", err)
		}
		var karpenter pulumi.CustomResourceState
		if err := ctx.RegisterResource("test:index:Karpenter", "karpenter", nil, &karpenter); err != nil {
			return err
		}
		if err := cp.InstallNodeAddons(ctx, &karpenter); err != nil {
			return err
		}
		pendingAfter = cp.PendingAddons()
		if err := cp.InstallNodeAddons(ctx, &karpenter); err != nil { // a second call does nothing
			return err
		}
		// what nodegroup.New calls says which call created the add-ons: none now
		created, err := cp.NodeGroupCreated(ctx, &karpenter)
		if err != nil || created != nil {
			t.Errorf("NodeGroupCreated after the add-ons: %v, %v", created, err)
		}
		return nil
	}, plan.Options{Project: "test", Stack: "unit"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pendingBefore, []string{"coredns"}) || len(pendingAfter) != 0 {
		t.Errorf("pending before %v, after %v", pendingBefore, pendingAfter)
	}
	var coredns []plan.Resource
	for _, a := range g.Find("aws:eks/addon:Addon") {
		if a.Inputs["addonName"].StringValue() == "coredns" {
			coredns = append(coredns, a)
		}
	}
	if len(coredns) != 1 || !slices.Contains(coredns[0].Dependencies, one(t, g, "test:index:Karpenter").URN) {
		t.Errorf("coredns %v, want one, after karpenter", coredns)
	}
}

// policyARNs are n customer managed policy ARNs, each named apart.
func policyARNs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("arn:aws:iam::111122223333:policy/P%d", i)
	}
	return out
}

// TestPodIdentities: a pod identity is a role that trusts EKS Pod
// Identity as the EKS user guide writes it, named after the cluster, in
// the roles' path and permissions boundary, with its policies, and an
// association of it with its service account on the cluster, which waits
// for the policies; its role is in PodIdentityRoles.
func TestPodIdentities(t *testing.T) {
	const (
		policy   = "arn:aws:iam::111122223333:policy/payments-s3"
		boundary = "arn:aws:iam::111122223333:policy/boundary"
	)
	var cp *controlplane.ControlPlane
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		r, err := roles.New(ctx, "demo", &roles.Args{Settings: roles.Settings{Path: "/eks/", PermissionsBoundary: boundary}})
		if err != nil {
			return err
		}
		cp, err = controlplane.New(ctx, "demo", &controlplane.Args{Roles: r, Settings: controlplane.Settings{Name: "shop",
			Addons:        map[string]controlplane.Addon{"vpc-cni": {}, "kube-proxy": {}, "eks-pod-identity-agent": {}},
			PodIdentities: map[string]controlplane.PodIdentity{"payments-s3": {Namespace: "payments", ServiceAccount: "api", PolicyARNs: []string{policy}}}}})
		return err
	}, plan.Options{Project: "test", Stack: "unit"})
	if err != nil {
		t.Fatal(err)
	}
	role := addonRole(t, g, "pod-payments-s3")
	in := role.Inputs
	if got, want := in["assumeRolePolicy"].StringValue(), `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":`+
		`{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`; got != want {
		t.Errorf("trust =\n%s\nwant\n%s", got, want)
	}
	if in["namePrefix"].StringValue() != "shop-pod-payments-s3-" || in["path"].StringValue() != "/eks/" ||
		in["permissionsBoundary"].StringValue() != boundary {
		t.Errorf("role inputs %v", in)
	}
	var attached []string
	for _, at := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		if slices.Equal(at.PropertyDependencies["role"], []string{role.URN}) {
			attached = append(attached, at.URN)
			if at.Inputs["policyArn"].StringValue() != policy {
				t.Errorf("%s: policy %v", at.Name, at.Inputs["policyArn"])
			}
		}
	}
	assoc := one(t, g, "aws:eks/podIdentityAssociation:PodIdentityAssociation")
	cluster := one(t, g, "eks:index:Cluster")
	if assoc.Inputs["namespace"].StringValue() != "payments" || assoc.Inputs["serviceAccount"].StringValue() != "api" {
		t.Errorf("association inputs %v", assoc.Inputs)
	}
	for input, from := range map[string]string{"roleArn": role.URN, "clusterName": cluster.URN} {
		if !slices.Equal(assoc.PropertyDependencies[input], []string{from}) {
			t.Errorf("association %s from %v, want %s", input, assoc.PropertyDependencies[input], from)
		}
	}
	if len(attached) != 1 || !slices.Contains(assoc.Dependencies, attached[0]) {
		t.Errorf("the association waits for %v, want the policy attachment %v", assoc.Dependencies, attached)
	}
	if cp.PodIdentityRoles["payments-s3"] == nil || cp.PodIdentityAssociations["payments-s3"] == nil {
		t.Errorf("PodIdentityRoles %v, PodIdentityAssociations %v", cp.PodIdentityRoles, cp.PodIdentityAssociations)
	}
}
