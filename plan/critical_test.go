package plan_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ekskit/ekskit/plan"
)

func TestCriticalPath(t *testing.T) {
	kind := func(typ string) time.Duration { return plan.Kinds[typ].Create }
	comp := plan.DocumentResource{URN: urn("ekskit:nodegroup:NodeGroup", "ng"), Type: "ekskit:nodegroup:NodeGroup", Name: "ng"}
	d := baseDoc()
	// the node group lives in a component; something waits for the component
	for i := range d.Resources {
		if d.Resources[i].Type == ngType {
			d.Resources[i].Parent = comp.URN
		}
	}
	late := res("aws:eks/addon:Addon", "coredns", map[string]any{"addonName": "coredns"})
	late.Dependencies = []string{comp.URN}
	logs := res("aws:cloudwatch/logGroup:LogGroup", "logs", map[string]any{})
	d.Resources = append(d.Resources, comp, late, logs)

	p := d.CriticalPath()
	var names []string
	for _, s := range p.Steps {
		names = append(names, s.Name)
	}
	// role -> cluster (by reference) -> node group (property dependency)
	// -> coredns (dependency on the node group's component)
	if want := []string{"node", "eks-eksCluster", "simple-bank", "coredns"}; !reflect.DeepEqual(names, want) {
		t.Errorf("path = %v, want %v", names, want)
	}
	if want := kind(roleType) + kind(clType) + kind(ngType) + kind("aws:eks/addon:Addon"); p.Total != want {
		t.Errorf("total = %v, want %v", p.Total, want)
	}
	if got, want := p.String(), "about 13 min: IAM role node ≈2 s -> cluster eks-eksCluster ≈10 min -> node group simple-bank ≈2 min -> add-on coredns ≈1 min"; got != want {
		t.Errorf("String() = %q\nwant %q", got, want)
	}
	if got := (plan.Document{}).CriticalPath().String(); got != "nothing to create" {
		t.Errorf("empty plan: %q", got)
	}
}

// TestWaitsOfComponentsAbove: a resource waits for what every component
// above it waits for, local or remote: the SDK registers a child once its
// parent's URN is known, and a component once its dependencies exist.
func TestWaitsOfComponentsAbove(t *testing.T) {
	key := res("aws:kms/key:Key", "key", map[string]any{})
	role := res(roleType, "role", map[string]any{})
	for _, remote := range []bool{false, true} {
		outer := plan.DocumentResource{URN: urn("ekskit:x:Outer", "outer"), Type: "ekskit:x:Outer", Name: "outer", Dependencies: []string{key.URN}}
		inner := plan.DocumentResource{URN: urn("ekskit:x:Inner", "inner"), Type: "ekskit:x:Inner", Name: "inner", Parent: outer.URN,
			Remote: remote, Dependencies: []string{role.URN}}
		ng := res(ngType, "ng", map[string]any{})
		ng.Parent = inner.URN
		d := plan.Document{Resources: []plan.DocumentResource{key, role, outer, inner, ng}}
		if got, want := d.Waits(ng.URN), []string{role.URN, key.URN}; !reflect.DeepEqual(got, want) {
			t.Errorf("remote %v: node group waits for %v, want %v", remote, got, want)
		}
		if p := d.CriticalPath(); len(p.Steps) != 2 || p.Steps[0].Name != "key" || p.Steps[1].Name != "ng" {
			t.Errorf("remote %v: critical path %s, want the key (the longer wait) then the node group", remote, p)
		}
	}
}

// TestKindsAreSane: every listed kind has a name, custom kinds take time,
// and replacement paths are not repeated.
func TestKindsAreSane(t *testing.T) {
	for typ, k := range plan.Kinds {
		if k.Name == "" {
			t.Errorf("%s: no name", typ)
		}
		seen := map[string]bool{}
		for _, p := range append(append([]string{}, k.ReplaceOn...), k.ReplaceOnRemove...) {
			if seen[p] || p == "" {
				t.Errorf("%s: replacement path %q repeated or empty", typ, p)
			}
			seen[p] = true
		}
		if k.Create == 0 && len(k.ReplaceOn)+len(k.ReplaceOnRemove) > 0 && !strings.HasPrefix(typ, "pulumi:providers:") {
			t.Errorf("%s: a component (no time) has no inputs that replace it", typ)
		}
	}
}

// TestEndpointWaits: only a public endpoint limited to some networks
// makes pulumi-eks's health check wait for a run from elsewhere.
func TestEndpointWaits(t *testing.T) {
	cluster := func(public any, cidrs ...any) plan.Document {
		in := map[string]any{"endpointPublicAccess": public}
		if cidrs != nil {
			in["publicAccessCidrs"] = cidrs
		}
		return plan.Document{Resources: []plan.DocumentResource{{URN: "urn:pulumi:dev::ekskit::eks:index:Cluster::eks",
			Type: "eks:index:Cluster", Name: "eks", Remote: true, Inputs: in}}}
	}
	for _, tc := range []struct {
		name string
		doc  plan.Document
		want int
	}{
		{"public, some networks", cluster(true, "198.51.99.0/24"), 1},
		{"public, all", cluster(true, "198.51.99.0/24", "0.0.0.0/0"), 0},
		{"public, unset: all", cluster(true), 0},
		{"public, unknown", cluster(true, plan.Unknown), 0},
		{"private", cluster(false, "198.51.99.0/24"), 0},
		{"public access unknown", cluster(plan.Unknown, "198.51.99.0/24"), 0},
	} {
		if got := tc.doc.EndpointWaits(); len(got) != tc.want {
			t.Errorf("%s: %q, want %d", tc.name, got, tc.want)
		}
	}
}

// TestParentLoops: a plan file whose parents form a loop, which no
// registered graph has but a hand-edited file may, is read to the end:
// the critical path, the waits and a diff return rather than loop.
func TestParentLoops(t *testing.T) {
	self := res(roleType, "self", map[string]any{})
	self.Parent = self.URN
	a := plan.DocumentResource{URN: urn("ekskit:roles:Roles", "a"), Type: "ekskit:roles:Roles", Name: "a"}
	b := plan.DocumentResource{URN: urn("ekskit:roles:Roles", "b"), Type: "ekskit:roles:Roles", Name: "b", Parent: a.URN}
	a.Parent = b.URN
	role := res(roleType, "under", map[string]any{})
	role.Parent, role.Dependencies = a.URN, []string{b.URN}
	d := plan.Document{Stack: "dev", Resources: []plan.DocumentResource{self, a, b, role}}
	done := make(chan plan.Diff, 1)
	go func() {
		d.CriticalPath()
		d.Waits(role.URN)
		done <- plan.Compare(plan.Document{Stack: "dev"}, d)
	}()
	select {
	case diff := <-done:
		if len(diff.Changes) != 4 {
			t.Errorf("%d changes, want the 4 creates: %+v", len(diff.Changes), diff.Changes)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still running after 10 s: a loop of parents is followed forever")
	}
}
