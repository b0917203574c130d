package cost

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ekskit/ekskit/components/spec"
)

var day = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// parse decodes a cluster's and its node groups' settings, written as in
// the stack config (`ekskit:cluster`, `ekskit:nodeGroups`); an unknown key
// or settings that do not validate fail the test: only what ekskit
// accepts is priced.
func parse(t *testing.T, cluster, groups string) spec.Stack {
	t.Helper()
	var s spec.Stack
	for _, part := range []struct {
		text string
		into any
	}{{cluster, &s.Cluster}, {groups, &s.NodeGroups}} {
		d := json.NewDecoder(strings.NewReader(part.text))
		d.DisallowUnknownFields()
		if err := d.Decode(part.into); err != nil {
			t.Fatalf("%s: %v", part.text, err)
		}
	}
	if err := s.Validate("roles", "cluster", "nodeGroups", "quotas", "defaultTags").Err(); err != nil {
		t.Fatalf("%s %s: %v", cluster, groups, err)
	}
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

// TestDev: the walkthrough's stack, by hand from the tables: control plane
// 730 h x $0.10 = $73; one t3.micro 730 h x $0.0104 = $7.592; 20 GiB at
// $0.08 (gp3) to $0.10 (gp2) = $1.60 to $2.00; in the default VPC, its
// public IPv4 address 730 h x $0.005 = $3.65.
func TestDev(t *testing.T) {
	e := Of(parse(t, `{"name":"simple-bank"}`, `{"simple-bank":{"instanceTypes":["t3.micro"],"diskSize":20,"minSize":1,"maxSize":2}}`), "us-east-1", day)
	if !e.Complete || len(e.Lines) != 4 || !near(e.Low, 73+7.592+1.60+3.65) || !near(e.High, 73+7.592+2.00+3.65) {
		t.Errorf("estimate %+v", e)
	}
	// scaling 1 -> 2 adds a node, its disk and its address; 0 saves them
	for _, tc := range []struct {
		desired     int
		dLow, dHigh float64
	}{{2, 7.592 + 1.60 + 3.65, 7.592 + 2.00 + 3.65}, {0, -7.592 - 1.60 - 3.65, -7.592 - 2.00 - 3.65}} {
		groups := `{"simple-bank":{"instanceTypes":["t3.micro"],"diskSize":20,"minSize":0,"maxSize":2,"desiredSize":` + strconv.Itoa(tc.desired) + `}}`
		s := Of(parse(t, `{"name":"simple-bank"}`, groups), "us-east-1", day)
		if !near(s.Low-e.Low, tc.dLow) || !near(s.High-e.High, tc.dHigh) {
			t.Errorf("desired %d: delta %.3f to %.3f, want %.3f to %.3f", tc.desired, s.Low-e.Low, s.High-e.High, tc.dLow, tc.dHigh)
		}
	}
}

// TestAutoscaled: a group whose size an autoscaler owns is priced from
// minSize nodes at the lowest price to maxSize nodes at the highest, and a
// new desiredSize does not move the estimate.
func TestAutoscaled(t *testing.T) {
	// on demand: 1 to 4 t3.micro ($0.0104) with 20 GiB disks
	// spot: 0 to 3 of m5.large ($0.096) and m6a.large ($0.0864)
	for _, desired := range []int{1, 3} {
		e := Of(parse(t, `{"name":"xx"}`, `{"a":{"instanceTypes":["t3.micro"],"minSize":1,"desiredSize":`+strconv.Itoa(desired)+
			`,"maxSize":4,"autoscalerOwnsDesiredSize":true},"s":{"capacityType":"SPOT","instanceTypes":["m5.large","m6a.large"],`+
			`"minSize":0,"desiredSize":`+strconv.Itoa(desired)+`,"maxSize":3,"autoscalerOwnsDesiredSize":true}}`), "us-east-1", day)
		want := map[string][2]float64{
			"node group a: 1 to 4 (autoscaled) x t3.micro ON_DEMAND":          {0.0104 * 730, 4 * 0.0104 * 730},
			"node group a: 1 to 4 (autoscaled) x 20 GiB disks (gp3 to gp2)":   {20 * 0.08, 4 * 20 * 0.10},
			"node group s: 0 to 3 (autoscaled) spot from m5.large, m6a.large": {0, 3 * 0.096 * 730},
			"node group s: 0 to 3 (autoscaled) x 20 GiB disks (gp3 to gp2)":   {0, 3 * 20 * 0.10},
		}
		for _, l := range e.Lines {
			if w, ok := want[l.Item]; ok && (!near(l.Low, w[0]) || !near(l.High, w[1])) {
				t.Errorf("desired %d: %s: %.3f to %.3f, want %.3f to %.3f", desired, l.Item, l.Low, l.High, w[0], w[1])
			}
			delete(want, l.Item)
		}
		if len(want) != 0 {
			t.Errorf("desired %d: lines missing: %v in %+v", desired, want, e.Lines)
		}
	}
}

func TestSpotExtendedKeyAndUnknowns(t *testing.T) {
	// 2 spot nodes of m5.large ($0.096) and m6a.large ($0.0864): from 10% of
	// the cheaper to all of the dearer; extended support past 1.33's
	// standard end: 730 h x $0.60 = $438; a created key $1, up to $3 once
	// rotated twice
	e := Of(parse(t, `{"name":"xx","version":"1.33","supportType":"EXTENDED","encryption":{"create":true}}`,
		`{"s":{"capacityType":"SPOT","instanceTypes":["m5.large","m6a.large"],"desiredSize":2,"maxSize":3}}`), "us-east-1", day)
	want := map[string][2]float64{
		"control plane, 1.33 extended support":          {438, 438},
		"KMS key for secrets, rotated yearly":           {1, 3},
		"node group s: 2 spot from m5.large, m6a.large": {2 * 0.0864 * 0.1 * 730, 2 * 0.096 * 730},
	}
	for _, l := range e.Lines {
		if w, ok := want[l.Item]; ok && (!near(l.Low, w[0]) || !near(l.High, w[1])) {
			t.Errorf("%s: %.3f to %.3f, want %.3f to %.3f", l.Item, l.Low, l.High, w[0], w[1])
		}
		delete(want, l.Item)
	}
	if len(want) != 0 {
		t.Errorf("lines missing: %v in %+v", want, e.Lines)
	}

	// a type outside the table, a launch template's type and disk (a region without a table: TestPartitions)
	e = Of(parse(t, `{"name":"xx"}`, `{"a":{"instanceTypes":["x2gd.large"],"amiType":"AL2023_ARM_64_STANDARD"},"b":{"launchTemplate":{"name":"nodes-lt","version":"1"}}}`), "us-east-1", day)
	var unknown []string
	for _, l := range e.Lines {
		if l.Unknown != "" {
			unknown = append(unknown, l.Item+": "+l.Unknown)
		}
	}
	if e.Complete || strings.Join(unknown, "|") != "node group a: 1 x x2gd.large ON_DEMAND: no price for x2gd.large in us-east-1|"+
		"node group b: 1 x the launch template's instance type: the instance type is in the launch template|"+
		"node group b: 1 x the launch template's disks: the size is in the launch template" {
		t.Errorf("unknowns %v", unknown)
	}
}

// TestPartitions: the control plane, a created KMS key and a public IPv4
// address have one price in every region of partition aws, whether or not
// the tables have the region's instance prices (us-east-2, eu-north-1,
// ap-east-2, and eu-west-9, which the AWS SDK in go.mod does not list but
// finds in partition aws, have none: instances and disks unknown there);
// in the China regions
// (billed in CNY by Sinnet and NWCD) and in AWS GovCloud (US) (priced
// apart) they are unknown, and say why.
func TestPartitions(t *testing.T) {
	stack := parse(t, `{"name":"xx","encryption":{"create":true}}`, `{"a":{"instanceTypes":["t3.micro"]}}`)
	china := "the China regions are billed in CNY by Sinnet (Beijing) and NWCD (Ningxia), at prices not in the tables"
	gov := "AWS GovCloud (US) is priced apart from the other regions, at prices not in the tables"
	for _, tc := range []struct {
		region, unknown string // unknown: why the control plane and the key are
	}{{"us-east-2", ""}, {"eu-north-1", ""}, {"ap-east-2", ""}, {"eu-west-9", ""}, {"cn-north-1", china}, {"cn-northwest-1", china}, {"us-gov-west-1", gov}} {
		e := Of(stack, tc.region, day)
		var got []string
		for _, l := range e.Lines {
			got = append(got, fmt.Sprintf("%s: %.2f to %.2f %s", l.Item, l.Low, l.High, l.Unknown))
		}
		control, key := "control plane, 1.35 standard support: 73.00 to 73.00 ", "KMS key for secrets, rotated yearly: 1.00 to 3.00 "
		if tc.unknown != "" {
			control, key = "control plane, 1.35 standard support: 0.00 to 0.00 "+tc.unknown, "KMS key for secrets, rotated yearly: 0.00 to 0.00 "+tc.unknown
		}
		address := "node group a: 1 x public IPv4 address (default subnets): 3.65 to 3.65 "
		if tc.unknown != "" {
			address = "node group a: 1 x public IPv4 address (default subnets): 0.00 to 0.00 " + tc.unknown
		}
		want := []string{control, key,
			"node group a: 1 x t3.micro ON_DEMAND: 0.00 to 0.00 no instance prices for " + tc.region +
				" (tables: ap-northeast-1, ap-southeast-1, eu-central-1, eu-west-1, us-east-1, us-west-2)",
			"node group a: 1 x 20 GiB disks (gp3 to gp2): 0.00 to 0.00 no EBS price for " + tc.region + " (EBS prices: us-east-1)", address}
		if !slices.Equal(got, want) || e.Complete || e.PricesAsOf != "" || e.PricesFrom != "" || e.Priced() != (tc.unknown == "") {
			t.Errorf("%s: %q, priced %v, want %q", tc.region, got, e.Priced(), want)
		}
		// the rules' EKS008 names the price the estimate gives
		if std, ext, ok := EKSHourly(tc.region); ok != (tc.unknown == "") || ok && (std != 0.10 || ext != 0.60) {
			t.Errorf("%s: EKSHourly %v %v %v", tc.region, std, ext, ok)
		}
	}
}

// TestEKSHourlyCommercial: the commercial regions' price is EKSHourly's in
// every region of partition aws, and none outside it.
func TestEKSHourlyCommercial(t *testing.T) {
	std, ext := EKSHourlyCommercial()
	commercial := 0
	for _, id := range spec.Partitions {
		p, _ := spec.PartitionByID(id)
		for _, region := range p.Regions {
			if p.ID == "aws" {
				commercial++
			}
			s, e, ok := EKSHourly(region)
			if ok != (p.ID == "aws") || ok && (s != std || e != ext) {
				t.Errorf("%s (%s): EKSHourly %v %v %v; the commercial regions' %v %v", region, p.ID, s, e, ok, std, ext)
			}
		}
	}
	if commercial == 0 || std != 0.10 || ext != 0.60 {
		t.Errorf("%d commercial regions; %v %v", commercial, std, ext)
	}
}

// TestRegions: outside us-east-1 the instances are priced from
// ec2instances.info (internal/gen/ondemand-ec2instances.txt: t3.micro
// $0.0114 in eu-west-1, $0.0136 in ap-northeast-1; m6g.large $0.086 and
// $0.099), the control plane and the key as everywhere, and disks are
// unknown; the metal sizes whose us-east-1 price there is not the Price
// List's are unknown outside us-east-1.
// TestPriced: an estimate is priced when one of its lines has a price
// (the control plane's, in a region of partition aws without instance
// prices), not in a region without prices.
func TestPriced(t *testing.T) {
	stack := parse(t, `{"name":"xx"}`, `{"a":{"instanceTypes":["t3.micro"]}}`)
	for region, want := range map[string]bool{"us-east-1": true, "eu-west-1": true, "us-east-2": true, "cn-north-1": false} {
		if got := Of(stack, region, day).Priced(); got != want {
			t.Errorf("%s: Priced %v, want %v", region, got, want)
		}
	}
}

func TestRegions(t *testing.T) {
	stack := parse(t, `{"name":"xx","encryption":{"create":true}}`,
		`{"a":{"instanceTypes":["t3.micro"],"desiredSize":2,"maxSize":2},"g":{"instanceTypes":["m6g.large"],"amiType":"AL2023_ARM_64_STANDARD"},`+
			`"m":{"instanceTypes":["c6g.metal"],"amiType":"AL2023_ARM_64_STANDARD"}}`)
	for _, tc := range []struct {
		region, asOf   string
		t3, m6g, metal float64 // 0: unknown
	}{
		{"us-east-1", "2026-07-20 from the AWS Price List API", 0.0104, 0.077, 2.3066},
		{"eu-west-1", "2025-05-28 from ec2instances.info", 0.0114, 0.086, 0},
		{"ap-northeast-1", "2025-05-28 from ec2instances.info", 0.0136, 0.099, 0},
	} {
		e := Of(stack, tc.region, day)
		got := map[string]Line{}
		for _, l := range e.Lines {
			got[l.Item] = l
		}
		want := map[string]float64{
			"control plane, 1.35 standard support": 73,
			"node group a: 2 x t3.micro ON_DEMAND": 2 * tc.t3 * 730, "node group g: 1 x m6g.large ON_DEMAND": tc.m6g * 730,
			"node group m: 1 x c6g.metal ON_DEMAND": tc.metal * 730,
		}
		for item, price := range want {
			l, ok := got[item]
			switch {
			case !ok:
				t.Errorf("%s: no line %q in %+v", tc.region, item, e.Lines)
			case price == 0 && l.Unknown != "no price for c6g.metal in "+tc.region:
				t.Errorf("%s: %s: %+v, want no price for c6g.metal", tc.region, item, l)
			case price != 0 && (l.Unknown != "" || !near(l.Low, price) || !near(l.High, price)):
				t.Errorf("%s: %s: %+v, want %.3f", tc.region, item, l, price)
			}
		}
		if key := got["KMS key for secrets, rotated yearly"]; key.Unknown != "" || key.Low != 1 || key.High != 3 {
			t.Errorf("%s: KMS key %+v, want $1 to $3", tc.region, key)
		}
		disks := got["node group a: 2 x 20 GiB disks (gp3 to gp2)"]
		if tc.region == "us-east-1" {
			if !near(disks.Low, 2*20*0.08) {
				t.Errorf("us-east-1: disks %+v", disks)
			}
		} else if disks.Unknown != "no EBS price for "+tc.region+" (EBS prices: us-east-1)" || e.Complete {
			t.Errorf("%s: disks %+v, complete %v", tc.region, disks, e.Complete)
		}
		if got := e.PricesAsOf + " from " + e.PricesFrom; got != tc.asOf {
			t.Errorf("%s: prices as of %q, want %q", tc.region, got, tc.asOf)
		}
		if std, ext, ok := EKSHourly(tc.region); !ok || std != 0.10 || ext != 0.60 {
			t.Errorf("%s: EKSHourly %v %v %v", tc.region, std, ext, ok)
		}
	}
}

// TestDefaulted: settings left unset are priced at their defaults, not a
// panic on a nil size.
func TestDefaulted(t *testing.T) {
	s := spec.Stack{Cluster: spec.Cluster{Name: "demo"}, NodeGroups: map[string]spec.NodeGroup{"a": {}}}
	// one t3.medium (the default type, $0.0416), 20 GiB, in the default
	// VPC: a public IPv4 address
	if e := Of(s, "us-east-1", day); !near(e.Low, 73+0.0416*730+1.60+3.65) {
		t.Errorf("estimate %+v", e)
	}
}

// TestWindowsAndLogs: a Windows group is not priced at Linux rates, and
// log costs are named as not estimated only when logs are sent. A stack
// refuses Windows groups (spec.Stack.Validate), but a program that builds
// one with nodegroup.New may price its settings.
func TestWindowsAndLogs(t *testing.T) {
	windows := spec.NodeGroup{AMIType: "WINDOWS_CORE_2022_x86_64", InstanceTypes: []string{"m5.large"}}
	if err := windows.Validate("w", "w", "1.35").Err(); err != nil {
		t.Fatal(err)
	}
	e := Of(spec.Stack{Cluster: spec.Cluster{Name: "xx"}, NodeGroups: map[string]spec.NodeGroup{"w": windows}}, "us-east-1", day)
	var unknown []string
	for _, l := range e.Lines {
		if l.Unknown != "" {
			unknown = append(unknown, l.Item+": "+l.Unknown)
		}
	}
	if e.Complete || strings.Join(unknown, "|") != "node group w: 1 x m5.large Windows: the price tables are Linux's; Windows adds its licence" {
		t.Errorf("Windows: %v", unknown)
	}
	logs := "CloudWatch Logs ingestion and storage of control-plane logs"
	for cluster, want := range map[string]bool{`{"name":"xx","addons":{}}`: false, `{"name":"xx","addons":{},"logging":["api"]}`: true} {
		if got := slices.Contains(Of(parse(t, cluster, `{}`), "us-east-1", day).NotEstimated, logs); got != want {
			t.Errorf("%s: logs named as not estimated %v, want %v", cluster, got, want)
		}
	}
}

// TestCompare: the change counts the lines priced on both sides, paired by
// what they price even when their counts or types changed, and the lines
// only one side has; a line unknown on either side is left out and named.
// Figures from the tables, as in TestDev and TestRegions.
func TestCompare(t *testing.T) {
	const cluster = `{"name":"simple-bank"}`
	group := func(desired int) string {
		return `{"simple-bank":{"instanceTypes":["t3.micro"],"diskSize":20,"minSize":0,"maxSize":3,"desiredSize":` + strconv.Itoa(desired) + `}}`
	}
	dev := Of(parse(t, cluster, group(1)), "us-east-1", day)
	// groups whose instances are unknown anywhere: their price still
	// depends on the region and the count
	mixed := func(desired int, region string) Estimate {
		n := strconv.Itoa(desired)
		return Of(parse(t, cluster, `{"lt":{"launchTemplate":{"name":"nodes-lt","version":"1"},"desiredSize":`+n+`,"maxSize":3},`+
			`"gpu":{"amiType":"AL2023_x86_64_NVIDIA","instanceTypes":["g5.xlarge"],"desiredSize":`+n+`,"maxSize":3}}`), region, day)
	}
	// a plan saved before lines had keys, and before public IPv4
	// addresses were counted and estimates listed what they could not
	// count (Uncounted)
	noKeys := dev
	noKeys.Lines, noKeys.Uncounted = slices.Clone(dev.Lines[:3]), nil
	noKeys.Low, noKeys.High = cents(dev.Low-3.65), cents(dev.High-3.65)
	for i := range noKeys.Lines {
		noKeys.Lines[i].Key = ""
	}
	// the group in subnets of its own: its addresses are not counted
	ownSubnets := func(desired int) Estimate {
		return Of(parse(t, cluster, `{"simple-bank":{"instanceTypes":["t3.micro"],"diskSize":20,"minSize":0,"maxSize":3,"desiredSize":`+
			strconv.Itoa(desired)+`,"subnetIds":["subnet-0a1b2c3d4e5f60711"]}}`), "us-east-1", day)
	}
	// an estimate with keys saved before estimates listed what they
	// could not count, its group in subnets of its own
	unlisted := ownSubnets(1)
	unlisted.Uncounted = nil
	const address = "node group simple-bank: 1 x public IPv4 address (default subnets)"
	for _, tc := range []struct {
		name       string
		base, head Estimate
		low, high  float64
		leftOut    []string
		known      bool
	}{
		{"scale 1 -> 2", dev, Of(parse(t, cluster, group(2)), "us-east-1", day), 7.592 + 1.60 + 3.65, 7.592 + 2.00 + 3.65, nil, true},
		{"scale 1 -> 0", dev, Of(parse(t, cluster, group(0)), "us-east-1", day), -7.592 - 1.60 - 3.65, -7.592 - 2.00 - 3.65, nil, true},
		{"a new group", dev, Of(parse(t, cluster, `{"simple-bank":{"instanceTypes":["t3.micro"],"diskSize":20,"minSize":0,"maxSize":3,"desiredSize":1},`+
			`"more":{"instanceTypes":["m5.large"],"diskSize":30,"desiredSize":1,"maxSize":1}}`), "us-east-1", day), 0.096*730 + 30*0.08 + 3.65, 0.096*730 + 30*0.10 + 3.65, nil, true},
		{"to eu-west-1", dev, Of(parse(t, cluster, group(1)), "eu-west-1", day), (0.0114 - 0.0104) * 730, (0.0114 - 0.0104) * 730,
			[]string{"node group simple-bank: 1 x 20 GiB disks (gp3 to gp2)"}, true},
		{"to eu-west-1 from a plan without keys", noKeys, Of(parse(t, cluster, group(1)), "eu-west-1", day), (0.0114 - 0.0104) * 730, (0.0114 - 0.0104) * 730,
			[]string{"node group simple-bank: 1 x 20 GiB disks (gp3 to gp2)", address}, true},
		{"scale 1 -> 2 and to eu-west-1", dev, Of(parse(t, cluster, group(2)), "eu-west-1", day), (2*0.0114-0.0104)*730 + 3.65, (2*0.0114-0.0104)*730 + 3.65,
			[]string{"node group simple-bank: 2 x 20 GiB disks (gp3 to gp2)"}, true},
		{"scale 1 -> 2 and to eu-west-1 from a plan without keys", noKeys, Of(parse(t, cluster, group(2)), "eu-west-1", day),
			(2*0.0114 - 0.0104) * 730, (2*0.0114 - 0.0104) * 730, []string{"node group simple-bank: 2 x 20 GiB disks (gp3 to gp2)",
				"node group simple-bank: 2 x public IPv4 address (default subnets)"}, true},
		{"back from eu-west-1", Of(parse(t, cluster, group(1)), "eu-west-1", day), dev, (0.0104 - 0.0114) * 730, (0.0104 - 0.0114) * 730,
			[]string{"node group simple-bank: 1 x 20 GiB disks (gp3 to gp2)"}, true},
		{"nothing changes in eu-west-1", Of(parse(t, cluster, group(1)), "eu-west-1", day), Of(parse(t, cluster, group(1)), "eu-west-1", day), 0, 0, nil, true},
		{"launch template and unpriced GPU groups to eu-west-1", mixed(1, "us-east-1"), mixed(1, "eu-west-1"), 0, 0, []string{
			"node group gpu: 1 x g5.xlarge ON_DEMAND", "node group gpu: 1 x 20 GiB disks (gp3 to gp2)",
			"node group lt: 1 x the launch template's instance type", "node group lt: 1 x the launch template's disks"}, true},
		{"launch template and unpriced GPU groups scaled", mixed(1, "us-east-1"), mixed(3, "us-east-1"), 2*20*0.08 + 2*3.65, 2*20*0.10 + 2*3.65, []string{
			"node group gpu: 3 x g5.xlarge ON_DEMAND",
			"node group lt: 3 x the launch template's instance type", "node group lt: 3 x the launch template's disks"}, true},
		// addresses one estimate could not count are not a saving, nor a cost
		{"out of the default subnets", dev, ownSubnets(1), 0, 0, []string{address}, true},
		{"into the default subnets", ownSubnets(1), dev, 0, 0, []string{address}, true},
		{"scale 1 -> 2 out of the default subnets", dev, ownSubnets(2), 7.592 + 1.60, 7.592 + 2.00, []string{address}, true},
		{"a new group in subnets of its own", ownSubnets(0), Of(parse(t, cluster, `{"simple-bank":{"instanceTypes":["t3.micro"],"diskSize":20,"minSize":0,"maxSize":3,"desiredSize":0,`+
			`"subnetIds":["subnet-0a1b2c3d4e5f60711"]},"more":{"instanceTypes":["m5.large"],"diskSize":30,"desiredSize":1,"maxSize":1,"subnetIds":["subnet-0a1b2c3d4e5f60711"]}}`),
			"us-east-1", day), 0.096*730 + 30*0.08, 0.096*730 + 30*0.10, nil, true},
		{"a group removed from the default subnets", dev, Of(parse(t, `{"name":"simple-bank","addons":{}}`, `{}`), "us-east-1", day), -7.592 - 1.60 - 3.65, -7.592 - 2.00 - 3.65, nil, true},
		{"into the default subnets from a plan that did not list them", unlisted, dev, 0, 0, []string{address}, true},
		{"the same from a plan saved before addresses were counted", noKeys, dev, 0, 0, []string{address}, true},
		{"scale 1 -> 2 from a plan saved before addresses were counted", noKeys, Of(parse(t, cluster, group(2)), "us-east-1", day),
			7.592 + 1.60, 7.592 + 2.00, []string{"node group simple-bank: 2 x public IPv4 address (default subnets)"}, true},
		{"to us-east-2", dev, Of(parse(t, cluster, group(1)), "us-east-2", day), 0, 0,
			[]string{"node group simple-bank: 1 x t3.micro ON_DEMAND", "node group simple-bank: 1 x 20 GiB disks (gp3 to gp2)"}, true},
		{"to cn-north-1", dev, Of(parse(t, cluster, group(1)), "cn-north-1", day), 0, 0,
			[]string{"control plane, 1.35 standard support", "node group simple-bank: 1 x t3.micro ON_DEMAND", "node group simple-bank: 1 x 20 GiB disks (gp3 to gp2)",
				"node group simple-bank: 1 x public IPv4 address (default subnets)"}, false},
	} {
		c := Compare(tc.base, tc.head)
		if !near(c.Low, tc.low) || !near(c.High, tc.high) || !slices.Equal(c.LeftOut, tc.leftOut) || c.Known != tc.known ||
			c.Low != math.Round(c.Low*100)/100 || math.Signbit(c.Low) != (tc.low < 0) {
			t.Errorf("%s: %+v, want %.3f to %.3f, left out %q, known %v", tc.name, c, tc.low, tc.high, tc.leftOut, tc.known)
		}
	}
}

// TestCompareSumsAKey: lines of one estimate with the same key are added
// up, not one taken for the other; a change that comes to nothing is
// +$0.00, not -$0.00.
func TestCompareSumsAKey(t *testing.T) {
	const cluster = `{"name":"simple-bank"}`
	two := func(a, b int) Estimate {
		return Of(parse(t, cluster, `{"a":{"instanceTypes":["t3.micro"],"minSize":0,"maxSize":3,"desiredSize":`+strconv.Itoa(a)+`},`+
			`"b":{"instanceTypes":["t3.micro"],"minSize":0,"maxSize":3,"desiredSize":`+strconv.Itoa(b)+`}}`), "us-east-1", day)
	}
	if c := Compare(two(1, 1), two(2, 0)); c.Low != 0 || c.High != 0 || math.Signbit(c.Low) || math.Signbit(c.High) || !c.Known {
		t.Errorf("one node moved between groups: %+v", c)
	}
	base := two(1, 1)
	base.Lines = append(base.Lines, Line{Key: "control plane", Item: "control plane, again", Low: 10, High: 10})
	if c := Compare(base, two(1, 1)); c.Low != -10 || c.High != -10 {
		t.Errorf("a key twice: %+v, want -10", c)
	}
	base.Lines[len(base.Lines)-1].Unknown = "no price"
	if c := Compare(base, two(1, 1)); c.Low != 0 || !slices.Equal(c.LeftOut, []string{"control plane, 1.35 standard support"}) {
		t.Errorf("a key twice, once unknown: %+v", c)
	}
}

// TestCompareProperties: over estimates of a stack at several sizes, in
// regions with and without prices, a change and its reverse are opposite
// and leave out the same number of lines, an estimate compared with itself
// does not change, between two complete estimates the change is the
// change of their totals, and a base saved without line keys gives the
// same change as with them.
func TestCompareProperties(t *testing.T) {
	var estimates []Estimate
	for _, region := range []string{"us-east-1", "eu-west-1", "us-east-2", "cn-north-1"} {
		for _, groups := range []string{
			`{"a":{"instanceTypes":["t3.micro"],"desiredSize":1,"maxSize":3}}`,
			`{"a":{"instanceTypes":["t3.micro"],"desiredSize":3,"maxSize":3},"b":{"capacityType":"SPOT","instanceTypes":["m5.large","m6a.large"],"minSize":0,"maxSize":4,"autoscalerOwnsDesiredSize":true}}`,
			`{"b":{"launchTemplate":{"name":"nodes-lt","version":"1"}}}`,
			`{"a":{"instanceTypes":["t3.micro"],"desiredSize":2,"maxSize":3},"g":{"amiType":"AL2023_x86_64_NVIDIA","instanceTypes":["g5.xlarge"]}}`,
		} {
			estimates = append(estimates, Of(parse(t, `{"name":"xx","encryption":{"create":true}}`, groups), region, day))
		}
	}
	for i, a := range estimates {
		if c := Compare(a, a); c.Low != 0 || c.High != 0 || len(c.LeftOut) != 0 {
			t.Errorf("%d against itself: %+v", i, c)
		}
		// a as ekskit priced it before it counted public IPv4 addresses:
		// with keys, listing them as uncounted, and as saved before lines
		// had keys (nor estimates an Uncounted)
		noIPv4 := a
		noIPv4.Lines, noIPv4.Uncounted = nil, slices.Clone(a.Uncounted)
		for _, l := range a.Lines {
			if strings.HasSuffix(l.Key, ": public IPv4") {
				noIPv4.Uncounted = append(noIPv4.Uncounted, l.Key)
				continue
			}
			noIPv4.Lines = append(noIPv4.Lines, l)
		}
		slices.Sort(noIPv4.Uncounted)
		keyless := noIPv4
		keyless.Lines, keyless.Uncounted = slices.Clone(noIPv4.Lines), nil
		for k := range keyless.Lines {
			keyless.Lines[k].Key = ""
		}
		for j, b := range estimates {
			ab, ba := Compare(a, b), Compare(b, a)
			if old, keyed := Compare(keyless, b), Compare(noIPv4, b); old.Low != keyed.Low || old.High != keyed.High ||
				!slices.Equal(old.LeftOut, keyed.LeftOut) || old.Known != keyed.Known {
				t.Errorf("%d (saved without keys) -> %d: %+v, with keys %+v", i, j, old, keyed)
			}
			if ab.Low != -ba.Low || ab.High != -ba.High || len(ab.LeftOut) != len(ba.LeftOut) || ab.Known != ba.Known {
				t.Errorf("%d -> %d: %+v, back: %+v", i, j, ab, ba)
			}
			if a.Complete && b.Complete && (ab.Low != cents(b.Low-a.Low) || ab.High != cents(b.High-a.High)) {
				t.Errorf("%d -> %d: %+v, totals %.2f to %.2f", i, j, ab, b.Low-a.Low, b.High-a.High)
			}
		}
	}
}

// TestCents: every figure of an estimate is money to the cent, as --json
// holds it: 3 m6i.large are 3 x 730 h x $0.096 = $210.24, not the
// 210.24000000000004 of the floating-point product, and the totals are
// the sum of the lines as printed.
func TestCents(t *testing.T) {
	e := Of(parse(t, `{"name":"xx","encryption":{"create":true}}`,
		`{"system":{"instanceTypes":["m6i.large"],"diskSize":50,"minSize":3,"desiredSize":3,"maxSize":6},`+
			`"spot":{"capacityType":"SPOT","instanceTypes":["m6i.large","m6a.large","m5.large","m5a.large"],"diskSize":50,`+
			`"minSize":1,"desiredSize":2,"maxSize":10,"autoscalerOwnsDesiredSize":true}}`), "us-east-1", day)
	isCents := func(v float64) bool { return v == math.Round(v*100)/100 }
	var low, high float64
	for _, l := range e.Lines {
		if !isCents(l.Low) || !isCents(l.High) {
			t.Errorf("%s: %v to %v, not to the cent", l.Item, l.Low, l.High)
		}
		low, high = low+l.Low, high+l.High
	}
	if !isCents(e.Low) || !isCents(e.High) || !near(e.Low, low) || !near(e.High, high) {
		t.Errorf("totals %v to %v, lines add up to %v to %v", e.Low, e.High, low, high)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"item":"node group system: 3 x m6i.large ON_DEMAND","low":210.24,"high":210.24`; !strings.Contains(string(b), want) {
		t.Errorf("JSON lacks %s:\n%s", want, b)
	}
}

// TestCapacityBlock: a group in an EC2 Capacity Block is not priced at the
// on-demand rate, even for a type the tables have (m5.large): the block is
// billed as a reservation fee and an OS fee.
func TestCapacityBlock(t *testing.T) {
	e := Of(parse(t, `{"name":"xx"}`, `{"cb":{"capacityType":"CAPACITY_BLOCK","instanceTypes":["m5.large"],"launchTemplate":{"name":"ml-lt","version":"1"},"desiredSize":2,"maxSize":2},`+
		`"lt":{"capacityType":"CAPACITY_BLOCK","launchTemplate":{"name":"ml-lt","version":"1"}}}`), "us-east-1", day)
	var got []string
	for _, l := range e.Lines {
		if strings.HasSuffix(l.Key, ": instances") {
			got = append(got, l.Item+": "+l.Unknown)
			if l.Low != 0 || l.High != 0 {
				t.Errorf("%s priced %v to %v", l.Item, l.Low, l.High)
			}
		}
	}
	reason := "a Capacity Block is billed as a reservation fee paid up front when it is bought (its price moves with supply and demand) plus an operating-system fee, not at the on-demand rate"
	if want := []string{"node group cb: 2 x m5.large CAPACITY_BLOCK: " + reason,
		"node group lt: 1 x the launch template's instance type CAPACITY_BLOCK: " + reason}; !slices.Equal(got, want) || e.Complete {
		t.Errorf("instances %q, complete %v, want %q", got, e.Complete, want)
	}
	// its disks are its launch template's, which EKS requires: unknown
	for _, l := range e.Lines {
		if strings.HasSuffix(l.Key, ": disks") && (l.Unknown == "" || l.Low != 0 || l.High != 0) {
			t.Errorf("%s: %+v, want unknown", l.Item, l)
		}
	}
}

// TestOnDemandTypes: an on-demand group of several instance types can run
// any of them (EKS launches the first and falls back to the next when it
// lacks capacity), so it is priced from its nodes at the cheapest listed
// type to its nodes at the dearest, whatever the order: 2 nodes of
// m5.large ($0.096) or t3.micro ($0.0104). A type without a price makes
// the line unknown, as for spot.
func TestOnDemandTypes(t *testing.T) {
	for _, types := range []string{`["m5.large","t3.micro"]`, `["t3.micro","m5.large"]`} {
		e := Of(parse(t, `{"name":"xx"}`, `{"a":{"instanceTypes":`+types+`,"desiredSize":2,"maxSize":3}}`), "us-east-1", day)
		l := e.Lines[1]
		if l.Key != "node group a: instances" || !strings.HasPrefix(l.Item, "node group a: 2 x ") || !strings.HasSuffix(l.Item, " ON_DEMAND") ||
			!near(l.Low, 2*0.0104*730) || !near(l.High, 2*0.096*730) || l.Unknown != "" {
			t.Errorf("%s: %+v, want %.2f to %.2f", types, l, 2*0.0104*730, 2*0.096*730)
		}
	}
	e := Of(parse(t, `{"name":"xx"}`, `{"a":{"amiType":"AL2023_ARM_64_STANDARD","instanceTypes":["m6g.large","x2gd.large"]}}`), "us-east-1", day)
	if l := e.Lines[1]; l.Item != "node group a: 1 x m6g.large, x2gd.large ON_DEMAND" || l.Unknown != "no price for x2gd.large in us-east-1" || l.High != 0 {
		t.Errorf("a type without a price: %+v", l)
	}
}

// TestKMSRotation: a created key always rotates (yearly), and AWS KMS
// charges $1 a month for the key and $1 more for each of its first two
// rotations: $1 to $3. A plan saved before lines had keys, whose key line
// was "KMS key for secrets" at $1, is paired with it: the change is $0 to
// $2, nothing left out.
func TestKMSRotation(t *testing.T) {
	e := Of(parse(t, `{"name":"xx","addons":{},"encryption":{"create":true}}`, `{}`), "us-east-1", day)
	if l := e.Lines[1]; l.Key != "KMS key" || l.Item != "KMS key for secrets, rotated yearly" || l.Low != 1 || l.High != 3 || l.Unknown != "" {
		t.Errorf("key %+v, want $1 to $3", l)
	}
	old := e
	old.Lines = []Line{{Item: "control plane, 1.35 standard support", Low: 73, High: 73}, {Item: "KMS key for secrets", Low: 1, High: 1}}
	if c := Compare(old, e); c.Low != 0 || c.High != 2 || len(c.LeftOut) != 0 || !c.Known {
		t.Errorf("from a plan without keys: %+v, want +$0 to +$2", c)
	}
	if e := Of(parse(t, `{"name":"xx","addons":{},"encryption":{"keyArn":"arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"}}`, `{}`), "us-east-1", day); len(e.Lines) != 1 {
		t.Errorf("a given key is counted: %+v", e.Lines)
	}
}

// TestPublicIPv4: nodes in the default VPC's default subnets (vpcId unset,
// no subnets or launch template of the group's own) each have a public
// IPv4 address, $0.005 an hour: 1 to 4 autoscaled nodes are $3.65 to
// $14.60. Elsewhere whether the subnets assign addresses is not known
// offline, and the addresses are named as not estimated, with the rate,
// and their keys listed as not counted.
func TestPublicIPv4(t *testing.T) {
	const vpc = `"vpcId":"vpc-0a1b2c3d4e5f60718","subnetIds":["subnet-0a1b2c3d4e5f60711","subnet-0a1b2c3d4e5f60712"]`
	const group = `"instanceTypes":["t3.micro"],"minSize":1,"desiredSize":2,"maxSize":4,"autoscalerOwnsDesiredSize":true`
	notEstimated := "public IPv4 addresses of nodes in subnets that assign them, $0.005 an hour ($3.65 a month) each " +
		"(known offline only for the default VPC's default subnets)"
	for _, tc := range []struct {
		name, cluster, groups string
		lines                 []string // the addresses' lines
		named                 bool     // as not estimated
		uncounted             []string // their keys, where not counted
	}{
		{"default VPC", `{"name":"xx"}`, `{"a":{` + group + `}}`,
			[]string{"node group a: 1 to 4 (autoscaled) x public IPv4 address (default subnets): 3.65 to 14.60"}, false, []string{}},
		{"a VPC of its own", `{"name":"xx",` + vpc + `}`, `{"a":{` + group + `},"b":{"instanceTypes":["t3.micro"]}}`, nil, true,
			[]string{"node group a: public IPv4", "node group b: public IPv4"}},
		{"default VPC, a group's own subnets", `{"name":"xx"}`, `{"a":{` + group + `},"b":{"instanceTypes":["t3.micro"],"subnetIds":["subnet-0a1b2c3d4e5f60719"]}}`,
			[]string{"node group a: 1 to 4 (autoscaled) x public IPv4 address (default subnets): 3.65 to 14.60"}, true, []string{"node group b: public IPv4"}},
		{"default VPC, a launch template", `{"name":"xx"}`, `{"lt":{"launchTemplate":{"name":"nodes-lt","version":"1"}}}`, nil, true,
			[]string{"node group lt: public IPv4"}},
		{"no node group", `{"name":"xx","addons":{}}`, `{}`, nil, false, []string{}},
	} {
		e := Of(parse(t, tc.cluster, tc.groups), "us-east-1", day)
		var lines []string
		for _, l := range e.Lines {
			if strings.HasSuffix(l.Key, ": public IPv4") {
				lines = append(lines, fmt.Sprintf("%s: %.2f to %.2f%s", l.Item, l.Low, l.High, l.Unknown))
			}
		}
		if !slices.Equal(lines, tc.lines) || slices.Contains(e.NotEstimated, notEstimated) != tc.named {
			t.Errorf("%s: lines %q, not estimated %q; want lines %q, named %v", tc.name, lines, e.NotEstimated, tc.lines, tc.named)
		}
		if e.Uncounted == nil || !slices.Equal(e.Uncounted, tc.uncounted) {
			t.Errorf("%s: uncounted %#v, want %q", tc.name, e.Uncounted, tc.uncounted)
		}
	}
}
