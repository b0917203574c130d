package controlplane

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ClusterType is the type token of the EKS cluster pulumi-eks creates.
const ClusterType = "aws:eks/cluster:Cluster"

// awsModule is the pulumi-aws Go SDK module whose version the program's aws
// resources are registered with.
const awsModule = "github.com/pulumi/pulumi-aws/sdk/v6"

// awsSDKVersion is the pulumi-aws version this module requires (go.mod),
// for binaries that carry no module information (test binaries of library
// packages); a test holds it to go.mod.
const awsSDKVersion = "6.83.4"

// AWSVersion is the version of the pulumi-aws Go SDK linked into the
// program: the version its aws resources are registered with, and so the
// version of the default aws provider the engine runs them on. It is read
// from the binary's build information (a program that requires a newer
// pulumi-aws than ekskit gets that one), else it is the version ekskit
// requires.
func AWSVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path != awsModule {
				continue
			}
			if d.Replace != nil {
				d = d.Replace
			}
			if v, ok := strings.CutPrefix(d.Version, "v"); ok {
				return v
			}
		}
	}
	return awsSDKVersion
}

// MinPulumiVersion is the oldest Pulumi CLI that applies a component's
// resource transforms to the children a provider plugin registers for it
// (pulumi/pulumi#15846, v3.113.0): with an older CLI, [ChildTransform] would
// not reach pulumi-eks's children, and the upgrade policy and extra security
// groups would be left out without a word.
const MinPulumiVersion = "3.113.0"

// noVersionRPC is the Go SDK's error when the CLI predates the
// RequirePulumiVersion call (added to the engine in January 2026).
const noVersionRPC = "does not support the `RequirePulumiVersion` RPC"

// checkPulumiVersion asks the engine (require: Context.RequirePulumiVersion)
// whether the CLI is MinPulumiVersion or later. A CLI too old to answer
// predates the call, not necessarily transforms, so it passes; one that
// answers no is an error, before anything is registered.
func checkPulumiVersion(require func(versionRange string) error) error {
	err := require(">=" + MinPulumiVersion)
	if err == nil || strings.Contains(err.Error(), noVersionRPC) {
		return nil
	}
	return fmt.Errorf("pulumi-eks's children need Pulumi CLI %s or later "+
		"to receive ekskit's resource transform: %w", MinPulumiVersion, err)
}

// accessPolicyAssociationType is the type of the access policy
// associations pulumi-eks makes for each access entry's policies.
const accessPolicyAssociationType = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"

// ChildTransform returns the resource transform ekskit gives pulumi-eks's
// cluster component; the engine runs it on every resource the pulumi-eks
// plugin registers under it (Pulumi CLI 3.113 or later).
//
//   - Every aws resource is moved to pulumi-aws awsVersion, the program's
//     own: the plugin bundles pulumi-aws 6.45.0 and registers its children
//     with that version and no provider, so the engine would otherwise run
//     them on a second default aws provider at 6.45.0, which does not know
//     upgradePolicy and rejects it ("Invalid or unknown key"). With the
//     version changed they share the program's default provider, configured
//     by the stack's aws: keys. A provider the caller passes to
//     [New] still wins: the engine uses an explicit provider whatever the
//     version.
//   - On the aws:eks/cluster:Cluster, it sets what pulumi-eks v2 does not
//     expose: upgradePolicy.supportType, and extra control-plane security
//     groups appended to vpcConfig.securityGroupIds.
//   - An access policy association is replaced delete-first: every
//     input replaces it (terraform-provider-aws has no update), and its
//     create (AssociateAccessPolicy) of the same policy for the same
//     principal sets the association's scope in place, while its delete
//     (DisassociateAccessPolicy) takes the policy off whatever the scope:
//     created first, the old one's delete would undo the new one.
//
// Other resources (pulumi-eks's own components, the kubernetes providers)
// pass unchanged (nil): a transform's result replaces all of a resource's
// options, and the Go SDK does not carry every option back.
func ChildTransform(awsVersion string, securityGroupIDs []string, supportType string) pulumi.ResourceTransform {
	return func(_ context.Context, args *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
		if !args.Custom || !strings.HasPrefix(args.Type, "aws:") {
			return nil
		}
		opts := args.Opts
		opts.Version = awsVersion
		if args.Type == accessPolicyAssociationType {
			opts.DeleteBeforeReplace = true
		}
		if args.Type != ClusterType {
			return &pulumi.ResourceTransformResult{Props: args.Props, Opts: opts}
		}
		props := pulumi.Map{}
		for k, v := range args.Props {
			props[k] = v
		}
		if supportType != "" {
			props["upgradePolicy"] = pulumi.Map{"supportType": pulumi.String(supportType)}
		}
		if len(securityGroupIDs) > 0 {
			vpc := pulumi.Map{}
			if old, ok := props["vpcConfig"].(pulumi.Map); ok {
				for k, v := range old {
					vpc[k] = v
				}
			}
			ids := pulumi.Array{}
			if old, ok := vpc["securityGroupIds"].(pulumi.Array); ok {
				ids = append(ids, old...)
			}
			for _, id := range securityGroupIDs {
				ids = append(ids, pulumi.String(id))
			}
			vpc["securityGroupIds"] = ids
			props["vpcConfig"] = vpc
		}
		return &pulumi.ResourceTransformResult{Props: props, Opts: opts}
	}
}
