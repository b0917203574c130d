package plan_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ekskit/ekskit/plan"
)

const (
	ngType   = "aws:eks/nodeGroup:NodeGroup"
	roleType = "aws:iam/role:Role"
	attType  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	eksType  = "eks:index:Cluster"
	clType   = "aws:eks/cluster:Cluster"
)

func urn(typ, name string) string { return "urn:pulumi:dev::ekskit::" + typ + "::" + name }

func res(typ, name string, inputs map[string]any) plan.DocumentResource {
	return plan.DocumentResource{URN: urn(typ, name), Type: typ, Name: name, Custom: typ != eksType, Remote: typ == eksType,
		Inputs: inputs, Dependencies: []string{}}
}

// baseDoc is a small stack: a role with an attachment, pulumi-eks's
// component taking the role by reference and its aws cluster taking the
// role's ARN, and a node group taking the role's ARN and the component's
// cluster name.
func baseDoc() plan.Document {
	role := res(roleType, "node", map[string]any{"name": "AWSEKSNodeRole", "path": "/"})
	att := res(attType, "node-policy", map[string]any{"role": plan.Unknown, "policyArn": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"})
	att.PropertyDependencies = map[string][]string{"role": {role.URN}}
	eks := res(eksType, "eks", map[string]any{"name": "simple-bank", "serviceRole": role.URN, "version": "1.35", "vpcId": "vpc-1"})
	cl := res(clType, "eks-eksCluster", map[string]any{"name": "simple-bank", "roleArn": plan.Unknown, "version": "1.35"})
	cl.Parent = eks.URN
	cl.PropertyDependencies = map[string][]string{"roleArn": {role.URN}}
	ng := res(ngType, "simple-bank", map[string]any{
		"clusterName":   plan.Unknown, // known once the cluster's add-ons are
		"nodeRoleArn":   plan.Unknown,
		"instanceTypes": []any{"t3.micro"},
		"scalingConfig": map[string]any{"minSize": 1.0, "maxSize": 2.0, "desiredSize": 1.0},
		"labels":        map[string]any{},
		"secretThing":   plan.Secret,
	})
	ng.PropertyDependencies = map[string][]string{"nodeRoleArn": {role.URN}, "clusterName": {eks.URN}}
	return plan.Document{Stack: "dev", Resources: []plan.DocumentResource{att, cl, eks, ng, role}}
}

// edit2 is edit of two resources.
func edit2(a string, fa func(r *plan.DocumentResource), b string, fb func(r *plan.DocumentResource)) plan.Document {
	d := edit(a, fa)
	for i := range d.Resources {
		if d.Resources[i].Name == b {
			fb(&d.Resources[i])
		}
	}
	return d
}

// edit returns a deep copy of baseDoc with f applied to the named resource.
func edit(name string, f func(r *plan.DocumentResource)) plan.Document {
	d := baseDoc()
	for i := range d.Resources {
		if d.Resources[i].Name == name {
			f(&d.Resources[i])
		}
	}
	return d
}

func TestCompare(t *testing.T) {
	type change struct {
		op       plan.Op
		inputs   []string
		replaces []string
	}
	for _, tc := range []struct {
		name    string
		head    plan.Document
		want    map[string]change // by resource name
		hazards int
	}{
		{"no change", baseDoc(), map[string]change{}, 0},
		{"scaling is an in-place update", edit("simple-bank", func(r *plan.DocumentResource) {
			r.Inputs["scalingConfig"].(map[string]any)["desiredSize"] = 2.0
		}), map[string]change{"simple-bank": {plan.OpUpdate, []string{"scalingConfig.desiredSize"}, nil}}, 0},
		{"a label is an in-place update", edit("simple-bank", func(r *plan.DocumentResource) {
			r.Inputs["labels"] = map[string]any{"team": "payments"}
		}), map[string]change{"simple-bank": {plan.OpUpdate, []string{"labels.team"}, nil}}, 0},
		{"instance types replace the node group", edit("simple-bank", func(r *plan.DocumentResource) {
			r.Inputs["instanceTypes"] = []any{"t3.small"}
		}), map[string]change{"simple-bank": {plan.OpReplace, []string{"instanceTypes"}, []string{"instanceTypes changed"}}}, 1},
		{"a launch template version updates, its id replaces", edit("simple-bank", func(r *plan.DocumentResource) {
			r.Inputs["launchTemplate"] = map[string]any{"id": "lt-2", "version": "3"}
		}), map[string]change{"simple-bank": {plan.OpReplace, []string{"launchTemplate"}, []string{"launchTemplate.id changed"}}}, 1},
		{"secrets are not compared", edit("simple-bank", func(r *plan.DocumentResource) {
			r.Inputs["secretThing"] = plan.Secret
		}), map[string]change{}, 0},
		// pulumi up's same step: shown, counted as unchanged
		{"a protect option change alone is the same", edit("simple-bank", func(r *plan.DocumentResource) {
			r.Options.Protect = true
		}), map[string]change{"simple-bank": {plan.OpSame, []string{"options.protect"}, nil}}, 0},
		{"options pulumi up only records are the same", edit("simple-bank", func(r *plan.DocumentResource) {
			r.Options.RetainOnDelete, r.Options.IgnoreChanges = true, []string{"tags"}
		}), map[string]change{"simple-bank": {plan.OpSame, []string{"options.ignoreChanges", "options.retainOnDelete"}, nil}}, 0},
		{"protect with an input change is an update", edit("simple-bank", func(r *plan.DocumentResource) {
			r.Options.Protect = true
			r.Inputs["labels"] = map[string]any{"team": "a"}
		}), map[string]change{"simple-bank": {plan.OpUpdate, []string{"labels.team", "options.protect"}, nil}}, 0},
		// a value from a renewed resource reaches it: more than options
		{"protect and a new role ARN is an update", edit2("eks", func(r *plan.DocumentResource) {
			r.Options.Protect = true
		}, "node", func(r *plan.DocumentResource) { r.Inputs["path"] = "/eks/" }), map[string]change{
			"node":           {plan.OpReplace, []string{"path"}, []string{"path changed"}},
			"node-policy":    {plan.OpReplace, []string{"role"}, []string{"role comes from replaced IAM role node"}},
			"eks":            {plan.OpUpdate, []string{"options.protect", "serviceRole"}, nil},
			"eks-eksCluster": {plan.OpReplace, []string{"roleArn"}, []string{"roleArn comes from replaced IAM role node"}},
			"simple-bank": {plan.OpReplace, []string{"clusterName", "nodeRoleArn"},
				[]string{"clusterName comes from replaced cluster eks-eksCluster", "nodeRoleArn comes from replaced IAM role node"}},
		}, 4},
		{"another provider is an update", edit("simple-bank", func(r *plan.DocumentResource) {
			r.Options.Provider = "urn:pulumi:dev::ekskit::pulumi:providers:aws::eu::1"
		}), map[string]change{"simple-bank": {plan.OpUpdate, []string{"options.provider"}, nil}}, 0},
		{"an unlisted type only updates", edit("node-policy", func(r *plan.DocumentResource) {
			r.Type = "example:index:Thing"
			r.URN = urn(attType, "node-policy") // same URN, other type token
			r.Inputs["policyArn"] = "arn:aws:iam::aws:policy/Other"
		}), map[string]change{"node-policy": {plan.OpUpdate, []string{"policyArn"}, nil}}, 0},
		{"a cluster rename replaces the cluster and what takes its name from the component", edit2(
			"eks", func(r *plan.DocumentResource) { r.Inputs["name"] = "other-bank" },
			"eks-eksCluster", func(r *plan.DocumentResource) { r.Inputs["name"] = "other-bank" },
		), map[string]change{
			"eks":            {plan.OpUpdate, []string{"name"}, nil},
			"eks-eksCluster": {plan.OpReplace, []string{"name"}, []string{"name changed"}},
			"simple-bank":    {plan.OpReplace, []string{"clusterName"}, []string{"clusterName comes from replaced cluster eks-eksCluster"}},
		}, 2},
		{"a renamed role replaces its users, through unknowns and references", edit("node", func(r *plan.DocumentResource) {
			r.Inputs["name"] = "OtherRole"
		}), map[string]change{
			"node":           {plan.OpReplace, []string{"name"}, []string{"name changed"}},
			"node-policy":    {plan.OpReplace, []string{"role"}, []string{"role comes from replaced IAM role node"}},
			"eks":            {plan.OpUpdate, []string{"serviceRole"}, nil},
			"eks-eksCluster": {plan.OpReplace, []string{"roleArn"}, []string{"roleArn comes from replaced IAM role node"}},
			"simple-bank": {plan.OpReplace, []string{"clusterName", "nodeRoleArn"},
				[]string{"clusterName comes from replaced cluster eks-eksCluster", "nodeRoleArn comes from replaced IAM role node"}},
		}, 4},
		{"another VPC cannot be applied", edit("eks", func(r *plan.DocumentResource) {
			r.Inputs["vpcId"] = "vpc-2"
		}), map[string]change{"eks": {plan.OpUpdate, []string{"vpcId"}, nil}}, 1},
		// the old group's nodes are drained and terminated: to review, as
		// a replacement is
		{"a new logical name is a delete and a create", edit("simple-bank", func(r *plan.DocumentResource) {
			r.Name, r.URN = "renamed", urn(ngType, "renamed")
		}), map[string]change{"simple-bank": {plan.OpDelete, nil, nil}, "renamed": {plan.OpCreate, nil, nil}}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(baseDoc(), tc.head)
			got := map[string]change{}
			for _, c := range d.Changes {
				var paths []string
				for _, ic := range c.Inputs {
					paths = append(paths, ic.Path)
				}
				got[c.Name] = change{c.Op, paths, c.Reasons()}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("changes:\n got %+v\nwant %+v", got, tc.want)
			}
			if n := len(d.Hazards()); n != tc.hazards {
				t.Errorf("hazards = %d, want %d", n, tc.hazards)
			}
			if changed := d.Count(plan.OpUpdate) + d.Count(plan.OpReplace); d.Unchanged+changed != len(tc.head.Resources)-d.Count(plan.OpCreate) {
				t.Errorf("unchanged = %d with %d changes", d.Unchanged, len(d.Changes))
			}
		})
	}
}

// TestCompareReplaceOnChanges: the program's replaceOnChanges paths, read
// as the engine reads them (wildcards, keys in brackets), replace the node
// group when a value they match changes, also through a change of the
// block the value is in; a change beside them is an update.
func TestCompareReplaceOnChanges(t *testing.T) {
	for _, tc := range []struct {
		path, input string
		was, value  any    // was: the base's input, if any
		changed     string // the input change shown
		replaces    bool
	}{
		{"labels", "labels", nil, map[string]any{"team": "a"}, "labels.team", true},
		{"labels.team", "labels", nil, map[string]any{"other": "x"}, "labels.other", false},
		{"labels.*", "labels", nil, map[string]any{"team": "a"}, "labels.team", true},
		{`labels["team"]`, "labels", nil, map[string]any{"team": "a"}, "labels.team", true},
		// a key with dots, in brackets: changed, and a key beside it
		{`labels["k8s.io/role"]`, "labels", map[string]any{"k8s.io/role": "a", "x": "1"}, map[string]any{"k8s.io/role": "b", "x": "1"},
			"labels.k8s.io/role", true},
		{`labels["k8s.io/role"]`, "labels", map[string]any{"k8s.io/role": "a", "x": "1"}, map[string]any{"k8s.io/role": "a", "x": "2"},
			"labels.x", false},
		// the base has no taints: the block is new
		{"taints.key", "taints", nil, map[string]any{"key": "a"}, "taints", true},
		{"taints.*.key", "taints", nil, map[string]any{"first": map[string]any{"key": "a"}}, "taints", true},
		{"taints.*.key", "taints", nil, map[string]any{"first": map[string]any{"value": "a"}}, "taints", false},
	} {
		base := edit("simple-bank", func(r *plan.DocumentResource) {
			if tc.was != nil {
				r.Inputs[tc.input] = tc.was
			}
		})
		head := edit("simple-bank", func(r *plan.DocumentResource) {
			r.Options.ReplaceOnChanges = []string{tc.path}
			r.Inputs[tc.input] = tc.value
		})
		d := plan.Compare(base, head)
		if len(d.Changes) != 1 {
			t.Errorf("%s, %s: %d changes", tc.path, tc.changed, len(d.Changes))
			continue
		}
		c := d.Changes[0]
		var paths []string
		for _, ic := range c.Inputs {
			paths = append(paths, ic.Path)
		}
		var want []string
		if tc.replaces {
			want = []string{tc.path + " changed"}
		}
		if !slices.Equal(paths, []string{tc.changed, "options.replaceOnChanges"}) ||
			(c.Op == plan.OpReplace) != tc.replaces || !slices.Equal(c.Reasons(), want) || (len(d.Hazards()) == 1) != tc.replaces {
			t.Errorf("%s, %s: %s", tc.path, tc.changed, c.Sentence())
		}
	}
}

// TestCompareReplaceOnChangesDiffed: replaceOnChanges reads the change the
// provider's diff shows: not a value under ignoreChanges that could not be
// put back, nor a block unknown in both plans, but the default tags that
// change under secret tags (and only those).
func TestCompareReplaceOnChangesDiffed(t *testing.T) {
	const bootstrap = "accessConfig.bootstrapClusterCreatorAdminPermissions"
	cluster := func(f func(in map[string]any)) plan.Document {
		return edit("eks-eksCluster", func(r *plan.DocumentResource) {
			r.Options.IgnoreChanges, r.Options.ReplaceOnChanges = []string{bootstrap}, []string{bootstrap}
			r.Inputs["accessConfig"] = map[string]any{"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": true}
			f(r.Inputs)
		})
	}
	role := func(path string, defaults map[string]string) plan.Document {
		return edit("node", func(r *plan.DocumentResource) {
			r.Options.ReplaceOnChanges, r.Inputs["tags"], r.DefaultTags = []string{path}, plan.Secret, defaults
		})
	}
	// a block unknown in both plans (computed at deploy time) has not changed
	unknownKey := func(version string) plan.Document {
		return edit("eks-eksCluster", func(r *plan.DocumentResource) {
			r.Options.ReplaceOnChanges = []string{"encryptionConfig.provider.keyArn"}
			r.Inputs["encryptionConfig"], r.Inputs["version"] = plan.Unknown, version
		})
	}
	for _, tc := range []struct {
		name       string
		base, head plan.Document
		resource   string
		op         plan.Op
	}{
		{"an ignored value's block left out", cluster(func(map[string]any) {}),
			cluster(func(in map[string]any) { delete(in, "accessConfig") }), "eks-eksCluster", plan.OpUpdate},
		{"new default tags under secret tags", role("tags", map[string]string{"team": "a"}), role("tags", map[string]string{"team": "b"}), "node", plan.OpReplace},
		{"a new default tag under secret tags", role("tags.team", map[string]string{"team": "a"}), role("tags.team", map[string]string{"team": "b"}), "node", plan.OpReplace},
		{"another default tag under secret tags", role("tags.Name", map[string]string{"team": "a"}), role("tags.Name", map[string]string{"team": "b"}), "node", plan.OpUpdate},
		{"a block unknown in both plans", unknownKey("1.35"), unknownKey("1.36"), "eks-eksCluster", plan.OpUpdate},
	} {
		var got plan.Op
		for _, c := range plan.Compare(tc.base, tc.head).Changes {
			if c.Name == tc.resource {
				got = c.Op
			}
		}
		if got != tc.op {
			t.Errorf("%s: %s %q, want %q", tc.name, tc.resource, got, tc.op)
		}
	}
}

func TestCompareReadsSavedPlans(t *testing.T) {
	// A plan read back from JSON has the value types of a fresh one, and
	// numbers however spelt (1, 1.0, 1e0) mean the same.
	b, err := json.Marshal(baseDoc())
	if err != nil {
		t.Fatal(err)
	}
	respelt := strings.Replace(string(b), `"minSize":1`, `"minSize":1.0e0`, 1)
	if respelt == string(b) {
		t.Fatal("no minSize to respell")
	}
	saved, err := plan.DecodeDocument(strings.NewReader(respelt))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(saved, baseDoc()) {
		t.Errorf("saved plan decodes to other values:\n%+v\n%+v", saved, baseDoc())
	}
	if d := plan.Compare(saved, baseDoc()); len(d.Changes) != 0 {
		t.Errorf("saved vs fresh: %+v", d.Changes)
	}
	for doc, want := range map[string]string{
		`{"stack": 1, "resources": []}`:                   "plan document: json: cannot unmarshal number",
		`{"stack": "dev"}`:                                `not a plan: it has no "resources"`,
		`{"stack": "dev", "changes": [], "unchanged": 3}`: "a diff (plan --diff --json), not a plan",
		`[]`: "plan document: json: cannot unmarshal array",
		// what plan --json > file leaves when the plan is refused
		"":    "empty, not a plan: plan --json writes none when the plan is refused (save a base plan with --set policy.fail=none)",
		" \n": "empty, not a plan",
	} {
		if _, err := plan.DecodeDocument(strings.NewReader(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", doc, err, want)
		}
	}
}

// TestCompareEncryptionKey: EKS associates a key once and never changes
// it, whether the key is given (an ARN) or created in the stack (unknown
// in a preview), and removing it replaces the cluster.
func TestCompareEncryptionKey(t *testing.T) {
	const created = "created"
	keyType := "aws:kms/key:Key"
	with := func(key any, multiRegion bool) plan.Document {
		d := edit("eks-eksCluster", func(r *plan.DocumentResource) {
			switch key {
			case nil:
			case created:
				r.Inputs["encryptionConfig"] = plan.Unknown
				r.PropertyDependencies["encryptionConfig"] = []string{urn(keyType, "secrets")}
			default:
				r.Inputs["encryptionConfig"] = map[string]any{"provider": map[string]any{"keyArn": key}, "resources": []any{"secrets"}}
			}
		})
		if key == created {
			d.Resources = append(d.Resources, res(keyType, "secrets", map[string]any{"multiRegion": multiRegion}))
		}
		return d
	}
	for _, tc := range []struct {
		name                string
		base, new           any
		replaceKey          bool
		op                  plan.Op
		unappliable, hazard bool
	}{
		// in place, and cannot be undone: to review
		{"added", nil, "arn:aws:kms:us-east-1:1:key/a", false, plan.OpUpdate, false, true},
		{"changed", "arn:aws:kms:us-east-1:1:key/a", "arn:aws:kms:us-east-1:1:key/b", false, plan.OpUpdate, true, true},
		{"removed", "arn:aws:kms:us-east-1:1:key/a", nil, false, plan.OpReplace, false, true},
		{"created added", nil, created, false, plan.OpUpdate, false, true},
		{"created to given", created, "arn:aws:kms:us-east-1:1:key/b", false, plan.OpUpdate, true, true},
		{"given to created", "arn:aws:kms:us-east-1:1:key/a", created, false, plan.OpUpdate, true, true},
		{"created kept", created, created, false, "", false, false},
		{"created removed", created, nil, false, plan.OpReplace, false, true},
		// an alias's ARN where the deployed stack holds the key's (ekskit
		// refuses aliases now): settles the diff if it named this key
		{"alias to key", "arn:aws:kms:us-east-1:1:alias/eks", "arn:aws:kms:us-east-1:1:key/b", false, plan.OpUpdate, false, false},
		{"alias name to key", "alias/eks", "arn:aws:kms:us-east-1:1:key/b", false, plan.OpUpdate, false, false},
		{"key to alias", "arn:aws:kms:us-east-1:1:key/a", "arn:aws:kms:us-east-1:1:alias/eks", false, plan.OpUpdate, true, true},
		{"alias to alias", "arn:aws:kms:us-east-1:1:alias/a", "arn:aws:kms:us-east-1:1:alias/b", false, plan.OpUpdate, true, true},
	} {
		d := plan.Compare(with(tc.base, false), with(tc.new, tc.replaceKey))
		var c plan.Change
		for _, ch := range d.Changes {
			if ch.Name == "eks-eksCluster" {
				c = ch
			}
		}
		hazard := slices.ContainsFunc(d.Hazards(), func(h plan.Change) bool { return h.Name == "eks-eksCluster" })
		if c.Op != tc.op || (len(c.Unappliable) > 0) != tc.unappliable || hazard != tc.hazard {
			t.Errorf("encryption %s: %+v, want %q (unappliable %v, hazard %v)", tc.name, c, tc.op, tc.unappliable, tc.hazard)
		}
		if tc.unappliable && !strings.Contains(c.Sentence(), "pulumi up cannot apply: encryptionConfig.provider.keyArn: EKS cannot change") {
			t.Errorf("%s: sentence: %s", tc.name, c.Sentence())
		}
		resolved := slices.ContainsFunc(c.Notes, func(n string) bool {
			return strings.HasPrefix(n, fmt.Sprintf("the deployed stack holds the ARN of the key %v named", tc.base)) &&
				strings.Contains(n, fmt.Sprintf("if that is %v, pulumi up only records it", tc.new))
		})
		if want := strings.HasPrefix(tc.name, "alias") && !tc.unappliable; resolved != want {
			t.Errorf("%s: notes %q, want the alias's key noted: %v", tc.name, c.Notes, want)
		}
	}
}

// TestCompareAddonRole: an add-on's IAM role taken off is a change pulumi
// up cannot apply (the provider sends an empty role ARN, which EKS
// refuses): it blocks, and says how to get there. A role added or changed
// updates in place; a role removed under ignoreChanges, or with the add-on
// replaced (a new one takes the new inputs), is no such change.
func TestCompareAddonRole(t *testing.T) {
	const addonType = "aws:eks/addon:Addon"
	addon := func(role any, f func(r *plan.DocumentResource)) plan.Document {
		in := map[string]any{"clusterName": "simple-bank", "addonName": "vpc-cni", "preserve": true}
		if role != nil {
			in["serviceAccountRoleArn"] = role
		}
		r := res(addonType, "eks-vpc-cni", in)
		if f != nil {
			f(&r)
		}
		return plan.Document{Stack: "dev", Resources: []plan.DocumentResource{r}}
	}
	const arn, other = "arn:aws:iam::1:role/cni", "arn:aws:iam::1:role/other"
	ignored := func(r *plan.DocumentResource) { r.Options.IgnoreChanges = []string{"serviceAccountRoleArn"} }
	for _, tc := range []struct {
		name       string
		base, head plan.Document
		op         plan.Op
		blocks     bool
	}{
		{"a role from the stack removed", addon(plan.Unknown, nil), addon(nil, nil), plan.OpUpdate, true},
		{"a given role removed", addon(arn, nil), addon(nil, nil), plan.OpUpdate, true},
		{"a role added", addon(nil, nil), addon(arn, nil), plan.OpUpdate, false},
		{"another role", addon(arn, nil), addon(other, nil), plan.OpUpdate, false},
		{"removed under ignoreChanges", addon(arn, ignored), addon(nil, ignored), "", false},
		{"removed with the add-on replaced", addon(arn, nil),
			addon(nil, func(r *plan.DocumentResource) { r.Inputs["clusterName"] = "other-bank" }), plan.OpReplace, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(tc.base, tc.head)
			var c plan.Change
			if len(d.Changes) == 1 {
				c = d.Changes[0]
			}
			if c.Op != tc.op || c.Blocks() != tc.blocks || d.Blocking() != map[bool]int{true: 1}[tc.blocks] {
				t.Fatalf("%+v: op %q, blocks %v, want %q, %v", d.Changes, c.Op, c.Blocks(), tc.op, tc.blocks)
			}
			if !tc.blocks {
				return
			}
			hazards := d.Hazards()
			if len(hazards) != 1 || len(c.Unappliable) != 1 || c.Fails != "" {
				t.Errorf("hazards %+v, unappliable %q, fails %q", hazards, c.Unappliable, c.Fails)
			}
			for _, want := range []string{
				"will be updated in place (serviceAccountRoleArn), which pulumi up cannot apply: serviceAccountRoleArn: ",
				"the provider sends an empty role ARN for a removed one, and EKS refuses it (hashicorp/terraform-provider-aws#30645)",
				"pulumi up fails and the add-on keeps its role",
				"keep the role, or delete the add-on in one pulumi up (with preserve on, its software keeps running) " +
					"and create it without the role in the next, then restart its pods",
			} {
				if !strings.Contains(c.Sentence(), want) {
					t.Errorf("sentence lacks %q: %s", want, c.Sentence())
				}
			}
		})
	}
}

// TestCompareRegion: an aws resource whose region changes is replaced
// (pulumi-aws replaces what its provider's region change moves); a plan
// saved without regions compares as before.
func TestCompareRegion(t *testing.T) {
	in := func(region string) plan.Document {
		d := baseDoc()
		for i, r := range d.Resources {
			if r.Custom {
				d.Resources[i].Region = region
			}
		}
		return d
	}
	d := plan.Compare(in("us-east-1"), in("eu-west-1"))
	if n := d.Count(plan.OpReplace); n != 4 {
		t.Errorf("%d replaced, want the 4 aws resources: %+v", n, d.Changes)
	}
	for _, c := range d.Changes {
		if c.Op == plan.OpReplace && !strings.Contains(c.Sentence(), "REPLACED (region changed") {
			t.Errorf("sentence: %s", c.Sentence())
		}
	}
	for _, pair := range [][2]string{{"", "eu-west-1"}, {"us-east-1", "us-east-1"}} {
		if d := plan.Compare(in(pair[0]), in(pair[1])); len(d.Changes) != 0 {
			t.Errorf("region %q => %q: %+v", pair[0], pair[1], d.Changes)
		}
	}
}

// TestCompareDefaultTags: a tagged resource's tags are its provider's
// default tags with its own over them (pulumi-aws v6's Check): a new
// default tag updates it in place, one its own tags override changes
// nothing, and a type without tags (a policy attachment) is not touched.
func TestCompareDefaultTags(t *testing.T) {
	in := func(defaults map[string]string) plan.Document {
		d := edit("node", func(r *plan.DocumentResource) { r.Inputs["tags"] = map[string]any{"team": "own"} })
		for i := range d.Resources {
			if d.Resources[i].Custom {
				d.Resources[i].DefaultTags = defaults
			}
		}
		return d
	}
	d := plan.Compare(in(nil), in(map[string]string{"team": "default", "env": "dev"}))
	got := map[string][]plan.InputChange{}
	for _, c := range d.Changes {
		if c.Op != plan.OpUpdate {
			t.Errorf("%s: %s, want an update in place", c.Name, c.Op)
		}
		got[c.Name] = c.Inputs
	}
	want := map[string][]plan.InputChange{
		// its own team tag wins: only env is new
		"node": {{Path: "tags.env", Old: nil, New: "dev"}},
		// no tags of its own: both defaults
		"eks-eksCluster": {{Path: "tags", Old: nil, New: map[string]any{"env": "dev", "team": "default"}}},
		"simple-bank":    {{Path: "tags", Old: nil, New: map[string]any{"env": "dev", "team": "default"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes %+v, want %+v", got, want)
	}
	// a default tag the resource overrides: no change
	if d := plan.Compare(in(map[string]string{"team": "a"}), in(map[string]string{"team": "b"})); len(d.Changes) != 2 ||
		slices.ContainsFunc(d.Changes, func(c plan.Change) bool { return c.Name == "node" }) {
		t.Errorf("an overridden default tag: %+v", d.Changes)
	}
}

// TestCompareTagsAsChecked: the tags compared are those pulumi-aws v6's
// Check sends, case by case: empty tags are no tags, tags unknown at
// preview (the resource's or the provider's) are unknown, secret tags
// still take new default tags, and tags under ignoreChanges are put back
// before the default tags are merged under them.
func TestCompareTagsAsChecked(t *testing.T) {
	role := func(tags any, defaults map[string]string, ignore ...string) plan.Document {
		return edit("node", func(r *plan.DocumentResource) {
			if tags != nil {
				r.Inputs["tags"] = tags
			}
			r.DefaultTags, r.Options.IgnoreChanges = defaults, ignore
		})
	}
	team := map[string]string{"team": "a"}
	for _, tc := range []struct {
		name       string
		base, head plan.Document
		want       []plan.InputChange // the role's; nil: no change
	}{
		{"empty tags are none", role(nil, nil), role(map[string]any{}, nil), nil},
		{"unknown own tags", role(map[string]any{"x": "1"}, team), role(plan.Unknown, team),
			[]plan.InputChange{{Path: "tags", Old: map[string]any{"team": "a", "x": "1"}, New: plan.Unknown}}},
		{"unknown default tags", role(nil, team), role(nil, map[string]string{plan.Unknown: plan.Unknown}),
			[]plan.InputChange{{Path: "tags", Old: map[string]any{"team": "a"}, New: plan.Unknown}}},
		{"secret own tags, new defaults", role(plan.Secret, team), role(plan.Secret, map[string]string{"team": "b"}),
			[]plan.InputChange{{Path: "tags", Old: plan.Secret, New: plan.Secret}}},
		{"secret own tags, same defaults", role(plan.Secret, team), role(plan.Secret, team), nil},
		// the deployed tags are put back, then the defaults merged under them
		{"ignored tags, a new default key", role(map[string]any{"x": "1"}, team, "tags"),
			role(map[string]any{"x": "2"}, map[string]string{"team": "a", "env": "dev"}, "tags"),
			[]plan.InputChange{{Path: "tags.env", Old: nil, New: "dev"}}},
		{"ignored tags, a default's new value", role(nil, team, "tags"), role(nil, map[string]string{"team": "b"}, "tags"), nil},
		// the deployed tags are none, unknown or secret: the key is none
		{"one ignored tag, no deployed tags", role(nil, nil, "tags.x"), role(map[string]any{"x": "2"}, nil, "tags.x"), nil},
		// what is under a secret is not known: a change, without a panic
		{"one ignored tag, secret deployed tags", role(plan.Secret, nil, "tags.x"), role(map[string]any{"x": "2"}, nil, "tags.x"),
			[]plan.InputChange{{Path: "tags", Old: plan.Secret, New: nil}}},
		{"secret default tags", role(nil, team), role(nil, map[string]string{plan.Secret: plan.Secret}),
			[]plan.InputChange{{Path: "tags", Old: map[string]any{"team": "a"}, New: plan.Secret}}},
		{"one ignored tag", role(map[string]any{"x": "1", "y": "1"}, nil, "tags.x"), role(map[string]any{"x": "2", "y": "2"}, nil, "tags.x"),
			[]plan.InputChange{{Path: "tags.y", Old: "1", New: "2"}}},
		// paths as the engine parses them: a key with dots and slashes in
		// brackets, a wildcard
		{"an ignored tag named in brackets",
			role(map[string]any{"kubernetes.io/role/elb": "1", "y": "1"}, nil, `tags["kubernetes.io/role/elb"]`),
			role(map[string]any{"kubernetes.io/role/elb": "2", "y": "2"}, nil, `tags["kubernetes.io/role/elb"]`),
			[]plan.InputChange{{Path: "tags.y", Old: "1", New: "2"}}},
		{"every tag ignored by a wildcard, a new default key", role(map[string]any{"x": "1"}, team, "tags.*"),
			role(map[string]any{"x": "2", "z": "3"}, map[string]string{"team": "a", "env": "dev"}, "tags.*"),
			[]plan.InputChange{{Path: "tags.env", Old: nil, New: "dev"}}},
	} {
		var got []plan.InputChange
		for _, c := range plan.Compare(tc.base, tc.head).Changes {
			if c.Name != "node" || c.Op != plan.OpUpdate {
				t.Errorf("%s: %s %s", tc.name, c.Op, c.Name)
				continue
			}
			got = c.Inputs
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: changes %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// TestCompareComputedDefaults: an input the base plan left out has the
// value AWS gave it: setting the documented default changes nothing, and
// setting one AWS chose (a cluster's service range) replaces the cluster
// only if AWS chose another, which the reason says.
func TestCompareComputedDefaults(t *testing.T) {
	cluster := func(f func(in map[string]any)) plan.Document {
		return edit("eks-eksCluster", func(r *plan.DocumentResource) { f(r.Inputs) })
	}
	none := cluster(func(map[string]any) {})
	for _, tc := range []struct {
		name string
		head plan.Document
		want []string // the cluster's sentence contains each; none: no change
	}{
		{"ipv4 is EKS's default", cluster(func(in map[string]any) {
			in["kubernetesNetworkConfig"] = map[string]any{"ipFamily": "ipv4"}
		}), nil},
		{"0.0.0.0/0 is EKS's default", cluster(func(in map[string]any) {
			in["vpcConfig"] = map[string]any{"publicAccessCidrs": []any{"0.0.0.0/0"}}
		}), nil},
		{"another public CIDR updates", cluster(func(in map[string]any) {
			in["vpcConfig"] = map[string]any{"publicAccessCidrs": []any{"203.0.113.0/24"}}
		}), []string{"will be updated in place (vpcConfig.publicAccessCidrs)"}},
		{"a service range where EKS chose one", cluster(func(in map[string]any) {
			in["kubernetesNetworkConfig"] = map[string]any{"ipFamily": "ipv4", "serviceIpv4Cidr": "10.100.0.0/16"}
		}), []string{`REPLACED (kubernetesNetworkConfig.serviceIpv4Cidr set to "10.100.0.0/16" where AWS chose one: no change if it chose the same)`}},
		{"a service range in a block of its own", cluster(func(in map[string]any) {
			in["kubernetesNetworkConfig"] = map[string]any{"serviceIpv4Cidr": "172.20.0.0/16"}
		}), []string{`REPLACED (kubernetesNetworkConfig.serviceIpv4Cidr set to "172.20.0.0/16" where AWS chose one: no change if it chose the same)`}},
		{"a service range AWS never picks replaces for certain", cluster(func(in map[string]any) {
			in["kubernetesNetworkConfig"] = map[string]any{"ipFamily": "ipv4", "serviceIpv4Cidr": "10.200.0.0/16"}
		}), []string{"REPLACED (kubernetesNetworkConfig.serviceIpv4Cidr changed)"}},
		{"ipv6 replaces", cluster(func(in map[string]any) {
			in["kubernetesNetworkConfig"] = map[string]any{"ipFamily": "ipv6"}
		}), []string{"REPLACED (kubernetesNetworkConfig.ipFamily changed)"}},
	} {
		var got *plan.Change
		for _, c := range plan.Compare(none, tc.head).Changes {
			if c.Name == "eks-eksCluster" {
				got = &c
			}
		}
		switch {
		case tc.want == nil && got != nil:
			t.Errorf("%s: %s", tc.name, got.Sentence())
		case tc.want != nil && got == nil:
			t.Errorf("%s: no change to the cluster", tc.name)
		case got != nil:
			for _, w := range tc.want {
				if !strings.Contains(got.Sentence(), w) {
					t.Errorf("%s: %s, want %q", tc.name, got.Sentence(), w)
				}
			}
		}
	}
}

// TestCompareDocumentedDefaults: a KMS key's multiRegion false and a log
// group's STANDARD class are AWS's defaults: set explicitly, no change;
// the other value replaces.
func TestCompareDocumentedDefaults(t *testing.T) {
	doc := func(key, logs map[string]any) plan.Document {
		return plan.Document{Stack: "dev", Resources: []plan.DocumentResource{
			res("aws:kms/key:Key", "key", key), res("aws:cloudwatch/logGroup:LogGroup", "logs", logs)}}
	}
	base := doc(map[string]any{}, map[string]any{})
	if d := plan.Compare(base, doc(map[string]any{"multiRegion": false}, map[string]any{"logGroupClass": "STANDARD"})); len(d.Changes) != 0 {
		t.Errorf("the defaults set: %+v", d.Changes)
	}
	d := plan.Compare(base, doc(map[string]any{"multiRegion": true}, map[string]any{"logGroupClass": "INFREQUENT_ACCESS"}))
	if d.Count(plan.OpReplace) != 2 {
		t.Errorf("other values: %+v", d.Changes)
	}
}

// TestCompareNodeRepairDefault: a node group's auto repair is off unless
// asked for (EKS's default), so sending it off where a plan saved before
// left it out is no change, and turning it on updates the group in place.
func TestCompareNodeRepairDefault(t *testing.T) {
	doc := func(in map[string]any) plan.Document {
		return plan.Document{Stack: "dev", Resources: []plan.DocumentResource{res("aws:eks/nodeGroup:NodeGroup", "workers", in)}}
	}
	base := doc(map[string]any{})
	if d := plan.Compare(base, doc(map[string]any{"nodeRepairConfig": map[string]any{"enabled": false}})); len(d.Changes) != 0 {
		t.Errorf("repair sent off: %+v", d.Changes)
	}
	d := plan.Compare(base, doc(map[string]any{"nodeRepairConfig": map[string]any{"enabled": true}}))
	if d.Count(plan.OpUpdate) != 1 || d.Count(plan.OpReplace) != 0 {
		t.Errorf("repair turned on: %+v", d.Changes)
	}
}

// TestCompareRetainedFixedName: a retained resource with a fixed name
// replaced delete-first stays in AWS under the name the new one takes:
// pulumi up fails, and it blocks. Without retainOnDelete, or with a
// generated name, it goes through.
func TestCompareRetainedFixedName(t *testing.T) {
	for _, tc := range []struct {
		name          string
		retain, fixed bool
		fails         bool
	}{{"retained, fixed name", true, true, true}, {"not retained", false, true, false}, {"generated name", true, false, false}} {
		doc := func(path string) plan.Document {
			return edit("node", func(r *plan.DocumentResource) {
				r.Options.RetainOnDelete, r.Inputs["path"] = tc.retain, path
				if !tc.fixed {
					delete(r.Inputs, "name")
				}
			})
		}
		var role plan.Change
		for _, c := range plan.Compare(doc("/"), doc("/eks/")).Changes {
			if c.Name == "node" {
				role = c
			}
		}
		if got := role.Fails != ""; got != tc.fails || got != role.Blocks() || role.Op != plan.OpReplace {
			t.Errorf("%s: %s", tc.name, role.Sentence())
		}
	}
}

// TestReplaceOnChangesFromReplaced: the program's replaceOnChanges also
// replaces a resource whose input under it comes, unknown, from a
// replaced resource (the engine asks the provider with it unknown).
func TestReplaceOnChangesFromReplaced(t *testing.T) {
	labelsFromRole := func(r *plan.DocumentResource) {
		r.Options.ReplaceOnChanges = []string{"labels.team"}
		r.Inputs["labels"] = plan.Unknown
		r.PropertyDependencies["labels"] = []string{urn(roleType, "node")}
	}
	base := edit("simple-bank", labelsFromRole)
	head := edit2("simple-bank", labelsFromRole, "node", func(r *plan.DocumentResource) { r.Inputs["path"] = "/eks/" })
	for _, c := range plan.Compare(base, head).Changes {
		if c.Name == "simple-bank" && !slices.Contains(c.Reasons(), "labels comes from replaced IAM role node") {
			t.Errorf("%s", c.Sentence())
		}
	}
}

// TestCompareRetainedNameScope: a retained node group replaced
// delete-first under its fixed name into another cluster takes the name
// in a new place: no failure.
func TestCompareRetainedNameScope(t *testing.T) {
	ng := func(cluster string) plan.Document {
		return plan.Document{Stack: "dev", Resources: []plan.DocumentResource{func() plan.DocumentResource {
			r := res(ngType, "ng", map[string]any{"nodeGroupName": "ng", "clusterName": cluster})
			r.Options.RetainOnDelete = true
			return r
		}()}}
	}
	d := plan.Compare(ng("a"), ng("b"))
	if len(d.Changes) != 1 || d.Changes[0].Op != plan.OpReplace || !d.Changes[0].DeleteFirst || d.Changes[0].Fails != "" {
		t.Errorf("%+v", d.Changes)
	}
}

// TestUnprotects: protection removed from a resource that stays is
// flagged; protection added, or a resource deleted, is not.
func TestUnprotects(t *testing.T) {
	protected := edit("simple-bank", func(r *plan.DocumentResource) { r.Options.Protect = true })
	for _, tc := range []struct {
		name       string
		base, head plan.Document
		want       bool
	}{
		{"removed", protected, baseDoc(), true},
		{"added", baseDoc(), protected, false},
		{"deleted", protected, edit("simple-bank", func(r *plan.DocumentResource) { r.URN += "-gone" }), false},
	} {
		var got bool
		for _, c := range plan.Compare(tc.base, tc.head).Changes {
			got = got || c.Unprotects()
		}
		if got != tc.want {
			t.Errorf("%s: Unprotects %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestCompareProtected: pulumi up refuses to replace what is protected
// before and after the change, whether an input of its own or one taken
// from a replaced resource forces it; unprotecting and replacing in one
// change goes through.
func TestCompareProtected(t *testing.T) {
	protect := func(on bool, roleName string) plan.Document {
		return edit2("eks-eksCluster", func(r *plan.DocumentResource) { r.Options.Protect = on },
			"node", func(r *plan.DocumentResource) { r.Inputs["name"] = roleName })
	}
	for _, tc := range []struct {
		name          string
		base, head    plan.Document
		wantProtected bool
	}{
		{"replaced through its role", protect(true, "a"), protect(true, "b"), true},
		{"unprotected and replaced", protect(true, "a"), protect(false, "b"), false},
		{"protected and replaced", protect(false, "a"), protect(true, "b"), false},
	} {
		var c plan.Change
		for _, ch := range plan.Compare(tc.base, tc.head).Changes {
			if ch.Name == "eks-eksCluster" {
				c = ch
			}
		}
		if c.Op != plan.OpReplace || c.Protected != tc.wantProtected ||
			strings.Contains(c.Sentence(), "pulumi up will refuse") != tc.wantProtected {
			t.Errorf("%s: %s (protected %v)", tc.name, c.Sentence(), c.Protected)
		}
	}
}

// TestCompareIgnoreChanges: the engine keeps the deployed value of an
// input under ignoreChanges, so changing it is no change, not even one
// that would replace; the inputs beside it still compare.
func TestCompareIgnoreChanges(t *testing.T) {
	taints := func(first, second string) []any {
		return []any{map[string]any{"key": "a", "value": first, "effect": "NO_SCHEDULE"},
			map[string]any{"key": "b", "value": second, "effect": "NO_SCHEDULE"}}
	}
	ignoring := func(f func(r *plan.DocumentResource)) plan.Document {
		return edit("simple-bank", func(r *plan.DocumentResource) {
			r.Options.IgnoreChanges = []string{"scalingConfig.desiredSize", "instanceTypes", "taints[1].value"}
			r.Inputs["taints"] = taints("1", "1")
			f(r)
		})
	}
	base := ignoring(func(*plan.DocumentResource) {})
	for name, tc := range map[string]struct {
		f    func(r *plan.DocumentResource)
		want []string // changed paths, none: no change
	}{
		"desired size": {func(r *plan.DocumentResource) {
			r.Inputs["scalingConfig"] = map[string]any{"minSize": 1.0, "maxSize": 2.0, "desiredSize": 2.0}
		}, nil},
		"instance types, which would replace": {func(r *plan.DocumentResource) { r.Inputs["instanceTypes"] = []any{"t3.small"} }, nil},
		"desired and max size": {func(r *plan.DocumentResource) {
			r.Inputs["scalingConfig"] = map[string]any{"minSize": 1.0, "maxSize": 3.0, "desiredSize": 2.0}
		}, []string{"scalingConfig.maxSize"}},
		// a list element by its index, as the engine parses the path
		"the second taint's value": {func(r *plan.DocumentResource) { r.Inputs["taints"] = taints("1", "2") }, nil},
		"the first taint's value":  {func(r *plan.DocumentResource) { r.Inputs["taints"] = taints("2", "1") }, []string{"taints"}},
	} {
		d := plan.Compare(base, ignoring(tc.f))
		var got []string
		for _, c := range d.Changes {
			if c.Op != plan.OpUpdate {
				t.Errorf("%s: %s", name, c.Sentence())
			}
			for _, ic := range c.Inputs {
				got = append(got, ic.Path)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: changed %v, want %v", name, got, tc.want)
		}
	}
}

// TestCompareAutoscaledSizeOutside: pulumi up sends an autoscaled group's
// deployed desired size with the new minSize and maxSize, and EKS refuses
// one outside them.
func TestCompareAutoscaledSizeOutside(t *testing.T) {
	sized := func(min, desired, max float64) plan.Document {
		return edit("simple-bank", func(r *plan.DocumentResource) {
			r.Options.IgnoreChanges = []string{"scalingConfig.desiredSize"}
			r.Inputs["scalingConfig"] = map[string]any{"minSize": min, "desiredSize": desired, "maxSize": max}
		})
	}
	for _, tc := range []struct {
		name        string
		head        plan.Document
		unappliable bool
	}{
		{"min above the deployed size", sized(3, 3, 5), true},
		{"max below it", sized(0, 1, 1), true},
		{"max above it", sized(1, 2, 5), false},
	} {
		d := plan.Compare(sized(1, 2, 4), tc.head)
		if len(d.Changes) != 1 || (len(d.Changes[0].Unappliable) > 0) != tc.unappliable {
			t.Errorf("%s: %+v", tc.name, d.Changes)
		} else if tc.unappliable && !strings.Contains(d.Changes[0].Sentence(), "pulumi up fails if that size is still 2, as in the base plan") {
			t.Errorf("%s: %s", tc.name, d.Changes[0].Sentence())
		}
	}
}

// TestCompareIgnoredNotReset: where the engine cannot put an ignored value
// back (its block is gone, or unknown), the provider's Diff still leaves
// the path out: the block's change is an update, not the replacement or
// the refusal the path alone would bring. Every path counts, whatever
// comes first; an empty one ignores nothing.
func TestCompareIgnoredNotReset(t *testing.T) {
	const bootstrap = "accessConfig.bootstrapClusterCreatorAdminPermissions" // pulumi-eks ignores it
	cluster := func(ignore []string, f func(in map[string]any)) plan.Document {
		return edit("eks-eksCluster", func(r *plan.DocumentResource) {
			r.Options.IgnoreChanges = ignore
			r.Inputs["accessConfig"] = map[string]any{"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": true}
			r.Inputs["encryptionConfig"] = map[string]any{"provider": map[string]any{"keyArn": "arn:k1"}, "resources": []any{"secrets"}}
			f(r.Inputs)
		})
	}
	for _, tc := range []struct {
		name   string
		ignore []string
		f      func(in map[string]any)
		op     plan.Op // the cluster's
		inputs []string
	}{
		{"the ignored value's block left out", []string{bootstrap},
			func(in map[string]any) { delete(in, "accessConfig") }, plan.OpUpdate, []string{"accessConfig"}},
		{"the ignored value's block unknown", []string{bootstrap},
			func(in map[string]any) { in["accessConfig"] = plan.Unknown }, plan.OpUpdate, []string{"accessConfig"}},
		{"the block of an ignored key unknown", []string{"encryptionConfig.provider.keyArn"},
			func(in map[string]any) { in["encryptionConfig"] = plan.Unknown }, plan.OpUpdate, []string{"encryptionConfig"}},
		{"a wildcard path before another", []string{"*.nothing", "roleArn"},
			func(in map[string]any) { in["roleArn"] = "arn:aws:iam::1:role/other" }, "", nil},
		{"a wildcard path after another", []string{"roleArn", "*.nothing"},
			func(in map[string]any) { in["roleArn"] = "arn:aws:iam::1:role/other" }, "", nil},
		{"an empty path", []string{""},
			func(in map[string]any) { in["name"] = "other" }, plan.OpReplace, []string{"name"}},
	} {
		var got *plan.Change
		for _, c := range plan.Compare(cluster(tc.ignore, func(map[string]any) {}), cluster(tc.ignore, tc.f)).Changes {
			if c.Name == "eks-eksCluster" {
				got = &c
			}
		}
		switch {
		case tc.op == "" && got != nil:
			t.Errorf("%s: %s", tc.name, got.Sentence())
		case tc.op == "":
		case got == nil:
			t.Errorf("%s: no change, want %s", tc.name, tc.op)
		default:
			var paths []string
			for _, ic := range got.Inputs {
				paths = append(paths, ic.Path)
			}
			if got.Op != tc.op || !slices.Equal(paths, tc.inputs) || len(got.Unappliable) > 0 {
				t.Errorf("%s: %s (inputs %v), want %s of %v", tc.name, got.Sentence(), paths, tc.op, tc.inputs)
			}
		}
	}
}

// TestCompareIgnoredFromReplaced: an input that would take its value from
// a replaced resource keeps the deployed one when it is under
// ignoreChanges, however the path is spelled.
func TestCompareIgnoredFromReplaced(t *testing.T) {
	for _, tc := range []struct {
		ignore []string
		want   plan.Op // the attachment's; "": unchanged
	}{
		{nil, plan.OpReplace},
		{[]string{"role"}, ""},
		{[]string{`["role"]`}, ""},
		{[]string{"policyArn"}, plan.OpReplace},
	} {
		base, head := baseDoc(), edit("node", func(r *plan.DocumentResource) { r.Inputs["name"] = "OtherNodeRole" })
		for _, d := range []plan.Document{base, head} {
			for i := range d.Resources {
				if d.Resources[i].Name == "node-policy" {
					d.Resources[i].Options.IgnoreChanges = tc.ignore
				}
			}
		}
		var got plan.Op
		for _, c := range plan.Compare(base, head).Changes {
			if c.Name == "node-policy" {
				got = c.Op
			}
		}
		if got != tc.want {
			t.Errorf("ignoreChanges %q: the attachment's op %q, want %q", tc.ignore, got, tc.want)
		}
	}
}

// TestCompareKeptWhenRemoved: leaving out an input the provider computes
// (a launch template's group no longer sending instanceTypes) keeps the
// deployed value: no change, no replacement; a changed one still replaces.
func TestCompareKeptWhenRemoved(t *testing.T) {
	removed := edit("simple-bank", func(r *plan.DocumentResource) { delete(r.Inputs, "instanceTypes") })
	if d := plan.Compare(baseDoc(), removed); len(d.Changes) != 0 {
		t.Errorf("instanceTypes left out: %+v", d.Changes)
	}
	// nor under the program's replaceOnChanges, beside another change
	onChanges := func(r *plan.DocumentResource) { r.Options.ReplaceOnChanges = []string{"instanceTypes"} }
	if d := plan.Compare(edit("simple-bank", onChanges), edit("simple-bank", func(r *plan.DocumentResource) {
		onChanges(r)
		delete(r.Inputs, "instanceTypes")
		r.Inputs["labels"] = map[string]any{"team": "a"}
	})); len(d.Changes) != 1 || d.Changes[0].Op != plan.OpUpdate {
		t.Errorf("instanceTypes left out, under replaceOnChanges: %+v", d.Changes)
	}
	changed := edit("simple-bank", func(r *plan.DocumentResource) { r.Inputs["instanceTypes"] = []any{"t3.small"} })
	if d := plan.Compare(baseDoc(), changed); len(d.Changes) != 1 || d.Changes[0].Op != plan.OpReplace {
		t.Errorf("instanceTypes changed: %+v", d.Changes)
	}
	// added where the provider had filled it in: shown, as pulumi up would
	if d := plan.Compare(removed, baseDoc()); len(d.Changes) != 1 {
		t.Errorf("instanceTypes set: %+v", d.Changes)
	}
}

// TestCompareKeptObject: an object left out whose every field is optional
// and computed (the cluster's kubernetesNetworkConfig, EKS's pick of a
// service range) keeps its deployed values: no change, no replacement.
func TestCompareKeptObject(t *testing.T) {
	with := func(cfg any) plan.Document {
		return edit("eks-eksCluster", func(r *plan.DocumentResource) {
			if cfg != nil {
				r.Inputs["kubernetesNetworkConfig"] = cfg
			}
		})
	}
	pinned := map[string]any{"serviceIpv4Cidr": "10.100.0.0/16", "ipFamily": "ipv4"}
	if d := plan.Compare(with(pinned), with(nil)); len(d.Changes) != 0 {
		t.Errorf("network config left out: %+v", d.Changes)
	}
	d := plan.Compare(with(pinned), with(map[string]any{"serviceIpv4Cidr": "172.20.0.0/16", "ipFamily": "ipv4"}))
	if i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == "eks-eksCluster" }); i < 0 ||
		!slices.Equal(d.Changes[i].Replaces, []string{"kubernetesNetworkConfig.serviceIpv4Cidr"}) {
		t.Errorf("service range changed: %+v", d.Changes)
	}
}

// TestCompareConditionalChain: a replacement that holds only if AWS chose
// another service range is conditional, and so is each replacement that
// follows from it alone, however far down (the add-on, then what takes
// its output), while one with a certain cause of its own is not.
func TestCompareConditionalChain(t *testing.T) {
	const addonType = "aws:eks/addon:Addon"
	doc := func(serviceRange string, ngName string) plan.Document {
		d := edit2("eks-eksCluster", func(r *plan.DocumentResource) {
			if serviceRange != "" { // "": left to AWS
				r.Inputs["kubernetesNetworkConfig"] = map[string]any{"serviceIpv4Cidr": serviceRange}
			}
		}, "simple-bank", func(r *plan.DocumentResource) {
			r.Inputs["nodeGroupName"] = ngName
			r.PropertyDependencies["clusterName"] = []string{urn(addonType, "coredns")}
		})
		addon := res(addonType, "coredns", map[string]any{"addonName": "coredns", "clusterName": "simple-bank"})
		addon.PropertyDependencies = map[string][]string{"clusterName": {urn(clType, "eks-eksCluster")}}
		d.Resources = append(d.Resources, addon)
		return d
	}
	reasons := func(d plan.Diff) map[string][]string {
		out := map[string][]string{}
		for _, c := range d.Changes {
			out[c.Name] = c.Reasons()
		}
		return out
	}
	got := reasons(plan.Compare(doc("", "ng"), doc("172.20.0.0/16", "ng")))
	if !slices.Equal(got["coredns"], []string{"clusterName comes from cluster eks-eksCluster, if it is replaced"}) ||
		!slices.Equal(got["simple-bank"], []string{"clusterName comes from add-on coredns, if it is replaced"}) {
		t.Errorf("a conditional chain: %q", got)
	}
	// the node group renamed: replaced for sure, whatever AWS chose
	got = reasons(plan.Compare(doc("", "ng"), doc("172.20.0.0/16", "ng2")))
	if !slices.Contains(got["simple-bank"], "nodeGroupName changed") {
		t.Errorf("a certain cause beside a conditional one: %q", got)
	}
}

// TestCompareLaunchTemplateAlias: a node group's launch template given by
// name where the base plan gave its id, or by id where it gave its name,
// may be the same template (the provider reads both back, and only the
// other one would be a change): a replacement only if it names another,
// which the reason says, and its dependents "if it is replaced". It is
// still a replacement to review, and blocks nothing. Another id, or
// another name, replaces for certain.
func TestCompareLaunchTemplateAlias(t *testing.T) {
	const addonType = "aws:eks/addon:Addon"
	doc := func(lt map[string]any, f func(in map[string]any)) plan.Document {
		d := edit("simple-bank", func(r *plan.DocumentResource) {
			r.Inputs["launchTemplate"] = lt
			if f != nil {
				f(r.Inputs)
			}
		})
		// something that takes the node group's output, to show whether
		// the replacement is conditional
		dep := res(addonType, "after-nodes", map[string]any{"addonName": "x", "clusterName": plan.Unknown})
		dep.PropertyDependencies = map[string][]string{"clusterName": {urn(ngType, "simple-bank")}}
		d.Resources = append(d.Resources, dep)
		return d
	}
	const id, other = "lt-0123456789abcdef0", "lt-0123456789abcdef1"
	byID := func(id, version string) map[string]any { return map[string]any{"id": id, "version": version} }
	byName := func(name, version string) map[string]any { return map[string]any{"name": name, "version": version} }
	for _, tc := range []struct {
		name       string
		base, head plan.Document
		inputs     []string
		reasons    []string // the node group's
		dependent  string   // the dependent's reason
	}{
		{"id to name", doc(byID(id, "1"), nil), doc(byName("my-template", "1"), nil),
			[]string{"launchTemplate.id", "launchTemplate.name"},
			[]string{`launchTemplate.name set to "my-template" where launchTemplate.id was "lt-0123456789abcdef0": ` +
				`replaced only if it names another launch template than that id did`},
			"clusterName comes from node group simple-bank, if it is replaced"},
		{"name to id, a new version", doc(byName("my-template", "1"), nil), doc(byID(id, "2"), nil),
			[]string{"launchTemplate.id", "launchTemplate.name", "launchTemplate.version"},
			[]string{`launchTemplate.id set to "lt-0123456789abcdef0" where launchTemplate.name was "my-template": ` +
				`replaced only if it names another launch template than that name did`},
			"clusterName comes from node group simple-bank, if it is replaced"},
		{"another id", doc(byID(id, "1"), nil), doc(byID(other, "1"), nil),
			[]string{"launchTemplate.id"}, []string{"launchTemplate.id changed"},
			"clusterName comes from replaced node group simple-bank"},
		{"another name", doc(byName("a", "1"), nil), doc(byName("b", "1"), nil),
			[]string{"launchTemplate.name"}, []string{"launchTemplate.name changed"},
			"clusterName comes from replaced node group simple-bank"},
		// a certain cause beside it: the group is replaced whatever the
		// name names
		{"id to name, other instance types", doc(byID(id, "1"), nil),
			doc(byName("my-template", "1"), func(in map[string]any) { in["instanceTypes"] = []any{"t3.small"} }),
			[]string{"instanceTypes", "launchTemplate.id", "launchTemplate.name"},
			[]string{"instanceTypes changed", `launchTemplate.name set to "my-template" where launchTemplate.id was "lt-0123456789abcdef0": ` +
				`replaced only if it names another launch template than that id did`},
			"clusterName comes from replaced node group simple-bank"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(tc.base, tc.head)
			var ng, dep plan.Change
			for _, c := range d.Changes {
				switch c.Name {
				case "simple-bank":
					ng = c
				case "after-nodes":
					dep = c
				}
			}
			var inputs []string
			for _, ic := range ng.Inputs {
				inputs = append(inputs, ic.Path)
			}
			if ng.Op != plan.OpReplace || !slices.Equal(inputs, tc.inputs) || !slices.Equal(ng.Reasons(), tc.reasons) {
				t.Errorf("node group: %s %q, reasons %q; want replace %q, %q", ng.Op, inputs, ng.Reasons(), tc.inputs, tc.reasons)
			}
			if !slices.Equal(dep.Reasons(), []string{tc.dependent}) {
				t.Errorf("dependent: %q, want %q", dep.Reasons(), tc.dependent)
			}
			if d.Blocking() != 0 || !slices.ContainsFunc(d.Hazards(), func(h plan.Change) bool { return h.Name == "simple-bank" }) {
				t.Errorf("blocking %d, hazards %+v: want a replacement to review, blocking nothing", d.Blocking(), d.Hazards())
			}
		})
	}
	// the same template by the same id, a new version: an update
	if d := plan.Compare(doc(byID(id, "1"), nil), doc(byID(id, "2"), nil)); len(d.Changes) != 1 || d.Changes[0].Op != plan.OpUpdate {
		t.Errorf("a new version: %+v", d.Changes)
	}
}

// TestCompareSets: a new order of an input the provider holds as a set
// (subnets, taints) is no change; of a list (instance types, in order of
// preference) it is.
func TestCompareSets(t *testing.T) {
	set := func(subnets, taints, types []any) plan.Document {
		return edit("simple-bank", func(r *plan.DocumentResource) {
			r.Inputs["subnetIds"], r.Inputs["taints"], r.Inputs["instanceTypes"] = subnets, taints, types
		})
	}
	a := map[string]any{"key": "a", "effect": "NO_SCHEDULE"}
	b := map[string]any{"key": "b", "value": "x", "effect": "NO_EXECUTE"}
	base := set([]any{"subnet-1", "subnet-2"}, []any{a, b}, []any{"m5.large", "m6i.large"})
	if d := plan.Compare(base, set([]any{"subnet-2", "subnet-1"}, []any{b, a}, []any{"m5.large", "m6i.large"})); len(d.Changes) != 0 {
		t.Errorf("sets reordered: %+v", d.Changes)
	}
	d := plan.Compare(base, set([]any{"subnet-1", "subnet-2"}, []any{a, b}, []any{"m6i.large", "m5.large"}))
	if len(d.Changes) != 1 || !slices.Equal(d.Changes[0].Replaces, []string{"instanceTypes"}) {
		t.Errorf("instance types reordered: %+v", d.Changes)
	}
	if d := plan.Compare(base, set([]any{"subnet-1", "subnet-3"}, []any{a, b}, []any{"m5.large", "m6i.large"})); d.Count(plan.OpReplace) != 1 {
		t.Errorf("a subnet changed: %+v", d.Changes)
	}
}

// TestKindsFromProviderSchema: the provider schema extract reaches
// plan.Kinds, covers every aws type the stacks plan, and names only kinds
// that exist.
func TestKindsFromProviderSchema(t *testing.T) {
	ng := plan.Kinds["aws:eks/nodeGroup:NodeGroup"]
	for _, p := range []string{"amiType", "capacityType", "diskSize", "instanceTypes", "releaseVersion", "version"} {
		if !slices.Contains(ng.KeptWhenRemoved, p) {
			t.Errorf("node group: %s not kept when removed: %v", p, ng.KeptWhenRemoved)
		}
	}
	if !slices.Contains(ng.Sets, "subnetIds") || slices.Contains(ng.Sets, "instanceTypes") {
		t.Errorf("node group sets: %v", ng.Sets)
	}
	for _, stack := range []string{"dev", "prod"} {
		doc, err := plan.ReadDocument(filepath.Join("..", "testdata", "plans", stack+".json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Resources {
			if k := plan.Kinds[r.Type]; strings.HasPrefix(r.Type, "aws:") && k.Sets == nil && k.KeptWhenRemoved == nil &&
				r.Type != "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.Type != "aws:eks/accessPolicyAssociation:AccessPolicyAssociation" {
				t.Errorf("%s: %s is not in the provider schema extract", stack, r.Type)
			}
		}
	}
}

// TestCompareDeleteFirst: a replacement deletes first where the program
// fixes the name pulumi-aws would generate, or sets deleteBeforeReplace, and
// so does each replacement with a replace-forcing input from one, whatever
// the order of the plan; the engine refuses such a dependent if it is
// protected in the deployed stack, whatever the program now says.
func TestCompareDeleteFirst(t *testing.T) {
	moved := func(d plan.Document) plan.Document {
		for i, r := range d.Resources {
			switch r.Name {
			case "node":
				d.Resources[i].Inputs["path"] = "/x/"
			case "simple-bank":
				d.Resources[i].Options.Protect = false
			}
		}
		return d
	}
	protectGroup := func(d plan.Document) plan.Document {
		for i, r := range d.Resources {
			if r.Name == "simple-bank" {
				d.Resources[i].Options.Protect = true
			}
		}
		return d
	}
	reversed := func(d plan.Document) plan.Document { slices.Reverse(d.Resources); return d }
	for name, pair := range map[string][2]plan.Document{
		"in order": {protectGroup(baseDoc()), moved(baseDoc())},
		"reversed": {reversed(protectGroup(baseDoc())), reversed(moved(baseDoc()))},
	} {
		got := map[string]string{}
		for _, c := range plan.Compare(pair[0], pair[1]).Changes {
			got[c.Name] = fmt.Sprintf("%s first=%v protected=%v", c.Op, c.DeleteFirst, c.Protected)
		}
		want := map[string]string{
			"node":           "replace first=true protected=false", // its name is fixed
			"node-policy":    "replace first=true protected=false",
			"eks-eksCluster": "replace first=true protected=false",
			// unprotected by the program, protected in the deployed stack
			"simple-bank": "replace first=true protected=true",
		}
		for n, w := range want {
			if got[n] != w {
				t.Errorf("%s: %s: %s, want %s", name, n, got[n], w)
			}
		}
	}
	// a generated name: create-first, unless the option says otherwise
	prefixed := func(dbr bool, path string) plan.Document {
		return edit("node", func(r *plan.DocumentResource) {
			delete(r.Inputs, "name")
			r.Inputs["namePrefix"], r.Inputs["path"], r.Options.DeleteBeforeReplace = "node-", path, dbr
		})
	}
	for _, dbr := range []bool{false, true} {
		d := plan.Compare(prefixed(dbr, "/"), prefixed(dbr, "/x/"))
		if i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == "node" }); i < 0 || d.Changes[i].DeleteFirst != dbr {
			t.Errorf("deleteBeforeReplace %v: %+v", dbr, d.Changes)
		}
	}
	// a name the program stops setting is generated anew: a replacement
	unnamed := edit("node", func(r *plan.DocumentResource) { delete(r.Inputs, "name") })
	if d := plan.Compare(baseDoc(), unnamed); d.Count(plan.OpReplace) == 0 {
		t.Errorf("role name left out: %+v", d.Changes)
	}
}

// TestCompareRetained: a resource with retainOnDelete is left in AWS when
// deleted or replaced, and the sentence says so.
func TestCompareRetained(t *testing.T) {
	retained := edit("node", func(r *plan.DocumentResource) { r.Options.RetainOnDelete = true })
	gone := plan.Document{Stack: "dev", Resources: without(retained.Resources, "node")}
	renamed := edit("node", func(r *plan.DocumentResource) { r.Options.RetainOnDelete, r.Inputs["name"] = true, "other" })
	for _, tc := range []struct {
		head plan.Document
		want string
	}{
		{gone, "IAM role node will be removed from the stack and left in AWS (retainOnDelete)"},
		{renamed, "IAM role node will be REPLACED (name changed), the old one left in AWS (retainOnDelete)"},
	} {
		c := plan.Compare(retained, tc.head).Changes
		if i := slices.IndexFunc(c, func(c plan.Change) bool { return c.Name == "node" }); i < 0 || c[i].Sentence() != tc.want {
			t.Errorf("got %v, want %q", c, tc.want)
		}
	}
}

func TestSentences(t *testing.T) {
	base := baseDoc()
	protected := edit("eks", func(r *plan.DocumentResource) { r.Options.Protect = true })
	gone := plan.Document{Stack: "dev", Resources: without(protected.Resources, "eks")}
	for _, tc := range []struct {
		base, head plan.Document
		want       string
	}{
		{base, edit("simple-bank", func(r *plan.DocumentResource) { r.Inputs["instanceTypes"] = []any{"m5.large"} }),
			"node group simple-bank will be REPLACED (instanceTypes changed)"},
		{base, edit("simple-bank", func(r *plan.DocumentResource) { r.Inputs["labels"] = map[string]any{"a": "b"} }),
			"node group simple-bank will be updated in place (labels.a)"},
		{protected, gone, "pulumi-eks cluster eks will be DELETED, but it is protected: pulumi up will refuse (a pulumi up that keeps it, " +
			"unprotected, must come first)"},
	} {
		d := plan.Compare(tc.base, tc.head)
		var got []string
		for _, c := range d.Changes {
			got = append(got, c.Sentence())
		}
		if len(got) == 0 || got[0] != tc.want {
			t.Errorf("sentences = %q, want first %q", got, tc.want)
		}
	}
	d := plan.Compare(protected, gone)
	if h := d.Hazards(); len(h) != 1 || h[0].Name != "eks" {
		t.Errorf("protected delete: hazards %+v", h)
	}
	// deleting an unprotected resource whose delete loses nothing (the
	// component: its children are deleted on their own) is shown but is
	// no hazard
	d = plan.Compare(base, plan.Document{Stack: "dev", Resources: without(base.Resources, "eks")})
	if d.Count(plan.OpDelete) != 1 || len(d.Hazards()) != 0 {
		t.Errorf("unprotected delete: %+v", d)
	}
}

// TestCompareStepOrder: changes are listed in the order pulumi up starts
// them. In baseDoc the role waits for nothing, its attachment and
// pulumi-eks's component for the role, the aws cluster for the role and its
// parent, the node group for the role and the component (so for the cluster
// under it). Deletes come last, each before its parent and what it waited
// for, as the engine runs them.
func TestCompareStepOrder(t *testing.T) {
	inRegion := func(region string) plan.Document {
		d := baseDoc()
		for i := range d.Resources {
			if d.Resources[i].Custom {
				d.Resources[i].Region = region
			}
		}
		return d
	}
	scaled := edit("simple-bank", func(r *plan.DocumentResource) {
		r.Inputs["scalingConfig"] = map[string]any{"minSize": 1.0, "maxSize": 3.0, "desiredSize": 1.0}
	})
	scaled.Resources = without(scaled.Resources, "node-policy")
	updatedWithout := edit("node", func(r *plan.DocumentResource) { r.Inputs["tags"] = map[string]any{"team": "a"} })
	updatedWithout.Resources = without(updatedWithout.Resources, "node-policy")
	for _, tc := range []struct {
		name       string
		base, head plan.Document
		want       []string
	}{
		{"replaced in a new region", inRegion("us-east-1"), inRegion("eu-west-1"),
			[]string{"replace node", "replace node-policy", "update eks", "replace eks-eksCluster", "replace simple-bank"}},
		{"all deleted", baseDoc(), plan.Document{Stack: "dev"},
			[]string{"delete simple-bank", "delete eks-eksCluster", "delete node-policy", "delete eks", "delete node"}},
		{"all created", plan.Document{Stack: "dev"}, baseDoc(),
			[]string{"create node", "create node-policy", "create eks", "create eks-eksCluster", "create simple-bank"}},
		// the engine runs deletes after every other step
		{"delete after update", baseDoc(), scaled, []string{"update simple-bank", "delete node-policy"}},
		// the node group waits for the cluster and the node role, left as
		// they are: both updates start at once, in URN order
		{"together behind what stays", withRole("zzz", "a", baseDoc()),
			withRole("zzz", "b", edit("simple-bank", func(r *plan.DocumentResource) { r.Inputs["tags"] = map[string]any{"team": "a"} })),
			[]string{"update simple-bank", "update zzz"}},
		// a chain: zz-a (updated) -> b (left as it is) -> aa-c (updated)
		{"behind what stays, after what changes", chain("a", "c"), chain("a2", "c2"), []string{"update zz-a", "update aa-c"}},
		// the engine orders a delete after the deletes of what waited for
		// it directly: m, which stays, breaks the chain
		{"deletes behind what stays", chainNamed("aa-x", "a", "m", "zz-y", "c"), plan.Document{Stack: "dev",
			Resources: []plan.DocumentResource{res(roleType, "m", map[string]any{})}}, []string{"delete aa-x", "delete zz-y"}},
		// deletes wait for deletes only, not for the update of node
		{"deletes after updates, together", withRole("aaa", "a", baseDoc()),
			updatedWithout,
			[]string{"update node", "delete aaa", "delete node-policy"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range plan.Compare(tc.base, tc.head).Changes {
				got = append(got, string(c.Op)+" "+c.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("order %q, want %q", got, tc.want)
			}
		})
	}
}

// chain is a plan of three IAM roles, each waiting for the one before:
// zz-a, tagged a; b; aa-c, tagged c.
func chain(a, c string) plan.Document { return chainNamed("zz-a", a, "b", "aa-c", c) }

// chainNamed is a plan of three IAM roles, each waiting for the one
// before: first tagged a, mid, last tagged c.
func chainNamed(first, a, mid, last, c string) plan.Document {
	r1 := res(roleType, first, map[string]any{"tags": map[string]any{"team": a}})
	r2 := res(roleType, mid, map[string]any{})
	r2.Dependencies = []string{r1.URN}
	r3 := res(roleType, last, map[string]any{"tags": map[string]any{"team": c}})
	r3.Dependencies = []string{r2.URN}
	return plan.Document{Stack: "dev", Resources: []plan.DocumentResource{r1, r2, r3}}
}

// withRole is d with one more IAM role, named name, that waits for
// nothing, with the tag team: team.
func withRole(name, team string, d plan.Document) plan.Document {
	d.Resources = append(d.Resources, res(roleType, name, map[string]any{"tags": map[string]any{"team": team}}))
	return d
}

func without(rs []plan.DocumentResource, name string) []plan.DocumentResource {
	var out []plan.DocumentResource
	for _, r := range rs {
		if r.Name != name {
			r.Inputs = maps.Clone(r.Inputs)
			out = append(out, r)
		}
	}
	return out
}

// TestWriteDiffValues: the text diff shows where two values differ, within
// about 80 characters a side: short values whole, long lists as the
// elements removed and added, other long values cut around their first
// difference, so that two values that differ never print alike.
func TestWriteDiffValues(t *testing.T) {
	subnets := func(last ...string) []any {
		l := []any{"subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712"}
		for _, s := range last {
			l = append(l, s)
		}
		return l
	}
	policy := func(service string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"` +
			service + `.amazonaws.com"}}]}`
	}
	for _, tc := range []struct {
		name     string
		old, new any
		want     string
	}{
		{"short list", []any{"t3.micro"}, []any{"t3.small"}, `["t3.micro"] => ["t3.small"]`},
		{"third subnet", subnets("subnet-0a1b2c3d4e5f60713"), subnets("subnet-0a1b2c3d4e5f60714"),
			`removed "subnet-0a1b2c3d4e5f60713"; added "subnet-0a1b2c3d4e5f60714"; 2 unchanged`},
		{"subnet added", subnets("subnet-0a1b2c3d4e5f60713"), subnets("subnet-0a1b2c3d4e5f60713", "subnet-0a1b2c3d4e5f60714"),
			`added "subnet-0a1b2c3d4e5f60714"; 3 unchanged`},
		{"subnet removed, the rest moved", subnets("subnet-0a1b2c3d4e5f60713"), []any{"subnet-0a1b2c3d4e5f60712", "subnet-0a1b2c3d4e5f60711"},
			`removed "subnet-0a1b2c3d4e5f60713"; 2 unchanged, in another order`},
		{"long elements", []any{map[string]any{"key": "dedicated", "value": strings.Repeat("x", 80) + "a"}},
			[]any{map[string]any{"key": "dedicated", "value": strings.Repeat("x", 80) + "b"}},
			`removed ...xxxxxxxxxxxxxxxxxxxxxxxxa"}; added ...xxxxxxxxxxxxxxxxxxxxxxxxb"}`},
		// every element is shown whole, not the list cut after the second
		{"all subnets new", []any{}, subnets("subnet-0a1b2c3d4e5f60714"),
			`added "subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712", "subnet-0a1b2c3d4e5f60714"`},
		{"many added", []any{}, []any{"a", "b", "c", "d", "e", "f", "g", "h", "i", strings.Repeat("j", 90)},
			`added "a", "b", "c", "d", "e", "f", "g", "h" and 2 more`},
		{"order only", subnets("subnet-0a1b2c3d4e5f60713"), []any{"subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60713", "subnet-0a1b2c3d4e5f60712"},
			`the same 3 elements in another order: ["subnet-0a1b2c3d4e5f60711","subnet-0a1b2c3d4e5f60712","subnet-0a1b2c3d4e5f60713... => ` +
				`["subnet-0a1b2c3d4e5f60711","subnet-0a1b2c3d4e5f60713","subnet-0a1b2c3d4e5f60712...`},
		{"long string", policy("eks"), policy("ec2"),
			`...cipal\":{\"Service\":\"eks.amazonaws.com\"}}]}" => ...cipal\":{\"Service\":\"ec2.amazonaws.com\"}}]}"`},
		{"long string, longer", policy("eks"), policy("eks") + " ",
			`..."eks.amazonaws.com\"}}]}" => ..."eks.amazonaws.com\"}}]} "`},
		{"added block", nil, map[string]any{"provider": map[string]any{"keyArn": "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000000"}},
			`(none) => {"provider":{"keyArn":"arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-0000-4000...`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			plan.WriteDiff(&out, plan.Diff{Base: "dev", Stack: "dev", Changes: []plan.Change{{Op: plan.OpUpdate, Kind: "thing", Name: "x",
				Inputs: []plan.InputChange{{Path: "p", Old: tc.old, New: tc.new}}}}}, "base.json")
			line := ""
			for l := range strings.Lines(out.String()) {
				if s, ok := strings.CutPrefix(strings.TrimSpace(l), "p: "); ok {
					line = s
				}
			}
			if line != tc.want {
				t.Errorf("p: %s\nwant p: %s", line, tc.want)
			}
		})
	}
}

const (
	addonType = "aws:eks/addon:Addon"
	logType   = "aws:cloudwatch/logGroup:LogGroup"
	keyType   = "aws:kms/key:Key"
)

// withExtras is baseDoc with add-ons (vpc-cni without preserve, coredns
// with it, another with preserve false), log groups (the cluster's and
// another) and KMS keys (one with a 7-day deletion window, one with
// none), f applied to the resources by name.
func withExtras(f func(rs map[string]*plan.DocumentResource)) plan.Document {
	d := baseDoc()
	d.Resources = append(d.Resources,
		res(addonType, "eks-vpc-cni", map[string]any{"clusterName": "simple-bank", "addonName": "vpc-cni"}),
		res(addonType, "eks-coredns", map[string]any{"clusterName": "simple-bank", "addonName": "coredns", "preserve": true}),
		res(addonType, "eks-other", map[string]any{"clusterName": "simple-bank", "addonName": "eks-pod-identity-agent", "preserve": false}),
		res(logType, "eks-logs", map[string]any{"name": "/aws/eks/simple-bank/cluster", "retentionInDays": 90.0}),
		res(logType, "app-logs", map[string]any{"name": "/app/simple-bank", "retentionInDays": 90.0}),
		res(keyType, "eks-secrets", map[string]any{"description": "secrets", "deletionWindowInDays": 7.0}),
		res(keyType, "other-key", map[string]any{"description": "other"}),
		res("aws:eks/accessEntry:AccessEntry", "eks-admin", map[string]any{"clusterName": "simple-bank",
			"principalArn": "arn:aws:iam::111122223333:role/platform-admins", "type": "STANDARD"}),
		res("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "eks-oidcProvider",
			map[string]any{"url": "https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF"}))
	f(resourcesByName(d))
	return d
}

// resourcesByName are d's resources by name, to edit in place.
func resourcesByName(d plan.Document) map[string]*plan.DocumentResource {
	rs := map[string]*plan.DocumentResource{}
	for i := range d.Resources {
		rs[d.Resources[i].Name] = &d.Resources[i]
	}
	return rs
}

// pairOf are the base and head plans of build (withExtras, withCNIRole):
// base edits both, head the head plan after it; a resource whose URN head
// sets to "gone" is left out of the head plan.
func pairOf(build func(func(rs map[string]*plan.DocumentResource)) plan.Document,
	base, head func(rs map[string]*plan.DocumentResource)) (plan.Document, plan.Document) {
	h := build(func(rs map[string]*plan.DocumentResource) { base(rs); head(rs) })
	h.Resources = slices.DeleteFunc(h.Resources, func(r plan.DocumentResource) bool { return r.URN == "gone" })
	return build(base), h
}

// withExtrasPair is [pairOf] withExtras.
func withExtrasPair(base, head func(rs map[string]*plan.DocumentResource)) (plan.Document, plan.Document) {
	return pairOf(withExtras, base, head)
}

// deleting takes the named resources out of the head plan ([withExtrasPair]).
func deleting(names ...string) func(rs map[string]*plan.DocumentResource) {
	return func(rs map[string]*plan.DocumentResource) {
		for _, n := range names {
			rs[n].URN = "gone"
		}
	}
}

func unchanged(map[string]*plan.DocumentResource) {}

// TestCompareNotes: deletes and changes a reviewer must not miss are noted,
// without blocking: an add-on deleted takes its software off the cluster
// unless preserve is on in the deployed stack, a log group deleted or
// replaced takes its log events with it (not when retained), a node group
// deleted its nodes, a cluster deleted or replaced what its API holds,
// an access entry deleted its principal's access, an OIDC provider
// deleted the roles of service accounts, a KMS key
// deleted or replaced is scheduled for deletion, and a node group whose
// ignoreChanges no longer covers the desired size gets the program's size
// from then on.
func TestCompareNotes(t *testing.T) {
	for _, tc := range []struct {
		name string
		// base edits both plans, head the head plan after it
		base, head func(rs map[string]*plan.DocumentResource)
		// want are the notes by resource name, each note by a part of it
		want map[string]string
	}{
		{"add-on without preserve", unchanged, deleting("eks-vpc-cni"), map[string]string{"eks-vpc-cni": "EKS removes vpc-cni's software " +
			"from the cluster (preserve is off in the deployed stack): the aws-node DaemonSet goes, and pods get no network"}},
		{"add-on with preserve", unchanged, deleting("eks-coredns"), map[string]string{"eks-coredns": "coredns's software stays on the " +
			"cluster, no longer managed by EKS (preserve is on in the deployed stack)"}},
		{"add-on, preserve false", unchanged, deleting("eks-other"), map[string]string{"eks-other": "EKS removes eks-pod-identity-agent's " +
			"software from the cluster (preserve is off in the deployed stack): what it runs on the cluster goes"}},
		{"preserve turned on: an update, nothing deleted", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["eks-vpc-cni"].Inputs["preserve"] = true
		}, map[string]string{"eks-vpc-cni": ""}},
		{"add-on replaced", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["eks-vpc-cni"].Inputs["clusterName"] = "other"
		}, map[string]string{"eks-vpc-cni": ""}},
		{"add-on retained", func(rs map[string]*plan.DocumentResource) { rs["eks-vpc-cni"].Options.RetainOnDelete = true },
			deleting("eks-vpc-cni"), map[string]string{"eks-vpc-cni": ""}},
		{"the cluster's log group", unchanged, deleting("eks-logs"), map[string]string{"eks-logs": "its log events, cluster " +
			"simple-bank's control-plane logs (its audit logs, where enabled), are deleted with it"}},
		{"another log group", unchanged, deleting("app-logs"), map[string]string{"app-logs": "its log events are deleted with it"}},
		{"log group replaced", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["eks-logs"].Inputs["logGroupClass"] = "INFREQUENT_ACCESS"
		}, map[string]string{"eks-logs": "the old log group goes: its log events, cluster simple-bank's"}},
		{"log group retained", func(rs map[string]*plan.DocumentResource) { rs["eks-logs"].Options.RetainOnDelete = true },
			deleting("eks-logs"), map[string]string{"eks-logs": ""}},
		{"node group", unchanged, deleting("simple-bank"), map[string]string{"simple-bank": "EKS drains every node of the group " +
			"and terminates it (after 5 minutes, whether its pods have left or not): its pods run again only on other nodes"}},
		// the new group is created first: nothing to add to the replacement
		{"node group replaced", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["simple-bank"].Inputs["instanceTypes"] = []any{"t3.small"}
		}, map[string]string{"simple-bank": ""}},
		{"cluster", unchanged, deleting("eks-eksCluster"), map[string]string{"eks-eksCluster": "EKS deletes the control plane " +
			"and everything its Kubernetes API holds (workloads, Secrets, ConfigMaps, custom resources): EKS keeps no copy"}},
		{"cluster replaced", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["eks-eksCluster"].Inputs["name"] = "other"
		}, map[string]string{"eks-eksCluster": "the old cluster goes: EKS deletes its control plane and everything its " +
			"Kubernetes API holds (workloads, Secrets, ConfigMaps, custom resources), and the new one starts with an empty API"}},
		// a replacement that holds only if AWS chose another value says so
		{"cluster replaced, if it is", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["eks-eksCluster"].Inputs["kubernetesNetworkConfig"] = map[string]any{"serviceIpv4Cidr": "10.100.0.0/16"}
		}, map[string]string{"eks-eksCluster": "if it is replaced: the old cluster goes"}},
		// behind the node role's replacement in another region, which
		// pulumi up fails on (a fixed IAM name, created first): never
		// reached, so nothing of it is noted
		{"cluster replaced behind a refused change", func(rs map[string]*plan.DocumentResource) { rs["node"].Region = "us-east-1" },
			func(rs map[string]*plan.DocumentResource) { rs["node"].Region = "us-west-2" }, map[string]string{"eks-eksCluster": ""}},
		{"access entry", unchanged, deleting("eks-admin"), map[string]string{"eks-admin": "arn:aws:iam::111122223333:role/platform-admins " +
			"loses the access to the cluster's Kubernetes API this entry gave it"}},
		{"access entry replaced", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["eks-admin"].Inputs["principalArn"] = "arn:aws:iam::111122223333:role/other"
		}, map[string]string{"eks-admin": ""}},
		{"OIDC provider", unchanged, deleting("eks-oidcProvider"), map[string]string{"eks-oidcProvider": "pods that take an " +
			"IAM role through it (IAM roles for service accounts"}},
		{"KMS key", unchanged, deleting("eks-secrets"), map[string]string{"eks-secrets": "KMS schedules the key's deletion in 7 days: " +
			"pending deletion, it neither encrypts nor decrypts"}},
		{"KMS key, KMS's window", unchanged, deleting("other-key"), map[string]string{"other-key": "KMS schedules the key's deletion in 30 days"}},
		{"KMS key replaced", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["eks-secrets"].Inputs["keyUsage"] = "SIGN_VERIFY"
		}, map[string]string{"eks-secrets": "the old key goes: KMS schedules the key's deletion in 7 days"}},
		{"KMS key retained", func(rs map[string]*plan.DocumentResource) { rs["eks-secrets"].Options.RetainOnDelete = true },
			deleting("eks-secrets"), map[string]string{"eks-secrets": ""}},
		// pulumi up refuses to delete a protected resource: it does nothing
		// the notes would say
		{"add-on protected", func(rs map[string]*plan.DocumentResource) { rs["eks-vpc-cni"].Options.Protect = true },
			deleting("eks-vpc-cni"), map[string]string{"eks-vpc-cni": ""}},
		{"log group protected, replaced", func(rs map[string]*plan.DocumentResource) { rs["eks-logs"].Options.Protect = true },
			func(rs map[string]*plan.DocumentResource) {
				rs["eks-logs"].Inputs["logGroupClass"] = "INFREQUENT_ACCESS"
			},
			map[string]string{"eks-logs": ""}},
		{"desired size handed back", func(rs map[string]*plan.DocumentResource) {
			rs["simple-bank"].Options.IgnoreChanges = []string{"scalingConfig.desiredSize"}
		}, func(rs map[string]*plan.DocumentResource) { rs["simple-bank"].Options.IgnoreChanges = nil }, map[string]string{"simple-bank": "scalingConfig.desiredSize is no longer under ignoreChanges: from now on " +
			"pulumi up sets it to the program's value, 1, whatever an autoscaler set"}},
		{"desired size handed back, changed too", func(rs map[string]*plan.DocumentResource) {
			rs["simple-bank"].Options.IgnoreChanges = []string{"scalingConfig"}
		}, func(rs map[string]*plan.DocumentResource) {
			rs["simple-bank"].Options.IgnoreChanges = nil
			rs["simple-bank"].Inputs["scalingConfig"] = map[string]any{"minSize": 1.0, "maxSize": 2.0, "desiredSize": 2.0}
		}, map[string]string{"simple-bank": "the program's value, 2, whatever an autoscaler set"}},
		{"desired size still ignored", func(rs map[string]*plan.DocumentResource) {
			rs["simple-bank"].Options.IgnoreChanges = []string{"scalingConfig.desiredSize", "labels"}
		}, func(rs map[string]*plan.DocumentResource) {
			rs["simple-bank"].Options.IgnoreChanges = []string{"scalingConfig.desiredSize"}
		}, map[string]string{"simple-bank": ""}},
		{"desired size ignored now", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["simple-bank"].Options.IgnoreChanges = []string{"scalingConfig.desiredSize"}
		}, map[string]string{"simple-bank": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(withExtrasPair(tc.base, tc.head))
			for _, c := range d.Changes { // notes never block: only a protected delete, or a change that fails, does here
				if c.Blocks() != (c.Protected && (c.Op == plan.OpDelete || c.Op == plan.OpReplace) || c.Fails != "") {
					t.Errorf("notes block: %+v", c)
				}
			}
			for name, want := range tc.want {
				i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == name })
				if i < 0 {
					t.Fatalf("no change of %s: %+v", name, d.Changes)
				}
				notes := strings.Join(d.Changes[i].Notes, "\n")
				if want == "" && notes != "" || !strings.Contains(notes, want) {
					t.Errorf("%s: notes %q, want %q", d.Changes[i].Sentence(), notes, want)
				}
			}
		})
	}
}

