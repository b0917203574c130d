package spec

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

func TestPath(t *testing.T) {
	for _, tc := range []struct{ got, want Path }{
		{Path("").Key("minSize"), "minSize"},
		{Path("ekskit:nodeGroups").Key("a").Key("taints").Index(0).Key("key"), "ekskit:nodeGroups.a.taints[0].key"},
		{Path("ekskit:nodeGroups").Key("").Key("minSize"), `ekskit:nodeGroups[""].minSize`},
		{Path("cluster.addons").Key("a.b"), `cluster.addons["a.b"]`},
		{Path("").Key(" x"), `[" x"]`},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	for _, tc := range []struct {
		p, q  Path
		under bool
	}{
		{"a.b", "a", true}, {"a[0]", "a", true}, {`a[""]`, "a", true}, {"a", "a", true}, {"ab", "a", false}, {"a", "a.b", false},
	} {
		if got := tc.p.Under(tc.q); got != tc.under {
			t.Errorf("%q.Under(%q) = %v", tc.p, tc.q, got)
		}
	}
}

// TestEveryProblemAtOnce: settings with several problems in one part
// report each of them.
// TestPathKeys: Keys reads back what Key writes, and refuses what is not
// a key path.
// TestPathSteps: Steps reads back what Key and Index write.
// written is the path of steps, written with Key and Index.
func written(steps []Step) Path {
	var p Path
	for _, st := range steps {
		if st.IsIndex {
			p = p.Index(st.Index)
		} else {
			p = p.Key(st.Key)
		}
	}
	return p
}

func TestPathSteps(t *testing.T) {
	key := func(k string) Step { return Step{Key: k} }
	index := func(i int) Step { return Step{Index: i, IsIndex: true} }
	for _, steps := range [][]Step{
		{key("ekskit:nodeGroups"), key("a"), key("labels"), key("kubernetes.io/role")},
		{key("ekskit:cluster"), key("addons"), key("")},
		{key("x"), key(`say "hi"`), key("b")},
		{key("ekskit:nodeGroups"), key("a"), key("taints"), index(0), key("effect")},
		{key("m"), index(12), index(3)},
	} {
		p := written(steps)
		if got, err := p.Steps(); err != nil || !slices.Equal(got, steps) {
			t.Errorf("%s.Steps() = %v, %v; want %v", p, got, err, steps)
		}
	}
	for _, bad := range []Path{"", "a..b", "a.", "[0]", "a[-1]", "a[+1]", "a[x]", "a[0", `a["b"c`, `a["b"]c`, ".a", "a[0]b"} {
		if got, err := bad.Steps(); err == nil {
			t.Errorf("%q.Steps() = %v, want an error", bad, got)
		}
	}
}

func TestEveryProblemAtOnce(t *testing.T) {
	c := Cluster{Name: "demo", Encryption: &Encryption{KeyARN: "nope", Protect: new(true)}}
	err := c.WithDefaults().Validate("cluster").Err()
	for _, want := range []string{`cluster.encryption.keyArn: "nope": must be a KMS key`, "cluster.encryption.protect: true: only for a created key"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	for v, minor := range map[string]int{"1.35": 35, "1.035": -1, "1.0": 0, "1.": -1, "v1.35": -1} {
		if got := Minor(v); got != minor {
			t.Errorf("Minor(%q) = %d, want %d", v, got, minor)
		}
	}
}

func TestProblems(t *testing.T) {
	var p Problems
	p.Add("minSize", -1, "must be 0 or more")
	p.Add("", "x y", "bad name")
	p.Add("ssh.key", nil, "required")
	err := p.Err()
	var got Problems
	if !errors.As(err, &got) {
		t.Fatalf("Err() = %v", err)
	}
	want := "3 config problem(s):\n  \"x y\": bad name\n  minSize: -1: must be 0 or more\n  ssh.key: required"
	if err.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", err, want)
	}
	if (Problems{}).Err() != nil {
		t.Error("no problems is an error")
	}
}

// TestNodeGroupDefaults: optional sizes stay unset until WithDefaults, which
// derives each from what is set.
func TestNodeGroupDefaults(t *testing.T) {
	for _, tc := range []struct {
		name              string
		in                NodeGroup
		min, max, desired int
	}{
		{"nothing", NodeGroup{}, 1, 2, 1},
		{"min 3", NodeGroup{MinSize: new(3)}, 3, 3, 3},
		{"max 5", NodeGroup{MaxSize: new(5)}, 1, 5, 1},
		{"scale to zero", NodeGroup{MinSize: new(0), DesiredSize: new(0)}, 0, 2, 0},
	} {
		d := tc.in.WithDefaults()
		if got := [3]int{*d.MinSize, *d.MaxSize, *d.DesiredSize}; got != [3]int{tc.min, tc.max, tc.desired} {
			t.Errorf("%s: min/max/desired = %v, want %v", tc.name, got, [3]int{tc.min, tc.max, tc.desired})
		}
		if p := d.Validate("", "workers", DefaultVersion); p != nil {
			t.Errorf("%s: %v", tc.name, p.Err())
		}
	}
	if ng := (NodeGroup{}); ng.MinSize != nil {
		t.Error("zero settings have a size")
	}
}

// TestLaunchTemplateDefaults: a launch template may set the instance type
// and disk, so neither is defaulted beside it, and no instance type is
// then fine.
func TestLaunchTemplateDefaults(t *testing.T) {
	lt := &LaunchTemplate{ID: "lt-0123456789abcdef0", Version: "1"}
	for _, tc := range []struct {
		name      string
		in        NodeGroup
		types     []string
		disk      bool
		wantProbs []Path
	}{
		{"no template", NodeGroup{}, []string{DefaultInstanceType}, true, nil},
		{"template", NodeGroup{LaunchTemplate: lt}, nil, false, nil},
		{"template, no types", NodeGroup{LaunchTemplate: lt, InstanceTypes: []string{}}, []string{}, false, nil},
		{"template and a type", NodeGroup{LaunchTemplate: lt, InstanceTypes: []string{"m6i.large"}}, []string{"m6i.large"}, false, nil},
		{"no types, no template", NodeGroup{InstanceTypes: []string{}}, []string{}, true, []Path{"instanceTypes"}},
		// the defaults follow the AMI type, and pass its rules
		{"ARM", NodeGroup{AMIType: "AL2023_ARM_64_STANDARD"}, []string{DefaultARMInstanceType}, true, nil},
		{"Windows", NodeGroup{AMIType: "WINDOWS_CORE_2022_x86_64"}, []string{DefaultInstanceType}, true, nil},
	} {
		d := tc.in.WithDefaults()
		if !slices.Equal(d.InstanceTypes, tc.types) || (d.DiskSize != nil) != tc.disk {
			t.Errorf("%s: instance types %v, disk %v; want %v, disk %v", tc.name, d.InstanceTypes, d.DiskSize, tc.types, tc.disk)
		}
		if strings.HasPrefix(tc.in.AMIType, "WINDOWS_") && *d.DiskSize != DefaultWindowsDiskSize {
			t.Errorf("%s: disk %d, want %d", tc.name, *d.DiskSize, DefaultWindowsDiskSize)
		}
		var got []Path
		for _, p := range d.Validate("", "workers", DefaultVersion) {
			got = append(got, p.Path)
		}
		if !slices.Equal(got, tc.wantProbs) {
			t.Errorf("%s: problems at %v, want %v", tc.name, got, tc.wantProbs)
		}
	}
}

// TestAccepted: settings AWS takes pass.
func TestAccepted(t *testing.T) {
	for name, ng := range map[string]NodeGroup{
		"Windows release":      {AMIType: "WINDOWS_CORE_2022_x86_64", ReleaseVersion: "1.35-2025.11.12"},
		"Bottlerocket release": {AMIType: "BOTTLEROCKET_x86_64", ReleaseVersion: "1.26.2-360b7a38"},
		"AL2023 release":       {ReleaseVersion: "1.35.0-20251120"},
		// node group tags reach only the EKS node group, which takes more
		// than IAM's character set; lengths are in characters
		"tag characters": {Tags: map[string]string{"ticket": "#123", "teams": "a,b", "owner": strings.Repeat("é", 256)}},
		"GPU types":      {AMIType: "AL2023_x86_64_NVIDIA", InstanceTypes: []string{"g5.xlarge"}},
		"launch template at the limits": {InstanceTypes: []string{},
			LaunchTemplate: &LaunchTemplate{Name: "a(b).c-d/e_" + strings.Repeat("n", 114), Version: "9223372036854775807"}},
	} {
		if p := ng.Validate("", "workers", DefaultVersion); p != nil {
			t.Errorf("%s: %v", name, p.Err())
		}
	}
	for name, c := range map[string]Cluster{
		"cluster tag of 256 characters": {Name: "demo", Tags: map[string]string{"owner": strings.Repeat("é", 256)}},
		// CreateCluster's name is 1 to 100 characters (EKS API reference),
		// and so is terraform-provider-aws v5.100's: terraform validate
		// with the v5.100.0 binary takes name "a" (aws_eks_cluster, and
		// cluster_name of aws_eks_node_group and aws_eks_addon) and refuses
		// "-a" as not matching ^[0-9A-Za-z][0-9A-Za-z_-]*$; the 2 characters
		// of older providers' ^[0-9A-Za-z][A-Za-z0-9\-_]+$ no longer hold
		"one-character name": {Name: "a"},
		// EKS refuses a public access block inside a reserved range, not
		// one that holds one: its default, 0.0.0.0/0, holds them all
		"public blocks around reserved ranges": {Name: "demo", EndpointAccess: EndpointPublic,
			PublicAccessCIDRs: []string{"0.0.0.0/1", "172.32.0.0/16", "198.51.101.0/24", "54.240.193.130/32"}},
		// a multi-Region key's id is mrk- and 32 hex digits (KMS API
		// reference, ReplicateKey); EKS asks for a symmetric key in the
		// cluster's region (EncryptionConfig), which a multi-Region
		// primary or replica key there is
		"multi-Region key": {Name: "demo", Encryption: &Encryption{KeyARN: "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"}},
	} {
		if p := c.Validate(""); p != nil {
			t.Errorf("%s: %v", name, p.Err())
		}
	}
}

// TestKeyARNNotAlias: encryption.keyArn takes a key's ARN and refuses an
// alias, its ARN or its name, well formed or not, saying to give the key's
// ARN and why (EKS returns the key's ARN, so the diff never goes); any
// other value is not a key ARN.
func TestKeyARNNotAlias(t *testing.T) {
	const alias = `: an alias, not a key: give the ARN of the key it names (arn:<partition>:kms:<region>:<account>:key/<id>, ` +
		`a multi-Region key's id starting with mrk-; aws kms describe-key --key-id <alias> shows it as KeyMetadata.Arn): ` +
		`EKS keeps the key and returns its ARN, so with an alias every pulumi preview and up shows encryptionConfig changing ` +
		`and up never settles it (hashicorp/terraform-provider-aws#43244)`
	const notKey = `: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>, a multi-Region key's id starting with mrk-)`
	for _, tc := range []struct{ arn, want string }{
		{"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", ""},
		{"arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab", ""},
		{"arn:aws:kms:us-east-1:111122223333:alias/my-key", alias},
		{"arn:aws-cn:kms:cn-north-1:111122223333:alias/eks/Secrets_key-1", alias},
		{"arn:aws:kms:us-east-1:111122223333:alias/" + strings.Repeat("k", 250), alias},
		{"arn:aws:kms:us-east-1:111122223333:alias/my:key", alias},
		{"alias/my-key", alias},
		{"arn:aws:kms:us-east-1:111122223333:key/my-key", notKey},
		{"1234abcd-12ab-34cd-56ef-1234567890ab", notKey},
		{"arn:aws:kms:us-east-1:111122223333:aliases/my-key", notKey},
	} {
		c := Cluster{Name: "demo", Encryption: &Encryption{KeyARN: tc.arn}}
		err := c.Validate("cluster").Err()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.arn, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), "cluster.encryption.keyArn: "+strconv.Quote(tc.arn)+tc.want)):
			t.Errorf("%s: got %v, want %q", tc.arn, err, tc.want)
		}
	}
}

