package nodegroup_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/plan"
)

// subnets are the control plane's subnets in these tests.
var subnets = []string{"subnet-0123456789abcdef1", "subnet-0123456789abcdef2"}

// withCluster is a program that builds roles and a control plane for node
// groups to join, then calls f on them.
func withCluster(f func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane) error) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		r, err := roles.New(ctx, "eks", &roles.Args{Settings: roles.Settings{NodeRoleName: "AWSEKSNodeRole"}})
		if err != nil {
			return err
		}
		cp, err := controlplane.New(ctx, "eks", &controlplane.Args{Roles: r, Settings: controlplane.Settings{
			Name: "simple-bank", Version: "1.35", VPCID: "vpc-0123456789abcdef0", SubnetIDs: subnets,
			Tags: map[string]string{"env": "test", "team": "platform"},
		}})
		if err != nil {
			return err
		}
		return f(ctx, r, cp)
	}
}

// withResource is withCluster with one more resource of the program, of
// type typ, registered first: for node groups to take as an input or a
// dependency.
func withResource(typ, name string, f func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane, res *pulumi.CustomResourceState) error) pulumi.RunFunc {
	return withCluster(func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane) error {
		var res pulumi.CustomResourceState
		if err := ctx.RegisterResource(typ, name, nil, &res); err != nil {
			return err
		}
		return f(ctx, r, cp, &res)
	})
}

