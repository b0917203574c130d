package controlplane_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/roles"
)

// echoMocks is the mock most Pulumi users write first: every resource's
// outputs are its inputs, every invoke returns nothing, unless partition
// is set: then aws:index/getPartition:getPartition answers it.
type echoMocks struct{ partition string }

func (echoMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	return args.Name + "_id", args.Inputs, nil
}

func (m echoMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if args.Token == "aws:index/getPartition:getPartition" && m.partition != "" {
		return resource.NewPropertyMapFromMap(map[string]any{"partition": m.partition}), nil
	}
	return resource.PropertyMap{}, nil
}

// TestPlainMocksFailClearly: under pulumi.WithMocks with a mock that does
// not answer as the engine and providers would, each component fails with
// an error that names it, says what is missing and points at plan.Run,
// and nothing panics: first the roles (no partition), then, with the
// partition answered, the control plane (pulumi-eks's remote component
// echoed without its eksCluster).
func TestPlainMocksFailClearly(t *testing.T) {
	for mocks, want := range map[echoMocks][]string{
		{}:                 {"roles demo: partition: the aws provider answered \"\"", "plan.Run"},
		{partition: "aws"}: {"control plane demo: pulumi-eks's eks:index:Cluster returned no eksCluster output", "plan.Run"},
	} {
		err := pulumi.RunErr(func(ctx *pulumi.Context) error {
			r, err := roles.New(ctx, "demo", &roles.Args{})
			if err != nil {
				return err
			}
			cp, err := controlplane.New(ctx, "demo", &controlplane.Args{Roles: r, Settings: controlplane.Settings{
				Name: "demo", VPCID: "vpc-0123456789abcdef0", SubnetIDs: []string{"subnet-0123456789abcdef1", "subnet-0123456789abcdef2"},
			}})
			if err != nil {
				return err
			}
			ctx.Export("oidcProviderArn", cp.OIDCProviderARN)
			return nil
		}, pulumi.WithMocks("demo", "test", mocks))
		for _, w := range want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("partition %q: error %v, want %q", mocks.partition, err, w)
			}
		}
	}
}