// TestCompareLosingDeletes: a delete pulumi up carries out whose note says
// that data is lost or what runs breaks (log events, an add-on's software
// without preserve, a node group's nodes, a cluster, a KMS key) is a
// change to review, listed in the hazards, though
// pulumi up does it without refusal: never blocking. A delete that loses
// nothing (preserve on, retainOnDelete, no note) is not to review; one
// pulumi up refuses (protected) blocks, as it did.
func TestCompareLosingDeletes(t *testing.T) {
	retained := func(names ...string) func(rs map[string]*plan.DocumentResource) {
		return func(rs map[string]*plan.DocumentResource) {
			for _, n := range names {
				rs[n].Options.RetainOnDelete = true
			}
		}
	}
	for _, tc := range []struct {
		name       string
		base, head func(rs map[string]*plan.DocumentResource)
		// hazards and loses are the names of the changes to review and of
		// those that lose, sorted
		hazards, loses []string
		blocking       int
	}{
		{"the cluster's log group", unchanged, deleting("eks-logs"), []string{"eks-logs"}, []string{"eks-logs"}, 0},
		{"another log group", unchanged, deleting("app-logs"), []string{"app-logs"}, []string{"app-logs"}, 0},
		{"add-on without preserve", unchanged, deleting("eks-vpc-cni"), []string{"eks-vpc-cni"}, []string{"eks-vpc-cni"}, 0},
		{"add-on, preserve false", unchanged, deleting("eks-other"), []string{"eks-other"}, []string{"eks-other"}, 0},
		{"both", unchanged, deleting("eks-logs", "eks-vpc-cni"), []string{"eks-logs", "eks-vpc-cni"}, []string{"eks-logs", "eks-vpc-cni"}, 0},
		// the software stays, self-managed: noted, nothing lost
		{"add-on with preserve", unchanged, deleting("eks-coredns"), nil, nil, 0},
		{"retained", retained("eks-logs", "eks-vpc-cni"), deleting("eks-logs", "eks-vpc-cni"), nil, nil, 0},
		// no note: shown, not to review
		{"a policy attachment", unchanged, deleting("node-policy"), nil, nil, 0},
		// pulumi up refuses it: blocking, nothing lost
		{"protected log group", func(rs map[string]*plan.DocumentResource) { rs["eks-logs"].Options.Protect = true },
			deleting("eks-logs"), []string{"eks-logs"}, nil, 1},
		// a replacement is to review anyway; its old log group's events go
		{"log group replaced", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["eks-logs"].Inputs["logGroupClass"] = "INFREQUENT_ACCESS"
		}, []string{"eks-logs"}, []string{"eks-logs"}, 0},
		// its nodes and their pods go
		{"node group", unchanged, deleting("simple-bank"), []string{"simple-bank"}, []string{"simple-bank"}, 0},
		{"node group replaced", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["simple-bank"].Inputs["instanceTypes"] = []any{"t3.small"}
		}, []string{"simple-bank"}, nil, 0},
		{"cluster", unchanged, deleting("eks-eksCluster"), []string{"eks-eksCluster"}, []string{"eks-eksCluster"}, 0},
		{"KMS key", unchanged, deleting("eks-secrets"), []string{"eks-secrets"}, []string{"eks-secrets"}, 0},
		{"KMS key replaced", unchanged, func(rs map[string]*plan.DocumentResource) {
			rs["eks-secrets"].Inputs["keyUsage"] = "SIGN_VERIFY"
		}, []string{"eks-secrets"}, []string{"eks-secrets"}, 0},
		{"KMS key retained", func(rs map[string]*plan.DocumentResource) { rs["eks-secrets"].Options.RetainOnDelete = true },
			deleting("eks-secrets"), nil, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(withExtrasPair(tc.base, tc.head))
			var hazards, loses []string
			for _, c := range d.Hazards() {
				hazards = append(hazards, c.Name)
			}
			for _, c := range d.Changes {
				if c.Loses {
					loses = append(loses, c.Name)
					if c.Blocks() || len(c.Notes) == 0 {
						t.Errorf("%s loses, but blocks (%v) or has no note (%q)", c.Name, c.Blocks(), c.Notes)
					}
				}
			}
			slices.Sort(hazards)
			slices.Sort(loses)
			if !slices.Equal(hazards, tc.hazards) || !slices.Equal(loses, tc.loses) || d.Blocking() != tc.blocking {
				t.Errorf("hazards %q, loses %q, blocking %d; want %q, %q, %d", hazards, loses, d.Blocking(), tc.hazards, tc.loses, tc.blocking)
			}
			var text strings.Builder
			plan.WriteDiff(&text, d, "base.json")
			summary := "change(s) to review: replacement, delete or update that loses data or breaks what runs, update that cannot be undone, " +
				"protected delete, " +
				"or a change pulumi up cannot apply or fails on."
			if strings.Contains(text.String(), summary) != (len(tc.hazards) > 0) {
				t.Errorf("summary %q shown: %v, want %v:\n%s", summary, !(len(tc.hazards) > 0), len(tc.hazards) > 0, text.String())
			}
		})
	}
}

