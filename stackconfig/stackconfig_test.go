package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ekskit/ekskit/components/spec"
)

// devFlat is a valid config shaped like the dev stack.
func devFlat() map[string]string {
	return map[string]string{
		"aws:region": "us-east-1",
		KeyCluster:   `{"name":"simple-bank","version":"1.35","endpointAccess":"public-and-private","publicAccessCidrs":["0.0.0.0/0"]}`,
		KeyRoles:     `{"clusterRoleName":"AWSEKSClusterRole","nodeRoleName":"AWSEKSNodeRole"}`,
		KeyNodeGroups: `{"simple-bank":{"instanceTypes":["t3.micro"],"diskSize":20,"minSize":1,"maxSize":2,` +
			`"desiredSize":1,"maxUnavailable":1}}`,
	}
}

// with returns devFlat with key's object changed at a dotted path.
func with(t *testing.T, key, path string, value any) map[string]string {
	t.Helper()
	return withFlat(t, devFlat(), key, path, value)
}

// withFlat returns a copy of flat with key's object changed at a dotted path.
func withFlat(t *testing.T, flat map[string]string, key, path string, value any) map[string]string {
	t.Helper()
	out := maps.Clone(flat)
	if err := SetPath(out, key+"."+path, value); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestParseDevDefaults(t *testing.T) {
	c, err := Parse(devFlat())
	if err != nil {
		t.Fatal(err)
	}
	ng := c.NodeGroups["simple-bank"]
	if ng.AMIType != spec.DefaultAMIType || ng.CapacityType != "ON_DEMAND" || *ng.DesiredSize != 1 || *ng.MaxUnavailable != 1 {
		t.Errorf("node group defaults: %+v", ng)
	}
	if got := slices.Sorted(maps.Keys(c.Cluster.Addons)); !slices.Equal(got, spec.DefaultAddons) {
		t.Errorf("default add-ons = %v, want %v", got, spec.DefaultAddons)
	}
	if c.Cluster.SupportType != "STANDARD" || *c.Cluster.LogRetentionDays != 90 {
		t.Errorf("cluster defaults: %+v", c.Cluster)
	}
}

func TestWithDefaultsDoesNotMutate(t *testing.T) {
	c, probs := Decode(devFlat())
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	c.Cluster.Addons = map[string]spec.Addon{"vpc-cni": {}}
	before, _ := json.Marshal(c)
	_ = c.WithDefaults()
	after, _ := json.Marshal(c)
	if string(before) != string(after) {
		t.Errorf("WithDefaults changed its receiver:\n%s\n%s", before, after)
	}
}

func TestScaleSteps(t *testing.T) {
	for _, step := range []map[string]any{
		{"desiredSize": 2},
		{"minSize": 0, "desiredSize": 0},
	} {
		flat := devFlat()
		for k, v := range step {
			flat = withFlat(t, flat, KeyNodeGroups, "simple-bank."+k, v)
		}
		if _, err := Parse(flat); err != nil {
			t.Errorf("step %v rejected: %v", step, err)
		}
	}
}

func TestRejects(t *testing.T) {
	ng := "simple-bank."
	tests := []struct {
		name      string
		flat      map[string]string
		wantPaths []string
	}{
		{"missing cluster", map[string]string{KeyRoles: `{}`}, []string{"ekskit:cluster"}},
		{"unknown top key", with(t, KeyCluster, "name", "ok") /* patched below */, nil},
		{"misspelled key", with(t, KeyCluster, "endpointAcess", "private"), []string{"ekskit:cluster.endpointAcess"}},
		{"wrong type", with(t, KeyNodeGroups, ng+"minSize", "one"), []string{"ekskit:nodeGroups.simple-bank.minSize"}},
		{"not json", map[string]string{KeyCluster: `{name: x`}, []string{"ekskit:cluster"}},
		{"name starts with a dash", with(t, KeyCluster, "name", "-a"), []string{"ekskit:cluster.name"}},
		{"name bad chars", with(t, KeyCluster, "name", "simple bank"), []string{"ekskit:cluster.name"}},
		{"name too long", with(t, KeyCluster, "name", strings.Repeat("a", 101)), []string{"ekskit:cluster.name"}},
		{"version unsupported", with(t, KeyCluster, "version", "1.20"), []string{"ekskit:cluster.version"}},
		{"version format", with(t, KeyCluster, "version", "v1.35"), []string{"ekskit:cluster.version"}},
		{"version past extended support", with(t, KeyCluster, "version", "1.31"), []string{"ekskit:cluster.version"}},
		{"vpc without subnets", with(t, KeyCluster, "vpcId", "vpc-0123456789abcdef0"), []string{"ekskit:cluster.vpcId"}},
		{"one subnet", withFlat(t, with(t, KeyCluster, "vpcId", "vpc-0123456789abcdef0"), KeyCluster, "subnetIds", []string{"subnet-0123456789abcdef0"}), []string{"ekskit:cluster.subnetIds"}},
		{"bad subnet id", withFlat(t, with(t, KeyCluster, "vpcId", "vpc-0123456789abcdef0"), KeyCluster, "subnetIds", []string{"subnet-0123456789abcdef0", "sub-1"}), []string{"ekskit:cluster.subnetIds[1]"}},
		{"four security groups", with(t, KeyCluster, "securityGroupIds", []string{"sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004"}), []string{"ekskit:cluster.securityGroupIds"}},
		{"endpoint mode", with(t, KeyCluster, "endpointAccess", "Public"), []string{"ekskit:cluster.endpointAccess"}},
		{"private with cidrs", with(t, KeyCluster, "endpointAccess", "private"), []string{"ekskit:cluster.publicAccessCidrs"}},
		{"cidr syntax", with(t, KeyCluster, "publicAccessCidrs", []string{"10.0.0.300/32"}), []string{"ekskit:cluster.publicAccessCidrs[0]"}},
		{"cidr host bits", with(t, KeyCluster, "publicAccessCidrs", []string{"54.240.193.130/24"}), []string{"ekskit:cluster.publicAccessCidrs[0]"}},
		{"public cidr private", with(t, KeyCluster, "publicAccessCidrs", []string{"192.168.10.0/24"}), []string{"ekskit:cluster.publicAccessCidrs[0]"}},
		{"public cidr documentation", with(t, KeyCluster, "publicAccessCidrs", []string{"54.240.193.130/32", "198.51.100.0/24"}),
			[]string{"ekskit:cluster.publicAccessCidrs[1]"}},
		{"service cidr public", with(t, KeyCluster, "serviceIpv4Cidr", "8.8.0.0/16"), []string{"ekskit:cluster.serviceIpv4Cidr"}},
		{"service cidr prefix", with(t, KeyCluster, "serviceIpv4Cidr", "10.0.0.0/8"), []string{"ekskit:cluster.serviceIpv4Cidr"}},
		{"log type", with(t, KeyCluster, "logging", []string{"api", "Audit"}), []string{"ekskit:cluster.logging[1]"}},
		{"log retention", with(t, KeyCluster, "logRetentionDays", 10), []string{"ekskit:cluster.logRetentionDays"}},
		{"log retention below 0", with(t, KeyCluster, "logRetentionDays", -1), []string{"ekskit:cluster.logRetentionDays"}},
		{"kms arn", with(t, KeyCluster, "encryption", map[string]any{"keyArn": "alias/eks"}), []string{"ekskit:cluster.encryption.keyArn"}},
		{"kms multi-Region id too short", with(t, KeyCluster, "encryption", map[string]any{"keyArn": "arn:aws:kms:us-east-1:123456789012:key/mrk-1234"}),
			[]string{"ekskit:cluster.encryption.keyArn"}},
		{"kms alias arn", with(t, KeyCluster, "encryption", map[string]any{"keyArn": "arn:aws:kms:us-east-1:123456789012:alias/my-key"}),
			[]string{"ekskit:cluster.encryption.keyArn"}},
		{"kms in another region", with(t, KeyCluster, "encryption", map[string]any{"keyArn": "arn:aws:kms:eu-west-1:123456789012:key/abcd"}),
			[]string{"ekskit:cluster.encryption.keyArn"}},
		{"exception twice", with(t, KeyPolicy, "exceptions", []map[string]string{{"rule": "EKS004", "reason": "a"}, {"rule": "EKS004", "reason": "b"}}),
			[]string{"ekskit:policy.exceptions[1].rule"}},
		{"kms both", with(t, KeyCluster, "encryption", map[string]any{"keyArn": "arn:aws:kms:us-east-1:123456789012:key/abcd", "create": true}), []string{"ekskit:cluster.encryption"}},
		{"admin arn", with(t, KeyCluster, "admins", []string{"platform-admins"}), []string{"ekskit:cluster.admins[0]"}},
		{"addon version", with(t, KeyCluster, "addons", map[string]any{"vpc-cni": map[string]any{"version": "1.8.0"}}), []string{"ekskit:cluster.addons.vpc-cni.version"}},
		{"addon version with a leading zero", with(t, KeyCluster, "addons", map[string]any{"vpc-cni": map[string]any{"version": "v1.19.02-eksbuild.1"}}),
			[]string{"ekskit:cluster.addons.vpc-cni.version"}},
		{"addon conflicts", with(t, KeyCluster, "addons", map[string]any{"vpc-cni": map[string]any{"resolveConflicts": "FORCE"}}), []string{"ekskit:cluster.addons.vpc-cni.resolveConflicts"}},
		{"addon config json", with(t, KeyCluster, "addons", map[string]any{"vpc-cni": map[string]any{"configurationValues": "env: {}"}}), []string{"ekskit:cluster.addons.vpc-cni.configurationValues"}},
		{"irsa on coredns", with(t, KeyCluster, "addons", map[string]any{"coredns": map[string]any{"irsa": true}}), []string{"ekskit:cluster.addons.coredns.irsa"}},
		{"a policy ARN without a name", with(t, KeyRoles, "nodePolicyArns", []string{"arn:aws:iam::111122223333:policy/team/"}),
			[]string{"ekskit:roles.nodePolicyArns[0]"}},
		{"an add-on policy in another partition", with(t, KeyCluster, "addons", map[string]any{"aws-ebs-csi-driver": map[string]any{"irsa": true,
			"policyArns": []string{"arn:aws-cn:iam::111122223333:policy/kms"}}}), []string{"ekskit:cluster.addons.aws-ebs-csi-driver.policyArns[0]"}},
		{"an add-on role over the quota", with(t, KeyCluster, "addons", map[string]any{"amazon-cloudwatch-observability": map[string]any{"irsa": true,
			"policyArns": numberedPolicies(9)}}), []string{"ekskit:cluster.addons.amazon-cloudwatch-observability.policyArns"}},
		{"irsa on the Mountpoint for S3 driver without its policy", with(t, KeyCluster, "addons", map[string]any{"aws-mountpoint-s3-csi-driver": map[string]any{"irsa": true}}),
			[]string{"ekskit:cluster.addons.aws-mountpoint-s3-csi-driver.policyArns"}},
		{"irsa on the FSx driver", with(t, KeyCluster, "addons", map[string]any{"aws-fsx-csi-driver": map[string]any{"irsa": true}}),
			[]string{"ekskit:cluster.addons.aws-fsx-csi-driver.irsa"}},
		{"coredns without nodes", withFlat(t, devFlat(), KeyNodeGroups, "simple-bank", nil), nil},
		{"support type", with(t, KeyCluster, "supportType", "LTS"), []string{"ekskit:cluster.supportType"}},
		{"tag prefix", with(t, KeyCluster, "tags", map[string]string{"aws:owner": "x"}), []string{"ekskit:cluster.tags.aws:owner"}},
		{"tag value with a backquote", with(t, KeyCluster, "tags", map[string]string{"owner": "`whoami`"}), []string{"ekskit:cluster.tags.owner"}},
		{"49 cluster tags", with(t, KeyCluster, "tags", numbered("t", 49)), []string{"ekskit:cluster.tags"}},
		{"role names differ in case only", withFlat(t, with(t, KeyRoles, "clusterRoleName", "EksRole"), KeyRoles, "nodeRoleName", "eksrole"), []string{"ekskit:roles.nodeRoleName"}},
		{"role name", with(t, KeyRoles, "clusterRoleName", "has space"), []string{"ekskit:roles.clusterRoleName"}},
		{"role path", with(t, KeyRoles, "path", "eks"), []string{"ekskit:roles.path"}},
		{"boundary", with(t, KeyRoles, "permissionsBoundary", "arn:aws:s3:::bucket"), []string{"ekskit:roles.permissionsBoundary"}},
		{"ng name", devFlat(), nil},
		{"ami type", with(t, KeyNodeGroups, ng+"amiType", "AL2023"), []string{"ekskit:nodeGroups.simple-bank.amiType"}},
		{"al2 on 1.35", with(t, KeyNodeGroups, ng+"amiType", "AL2_x86_64"), []string{"ekskit:nodeGroups.simple-bank.amiType"}},
		{"arm instance on x86 ami", with(t, KeyNodeGroups, ng+"instanceTypes", []string{"t4g.micro"}), []string{"ekskit:nodeGroups.simple-bank.instanceTypes[0]"}},
		{"bad instance type", with(t, KeyNodeGroups, ng+"instanceTypes", []string{"micro"}), []string{"ekskit:nodeGroups.simple-bank.instanceTypes[0]"}},
		{"A1 with AL2023", withFlat(t, with(t, KeyNodeGroups, ng+"amiType", "AL2023_ARM_64_STANDARD"), KeyNodeGroups, ng+"instanceTypes", []string{"t4g.small", "a1.large"}),
			[]string{"ekskit:nodeGroups.simple-bank.instanceTypes[1]"}},
		{"21 instance types", with(t, KeyNodeGroups, ng+"instanceTypes", manyTypes(21)), []string{"ekskit:nodeGroups.simple-bank.instanceTypes"}},
		{"capacity type", with(t, KeyNodeGroups, ng+"capacityType", "On-Demand"), []string{"ekskit:nodeGroups.simple-bank.capacityType"}},
		{"disk too small for al2023", with(t, KeyNodeGroups, ng+"diskSize", 10), []string{"ekskit:nodeGroups.simple-bank.diskSize"}},
		{"negative min", with(t, KeyNodeGroups, ng+"minSize", -1), []string{"ekskit:nodeGroups.simple-bank.minSize"}},
		{"max zero", withFlat(t, withFlat(t, with(t, KeyNodeGroups, ng+"maxSize", 0), KeyNodeGroups, ng+"minSize", 0), KeyNodeGroups, ng+"desiredSize", 0), []string{"ekskit:nodeGroups.simple-bank.maxSize"}},
		{"desired above max", with(t, KeyNodeGroups, ng+"desiredSize", 3), []string{"ekskit:nodeGroups.simple-bank.desiredSize"}},
		{"max above quota", with(t, KeyNodeGroups, ng+"maxSize", 451), []string{"ekskit:nodeGroups.simple-bank.maxSize"}},
		{"null in a list", with(t, KeyNodeGroups, ng+"instanceTypes", []any{"t3.micro", nil}), []string{"ekskit:nodeGroups.simple-bank.instanceTypes[1]"}},
		{"max above a raised quota", withFlat(t, with(t, KeyNodeGroups, ng+"maxSize", 1001), KeyCluster, "quotas.nodesPerGroup", 1000), []string{"ekskit:nodeGroups.simple-bank.maxSize"}},
		{"quota below AWS's", with(t, KeyCluster, "quotas", map[string]any{"nodeGroups": 29, "nodesPerGroup": 100}), []string{"ekskit:cluster.quotas.nodeGroups", "ekskit:cluster.quotas.nodesPerGroup"}},
		{"node groups above quota", manyGroups(t, 31, 0), []string{"ekskit:nodeGroups"}},
		{"node groups above a raised quota", manyGroups(t, 101, 100), []string{"ekskit:nodeGroups"}},
		{"both update forms", with(t, KeyNodeGroups, ng+"maxUnavailablePercentage", 50), []string{"ekskit:nodeGroups.simple-bank.maxUnavailable"}},
		{"maxUnavailable above max", with(t, KeyNodeGroups, ng+"maxUnavailable", 3), []string{"ekskit:nodeGroups.simple-bank.maxUnavailable"}},
		{"reserved label", with(t, KeyNodeGroups, ng+"labels", map[string]string{"kubernetes.io/role": "x"}), []string{`ekskit:nodeGroups.simple-bank.labels["kubernetes.io/role"]`}},
		{"long label value", with(t, KeyNodeGroups, ng+"labels", map[string]string{"tier": strings.Repeat("v", 64)}), []string{"ekskit:nodeGroups.simple-bank.labels.tier"}},
		{"empty label value", with(t, KeyNodeGroups, ng+"labels", map[string]string{"tier": ""}), []string{"ekskit:nodeGroups.simple-bank.labels.tier"}},
		{"label key of 64 with its prefix", with(t, KeyNodeGroups, ng+"labels", map[string]string{"example.com/" + strings.Repeat("k", 52): "x"}),
			[]string{`ekskit:nodeGroups.simple-bank.labels["example.com/` + strings.Repeat("k", 52) + `"]`}},
		{"taint key of 64 with its prefix", with(t, KeyNodeGroups, ng+"taints", []map[string]string{{"key": "example.com/" + strings.Repeat("k", 52), "effect": "NO_SCHEDULE"}}),
			[]string{"ekskit:nodeGroups.simple-bank.taints[0].key"}},
		{"taint effect", with(t, KeyNodeGroups, ng+"taints", []map[string]string{{"key": "spot", "effect": "NoSchedule"}}), []string{"ekskit:nodeGroups.simple-bank.taints[0].effect"}},
		{"taint key", with(t, KeyNodeGroups, ng+"taints", []map[string]string{{"effect": "NO_SCHEDULE"}}), []string{"ekskit:nodeGroups.simple-bank.taints[0].key"}},
		{"ssh without groups", with(t, KeyNodeGroups, ng+"remoteAccess", map[string]any{"sshKey": "me"}), []string{"ekskit:nodeGroups.simple-bank.remoteAccess.sourceSecurityGroupIds"}},
		{"launch template with disk", with(t, KeyNodeGroups, ng+"launchTemplate", map[string]any{"id": "lt-0123456789abcdef0", "version": "3"}), []string{"ekskit:nodeGroups.simple-bank.diskSize"}},
		{"launch template latest", withFlat(t, with(t, KeyNodeGroups, ng+"launchTemplate", map[string]any{"name": "nodes-lt", "version": "$Latest"}), KeyNodeGroups, ng+"diskSize", nil), []string{"ekskit:nodeGroups.simple-bank.launchTemplate.version"}},
		{"AMI type newer than pulumi-aws", with(t, KeyNodeGroups, ng+"amiType", "WINDOWS_CORE_2025_x86_64"), []string{"ekskit:nodeGroups.simple-bank.amiType"}},
		{"Windows group beside a Linux one", with(t, KeyNodeGroups, "win", map[string]any{"amiType": "WINDOWS_CORE_2022_x86_64"}), []string{"ekskit:nodeGroups.win.amiType"}},
		{"Windows group alone", with(t, KeyNodeGroups, "simple-bank.amiType", "WINDOWS_FULL_2019_x86_64"), []string{"ekskit:nodeGroups.simple-bank.amiType"}},
		{"launch template name short", withFlat(t, with(t, KeyNodeGroups, ng+"launchTemplate", map[string]any{"name": "lt", "version": "1"}), KeyNodeGroups, ng+"diskSize", nil),
			[]string{"ekskit:nodeGroups.simple-bank.launchTemplate.name"}},
		{"launch template name space", withFlat(t, with(t, KeyNodeGroups, ng+"launchTemplate", map[string]any{"name": "my template", "version": "1"}), KeyNodeGroups, ng+"diskSize", nil),
			[]string{"ekskit:nodeGroups.simple-bank.launchTemplate.name"}},
		{"launch template name long", withFlat(t, with(t, KeyNodeGroups, ng+"launchTemplate", map[string]any{"name": strings.Repeat("n", 126), "version": "1"}), KeyNodeGroups, ng+"diskSize", nil),
			[]string{"ekskit:nodeGroups.simple-bank.launchTemplate.name"}},
		{"launch template version past int64", withFlat(t, with(t, KeyNodeGroups, ng+"launchTemplate", map[string]any{"id": "lt-0123456789abcdef0", "version": "9223372036854775808"}), KeyNodeGroups, ng+"diskSize", nil),
			[]string{"ekskit:nodeGroups.simple-bank.launchTemplate.version"}},
		{"release with a custom AMI", withFlat(t, withFlat(t, with(t, KeyNodeGroups, ng+"amiType", "CUSTOM"), KeyNodeGroups, ng+"launchTemplate", map[string]any{"id": "lt-0123456789abcdef0", "version": "1"}),
			KeyNodeGroups, ng+"releaseVersion", "1.35.0-20251120"), []string{"ekskit:nodeGroups.simple-bank.releaseVersion"}},
		{"GPU AMI without instance types", withFlat(t, with(t, KeyNodeGroups, ng+"amiType", "AL2023_x86_64_NVIDIA"), KeyNodeGroups, ng+"instanceTypes", nil),
			[]string{"ekskit:nodeGroups.simple-bank.instanceTypes"}},
		{"release version latest", with(t, KeyNodeGroups, ng+"releaseVersion", "latest"), []string{"ekskit:nodeGroups.simple-bank.releaseVersion"}},
		{"release of another version", with(t, KeyNodeGroups, ng+"releaseVersion", "1.34.2-20251120"), []string{"ekskit:nodeGroups.simple-bank.releaseVersion"}},
		{"node version newer", with(t, KeyNodeGroups, ng+"version", "1.36"), []string{"ekskit:nodeGroups.simple-bank.version"}},
		{"cluster tag pulumi-eks loses", with(t, KeyCluster, "tags", map[string]string{"__proto__": "x"}), []string{"ekskit:cluster.tags.__proto__"}},
		{"ng tag too long", with(t, KeyNodeGroups, ng+"tags", map[string]string{"k": strings.Repeat("v", 257)}), []string{"ekskit:nodeGroups.simple-bank.tags.k"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flat := tt.flat
			switch tt.name {
			case "unknown top key":
				flat["ekskit:nodegroups"] = `{}`
				tt.wantPaths = []string{"ekskit:nodegroups"}
			case "coredns without nodes":
				flat[KeyNodeGroups] = `{}`
				tt.wantPaths = []string{"ekskit:cluster.addons.coredns"}
			case "ng name":
				flat[KeyNodeGroups] = `{"bad.name":{}}`
				tt.wantPaths = []string{`ekskit:nodeGroups["bad.name"]`}
			}
			_, err := Parse(flat)
			var probs spec.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Parse accepted it (err=%v)", err)
			}
			for _, want := range tt.wantPaths {
				found := false
				for _, p := range probs {
					found = found || string(p.Path) == want
				}
				if !found {
					t.Errorf("no problem at %s; got:\n%v", want, err)
				}
			}
		})
	}
}

