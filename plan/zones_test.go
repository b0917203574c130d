package plan_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/plan"
)

// lookUp runs a program that calls getAvailabilityZones and getSubnets
// with those arguments in a stack of that region, and returns their
// answers.
func lookUp(t *testing.T, region string, cloud *plan.Cloud, zonesArgs *aws.GetAvailabilityZonesArgs,
	subnetsArgs *ec2.GetSubnetsArgs) (*aws.GetAvailabilityZonesResult, *ec2.GetSubnetsResult, *plan.Graph, error) {
	t.Helper()
	var zones *aws.GetAvailabilityZonesResult
	var subnets *ec2.GetSubnetsResult
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		var err error
		if zones, err = aws.GetAvailabilityZones(ctx, zonesArgs); err != nil {
			return err
		}
		subnets, err = ec2.GetSubnets(ctx, subnetsArgs)
		return err
	}, plan.Options{Project: "p", Stack: "s", Preview: true, Cloud: cloud, Config: map[string]string{"aws:region": region}})
	return zones, subnets, g, err
}

// TestOfflineZones: getAvailabilityZones answers a region's zones, by
// name, with IDs of that region, less those the arguments leave out; a
// region not in the table gets placeholder zones that say so.
func TestOfflineZones(t *testing.T) {
	for _, tc := range []struct {
		name, region string
		args         *aws.GetAvailabilityZonesArgs
		names, ids   []string
		note         string
	}{
		{"us-east-1", "us-east-1", nil,
			[]string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"},
			[]string{"use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"}, "offline zones of us-east-1, 6 of 6 kept"},
		{"an excluded ID", "us-east-1", &aws.GetAvailabilityZonesArgs{ExcludeZoneIds: []string{"use1-az3", "usw1-az2"}},
			[]string{"us-east-1a", "us-east-1b", "us-east-1d", "us-east-1e", "us-east-1f"},
			[]string{"use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"}, "offline zones of us-east-1, 5 of 6 kept"},
		{"an excluded name and a state", "eu-west-1", &aws.GetAvailabilityZonesArgs{ExcludeNames: []string{"eu-west-1b"}, State: pulumi.StringRef("available")},
			[]string{"eu-west-1a", "eu-west-1c"}, []string{"euw1-az1", "euw1-az3"}, "offline zones of eu-west-1, 2 of 3 kept"},
		{"another state", "eu-west-1", &aws.GetAvailabilityZonesArgs{State: pulumi.StringRef("impaired")}, []string{}, []string{}, "0 of 3 kept"},
		{"filters", "ca-central-1", &aws.GetAvailabilityZonesArgs{Filters: []aws.GetAvailabilityZonesFilter{
			{Name: "zone-id", Values: []string{"cac1-az*"}}, {Name: "zone-name", Values: []string{"ca-central-1a", "ca-central-1d"}}}},
			[]string{"ca-central-1a", "ca-central-1d"}, []string{"cac1-az1", "cac1-az4"}, "2 of 4 kept"},
		{"a zone letter skipped", "cn-north-1", nil, []string{"cn-north-1a", "cn-north-1b", "cn-north-1d"},
			[]string{"cnn1-az1", "cnn1-az2", "cnn1-az4"}, "offline zones of cn-north-1"},
		{"a region not in the table", "us-east-9", nil, []string{"us-east-9a", "us-east-9b", "us-east-9c"},
			[]string{"us-east-9-az1", "us-east-9-az2", "us-east-9-az3"}, "placeholder zones: us-east-9 is not in the offline zone table"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			zones, _, g, err := lookUp(t, tc.region, nil, tc.args, nil)
			if err != nil {
				t.Fatal(err)
			}
			if zones.Id != tc.region || !reflect.DeepEqual(zones.Names, tc.names) || !reflect.DeepEqual(zones.ZoneIds, tc.ids) {
				t.Errorf("zones %s %q %q, want %s %q %q", zones.Id, zones.Names, zones.ZoneIds, tc.region, tc.names, tc.ids)
			}
			if note := g.Invokes[0].Note; !strings.Contains(note, tc.note) || !strings.HasSuffix(note, "; the real ones are looked up at deploy time") {
				t.Errorf("note %q, want it to say %q", note, tc.note)
			}
		})
	}
}

