package main

import (
	"cmp"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/stackconfig"
)

// logicalName names the roles and control-plane components (and, through
// them, their children) in every stack. It never changes with the config:
// renaming the cluster is then a replacement that `pulumi preview` and
// `plan --diff` show as such, not a delete and a create of unrelated
// resources. Physical names come from the config (cluster.name).
const logicalName = "eks"

// program loads and validates the stack config, builds the roles, the
// control plane and each node group, and exports the outputs.
func program(ctx *pulumi.Context) error {
	cfg, err := stackconfig.Parse(flatConfig(ctx))
	if err != nil {
		return err
	}
	r, err := roles.New(ctx, logicalName, &roles.Args{
		Settings:          cfg.Roles,
		NamePrefix:        cfg.Cluster.Name + "-",
		OmitNodeCNIPolicy: cfg.Cluster.VPCCNIIRSA(),
		Tags:              cfg.Cluster.Tags,
	})
	if err != nil {
		return err
	}
	cp, err := controlplane.New(ctx, logicalName, &controlplane.Args{Settings: cfg.Cluster.Cluster, Roles: r})
	if err != nil {
		return err
	}
	names := pulumi.StringMap{}
	for _, name := range nodeGroupOrder(cfg.NodeGroups) {
		ng, err := nodegroup.New(ctx, name, &nodegroup.Args{Settings: cfg.NodeGroups[name], ControlPlane: cp, Roles: r})
		if err != nil {
			return err
		}
		names[name] = ng.Name
	}

	ctx.Export("clusterName", cp.ClusterName)
	ctx.Export("clusterArn", cp.ARN)
	ctx.Export("endpoint", cp.Endpoint)
	ctx.Export("certificateAuthorityData", cp.CertificateAuthorityData)
	ctx.Export("oidcIssuer", cp.OIDCIssuer)
	ctx.Export("oidcProviderArn", cp.OIDCProviderARN)
	ctx.Export("clusterSecurityGroupId", cp.ClusterSecurityGroupID)
	ctx.Export("kubeconfig", cp.Kubeconfig)
	ctx.Export("clusterRoleArn", r.ClusterRoleARN)
	ctx.Export("nodeRoleArn", r.NodeRoleARN)
	ctx.Export("nodeGroups", names)
	return nil
}

// nodeGroupOrder is the order the node groups are built in, by name within
// each rank: on-demand groups that run nodes, other groups that run nodes
// (spot capacity can vanish), then the rest. The first one built is the one
// the add-ons that need nodes (coredns) wait for.
func nodeGroupOrder(groups map[string]spec.NodeGroup) []string {
	rank := func(ng spec.NodeGroup) int {
		switch {
		case ng.HasNodes() && ng.CapacityType == spec.DefaultCapacityType:
			return 0
		case ng.HasNodes():
			return 1
		}
		return 2
	}
	names := slices.Sorted(maps.Keys(groups))
	slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(rank(groups[a]), rank(groups[b])) })
	return names
}

// flatConfig returns the ekskit keys of the stack config. Under the Pulumi
// engine every key is in PULUMI_CONFIG, so unknown ekskit: keys are found
// too; otherwise the known keys are read one by one.
func flatConfig(ctx *pulumi.Context) map[string]string {
	flat := map[string]string{}
	if env := os.Getenv("PULUMI_CONFIG"); env != "" {
		var all map[string]string
		if json.Unmarshal([]byte(env), &all) == nil {
			for k, v := range all {
				if strings.HasPrefix(k, stackconfig.Namespace+":") {
					flat[k] = v
				}
			}
		}
	}
	for _, k := range []string{stackconfig.KeyCluster, stackconfig.KeyRoles, stackconfig.KeyNodeGroups} {
		if v, ok := ctx.GetConfig(k); ok {
			flat[k] = v
		}
	}
	return flat
}