// numbered is n tags (or labels) named prefix0, prefix1, ...
func numbered(prefix string, n int) map[string]string {
	out := map[string]string{}
	for i := range n {
		out[prefix+strconv.Itoa(i)] = "v"
	}
	return out
}

func manyTypes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "m5." + strings.Repeat("x", i+1) + "large"
	}
	return out
}

func TestProblemsAllAtOnce(t *testing.T) {
	flat := with(t, KeyCluster, "name", "x!")
	flat = withFlat(t, flat, KeyCluster, "version", "1.2")
	flat = withFlat(t, flat, KeyNodeGroups, "simple-bank.diskSize", 5)
	flat = withFlat(t, flat, KeyNodeGroups, "simple-bank.capacityType", "spot")
	_, err := Parse(flat)
	var probs spec.Problems
	if !errors.As(err, &probs) || len(probs) != 4 {
		t.Fatalf("want 4 problems, got %v", err)
	}
	for _, p := range probs {
		if p.Value == "" || p.Msg == "" {
			t.Errorf("problem without value or message: %+v", p)
		}
	}
}

func TestUnknownKeySuggestion(t *testing.T) {
	_, probs := Decode(with(t, KeyNodeGroups, "simple-bank.desiredsize", 2))
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, `did you mean "desiredSize"`) {
		t.Errorf("got %v", probs)
	}
}

