package plan

import (
	"maps"
	"slices"
	"testing"

	"github.com/ekskit/ekskit/components/spec"
)

// TestPartitionRegions: the region an unset Cloud.Region takes is given
// for every partition ekskit supports, and is in that partition.
func TestPartitionRegions(t *testing.T) {
	for _, id := range spec.Partitions {
		r, ok := partitionRegions[id]
		if p, _ := spec.PartitionOf(r); !ok || p.ID != id {
			t.Errorf("partition %s: default region %q, in %q", id, r, p.ID)
		}
	}
	for id := range partitionRegions {
		if !slices.Contains(spec.Partitions, id) {
			t.Errorf("default region for %s, which ekskit does not support", id)
		}
	}
	if got := (Cloud{Partition: "aws-cn"}).dnsSuffix(); got != "amazonaws.com.cn" {
		t.Errorf("aws-cn DNS suffix %q", got)
	}
}

// TestStackRegion: a stack's aws:region is its region; without one (or
// with it empty), the region a plan on DefaultCloud assumes, said unset.
func TestStackRegion(t *testing.T) {
	for _, tc := range []struct {
		cfg  map[string]string
		want string
		set  bool
	}{
		{map[string]string{"aws:region": "eu-west-1"}, "eu-west-1", true},
		{map[string]string{"aws:region": ""}, "us-east-1", false},
		{map[string]string{}, "us-east-1", false},
		{nil, "us-east-1", false},
	} {
		if got, set := StackRegion(tc.cfg); got != tc.want || set != tc.set {
			t.Errorf("StackRegion(%v) = %q, %v; want %q, %v", tc.cfg, got, set, tc.want, tc.set)
		}
	}
	if got, set := (Cloud{}).stackRegion(nil); got != "" || set {
		t.Errorf("an unset Cloud.Region: %q, %v; want \"\", false", got, set)
	}
}

// TestAddonRestarts: --diff's notes on an add-on's role know how to
// restart the pods of each add-on ekskit gives a role to, and of no other.
func TestAddonRestarts(t *testing.T) {
	if got, want := slices.Sorted(maps.Keys(addonRestarts)), spec.OwnRoleAddons(); !slices.Equal(got, want) {
		t.Errorf("addonRestarts for %v, want %v (spec.OwnRoleAddons)", got, want)
	}
}
