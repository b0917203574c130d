package rules

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/stackconfig"
)

var day = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// base is a config that passes every rule, at Kubernetes 1.35 (the
// default), kube-proxy pinned for it.
func base() map[string]string {
	return map[string]string{
		stackconfig.KeyCluster: `{"name":"demo","endpointAccess":"private","vpcId":"vpc-0123456789abcdef0",
			"subnetIds":["subnet-0123456789abcdef1","subnet-0123456789abcdef2","subnet-0123456789abcdef3"],
			"logging":["api","audit","authenticator","controllerManager","scheduler"],"encryption":{"create":true},
			"addons":{"vpc-cni":{"irsa":true,"version":"v1.20.4-eksbuild.1"},"coredns":{"version":"v1.12.4-eksbuild.1"},
			"kube-proxy":{"version":"` + kubeProxy[spec.DefaultVersion] + `"}},"protect":true}`,
		stackconfig.KeyNodeGroups: `{"system":{"instanceTypes":["m6i.large"],"minSize":3,"maxSize":6,"desiredSize":3}}`,
		stackconfig.KeyRegion:     "us-east-1",
	}
}

// kubeProxy are kube-proxy add-on versions for each Kubernetes version
// (the latest in the EKS user guide's table, "Manage kube-proxy").
var kubeProxy = map[string]string{"1.32": "v1.32.13-eksbuild.5", "1.33": "v1.33.10-eksbuild.2", "1.34": "v1.34.6-eksbuild.2",
	"1.35": "v1.35.3-eksbuild.2"}

// atVersion is base at Kubernetes version v, kube-proxy pinned for it.
func atVersion(t *testing.T, v string) map[string]string {
	t.Helper()
	f := with(t, stackconfig.KeyCluster, "version", v)
	if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".addons.kube-proxy.version", kubeProxy[v]); err != nil {
		t.Fatal(err)
	}
	return f
}

func check(t *testing.T, flat map[string]string) []Finding {
	t.Helper()
	return checkOn(t, flat, day)
}

// checkOn is check on another day.
func checkOn(t *testing.T, flat map[string]string, today time.Time) []Finding {
	t.Helper()
	cfg, err := stackconfig.Parse(flat)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := Check(Input{Stack: cfg.Stack(), Policy: cfg.Policy, Today: today, Region: flat[stackconfig.KeyRegion]})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func with(t *testing.T, key, path string, value any) map[string]string {
	t.Helper()
	flat := base()
	if err := stackconfig.SetPath(flat, key+"."+path, value); err != nil {
		t.Fatal(err)
	}
	return flat
}

func TestBaseIsClean(t *testing.T) {
	if fs := check(t, base()); len(fs) != 0 {
		t.Errorf("findings on the clean config: %v", fs)
	}
}

// TestEachRule: for each rule, a change to the clean config that makes it
// fire, with the resource it names.
func TestEachRule(t *testing.T) {
	cl, ng := stackconfig.KeyCluster, stackconfig.KeyNodeGroups
	for _, tc := range []struct {
		rule, resource string
		flat           map[string]string
	}{
		{"EKS001", "ekskit:cluster.publicAccessCidrs", with(t, cl, "endpointAccess", "public")},
		{"EKS002", "ekskit:cluster.endpointAccess", with(t, cl, "endpointAccess", "public-and-private")},
		{"EKS003", "ekskit:cluster.logging", with(t, cl, "logging", []any{"api", "audit"})},
		{"EKS004", "ekskit:cluster.encryption", with(t, cl, "encryption", nil)},
		{"EKS005", "ekskit:nodeGroups.system", with(t, ng, "system.remoteAccess", map[string]any{"sshKey": "ops", "sourceSecurityGroupIds": []any{"sg-0123456789abcdef0"}})},
		{"EKS006", "ekskit:roles", with(t, cl, "addons.vpc-cni.irsa", false)},
		{"EKS007", "ekskit:nodeGroups.system", with(t, ng, "system", map[string]any{"launchTemplate": map[string]any{"name": "nodes-lt", "version": "1"}, "instanceTypes": []any{"m6i.large"}, "minSize": 3, "desiredSize": 3})},
		{"EKS007", "ekskit:nodeGroups.system", func() map[string]string { // Amazon Linux 2 on EKS's own template
			f := atVersion(t, "1.32")
			if err := stackconfig.SetPath(f, ng+".system", map[string]any{"amiType": "AL2_x86_64", "instanceTypes": []any{"m6i.large"}, "minSize": 3, "desiredSize": 3}); err != nil {
				t.Fatal(err)
			}
			return f
		}()},
		{"EKS008", "ekskit:cluster.version", atVersion(t, "1.34")}, // 2 days before its standard support ends
		{"EKS009", "ekskit:nodeGroups.system", with(t, ng, "system.minSize", 2)},
		{"EKS010", "ekskit:nodeGroups.system", with(t, ng, "system.capacityType", "SPOT")},
		{"EKS010", "ekskit:nodeGroups.system", with(t, ng, "system", map[string]any{"capacityType": "SPOT", "minSize": 3,
			"launchTemplate": map[string]any{"id": "lt-0123456789abcdef0", "version": "1"}})},
		{"EKS011", "ekskit:cluster.protect", func() map[string]string {
			f := with(t, cl, "protect", false)
			f[stackconfig.KeyPolicy] = `{"production":true}`
			return f
		}()},
		{"EKS012", "ekskit:cluster.addons.coredns", with(t, cl, "addons.coredns.version", "latest")},
		{"EKS013", "ekskit:cluster.addons.coredns", with(t, ng, "system", map[string]any{"instanceTypes": []any{"m6i.large"}, "minSize": 0, "desiredSize": 0})},
		{"EKS014", "ekskit:nodeGroups.system", with(t, ng, "system", map[string]any{"instanceTypes": []any{"t3.micro"}, "minSize": 1, "desiredSize": 1})},
		{"EKS015", "ekskit:cluster.encryption.keyArn", with(t, cl, "encryption", map[string]any{"keyArn": "arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e"})},
		{"EKS017", "ekskit:cluster.version", atVersion(t, "1.33")},
		{"EKS018", "ekskit:cluster.publicAccessCidrs", func() map[string]string {
			f := with(t, cl, "endpointAccess", "public")
			if err := stackconfig.SetPath(f, cl+".publicAccessCidrs", []any{"54.240.193.128/26"}); err != nil {
				t.Fatal(err)
			}
			return f
		}()},
		{"EKS019", "ekskit:nodeGroups.system", with(t, ng, "system", map[string]any{"instanceTypes": []any{"m5.large", "m5.xlarge"},
			"minSize": 3, "maxSize": 6, "autoscalerOwnsDesiredSize": true})},
		{"EKS020", "aws:region", func() map[string]string {
			f := base()
			delete(f, stackconfig.KeyRegion)
			return f
		}()},
		{"EKS021", "ekskit:cluster.addons.kube-proxy.version", with(t, cl, "addons.kube-proxy.version", kubeProxy["1.34"])},
		{"EKS023", "ekskit:nodeGroups.system", with(t, ng, "system.version", "1.34")},
		{"EKS024", "ekskit:cluster.addons.aws-ebs-csi-driver", with(t, cl, "addons.aws-ebs-csi-driver", map[string]any{})},
		{"EKS025", "ekskit:cluster.access[0]", with(t, cl, "access", []any{map[string]any{
			"principalArn": "arn:aws:iam::111122223333:role/developers", "policies": map[string]any{"AmazonEKSEditPolicy": map[string]any{}}}})},
		{"EKS026", "ekskit:roles.nodePolicyArns[0]", with(t, stackconfig.KeyRoles, "nodePolicyArns",
			[]any{"arn:aws:iam::aws:policy/AdministratorAccess"})},
		{"EKS016", "ekskit:policy.exceptions[0]", func() map[string]string {
			f := base()
			f[stackconfig.KeyPolicy] = `{"exceptions":[{"rule":"EKS005","reason":"bastion"}]}`
			return f
		}()},
	} {
		fs := check(t, tc.flat)
		i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == tc.rule })
		if i < 0 {
			t.Errorf("%s did not fire: %v", tc.rule, fs)
			continue
		}
		if fs[i].Resource != tc.resource || fs[i].Message == "" || fs[i].Fix == "" {
			t.Errorf("%s: %+v, want resource %s", tc.rule, fs[i], tc.resource)
		}
	}
	// every rule has a case above, but EKS022 (TestESCEnvironments)
	if len(All) != 26 {
		t.Errorf("%d rules; add a case for each new one", len(All))
	}
}

// TestESCEnvironments: EKS022 names the ESC environments the stack file
// imports, which the plan cannot read, and nothing when it imports none;
// an exception marks it. Its exception is stale (EKS016) only where the
// stack file was read and imports none: a program run (Environments nil)
// does not know, and must not stop a stack whose plan needed it.
func TestESCEnvironments(t *testing.T) {
	cfg, err := stackconfig.Parse(base())
	if err != nil {
		t.Fatal(err)
	}
	except := stackconfig.Policy{Exceptions: []stackconfig.Exception{{Rule: "EKS022", Reason: "credentials only"}}}
	for _, tc := range []struct {
		name         string
		environments []string
		policy       stackconfig.Policy
		want         string
		exception    string
		stale        bool
	}{
		{"none imported", []string{}, stackconfig.Policy{}, "", "", false},
		{"not known", nil, stackconfig.Policy{}, "", "", false},
		{"two", []string{"team/aws", "team/prod"}, stackconfig.Policy{},
			"the stack file imports team/aws, team/prod: pulumi preview and up merge the config values it sets into the file's, " +
				"and ekskit plan cannot read them offline: whatever it sets is missing from this plan, its guardrails and its cost", "", false},
		{"excepted", []string{"team/aws"}, except, "the stack file imports team/aws:", "credentials only", false},
		{"excepted, none imported", []string{}, except, "", "", true},
		{"excepted, in a program run", nil, except, "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := Check(Input{Stack: cfg.Stack(), Policy: tc.policy, Today: day, Region: "us-east-1", Environments: tc.environments})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == "EKS022" })
			switch {
			case tc.want == "" && i >= 0:
				t.Errorf("EKS022 fired: %v", fs[i])
			case tc.want == "":
			case i < 0:
				t.Errorf("EKS022 did not fire: %v", fs)
			case fs[i].Resource != "environment" || !strings.HasPrefix(fs[i].Message, tc.want) || fs[i].Exception != tc.exception ||
				fs[i].Severity != Warning:
				t.Errorf("EKS022: %+v, want resource environment, message %q, exception %q", fs[i], tc.want, tc.exception)
			}
			stale := slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == staleException })
			if stale != tc.stale {
				t.Errorf("EKS016 %v, want %v: %v", stale, tc.stale, fs)
			}
		})
	}
}