// TestDecodeMessages: what a value that does not decode is told, in the
// words of the stack file.
func TestDecodeMessages(t *testing.T) {
	for name, tc := range map[string]struct {
		flat map[string]string
		want string
	}{
		"version past extended support": {with(t, KeyCluster, "version", "1.31"),
			`ekskit:cluster.version: "1.31": left extended support on 2026-11-26: EKS creates no such cluster and has upgraded those there were to 1.32`},
		// YAML turned an unquoted 1.30 into 1.3: the hint must not offer "1.3"
		"unquoted version": {with(t, KeyCluster, "version", json.Number("1.3")),
			`ekskit:cluster.version: 1.3: must be a string: YAML read a number; put the value in quotes as you mean it (unquoted, 1.30 reads as 1.3`},
		"unquoted yes": {with(t, KeyNodeGroups, "simple-bank.labels.spot", true),
			`ekskit:nodeGroups.simple-bank.labels.spot: true: must be a string: YAML read true or false; put the value in quotes ("true")`},
		// the add-on's configuration is JSON text, not a YAML object
		"configuration as YAML": {with(t, KeyCluster, "addons.coredns.configurationValues", map[string]any{"replicaCount": json.Number("3")}),
			`ekskit:cluster.addons.coredns.configurationValues: an object: must be a string, the add-on's configuration as JSON text: ` +
				`YAML read an object; write it in quotes, configurationValues: '{"replicaCount": 3}', or as a block after configurationValues: |`},
		"too large":        {with(t, KeyNodeGroups, "simple-bank.diskSize", json.Number("4294967297")), "diskSize: 4294967297: out of range: whole numbers here are -2147483648 to 2147483647"},
		"too large, float": {with(t, KeyNodeGroups, "simple-bank.desiredSize", json.Number("1e+23")), "desiredSize: 1e+23: out of range"},
		"not whole":        {with(t, KeyNodeGroups, "simple-bank.desiredSize", json.Number("1.5")), "desiredSize: 1.5: must be a whole number"},
		"a string, not an object": {map[string]string{KeyCluster: "just a string"},
			`ekskit:cluster: "just a string": must be an object (keys indented under ekskit:cluster)`},
		"nothing": {map[string]string{KeyCluster: `{"name":"demo"}`, KeyNodeGroups: ""},
			"ekskit:nodeGroups: nothing: must be an object"},
		"misspelt namespace": {map[string]string{KeyCluster: `{"name":"demo"}`, "eksit:policy": `{"production":true}`},
			`eksit:policy: unknown key (did you mean "ekskit:policy"?)`},
		"misspelt region": {map[string]string{KeyCluster: `{"name":"demo"}`, "aws:regoin": "eu-west-1"},
			`aws:regoin: unknown key (did you mean "aws:region"?)`},
		"misspelt default tags": {map[string]string{KeyCluster: `{"name":"demo"}`, "aws:defaultTag": `{"tags":{"a":"b"}}`},
			`aws:defaultTag: unknown key (did you mean "aws:defaultTags"?)`},
	} {
		_, err := Parse(tc.flat)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
	}
	// other namespaces' keys are theirs
	if _, err := Parse(map[string]string{KeyCluster: `{"name":"demo","addons":{}}`, "aws:profile": "ops", "kubernetes:context": "x", "eks:x": "y"}); err != nil {
		t.Errorf("other namespaces: %v", err)
	}
}

