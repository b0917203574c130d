package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/stackconfig"
)

// reach is what one setting of the stack file does to the plan: the
// resource input it reaches, or the guardrail finding it changes, or why it
// changes neither.
type reach struct {
	// stack is the committed stack the setting is changed on (dev when
	// empty), and sets the --set arguments that change it.
	stack string
	sets  []string
	// change is "<kind> <name>: <input path>": the --diff against the
	// stack's plan changes that resource at that input or under it
	// ("options.protect" for an option; no path for a resource created or
	// deleted).
	change string
	// finding is the rule id of a finding the setting changes (appears,
	// goes, or changes its exception or severity), and holds what the
	// changed findings must hold (the value set, where it is shown).
	finding, holds string
	// refuses is set for a setting that makes the plan refused: a finding
	// the stack's policy enforces.
	refuses bool
	// only says why the setting reaches no resource and no finding: it is
	// a limit the config is checked against. Its sets give it a value the
	// config refuses, at its own key: it is read.
	only string
}

// settingReaches holds, for every setting a stack file can hold (a node
// group's name, a map's key and a list's index written as *), what it does
// to the plan. TestEverySettingReachesThePlan fails for a setting missing
// here, and for one that does not do what its entry says: a new setting
// decoded and validated but never sent to AWS is caught, as is one whose
// entry is forgotten.
var settingReaches = map[string]reach{
	"cluster.name":                 {sets: []string{"cluster.name=other-bank"}, change: "cluster eks-eksCluster: name"},
	"cluster.version":              {sets: []string{`cluster.version="1.34"`}, change: "cluster eks-eksCluster: version"},
	"cluster.vpcId":                {stack: "prod", sets: []string{"cluster.vpcId=vpc-0a1b2c3d4e5f60719"}, change: "pulumi-eks cluster eks: vpcId"},
	"cluster.subnetIds[*]":         {stack: "prod", sets: []string{"cluster.subnetIds[2]=subnet-0a1b2c3d4e5f60714"}, change: "cluster eks-eksCluster: vpcConfig.subnetIds"},
	"cluster.securityGroupIds[*]":  {sets: []string{"cluster.securityGroupIds=[sg-0a1b2c3d4e5f60711]"}, change: "cluster eks-eksCluster: vpcConfig.securityGroupIds"},
	"cluster.serviceIpv4Cidr":      {sets: []string{"cluster.serviceIpv4Cidr=10.200.0.0/16"}, change: "cluster eks-eksCluster: kubernetesNetworkConfig.serviceIpv4Cidr"},
	"cluster.endpointAccess":       {sets: []string{"cluster.endpointAccess=private", "cluster.publicAccessCidrs=null"}, change: "cluster eks-eksCluster: vpcConfig.endpointPublicAccess"},
	"cluster.publicAccessCidrs[*]": {sets: []string{"cluster.publicAccessCidrs=[54.240.193.130/32]"}, change: "cluster eks-eksCluster: vpcConfig.publicAccessCidrs"},
	"cluster.podIdentities.*.namespace": {stack: "prod", sets: []string{"cluster.addons.eks-pod-identity-agent={}",
		"cluster.podIdentities={shop: {namespace: shop, serviceAccount: api, policyArns: [arn:aws:iam::111122223333:policy/shop]}}"},
		change: "pod identity association eks-pod-shop:"},
	"cluster.podIdentities.*.serviceAccount": {stack: "prod", sets: []string{"cluster.addons.eks-pod-identity-agent={}",
		"cluster.podIdentities={shop: {namespace: shop, serviceAccount: api, policyArns: [arn:aws:iam::111122223333:policy/shop]}}"},
		change: "pod identity association eks-pod-shop:"},
	"cluster.podIdentities.*.policyArns[*]": {stack: "prod", sets: []string{"cluster.addons.eks-pod-identity-agent={}",
		"cluster.podIdentities={shop: {namespace: shop, serviceAccount: api, policyArns: [arn:aws:iam::111122223333:policy/shop]}}"},
		change: "policy attachment eks-pod-shop-shop:"},
	"cluster.logging[*]":         {sets: []string{"cluster.logging=[api]"}, change: "cluster eks-eksCluster: enabledClusterLogTypes"},
	"cluster.logRetentionDays":   {stack: "prod", sets: []string{"cluster.logRetentionDays=30"}, change: "log group eks-logs: retentionInDays"},
	"cluster.encryption.keyArn":  {sets: []string{"cluster.encryption={keyArn: 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1234-4321-abcd-0a1b2c3d4e5f'}"}, change: "cluster eks-eksCluster: encryptionConfig"},
	"cluster.encryption.create":  {sets: []string{"cluster.encryption={create: true}"}, change: "KMS key eks-secrets:"},
	"cluster.encryption.protect": {stack: "prod", sets: []string{"cluster.encryption.protect=false"}, change: "KMS key eks-secrets: options.protect"},
	"cluster.admins[*]":          {sets: []string{"cluster.admins=[arn:aws:iam::111122223333:role/ci]"}, change: "access entry eks-admin-111122223333-role/ci:"},
	"cluster.access[*].principalArn": {sets: []string{"cluster.access=[{principalArn: 'arn:aws:iam::111122223333:role/dev', " +
		"policies: {AmazonEKSViewPolicy: {}}}]"}, change: "access entry eks-access-111122223333-role/dev:"},
	"cluster.access[*].policies.*.namespaces[*]": {sets: []string{"cluster.access=[{principalArn: 'arn:aws:iam::111122223333:role/dev', " +
		"policies: {AmazonEKSEditPolicy: {namespaces: [team-a]}}}]"},
		change: "access policy association eks-access-111122223333-role/dev-AmazonEKSEditPolicy:"},
	"cluster.access[*].kubernetesGroups[*]": {sets: []string{"cluster.access=[{principalArn: 'arn:aws:iam::111122223333:role/dev', " +
		"kubernetesGroups: [team-a-readers]}]"}, change: "access entry eks-access-111122223333-role/dev:"},
	"cluster.addons.*.version":             {sets: []string{"cluster.addons.coredns.version=v1.11.4-eksbuild.2"}, change: "add-on eks-coredns: addonVersion"},
	"cluster.addons.*.resolveConflicts":    {sets: []string{"cluster.addons.coredns.resolveConflicts=NONE"}, change: "add-on eks-coredns: resolveConflictsOnUpdate"},
	"cluster.addons.*.configurationValues": {sets: []string{`cluster.addons.coredns.configurationValues='{"replicaCount": 3}'`}, change: "add-on eks-coredns: configurationValues"},
	"cluster.addons.*.irsa":                {sets: []string{"cluster.addons.vpc-cni.irsa=true"}, change: "IAM role eks-vpc-cni:"},
	"cluster.addons.*.podIdentity": {stack: "prod", sets: []string{"cluster.addons.eks-pod-identity-agent={}", "cluster.addons.vpc-cni.podIdentity=true"},
		change: "add-on eks-vpc-cni: podIdentityAssociations"},
	"cluster.addons.*.policyArns[*]": {stack: "prod", sets: []string{"cluster.addons.vpc-cni.policyArns=[arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore]"},
		change: "policy attachment eks-vpc-cni-AmazonSSMManagedInstanceCore:"},
	"cluster.addons.*.preserve":      {sets: []string{"cluster.addons.coredns.preserve=false"}, change: "add-on eks-coredns: preserve"},
	"cluster.supportType":            {sets: []string{"cluster.supportType=EXTENDED"}, change: "cluster eks-eksCluster: upgradePolicy.supportType"},
	"cluster.tags.*":                 {sets: []string{"cluster.tags.team=platform"}, change: "cluster eks-eksCluster: tags.team"},
	"cluster.protect":                {sets: []string{"cluster.protect=true"}, change: "pulumi-eks cluster eks: options.protect"},
	"cluster.quotas.nodeGroups":      {sets: []string{"cluster.quotas.nodeGroups=1"}, only: "the account's quota of node groups, checked against ekskit:nodeGroups"},
	"cluster.quotas.nodesPerGroup":   {sets: []string{"cluster.quotas.nodesPerGroup=1"}, only: "the account's quota of nodes per group, checked against maxSize"},
	"cluster.quotas.policiesPerRole": {sets: []string{"cluster.quotas.policiesPerRole=1"}, only: "the account's quota of policies per role, checked against roles.nodePolicyArns and the add-ons' policyArns"},
	"roles.clusterRoleName":          {sets: []string{"roles.clusterRoleName=OtherClusterRole"}, change: "IAM role eks-cluster: name"},
	"roles.nodeRoleName":             {sets: []string{"roles.nodeRoleName=OtherNodeRole"}, change: "IAM role eks-node: name"},
	"roles.path":                     {sets: []string{"roles.path=/eks/"}, change: "IAM role eks-node: path"},
	"roles.permissionsBoundary":      {sets: []string{"roles.permissionsBoundary=arn:aws:iam::123456789012:policy/boundary"}, change: "IAM role eks-node: permissionsBoundary"},
	"roles.nodePolicyArns[*]":        {sets: []string{"roles.nodePolicyArns=[arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore]"}, change: "policy attachment eks-node-AmazonSSMManagedInstanceCore:"},
	"nodeGroups.*.amiType":           {sets: []string{"nodeGroups.simple-bank.amiType=BOTTLEROCKET_x86_64"}, change: "node group simple-bank: amiType"},
	"nodeGroups.*.capacityType":      {sets: []string{"nodeGroups.simple-bank.capacityType=SPOT"}, change: "node group simple-bank: capacityType"},
	"nodeGroups.*.instanceTypes[*]":  {sets: []string{"nodeGroups.simple-bank.instanceTypes=[t3.small]"}, change: "node group simple-bank: instanceTypes"},
	"nodeGroups.*.diskSize":          {sets: []string{"nodeGroups.simple-bank.diskSize=30"}, change: "node group simple-bank: diskSize"},
	"nodeGroups.*.minSize":           {sets: []string{"nodeGroups.simple-bank.minSize=0"}, change: "node group simple-bank: scalingConfig.minSize"},
	"nodeGroups.*.maxSize":           {sets: []string{"nodeGroups.simple-bank.maxSize=3"}, change: "node group simple-bank: scalingConfig.maxSize"},
	"nodeGroups.*.desiredSize":       {sets: []string{"nodeGroups.simple-bank.desiredSize=2"}, change: "node group simple-bank: scalingConfig.desiredSize"},
	"nodeGroups.*.maxUnavailable":    {sets: []string{"nodeGroups.simple-bank.maxUnavailable=2"}, change: "node group simple-bank: updateConfig.maxUnavailable"},
	"nodeGroups.*.maxUnavailablePercentage": {sets: []string{"nodeGroups.simple-bank.maxUnavailable=null", "nodeGroups.simple-bank.maxUnavailablePercentage=50"},
		change: "node group simple-bank: updateConfig.maxUnavailablePercentage"},
	"nodeGroups.*.labels.*":         {sets: []string{"nodeGroups.simple-bank.labels.team=payments"}, change: "node group simple-bank: labels.team"},
	"nodeGroups.*.taints[*].key":    {stack: "prod", sets: []string{"nodeGroups.spot.taints[0].key=preemptible"}, change: "node group spot: taints"},
	"nodeGroups.*.taints[*].value":  {stack: "prod", sets: []string{"nodeGroups.spot.taints[0].value=yes"}, change: "node group spot: taints"},
	"nodeGroups.*.taints[*].effect": {stack: "prod", sets: []string{"nodeGroups.spot.taints[0].effect=NO_EXECUTE"}, change: "node group spot: taints"},
	"nodeGroups.*.subnetIds[*]":     {stack: "prod", sets: []string{"nodeGroups.spot.subnetIds=[subnet-0a1b2c3d4e5f60711, subnet-0a1b2c3d4e5f60712]"}, change: "node group spot: subnetIds"},
	"nodeGroups.*.remoteAccess.sshKey": {sets: []string{"nodeGroups.simple-bank.remoteAccess={sshKey: ops, sourceSecurityGroupIds: [sg-0a1b2c3d4e5f60711]}"},
		change: "node group simple-bank: remoteAccess.ec2SshKey"},
	"nodeGroups.*.remoteAccess.sourceSecurityGroupIds[*]": {sets: []string{"nodeGroups.simple-bank.remoteAccess={sshKey: ops, sourceSecurityGroupIds: [sg-0a1b2c3d4e5f60711]}"},
		change: "node group simple-bank: remoteAccess.sourceSecurityGroupIds"},
	"nodeGroups.*.launchTemplate.id": {sets: []string{"nodeGroups.simple-bank.diskSize=null", `nodeGroups.simple-bank.launchTemplate={id: lt-0a1b2c3d4e5f60711, version: "1"}`},
		change: "node group simple-bank: launchTemplate.id"},
	"nodeGroups.*.launchTemplate.name": {sets: []string{"nodeGroups.simple-bank.diskSize=null", `nodeGroups.simple-bank.launchTemplate={name: nodes, version: "1"}`},
		change: "node group simple-bank: launchTemplate.name"},
	"nodeGroups.*.launchTemplate.version": {sets: []string{"nodeGroups.simple-bank.diskSize=null", `nodeGroups.simple-bank.launchTemplate={name: nodes, version: "2"}`},
		change: "node group simple-bank: launchTemplate.version"},
	"nodeGroups.*.version":                   {sets: []string{`nodeGroups.simple-bank.version="1.34"`}, change: "node group simple-bank: version"},
	"nodeGroups.*.releaseVersion":            {sets: []string{"nodeGroups.simple-bank.releaseVersion=1.35.0-20251120"}, change: "node group simple-bank: releaseVersion"},
	"nodeGroups.*.tags.*":                    {sets: []string{"nodeGroups.simple-bank.tags.team=payments"}, change: "node group simple-bank: tags.team"},
	"nodeGroups.*.autoRepair":                {sets: []string{"nodeGroups.simple-bank.autoRepair=true"}, change: "node group simple-bank: nodeRepairConfig.enabled"},
	"nodeGroups.*.autoscalerOwnsDesiredSize": {sets: []string{"nodeGroups.simple-bank.autoscalerOwnsDesiredSize=true"}, change: "node group simple-bank: options.ignoreChanges"},
	"nodeGroups.*.namePrefix":                {sets: []string{"nodeGroups.simple-bank.namePrefix=bank-"}, change: "node group simple-bank: nodeGroupNamePrefix"},
	"policy.fail":                            {sets: []string{"policy.fail=warning"}, refuses: true},
	"policy.production":                      {sets: []string{"policy.production=true", "policy.fail=none"}, finding: "EKS011"},
	"policy.exceptions[*].rule":              {sets: []string{"policy.exceptions=[{rule: EKS001, reason: walkthrough}]"}, finding: "EKS001"},
	"policy.exceptions[*].reason":            {sets: []string{"policy.exceptions=[{rule: EKS001, reason: a reason of its own}]"}, finding: "EKS001", holds: `"exception": "a reason of its own"`},
	"aws:region":                             {sets: []string{"aws:region=us-west-2"}, change: "node group simple-bank: region"},
	"aws:defaultTags.tags.*":                 {sets: []string{"aws:defaultTags={tags: {team: platform}}"}, change: "node group simple-bank: tags.team"},
}