// TestPolicyProblems: the policy a Go program passes is checked as the
// stack file's is, every problem at its key path, before any rule runs;
// EKS016 cannot be excepted (it would hide every stale exception).
func TestPolicyProblems(t *testing.T) {
	cfg, err := stackconfig.Parse(base())
	if err != nil {
		t.Fatal(err)
	}
	_, err = Check(Input{Stack: cfg.Stack(), Today: day, Policy: stackconfig.Policy{Fail: "warnin",
		Exceptions: []stackconfig.Exception{{Rule: "EKS005"}, {Rule: "EKS016", Reason: "quiet"}}}})
	var ps spec.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want config problems, got %v", err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, string(p.Path)+" "+p.Msg)
	}
	want := []string{
		"ekskit:policy.exceptions[0].reason required: why this stack accepts the finding",
		"ekskit:policy.exceptions[1].rule cannot be excepted: it would hide every stale exception; remove the exceptions it names instead",
		"ekskit:policy.fail must be one of info, warning, error, none",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n got %q\nwant %q", got, want)
	}
}

// TestStaleExceptions: an exception is stale when its rule finds nothing
// on the stack (EKS016, naming the exception), not when it excepts a
// finding.
func TestStaleExceptions(t *testing.T) {
	ssh := with(t, stackconfig.KeyNodeGroups, "system.remoteAccess", map[string]any{"sshKey": "ops", "sourceSecurityGroupIds": []any{"sg-0123456789abcdef0"}})
	for _, tc := range []struct {
		name       string
		flat       map[string]string
		exceptions string
		want       []string // EKS016's findings: resource, and its exception after a space if any
	}{
		{"an exception in use", ssh, `[{"rule":"EKS005","reason":"bastion"}]`, nil},
		{"one with nothing to except", base(), `[{"rule":"EKS005","reason":"bastion"}]`, []string{"ekskit:policy.exceptions[0]"}},
		{"the second of two", ssh, `[{"rule":"EKS005","reason":"bastion"},{"rule":"EKS001","reason":"demo"}]`, []string{"ekskit:policy.exceptions[1]"}},
	} {
		tc.flat[stackconfig.KeyPolicy] = `{"exceptions":` + tc.exceptions + `}`
		var got []string
		for _, f := range check(t, tc.flat) {
			if f.Rule == "EKS016" {
				got = append(got, strings.TrimSpace(f.Resource+" "+f.Exception))
				if !strings.HasPrefix(f.Message, "EKS0") || f.Severity != Warning {
					t.Errorf("%s: %+v", tc.name, f)
				}
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: EKS016 on %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestZonesInTheDefaultVPC: EKS009 counts the zones of a group in the
// default VPC (vpcId unset, no subnets of its own) where the input says
// them, as a plan does; where it does not (a program run) it knows only
// that there are two or more (EKS takes a cluster in two zones or more):
// minSize 1 is below them, a larger one cannot be told, and an exception
// of EKS009 is then not stale.
func TestZonesInTheDefaultVPC(t *testing.T) {
	five := []string{"use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"}
	for _, tc := range []struct {
		name    string
		group   map[string]any
		zones   []string // Input.DefaultVPCZones
		protect bool
		want    string // EKS009's message, "" for none
		stale   bool   // whether an exception of EKS009 is stale (EKS016)
	}{
		{"minSize 1, five zones", map[string]any{"minSize": 1}, five, true,
			"minSize 1 is below the 5 zones of the default VPC's default subnets the cluster runs in (use1-az1, use1-az2, use1-az4, " +
				"use1-az5, use1-az6, as the plan's offline account has them: a real account may have fewer) of a protected stack: " +
				"a zone can be left without nodes", false},
		{"minSize 4, five zones", map[string]any{"minSize": 4, "maxSize": 6}, five, true, "minSize 4 is below the 5 zones", false},
		{"minSize 5, five zones", map[string]any{"minSize": 5, "maxSize": 6}, five, true, "", true},
		{"minSize 0, five zones", map[string]any{"minSize": 0}, five, true, "", true},
		{"not protected", map[string]any{"minSize": 1}, five, false, "", true},
		{"minSize 1, zones not known", map[string]any{"minSize": 1}, nil, true,
			"minSize 1 is below the zones of the default VPC's default subnets the cluster runs in (two or more: EKS takes a cluster " +
				"in two zones or more) of a protected stack: a zone can be left without nodes", false},
		{"minSize 2, zones not known", map[string]any{"minSize": 2}, nil, true, "", false},
		{"minSize 0, zones not known", map[string]any{"minSize": 0}, nil, true, "", true},
		{"subnets of its own", map[string]any{"minSize": 2, "subnetIds": []any{"subnet-0123456789abcdef1", "subnet-0123456789abcdef2",
			"subnet-0123456789abcdef3"}}, nil, true, "minSize 2 is below the 3 subnets (zones)", false},
		{"its own subnets, enough nodes", map[string]any{"minSize": 3, "maxSize": 6, "subnetIds": []any{"subnet-0123456789abcdef1",
			"subnet-0123456789abcdef2", "subnet-0123456789abcdef3"}}, nil, true, "", true},
	} {
		f := base()
		f[stackconfig.KeyCluster] = fmt.Sprintf(`{"name":"demo","protect":%v}`, tc.protect)
		if err := stackconfig.SetPath(f, stackconfig.KeyNodeGroups+".system", tc.group); err != nil {
			t.Fatal(err)
		}
		f[stackconfig.KeyPolicy] = `{"exceptions":[{"rule":"EKS009","reason":"two zones are enough here"}]}`
		cfg, err := stackconfig.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := Check(Input{Stack: cfg.Stack(), Policy: cfg.Policy, Today: day, Region: "us-east-1", DefaultVPCZones: tc.zones})
		if err != nil {
			t.Fatal(err)
		}
		got, stale := "", false
		for _, f := range fs {
			switch f.Rule {
			case "EKS009":
				got = f.Message
			case "EKS016":
				stale = true
			}
		}
		if tc.want == "" && got != "" || !strings.HasPrefix(got, tc.want) || stale != tc.stale {
			t.Errorf("%s: EKS009 %q, stale exception %v; want %q, %v", tc.name, got, stale, tc.want, tc.stale)
		}
	}
}

// TestCoreDNSNodes: EKS013 fires when no node group runs nodes coredns can
// run on: Linux, and no hard taint but the one it tolerates.
func TestCoreDNSNodes(t *testing.T) {
	ng := stackconfig.KeyNodeGroups
	system := func(extra map[string]any) map[string]any {
		g := map[string]any{"instanceTypes": []any{"m6i.large"}, "minSize": 3, "desiredSize": 3}
		maps.Copy(g, extra)
		return g
	}
	taint := func(key, effect string) map[string]any {
		return map[string]any{"taints": []any{map[string]any{"key": key, "effect": effect}}}
	}
	for name, tc := range map[string]struct {
		group  map[string]any
		values string // coredns's configurationValues
		fires  bool
	}{
		"untainted":          {system(nil), "", false},
		"tainted NoSchedule": {system(taint("dedicated", "NO_SCHEDULE")), "", true},
		"tainted NoExecute":  {system(taint("dedicated", "NO_EXECUTE")), "", true},
		"PreferNoSchedule":   {system(taint("dedicated", "PREFER_NO_SCHEDULE")), "", false},
		"CriticalAddonsOnly": {system(taint("CriticalAddonsOnly", "NO_SCHEDULE")), "", false},
		// configurationValues' tolerations, which replace EKS's defaults
		"tolerating every taint":       {system(taint("dedicated", "NO_SCHEDULE")), `{"tolerations":[{"operator":"Exists"}]}`, false},
		"tolerating the key":           {system(taint("dedicated", "NO_EXECUTE")), `{"tolerations":[{"key":"dedicated","operator":"Exists","effect":"NoExecute"}]}`, false},
		"tolerating another effect":    {system(taint("dedicated", "NO_EXECUTE")), `{"tolerations":[{"key":"dedicated","operator":"Exists","effect":"NoSchedule"}]}`, true},
		"CriticalAddonsOnly, replaced": {system(taint("CriticalAddonsOnly", "NO_SCHEDULE")), `{"tolerations":[{"key":"dedicated","operator":"Exists"}]}`, true},
		// configurationValues' nodeSelector
		"a label the group has":     {system(map[string]any{"labels": map[string]any{"role": "system"}}), `{"nodeSelector":{"role":"system"}}`, false},
		"a label the group has not": {system(nil), `{"nodeSelector":{"role":"system"}}`, true},
	} {
		f := with(t, ng, "system", tc.group)
		if tc.values != "" {
			if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".addons.coredns.configurationValues", tc.values); err != nil {
				t.Fatal(err)
			}
		}
		fs := check(t, f)
		if fired := slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == "EKS013" }); fired != tc.fires {
			t.Errorf("%s: EKS013 fired %v, want %v: %v", name, fired, tc.fires, fs)
		}
	}
	// scaled to zero: the message says the groups coredns could run on have
	// no nodes, not that there are none it can run on
	zero := map[string]any{"instanceTypes": []any{"m6i.large"}, "minSize": 0, "desiredSize": 0}
	tainted := system(taint("dedicated", "NO_SCHEDULE"))
	for _, tc := range []struct {
		name   string
		groups map[string]any
		want   string
	}{
		{"one group at zero", map[string]any{"system": zero},
			"node group system, the only one coredns can run on (Linux, without a taint it does not tolerate), has 0 nodes (desiredSize 0): " +
				"coredns stays DEGRADED (a new one times out after 20 minutes)"},
		{"two at zero, one tainted", map[string]any{"b": zero, "a": zero, "batch": tainted},
			"node groups a, b, the only ones coredns can run on (Linux, without a taint it does not tolerate), have 0 nodes (desiredSize 0): " +
				"coredns stays DEGRADED (a new one times out after 20 minutes)"},
		{"tainted only", map[string]any{"batch": tainted},
			"no node group runs nodes coredns can run on (Linux, without a taint it does not tolerate): " +
				"coredns stays DEGRADED (a new one times out after 20 minutes)"},
		{"none with its nodeSelector's labels", map[string]any{"system": system(nil)},
			"no node group runs nodes coredns can run on (Linux, without a taint it does not tolerate, with the labels of its nodeSelector): " +
				"coredns stays DEGRADED (a new one times out after 20 minutes)"},
	} {
		f := base()
		if err := stackconfig.SetPath(f, ng, tc.groups); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(tc.name, "nodeSelector") {
			if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".addons.coredns.configurationValues", `{"nodeSelector":{"role":"dns"}}`); err != nil {
				t.Fatal(err)
			}
		}
		got := ""
		for _, fd := range check(t, f) {
			if fd.Rule == "EKS013" {
				got = fd.Message
			}
		}
		if got != tc.want {
			t.Errorf("%s: EKS013 %q, want %q", tc.name, got, tc.want)
		}
	}
	// EKS014 counts the coredns replicas on the groups coredns runs on: a
	// tainted group its configurationValues tolerate
	micro := map[string]any{"instanceTypes": []any{"t3.micro"}, "minSize": 1, "desiredSize": 1,
		"taints": []any{map[string]any{"key": "dedicated", "effect": "NO_SCHEDULE"}}}
	for values, want := range map[string]string{
		"": "", // coredns runs on no node: the node's 2 free pods are room
		`{"tolerations":[{"operator":"Exists"}]}`: "t3.micro fits 4 pods with the VPC CNI: aws-node, kube-proxy and the 2 coredns replicas fill the 1 node(s); t3.small fits 11 pods",
	} {
		f := with(t, ng, "system", micro)
		if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".addons.coredns.configurationValues", values); err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, fd := range check(t, f) {
			if fd.Rule == "EKS014" {
				got = fd.Message
			}
		}
		if got != want {
			t.Errorf("%q: EKS014 %q, want %q", values, got, want)
		}
	}
	// a stack refuses Windows groups; a program's own settings may hold one
	cfg, err := stackconfig.Parse(base())
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Stack()
	s.NodeGroups = map[string]spec.NodeGroup{"win": {AMIType: "WINDOWS_CORE_2022_x86_64", MinSize: new(3)}}
	fs, err := Check(Input{Stack: s, Policy: cfg.Policy, Today: day, Region: "us-east-1"})
	if err != nil || !slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == "EKS013" }) {
		t.Errorf("Windows only: EKS013 did not fire: %v %v", fs, err)
	}
}

