package nodegroup

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/internal/deps"
	"github.com/ekskit/ekskit/components/internal/errs"
	"github.com/ekskit/ekskit/components/internal/plain"
	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/components/spec"
)

const typeToken = "ekskit:nodegroup:NodeGroup"

// DesiredSizePath is the ignored property when an autoscaler owns the size.
const DesiredSizePath = "scalingConfig.desiredSize"

// Settings are the node group's plain settings, shared with the stack
// config (`ekskit:nodeGroups.<name>`). Package spec owns their defaults and
// rules.
type Settings = spec.NodeGroup

// Taint is a Kubernetes taint on the group's nodes ([spec.Taint]).
type Taint = spec.Taint

// RemoteAccess is SSH access to the group's nodes ([spec.RemoteAccess]).
type RemoteAccess = spec.RemoteAccess

// LaunchTemplate is the EC2 launch template the group's nodes start from
// ([spec.LaunchTemplate]).
type LaunchTemplate = spec.LaunchTemplate

// AMICustom is the AMI type of a group whose launch template names the AMI
// ([spec.AMICustom]).
const AMICustom = spec.AMICustom

// Args configure [New].
type Args struct {
	// Settings of the node group; see [spec.NodeGroup] for each field's
	// default and constraint. The zero value is one t3.medium node (up to
	// two) on Amazon Linux 2023.
	Settings Settings
	// ControlPlane is the cluster the nodes join (controlplane.New).
	// Required. The node group takes its cluster name, default subnets and
	// tags from it, waits for its DaemonSet add-ons (pod networking before
	// nodes), and tells it that a node group exists, so that the add-ons
	// that need nodes (coredns) are created after it.
	ControlPlane *controlplane.ControlPlane
	// Roles are the IAM roles from roles.New. Required. The nodes run on the
	// node role, and the group waits for its policy attachments. A node
	// role runs the nodes of one system in a cluster (EKS gives it one
	// access entry, EC2_LINUX or EC2_WINDOWS): a Windows group needs roles
	// of its own, and New refuses one on the node role of a Linux group of
	// the same control plane (the same *iam.Role, in roles built by hand
	// too), or the other way round.
	Roles *roles.Roles
	// SubnetIDs are the nodes' subnets as a Pulumi input (outputs of other
	// resources of the program); not with Settings.SubnetIDs. Defaults to
	// Settings.SubnetIDs, and those to the control plane's subnets.
	SubnetIDs pulumi.StringArrayInput
	// DependsOn are more resources the node group waits for; nil entries (an
	// optional resource that was not created) are left out. Defaults to none.
	DependsOn []pulumi.Resource
}

// NodeGroup is the component.
type NodeGroup struct {
	pulumi.ResourceState

	// NodeGroup is the aws:eks/nodeGroup:NodeGroup.
	NodeGroup *eks.NodeGroup
	// Name is the physical node group name (prefix plus AWS's suffix).
	Name pulumi.StringOutput `pulumi:"nodeGroupName"`
	// ARN of the node group.
	ARN pulumi.StringOutput `pulumi:"arn"`
	// Status of the node group.
	Status pulumi.StringOutput `pulumi:"status"`
}