func TestWrongShapeIsDescribed(t *testing.T) {
	_, probs := Decode(with(t, KeyCluster, "name", map[string]any{"first": "x"}))
	if len(probs) != 1 || probs[0].Value != "an object" || probs[0].Msg != "must be a string" {
		t.Errorf("got %+v", probs)
	}
}

func TestNumericStrings(t *testing.T) {
	c, err := Parse(with(t, KeyNodeGroups, "simple-bank.desiredSize", "2"))
	if err != nil {
		t.Fatal(err)
	}
	if got := *c.NodeGroups["simple-bank"].DesiredSize; got != 2 {
		t.Errorf("desiredSize = %d, want 2", got)
	}
}

func FuzzDecode(f *testing.F) {
	for _, v := range devFlat() {
		f.Add(v, `{}`, `{"a":{"minSize":"x","taints":[{"key":1}]}}`)
	}
	f.Add(`{"name":null,"addons":{"x":null}}`, `[]`, `{"a":{"launchTemplate":{}}}`)
	f.Fuzz(func(t *testing.T, cluster, roles, groups string) {
		flat := map[string]string{KeyCluster: cluster, KeyRoles: roles, KeyNodeGroups: groups}
		c, err := Parse(flat)
		if err == nil && c.Cluster.Name == "" {
			t.Errorf("accepted a config without a cluster name")
		}
		var probs spec.Problems
		if err != nil && !errors.As(err, &probs) {
			t.Errorf("error is not Problems: %v", err)
		}
	})
}

