// Package nodegroup provides an EKS managed node group as a Pulumi component
// (type token ekskit:nodegroup:NodeGroup) with one child, an
// aws:eks/nodeGroup:NodeGroup.
//
// Its plain settings are [spec.NodeGroup] (alias [Settings]), which each
// `ekskit:nodeGroups` entry of the stack config decodes into; spec owns
// their defaults and rules, and [Args.Validate] reports every problem, at
// its key path, before anything is registered. It joins a control plane
// (controlplane.New) and runs on the roles' node role (roles.New), and
// orders itself: after the node role's policies and the DaemonSet add-ons;
// the first node group built on a control plane creates the add-ons that
// need nodes (coredns), which wait for it.
//
// It is built on pulumi-aws's eks.NodeGroup rather than pulumi-eks v2's
// ManagedNodeGroup, because the latter cannot set updateConfig
// (maxUnavailable / maxUnavailablePercentage), which ekskit's walkthrough
// needs.
//
// The physical name is a prefix (Settings.NamePrefix, by default the name
// plus a dash) and AWS adds a unique suffix: changes that replace a node group (instance types, AMI type,
// capacity type, disk size, subnets, node role, remote access, launch
// template) create the new group before deleting the old one instead of
// failing with "NodeGroup already exists".
//
// By default Pulumi owns the desired size, so changing config scales the
// group. With Settings.AutoscalerOwnsDesiredSize Pulumi ignores changes to
// scalingConfig.desiredSize, leaving it to a cluster autoscaler.
//
// Providers: a provider passed to New reaches the child through the parent.
package nodegroup
