package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ekskit/ekskit/cost"
	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/rules"
	"github.com/ekskit/ekskit/stackconfig"
)

func TestPlanCommand(t *testing.T) {
	for _, stack := range stackNames(t) {
		var out, errOut bytes.Buffer
		if code := runPlan([]string{"--stack", stack, "--json"}, &out, &errOut); code != exitOK {
			t.Fatalf("%s: exit %d: %s", stack, code, errOut.String())
		}
		doc, err := plan.DecodeDocument(&out)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Stack != stack || len(doc.Resources) < 10 {
			t.Errorf("%s: stack %q, %d resources", stack, doc.Stack, len(doc.Resources))
		}
		for _, r := range doc.Resources {
			if r.Type == "aws:iam/role:Role" && r.Inputs["arn"] != nil {
				t.Errorf("%s: a role ARN is known before apply", r.URN)
			}
		}
	}
}

func TestPlanSet(t *testing.T) {
	// with the namespace, and without it (the project's, as pulumi config set)
	for _, set := range []string{"ekskit:nodeGroups.simple-bank.desiredSize=2", "nodeGroups.simple-bank.desiredSize=2"} {
		var out, errOut bytes.Buffer
		if code := runPlan([]string{"--stack", "dev", "--json", "--set", set}, &out, &errOut); code != exitOK {
			t.Fatalf("%s: exit %d: %s", set, code, errOut.String())
		}
		doc, err := plan.DecodeDocument(&out)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Resources {
			if r.Type == "aws:eks/nodeGroup:NodeGroup" {
				if got := r.Inputs["scalingConfig"].(map[string]any)["desiredSize"]; got != 2.0 {
					t.Errorf("%s: desiredSize = %v, want 2", set, got)
				}
			}
		}
	}
}

// TestPlanSetKeyWithDots: a label key with dots is set in brackets, and a
// problem with it is reported at that same path, which --set takes back.
func TestPlanSetKeyWithDots(t *testing.T) {
	path := `nodeGroups.simple-bank.labels["example.com/tier"]`
	var out, errOut bytes.Buffer
	if code := runPlan([]string{"--stack", "dev", "--json", "--set", path + "=web"}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), `"example.com/tier": "web"`) {
		t.Errorf("the label is not on the node group:\n%s", out.String())
	}
	out.Reset()
	reserved := `nodeGroups.simple-bank.labels["kubernetes.io/role"]`
	if code := runPlan([]string{"--stack", "dev", "--set", reserved + "=x"}, &out, &errOut); code != exitUsage ||
		!strings.Contains(errOut.String(), "ekskit:"+reserved+`: "kubernetes.io/role": the prefix kubernetes.io/ is reserved`) {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
}

