package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// ResourceAlias is an alias a resource is registered with (the
// pulumi.Aliases option, as the SDK sends it to the engine): a whole old
// URN, or the parts of one that are not the resource's own (its name,
// type, parent, project or stack), each left empty taking the resource's.
type ResourceAlias struct {
	URN      string `json:"urn,omitempty"`
	Name     string `json:"name,omitempty"`
	Type     string `json:"type,omitempty"`
	Parent   string `json:"parent,omitempty"`
	NoParent bool   `json:"noParent,omitempty"`
	Project  string `json:"project,omitempty"`
	Stack    string `json:"stack,omitempty"`
}

// resourceAliases are a registration's aliases: its alias specs (the SDK
// sends those to an engine that takes them, as the mock monitor does) and
// its alias URNs, which the engine takes both of (source_eval.go,
// RegisterResource).
func resourceAliases(rpc *pulumirpc.RegisterResourceRequest) []ResourceAlias {
	var out []ResourceAlias
	for _, a := range rpc.GetAliases() {
		if s := a.GetSpec(); s != nil {
			out = append(out, ResourceAlias{Name: s.GetName(), Type: s.GetType(), Parent: s.GetParentUrn(),
				NoParent: s.GetNoParent(), Project: s.GetProject(), Stack: s.GetStack()})
		} else if a.GetUrn() != "" {
			out = append(out, ResourceAlias{URN: a.GetUrn()})
		}
	}
	for _, u := range rpc.GetAliasURNs() {
		out = append(out, ResourceAlias{URN: u})
	}
	return out
}

// aliasMoves returns, for each head resource that pulumi up would take
// for a base resource of another URN, that URN (by the head's URN): the
// first of its aliases, as the engine generates them, that is a base
// resource's URN. It generates them as the engine's step generator does
// (pkg/resource/deploy/step_generator.go, generateAliases,
// collapseAliasToUrn, inheritedChildAlias): its own aliases, each part
// left empty taken from the resource, an alias's parent read as the base
// URN that parent moved from; then, where its parent moved, the resource
// under the parent's old URN, and each of its own aliases so too, a name
// that starts with the parent's name starting with the parent's old name
// instead. A resource found by its own URN does not move. Where the first
// alias found names a URN another head resource has, or another took
// first, the engine fails the resource ("Duplicate resource alias",
// getOldResource), and so pulumi up: conflicts says why, by the head's URN.
func aliasMoves(base, head Document) (moved, conflicts map[string]string) {
	inBase := map[string]bool{}
	for _, r := range base.Resources {
		inBase[r.URN] = true
	}
	byURN := map[string]DocumentResource{}
	for _, r := range head.Resources {
		byURN[r.URN] = r
	}
	moved, conflicts = map[string]string{}, map[string]string{}
	takenBy := map[string]string{}
	done := map[string]bool{}
	var visit func(urn string)
	visit = func(urn string) {
		r, ok := byURN[urn]
		if done[urn] || !ok {
			return
		}
		done[urn] = true
		// the engine registers a parent first, and the SDK sends a
		// registration once the parents its aliases name have their URNs
		visit(r.Parent)
		for _, a := range r.Options.Aliases {
			visit(a.Parent)
		}
		if inBase[urn] {
			return
		}
		for _, a := range generatedAliases(r, moved) {
			if !inBase[a] || !resource.URN(a).IsValid() {
				continue
			}
			switch other, taken := takenBy[a]; {
			case taken:
				conflicts[urn] = fmt.Sprintf("its aliases name %s, which %s's aliases name too: the engine refuses "+
					"two resources one old one (Duplicate resource alias), and pulumi up fails", a, resource.URN(other).Name())
			case byURN[a].URN != "":
				conflicts[urn] = fmt.Sprintf("its aliases name %s, which the program registers as well: the engine refuses "+
					"the alias of a resource that exists (Duplicate resource alias), and pulumi up fails", a)
			default:
				moved[urn], takenBy[a] = a, urn
			}
			return // the engine stops at the first alias it finds
		}
	}
	for _, urn := range slices.Sorted(maps.Keys(byURN)) {
		visit(urn)
	}
	return moved, conflicts
}

