package stackconfig

import (
	"maps"
	"slices"

	"github.com/ekskit/ekskit/components/spec"
)

// WithDefaults returns a copy of c with every unset setting at its
// default (the components' defaults, from package spec); c is not changed.
func (c Config) WithDefaults() Config {
	out := c
	out.Cluster.Cluster = c.Cluster.Cluster.WithDefaults()
	q := &out.Cluster.Quotas
	if q.NodeGroups == nil {
		q.NodeGroups = spec.Int(spec.DefaultNodeGroupsQuota)
	}
	if q.NodesPerGroup == nil {
		q.NodesPerGroup = spec.Int(spec.DefaultNodesPerGroupQuota)
	}
	out.Roles = c.Roles.WithDefaults()
	if c.NodeGroups != nil {
		out.NodeGroups = make(map[string]spec.NodeGroup, len(c.NodeGroups))
		for name, ng := range c.NodeGroups {
			out.NodeGroups[name] = ng.WithDefaults()
		}
	}
	return out
}

// Validate checks a config (after [Config.WithDefaults]) and returns every
// problem found as [spec.Problems], or nil: each component's rules (from
// package spec) at its config key, then the stack's own: the account's
// quotas, and add-ons that need node groups.
func (c Config) Validate() error {
	var p spec.Problems
	cluster, nodeGroups := spec.Path(KeyCluster), spec.Path(KeyNodeGroups)
	p = append(p, c.Cluster.Cluster.Validate(cluster)...)
	p = append(p, c.Roles.Validate(KeyRoles)...)
	for _, name := range slices.Sorted(maps.Keys(c.NodeGroups)) {
		p = append(p, c.NodeGroups[name].Validate(nodeGroups.Key(name), name, c.Cluster.Version)...)
	}
	c.validateQuotas(&p)
	for _, name := range slices.Sorted(maps.Keys(c.Cluster.Addons)) {
		if !spec.BeforeNodes(name) && len(c.NodeGroups) == 0 {
			p.AddCaused(nodeGroups, cluster.Key("addons").Key(name), name, "needs at least one node group (%s): "+
				"without nodes it stays DEGRADED and its creation times out after 20 minutes", KeyNodeGroups)
		}
	}
	return p.Err()
}

func (c Config) validateQuotas(p *spec.Problems) {
	q, k, nodeGroups := c.Cluster.Quotas, spec.Path(KeyCluster).Key("quotas"), spec.Path(KeyNodeGroups)
	if *q.NodeGroups < spec.DefaultNodeGroupsQuota {
		p.Add(k.Key("nodeGroups"), *q.NodeGroups, "must be at least AWS's default quota, %d", spec.DefaultNodeGroupsQuota)
	}
	if *q.NodesPerGroup < spec.DefaultNodesPerGroupQuota {
		p.Add(k.Key("nodesPerGroup"), *q.NodesPerGroup, "must be at least AWS's default quota, %d", spec.DefaultNodesPerGroupQuota)
	}
	if len(c.NodeGroups) > *q.NodeGroups {
		p.Add(nodeGroups, len(c.NodeGroups), "at most %d managed node groups per cluster (the account's quota; "+
			"set %s if it was raised)", *q.NodeGroups, k.Key("nodeGroups"))
	}
	for _, name := range slices.Sorted(maps.Keys(c.NodeGroups)) {
		if hi := c.NodeGroups[name].MaxSize; hi != nil && *hi > *q.NodesPerGroup {
			p.Add(nodeGroups.Key(name).Key("maxSize"), *hi, "at most %d (the account's quota of nodes per group; "+
				"set %s if it was raised)", *q.NodesPerGroup, k.Key("nodesPerGroup"))
		}
	}
}
