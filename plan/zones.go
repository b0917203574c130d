package plan

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ekskit/ekskit/components/spec"
)

// zoneIDs are the Availability Zone IDs of each region, as the offline
// account sees them: every zone the sources name, where a real account
// may see fewer (newer accounts get two of us-west-1's three; cac1-az3 is
// a constrained zone that only older accounts have). Checked 2026-11
// against AWS's list ("AWS Availability Zones", AWS Regions and
// Availability Zones guide), which leaves out China and GovCloud and
// cac1-az3; cac1-az3 is in the EKS user guide's subnet requirements,
// cnn1-az4 in eksctl's issues #3916 and #5783, cnw1 and the GovCloud IDs
// in the MemoryDB and EMR Serverless guides' zone lists.
var zoneIDs = map[string][]string{
	"af-south-1":     {"afs1-az1", "afs1-az2", "afs1-az3"},
	"ap-east-1":      {"ape1-az1", "ape1-az2", "ape1-az3"},
	"ap-east-2":      {"ape2-az1", "ape2-az2", "ape2-az3"},
	"ap-northeast-1": {"apne1-az1", "apne1-az2", "apne1-az3", "apne1-az4"},
	"ap-northeast-2": {"apne2-az1", "apne2-az2", "apne2-az3", "apne2-az4"},
	"ap-northeast-3": {"apne3-az1", "apne3-az2", "apne3-az3"},
	"ap-south-1":     {"aps1-az1", "aps1-az2", "aps1-az3"},
	"ap-south-2":     {"aps2-az1", "aps2-az2", "aps2-az3"},
	"ap-southeast-1": {"apse1-az1", "apse1-az2", "apse1-az3"},
	"ap-southeast-2": {"apse2-az1", "apse2-az2", "apse2-az3"},
	"ap-southeast-3": {"apse3-az1", "apse3-az2", "apse3-az3"},
	"ap-southeast-4": {"apse4-az1", "apse4-az2", "apse4-az3"},
	"ap-southeast-5": {"apse5-az1", "apse5-az2", "apse5-az3"},
	"ap-southeast-6": {"apse6-az1", "apse6-az2", "apse6-az3"},
	"ap-southeast-7": {"apse7-az1", "apse7-az2", "apse7-az3"},
	"ca-central-1":   {"cac1-az1", "cac1-az2", "cac1-az3", "cac1-az4"},
	"ca-west-1":      {"caw1-az1", "caw1-az2", "caw1-az3"},
	"cn-north-1":     {"cnn1-az1", "cnn1-az2", "cnn1-az4"},
	"cn-northwest-1": {"cnw1-az1", "cnw1-az2", "cnw1-az3"},
	"eu-central-1":   {"euc1-az1", "euc1-az2", "euc1-az3"},
	"eu-central-2":   {"euc2-az1", "euc2-az2", "euc2-az3"},
	"eu-north-1":     {"eun1-az1", "eun1-az2", "eun1-az3"},
	"eu-south-1":     {"eus1-az1", "eus1-az2", "eus1-az3"},
	"eu-south-2":     {"eus2-az1", "eus2-az2", "eus2-az3"},
	"eu-west-1":      {"euw1-az1", "euw1-az2", "euw1-az3"},
	"eu-west-2":      {"euw2-az1", "euw2-az2", "euw2-az3", "euw2-az4"},
	"eu-west-3":      {"euw3-az1", "euw3-az2", "euw3-az3"},
	"il-central-1":   {"ilc1-az1", "ilc1-az2", "ilc1-az3"},
	"me-central-1":   {"mec1-az1", "mec1-az2", "mec1-az3"},
	"me-south-1":     {"mes1-az1", "mes1-az2", "mes1-az3"},
	"mx-central-1":   {"mxc1-az1", "mxc1-az2", "mxc1-az3"},
	"sa-east-1":      {"sae1-az1", "sae1-az2", "sae1-az3"},
	"us-east-1":      {"use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"},
	"us-east-2":      {"use2-az1", "use2-az2", "use2-az3"},
	"us-gov-east-1":  {"usge1-az1", "usge1-az2", "usge1-az3"},
	"us-gov-west-1":  {"usgw1-az1", "usgw1-az2", "usgw1-az3"},
	"us-west-1":      {"usw1-az1", "usw1-az2", "usw1-az3"},
	"us-west-2":      {"usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"},
}