// plans runs a program on the mock engine.
func plans(t *testing.T, program pulumi.RunFunc) *plan.Graph {
	t.Helper()
	g, err := plan.Run(program, plan.Options{Project: "test", Stack: "unit"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// run builds a node group "workers" with settings s on a control plane,
// and returns the graph and the aws node group.
func run(t *testing.T, s nodegroup.Settings) (*plan.Graph, plan.Resource) {
	t.Helper()
	g := plans(t, withCluster(func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane) error {
		_, err := nodegroup.New(ctx, "workers", &nodegroup.Args{Settings: s, ControlPlane: cp, Roles: r})
		return err
	}))
	comps, ngs := g.Find("ekskit:nodegroup:NodeGroup"), g.Find("aws:eks/nodeGroup:NodeGroup")
	if len(comps) != 1 || len(ngs) != 1 {
		t.Fatalf("want one component and one node group, got %d and %d", len(comps), len(ngs))
	}
	if ngs[0].Parent != comps[0].URN {
		t.Errorf("node group parent = %s, want %s", ngs[0].Parent, comps[0].URN)
	}
	return g, ngs[0]
}

// named is the resource of a type with a name.
func named(t *testing.T, g *plan.Graph, typ, name string) plan.Resource {
	t.Helper()
	for _, r := range g.Find(typ) {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no %s %s", typ, name)
	return plan.Resource{}
}

func obj(v resource.PropertyValue) map[string]any { return v.ObjectValue().Mappable() }

func TestDefaults(t *testing.T) {
	g, ng := run(t, nodegroup.Settings{})
	in := ng.Inputs.Mappable()
	role := named(t, g, "aws:iam/role:Role", "eks-node")
	cl := named(t, g, "eks:index:Cluster", "eks")
	if !reflect.DeepEqual(ng.PropertyDependencies["nodeRoleArn"], []string{role.URN}) ||
		!reflect.DeepEqual(ng.PropertyDependencies["clusterName"], []string{cl.URN}) {
		t.Errorf("nodeRoleArn and clusterName do not come from the roles and the control plane: %v", ng.PropertyDependencies)
	}
	want := map[string]any{
		"clusterName": "simple-bank", "nodeGroupNamePrefix": "workers-",
		"nodeRoleArn": role.Outputs["arn"].StringValue(),
		"subnetIds":   []any{subnets[0], subnets[1]},
		"tags":        map[string]any{"env": "test", "team": "platform"},
		"amiType":     "AL2023_x86_64_STANDARD", "capacityType": "ON_DEMAND",
		"instanceTypes": []any{"t3.medium"}, "diskSize": float64(20),
		"scalingConfig": map[string]any{"minSize": float64(1), "maxSize": float64(2), "desiredSize": float64(1)},
		"updateConfig":  map[string]any{"maxUnavailable": float64(1)},
		// off, and sent off: taking autoRepair out turns repair off
		"nodeRepairConfig": map[string]any{"enabled": false},
		// the cluster's, as EKS reports it: the group follows upgrades
		"version": "1.35",
	}
	if !reflect.DeepEqual(ng.PropertyDependencies["version"], []string{cl.URN}) {
		t.Errorf("version does not come from the control plane: %v", ng.PropertyDependencies["version"])
	}
	for k, v := range want {
		if !reflect.DeepEqual(in[k], v) {
			t.Errorf("%s = %#v, want %#v", k, in[k], v)
		}
	}
	for _, k := range []string{"nodeGroupName", "launchTemplate", "remoteAccess", "taints", "releaseVersion"} {
		if _, set := in[k]; set {
			t.Errorf("%s sent but not asked for: %v", k, in[k])
		}
	}
	if len(ng.Options.IgnoreChanges) != 0 {
		t.Errorf("ignoreChanges = %v; Pulumi should own the size by default", ng.Options.IgnoreChanges)
	}
}

func TestEverything(t *testing.T) {
	a := nodegroup.Settings{
		AMIType: "AL2023_ARM_64_STANDARD", CapacityType: "SPOT",
		InstanceTypes: []string{"m7g.large", "m6g.large"},
		MinSize:       new(0), MaxSize: new(10), DesiredSize: new(3),
		MaxUnavailablePercentage: new(25),
		Labels:                   map[string]string{"workload": "batch"},
		Taints:                   []nodegroup.Taint{{Key: "spot", Value: "true", Effect: "NO_SCHEDULE"}, {Key: "gpu", Effect: "NO_EXECUTE"}},
		LaunchTemplate:           &nodegroup.LaunchTemplate{Name: "workers", Version: "4"},
		Version:                  "1.34", ReleaseVersion: "1.34.2-20251120",
		Tags:                      map[string]string{"team": "data"},
		AutoscalerOwnsDesiredSize: true,
		AutoRepair:                true,
		NamePrefix:                "batch-",
		SubnetIDs:                 []string{"subnet-0123456789abcdef9"},
	}
	_, ng := run(t, a)
	in := ng.Inputs.Mappable()
	checks := map[string]any{
		"capacityType":     "SPOT",
		"instanceTypes":    []any{"m7g.large", "m6g.large"},
		"scalingConfig":    map[string]any{"minSize": float64(0), "maxSize": float64(10), "desiredSize": float64(3)},
		"updateConfig":     map[string]any{"maxUnavailablePercentage": float64(25)},
		"nodeRepairConfig": map[string]any{"enabled": true},
		"labels":           map[string]any{"workload": "batch"},
		"taints":           []any{map[string]any{"key": "spot", "value": "true", "effect": "NO_SCHEDULE"}, map[string]any{"key": "gpu", "effect": "NO_EXECUTE"}},
		"launchTemplate":   map[string]any{"name": "workers", "version": "4"},
		"version":          "1.34", "releaseVersion": "1.34.2-20251120",
		"tags":                map[string]any{"env": "test", "team": "data"}, // the group's over the cluster's
		"nodeGroupNamePrefix": "batch-",
		"subnetIds":           []any{"subnet-0123456789abcdef9"},
	}
	for k, v := range checks {
		if !reflect.DeepEqual(in[k], v) {
			t.Errorf("%s = %#v, want %#v", k, in[k], v)
		}
	}
	if _, set := in["diskSize"]; set {
		t.Error("diskSize sent with a launch template")
	}
	if !reflect.DeepEqual(ng.Options.IgnoreChanges, []string{nodegroup.DesiredSizePath}) {
		t.Errorf("ignoreChanges = %v", ng.Options.IgnoreChanges)
	}
}

func TestRemoteAccess(t *testing.T) {
	_, ng := run(t, nodegroup.Settings{RemoteAccess: &nodegroup.RemoteAccess{SSHKey: "ops", SourceSecurityGroupIDs: []string{"sg-0123456789abcdef0"}}})
	want := map[string]any{"ec2SshKey": "ops", "sourceSecurityGroupIds": []any{"sg-0123456789abcdef0"}}
	if got := obj(ng.Inputs["remoteAccess"]); !reflect.DeepEqual(got, want) {
		t.Errorf("remoteAccess = %v", got)
	}
}

func TestScaleToZero(t *testing.T) {
	_, ng := run(t, nodegroup.Settings{MinSize: new(0), MaxSize: new(2), DesiredSize: new(0)})
	got := obj(ng.Inputs["scalingConfig"])
	if want := map[string]any{"minSize": float64(0), "maxSize": float64(2), "desiredSize": float64(0)}; !reflect.DeepEqual(got, want) {
		t.Errorf("scalingConfig = %v, want %v", got, want)
	}
}

// TestRolesBuiltByHand: Roles around existing IAM roles, with what Usable
// asks for and no policy list, are enough for a node group; whether the
// node role has the CNI policy is then not known, so not checked.
func TestRolesBuiltByHand(t *testing.T) {
	g := plans(t, withCluster(func(ctx *pulumi.Context, r *roles.Roles, _ *controlplane.ControlPlane) error {
		byHand := &roles.Roles{Partition: r.Partition, ClusterRole: r.ClusterRole, NodeRoleARN: r.NodeRoleARN}
		if p := byHand.Usable(""); p != nil {
			t.Errorf("Usable: %v", p.Err())
		}
		cp, err := controlplane.New(ctx, "existing", &controlplane.Args{Roles: byHand, Settings: controlplane.Settings{Name: "existing"}})
		if err != nil {
			return err
		}
		_, err = nodegroup.New(ctx, "workers", &nodegroup.Args{ControlPlane: cp, Roles: byHand})
		return err
	}))
	if ng := named(t, g, "aws:eks/nodeGroup:NodeGroup", "workers"); ng.Inputs["clusterName"].StringValue() != "existing" {
		t.Errorf("node group joins %v, want existing", ng.Inputs["clusterName"])
	}
	// a zero iam.Role is no role: the Pulumi SDK would crash on its URN
	zero := &roles.Roles{Partition: "aws", ClusterRole: &iam.Role{}, NodeRoleARN: pulumi.String("arn:aws:iam::111122223333:role/n").ToStringOutput()}
	if err := zero.Usable("roles").Err(); err == nil || !strings.Contains(err.Error(), "roles.clusterRole: a zero iam.Role, not a registered resource") {
		t.Errorf("a zero cluster role: %v", err)
	}
}

// TestCustomAMIVersion: a launch template's own AMI carries the version, so
// none is sent (EKS fails the create otherwise); nor is an instance type,
// which the template may set (EKS fails a group that sets both).
func TestCustomAMIVersion(t *testing.T) {
	_, ng := run(t, nodegroup.Settings{AMIType: nodegroup.AMICustom, LaunchTemplate: &nodegroup.LaunchTemplate{ID: "lt-0123456789abcdef0", Version: "2"}})
	for _, k := range []resource.PropertyKey{"version", "instanceTypes", "diskSize"} {
		if v, set := ng.Inputs[k]; set {
			t.Errorf("%s %v sent with a launch template's AMI", k, v)
		}
	}
	if got := ng.Inputs["amiType"].StringValue(); got != "CUSTOM" {
		t.Errorf("amiType = %q, want CUSTOM", got)
	}
}

func TestValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		s    nodegroup.Settings
		want string
	}{
		"desired above max":    {nodegroup.Settings{MinSize: new(1), MaxSize: new(2), DesiredSize: new(3)}, "desiredSize: 3: must be between minSize (1) and maxSize (2)"},
		"both update forms":    {nodegroup.Settings{MaxUnavailable: new(1), MaxUnavailablePercentage: new(10)}, "maxUnavailable: 1: set maxUnavailable or maxUnavailablePercentage, not both"},
		"disk with template":   {nodegroup.Settings{DiskSize: new(30), LaunchTemplate: &nodegroup.LaunchTemplate{ID: "lt-0123456789abcdef0", Version: "1"}}, "diskSize: 30: cannot be combined with a launchTemplate"},
		"template id and name": {nodegroup.Settings{LaunchTemplate: &nodegroup.LaunchTemplate{ID: "lt-0123456789abcdef0", Name: "x", Version: "1"}}, "launchTemplate: set exactly one of id or name"},
		"open ssh":             {nodegroup.Settings{RemoteAccess: &nodegroup.RemoteAccess{SSHKey: "k"}}, "remoteAccess.sourceSecurityGroupIds: required"},
		"ahead of the cluster": {nodegroup.Settings{Version: "1.36"}, `version: "1.36": must be the cluster's version (1.35)`},
		"bad prefix":           {nodegroup.Settings{NamePrefix: "-x"}, `namePrefix: "-x": must be 1 to 37`},
		"version of a custom AMI": {nodegroup.Settings{AMIType: nodegroup.AMICustom, Version: "1.35", DiskSize: nil,
			LaunchTemplate: &nodegroup.LaunchTemplate{ID: "lt-0123456789abcdef0", Version: "1"}}, `version: "1.35": not with amiType CUSTOM`},
	} {
		_, err := plan.Run(withCluster(func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane) error {
			_, err := nodegroup.New(ctx, "workers", &nodegroup.Args{Settings: tc.s, ControlPlane: cp, Roles: r})
			return err
		}), plan.Options{Project: "test", Stack: "unit"})
		if err == nil || !strings.Contains(err.Error(), "node group workers: 1 config problem(s):\n  "+tc.want) {
			t.Errorf("%s: got %v, want a node group error saying %q", name, err, tc.want)
		}
	}
	// a control plane and roles not from their New, plain empty subnets
	err := nodegroup.Args{ControlPlane: &controlplane.ControlPlane{}, Roles: &roles.Roles{}, SubnetIDs: pulumi.StringArray{}}.Validate("workers")
	for _, want := range []string{"controlPlane: not made by controlplane.New", `roles.partition: "": must be one of`,
		"roles.nodeRoleArn: required", "subnetIds: 0: need at least one subnet"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	// plain subnet ids are checked as the settings' are
	err = nodegroup.Args{SubnetIDs: pulumi.StringArray{pulumi.String("sg-0123456789abcdef0"), pulumi.String("sg-0123456789abcdef0")}}.Validate("workers")
	for _, want := range []string{`subnetIds[0]: "sg-0123456789abcdef0": must be a subnet id`, `subnetIds[1]: "sg-0123456789abcdef0": listed twice`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	err = nodegroup.Args{}.Validate(strings.Repeat("n", 37))
	for _, want := range []string{"controlPlane: required", "roles: required", `"` + strings.Repeat("n", 37) + `": node group names are 1 to 36`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	// a shorter prefix lets a long name through
	if err := (nodegroup.Args{Settings: nodegroup.Settings{NamePrefix: "n-"}}).Validate(strings.Repeat("n", 37)); err == nil || strings.Contains(err.Error(), "node group names") {
		t.Errorf("long name with a prefix: %v", err)
	}
}

// TestOrdering: the node group waits for the node role's policies, the
// DaemonSet add-ons and what the caller adds; coredns waits for the first
// node group, and only the first.
func TestOrdering(t *testing.T) {
	g := plans(t, withResource("test:index:Thing", "policy", func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane, thing *pulumi.CustomResourceState) error {
		for _, name := range []string{"first", "second"} {
			if _, err := nodegroup.New(ctx, name, &nodegroup.Args{ControlPlane: cp, Roles: r, DependsOn: []pulumi.Resource{thing}}); err != nil {
				return err
			}
		}
		return nil
	}))
	first, second := named(t, g, "aws:eks/nodeGroup:NodeGroup", "first"), named(t, g, "aws:eks/nodeGroup:NodeGroup", "second")
	var want []string
	for _, a := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		if strings.HasPrefix(a.Name, "eks-node-") {
			want = append(want, a.URN)
		}
	}
	want = append(want, named(t, g, "aws:eks/addon:Addon", "eks-kube-proxy").URN, named(t, g, "aws:eks/addon:Addon", "eks-vpc-cni").URN,
		g.Find("test:index:Thing")[0].URN)
	for _, ng := range []plan.Resource{first, second} {
		for _, w := range want {
			if !slices.Contains(ng.Dependencies, w) {
				t.Errorf("%s does not wait for %s: %v", ng.Name, w, ng.Dependencies)
			}
		}
	}
	coredns := named(t, g, "aws:eks/addon:Addon", "eks-coredns")
	if !slices.Contains(coredns.Dependencies, first.URN) || slices.Contains(coredns.Dependencies, second.URN) {
		t.Errorf("coredns dependencies %v, want the first node group only", coredns.Dependencies)
	}
}

// TestNilDependencies: nil entries, such as the control plane's log group
// with logging off, mean nothing to wait for.
func TestNilDependencies(t *testing.T) {
	g := plans(t, withCluster(func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane) error {
		if err := cp.InstallNodeAddons(ctx, nil); err == nil || !strings.Contains(err.Error(), "need what brings the first nodes up") {
			t.Errorf("InstallNodeAddons(nil): %v", err)
		}
		_, err := nodegroup.New(ctx, "workers", &nodegroup.Args{ControlPlane: cp, Roles: r, DependsOn: []pulumi.Resource{nil, cp.LogGroup}})
		return err
	}))
	ng := named(t, g, "aws:eks/nodeGroup:NodeGroup", "workers")
	if coredns := named(t, g, "aws:eks/addon:Addon", "eks-coredns"); !slices.Contains(coredns.Dependencies, ng.URN) {
		t.Errorf("coredns dependencies %v, want the node group", coredns.Dependencies)
	}
}

