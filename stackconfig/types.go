package stackconfig

import "github.com/ekskit/ekskit/components/spec"

// Namespace is the config namespace of every ekskit key.
const Namespace = "ekskit"

// The top-level config keys.
const (
	KeyCluster    = Namespace + ":cluster"
	KeyRoles      = Namespace + ":roles"
	KeyNodeGroups = Namespace + ":nodeGroups"
	KeyPolicy     = Namespace + ":policy"
	// KeyRegion is the aws provider's region, checked against the regions
	// pulumi-aws knows.
	KeyRegion = "aws:region"
	// KeyDefaultTags is the aws provider's default tags ({tags: {...}}),
	// which count toward AWS's tag limits.
	KeyDefaultTags = "aws:defaultTags"
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
	// Policy is `ekskit:policy`: which findings of the guardrail rules stop
	// the stack. Optional.
	Policy Policy
	// DefaultTags are `aws:defaultTags.tags`: the aws provider puts them on
	// every resource. Optional.
	DefaultTags map[string]string
}

// Severities of the guardrail rules' findings, least first.
var Severities = []string{"info", "warning", "error"}

// Policy is `ekskit:policy`.
type Policy struct {
	// Fail is the least severity that stops the stack before anything is
	// registered: info, warning, error or none. Defaults to [DefaultFail].
	Fail string `json:"fail"`
	// Production marks a stack whose cluster must be protected. Defaults to
	// false.
	Production bool `json:"production"`
	// Exceptions silence rules for this stack, each with a reason, shown
	// in every report. Defaults to none.
	Exceptions []Exception `json:"exceptions"`
}

// DefaultFail is [Policy.Fail] when unset.
const DefaultFail = "error"

// WithDefaults returns the policy with Fail at [DefaultFail] when unset.
func (pol Policy) WithDefaults() Policy {
	if pol.Fail == "" {
		pol.Fail = DefaultFail
	}
	return pol
}

// Exception silences one rule.
type Exception struct {
	// Rule is the rule's id (EKS001, ...). Required.
	Rule string `json:"rule"`
	// Reason says why the stack accepts the finding. Required.
	Reason string `json:"reason"`
}

// Cluster is `ekskit:cluster`: the control plane's settings, and the
// account's quotas that the whole stack is held to.
type Cluster struct {
	spec.Cluster
	// Quotas are the account's EKS service quotas, where raised above
	// AWS's defaults. Defaults to AWS's defaults.
	Quotas Quotas `json:"quotas"`
}

// Quotas is `ekskit:cluster.quotas` ([spec.Quotas]).
type Quotas = spec.Quotas