var (
	reListIndex = regexp.MustCompile(`\[\d+\]`)
	// rowName is the key a row of a README table begins with: | `key` |
	rowName = regexp.MustCompile("^\\|\\s*`([^`]+)`")
)

// settingKey is the settingReaches key of a config path from configPaths:
// without the ekskit: namespace, with a node group's name, a map's key and
// a list's index written as *. configPaths names a map's one key "k" (a
// node group's, group and "extra"): no setting of the stack file is
// called k.
func settingKey(path, group string) string {
	key := strings.TrimPrefix(path, "ekskit:")
	key = reListIndex.ReplaceAllString(key, "[*]")
	parts := strings.Split(key, ".")
	for i, p := range parts {
		if i == 1 && parts[0] == "nodeGroups" && (p == group || p == "extra") || p == "k" {
			parts[i] = "*"
		}
	}
	return strings.Join(parts, ".")
}

// TestEverySettingReachesThePlan: every setting a stack file can hold has
// an entry in settingReaches, and does what it says there: changes the
// resource input it is sent as (the --diff against the stack's plan shows
// it), or a guardrail finding. A setting added to the spec types but not
// sent to AWS, or not listed here, fails.
func TestEverySettingReachesThePlan(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range configPaths("g") {
		key := settingKey(p, "g")
		if key == "aws:defaultTags" || seen[key] {
			continue // the object itself; its tags are listed
		}
		seen[key] = true
		if _, ok := settingReaches[key]; !ok {
			t.Errorf("setting %s has no entry in settingReaches (settings_test.go): say which resource input it is sent as, "+
				"or which finding it changes", key)
		}
	}
	for key := range settingReaches {
		if !seen[key] {
			t.Errorf("settingReaches lists %s, which no stack file can hold", key)
		}
	}
	bases := map[string]string{} // each stack's plan, saved for --diff
	for _, stack := range stackNames(t) {
		bases[stack] = saveBase(t, planJSON(t, "--stack", stack))
	}
	for _, key := range slices.Sorted(maps.Keys(settingReaches)) {
		r := settingReaches[key]
		t.Run(key, func(t *testing.T) {
			stack := r.stack
			if stack == "" {
				stack = "dev"
			}
			var args []string
			for _, s := range r.sets {
				args = append(args, "--set", s)
			}
			if r.refuses || r.only != "" {
				var out, errOut bytes.Buffer
				code := runPlan(append([]string{"--stack", stack, "--today", goldenDay}, args...), &out, &errOut)
				// refused by the policy, with no config problem; or a
				// config problem at the setting's own key
				want, config := "at or above", false
				if r.only != "" {
					want, config = "\n  ekskit:"+key+": ", true
				}
				if msg := errOut.String(); code != exitInvalid || !strings.Contains(msg, want) || strings.Contains(msg, "config problem") != config {
					t.Errorf("%v: exit %d, want %d with %q (config problems: %v): %s", r.sets, code, exitInvalid, want, config, msg)
				}
				return
			}
			if r.finding != "" {
				before := findings(t, planJSON(t, "--stack", stack), r.finding)
				after := findings(t, planJSON(t, append([]string{"--stack", stack}, args...)...), r.finding)
				if before == after || !strings.Contains(after, r.holds) {
					t.Errorf("%v: the %s findings do not change, or do not hold %s: %s", r.sets, r.finding, r.holds, after)
				}
				return
			}
			d, code, stderr := runDiff(t, bases[stack], append([]string{"--stack", stack, "--today", goldenDay}, args...)...)
			if code == exitInvalid {
				t.Fatalf("%v: refused: %s", r.sets, stderr)
			}
			res, path, _ := strings.Cut(r.change, ":")
			path = strings.TrimSpace(path)
			var got []string
			for _, c := range d.Changes {
				if c.Kind+" "+c.Name != res {
					continue
				}
				if path == "" && (c.Op == plan.OpCreate || c.Op == plan.OpDelete) {
					return
				}
				for _, ic := range c.Inputs {
					if ic.Path == path || strings.HasPrefix(ic.Path, path+".") || strings.HasPrefix(ic.Path, path+"[") {
						return
					}
					// a block or map set as a whole: the setting's part of it is there
					if rest, ok := strings.CutPrefix(path, ic.Path+"."); ok && valueAt(ic.New, rest) != nil {
						return
					}
					got = append(got, ic.Path)
				}
			}
			var all []string
			for _, c := range d.Changes {
				all = append(all, string(c.Op)+" "+c.Kind+" "+c.Name)
			}
			t.Errorf("%v: no change of %s (its inputs changed: %v; changes: %v)", r.sets, r.change, got, all)
		})
	}
}

