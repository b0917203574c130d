package controlplane_test

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/components/roles"
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
