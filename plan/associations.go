package plan

import (
	"fmt"

	"github.com/ekskit/ekskit/components/spec"
)

const (
	associationType = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
	addonType       = "aws:eks/addon:Addon"
)

// association is a pod identity association as a resource holds it: a
// pod identity association of its own, or one an add-on owns (its
// podIdentityAssociations, in the add-on's namespace).
type association struct {
	urn, name string
	cluster   string
	account   string // namespace/service account
	addon     string // the add-on's name, for one an add-on owns
}

// associationsOf lists the associations r holds, or will hold, whose
// cluster name and service account are known: an unknown cluster name is
// a new cluster's, which no association of the base is in.
func associationsOf(r DocumentResource) []association {
	cluster, ok := r.Inputs["clusterName"].(string)
	if !ok {
		return nil
	}
	switch r.Type {
	case associationType:
		ns, okNS := r.Inputs["namespace"].(string)
		sa, okSA := r.Inputs["serviceAccount"].(string)
		if okNS && okSA {
			return []association{{urn: r.URN, name: r.Name, cluster: cluster, account: ns + "/" + sa}}
		}
	case addonType:
		name, _ := r.Inputs["addonName"].(string)
		need, known := spec.AddonRoleOf(name) // its namespace: ekskit gives associations to these only
		list, _ := r.Inputs["podIdentityAssociations"].([]any)
		var out []association
		for _, a := range list {
			m, _ := a.(map[string]any)
			if sa, ok := m["serviceAccount"].(string); ok && known {
				out = append(out, association{urn: r.URN, name: r.Name, cluster: cluster, account: need.Namespace + "/" + sa, addon: name})
			}
		}
		return out
	}
	return nil
}

// associationsTaken fails each change that makes a pod identity
// association for a service account whose association, held by another
// resource, still stands when it is made. EKS takes one association a service account, and refuses a
// second ("Association already exists", a ResourceInUseException:
// eksctl-io/eksctl#7753), whether an add-on makes it or it is one of its
// own ("add-ons can't assume ownership of existing pod identity
// associations", EKS user guide, "IAM roles for Amazon EKS add-ons").
// pulumi up deletes what it deletes, and the old resources of the
// replacements it creates first, only at its end; it runs an add-on's
// update and another resource's create at once, unless one waits for the
// other. So moving a service account's role from one pod identity to
// another, swapping two accounts, or moving one between an add-on and a
// pod identity takes two pulumi ups.
func associationsTaken(base map[string]DocumentResource, changes map[string]*Change, head graph) {
	held := map[[2]string][]association{} // the base's, by cluster and account
	for _, r := range base {
		for _, a := range associationsOf(r) {
			held[[2]string{a.cluster, a.account}] = append(held[[2]string{a.cluster, a.account}], a)
		}
	}
	for _, urn := range head.urns {
		c := changes[urn]
		if c == nil || c.Op == OpDelete || c.Op == OpSame {
			continue
		}
		for _, made := range associationsOf(*head.byURN[urn]) {
			for _, old := range held[[2]string{made.cluster, made.account}] {
				if why := stillHeld(old, made, base[old.urn], changes, head); why != "" {
					fails(c, why)
				}
			}
		}
	}
}

// stillHeld says why the base's association old, held by the resource
// holder, stands when the association made, for the same service account,
// is made; or returns "" when old is gone by then, or its holder keeps it
// (an add-on's associations updated in place, a pod identity's role
// changed).
func stillHeld(old, made association, holder DocumentResource, changes map[string]*Change, head graph) string {
	who := "the association " + old.name
	if old.addon != "" {
		who = "add-on " + old.addon + "'s association"
	}
	twoUps := fmt.Sprintf("first, in a pulumi up of its own, take out or change what holds %s now, then give it its new association", made.account)
	oc := changes[old.urn]
	var when string
	switch {
	case oc == nil || holds(head, old.urn, made):
		// its holder keeps it (updated in place: another role), or two
		// hold it in the head, which the settings' validation refuses
		return ""
	case oc.Op == OpDelete && old.addon != "" && holder.Inputs["preserve"] == true:
		when = "which EKS leaves in place when pulumi up deletes the add-on, as preserve is on"
		twoUps = fmt.Sprintf("first delete the add-on in a pulumi up of its own, then its association (aws eks "+
			"delete-pod-identity-association), then give %s its new one", made.account)
	case oc.Op == OpDelete:
		when = "which pulumi up deletes only at its end, after it creates this"
	case oc.Op == OpReplace && !oc.DeleteFirst:
		when = "which pulumi up replaces, deleting the old one only at its end, after it creates this"
	case head.after(made.urn, old.urn):
		return "" // waits for the step that takes it off
	case oc.Op == OpReplace:
		when = "which pulumi up deletes to replace it, while it makes this at the same time (nothing orders the two)"
	default:
		when = "which EKS deletes as it updates the add-on, while pulumi up makes this at the same time (nothing orders the two)"
	}
	return fmt.Sprintf("%s still has %s, %s: EKS takes one pod identity association a service account, and refuses this "+
		"one while that stands; %s", made.account, who, when, twoUps)
}

// holds reports whether the head's resource at urn holds an association
// for a's cluster and service account.
func holds(head graph, urn string, a association) bool {
	r, ok := head.byURN[urn]
	if !ok {
		return false
	}
	for _, b := range associationsOf(*r) {
		if b.cluster == a.cluster && b.account == a.account {
			return true
		}
	}
	return false
}

// fails adds why to what makes c fail.
func fails(c *Change, why string) {
	if c.Fails != "" {
		c.Fails += "; and " + why
		return
	}
	c.Fails = why
}

// after reports whether the step of the resource at urn waits, directly
// or through others, for that of the one at other.
func (g graph) after(urn, other string) bool {
	seen := map[string]bool{urn: true}
	for queue := []string{urn}; len(queue) > 0; queue = queue[1:] {
		for _, w := range g.waitsFor(queue[0]) {
			if w == other {
				return true
			}
			if !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return false
}
