package spec

import (
	"slices"
	"strings"
)

// DefaultRolePath is the IAM path of the roles when none is set.
const DefaultRolePath = "/"

// The AWS managed policies the roles component attaches: ClusterPolicy to
// the cluster role, the other three to the node role (CNIPolicy unless
// vpc-cni has its own role).
const (
	ClusterPolicy    = "AmazonEKSClusterPolicy"
	WorkerNodePolicy = "AmazonEKSWorkerNodePolicy"
	RegistryPolicy   = "AmazonEC2ContainerRegistryReadOnly"
	CNIPolicy        = "AmazonEKS_CNI_Policy"
)

// NodePolicies are the managed policies of the node role.
var NodePolicies = []string{WorkerNodePolicy, RegistryPolicy, CNIPolicy}

// Roles are the settings of the IAM roles (component roles; config
// `ekskit:roles`).
type Roles struct {
	// ClusterRoleName is the cluster role's name (the walkthrough's
	// AWSEKSClusterRole): 1 to 64 of letters, digits and +=,.@_-. Defaults
	// to a generated name, so that a change that replaces the role creates
	// the new one first.
	ClusterRoleName string `json:"clusterRoleName"`
	// NodeRoleName is the node role's name (the walkthrough's
	// AWSEKSNodeRole), as ClusterRoleName and different from it. Defaults to
	// a generated name.
	NodeRoleName string `json:"nodeRoleName"`
	// Path of both roles, and of the add-ons' own roles ([Addon].IRSA)
	// that the control plane makes: starts and ends with /, at most 512 characters. Defaults
	// to "/".
	Path string `json:"path"`
	// PermissionsBoundary is an IAM policy ARN set as the permissions
	// boundary of both roles, and of the add-ons' own roles ([Addon].IRSA)
	// that the control plane makes. Defaults to none.
	PermissionsBoundary string `json:"permissionsBoundary"`
	// NodePolicyARNs are more IAM managed policies for the node role, each
	// with a different policy name, none named as one of [NodePolicies].
	// Defaults to none.
	NodePolicyARNs []string `json:"nodePolicyArns"`
}

// WithDefaults returns a deep copy of r ([Roles.Clone]) with every unset
// setting at its default; r is not changed.
func (r Roles) WithDefaults() Roles {
	r = r.Clone()
	if r.Path == "" {
		r.Path = DefaultRolePath
	}
	return r
}

// Validate reports every problem with r (defaulted or not) at key paths
// under at.
func (r Roles) Validate(at Path) Problems {
	var p Problems
	for _, f := range []struct{ key, v string }{{"clusterRoleName", r.ClusterRoleName}, {"nodeRoleName", r.NodeRoleName}} {
		if f.v != "" && !reRoleName.MatchString(f.v) {
			p.Add(at.Key(f.key), f.v, "IAM role names are 1 to 64 of letters, digits and +=,.@_-")
		}
	}
	if r.ClusterRoleName != "" && strings.EqualFold(r.ClusterRoleName, r.NodeRoleName) {
		p.Add(at.Key("nodeRoleName"), r.NodeRoleName, "must differ from clusterRoleName (IAM role names are unique regardless of case)")
	}
	if r.Path != "" && (len(r.Path) > maxRolePath || !reRolePath.MatchString(r.Path)) {
		p.Add(at.Key("path"), r.Path, "must start and end with / (e.g. /eks/), at most %d characters", maxRolePath)
	}
	if r.PermissionsBoundary != "" && !rePolicy.MatchString(r.PermissionsBoundary) {
		p.Add(at.Key("permissionsBoundary"), r.PermissionsBoundary, "must be an IAM policy ARN")
	}
	PolicyARNs(&p, at.Key("nodePolicyArns"), r.NodePolicyARNs, NodePolicies...)
	return p
}

// PolicyARNs checks a list of IAM policy ARNs to attach besides the
// managed policies named: each an ARN, no policy name twice nor that of a
// managed one (a role's attachments are keyed by policy name).
func PolicyARNs(p *Problems, at Path, arns []string, managed ...string) {
	seen := map[string]bool{}
	for i, arn := range arns {
		if !rePolicy.MatchString(arn) {
			p.Add(at.Index(i), arn, "must be an IAM policy ARN")
			continue
		}
		switch n := PolicyName(arn); {
		case slices.Contains(managed, n):
			p.Add(at.Index(i), arn, "%s is the name of a managed policy ekskit attaches (%s): a policy of that name cannot be added", n, strings.Join(managed, ", "))
		case seen[n]:
			p.Add(at.Index(i), arn, "a policy named %s is already attached", n)
		default:
			seen[n] = true
		}
	}
}

// PolicyName is a policy's name: the last segment of its ARN, or of a
// managed policy's path ("service-role/AmazonEBSCSIDriverPolicy" is
// AmazonEBSCSIDriverPolicy).
func PolicyName(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}
