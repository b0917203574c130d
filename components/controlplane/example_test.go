package controlplane_test

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/plan"
)

// Example wires the three components in another Pulumi Go program: roles,
// then the control plane, then a node group, then the add-ons that need nodes.
// Explicit dependencies order what the data does not: the cluster after its
// role's policy, the node group after the node role's policies and the
// networking add-ons.
func Example() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		r, err := roles.New(ctx, "demo", &roles.Args{})
		if err != nil {
			return err
		}
		cp, err := controlplane.New(ctx, "demo", &controlplane.Args{
			ClusterName: "demo",
			ServiceRole: r.ClusterRole,
			DependsOn:   r.ClusterRoleAttachments, // the role's policy before the cluster
			Addons:      map[string]controlplane.Addon{"vpc-cni": {}, "kube-proxy": {}, "coredns": {}},
		})
		if err != nil {
			return err
		}
		ng, err := nodegroup.New(ctx, "workers", &nodegroup.Args{
			ClusterName:   cp.ClusterName,
			NodeRoleArn:   r.NodeRoleArn,
			SubnetIDs:     cp.SubnetIDs,
			InstanceTypes: []string{"t3.large"},
			DependsOn:     slices.Concat(r.NodeRoleAttachments, cp.NodeAddons),
			MinSize:       1, MaxSize: 3, DesiredSize: 2,
		})
		if err != nil {
			return err
		}
		if err := cp.InstallNodeAddons(ctx, ng); err != nil {
			return err
		}
		ctx.Export("kubeconfig", cp.Kubeconfig)
		return nil
	})
}

// Example_unitTest is a user's own unit test of a program built from the
// components, the way ekskit tests itself: plan.Run runs the program on
// Pulumi's mock engine, offline (no AWS account, CLI or plugins), answers
// the look-ups and pulumi-eks's remote component as the engine and
// providers would, and returns every resource that would be registered,
// pulumi-eks's children included, with the inputs sent to AWS. In a
// TestXxx, compare them with t.Errorf instead of printing.
func Example_unitTest() {
	program := func(ctx *pulumi.Context) error {
		r, err := roles.New(ctx, "demo", &roles.Args{})
		if err != nil {
			return err
		}
		cp, err := controlplane.New(ctx, "demo", &controlplane.Args{
			ClusterName: "demo",
			ServiceRole: r.ClusterRole,
			DependsOn:   r.ClusterRoleAttachments,
			SupportType: "STANDARD",
			Addons:      map[string]controlplane.Addon{"vpc-cni": {}, "kube-proxy": {}},
		})
		if err != nil {
			return err
		}
		_, err = nodegroup.New(ctx, "workers", &nodegroup.Args{
			ClusterName:   cp.ClusterName,
			NodeRoleArn:   r.NodeRoleArn,
			SubnetIDs:     cp.SubnetIDs,
			InstanceTypes: []string{"t3.large"},
			DependsOn:     slices.Concat(r.NodeRoleAttachments, cp.NodeAddons),
			MinSize:       1, MaxSize: 3, DesiredSize: 2,
		})
		return err
	}

	g, err := plan.Run(program, plan.Options{
		Project: "demo", Stack: "test", Preview: true,
		Config: map[string]string{"aws:region": "eu-west-1"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ng := range g.Find("aws:eks/nodeGroup:NodeGroup") {
		in := ng.Inputs.Mappable()
		fmt.Println("node group", ng.Name, in["instanceTypes"], in["scalingConfig"])
	}
	for _, c := range g.Find("aws:eks/cluster:Cluster") { // pulumi-eks's child
		fmt.Println("cluster", c.Name, "on pulumi-aws", c.Options.Version, c.Inputs.Mappable()["upgradePolicy"])
	}
	fmt.Println(len(g.Find("aws:ec2/securityGroupRule:SecurityGroupRule")), "security group rules")
	// Output:
	// node group workers [t3.large] map[desiredSize:2 maxSize:3 minSize:1]
	// cluster demo-eksCluster on pulumi-aws 6.83.4 map[supportType:STANDARD]
	// 6 security group rules
}
