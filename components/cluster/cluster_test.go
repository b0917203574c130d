package cluster_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/cluster"
	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/plan"
)

func TestOrder(t *testing.T) {
	groups := map[string]spec.NodeGroup{
		"a-empty":  {MinSize: new(0), DesiredSize: new(0)},
		"b-spot":   {CapacityType: "SPOT"},
		"c-system": {},
		"d-system": {CapacityType: "ON_DEMAND", DesiredSize: new(2), MaxSize: new(3)},
		// nodes coredns cannot run on: built after those it can
		"0-gpu":     {Taints: []spec.Taint{{Key: "nvidia.com/gpu", Effect: "NO_SCHEDULE"}}},
		"0-windows": {AMIType: "WINDOWS_CORE_2022_x86_64"},
	}
	gpu := `{"tolerations":[{"key":"nvidia.com/gpu","operator":"Exists","effect":"NoSchedule"}]}`
	for _, tc := range []struct {
		configurationValues string // coredns's
		want                []string
	}{
		{"", []string{"c-system", "d-system", "b-spot", "0-gpu", "0-windows", "a-empty"}},
		// tolerating the GPU taint: the GPU group runs coredns too
		{gpu, []string{"0-gpu", "c-system", "d-system", "b-spot", "0-windows", "a-empty"}},
		// its nodeSelector's label only on the spot group
		{`{"nodeSelector":{"eks.amazonaws.com/capacityType":"SPOT"}}`, []string{"b-spot", "0-gpu", "0-windows", "a-empty", "c-system", "d-system"}},
	} {
		c := spec.Cluster{Addons: map[string]spec.Addon{"coredns": {ConfigurationValues: tc.configurationValues}}}
		if got := cluster.Order(groups, c.CoreDNSPlacement()); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Order = %v, want %v", tc.configurationValues, got, tc.want)
		}
	}
}

func TestValidateAllAtOnce(t *testing.T) {
	err := cluster.Settings{
		Roles:      spec.Roles{Path: "eks"},
		Cluster:    spec.Cluster{Name: "x!"},
		NodeGroups: map[string]spec.NodeGroup{"workers": {MinSize: new(-1)}, "big": {MaxSize: new(100000)}},
		Quotas:     spec.Quotas{NodeGroups: new(3)},
		// the aws provider would put it on the IAM roles too
		DefaultTags: map[string]string{"team": "équipe 😀"},
	}.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err()
	for _, want := range []string{`roles.path: "eks"`, `cluster.name: "x!"`, "nodeGroups.workers.minSize: -1",
		`defaultTags.team: "équipe 😀": tag values here are letters, digits, spaces and _.:/=+-@`,
		"nodeGroups.big.maxSize: 100000: at most 450 (the account's quota of nodes per group; set quotas.nodesPerGroup if it was raised)",
		"quotas.nodeGroups: 3: must be at least AWS's default quota, 30"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	// the default add-ons include coredns, which needs a node group
	err = cluster.Settings{Cluster: spec.Cluster{Name: "demo"}}.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err()
	if err == nil || !strings.Contains(err.Error(), `cluster.addons.coredns: "coredns": needs at least one node group (nodeGroups)`) {
		t.Errorf("coredns without node groups: %v", err)
	}
}

// TestRaisedQuota: a raised quota lets a larger group through, in Go as in
// the stack config.
func TestRaisedQuota(t *testing.T) {
	s := cluster.Settings{
		Cluster:    spec.Cluster{Name: "demo"},
		NodeGroups: map[string]spec.NodeGroup{"big": {MaxSize: new(900)}},
	}
	if err := s.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err(); err == nil || !strings.Contains(err.Error(), "at most 450") {
		t.Errorf("900 nodes on the default quota: %v", err)
	}
	s.Quotas.NodesPerGroup = new(1000)
	if err := s.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err(); err != nil {
		t.Errorf("900 nodes on a quota of 1000: %v", err)
	}
}

// TestPoliciesPerRole: the node role's managed policies and the extra ones
// are held to IAM's quota of managed policies per role; vpc-cni's IRSA
// takes one off the node role.
func TestPoliciesPerRole(t *testing.T) {
	extra := make([]string, 8)
	for i := range extra {
		extra[i] = fmt.Sprintf("arn:aws:iam::111122223333:policy/extra-%d", i)
	}
	s := cluster.Settings{Cluster: spec.Cluster{Name: "demo", Addons: map[string]spec.Addon{}}, Roles: spec.Roles{NodePolicyARNs: extra}}
	want := "roles.nodePolicyArns: 8: at most 7: with the node role's 3 managed policies, 10 in all"
	if err := s.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err(); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("3 + 8 policies: got %v, want %q", err, want)
	}
	s.Cluster.Addons["vpc-cni"] = spec.Addon{IRSA: true}
	if err := s.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err(); err != nil {
		t.Errorf("2 + 8 policies: %v", err)
	}
	s.Cluster.Addons = map[string]spec.Addon{}
	s.Quotas.PoliciesPerRole = new(20)
	if err := s.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err(); err != nil {
		t.Errorf("3 + 8 policies on a quota of 20: %v", err)
	}
	// Build hands the quota to roles.New, which holds its roles to it too
	if g, err := build(s); err != nil || len(g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) != 1+3+8 {
		t.Errorf("Build, 3 + 8 policies on a quota of 20: %v", err)
	}
}

