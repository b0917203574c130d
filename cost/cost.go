// Package cost estimates what a cluster costs per month from its settings
// ([spec.Stack], as a stack config or cluster.Build takes them) and an
// embedded, dated price table. A price it does not have is reported as
// unknown, never guessed; log ingestion and data transfer are named as not
// estimated. Nothing here imports Pulumi.
package cost

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ekskit/ekskit/components/spec"
)

// HoursPerMonth is the month AWS's pricing pages use.
const HoursPerMonth = 730

// Prices beyond instances, USD: Amazon EKS's cluster-hour (standard and
// extended support) and AWS KMS's customer managed key-month are one price
// in every region of partition aws, as AWS's pricing pages give them with
// no region, whether or not the region's instance prices are in the tables
// ([uniformUnknown] says where they do not hold); Amazon EBS's GB-month
// (gp3 and gp2) is a price per region, known here for us-east-1 only
// (disks elsewhere are unknown). Checked 2026-11.
const (
	eksStandardHour = 0.10
	eksExtendedHour = 0.60
	kmsKeyMonth     = 1.00
)

// kmsRotationsCharged are the rotations of a KMS key that each add
// kmsKeyMonth for the new key material. ekskit creates its key with
// automatic rotation on (enableKeyRotation, every 365 days by default), so
// the key costs $1 a month its first year, $2 its second, $3 from then on:
// since April 2024 AWS KMS charges for the first and second rotation of a
// key's material and no more after ("AWS KMS pricing"; AWS Security Blog,
// "The curious case of faster AWS KMS symmetric key rotation", 2024: "a
// new limit on the price of all symmetric keys that have had two or more
// rotations"). The line is that range.
const kmsRotationsCharged = 2

// ebsGBMonth are the gp3 and gp2 prices per GB-month, by region.
var ebsGBMonth = map[string]struct{ gp3, gp2 float64 }{
	"us-east-1": {0.08, 0.10},
}

// publicIPv4Hour is AWS's charge for a public IPv4 address, per hour, in
// use or idle, since 2024-02-01, the same in every region of partition aws
// (Amazon VPC pricing, "Public IPv4 Address"; AWS Networking & Content
// Delivery Blog, "Identify and optimize public IPv4 address usage on
// AWS", 2023). An instance launched in a default VPC, or in a subnet that
// assigns public IPv4 addresses, gets one.
const publicIPv4Hour = 0.005

// publicIPv4NotEstimated names the public IPv4 addresses of nodes the
// estimate cannot count ([publicIPv4]).
var publicIPv4NotEstimated = fmt.Sprintf("public IPv4 addresses of nodes in subnets that assign them, $%.3f an hour ($%.2f a month) each "+
	"(known offline only for the default VPC's default subnets)", publicIPv4Hour, publicIPv4Hour*HoursPerMonth)

// uniformUnknown is why the prices AWS gives with no region (the control
// plane's, a KMS key's, a public IPv4 address's) do not hold in region; ""
// in partition aws, where they do. The China regions (aws-cn) are run and
// billed by Sinnet (Beijing) and NWCD (Ningxia), in CNY ("Getting Started
// with Amazon Web Services in China", Billing and Payment); AWS GovCloud
// (US) is priced apart, and none of those prices of it was found to
// check.
func uniformUnknown(region string) string {
	p, ok := spec.PartitionOf(region)
	switch {
	case ok && p.ID == "aws":
		return ""
	case ok && p.ID == "aws-cn":
		return "the China regions are billed in CNY by Sinnet (Beijing) and NWCD (Ningxia), at prices not in the tables"
	case ok && p.ID == "aws-us-gov":
		return "AWS GovCloud (US) is priced apart from the other regions, at prices not in the tables"
	case ok:
		return fmt.Sprintf("%s is in partition %s, whose prices are not in the tables", region, p.ID)
	}
	return fmt.Sprintf("%s is in no partition ekskit knows", region)
}

// EKSHourly are the control plane's prices per cluster-hour in region, in
// standard and in extended support, as the estimate ([Of]) prices it: ok
// is false outside partition aws, where they are not known
// ([uniformUnknown]).
func EKSHourly(region string) (standard, extended float64, ok bool) {
	if uniformUnknown(region) != "" {
		return 0, 0, false
	}
	standard, extended = EKSHourlyCommercial()
	return standard, extended, true
}

