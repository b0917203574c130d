package plan

import (
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzCompare edits one resource of the prod plan (an input at a dotted
// path, its options, its default tags, its region, its parent, or its
// removal) and
// compares the two plans both ways: `plan --diff` reads any plan file, so
// Compare must not panic, and every resource in both plans is counted once:
// unchanged, updated or replaced.
func FuzzCompare(f *testing.F) {
	base, err := ReadDocument(filepath.Join("..", "testdata", "plans", "prod.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint8(0), "tags.team", `"a"`, uint8(1))
	f.Add(uint8(7), "vpcConfig.publicAccessCidrs", `["10.0.0.0/8"]`, uint8(0))
	f.Add(uint8(3), "tags", `"[secret]"`, uint8(16))
	f.Add(uint8(12), "kubernetesNetworkConfig.serviceIpv4Cidr", `"172.20.0.0/16"`, uint8(8))
	f.Add(uint8(20), "scalingConfig.desiredSize", `3`, uint8(6))
	f.Add(uint8(5), "name", `"(known after apply)"`, uint8(128))
	f.Add(uint8(4), "@parent", "xxxx", uint8(0)) // its own parent
	f.Add(uint8(9), "@rename", "renamed", uint8(0))
	f.Add(uint8(2), "@rename", "x", uint8(1))
	f.Add(uint8(3), "@alias", `{"parent":"xx","name":"a"}`, uint8(0))
	f.Add(uint8(6), "@alias", `{"noParent":true,"type":"eks:index:Cluster"}`, uint8(0))
	f.Add(uint8(8), "@alias", "urn:pulumi:prod::ekskit::x", uint8(0))
	f.Add(uint8(10), "@alias", `{"stack":"dev","project":"p"}`, uint8(0))
	f.Fuzz(func(t *testing.T, which uint8, path, value string, opts uint8) {
		head := edited(base, int(which), path, value, opts)
		for _, pair := range [][2]Document{{base, head}, {head, base}} {
			d := Compare(pair[0], pair[1])
			WriteDiff(io.Discard, d, "base.json")
			both := 0
			for _, r := range pair[1].Resources {
				urns := []string{r.URN} // and those its aliases of another name give it (@rename's)
				for _, a := range r.Options.Aliases {
					if a.Name != "" {
						urns = append(urns, strings.TrimSuffix(r.URN, "::"+r.Name)+"::"+a.Name)
					}
				}
				if slices.ContainsFunc(pair[0].Resources, func(b DocumentResource) bool { return slices.Contains(urns, b.URN) }) {
					both++
				}
			}
			if got := d.Unchanged + d.Count(OpUpdate) + d.Count(OpReplace); got != both || d.Unchanged < 0 {
				t.Errorf("%d unchanged + %d updated + %d replaced, for %d resources in both plans",
					d.Unchanged, d.Count(OpUpdate), d.Count(OpReplace), both)
			}
			for _, c := range d.Changes {
				_ = c.Sentence()
			}
		}
	})
}

// edited is a deep copy of doc with resource which (modulo their number)
// changed as opts says: bit 0 protect, 1 retainOnDelete, 2
// deleteBeforeReplace, 3 ignoreChanges [path], 4 default tags {path:
// value}, 5 replaceOnChanges [path], 6 another region, 7 removed; and its
// input at path set to value (JSON, or the text itself), or, for the path
// @parent, its parent set to the resource len(value) (modulo their
// number), which may make a loop of parents no registered plan has; for
// the path @rename, its name (and URN) value, with an alias of its old
// name; for @alias, an alias (value: its JSON, or else its URN).
func edited(doc Document, which int, path, value string, opts uint8) Document {
	var out Document
	text, _ := json.Marshal(doc)
	_ = json.Unmarshal(text, &out)
	if len(out.Resources) == 0 {
		return out
	}
	i := which % len(out.Resources)
	if opts&128 != 0 {
		out.Resources = slices.Delete(out.Resources, i, i+1)
		return out
	}
	r := &out.Resources[i]
	o := &r.Options
	o.Protect, o.RetainOnDelete, o.DeleteBeforeReplace = o.Protect != (opts&1 != 0), o.RetainOnDelete != (opts&2 != 0), opts&4 != 0
	if opts&8 != 0 {
		o.IgnoreChanges = append(o.IgnoreChanges, path)
	}
	if opts&16 != 0 {
		r.DefaultTags = map[string]string{path: value}
	}
	if opts&32 != 0 {
		o.ReplaceOnChanges = append(o.ReplaceOnChanges, path)
	}
	if opts&64 != 0 {
		r.Region = "eu-west-1"
	}
	var v any
	if err := json.Unmarshal([]byte(value), &v); err != nil {
		v = value
	}
	if path == "@parent" {
		r.Parent = out.Resources[len(value)%len(out.Resources)].URN
		return out
	}
	if path == "@alias" { // an alias as JSON, or an alias URN
		var a ResourceAlias
		if json.Unmarshal([]byte(value), &a) != nil {
			a = ResourceAlias{URN: value}
		}
		o.Aliases = append(o.Aliases, a)
		return out
	}
	if path == "@rename" && value != "" && !strings.Contains(value, "::") {
		o.Aliases = append(o.Aliases, ResourceAlias{Name: r.Name})
		r.URN, r.Name = strings.TrimSuffix(r.URN, "::"+r.Name)+"::"+value, value
		return out
	}
	if path != "" && !strings.HasPrefix(path, ".") && !strings.HasSuffix(path, ".") && !strings.Contains(path, "..") {
		r.Inputs = withValue(r.Inputs, strings.Split(path, "."), v)
	}
	return out
}
