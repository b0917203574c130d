package plan

import (
	"fmt"
	"math"
	"slices"
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
// [Kinds]. A resource waits for what [Document.Waits] lists; waiting for
// a component means waiting for everything under it, and a resource read
// ([DocumentResource].Read) is not created.
func (d Document) CriticalPath() Path {
	g := d.graph()
	prev := map[string]string{}
	finish := each(g, func(urn string, of func(string) time.Duration) time.Duration {
		r := g.byURN[urn]
		if r.Read {
			return 0 // nothing to create
		}
		var start time.Duration
		for _, u := range g.waitsFor(urn) {
			if f := of(u); f > start || (f == start && prev[urn] == "") {
				start, prev[urn] = f, u
			}
		}
		return start + kindOf(r.Type, r.Custom).Create
	})
	var p Path
	last := ""
	for _, r := range d.Resources { // URN order: ties go to the first
		if f := finish[r.URN]; f > p.Total {
			p.Total, last = f, r.URN
		}
	}
	for u := last; u != ""; u = prev[u] {
		r := g.byURN[u]
		k := kindOf(r.Type, r.Custom)
		p.Steps = append([]Step{{URN: u, Kind: k.Name, Name: r.Name, Time: k.Create}}, p.Steps...)
	}
	return p
}

// graph indexes a plan's resources by URN, and their children by parent.
type graph struct {
	urns     []string // in the plan's order
	byURN    map[string]*DocumentResource
	children map[string][]string
}

func (d Document) graph() graph {
	g := graph{byURN: make(map[string]*DocumentResource, len(d.Resources)), children: map[string][]string{}}
	for i := range d.Resources {
		r := &d.Resources[i]
		g.urns = append(g.urns, r.URN)
		g.byURN[r.URN] = r
		g.children[r.Parent] = append(g.children[r.Parent], r.URN)
	}
	return g
}

// waitsFor lists the resources the one at urn waits for before its step
// starts ([Document.Waits]), possibly repeated: a component stands for
// every resource under it (a remote component whose children the plan
// lacks, for itself), and a resource read for none (it is not created).
func (g graph) waitsFor(urn string) []string {
	seen := map[string]bool{} // a plan file may hold a loop of parents
	var expand func(urn string, out []string) []string
	expand = func(u string, out []string) []string {
		r, ok := g.byURN[u]
		switch {
		case !ok || r.Read || u == urn || seen[u]:
			return out
		case r.Custom || r.Remote && len(g.children[u]) == 0:
			return append(out, u)
		}
		seen[u] = true
		for _, c := range g.children[u] {
			out = expand(c, out)
		}
		return out
	}
	var out []string
	for _, dep := range g.waits(urn) {
		out = expand(dep, out)
	}
	return out
}

// levels numbers each resource by the longest chain of steps before its
// own, through its parent and the resources it waits for: the resources
// of steps count, the others are done at once (a resource pulumi up leaves
// as it is takes no time), and with through a chain goes on through them;
// without, it stops there (the engine orders deletes by the deletes
// their resources waited for directly: ScheduleDeletes). 0 for one that
// waits for no step.
func (g graph) levels(steps map[string]bool, through bool) map[string]int {
	return each(g, func(urn string, of func(string) int) int {
		l := 0
		after := func(u string) {
			switch {
			case steps[u]:
				l = max(l, of(u)+1)
			case through:
				l = max(l, of(u))
			}
		}
		for _, u := range g.waitsFor(urn) {
			after(u)
		}
		if p := g.byURN[urn].Parent; g.byURN[p] != nil {
			after(p)
		}
		return l
	})
}

// each works out value for every resource of the graph, once each:
// value gets the resource's URN and of, which gives another resource's
// value (worked out first; the zero value on a cycle, which a registered
// graph cannot have).
func each[T any](g graph, value func(urn string, of func(string) T) T) map[string]T {
	done, onStack := map[string]T{}, map[string]bool{}
	var of func(string) T
	of = func(urn string) T {
		if v, ok := done[urn]; ok {
			return v
		}
		var zero T
		if onStack[urn] { // never loop
			return zero
		}
		onStack[urn] = true
		defer delete(onStack, urn)
		done[urn] = value(urn, of)
		return done[urn]
	}
	for _, urn := range g.urns {
		of(urn)
	}
	return done
}

// Waits lists the URNs the resource at urn waits for: its own
// [DocumentResource.Waits], and those of every component above it (the
// SDK registers a resource once its parent's URN is known, and a
// component's once its own dependencies exist; a remote component's
// plugin constructs its children after that).
func (d Document) Waits(urn string) []string { return d.graph().waits(urn) }

func (g graph) waits(urn string) []string {
	r, ok := g.byURN[urn]
	if !ok {
		return nil
	}
	out := r.Waits()
	seen := map[string]bool{urn: true} // a plan file may hold a loop of parents
	for p := g.byURN[r.Parent]; p != nil && !seen[p.URN]; p = g.byURN[p.Parent] {
		seen[p.URN] = true
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

// HealthzWait is how long pulumi-eks 2.8.1 waits, at most, for a cluster's
// public endpoint to answer: in every `pulumi up` (not a preview) it asks
// <endpoint>/healthz up to 60 times, each try up to 1 s and the next 5 s
// later, then goes on whether or not it answered (nodejs/eks/cluster.ts,
// createCore). The component's outputs, and so everything that takes them,
// wait for it.
const HealthzWait = 6 * time.Minute

// EndpointWaits says, per pulumi-eks cluster whose public endpoint only
// the networks of its publicAccessCidrs reach (not 0.0.0.0/0), that a
// `pulumi up` run from outside them waits [HealthzWait] for the endpoint,
// every time: the critical path leaves it out, as the plan cannot tell
// where pulumi up runs. A private endpoint is not asked.
func (d Document) EndpointWaits() []string {
	var out []string
	for _, r := range d.Resources {
		if r.Type != "eks:index:Cluster" || r.Inputs["endpointPublicAccess"] != true {
			continue
		}
		cidrs, _ := r.Inputs["publicAccessCidrs"].([]any)
		var list []string
		for _, c := range cidrs {
			s, _ := c.(string)
			list = append(list, s)
		}
		// unset, EKS opens the endpoint to 0.0.0.0/0
		if len(list) == 0 || slices.Contains(list, "0.0.0.0/0") || slices.Contains(list, Unknown) {
			continue
		}
		out = append(out, fmt.Sprintf("each pulumi up run from outside cluster %s's publicAccessCidrs (%s) takes about %s more: "+
			"pulumi-eks waits for the public endpoint to answer /healthz (60 tries, 5 s apart) before the add-ons and node groups "+
			"that take its outputs", r.Name, strings.Join(list, ", "), approx(HealthzWait)))
	}
	return out
}
