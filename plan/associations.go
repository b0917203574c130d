package plan

import (
	"fmt"

	"github.com/ekskit/ekskit/components/spec"
)

// Type tokens of what holds a pod identity association (access entries:
// typeAccessEntry).
const (
	typePodIdentityAssociation = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
	typeAddon                  = "aws:eks/addon:Addon"
)

// association is what EKS allows one of per cluster and key, as a
// resource holds it: a pod identity association per service account, of
// its own or one an add-on owns (its podIdentityAssociations, in the
// add-on's namespace); an access entry per principal.
type association struct {
	urn, name string
	cluster   string
	account   string // namespace/service account; an access entry's principal ARN
	addon     string // the add-on's name, for one an add-on owns
	entry     bool   // an access entry
	read      bool   // the program reads it: pulumi up leaves it in AWS
}

// associationsOf lists the associations r holds, or will hold, whose
// cluster name and service account are known: an unknown cluster name is
// a new cluster's, which no association of the base is in; an unknown
// namespace, service account or list of an add-on's is left out, so no
// conflict is found for it. An add-on's associations are in its
// namespaceConfig's namespace, or else the one EKS installs it in
// ([spec.AddonRoleOf]; of an add-on it does not know, none is known).
func associationsOf(r DocumentResource) []association {
	cluster, ok := r.Inputs["clusterName"].(string)
	if !ok {
		return nil
	}
	held := func(account string) association {
		return association{urn: r.URN, name: r.Name, cluster: cluster, account: account, read: r.Read}
	}
	switch r.Type {
	case typeAccessEntry:
		if principal, ok := r.Inputs["principalArn"].(string); ok {
			a := held(principal)
			a.entry = true
			return []association{a}
		}
	case typePodIdentityAssociation:
		ns, okNS := r.Inputs["namespace"].(string)
		sa, okSA := r.Inputs["serviceAccount"].(string)
		if okNS && okSA {
			return []association{held(ns + "/" + sa)}
		}
	case typeAddon:
		name, _ := r.Inputs["addonName"].(string)
		need, known := spec.AddonRoleOf(name)
		ns := need.Namespace
		if config, ok := r.Inputs["namespaceConfig"].(map[string]any); ok {
			ns, known = config["namespace"].(string)
		}
		list, _ := r.Inputs["podIdentityAssociations"].([]any)
		var out []association
		for _, a := range list {
			m, _ := a.(map[string]any)
			if sa, ok := m["serviceAccount"].(string); ok && known {
				a := held(ns + "/" + sa)
				a.addon = name
				out = append(out, a)
			}
		}
		return out
	}
	return nil
}

// associationsTaken fails each change that makes a pod identity
// association for a service account whose association, held by another
// resource or by the old one of a create-first replacement, still stands
// when it is made; and likewise each that makes an access entry for a
// principal whose entry stands.
//
// EKS allows one association per service account ("You can associate one
// IAM role to each Kubernetes service account in each cluster", EKS user
// guide, "Learn how EKS Pod Identity grants pods access to AWS services")
// and refuses a second ("Association already exists", a
// ResourceInUseException: eksctl-io/eksctl#7753), whether an add-on makes
// it or it is one of its own ("add-ons can't assume ownership of existing
// pod identity associations", EKS user guide, "IAM roles for Amazon EKS
// add-ons"). It allows one access entry per principal ("The specified
// access entry resource is already in use on this cluster",
// pulumi/pulumi-eks#2373).
//
// pulumi up deletes what it deletes, and the old resources of the
// replacements it creates first, only after all its creates and updates
// (the step generator's deletes come once the program has exited); it runs
// an add-on's update and another resource's create at once, unless one
// waits for the other, and UpdateAddon deletes the associations it takes
// off while the add-on updates. So moving a service account's role from
// one pod identity to another, swapping two accounts, moving one between
// an add-on and a pod identity, or moving a principal between
// cluster.admins and cluster.access (their entries have other keys) takes
// two pulumi ups. Not where the holder's cluster is deleted or replaced
// ([clusterGoes]): what it holds goes with the old cluster.
func associationsTaken(base Document, old map[string]DocumentResource, baseSources map[string][]string, changes map[string]*Change,
	head graph) {
	held := map[association][]association{} // the base's, by their key
	for _, r := range base.Resources {
		for _, a := range associationsOf(r) {
			held[a.key()] = append(held[a.key()], a)
		}
	}
	for _, urn := range head.urns {
		c := changes[urn]
		if c == nil || c.Op == OpDelete || c.Op == OpSame {
			continue
		}
		for _, made := range associationsOf(*head.byURN[urn]) {
			for _, a := range held[made.key()] {
				if clusterGoes(old[a.urn], baseSources, changes) {
					continue
				}
				if why := stillHeld(a, made, c, old[a.urn], changes, head); why != "" {
					fails(c, why)
				}
			}
		}
	}
}

