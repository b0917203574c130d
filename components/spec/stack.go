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
	// Quotas are the account's EKS service quotas the node groups are held
	// to, where raised above AWS's defaults (config
	// `ekskit:cluster.quotas`). Defaults to AWS's defaults.
	Quotas Quotas
	// DefaultTags are the tags the aws provider puts on every resource it
	// creates (config `aws:defaultTags`): they count toward AWS's 50 tags of
	// each, with the cluster's and node groups' own, and are held to the
	// rules of IAM roles' tags ([IAMTags]). Only checked: Build tags nothing
	// with them; set them on the aws provider (`aws:defaultTags`, or
	// aws.ProviderArgs.DefaultTags) and repeat them here. Defaults to none.
	DefaultTags map[string]string
}

// Quotas are the soft limits an account can raise in Service Quotas.
type Quotas struct {
	// NodeGroups is managed node groups per cluster, at least
	// [DefaultNodeGroupsQuota]. Defaults to it.
	NodeGroups *int `json:"nodeGroups"`
	// NodesPerGroup is nodes per managed node group, at least
	// [DefaultNodesPerGroupQuota]. Defaults to it.
	NodesPerGroup *int `json:"nodesPerGroup"`
	// PoliciesPerRole is IAM's managed policies per role, at least
	// [DefaultPoliciesPerRoleQuota]: the node role's managed policies and
	// Roles.NodePolicyARNs together are held to it, and so are each
	// add-on role's managed policies and its [Addon].PolicyARNs. Defaults
	// to it.
	PoliciesPerRole *int `json:"policiesPerRole"`
}

// WithDefaults returns q with every unset quota at AWS's default.
func (q Quotas) WithDefaults() Quotas {
	if q.NodeGroups == nil {
		q.NodeGroups = new(DefaultNodeGroupsQuota)
	}
	if q.NodesPerGroup == nil {
		q.NodesPerGroup = new(DefaultNodesPerGroupQuota)
	}
	if q.PoliciesPerRole == nil {
		q.PoliciesPerRole = new(DefaultPoliciesPerRoleQuota)
	}
	return q
}

// WithDefaults returns s with every part's defaults set: the roles', the
// cluster's, each node group's and the quotas'. s is not changed: the
// node-group and add-on maps are new (the others, such as tags, are
// shared).
func (s Stack) WithDefaults() Stack {
	s.Roles = s.Roles.WithDefaults()
	s.Cluster = s.Cluster.WithDefaults()
	s.Quotas = s.Quotas.WithDefaults()
	if s.NodeGroups != nil {
		groups := make(map[string]NodeGroup, len(s.NodeGroups))
		for name, ng := range s.NodeGroups {
			groups[name] = ng.WithDefaults()
		}
		s.NodeGroups = groups
	}
	return s
}

// Validate reports every problem with s (after defaults) at key paths
// under roles, cluster, nodeGroups, quotas and defaultTags: each part's
// rules, the default tags' (the aws provider puts them on IAM roles and log
// groups too: [IAMTags]), and those of the parts together (a node group's
// tags with the cluster's and the default tags, add-ons that need a node
// group, the account's quotas).
func (s Stack) Validate(roles, cluster, nodeGroups, quotas, defaultTags Path) Problems {
	c := s.Cluster.WithDefaults()
	p := s.Roles.Validate(roles)
	IAMTags(&p, defaultTags, s.DefaultTags)
	p = append(p, c.validate(cluster, s.DefaultTags, false)...)
	for _, name := range slices.Sorted(maps.Keys(s.NodeGroups)) {
		ng := s.NodeGroups[name]
		p = append(p, ng.Validate(nodeGroups.Key(name), name, c.Version)...)
		NodeGroupTags(&p, nodeGroups.Key(name), c, ng.Tags, s.DefaultTags)
		if ng.Windows() {
			// EKS user guide, "Deploy Windows nodes on EKS clusters": a
			// cluster needs Linux (or Fargate) nodes for coredns, and with
			// access entries (authentication mode API) Windows nodes need a
			// node role of their own, whose entry EKS makes EC2_WINDOWS
			p.Add(nodeGroups.Key(name).Key("amiType"), ng.AMIType, "not in a stack: its node groups share one node role (%s), "+
				"whose access entry EKS makes EC2_LINUX or EC2_WINDOWS, not both, and a cluster needs Linux nodes for coredns; "+
				"build Windows groups with nodegroup.New on roles of their own (README, \"Using the components from another Go program\")", roles)
		}
	}
	if len(s.NodeGroups) == 0 {
		for _, name := range slices.Sorted(maps.Keys(c.Addons)) {
			if !BeforeNodes(name) {
				p.AddCaused(nodeGroups, cluster.Key("addons").Key(name), name, "needs at least one node group (%s): "+
					"without nodes it stays DEGRADED and its creation times out after 20 minutes", nodeGroups)
			}
		}
	}
	s.validateQuotas(&p, roles, cluster, nodeGroups, quotas)
	return p
}