// TestSupportDates: the support table's dates parse, standard before
// extended, so that EKS008 can count the days to them.
func TestSupportDates(t *testing.T) {
	for v, ends := range spec.Support {
		std, err1 := time.Parse(time.DateOnly, ends[0])
		ext, err2 := time.Parse(time.DateOnly, ends[1])
		if err1 != nil || err2 != nil || !std.Before(ext) {
			t.Errorf("%s: %v %v %v", v, ends, err1, err2)
		}
	}
}

// TestSupportEndsSoon: EKS008 warns in the last 60 days before the support
// that applies ends.
func TestSupportEndsSoon(t *testing.T) {
	// EKS008's notice for 1.34, days before its standard support ends
	upgraded134 := func(days int) string {
		return fmt.Sprintf("1.34 leaves standard support on 2026-12-02, in %d day(s): with supportType STANDARD, "+
			"EKS then upgrades the cluster on its own (and EKS017, an error, reports it); upgrade to 1.35 before", days)
	}
	dearer134 := func(days int) string {
		return fmt.Sprintf("1.34 leaves standard support on 2026-12-02, in %d day(s): with supportType EXTENDED, "+
			"the cluster then stays at 1.34 in extended support until 2027-12-02, which costs $365.00 more a month "+
			"($0.60 instead of $0.10 per cluster-hour); upgrade to 1.35 before", days)
	}
	on := func(date string) time.Time { d, _ := time.Parse(time.DateOnly, date); return d }
	for _, tc := range []struct {
		version, support, day, want string
	}{
		// 1.34: standard support ends 2026-12-02, extended 2027-12-02
		{"1.34", "STANDARD", "2026-11-30", upgraded134(2)},
		{"1.34", "STANDARD", "2026-10-03", upgraded134(60)},
		{"1.34", "STANDARD", "2026-10-02", ""},
		// with supportType EXTENDED, notice of the price going up when standard support ends
		{"1.34", "EXTENDED", "2026-11-30", dearer134(2)},
		{"1.34", "EXTENDED", "2026-10-03", dearer134(60)},
		{"1.34", "EXTENDED", "2026-10-02", ""},
		{"1.34", "EXTENDED", "2027-11-30", "1.34 leaves extended support on 2027-12-02, in 2 day(s): EKS then upgrades the cluster on its own (and EKS017, an error, reports it); upgrade to 1.35 before"},
		// 1.35, the newest ekskit knows: no advice it would refuse
		{"1.35", "STANDARD", "2027-03-01", "1.35 leaves standard support on 2027-03-27, in 26 day(s): with supportType STANDARD, " +
			"EKS then upgrades the cluster on its own (and EKS017, an error, reports it); 1.36 is newer than ekskit's version table (checked 2026-11): update ekskit, " +
			"then upgrade, or set supportType EXTENDED for a year more at the extended-support price"},
		{"1.35", "EXTENDED", "2027-03-01", "1.35 leaves standard support on 2027-03-27, in 26 day(s): with supportType EXTENDED, " +
			"the cluster then stays at 1.35 in extended support until 2028-03-27, which costs $365.00 more a month " +
			"($0.60 instead of $0.10 per cluster-hour); 1.36 is newer than ekskit's version table (checked 2026-11): update ekskit, then upgrade"},
		{"1.35", "EXTENDED", "2028-03-01", "1.35 leaves extended support on 2028-03-27, in 26 day(s): EKS then upgrades the cluster on its own (and EKS017, an error, reports it); " +
			"1.36 is newer than ekskit's version table (checked 2026-11): update ekskit, then upgrade"},
	} {
		f := atVersion(t, tc.version)
		if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".supportType", tc.support); err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, fd := range checkOn(t, f, on(tc.day)) {
			if fd.Rule == "EKS008" && strings.Contains(fd.Message, "leaves") {
				got = fd.Message
			}
		}
		if got != tc.want {
			t.Errorf("%s %s on %s: got %q, want %q", tc.version, tc.support, tc.day, got, tc.want)
		}
	}
}

// TestSupportOneRule: around each end of support, EKS017 fires exactly
// when EKS upgrades the cluster on its own (extended support over, or
// standard support over with supportType STANDARD), and EKS008, once, on
// every other of those days: the day before standard support ends (with
// supportType EXTENDED too: the price goes up), the day it ends with
// EXTENDED (the cluster is in extended support), the day before extended
// support ends.
func TestSupportOneRule(t *testing.T) {
	on := func(date string, days int) time.Time {
		d, _ := time.Parse(time.DateOnly, date)
		return d.AddDate(0, 0, days)
	}
	for _, v := range spec.SupportedVersions {
		ends := spec.Support[v]
		for _, support := range []string{"STANDARD", "EXTENDED"} {
			f := atVersion(t, v)
			if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".supportType", support); err != nil {
				t.Fatal(err)
			}
			for _, day := range []time.Time{on(ends[0], -1), on(ends[0], 0), on(ends[1], -1), on(ends[1], 0)} {
				fired := map[string]int{}
				for _, fd := range checkOn(t, f, day) {
					fired[fd.Rule]++
				}
				upgraded := !day.Before(on(ends[1], 0)) || !day.Before(on(ends[0], 0)) && support == "STANDARD"
				want008 := 1
				if upgraded {
					want008 = 0
				}
				if (fired["EKS017"] == 1) != upgraded || fired["EKS008"] != want008 {
					t.Errorf("%s %s on %s: EKS017 %d, EKS008 %d finding(s); EKS upgrades it: %v", v, support, day.Format(time.DateOnly),
						fired["EKS017"], fired["EKS008"], upgraded)
				}
			}
		}
	}
}

// TestWorldOpen: EKS001 fires on blocks that together take in every address,
// or on one wider than a /8; not on a list of networks.
func TestWorldOpen(t *testing.T) {
	for _, tc := range []struct {
		cidrs []any
		want  string // "": no finding
	}{
		{[]any{"0.0.0.0/0"}, "the Kubernetes API is reachable from any address (0.0.0.0/0)"},
		{[]any{"0.0.0.0/1", "128.0.0.0/1"}, "the Kubernetes API is reachable from any address (0.0.0.0/1, 128.0.0.0/1)"},
		{[]any{"0.0.0.0/1", "0.0.0.0/2", "128.0.0.0/1"}, "the Kubernetes API is reachable from any address (0.0.0.0/1, 0.0.0.0/2, 128.0.0.0/1)"},
		{[]any{"16.0.0.0/4", "54.240.193.128/26"}, "the Kubernetes API is reachable from a /4 (16.0.0.0/4): 1/16 of all addresses"},
		{[]any{"0.0.0.0/1", "54.240.193.128/26"}, "the Kubernetes API is reachable from a /1 (0.0.0.0/1): half of all addresses"},
		{[]any{"0.0.0.0/1", "0.0.0.0/1"}, "the Kubernetes API is reachable from a /1 (0.0.0.0/1): half of all addresses"},
		{[]any{"54.240.193.128/26", "54.240.196.0/22"}, ""},
	} {
		f := with(t, stackconfig.KeyCluster, "endpointAccess", "public")
		if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".publicAccessCidrs", tc.cidrs); err != nil {
			t.Fatal(err)
		}
		fs := check(t, f)
		got := ""
		if i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == "EKS001" }); i >= 0 {
			got = fs[i].Message
		}
		if got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.cidrs, got, tc.want)
		}
	}
}

