package nodegroup_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/plan"
)

func base() nodegroup.Args {
	return nodegroup.Args{
		ClusterName: pulumi.String("simple-bank"),
		NodeRoleArn: pulumi.String("arn:aws:iam::123456789012:role/AWSEKSNodeRole"),
		SubnetIDs:   pulumi.ToStringArray([]string{"subnet-0a", "subnet-0b"}),
	}
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

func run(t *testing.T, args nodegroup.Args) plan.Resource {
	t.Helper()
	g := plans(t, func(ctx *pulumi.Context) error {
		_, err := nodegroup.New(ctx, "workers", &args)
		return err
	})
	comps, ngs := g.Find("ekskit:nodegroup:NodeGroup"), g.Find("aws:eks/nodeGroup:NodeGroup")
	if len(comps) != 1 || len(ngs) != 1 || len(g.Resources) != 2 {
		t.Fatalf("want the component and one node group, got %d resources", len(g.Resources))
	}
	if ngs[0].Parent != comps[0].URN {
		t.Errorf("node group parent = %s, want %s", ngs[0].Parent, comps[0].URN)
	}
	return ngs[0]
}

func obj(v resource.PropertyValue) map[string]any { return v.ObjectValue().Mappable() }

func TestDefaults(t *testing.T) {
	ng := run(t, base())
	in := ng.Inputs.Mappable()
	want := map[string]any{
		"clusterName": "simple-bank", "nodeGroupNamePrefix": "workers-",
		"nodeRoleArn": "arn:aws:iam::123456789012:role/AWSEKSNodeRole",
		"subnetIds":   []any{"subnet-0a", "subnet-0b"},
		"amiType":     "AL2023_x86_64_STANDARD", "capacityType": "ON_DEMAND",
		"instanceTypes": []any{"t3.medium"}, "diskSize": float64(20),
		"scalingConfig": map[string]any{"minSize": float64(1), "maxSize": float64(2), "desiredSize": float64(1)},
		"updateConfig":  map[string]any{"maxUnavailable": float64(1)},
	}
	for k, v := range want {
		if !reflect.DeepEqual(in[k], v) {
			t.Errorf("%s = %#v, want %#v", k, in[k], v)
		}
	}
	for _, k := range []string{"nodeGroupName", "launchTemplate", "remoteAccess", "taints", "version", "releaseVersion"} {
		if _, set := in[k]; set {
			t.Errorf("%s sent but not asked for: %v", k, in[k])
		}
	}
	if len(ng.Options.IgnoreChanges) != 0 {
		t.Errorf("ignoreChanges = %v; Pulumi should own the size by default", ng.Options.IgnoreChanges)
	}
}

func TestEverything(t *testing.T) {
	a := base()
	a.AmiType, a.CapacityType = "AL2023_ARM_64_STANDARD", "SPOT"
	a.InstanceTypes = []string{"m7g.large", "m6g.large"}
	a.MinSize, a.MaxSize, a.DesiredSize = 0, 10, 3
	a.MaxUnavailablePercentage = 25
	a.Labels = map[string]string{"workload": "batch"}
	a.Taints = []nodegroup.Taint{{Key: "spot", Value: "true", Effect: "NO_SCHEDULE"}, {Key: "gpu", Effect: "NO_EXECUTE"}}
	a.LaunchTemplate = &nodegroup.LaunchTemplate{Name: "workers", Version: "4"}
	a.Version, a.ReleaseVersion = "1.34", "1.34.2-20251120"
	a.Tags = map[string]string{"team": "data"}
	a.AutoscalerOwnsDesiredSize = true
	ng := run(t, a)
	in := ng.Inputs.Mappable()
	checks := map[string]any{
		"capacityType":   "SPOT",
		"instanceTypes":  []any{"m7g.large", "m6g.large"},
		"scalingConfig":  map[string]any{"minSize": float64(0), "maxSize": float64(10), "desiredSize": float64(3)},
		"updateConfig":   map[string]any{"maxUnavailablePercentage": float64(25)},
		"labels":         map[string]any{"workload": "batch"},
		"taints":         []any{map[string]any{"key": "spot", "value": "true", "effect": "NO_SCHEDULE"}, map[string]any{"key": "gpu", "effect": "NO_EXECUTE"}},
		"launchTemplate": map[string]any{"name": "workers", "version": "4"},
		"version":        "1.34", "releaseVersion": "1.34.2-20251120",
		"tags": map[string]any{"team": "data"},
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
	a := base()
	a.RemoteAccess = &nodegroup.RemoteAccess{SSHKey: "ops", SourceSecurityGroupIDs: []string{"sg-0123456789abcdef0"}}
	ng := run(t, a)
	want := map[string]any{"ec2SshKey": "ops", "sourceSecurityGroupIds": []any{"sg-0123456789abcdef0"}}
	if got := obj(ng.Inputs["remoteAccess"]); !reflect.DeepEqual(got, want) {
		t.Errorf("remoteAccess = %v", got)
	}
}

func TestScaleToZero(t *testing.T) {
	a := base()
	a.MinSize, a.MaxSize, a.DesiredSize = 0, 2, 0
	got := obj(run(t, a).Inputs["scalingConfig"])
	if want := map[string]any{"minSize": float64(0), "maxSize": float64(2), "desiredSize": float64(0)}; !reflect.DeepEqual(got, want) {
		t.Errorf("scalingConfig = %v, want %v", got, want)
	}
}

func TestValidate(t *testing.T) {
	for name, mutate := range map[string]func(*nodegroup.Args){
		"desired above max": func(a *nodegroup.Args) { a.MinSize, a.MaxSize, a.DesiredSize = 1, 2, 3 },
		"both update forms": func(a *nodegroup.Args) { a.MaxUnavailable, a.MaxUnavailablePercentage = 1, 10 },
		"disk with template": func(a *nodegroup.Args) {
			a.DiskSize, a.LaunchTemplate = 30, &nodegroup.LaunchTemplate{ID: "lt-1", Version: "1"}
		},
		"template id and name": func(a *nodegroup.Args) {
			a.LaunchTemplate = &nodegroup.LaunchTemplate{ID: "lt-1", Name: "x", Version: "1"}
		},
		"open ssh":   func(a *nodegroup.Args) { a.RemoteAccess = &nodegroup.RemoteAccess{SSHKey: "k"} },
		"no cluster": func(a *nodegroup.Args) { a.ClusterName = nil },
	} {
		a := base()
		mutate(&a)
		_, err := plan.Run(func(ctx *pulumi.Context) error {
			_, err := nodegroup.New(ctx, "workers", &a)
			return err
		}, plan.Options{Project: "test", Stack: "unit"})
		if err == nil || !strings.Contains(err.Error(), "node group workers") {
			t.Errorf("%s: got %v, want a node group error", name, err)
		}
	}
}

// TestDependsOn: the node group itself (not only its component) waits for
// what the caller names, such as the node role's policy attachments.
func TestDependsOn(t *testing.T) {
	g := plans(t, func(ctx *pulumi.Context) error {
		var thing pulumi.CustomResourceState
		if err := ctx.RegisterResource("test:index:Thing", "policy", nil, &thing); err != nil {
			return err
		}
		args := base()
		args.DependsOn = []pulumi.Resource{&thing}
		_, err := nodegroup.New(ctx, "workers", &args)
		return err
	})
	thing, ng := g.Find("test:index:Thing"), g.Find("aws:eks/nodeGroup:NodeGroup")
	if len(thing) != 1 || len(ng) != 1 || !reflect.DeepEqual(ng[0].Dependencies, []string{thing[0].URN}) {
		t.Errorf("node group dependencies = %v, want the given resource", ng)
	}
}