// RolePolicies checks that a role's managed policies fit the account's
// quota of managed policies per role: managed, those ekskit attaches, and
// extra, those given at path. A quota below AWS's default counts as the
// default; quotaKey names the setting that raises it.
func RolePolicies(p *Problems, path Path, role string, managed, extra, quota int, quotaKey Path) {
	if n, most := managed+extra, max(quota, DefaultPoliciesPerRoleQuota); n > most {
		policies := "policies"
		if managed == 1 {
			policies = "policy"
		}
		p.Add(path, extra, "at most %d: with the %s's %d managed %s, %d in all, the account's quota of "+
			"managed policies per role (set %s if it was raised)", most-managed, role, managed, policies, most, quotaKey)
	}
}

// PoliciesPerRoleArg checks a component's PoliciesPerRole argument at
// path: 0 for AWS's default quota, else at least it.
func PoliciesPerRoleArg(p *Problems, path Path, quota int) {
	if quota != 0 && quota < DefaultPoliciesPerRoleQuota {
		p.Add(path, quota, "must be at least AWS's default quota, %d (0 for it)", DefaultPoliciesPerRoleQuota)
	}
}

func (s Stack) validateQuotas(p *Problems, roles, cluster, nodeGroups, k Path) {
	q := s.Quotas.WithDefaults()
	if *q.PoliciesPerRole < DefaultPoliciesPerRoleQuota {
		p.Add(k.Key("policiesPerRole"), *q.PoliciesPerRole, "must be at least AWS's default quota, %d", DefaultPoliciesPerRoleQuota)
	}
	managed := len(NodePolicies)
	if s.Cluster.VPCCNIOwnRole() { // the CNI policy goes to vpc-cni's own role
		managed--
	}
	RolePolicies(p, roles.Key("nodePolicyArns"), "node role", managed, len(s.Roles.NodePolicyARNs), *q.PoliciesPerRole, k.Key("policiesPerRole"))
	s.Cluster.AddonRolePolicies(p, cluster, *q.PoliciesPerRole, k.Key("policiesPerRole"))
	s.Cluster.PodIdentityRolePolicies(p, cluster, *q.PoliciesPerRole, k.Key("policiesPerRole"))
	if *q.NodeGroups < DefaultNodeGroupsQuota {
		p.Add(k.Key("nodeGroups"), *q.NodeGroups, "must be at least AWS's default quota, %d", DefaultNodeGroupsQuota)
	}
	if *q.NodesPerGroup < DefaultNodesPerGroupQuota {
		p.Add(k.Key("nodesPerGroup"), *q.NodesPerGroup, "must be at least AWS's default quota, %d", DefaultNodesPerGroupQuota)
	}
	// a quota below AWS's is reported above; hold the rest to AWS's then
	groupsQuota, nodesQuota := max(*q.NodeGroups, DefaultNodeGroupsQuota), max(*q.NodesPerGroup, DefaultNodesPerGroupQuota)
	if len(s.NodeGroups) > groupsQuota {
		p.Add(nodeGroups, len(s.NodeGroups), "at most %d managed node groups per cluster (the account's quota; "+
			"set %s if it was raised)", groupsQuota, k.Key("nodeGroups"))
	}
	for _, name := range slices.Sorted(maps.Keys(s.NodeGroups)) {
		if hi := s.NodeGroups[name].MaxSize; hi != nil && *hi > nodesQuota {
			p.Add(nodeGroups.Key(name).Key("maxSize"), *hi, "at most %d (the account's quota of nodes per group; "+
				"set %s if it was raised)", nodesQuota, k.Key("nodesPerGroup"))
		}
	}
}
