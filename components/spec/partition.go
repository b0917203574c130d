package spec

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Partition is an AWS partition: a separate set of regions with its own
// ARNs (arn:<ID>:...) and DNS names.
type Partition struct {
	// ID is the partition's name in ARNs: aws, aws-cn, aws-us-gov, ...
	ID string
	// DNSSuffix is the suffix of its endpoints (amazonaws.com.cn in aws-cn).
	DNSSuffix string
	// RegionRegex matches the names of its regions, listed or not yet.
	RegionRegex string
	// Regions are the regions the source lists in it.
	Regions []string
}

// Partitions are the partitions ekskit supports: it builds the ARNs of AWS
// managed policies, EKS access policies and service principals for them,
// and accepts ARNs of them only. Every ARN pattern of spec and the
// partition check of package roles are built from this list.
//
// Not supported: the isolated partitions (aws-iso, aws-iso-b, aws-iso-e,
// aws-iso-f) and aws-eusc. EKS has endpoints there (the AWS SDK for Go
// v2's EKS endpoint table), but what ekskit must write there is not
// settled by any public source: the EC2 service principal the node role's
// trust policy needs is ec2.c2s.ic.gov in aws-iso and ec2.sc2s.sgov.gov in
// aws-iso-b for eksctl (its ServicePrincipalPartitionMap) and
// ec2.amazonaws.com for terraform-provider-aws v5.100 (data source
// aws_service_principal), and EKS rejects a node group whose role does not
// trust the one it requires; neither EKS's managed and access policies,
// add-ons and version calendar there nor prices are published. A region of
// those partitions is refused ([CheckRegion]).
var Partitions = []string{"aws", "aws-cn", "aws-us-gov"}

// Regions are the AWS regions the AWS SDK for Go v2 in go.mod lists
// ([PartitionsSource]), partition by partition in the SDK's order.
var Regions = func() []string {
	var out []string
	for _, p := range partitions {
		out = append(out, p.Regions...)
	}
	return out
}()

// IsRegion reports whether r is one of [Regions].
func IsRegion(r string) bool { return slices.Contains(Regions, r) }

// partitionRes are the compiled region patterns of [partitions].
var partitionRes = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(partitions))
	for i, p := range partitions {
		out[i] = regexp.MustCompile(p.RegionRegex)
	}
	return out
}()

// PartitionOf returns the partition of a region as the AWS SDKs and the
// aws provider find it: the partition that lists the region, else the
// first whose region pattern matches; false when none does.
func PartitionOf(region string) (Partition, bool) {
	for _, p := range partitions {
		if slices.Contains(p.Regions, region) {
			return p, true
		}
	}
	for i, re := range partitionRes {
		if re.MatchString(region) {
			return partitions[i], true
		}
	}
	return Partition{}, false
}

// PartitionByID returns the partition of that ID; false when there is
// none.
func PartitionByID(id string) (Partition, bool) {
	i := slices.IndexFunc(partitions, func(p Partition) bool { return p.ID == id })
	if i < 0 {
		return Partition{}, false
	}
	return partitions[i], true
}

// arnPartition is the regular expression of the partition field of an ARN
// in a supported partition.
func arnPartition() string {
	alts := make([]string, len(Partitions))
	for i, p := range Partitions {
		alts[i] = regexp.QuoteMeta(p)
	}
	return "(" + strings.Join(alts, "|") + ")"
}