// Validate reports every problem with the args of the node group name at
// once, before anything is registered: the settings' (at their key paths,
// as the stack config reports them, checked against the control plane's
// Kubernetes version) and the component's own.
func (a Args) Validate(name string) error {
	clusterVersion := ""
	if a.ControlPlane != nil {
		clusterVersion = a.ControlPlane.Settings().Version
	}
	p := a.Settings.WithDefaults().Validate("", name, clusterVersion)
	switch {
	case a.ControlPlane == nil:
		p.Add("controlPlane", nil, "required: the controlplane.ControlPlane whose cluster the nodes join")
	case a.ControlPlane.Settings().Name == "":
		p.Add("controlPlane", nil, "not made by controlplane.New: build the control plane with it")
	default:
		spec.NodeGroupTags(&p, "", a.ControlPlane.Settings(), a.Settings.Tags, nil)
	}
	if a.Roles == nil {
		p.Add("roles", nil, "required: the roles.Roles whose node role the nodes run on")
	} else {
		p = append(p, a.Roles.Usable("roles")...)
	}
	if ids, ok := a.SubnetIDs.(pulumi.StringArray); ok && len(ids) == 0 {
		p.Add("subnetIds", 0, "need at least one subnet (leave SubnetIDs nil for the control plane's)")
	}
	if ids, ok := plain.Strings(a.SubnetIDs); ok {
		spec.SubnetIDs(&p, "subnetIds", ids)
	}
	if o, ok := a.SubnetIDs.(pulumi.StringArrayOutput); ok && o.OutputState == nil {
		p.Add("subnetIds", nil, "a zero pulumi.StringArrayOutput: give the subnets' IDs (leave SubnetIDs nil for the control plane's)")
	}
	if a.SubnetIDs != nil && len(a.Settings.SubnetIDs) > 0 {
		p.Add("subnetIds", nil, "set in the settings or as a Pulumi input (Args.SubnetIDs), not both")
	}
	// pod networking: the CNI policy on the node role, or vpc-cni's own
	// role (not known for roles built by hand without NodePolicyARNs)
	if a.Roles != nil && a.Roles.NodePolicyARNs != nil && a.ControlPlane != nil {
		_, nodeCNI := a.Roles.NodePolicyARNs[roles.CNIPolicy]
		switch own := a.ControlPlane.Settings().VPCCNIOwnRole(); {
		case !nodeCNI && !own:
			p.Add("roles", nil, "the node role has no %s and vpc-cni has no role of its own: nodes would get no pod networking "+
				"(give vpc-cni irsa: true or podIdentity: true, or leave roles.Args.OmitNodeCNIPolicy false)", roles.CNIPolicy)
		case nodeCNI && own:
			p.Add("roles", nil, "vpc-cni has a role of its own, yet the node role keeps %s, so whatever runs with the nodes' "+
				"credentials can still change the VPC's network interfaces (create the roles with roles.Args.OmitNodeCNIPolicy: true)", roles.CNIPolicy)
		}
	}
	return p.Err()
}

