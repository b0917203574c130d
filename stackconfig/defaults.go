package stackconfig

import (
	"maps"
	"slices"
)

// WithDefaults returns a copy of c with every unset field at its default.
// c is not changed.
func (c Config) WithDefaults() Config {
	out := c
	cl := &out.Cluster
	if cl.Version == "" {
		cl.Version = DefaultVersion
	}
	if cl.EndpointAccess == "" {
		cl.EndpointAccess = DefaultEndpointAccess
	}
	cl.PublicAccessCIDRs = slices.Clone(cl.PublicAccessCIDRs)
	if cl.EndpointAccess != EndpointPrivate && len(cl.PublicAccessCIDRs) == 0 {
		cl.PublicAccessCIDRs = []string{"0.0.0.0/0"}
	}
	if cl.LogRetentionDays == 0 {
		cl.LogRetentionDays = DefaultLogRetentionDays
	}
	if cl.SupportType == "" {
		cl.SupportType = DefaultSupportType
	}
	if cl.Quotas.NodeGroups == 0 {
		cl.Quotas.NodeGroups = DefaultNodeGroupsQuota
	}
	if cl.Quotas.NodesPerGroup == 0 {
		cl.Quotas.NodesPerGroup = DefaultNodesPerGroupQuota
	}
	if cl.Addons == nil {
		cl.Addons = map[string]Addon{}
		for _, name := range DefaultAddons {
			cl.Addons[name] = Addon{}
		}
	} else {
		cl.Addons = maps.Clone(cl.Addons)
	}
	for name, a := range cl.Addons {
		if a.ResolveConflicts == "" {
			a.ResolveConflicts = DefaultResolveConflicts
		}
		cl.Addons[name] = a
	}
	if c.NodeGroups != nil {
		out.NodeGroups = make(map[string]NodeGroup, len(c.NodeGroups))
		for name, ng := range c.NodeGroups {
			out.NodeGroups[name] = ng.withDefaults()
		}
	}
	return out
}

func ptr(n int) *int { return &n }

func (ng NodeGroup) withDefaults() NodeGroup {
	if ng.AmiType == "" {
		ng.AmiType = DefaultAmiType
	}
	if ng.CapacityType == "" {
		ng.CapacityType = DefaultCapacityType
	}
	if len(ng.InstanceTypes) == 0 {
		ng.InstanceTypes = []string{DefaultInstanceType}
	}
	if ng.DiskSize == nil && ng.LaunchTemplate == nil {
		ng.DiskSize = ptr(DefaultDiskSize)
	}
	if ng.MinSize == nil {
		ng.MinSize = ptr(DefaultMinSize)
	}
	if ng.MaxSize == nil {
		ng.MaxSize = ptr(max(DefaultMaxSize, *ng.MinSize))
	}
	if ng.DesiredSize == nil {
		ng.DesiredSize = ptr(*ng.MinSize)
	}
	if ng.MaxUnavailable == nil && ng.MaxUnavailablePercentage == nil {
		ng.MaxUnavailable = ptr(DefaultMaxUnavailable)
	}
	return ng
}

// IRSA reports whether vpc-cni runs on its own IAM role.
func (c Cluster) IRSA() bool { return c.Addons["vpc-cni"].IRSA }

// BeforeNodes reports whether an add-on may be created before any node
// group exists (it runs as a DaemonSet).
func BeforeNodes(addon string) bool { return daemonSetAddons[addon] }