// TestMessages: the numbers in the messages, computed by hand.
func TestMessages(t *testing.T) {
	for _, tc := range []struct {
		flat map[string]string
		rule string
		want string
	}{
		// t3.micro: 2 ENIs x (2 - 1) + 2 = 4 pods; aws-node and kube-proxy on the node, 2 coredns replicas
		{with(t, stackconfig.KeyNodeGroups, "system", map[string]any{"instanceTypes": []any{"t3.micro"}, "minSize": 1, "desiredSize": 1}), "EKS014",
			"t3.micro fits 4 pods with the VPC CNI: aws-node, kube-proxy and the 2 coredns replicas fill the 1 node(s); t3.small fits 11 pods"},
		// an ARM group: a type of its own family, so of its architecture (3 ENIs x (4 - 1) + 2 = 11 pods)
		{with(t, stackconfig.KeyNodeGroups, "system", map[string]any{"instanceTypes": []any{"t4g.micro"}, "amiType": "AL2023_ARM_64_STANDARD",
			"minSize": 1, "desiredSize": 1}), "EKS014",
			"t4g.micro fits 4 pods with the VPC CNI: aws-node, kube-proxy and the 2 coredns replicas fill the 1 node(s); t4g.small fits 11 pods"},
		// 730 h x ($0.60 - $0.10) = $365
		{func() map[string]string {
			f := atVersion(t, "1.33")
			if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".supportType", "EXTENDED"); err != nil {
				t.Fatal(err)
			}
			return f
		}(), "EKS008",
			"1.33 left standard support on 2026-07-29: extended support until 2027-07-29 costs $365.00 more a month ($0.60 instead of $0.10 per cluster-hour)"},
		// the fix is one per rule: the message names the add-on's key
		{with(t, stackconfig.KeyCluster, "addons.coredns.version", "latest"), "EKS012",
			"cluster.addons.coredns.version is latest, the newest version, looked up on every run: the add-on changes when AWS ships one"},
		{with(t, stackconfig.KeyCluster, "addons.kube-proxy.version", ""), "EKS012",
			"cluster.addons.kube-proxy.version is not set: EKS's default version for the cluster version when the add-on is created, " +
				"decided at deploy time; EKS does not update it when the cluster is upgraded"},
		{atVersion(t, "1.33"), "EKS017",
			"1.33 left standard support on 2026-07-29 and supportType is STANDARD: EKS upgrades the cluster to 1.34 on its own (if it has not yet), " +
				"and a pulumi up still at 1.33 is then a downgrade EKS refuses"},
	} {
		fs := check(t, tc.flat)
		i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == tc.rule })
		if i < 0 || fs[i].Message != tc.want {
			t.Errorf("%s: got %v, want %q", tc.rule, fs, tc.want)
		}
	}
	// EKS014's fix, one for every group, names no instance type: the
	// finding names one of the group's family, so of its architecture
	r, _ := byID("EKS014")
	for _, w := range strings.FieldsFunc(r.Fix, func(c rune) bool { return c == ' ' || c == '(' || c == ')' || c == ',' }) {
		if spec.IsEC2InstanceType(w) {
			t.Errorf("EKS014's fix names %s, of one architecture, for every group: %q", w, r.Fix)
		}
	}
	// a stack planned (--today) after its version left extended support
	fs := checkOn(t, atVersion(t, "1.32"), time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC))
	want := "1.32 left extended support on 2027-03-23: EKS upgrades the cluster to 1.33 on its own (if it has not yet), " +
		"and a pulumi up still at 1.32 is then a downgrade EKS refuses"
	if i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == "EKS017" }); i < 0 || fs[i].Message != want {
		t.Errorf("EKS017 after extended support: got %v, want %q", fs, want)
	}
	// the newest version ekskit knows: the next one needs a newer ekskit
	fs = checkOn(t, atVersion(t, "1.35"), time.Date(2027, 3, 28, 0, 0, 0, 0, time.UTC))
	want = "1.35 left standard support on 2027-03-27 and supportType is STANDARD: EKS upgrades the cluster to 1.36 on its own " +
		"(if it has not yet), and a pulumi up still at 1.35 is then a downgrade EKS refuses; 1.36 is newer than ekskit's version table " +
		"(checked 2026-11): update ekskit first"
	if i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == "EKS017" }); i < 0 || fs[i].Message != want {
		t.Errorf("EKS017 on the newest version: got %v, want %q", fs, want)
	}
}

func TestEnforcement(t *testing.T) {
	flat := with(t, stackconfig.KeyCluster, "encryption", nil) // EKS004, a warning
	for _, tc := range []struct {
		policy  string
		stops   bool
		excused string
	}{
		{`{}`, false, ""},                // fails on errors only
		{`{"fail":"warning"}`, true, ""}, // warnings stop it
		{`{"fail":"warning","exceptions":[{"rule":"EKS004","reason":"throw-away test cluster"}]}`, false, "throw-away test cluster"},
		{`{"fail":"info"}`, true, ""},
		{`{"fail":"none"}`, false, ""},
	} {
		f := maps.Clone(flat)
		f[stackconfig.KeyPolicy] = tc.policy
		cfg, err := stackconfig.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := Enforce(Input{Stack: cfg.Stack(), Policy: cfg.Policy, Today: day, Region: "us-east-1"})
		if (err != nil) != tc.stops || tc.stops && !strings.Contains(err.Error(), "EKS004 ekskit:cluster.encryption") {
			t.Errorf("%s: error %v, want stop=%v", tc.policy, err, tc.stops)
		}
		i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == "EKS004" })
		if i < 0 || fs[i].Exception != tc.excused {
			t.Errorf("%s: EKS004 finding %v, want exception %q", tc.policy, fs, tc.excused)
		}
	}
	// an unknown rule is one of the stack file's problems, reported with
	// the others, and a Go program's policy gets the same from Check
	f := maps.Clone(flat)
	f[stackconfig.KeyPolicy] = `{"exceptions":[{"rule":"EKS04","reason":"x"}]}`
	const unknown = `ekskit:policy.exceptions[0].rule: "EKS04": not a rule (did you mean "EKS004"?)`
	f2 := maps.Clone(f)
	if err := stackconfig.SetPath(f2, stackconfig.KeyCluster+".version", "1.20"); err != nil {
		t.Fatal(err)
	}
	if _, err := stackconfig.Parse(f2); err == nil || !strings.Contains(err.Error(), unknown) || !strings.Contains(err.Error(), "ekskit:cluster.version") {
		t.Errorf("unknown rule in the file, with a bad version: %v", err)
	}
	cfg, err := stackconfig.Parse(flat)
	if err != nil {
		t.Fatal(err)
	}
	pol := stackconfig.Policy{Exceptions: []stackconfig.Exception{{Rule: "EKS04", Reason: "x"}}}
	if _, err := Check(Input{Stack: cfg.Stack(), Policy: pol, Today: day}); err == nil || !strings.Contains(err.Error(), unknown) {
		t.Errorf("unknown rule in Go: %v", err)
	}
	f[stackconfig.KeyPolicy] = `{"fail":"warn","exceptions":[{"rule":"EKS004"}]}`
	if _, err := stackconfig.Parse(f); err == nil || !strings.Contains(err.Error(), "ekskit:policy.fail") || !strings.Contains(err.Error(), "exceptions[0].reason: required") {
		t.Errorf("bad policy: %v", err)
	}
}

// TestUnparsedInput: library users may hand rules a config that was not
// parsed (no defaults): no panic, the defaults apply; a zero day is an
// error; an empty fail severity is the default, error.
func TestUnparsedInput(t *testing.T) {
	cfg := stackconfig.Config{NodeGroups: map[string]spec.NodeGroup{"a": {InstanceTypes: []string{"t3.micro"}}}}
	cfg.Cluster.Name = "demo"
	fs, err := Check(Input{Stack: cfg.Stack(), Policy: cfg.Policy, Today: day})
	if err != nil || slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == "EKS001" }) < 0 {
		t.Errorf("findings %v, %v; want EKS001 from the defaulted endpoint", fs, err)
	}
	if _, err := Check(Input{Stack: cfg.Stack(), Policy: cfg.Policy}); err == nil {
		t.Error("a zero day is accepted")
	}
	if stop := Enforced([]Finding{{Rule: "EKS002", Severity: Info}, {Rule: "EKS011", Severity: Error}}, stackconfig.Policy{}); len(stop) != 1 || stop[0].Rule != "EKS011" {
		t.Errorf("empty fail: %v, want only the error", stop)
	}
}

// TestExtendedPriceByRegion: EKS008 names the extended-support price of
// the stack's region; with no region, the commercial regions' (partition
// aws), one price in all of them, saying so; where the price is not known
// (the China and AWS GovCloud (US) regions), no figure rather than
// another region's.
func TestExtendedPriceByRegion(t *testing.T) {
	const left = "1.33 left standard support on 2026-07-29: extended support until 2027-07-29 costs "
	for _, tc := range []struct{ region, want string }{
		{"eu-west-1", left + "$365.00 more a month ($0.60 instead of $0.10 per cluster-hour)"},
		{"", left + "$365.00 more a month ($0.60 instead of $0.10 per cluster-hour) in every commercial region " +
			"(partition aws; ekskit has no price for the China or AWS GovCloud (US) regions)"},
		{"cn-north-1", left + "the extended-support price"},
		{"us-gov-west-1", left + "the extended-support price"},
	} {
		f := atVersion(t, "1.33")
		if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".supportType", "EXTENDED"); err != nil {
			t.Fatal(err)
		}
		cfg, err := stackconfig.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := Check(Input{Stack: cfg.Stack(), Policy: cfg.Policy, Today: day, Region: tc.region})
		if i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == "EKS008" }); err != nil || i < 0 || fs[i].Message != tc.want {
			t.Errorf("region %q: got %v %v, want %q", tc.region, fs, err, tc.want)
		}
	}
	// the notice before standard support ends, with no region
	f := atVersion(t, "1.34")
	delete(f, stackconfig.KeyRegion)
	if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".supportType", "EXTENDED"); err != nil {
		t.Fatal(err)
	}
	want := "1.34 leaves standard support on 2026-12-02, in 2 day(s): with supportType EXTENDED, the cluster then stays at 1.34 " +
		"in extended support until 2027-12-02, which costs $365.00 more a month ($0.60 instead of $0.10 per cluster-hour) in every " +
		"commercial region (partition aws; ekskit has no price for the China or AWS GovCloud (US) regions); upgrade to 1.35 before"
	fs := check(t, f)
	if i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == "EKS008" }); i < 0 || fs[i].Message != want {
		t.Errorf("no region, 1.34 EXTENDED: got %v, want %q", fs, want)
	}
}