// TestTypeAndRuleProblemsTogether: a value of the wrong type does not hide
// the rest of the config's problems, and is not reported twice.
func TestTypeAndRuleProblemsTogether(t *testing.T) {
	flat := with(t, KeyCluster, "version", 1.35)                          // wrong type
	flat = withFlat(t, flat, KeyNodeGroups, "simple-bank.minSize", -1)    // rule
	flat = withFlat(t, flat, KeyNodeGroups, "simple-bank.maxSize", "two") // wrong type
	flat = withFlat(t, flat, KeyCluster, "endpointAccess", "open")        // rule
	_, err := Parse(flat)
	var probs spec.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("got %v", err)
	}
	var paths []string
	for _, p := range probs {
		paths = append(paths, string(p.Path))
	}
	want := []string{KeyCluster + ".endpointAccess", KeyCluster + ".version",
		KeyNodeGroups + ".simple-bank.maxSize", KeyNodeGroups + ".simple-bank.minSize"}
	if !slices.Equal(paths, want) {
		t.Errorf("problems at %v, want %v:\n%v", paths, want, err)
	}
}

// manyGroups is the dev config with n more node groups, and a raised node-group
// quota unless quota is 0.
func manyGroups(t *testing.T, n, quota int) map[string]string {
	t.Helper()
	flat := devFlat()
	for i := range n {
		flat = withFlat(t, flat, KeyNodeGroups, fmt.Sprintf("g%03d", i), map[string]any{"instanceTypes": []string{"t3.micro"}})
	}
	if quota > 0 {
		flat = withFlat(t, flat, KeyCluster, "quotas.nodeGroups", quota)
	}
	return flat
}