// TestAMITypesAfterProvider: the AMI types EKS added after the AWS SDK
// version pulumi-aws's provider validates against are refused with a
// message that says so, and that SDK version (go.mod's) does not list them:
// moving the SDK without the provider would let them through to a refusal
// at preview.
func TestAMITypesAfterProvider(t *testing.T) {
	known := enumStrings(ekstypes.AMITypes("").Values())
	for _, ami := range AMITypesAfterProvider {
		if slices.Contains(known, ami) {
			t.Errorf("%s is in the SDK's AMITypes: go.mod's eks SDK is not the provider's", ami)
		}
		p := NodeGroup{AMIType: ami, InstanceTypes: []string{"m6i.large"}}.Validate("", "workers", DefaultVersion)
		err := p.Err()
		if err == nil || !strings.Contains(err.Error(), "pulumi-aws v6.83 refuses it") {
			t.Errorf("%s: %v", ami, err)
			continue
		}
		// the type it suggests is one pulumi-aws takes
		_, rest, _ := strings.Cut(err.Error(), "; use ")
		if suggested, _, _ := strings.Cut(rest, ","); !slices.Contains(known, suggested) {
			t.Errorf("%s: suggests %q: %v", ami, suggested, err)
		}
	}
}

// TestAddonVersions: an add-on version is refused exactly when
// terraform-provider-aws v5.100 (which pulumi-aws 6.83 bridges) refuses its
// addon_version: a semantic version after a v, numbers without leading
// zeros (checked with terraform validate against that provider's binary).
func TestAddonVersions(t *testing.T) {
	for v, ok := range map[string]bool{
		"":                    true,
		"latest":              true,
		"v1.20.4-eksbuild.1":  true,
		"v1.2.3":              true,
		"v0.10.0-eksbuild.12": true,
		"v1.2.3-upbound.1":    true,
		"v1.2.3-rc.1+b.5":     true,
		"v01.2.3":             false,
		"v1.02.3-eksbuild.1":  false,
		"v1.2.3-eksbuild.01":  false,
		"1.2.3-eksbuild.1":    false,
		"v1.2":                false,
		"v1.2.3-":             false,
	} {
		err := Addon{Version: v, ResolveConflicts: DefaultResolveConflicts}.validateErr("vpc-cni")
		if (err == nil) != ok {
			t.Errorf("version %q: got %v, want accepted %v", v, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), "a semantic version after a v") {
			t.Errorf("version %q: the message does not say what is allowed: %v", v, err)
		}
	}
}

// validateErr is a's problems as an error.
func (a Addon) validateErr(name string) error {
	var p Problems
	a.validate(&p, "addons."+Path(name), name)
	return p.Err()
}

