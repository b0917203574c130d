package plan

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/ekskit/ekskit/components/spec"
)

// Cloud is the offline stand-in for an AWS account: the answers invokes get
// and the values the provider model builds ids and ARNs from. [Run] fills
// what is left unset (empty, or a nil slice) from [DefaultCloud]: the
// region from the partition's (us-east-1, cn-north-1, us-gov-west-1), and
// the default VPC as a whole, when none of its three fields is set.
type Cloud struct {
	// Partition is the default aws provider's AWS partition: aws, aws-cn
	// or aws-us-gov (an isolated one, aws-iso, ..., is answered too, as
	// the provider would, though ekskit's components refuse it). Unset:
	// the region's (aws:region, else Region), as the aws provider's; set
	// to another partition than that region's, [Run] refuses it. An
	// explicit aws provider answers in its own region's partition instead,
	// as the real one does: the resources and invokes it serves (a
	// component's children given it with pulumi.Provider or
	// pulumi.Providers, pulumi-eks's children and look-ups included) get
	// arn:aws-cn:...:cn-north-1:... ARNs and the amazonaws.com.cn DNS
	// suffix for a provider in cn-north-1, whatever this partition is (a
	// region in no partition is in aws, the AWS SDK's fallback).
	Partition string
	// Region is the default aws provider's region when the stack config
	// has no aws:region.
	Region string
	// AccountID is the 12-digit account the ARNs are built in, by every
	// provider: an explicit provider of another partition answers with
	// it too, where a real one answers with its own credentials' account
	// (an AWS account is in one partition).
	AccountID string
	// DefaultVPCID and DefaultVPCCIDR answer the default-VPC look-up
	// (aws:ec2/getVpc), alike in every region (the ARN is in the
	// provider's).
	DefaultVPCID   string
	DefaultVPCCIDR string
	// DefaultSubnetIDs are the default VPC's default subnets, which
	// aws:ec2/getSubnets answers as its filters select them: a default
	// VPC has one in each Availability Zone, so the i-th is in the i-th
	// zone, by name, of the region the look-up is in (the offline zones,
	// which aws:index/getAvailabilityZones answers: us-east-1a to
	// us-east-1f in us-east-1, eu-west-1a to eu-west-1c in eu-west-1);
	// more subnets than the region has zones fail the look-up. nil: one
	// in every zone, subnet-0default0000000 and the zone's letter
	// (subnet-0default0000000c in us-east-1c).
	DefaultSubnetIDs []string
}

// DefaultCloud returns the documented offline answers: partition aws, region
// us-east-1, account 123456789012, a default VPC 172.31.0.0/16 with a
// default subnet in each zone of the region (DefaultSubnetIDs nil).
func DefaultCloud() Cloud {
	return Cloud{
		Partition:      "aws",
		Region:         "us-east-1",
		AccountID:      "123456789012",
		DefaultVPCID:   "vpc-0default00000000",
		DefaultVPCCIDR: "172.31.0.0/16",
	}
}

// StackRegion is the region a plan's default aws provider deploys a stack
// of flat config cfg ([Options.Config]) to, on [DefaultCloud]: its
// aws:region, else DefaultCloud's Region (us-east-1); set says whether
// cfg sets aws:region. Unset, pulumi up deploys to the machine's AWS
// region, which a plan cannot know.
func StackRegion(cfg map[string]string) (region string, set bool) {
	return DefaultCloud().stackRegion(cfg)
}

// stackRegion is the region c's default aws provider deploys a stack of
// flat config cfg to: its aws:region, else c.Region ("" when c leaves it
// unset); set says whether cfg sets aws:region.
func (c Cloud) stackRegion(cfg map[string]string) (region string, set bool) {
	if r := cfg["aws:region"]; r != "" {
		return r, true
	}
	return c.Region, false
}