func TestRaisedQuotas(t *testing.T) {
	flat := withFlat(t, manyGroups(t, 99, 100), KeyNodeGroups, "simple-bank.maxSize", 1000)
	flat = withFlat(t, flat, KeyCluster, "quotas.nodesPerGroup", 1000)
	if _, err := Parse(flat); err != nil {
		t.Errorf("100 groups, one of 1000 nodes, within raised quotas: %v", err)
	}
}

// TestNoConsequentialProblems: a key that does not decode is reported once,
// not again through the rules that its missing value then breaks.
func TestNoConsequentialProblems(t *testing.T) {
	for name, tc := range map[string]struct {
		flat map[string]string
		want []string
	}{
		"node groups not a map": { // coredns would "need a node group"
			map[string]string{KeyCluster: `{"name":"simple-bank"}`, KeyNodeGroups: `[1]`}, []string{KeyNodeGroups}},
		"a cluster that does not decode hides no node-group problem": { // maxSize's message names ekskit:cluster.quotas
			withFlat(t, map[string]string{KeyCluster: `{name: x`, KeyNodeGroups: devFlat()[KeyNodeGroups]}, KeyNodeGroups, "simple-bank.maxSize", 500),
			[]string{KeyCluster, KeyNodeGroups + ".simple-bank.maxSize"}},
		"a taint that is not an object": { // nor "key required", nor "listed twice"
			with(t, KeyNodeGroups, "simple-bank.taints", []any{"x", map[string]any{"key": "a", "effect": "NO_SCHEDULE"}}),
			[]string{KeyNodeGroups + ".simple-bank.taints[0]"}},
		"a null taint and an empty one": { // the empty one is not "listed twice"
			with(t, KeyNodeGroups, "simple-bank.taints", []any{nil, map[string]any{}}),
			[]string{KeyNodeGroups + ".simple-bank.taints[0]", KeyNodeGroups + ".simple-bank.taints[1].effect", KeyNodeGroups + ".simple-bank.taints[1].key"}},
		"maxSize 0": { // nor the default maxUnavailable of 1 "above maxSize"
			withFlat(t, withFlat(t, with(t, KeyNodeGroups, "simple-bank.maxSize", 0), KeyNodeGroups, "simple-bank.minSize", 0),
				KeyNodeGroups, "simple-bank.desiredSize", 0),
			[]string{KeyNodeGroups + ".simple-bank.maxSize"}},
		"too many cluster tags": { // nor a group without tags "with the cluster's"
			with(t, KeyCluster, "tags", numbered("t", 51)), []string{KeyCluster + ".tags"}},
	} {
		got, err := problemPaths(tc.flat)
		if got == nil {
			t.Fatalf("%s: accepted (%v)", name, err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: problems at %v, want only %v:\n%v", name, got, tc.want, err)
		}
	}
}

// TestDefaultTags: the aws provider's default tags count toward AWS's 50
// tags of each resource: 48 cluster tags fit on their own, not with two
// default tags (pulumi-eks's security groups get 52); a node group's tags
// likewise; a value that is not {tags: {...}} is a problem, and so is a
// default tag AWS or IAM would refuse (more than 50 is reported once, at
// the default tags).
func TestDefaultTags(t *testing.T) {
	defaults := `{"tags":{"team":"platform","env":"dev"}}`
	for _, tc := range []struct {
		name             string
		clusterTags, ngs int
		defaults         string
		want             []string
	}{
		{"cluster tags that fit alone", 48, 0, defaults, []string{KeyCluster + ".tags"}},
		// the cluster's problem is not reported again at its node group
		{"and a node group tag", 48, 1, defaults, []string{KeyCluster + ".tags"}},
		{"fewer cluster tags", 46, 0, defaults, nil},
		{"node group tags", 40, 9, defaults, []string{KeyNodeGroups + ".simple-bank.tags"}},
		{"a default tag the cluster has", 47, 0, `{"tags":{"t0":"v"}}`, nil},
		{"not an object of tags", 0, 0, `{"team":"platform"}`, []string{KeyDefaultTags + ".team"}},
		{"a tag that is not a string", 0, 0, `{"tags":{"cost":1}}`, []string{KeyDefaultTags + ".tags.cost"}},
		{"not an object", 0, 0, `[platform]`, []string{KeyDefaultTags}},
		// each key and value is held to AWS's rules, and to IAM's character
		// set: the aws provider tags the IAM roles and the log group too
		{"reserved, long and odd tags", 0, 0, `{"tags":{"aws:owner":"me","team":"\u00e9quipe \ud83d\ude00","` + strings.Repeat("k", 129) + `":"v","cost":"` + strings.Repeat("v", 257) + `"}}`,
			[]string{KeyDefaultTags + ".tags.aws:owner", KeyDefaultTags + ".tags.cost", KeyDefaultTags + ".tags." + strings.Repeat("k", 129), KeyDefaultTags + ".tags.team"}},
		{"51 default tags", 0, 0, tagsJSON(numbered("d", 51)), []string{KeyDefaultTags + ".tags"}},
	} {
		flat := withFlat(t, with(t, KeyCluster, "tags", numbered("t", tc.clusterTags)), KeyNodeGroups, "simple-bank.tags", numbered("g", tc.ngs))
		flat[KeyDefaultTags] = tc.defaults
		got, err := problemPaths(flat)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: problems at %v, want %v:\n%v", tc.name, got, tc.want, err)
		}
	}
}

// problemPaths parses flat and returns the key paths of its problems, in
// order (nil when it is accepted, or fails otherwise), and Parse's error.
func problemPaths(flat map[string]string) ([]string, error) {
	_, err := Parse(flat)
	var probs spec.Problems
	errors.As(err, &probs)
	var paths []string
	for _, p := range probs {
		paths = append(paths, string(p.Path))
	}
	return paths, err
}