// TestMessagesSayWhatIsAllowed: a value that is there but wrong is not
// called missing, and the message names the rule it breaks.
func TestMessagesSayWhatIsAllowed(t *testing.T) {
	for _, tc := range []struct {
		name string
		ng   NodeGroup
		want string
	}{
		{"ssh key missing", NodeGroup{RemoteAccess: &RemoteAccess{SourceSecurityGroupIDs: []string{"sg-00000001"}}},
			"remoteAccess.sshKey: required: the EC2 key pair name"},
		{"ssh key not ASCII", NodeGroup{RemoteAccess: &RemoteAccess{SSHKey: "clé", SourceSecurityGroupIDs: []string{"sg-00000001"}}},
			`remoteAccess.sshKey: "clé": must be an EC2 key pair name: 1 to 255 ASCII characters`},
		{"ssh key too long", NodeGroup{RemoteAccess: &RemoteAccess{SSHKey: strings.Repeat("k", 256), SourceSecurityGroupIDs: []string{"sg-00000001"}}},
			"must be an EC2 key pair name: 1 to 255 ASCII characters"},
		{"auto repair on Windows", NodeGroup{AMIType: "WINDOWS_CORE_2022_x86_64", AutoRepair: true},
			"autoRepair: true: node auto repair is for Linux nodes only, and amiType WINDOWS_CORE_2022_x86_64 is Windows: leave it false"},
		{"taint value starting with a dash", NodeGroup{Taints: []Taint{{Key: "dedicated", Value: "-gpu", Effect: "NO_SCHEDULE"}}},
			`taints[0].value: "-gpu": taint values are at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit`},
	} {
		err := tc.ng.Validate("", "workers", DefaultVersion).Err()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestAddonConfigurationValues: only a JSON object, with a message that
// says what the value is instead.
func TestAddonConfigurationValues(t *testing.T) {
	for v, want := range map[string]string{
		`{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}`: "",
		"null":    "must be a JSON object ({...}), not null",
		"[1]":     "must be a JSON object ({...}), not an array",
		`"x"`:     "must be a JSON object ({...}), not a string",
		"env: {}": "must be a JSON object: this is not JSON",
		"{}":      "",
		"  {} ":   "",
		"1e3":     "not a number",
		"true":    "not a boolean",
	} {
		c := Cluster{Name: "demo", Addons: map[string]Addon{"vpc-cni": {ConfigurationValues: v}}}
		err := c.Validate("").Err()
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", v, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), "addons.vpc-cni.configurationValues") || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", v, err, want)
		}
	}
}

func TestClusterDefaultsDoNotMutate(t *testing.T) {
	c := Cluster{Name: "x", Addons: map[string]Addon{"vpc-cni": {}}}
	d := c.WithDefaults()
	if c.Addons["vpc-cni"].ResolveConflicts != "" || d.Addons["vpc-cni"].ResolveConflicts != DefaultResolveConflicts {
		t.Errorf("WithDefaults changed its receiver or did not default: %+v, %+v", c.Addons, d.Addons)
	}
	if got := (Cluster{}).WithDefaults().Addons; !reflect.DeepEqual(got, map[string]Addon{
		"coredns": {ResolveConflicts: "OVERWRITE"}, "kube-proxy": {ResolveConflicts: "OVERWRITE"}, "vpc-cni": {ResolveConflicts: "OVERWRITE"}}) {
		t.Errorf("default add-ons %v", got)
	}
	if got := (Cluster{Addons: map[string]Addon{}}).WithDefaults().Addons; len(got) != 0 {
		t.Errorf("an empty map manages add-ons: %v", got)
	}
}

// TestMinAboveMax: minSize above maxSize is one problem; no desiredSize
// could fit, so it is not reported too, set or derived.
func TestMinAboveMax(t *testing.T) {
	for _, ng := range []NodeGroup{{MinSize: new(5), MaxSize: new(3)}, {MinSize: new(5), MaxSize: new(3), DesiredSize: new(4)}} {
		p := ng.WithDefaults().Validate("", "workers", DefaultVersion)
		if len(p) != 1 || !strings.Contains(p.Err().Error(), "minSize: 5: must not exceed maxSize (3)") {
			t.Errorf("desired %v: %v", ng.DesiredSize, p.Err())
		}
	}
}

// TestStackDefaults: every part is defaulted, in new maps: the node group
// in s is left unset.
func TestStackDefaults(t *testing.T) {
	s := Stack{Cluster: Cluster{Name: "x"}, NodeGroups: map[string]NodeGroup{"a": {MaxSize: new(5)}}}
	d := s.WithDefaults()
	if d.Cluster.Version != DefaultVersion || d.Roles.Path != DefaultRolePath || *d.Quotas.NodeGroups != DefaultNodeGroupsQuota {
		t.Errorf("cluster, roles or quotas not defaulted: %+v", d)
	}
	if a := d.NodeGroups["a"]; a.MinSize == nil || *a.MinSize != DefaultMinSize || *a.MaxSize != 5 {
		t.Errorf("node group a not defaulted: %+v", a)
	}
	if s.NodeGroups["a"].MinSize != nil || s.Cluster.Version != "" {
		t.Errorf("WithDefaults changed its receiver: %+v", s)
	}
	if d := (Stack{}).WithDefaults(); d.NodeGroups != nil {
		t.Errorf("no node groups became %v", d.NodeGroups)
	}
}

