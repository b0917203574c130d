package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Secret is how a secret value is shown: never its plaintext.
const Secret = "[secret]"

// Document is the machine-readable plan (`plan --json`), also the form
// `--diff` reads back and the golden files hold.
type Document struct {
	Stack     string             `json:"stack"`
	Resources []DocumentResource `json:"resources"`
	Outputs   map[string]any     `json:"outputs"`
	Invokes   []Invoke           `json:"invokes,omitempty"`
}

// DocumentResource is one resource of a [Document].
type DocumentResource struct {
	URN    string `json:"urn"`
	Type   string `json:"type"`
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
	Custom bool   `json:"custom"`
	Remote bool   `json:"remote,omitempty"`
	// Read is set for an existing resource the program reads, which
	// pulumi up neither creates nor deletes; ID is the id it is read by
	// ([Resource].Read).
	Read bool   `json:"read,omitempty"`
	ID   string `json:"id,omitempty"`
	// Region is the region an aws resource is created in ([Resource].Region).
	Region string `json:"region,omitempty"`
	// DefaultTags are the tags its aws provider puts on it
	// ([Resource].DefaultTags).
	DefaultTags  map[string]string `json:"defaultTags,omitempty"`
	Inputs       map[string]any    `json:"inputs"`
	Dependencies []string          `json:"dependencies"`
	// PropertyDependencies maps an input to the URNs its value came from.
	PropertyDependencies map[string][]string `json:"propertyDependencies,omitempty"`
	Options              ResourceOptions     `json:"options"`
}

// Document returns the graph in its JSON form, resources ordered by URN.
func (g *Graph) Document() Document {
	d := Document{Stack: g.Stack, Outputs: plainMap(g.Outputs), Resources: []DocumentResource{}}
	for _, r := range g.Sorted() {
		deps := r.Dependencies
		if deps == nil {
			deps = []string{}
		}
		d.Resources = append(d.Resources, DocumentResource{
			URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent, Custom: r.Custom, Remote: r.Remote, Read: r.Read, ID: r.ID,
			Region:      r.Region,
			DefaultTags: r.DefaultTags,
			Inputs:      plainMap(r.Inputs), Dependencies: deps, PropertyDependencies: r.PropertyDependencies,
			Options: r.Options,
		})
	}
	d.Invokes = g.sortedInvokes()
	return d
}

// sortedInvokes returns the invokes in a stable order (token, then
// arguments): the program makes them concurrently.
func (g *Graph) sortedInvokes() []Invoke {
	type keyed struct {
		key string
		inv Invoke
	}
	ks := make([]keyed, len(g.Invokes))
	for i, inv := range g.Invokes {
		args, _ := json.Marshal(inv.Args) // plain values: cannot fail
		ks[i] = keyed{inv.Token + "\x00" + string(args), inv}
	}
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].key < ks[j].key })
	out := make([]Invoke, len(ks))
	for i, k := range ks {
		out[i] = k.inv
	}
	return out
}

// ReadDocument reads a plan saved with `plan --json`.
func ReadDocument(path string) (Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return Document{}, err
	}
	defer f.Close()
	return DecodeDocument(f)
}

// DecodeDocument decodes a JSON plan. Its values have the types of a fresh
// [Graph.Document] (numbers are float64, as Pulumi property numbers are), so
// a saved plan and a new one compare as they are.
//
// A JSON object that is not a plan (no "resources": a diff printed by
// plan --diff --json, say) is an error, not an empty plan.
func DecodeDocument(r io.Reader) (Document, error) {
	var raw json.RawMessage
	if err := json.NewDecoder(r).Decode(&raw); errors.Is(err, io.EOF) {
		return Document{}, errors.New("empty, not a plan: plan --json writes none when the plan is refused " +
			"(save a base plan with --set policy.fail=none)")
	} else if err != nil {
		return Document{}, fmt.Errorf("plan document: %w", err)
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) == nil {
		_, isPlan := keys["resources"]
		_, isDiff := keys["changes"]
		switch {
		case isDiff:
			return Document{}, errors.New("a diff (plan --diff --json), not a plan: save the base plan with plan --json alone")
		case !isPlan:
			return Document{}, errors.New(`not a plan: it has no "resources" (save one with plan --json)`)
		}
	}
	var d Document
	if err := json.Unmarshal(raw, &d); err != nil {
		return Document{}, fmt.Errorf("plan document: %w", err)
	}
	return d, nil
}

// WithRegion returns d with region set on its aws resources, when none of
// them has one: a plan saved before resources carried their region. A
// plan whose resources have regions is returned as it is.
func (d Document) WithRegion(region string) Document {
	if region == "" || slices.ContainsFunc(d.Resources, func(r DocumentResource) bool { return r.Region != "" }) {
		return d
	}
	d.Resources = slices.Clone(d.Resources)
	for i, r := range d.Resources {
		if r.Custom && strings.HasPrefix(r.Type, "aws:") {
			d.Resources[i].Region = region
		}
	}
	return d
}

// plainMap turns a resource's property values into plain JSON values:
// unknowns become [Unknown], secrets [Secret], resource references their
// URN. The engine's own top-level keys (__defaults, ...) are left out; keys
// inside values, such as a tag named __internal, are kept.
func plainMap(m resource.PropertyMap) map[string]any {
	out := plainObject(m)
	for k := range out {
		if len(k) > 2 && k[:2] == "__" {
			delete(out, k)
		}
	}
	return out
}

func plainObject(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[string(k)] = Plain(v)
	}
	return out
}

// Plain turns one property value into a plain JSON value (see [Document]).
func Plain(v resource.PropertyValue) any {
	switch {
	case v.IsNull():
		return nil
	case v.IsComputed(), v.IsOutput() && !v.OutputValue().Known:
		return Unknown
	case v.IsSecret(), v.IsOutput() && v.OutputValue().Secret:
		return Secret
	case v.IsOutput():
		return Plain(v.OutputValue().Element)
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsString():
		return v.StringValue()
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = Plain(e)
		}
		return out
	case v.IsObject():
		return plainObject(v.ObjectValue())
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	}
	return fmt.Sprint(v.V)
}