// withCNIRole is withExtras with vpc-cni's IAM role for service accounts
// as ekskit's control plane makes it: a role with a generated name, its
// policy attachment, and the add-on, with preserve on, taking the role's
// ARN and the cluster's name from pulumi-eks's component; f applied to
// the resources by name.
func withCNIRole(f func(rs map[string]*plan.DocumentResource)) plan.Document {
	d := withExtras(unchanged)
	role := res(roleType, "eks-vpc-cni-role", map[string]any{"namePrefix": "simple-bank-vpc-cni-", "path": "/",
		"assumeRolePolicy": plan.Unknown})
	att := res(attType, "eks-vpc-cni-policy", map[string]any{"role": plan.Unknown,
		"policyArn": "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"})
	att.PropertyDependencies = map[string][]string{"role": {role.URN}}
	d.Resources = append(d.Resources, role, att)
	rs := resourcesByName(d)
	cni := rs["eks-vpc-cni"]
	cni.Inputs["preserve"], cni.Inputs["serviceAccountRoleArn"] = true, plan.Unknown
	cni.PropertyDependencies = map[string][]string{"serviceAccountRoleArn": {role.URN}, "clusterName": {urn(eksType, "eks")}}
	f(rs)
	return d
}

// withCNIRolePair is [pairOf] withCNIRole.
func withCNIRolePair(base, head func(rs map[string]*plan.DocumentResource)) (plan.Document, plan.Document) {
	return pairOf(withCNIRole, base, head)
}