// TestRefusalDefaultFail: a policy without fail refuses at error, and says
// so.
func TestRefusalDefaultFail(t *testing.T) {
	err := Refusal([]Finding{{Rule: "EKS011", Severity: Error, Resource: "ekskit:cluster.protect", Message: "m", Fix: "f"}}, stackconfig.Policy{})
	if err == nil || !strings.Contains(err.Error(), "1 finding(s) at or above error (ekskit:policy.fail)") {
		t.Errorf("%v", err)
	}
}

// TestPublicOnlyAllowList: EKS018 is for a public-only endpoint with an
// allow-list; with the private endpoint too, nodes stay inside the VPC, and
// an endpoint open to all is EKS001's.
func TestPublicOnlyAllowList(t *testing.T) {
	for _, tc := range []struct {
		access string
		cidrs  []any
		want   bool
	}{
		{"public", []any{"54.240.193.128/26"}, true},
		{"public", []any{"0.0.0.0/1", "128.0.0.0/1"}, false},
		{"public", nil, false}, // 0.0.0.0/0
		{"public-and-private", []any{"54.240.193.128/26"}, false},
	} {
		f := with(t, stackconfig.KeyCluster, "endpointAccess", tc.access)
		if tc.cidrs != nil {
			if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".publicAccessCidrs", tc.cidrs); err != nil {
				t.Fatal(err)
			}
		}
		got := slices.ContainsFunc(check(t, f), func(f Finding) bool { return f.Rule == "EKS018" })
		if got != tc.want {
			t.Errorf("%s %v: EKS018 %v, want %v", tc.access, tc.cidrs, got, tc.want)
		}
	}
}

// TestMixedSizes: EKS019 fires on a group whose size moves (autoscaled, or
// spot) when the instance types spec knows differ in vCPUs or memory; the
// family does not matter, and a type spec does not know is not compared.
func TestMixedSizes(t *testing.T) {
	group := func(extra map[string]any, types ...any) map[string]any {
		g := map[string]any{"instanceTypes": types, "minSize": 3, "maxSize": 6}
		maps.Copy(g, extra)
		return g
	}
	auto := map[string]any{"autoscalerOwnsDesiredSize": true}
	spot := map[string]any{"capacityType": "SPOT"}
	for _, tc := range []struct {
		name  string
		group map[string]any
		want  string // EKS019's message; "" for none
	}{
		{"same size, three families", group(auto, "m5.large", "m6i.large", "m5a.large"), ""},
		{"autoscaled, two sizes", group(auto, "m5.large", "m5.xlarge"),
			"instance types of 2 sizes: m5.large (2 vCPU, 8 GiB); m5.xlarge (4 vCPU, 16 GiB): the Cluster Autoscaler plans a " +
				"scale-up with the vCPUs and memory of one of them (the first of the Auto Scaling group's) and expects every " +
				"type of the group to have the same; a node of another size can be too small for the pods it was added for, " +
				"or larger than they need"},
		{"same vCPUs, other memory", group(auto, "c5.large", "m5.large"),
			"instance types of 2 sizes: c5.large (2 vCPU, 4 GiB); m5.large (2 vCPU, 8 GiB): the Cluster Autoscaler plans a " +
				"scale-up with the vCPUs and memory of one of them (the first of the Auto Scaling group's) and expects every " +
				"type of the group to have the same; a node of another size can be too small for the pods it was added for, " +
				"or larger than they need"},
		{"on-demand, Pulumi owns the size", group(nil, "m5.large", "m5.xlarge"), ""},
		{"spot", group(spot, "m5.large", "m6i.large", "r5.large", "t3.large"),
			"instance types of 2 sizes: m5.large, m6i.large, t3.large (2 vCPU, 8 GiB); r5.large (2 vCPU, 16 GiB): spot nodes " +
				"are launched in whichever of these types' pools EC2 Auto Scaling picks, so the group's vCPUs and memory " +
				"change as nodes are interrupted and replaced; the EKS user guide recommends types of the same vCPUs and " +
				"memory for a spot group"},
		{"spot, autoscaled: the autoscaler's reason", group(map[string]any{"capacityType": "SPOT", "autoscalerOwnsDesiredSize": true},
			"m5.large", "m5.2xlarge"),
			"instance types of 2 sizes: m5.large (2 vCPU, 8 GiB); m5.2xlarge (8 vCPU, 32 GiB): the Cluster Autoscaler plans a " +
				"scale-up with the vCPUs and memory of one of them (the first of the Auto Scaling group's) and expects every " +
				"type of the group to have the same; a node of another size can be too small for the pods it was added for, " +
				"or larger than they need"},
		{"one type", group(auto, "m5.xlarge"), ""},
		{"unknown type beside one size", group(auto, "m5.large", "m5d.large"), ""},
		{"unknown type beside two sizes", group(auto, "m5.large", "m5d.large", "m5.xlarge"),
			"instance types of 2 sizes: m5.large (2 vCPU, 8 GiB); m5.xlarge (4 vCPU, 16 GiB); m5d.large: size not known to " +
				"ekskit, not compared: the Cluster Autoscaler plans a scale-up with the vCPUs and memory of one of them (the " +
				"first of the Auto Scaling group's) and expects every type of the group to have the same; a node of another " +
				"size can be too small for the pods it was added for, or larger than they need"},
		// a launch template's own type is one: nothing to compare
		{"launch template's type", map[string]any{"capacityType": "SPOT", "autoscalerOwnsDesiredSize": true, "minSize": 3,
			"maxSize": 6, "launchTemplate": map[string]any{"id": "lt-0123456789abcdef0", "version": "1"}}, ""},
		// a launch template without a type, the types in instanceTypes: compared
		{"launch template, types listed", group(map[string]any{"autoscalerOwnsDesiredSize": true,
			"launchTemplate": map[string]any{"id": "lt-0123456789abcdef0", "version": "1"}}, "c6i.large", "m6i.large"),
			"instance types of 2 sizes: c6i.large (2 vCPU, 4 GiB); m6i.large (2 vCPU, 8 GiB): the Cluster Autoscaler plans a " +
				"scale-up with the vCPUs and memory of one of them (the first of the Auto Scaling group's) and expects every " +
				"type of the group to have the same; a node of another size can be too small for the pods it was added for, " +
				"or larger than they need"},
	} {
		got := ""
		for _, f := range check(t, with(t, stackconfig.KeyNodeGroups, "system", tc.group)) {
			if f.Rule == "EKS019" {
				got = f.Message
			}
		}
		if got != tc.want {
			t.Errorf("%s: EKS019 %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestOlderKubeProxy: EKS021 fires on kube-proxy pinned for an older
// Kubernetes minor version than the cluster's, naming the key, both
// versions and what to set, and, at the most the skew allows, the upgrade
// it stops; not on one for the cluster's version, nor on one not pinned
// (EKS012's).
func TestOlderKubeProxy(t *testing.T) {
	const key = "cluster.addons.kube-proxy.version is "
	set := func(v string) string {
		return ": EKS's upgrade steps update kube-proxy to the cluster's version once the control plane is upgraded; set a v" + v +
			".x version (aws eks describe-addon-versions --addon-name kube-proxy --kubernetes-version " + v + " lists them)"
	}
	for _, tc := range []struct {
		name, cluster string
		addons        map[string]any
		want          string // EKS021's message, "": none
	}{
		{"same minor", "1.35", map[string]any{"kube-proxy": map[string]any{"version": "v1.35.0-eksbuild.2"}}, ""},
		{"one older", "1.35", map[string]any{"kube-proxy": map[string]any{"version": "v1.34.6-eksbuild.2"}},
			key + "v1.34.6-eksbuild.2, for Kubernetes 1.34, one minor version older than the cluster's 1.35" + set("1.35")},
		{"two older", "1.34", map[string]any{"kube-proxy": map[string]any{"version": "v1.32.13-eksbuild.5"}},
			key + "v1.32.13-eksbuild.5, for Kubernetes 1.32, two minor versions older than the cluster's 1.34" + set("1.34")},
		{"three older, the next upgrade refused", "1.35", map[string]any{"kube-proxy": map[string]any{"version": "v1.32.13-eksbuild.5"}},
			key + "v1.32.13-eksbuild.5, for Kubernetes 1.32, three minor versions older than the cluster's 1.35, the most the version " +
				"skew allows: ekskit refuses an upgrade to 1.36 that leaves it so" + set("1.35")},
		{"latest", "1.35", map[string]any{"kube-proxy": map[string]any{"version": "latest"}}, ""},
		{"EKS's default", "1.35", map[string]any{"kube-proxy": map[string]any{}}, ""},
		{"no kube-proxy", "1.35", map[string]any{"vpc-cni": map[string]any{"version": "v1.20.4-eksbuild.1"}}, ""},
		// coredns's and vpc-cni's versions are not Kubernetes's
		{"coredns and vpc-cni", "1.35", map[string]any{"coredns": map[string]any{"version": "v1.11.4-eksbuild.2"},
			"vpc-cni": map[string]any{"version": "v1.19.2-eksbuild.1"}, "kube-proxy": map[string]any{"version": kubeProxy["1.35"]}}, ""},
	} {
		f := with(t, stackconfig.KeyCluster, "version", tc.cluster)
		if err := stackconfig.SetPath(f, stackconfig.KeyCluster+".addons", tc.addons); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, fd := range check(t, f) {
			if fd.Rule == "EKS021" {
				got = append(got, fd.Message)
				if fd.Resource != "ekskit:cluster.addons.kube-proxy.version" || fd.Severity != Warning {
					t.Errorf("%s: %+v", tc.name, fd)
				}
			}
		}
		if want := []string{tc.want}; tc.want == "" && got != nil || tc.want != "" && !slices.Equal(got, want) {
			t.Errorf("%s: EKS021 %q, want %q", tc.name, got, tc.want)
		}
	}
	// settings a Go program gives rules.Check unvalidated
	s := spec.Stack{Cluster: spec.Cluster{Name: "demo", Version: "1.35", Addons: map[string]spec.Addon{"kube-proxy": {Version: "v1.30.14-eksbuild.28"}}}}
	fs, err := Check(Input{Stack: s, Today: day, Region: "us-east-1"})
	want := key + "v1.30.14-eksbuild.28, for Kubernetes 1.30, 5 minor versions older than the cluster's 1.35, more than the version skew allows (three)" + set("1.35")
	if i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == "EKS021" }); err != nil || i < 0 || fs[i].Message != want {
		t.Errorf("unvalidated: %v %v, want %q", fs, err, want)
	}
}

// TestHeldBack: EKS023 fires on a node group whose version is set and
// older than the cluster's, saying how far and what EKS refuses; not on
// one at the cluster's version or following it.
func TestHeldBack(t *testing.T) {
	for _, tc := range []struct {
		cluster, group, want string
	}{
		{"1.35", "", ""},
		{"1.35", "1.35", ""},
		{"1.35", "1.34", "version 1.34 is held one minor version behind the cluster's 1.35: EKS creates a node group only at its " +
			"cluster's version, so the group fails to be created if it is new (a new stack, or a replacement), and EKS refuses to " +
			"upgrade the cluster to 1.36 until the group is at 1.35"},
		{"1.35", "1.32", "version 1.32 is held three minor versions behind the cluster's 1.35"},
		{"1.34", "1.33", "version 1.33 is held one minor version behind the cluster's 1.34"},
	} {
		f := atVersion(t, tc.cluster)
		if tc.group != "" {
			if err := stackconfig.SetPath(f, stackconfig.KeyNodeGroups+".system.version", tc.group); err != nil {
				t.Fatal(err)
			}
		}
		got := ""
		for _, fd := range check(t, f) {
			if fd.Rule == "EKS023" {
				got = fd.Message
				if fd.Severity != Info || fd.Resource != "ekskit:nodeGroups.system" {
					t.Errorf("%s, group %s: %+v", tc.cluster, tc.group, fd)
				}
			}
		}
		if tc.want == "" && got != "" || !strings.HasPrefix(got, tc.want) {
			t.Errorf("cluster %s, group %s: EKS023 %q, want %q", tc.cluster, tc.group, got, tc.want)
		}
	}
	// an info: the hold of the README's upgrade steps does not stop a
	// stack that fails on warnings
	f := with(t, stackconfig.KeyNodeGroups, "system.version", "1.34")
	f[stackconfig.KeyPolicy] = `{"fail":"warning"}`
	cfg, err := stackconfig.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Enforce(Input{Stack: cfg.Stack(), Policy: cfg.Policy, Today: day, Region: "us-east-1"}); err != nil {
		t.Errorf("fail: warning refused a held group: %v", err)
	}
}

// TestReadmeListsEveryRule: the README's guardrail table has one row per
// rule, with its severity and every public id it stands for, and no row
// for a rule there is not.
func TestReadmeListsEveryRule(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{} // id: the row's cells
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "| EKS") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|") // no cell holds a |
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if _, dup := rows[cells[0]]; dup {
			t.Errorf("README: two rows for %s", cells[0])
		}
		rows[cells[0]] = cells
	}
	for _, r := range All {
		cells, ok := rows[r.ID]
		delete(rows, r.ID)
		if !ok {
			t.Errorf("README's guardrail table has no row for %s (%s)", r.ID, r.Title)
			continue
		}
		if len(cells) != 5 {
			t.Errorf("README's row for %s has %d cells, want 5 (id, severity, rule, public ids, fix)", r.ID, len(cells))
			continue
		}
		if cells[1] != string(r.Severity) {
			t.Errorf("README's row for %s: severity %q, want %q", r.ID, cells[1], r.Severity)
		}
		for _, ref := range r.Refs {
			if !strings.Contains(cells[3], ref) {
				t.Errorf("README's row for %s: public ids %q leave out %s", r.ID, cells[3], ref)
			}
		}
	}
	for id := range rows {
		t.Errorf("README's guardrail table has a row for %s, which is no rule", id)
	}
}