// TestConcurrentNodeGroups: node groups built from several goroutines on
// one control plane; coredns is created once.
func TestConcurrentNodeGroups(t *testing.T) {
	g := plans(t, withCluster(func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane) error {
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = nodegroup.New(ctx, "workers-"+strconv.Itoa(i), &nodegroup.Args{ControlPlane: cp, Roles: r})
			})
		}
		wg.Wait()
		return errors.Join(errs...)
	}))
	if n := len(g.Find("aws:eks/nodeGroup:NodeGroup")); n != 8 {
		t.Errorf("%d node groups, want 8", n)
	}
	var coredns int
	for _, a := range g.Find("aws:eks/addon:Addon") {
		if a.Inputs["addonName"].StringValue() == "coredns" {
			coredns++
		}
	}
	if coredns != 1 {
		t.Errorf("%d coredns add-ons, want 1", coredns)
	}
}

// TestSubnetsAsInput: subnets created in the same program reach the node
// group as a Pulumi input.
func TestSubnetsAsInput(t *testing.T) {
	g := plans(t, withResource("test:index:Subnet", "private", func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane, subnet *pulumi.CustomResourceState) error {
		_, err := nodegroup.New(ctx, "workers", &nodegroup.Args{ControlPlane: cp, Roles: r,
			SubnetIDs: pulumi.StringArray{subnet.ID().ToStringOutput()}})
		return err
	}))
	ng, subnet := named(t, g, "aws:eks/nodeGroup:NodeGroup", "workers"), g.Find("test:index:Subnet")[0]
	if !reflect.DeepEqual(ng.PropertyDependencies["subnetIds"], []string{subnet.URN}) {
		t.Errorf("subnetIds from %v, want the subnet", ng.PropertyDependencies["subnetIds"])
	}
}

