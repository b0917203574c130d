package stackconfig

import (
	"maps"
	"slices"
	"strings"

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
	if out.Policy.Fail == "" {
		out.Policy.Fail = "error"
	}
	if c.NodeGroups != nil {
		out.NodeGroups = make(map[string]spec.NodeGroup, len(c.NodeGroups))
		for name, ng := range c.NodeGroups {
			out.NodeGroups[name] = ng.WithDefaults()
		}
	}
	return out
}

// Validate checks a config (after [Config.WithDefaults]) and returns every
// problem found as [spec.Problems], or nil: the settings' rules (package
// spec, [spec.Stack]) at their config keys, then the file's own: the
// account's quotas and the policy.
func (c Config) Validate() error {
	c = c.WithDefaults() // no-op on a defaulted config; no nil quota below
	stack := spec.Stack{Roles: c.Roles, Cluster: c.Cluster.Cluster, NodeGroups: c.NodeGroups}
	p := stack.Validate(KeyRoles, KeyCluster, KeyNodeGroups)
	c.validateQuotas(&p)
	c.Policy.validate(&p)
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
	// a quota below AWS's is reported above; hold the rest to AWS's then
	groupsQuota, nodesQuota := max(*q.NodeGroups, spec.DefaultNodeGroupsQuota), max(*q.NodesPerGroup, spec.DefaultNodesPerGroupQuota)
	if len(c.NodeGroups) > groupsQuota {
		p.Add(nodeGroups, len(c.NodeGroups), "at most %d managed node groups per cluster (the account's quota; "+
			"set %s if it was raised)", groupsQuota, k.Key("nodeGroups"))
	}
	for _, name := range slices.Sorted(maps.Keys(c.NodeGroups)) {
		if hi := c.NodeGroups[name].MaxSize; hi != nil && *hi > nodesQuota {
			p.Add(nodeGroups.Key(name).Key("maxSize"), *hi, "at most %d (the account's quota of nodes per group; "+
				"set %s if it was raised)", nodesQuota, k.Key("nodesPerGroup"))
		}
	}
}

func (pol Policy) validate(p *spec.Problems) {
	at := spec.Path(KeyPolicy)
	if !slices.Contains(append(slices.Clone(Severities), "none"), pol.Fail) {
		p.Add(at.Key("fail"), pol.Fail, "must be one of info, warning, error, none")
	}
	for i, e := range pol.Exceptions {
		if e.Rule == "" {
			p.Add(at.Key("exceptions").Index(i).Key("rule"), nil, "required: the rule's id")
		}
		if strings.TrimSpace(e.Reason) == "" {
			p.Add(at.Key("exceptions").Index(i).Key("reason"), nil, "required: why this stack accepts the finding")
		}
	}
}