// TestFixKeys: a fix names a setting by its full config key
// (cluster.endpointAccess, nodeGroups.<name>.instanceTypes), as the
// findings' resources do, and only settings there are. Every dotted key
// under a top-level key (cluster., roles., nodeGroups., policy.) must be a
// setting of the type the stack config decodes it into, every struct and
// map under it included; every key of those types that a fix names on its
// own, camelCase (no English word) or followed by a colon (key: value),
// must end such a full key, or stand in the {...} written after one
// (cluster.encryption: {create: true}); a camelCase word that is no key
// must be one of the few values and words listed here.
func TestFixKeys(t *testing.T) {
	tops := map[string]reflect.Type{} // cluster: the type its value decodes into
	for key, typ := range map[string]reflect.Type{
		stackconfig.KeyCluster:    reflect.TypeFor[stackconfig.Cluster](),
		stackconfig.KeyRoles:      reflect.TypeFor[spec.Roles](),
		stackconfig.KeyNodeGroups: reflect.TypeFor[map[string]spec.NodeGroup](),
		stackconfig.KeyPolicy:     reflect.TypeFor[stackconfig.Policy](),
	} {
		tops[strings.TrimPrefix(key, stackconfig.Namespace+":")] = typ
	}
	keys := map[string]bool{} // every key of every type under them
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			walk(typ.Elem())
		case reflect.Struct:
			for _, f := range jsonFields(typ) {
				if !keys[f.name] {
					keys[f.name] = true
					walk(f.typ)
				}
			}
		}
	}
	for _, typ := range tops {
		walk(typ)
	}
	if !keys["instanceTypes"] || !keys["keyArn"] || !keys["effect"] || !keys["nodesPerGroup"] || !keys["reason"] {
		t.Fatalf("the walk missed keys: %v", slices.Sorted(maps.Keys(keys)))
	}
	// camelCase words of fixes that are no key
	notKeys := map[string]string{
		"controllerManager": "a log type, a value of cluster.logging",
		"vCPUs":             "a word",
		"nodeSelector":      "a key of coredns's configurationValues, not of the stack file",
	}
	full := regexp.MustCompile(`\b(` + strings.Join(slices.Sorted(maps.Keys(tops)), "|") + `)((?:\.[\w<>-]+)+)`)
	word := regexp.MustCompile(`\b[A-Za-z]\w*\b`)
	check := func(rule, fix string) []string {
		var errs []string
		covered := make([]bool, len(fix)) // by a full key, or the {...} after one
		for _, m := range full.FindAllStringSubmatchIndex(fix, -1) {
			path := fix[m[2]:m[3]] + fix[m[4]:m[5]]
			for i := m[0]; i < m[1]; i++ {
				covered[i] = true
			}
			typ, err := resolve(tops[fix[m[2]:m[3]]], strings.Split(fix[m[4]+1:m[5]], "."))
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s's fix names %s, which is no setting (%v): %q", rule, path, err, fix))
				continue
			}
			// cluster.encryption: {create: true}
			rest := fix[m[1]:]
			if !strings.HasPrefix(rest, ": {") || !strings.Contains(rest, "}") {
				continue
			}
			value := rest[len(": {"):strings.Index(rest, "}")]
			for _, kv := range strings.Split(value, ",") {
				k, _, _ := strings.Cut(strings.TrimSpace(kv), ":")
				if _, err := resolve(typ, []string{k}); err != nil {
					errs = append(errs, fmt.Sprintf("%s's fix gives %s a key %s, which is no setting (%v): %q", rule, path, k, err, fix))
				}
			}
			for i := m[1]; i < m[1]+len(": {")+len(value); i++ {
				covered[i] = true
			}
		}
		for _, at := range word.FindAllStringIndex(fix, -1) {
			w := fix[at[0]:at[1]]
			camel := strings.ToLower(w[:1]) == w[:1] && strings.ToLower(w) != w
			setting := strings.HasPrefix(fix[at[1]:], ":")
			switch {
			case covered[at[0]]:
			case keys[w] && (camel || setting):
				errs = append(errs, fmt.Sprintf("%s's fix names %s without its full key: %q", rule, w, fix))
			case camel && !keys[w] && notKeys[w] == "":
				errs = append(errs, fmt.Sprintf("%s's fix names %s, which is no setting: %q", rule, w, fix))
			}
		}
		return errs
	}
	for _, r := range All {
		for _, e := range check(r.ID, r.Fix) {
			t.Error(e)
		}
	}
	// what the check catches
	for _, tc := range []struct{ fix, want string }{
		{"set cluster.endpointAccess: private", ""},
		{"set cluster.addons.vpc-cni.irsa: true", ""},
		{"raise nodeGroups.<name>.minSize", ""},
		{"set ekskit:policy.fail: none", ""},
		{"set cluster.quotas.nodesPerGroup: 500", ""},
		{"set cluster.encryption: {create: true, protect: false}", ""},
		{"raise minSize", "names minSize without its full key"},
		{"set endpointAccess: private", "names endpointAccess without its full key"},
		{"set addons.vpc-cni.irsa: true", "names irsa without its full key"},
		{"raise nodeGroups.minSize", "names nodeGroups.minSize, which is no setting"},
		{"raise nodeGroups.<name>.minSizes", "names nodeGroups.<name>.minSizes, which is no setting"},
		{"set cluster.endpoint: private", "names cluster.endpoint, which is no setting"},
		{"set cluster.encryption: {created: true}", "gives cluster.encryption a key created, which is no setting"},
		{"list them in nodeGroups.<name>.instanceType", "which is no setting"},
		{"list them in instanceType", "names instanceType, which is no setting"},
		{"set nodeGroups.<name>.taints.effect", "which is no setting"},
	} {
		errs := check("test", tc.fix)
		if tc.want == "" && len(errs) > 0 || tc.want != "" && (len(errs) != 1 || !strings.Contains(errs[0], tc.want)) {
			t.Errorf("%q: %q, want %q", tc.fix, errs, tc.want)
		}
	}
}

type jsonField struct {
	name string
	typ  reflect.Type
}

