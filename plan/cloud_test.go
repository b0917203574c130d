package plan

import (
	"maps"
	"slices"
	"strings"
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

// TestRoleAssociated: the note on an add-on's pod identity associations
// says what EKS does with them and, for associations taken off, which
// credentials the restarted pods are left with: the IRSA role where the
// add-on keeps one, the node role's for vpc-cni, none for another add-on.
// An association whose role ARN is unknown, or a list unknown whole, is
// one given.
func TestRoleAssociated(t *testing.T) {
	given := []any{map[string]any{"roleArn": Unknown, "serviceAccount": "ebs-csi-controller-sa"}}
	const set = "EKS sets the add-on's pod identity associations and restarts its pods (a rolling restart)"
	const deletes = "EKS deletes the add-on's pod identity associations and restarts its pods (a rolling restart), which then get the credentials of "
	for _, tc := range []struct {
		name     string
		old, new any
		inputs   map[string]any
		want     string
	}{
		{"given", nil, given, map[string]any{"addonName": "aws-ebs-csi-driver"}, set},
		{"unknown whole", given, Unknown, map[string]any{"addonName": "aws-ebs-csi-driver"}, set},
		{"taken off, no role left", given, nil, map[string]any{"addonName": "aws-ebs-csi-driver"},
			deletes + "none of their own: the EBS CSI controller's EC2 calls fail"},
		{"emptied, IRSA kept", given, []any{}, map[string]any{"addonName": "aws-ebs-csi-driver", "serviceAccountRoleArn": Unknown},
			deletes + "the role of its serviceAccountRoleArn (IRSA)"},
		{"vpc-cni taken off", given, nil, map[string]any{"addonName": "vpc-cni"},
			deletes + "the node role, once it has AmazonEKS_CNI_Policy"},
	} {
		if got := roleAssociated(tc.old, tc.new, tc.inputs); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: %q, want it to begin %q", tc.name, got, tc.want)
		}
	}
}

// TestTakesRoleBy: an add-on names a role by a pod identity association
// first (an add-on given both runs on Pod Identity), else by its
// serviceAccountRoleArn, whether the ARN comes from the role or is
// written out with the role's fixed name and path.
func TestTakesRoleBy(t *testing.T) {
	role := DocumentResource{URN: "urn:role", Type: "aws:iam/role:Role", Inputs: map[string]any{"name": "ebs", "path": "/eks/"}}
	const arn = "arn:aws:iam::111122223333:role/eks/ebs"
	association := func(arn string) []any {
		return []any{map[string]any{"roleArn": arn, "serviceAccount": "ebs-csi-controller-sa"}}
	}
	for _, tc := range []struct {
		name  string
		addon DocumentResource
		want  string
	}{
		{"IRSA, from the role", DocumentResource{PropertyDependencies: map[string][]string{byServiceAccount: {"urn:role"}}}, byServiceAccount},
		{"Pod Identity, from the role", DocumentResource{PropertyDependencies: map[string][]string{byAssociation: {"urn:role"}}}, byAssociation},
		{"both", DocumentResource{PropertyDependencies: map[string][]string{byServiceAccount: {"urn:role"}, byAssociation: {"urn:role"}}},
			byAssociation},
		{"IRSA, written out", DocumentResource{Inputs: map[string]any{byServiceAccount: arn}}, byServiceAccount},
		{"Pod Identity, written out", DocumentResource{Inputs: map[string]any{byAssociation: association(arn)}}, byAssociation},
		{"another role written out", DocumentResource{Inputs: map[string]any{byAssociation: association(arn + "2"),
			byServiceAccount: "arn:aws:iam::111122223333:role/ebs"}}, ""},
		{"none", DocumentResource{}, ""},
	} {
		if got := takesRoleBy(tc.addon, role); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestRoleTakenNoteWays: the note on a role deleted while an add-on
// still takes it says how the add-on names it, and how to move it: the
// service account's annotation for IRSA, the association for Pod
// Identity.
func TestRoleTakenNoteWays(t *testing.T) {
	for _, tc := range []struct {
		how  roleUse
		by   string
		want string
	}{
		{roleStillNamed, byServiceAccount, "still names this role after pulumi up (serviceAccountRoleArn)"},
		{roleStillNamed, byAssociation, "still names this role after pulumi up (a pod identity association)"},
		{roleKeptPreserved, byServiceAccount, "annotate its service account kube-system/ebs-csi-controller-sa with one that has"},
		{roleKeptPreserved, byAssociation, "the pod identity association for kube-system/ebs-csi-controller-sa stays"},
	} {
		if got := roleTakenNote("aws-ebs-csi-driver", "eks-aws-ebs-csi-driver", tc.how, tc.by); !strings.Contains(got, tc.want) {
			t.Errorf("%v by %s: %q, want it to say %q", tc.how, tc.by, got, tc.want)
		}
	}
}

// TestRoleGivenOnPodIdentity: a role given by serviceAccountRoleArn is
// noted (EKS restarts no pod), unless the add-on has pod identity
// associations, known or not, on which it runs where the agent runs.
func TestRoleGivenOnPodIdentity(t *testing.T) {
	association := []any{map[string]any{"roleArn": Unknown, "serviceAccount": "ebs-csi-controller-sa"}}
	for _, tc := range []struct {
		name   string
		inputs map[string]any
		noted  bool
	}{
		{"IRSA only", map[string]any{"addonName": "aws-ebs-csi-driver"}, true},
		{"no associations", map[string]any{"addonName": "aws-ebs-csi-driver", "podIdentityAssociations": []any{}}, true},
		{"with an association", map[string]any{"addonName": "aws-ebs-csi-driver", "podIdentityAssociations": association}, false},
		{"associations unknown", map[string]any{"addonName": "aws-ebs-csi-driver", "podIdentityAssociations": Unknown}, false},
	} {
		if got := roleGiven(nil, Unknown, tc.inputs); (got != "") != tc.noted {
			t.Errorf("%s: %q, want a note: %v", tc.name, got, tc.noted)
		}
	}
}

// TestRetentionShortened: a log group's retention shortened, or set where
// there was none (never expire), loses the older log events; lengthened,
// the same, or taken off (never expire) loses none.
func TestRetentionShortened(t *testing.T) {
	for _, tc := range []struct {
		old, new any
		want     string // how the note begins; "": none
	}{
		{365.0, 30.0, "CloudWatch Logs deletes the log events older than 30 days, kept for 365 days until now"},
		{nil, 1.0, "CloudWatch Logs deletes the log events older than 1 day, kept for ever until now"},
		{0.0, 7.0, "CloudWatch Logs deletes the log events older than 7 days, kept for ever"},
		{7.0, 1.0, "CloudWatch Logs deletes the log events older than 1 day, kept for 7 days"},
		{30.0, 365.0, ""},
		{30.0, 30.0, ""},
		{30.0, nil, ""},
		{30.0, 0.0, ""},
	} {
		got := retentionShortened(tc.old, tc.new)
		if tc.want == "" && got != "" || !strings.HasPrefix(got, tc.want) {
			t.Errorf("%v => %v: %q, want %q", tc.old, tc.new, got, tc.want)
		}
	}
}
