package plan_test

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/cluster"
	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/plan"
)

// ExampleCompare checks a refactor before it reaches a stack: a cluster
// deployed as "demo", built again as "platform". Without an alias every
// resource is deleted and made anew, and the cluster's create fails on its
// name, which the old one holds until pulumi up's deletes; with an alias
// naming the old name (its children inherit it, as the engine's are), the
// deployed resources are kept, and only the Name tags pulumi-eks derives
// from its component's name change.
func ExampleCompare() {
	build := func(name string, opts ...pulumi.ResourceOption) plan.Document {
		g, err := plan.Run(func(ctx *pulumi.Context) error {
			_, err := cluster.Build(ctx, name, cluster.Settings{
				Cluster:    controlplane.Settings{Name: "demo"},
				NodeGroups: map[string]nodegroup.Settings{"workers": {InstanceTypes: []string{"t3.large"}}},
			}, opts...)
			return err
		}, plan.Options{Project: "demo", Stack: "test", Preview: true, Config: map[string]string{"aws:region": "eu-west-1"}})
		if err != nil {
			fmt.Println(err)
			return plan.Document{}
		}
		return g.Document()
	}
	deployed := build("demo")

	renamed := plan.Compare(deployed, build("platform"))
	fmt.Println("without an alias:", renamed.Count(plan.OpCreate), "to create,", renamed.Count(plan.OpDelete), "to delete,",
		renamed.Blocking(), "that pulumi up fails on")

	aliased := plan.Compare(deployed, build("platform", pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("demo")}})))
	for _, c := range aliased.Changes {
		fmt.Println("with an alias:", c.Sentence())
	}
	fmt.Println("with an alias:", aliased.Count(plan.OpCreate), "to create,", aliased.Count(plan.OpDelete), "to delete")
	// Output:
	// without an alias: 24 to create, 24 to delete, 1 that pulumi up fails on
	// with an alias: security group platform-eksClusterSecurityGroup will be updated in place (tags.Name)
	// with an alias: cluster platform-eksCluster will be updated in place (tags.Name)
	// with an alias: security group platform-nodeSecurityGroup will be updated in place (tags.Name)
	// with an alias: 0 to create, 0 to delete
}