// TestCompareRoleTaken: an IAM role that pulumi up deletes while an
// add-on's software still takes it is a loss, noted on the role: the
// add-on deleted with preserve on in the deployed stack (its software
// keeps running on the role), kept with another role (its pods keep the
// one they started with), or still naming it, by the role's ARN taken
// from it or given. Not where the add-on's software goes (no preserve,
// the cluster deleted), the role stays (kept, retainOnDelete, replaced
// under the same ARN), the add-on takes another role, or pulumi up does
// not carry out the add-on's change.
func TestCompareRoleTaken(t *testing.T) {
	// a fixed role name and an add-on given its ARN, no dependency
	literal := func(arn string) func(rs map[string]*plan.DocumentResource) {
		return func(rs map[string]*plan.DocumentResource) {
			role, cni := rs["eks-vpc-cni-role"], rs["eks-vpc-cni"]
			delete(role.Inputs, "namePrefix")
			role.Inputs["name"], role.Inputs["path"] = "cni", "/eks/"
			cni.Inputs["serviceAccountRoleArn"] = arn
			delete(cni.PropertyDependencies, "serviceAccountRoleArn")
		}
	}
	both := func(fs ...func(rs map[string]*plan.DocumentResource)) func(rs map[string]*plan.DocumentResource) {
		return func(rs map[string]*plan.DocumentResource) {
			for _, f := range fs {
				f(rs)
			}
		}
	}
	const (
		preserved = "add-on vpc-cni (eks-vpc-cni) is deleted with preserve on in the deployed stack, and its software keeps " +
			"running on this role: its pods took it when they started, and its service account kube-system/aws-node, which EKS " +
			"leaves as it is, still names it; once pulumi up deletes the role, aws-node's EC2 calls fail and pods started from " +
			"then on get no IP address, until its pods run on another role: annotate its service account kube-system/aws-node " +
			"with one that has AmazonEKS_CNI_Policy's permissions, and those of its policyArns, if any (or take the annotation off, for the node role, where it has " +
			"them), then run kubectl -n kube-system rollout restart daemonset aws-node, right after pulumi up"
		left = "add-on vpc-cni (eks-vpc-cni) now takes another role, but EKS does not restart its pods, which took this one " +
			"when they started (aws/amazon-vpc-cni-k8s#1338): once pulumi up deletes it, aws-node's EC2 calls fail and pods " +
			"started from then on get no IP address until they restart; run kubectl -n kube-system rollout restart daemonset " +
			"aws-node right after pulumi up"
		named = "add-on vpc-cni (eks-vpc-cni) still names this role after pulumi up (serviceAccountRoleArn), and its pods take it"
	)
	cniGone := deleting("eks-vpc-cni", "eks-vpc-cni-role", "eks-vpc-cni-policy")
	roleGone := deleting("eks-vpc-cni-role", "eks-vpc-cni-policy")
	newPrefix := func(rs map[string]*plan.DocumentResource) { rs["eks-vpc-cni-role"].Inputs["namePrefix"] = "other-" }
	for _, tc := range []struct {
		name       string
		base, head func(rs map[string]*plan.DocumentResource)
		// op is the role's change; note its note ("" for none), which
		// makes it a loss
		op   plan.Op
		note string
	}{
		{"add-on deleted with preserve", unchanged, cniGone, plan.OpDelete, preserved},
		{"add-on deleted without preserve", func(rs map[string]*plan.DocumentResource) {
			rs["eks-vpc-cni"].Inputs["preserve"] = false
		}, cniGone, plan.OpDelete, ""},
		{"role kept", unchanged, deleting("eks-vpc-cni"), "", ""},
		{"role retained", func(rs map[string]*plan.DocumentResource) { rs["eks-vpc-cni-role"].Options.RetainOnDelete = true },
			cniGone, plan.OpDelete, ""},
		// coredns, with preserve on, takes no role, nor vpc-cni here
		{"another add-on deleted", func(rs map[string]*plan.DocumentResource) {
			delete(rs["eks-vpc-cni"].Inputs, "serviceAccountRoleArn")
			delete(rs["eks-vpc-cni"].PropertyDependencies, "serviceAccountRoleArn")
		}, deleting("eks-coredns", "eks-vpc-cni-role", "eks-vpc-cni-policy"), plan.OpDelete, ""},
		{"add-on protected", func(rs map[string]*plan.DocumentResource) { rs["eks-vpc-cni"].Options.Protect = true }, cniGone, plan.OpDelete, ""},
		{"role protected", func(rs map[string]*plan.DocumentResource) { rs["eks-vpc-cni-role"].Options.Protect = true }, cniGone, plan.OpDelete, ""},
		// the cluster goes, and the software with it
		{"cluster deleted", unchanged, both(cniGone, deleting("eks", "eks-eksCluster", "eks-coredns", "eks-other")), plan.OpDelete, ""},
		// a new generated name: the add-on takes the new role, its pods
		// the old one
		{"role replaced, add-on kept", unchanged, newPrefix, plan.OpReplace, left},
		// replaced with the cluster, if EKS chose the other service range;
		// the add-on names its cluster here, and stays
		{"role replaced, if it is", func(rs map[string]*plan.DocumentResource) {
			rs["eks-vpc-cni-role"].PropertyDependencies = map[string][]string{"assumeRolePolicy": {urn(clType, "eks-eksCluster")}}
			rs["eks-vpc-cni-role"].Options.ReplaceOnChanges = []string{"assumeRolePolicy"}
			delete(rs["eks-vpc-cni"].PropertyDependencies, "clusterName")
		}, func(rs map[string]*plan.DocumentResource) {
			rs["eks-eksCluster"].Inputs["kubernetesNetworkConfig"] = map[string]any{"serviceIpv4Cidr": "10.100.0.0/16"}
		}, plan.OpReplace, "if it is replaced: " + left},
		{"role replaced, add-on replaced", unchanged, both(newPrefix, func(rs map[string]*plan.DocumentResource) {
			rs["eks-vpc-cni"].Inputs["addonName"] = "vpc-cni-2"
		}), plan.OpReplace, ""},
		{"role replaced under the same ARN", both(literal("arn:aws:iam::111122223333:role/eks/cni"), func(rs map[string]*plan.DocumentResource) {
			rs["eks-vpc-cni-role"].Options.ReplaceOnChanges = []string{"assumeRolePolicy"}
		}), func(rs map[string]*plan.DocumentResource) { rs["eks-vpc-cni-role"].Inputs["assumeRolePolicy"] = "{}" }, plan.OpReplace, ""},
		// path / given on one side only: IAM's default, the same ARN
		{"role replaced under the same ARN, its path / left out", both(literal("arn:aws:iam::111122223333:role/cni"), func(rs map[string]*plan.DocumentResource) {
			rs["eks-vpc-cni-role"].Inputs["path"] = "/"
			rs["eks-vpc-cni-role"].Options.ReplaceOnChanges = []string{"assumeRolePolicy"}
		}), func(rs map[string]*plan.DocumentResource) {
			delete(rs["eks-vpc-cni-role"].Inputs, "path")
			rs["eks-vpc-cni-role"].Inputs["assumeRolePolicy"] = "{}"
		}, plan.OpReplace, ""},
		// the add-on's role taken off: pulumi up fails on it, and deletes nothing
		{"role taken off the add-on", unchanged, both(roleGone, func(rs map[string]*plan.DocumentResource) {
			delete(rs["eks-vpc-cni"].Inputs, "serviceAccountRoleArn")
		}), plan.OpDelete, ""},
		{"given ARN, add-on deleted with preserve", literal("arn:aws:iam::111122223333:role/eks/cni"), cniGone, plan.OpDelete, preserved},
		{"given ARN of another role", literal("arn:aws:iam::111122223333:role/eks/other"), cniGone, plan.OpDelete, ""},
		{"given ARN of another path", literal("arn:aws:iam::111122223333:role/cni"), cniGone, plan.OpDelete, ""},
		{"given ARN, add-on kept", literal("arn:aws:iam::111122223333:role/eks/cni"), roleGone, plan.OpDelete, named},
		{"given ARN, add-on moved", literal("arn:aws:iam::111122223333:role/eks/cni"), both(roleGone, func(rs map[string]*plan.DocumentResource) {
			rs["eks-vpc-cni"].Inputs["serviceAccountRoleArn"] = "arn:aws:iam::111122223333:role/eks/other"
		}), plan.OpDelete, left},
		{"add-on retained", func(rs map[string]*plan.DocumentResource) { rs["eks-vpc-cni"].Options.RetainOnDelete = true },
			cniGone, plan.OpDelete, named},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(withCNIRolePair(tc.base, tc.head))
			i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == "eks-vpc-cni-role" })
			var role plan.Change
			if i >= 0 {
				role = d.Changes[i]
			}
			if role.Op != tc.op {
				t.Fatalf("role: op %q, want %q: %+v", role.Op, tc.op, d.Changes)
			}
			notes := strings.Join(role.Notes, "\n")
			if tc.note == "" && (notes != "" || role.Loses) || !strings.Contains(notes, tc.note) || role.Loses != (tc.note != "") {
				t.Errorf("%s: notes %q, loses %v; want %q", role.Sentence(), notes, role.Loses, tc.note)
			}
			if role.Loses && !slices.ContainsFunc(d.Hazards(), func(c plan.Change) bool { return c.URN == role.URN }) {
				t.Errorf("%s loses, not to review: %+v", role.Name, d.Hazards())
			}
			for _, c := range d.Changes { // the attachment and the add-on are noted as before
				if c.Name != role.Name && slices.ContainsFunc(c.Notes, func(n string) bool { return strings.Contains(n, "this role") }) {
					t.Errorf("%s noted: %q", c.Name, c.Notes)
				}
			}
		})
	}
}

