// Package cluster builds a whole EKS cluster from plain settings: the IAM
// roles (package roles), the control plane with its add-ons (package
// controlplane) and every managed node group (package nodegroup), in the
// order they need. It is what the ekskit program runs for a stack, and the
// way to use the components that leaves nothing to wire by hand: the
// add-ons that need nodes are created after a node group that has nodes.
//
// Build registers no component of its own: the resources are those of the
// three components, named as the caller says, so a program can move from
// calling the components one by one to Build without changing a URN.
package cluster

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/controlplane"
	"github.com/ekskit/ekskit/components/internal/deps"
	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/components/spec"
)

// Settings of a whole cluster ([spec.Stack]): each part's fields document
// their defaults and constraints.
type Settings = spec.Stack

// Quotas are the account's EKS service quotas ([spec.Quotas]), for
// Settings.Quotas: with the component packages' own aliases, a program
// that builds Settings imports no other package.
type Quotas = spec.Quotas

// Cluster is what Build created.
type Cluster struct {
	Roles        *roles.Roles
	ControlPlane *controlplane.ControlPlane
	// NodeGroups by name.
	NodeGroups map[string]*nodegroup.NodeGroup
}

// Build creates the roles and the control plane, both named name, and the
// node groups, each named by its key, after validating all of s. The roles
// without fixed names are prefixed with the cluster's name. opts (a
// provider, say) go to every component.
//
// Node groups are built in [Order]: the first one is the one the add-ons
// that need nodes wait for. Their names are their keys, not prefixed with
// name: two clusters in one program need different node-group keys.
//
// Build enforces the rules of every setting and of the whole (s.Quotas
// included), as the stack config does. The guardrails of package rules
// (coredns with no node it can run on, a public endpoint, ...) are
// findings, not errors, and are not checked here: a program runs them on
// the same Settings with rules.Check(rules.Input{Stack: s, Region: ..., ...}) and
// decides (the ekskit program stops on errors, as ekskit:policy says).
func Build(ctx *pulumi.Context, name string, s Settings, opts ...pulumi.ResourceOption) (*Cluster, error) {
	// at the stack config's key paths, without the namespace; the options
	// here too (each component checks them again) so that both come at once
	if err := errors.Join(s.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err(), deps.CheckOptions(opts)); err != nil {
		return nil, fmt.Errorf("cluster %s: %w", name, err)
	}
	policiesPerRole := *s.Quotas.WithDefaults().PoliciesPerRole
	r, err := roles.New(ctx, name, &roles.Args{
		Settings:          s.Roles,
		NamePrefix:        s.Cluster.Name + "-",
		OmitNodeCNIPolicy: s.Cluster.VPCCNIOwnRole(),
		Tags:              s.Cluster.Tags,
		PoliciesPerRole:   policiesPerRole,
	}, opts...)
	if err != nil {
		return nil, err
	}
	cp, err := controlplane.New(ctx, name, &controlplane.Args{Settings: s.Cluster, Roles: r,
		PoliciesPerRole: policiesPerRole}, opts...)
	if err != nil {
		return nil, err
	}
	c := &Cluster{Roles: r, ControlPlane: cp, NodeGroups: map[string]*nodegroup.NodeGroup{}}
	for _, ngName := range Order(s.NodeGroups, s.Cluster.CoreDNSPlacement()) {
		ng, err := nodegroup.New(ctx, ngName, &nodegroup.Args{Settings: s.NodeGroups[ngName], ControlPlane: cp, Roles: r}, opts...)
		if err != nil {
			return nil, err
		}
		c.NodeGroups[ngName] = ng
	}
	return c, nil
}

// Order is the order Build builds node groups in, by name within each rank:
// on-demand groups whose nodes can run coredns, placed as coredns says
// (the cluster's [spec.Cluster.CoreDNSPlacement];
// [spec.NodeGroup.HostsCoreDNS]), other such groups (spot capacity can
// vanish), then the rest. The first group is the one coredns waits for.
func Order(groups map[string]spec.NodeGroup, coredns spec.CoreDNSPlacement) []string {
	rank := func(ng spec.NodeGroup) int {
		ng = ng.WithDefaults()
		switch {
		case ng.HostsCoreDNS(coredns) && ng.CapacityType == spec.DefaultCapacityType:
			return 0
		case ng.HostsCoreDNS(coredns):
			return 1
		}
		return 2
	}
	names := slices.Sorted(maps.Keys(groups))
	slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(rank(groups[a]), rank(groups[b])) })
	return names
}