// EKSHourlyCommercial are the control plane's prices per cluster-hour, in
// standard and in extended support, in the commercial regions (partition
// aws), one price in every one of them: what [EKSHourly] gives for each.
// For a stack whose region is not known, which may still deploy to the
// China or AWS GovCloud (US) regions, where they do not hold
// ([uniformUnknown]).
func EKSHourlyCommercial() (standard, extended float64) { return eksStandardHour, eksExtendedHour }

// capacityBlock is the capacity type of a group that runs in an EC2
// Capacity Block for ML. Such a block is not billed at the on-demand rate:
// its price is a reservation fee, charged up front when the block is
// bought and set by supply and demand, plus an operating-system fee while
// its instances run ("Amazon EC2 Capacity Blocks for ML Pricing",
// aws.amazon.com/ec2/capacityblocks/pricing/). Neither is in the tables,
// nor is the block's length, so a group's instances are unknown. Its disks
// are EBS's, but such a group has a launch template (EKS requires one),
// which holds their size: unknown too, as any template's.
const capacityBlock = "CAPACITY_BLOCK"

// capacityBlockUnknown is why a capacity block's instances are unknown.
const capacityBlockUnknown = "a Capacity Block is billed as a reservation fee paid up front when it is bought " +
	"(its price moves with supply and demand) plus an operating-system fee, not at the on-demand rate"

// spotFloor is the lowest share of the on-demand price a spot instance is
// counted at: AWS advertises savings of up to 90%; the default maximum
// spot price is the on-demand price.
const spotFloor = 0.10

// Line is one item of an estimate: a range in USD per month, rounded to
// the cent, or unknown with the reason.
type Line struct {
	// Key names what the line prices, the same from one estimate of a
	// stack to the next ("control plane", "node group NAME: disks"), so
	// that [Compare] pairs lines whose Item says different counts or types.
	Key     string  `json:"key"`
	Item    string  `json:"item"`
	Low     float64 `json:"low"`
	High    float64 `json:"high"`
	Unknown string  `json:"unknown,omitempty"`
}

// Estimate is a stack's monthly cost.
type Estimate struct {
	Region string `json:"region"`
	// PricesAsOf (YYYY-MM-DD) and PricesFrom date the region's instance
	// prices and name their source; empty outside the tables.
	PricesAsOf string `json:"pricesAsOf,omitempty"`
	PricesFrom string `json:"pricesFrom,omitempty"`
	Lines      []Line `json:"lines"`
	// Low and High add up the known lines (to the cent, as the lines are).
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// Complete is false when a line is unknown.
	Complete bool `json:"complete"`
	// NotEstimated are costs the estimate leaves out.
	NotEstimated []string `json:"notEstimated"`
	// Uncounted are the keys ([Line.Key]) of the lines the estimate has
	// none of because it cannot count them, though another estimate of
	// the stack may: a node group's public IPv4 addresses outside the
	// default VPC's default subnets ([publicIPv4]), which NotEstimated
	// names. [Compare] leaves out a line the other estimate has under
	// such a key, rather than count it as added or removed. Sorted; never
	// nil in an estimate [Of] makes.
	Uncounted []string `json:"uncounted"`
}

// Priced reports whether a line of the estimate has a price: whether its
// Low and High say anything.
func (e Estimate) Priced() bool {
	return slices.ContainsFunc(e.Lines, func(l Line) bool { return l.Unknown == "" })
}