// TestCompareReads: a resource the program reads changes nothing in AWS,
// whatever its id; read instead of managed under the same URN, the
// deployed one is deleted (the engine's read replacement) unless it is the
// one read; managed instead of read, it is created.
func TestCompareReads(t *testing.T) {
	read := func(id string) func(r *plan.DocumentResource) {
		return func(r *plan.DocumentResource) { r.Read, r.ID, r.Inputs = true, id, map[string]any{} }
	}
	managed := func(*plan.DocumentResource) {}
	extra := func(f func(r *plan.DocumentResource)) plan.Document {
		d := baseDoc()
		if f != nil {
			r := res(roleType, "existing", map[string]any{"name": "AWSEKSClusterRole"})
			f(&r)
			d.Resources = append(d.Resources, r)
		}
		return d
	}
	for _, tc := range []struct {
		name       string
		base, head func(r *plan.DocumentResource) // nil: not in the plan
		op         plan.Op                        // "": no change
		note       string
	}{
		{"read now", nil, read("AWSEKSClusterRole"), "", ""},
		{"read in both", read("AWSEKSClusterRole"), read("AWSEKSClusterRole"), "", ""},
		{"another id read", read("AWSEKSClusterRole"), read("Other"), "", ""},
		{"read no more", read("AWSEKSClusterRole"), nil, "", ""},
		{"managed, then read", managed, read("AWSEKSClusterRole"), plan.OpDelete,
			"the program now reads it, by id AWSEKSClusterRole: pulumi up deletes the one it manages, unless that one has this id"},
		{"retained, then read", func(r *plan.DocumentResource) { r.Options.RetainOnDelete = true }, read("AWSEKSClusterRole"), plan.OpDelete, ""},
		{"read, then managed", read("AWSEKSClusterRole"), managed, plan.OpCreate, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(extra(tc.base), extra(tc.head))
			var ops []plan.Op
			var notes []string
			for _, c := range d.Changes {
				ops, notes = append(ops, c.Op), append(notes, c.Notes...)
			}
			if tc.op == "" && len(ops) > 0 || tc.op != "" && !slices.Equal(ops, []plan.Op{tc.op}) {
				t.Errorf("changes %v, want %q", ops, tc.op)
			}
			// one note at most: a read under the managed one's URN is not
			// also "read elsewhere" ([readNotes])
			if note := strings.Join(notes, "\n"); tc.note == "" && note != "" || !strings.Contains(note, tc.note) || len(notes) > 1 {
				t.Errorf("notes %q, want %q", note, tc.note)
			}
			if d.Unchanged != len(baseDoc().Resources) {
				t.Errorf("%d unchanged, want the %d others", d.Unchanged, len(baseDoc().Resources))
			}
		})
	}
	// the read and its id survive the JSON a base plan is saved in
	text, _ := json.Marshal(extra(read("AWSEKSClusterRole")))
	saved, err := plan.DecodeDocument(strings.NewReader(string(text)))
	if err != nil || !saved.Resources[len(saved.Resources)-1].Read || saved.Resources[len(saved.Resources)-1].ID != "AWSEKSClusterRole" {
		t.Errorf("saved and read back: %v, %+v", err, saved.Resources)
	}
}

