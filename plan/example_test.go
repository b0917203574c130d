package plan_test

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/cluster"
	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/plan"
)

// ExampleCompare checks a refactor before it reaches a stack: the
// components of a cluster deployed as "demo" built again as "platform"
// (the EKS cluster keeps its name, "demo"). Without an alias every
// resource is deleted and made anew, the node group replaced, and the
// cluster's create fails on its name, which the old one holds until
// pulumi up's deletes; with an alias naming the old name (which their
// children inherit, as the engine's aliases are inherited), the deployed
// resources are kept, and only the Name tags pulumi-eks derives from its
// component's name change.
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
	fmt.Println("without an alias:", renamed.Count(plan.OpCreate), "to create,", renamed.Count(plan.OpReplace), "to replace,",
		renamed.Count(plan.OpDelete), "to delete")
	for _, c := range renamed.Changes {
		if c.Blocks() {
			why, _, _ := strings.Cut(c.Fails, ",")
			fmt.Println("without an alias:", c.Kind, c.Name, c.Op, "fails:", why)
		}
	}

	aliased := plan.Compare(deployed, build("platform", pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("demo")}})))
	for _, c := range aliased.Changes {
		fmt.Println("with an alias:", c.Sentence())
	}
	fmt.Println("with an alias:", aliased.Counts())
	// Output:
	// without an alias: 24 to create, 1 to replace, 24 to delete
	// without an alias: cluster platform-eksCluster create fails: cluster demo-eksCluster has name "demo" now
	// with an alias: security group platform-eksClusterSecurityGroup will be updated in place (tags.Name)
	// with an alias: cluster platform-eksCluster will be updated in place (tags.Name)
	// with an alias: security group platform-nodeSecurityGroup will be updated in place (tags.Name)
	// with an alias: 0 to create, 3 to update, 0 to replace, 0 to delete, 23 unchanged; 24 kept under new URNs (aliases)
}