// tagsJSON is aws:defaultTags with tags.
func tagsJSON(tags map[string]string) string {
	b, err := json.Marshal(map[string]any{"tags": tags})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// TestQuotaBelowAWSs: a quota set below AWS's default is one problem; the
// node groups are then held to AWS's default, not to the bad value.
func TestQuotaBelowAWSs(t *testing.T) {
	_, err := Parse(with(t, KeyCluster, "quotas", map[string]any{"nodeGroups": 0}))
	var probs spec.Problems
	if !errors.As(err, &probs) || len(probs) != 1 || probs[0].Path != "ekskit:cluster.quotas.nodeGroups" {
		t.Errorf("got %v", err)
	}
	if err := (Config{}).Validate(); err == nil || !strings.Contains(err.Error(), "ekskit:cluster.name: required") {
		t.Errorf("an empty config: %v", err)
	}
}

func TestRegion(t *testing.T) {
	flat := devFlat()
	// names of no partition's form
	for region, suggestion := range map[string]string{"us-east1": "us-east-1", "eu-west-1a": "eu-west-1", "US-EAST-1": "us-east-1", "moon-base-1": ""} {
		flat[KeyRegion] = region
		_, err := Parse(flat)
		want := fmt.Sprintf(`aws:region: %q: not an AWS region: not one of the %d regions the AWS SDK for Go v2 lists (aws-sdk-go-v2 v1.48.0), `+
			`nor named as a partition's regions are (area-place-number: us-east-1, us-gov-west-1, cn-north-1)`, region, len(spec.Regions))
		if suggestion != "" {
			want += fmt.Sprintf(` (did you mean %q?)`, suggestion)
		}
		if err == nil || !strings.Contains(err.Error(), want+"\n") && !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%s: got %v, want %s", region, err, want)
		}
	}
	for _, tc := range []struct{ region, refused string }{
		{"eu-west-1", ""},
		{"cn-north-1", ""},
		{"us-gov-west-1", ""},
		// listed by the AWS SDK, not by pulumi-aws 6.83's Region enum
		// (which pulumi-aws does not check a region against)
		{"ap-east-2", ""},
		{"ap-southeast-6", ""},
		// not listed, but named as partition aws's regions are: a region
		// opened after the SDK in go.mod, or a slip ekskit cannot tell from one
		{"eu-west-9", ""},
		{"us-east-9", ""},
		// regions the AWS SDK lists in partitions ekskit does not build for
		{"us-iso-east-1", "aws-iso"},
		{"us-iso-west-1", "aws-iso"},
		{"us-isob-east-1", "aws-iso-b"},
		{"us-isob-west-1", "aws-iso-b"},
		{"eu-isoe-west-1", "aws-iso-e"},
		{"us-isof-south-1", "aws-iso-f"},
		{"eusc-de-east-1", "aws-eusc"},
		{"us-iso-north-1", "aws-iso"}, // not listed: aws-iso's pattern
	} {
		flat[KeyRegion] = tc.region
		_, err := Parse(flat)
		if tc.refused == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.region, err)
			}
			continue
		}
		want := fmt.Sprintf(`aws:region: %q: in partition %s, which ekskit does not build for: `+
			`use a region of partition aws, aws-cn or aws-us-gov`, tc.region, tc.refused)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %s", tc.region, err, want)
		}
	}
}

// TestARNPartition: an ARN given must be in the partition of aws:region.
func TestARNPartition(t *testing.T) {
	const key = "arn:%s:kms:%s:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	for _, tc := range []struct {
		name, region string
		cluster      map[string]any
		roles        map[string]any
		want         []string // problems, as paths, sorted
	}{
		{"admin of the region's partition", "cn-north-1",
			map[string]any{"admins": []string{"arn:aws-cn:iam::111122223333:role/admins"}}, nil, nil},
		{"admin of another partition", "cn-north-1",
			map[string]any{"admins": []string{"arn:aws-cn:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"}}, nil,
			[]string{"ekskit:cluster.admins[1]"}},
		{"key of another partition", "us-gov-west-1",
			map[string]any{"encryption": map[string]any{"keyArn": fmt.Sprintf(key, "aws", "us-gov-west-1")}}, nil,
			[]string{"ekskit:cluster.encryption.keyArn"}},
		// one problem, the partition's, not also "the key is in us-east-1"
		{"key of another partition and region", "us-gov-west-1",
			map[string]any{"encryption": map[string]any{"keyArn": fmt.Sprintf(key, "aws", "us-east-1")}}, nil,
			[]string{"ekskit:cluster.encryption.keyArn"}},
		// one problem, its own pattern's, for a malformed ARN
		{"malformed key of another partition", "us-east-1",
			map[string]any{"encryption": map[string]any{"keyArn": "arn:aws-cn:kms:bad"}}, nil,
			[]string{"ekskit:cluster.encryption.keyArn"}},
		{"malformed admin of another partition", "us-east-1",
			map[string]any{"admins": []string{"arn:aws-cn:iam::123:rolex/y"}}, nil,
			[]string{"ekskit:cluster.admins[0]"}},
		{"role policies of another partition", "us-east-1", nil,
			map[string]any{"permissionsBoundary": "arn:aws-us-gov:iam::111122223333:policy/boundary",
				"nodePolicyArns": []string{"arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore"}},
			[]string{"ekskit:roles.nodePolicyArns[1]", "ekskit:roles.permissionsBoundary"}},
		{"no region: not checked", "",
			map[string]any{"admins": []string{"arn:aws-cn:iam::111122223333:role/admins"}}, nil, nil},
	} {
		flat := devFlat()
		delete(flat, KeyRegion)
		if tc.region != "" {
			flat[KeyRegion] = tc.region
		}
		var cluster map[string]any
		if err := json.Unmarshal([]byte(flat[KeyCluster]), &cluster); err != nil {
			t.Fatal(err)
		}
		maps.Copy(cluster, tc.cluster)
		b, _ := json.Marshal(cluster)
		flat[KeyCluster] = string(b)
		if tc.roles != nil {
			b, _ := json.Marshal(tc.roles)
			flat[KeyRoles] = string(b)
		}
		got, err := problemPaths(flat)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: problems at %v, want %v (%v)", tc.name, got, tc.want, err)
		}
		if tc.name == "admin of another partition" && (err == nil || !strings.Contains(err.Error(),
			`ekskit:cluster.admins[1]: "arn:aws:iam::111122223333:role/b": an ARN of partition aws, the stack's region cn-north-1 (aws:region) is in partition aws-cn: use an ARN of aws-cn`)) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// TestKeys: the keys a program asks for are those Decode takes, and