// TestCompareManagedThenReadElsewhere: a managed role the head program no
// longer creates, but reads by its name under another URN (roles.New to
// iam.GetRole), is still deleted by pulumi up: the delete says so, and is
// a change to review, unless the role is retained or the read names
// another role.
func TestCompareManagedThenReadElsewhere(t *testing.T) {
	for _, tc := range []struct {
		name     string
		id       string
		retained bool
		want     string
	}{
		{"the same role", "AWSEKSNodeRole", false, "the program now reads this very IAM role, AWSEKSNodeRole (" + urn(roleType, "existing") +
			"), and pulumi up still deletes it in AWS: to keep it, run pulumi state delete '" + urn(roleType, "node") + "' first"},
		{"retained", "AWSEKSNodeRole", true, ""},
		{"another role", "Other", false, ""},
	} {
		base := baseDoc()
		head := plan.Document{Stack: "dev"}
		for _, r := range base.Resources {
			if r.Name != "node" {
				head.Resources = append(head.Resources, r)
			}
		}
		read := res(roleType, "existing", map[string]any{})
		read.Read, read.ID = true, tc.id
		head.Resources = append(head.Resources, read)
		if tc.retained {
			for i := range base.Resources {
				if base.Resources[i].Name == "node" {
					base.Resources[i].Options.RetainOnDelete = true
				}
			}
		}
		var notes []string
		d := plan.Compare(base, head)
		for _, c := range d.Changes {
			if c.Name == "node" && c.Op == plan.OpDelete {
				notes = append(notes, c.Notes...)
			}
		}
		if got := strings.Join(notes, "\n"); tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s: notes %q, want %q", tc.name, got, tc.want)
		}
		// the program goes on using the role pulumi up deletes: to review,
		// not blocking
		toReview := slices.ContainsFunc(d.Hazards(), func(c plan.Change) bool { return c.Name == "node" && c.Loses })
		if toReview != (tc.want != "") || d.Blocking() != 0 {
			t.Errorf("%s: to review %v, want %v; blocking %d", tc.name, toReview, tc.want != "", d.Blocking())
		}
	}
}