// New creates a managed node group on a control plane. An invalid Args
// (nil args lack the required ControlPlane and Roles) is an error before
// anything is registered, naming the node group and every problem.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (_ *NodeGroup, err error) {
	defer errs.Wrap(&err, "node group %s", name)
	if args, err = deps.Prepare(args, func(a Args) error { return a.Validate(name) }, opts); err != nil {
		return nil, err
	}
	a, cp := args.Settings.WithDefaults(), args.ControlPlane
	if err := cp.UseNodeRole(name, args.Roles, a.Windows()); err != nil {
		return nil, err
	}
	c := &NodeGroup{}
	if err := ctx.RegisterComponentResource(typeToken, name, c, opts...); err != nil {
		return nil, err
	}
	waitFor := deps.Present(args.Roles.NodeRoleAttachments, cp.NodeAddons, args.DependsOn)
	childOpts := []pulumi.ResourceOption{pulumi.Parent(c), pulumi.DependsOn(waitFor)}
	if a.AutoscalerOwnsDesiredSize {
		childOpts = append(childOpts, pulumi.IgnoreChanges([]string{DesiredSizePath}))
	}
	var subnets pulumi.StringArrayInput = cp.SubnetIDs
	switch {
	case args.SubnetIDs != nil:
		subnets = args.SubnetIDs
	case len(a.SubnetIDs) > 0:
		subnets = pulumi.ToStringArray(a.SubnetIDs)
	}
	tags := spec.MergedTags(cp.Settings().Tags, a.Tags)
	ng, err := eks.NewNodeGroup(ctx, name, awsArgs(a, name, cp, args.Roles.NodeRoleARN, subnets, tags), childOpts...)
	if err != nil {
		return nil, err
	}
	c.NodeGroup, c.Name, c.ARN, c.Status = ng, ng.NodeGroupName, ng.Arn, ng.Status
	// the add-ons that need nodes wait for the first group built, whatever
	// it is: an add-on configured is never left out (coredns's
	// configurationValues may give it tolerations); on nodes it cannot run
	// on it stays DEGRADED, which a warning says ahead
	created, err := cp.NodeGroupCreated(ctx, ng)
	if err != nil {
		return nil, err
	}
	if warning := firstGroupWarning(created, a, cp.Settings().CoreDNSPlacement()); warning != "" {
		if err := ctx.Log.Warn(warning, &pulumi.LogArgs{Resource: c}); err != nil {
			return nil, err
		}
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"nodeGroupName": c.Name, "arn": c.ARN, "status": c.Status,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// firstGroupWarning is the warning for the add-ons created waiting for
// group a (defaulted), the first built, when its nodes may not run them or
// it has none; "" when none was created or coredns, placed as coredns says
// (the control plane's [spec.Cluster.CoreDNSPlacement]), runs on its nodes
// ([spec.NodeGroup.HostsCoreDNS]).
func firstGroupWarning(created []string, a Settings, coredns spec.CoreDNSPlacement) string {
	switch {
	case len(created) == 0 || a.HostsCoreDNS(coredns):
		return ""
	case !a.AdmitsCoreDNS(coredns):
		return fmt.Sprintf("add-ons %s wait for this node group, the first built, whose nodes coredns may not run on "+
			"(Windows nodes, a taint it does not tolerate, or labels its nodeSelector or required node affinity does not match, as its configurationValues "+
			"give them): build a group they run on first, or call InstallNodeAddons before", strings.Join(created, ", "))
	}
	return fmt.Sprintf("add-ons %s wait for this node group, the first built, which starts with no nodes (desiredSize 0): "+
		"coredns runs only once another group's nodes join, and pulumi up fails its create after the provider's 20-minute timeout, DEGRADED; "+
		"build a group with nodes first, or call InstallNodeAddons before", strings.Join(created, ", "))
}

// awsArgs maps defaulted settings onto the aws node group's inputs.
func awsArgs(a Settings, name string, cp *controlplane.ControlPlane, nodeRole pulumi.StringInput, subnets pulumi.StringArrayInput, tags map[string]string) *eks.NodeGroupArgs {
	out := &eks.NodeGroupArgs{
		ClusterName:         cp.ClusterName,
		NodeGroupNamePrefix: pulumi.String(a.PhysicalNamePrefix(name)),
		NodeRoleArn:         nodeRole,
		SubnetIds:           subnets,
		AmiType:             pulumi.String(a.AMIType),
		CapacityType:        pulumi.String(a.CapacityType),
		ScalingConfig: eks.NodeGroupScalingConfigArgs{
			MinSize:     pulumi.Int(*a.MinSize),
			MaxSize:     pulumi.Int(*a.MaxSize),
			DesiredSize: pulumi.Int(*a.DesiredSize),
		},
		Labels: pulumi.ToStringMap(a.Labels),
		Tags:   pulumi.ToStringMap(tags),
	}
	if len(a.InstanceTypes) > 0 { // none: the launch template's
		out.InstanceTypes = pulumi.ToStringArray(a.InstanceTypes)
	}
	if a.DiskSize != nil {
		out.DiskSize = pulumi.Int(*a.DiskSize)
	}
	uc := eks.NodeGroupUpdateConfigArgs{}
	if a.MaxUnavailablePercentage != nil {
		uc.MaxUnavailablePercentage = pulumi.Int(*a.MaxUnavailablePercentage)
	} else {
		uc.MaxUnavailable = pulumi.Int(*a.MaxUnavailable)
	}
	out.UpdateConfig = uc
	// sent when false too: left out, the provider would keep a repair
	// turned on before (its nodeRepairConfig is optional and computed)
	out.NodeRepairConfig = eks.NodeGroupNodeRepairConfigArgs{Enabled: pulumi.Bool(a.AutoRepair)}
	if len(a.Taints) > 0 {
		taints := eks.NodeGroupTaintArray{}
		for _, t := range a.Taints {
			ta := eks.NodeGroupTaintArgs{Key: pulumi.String(t.Key), Effect: pulumi.String(t.Effect)}
			if t.Value != "" {
				ta.Value = pulumi.String(t.Value)
			}
			taints = append(taints, ta)
		}
		out.Taints = taints
	}
	if ra := a.RemoteAccess; ra != nil {
		out.RemoteAccess = eks.NodeGroupRemoteAccessArgs{
			Ec2SshKey:              pulumi.String(ra.SSHKey),
			SourceSecurityGroupIds: pulumi.ToStringArray(ra.SourceSecurityGroupIDs),
		}
	}
	if lt := a.LaunchTemplate; lt != nil {
		lta := eks.NodeGroupLaunchTemplateArgs{Version: pulumi.String(lt.Version)}
		if lt.ID != "" {
			lta.Id = pulumi.String(lt.ID)
		} else {
			lta.Name = pulumi.String(lt.Name)
		}
		out.LaunchTemplate = lta
	}
	// The group follows the cluster's version unless it sets its own: with
	// no version, EKS keeps a group at the version it was created with, and
	// the next control-plane upgrade fails until the group is upgraded.
	// A custom AMI (the launch template's) carries its own version.
	switch {
	case a.Version != "":
		out.Version = pulumi.String(a.Version)
	case a.AMIType != spec.AMICustom:
		out.Version = cp.Version
	}
	if a.ReleaseVersion != "" {
		out.ReleaseVersion = pulumi.String(a.ReleaseVersion)
	}
	return out
}
