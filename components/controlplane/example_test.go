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
// then the control plane on them, then a node group on both. The components
// order themselves: the cluster after its role's policy, the node group
// after the node role's policies and the DaemonSet add-ons, and coredns
// (an add-on that needs nodes) after the first node group.
func Example() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		r, err := roles.New(ctx, "demo", &roles.Args{})
		if err != nil {
			return err
		}
		cp, err := controlplane.New(ctx, "demo", &controlplane.Args{
			Settings: controlplane.Settings{Name: "demo"}, // vpc-cni, kube-proxy, coredns by default
			Roles:    r,
		})
		if err != nil {
			return err
		}
		_, err = nodegroup.New(ctx, "workers", &nodegroup.Args{
			Settings: nodegroup.Settings{
				InstanceTypes: []string{"t3.large"},
				MinSize:       new(1), MaxSize: new(3), DesiredSize: new(2),
			},
			ControlPlane: cp,
			Roles:        r,
		})
		if err != nil {
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
			Settings: controlplane.Settings{Name: "demo", SupportType: "STANDARD"},
			Roles:    r,
		})
		if err != nil {
			return err
		}
		_, err = nodegroup.New(ctx, "workers", &nodegroup.Args{
			Settings:     nodegroup.Settings{InstanceTypes: []string{"t3.large"}, MinSize: new(1), MaxSize: new(3), DesiredSize: new(2)},
			ControlPlane: cp,
			Roles:        r,
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
	ng := g.Find("aws:eks/nodeGroup:NodeGroup")[0]
	in := ng.Inputs.Mappable()
	fmt.Println("node group", ng.Name, in["instanceTypes"], in["scalingConfig"])
	for _, a := range g.Find("aws:eks/addon:Addon") {
		fmt.Println("add-on", a.Inputs["addonName"].StringValue(), "waits for the node group:", slices.Contains(a.Dependencies, ng.URN))
	}
	for _, c := range g.Find("aws:eks/cluster:Cluster") { // pulumi-eks's child
		fmt.Println("cluster", c.Name, "on pulumi-aws", c.Options.Version, c.Inputs.Mappable()["upgradePolicy"])
	}
	// Output:
	// node group workers [t3.large] map[desiredSize:2 maxSize:3 minSize:1]
	// add-on coredns waits for the node group: true
	// add-on kube-proxy waits for the node group: false
	// add-on vpc-cni waits for the node group: false
	// cluster demo-eksCluster on pulumi-aws 6.83.4 map[supportType:STANDARD]
}

// Example_podIdentity gives the EBS CSI driver an IAM role of its own
// through EKS Pod Identity: the role trusts pods.eks.amazonaws.com, the
// add-on associates it with its service account, and waits for the Pod
// Identity agent, which must be among the add-ons. cp.AddonRoles holds
// the role, for what a program grants it outside ekskit.
func Example_podIdentity() {
	program := func(ctx *pulumi.Context) error {
		r, err := roles.New(ctx, "demo", &roles.Args{})
		if err != nil {
			return err
		}
		cp, err := controlplane.New(ctx, "demo", &controlplane.Args{
			Settings: controlplane.Settings{Name: "demo", Addons: map[string]controlplane.Addon{
				"vpc-cni": {}, "kube-proxy": {}, "coredns": {},
				"eks-pod-identity-agent": {},
				"aws-ebs-csi-driver":     {PodIdentity: true},
			}},
			Roles: r,
		})
		if err != nil {
			return err
		}
		ctx.Export("ebsRoleArn", cp.AddonRoles["aws-ebs-csi-driver"].Arn)
		_, err = nodegroup.New(ctx, "workers", &nodegroup.Args{ControlPlane: cp, Roles: r})
		return err
	}

	g, err := plan.Run(program, plan.Options{Project: "demo", Stack: "test", Preview: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, role := range g.Find("aws:iam/role:Role") {
		if role.Name == "demo-aws-ebs-csi-driver" {
			fmt.Println("trust", role.Inputs["assumeRolePolicy"].StringValue())
		}
	}
	addons := map[string]plan.Resource{}
	for _, a := range g.Find("aws:eks/addon:Addon") {
		addons[a.Inputs["addonName"].StringValue()] = a
	}
	ebs := addons["aws-ebs-csi-driver"]
	association := ebs.Inputs["podIdentityAssociations"].ArrayValue()[0].ObjectValue()
	fmt.Println("association for", association["serviceAccount"].StringValue(),
		"waits for the agent:", slices.Contains(ebs.Dependencies, addons["eks-pod-identity-agent"].URN))
	// Output:
	// trust {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}
	// association for ebs-csi-controller-sa waits for the agent: true
}