// generatedAliases are the URNs the engine looks r up by after its own, in
// its order, given the base URNs that r's parent and others moved from.
func generatedAliases(r DocumentResource, moved map[string]string) []string {
	own := resource.URN(r.URN)
	if !own.IsValid() {
		return nil
	}
	project, stack := string(own.Project()), string(own.Stack())
	var out []string
	add := func(u string) {
		if u != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	collapsed := make([]string, len(r.Options.Aliases))
	for i, a := range r.Options.Aliases {
		collapsed[i] = collapseAlias(r, a, moved, project, stack)
		add(collapsed[i])
	}
	parentWas, ok := moved[r.Parent]
	if !ok {
		return out
	}
	parentName := resource.URN(r.Parent).Name()
	add(inheritedAlias(r.Type, r.Name, parentName, parentWas, project, stack))
	for _, u := range collapsed {
		if u := resource.URN(u); u.IsValid() {
			add(inheritedAlias(string(u.Type()), u.Name(), parentName, parentWas, project, stack))
		}
	}
	return out
}

// collapseAlias is the URN an alias of r names (the engine's
// collapseAliasToUrn), "" where its parent is no URN.
func collapseAlias(r DocumentResource, a ResourceAlias, moved map[string]string, project, stack string) string {
	if a.URN != "" {
		return a.URN
	}
	name, typ, parent := a.Name, a.Type, a.Parent
	if name == "" {
		name = r.Name
	}
	if typ == "" {
		typ = r.Type
	}
	if parent == "" {
		parent = r.Parent
	} else if was, ok := moved[parent]; ok {
		parent = was
	}
	if parent != "" && !resource.URN(parent).IsValid() {
		return ""
	}
	if a.NoParent || (parent != "" && resource.URN(parent).QualifiedType() == resource.RootStackType) {
		parent = ""
	}
	if a.Project != "" {
		project = a.Project
	}
	if a.Stack != "" {
		stack = a.Stack
	}
	return string(resource.CreateURN(name, typ, resource.URN(parent), project, stack))
}

// inheritedAlias is a child's URN under its parent's old URN parentWas
// (the engine's inheritedChildAlias): a child named after its parent
// (name "app-logs" under parent "app") is named after the old parent.
func inheritedAlias(typ, name, parentName, parentWas, project, stack string) string {
	was := resource.URN(parentWas)
	if !was.IsValid() {
		return ""
	}
	if rest, ok := strings.CutPrefix(name, parentName); ok {
		name = was.Name() + rest
	}
	return string(resource.NewURN(tokens.QName(stack), tokens.PackageName(project), was.QualifiedType(), tokens.Type(typ), name))
}

// moveBase is base with each resource that moves (moves: the base URN by
// the head's) under its head URN, and every reference to it (parent,
// dependencies, provider, a resource reference among a component's
// inputs, which [Plain] shows as its URN: the SDK sends a resource as a
// reference to components, as pulumi-eks's serviceRole, and the typed args
// of aws resources take none) so too: the stack's state once the engine has
// taken the head resource for it, which it then diffs as any other.
func moveBase(base Document, moves map[string]string) Document {
	if len(moves) == 0 {
		return base
	}
	to := make(map[string]string, len(moves))
	for head, was := range moves {
		to[was] = head
	}
	rename := func(urn string) string {
		if u, ok := to[urn]; ok {
			return u
		}
		return urn
	}
	renameAll := func(urns []string) []string {
		if urns == nil {
			return nil
		}
		out := make([]string, len(urns))
		for i, u := range urns {
			out[i] = rename(u)
		}
		slices.Sort(out)
		return out
	}
	reference := func(ref string) string { // a provider reference, URN::ID
		if urn := providerURN(ref); urn != ref {
			return rename(urn) + ref[len(urn):]
		}
		return ref
	}
	out := base
	out.Resources = make([]DocumentResource, len(base.Resources))
	for i, r := range base.Resources {
		r.URN, r.Parent = rename(r.URN), rename(r.Parent)
		r.Dependencies = renameAll(r.Dependencies)
		if r.PropertyDependencies != nil {
			pd := make(map[string][]string, len(r.PropertyDependencies))
			for k, v := range r.PropertyDependencies {
				pd[k] = renameAll(v)
			}
			r.PropertyDependencies = pd
		}
		if !r.Custom { // a component's inputs may hold resource references
			r.Inputs, _ = renamedRefs(r.Inputs, to).(map[string]any)
		}
		r.Options.Provider = reference(r.Options.Provider)
		if r.Options.Providers != nil {
			ps := make(map[string]string, len(r.Options.Providers))
			for k, v := range r.Options.Providers {
				ps[k] = reference(v)
			}
			r.Options.Providers = ps
		}
		out.Resources[i] = r
	}
	slices.SortFunc(out.Resources, func(a, b DocumentResource) int { return strings.Compare(a.URN, b.URN) })
	return out
}

// renamedRefs is the input value v with each string that is a URN of to's
// under the URN to gives it.
func renamedRefs(v any, to map[string]string) any {
	switch v := v.(type) {
	case string:
		if u, ok := to[v]; ok {
			return u
		}
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = renamedRefs(e, to)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = renamedRefs(e, to)
		}
		return out
	}
	return v
}