// TestCompareUpdateNotes: an in-place update that does more in AWS than its
// values show says so: a node group's new AMI or launch template version
// replaces its nodes, maxUnavailable at a time, and a cluster upgrade
// cannot be undone; a change pulumi up fails on or refuses gets no such
// note, nor does a refused upgrade list the add-ons that stay (its failure
// says what happens).
func TestCompareUpdateNotes(t *testing.T) {
	const (
		rolled = "EKS replaces every node of the group: it starts new nodes, then drains and terminates the old ones, %s at a time; " +
			"a pod that does not leave its node within 15 minutes (a PodDisruptionBudget that allows no eviction) fails the update " +
			"with PodEvictionFailure, and pulumi up with it"
		oneWay = "EKS cannot downgrade a cluster: once upgraded to 1.35 it stays there, and going back to 1.34 means a new cluster"
	)
	// node group: the base and head plans with these inputs set on it
	ng := func(base, head map[string]any) func() (plan.Document, plan.Document) {
		set := func(in map[string]any) func(r *plan.DocumentResource) {
			return func(r *plan.DocumentResource) { maps.Copy(r.Inputs, in) }
		}
		return func() (plan.Document, plan.Document) {
			return edit("simple-bank", set(base)), edit("simple-bank", set(head))
		}
	}
	// cluster: the base and head plans with the cluster at these versions
	// and, with addon, coredns with no version on it
	cluster := func(from, to string, addon bool) func() (plan.Document, plan.Document) {
		set := func(v string) func(r *plan.DocumentResource) {
			return func(r *plan.DocumentResource) { r.Inputs["version"] = v }
		}
		doc := func(v string) plan.Document {
			d := edit2("eks", set(v), "eks-eksCluster", set(v))
			if addon {
				a := res("aws:eks/addon:Addon", "eks-coredns", map[string]any{"clusterName": plan.Unknown, "addonName": "coredns"})
				a.PropertyDependencies = map[string][]string{"clusterName": {urn(clType, "eks-eksCluster")}}
				d.Resources = append(d.Resources, a)
			}
			return d
		}
		return func() (plan.Document, plan.Document) { return doc(from), doc(to) }
	}
	// the cluster at these versions, and the node group following it: its
	// version taken from pulumi-eks's cluster
	following := func(from, to string) func() (plan.Document, plan.Document) {
		return func() (plan.Document, plan.Document) {
			b, h := cluster(from, to, false)()
			for _, d := range []struct {
				doc plan.Document
				v   string
			}{{b, from}, {h, to}} {
				i := slices.IndexFunc(d.doc.Resources, func(r plan.DocumentResource) bool { return r.Name == "simple-bank" })
				ng := &d.doc.Resources[i]
				ng.Inputs["version"] = d.v
				ng.PropertyDependencies["version"] = []string{urn(eksType, "eks")}
			}
			return b, h
		}
	}
	const stay = "add-ons with no version (coredns) stay at the versions deployed for 1.34: EKS does not update add-ons " +
		"with the cluster; give them a version for 1.35 to update them"
	// the cluster with these encryptionConfig inputs (nil: none)
	encryption := func(base, head map[string]any) func() (plan.Document, plan.Document) {
		set := func(v map[string]any) func(r *plan.DocumentResource) {
			return func(r *plan.DocumentResource) {
				if v != nil {
					r.Inputs["encryptionConfig"] = v
				}
			}
		}
		return func() (plan.Document, plan.Document) {
			return edit("eks-eksCluster", set(base)), edit("eks-eksCluster", set(head))
		}
	}
	const encrypted = "EKS cannot turn secrets encryption off: once it is on, taking encryption out replaces the cluster; " +
		"Secrets stored before are encrypted with the key only when written again (kubectl get secrets -A -o json | kubectl replace -f -)"
	lt := func(version string) map[string]any {
		return map[string]any{"launchTemplate": map[string]any{"name": "lt", "version": version},
			"updateConfig": map[string]any{"maxUnavailablePercentage": 33.0}}
	}
	release := func(v string) map[string]any {
		return map[string]any{"releaseVersion": v, "updateConfig": map[string]any{"maxUnavailable": 2.0}}
	}
	for _, tc := range []struct {
		name string
		docs func() (plan.Document, plan.Document)
		// want are the notes on the change of the resource named so
		resource string
		want     []string
		blocking int
	}{
		{"node group upgraded", ng(map[string]any{"version": "1.34"}, map[string]any{"version": "1.35"}),
			"simple-bank", []string{fmt.Sprintf(rolled, "one node")}, 0},
		{"new AMI release, 2 at a time", ng(release("1.35.0-20251120"), release("1.35.0-20251201")),
			"simple-bank", []string{fmt.Sprintf(rolled, "2 nodes")}, 0},
		{"new launch template version, a share at a time", ng(lt("3"), lt("4")),
			"simple-bank", []string{fmt.Sprintf(rolled, "33% of the nodes")}, 0},
		{"node group scaled: nothing rolls", ng(nil, map[string]any{"scalingConfig": map[string]any{"minSize": 1.0, "maxSize": 3.0, "desiredSize": 1.0}}),
			"simple-bank", nil, 0},
		{"node group to a version not the cluster's: fails", ng(map[string]any{"version": "1.33"}, map[string]any{"version": "1.34"}),
			"simple-bank", nil, 1},
		{"cluster upgraded", cluster("1.34", "1.35", false), "eks-eksCluster", []string{oneWay}, 0},
		{"cluster upgraded, an add-on stays", cluster("1.34", "1.35", true), "eks-eksCluster", []string{stay, oneWay}, 0},
		{"cluster downgraded: refused", cluster("1.35", "1.34", true), "eks-eksCluster", nil, 1},
		{"a minor skipped: refused", cluster("1.33", "1.35", true), "eks-eksCluster", nil, 1},
		// the cluster waits for a policy attachment whose replacement
		// pulumi up refuses (protected): it never gets to the upgrade
		{"cluster upgrade behind a refused replacement", func() (plan.Document, plan.Document) {
			b, h := cluster("1.34", "1.35", true)()
			for _, d := range []plan.Document{b, h} {
				at := slices.IndexFunc(d.Resources, func(r plan.DocumentResource) bool { return r.Name == "node-policy" })
				d.Resources[at].Options.Protect = true
				cl := slices.IndexFunc(d.Resources, func(r plan.DocumentResource) bool { return r.Name == "eks-eksCluster" })
				d.Resources[cl].Dependencies = []string{d.Resources[at].URN}
			}
			at := slices.IndexFunc(h.Resources, func(r plan.DocumentResource) bool { return r.Name == "node-policy" })
			h.Resources[at].Inputs["policyArn"] = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
			return b, h
		}, "eks-eksCluster", nil, 1},
		// the group's component waits for a policy attachment whose
		// replacement pulumi up refuses: the group is not reached either
		{"node group under a component behind a refused replacement", func() (plan.Document, plan.Document) {
			b, h := ng(release("1.35.0-20251120"), release("1.35.0-20251201"))()
			for _, d := range []*plan.Document{&b, &h} {
				at := slices.IndexFunc(d.Resources, func(r plan.DocumentResource) bool { return r.Name == "node-policy" })
				d.Resources[at].Options.Protect = true
				comp := plan.DocumentResource{URN: urn("ekskit:nodegroup:NodeGroup", "workers"), Type: "ekskit:nodegroup:NodeGroup", Name: "workers",
					Dependencies: []string{d.Resources[at].URN}}
				g := slices.IndexFunc(d.Resources, func(r plan.DocumentResource) bool { return r.Name == "simple-bank" })
				d.Resources[g].Parent = comp.URN
				d.Resources = append(d.Resources, comp)
			}
			at := slices.IndexFunc(h.Resources, func(r plan.DocumentResource) bool { return r.Name == "node-policy" })
			h.Resources[at].Inputs["policyArn"] = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
			return b, h
		}, "simple-bank", nil, 1},
		{"node group following a cluster upgrade", following("1.34", "1.35"), "simple-bank", []string{fmt.Sprintf(rolled, "one node")}, 0},
		// AssociateEncryptionConfig: in place, for good
		{"encryption turned on", encryption(nil, map[string]any{"provider": map[string]any{"keyArn": plan.Unknown}, "resources": []any{"secrets"}}),
			"eks-eksCluster", []string{encrypted}, 0},
		{"alias to a key: not turned on, the alias's note only", encryption(map[string]any{"provider": map[string]any{"keyArn": "arn:aws:kms:us-east-1:111122223333:alias/eks"}},
			map[string]any{"provider": map[string]any{"keyArn": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}),
			"eks-eksCluster", []string{"the deployed stack holds the ARN of the key arn:aws:kms:us-east-1:111122223333:alias/eks named " +
				"(EKS keeps the key and returns its ARN): if that is arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab, " +
				"pulumi up only records it and the diff an alias left goes; if it is another key, EKS cannot change the key, " +
				"pulumi up changes nothing and the diff stays"}, 0},
		// pulumi up stops at the cluster, and never reaches the group
		{"node group following a downgrade: not reached", following("1.35", "1.34"), "simple-bank", nil, 1},
		{"node group following a skipped minor: not reached", following("1.33", "1.35"), "simple-bank", nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(tc.docs())
			if got := d.Blocking(); got != tc.blocking {
				t.Errorf("blocking %d, want %d: %+v", got, tc.blocking, d.Changes)
			}
			i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == tc.resource })
			if i < 0 {
				t.Fatalf("no change of %s: %+v", tc.resource, d.Changes)
			}
			if notes := d.Changes[i].Notes; !slices.Equal(notes, tc.want) {
				t.Errorf("%s: notes %q, want %q", d.Changes[i].Sentence(), notes, tc.want)
			}
		})
	}
}

