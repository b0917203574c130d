// Package nodegroup provides an EKS managed node group as a Pulumi component
// (type token ekskit:nodegroup:NodeGroup) with one child, an
// aws:eks/nodeGroup:NodeGroup.
//
// It is built on pulumi-aws's eks.NodeGroup rather than pulumi-eks v2's
// ManagedNodeGroup, because the latter cannot set updateConfig
// (maxUnavailable / maxUnavailablePercentage), which ekskit's walkthrough
// needs.
//
// The physical name is a prefix (the logical name plus a dash) and AWS adds a
// unique suffix: changes that replace a node group (instance types, AMI type,
// capacity type, disk size, subnets, node role, remote access, launch
// template) create the new group before deleting the old one instead of
// failing with "NodeGroup already exists".
//
// By default Pulumi owns the desired size, so changing config scales the
// group. With [Args.AutoscalerOwnsDesiredSize] Pulumi ignores changes to
// scalingConfig.desiredSize, leaving it to a cluster autoscaler.
//
// Providers: a provider passed to New reaches the child through the parent.
package nodegroup