func TestArch(t *testing.T) {
	for it, want := range map[string]string{
		"t3.micro": "x86_64", "t4g.micro": "arm64", "m6gd.large": "arm64", "c6gn.xlarge": "arm64",
		"g4dn.xlarge": "x86_64", "g5g.xlarge": "arm64", "a1.large": "arm64", "m7i.large": "x86_64",
		"hpc7g.4xlarge": "arm64", "nonsense": "",
	} {
		if got := Arch(it); got != want {
			t.Errorf("Arch(%s) = %q, want %q", it, got, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"desiredSize", "maxSize", "minSize"}
	for got, want := range map[string]string{"desiredsize": ` (did you mean "desiredSize"?)`, "maxsise": ` (did you mean "maxSize"?)`, "labels": ""} {
		if s := Suggest(got, known); s != want {
			t.Errorf("Suggest(%q) = %q, want %q", got, s, want)
		}
	}
}

// TestZeroSettingsDoNotPanic: Validate defaults what it is given.
func TestZeroSettingsDoNotPanic(t *testing.T) {
	if p := (NodeGroup{}).Validate("", "workers", ""); p != nil {
		t.Errorf("zero node group: %v", p.Err())
	}
	if p := (Cluster{}).Validate(""); len(p) != 1 || p[0].Path != "name" {
		t.Errorf("zero cluster: %v, want only name required", p.Err())
	}
	if p := (Roles{}).Validate(""); p != nil {
		t.Errorf("zero roles: %v", p.Err())
	}
}

func TestAddonNames(t *testing.T) {
	for name, want := range map[string]string{
		"corends":            `addons.corends: "corends": not an EKS add-on (did you mean "coredns"?)`,
		"vpc-cin":            `addons.vpc-cin: "vpc-cin": not an EKS add-on (did you mean "vpc-cni"?)`,
		"aws-fsx-csi-driver": "",
		"my-own-addon":       "",
		"Bad_Name":           `addons.Bad_Name: "Bad_Name": add-on names are lower-case letters, digits, - and _ (marketplace add-ons: vendor_name)`,
		// marketplace add-ons are named vendor_product
		"upbound_universal-crossplane": "",
	} {
		p := Cluster{Name: "demo", Addons: map[string]Addon{name: {}}}.Validate("")
		got := ""
		if p != nil {
			got = p[0].Error()
		}
		if got != want {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
}

func TestMergedTags(t *testing.T) {
	tags := func(n int) map[string]string {
		out := map[string]string{}
		for i := range n {
			out[string(rune('a'+i%26))+string(rune('a'+i/26))] = "x"
		}
		return out
	}
	group := map[string]string{"team": "data", "tier": "web", "app": "shop"}
	var p Problems
	NodeGroupTags(&p, "ng", Cluster{Name: "demo", Tags: tags(48)}, group, nil)
	if len(p) != 1 || p[0].Error() != "ng.tags: 51: with the cluster's tags, at most 50 tags" {
		t.Errorf("got %v", p.Err())
	}
	// with the provider's default tags too
	p = nil
	NodeGroupTags(&p, "ng", Cluster{Name: "demo", Tags: tags(44)}, group, map[string]string{"stage": "x", "env": "dev", "cost": "1", "owner": "o"})
	if len(p) != 1 || p[0].Error() != "ng.tags: 51: with the cluster's tags and the aws provider's default tags (4: aws:defaultTags, Stack.DefaultTags), at most 50 tags" {
		t.Errorf("with default tags: %v", p.Err())
	}
	// a cluster over its own limit (48 here: pulumi-eks adds two) is
	// reported at the cluster alone
	p = nil
	NodeGroupTags(&p, "ng", Cluster{Name: "demo", Tags: tags(49)}, group, nil)
	if len(p) != 0 {
		t.Errorf("cluster over its limit: %v", p.Err())
	}
	if got := MergedTags(map[string]string{"team": "platform", "env": "prod"}, map[string]string{"team": "data"}); !reflect.DeepEqual(got, map[string]string{"team": "data", "env": "prod"}) {
		t.Errorf("MergedTags = %v", got)
	}
}

func TestInstanceTypes(t *testing.T) {
	for _, tc := range []struct {
		types []string
		ami   string
		want  string // the first problem, "" for none
	}{
		{[]string{"t3.mirco"}, "", `instanceTypes[0]: "t3.mirco": not an EC2 instance type (did you mean "t3.micro"?)`},
		{[]string{"m5.larg"}, "", `instanceTypes[0]: "m5.larg": not an EC2 instance type (did you mean "m5.large"?)`},
		{[]string{}, "", "instanceTypes: at least one instance type (leave the key out for t3.medium)"},
		{[]string{"t4g.small"}, "", `instanceTypes[0]: "t4g.small": is arm64, but amiType AL2023_x86_64_STANDARD runs on x86_64`},
		{[]string{"t4g.small", "m7g.large"}, "AL2023_ARM_64_STANDARD", ""},
		{[]string{"u-6tb1.metal"}, "", ""}, // an EC2 type whose name spec cannot read an architecture from
	} {
		p := NodeGroup{InstanceTypes: tc.types, AMIType: tc.ami}.Validate("", "workers", DefaultVersion)
		got := ""
		if p != nil {
			got = p[0].Error()
		}
		if got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.types, got, tc.want)
		}
	}
	if !IsEC2InstanceType("m7i.large") || IsEC2InstanceType("m7i.huge") || len(EC2InstanceTypes()) < 500 {
		t.Errorf("EC2 model: %d types", len(EC2InstanceTypes()))
	}
}

// TestAL2Successor: an AL2 group past 1.32 is told the AL2023 AMI types
// that replace its own, the accelerated one included.
func TestAL2Successor(t *testing.T) {
	for ami, want := range map[string]string{
		"AL2_x86_64":     "use AL2023_x86_64_STANDARD with 1.35",
		"AL2_ARM_64":     "use AL2023_ARM_64_STANDARD with 1.35",
		"AL2_x86_64_GPU": "use AL2023_x86_64_NVIDIA (NVIDIA GPUs) or AL2023_x86_64_NEURON (Inferentia, Trainium) with 1.35",
	} {
		types := []string{"m6i.large"}
		if ami == "AL2_ARM_64" {
			types = []string{"m7g.large"}
		}
		p := NodeGroup{AMIType: ami, InstanceTypes: types}.Validate("", "workers", "1.35")
		if len(p) != 1 || p[0].Path != "amiType" || !strings.HasSuffix(p[0].Msg, want) {
			t.Errorf("%s: got %v, want a problem at amiType ending %q", ami, p, want)
		}
	}
}

// TestCustomAMIArchitecture: a CUSTOM group's instance types are of one
// architecture, the launch template's AMI's: EC2 launches an AMI only on
// instance types of its architecture.
func TestCustomAMIArchitecture(t *testing.T) {
	for _, tc := range []struct {
		types []string
		want  string // the problem, "" for none
	}{
		{[]string{"m6i.large", "m6a.large"}, ""},
		{[]string{"m7g.large", "c7g.large"}, ""},
		{[]string{"m6i.large", "m7g.large"}, `instanceTypes[1]: "m7g.large": is arm64, but m6i.large is x86_64: the launch template's AMI runs on one architecture`},
		{[]string{"u-6tb1.metal", "m7g.large", "m6i.large"}, `instanceTypes[2]: "m6i.large": is x86_64, but m7g.large is arm64: the launch template's AMI runs on one architecture`},
		{nil, ""}, // the template's type
	} {
		ng := NodeGroup{AMIType: AMICustom, InstanceTypes: tc.types, LaunchTemplate: &LaunchTemplate{ID: "lt-0123456789abcdef0", Version: "1"}}
		got := ""
		if p := ng.Validate("", "workers", DefaultVersion); p != nil {
			got = p.Error()
		}
		if tc.want != "" {
			tc.want = "1 config problem(s):\n  " + tc.want
		}
		if got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.types, got, tc.want)
		}
	}
}

// TestInstance: vCPUs, memory and max pods, checked by hand against the
// EC2 instance type pages and the EKS AMI's formula.
func TestInstance(t *testing.T) {
	for typ, want := range map[string]InstanceInfo{
		"t3.micro":    {Arch: "x86_64", VCPUs: 2, MemoryGiB: 1, MaxPods: 4},     // 2 ENIs x (2-1) + 2
		"t3.medium":   {Arch: "x86_64", VCPUs: 2, MemoryGiB: 4, MaxPods: 17},    // 3 x 5 + 2
		"m5.large":    {Arch: "x86_64", VCPUs: 2, MemoryGiB: 8, MaxPods: 29},    // 3 x 9 + 2
		"c6i.4xlarge": {Arch: "x86_64", VCPUs: 16, MemoryGiB: 32, MaxPods: 234}, // 8 x 29 + 2
		"m7g.xlarge":  {Arch: "arm64", VCPUs: 4, MemoryGiB: 16, MaxPods: 58},    // 4 x 14 + 2
		"r6i.large":   {Arch: "x86_64", VCPUs: 2, MemoryGiB: 16, MaxPods: 29},
		"x2gd.large":  {Arch: "arm64"}, // a family spec does not know
	} {
		if got := Instance(typ); got != want {
			t.Errorf("Instance(%s) = %+v, want %+v", typ, got, want)
		}
	}
}

func TestRegions(t *testing.T) {
	if !IsRegion("us-east-1") || !IsRegion("eu-central-1") || !IsRegion("ap-east-2") || IsRegion("us-east-9") || len(Regions) < 30 {
		t.Errorf("regions: %v", Regions)
	}
	// each once: the messages say "one of the N regions"
	if sorted := slices.Sorted(slices.Values(Regions)); len(slices.Compact(sorted)) != len(Regions) {
		t.Errorf("regions listed twice: %v", Regions)
	}
}

