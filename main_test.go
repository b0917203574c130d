package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/ekskit/ekskit/components/cluster"
	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/stackconfig"
)

func loadStack(t testing.TB, stack string) map[string]string {
	t.Helper()
	p, err := plan.LoadProject("Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	file, err := p.LoadStack(p.StackPath(stack))
	if err != nil {
		t.Fatal(err)
	}
	return file.Config
}

func runStack(t *testing.T, stack string, cfg map[string]string) *plan.Graph {
	t.Helper()
	g, err := plan.Run(program, plan.Options{Project: "ekskit", Stack: stack, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func stackNames(t *testing.T) []string {
	files, err := filepath.Glob("stacks/Pulumi.*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no stack files: %v", err)
	}
	var out []string
	for _, f := range files {
		out = append(out, plan.StackName(f))
	}
	return out
}

func TestProjectAndStacksLoad(t *testing.T) {
	p, err := workspace.LoadProject("Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "ekskit" || p.Runtime.Name() != "go" || p.StackConfigDir != "stacks" {
		t.Errorf("project: name %s runtime %s stackConfigDir %s", p.Name, p.Runtime.Name(), p.StackConfigDir)
	}
	// the CLI refuses to run the program below the version whose transforms
	// reach pulumi-eks's children (CLIs that read this key; controlplane
	// asks the engine too)
	if want := ">=" + controlplane.MinPulumiVersion; p.RequiredPulumiVersion != want {
		t.Errorf("requiredPulumiVersion %q, want %q", p.RequiredPulumiVersion, want)
	}
	// its config keys: TestProjectDescribesEverySetting
	for _, stack := range stackNames(t) {
		t.Run(stack, func(t *testing.T) {
			cfg := loadStack(t, stack)
			if _, err := stackconfig.Parse(cfg); err != nil {
				t.Fatalf("stack %s does not validate: %v", stack, err)
			}
			g := runStack(t, stack, cfg)
			if len(g.Find("aws:eks/nodeGroup:NodeGroup")) == 0 {
				t.Error("no node group")
			}
		})
	}
}

func inputs(t *testing.T, g *plan.Graph, typ, name string) map[string]any {
	t.Helper()
	for _, r := range g.Find(typ) {
		if r.Name == name {
			return r.Inputs.Mappable()
		}
	}
	t.Fatalf("no %s named %s", typ, name)
	return nil
}

func TestDevCarriesTheWalkthrough(t *testing.T) {
	g := runStack(t, "dev", loadStack(t, "dev"))

	// steps 1 and 3: the two roles, their trust and exactly their policies
	role := func(name string) map[string]any { return inputs(t, g, "aws:iam/role:Role", name) }
	if role("eks-cluster")["name"] != "AWSEKSClusterRole" || role("eks-node")["name"] != "AWSEKSNodeRole" {
		t.Error("role names differ from the walkthrough")
	}
	if !strings.Contains(role("eks-cluster")["assumeRolePolicy"].(string), `"Service":"eks.amazonaws.com"`) ||
		!strings.Contains(role("eks-node")["assumeRolePolicy"].(string), `"Service":"ec2.amazonaws.com"`) {
		t.Error("trust principals differ")
	}
	policies := map[string][]string{}
	for _, a := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		role := a.Inputs["role"].StringValue()
		policies[role] = append(policies[role], a.Inputs["policyArn"].StringValue())
	}
	for _, v := range policies {
		sort.Strings(v)
	}
	want := map[string][]string{
		"AWSEKSClusterRole": {"arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"},
		"AWSEKSNodeRole": {"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
			"arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"},
	}
	if !reflect.DeepEqual(policies, want) {
		t.Errorf("policies = %v, want %v", policies, want)
	}

	// step 2: the cluster
	cl := inputs(t, g, "eks:index:Cluster", "eks")
	for k, v := range map[string]any{
		"name": "simple-bank", "version": spec.DefaultVersion, "endpointPublicAccess": true,
		"endpointPrivateAccess": true, "publicAccessCidrs": []any{"0.0.0.0/0"},
		"vpcId": plan.DefaultCloud().DefaultVPCID,
	} {
		if !reflect.DeepEqual(cl[k], v) {
			t.Errorf("cluster %s = %v, want %v", k, cl[k], v)
		}
	}
	if _, on := cl["enabledClusterLogTypes"]; on {
		t.Error("logging is on; the walkthrough has it off")
	}
	var addons []string
	for _, a := range g.Find("aws:eks/addon:Addon") {
		addons = append(addons, a.Inputs["addonName"].StringValue())
	}
	sort.Strings(addons)
	if !reflect.DeepEqual(addons, []string{"coredns", "kube-proxy", "vpc-cni"}) {
		t.Errorf("add-ons = %v", addons)
	}

	// step 4: the node group
	ng := inputs(t, g, "aws:eks/nodeGroup:NodeGroup", "simple-bank")
	for k, v := range map[string]any{
		"capacityType": "ON_DEMAND", "instanceTypes": []any{"t3.micro"}, "diskSize": float64(20),
		"amiType":       "AL2023_x86_64_STANDARD",
		"scalingConfig": map[string]any{"minSize": float64(1), "maxSize": float64(2), "desiredSize": float64(1)},
		"updateConfig":  map[string]any{"maxUnavailable": float64(1)},
		"nodeRoleArn":   "arn:aws:iam::123456789012:role/AWSEKSNodeRole",
	} {
		if !reflect.DeepEqual(ng[k], v) {
			t.Errorf("node group %s = %v, want %v", k, ng[k], v)
		}
	}
	if _, ssh := ng["remoteAccess"]; ssh {
		t.Error("SSH is on")
	}
}

func TestProdIsHardened(t *testing.T) {
	g := runStack(t, "prod", loadStack(t, "prod"))
	cl := g.Find("eks:index:Cluster")[0]
	in := cl.Inputs.Mappable()
	if in["endpointPublicAccess"] != false || in["endpointPrivateAccess"] != true {
		t.Error("prod endpoint is public")
	}
	if logs, _ := in["enabledClusterLogTypes"].([]any); len(logs) != 5 {
		t.Errorf("log types = %v, want all five", in["enabledClusterLogTypes"])
	}
	if !cl.Options.Protect {
		t.Error("prod cluster not protected")
	}
	// roles without fixed names are named after the cluster, not the program's logical name
	for role, want := range map[string]string{"eks-cluster": "ekskit-prod-cluster-", "eks-node": "ekskit-prod-node-", "eks-vpc-cni": "ekskit-prod-vpc-cni-"} {
		if got := inputs(t, g, "aws:iam/role:Role", role)["namePrefix"]; got != want {
			t.Errorf("role %s namePrefix = %v, want %s", role, got, want)
		}
	}
	keys := g.Find("aws:kms/key:Key")
	if len(keys) != 1 || !keys[0].Options.Protect || !keys[0].Options.RetainOnDelete {
		t.Errorf("secrets key: %+v", keys)
	}
	if _, ok := in["encryptionConfigKeyArn"]; !ok {
		t.Error("secrets encryption off")
	}
	groups := map[string]map[string]any{}
	for _, r := range g.Find("aws:eks/nodeGroup:NodeGroup") {
		groups[r.Name] = r.Inputs.Mappable()
	}
	if len(groups) != 2 || groups["system"]["capacityType"] != "ON_DEMAND" || groups["spot"]["capacityType"] != "SPOT" {
		t.Fatalf("node groups: %v", groups)
	}
	if repair, _ := groups["system"]["nodeRepairConfig"].(map[string]any); repair["enabled"] != true {
		t.Errorf("system group without auto repair: %v", groups["system"]["nodeRepairConfig"])
	}
	spot := groups["spot"]
	if its, _ := spot["instanceTypes"].([]any); len(its) < 2 {
		t.Error("spot group has one instance type")
	}
	if len(spot["labels"].(map[string]any)) == 0 || len(spot["taints"].([]any)) == 0 {
		t.Error("spot group lacks a label or a taint")
	}
	for _, a := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		if strings.HasSuffix(a.Inputs["policyArn"].StringValue(), "/AmazonEKS_CNI_Policy") && a.Name != "eks-vpc-cni-AmazonEKS_CNI_Policy" {
			t.Errorf("CNI policy still on %s; want it only on the vpc-cni IRSA role", a.Name)
		}
	}
	for _, a := range g.Find("aws:eks/addon:Addon") {
		if a.Inputs["addonName"].StringValue() == "vpc-cni" && !slices.Contains(a.PropertyDependencies["serviceAccountRoleArn"],
			"urn:pulumi:prod::ekskit::ekskit:controlplane:ControlPlane$aws:iam/role:Role::eks-vpc-cni") {
			t.Errorf("vpc-cni has no IRSA role: %v", a.PropertyDependencies)
		}
	}
}

// TestScalingSteps runs the walkthrough's step 5 as config changes and
// checks that only the node group's scaling config changes.
func TestScalingSteps(t *testing.T) {
	base := loadStack(t, "dev")
	before := runStack(t, "dev", base)
	for _, step := range []struct {
		set  map[string]int
		want map[string]any
	}{
		{map[string]int{"desiredSize": 2}, map[string]any{"minSize": float64(1), "maxSize": float64(2), "desiredSize": float64(2)}},
		{map[string]int{"minSize": 0, "desiredSize": 0}, map[string]any{"minSize": float64(0), "maxSize": float64(2), "desiredSize": float64(0)}},
	} {
		cfg := map[string]string{}
		for k, v := range base {
			cfg[k] = v
		}
		for k, v := range step.set {
			if err := stackconfig.SetPath(cfg, stackconfig.KeyNodeGroups+".simple-bank."+k, v); err != nil {
				t.Fatal(err)
			}
		}
		after := runStack(t, "dev", cfg)
		if len(after.Resources) != len(before.Resources) {
			t.Fatalf("%v: %d resources, want %d", step.set, len(after.Resources), len(before.Resources))
		}
		for _, b := range before.Resources {
			a, ok := after.ByURN(b.URN)
			if !ok {
				t.Errorf("%v: %s is gone", step.set, b.URN)
				continue
			}
			if b.Type == "aws:eks/nodeGroup:NodeGroup" {
				if got := a.Inputs["scalingConfig"].Mappable(); !reflect.DeepEqual(got, step.want) {
					t.Errorf("%v: scalingConfig = %v, want %v", step.set, got, step.want)
				}
				delete(a.Inputs, "scalingConfig")
				b.Inputs = b.Inputs.Copy()
				delete(b.Inputs, "scalingConfig")
			}
			if !a.Inputs.DeepEquals(b.Inputs) {
				t.Errorf("%v: %s changed: %v", step.set, b.URN, b.Inputs.Diff(a.Inputs))
			}
		}
	}
}

func TestBadConfigRegistersNothing(t *testing.T) {
	for _, name := range []string{
		"ekskit:nodeGroups.simple-bank.desiredSize",
		"ekskit:cluster.endpointAccess",
		"ekskit:cluster.versoin",
		"aws:region",
	} {
		cfg := loadStack(t, "dev")
		if err := stackconfig.SetPath(cfg, name, "bogus"); err != nil {
			t.Fatal(err)
		}
		g, err := plan.Run(program, plan.Options{Project: "ekskit", Stack: "dev", Config: cfg})
		var probs spec.Problems
		if !errors.As(err, &probs) {
			t.Errorf("%s: got %v, want config problems", name, err)
			continue
		}
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
		if len(g.Resources) != 0 {
			t.Errorf("%s: %d resources registered despite bad config", name, len(g.Resources))
		}
	}
}

func TestUnknownKeyFromEngineConfig(t *testing.T) {
	cfg := loadStack(t, "dev")
	cfg["ekskit:nodegroups"] = "{}"
	env, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PULUMI_CONFIG", string(env))
	_, err = plan.Run(program, plan.Options{Project: "ekskit", Stack: "dev", Config: cfg})
	if err == nil || !strings.Contains(err.Error(), `ekskit:nodegroups: unknown key (did you mean "ekskit:nodeGroups"?)`) {
		t.Errorf("got %v", err)
	}
}

// TestRolesReadyBeforeUse: whatever uses a role (by ARN or as a resource)
// also depends on each of the role's policy attachments, so it is created
// after the policies are attached and deleted before they are detached.
func TestRolesReadyBeforeUse(t *testing.T) {
	for _, stack := range stackNames(t) {
		doc := runStack(t, stack, loadStack(t, stack)).Document()
		attachments := map[string][]string{} // role URN -> its attachments
		for _, a := range doc.Resources {
			if a.Type == "aws:iam/rolePolicyAttachment:RolePolicyAttachment" {
				for _, role := range a.PropertyDependencies["role"] {
					attachments[role] = append(attachments[role], a.URN)
				}
			}
		}
		users := 0
		for _, r := range doc.Resources {
			if r.Type == "aws:iam/rolePolicyAttachment:RolePolicyAttachment" {
				continue
			}
			deps := doc.Waits(r.URN) // pulumi-eks takes the cluster role as a resource
			for role, atts := range attachments {
				if !slices.Contains(deps, role) {
					continue
				}
				users++
				for _, a := range atts {
					if !slices.Contains(deps, a) {
						t.Errorf("%s: %s uses role %s before its attachment %s", stack, r.URN, role, a)
					}
				}
			}
		}
		if users < 2 {
			t.Errorf("%s: only %d role users found; want the cluster and the node groups", stack, users)
		}
	}
}

// TestAddonOrdering: DaemonSet add-ons (vpc-cni, kube-proxy) are active
// before any node group starts; coredns waits for the first node group
// built (an on-demand one with nodes) and no node group waits for it. The
// program runs many times: registration is concurrent, and an ordering that
// depends on timing (a dependency on a component whose children are still
// registering) fails some runs only.
func TestAddonOrdering(t *testing.T) {
	for i := 0; i < 50 && !t.Failed(); i++ {
		for _, stack := range stackNames(t) {
			addonOrdering(t, stack)
		}
	}
}

func addonOrdering(t *testing.T, stack string) {
	t.Helper()
	var groups, addons []plan.DocumentResource
	for _, r := range runStack(t, stack, loadStack(t, stack)).Document().Resources {
		switch r.Type {
		case "aws:eks/nodeGroup:NodeGroup":
			groups = append(groups, r)
		case "aws:eks/addon:Addon":
			addons = append(addons, r)
		}
	}
	if len(groups) == 0 {
		t.Fatalf("%s: no node groups", stack)
	}
	cfg, err := stackconfig.Parse(loadStack(t, stack))
	if err != nil {
		t.Fatal(err)
	}
	first := cluster.Order(cfg.NodeGroups, cfg.Stack().Cluster.CoreDNSPlacement())[0]
	if ng := cfg.NodeGroups[first]; !ng.HasNodes() || ng.CapacityType != "ON_DEMAND" {
		t.Errorf("%s: the first node group, %s, is not an on-demand one with nodes", stack, first)
	}
	for _, a := range addons {
		name := a.Inputs["addonName"].(string)
		for _, ng := range groups {
			before, after := slices.Contains(ng.Waits(), a.URN), slices.Contains(a.Waits(), ng.URN)
			if spec.BeforeNodes(name) && (!before || after) {
				t.Errorf("%s: node group %s does not wait for add-on %s", stack, ng.Name, name)
			}
			if !spec.BeforeNodes(name) && (before || after != (ng.Name == first)) {
				t.Errorf("%s: add-on %s: waits for node group %s: %v, want it to wait for %s only", stack, name, ng.Name, after, first)
			}
		}
	}
}

// TestLongClusterNameFitsRoleNames: roles without fixed names are named
// after the cluster, shortened to the 38-character prefix IAM takes.
func TestLongClusterNameFitsRoleNames(t *testing.T) {
	cfg := loadStack(t, "prod")
	name := strings.Repeat("a", 100) // the longest cluster name EKS takes
	if err := stackconfig.SetPath(cfg, stackconfig.KeyCluster+".name", name); err != nil {
		t.Fatal(err)
	}
	roles := runStack(t, "prod", cfg).Find("aws:iam/role:Role")
	if len(roles) != 3 {
		t.Fatalf("%d roles, want cluster, node and vpc-cni", len(roles))
	}
	for _, r := range roles {
		p := r.Inputs["namePrefix"].StringValue()
		if len(p) != 38 || !strings.HasPrefix(p, strings.Repeat("a", 29)) {
			t.Errorf("%s: namePrefix %q (%d characters), want the cluster name shortened to 38 in all", r.Name, p, len(p))
		}
	}
}

// TestPolicyStopsTheProgram: findings at or above the stack's fail
// severity stop the program before it registers anything, under the mock
// engine as under pulumi up; exceptions with a reason let it through and
// show in plan's report.
func TestPolicyStopsTheProgram(t *testing.T) {
	cfg := loadStack(t, "dev")
	cfg[stackconfig.KeyPolicy] = `{"fail":"warning"}`
	g, err := plan.Run(program, plan.Options{Project: "ekskit", Stack: "dev", Config: cfg})
	for _, rule := range []string{"EKS001", "EKS003", "EKS004", "EKS014"} {
		if err == nil || !strings.Contains(err.Error(), rule) {
			t.Errorf("error lacks %s: %v", rule, err)
		}
	}
	if len(g.Resources) != 0 {
		t.Errorf("%d resources registered despite the policy", len(g.Resources))
	}

	var exceptions []string
	for _, rule := range []string{"EKS001", "EKS003", "EKS004", "EKS014"} {
		exceptions = append(exceptions, `{"rule":"`+rule+`","reason":"the walkthrough's choice"}`)
	}
	cfg[stackconfig.KeyPolicy] = `{"fail":"warning","exceptions":[` + strings.Join(exceptions, ",") + `]}`
	if _, err := plan.Run(program, plan.Options{Project: "ekskit", Stack: "dev", Config: cfg}); err != nil {
		t.Fatalf("excepted: %v", err)
	}
	var out, errOut bytes.Buffer
	if code := runPlan([]string{"--stack", "dev", "--set", "policy=" + cfg[stackconfig.KeyPolicy]}, &out, &errOut); code != exitOK ||
		!strings.Contains(out.String(), "warning EKS001 ekskit:cluster.publicAccessCidrs") || !strings.Contains(out.String(), "excepted: the walkthrough's choice") {
		t.Errorf("plan: exit %d %s\n%s", code, errOut.String(), out.String())
	}
}

// TestDefaultVPCZonesAreThePlans: the zones plan gives the rules for a
// cluster in the default VPC (EKS009) are those the program's own look-up
// gets, and a node group without subnets of its own has one subnet in
// each of them.
func TestDefaultVPCZonesAreThePlans(t *testing.T) {
	for _, region := range []string{"us-east-1", "us-west-1", "ca-central-1", "eu-west-1", "ap-east-2"} {
		cfg := loadStack(t, "dev")
		cfg[stackconfig.KeyRegion] = region
		doc := runStack(t, "dev", cfg).Document()
		zones, err := plan.DefaultCloud().DefaultVPCZoneIDs(region)
		if err != nil {
			t.Fatal(err)
		}
		var looked []string
		for _, inv := range doc.Invokes {
			if inv.Token == "aws:index/getAvailabilityZones:getAvailabilityZones" {
				ids, _ := inv.Answer["zoneIds"].([]any)
				for _, id := range ids {
					looked = append(looked, id.(string))
				}
			}
		}
		if !reflect.DeepEqual(looked, zones) {
			t.Errorf("%s: the program's look-up answers zones %v, the rules get %v", region, looked, zones)
		}
		for _, r := range doc.Resources {
			if subnets, _ := r.Inputs["subnetIds"].([]any); r.Type == "aws:eks/nodeGroup:NodeGroup" && len(subnets) != len(zones) {
				t.Errorf("%s: node group %s in %d subnets, the rules count %d zones", region, r.Name, len(subnets), len(zones))
			}
		}
	}
}

// TestAddonRoleOutputs: the stack outputs the ARN of each add-on's own
// role (irsa), by add-on name, for what a user grants it outside ekskit
// (a KMS key policy that names the role, say);
// none where no add-on has one.
func TestAddonRoleOutputs(t *testing.T) {
	for stack, roles := range map[string][]string{"dev": nil, "prod": {"vpc-cni"}} {
		g := runStack(t, stack, loadStack(t, stack))
		want := map[string]any{}
		for _, addon := range roles {
			for _, r := range g.Find("aws:iam/role:Role") {
				if r.Name == "eks-"+addon {
					want[addon] = r.Outputs["arn"].StringValue()
				}
			}
		}
		if got := g.Outputs["addonRoleArns"].Mappable(); !reflect.DeepEqual(got, want) || len(want) != len(roles) {
			t.Errorf("%s: addonRoleArns = %v, want %v", stack, got, want)
		}
	}
}
