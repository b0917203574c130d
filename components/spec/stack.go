package spec

import (
	"maps"
	"slices"
)

// Stack are the settings of a whole cluster: its roles, control plane and
// node groups. The stack config (`ekskit:roles`, `ekskit:cluster`,
// `ekskit:nodeGroups`) and cluster.Build validate them here, each at its
// own key paths.
type Stack struct {
	// Roles are the IAM roles' settings. Defaults to two roles with
	// generated names.
	Roles Roles
	// Cluster are the control plane's settings; Cluster.Name is required.
	Cluster Cluster
	// NodeGroups are the managed node groups, by name. Defaults to none;
	// add-ons that need nodes (coredns, in the default add-ons) need one.
	NodeGroups map[string]NodeGroup
}

// Validate reports every problem with s (after defaults) at key paths
// under roles, cluster and nodeGroups: each part's rules, and those of the
// parts together (a node group's tags with the cluster's, add-ons that
// need a node group).
func (s Stack) Validate(roles, cluster, nodeGroups Path) Problems {
	c := s.Cluster.WithDefaults()
	p := s.Roles.Validate(roles)
	p = append(p, c.Validate(cluster)...)
	for _, name := range slices.Sorted(maps.Keys(s.NodeGroups)) {
		ng := s.NodeGroups[name]
		p = append(p, ng.Validate(nodeGroups.Key(name), name, c.Version)...)
		NodeGroupTags(&p, nodeGroups.Key(name), c.Tags, ng.Tags)
	}
	if len(s.NodeGroups) == 0 {
		for _, name := range slices.Sorted(maps.Keys(c.Addons)) {
			if !BeforeNodes(name) {
				p.AddCaused(nodeGroups, cluster.Key("addons").Key(name), name, "needs at least one node group (%s): "+
					"without nodes it stays DEGRADED and its creation times out after 20 minutes", nodeGroups)
			}
		}
	}
	return p
}