// zone is an offline Availability Zone.
type zone struct{ name, id string }

// reZoneNumber is the number that ends an AZ ID (use1-az3).
var reZoneNumber = regexp.MustCompile(`-az([1-9])$`)

// zonesOf returns the offline zones of a region, sorted by name (as
// pulumi-aws's getAvailabilityZones answers), and whether the region is
// in [zoneIDs]. The zone of ID ...-azN is named with the region and the
// N-th letter (use1-az3 is us-east-1c): AWS's mapping in the regions that
// map names uniformly (its example: us-east-2a is use2-az1); in its
// oldest regions an account created before November 2025 has its own. A
// region not in the table gets three placeholder zones, <region>a to
// <region>c, with IDs <region>-az1 to <region>-az3.
func zonesOf(region string) ([]zone, bool) {
	ids, known := zoneIDs[region]
	if !known {
		ids = []string{region + "-az1", region + "-az2", region + "-az3"}
	}
	out := make([]zone, len(ids))
	for i, id := range ids {
		n, _ := strconv.Atoi(reZoneNumber.FindStringSubmatch(id)[1])
		out[i] = zone{name: region + string(rune('a'+n-1)), id: id}
	}
	slices.SortFunc(out, func(a, b zone) int { return strings.Compare(a.name, b.name) })
	return out, known
}

// subnet is an offline default subnet of the default VPC.
type subnet struct {
	id, vpc string
	zone    zone
}

// defaultSubnets returns the default VPC's default subnets in a region:
// Cloud.DefaultSubnetIDs, the i-th in the i-th of its zones ([zonesOf]),
// or, when that is nil, one in every zone, named
// subnet-0default0000000<the zone's letter>. More subnets than zones is an
// error: a default VPC has one default subnet per zone.
func (c Cloud) defaultSubnets(region string) ([]subnet, error) {
	zones, _ := zonesOf(region)
	ids := c.DefaultSubnetIDs
	if ids == nil {
		for _, z := range zones {
			ids = append(ids, "subnet-0default0000000"+z.name[len(region):])
		}
	}
	if len(ids) > len(zones) {
		return nil, fmt.Errorf("Cloud.DefaultSubnetIDs: %d default subnets for the %d zones of %s: a default VPC has one in each zone",
			len(ids), len(zones), region)
	}
	out := make([]subnet, len(ids))
	for i, id := range ids {
		out[i] = subnet{id: id, vpc: c.DefaultVPCID, zone: zones[i]}
	}
	return out, nil
}

// filter is an EC2 filter of a data source: an item matches when its
// attribute name matches one of the values, in which * stands for any
// characters and ? for one (patterns, one a value).
type filter struct {
	name     string
	patterns []*regexp.Regexp
}

func newFilter(name string, values []string) filter {
	f := filter{name: name}
	wildcards := strings.NewReplacer(`\*`, ".*", `\?`, ".")
	for _, v := range values {
		f.patterns = append(f.patterns, regexp.MustCompile("^"+wildcards.Replace(regexp.QuoteMeta(v))+"$"))
	}
	return f
}

func (f filter) match(value string) bool {
	return slices.ContainsFunc(f.patterns, func(p *regexp.Regexp) bool { return p.MatchString(value) })
}

// filters reads a data source's filters argument ([{name, values}]).
func filters(args map[string]any) []filter {
	list, _ := args["filters"].([]any)
	out := make([]filter, 0, len(list))
	for _, item := range list {
		obj, _ := item.(map[string]any)
		name, _ := obj["name"].(string)
		out = append(out, newFilter(name, stringList(obj["values"])))
	}
	return out
}