// FuzzPathSteps: Steps never panics, and what it reads, written back with
// Key and Index, reads the same.
func FuzzPathSteps(f *testing.F) {
	for _, s := range []string{`ekskit:nodeGroups.a.labels["kubernetes.io/role"]`, "a.taints[0].effect", `a[""]`, "a[01]", "a[", "[0]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		steps, err := Path(s).Steps()
		if err != nil {
			return
		}
		p := written(steps)
		again, err := p.Steps()
		if err != nil || !slices.Equal(again, steps) {
			t.Errorf("%q: steps %v write as %q, which reads %v, %v", s, steps, p, again, err)
		}
	})
}

// TestKubeProxyVersion: a pinned kube-proxy is for the cluster's version or
// up to three minor versions older (what a control-plane upgrade leaves
// behind), never newer; other add-ons' versions are not Kubernetes's.
func TestKubeProxyVersion(t *testing.T) {
	const at = "addons.kube-proxy.version"
	for _, tc := range []struct {
		cluster, addon, version string
		want                    string // the problem's message, "": none
	}{
		{"1.35", "kube-proxy", "v1.35.0-eksbuild.2", ""},
		{"1.35", "kube-proxy", "v1.34.1-eksbuild.2", ""}, // left behind by the upgrade to 1.35
		{"1.35", "kube-proxy", "v1.32.9-eksbuild.2", ""},
		{"1.35", "kube-proxy", "v1.35.0", ""},
		{"1.35", "kube-proxy", "latest", ""},
		{"1.35", "kube-proxy", "", ""},
		{"1.34", "kube-proxy", "v1.35.0-eksbuild.2", `"v1.35.0-eksbuild.2": kube-proxy must be for the cluster's version (1.34) or up to three minor versions older: v1.31.x to v1.34.x`},
		{"1.35", "kube-proxy", "v1.31.14-eksbuild.20", `"v1.31.14-eksbuild.20": kube-proxy must be for the cluster's version (1.35) or up to three minor versions older: v1.32.x to v1.35.x`},
		{"1.35", "kube-proxy", "v2.0.0", `"v2.0.0": kube-proxy must be for the cluster's version (1.35)`},
		{"1.34", "coredns", "v1.36.0-eksbuild.1", ""},
		{"1.34", "vpc-cni", "v1.20.4-eksbuild.1", ""},
	} {
		c := Cluster{Name: "demo", Version: tc.cluster, Addons: map[string]Addon{tc.addon: {Version: tc.version}}}
		var got []string
		for _, pr := range c.Validate("") {
			got = append(got, pr.Error())
		}
		switch {
		case tc.want == "" && got != nil:
			t.Errorf("%s %s on %s: %v", tc.addon, tc.version, tc.cluster, got)
		case tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], at+": "+tc.want)):
			t.Errorf("%s %s on %s: got %q, want %s: %s...", tc.addon, tc.version, tc.cluster, got, at, tc.want)
		}
	}
}

// TestKubeProxySkew: the Kubernetes version a pinned kube-proxy is for,
// and the skew it may have with the cluster's.
func TestKubeProxySkew(t *testing.T) {
	for v, want := range map[string]string{"v1.35.3-eksbuild.2": "1.35", "v1.32.13-eksbuild.5": "1.32", "v1.35.0": "1.35",
		"v2.0.0": "2.0", "": "", "latest": "", "v1.35": "", "1.35.3-eksbuild.2": ""} {
		if got := KubeProxyVersion(v); got != want {
			t.Errorf("KubeProxyVersion(%q) = %q, want %q", v, got, want)
		}
	}
	for _, tc := range []struct {
		cluster, version string
		want             bool
	}{
		{"1.35", "1.35", true}, {"1.35", "1.34", true}, {"1.35", "1.32", true},
		{"1.35", "1.31", false}, {"1.34", "1.35", false}, {"1.35", "2.0", false}, {"1.35", "", false}, {"", "1.35", false},
	} {
		if got := WithinSkew(tc.cluster, tc.version); got != tc.want {
			t.Errorf("WithinSkew(%q, %q) = %v, want %v", tc.cluster, tc.version, got, tc.want)
		}
	}
}

// TestPartitionOf: a region's partition is the one the AWS SDK for Go v2
// finds (partitions.json: the partition listing it, else the first whose
// pattern matches), and every region it lists has one.
func TestPartitionOf(t *testing.T) {
	for _, tc := range []struct{ region, want string }{
		{"us-east-1", "aws"},
		{"eu-central-1", "aws"},
		{"us-east-9", "aws"}, // not listed yet: the pattern
		{"cn-north-1", "aws-cn"},
		{"cn-northwest-1", "aws-cn"},
		{"us-gov-west-1", "aws-us-gov"},
		{"us-gov-east-1", "aws-us-gov"},
		{"us-iso-east-1", "aws-iso"},
		{"us-iso-west-1", "aws-iso"},
		{"us-isob-east-1", "aws-iso-b"},
		{"eu-isoe-west-1", "aws-iso-e"},
		{"us-isof-south-1", "aws-iso-f"},
		{"eusc-de-east-1", "aws-eusc"},
		{"", ""},
		{"moon-base-1", ""},
		{"US-EAST-1", ""},
	} {
		p, ok := PartitionOf(tc.region)
		if p.ID != tc.want || ok != (tc.want != "") {
			t.Errorf("PartitionOf(%q) = %q, %v; want %q", tc.region, p.ID, ok, tc.want)
		}
	}
	for _, r := range Regions {
		if _, ok := PartitionOf(r); !ok {
			t.Errorf("region %s has no partition", r)
		}
	}
	for _, id := range Partitions {
		if p, ok := PartitionByID(id); !ok || p.DNSSuffix == "" {
			t.Errorf("supported partition %s: %+v, %v", id, p, ok)
		}
	}
	if p, _ := PartitionByID("aws-cn"); p.DNSSuffix != "amazonaws.com.cn" {
		t.Errorf("aws-cn: %+v", p)
	}
}

// TestARNPartitions: the ARNs given are taken in every supported partition
// and refused in the others, whose partition field is not a prefix match.
func TestARNPartitions(t *testing.T) {
	for _, tc := range []struct {
		partition string
		ok        bool
	}{
		{"aws", true}, {"aws-cn", true}, {"aws-us-gov", true},
		{"aws-iso", false}, {"aws-iso-b", false}, {"aws-iso-e", false}, {"aws-iso-f", false}, {"aws-eusc", false},
		{"aws-cnx", false}, {"", false},
	} {
		for _, arn := range []string{
			"arn:" + tc.partition + ":kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			"arn:" + tc.partition + ":iam::111122223333:role/admins",
			"arn:" + tc.partition + ":iam::aws:policy/ReadOnlyAccess",
		} {
			var got bool
			switch {
			case strings.Contains(arn, ":kms:"):
				got = reKMS.MatchString(arn)
			case strings.Contains(arn, ":role/"):
				got = rePrincipal.MatchString(arn)
			default:
				got = rePolicy.MatchString(arn)
			}
			if got != tc.ok {
				t.Errorf("%s: matched %v, want %v", arn, got, tc.ok)
			}
		}
	}
}