// CheckRegion checks the region a stack deploys to (aws:region): in a
// partition ekskit supports, by [PartitionOf]: one of [Regions], or named
// as a partition's regions are (its RegionRegex), as the AWS SDK takes a
// region it does not list yet. Such a name is taken: ekskit cannot tell a
// region opened after the SDK in go.mod from a slip of the same form
// (eu-west-9), and pulumi-aws, whose skipRegionValidation defaults to true,
// takes both. A name of no partition's form (us-east1, eu-west-1a) is
// refused.
func CheckRegion(p *Problems, path Path, region string) {
	pt, ok := PartitionOf(region)
	if !ok {
		p.Add(path, region, "not an AWS region: not one of the %d regions the AWS SDK for Go v2 lists (%s), "+
			"nor named as a partition's regions are (area-place-number: us-east-1, us-gov-west-1, cn-north-1)%s",
			len(Regions), sdkVersion(), Suggest(region, Regions))
		return
	}
	if !slices.Contains(Partitions, pt.ID) {
		p.Add(path, region, "in partition %s, which ekskit does not build for: use a region of partition %s "+
			"(in %[1]s, the EC2 service principal the node role must trust, and EKS's managed policies, add-ons and "+
			"version calendar, are not published)", pt.ID, orList(Partitions))
	}
}

// SamePartition reports, at path, an ARN of a supported partition other
// than partition: IAM and KMS take a principal, policy or key of their own
// partition only. whose says where partition comes from, ending in a verb
// ("the stack's region us-east-1 (aws:region) is in"). Nothing when
// partition is empty or not one of [Partitions] (its own problem, and no
// ARN of it is accepted), when arn is empty, or for an ARN of no supported
// partition (the ARN's own problem).
func SamePartition(p *Problems, path Path, arn, partition, whose string) {
	parts := strings.SplitN(arn, ":", 3)
	if !slices.Contains(Partitions, partition) || len(parts) < 3 || parts[0] != "arn" || !slices.Contains(Partitions, parts[1]) || parts[1] == partition {
		return
	}
	p.Add(path, arn, "an ARN of partition %s, %s %s: use an ARN of %[3]s", parts[1], whose, partition)
}

// SamePartition reports, under at, the cluster's ARNs (admins,
// encryption.keyArn) that are well formed but of another supported
// partition than partition ([SamePartition]; a malformed one is its own
// rule's problem).
func (c Cluster) SamePartition(p *Problems, at Path, partition, whose string) {
	for i, a := range c.Admins {
		if rePrincipal.MatchString(a) {
			SamePartition(p, at.Key("admins").Index(i), a, partition, whose)
		}
	}
	for i, a := range c.Access {
		if rePrincipal.MatchString(a.PrincipalARN) {
			SamePartition(p, at.Key("access").Index(i).Key("principalArn"), a.PrincipalARN, partition, whose)
		}
	}
	if e := c.Encryption; e != nil && reKMS.MatchString(e.KeyARN) {
		SamePartition(p, at.Key("encryption").Key("keyArn"), e.KeyARN, partition, whose)
	}
	for _, name := range slices.Sorted(maps.Keys(c.Addons)) {
		for i, a := range c.Addons[name].PolicyARNs {
			if rePolicy.MatchString(a) {
				SamePartition(p, at.Key("addons").Key(name).Key("policyArns").Index(i), a, partition, whose)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.PodIdentities)) {
		for i, a := range c.PodIdentities[name].PolicyARNs {
			if rePolicy.MatchString(a) {
				SamePartition(p, at.Key("podIdentities").Key(name).Key("policyArns").Index(i), a, partition, whose)
			}
		}
	}
}

// SamePartition reports, under at, the roles' policy ARNs
// (permissionsBoundary, nodePolicyArns) that are well formed but of
// another supported partition than partition ([SamePartition]).
func (r Roles) SamePartition(p *Problems, at Path, partition, whose string) {
	if rePolicy.MatchString(r.PermissionsBoundary) {
		SamePartition(p, at.Key("permissionsBoundary"), r.PermissionsBoundary, partition, whose)
	}
	for i, a := range r.NodePolicyARNs {
		if rePolicy.MatchString(a) {
			SamePartition(p, at.Key("nodePolicyArns").Index(i), a, partition, whose)
		}
	}
}

// sdkVersion is the AWS SDK for Go v2 version of [PartitionsSource]
// ("aws-sdk-go-v2 v1.48.0").
func sdkVersion() string {
	module, _, _ := strings.Cut(PartitionsSource, ",")
	return strings.TrimPrefix(module, "github.com/aws/")
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
