package plan

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
)

// tfSchema is what plan.Kinds takes from the Terraform AWS provider's own
// schema (v5.100.0, the one pulumi-aws v6.83 bridges), extracted by
// conformance/terraform-aws/extract.js: per Pulumi type token, the inputs
// held as sets, the optional and computed ones, and whether the provider's
// default tags apply.
//
//go:embed zz_tfschema.json
var tfSchema []byte

type tfType struct {
	Terraform        string   `json:"terraform"`
	Tagged           bool     `json:"tagged"`
	Sets             []string `json:"sets"`
	OptionalComputed []string `json:"optionalComputed"`
}

// fromProviderSchema sets each listed kind's Sets, KeptWhenRemoved and
// Tagged from the provider schema: a set's order is no change, and an optional,
// computed input left out keeps the deployed value, but for the name
// pulumi-aws generates ([Kind].AutoNamed) and its prefix.
func fromProviderSchema(kinds map[string]Kind, schema []byte) error {
	var s struct {
		Types map[string]tfType `json:"types"`
	}
	if err := json.Unmarshal(schema, &s); err != nil {
		return fmt.Errorf("provider schema extract: %w", err)
	}
	for token, t := range s.Types {
		k, ok := kinds[token]
		if !ok {
			return fmt.Errorf("provider schema extract: %s (%s) is not in plan.Kinds", token, t.Terraform)
		}
		// a name the program stops setting is generated anew: the
		// resource is replaced, not kept (the bridge reuses a name only
		// if it generated it)
		k.Sets, k.KeptWhenRemoved = t.Sets, slices.DeleteFunc(slices.Clone(t.OptionalComputed), func(p string) bool {
			return k.AutoNamed != "" && (p == k.AutoNamed || p == k.AutoNamed+"Prefix")
		})
		k.Tagged = t.Tagged
		kinds[token] = k
	}
	return nil
}

func init() {
	if err := fromProviderSchema(Kinds, tfSchema); err != nil {
		panic(err) // the embedded file is fixed at build time; a test reads it too
	}
}