// aws:region and aws:defaultTags.
func TestKeys(t *testing.T) {
	want := []string{KeyDefaultTags, KeyRegion, KeyCluster, KeyNodeGroups, KeyPolicy, KeyRoles}
	if got := Keys(); !slices.Equal(got, want) {
		t.Errorf("Keys() = %v, want %v", got, want)
	}
	flat := devFlat()
	flat[KeyPolicy] = `{}`
	if _, probs := Decode(flat); len(probs) != 0 {
		t.Errorf("Decode: %v", probs)
	}
}

// TestAddonPreserve: an add-on's preserve is kept unset until read, true by
// default, and false only when the file says so.
func TestAddonPreserve(t *testing.T) {
	c, err := Parse(with(t, KeyCluster, "addons", map[string]any{"coredns": map[string]any{"preserve": false}, "kube-proxy": map[string]any{}}))
	if err != nil {
		t.Fatal(err)
	}
	if a := c.Cluster.Addons["coredns"]; a.Preserve == nil || *a.Preserve || a.Preserved() {
		t.Errorf("coredns with preserve: false: %+v", a)
	}
	if a := c.Cluster.Addons["kube-proxy"]; a.Preserve != nil || !a.Preserved() {
		t.Errorf("kube-proxy with no preserve: %+v", a)
	}
	_, err = Parse(with(t, KeyCluster, "addons", map[string]any{"coredns": map[string]any{"preserve": "no"}}))
	if err == nil || !strings.Contains(err.Error(), "ekskit:cluster.addons.coredns.preserve") {
		t.Errorf("preserve: \"no\": %v", err)
	}
}

func TestAutoRepair(t *testing.T) {
	c, err := Parse(with(t, KeyNodeGroups, "simple-bank.autoRepair", true))
	if err != nil {
		t.Fatal(err)
	}
	if !c.NodeGroups["simple-bank"].AutoRepair {
		t.Error("autoRepair: true decoded as off")
	}
	if c, _ := Parse(devFlat()); c.NodeGroups["simple-bank"].AutoRepair {
		t.Error("autoRepair on by default")
	}
	_, err = Parse(with(t, KeyNodeGroups, "simple-bank.autoRepair", "yes"))
	if want := `ekskit:nodeGroups.simple-bank.autoRepair: "yes": must be true or false`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("autoRepair: yes: %v, want %q", err, want)
	}
}

// numberedPolicies are n customer managed policy ARNs, each named apart.
func numberedPolicies(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("arn:aws:iam::111122223333:policy/P%d", i)
	}
	return out
}

// TestPolicyLoosened: each way a policy lets through what the one before
// stops is named, with the key, the two values and what no longer stops;
// a tighter or equal policy, an unset fail read as its default, and an
// exception whose reason alone changes are not.
func TestPolicyLoosened(t *testing.T) {
	ex := func(rule, reason string) Exception { return Exception{Rule: rule, Reason: reason} }
	for _, tc := range []struct {
		name      string
		was, next Policy
		want      []string
	}{
		{"the same", Policy{Fail: "warning", Production: true}, Policy{Fail: "warning", Production: true}, nil},
		{"unset is error", Policy{}, Policy{Fail: "error"}, nil},
		{"tighter", Policy{Fail: "error"}, Policy{Fail: "info", Production: true}, nil},
		{"error to none", Policy{}, Policy{Fail: "none"},
			[]string{"ekskit:policy.fail: error => none: findings at error no longer stop the stack"}},
		{"info to error", Policy{Fail: "info"}, Policy{Fail: "error"},
			[]string{"ekskit:policy.fail: info => error: findings at info and warning no longer stop the stack"}},
		{"production off", Policy{Production: true}, Policy{},
			[]string{"ekskit:policy.production: true => false: the stack's cluster need no longer be protected (EKS011)"}},
		{"a new exception, an old one reworded", Policy{Exceptions: []Exception{ex("EKS001", "a")}},
			Policy{Exceptions: []Exception{ex("EKS001", "b"), ex("EKS003", "logs elsewhere")}},
			[]string{`ekskit:policy.exceptions[1]: EKS003 excepted ("logs elsewhere"): its findings no longer stop the stack`}},
		{"all at once", Policy{Fail: "warning", Production: true}, Policy{Fail: "none", Exceptions: []Exception{ex("EKS011", "x")}},
			[]string{"ekskit:policy.fail: warning => none: findings at warning and error no longer stop the stack",
				"ekskit:policy.production: true => false: the stack's cluster need no longer be protected (EKS011)",
				`ekskit:policy.exceptions[0]: EKS011 excepted ("x"): its findings no longer stop the stack`}},
	} {
		if got := tc.was.Loosened(tc.next); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestDecodePolicy: the policy alone is decoded and validated as Parse
// does the whole config, and an absent one is the zero Policy.
func TestDecodePolicy(t *testing.T) {
	for _, tc := range []struct {
		flat map[string]string
		want Policy
		err  string
	}{
		{nil, Policy{}, ""},
		{map[string]string{KeyPolicy: `{"fail":"warning","production":true}`, KeyCluster: "not read"}, Policy{Fail: "warning", Production: true}, ""},
		{map[string]string{KeyPolicy: `{"fail":"sometimes"}`}, Policy{}, `ekskit:policy.fail: "sometimes": must be one of info, warning, error, none`},
		{map[string]string{KeyPolicy: `{"fial":"none"}`}, Policy{}, "ekskit:policy.fial"},
	} {
		got, err := DecodePolicy(tc.flat)
		switch {
		case tc.err == "" && (err != nil || !reflect.DeepEqual(got, tc.want)):
			t.Errorf("%v: %+v, %v; want %+v", tc.flat, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%v: error %v, want one with %q", tc.flat, err, tc.err)
		}
	}
}
