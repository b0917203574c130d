package plan

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Step is one resource on the critical path.
type Step struct {
	URN  string        `json:"urn"`
	Kind string        `json:"kind"`
	Name string        `json:"name"`
	Time time.Duration `json:"time"`
}

// Path is the longest chain of creations, each waiting for the one before:
// a lower bound on how long `pulumi up` of an empty stack takes.
type Path struct {
	Steps []Step        `json:"steps"`
	Total time.Duration `json:"total"`
}

// CriticalPath returns the longest chain of creations by the typical times in
// [Kinds]. A resource waits for its dependencies, its property
// dependencies and the resources its inputs refer to; waiting for a
// component means waiting for everything under it, and a resource read
// ([DocumentResource].Read) is not created.
func (d Document) CriticalPath() Path {
	byURN := make(map[string]*DocumentResource, len(d.Resources))
	children := map[string][]string{}
	for i := range d.Resources {
		r := &d.Resources[i]
		byURN[r.URN] = r
		children[r.Parent] = append(children[r.Parent], r.URN)
	}
	// waitsFor expands a URN to what waiting for it means: the resource, or
	// for a component, every resource under it (a remote component whose
	// children the plan lacks stands for itself).
	var waitsFor func(urn string, out []string) []string
	waitsFor = func(urn string, out []string) []string {
		r, ok := byURN[urn]
		if !ok || r.Read { // a resource read is not created
			return out
		}
		if r.Custom || r.Remote && len(children[urn]) == 0 {
			return append(out, urn)
		}
		for _, c := range children[urn] {
			out = waitsFor(c, out)
		}
		return out
	}
	finish := map[string]time.Duration{}
	prev := map[string]string{}
	var visit func(urn string, onStack map[string]bool) time.Duration
	visit = func(urn string, onStack map[string]bool) time.Duration {
		if f, ok := finish[urn]; ok {
			return f
		}
		if onStack[urn] { // cannot happen in a registered graph; never loop
			return 0
		}
		onStack[urn] = true
		defer delete(onStack, urn)
		r := byURN[urn]
		if r.Read {
			return 0 // nothing to create
		}
		var start time.Duration
		for _, dep := range d.Waits(urn) {
			for _, u := range waitsFor(dep, nil) {
				if u == urn {
					continue
				}
				if f := visit(u, onStack); f > start || (f == start && prev[urn] == "") {
					start, prev[urn] = f, u
				}
			}
		}
		k := kindOf(r.Type, r.Custom)
		finish[urn] = start + k.Create
		return finish[urn]
	}
	var p Path
	last := ""
	for _, r := range d.Resources { // URN order: ties go to the first
		if f := visit(r.URN, map[string]bool{}); f > p.Total {
			p.Total, last = f, r.URN
		}
	}
	for u := last; u != ""; u = prev[u] {
		r := byURN[u]
		k := kindOf(r.Type, r.Custom)
		p.Steps = append([]Step{{URN: u, Kind: k.Name, Name: r.Name, Time: k.Create}}, p.Steps...)
	}
	return p
}

// Waits lists the URNs the resource at urn waits for: its own
// [DocumentResource.Waits], and those of every remote component above it
// (the plugin constructs a remote component only once the component's own
// dependencies exist: the SDK awaits them before it registers it).
func (d Document) Waits(urn string) []string {
	byURN := make(map[string]*DocumentResource, len(d.Resources))
	for i := range d.Resources {
		byURN[d.Resources[i].URN] = &d.Resources[i]
	}
	r, ok := byURN[urn]
	if !ok {
		return nil
	}
	out := r.Waits()
	for p := byURN[r.Parent]; p != nil && p.Remote; p = byURN[p.Parent] {
		out = append(out, p.Waits()...)
	}
	return out
}

// Waits lists the URNs r waits for, possibly repeated: its dependencies,
// its property dependencies and the resources its inputs refer to (as
// pulumi-eks takes the cluster role). A URN of a component means everything
// under it.
func (r *DocumentResource) Waits() []string {
	out := append([]string(nil), r.Dependencies...)
	for _, urns := range r.PropertyDependencies {
		out = append(out, urns...)
	}
	var refs func(v any)
	refs = func(v any) {
		switch v := v.(type) {
		case string:
			if strings.HasPrefix(v, "urn:pulumi:") {
				out = append(out, v)
			}
		case []any:
			for _, e := range v {
				refs(e)
			}
		case map[string]any:
			for _, e := range v {
				refs(e)
			}
		}
	}
	refs(r.Inputs)
	return out
}

// String renders the path as one line: "about 14 min: cluster simple-bank
// ≈10 min -> node group simple-bank ≈2 min -> ...".
func (p Path) String() string {
	if len(p.Steps) == 0 {
		return "nothing to create"
	}
	parts := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		parts[i] = fmt.Sprintf("%s %s ≈%s", s.Kind, s.Name, approx(s.Time))
	}
	return fmt.Sprintf("about %s: %s", approx(p.Total), strings.Join(parts, " -> "))
}

// approx is a duration as a reader wants it: whole minutes from a minute on,
// else seconds.
func approx(d time.Duration) string {
	if d >= time.Minute {
		return fmt.Sprintf("%d min", int(math.Round(d.Minutes())))
	}
	return fmt.Sprintf("%d s", int(math.Round(d.Seconds())))
}
