package plan

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/ekskit/ekskit/components/spec"
)

// sameNames reports the resources that would take one physical name: a
// name the program fixes ([Kind].AutoNamed given) for two resources of one
// type, in one account, in one region (in any of its partition, for a
// [Kind].GlobalName such as an IAM role's, whose names AWS compares
// without case) and with the same [Kind].NameScope values (a node group's
// cluster). AWS creates the first and refuses the other, and pulumi up
// fails on it. Accounts are not known offline: an explicit aws provider
// that sets credentials of its own ([ownCredentials]) is an account of its
// own, whose resources are compared with each other only; the others run
// on the machine's credentials, and are in the default provider's account
// unless the stack's config gives that one credentials (stackCredentials:
// aws:profile, aws:assumeRole, ...), which explicit providers do not read.
// A name or scope not known yet (a preview's unknown) is not compared, and
// a resource read is not created.
func sameNames(rs []Resource, stackCredentials bool) error {
	own := map[string]bool{} // explicit providers with credentials of their own, by URN
	for _, r := range rs {
		if r.Type == awsProviderType && ownCredentials(r.Inputs) {
			own[r.URN] = true
		}
	}
	seen := map[string][]Resource{}
	for _, r := range rs {
		k := kindOf(r.Type, r.Custom)
		if !r.Custom || r.Read || k.AutoNamed == "" {
			continue
		}
		name := r.Inputs[resource.PropertyKey(k.AutoNamed)]
		if !name.IsString() {
			continue // generated, or not known yet
		}
		account := ""
		switch p := providerURN(r.awsProvider()); {
		case own[p]:
			account = p
		case p != "" && stackCredentials:
			account = "the machine's credentials"
		}
		where := []string{r.Type, account, name.StringValue()}
		if k.GlobalName {
			where[2] = strings.ToLower(where[2])
			partition := r.Region // a region in no partition stands for its own
			if pt, ok := spec.PartitionOf(r.Region); ok {
				partition = pt.ID
			}
			where = append(where, partition)
		} else {
			where = append(where, r.Region)
		}
		known := true
		for _, in := range k.NameScope {
			v := r.Inputs[resource.PropertyKey(in)]
			known = known && v.IsString()
			where = append(where, in+"="+v.String())
		}
		if known {
			key := strings.Join(where, "\x00")
			seen[key] = append(seen[key], r)
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
			spellings[fmt.Sprintf("%q", r.Inputs[resource.PropertyKey(k.AutoNamed)].StringValue())] = true
		}
		slices.Sort(names)
		in := "in " + same[0].Region
		if k.GlobalName {
			in = "in the account (the name is global)"
		}
		for _, s := range k.NameScope {
			in += fmt.Sprintf(", %s %s", s, same[0].Inputs[resource.PropertyKey(s)].StringValue())
		}
		errs = append(errs, fmt.Errorf("%s %s are each named %s %s: AWS creates one and refuses the others, and pulumi up fails",
			k.Name, strings.Join(names, ", "), strings.Join(slices.Sorted(maps.Keys(spellings)), " or "), in))
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
func ownCredentials(inputs resource.PropertyMap) bool {
	for _, k := range credentialKeys {
		if v, ok := inputs[resource.PropertyKey(k)]; ok && !v.IsNull() {
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
// values, and an account that may be the same (the default provider's and
// explicit providers without credentials of their own count as one: the
// diff does not know whether the stack's config gives the default
// provider credentials of its own; one with its own credentials, as its
// own). pulumi up deletes only after all its creates, so AWS refuses the
// name (IAM's EntityAlreadyExists, EKS's ResourceInUseException, ...); the
// old one's retainOnDelete keeps it for good. That is what a changed URN
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
			if p, words, ok := placeOf(old[urn], old); ok {
				deleted[p] = append(deleted[p], held{old[urn], words})
			}
		}
	}
	for _, urn := range slices.Sorted(maps.Keys(changes)) {
		c := changes[urn]
		if c.Op != OpCreate && c.Op != OpReplace {
			continue
		}
		p, _, ok := placeOf(heads[urn], heads)
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
// false where r has neither, or one not known yet, or it is read.
func placeOf(r DocumentResource, rs map[string]DocumentResource) (place, words string, ok bool) {
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
	account := ""
	if p, ok := rs[providerURN(r.Options.Provider)]; ok && ownCredentialsPlain(p.Inputs) {
		account = p.URN
	}
	if k.GlobalName {
		if pt, ok := spec.PartitionOf(r.Region); ok {
			where = pt.ID
		}
	}
	parts, said := []string{r.Type, account, where}, make([]string, len(names))
	for i, in := range names {
		v, ok := lookup(r.Inputs, in).(string)
		if !ok || v == Unknown {
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

// ownCredentialsPlain is [ownCredentials] of a document's provider inputs.
func ownCredentialsPlain(inputs map[string]any) bool {
	for _, k := range credentialKeys {
		if inputs[k] != nil {
			return true
		}
	}
	return false
}