// TestPlanSetListElement: a problem in a list element is printed at a path
// with its index, and --set takes that path back to fix it.
func TestPlanSetListElement(t *testing.T) {
	taints := "nodeGroups.simple-bank.taints=[{key: dedicated, value: batch, effect: NoSchedule}]"
	var out, errOut bytes.Buffer
	if code := runPlan([]string{"--stack", "dev", "--set", taints}, &out, &errOut); code != exitUsage ||
		!strings.Contains(errOut.String(), `ekskit:nodeGroups.simple-bank.taints[0].effect: "NoSchedule": must be one of`) {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	out.Reset()
	errOut.Reset()
	fix := "nodeGroups.simple-bank.taints[0].effect=NO_SCHEDULE"
	if code := runPlan([]string{"--stack", "dev", "--json", "--set", taints, "--set", fix}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	doc, err := plan.DecodeDocument(&out)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range doc.Resources {
		if r.Type == "aws:eks/nodeGroup:NodeGroup" {
			want := []any{map[string]any{"key": "dedicated", "value": "batch", "effect": "NO_SCHEDULE"}}
			if !reflect.DeepEqual(r.Inputs["taints"], want) {
				t.Errorf("taints = %v, want %v", r.Inputs["taints"], want)
			}
		}
	}
}

func TestPlanRejects(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		// want is in stderr ("": not checked beyond the exit code)
		want string
	}{
		"two problems": {[]string{"--stack", "dev", "--set", "ekskit:nodeGroups.simple-bank.desiredSize=9", "--set", "ekskit:cluster.endpointAccess=open"},
			"ekskit:cluster.endpointAccess"},
		"no stack":     {[]string{}, "give --stack or --config-file"},
		"bad set":      {[]string{"--stack", "dev", "--set", "nonsense"}, `--set "nonsense": want PATH=VALUE`},
		"no file":      {[]string{"--stack", "nope"}, "no stack nope"},
		"null cluster": {[]string{"--stack", "dev", "--set", "cluster=null"}, "ekskit:cluster: nothing: must be an object"},
		"groups list":  {[]string{"--stack", "dev", "--set", "nodeGroups=[1, 2]"}, "ekskit:nodeGroups"},
		"odd taint":    {[]string{"--stack", "dev", "--set", "nodeGroups.simple-bank.taints=[{effect: 3}, null, x]"}, "taints[1]: must not be null"},
		"empty set":    {[]string{"--stack", "dev", "--set", ""}, "want PATH=VALUE"},
		"no path":      {[]string{"--stack", "dev", "--set", "=1"}, "want PATH=VALUE"},
		"empty step":   {[]string{"--stack", "dev", "--set", "cluster..name=x"}, ""},
		"bad yaml":     {[]string{"--stack", "dev", "--set", "cluster.name=[x"}, "is not YAML"},
		"extra arg":    {[]string{"--stack", "dev", "extra"}, `plan takes no arguments, got "extra"`},
		"both sources": {[]string{"--stack", "dev", "--config-file", "stacks/Pulumi.dev.yaml"}, "give --stack or --config-file, one of them"},
		"map keys not strings": {[]string{"--stack", "dev", "--set", "nodeGroups.simple-bank.labels={1: a}"},
			`--set ekskit:nodeGroups.simple-bank.labels: map keys must be strings (quote them)`},
		"infinity": {[]string{"--stack", "dev", "--set", "nodeGroups.simple-bank.labels.a=.inf"}, "--set ekskit:nodeGroups.simple-bank.labels.a: +Inf is not a number a config can hold"},
		// an empty value is the empty string, not "unset"
		"empty value": {[]string{"--stack", "dev", "--set", "nodeGroups.simple-bank.labels.a="},
			`ekskit:nodeGroups.simple-bank.labels.a: "": label values are 1 to 63`},
		"day zero":     {[]string{"--stack", "dev", "--today", "0001-01-01"}, `--today "0001-01-01": want a day, YYYY-MM-DD`},
		"empty region": {[]string{"--stack", "dev", "--set", "aws:region="}, `aws:region: "": not an AWS region`},
	} {
		var out, errOut bytes.Buffer
		if code := runPlan(tc.args, &out, &errOut); code != exitInvalid {
			t.Errorf("%s: exit %d, want %d", name, code, exitInvalid)
		}
		if out.Len() != 0 {
			t.Errorf("%s: planned despite the error: %s", name, out.String())
		}
		if !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("%s: stderr %q, want it to hold %q", name, errOut.String(), tc.want)
		}
	}
}

func TestPlanTree(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := runPlan([]string{"--stack", "prod"}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"eks:index:Cluster", "create [protected]", "[protected; retained on delete]",
		"ignores scalingConfig.desiredSize", "Offline answers", "to create"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("tree lacks %q", want)
		}
	}
}

