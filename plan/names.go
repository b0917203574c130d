package plan

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ekskit/ekskit/components/spec"
)

// sameNames reports the resources that would take one physical name: a
// name the program fixes ([Kind].AutoNamed given), or a [Kind].Key, for
// two resources of one type in one place ([placeOf]). AWS creates the
// first and refuses the other, and pulumi up fails on it. Accounts are not
// known offline: an explicit aws provider that sets credentials of its
// own ([ownCredentials]) is an account of its own, whose resources are
// compared with each other only; the others run on the machine's
// credentials, and are in the default provider's account unless the
// stack's config gives that one credentials (stackCredentials:
// aws:profile, aws:assumeRole, ...), which explicit providers do not read.
// A name or scope not known yet (a preview's unknown), secret or empty
// (no name: the provider generates one, or refuses it) is not compared,
// and a resource read is not created.
func sameNames(rs []DocumentResource, stackCredentials bool) error {
	byURN := make(map[string]DocumentResource, len(rs))
	for _, r := range rs {
		byURN[r.URN] = r
	}
	seen := map[string][]DocumentResource{}
	for _, r := range rs {
		if p, _, ok := placeOf(r, byURN, stackCredentials); ok {
			seen[p] = append(seen[p], r)
		}
	}
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(seen)) {
		same := seen[key]
		if len(same) < 2 {
			continue
		}
		k := kindOf(same[0].Type, true)
		names, spellings := make([]string, len(same)), map[string]bool{}
		for i, r := range same {
			names[i] = r.Name
			_, words, _ := placeOf(r, byURN, stackCredentials)
			if len(k.Key) == 0 {
				words = fmt.Sprintf("%q", lookup(r.Inputs, k.AutoNamed))
			}
			spellings[words] = true
		}
		slices.Sort(names)
		have := "are each named "
		if len(k.Key) > 0 {
			have = "each have "
		}
		in := "in " + same[0].Region
		if k.GlobalName {
			in = "in the account (the name is global)"
		}
		for _, s := range k.NameScope {
			in += fmt.Sprintf(", %s %v", s, lookup(same[0].Inputs, s))
		}
		errs = append(errs, fmt.Errorf("%s %s %s%s %s: AWS creates one and refuses the others, and pulumi up fails",
			k.Name, strings.Join(names, ", "), have, strings.Join(slices.Sorted(maps.Keys(spellings)), " or "), in))
	}
	return errors.Join(errs...)
}

// credentialKeys are the aws provider's inputs (pulumi-aws v6) that choose
// its credentials, so its account; allowedAccountIds only checks it.
var credentialKeys = []string{"accessKey", "profile", "sharedCredentialsFiles", "sharedConfigFiles", "assumeRole",
	"assumeRoleWithWebIdentity", "token"}

// ownCredentials reports whether an explicit aws provider's inputs set
// credentials of their own: its account may not be the default
// provider's.
func ownCredentials(inputs map[string]any) bool {
	for _, k := range credentialKeys {
		if inputs[k] != nil {
			return true
		}
	}
	return false
}

// stackCredentials reports whether the stack's config sets the default
// aws provider's credentials (aws:profile, ...).
func stackCredentials(config map[string]string) bool {
	for _, k := range credentialKeys {
		if _, ok := config["aws:"+k]; ok {
			return true
		}
	}
	return false
}

// providerURN is the URN of a provider reference (URN::ID).
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i > 0 {
		return ref[:i]
	}
	return ref
}

