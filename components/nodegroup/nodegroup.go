package nodegroup

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const typeToken = "ekskit:nodegroup:NodeGroup"

// Defaults.
const (
	DefaultAmiType      = "AL2023_x86_64_STANDARD"
	DefaultCapacityType = "ON_DEMAND"
	DefaultInstanceType = "t3.medium"
	DefaultDiskSize     = 20
	DefaultMinSize      = 1
	DefaultMaxSize      = 2
	// DefaultMaxUnavailable nodes during an update.
	DefaultMaxUnavailable = 1
	// DesiredSizePath is the ignored property when an autoscaler owns the size.
	DesiredSizePath = "scalingConfig.desiredSize"
)

// Args configure [New].
type Args struct {
	// ClusterName is the EKS cluster's name. Required.
	ClusterName pulumi.StringInput
	// NodeRoleArn is the node IAM role's ARN. Required.
	NodeRoleArn pulumi.StringInput
	// SubnetIDs the nodes run in. Required (the program passes the
	// cluster's subnets when the config has none).
	SubnetIDs pulumi.StringArrayInput
	// AmiType defaults to AL2023_x86_64_STANDARD.
	AmiType string
	// CapacityType is ON_DEMAND or SPOT. Defaults to ON_DEMAND.
	CapacityType string
	// InstanceTypes defaults to [t3.medium].
	InstanceTypes []string
	// DiskSize in GiB. Defaults to 20, or to the launch template's size when
	// LaunchTemplate is set (0 means default).
	DiskSize int
	// MinSize and DesiredSize default to 1 when MinSize, MaxSize and
	// DesiredSize are all 0. With MaxSize set, zeros are kept: min 0 /
	// desired 0 scales the group to nothing.
	MinSize int
	// MaxSize defaults to the larger of 2 and MinSize when 0.
	MaxSize int
	// DesiredSize: see MinSize.
	DesiredSize int
	// MaxUnavailable nodes during an update. Defaults to 1 when
	// MaxUnavailablePercentage is 0.
	MaxUnavailable int
	// MaxUnavailablePercentage of nodes during an update. Defaults to unset.
	MaxUnavailablePercentage int
	// Labels are Kubernetes node labels. Defaults to none.
	Labels map[string]string
	// Taints are Kubernetes node taints. Defaults to none.
	Taints []Taint
	// RemoteAccess enables SSH to the nodes. Defaults to off.
	RemoteAccess *RemoteAccess
	// LaunchTemplate to use. Defaults to EKS's own.
	LaunchTemplate *LaunchTemplate
	// Version is the nodes' Kubernetes version. Defaults to the cluster's.
	Version string
	// ReleaseVersion is the AMI release version. Defaults to the latest for
	// the version.
	ReleaseVersion string
	// Tags on the node group. Defaults to none.
	Tags map[string]string
	// DependsOn are resources the node group waits for besides its inputs:
	// the node role's policy attachments (roles.Roles' NodeRoleAttachments)
	// and the add-ons nodes need first (controlplane.ControlPlane's
	// NodeAddons). Defaults to none.
	DependsOn []pulumi.Resource
	// AutoscalerOwnsDesiredSize makes Pulumi ignore changes to the desired
	// size. Defaults to false: Pulumi owns it.
	AutoscalerOwnsDesiredSize bool
}

// Taint is a Kubernetes node taint; Effect is NO_SCHEDULE, NO_EXECUTE or
// PREFER_NO_SCHEDULE.
type Taint struct {
	Key, Value, Effect string
}

// RemoteAccess is SSH access: an EC2 key pair and the security groups
// allowed to reach port 22.
type RemoteAccess struct {
	SSHKey                 string
	SourceSecurityGroupIDs []string
}

// LaunchTemplate names a launch template by ID or Name, at a version.
type LaunchTemplate struct {
	ID, Name, Version string
}

// NodeGroup is the component.
type NodeGroup struct {
	pulumi.ResourceState

	// NodeGroup is the aws:eks/nodeGroup:NodeGroup.
	NodeGroup *eks.NodeGroup
	// Name is the physical node group name (prefix plus AWS's suffix).
	Name pulumi.StringOutput `pulumi:"nodeGroupName"`
	// Arn of the node group.
	Arn pulumi.StringOutput `pulumi:"arn"`
	// Status of the node group.
	Status pulumi.StringOutput `pulumi:"status"`
}

func (a Args) withDefaults() Args {
	if a.AmiType == "" {
		a.AmiType = DefaultAmiType
	}
	if a.CapacityType == "" {
		a.CapacityType = DefaultCapacityType
	}
	if len(a.InstanceTypes) == 0 {
		a.InstanceTypes = []string{DefaultInstanceType}
	}
	if a.DiskSize == 0 && a.LaunchTemplate == nil {
		a.DiskSize = DefaultDiskSize
	}
	if a.MinSize == 0 && a.MaxSize == 0 && a.DesiredSize == 0 {
		a.MinSize, a.DesiredSize = DefaultMinSize, DefaultMinSize
	}
	if a.MaxSize == 0 {
		a.MaxSize = max(DefaultMaxSize, a.MinSize)
	}
	if a.MaxUnavailable == 0 && a.MaxUnavailablePercentage == 0 {
		a.MaxUnavailable = DefaultMaxUnavailable
	}
	return a
}