// TestSamePartition: an ARN of another supported partition is a problem;
// nothing is said for an unsupported partition (its own problem: no ARN
// of it is accepted), an empty one, or an ARN of no supported partition.
func TestSamePartition(t *testing.T) {
	const whose = "the roles' partition is"
	for _, tc := range []struct {
		name, arn, partition, want string
	}{
		{"another supported partition", "arn:aws-cn:iam::111122223333:role/a", "aws",
			`"arn:aws-cn:iam::111122223333:role/a": an ARN of partition aws-cn, the roles' partition is aws: use an ARN of aws`},
		{"the same partition", "arn:aws:iam::111122223333:role/a", "aws", ""},
		{"a partition ekskit does not build for", "arn:aws:iam::111122223333:role/a", "aws-iso", ""},
		{"no partition", "arn:aws:iam::111122223333:role/a", "", ""},
		{"an ARN of an unsupported partition", "arn:aws-iso:iam::111122223333:role/a", "aws", ""},
		{"no ARN", "", "aws", ""},
		{"not an ARN", "not an arn", "aws", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p Problems
			SamePartition(&p, "admins[0]", tc.arn, tc.partition, whose)
			got := ""
			if len(p) > 0 {
				got = strings.TrimPrefix(p.Err().Error(), "1 config problem(s):\n  admins[0]: ")
			}
			if got != tc.want {
				t.Errorf("%q in %q: got %q, want %q", tc.arn, tc.partition, got, tc.want)
			}
		})
	}
}