func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, item := range list {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// matchAll reports whether an item with those attributes passes every
// filter; a filter on an attribute the item lacks is an error naming the
// ones it has.
func matchAll(fs []filter, attrs map[string]string) (bool, error) {
	ok := true
	for _, f := range fs {
		value, known := attrs[f.name]
		if !known {
			return false, fmt.Errorf("filter %q: the offline answer knows only %s (answer other look-ups with Options.Answers)",
				f.name, strings.Join(slices.Sorted(maps.Keys(attrs)), ", "))
		}
		ok = ok && f.match(value)
	}
	return ok, nil
}

// availabilityZones answers aws:index/getAvailabilityZones in a region:
// its offline zones less those excluded by name or ID (excludeNames,
// excludeZoneIds), and those not matching state or the filters. Every
// offline zone is an available Availability Zone that needs no opt-in
// (allAvailabilityZones adds no Local Zone).
func availabilityZones(region string, args map[string]any) (map[string]any, string, error) {
	zones, known := zonesOf(region)
	fs := filters(args)
	if state, ok := args["state"].(string); ok && state != "" {
		fs = append(fs, newFilter("state", []string{state}))
	}
	excludeNames, excludeIDs := stringList(args["excludeNames"]), stringList(args["excludeZoneIds"])
	names, ids := []any{}, []any{}
	for _, z := range zones {
		if slices.Contains(excludeNames, z.name) || slices.Contains(excludeIDs, z.id) {
			continue
		}
		ok, err := matchAll(fs, map[string]string{"zone-name": z.name, "zone-id": z.id, "region-name": region,
			"state": "available", "zone-type": "availability-zone", "opt-in-status": "opt-in-not-required"})
		if err != nil {
			return nil, "", err
		}
		if ok {
			names, ids = append(names, z.name), append(ids, z.id)
		}
	}
	answer := map[string]any{"id": region, "names": names, "zoneIds": ids}
	note := fmt.Sprintf("offline zones of %s, %d of %d kept (here %s is %s; an account may map names to IDs its own way)",
		region, len(names), len(zones), zones[0].name, zones[0].id)
	if !known {
		note = fmt.Sprintf("placeholder zones: %s is not in the offline zone table", region)
	}
	return answer, note + "; the real ones are looked up at deploy time", nil
}

// subnets answers aws:ec2/getSubnets in a region: the default VPC's
// default subnets ([Cloud.defaultSubnets]) that match the filters and the
// tags (the offline subnets have none).
func (c Cloud) subnets(region string, args map[string]any) (map[string]any, string, error) {
	all, err := c.defaultSubnets(region)
	if err != nil {
		return nil, "", err
	}
	tags, _ := args["tags"].(map[string]any)
	fs := filters(args)
	ids, zones := []any{}, []string{}
	for _, s := range all {
		ok, err := matchAll(fs, map[string]string{"subnet-id": s.id, "vpc-id": s.vpc, "default-for-az": "true",
			"availability-zone": s.zone.name, "availability-zone-id": s.zone.id, "state": "available"})
		if err != nil {
			return nil, "", err
		}
		if ok && len(tags) == 0 {
			ids, zones = append(ids, s.id), append(zones, s.zone.name)
		}
	}
	in := ""
	if len(zones) > 0 {
		in = " (" + strings.Join(zones, ", ") + ")"
	}
	return map[string]any{"id": region, "ids": ids},
		fmt.Sprintf("offline default subnets, %d of %d match%s; the real ones are looked up at deploy time", len(ids), len(all), in), nil
}

// DefaultVPCZoneIDs are the Availability Zone IDs, sorted by zone name, of
// the subnets a cluster in the default VPC (cluster.vpcId unset) runs in,
// as [Run] answers its look-ups in region with this Cloud: the default
// subnets (one a zone) in the zones EKS takes for a control plane (all
// but [spec.ControlPlaneExcludedZoneIDs]), which its node groups without
// subnets of their own share. The rules read them (rules.Input); a real
// account may have fewer zones than the offline one.
func (c Cloud) DefaultVPCZoneIDs(region string) ([]string, error) {
	subnets, err := c.withDefaults().defaultSubnets(region)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, s := range subnets {
		if !slices.Contains(spec.ControlPlaneExcludedZoneIDs, s.zone.id) {
			out = append(out, s.zone.id)
		}
	}
	return out, nil
}