// TestAddonRolePolicies: an add-on role's managed policies and its
// policyArns are held to the quota too, the stack's raised one in Build
// as in its validation, and Build attaches them all.
func TestAddonRolePolicies(t *testing.T) {
	extra := make([]string, 12)
	for i := range extra {
		extra[i] = fmt.Sprintf("arn:aws:iam::111122223333:policy/ebs-%d", i)
	}
	s := cluster.Settings{Cluster: spec.Cluster{Name: "demo", Addons: map[string]spec.Addon{"aws-ebs-csi-driver": {IRSA: true, PolicyARNs: extra}}},
		NodeGroups: map[string]spec.NodeGroup{"workers": {}}}
	want := "cluster.addons.aws-ebs-csi-driver.policyArns: 12: at most 9: with the aws-ebs-csi-driver role's 1 managed policy, 10 in all"
	if err := s.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err(); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("1 + 12 policies: got %v, want %q", err, want)
	}
	if _, err := build(s); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Build, 1 + 12 policies: got %v, want %q", err, want)
	}
	s.Quotas.PoliciesPerRole = new(20)
	g, err := build(s)
	if err != nil {
		t.Fatalf("Build, 1 + 12 policies on a quota of 20: %v", err)
	}
	var n int
	for _, at := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		if strings.Contains(at.Name, "-aws-ebs-csi-driver-") {
			n++
		}
	}
	if n != 1+12 {
		t.Errorf("%d policies on the EBS driver's role, want 1 + 12", n)
	}
}

// TestBuild: everything from one call, in order, and nothing registered
// when a setting is bad.
func TestBuild(t *testing.T) {
	s := cluster.Settings{
		Cluster: spec.Cluster{Name: "demo"},
		NodeGroups: map[string]spec.NodeGroup{
			"spot":   {CapacityType: "SPOT", InstanceTypes: []string{"m5.large", "m6i.large"}},
			"system": {},
		},
	}
	g, err := build(s)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, r := range g.Resources {
		if strings.HasPrefix(r.Type, "ekskit:") {
			types = append(types, r.Type+" "+r.Name)
		}
	}
	slices.Sort(types)
	want := []string{"ekskit:controlplane:ControlPlane eks", "ekskit:nodegroup:NodeGroup spot", "ekskit:nodegroup:NodeGroup system", "ekskit:roles:Roles eks"}
	if !reflect.DeepEqual(types, want) {
		t.Errorf("components %v, want %v", types, want)
	}
	var coredns, system string
	for _, r := range g.Resources {
		switch {
		case r.Type == "aws:eks/addon:Addon" && r.Name == "eks-coredns":
			coredns = strings.Join(r.Dependencies, " ")
		case r.Type == "aws:eks/nodeGroup:NodeGroup" && r.Name == "system":
			system = r.URN
		}
	}
	if system == "" || !strings.Contains(coredns, system) || strings.Contains(coredns, "NodeGroup::spot") {
		t.Errorf("coredns waits for %q, want the on-demand group %s only", coredns, system)
	}
	for _, r := range g.Find("aws:iam/role:Role") {
		if p := r.Inputs["namePrefix"].StringValue(); !strings.HasPrefix(p, "demo-") {
			t.Errorf("role %s namePrefix %q, want the cluster's name first", r.Name, p)
		}
	}

	s.NodeGroups["system"] = spec.NodeGroup{DiskSize: new(5)}
	g, err = build(s)
	if err == nil || !strings.Contains(err.Error(), "nodeGroups.system.diskSize: 5") || len(g.Resources) != 0 {
		t.Errorf("bad disk size: %v, %d resources registered", err, len(g.Resources))
	}
}