// key is what EKS allows one of a cluster: a's kind, cluster and account.
func (a association) key() association {
	return association{cluster: a.cluster, account: a.account, entry: a.entry}
}

// stillHeld says why the base's association (or access entry) old, held
// by the resource holder, stands when change c makes made, for the same
// service account (or principal); or returns "" when old is gone by then,
// or its holder keeps it in place (an add-on's associations updated in
// place, a pod identity's role changed, an entry's groups).
func stillHeld(old, made association, c *Change, holder DocumentResource, changes map[string]*Change, head graph) string {
	noun, limit, deleteCLI := "association", "one pod identity association per service account", "delete-pod-identity-association"
	if old.entry {
		noun, limit, deleteCLI = "access entry", "one access entry per principal", "delete-access-entry"
	}
	who := "the " + noun + " " + old.name
	if old.addon != "" {
		who = "add-on " + old.addon + "'s association"
	}
	what, stands := "this one", "while that one stands"
	if c.Op == OpUpdate && made.addon != "" {
		what = "the add-on's"
	}
	twoUps := fmt.Sprintf("first, in a pulumi up of its own, take out or change what holds %s now, then give it its new %s",
		made.account, noun)
	oc := changes[old.urn]
	var when string
	switch {
	case old.read:
		when = "which the program reads, and pulumi up leaves in AWS"
		twoUps = fmt.Sprintf("delete it outside pulumi first (aws eks %s), or give %s no new one", deleteCLI, made.account)
	case old.urn == made.urn:
		if c.Op != OpReplace || c.DeleteFirst {
			return "" // updated in place, or deleted before it is made again
		}
		when = "the old " + noun + " of this replacement, which pulumi up deletes only after all its creates"
		twoUps = "take it out in a pulumi up of its own first, and put it back in the next"
	case oc == nil || holds(head, old.urn, made):
		// its holder keeps it, or two hold it in the head, which the
		// settings' validation refuses
		return ""
	case oc.Op == OpDelete && old.addon != "" && holder.Inputs["preserve"] == true:
		when = "which stays when pulumi up deletes the add-on, as preserve is on"
		twoUps = fmt.Sprintf("first, in a pulumi up of its own, take podIdentity off the add-on (EKS then deletes its "+
			"association), then delete the add-on and give %s its new association in the next", made.account)
	case oc.Op == OpDelete:
		when = fmt.Sprintf("which pulumi up deletes only after all its creates, so %s still stands", old.name)
	case oc.Op == OpReplace && !oc.DeleteFirst:
		when = fmt.Sprintf("which pulumi up replaces, deleting the old %s only after all its creates", old.name)
	case head.after(made.urn, old.urn):
		return "" // waits for the step that takes it off
	case oc.Op == OpReplace:
		when = "which pulumi up deletes to replace it at the same time as it makes " + what + " (nothing orders the two)"
		stands = "unless that one is gone first"
	case old.addon != "":
		when = "which EKS deletes while it updates the add-on, at the same time as pulumi up makes " + what + " (nothing orders the two)"
		stands = "unless EKS is done first"
	default:
		return ""
	}
	return fmt.Sprintf("%s still has %s, %s: EKS allows %s, and refuses %s %s; %s", made.account, who, when, limit, what,
		stands, twoUps)
}

// holds reports whether the head's resource at urn holds an association
// for a's cluster and service account.
func holds(head graph, urn string, a association) bool {
	r, ok := head.byURN[urn]
	if !ok {
		return false
	}
	for _, b := range associationsOf(*r) {
		if b.key() == a.key() {
			return true
		}
	}
	return false
}

// fails adds why to what makes c fail.
func fails(c *Change, why string) {
	if c.Fails != "" {
		c.Fails += ". Also: " + why
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