// findings are the plan's findings of rule, as JSON.
func findings(t *testing.T, doc []byte, rule string) string {
	t.Helper()
	var p struct {
		Findings []json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(doc, &p); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range p.Findings {
		var one struct {
			Rule string `json:"rule"`
		}
		if json.Unmarshal(f, &one) == nil && one.Rule == rule {
			out = append(out, string(f))
		}
	}
	return strings.Join(out, "\n")
}

// valueAt is the value at the dotted path in v, nil if there is none.
func valueAt(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// settingFields are the settings of each top-level config key (cluster,
// nodeGroups, ...) as settingKey writes them, without the top-level key (and
// a node group's *): addons.*.version, taints[*].key.
func settingFields() map[string][]string {
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, p := range configPaths("g") {
		key := settingKey(p, "g")
		if seen[key] || strings.HasPrefix(key, "aws:") {
			continue
		}
		seen[key] = true
		top, rest, _ := strings.Cut(key, ".")
		if top == "nodeGroups" {
			rest = strings.TrimPrefix(rest, "*.")
		}
		out[top] = append(out[top], rest)
	}
	return out
}

// TestConfigReferenceListsEverySetting: the README's config reference has
// a row for every setting a stack file can hold, under its key's heading: a
// row of its own (addons.*.version),
// or the row of an object or list above it that names it
// (remoteAccess: {sshKey, sourceSecurityGroupIds}).
func TestConfigReferenceListsEverySetting(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, ref, ok := strings.Cut(string(b), "\n## Config reference\n")
	if !ok {
		t.Fatal("README has no ## Config reference")
	}
	ref, _, _ = strings.Cut(ref, "\n## ")
	for _, key := range stackconfig.Keys() {
		if strings.HasPrefix(key, "aws:") && !strings.Contains(ref, "`"+key+"`") {
			t.Errorf("README's config reference does not mention %s", key)
		}
	}
	for top, fields := range settingFields() {
		_, section, ok := strings.Cut(ref, "\n### `"+stackconfig.Namespace+":"+top+"`")
		if !ok {
			t.Errorf("README's config reference has no ### `%s:%s` section", stackconfig.Namespace, top)
			continue
		}
		section, _, _ = strings.Cut(section, "\n### ")
		rows := map[string]string{} // name: the whole row
		for _, line := range strings.Split(section, "\n") {
			if m := rowName.FindStringSubmatch(line); m != nil {
				rows[strings.ReplaceAll(m[1], "[*]", "")] = line // a list's items, as the fields name them
			}
		}
		for _, field := range fields {
			if !documented(strings.Split(strings.ReplaceAll(field, "[*]", ""), "."), rows) {
				t.Errorf("README's config reference, ### `%s:%s`: no row for %s (nor a row above it that names it)",
					stackconfig.Namespace, top, field)
			}
		}
	}
}

// documented reports whether rows have one for the setting at path (a "*"
// segment matches any), or for a path above it whose row names each of
// the rest of the path's segments.
func documented(path []string, rows map[string]string) bool {
	for n := len(path); n > 0; n-- {
		for name, row := range rows {
			segs := strings.Split(name, ".")
			if len(segs) != n || !slices.EqualFunc(segs, path[:n], func(a, b string) bool { return a == b || a == "*" || b == "*" }) {
				continue
			}
			named := true
			for _, s := range path[n:] {
				named = named && (s == "*" || regexp.MustCompile(`\b`+regexp.QuoteMeta(s)+`\b`).MatchString(row))
			}
			if named {
				return true
			}
		}
	}
	return false
}

// TestProjectDescribesEverySetting: Pulumi.yaml declares every ekskit key
// as an object whose description names each of its settings' first
// segment (encryption for encryption.keyArn), as a word anywhere in it:
// what `pulumi config` users see. A nested setting is left to the README's
// reference.
func TestProjectDescribesEverySetting(t *testing.T) {
	p, err := workspace.LoadProject("Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fields := settingFields()
	for _, key := range stackconfig.Keys() {
		top, ok := strings.CutPrefix(key, stackconfig.Namespace+":")
		if !ok {
			continue
		}
		c, ok := p.Config[top]
		if !ok || c.Description == "" || c.Type == nil || *c.Type != "object" {
			t.Errorf("Pulumi.yaml config %s: not declared as an object with a description: %+v", top, c)
			continue
		}
		named := map[string]bool{}
		for _, f := range fields[top] {
			name, _, _ := strings.Cut(strings.ReplaceAll(f, "[*]", ""), ".")
			if !named[name] && !regexp.MustCompile(`\b`+regexp.QuoteMeta(name)+`\b`).MatchString(c.Description) {
				t.Errorf("Pulumi.yaml config %s: the description does not name %s", top, name)
			}
			named[name] = true
		}
	}
}