// Of estimates the monthly cost of a cluster's settings (as validated)
// in region, on day today (support windows). Unset settings are priced at
// their defaults.
func Of(s spec.Stack, region string, today time.Time) Estimate {
	s = s.WithDefaults() // no nil size below
	column := columnOf(region)
	e := Estimate{Region: region, Complete: true, Uncounted: []string{}, NotEstimated: []string{
		"data transfer (NAT gateways, cross-zone, internet egress)",
		"load balancers and volumes that workloads create",
	}}
	if len(s.Cluster.Logging) > 0 {
		e.NotEstimated = append([]string{"CloudWatch Logs ingestion and storage of control-plane logs"}, e.NotEstimated...)
	}
	if column >= 0 {
		e.PricesAsOf, e.PricesFrom = columns[column].asOf, columns[column].from
	}
	uniform := uniformUnknown(region)
	add := func(l Line) {
		if l.Unknown != "" {
			e.Complete = false
		}
		// money is rounded where it is worked out: a line to the cent, and
		// the totals, so that they are the sum of the lines as printed and
		// --json holds 210.24, not 210.24000000000004
		l.Low, l.High = cents(l.Low), cents(l.High)
		e.Lines = append(e.Lines, l)
		e.Low, e.High = cents(e.Low+l.Low), cents(e.High+l.High)
	}
	// a line at a price AWS gives with no region: unknown where it does
	// not hold ([uniformUnknown])
	addUniform := func(l Line) {
		if uniform != "" {
			l.Low, l.High, l.Unknown = 0, 0, uniform
		}
		add(l)
	}

	c := s.Cluster
	hourly, support := eksStandardHour, "standard support"
	if ends, known := spec.Support[c.Version]; known && c.SupportType == "EXTENDED" && today.Format(time.DateOnly) >= ends[0] {
		hourly, support = eksExtendedHour, "extended support"
	}
	addUniform(Line{Key: keyControlPlane, Item: fmt.Sprintf("control plane, %s %s", c.Version, support),
		Low: hourly * HoursPerMonth, High: hourly * HoursPerMonth})
	if c.Encryption != nil && c.Encryption.Create {
		addUniform(Line{Key: keyKMS, Item: "KMS key for secrets, rotated yearly", Low: kmsKeyMonth, High: (1 + kmsRotationsCharged) * kmsKeyMonth})
	}
	for _, name := range slices.Sorted(maps.Keys(s.NodeGroups)) {
		ng := s.NodeGroups[name]
		// an autoscaler moves the size between minSize and maxSize: that
		// range is the estimate, desiredSize says nothing
		lo, hi, count := *ng.DesiredSize, *ng.DesiredSize, strconv.Itoa(*ng.DesiredSize)
		if ng.AutoscalerOwnsDesiredSize {
			lo, hi, count = *ng.MinSize, *ng.MaxSize, fmt.Sprintf("%d to %d (autoscaled)", *ng.MinSize, *ng.MaxSize)
		}
		instances, disks := nodes(name, ng, lo, hi, count, region), disks(name, ng, lo, hi, count, region)
		instances.Key, disks.Key = groupKey(name, "instances"), groupKey(name, "disks")
		add(instances)
		add(disks)
		if l, ok := publicIPv4(name, s.Cluster, ng, lo, hi, count); ok {
			l.Key = groupKey(name, "public IPv4")
			addUniform(l)
		} else {
			e.Uncounted = append(e.Uncounted, groupKey(name, "public IPv4"))
			if !slices.Contains(e.NotEstimated, publicIPv4NotEstimated) {
				e.NotEstimated = append(e.NotEstimated, publicIPv4NotEstimated)
			}
		}
	}
	return e
}

// publicIPv4 prices the public IPv4 addresses of a node group's nodes, lo
// to hi (count says how many in words), one a node, when the group runs in
// the default VPC's default subnets: vpcId unset (the cluster then takes
// those subnets, default-for-az) and no subnetIds or launch template of the
// group's own. Resources launched in a default VPC get a public IPv4
// address ([publicIPv4Hour]'s blog post), and a managed node group's
// instances take their subnet's setting (AWS Containers Blog, "Upcoming
// changes to IP assignment for EKS managed node groups", 2020). Elsewhere
// whether a subnet assigns addresses is not in the stack (nor is a launch
// template's network interfaces): ok is false, and the estimate names the
// addresses as not estimated. The account's free tier is not counted, as
// it is not for instances.
func publicIPv4(name string, c spec.Cluster, ng spec.NodeGroup, lo, hi int, count string) (l Line, ok bool) {
	if c.VPCID != "" || len(ng.SubnetIDs) > 0 || ng.LaunchTemplate != nil {
		return Line{}, false
	}
	return Line{Item: fmt.Sprintf("node group %s: %s x public IPv4 address (default subnets)", name, count),
		Low: float64(lo) * publicIPv4Hour * HoursPerMonth, High: float64(hi) * publicIPv4Hour * HoursPerMonth}, true
}

// disks prices a node group's disks, lo to hi nodes (count says how many
// in words), from gp3 to gp2: the volume type of EKS's own launch template
// is not asserted here.
func disks(name string, ng spec.NodeGroup, lo, hi int, count, region string) Line {
	if ng.DiskSize == nil {
		return Line{Item: fmt.Sprintf("node group %s: %s x the launch template's disks", name, count), Unknown: "the size is in the launch template"}
	}
	l := Line{Item: fmt.Sprintf("node group %s: %s x %d GiB disks (gp3 to gp2)", name, count, *ng.DiskSize)}
	ebs, ok := ebsGBMonth[region]
	if !ok {
		l.Unknown = fmt.Sprintf("no EBS price for %s (EBS prices: %s)", region, strings.Join(slices.Sorted(maps.Keys(ebsGBMonth)), ", "))
		return l
	}
	l.Low, l.High = float64(lo**ng.DiskSize)*ebs.gp3, float64(hi**ng.DiskSize)*ebs.gp2
	return l
}