// TestCompareNodeGroupsBehind: EKS refuses to upgrade a cluster while one
// of its managed node groups is deployed at another version; the base plan
// says which are deployed, so bringing the group to the version, or
// deleting it, in the same change does not help. The refusal blocks, and
// the group's own update is not reached.
func TestCompareNodeGroupsBehind(t *testing.T) {
	const refused = "version: EKS upgrades a cluster only when its managed node groups are at its version, 1.34 " +
		"(deployed: simple-bank at 1.33): pulumi up fails and the cluster stays at 1.34; update the groups to 1.34 " +
		"in a pulumi up of their own, then upgrade the cluster to 1.35"
	// docs are the base and head plans with the cluster (and pulumi-eks's
	// component) at these versions and f applied to each's node group
	docs := func(from, to string, base, head func(r *plan.DocumentResource)) (plan.Document, plan.Document) {
		doc := func(v string, f func(r *plan.DocumentResource)) plan.Document {
			set := func(r *plan.DocumentResource) { r.Inputs["version"] = v }
			d := edit2("eks", set, "eks-eksCluster", set)
			i := slices.IndexFunc(d.Resources, func(r plan.DocumentResource) bool { return r.Name == "simple-bank" })
			f(&d.Resources[i])
			return d
		}
		return doc(from, base), doc(to, head)
	}
	version := func(v string) func(r *plan.DocumentResource) {
		return func(r *plan.DocumentResource) { r.Inputs["version"] = v }
	}
	for _, tc := range []struct {
		name string
		docs func() (plan.Document, plan.Document)
		// want is the cluster's unappliable inputs
		want []string
		// blocking counts the changes that block
		blocking int
	}{
		{"a group behind", func() (plan.Document, plan.Document) {
			return docs("1.34", "1.35", version("1.33"), version("1.33"))
		}, []string{refused}, 1},
		{"the group brought to the version in the same change", func() (plan.Document, plan.Document) {
			return docs("1.34", "1.35", version("1.33"), version("1.34"))
		}, []string{refused}, 2}, // and the group, at 1.34 under a 1.35 cluster, fails too
		{"the group deleted in the same change", func() (plan.Document, plan.Document) {
			b, h := docs("1.34", "1.35", version("1.33"), version("1.33"))
			h.Resources = slices.DeleteFunc(h.Resources, func(r plan.DocumentResource) bool { return r.Name == "simple-bank" })
			return b, h
		}, []string{refused}, 1},
		{"the group at the cluster's version", func() (plan.Document, plan.Document) {
			return docs("1.34", "1.35", version("1.34"), version("1.35"))
		}, nil, 0},
		{"the group's version unknown", func() (plan.Document, plan.Document) {
			return docs("1.34", "1.35", func(*plan.DocumentResource) {}, func(*plan.DocumentResource) {})
		}, nil, 0},
		{"a group of another cluster", func() (plan.Document, plan.Document) {
			other := func(r *plan.DocumentResource) {
				r.Inputs["version"] = "1.33"
				r.PropertyDependencies["clusterName"] = []string{urn(eksType, "other")}
			}
			return docs("1.34", "1.35", other, other)
		}, nil, 0},
		{"a skipped minor: refused for that alone", func() (plan.Document, plan.Document) {
			return docs("1.33", "1.35", version("1.32"), version("1.32"))
		}, []string{"version: EKS upgrades one minor version at a time (1.33 to 1.35 skips 1.34): pulumi up fails; upgrade to 1.34 first"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(tc.docs())
			i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == "eks-eksCluster" })
			if i < 0 {
				t.Fatalf("no change of the cluster: %+v", d.Changes)
			}
			if got := d.Changes[i].Unappliable; !slices.Equal(got, tc.want) {
				t.Errorf("unappliable %q, want %q", got, tc.want)
			}
			// the group's own update waits for the cluster
			if j := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == "simple-bank" && c.Op == plan.OpUpdate }); j >= 0 &&
				tc.want != nil && len(d.Changes[j].Notes) > 0 {
				t.Errorf("the group's update, behind the refused upgrade, has notes %q", d.Changes[j].Notes)
			}
			if d.Blocking() != tc.blocking {
				t.Errorf("blocking %d, want %d: %+v", d.Blocking(), tc.blocking, d.Changes)
			}
		})
	}
}

// TestCompareAssociationTaken: a pod identity association made for a
// service account whose association another resource holds fails while
// that one stands, each way it stands, and only then: not where it waits
// for the add-on's update that takes the old one off, nor in a new
// cluster (its name unknown) or a replaced one, nor for another service
// account or namespace, nor an add-on's associations updated in place.
func TestCompareAssociationTaken(t *testing.T) {
	const (
		assocType = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
		addonType = "aws:eks/addon:Addon"
	)
	addon := func(accounts ...string) plan.DocumentResource {
		var list []any
		for _, a := range accounts {
			list = append(list, map[string]any{"serviceAccount": a, "roleArn": "arn:aws:iam::111122223333:role/" + a})
		}
		return plan.DocumentResource{URN: urn(addonType, "ebs"), Type: addonType, Name: "ebs", Custom: true,
			Inputs: map[string]any{"clusterName": "c", "addonName": "aws-ebs-csi-driver", "podIdentityAssociations": list,
				"preserve": true}}
	}
	assoc := func(name string, cluster any, ns string, deps ...string) plan.DocumentResource {
		return plan.DocumentResource{URN: urn(assocType, name), Type: assocType, Name: name, Custom: true, Dependencies: deps,
			Inputs: map[string]any{"clusterName": cluster, "namespace": ns, "serviceAccount": "ebs-csi-controller-sa",
				"roleArn": "arn:aws:iam::111122223333:role/" + name}}
	}
	cluster := func(version string) plan.DocumentResource {
		return plan.DocumentResource{URN: urn(clType, "eksCluster"), Type: clType, Name: "eksCluster", Custom: true,
			Inputs: map[string]any{"name": "c", "roleArn": "arn:aws:iam::111122223333:role/" + version}}
	}
	edit := func(r plan.DocumentResource, f func(*plan.DocumentResource)) plan.DocumentResource {
		f(&r)
		return r
	}
	notPreserved := edit(addon("ebs-csi-controller-sa"), func(r *plan.DocumentResource) { r.Inputs["preserve"] = false })
	doc := func(rs ...plan.DocumentResource) plan.Document { return plan.Document{Stack: "dev", Resources: rs} }
	const account = "kube-system/ebs-csi-controller-sa still has "
	for _, tc := range []struct {
		name       string
		base, head plan.Document
		fails      string // the change that fails, by name; "" for none
		want       string // what its Fails says after account
	}{
		{"moved from the add-on", doc(addon("ebs-csi-controller-sa")), doc(addon(), assoc("own", "c", "kube-system")), "own",
			"add-on aws-ebs-csi-driver's association, which EKS deletes while it updates the add-on, at the same time as pulumi " +
				"up makes this one (nothing orders the two): EKS allows one pod identity association per service account, and " +
				"refuses this one unless EKS is done first"},
		{"moved from the add-on, after its update", doc(addon("ebs-csi-controller-sa")),
			doc(addon(), assoc("own", "c", "kube-system", urn(addonType, "ebs"))), "", ""},
		{"moved to the add-on", doc(addon(), assoc("own", "c", "kube-system")), doc(addon("ebs-csi-controller-sa")), "ebs",
			"the association own, which pulumi up deletes only after all its creates, so own still stands: EKS allows one pod " +
				"identity association per service account, and refuses the add-on's while that one stands"},
		{"from a deleted add-on, preserved", doc(addon("ebs-csi-controller-sa")), doc(assoc("own", "c", "kube-system")), "own",
			"add-on aws-ebs-csi-driver's association, which stays when pulumi up deletes the add-on, as preserve is on"},
		{"from a deleted add-on", doc(notPreserved), doc(assoc("own", "c", "kube-system")), "own",
			"add-on aws-ebs-csi-driver's association, which pulumi up deletes only after all its creates"},
		{"from a replaced association", doc(assoc("old", "c", "kube-system")), doc(edit(assoc("old", "c", "kube-system"),
			func(r *plan.DocumentResource) { r.Inputs["serviceAccount"] = "other" }), assoc("own", "c", "kube-system")), "own",
			"the association old, which pulumi up replaces, deleting the old old only after all its creates"},
		{"replaced in place of itself", doc(edit(assoc("own", "c", "kube-system"), func(r *plan.DocumentResource) {
			r.Options.ReplaceOnChanges = []string{"roleArn"}
		})), doc(edit(assoc("own", "c", "kube-system"), func(r *plan.DocumentResource) {
			r.Options.ReplaceOnChanges = []string{"roleArn"}
			r.Inputs["roleArn"] = "arn:aws:iam::111122223333:role/other"
		})), "own", "the association own, the old association of this replacement, which pulumi up deletes only after all its creates"},
		{"from one the program reads", doc(edit(assoc("read", "c", "kube-system"), func(r *plan.DocumentResource) { r.Read = true })),
			doc(assoc("own", "c", "kube-system")), "own", "the association read, which the program reads, and pulumi up leaves in AWS"},
		{"in another namespace", doc(addon("ebs-csi-controller-sa")), doc(addon(), assoc("own", "c", "default")), "", ""},
		{"in a new cluster", doc(addon("ebs-csi-controller-sa")), doc(addon(), assoc("own", plan.Unknown, "kube-system")), "", ""},
		// the add-on takes its clusterName from the cluster, as ekskit's do
		{"in a replaced cluster", doc(cluster("a"), edit(notPreserved, func(r *plan.DocumentResource) {
			r.PropertyDependencies = map[string][]string{"clusterName": {urn(clType, "eksCluster")}}
		})), doc(cluster("b"), assoc("own", "c", "kube-system")), "", ""},
		{"the add-on's, given another role", doc(addon("ebs-csi-controller-sa")), doc(edit(addon(), func(r *plan.DocumentResource) {
			r.Inputs["podIdentityAssociations"] = []any{map[string]any{"serviceAccount": "ebs-csi-controller-sa", "roleArn": "other"}}
		})), "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var failing []string
			for _, c := range plan.Compare(tc.base, tc.head).Changes {
				if c.Fails != "" {
					failing = append(failing, c.Name)
					if !strings.HasPrefix(c.Fails, account+tc.want) {
						t.Errorf("%s fails: %s\nwant: %s", c.Name, c.Fails, account+tc.want)
					}
				}
			}
			if want := []string{tc.fails}; tc.fails == "" && len(failing) > 0 || tc.fails != "" && !slices.Equal(failing, want) {
				t.Errorf("failing: %v, want %q", failing, tc.fails)
			}
		})
	}
}

// TestCompareAssociationTakenTwice: an association that two hold in the
// base fails with both, in the order of the base plan, every time.
func TestCompareAssociationTakenTwice(t *testing.T) {
	const assocType = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
	assoc := func(name string) plan.DocumentResource {
		return plan.DocumentResource{URN: urn(assocType, name), Type: assocType, Name: name, Custom: true,
			Inputs: map[string]any{"clusterName": "c", "namespace": "ns", "serviceAccount": "sa"}}
	}
	base, head := plan.Document{Resources: []plan.DocumentResource{assoc("a"), assoc("b")}}, plan.Document{Resources: []plan.DocumentResource{assoc("c")}}
	first := ""
	for range 20 {
		d := plan.Compare(base, head)
		i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == "c" })
		got := d.Changes[i].Fails
		if a, b := strings.Index(got, "the association a,"), strings.Index(got, ". Also: ns/sa still has the association b,"); a != len("ns/sa still has ") || b < a {
			t.Fatalf("fails: %s", got)
		}
		if first == "" {
			first = got
		} else if got != first {
			t.Fatalf("fails %q, then %q", first, got)
		}
	}
}