// TestZeroSubnetOutput: a zero pulumi.StringArrayOutput for the subnets
// (unknown for ever) is refused, as the control plane's network is.
func TestZeroSubnetOutput(t *testing.T) {
	err := (nodegroup.Args{SubnetIDs: pulumi.StringArrayOutput{}}).Validate("workers")
	if err == nil || !strings.Contains(err.Error(), "subnetIds: a zero pulumi.StringArrayOutput") {
		t.Errorf("got %v", err)
	}
}

// TestNoPodNetworking: the CNI policy belongs on the node role, or on
// vpc-cni's own role (IRSA or Pod Identity), not on neither and not on
// both; otherwise the node group is refused.
func TestNoPodNetworking(t *testing.T) {
	for _, tc := range []struct {
		omit   bool
		vpcCNI controlplane.Addon
		want   string
	}{
		{true, controlplane.Addon{}, "roles: the node role has no AmazonEKS_CNI_Policy and vpc-cni has no role of its own"},
		{false, controlplane.Addon{IRSA: true}, "roles: vpc-cni has a role of its own, yet the node role keeps AmazonEKS_CNI_Policy"},
		{false, controlplane.Addon{PodIdentity: true}, "roles: vpc-cni has a role of its own, yet the node role keeps AmazonEKS_CNI_Policy"},
		{true, controlplane.Addon{IRSA: true}, ""},
		{true, controlplane.Addon{PodIdentity: true}, ""},
		{false, controlplane.Addon{}, ""},
	} {
		_, err := plan.Run(func(ctx *pulumi.Context) error {
			r, err := roles.New(ctx, "eks", &roles.Args{OmitNodeCNIPolicy: tc.omit})
			if err != nil {
				return err
			}
			cp, err := controlplane.New(ctx, "eks", &controlplane.Args{Roles: r, Settings: controlplane.Settings{Name: "demo",
				Addons: map[string]controlplane.Addon{"vpc-cni": tc.vpcCNI, "kube-proxy": {}, "coredns": {}, "eks-pod-identity-agent": {}}}})
			if err != nil {
				return err
			}
			_, err = nodegroup.New(ctx, "workers", &nodegroup.Args{ControlPlane: cp, Roles: r})
			return err
		}, plan.Options{Project: "test", Stack: "unit"})
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("omit %v, vpc-cni %+v: got %v, want %q", tc.omit, tc.vpcCNI, err, tc.want)
		}
	}
	// without a control plane, no version rule fires on an empty version
	if err := (nodegroup.Args{Settings: nodegroup.Settings{Version: "1.34"}}).Validate("workers"); err == nil || strings.Contains(err.Error(), "version") {
		t.Errorf("no control plane: %v", err)
	}
}