// TestBuildReadsCoreDNSPlacement: the group coredns waits for is the first
// its configurationValues let it run on: a tainted on-demand group it
// tolerates comes before the untainted one by name, and a group missing
// the label of its nodeSelector after it.
func TestBuildReadsCoreDNSPlacement(t *testing.T) {
	for _, tc := range []struct{ values, want string }{
		{"", "b-plain"},
		{`{"tolerations":[{"key":"dedicated","operator":"Exists"}]}`, "a-tainted"},
		{`{"tolerations":[{"operator":"Exists"}],"nodeSelector":{"role":"dns"}}`, "c-dns"},
	} {
		s := cluster.Settings{
			Cluster: spec.Cluster{Name: "demo", Addons: map[string]spec.Addon{"coredns": {ConfigurationValues: tc.values}}},
			NodeGroups: map[string]spec.NodeGroup{
				"a-tainted": {Taints: []spec.Taint{{Key: "dedicated", Effect: "NO_SCHEDULE"}}},
				"b-plain":   {},
				"c-dns":     {Labels: map[string]string{"role": "dns"}},
			},
		}
		g, err := build(s)
		if err != nil {
			t.Fatal(err)
		}
		var waits []string
		for _, r := range g.Find("aws:eks/addon:Addon") {
			for _, d := range r.Dependencies {
				if r.Name == "eks-coredns" && strings.Contains(d, "aws:eks/nodeGroup:NodeGroup::") {
					waits = append(waits, d[strings.LastIndex(d, "::")+2:])
				}
			}
		}
		if !reflect.DeepEqual(waits, []string{tc.want}) {
			t.Errorf("%q: coredns waits for %v, want %s", tc.values, waits, tc.want)
		}
	}
}

// TestWindowsGroupsRefused: a Windows group cannot work in a cluster whose
// node groups share one node role (the EKS user guide, "Deploy Windows
// nodes on EKS clusters": Linux nodes for coredns, and Windows nodes on a
// role of their own with an EC2_WINDOWS access entry), alone or beside a
// Linux group.
func TestWindowsGroupsRefused(t *testing.T) {
	windows := spec.NodeGroup{AMIType: "WINDOWS_CORE_2022_x86_64", InstanceTypes: []string{"m6i.large"}}
	for _, tc := range []struct {
		name   string
		groups map[string]spec.NodeGroup
		want   []string
	}{
		{"Linux only", map[string]spec.NodeGroup{"linux": {}}, nil},
		{"Windows beside Linux", map[string]spec.NodeGroup{"linux": {}, "win": windows}, []string{"nodeGroups.win.amiType"}},
		{"Windows alone", map[string]spec.NodeGroup{"win": windows}, []string{"nodeGroups.win.amiType"}},
	} {
		err := cluster.Settings{Cluster: spec.Cluster{Name: "demo"}, NodeGroups: tc.groups}.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err()
		var got []string
		if ps, ok := err.(spec.Problems); ok {
			for _, p := range ps {
				if strings.Contains(p.Msg, "EC2_WINDOWS") {
					got = append(got, string(p.Path))
				}
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: Windows refused at %v, want %v: %v", tc.name, got, tc.want, err)
		}
	}
}

// build plans cluster.Build of the stack s, named eks, on the mock engine.
func build(s spec.Stack) (*plan.Graph, error) {
	return plan.Run(func(ctx *pulumi.Context) error {
		_, err := cluster.Build(ctx, "eks", s)
		return err
	}, plan.Options{Project: "test", Stack: "unit"})
}
