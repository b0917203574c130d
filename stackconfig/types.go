package stackconfig

import "github.com/ekskit/ekskit/components/spec"

// Namespace is the config namespace of every ekskit key.
const Namespace = "ekskit"

// The top-level config keys.
const (
	KeyCluster    = Namespace + ":cluster"
	KeyRoles      = Namespace + ":roles"
	KeyNodeGroups = Namespace + ":nodeGroups"
	// KeyRegion is the aws provider's region, checked against the regions
	// pulumi-aws knows.
	KeyRegion = "aws:region"
)

// Config is a whole stack's ekskit configuration: the components' own
// settings (package spec, which owns their defaults and rules) and what is
// about the stack as a whole.
type Config struct {
	// Cluster is `ekskit:cluster`. Required (its name at least).
	Cluster Cluster
	// Roles is `ekskit:roles`. Optional.
	Roles spec.Roles
	// NodeGroups is `ekskit:nodeGroups`, keyed by name. Optional.
	NodeGroups map[string]spec.NodeGroup
}

// Cluster is `ekskit:cluster`: the control plane's settings, and the
// account's quotas that the whole stack is held to.
type Cluster struct {
	spec.Cluster
	// Quotas are the account's EKS service quotas, where raised above
	// AWS's defaults. Defaults to AWS's defaults.
	Quotas Quotas `json:"quotas"`
}

// Quotas is `ekskit:cluster.quotas`: the soft limits an account can raise
// in Service Quotas, which validation holds the config to.
type Quotas struct {
	// NodeGroups is managed node groups per cluster, at least 30. Defaults
	// to 30.
	NodeGroups *int `json:"nodeGroups"`
	// NodesPerGroup is nodes per managed node group, at least 450. Defaults
	// to 450.
	NodesPerGroup *int `json:"nodesPerGroup"`
}
