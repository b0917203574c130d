package spec

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of c: its lists, maps and pointers are new,
// so that changing those of c afterwards changes nothing in the copy.
func (c Cluster) Clone() Cluster {
	c.SubnetIDs = slices.Clone(c.SubnetIDs)
	c.SecurityGroupIDs = slices.Clone(c.SecurityGroupIDs)
	c.PublicAccessCIDRs = slices.Clone(c.PublicAccessCIDRs)
	c.Logging = slices.Clone(c.Logging)
	c.LogRetentionDays = clonePtr(c.LogRetentionDays)
	if c.Encryption != nil {
		e := *c.Encryption
		e.Protect = clonePtr(e.Protect)
		c.Encryption = &e
	}
	c.Admins = slices.Clone(c.Admins)
	if c.Access != nil {
		access := make([]Access, len(c.Access))
		for i, a := range c.Access {
			a.KubernetesGroups = slices.Clone(a.KubernetesGroups)
			if a.Policies != nil {
				policies := make(map[string]AccessScope, len(a.Policies))
				for name, scope := range a.Policies {
					policies[name] = AccessScope{Namespaces: slices.Clone(scope.Namespaces)}
				}
				a.Policies = policies
			}
			access[i] = a
		}
		c.Access = access
	}
	if c.PodIdentities != nil {
		pis := make(map[string]PodIdentity, len(c.PodIdentities))
		for name, pi := range c.PodIdentities {
			pi.PolicyARNs = slices.Clone(pi.PolicyARNs)
			pis[name] = pi
		}
		c.PodIdentities = pis
	}
	if c.Addons != nil {
		addons := make(map[string]Addon, len(c.Addons))
		for name, a := range c.Addons {
			a.Preserve = clonePtr(a.Preserve)
			a.PolicyARNs = slices.Clone(a.PolicyARNs)
			addons[name] = a
		}
		c.Addons = addons
	}
	c.Tags = maps.Clone(c.Tags)
	return c
}

// Clone returns a deep copy of ng, as [Cluster.Clone] does.
func (ng NodeGroup) Clone() NodeGroup {
	ng.InstanceTypes = slices.Clone(ng.InstanceTypes)
	for _, p := range []**int{&ng.DiskSize, &ng.MinSize, &ng.MaxSize, &ng.DesiredSize, &ng.MaxUnavailable, &ng.MaxUnavailablePercentage} {
		*p = clonePtr(*p)
	}
	ng.Labels = maps.Clone(ng.Labels)
	ng.Taints = slices.Clone(ng.Taints)
	ng.SubnetIDs = slices.Clone(ng.SubnetIDs)
	if ng.RemoteAccess != nil {
		r := *ng.RemoteAccess
		r.SourceSecurityGroupIDs = slices.Clone(r.SourceSecurityGroupIDs)
		ng.RemoteAccess = &r
	}
	ng.LaunchTemplate = clonePtr(ng.LaunchTemplate)
	ng.Tags = maps.Clone(ng.Tags)
	return ng
}

// Clone returns a deep copy of r, as [Cluster.Clone] does.
func (r Roles) Clone() Roles {
	r.NodePolicyARNs = slices.Clone(r.NodePolicyARNs)
	return r
}

// clonePtr returns a pointer to a copy of *p, nil for nil.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