// nodes prices a node group's instances, lo to hi nodes (count says how
// many in words), from lo nodes of the cheapest of its instance types to
// hi of the dearest: on-demand at the types' on-demand prices, spot from
// spotFloor of them; a capacity block's are unknown ([capacityBlock]). A
// type without a price makes the line unknown, as does a region outside
// the tables.
//
// On demand, any of the types can run, not only the first: a managed node
// group launches on-demand capacity in the order of its instance types
// (Amazon EKS User Guide, "Managed node groups": "Managed node groups use
// the order of instance types passed in the API to determine which
// instance type to use first when fulfilling On-Demand capacity"), as its
// Auto Scaling group's prioritized allocation strategy does: the first
// type while it has capacity, the next when it lacks (EC2 Auto Scaling
// API, InstancesDistribution.OnDemandAllocationStrategy).
func nodes(name string, ng spec.NodeGroup, lo, hi int, count, region string) Line {
	if ng.CapacityType == capacityBlock {
		what := strings.Join(ng.InstanceTypes, ", ")
		if what == "" {
			what = "the launch template's instance type"
		}
		return Line{Item: fmt.Sprintf("node group %s: %s x %s %s", name, count, what, ng.CapacityType), Unknown: capacityBlockUnknown}
	}
	if len(ng.InstanceTypes) == 0 {
		return Line{Item: fmt.Sprintf("node group %s: %s x the launch template's instance type", name, count),
			Unknown: "the instance type is in the launch template"}
	}
	if ng.Windows() {
		return Line{Item: fmt.Sprintf("node group %s: %s x %s Windows", name, count, strings.Join(ng.InstanceTypes, ", ")),
			Unknown: "the price tables are Linux's; Windows adds its licence"}
	}
	types := ng.InstanceTypes
	l := Line{Item: fmt.Sprintf("node group %s: %s x %s %s", name, count, strings.Join(types, ", "), ng.CapacityType)}
	if ng.CapacityType == "SPOT" {
		l.Item = fmt.Sprintf("node group %s: %s spot from %s", name, count, strings.Join(types, ", "))
	}
	column := columnOf(region)
	if column < 0 {
		l.Unknown = fmt.Sprintf("no instance prices for %s (tables: %s)", region, tables())
		return l
	}
	var cheap, dear float64
	for i, t := range types {
		p := onDemand[t][column]
		if p == 0 {
			l.Unknown = fmt.Sprintf("no price for %s in %s", t, columns[column].region)
			return l
		}
		if i == 0 || p < cheap {
			cheap = p
		}
		dear = max(dear, p)
	}
	if ng.CapacityType == "SPOT" {
		cheap *= spotFloor
	}
	l.Low, l.High = float64(lo)*cheap*HoursPerMonth, float64(hi)*dear*HoursPerMonth
	return l
}

// Change is how the monthly cost moves from one estimate to another.
type Change struct {
	// Low and High are the change of the estimates' Low and High, over
	// the lines priced in both, or in the one estimate that has them,
	// rounded to the cent. Low can be above High: removing a group of 0 to
	// 10 nodes changes Low by nothing and High by the ten nodes' cost;
	// plan prints the range from its lower end.
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// LeftOut are the lines unknown in either estimate (by head's Item, or
	// base's where head has no such line), and those one estimate has
	// where the other could not count them ([Estimate.Uncounted]), which
	// the change does not count. A line unknown in both, in the same
	// region and with the same Item (the same count and types), has not
	// changed, and is not left out.
	LeftOut []string `json:"leftOut"`
	// Known is false when no line is counted: the change is unknown (and
	// Low and High are 0).
	Known bool `json:"known"`
}