// TestCoreDNSWaitsForTheFirstGroup: coredns waits for the first node group
// built, whatever it is (a tainted, Windows or empty one is warned of): an add-on
// the settings list is never left out, since its configurationValues may
// give it tolerations; spec.NodeGroup.HostsCoreDNS tells the warning.
func TestCoreDNSWaitsForTheFirstGroup(t *testing.T) {
	tainted := nodegroup.Settings{CapacityType: "SPOT", Taints: []nodegroup.Taint{{Key: "spot", Effect: "NO_SCHEDULE"}}}
	windows := nodegroup.Settings{AMIType: "WINDOWS_CORE_2022_x86_64", InstanceTypes: []string{"m6i.large"}}
	tolerated := nodegroup.Settings{Taints: []nodegroup.Taint{{Key: "CriticalAddonsOnly", Effect: "NO_SCHEDULE"}}}
	empty := nodegroup.Settings{MinSize: new(0), DesiredSize: new(0)}
	defaults := controlplane.Settings{}.CoreDNSPlacement()
	// coredns's configurationValues tolerating every taint
	tolerant := controlplane.Settings{Addons: map[string]controlplane.Addon{"coredns": {
		ConfigurationValues: `{"tolerations":[{"operator":"Exists"}]}`}}}.CoreDNSPlacement()
	for _, tc := range []struct {
		name    string
		groups  []nodegroup.Settings
		coredns spec.CoreDNSPlacement
		admits  bool   // whether the first group's nodes admit coredns
		warning string // what New's warning says, "" for none
	}{
		{"tainted first", []nodegroup.Settings{tainted, {}}, defaults, false, "whose nodes coredns may not run on"},
		{"tainted first, tolerated by configurationValues", []nodegroup.Settings{tainted, {}}, tolerant, true, ""},
		{"windows first", []nodegroup.Settings{windows, tainted, {}}, defaults, false, "whose nodes coredns may not run on"},
		{"windows first, whatever coredns tolerates", []nodegroup.Settings{windows, tainted, {}}, tolerant, false, "whose nodes coredns may not run on"},
		{"a taint coredns tolerates", []nodegroup.Settings{tolerated, {}}, defaults, true, ""},
		// admitted, but no node to run on until another group's join
		{"zero nodes, for now", []nodegroup.Settings{empty, {}}, defaults, true, "which starts with no nodes (desiredSize 0)"},
		{"none it runs on", []nodegroup.Settings{tainted, windows}, defaults, false, "whose nodes coredns may not run on"},
	} {
		first := tc.groups[0].WithDefaults()
		if got := first.AdmitsCoreDNS(tc.coredns); got != tc.admits {
			t.Errorf("%s: AdmitsCoreDNS %v, want %v", tc.name, got, tc.admits)
		}
		// what New logs (the mock engine drops logs): a warning naming the
		// add-ons when the first group's nodes may not run them
		switch w := nodegroup.FirstGroupWarning([]string{"coredns"}, first, tc.coredns); {
		case tc.warning == "" && w != "":
			t.Errorf("%s: warned %q", tc.name, w)
		case tc.warning != "" && !strings.Contains(w, "add-ons coredns wait for this node group, the first built, "+tc.warning):
			t.Errorf("%s: warning %q, want one naming coredns and saying %q", tc.name, w, tc.warning)
		}
		if w := nodegroup.FirstGroupWarning(nil, first, tc.coredns); w != "" {
			t.Errorf("%s: warned %q with no add-on created", tc.name, w)
		}
		g := plans(t, withCluster(func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane) error {
			for i, s := range tc.groups {
				rs := r
				if s.Windows() { // a node role runs one system's nodes in a cluster
					var err error
					if rs, err = roles.New(ctx, fmt.Sprintf("win%d", i), &roles.Args{}); err != nil {
						return err
					}
				}
				if _, err := nodegroup.New(ctx, fmt.Sprintf("g%d", i), &nodegroup.Args{Settings: s, ControlPlane: cp, Roles: rs}); err != nil {
					return err
				}
			}
			if got := cp.PendingAddons(); len(got) != 0 {
				t.Errorf("%s: pending %v", tc.name, got)
			}
			return nil
		}))
		var got []string
		for _, a := range g.Find("aws:eks/addon:Addon") {
			if a.Inputs["addonName"].StringValue() != "coredns" {
				continue
			}
			for _, d := range a.Dependencies {
				if strings.Contains(d, "aws:eks/nodeGroup:NodeGroup::") {
					got = append(got, d[strings.LastIndex(d, "::")+2:])
				}
			}
		}
		if !reflect.DeepEqual(got, []string{"g0"}) {
			t.Errorf("%s: coredns waits for %v, want the first group, g0", tc.name, got)
		}
	}
}