// jsonFields are the keys of a struct type as encoding/json reads them:
// its fields' json names, an embedded struct's fields among them.
func jsonFields(typ reflect.Type) []jsonField {
	var out []jsonField
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct:
			out = append(out, jsonFields(f.Type)...)
		case name == "":
			out = append(out, jsonField{f.Name, f.Type})
		default:
			out = append(out, jsonField{name, f.Type})
		}
	}
	return out
}

// resolve follows keys down from typ: a struct's json keys; in a map, a
// name (<name>, vpc-cni), not a key of the map's values (nodeGroups.minSize
// has left the name out); a list takes no key (a fix names no element). It
// returns the type the keys reach.
func resolve(typ reflect.Type, keys []string) (reflect.Type, error) {
	for _, k := range keys {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		switch typ.Kind() {
		case reflect.Map:
			if _, err := resolve(typ.Elem(), []string{k}); err == nil {
				return nil, fmt.Errorf("%s is a key of %s, not a name", k, typ.Elem())
			}
			typ = typ.Elem()
			continue
		case reflect.Struct:
			i := slices.IndexFunc(jsonFields(typ), func(f jsonField) bool { return f.name == k })
			if i >= 0 {
				typ = jsonFields(typ)[i].typ
				continue
			}
		}
		return nil, fmt.Errorf("%s has no key %s", typ, k)
	}
	return typ, nil
}

// TestAddonPermissions: EKS024 fires for an add-on that calls AWS without
// a role of its own, and says how to give it one, by each way the add-on
// takes: irsa, with the policy the Mountpoint for S3 driver needs for the
// user's buckets; podIdentity, with the Pod Identity agent where the
// stack has none (the FSx driver's only way). vpc-cni on the node role is
// EKS006's.
func TestAddonPermissions(t *testing.T) {
	for _, tc := range []struct {
		name   string
		addons map[string]any
		want   []string // what its one finding says; none: it does not fire
	}{
		{"the EBS driver", map[string]any{"aws-ebs-csi-driver": map[string]any{}},
			[]string{"aws-ebs-csi-driver calls AWS APIs and needs the AWS managed policy AmazonEBSCSIDriverPolicy, " +
				"and ekskit gives its pods no IAM role: EKS installs it, and the EBS CSI controller's EC2 calls fail: no EBS volume is " +
				"created, attached or deleted for a claim; " +
				"set cluster.addons.aws-ebs-csi-driver.irsa: true, or set cluster.addons.aws-ebs-csi-driver.podIdentity: true " +
				"with the eks-pod-identity-agent add-on"}},
		{"the EBS driver with its own role", map[string]any{"aws-ebs-csi-driver": map[string]any{"irsa": true}}, nil},
		{"the EBS driver with its own role through Pod Identity", map[string]any{"aws-ebs-csi-driver": map[string]any{"podIdentity": true},
			"eks-pod-identity-agent": map[string]any{}}, nil},
		{"the EFS driver where the agent runs", map[string]any{"aws-efs-csi-driver": map[string]any{}, "eks-pod-identity-agent": map[string]any{}},
			[]string{"; set cluster.addons.aws-efs-csi-driver.irsa: true, or set cluster.addons.aws-efs-csi-driver.podIdentity: true"}},
		{"the CloudWatch agent", map[string]any{"amazon-cloudwatch-observability": map[string]any{}},
			[]string{"needs the AWS managed policies CloudWatchAgentServerPolicy and AWSXrayWriteOnlyAccess"}},
		{"the EFS driver, and the EBS driver with its own role", map[string]any{"aws-efs-csi-driver": map[string]any{},
			"aws-ebs-csi-driver": map[string]any{"irsa": true}}, []string{"set cluster.addons.aws-efs-csi-driver.irsa: true"}},
		{"the Mountpoint for S3 driver", map[string]any{"aws-mountpoint-s3-csi-driver": map[string]any{}},
			[]string{"needs a policy for the buckets it mounts",
				"; set cluster.addons.aws-mountpoint-s3-csi-driver.irsa: true, or set cluster.addons.aws-mountpoint-s3-csi-driver.podIdentity: " +
					"true with the eks-pod-identity-agent add-on and cluster.addons.aws-mountpoint-s3-csi-driver.version latest or " +
					"v2.0.0-eksbuild.1 or later; either way with the ARN of one in cluster.addons.aws-mountpoint-s3-csi-driver.policyArns"}},
		{"the Mountpoint for S3 driver with its own role", map[string]any{"aws-mountpoint-s3-csi-driver": map[string]any{"irsa": true,
			"policyArns": []string{"arn:aws:iam::111122223333:policy/eks-buckets"}}}, nil},
		{"the Mountpoint for S3 driver where the agent runs", map[string]any{"aws-mountpoint-s3-csi-driver": map[string]any{},
			"eks-pod-identity-agent": map[string]any{}}, []string{"podIdentity: true with cluster.addons.aws-mountpoint-s3-csi-driver.version " +
			"latest or v2.0.0-eksbuild.1 or later; either way"}},
		{"the Mountpoint for S3 driver with its own role through Pod Identity", map[string]any{"aws-mountpoint-s3-csi-driver": map[string]any{
			"podIdentity": true, "version": "latest", "policyArns": []string{"arn:aws:iam::111122223333:policy/eks-buckets"}},
			"eks-pod-identity-agent": map[string]any{}}, nil},
		// EKS user guide, "Deploy the FSx for Lustre driver"
		{"the FSx driver", map[string]any{"aws-fsx-csi-driver": map[string]any{}}, []string{
			"needs the AWS managed policy AmazonFSxFullAccess",
			"; set cluster.addons.aws-fsx-csi-driver.podIdentity: true with the eks-pod-identity-agent add-on"}},
		{"the FSx driver with its own role", map[string]any{"aws-fsx-csi-driver": map[string]any{"podIdentity": true},
			"eks-pod-identity-agent": map[string]any{}}, nil},
		{"vpc-cni on the node role", map[string]any{"vpc-cni": map[string]any{}}, nil},
		{"an add-on that calls no AWS API", map[string]any{"metrics-server": map[string]any{}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addonPermissions(t, with(t, stackconfig.KeyCluster, "addons", tc.addons), tc.want)
		})
	}
}

// TestAdministratorAccess: EKS026 fires on AdministratorAccess, in any
// partition, among the node role's, an add-on's own role's or a pod
// identity's policies, at its key, naming who gets it; not on other
// policies, nor on a customer policy of that name.
func TestAdministratorAccess(t *testing.T) {
	const admin, cnAdmin = "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws-cn:iam::aws:policy/AdministratorAccess"
	const gets = " get administrator access to the account (AdministratorAccess: every action on every resource): a pod that " +
		"is broken into, or a container image that is not what it says, can then do anything in the account"
	for _, tc := range []struct {
		name  string
		key   string
		path  string
		v     any
		agent bool              // the Pod Identity agent among the add-ons
		want  map[string]string // resource: message
	}{
		{"the node role's", stackconfig.KeyRoles, "nodePolicyArns", []any{"arn:aws:iam::aws:policy/ReadOnlyAccess", admin}, false,
			map[string]string{"ekskit:roles.nodePolicyArns[1]": "the nodes, and the pods that reach their instance metadata " +
				"(host-network pods; any pod on Amazon Linux 2, or with a launch template whose metadata options allow it: EKS007)" + gets}},
		{"an add-on's", stackconfig.KeyCluster, "addons.aws-ebs-csi-driver", map[string]any{"irsa": true, "policyArns": []any{admin}},
			false, map[string]string{"ekskit:cluster.addons.aws-ebs-csi-driver.policyArns[0]": "aws-ebs-csi-driver's pods (service account " +
				"kube-system/ebs-csi-controller-sa)" + gets}},
		{"a pod identity's", stackconfig.KeyCluster, "podIdentities", map[string]any{"app": map[string]any{"namespace": "shop",
			"serviceAccount": "cart", "policyArns": []any{admin}}}, true,
			map[string]string{"ekskit:cluster.podIdentities.app.policyArns[0]": "the pods of service account shop/cart" + gets}},
		{"the EFS driver's, through IRSA", stackconfig.KeyCluster, "addons.aws-efs-csi-driver", map[string]any{"irsa": true,
			"policyArns": []any{admin}}, false, map[string]string{"ekskit:cluster.addons.aws-efs-csi-driver.policyArns[0]": "aws-efs-csi-driver's " +
			"pods (service accounts kube-system/efs-csi-*)" + gets}},
		{"the EFS driver's, through Pod Identity", stackconfig.KeyCluster, "addons.aws-efs-csi-driver", map[string]any{"podIdentity": true,
			"policyArns": []any{admin}}, true, map[string]string{"ekskit:cluster.addons.aws-efs-csi-driver.policyArns[0]": "aws-efs-csi-driver's " +
			"pods (service account kube-system/efs-csi-controller-sa)" + gets}},
		{"the EFS driver's, through both", stackconfig.KeyCluster, "addons.aws-efs-csi-driver", map[string]any{"irsa": true,
			"podIdentity": true, "policyArns": []any{admin}}, true, map[string]string{"ekskit:cluster.addons.aws-efs-csi-driver.policyArns[0]": "" +
			"aws-efs-csi-driver's pods (service accounts kube-system/efs-csi-* and kube-system/efs-csi-controller-sa)" + gets}},
		{"a customer policy of that name", stackconfig.KeyRoles, "nodePolicyArns",
			[]any{"arn:aws:iam::111122223333:policy/AdministratorAccess"}, false, nil},
		{"another AWS policy", stackconfig.KeyRoles, "nodePolicyArns", []any{"arn:aws:iam::aws:policy/AdministratorAccess-Amplify"},
			false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flat := with(t, tc.key, tc.path, tc.v)
			if tc.agent {
				if err := stackconfig.SetPath(flat, stackconfig.KeyCluster+".addons.eks-pod-identity-agent", map[string]any{}); err != nil {
					t.Fatal(err)
				}
			}
			findingsAre(t, flat, "EKS026", tc.want)
		})
	}
	cn := with(t, stackconfig.KeyRoles, "nodePolicyArns", []any{cnAdmin})
	cn[stackconfig.KeyRegion] = "cn-north-1"
	if !slices.ContainsFunc(check(t, cn), func(f Finding) bool { return f.Rule == "EKS026" }) {
		t.Errorf("EKS026 did not fire on %s in cn-north-1", cnAdmin)
	}
}