// partitionRegions are the region an unset Cloud.Region takes in each
// partition.
var partitionRegions = map[string]string{"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}

// withDefaults returns c with what is left unset ("", a nil slice) taken
// from [DefaultCloud]: the region from the partition's, and the default
// VPC's three fields together, when none is set (a VPC of one Cloud and
// subnets of another would not match).
func (c Cloud) withDefaults() Cloud {
	d := DefaultCloud()
	c.Partition, c.AccountID = cmp.Or(c.Partition, d.Partition), cmp.Or(c.AccountID, d.AccountID)
	var listed string
	if p, ok := spec.PartitionByID(c.Partition); ok && len(p.Regions) > 0 {
		listed = p.Regions[0]
	}
	c.Region = cmp.Or(c.Region, partitionRegions[c.Partition], listed, d.Region)
	if c.DefaultVPCID == "" && c.DefaultVPCCIDR == "" && c.DefaultSubnetIDs == nil {
		c.DefaultVPCID, c.DefaultVPCCIDR, c.DefaultSubnetIDs = d.DefaultVPCID, d.DefaultVPCCIDR, d.DefaultSubnetIDs
	}
	return c
}

// dnsSuffix returns the partition's DNS suffix ([spec.PartitionByID]).
func (c Cloud) dnsSuffix() string {
	p, _ := spec.PartitionByID(c.Partition) // Run refuses a partition that is not
	return p.DNSSuffix
}

func (c Cloud) arn(service, region, resourcePart string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", c.Partition, service, region, c.AccountID, resourcePart)
}

// suffix returns a stable pseudo-random hex suffix for a URN, the way the
// engine's auto-naming appends random hex (stable here, so runs compare).
func suffix(urn string, n int) string {
	sum := sha256.Sum256([]byte(urn))
	return hex.EncodeToString(sum[:])[:n]
}

// Invoke is one data-source call the program made and the offline answer it got.
type Invoke struct {
	Token  string         `json:"token"`
	Args   map[string]any `json:"args"`
	Answer map[string]any `json:"answer"`
	// Note says where the answer came from.
	Note string `json:"note"`
	// Provider is the explicit provider the invoke used ("": the default
	// provider of Version).
	Provider string `json:"provider,omitempty"`
	// Version is the provider package version the invoke asked for, where
	// the plan knows it (pulumi-eks's look-ups).
	Version string `json:"version,omitempty"`
}

// answer returns the offline answer to an invoke served by an aws provider
// with those settings (in its partition and region), with a note on its
// source.
func (c Cloud) answer(token string, args resource.PropertyMap, aws awsSettings) (resource.PropertyMap, string, error) {
	c, region := aws.cloud(c), aws.region
	switch token {
	case "aws:index/getPartition:getPartition":
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": c.Partition, "partition": c.Partition, "dnsSuffix": c.dnsSuffix(),
			"reverseDnsPrefix": reverse(c.dnsSuffix()),
		}), "offline partition " + c.Partition, nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": c.AccountID, "accountId": c.AccountID, "userId": "OFFLINE",
			"arn": fmt.Sprintf("arn:%s:iam::%s:user/offline", c.Partition, c.AccountID),
		}), "offline account " + c.AccountID, nil
	case "aws:index/getRegion:getRegion":
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": region, "name": region, "endpoint": "ec2." + region + "." + c.dnsSuffix(),
		}), "region from " + aws.source, nil
	case "aws:ec2/getVpc:getVpc":
		if err := c.defaultVPCAsked(plainMap(args)); err != nil {
			return nil, "", fmt.Errorf("offline getVpc: %w", err)
		}
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": c.DefaultVPCID, "cidrBlock": c.DefaultVPCCIDR, "default": true,
			"arn": c.arn("ec2", region, "vpc/"+c.DefaultVPCID),
		}), "offline default VPC; the real one is looked up at deploy time", nil
	case "aws:ec2/getSubnets:getSubnets":
		answer, note, err := c.subnets(region, plainMap(args))
		if err != nil {
			return nil, "", fmt.Errorf("offline getSubnets: %w", err)
		}
		return resource.NewPropertyMapFromMap(answer), note, nil
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		answer, note, err := availabilityZones(region, plainMap(args))
		if err != nil {
			return nil, "", fmt.Errorf("offline getAvailabilityZones: %w", err)
		}
		return resource.NewPropertyMapFromMap(answer), note, nil
	case "aws:eks/getAddonVersion:getAddonVersion":
		name, k8s := args["addonName"].StringValue(), args["kubernetesVersion"].StringValue()
		v := "v0.0.0-offline-" + name + "-for-" + k8s
		return resource.NewPropertyMapFromMap(map[string]any{
			"id": name, "addonName": name, "kubernetesVersion": k8s, "version": v,
		}), "placeholder: the add-on version is looked up from AWS at deploy time", nil
	}
	return nil, "", fmt.Errorf("no offline answer for invoke %s (answer it with Options.Answers)", token)
}

// empty reports whether v, a plain value ([plainMap]), is an empty list
// or map.
func empty(v any) bool {
	switch v := v.(type) {
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

// defaultVPCAsked checks that a getVpc look-up asks for the default VPC,
// the only one the offline account has: with no argument, default: true,
// its id or state: available, and no other argument (an empty list or map
// of filters or tags is none).
func (c Cloud) defaultVPCAsked(args map[string]any) error {
	known := "the offline account has its default VPC only, asked by default: true, its id " + c.DefaultVPCID +
		" or state: available (answer another look-up with Options.Answers)"
	for _, k := range slices.Sorted(maps.Keys(args)) {
		v := args[k]
		switch {
		case k == "default" && v == true, k == "id" && v == c.DefaultVPCID, k == "state" && v == "available":
		case v == nil, empty(v): // an argument not given, or an empty list or map
		default:
			return fmt.Errorf("%s %v: %s", k, v, known)
		}
	}
	return nil
}

func reverse(dns string) string {
	parts := strings.Split(dns, ".")
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".")
}