// TestOfflineSubnets: getSubnets answers the default VPC's default
// subnets, one per zone of the region, that match its filters.
func TestOfflineSubnets(t *testing.T) {
	vpc := plan.DefaultCloud().DefaultVPCID
	inZones := func(ids ...string) *ec2.GetSubnetsArgs {
		return &ec2.GetSubnetsArgs{Filters: []ec2.GetSubnetsFilter{{Name: "vpc-id", Values: []string{vpc}},
			{Name: "default-for-az", Values: []string{"true"}}, {Name: "availability-zone-id", Values: ids}}}
	}
	for _, tc := range []struct {
		name, region string
		cloud        *plan.Cloud
		args         *ec2.GetSubnetsArgs
		ids          []string
		note         string
	}{
		{"every default subnet", "us-east-1", nil, nil,
			[]string{"subnet-0default0000000a", "subnet-0default0000000b", "subnet-0default0000000c",
				"subnet-0default0000000d", "subnet-0default0000000e", "subnet-0default0000000f"},
			"offline default subnets, 6 of 6 match (us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f)"},
		{"by zone ID", "us-east-1", nil, inZones("use1-az1", "use1-az4"),
			[]string{"subnet-0default0000000a", "subnet-0default0000000d"}, "2 of 6 match (us-east-1a, us-east-1d)"},
		{"by zone name, with a wildcard", "eu-west-1", nil,
			&ec2.GetSubnetsArgs{Filters: []ec2.GetSubnetsFilter{{Name: "availability-zone", Values: []string{"eu-west-1?", "x"}}, {Name: "state", Values: []string{"available"}}}},
			[]string{"subnet-0default0000000a", "subnet-0default0000000b", "subnet-0default0000000c"}, "3 of 3 match"},
		{"another VPC", "us-east-1", nil, &ec2.GetSubnetsArgs{Filters: []ec2.GetSubnetsFilter{{Name: "vpc-id", Values: []string{"vpc-0other"}}}},
			[]string{}, "0 of 6 match;"},
		{"tags", "us-east-1", nil, &ec2.GetSubnetsArgs{Tags: map[string]string{"tier": "private"}}, []string{}, "0 of 6 match;"},
		// Cloud.DefaultSubnetIDs: the i-th in the i-th zone
		{"given subnets", "us-east-1", &plan.Cloud{DefaultVPCID: vpc, DefaultSubnetIDs: []string{"subnet-1", "subnet-2", "subnet-3"}},
			inZones("use1-az2", "use1-az3", "use1-az4"), []string{"subnet-2", "subnet-3"}, "2 of 3 match (us-east-1b, us-east-1c)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, subnets, g, err := lookUp(t, tc.region, tc.cloud, nil, tc.args)
			if err != nil {
				t.Fatal(err)
			}
			if subnets.Id != tc.region || !reflect.DeepEqual(subnets.Ids, tc.ids) {
				t.Errorf("subnets %s %q, want %s %q", subnets.Id, subnets.Ids, tc.region, tc.ids)
			}
			if note := g.Invokes[1].Note; !strings.Contains(note, tc.note) {
				t.Errorf("note %q, want it to say %q", note, tc.note)
			}
		})
	}
}

