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
// fails on it. The account is the default provider's, unless an explicit
// aws provider sets credentials of its own ([ownCredentials]), whose
// account is not known: only its own resources are compared. A name or
// scope not known yet (a preview's unknown) is not compared, and a
// resource read is not created.
func sameNames(rs []Resource) error {
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
		if p := providerURN(r.awsProvider()); own[p] {
			account = p
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
		names := make([]string, len(same))
		for i, r := range same {
			names[i] = r.Name
		}
		slices.Sort(names)
		in := "in " + same[0].Region
		if k.GlobalName {
			in = "in the account (the name is global)"
		}
		for _, s := range k.NameScope {
			in += fmt.Sprintf(", %s %s", s, same[0].Inputs[resource.PropertyKey(s)].StringValue())
		}
		errs = append(errs, fmt.Errorf("%s %s are each named %q %s: AWS creates one and refuses the others, and pulumi up fails",
			k.Name, strings.Join(names, ", "), same[0].Inputs[resource.PropertyKey(k.AutoNamed)].StringValue(), in))
	}
	return errors.Join(errs...)
}

// ownCredentials reports whether an explicit aws provider's inputs set
// credentials, or the accounts it may act in, of their own: its account
// may not be the default provider's.
func ownCredentials(inputs resource.PropertyMap) bool {
	for _, k := range []resource.PropertyKey{"accessKey", "profile", "sharedCredentialsFiles", "assumeRole",
		"assumeRoleWithWebIdentity", "allowedAccountIds", "token"} {
		if v, ok := inputs[k]; ok && !v.IsNull() {
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
