package spec

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Access is a principal's access to the cluster's Kubernetes API other
// than [Cluster].Admins': an EKS access entry (type STANDARD) with EKS
// access policies, each at cluster scope or in some namespaces, and
// Kubernetes groups for RBAC bindings of the user's own (config
// `ekskit:cluster.access[i]`).
type Access struct {
	// PrincipalARN is the IAM role or user ARN
	// (arn:<partition>:iam::<account>:role/<path><name>, or user/; not an
	// STS session, nor a service-linked role), in the cluster's
	// partition, in no other entry nor in Admins, and not the principal
	// that created the cluster (EKS gave that one its own entry).
	// Required. It keys the entry's resources (controlplane.AccessKey):
	// changing it replaces them.
	PrincipalARN string `json:"principalArn"`
	// Policies are the EKS access policies the entry is given, by name
	// ([AccessPolicies]), each with its scope. Defaults to none: then
	// KubernetesGroups must give some.
	Policies map[string]AccessScope `json:"policies"`
	// KubernetesGroups are the Kubernetes groups the principal is in, for
	// RoleBindings and ClusterRoleBindings of the user's own: each a
	// group name not starting with system: (EKS refuses those), once.
	// Defaults to none.
	KubernetesGroups []string `json:"kubernetesGroups"`
}

// AccessScope is where an access policy applies.
type AccessScope struct {
	// Namespaces the policy applies in: Kubernetes namespace names, or
	// prefixes of them ending in * ("dev-*"), each once; they need not
	// exist. Changing them replaces the policy's association, which ekskit
	// deletes before it makes the new one. Defaults to none (nil): the
	// policy applies cluster-wide; an empty list is refused.
	Namespaces []string `json:"namespaces"`
}

// AccessPolicies are the EKS access policies ekskit gives principals in
// [Access].Policies: those that give people Kubernetes permissions (EKS
// user guide, "Review access policy permissions": the cluster-admin,
// admin, edit, view and admin-view ones, and the reader of Secrets). The
// others the guide lists are for the roles of EKS's own features and AWS
// services (Auto Mode's nodes, hybrid nodes, EMR, SageMaker HyperPod,
// ...), which make their entries themselves; ekskit's choice.
var AccessPolicies = []string{"AmazonEKSAdminPolicy", "AmazonEKSAdminViewPolicy", AdminPolicy, "AmazonEKSEditPolicy",
	"AmazonEKSSecretReaderPolicy", "AmazonEKSViewPolicy"}

// secretsReaders are the [AccessPolicies] that read Kubernetes Secrets
// (get, list and watch on secrets) where they apply. EKS user guide,
// "Review access policy permissions": AmazonEKSEditPolicy and
// AmazonEKSAdminPolicy have the rules of Kubernetes' edit and admin
// roles, secrets among them; AmazonEKSAdminViewPolicy reads every
// resource, "including Secrets"; AmazonEKSClusterAdminPolicy does
// anything; AmazonEKSSecretReaderPolicy is the reader of Secrets (by its
// name and the guide's EKS Capabilities pages, which give it to
// controllers that read Secrets). AmazonEKSViewPolicy, as Kubernetes'
// view role, lists no secrets.
var secretsReaders = []string{"AmazonEKSAdminPolicy", "AmazonEKSAdminViewPolicy", AdminPolicy, "AmazonEKSEditPolicy",
	"AmazonEKSSecretReaderPolicy"}

// ReadsSecrets reports whether the access policy of that name (one of
// [AccessPolicies]) lets its principal read Kubernetes Secrets where it
// applies: all but AmazonEKSViewPolicy.
func ReadsSecrets(policy string) bool { return slices.Contains(secretsReaders, policy) }

// maxAccessEntries is EKS's quota of access entries per cluster (3,000,
// not adjustable; Service Quotas L-C56B9FC3), which the admins, the
// access entries, the node role's entry and the creator's share.
const maxAccessEntries = 3000