// TestOneSystemPerNodeRole: EKS gives a node role one access entry in a
// cluster, EC2_LINUX or EC2_WINDOWS, so a Windows group on the roles of a
// Linux group (or the other way round) is refused before it is
// registered, also on roles built by hand around the same node role; on
// roles of its own, or on the same roles as another group of its system,
// it is built.
func TestOneSystemPerNodeRole(t *testing.T) {
	linux, windows := nodegroup.Settings{}, nodegroup.Settings{AMIType: "WINDOWS_CORE_2022_x86_64", InstanceTypes: []string{"m6i.large"}}
	const refused = "roles: node group first runs Linux nodes on these roles' node role, " +
		"and EKS gives a node role one access entry in a cluster (EC2_LINUX or EC2_WINDOWS): give the Windows nodes roles of their own (another roles.New)"
	for _, tc := range []struct {
		name   string
		second nodegroup.Settings
		own    bool // the second group on roles of its own
		// byHand: the second group on roles built by hand around the
		// first's roles
		byHand bool
		want   string
	}{
		{"Windows on a Linux group's roles", windows, false, false, refused},
		{"Windows on roles built by hand around a Linux group's node role", windows, false, true, refused},
		{"Windows on roles of its own", windows, true, false, ""},
		{"Linux beside Linux", linux, false, false, ""},
		{"Linux on roles built by hand around a Linux group's node role", linux, false, true, ""},
	} {
		g, err := plan.Run(withCluster(func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane) error {
			if _, err := nodegroup.New(ctx, "first", &nodegroup.Args{Settings: linux, ControlPlane: cp, Roles: r}); err != nil {
				return err
			}
			if tc.own {
				var err error
				if r, err = roles.New(ctx, "win", &roles.Args{}); err != nil {
					return err
				}
			}
			if tc.byHand {
				r = &roles.Roles{ClusterRole: r.ClusterRole, NodeRole: r.NodeRole, ClusterRoleARN: r.ClusterRoleARN,
					NodeRoleARN: r.NodeRoleARN, NodeRoleAttachments: r.NodeRoleAttachments, Partition: r.Partition}
			}
			_, err := nodegroup.New(ctx, "second", &nodegroup.Args{Settings: tc.second, ControlPlane: cp, Roles: r})
			return err
		}), plan.Options{Project: "p", Stack: "s"})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), "node group second: 1 config problem(s):\n  "+tc.want)):
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		case tc.want != "" && len(g.Find("ekskit:nodegroup:NodeGroup")) != 1:
			t.Errorf("%s: the refused group was registered", tc.name)
		}
	}
}

// TestNodeGroupCreatedSaysWhatItCreated: the first group's call creates the
// add-ons that need nodes and says which; a later call, none.
func TestNodeGroupCreatedSaysWhatItCreated(t *testing.T) {
	plans(t, withCluster(func(ctx *pulumi.Context, r *roles.Roles, cp *controlplane.ControlPlane) error {
		var first, second pulumi.CustomResourceState
		for i, res := range []*pulumi.CustomResourceState{&first, &second} {
			if err := ctx.RegisterResource("test:index:Nodes", fmt.Sprintf("nodes%d", i), nil, res); err != nil {
				return err
			}
		}
		got, err := cp.NodeGroupCreated(ctx, &first)
		if err != nil || !reflect.DeepEqual(got, []string{"coredns"}) {
			t.Errorf("first: %v, %v", got, err)
		}
		if got, err := cp.NodeGroupCreated(ctx, &second); err != nil || got != nil {
			t.Errorf("second: %v, %v", got, err)
		}
		return nil
	}))
}
