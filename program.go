package main

import (
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/components/roles"
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
	r, err := roles.New(ctx, logicalName, rolesArgs(cfg))
	if err != nil {
		return err
	}
	cp, err := controlplane.New(ctx, logicalName, controlPlaneArgs(cfg, r))
	if err != nil {
		return err
	}
	groups := []pulumi.Resource{}
	names := pulumi.StringMap{}
	for _, name := range slices.Sorted(maps.Keys(cfg.NodeGroups)) {
		ng, err := nodegroup.New(ctx, name, nodeGroupArgs(cfg, name, cp, r))
		if err != nil {
			return err
		}
		groups, names[name] = append(groups, ng), ng.Name
	}
	if err := cp.InstallNodeAddons(ctx, groups...); err != nil {
		return err
	}

	ctx.Export("clusterName", cp.ClusterName)
	ctx.Export("clusterArn", cp.Arn)
	ctx.Export("endpoint", cp.Endpoint)
	ctx.Export("certificateAuthorityData", cp.CertificateData)
	ctx.Export("oidcIssuer", cp.OidcIssuer)
	ctx.Export("oidcProviderArn", cp.OidcProviderArn)
	ctx.Export("clusterSecurityGroupId", cp.SecurityGroupID)
	ctx.Export("kubeconfig", cp.Kubeconfig)
	ctx.Export("clusterRoleArn", r.ClusterRoleArn)
	ctx.Export("nodeRoleArn", r.NodeRoleArn)
	ctx.Export("nodeGroups", names)
	return nil
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

func rolesArgs(cfg stackconfig.Config) *roles.Args {
	return &roles.Args{
		ClusterRoleName:     cfg.Roles.ClusterRoleName,
		NodeRoleName:        cfg.Roles.NodeRoleName,
		NamePrefix:          cfg.Cluster.Name + "-",
		Path:                cfg.Roles.Path,
		PermissionsBoundary: cfg.Roles.PermissionsBoundary,
		ExtraNodePolicyARNs: cfg.Roles.NodePolicyARNs,
		OmitNodeCNIPolicy:   cfg.Cluster.IRSA(),
		Tags:                cfg.Cluster.Tags,
	}
}

func controlPlaneArgs(cfg stackconfig.Config, r *roles.Roles) *controlplane.Args {
	cl := cfg.Cluster
	a := &controlplane.Args{
		ClusterName:       cl.Name,
		Version:           cl.Version,
		ServiceRole:       r.ClusterRole,
		DependsOn:         r.ClusterRoleAttachments,
		SecurityGroupIDs:  cl.SecurityGroupIDs,
		ServiceIPv4CIDR:   cl.ServiceIPv4CIDR,
		EndpointAccess:    controlplane.EndpointAccess(cl.EndpointAccess),
		PublicAccessCIDRs: cl.PublicAccessCIDRs,
		LogTypes:          cl.Logging,
		LogRetentionDays:  cl.LogRetentionDays,
		Admins:            cl.Admins,
		SupportType:       cl.SupportType,
		Tags:              cl.Tags,
		Protect:           cl.Protect,
		Addons:            map[string]controlplane.Addon{},
	}
	if cl.VpcID != "" {
		a.VpcID, a.SubnetIDs = pulumi.String(cl.VpcID), pulumi.ToStringArray(cl.SubnetIDs)
	}
	if e := cl.Encryption; e != nil {
		a.EncryptionKeyARN, a.CreateEncryptionKey = e.KeyARN, e.Create
	}
	for name, ad := range cl.Addons {
		a.Addons[name] = controlplane.Addon{Version: ad.Version, ResolveConflicts: ad.ResolveConflicts,
			ConfigurationValues: ad.ConfigurationValues, IRSA: ad.IRSA}
	}
	return a
}

func nodeGroupArgs(cfg stackconfig.Config, name string, cp *controlplane.ControlPlane, r *roles.Roles) *nodegroup.Args {
	ng := cfg.NodeGroups[name]
	a := &nodegroup.Args{
		ClusterName:               cp.ClusterName,
		NodeRoleArn:               r.NodeRoleArn,
		DependsOn:                 slices.Concat(r.NodeRoleAttachments, cp.NodeAddons),
		SubnetIDs:                 cp.SubnetIDs,
		AmiType:                   ng.AmiType,
		CapacityType:              ng.CapacityType,
		InstanceTypes:             ng.InstanceTypes,
		MinSize:                   deref(ng.MinSize),
		MaxSize:                   deref(ng.MaxSize),
		DesiredSize:               deref(ng.DesiredSize),
		DiskSize:                  deref(ng.DiskSize),
		MaxUnavailable:            deref(ng.MaxUnavailable),
		MaxUnavailablePercentage:  deref(ng.MaxUnavailablePercentage),
		Labels:                    ng.Labels,
		Version:                   ng.Version,
		ReleaseVersion:            ng.ReleaseVersion,
		Tags:                      mergeTags(cfg.Cluster.Tags, ng.Tags),
		AutoscalerOwnsDesiredSize: ng.AutoscalerOwnsDesiredSize,
	}
	if len(ng.SubnetIDs) > 0 {
		a.SubnetIDs = pulumi.ToStringArray(ng.SubnetIDs)
	}
	for _, t := range ng.Taints {
		a.Taints = append(a.Taints, nodegroup.Taint{Key: t.Key, Value: t.Value, Effect: t.Effect})
	}
	if ra := ng.RemoteAccess; ra != nil {
		a.RemoteAccess = &nodegroup.RemoteAccess{SSHKey: ra.SSHKey, SourceSecurityGroupIDs: ra.SourceSecurityGroupIDs}
	}
	if lt := ng.LaunchTemplate; lt != nil {
		a.LaunchTemplate = &nodegroup.LaunchTemplate{ID: lt.ID, Name: lt.Name, Version: lt.Version}
	}
	return a
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// mergeTags returns the cluster's tags overlaid with the group's.
func mergeTags(cluster, group map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range cluster {
		out[k] = v
	}
	for k, v := range group {
		out[k] = v
	}
	return out
}