// TestAnswers: a look-up the offline account does not know fails, saying
// how to answer it, and the default VPC is answered however it is asked;
// Options.Answers answers the program's look-ups before the offline
// account does, given the provider's region and partition, and the plan
// records their answers.
func TestAnswers(t *testing.T) {
	const shared = "vpc-0123456789abcdef0"
	var vpc *ec2.LookupVpcResult
	program := func(ctx *pulumi.Context) error {
		var err error
		vpc, err = ec2.LookupVpc(ctx, &ec2.LookupVpcArgs{Id: pulumi.StringRef(shared)})
		return err
	}
	for _, args := range []*ec2.LookupVpcArgs{{Id: pulumi.StringRef(shared)}, {Tags: map[string]string{"Name": "shared"}},
		{Default: pulumi.BoolRef(true), Tags: map[string]string{"Name": "shared"}}} {
		_, err := plan.Run(func(ctx *pulumi.Context) error {
			_, err := ec2.LookupVpc(ctx, args)
			return err
		}, plan.Options{Project: "p", Stack: "s"})
		if err == nil || !strings.Contains(err.Error(), "offline getVpc: ") ||
			!strings.Contains(err.Error(), "the offline account has its default VPC only, asked by default: true, its id vpc-0default00000000 or state: available") ||
			!strings.Contains(err.Error(), "(answer another look-up with Options.Answers)") {
			t.Errorf("%+v: %v, want the look-up refused, saying how to answer it", args, err)
		}
	}
	// the default VPC, asked in the ways AWS answers it
	for _, args := range []*ec2.LookupVpcArgs{{}, {State: pulumi.StringRef("available")}, {Filters: []ec2.GetVpcFilter{}}, {Tags: map[string]string{}},
		{Default: pulumi.BoolRef(true), Id: pulumi.StringRef(plan.DefaultCloud().DefaultVPCID)}} {
		if _, err := plan.Run(func(ctx *pulumi.Context) error {
			_, err := ec2.LookupVpc(ctx, args)
			return err
		}, plan.Options{Project: "p", Stack: "s"}); err != nil {
			t.Errorf("%+v: %v, want the default VPC", args, err)
		}
	}
	answers := map[string]plan.Answer{"aws:ec2/getVpc:getVpc": func(call plan.Lookup) (resource.PropertyMap, error) {
		if id := call.Args["id"].StringValue(); id != shared || call.Region != "us-east-1" || call.Partition != "aws" {
			return nil, fmt.Errorf("no VPC %s in %s (%s)", id, call.Region, call.Partition)
		}
		return resource.NewPropertyMapFromMap(map[string]any{"id": shared, "cidrBlock": "10.0.0.0/16", "default": false}), nil
	}}
	g, err := plan.Run(program, plan.Options{Project: "p", Stack: "s", Answers: answers})
	if err != nil {
		t.Fatal(err)
	}
	if vpc.Id != shared || vpc.CidrBlock != "10.0.0.0/16" || vpc.Default {
		t.Errorf("answer %+v, want the shared VPC", vpc)
	}
	if len(g.Invokes) != 1 || g.Invokes[0].Note != "answered by Options.Answers" || g.Invokes[0].Answer["cidrBlock"] != "10.0.0.0/16" {
		t.Errorf("invokes %+v, want the answer recorded", g.Invokes)
	}
	_, err = plan.Run(func(ctx *pulumi.Context) error {
		_, err := ec2.LookupVpc(ctx, &ec2.LookupVpcArgs{Id: pulumi.StringRef("vpc-0fffffffffffffff0")})
		return err
	}, plan.Options{Project: "p", Stack: "s", Answers: answers})
	if err == nil || !strings.Contains(err.Error(), "aws:ec2/getVpc:getVpc (Options.Answers): no VPC vpc-0fffffffffffffff0 in us-east-1 (aws)") {
		t.Errorf("an answer's error: %v", err)
	}
}

// TestOfflineLookUpErrors: a filter the offline answer cannot honour, and
// more default subnets than zones, fail the look-up instead of answering
// what AWS would not.
func TestOfflineLookUpErrors(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cloud       *plan.Cloud
		zonesArgs   *aws.GetAvailabilityZonesArgs
		subnetsArgs *ec2.GetSubnetsArgs
		want        string
	}{
		{"an unknown zone filter", nil, &aws.GetAvailabilityZonesArgs{Filters: []aws.GetAvailabilityZonesFilter{{Name: "message", Values: []string{"x"}}}}, nil,
			`offline getAvailabilityZones: filter "message": the offline answer knows only opt-in-status, region-name, state, zone-id, zone-name, zone-type`},
		{"an unknown subnet filter", nil, nil, &ec2.GetSubnetsArgs{Filters: []ec2.GetSubnetsFilter{{Name: "cidr-block", Values: []string{"172.31.0.0/20"}}}},
			`offline getSubnets: filter "cidr-block": the offline answer knows only availability-zone, availability-zone-id, default-for-az, state, subnet-id, vpc-id`},
		{"more subnets than zones", &plan.Cloud{DefaultSubnetIDs: []string{"subnet-1", "subnet-2", "subnet-3", "subnet-4"}}, nil, nil,
			"offline getSubnets: Cloud.DefaultSubnetIDs: 4 default subnets for the 3 zones of eu-west-1: a default VPC has one in each zone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := lookUp(t, "eu-west-1", tc.cloud, tc.zonesArgs, tc.subnetsArgs)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