// Compare is the change from base to head, line by line: the lines of the
// two estimates are paired by what they price ([lineKey]); a line only one
// of them has counts in full (a new group's, a removed group's), unless the
// other could not count it ([Estimate.Uncounted]).
func Compare(base, head Estimate) Change {
	type side struct {
		low, high float64
		items     []string
		unknown   int
	}
	sums := map[string]*[2]side{}
	var order []string
	for i, e := range []Estimate{base, head} {
		for _, l := range e.Lines {
			key := lineKey(l)
			s, ok := sums[key]
			if !ok {
				s = &[2]side{}
				sums[key] = s
				order = append(order, key)
			}
			s[i].low, s[i].high = s[i].low+l.Low, s[i].high+l.High
			s[i].items = append(s[i].items, l.Item)
			if l.Unknown != "" {
				s[i].unknown++
			}
		}
	}
	// a line one estimate has under a key the other could not count
	// (Uncounted) is left out, not counted as added or removed
	cannot := [2][]string{uncounted(base), uncounted(head)}
	notCounted := func(key string, b, h side) bool {
		return len(b.items) == 0 && slices.Contains(cannot[0], key) || len(h.items) == 0 && slices.Contains(cannot[1], key)
	}
	c := Change{LeftOut: []string{}}
	for _, key := range order {
		b, h := sums[key][0], sums[key][1]
		switch {
		case notCounted(key, b, h):
			c.LeftOut = append(c.LeftOut, append(b.items, h.items...)...)
		case b.unknown == 0 && h.unknown == 0:
			c.Known = true
			c.Low, c.High = c.Low+h.low-b.low, c.High+h.high-b.high
		case base.Region == head.Region && slices.Equal(b.items, h.items) &&
			b.unknown == len(b.items) && h.unknown == len(h.items):
			// the same unknown in the same region: unchanged
		case len(h.items) > 0:
			c.LeftOut = append(c.LeftOut, h.items...)
		default:
			c.LeftOut = append(c.LeftOut, b.items...)
		}
	}
	c.Low, c.High = cents(c.Low), cents(c.High)
	return c
}

// The keys of an estimate's lines ([Line.Key]).
const (
	keyControlPlane = "control plane"
	keyKMS          = "KMS key"
)

// groupKey is the key of a node group's line for its instances, disks or
// public IPv4 addresses.
func groupKey(name, what string) string { return "node group " + name + ": " + what }

// lineKey is what a line prices: its Key, or, for a line of an estimate
// saved before lines had keys, the key worked out from its Item as ekskit
// wrote Items then: a control plane, a KMS key, a node group's instances
// and disks (public IPv4 addresses were priced only after lines had
// keys). plan --diff compares such an estimate as it was saved: its plan
// records no stack config to price again.
func lineKey(l Line) string {
	if l.Key != "" {
		return l.Key
	}
	if strings.HasPrefix(l.Item, "control plane,") {
		return keyControlPlane
	}
	if strings.HasPrefix(l.Item, "KMS key for secrets") {
		return keyKMS
	}
	if rest, ok := strings.CutPrefix(l.Item, "node group "); ok {
		if name, what, ok := strings.Cut(rest, ": "); ok {
			if strings.Contains(what, "disks") {
				return groupKey(name, "disks")
			}
			return groupKey(name, "instances")
		}
	}
	return l.Item
}

// uncounted is e's Uncounted, or, for an estimate saved before estimates
// listed them (nil), the public IPv4 addresses of each of its node groups
// that it has no line for: ekskit then counted them only in the default
// VPC's default subnets, and before that not at all.
func uncounted(e Estimate) []string {
	if e.Uncounted != nil {
		return e.Uncounted
	}
	var groups, priced []string
	for _, l := range e.Lines {
		key := lineKey(l)
		if rest, ok := strings.CutPrefix(key, "node group "); ok {
			name, _, _ := strings.Cut(rest, ": ")
			groups = append(groups, name)
			priced = append(priced, key)
		}
	}
	var keys []string
	for _, name := range slices.Compact(slices.Sorted(slices.Values(groups))) {
		if key := groupKey(name, "public IPv4"); !slices.Contains(priced, key) {
			keys = append(keys, key)
		}
	}
	return keys
}

// cents rounds v to the cent, without a negative zero.
func cents(v float64) float64 {
	if r := math.Round(v*100) / 100; r != 0 {
		return r
	}
	return 0
}

// column is a column of [onDemand]: its region, the date of its prices
// (YYYY-MM-DD) and their source.
type column struct{ region, asOf, from string }

// columnOf is region's column of [onDemand], -1 outside the tables.
func columnOf(region string) int {
	return slices.IndexFunc(columns[:], func(c column) bool { return c.region == region })
}

func tables() string {
	regions := make([]string, len(columns))
	for i, c := range columns {
		regions[i] = c.region
	}
	slices.Sort(regions)
	return strings.Join(regions, ", ")
}
