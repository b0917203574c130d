package controlplane

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ClusterType is the type token of the EKS cluster pulumi-eks creates.
const ClusterType = "aws:eks/cluster:Cluster"

// ClusterTransform returns the resource transform that sets what pulumi-eks
// v2 does not expose on its aws:eks/cluster:Cluster child: extra
// control-plane security groups (appended to vpcConfig.securityGroupIds)
// and upgradePolicy.supportType. Other resources pass unchanged (nil).
func ClusterTransform(securityGroupIDs []string, supportType string) pulumi.ResourceTransform {
	return func(_ context.Context, args *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
		if args.Type != ClusterType {
			return nil
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
		return &pulumi.ResourceTransformResult{Props: props, Opts: args.Opts}
	}
}
