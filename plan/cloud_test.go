package plan

import (
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