// TestAddonRoleWays: an add-on's own role is asked for only where ekskit
// can make one, by a way the add-on takes one (IRSA, Pod Identity or
// both), with the Pod Identity agent for Pod Identity, and policyArns go
// with the role: every problem, exactly, for each set of add-ons.
func TestAddonRoleWays(t *testing.T) {
	agent := Addon{}
	const bucket = "arn:aws:iam::111122223333:policy/buckets"
	for _, tc := range []struct {
		name   string
		addons map[string]Addon
		want   []string
	}{
		{"IRSA", map[string]Addon{"aws-ebs-csi-driver": {IRSA: true}}, nil},
		{"Pod Identity with the agent", map[string]Addon{"aws-ebs-csi-driver": {PodIdentity: true}, PodIdentityAgent: agent}, nil},
		{"both, to move a deployed add-on", map[string]Addon{"vpc-cni": {IRSA: true, PodIdentity: true}, PodIdentityAgent: agent}, nil},
		{"the FSx driver through Pod Identity", map[string]Addon{"aws-fsx-csi-driver": {PodIdentity: true,
			PolicyARNs: []string{bucket}}, PodIdentityAgent: agent}, nil},
		{"Pod Identity without the agent", map[string]Addon{"aws-efs-csi-driver": {PodIdentity: true},
			"amazon-cloudwatch-observability": {IRSA: true, PodIdentity: true}}, []string{
			"addons.amazon-cloudwatch-observability.podIdentity: true: needs the eks-pod-identity-agent add-on, which hands pods " +
				"their Pod Identity credentials on each node: add eks-pod-identity-agent to addons",
			"addons.aws-efs-csi-driver.podIdentity: true: needs the eks-pod-identity-agent add-on, which hands pods " +
				"their Pod Identity credentials on each node: add eks-pod-identity-agent to addons"}},
		{"IRSA on the FSx driver", map[string]Addon{"aws-fsx-csi-driver": {IRSA: true}}, []string{
			"addons.aws-fsx-csi-driver.irsa: true: aws-fsx-csi-driver takes its role through EKS Pod Identity only: set podIdentity: true instead"}},
		{"Pod Identity on the Mountpoint for S3 driver at EKS's default version", map[string]Addon{"aws-mountpoint-s3-csi-driver": {
			PodIdentity: true}, PodIdentityAgent: agent}, []string{
			"addons.aws-mountpoint-s3-csi-driver.policyArns: required with podIdentity: AWS has no managed policy for " +
				"aws-mountpoint-s3-csi-driver, whose permissions name the buckets it mounts: give the ARN of a policy that grants them",
			"addons.aws-mountpoint-s3-csi-driver.version: with podIdentity, must be latest or v2.0.0-eksbuild.1 or later: " +
				"aws-mountpoint-s3-csi-driver takes a pod identity association from v2.0.0 on, older versions refuse one, " +
				"and EKS's default version may be older"}},
		{"Pod Identity beside IRSA on a v1 Mountpoint for S3 driver", map[string]Addon{"aws-mountpoint-s3-csi-driver": {
			IRSA: true, PodIdentity: true, Version: "v1.15.0-eksbuild.1", PolicyARNs: []string{bucket}}, PodIdentityAgent: agent}, []string{
			`addons.aws-mountpoint-s3-csi-driver.version: "v1.15.0-eksbuild.1": with podIdentity, must be latest or v2.0.0-eksbuild.1 ` +
				"or later: aws-mountpoint-s3-csi-driver takes a pod identity association from v2.0.0 on, older versions refuse one, " +
				"and EKS's default version may be older"}},
		{"Pod Identity on a v2 Mountpoint for S3 driver", map[string]Addon{"aws-mountpoint-s3-csi-driver": {PodIdentity: true,
			Version: "v2.0.0-eksbuild.1", PolicyARNs: []string{bucket}}, PodIdentityAgent: agent}, nil},
		{"Pod Identity on a v10 Mountpoint for S3 driver: versions compared as numbers", map[string]Addon{"aws-mountpoint-s3-csi-driver": {
			PodIdentity: true, Version: "v10.0.0-eksbuild.1", PolicyARNs: []string{bucket}}, PodIdentityAgent: agent}, nil},
		{"Pod Identity on the latest Mountpoint for S3 driver", map[string]Addon{"aws-mountpoint-s3-csi-driver": {PodIdentity: true,
			Version: "latest", PolicyARNs: []string{bucket}}, PodIdentityAgent: agent}, nil},
		{"IRSA on a v1 Mountpoint for S3 driver", map[string]Addon{"aws-mountpoint-s3-csi-driver": {IRSA: true,
			Version: "v1.15.0-eksbuild.1", PolicyARNs: []string{bucket}}}, nil},
		{"the Mountpoint for S3 driver without its policy", map[string]Addon{"aws-mountpoint-s3-csi-driver": {IRSA: true}}, []string{
			"addons.aws-mountpoint-s3-csi-driver.policyArns: required with irsa: AWS has no managed policy for " +
				"aws-mountpoint-s3-csi-driver, whose permissions name the buckets it mounts: give the ARN of a policy that grants them"}},
		{"a role for an add-on ekskit does not know", map[string]Addon{"coredns": {IRSA: true, PodIdentity: true, PolicyARNs: []string{bucket}},
			PodIdentityAgent: agent}, []string{
			"addons.coredns.irsa: true: ekskit makes an IAM role of their own for amazon-cloudwatch-observability, aws-ebs-csi-driver, " +
				"aws-efs-csi-driver, aws-mountpoint-s3-csi-driver, vpc-cni only; if it calls AWS APIs, give its service account a role outside ekskit",
			"addons.coredns.podIdentity: true: ekskit makes an IAM role of their own for amazon-cloudwatch-observability, aws-ebs-csi-driver, " +
				"aws-efs-csi-driver, aws-fsx-csi-driver, aws-mountpoint-s3-csi-driver, vpc-cni only; if it calls AWS APIs, give its service account a role outside ekskit",
			"addons.coredns.policyArns: only for the add-ons ekskit makes an IAM role of their own for (irsa or podIdentity): " +
				"amazon-cloudwatch-observability, aws-ebs-csi-driver, aws-efs-csi-driver, aws-fsx-csi-driver, aws-mountpoint-s3-csi-driver, vpc-cni"}},
		{"policies without a role", map[string]Addon{"vpc-cni": {PolicyARNs: []string{bucket}}, "aws-fsx-csi-driver": {PolicyARNs: []string{bucket}},
			"aws-mountpoint-s3-csi-driver": {PolicyARNs: []string{bucket}}}, []string{
			"addons.aws-fsx-csi-driver.policyArns: given without podIdentity: they go to the add-on's own role, which podIdentity makes: " +
				"set podIdentity: true",
			"addons.aws-mountpoint-s3-csi-driver.policyArns: given without irsa or podIdentity: they go to the add-on's own role, " +
				"which irsa or podIdentity makes: set irsa: true or podIdentity: true",
			"addons.vpc-cni.policyArns: given without irsa or podIdentity: they go to the add-on's own role, which irsa or podIdentity makes: " +
				"set irsa: true or podIdentity: true"}},
		{"the FSx driver's own managed policy again", map[string]Addon{"aws-fsx-csi-driver": {PodIdentity: true,
			PolicyARNs: []string{"arn:aws:iam::aws:policy/AmazonFSxFullAccess"}}, PodIdentityAgent: agent}, []string{
			`addons.aws-fsx-csi-driver.policyArns[0]: "arn:aws:iam::aws:policy/AmazonFSxFullAccess": AmazonFSxFullAccess is the name ` +
				"of a managed policy ekskit attaches (AmazonFSxFullAccess): a policy of that name cannot be added"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range (Cluster{Name: "demo", Addons: tc.addons}).Validate("") {
				got = append(got, p.Error())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestAddonRoleLists: the add-ons that take a role each way, from the one
// table: Pod Identity where the add-on names an account for it, IRSA
// where it does not take Pod Identity only, and any one way in all.
func TestAddonRoleLists(t *testing.T) {
	for _, tc := range []struct {
		got, want []string
	}{
		{IRSAAddons(), []string{"amazon-cloudwatch-observability", "aws-ebs-csi-driver", "aws-efs-csi-driver", "aws-mountpoint-s3-csi-driver", "vpc-cni"}},
		{PodIdentityAddons(), []string{"amazon-cloudwatch-observability", "aws-ebs-csi-driver", "aws-efs-csi-driver", "aws-fsx-csi-driver",
			"aws-mountpoint-s3-csi-driver", "vpc-cni"}},
		{OwnRoleAddons(), []string{"amazon-cloudwatch-observability", "aws-ebs-csi-driver", "aws-efs-csi-driver", "aws-fsx-csi-driver",
			"aws-mountpoint-s3-csi-driver", "vpc-cni"}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("got %v, want %v", tc.got, tc.want)
		}
	}
	for _, name := range PodIdentityAddons() {
		if r, _ := AddonRoleOf(name); strings.Contains(r.PodIdentityAccount, "*") {
			t.Errorf("%s: a Pod Identity association names one account, not %q", name, r.PodIdentityAccount)
		}
	}
}

// TestPodIdentities: a pod identity names a namespace and a service
// account Kubernetes takes and at least one policy; no two name one
// service account, nor one an add-on's association names; the Pod
// Identity agent is required; each problem at its key.
func TestPodIdentities(t *testing.T) {
	const policy = "arn:aws:iam::111122223333:policy/payments-s3"
	agent := map[string]Addon{PodIdentityAgent: {}}
	ok := PodIdentity{Namespace: "payments", ServiceAccount: "api", PolicyARNs: []string{policy}}
	for _, tc := range []struct {
		name   string
		addons map[string]Addon
		pis    map[string]PodIdentity
		want   []string
	}{
		{"one", agent, map[string]PodIdentity{"payments-s3": ok}, nil},
		{"without the agent", nil, map[string]PodIdentity{"payments-s3": ok}, []string{
			"cluster.podIdentities: needs the eks-pod-identity-agent add-on, which hands pods their Pod Identity credentials on " +
				"each node: add eks-pod-identity-agent to addons"}},
		{"names Kubernetes refuses", agent, map[string]PodIdentity{"Payments_S3": {Namespace: "Payments", ServiceAccount: "api_v1",
			PolicyARNs: []string{policy}}}, []string{
			`cluster.podIdentities.Payments_S3: "Payments_S3": pod identity names are 1 to 32 lower-case letters, digits and -, ` +
				"starting and ending with a letter or digit (the name begins its IAM role's)",
			`cluster.podIdentities.Payments_S3.namespace: "Payments": must be a Kubernetes namespace name: 1 to 63 lower-case ` +
				"letters, digits and -, starting and ending with a letter or digit",
			`cluster.podIdentities.Payments_S3.serviceAccount: "api_v1": must be a Kubernetes service account name: at most 253 ` +
				"lower-case letters, digits, - and ., each dot-separated part starting and ending with a letter or digit"}},
		{"nothing given", agent, map[string]PodIdentity{"empty": {}}, []string{
			"cluster.podIdentities.empty.namespace: required: the service account's namespace",
			"cluster.podIdentities.empty.serviceAccount: required: the service account whose pods take the role",
			"cluster.podIdentities.empty.policyArns: required: at least one IAM policy ARN, the role's permissions"}},
		{"one service account twice", agent, map[string]PodIdentity{"a": ok, "b": ok}, []string{
			`cluster.podIdentities.b: "b": payments/api already has a role (pod identity a): EKS takes one pod identity association ` +
				"a service account"}},
		{"an add-on's service account", map[string]Addon{PodIdentityAgent: {}, "aws-ebs-csi-driver": {PodIdentity: true}},
			map[string]PodIdentity{"ebs": {Namespace: "kube-system", ServiceAccount: "ebs-csi-controller-sa", PolicyARNs: []string{policy}}},
			[]string{`cluster.podIdentities.ebs: "ebs": kube-system/ebs-csi-controller-sa already has a role (add-on ` +
				"aws-ebs-csi-driver's association): EKS takes one pod identity association a service account"}},
		// IRSA only: no association for the add-on's account
		{"an add-on's service account, on IRSA", map[string]Addon{PodIdentityAgent: {}, "aws-ebs-csi-driver": {IRSA: true}},
			map[string]PodIdentity{"ebs": {Namespace: "kube-system", ServiceAccount: "ebs-csi-controller-sa", PolicyARNs: []string{policy}}}, nil},
		// both attachments would be named a-b-c
		{"names that meet", agent, map[string]PodIdentity{
			"a":   {Namespace: "payments", ServiceAccount: "api", PolicyARNs: []string{"arn:aws:iam::111122223333:policy/b-c"}},
			"a-b": {Namespace: "payments", ServiceAccount: "worker", PolicyARNs: []string{"arn:aws:iam::111122223333:policy/c"}}},
			[]string{`cluster.podIdentities.a-b.policyArns[0]: "arn:aws:iam::111122223333:policy/c": pod identity a-b's attachment ` +
				"of c would be named a-b-c, as one of pod identity a's is: rename one of the two"}},
		{"a policy twice", agent, map[string]PodIdentity{"a": {Namespace: "payments", ServiceAccount: "api", PolicyARNs: []string{policy, policy}}},
			[]string{`cluster.podIdentities.a.policyArns[1]: "` + policy + `": a policy named payments-s3 is already attached`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range (Cluster{Name: "demo", Addons: tc.addons, PodIdentities: tc.pis}).Validate("cluster") {
				got = append(got, p.Error())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestPodIdentityAt: an add-on takes a Pod Identity association where it
// names an account for one, at every version, or from PodIdentitySince
// on (compared as numbers, so v10 comes after v2); latest does, EKS's
// default version (unset) may not.
func TestPodIdentityAt(t *testing.T) {
	s3, _ := AddonRoleOf("aws-mountpoint-s3-csi-driver")
	ebs, _ := AddonRoleOf("aws-ebs-csi-driver")
	for _, tc := range []struct {
		role    AddonRole
		version string
		want    bool
	}{
		{ebs, "", true},
		{ebs, "v1.30.0-eksbuild.1", true},
		{s3, "", false},
		{s3, "latest", true},
		{s3, "v1.15.0-eksbuild.1", false},
		{s3, "v2.0.0-eksbuild.1", true},
		{s3, "v10.0.0-eksbuild.1", true},
		{AddonRole{Namespace: "kube-system", ServiceAccount: "x"}, "", false}, // IRSA only
	} {
		if got := tc.role.PodIdentityAt(tc.version); got != tc.want {
			t.Errorf("%s at %q: %v, want %v", tc.role.Short, tc.version, got, tc.want)
		}
	}
}

// TestAccessValidation: an access entry names a principal once, not an
// admin's, gives a policy meant for people or a group, scopes its
// policies to namespace names or prefixes, and no system: group; each
// problem at its key, all at once.
func TestAccessValidation(t *testing.T) {
	const (
		dev      = "arn:aws:iam::111122223333:role/dev"
		policies = "AmazonEKSAdminPolicy, AmazonEKSAdminViewPolicy, AmazonEKSClusterAdminPolicy, AmazonEKSEditPolicy, " +
			"AmazonEKSSecretReaderPolicy, AmazonEKSViewPolicy"
		namespace = "must be a Kubernetes namespace name (1 to 63 lower-case letters, digits and -, starting and ending with " +
			"a letter or digit), or the start of one ending in * (dev-*)"
	)
	view := map[string]AccessScope{"AmazonEKSViewPolicy": {}}
	many := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("arn:aws:iam::111122223333:role/r%d", i)
		}
		return out
	}
	viewers := func(n int) []Access {
		out := make([]Access, n)
		for i := range out {
			out[i] = Access{PrincipalARN: fmt.Sprintf("arn:aws:iam::111122223333:user/u%d", i), Policies: view}
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		admins []string
		access []Access
		want   []string
	}{
		{"a viewer, an editor in two namespaces, a group", nil, []Access{{PrincipalARN: dev, Policies: view},
			{PrincipalARN: "arn:aws:iam::111122223333:user/ci", KubernetesGroups: []string{"deployers"},
				Policies: map[string]AccessScope{"AmazonEKSEditPolicy": {Namespaces: []string{"team-a", "dev-*"}}}}}, nil},
		// with the node role's and the creator's, 3,000
		{"the quota", many(50), viewers(2948), nil},
		{"over the quota", many(50), viewers(2949), []string{"cluster.access: 2949: EKS takes at most 3000 access entries a cluster, " +
			"and the admins, the node role and the cluster's creator take at least 52"}},
		{"an empty scope, a lone *, a prefix, an empty group", nil, []Access{{PrincipalARN: dev, KubernetesGroups: []string{""},
			Policies: map[string]AccessScope{"AmazonEKSViewPolicy": {Namespaces: []string{}}, "AmazonEKSEditPolicy": {Namespaces: []string{"*", "dev*"}}}}},
			[]string{
				`cluster.access[0].policies.AmazonEKSEditPolicy.namespaces[0]: "*": ` + namespace,
				"cluster.access[0].policies.AmazonEKSViewPolicy.namespaces: []: empty: leave namespaces out for cluster scope, or list some",
				`cluster.access[0].kubernetesGroups[0]: "": must not be empty`}},
		{"service-linked roles", []string{"arn:aws:iam::111122223333:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS"},
			[]Access{{PrincipalARN: "arn:aws:iam::111122223333:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS", Policies: view}},
			[]string{
				`cluster.admins[0]: "arn:aws:iam::111122223333:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS": ` +
					"a service-linked role (role/aws-service-role/...): EKS gives those no access entry",
				`cluster.access[0].principalArn: "arn:aws:iam::111122223333:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS": ` +
					"a service-linked role (role/aws-service-role/...): EKS gives those no access entry"}},
		{"nothing given", nil, []Access{{}}, []string{
			"cluster.access[0].principalArn: required: the IAM role or user ARN the entry gives access",
			"cluster.access[0].policies: required, unless kubernetesGroups gives the principal groups to bind: without either " +
				"the entry gives no access"}},
		{"an STS session", nil, []Access{{PrincipalARN: "arn:aws:sts::111122223333:assumed-role/dev/alice", Policies: view}}, []string{
			`cluster.access[0].principalArn: "arn:aws:sts::111122223333:assumed-role/dev/alice": must be an IAM role or user ARN ` +
				"(arn:<partition>:iam::<account>:role/<name>)"}},
		{"an admin", []string{dev}, []Access{{PrincipalARN: dev, Policies: view}}, []string{
			`cluster.access[0].principalArn: "` + dev + `": already has an access entry (cluster.admins[0]): EKS allows one per principal`}},
		{"twice", nil, []Access{{PrincipalARN: dev, Policies: view}, {PrincipalARN: dev, Policies: view}}, []string{
			`cluster.access[1].principalArn: "` + dev + `": already has an access entry (cluster.access[0]): EKS allows one per principal`}},
		{"a misspelt policy, a service's, bad namespaces, system groups", nil, []Access{{PrincipalARN: dev,
			KubernetesGroups: []string{"system:masters", "ops", "ops"},
			Policies: map[string]AccessScope{"AmazonEKSViewPolcy": {}, "AmazonEKSAutoNodePolicy": {},
				"AmazonEKSEditPolicy": {Namespaces: []string{"Team_A", "dev-*", "dev-*", "a*b"}}}}}, []string{
			`cluster.access[0].policies.AmazonEKSAutoNodePolicy: "AmazonEKSAutoNodePolicy": must be an EKS access policy for ` +
				"people: " + policies,
			`cluster.access[0].policies.AmazonEKSEditPolicy.namespaces[0]: "Team_A": must be a Kubernetes namespace name (1 to 63 ` +
				"lower-case letters, digits and -, starting and ending with a letter or digit), or the start of one ending in * (dev-*)",
			`cluster.access[0].policies.AmazonEKSEditPolicy.namespaces[3]: "a*b": must be a Kubernetes namespace name (1 to 63 ` +
				"lower-case letters, digits and -, starting and ending with a letter or digit), or the start of one ending in * (dev-*)",
			`cluster.access[0].policies.AmazonEKSEditPolicy.namespaces[2]: "dev-*": listed twice`,
			`cluster.access[0].policies.AmazonEKSViewPolcy: "AmazonEKSViewPolcy": must be an EKS access policy for ` +
				"people: " + policies + ` (did you mean "AmazonEKSViewPolicy"?)`,
			`cluster.access[0].kubernetesGroups[0]: "system:masters": must not start with system: (EKS refuses those; ` +
				"AmazonEKSClusterAdminPolicy in policies gives what system:masters would)",
			`cluster.access[0].kubernetesGroups[2]: "ops": listed twice`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range (Cluster{Name: "demo", Addons: map[string]Addon{}, Admins: tc.admins, Access: tc.access}).Validate("cluster") {
				got = append(got, p.Error())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestReadsSecrets: of the access policies ekskit gives, all but the
// view policy read Secrets (the EKS user guide's tables).
func TestReadsSecrets(t *testing.T) {
	for _, p := range AccessPolicies {
		if want := p != "AmazonEKSViewPolicy"; ReadsSecrets(p) != want {
			t.Errorf("ReadsSecrets(%s) = %v, want %v", p, !want, want)
		}
	}
	if ReadsSecrets("AmazonEKSEditPolcy") {
		t.Error("ReadsSecrets of a name no policy has")
	}
}
