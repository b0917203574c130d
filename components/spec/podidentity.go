package spec

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
)

// PodIdentity is an IAM role for the user's own workloads, which the pods
// of one Kubernetes service account take through EKS Pod Identity
// (config `ekskit:cluster.podIdentities.<name>`).
type PodIdentity struct {
	// Namespace of the service account: a Kubernetes namespace name, 1 to
	// 63 lower-case letters, digits and -, starting and ending with a
	// letter or digit. Required. It need not exist yet: the pods take the
	// role once it does. Changing it replaces the association.
	Namespace string `json:"namespace"`
	// ServiceAccount is the service account's name, in Namespace: 1 to
	// 253 lower-case letters, digits, - and ., a DNS subdomain. Required.
	// Changing it replaces the association.
	ServiceAccount string `json:"serviceAccount"`
	// PolicyARNs are the IAM policies of the role: at least one, each a
	// policy ARN in the cluster's partition, once by name; at most the
	// account's quota of managed policies per role. Required.
	PolicyARNs []string `json:"policyArns"`
}

// rePodIdentityName is a pod identity's key: it names the role (after the
// cluster's name, in IAM's 38-character name prefix) and the resources.
var rePodIdentityName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$`)

// reNamespace is a Kubernetes namespace name (a DNS-1123 label).
var reNamespace = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

// validatePodIdentities checks each pod identity, that no two name one
// service account, nor one that an add-on's association names (EKS
// takes one association a service account), and that the Pod Identity
// agent runs (validatePodIdentityAgent).
func (c Cluster) validatePodIdentities(p *Problems, at Path) {
	owner := map[string]string{} // namespace/service account -> who has it
	for _, name := range slices.Sorted(maps.Keys(c.Addons)) {
		if r, ok := AddonRoleOf(name); ok && c.Addons[name].PodIdentity && r.TakesPodIdentity() {
			owner[r.Namespace+"/"+r.PodIdentityAccount] = "add-on " + name + "'s association"
		}
	}
	attachments := map[string]string{} // resource name of a role's policy attachment -> the pod identity's
	for _, name := range slices.Sorted(maps.Keys(c.PodIdentities)) {
		pi, k := c.PodIdentities[name], at.Key("podIdentities").Key(name)
		// the attachments are named <name>-<policy name>: a-b with
		// policy c and a with policy b-c would take one name
		for i, arn := range pi.PolicyARNs {
			key := name + "-" + PolicyName(arn)
			if other, taken := attachments[key]; taken && other != name {
				p.Add(k.Key("policyArns").Index(i), arn, "pod identity %s's attachment of %s would be named %s, as one of pod "+
					"identity %s's is: rename one of the two", name, PolicyName(arn), key, other)
			}
			attachments[key] = name
		}
		if !rePodIdentityName.MatchString(name) {
			p.Add(k, name, "pod identity names are 1 to 32 lower-case letters, digits and -, starting and ending with a letter or digit "+
				"(the name begins its IAM role's)")
		}
		switch {
		case pi.Namespace == "":
			p.Add(k.Key("namespace"), nil, "required: the service account's namespace")
		case !reNamespace.MatchString(pi.Namespace):
			p.Add(k.Key("namespace"), pi.Namespace, "must be a Kubernetes namespace name: 1 to 63 lower-case letters, digits and -, "+
				"starting and ending with a letter or digit")
		}
		switch {
		case pi.ServiceAccount == "":
			p.Add(k.Key("serviceAccount"), nil, "required: the service account whose pods take the role")
		case !dnsPrefix(pi.ServiceAccount):
			p.Add(k.Key("serviceAccount"), pi.ServiceAccount, "must be a Kubernetes service account name: at most 253 lower-case "+
				"letters, digits, - and ., each dot-separated part starting and ending with a letter or digit")
		}
		if len(pi.PolicyARNs) == 0 {
			p.Add(k.Key("policyArns"), nil, "required: at least one IAM policy ARN, the role's permissions")
		}
		PolicyARNs(p, k.Key("policyArns"), pi.PolicyARNs)
		if pi.Namespace == "" || pi.ServiceAccount == "" {
			continue
		}
		account := pi.Namespace + "/" + pi.ServiceAccount
		if who, taken := owner[account]; taken {
			p.Add(k, name, "%s already has a role (%s): EKS takes one pod identity association a service account", account, who)
			continue
		}
		owner[account] = fmt.Sprintf("pod identity %s", name)
	}
	if _, ok := c.Addons[PodIdentityAgent]; !ok && len(c.PodIdentities) > 0 {
		p.Add(at.Key("podIdentities"), nil, "needs the %s add-on, which hands pods their Pod Identity credentials on each node: "+
			"add %s to addons", PodIdentityAgent, PodIdentityAgent)
	}
}

// PodIdentityRolePolicies checks that each pod identity's role fits the
// account's quota of managed policies per role, as [RolePolicies] does.
func (c Cluster) PodIdentityRolePolicies(p *Problems, at Path, quota int, quotaKey Path) {
	for _, name := range slices.Sorted(maps.Keys(c.PodIdentities)) {
		RolePolicies(p, at.Key("podIdentities").Key(name).Key("policyArns"), "pod identity "+name+" role", 0,
			len(c.PodIdentities[name].PolicyARNs), quota, quotaKey)
	}
}