// Validate reports every problem with the args at once. The stack config
// layer (package stackconfig) checks much more, with key paths; this guards
// the component's own contract.
func (a Args) Validate() error {
	var errs []error
	if a.ClusterName == nil {
		errs = append(errs, errors.New("ClusterName: required"))
	}
	if a.NodeRoleArn == nil {
		errs = append(errs, errors.New("NodeRoleArn: required"))
	}
	if a.SubnetIDs == nil {
		errs = append(errs, errors.New("SubnetIDs: required"))
	}
	if a.MinSize < 0 || a.MaxSize < 1 || a.DesiredSize < a.MinSize || a.DesiredSize > a.MaxSize {
		errs = append(errs, fmt.Errorf("scaling min %d / desired %d / max %d: need 0 <= min <= desired <= max and max >= 1",
			a.MinSize, a.DesiredSize, a.MaxSize))
	}
	if a.MaxUnavailable != 0 && a.MaxUnavailablePercentage != 0 {
		errs = append(errs, errors.New("MaxUnavailable and MaxUnavailablePercentage: set one"))
	}
	if a.LaunchTemplate != nil && a.DiskSize != 0 {
		errs = append(errs, errors.New("DiskSize: cannot be combined with LaunchTemplate"))
	}
	if a.LaunchTemplate != nil && (a.LaunchTemplate.ID == "") == (a.LaunchTemplate.Name == "") {
		errs = append(errs, errors.New("LaunchTemplate: set exactly one of ID or Name"))
	}
	if a.RemoteAccess != nil && len(a.RemoteAccess.SourceSecurityGroupIDs) == 0 {
		errs = append(errs, errors.New("RemoteAccess.SourceSecurityGroupIDs: required, else SSH is open to 0.0.0.0/0"))
	}
	return errors.Join(errs...)
}

// New creates a managed node group.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*NodeGroup, error) {
	if args == nil {
		args = &Args{}
	}
	a := args.withDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("node group %s: %w", name, err)
	}
	c := &NodeGroup{}
	if err := ctx.RegisterComponentResource(typeToken, name, c, opts...); err != nil {
		return nil, fmt.Errorf("node group %s: %w", name, err)
	}
	childOpts := []pulumi.ResourceOption{pulumi.Parent(c), pulumi.DependsOn(a.DependsOn)}
	if a.AutoscalerOwnsDesiredSize {
		childOpts = append(childOpts, pulumi.IgnoreChanges([]string{DesiredSizePath}))
	}
	ng, err := eks.NewNodeGroup(ctx, name, nodeGroupArgs(name, a), childOpts...)
	if err != nil {
		return nil, fmt.Errorf("node group %s: %w", name, err)
	}
	c.NodeGroup, c.Name, c.Arn, c.Status = ng, ng.NodeGroupName, ng.Arn, ng.Status
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"nodeGroupName": c.Name, "arn": c.Arn, "status": c.Status,
	}); err != nil {
		return nil, fmt.Errorf("node group %s: %w", name, err)
	}
	return c, nil
}

// nodeGroupArgs maps defaulted Args onto the aws node group's inputs.
func nodeGroupArgs(name string, a Args) *eks.NodeGroupArgs {
	out := &eks.NodeGroupArgs{
		ClusterName:         a.ClusterName,
		NodeGroupNamePrefix: pulumi.String(name + "-"),
		NodeRoleArn:         a.NodeRoleArn,
		SubnetIds:           a.SubnetIDs,
		AmiType:             pulumi.String(a.AmiType),
		CapacityType:        pulumi.String(a.CapacityType),
		InstanceTypes:       pulumi.ToStringArray(a.InstanceTypes),
		ScalingConfig: eks.NodeGroupScalingConfigArgs{
			MinSize:     pulumi.Int(a.MinSize),
			MaxSize:     pulumi.Int(a.MaxSize),
			DesiredSize: pulumi.Int(a.DesiredSize),
		},
		Labels: pulumi.ToStringMap(a.Labels),
		Tags:   pulumi.ToStringMap(a.Tags),
	}
	if a.DiskSize != 0 {
		out.DiskSize = pulumi.Int(a.DiskSize)
	}
	uc := eks.NodeGroupUpdateConfigArgs{}
	if a.MaxUnavailablePercentage != 0 {
		uc.MaxUnavailablePercentage = pulumi.Int(a.MaxUnavailablePercentage)
	} else {
		uc.MaxUnavailable = pulumi.Int(a.MaxUnavailable)
	}
	out.UpdateConfig = uc
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
	if a.Version != "" {
		out.Version = pulumi.String(a.Version)
	}
	if a.ReleaseVersion != "" {
		out.ReleaseVersion = pulumi.String(a.ReleaseVersion)
	}
	return out
}