// TestSecretsClusterWide: EKS025 fires once for an access entry given,
// at cluster scope, any access policy that reads Secrets, naming each such
// policy; not for one scoped to namespaces, nor for the view policy, nor
// for Kubernetes groups (their bindings are the user's own), nor for the
// admins. Of cluster-admin it says where one belongs.
func TestSecretsClusterWide(t *testing.T) {
	const dev = "arn:aws:iam::111122223333:role/developers"
	entry := func(policies map[string]any, more ...map[string]any) []any {
		out := []any{map[string]any{"principalArn": dev, "policies": policies}}
		for _, m := range more {
			out = append(out, m)
		}
		return out
	}
	all, scoped := map[string]any{}, map[string]any{"namespaces": []any{"team-a", "dev-*"}}
	for _, tc := range []struct {
		name   string
		access []any
		want   map[string]string // resource: what its finding says, whole
	}{
		{"edit, cluster-wide", entry(map[string]any{"AmazonEKSEditPolicy": all}), map[string]string{"ekskit:cluster.access[0]": dev +
			" can read every Secret in every namespace (service account tokens, workloads' credentials) through AmazonEKSEditPolicy at " +
			"cluster scope"}},
		{"edit in namespaces", entry(map[string]any{"AmazonEKSEditPolicy": scoped}), nil},
		{"view, cluster-wide", entry(map[string]any{"AmazonEKSViewPolicy": all}), nil},
		{"view cluster-wide, edit in namespaces", entry(map[string]any{"AmazonEKSViewPolicy": all, "AmazonEKSEditPolicy": scoped}), nil},
		{"groups only", []any{map[string]any{"principalArn": dev, "kubernetesGroups": []any{"deployers"}}}, nil},
		{"every reader of Secrets, cluster-wide", entry(map[string]any{"AmazonEKSAdminPolicy": all, "AmazonEKSAdminViewPolicy": all,
			"AmazonEKSSecretReaderPolicy": all, "AmazonEKSViewPolicy": all}), map[string]string{"ekskit:cluster.access[0]": dev +
			" can read every Secret in every namespace (service account tokens, workloads' credentials) through AmazonEKSAdminPolicy and " +
			"AmazonEKSAdminViewPolicy and AmazonEKSSecretReaderPolicy at cluster scope"}},
		{"cluster-admin, the second entry", entry(map[string]any{"AmazonEKSViewPolicy": all}, map[string]any{
			"principalArn": "arn:aws:iam::111122223333:user/ops", "policies": map[string]any{spec.AdminPolicy: all}}),
			map[string]string{"ekskit:cluster.access[1]": "arn:aws:iam::111122223333:user/ops can read every Secret in every namespace " +
				"(service account tokens, workloads' credentials) through AmazonEKSClusterAdminPolicy at cluster scope; " +
				"AmazonEKSClusterAdminPolicy makes it a cluster-admin, which cluster.admins gives where a review looks for one (CIS EKS 4.1.1)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			findingsAre(t, with(t, stackconfig.KeyCluster, "access", tc.access), "EKS025", tc.want)
		})
	}
	admins := with(t, stackconfig.KeyCluster, "admins", []any{"arn:aws:iam::111122223333:role/platform"})
	for _, f := range check(t, admins) {
		if f.Rule == "EKS025" {
			t.Errorf("EKS025 on an admin: %v", f)
		}
	}
}

// findingsAre checks that rule's findings on flat are want, by resource,
// whole, one per resource.
func findingsAre(t *testing.T, flat map[string]string, rule string, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, f := range check(t, flat) {
		if f.Rule == rule {
			if _, twice := got[f.Resource]; twice {
				t.Errorf("%s: two findings on %s", rule, f.Resource)
			}
			got[f.Resource] = f.Message
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %q, want %q", rule, got, want)
	}
	for r, w := range want {
		if got[r] != w {
			t.Errorf("%s on %s:\n got %q\nwant %q", rule, r, got[r], w)
		}
	}
}

// addonPermissions checks that EKS024 fires once on flat, saying each of
// want, or not at all where want is empty.
func addonPermissions(t *testing.T, flat map[string]string, want []string) {
	t.Helper()
	var got []string
	for _, f := range check(t, flat) {
		if f.Rule == "EKS024" {
			got = append(got, f.Message)
		}
	}
	if fires := len(want) > 0; len(got) > 1 || fires != (len(got) == 1) {
		t.Fatalf("EKS024: %q, want one finding: %v", got, fires)
	}
	for _, w := range want {
		if !strings.Contains(got[0], w) {
			t.Errorf("EKS024: %q, want it to say %q", got[0], w)
		}
	}
}

// TestAddonPermissionsPodIdentities: a pod identity whose association
// names an add-on's Pod Identity service account gives the add-on its
// role, and EKS024 does not fire; unless the add-on's version takes no
// association (the Mountpoint for S3 driver before v2.0.0), which it
// then says.
func TestAddonPermissionsPodIdentities(t *testing.T) {
	agent := map[string]any{}
	pod := func(sa string) map[string]any {
		return map[string]any{"own": map[string]any{"namespace": "kube-system", "serviceAccount": sa,
			"policyArns": []string{"arn:aws:iam::111122223333:policy/own"}}}
	}
	for _, tc := range []struct {
		name   string
		addons map[string]any
		pods   map[string]any // cluster.podIdentities
		want   []string       // what its one finding says; none: it does not fire
	}{
		{"the EBS driver with a pod identity", map[string]any{"aws-ebs-csi-driver": map[string]any{}, "eks-pod-identity-agent": agent},
			pod("ebs-csi-controller-sa"), nil},
		{"the EBS driver with a pod identity for another account", map[string]any{"aws-ebs-csi-driver": map[string]any{},
			"eks-pod-identity-agent": agent}, pod("ebs-csi-node-sa"), []string{"and ekskit gives its pods no IAM role"}},
		{"the EFS driver with a pod identity for its controller", map[string]any{"aws-efs-csi-driver": map[string]any{},
			"eks-pod-identity-agent": agent}, pod("efs-csi-controller-sa"), nil},
		{"the Mountpoint for S3 driver with a pod identity", map[string]any{"aws-mountpoint-s3-csi-driver": map[string]any{},
			"eks-pod-identity-agent": agent}, pod("s3-csi-driver-sa"), []string{"aws-mountpoint-s3-csi-driver calls AWS APIs and needs " +
			"a policy for the buckets it mounts, and cluster.podIdentities.own associates a role with its service account " +
			"kube-system/s3-csi-driver-sa, but the add-on takes Pod Identity credentials only from v2.0.0 on, and " +
			"cluster.addons.aws-mountpoint-s3-csi-driver.version is unset (EKS's default, which may be older): EKS installs it, and " +
			"the Mountpoint for S3 driver's calls fail: no bucket is mounted; set cluster.addons.aws-mountpoint-s3-csi-driver.version " +
			"to latest or v2.0.0-eksbuild.1 or later (a major version: read its upgrade notes first), or set " +
			"cluster.addons.aws-mountpoint-s3-csi-driver.irsa: true"}},
		{"the Mountpoint for S3 driver at latest with a pod identity", map[string]any{"aws-mountpoint-s3-csi-driver": map[string]any{
			"version": "latest"}, "eks-pod-identity-agent": agent}, pod("s3-csi-driver-sa"), nil},
		{"the FSx driver with a pod identity", map[string]any{"aws-fsx-csi-driver": map[string]any{}, "eks-pod-identity-agent": agent},
			pod("fsx-csi-controller-sa"), nil},
		{"the EBS driver with a pod identity in another namespace", map[string]any{"aws-ebs-csi-driver": map[string]any{},
			"eks-pod-identity-agent": agent}, map[string]any{"own": map[string]any{"namespace": "storage",
			"serviceAccount": "ebs-csi-controller-sa", "policyArns": []string{"arn:aws:iam::111122223333:policy/own"}}},
			[]string{"and ekskit gives its pods no IAM role"}},
		{"the Mountpoint for S3 driver v1 with a pod identity", map[string]any{"aws-mountpoint-s3-csi-driver": map[string]any{
			"version": "v1.15.0-eksbuild.1"}, "eks-pod-identity-agent": agent}, pod("s3-csi-driver-sa"),
			[]string{"cluster.addons.aws-mountpoint-s3-csi-driver.version is v1.15.0-eksbuild.1: "}},
		{"the Mountpoint for S3 driver v2 with a pod identity", map[string]any{"aws-mountpoint-s3-csi-driver": map[string]any{
			"version": "v2.1.0-eksbuild.1"}, "eks-pod-identity-agent": agent}, pod("s3-csi-driver-sa"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flat := with(t, stackconfig.KeyCluster, "addons", tc.addons)
			if err := stackconfig.SetPath(flat, stackconfig.KeyCluster+".podIdentities", tc.pods); err != nil {
				t.Fatal(err)
			}
			addonPermissions(t, flat, tc.want)
		})
	}
}

// TestCoreDNSAffinity: EKS013 reads coredns's required node affinity, and
// says so: no group's labels match it, so no group runs coredns.
func TestCoreDNSAffinity(t *testing.T) {
	values := `{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[` +
		`{"matchExpressions":[{"key":"role","operator":"In","values":["system"]}]}]}}}}`
	flat := with(t, stackconfig.KeyCluster, "addons.coredns", map[string]any{"configurationValues": values})
	var got []string
	for _, f := range check(t, flat) {
		if f.Rule == "EKS013" {
			got = append(got, f.Message)
		}
	}
	want := "no node group runs nodes coredns can run on (Linux, without a taint it does not tolerate, matching its required node affinity)"
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("EKS013: %q, want %q", got, want)
	}
	// the same with a group labelled role: system
	if err := stackconfig.SetPath(flat, stackconfig.KeyNodeGroups+".simple-bank.labels", map[string]string{"role": "system"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range check(t, flat) {
		if f.Rule == "EKS013" {
			t.Errorf("EKS013 fired for a group coredns's affinity selects: %s", f.Message)
		}
	}
}
