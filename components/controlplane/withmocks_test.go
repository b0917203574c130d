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
// outputs are its inputs, every invoke returns nothing.
type echoMocks struct{}

func (echoMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	return args.Name + "_id", args.Inputs, nil
}

func (echoMocks) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// TestPlainMocksFailClearly: under pulumi.WithMocks with a mock that does
// not answer pulumi-eks's remote component as the engine would, the
// control plane fails with an error that says what is missing and what to
// use instead, and does not panic.
func TestPlainMocksFailClearly(t *testing.T) {
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
	}, pulumi.WithMocks("demo", "test", echoMocks{}))
	if err == nil || !strings.Contains(err.Error(), "plan.Run") {
		t.Fatalf("error %v, want one pointing at plan.Run", err)
	}
}