// reNamespacePattern is a namespace name, or a prefix of one ending in *
// (the EKS user guide's dev-*).
var reNamespacePattern = regexp.MustCompile(`^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?|[a-z0-9][-a-z0-9]{0,61}\*)$`)

// reServiceLinked is a service-linked role's ARN, which EKS gives no
// access entry (EKS user guide, "Create access entries").
var reServiceLinked = regexp.MustCompile(`^arn:[^:]+:iam::\d{12}:role/aws-service-role/`)

// validateAccess checks each access entry: its principal (well formed,
// not a service-linked role, not given twice, not an admin), its policies
// and their namespaces, and its groups; and the quota of entries.
func (c Cluster) validateAccess(p *Problems, at Path) {
	if n := len(c.Admins) + len(c.Access) + 2; n > maxAccessEntries {
		p.Add(at.Key("access"), len(c.Access), "EKS takes at most %d access entries a cluster, and the admins, the "+
			"node role and the cluster's creator take at least %d", maxAccessEntries, len(c.Admins)+2)
	}
	owner := map[string]string{}
	for i, a := range c.Admins {
		owner[a] = string(at.Key("admins").Index(i))
	}
	for i, a := range c.Access {
		k := at.Key("access").Index(i)
		switch who, taken := owner[a.PrincipalARN]; {
		case a.PrincipalARN == "":
			p.Add(k.Key("principalArn"), nil, "required: the IAM role or user ARN the entry gives access")
		case !principal(p, k.Key("principalArn"), a.PrincipalARN): // reported there
		case taken:
			p.Add(k.Key("principalArn"), a.PrincipalARN, "already has an access entry (%s): EKS allows one per principal", who)
		default:
			owner[a.PrincipalARN] = string(k)
		}
		if len(a.Policies) == 0 && len(a.KubernetesGroups) == 0 {
			p.Add(k.Key("policies"), nil, "required, unless kubernetesGroups gives the principal groups to bind: "+
				"without either the entry gives no access")
		}
		for _, name := range slices.Sorted(maps.Keys(a.Policies)) {
			pk := k.Key("policies").Key(name)
			if !slices.Contains(AccessPolicies, name) {
				p.Add(pk, name, "must be an EKS access policy for people: %s%s", strings.Join(AccessPolicies, ", "),
					Suggest(name, AccessPolicies))
			}
			if ns := a.Policies[name].Namespaces; ns != nil && len(ns) == 0 {
				p.Add(pk.Key("namespaces"), []string{}, "empty: leave namespaces out for cluster scope, or list some")
			}
			for j, ns := range a.Policies[name].Namespaces {
				if !reNamespacePattern.MatchString(ns) {
					p.Add(pk.Key("namespaces").Index(j), ns, "must be a Kubernetes namespace name (1 to 63 lower-case letters, "+
						"digits and -, starting and ending with a letter or digit), or the start of one ending in * (dev-*)")
				}
			}
			noTwice(p, pk.Key("namespaces"), a.Policies[name].Namespaces)
		}
		for j, g := range a.KubernetesGroups {
			switch {
			case g == "":
				p.Add(k.Key("kubernetesGroups").Index(j), g, "must not be empty")
			case strings.HasPrefix(g, "system:"):
				p.Add(k.Key("kubernetesGroups").Index(j), g, "must not start with system: (EKS refuses those; "+
					"AmazonEKSClusterAdminPolicy in policies gives what system:masters would)")
			}
		}
		noTwice(p, k.Key("kubernetesGroups"), a.KubernetesGroups)
	}
}

// principal reports whether arn is a principal EKS gives an access
// entry, and the problem at path where it is not: an IAM role or user ARN
// (not an STS session), not a service-linked role's.
func principal(p *Problems, path Path, arn string) bool {
	switch {
	case !rePrincipal.MatchString(arn):
		p.Add(path, arn, "must be an IAM role or user ARN (arn:<partition>:iam::<account>:role/<name>)")
	case reServiceLinked.MatchString(arn):
		p.Add(path, arn, "a service-linked role (role/aws-service-role/...): EKS gives those no access entry")
	default:
		return true
	}
	return false
}