// TestPlanSecureValues: a secure value the program does not read (another
// namespace, the aws provider's credentials) is left out of the offline
// plan, and the rest is validated (a bad name is set to show it); one it
// reads is a problem naming its key (the whole key, however deep the
// secure value), and the only one: the rest is not checked against what
// the plan cannot see.
func TestPlanSecureValues(t *testing.T) {
	dev, err := os.ReadFile("stacks/Pulumi.dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const badName = `ekskit:cluster.name: "x!": must be 1 to 100`
	for _, tc := range []struct {
		name, extra string
		want        []string
	}{
		{"others' secrets", "  datadog:apiKey:\n    secure: AAABAHh5eg==\n  aws:secretKey:\n    secure: AAABAHh5eg==\n", []string{badName}},
		{"ekskit's own", "  ekskit:token:\n    secure: AAABAHh5eg==\n  datadog:apiKey:\n    secure: AAABAHh5eg==\n",
			// alone: the rest is not checked against what the plan cannot see
			[]string{"1 config problem(s):\n  ekskit:token: holds a secure value"}},
	} {
		path := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
		if err := os.WriteFile(path, append(dev, tc.extra...), 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		if code := runPlan([]string{"--config-file", path, "--set", "cluster.name=x!"}, &out, &errOut); code != exitInvalid {
			t.Errorf("%s: exit %d, want %d: %s", tc.name, code, exitInvalid, errOut.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut.String(), w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, errOut.String())
			}
		}
		if strings.Contains(errOut.String(), "datadog") || strings.Contains(errOut.String(), "aws:secretKey") {
			t.Errorf("%s: a key ekskit does not read is named:\n%s", tc.name, errOut.String())
		}
	}
	// a secure value inside ekskit:cluster hides the whole key, which is
	// not also "required"
	path := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
	file := "config:\n  ekskit:cluster:\n    name: simple-bank\n    tags:\n      owner:\n        secure: AAABAHh5eg==\n"
	if err := os.WriteFile(path, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := runPlan([]string{"--config-file", path}, &out, &errOut); code != exitInvalid ||
		!strings.Contains(errOut.String(), "1 config problem(s):\n  ekskit:cluster: holds a secure value (at or under it") {
		t.Errorf("a secure tag: exit %d:\n%s", code, errOut.String())
	}
	// secure node groups: coredns does not also "need at least one node group"
	file = "config:\n  ekskit:cluster:\n    name: simple-bank\n  ekskit:nodeGroups:\n    secure: AAABAHh5eg==\n"
	if err := os.WriteFile(path, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	errOut.Reset()
	if code := runPlan([]string{"--config-file", path}, &out, &errOut); code != exitInvalid ||
		!strings.Contains(errOut.String(), "1 config problem(s):\n  ekskit:nodeGroups: holds a secure value") {
		t.Errorf("secure node groups: exit %d:\n%s", code, errOut.String())
	}
}

// TestPlanWithoutRegion: a stack with no aws:region is planned in
// us-east-1, and EKS020 says so: plan checks the rules on the stack's own
// region, not on the one it assumes. The stacks set theirs.
func TestPlanWithoutRegion(t *testing.T) {
	dev, err := os.ReadFile("stacks/Pulumi.dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const line = "  aws:region: us-east-1\n"
	if !bytes.Contains(dev, []byte(line)) {
		t.Fatalf("stacks/Pulumi.dev.yaml has no line %q", line)
	}
	path := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
	if err := os.WriteFile(path, bytes.Replace(dev, []byte(line), nil, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--config-file", path}, {"--stack", "dev"}} {
		var out, errOut bytes.Buffer
		if code := runPlan(args, &out, &errOut); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
		}
		warned := strings.Contains(out.String(), "warning EKS020 aws:region: aws:region is not set")
		if want := args[0] == "--config-file"; warned != want {
			t.Errorf("%v: EKS020 %v, want %v:\n%s", args, warned, want, out.String())
		}
	}
}

// TestPlanCountsDefaultVPCZones: plan gives EKS009 the zones of the
// default VPC's default subnets in the stack's region, which a program
// run does not know: a protected dev with minSize 2 is below us-east-1's
// five (use1-az3 left out), and eu-west-1's three; minSize 3 is not below
// eu-west-1's.
func TestPlanCountsDefaultVPCZones(t *testing.T) {
	for _, tc := range []struct {
		region, minSize, want string
	}{
		{"us-east-1", "2", "minSize 2 is below the 5 zones of the default VPC's default subnets the cluster runs in (use1-az1, use1-az2, use1-az4, use1-az5, use1-az6,"},
		{"eu-west-1", "2", "minSize 2 is below the 3 zones of the default VPC's default subnets the cluster runs in (euw1-az1, euw1-az2, euw1-az3,"},
		{"eu-west-1", "3", ""},
	} {
		var out, errOut bytes.Buffer
		args := []string{"--stack", "dev", "--set", "policy.fail=none", "--set", "cluster.protect=true", "--set", "aws:region=" + tc.region,
			"--set", "nodeGroups.simple-bank.minSize=" + tc.minSize, "--set", "nodeGroups.simple-bank.desiredSize=" + tc.minSize,
			"--set", "nodeGroups.simple-bank.maxSize=3"}
		if code := runPlan(args, &out, &errOut); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
		}
		_, got, found := strings.Cut(out.String(), "warning EKS009 ekskit:nodeGroups.simple-bank: ")
		if tc.want == "" && found || tc.want != "" && !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s, minSize %s: EKS009 %q, want %q", tc.region, tc.minSize, got, tc.want)
		}
	}
}

// TestCostTable: the estimate's prices stand in one column, after the
// longest item (prod's spot group, dev's public IPv4 address were past the
// column of 60 characters there was), and an item longer than maxCostItem
// (a group of many instance types) wraps, its price on its first line.
func TestCostTable(t *testing.T) {
	many := "node group many: 0 to 10 (autoscaled) spot from " + strings.TrimSuffix(strings.Repeat("m6i.large, ", 20), ", ")
	e := cost.Estimate{Region: "us-east-1", Lines: []cost.Line{
		{Item: "control plane, 1.35 standard support", Low: 73, High: 73},
		{Item: "node group simple-bank: 1 x public IPv4 address (default subnets)", Low: 3.65, High: 3.65},
		{Item: "node group spot: 0 to 10 (autoscaled) spot from m6i.large, m6a.large, m5.large, m5a.large", Low: 0, High: 700.80},
	}, Low: 76.65, High: 777.45, Complete: true}
	for _, tc := range []struct {
		name  string
		lines []cost.Line
		width int // of the items' column
	}{
		{"long items", e.Lines, len(e.Lines[2].Item)},
		{"an item to wrap", append(slices.Clone(e.Lines), cost.Line{Item: many, Unknown: "no price for m6i.large here"}), maxCostItem},
	} {
		e := e
		e.Lines = tc.lines
		var out bytes.Buffer
		writeCost(&out, e)
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")[2:] // after the blank line and the heading
		lines = lines[:len(lines)-1]                                             // before not estimated
		priceAt := 4 + tc.width + 2
		var items []string
		for _, l := range append(slices.Clone(e.Lines), cost.Line{Item: "total", Low: e.Low, High: e.High}) {
			price := money(l.Low, l.High)
			if l.Unknown != "" {
				price = "unknown: " + l.Unknown
			}
			if len(lines) == 0 || len(lines[0]) < priceAt || lines[0][priceAt:] != price || lines[0][priceAt-2:priceAt] != "  " {
				t.Errorf("%s: %q: want its price %q at column %d:\n%s", tc.name, l.Item, price, priceAt, out.String())
				break
			}
			item := strings.TrimSpace(lines[0][:priceAt])
			for lines = lines[1:]; len(lines) > 0 && strings.HasPrefix(lines[0], "        "); lines = lines[1:] {
				if len(lines[0]) > 4+tc.width {
					t.Errorf("%s: %q is wider than the column of items", tc.name, lines[0])
				}
				item += " " + strings.TrimSpace(lines[0])
			}
			items = append(items, item)
		}
		var want []string
		for _, l := range e.Lines {
			want = append(want, l.Item)
		}
		if want = append(want, "total"); !slices.Equal(items, want) {
			t.Errorf("%s: items %q, want %q", tc.name, items, want)
		}
	}
}

// TestPlanRecordsStackConfig: plan --json records the config it planned,
// --set applied, in the stack file's form: read back, it parses to the
// same settings. Only the keys ekskit reads are recorded: not another
// provider's key, a plain aws:secretKey, nor a secure value.
func TestPlanRecordsStackConfig(t *testing.T) {
	recorded := func(t *testing.T, args ...string) (stackConfig, string) {
		t.Helper()
		out := planJSON(t, args...)
		var doc struct {
			StackConfig *stackConfig `json:"stackConfig"`
		}
		if err := json.Unmarshal(out, &doc); err != nil || doc.StackConfig == nil {
			t.Fatalf("%v: stackConfig %v (%v):\n%s", args, doc.StackConfig, err, out)
		}
		return *doc.StackConfig, string(out)
	}
	parse := func(t *testing.T, cfg map[string]string) stackconfig.Config {
		t.Helper()
		c, err := stackconfig.Parse(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, stack := range stackNames(t) {
		got, _ := recorded(t, "--stack", stack)
		if want := loadStack(t, stack); !reflect.DeepEqual(parse(t, got), parse(t, want)) {
			t.Errorf("%s: recorded %q parses otherwise than the stack file's %q", stack, got, want)
		}
	}
	got, _ := recorded(t, "--stack", "dev", "--set", "nodeGroups.simple-bank.desiredSize=2")
	if size := parse(t, got).NodeGroups["simple-bank"].DesiredSize; size == nil || *size != 2 {
		t.Errorf("--set desiredSize=2 recorded as %v: %q", size, got)
	}

	dev, err := os.ReadFile("stacks/Pulumi.dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
	extra := "  aws:profile: personal\n  aws:secretKey: plain-text-key\n  datadog:apiKey:\n    secure: AAABAHh5eg==\n"
	if err := os.WriteFile(path, append(dev, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	got, out := recorded(t, "--config-file", path)
	// ekskit:policy is Pulumi.yaml's default, as the program gets it
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, []string{"aws:region", "ekskit:cluster", "ekskit:nodeGroups", "ekskit:policy", "ekskit:roles"}) {
		t.Errorf("keys recorded: %q", keys)
	}
	for _, secret := range []string{"personal", "plain-text-key", "AAABAHh5eg==", "datadog"} {
		if strings.Contains(out, secret) {
			t.Errorf("the plan holds %q", secret)
		}
	}
}

// TestStackConfigJSON: an object value is written as an object, any other
// as a string, and each reads back as the string Pulumi gives the program.
func TestStackConfigJSON(t *testing.T) {
	c := stackConfig{"aws:region": "us-east-1", "ekskit:cluster": `{"name": "x", "tags": {"a": "1"}}`,
		"ekskit:policy": "{not json", "ekskit:roles": "5"}
	data, err := json.Marshal(c)
	if want := `{"aws:region":"us-east-1","ekskit:cluster":{"name":"x","tags":{"a":"1"}},"ekskit:policy":"{not json","ekskit:roles":"5"}`; err != nil || string(data) != want {
		t.Errorf("%s (%v), want %s", data, err, want)
	}
	var back stackConfig
	if err := json.Unmarshal(data, &back); err != nil || back["ekskit:cluster"] != `{"name":"x","tags":{"a":"1"}}` ||
		back["ekskit:policy"] != "{not json" || back["ekskit:roles"] != "5" || back["aws:region"] != "us-east-1" {
		t.Errorf("read back %q (%v)", back, err)
	}
}

// TestPlanESCEnvironment: a stack file that imports a Pulumi ESC
// environment gets EKS022, naming it, and stops under a policy that fails
// on warnings unless excepted, when it plans; one without gets none.
func TestPlanESCEnvironment(t *testing.T) {
	dev, err := os.ReadFile("stacks/Pulumi.dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, extra string
		code        int
		want        string
	}{
		{"no environment", "", exitOK, ""},
		{"an environment", "environment:\n  - team/aws\n", exitOK, "the stack file imports team/aws: "},
		{"under fail: warning", "environment:\n  - team/aws\nconfig:\n  ekskit:policy:\n    fail: warning\n    exceptions:\n" +
			"      - {rule: EKS001, reason: walkthrough}\n      - {rule: EKS003, reason: walkthrough}\n" +
			"      - {rule: EKS004, reason: walkthrough}\n      - {rule: EKS014, reason: walkthrough}\n", exitInvalid, "EKS022"},
		// excepted: the program run, which cannot tell, does not call the
		// exception stale (EKS016, which would stop the stack)
		{"excepted under fail: warning", "environment:\n  - team/aws\nconfig:\n  ekskit:policy:\n    fail: warning\n    exceptions:\n" +
			"      - {rule: EKS001, reason: walkthrough}\n      - {rule: EKS003, reason: walkthrough}\n" +
			"      - {rule: EKS004, reason: walkthrough}\n      - {rule: EKS014, reason: walkthrough}\n" +
			"      - {rule: EKS022, reason: credentials only}\n", exitOK, "the stack file imports team/aws: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
			text := string(dev)
			if tc.extra != "" {
				// a second config: block would be a YAML error: merge it in
				head, rest, _ := strings.Cut(tc.extra, "config:\n")
				text = head + strings.Replace(text, "config:\n", "config:\n"+rest, 1)
			}
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			code := runPlan([]string{"--config-file", path, "--json", "--today", goldenDay}, &out, &errOut)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, errOut.String())
			}
			if code != exitOK {
				if !strings.Contains(errOut.String(), tc.want) {
					t.Errorf("refusal %q does not name %s", errOut.String(), tc.want)
				}
				return
			}
			var doc struct{ Findings []rules.Finding }
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(doc.Findings, func(f rules.Finding) bool { return f.Rule == "EKS022" })
			switch {
			case tc.want == "" && i >= 0:
				t.Errorf("EKS022 without an environment: %+v", doc.Findings[i])
			case tc.want != "" && (i < 0 || !strings.HasPrefix(doc.Findings[i].Message, tc.want)):
				t.Errorf("findings %+v, want EKS022 starting %q", doc.Findings, tc.want)
			}
		})
	}
}

// TestPlanMissingKey: a key Pulumi.yaml declares with no default, left out
// of the stack file, is refused as pulumi preview refuses it, unless
// --set gives it (as pulumi config set would) or the stack imports an ESC
// environment, which may.
func TestPlanMissingKey(t *testing.T) {
	const file = "conformance/pulumi-config/cases/Pulumi.no-cluster.yaml"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	withEnv := filepath.Join(t.TempDir(), "Pulumi.no-cluster.yaml")
	if err := os.WriteFile(withEnv, append([]byte("environment:\n  - team/aws\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	const refused = "ekskit:cluster not set, and Pulumi.yaml declares no default"
	for _, tc := range []struct {
		name    string
		args    []string
		code    int
		refused bool
	}{
		{"left out", []string{"--config-file", file}, exitInvalid, true},
		{"given by --set", []string{"--config-file", file, "--set", "cluster={name: x, addons: {vpc-cni: {}, kube-proxy: {}, coredns: {}}}"}, exitOK, false},
		// still required by ekskit itself (a config problem), but not as missing
		{"an ESC environment may set it", []string{"--config-file", withEnv}, exitInvalid, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := runPlan(append(tc.args, "--today", goldenDay), &out, &errOut)
			if code != tc.code || strings.Contains(errOut.String(), refused) != tc.refused {
				t.Errorf("exit %d (want %d), refused as missing %v (want %v): %s", code, tc.code,
					strings.Contains(errOut.String(), refused), tc.refused, errOut.String())
			}
			// one problem a key: refused as missing, it is not also
			// ekskit's own "required"
			if required := strings.Contains(errOut.String(), "ekskit:cluster: required"); tc.refused && required {
				t.Errorf("the missing key is said twice: %s", errOut.String())
			}
		})
	}
}

// TestPlanEndpointWait: a public endpoint open only to some networks
// makes every pulumi up run from elsewhere wait for pulumi-eks's health
// check; the plan says so under the critical path, and says nothing for an
// endpoint open to all or a private one.
func TestPlanEndpointWait(t *testing.T) {
	const wait = "each pulumi up run from outside cluster eks's publicAccessCidrs (198.51.99.0/24, 192.0.3.0/24) takes about 6 min more: " +
		"pulumi-eks waits for the public endpoint to answer /healthz (60 tries, 5 s apart) before the add-ons and node groups that take its outputs"
	for _, tc := range []struct {
		name string
		args []string
		want bool
	}{
		{"open to all", []string{"--stack", "dev"}, false},
		{"open to some", []string{"--stack", "dev", "--set", `cluster.publicAccessCidrs=["198.51.99.0/24", "192.0.3.0/24"]`}, true},
		{"private", []string{"--stack", "prod"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := runPlan(append(tc.args, "--set", "policy.fail=none", "--today", goldenDay), &out, &errOut)
			if code != exitOK {
				t.Fatalf("exit %d:\n%s", code, errOut.String())
			}
			if got := strings.Contains(out.String(), "\n    "+wait+"\n"); got != tc.want {
				t.Errorf("says the wait: %v, want %v:\n%s%s", got, tc.want, out.String(), errOut.String())
			}
		})
	}
}