// namesTaken fails each create, and each replacement, of a resource
// whose name the program fixes ([Kind].AutoNamed given), or of one whose
// [Kind].Key is given (an add-on's cluster and name), where pulumi up
// deletes another of the base's that holds that name or key, of that
// type, in the same place: one region (one partition, for a
// [Kind].GlobalName, whose case AWS ignores), the same [Kind].NameScope
// values, and an account that may be the same ([placeOf]; the diff does
// not know whether the stack's config gives the default provider
// credentials of its own, and takes it that it does not). pulumi up
// deletes only after all its creates, so AWS refuses the name (IAM's
// EntityAlreadyExists, EKS's ResourceInUseException, ...); the old one's
// retainOnDelete keeps it for good. That is what a changed URN
// does without an alias: a component renamed, a resource moved under
// another parent. A name not known yet is not compared; nor is one held
// on a cluster that goes ([clusterGoes]): pulumi up deletes what is on a
// cluster it replaces first, and a new cluster's create fails of its own.
func namesTaken(old, heads map[string]DocumentResource, baseSources map[string][]string, changes map[string]*Change) {
	type held struct {
		r     DocumentResource
		words string
	}
	deleted := map[string][]held{} // by placeOf
	for _, urn := range slices.Sorted(maps.Keys(old)) {
		if c := changes[urn]; c != nil && c.Op == OpDelete && !clusterGoes(old[urn], baseSources, changes) {
			if p, words, ok := placeOf(old[urn], old, false); ok {
				deleted[p] = append(deleted[p], held{old[urn], words})
			}
		}
	}
	for _, urn := range slices.Sorted(maps.Keys(changes)) {
		c := changes[urn]
		if c.Op != OpCreate && c.Op != OpReplace {
			continue
		}
		p, _, ok := placeOf(heads[urn], heads, false)
		if !ok {
			continue
		}
		for _, b := range deleted[p] {
			k := kindOf(b.r.Type, true)
			when := "which pulumi up deletes only after all its creates"
			if b.r.Options.RetainOnDelete {
				when = "which pulumi up leaves in AWS (retainOnDelete)"
			}
			fails(c, fmt.Sprintf("%s %s has %s now, %s, and AWS refuses a second %s with them: if this is that "+
				"one under a new URN, give it an alias naming the old one (pulumi.Aliases: %s), and pulumi up keeps it; "+
				"else take the old one out in a pulumi up of its own first", k.Name, b.r.Name, b.words, when, k.Name, b.r.URN))
		}
	}
}

// placeOf is where the name the program gives r ([Kind].AutoNamed), or
// its [Kind].Key, is unique, as one string (its type, account, region or
// partition, name and [Kind].NameScope), and that name or key in words;
// false where r has neither, or one not known yet or secret, or it is
// read. Those read as the document's [Unknown] and [Secret] strings: a
// security group named like one of them (its names take spaces and
// brackets) is not compared either. The account is an explicit aws provider's, among rs, where it
// sets credentials of its own; else the machine's credentials, for an
// explicit provider where the stack's config gives the default provider
// credentials of its own (stackCredentials); else the default provider's.
func placeOf(r DocumentResource, rs map[string]DocumentResource, stackCredentials bool) (place, words string, ok bool) {
	k := kindOf(r.Type, r.Custom)
	if !r.Custom || r.Read {
		return "", "", false
	}
	names, where := append([]string{k.AutoNamed}, k.NameScope...), r.Region
	switch {
	case len(k.Key) > 0:
		names = k.Key
	case !fixedName(k, r.Inputs):
		return "", "", false
	}
	account := "" // the default provider's ([sameNames])
	switch p, ok := rs[providerURN(r.Options.Provider)]; {
	case ok && p.Type == awsProviderType && ownCredentials(p.Inputs):
		account = p.URN
	case r.Options.Provider != "" && stackCredentials:
		account = "the machine's credentials"
	}
	if k.GlobalName {
		if pt, ok := spec.PartitionOf(r.Region); ok {
			where = pt.ID
		}
	}
	parts, said := []string{r.Type, account, where}, make([]string, len(names))
	for i, in := range names {
		v, ok := lookup(r.Inputs, in).(string)
		if !ok || v == Unknown || v == Secret {
			return "", "", false
		}
		said[i] = fmt.Sprintf("%s %q", in, v)
		if k.GlobalName {
			v = strings.ToLower(v)
		}
		parts = append(parts, in+"="+v)
	}
	return strings.Join(parts, "\x00"), strings.Join(said, " and "), true
}
