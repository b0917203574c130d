package cluster_test

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/cluster"
	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/nodegroup"
)

// ExampleBuild builds the roles, the control plane and a node group in one
// call, validated as a whole before anything is registered. The settings'
// types come from the component packages; nothing else is imported.
func ExampleBuild() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		c, err := cluster.Build(ctx, "demo", cluster.Settings{
			Cluster: controlplane.Settings{Name: "demo", EndpointAccess: controlplane.EndpointPrivate},
			NodeGroups: map[string]nodegroup.Settings{
				"system": {InstanceTypes: []string{"t3.large"}}, // runs coredns
				"batch": {
					InstanceTypes: []string{"c6i.xlarge"}, CapacityType: "SPOT",
					Taints: []nodegroup.Taint{{Key: "dedicated", Value: "batch", Effect: "NO_SCHEDULE"}},
				},
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("kubeconfig", c.ControlPlane.Kubeconfig)
		return nil
	})
}
