package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/internal/golden"
	"github.com/ekskit/ekskit/plan"
)

// planJSON runs `plan --json` in process and returns its output.
func planJSON(t *testing.T, args ...string) []byte {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := runPlan(append(args, "--json", "--today", goldenDay), &out, &errOut); code != exitOK {
		t.Fatalf("plan %v: exit %d: %s", args, code, errOut.String())
	}
	return out.Bytes()
}

// goldenDay is the day golden plans check the guardrails against, so that
// a support window's end does not change them.
const goldenDay = "2026-11-30"

// TestGoldenPlans: the plan of every committed stack is checked in under
// testdata/plans, so every change to a resource graph shows in review.
func TestGoldenPlans(t *testing.T) {
	for _, stack := range stackNames(t) {
		golden.JSON(t, filepath.Join("testdata", "plans", stack+".json"), planJSON(t, "--stack", stack))
	}
	if *golden.Update {
		return
	}
	// no golden left for a stack that is gone
	files, _ := filepath.Glob(filepath.Join("testdata", "plans", "*.json"))
	for _, f := range files {
		if !slices.Contains(stackNames(t), strings.TrimSuffix(filepath.Base(f), ".json")) {
			t.Errorf("%s has no stack file", f)
		}
	}
}

// saveBase writes a base plan (from the dev stack, or doc if given) and
// returns its path.
func saveBase(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "base.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// diffResult is what plan --diff --json prints: the diff and its blocking
// count (nil when the output has none).
type diffResult struct {
	plan.Diff
	Blocking *int `json:"blocking"`
}

// runDiff runs plan --diff base --json with args: the output, decoded
// unless the exit is exitInvalid, the exit code and stderr.
func runDiff(t *testing.T, base string, args ...string) (diffResult, int, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runPlan(append([]string{"--diff", base, "--json"}, args...), &out, &errOut)
	var d diffResult
	if code != exitInvalid {
		if err := json.Unmarshal(out.Bytes(), &d); err != nil {
			t.Fatalf("diff output: %v: %s", err, out.String())
		}
	}
	return d, code, errOut.String()
}

func TestPlanDiff(t *testing.T) {
	base := saveBase(t, planJSON(t, "--stack", "dev"))
	scaledUp := saveBase(t, planJSON(t, "--stack", "dev", "--set", "nodeGroups.simple-bank.desiredSize=2"))
	type want struct {
		op       plan.Op
		inputs   []string
		replaces []string
	}
	for _, tc := range []struct {
		name string
		sets []string
		code int
		base string          // the base plan's file
		want map[string]want // by "kind name"
	}{
		{"same config", nil, exitOK, base, map[string]want{}},
		{"scale up", []string{"nodeGroups.simple-bank.desiredSize=2"}, exitOK, base,
			map[string]want{"node group simple-bank": {plan.OpUpdate, []string{"scalingConfig.desiredSize"}, nil}}},
		// coredns is left with no node: EKS013's warning, new
		{"then scale to zero", []string{"nodeGroups.simple-bank.minSize=0", "nodeGroups.simple-bank.desiredSize=0"}, exitHazard, scaledUp,
			map[string]want{"node group simple-bank": {plan.OpUpdate, []string{"scalingConfig.desiredSize", "scalingConfig.minSize"}, nil}}},
		{"label", []string{"nodeGroups.simple-bank.labels.team=payments"}, exitOK, base,
			map[string]want{"node group simple-bank": {plan.OpUpdate, []string{"labels.team"}, nil}}},
		// ordering by explicit dependencies: adding what node groups wait
		// for creates it and touches no node group
		{"a node policy", []string{"roles.nodePolicyArns=[arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore]"}, exitOK, base,
			map[string]want{"policy attachment eks-node-AmazonSSMManagedInstanceCore": {plan.OpCreate, nil, nil}}},
		// one more pod on each node: EKS014's warning on dev's t3.micro
		// changes (shown, not to review)
		{"a DaemonSet add-on", []string{"cluster.addons={vpc-cni: {}, kube-proxy: {}, coredns: {}, eks-pod-identity-agent: {}}"}, exitOK, base,
			map[string]want{"add-on eks-eks-pod-identity-agent": {plan.OpCreate, nil, nil}}},
		{"instance type", []string{"nodeGroups.simple-bank.instanceTypes=[t3.small]"}, exitHazard, base,
			map[string]want{"node group simple-bank": {plan.OpReplace, []string{"instanceTypes"}, []string{"instanceTypes changed"}}}},
		{"cluster rename", []string{"cluster.name=other-bank"}, exitHazard, base, map[string]want{
			"pulumi-eks cluster eks":               {plan.OpUpdate, []string{"name"}, nil},
			"cluster eks-eksCluster":               {plan.OpReplace, []string{"name"}, []string{"name changed"}},
			"security group eks-nodeSecurityGroup": {plan.OpUpdate, []string{"tags.kubernetes.io/cluster/other-bank", "tags.kubernetes.io/cluster/simple-bank"}, nil},
			"OIDC provider eks-oidcProvider":       {plan.OpReplace, []string{"url"}, []string{"url comes from replaced cluster eks-eksCluster"}},
			"kubernetes provider eks-eks-k8s":      {plan.OpReplace, []string{"kubeconfig"}, []string{"kubeconfig comes from replaced cluster eks-eksCluster"}},
			"kubernetes provider eks-provider":     {plan.OpReplace, []string{"kubeconfig"}, []string{"kubeconfig comes from replaced cluster eks-eksCluster"}},
			"add-on eks-coredns":                   {plan.OpReplace, []string{"clusterName"}, []string{"clusterName changed"}},
			"add-on eks-kube-proxy":                {plan.OpReplace, []string{"clusterName"}, []string{"clusterName changed"}},
			"add-on eks-vpc-cni":                   {plan.OpReplace, []string{"clusterName"}, []string{"clusterName changed"}},
			"node group simple-bank":               {plan.OpReplace, []string{"clusterName"}, []string{"clusterName changed"}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var args []string
			for _, s := range tc.sets {
				args = append(args, "--set", s)
			}
			d, code, stderr := runDiff(t, tc.base, append([]string{"--stack", "dev"}, args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d: %s", code, tc.code, stderr)
			}
			got := map[string]want{}
			for _, c := range d.Changes {
				var paths []string
				for _, ic := range c.Inputs {
					paths = append(paths, ic.Path)
				}
				got[c.Kind+" "+c.Name] = want{c.Op, paths, c.Reasons()}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("changes:\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestPlanDiffDeletes: deleting a protected resource exits 1 (pulumi up
// refuses), and so does deleting a KMS key, which KMS schedules for
// deletion (data lost, to review); a retained key, left in AWS, is shown
// and exits 0.
func TestPlanDiffDeletes(t *testing.T) {
	for _, tc := range []struct {
		protect, retain bool
		code            int
		loses           bool
	}{
		{true, false, exitHazard, false},
		{false, false, exitHazard, true},
		{false, true, exitOK, false},
	} {
		doc, err := plan.DecodeDocument(bytes.NewReader(planJSON(t, "--stack", "dev")))
		if err != nil {
			t.Fatal(err)
		}
		key := plan.DocumentResource{URN: "urn:pulumi:dev::ekskit::ekskit:controlplane:ControlPlane$aws:kms/key:Key::eks-secrets",
			Type: "aws:kms/key:Key", Name: "eks-secrets", Custom: true, Inputs: map[string]any{},
			Options: plan.ResourceOptions{Protect: tc.protect, RetainOnDelete: tc.retain}}
		doc.Resources = append(doc.Resources, key)
		data, _ := json.Marshal(doc)
		d, code, _ := runDiff(t, saveBase(t, data), "--stack", "dev")
		if code != tc.code || len(d.Changes) != 1 || d.Changes[0].Op != plan.OpDelete || d.Changes[0].Protected != tc.protect ||
			d.Changes[0].Loses != tc.loses {
			t.Errorf("protect=%v, retain=%v: exit %d, changes %+v", tc.protect, tc.retain, code, d.Changes)
		}
	}
	// prod without its created key: the key is deleted (protected) and the
	// cluster, whose encryption cannot be removed, replaced
	// (prod's policy stops on the warning that secrets are not encrypted)
	textDiffShowsSets(t, "prod", []string{"cluster.encryption=null", "policy.fail=error"},
		"KMS key eks-secrets will be DELETED, but it is protected: pulumi up will refuse (unprotected, it would be left in AWS: retainOnDelete)",
		"cluster eks-eksCluster will be REPLACED (encryptionConfig changed), deleted before the new one is created, but it is protected",
		// the cluster's name is fixed: the engine deletes it first, and
		// first what takes its name and is replaced with it
		"access entry eks-admin-111122223333-role/platform-admins will be REPLACED (clusterName comes from replaced cluster eks-eksCluster), "+
			"deleted before the new one is created, but it is protected",
		`clusterName: "ekskit-prod", the same value, but cluster eks-eksCluster is deleted and created again first, and this with it`)
}

// TestPlanDiffBlocking: plan --diff --json counts what pulumi up fails on
// or refuses, and that count is what the preview and the deploy fail on: a
// replacement alone is to review, not blocking; a region change that dev's
// fixed IAM role names make fail blocks.
func TestPlanDiffBlocking(t *testing.T) {
	base := saveBase(t, planJSON(t, "--stack", "dev"))
	for set, want := range map[string]float64{
		"nodeGroups.simple-bank.instanceTypes=[t3.small]": 0,
		"aws:region=us-east-2":                            2,
	} {
		var out, errOut bytes.Buffer
		if code := runPlan([]string{"--stack", "dev", "--diff", base, "--json", "--set", set}, &out, &errOut); code != exitHazard {
			t.Fatalf("%s: exit %d: %s", set, code, errOut.String())
		}
		var got map[string]any
		if err := json.Unmarshal(out.Bytes(), &got); err != nil || got["blocking"] != want {
			t.Errorf("%s: blocking %v, want %v (%v)", set, got["blocking"], want, err)
		}
	}
	// prod's log group is protected with its cluster: logging turned off
	// deletes it, which pulumi up refuses
	var out, errOut bytes.Buffer
	prod := filepath.Join("testdata", "plans", "prod.json")
	code := runPlan([]string{"--stack", "prod", "--diff", prod, "--json", "--set", "policy.fail=error", "--set", "cluster.logging=[]"}, &out, &errOut)
	var got diffResult
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || code != exitHazard || got.Blocking == nil || *got.Blocking != 1 ||
		!slices.ContainsFunc(got.Changes, func(c plan.Change) bool { return c.Name == "eks-logs" && c.Op == plan.OpDelete && c.Protected }) {
		t.Errorf("prod's logging off: exit %d, blocking %v, want 1, the log group's protected delete (%v): %s%s", code, got.Blocking, err,
			out.String(), errOut.String())
	}
	// the preview (against the base) and the deploy (against the last
	// deploy) read the count with .ci/blocking, which clears only an
	// explicit 0 (TestBlocking)
	for _, name := range []string{"preview.yml", "deploy.yml"} {
		data, err := os.ReadFile(filepath.Join(".github", "workflows", name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "bash .ci/blocking bin/ekskit ") {
			t.Errorf("%s does not fail on plan --diff --json's blocking count (.ci/blocking)", name)
		}
	}
}

// TestPlanDiffProviderCases: changes whose outcome lies in how
// terraform-provider-aws applies them, run as a reviewer runs them: what
// the diff does to the resource, whether pulumi up fails on it (blocking,
// which the pull-request workflow fails on), the exit status, and the
// words the text says it with.
func TestPlanDiffProviderCases(t *testing.T) {
	// a group on a launch template, without what the template sets
	onTemplate := func(lt string) []string {
		return []string{"nodeGroups.simple-bank.launchTemplate=" + lt,
			"nodeGroups.simple-bank.diskSize=null", "nodeGroups.simple-bank.instanceTypes=null"}
	}
	const byID, byName = `{id: lt-0123456789abcdef0, version: "1"}`, `{name: my-template, version: "1"}`
	// an access entry for role/dev, editor in namespaces
	editor := func(namespaces string) string {
		return "cluster.access=[{principalArn: 'arn:aws:iam::111122223333:role/dev', policies: {AmazonEKSEditPolicy: {namespaces: [" +
			namespaces + "]}}}]"
	}
	// pod identities on a cluster with the agent
	pods := func(entries string) []string {
		return []string{"cluster.addons.eks-pod-identity-agent={}", "cluster.podIdentities={" + entries + "}"}
	}
	const (
		policy = "policyArns: [arn:aws:iam::111122223333:policy/shop]"
		shop   = "shop: {namespace: shop, serviceAccount: api, " + policy + "}"
		cart   = "cart: {namespace: shop, serviceAccount: cart, " + policy + "}"
		ebsPod = "ebs: {namespace: kube-system, serviceAccount: ebs-csi-controller-sa, " +
			"policyArns: [arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy]}"
		ebs = "cluster.addons.aws-ebs-csi-driver="
	)
	for _, tc := range []struct {
		name     string
		stack    string
		base     []string // the base plan's --set values; nil: testdata/plans/<stack>.json
		sets     []string
		change   string // "kind name" of the change
		op       plan.Op
		blocking int
		code     int
		text     []string
	}{
		// resourceAddonUpdate sends "" for the role, which EKS refuses
		{"vpc-cni's IRSA turned off", "prod", nil, []string{"cluster.addons.vpc-cni.irsa=false"},
			"add-on eks-vpc-cni", plan.OpUpdate, 1, exitHazard, []string{
				" ~  add-on eks-vpc-cni will be updated in place (serviceAccountRoleArn), which pulumi up cannot apply: " +
					"serviceAccountRoleArn: the provider sends an empty role ARN for a removed one, and EKS refuses it",
				"pulumi up fails and the add-on keeps its role; keep the role, or delete the add-on in one pulumi up",
			}},
		// the provider sends the associations; EKS restarts the pods
		{"vpc-cni moved to Pod Identity beside IRSA", "prod", nil, []string{"cluster.addons.eks-pod-identity-agent={}",
			"cluster.addons.vpc-cni.podIdentity=true"}, "add-on eks-vpc-cni", plan.OpUpdate, 0, exitOK, []string{
			` ~  add-on eks-vpc-cni will be updated in place (podIdentityAssociations)` + "\n" +
				`        podIdentityAssociations: (none) => [{"roleArn":"(known after apply)","serviceAccount":"aws-node"}]` + "\n" +
				"        note: EKS sets the add-on's pod identity associations and restarts its pods (a rolling restart), which take " +
				"their credentials from them, in place of those they started with",
		}},
		// IRSA off: the empty role ARN again
		{"vpc-cni moved to Pod Identity alone", "prod", nil, []string{"cluster.addons.eks-pod-identity-agent={}",
			"cluster.addons.vpc-cni={podIdentity: true}"}, "add-on eks-vpc-cni", plan.OpUpdate, 1, exitHazard, []string{
			"serviceAccountRoleArn: the provider sends an empty role ARN for a removed one, and EKS refuses it",
		}},
		// EKS annotates the service account and restarts nothing
		{"the EBS driver given its role", "dev", []string{"cluster.addons.aws-ebs-csi-driver={}"}, []string{"cluster.addons.aws-ebs-csi-driver={irsa: true}"},
			"add-on eks-aws-ebs-csi-driver", plan.OpUpdate, 0, exitOK, []string{
				"EKS gives its service account kube-system/ebs-csi-controller-sa the role, but does not restart its pods " +
					"(aws/amazon-vpc-cni-k8s#1338): they keep their credentials, none, until they " +
					"restart; run kubectl -n kube-system rollout restart deployment ebs-csi-controller right after pulumi up",
			}},
		// the provider holds the template's id and name both: the other
		// one may name the same template
		{"a launch template by name where it was by id", "dev", onTemplate(byID), onTemplate(byName),
			"node group simple-bank", plan.OpReplace, 0, exitHazard, []string{
				` +- node group simple-bank will be REPLACED (launchTemplate.name set to "my-template" where launchTemplate.id ` +
					`was "lt-0123456789abcdef0": replaced only if it names another launch template than that id did)`,
				`launchTemplate.id: "lt-0123456789abcdef0" => (none)`,
			}},
		{"a launch template by id where it was by name", "dev", onTemplate(byName), onTemplate(byID),
			"node group simple-bank", plan.OpReplace, 0, exitHazard, []string{
				` +- node group simple-bank will be REPLACED (launchTemplate.id set to "lt-0123456789abcdef0" where launchTemplate.name ` +
					`was "my-template": replaced only if it names another launch template than that name did)`,
			}},
		{"another launch template id", "dev", onTemplate(byID), onTemplate(`{id: lt-0123456789abcdef1, version: "1"}`),
			"node group simple-bank", plan.OpReplace, 0, exitHazard, []string{
				" +- node group simple-bank will be REPLACED (launchTemplate.id changed)",
			}},
		// EKS takes one association a service account; pulumi up deletes
		// the old one only at its end (associationsTaken)
		{"a pod identity given another name", "prod", pods(shop), pods(strings.Replace(shop, "shop:", "store:", 1)),
			"pod identity association eks-pod-store", plan.OpCreate, 1, exitHazard, []string{
				" +  pod identity association eks-pod-store will be created, but pulumi up fails: shop/api still has the " +
					"association eks-pod-shop, which pulumi up deletes only after all its creates, so eks-pod-shop still stands: " +
					"EKS allows one pod identity association per service account, and refuses this one while that one stands; " +
					"first, in a pulumi up of its own, take out or change what holds shop/api now, then give it its new association",
			}},
		{"two pod identities swap their service accounts", "prod", pods(shop + ", " + cart), pods(strings.Replace(shop, "api", "cart", 1) +
			", " + strings.Replace(cart, "serviceAccount: cart", "serviceAccount: api", 1)),
			"pod identity association eks-pod-shop", plan.OpReplace, 2, exitHazard, []string{
				" +- pod identity association eks-pod-shop will be REPLACED (serviceAccount changed), and pulumi up fails: " +
					"shop/cart still has the association eks-pod-cart, which pulumi up replaces, deleting the old eks-pod-cart only " +
					"after all its creates: EKS allows one pod identity association per service account",
				" +- pod identity association eks-pod-cart will be REPLACED (serviceAccount changed), and pulumi up fails: " +
					"shop/api still has the association eks-pod-shop, which pulumi up replaces, deleting the old eks-pod-shop",
			}},
		// a service account no other association holds: no failure
		{"a pod identity given another service account", "prod", pods(shop), pods(strings.Replace(shop, "api", "web", 1)),
			"pod identity association eks-pod-shop", plan.OpReplace, 0, exitHazard, []string{
				" +- pod identity association eks-pod-shop will be REPLACED (serviceAccount changed)",
			}},
		{"a pod identity taken out", "prod", pods(shop), pods(""),
			"pod identity association eks-pod-shop", plan.OpDelete, 0, exitHazard, []string{
				" -  pod identity association eks-pod-shop will be DELETED",
				"the pods of service account shop/api get the role's credentials no more",
			}},
		// the add-on's update and the association's create run at once
		{"an add-on's role moved to a pod identity", "prod", append(pods(""), ebs+"{podIdentity: true}"),
			append(pods(ebsPod), ebs+"{}"),
			"pod identity association eks-pod-ebs", plan.OpCreate, 1, exitHazard, []string{
				"pulumi up fails: kube-system/ebs-csi-controller-sa still has add-on aws-ebs-csi-driver's association, which EKS " +
					"deletes while it updates the add-on, at the same time as pulumi up makes this one (nothing orders the two): EKS " +
					"allows one pod identity association per service account, and refuses this one unless EKS is done first",
			}},
		{"a pod identity's role moved to its add-on", "prod", append(pods(ebsPod), ebs+"{}"),
			append(pods(""), ebs+"{podIdentity: true}"),
			"add-on eks-aws-ebs-csi-driver", plan.OpUpdate, 1, exitHazard, []string{
				"pulumi up fails: kube-system/ebs-csi-controller-sa still has the association eks-pod-ebs, which pulumi up " +
					"deletes only after all its creates, so eks-pod-ebs still stands: EKS allows one pod identity association per " +
					"service account, and refuses the add-on's while that one stands",
			}},
		// one access entry per principal: the admin's stands until the end
		{"an admin moved to access", "dev", []string{"cluster.admins=[arn:aws:iam::111122223333:role/dev]"}, []string{editor("team-a")},
			"access entry eks-access-111122223333-role/dev", plan.OpCreate, 1, exitHazard, []string{
				" +  access entry eks-access-111122223333-role/dev will be created, but pulumi up fails: " +
					"arn:aws:iam::111122223333:role/dev still has the access entry eks-admin-111122223333-role/dev, which pulumi up " +
					"deletes only after all its creates, so eks-admin-111122223333-role/dev still stands: EKS allows one access " +
					"entry per principal, and refuses this one while that one stands; first, in a pulumi up of its own, take out " +
					"or change what holds arn:aws:iam::111122223333:role/dev now, then give it its new access entry",
			}},
		{"a principal moved from access to admins", "dev", []string{editor("team-a")}, []string{"cluster.access=[]",
			"cluster.admins=[arn:aws:iam::111122223333:role/dev]"}, "access entry eks-admin-111122223333-role/dev", plan.OpCreate, 1,
			exitHazard, []string{"arn:aws:iam::111122223333:role/dev still has the access entry eks-access-111122223333-role/dev, " +
				"which pulumi up deletes only after all its creates"}},
		// kubernetes_groups is optional and computed: left out, kept
		{"an access entry's groups all taken off", "dev", []string{editor("team-a"), "cluster.access[0].kubernetesGroups=[readers]"},
			[]string{editor("team-a")}, "access entry eks-access-111122223333-role/dev", plan.OpUpdate, 1, exitHazard, []string{
				` ~  access entry eks-access-111122223333-role/dev will be updated in place (kubernetesGroups), which pulumi up ` +
					`cannot apply: kubernetesGroups: the provider keeps the deployed groups when none are given, so the principal ` +
					`stays in ["readers"]: take the entry out in one pulumi up and put it back in the next, or leave one group that ` +
					"no binding names",
			}},
		{"an access entry's groups changed", "dev", []string{editor("team-a"), "cluster.access[0].kubernetesGroups=[readers]"},
			[]string{editor("team-a"), "cluster.access[0].kubernetesGroups=[writers]"}, "access entry eks-access-111122223333-role/dev",
			plan.OpUpdate, 0, exitOK, []string{` ~  access entry eks-access-111122223333-role/dev will be updated in place (kubernetesGroups)` + "\n"}},
		// created first, the old association's delete would take the policy off
		{"an access policy given other namespaces", "dev", []string{editor("team-a")}, []string{editor("team-a, team-b")},
			"access policy association eks-access-111122223333-role/dev-AmazonEKSEditPolicy", plan.OpReplace, 0, exitHazard, []string{
				" +- access policy association eks-access-111122223333-role/dev-AmazonEKSEditPolicy will be REPLACED (accessScope " +
					"changed), deleted before the new one is created",
			}},
		// preserve keeps the add-on's association after the add-on goes
		{"a deleted add-on's role moved to a pod identity", "prod", append(pods(""), ebs+"{podIdentity: true}"),
			pods(ebsPod), "pod identity association eks-pod-ebs", plan.OpCreate, 1, exitHazard, []string{
				"kube-system/ebs-csi-controller-sa still has add-on aws-ebs-csi-driver's association, which stays when pulumi " +
					"up deletes the add-on, as preserve is on: EKS allows one pod identity association per service account, and " +
					"refuses this one while that one stands; first, in a pulumi up of its own, take podIdentity off the add-on (EKS " +
					"then deletes its association), then delete the add-on and give kube-system/ebs-csi-controller-sa its new " +
					"association in the next",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := filepath.Join("testdata", "plans", tc.stack+".json")
			if tc.base != nil {
				args := []string{"--stack", tc.stack}
				for _, s := range tc.base {
					args = append(args, "--set", s)
				}
				base = saveBase(t, planJSON(t, args...))
			}
			d := diffJSON(t, tc.stack, base, tc.sets, tc.code)
			i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Kind+" "+c.Name == tc.change })
			if i < 0 || d.Changes[i].Op != tc.op || d.Blocking == nil || *d.Blocking != tc.blocking {
				t.Errorf("want %s %s, blocking %d: %+v", tc.op, tc.change, tc.blocking, d)
			}
			args := []string{"--stack", tc.stack, "--diff", base}
			for _, s := range tc.sets {
				args = append(args, "--set", s)
			}
			var out, errOut bytes.Buffer
			if code := runPlan(args, &out, &errOut); code != tc.code {
				t.Errorf("text: exit %d, want %d", code, tc.code)
			}
			for _, want := range tc.text {
				if !strings.Contains(out.String(), want) {
					t.Errorf("diff lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}

// diffJSON is plan --diff --json of stack against base with sets
// ([runDiff]), which must exit code.
func diffJSON(t *testing.T, stack, base string, sets []string, code int) diffResult {
	t.Helper()
	args := []string{"--stack", stack}
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	d, got, stderr := runDiff(t, base, args...)
	if got != code {
		t.Fatalf("plan %v against %s: exit %d, want %d: %s", args, base, got, code, stderr)
	}
	return d
}

// TestPlanDiffLosingDeletes: a delete (or an update: a log group's
// retention shortened) whose note says that data is lost or what runs
// breaks exits 1, a change to review, without blocking (the
// preview job does not fail on it: pulumi up does it without refusal); the
// text says why. An add-on deleted with preserve on in the deployed stack
// (ekskit's default) leaves its software running: noted, exit 0, unless
// the IAM role that software takes goes with it (prod's vpc-cni).
func TestPlanDiffLosingDeletes(t *testing.T) {
	prod := saveBase(t, planJSON(t, "--stack", "prod"))
	dev := saveBase(t, planJSON(t, "--stack", "dev"))
	devLogs := saveBase(t, planJSON(t, "--stack", "dev", "--set", "cluster.logging=[audit]"))
	notPreserved := saveBase(t, planJSON(t, "--stack", "prod", "--set", "cluster.addons.vpc-cni.preserve=false"))
	// a key ekskit creates without protect has no retainOnDelete either
	unprotectedKey := saveBase(t, planJSON(t, "--stack", "dev", "--set", "cluster.encryption={create: true, protect: false}"))
	withEBS := saveBase(t, planJSON(t, "--stack", "prod", "--set", "cluster.addons.aws-ebs-csi-driver={irsa: true}"))
	const agent = "cluster.addons.eks-pod-identity-agent={}"
	withVPCCNIBoth := saveBase(t, planJSON(t, "--stack", "prod", "--set", agent, "--set", "cluster.addons.vpc-cni.podIdentity=true"))
	withEBSPodIdentity := saveBase(t, planJSON(t, "--stack", "prod", "--set", agent, "--set", "cluster.addons.aws-ebs-csi-driver={podIdentity: true}"))
	const withoutVPCCNI = "cluster.addons={coredns: {}, kube-proxy: {}}"
	for _, tc := range []struct {
		name        string
		stack, base string
		sets        []string
		code        int
		loses       []string // "kind name" of the changes that lose
		// note is the start of the note on the delete
		note string
	}{
		// prod's policy stops on the warning that logging is off
		// (prod's log group is protected with its cluster: dev's is not)
		{"audit logs", "dev", devLogs, []string{"cluster.logging=[]"}, exitHazard, []string{"log group eks-logs"},
			"its log events, cluster simple-bank's control-plane logs (its audit logs, where enabled), are deleted with it"},
		{"vpc-cni without preserve", "prod", notPreserved, []string{withoutVPCCNI}, exitHazard, []string{"add-on eks-vpc-cni"},
			"EKS removes vpc-cni's software from the cluster (preserve is off in the deployed stack): the aws-node DaemonSet goes, and pods get no network"},
		// aws-node keeps running on vpc-cni's own role, which goes
		{"vpc-cni with preserve", "prod", prod, []string{withoutVPCCNI}, exitHazard, []string{"IAM role eks-vpc-cni"},
			"add-on vpc-cni (eks-vpc-cni) is deleted with preserve on in the deployed stack, and its software keeps running " +
				"on this role"},
		// the EBS driver's controller keeps running on its role, which goes
		{"the EBS driver with preserve", "prod", withEBS, nil, exitHazard, []string{"IAM role eks-aws-ebs-csi-driver"},
			"add-on aws-ebs-csi-driver (eks-aws-ebs-csi-driver) is deleted with preserve on in the deployed stack, and its software " +
				"keeps running on this role: its pods took it when they started, and its service account " +
				"kube-system/ebs-csi-controller-sa, which EKS leaves as it is, still names it; once pulumi up deletes the role, " +
				"the EBS CSI controller's EC2 calls fail: no EBS volume is created, attached or deleted for a claim, until its pods " +
				"run on another role: annotate its service account kube-system/ebs-csi-controller-sa with one that has " +
				"AmazonEBSCSIDriverPolicy's permissions, and those of its policyArns, if any, then " +
				"run kubectl -n kube-system rollout restart deployment ebs-csi-controller, right after pulumi up"},
		// its association stays with the software, naming the role
		{"the EBS driver on Pod Identity, with preserve", "prod", withEBSPodIdentity, []string{agent}, exitHazard,
			[]string{"IAM role eks-aws-ebs-csi-driver"},
			"add-on aws-ebs-csi-driver (eks-aws-ebs-csi-driver) is deleted with preserve on in the deployed stack, and its software " +
				"keeps running on this role: the pod identity association for kube-system/ebs-csi-controller-sa stays " +
				"(EKS deletes an add-on's associations with it, but not with preserve), naming it; once pulumi up deletes the role, " +
				"the EBS CSI controller's EC2 calls fail: no EBS volume is created, attached or deleted for a claim, until the " +
				"association names one that has AmazonEBSCSIDriverPolicy's permissions, and those of its policyArns, if any " +
				"(aws eks list-pod-identity-associations, then update-pod-identity-association), right after pulumi up; and before " +
				"the add-on is put back with podIdentity, delete the association (delete-pod-identity-association): an add-on takes " +
				"over no association it does not own"},
		// given both ways, aws-node runs on Pod Identity: its association
		// stays with the software
		{"vpc-cni on both ways, with preserve", "prod", withVPCCNIBoth, []string{"cluster.addons={coredns: {}, kube-proxy: {}, " +
			"eks-pod-identity-agent: {}}"}, exitHazard, []string{"IAM role eks-vpc-cni"},
			"add-on vpc-cni (eks-vpc-cni) is deleted with preserve on in the deployed stack, and its software keeps running on " +
				"this role: the pod identity association for kube-system/aws-node stays"},
		// EKS deletes the association and restarts the pods: they leave
		// the role, and the add-on's note says what they lose
		// prod's policy stops on EKS024's warning of the driver without a
		// role: loosened, and that warning new, each a change to review
		{"the EBS driver's Pod Identity taken off", "prod", withEBSPodIdentity, []string{"policy.fail=error", agent, "cluster.addons.aws-ebs-csi-driver={}"},
			exitHazard, nil, "EKS deletes the add-on's pod identity associations and restarts its pods (a rolling restart), which then " +
				"get the credentials of none of their own: the EBS CSI controller's EC2 calls fail"},
		// an update that loses data: CloudWatch deletes the older events
		{"the audit logs kept for less", "prod", prod, []string{"cluster.logRetentionDays=30"}, exitHazard, []string{"log group eks-logs"},
			"CloudWatch Logs deletes the log events older than 30 days, kept for 365 days until now"},
		{"coredns with preserve", "prod", prod, []string{"cluster.addons={vpc-cni: {irsa: true}, kube-proxy: {}}"}, exitOK, nil,
			"coredns's software stays on the cluster, no longer managed by EKS"},
		// dev's vpc-cni has no role of its own: aws-node runs on the node role
		{"vpc-cni with preserve, no role", "dev", dev, []string{withoutVPCCNI}, exitOK, nil,
			"vpc-cni's software stays on the cluster, no longer managed by EKS"},
		{"spot group", "prod", prod, []string{"nodeGroups={system: {capacityType: ON_DEMAND, instanceTypes: [m6i.large], diskSize: 50, " +
			"minSize: 3, maxSize: 6, desiredSize: 3, maxUnavailable: 1, autoRepair: true}}"}, exitHazard, []string{"node group spot"},
			"EKS drains every node of the group and terminates it (after 5 minutes, whether its pods have left or not)"},
		// the cluster, whose encryption cannot be removed, is replaced too,
		// and loses what its API holds
		{"KMS key", "dev", unprotectedKey, nil, exitHazard, []string{"cluster eks-eksCluster", "KMS key eks-secrets"},
			"KMS schedules the key's deletion in 30 days: pending deletion, it neither encrypts nor decrypts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := diffJSON(t, tc.stack, tc.base, tc.sets, tc.code)
			var loses []string
			noted := false
			for _, c := range d.Changes {
				if c.Loses {
					loses = append(loses, c.Kind+" "+c.Name)
				}
				noted = noted || slices.ContainsFunc(c.Notes, func(n string) bool { return strings.Contains(n, tc.note) })
			}
			if d.Blocking == nil || *d.Blocking != 0 || !slices.Equal(loses, tc.loses) || !noted {
				t.Errorf("blocking %v, loses %q, want 0 and %q, and a note %q: %+v", d.Blocking, loses, tc.loses, tc.note, d)
			}
			args := []string{"--stack", tc.stack, "--diff", tc.base}
			for _, s := range tc.sets {
				args = append(args, "--set", s)
			}
			var out, errOut bytes.Buffer
			runPlan(args, &out, &errOut)
			summary := " change(s) to review: replacement, delete or update that loses data or breaks what runs, update that cannot be undone, " +
				"protected delete, " +
				"or a change pulumi up cannot apply or fails on."
			// (the resources' summary: a case that exits 1 for its
			// guardrails alone has none)
			if !strings.Contains(out.String(), "note: "+tc.note) || strings.Contains(out.String(), summary) != (len(tc.loses) > 0) {
				t.Errorf("text diff (summary %q wanted: %v):\n%s", summary, len(tc.loses) > 0, out.String())
			}
		})
	}
}

// TestPlanDiffDeleteFirst: a replaced IAM role with a fixed name (dev's)
// is deleted before its replacement, and so are the policy attachments
// that name it, though the name they take is known and stays the same.
func TestPlanDiffDeleteFirst(t *testing.T) {
	textDiffShows(t, "dev", "roles.path=/x/",
		" +- IAM role eks-cluster will be REPLACED (path changed), deleted before the new one is created",
		" +- policy attachment eks-cluster-AmazonEKSClusterPolicy will be REPLACED (role comes from replaced IAM role eks-cluster), "+
			"deleted before the new one is created",
		`role: "AWSEKSClusterRole", the same value, but IAM role eks-cluster is deleted and created again first, and this with it`)
	// prod's roles have generated names: replaced create-first, and the
	// attachments take the new, unknown names
	textDiffShows(t, "prod", "roles.path=/x/",
		" +- IAM role eks-cluster will be REPLACED (path changed)\n",
		"role: known after apply, from replaced IAM role eks-cluster")
}

// textDiffShows diffs the stack's plan with one --set against the stack's
// own plan, expects exit 1, and checks the text holds every wanted line.
func textDiffShows(t *testing.T, stack, set string, wants ...string) {
	t.Helper()
	textDiffShowsSets(t, stack, []string{set}, wants...)
}

// textDiffShowsSets is textDiffShows with several --set values.
func textDiffShowsSets(t *testing.T, stack string, sets []string, wants ...string) {
	t.Helper()
	base := saveBase(t, planJSON(t, "--stack", stack))
	args := []string{"--stack", stack, "--diff", base}
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	var out, errOut bytes.Buffer
	if code := runPlan(args, &out, &errOut); code != exitHazard {
		t.Fatalf("exit %d, want %d: %s", code, exitHazard, errOut.String())
	}
	for _, want := range wants {
		if !strings.Contains(out.String(), want) {
			t.Errorf("diff lacks %q:\n%s", want, out.String())
		}
	}
}

func TestPlanDiffText(t *testing.T) {
	textDiffShows(t, "dev", "nodeGroups.simple-bank.instanceTypes=[t3.small]",
		" +- node group simple-bank will be REPLACED (instanceTypes changed)",
		`instanceTypes: ["t3.micro"] => ["t3.small"]`,
		"Resources: 0 to create, 0 to update, 1 to replace, 0 to delete, 25 unchanged")
}

// TestPlanDiffAutoscaledSize: with autoscalerOwnsDesiredSize, a new
// desiredSize changes nothing pulumi up would do (the node group ignores
// it), so the diff shows no change.
func TestPlanDiffAutoscaledSize(t *testing.T) {
	const owns = "nodeGroups.simple-bank.autoscalerOwnsDesiredSize=true"
	base := saveBase(t, planJSON(t, "--stack", "dev", "--set", owns))
	var out, errOut bytes.Buffer
	code := runPlan([]string{"--stack", "dev", "--diff", base, "--set", owns, "--set", "nodeGroups.simple-bank.desiredSize=2"}, &out, &errOut)
	if code != exitOK || !strings.Contains(out.String(), "Resources: 0 to create, 0 to update, 0 to replace, 0 to delete, 26 unchanged") {
		t.Errorf("exit %d:\n%s%s", code, out.String(), errOut.String())
	}
}

// TestPlanDiffProtectOnly: protecting the control plane changes nothing
// in AWS: pulumi up's same step, shown and counted as unchanged.
func TestPlanDiffProtectOnly(t *testing.T) {
	base := saveBase(t, planJSON(t, "--stack", "dev"))
	var out, errOut bytes.Buffer
	code := runPlan([]string{"--stack", "dev", "--diff", base, "--set", "cluster.protect=true"}, &out, &errOut)
	for _, want := range []string{
		" =  cluster eks-eksCluster will be protected; nothing changes in AWS\n        options.protect: false => true",
		// pulumi-eks's component and its 12 children inherit protect
		"Resources: 0 to create, 0 to update, 0 to replace, 0 to delete, 26 unchanged",
		// a protected stack holds its groups to the zone count: nothing
		// changes in AWS, but the guardrails do (exit 1)
		"New findings above info (a change to review):\n    warning EKS009 ekskit:nodeGroups.simple-bank: minSize 1 is below the 5 zones",
	} {
		if code != exitHazard || !strings.Contains(out.String(), want) {
			t.Errorf("exit %d, diff lacks %q:\n%s%s", code, want, out.String(), errOut.String())
		}
	}
	if n := strings.Count(out.String(), "will be protected"); n != 13 {
		t.Errorf("%d resources protected, want pulumi-eks's component and its 12 children", n)
	}
}

// TestPlanDiffPinnedServiceRange: pinning the service range EKS chose
// for dev replaces the cluster only if EKS chose another, and its
// dependents with it; the ipv4 family pulumi-eks sends with it is EKS's
// default, no change.
func TestPlanDiffPinnedServiceRange(t *testing.T) {
	textDiffShows(t, "dev", "cluster.serviceIpv4Cidr=10.100.0.0/16",
		` +- cluster eks-eksCluster will be REPLACED (kubernetesNetworkConfig.serviceIpv4Cidr set to "10.100.0.0/16" where AWS chose one: `+
			`no change if it chose the same), deleted before the new one is created`,
		" +- add-on eks-coredns will be REPLACED (clusterName comes from cluster eks-eksCluster, if it is replaced)",
		`clusterName: "simple-bank", the same value, but if cluster eks-eksCluster is replaced, it is deleted and created again first`)
	var out, errOut bytes.Buffer
	runPlan([]string{"--stack", "dev", "--diff", saveBase(t, planJSON(t, "--stack", "dev")), "--set", "cluster.serviceIpv4Cidr=10.100.0.0/16"}, &out, &errOut)
	if strings.Contains(out.String(), "ipFamily") {
		t.Errorf("ipFamily ipv4 shown as a change:\n%s", out.String())
	}
	// with the cluster role renamed too, the cluster is replaced for sure,
	// and its dependents say so
	out.Reset()
	runPlan([]string{"--stack", "dev", "--diff", saveBase(t, planJSON(t, "--stack", "dev")), "--set", "cluster.serviceIpv4Cidr=10.100.0.0/16",
		"--set", "roles.path=/x/"}, &out, &errOut)
	if strings.Contains(out.String(), "if it is replaced") || !strings.Contains(out.String(), "clusterName comes from replaced cluster eks-eksCluster") {
		t.Errorf("a certain replacement called conditional:\n%s", out.String())
	}
}

// TestPlanDiffRegion: moving the stack to another region replaces every
// aws resource, the global IAM ones included, as pulumi-aws v6 does.
func TestPlanDiffRegion(t *testing.T) {
	textDiffShows(t, "dev", "aws:region=us-east-2",
		" +- cluster eks-eksCluster will be REPLACED (region changed",
		// dev's role names are fixed, and IAM names global: the new role,
		// created first, cannot take the name
		` +- IAM role eks-node will be REPLACED (region changed), and pulumi up fails: IAM role names are global: `+
			`the new AWSEKSNodeRole is created before the old one is deleted, and AWS refuses the name`,
		` +- policy attachment eks-node-AmazonEKSWorkerNodePolicy will be REPLACED (region changed)`+"\n",
		`region: "us-east-1" => "us-east-2"`)
}

// TestPlanDiffRegionOldPlan: a base plan saved before resources carried
// their region still shows a region change, from its cost's region.
func TestPlanDiffRegionOldPlan(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(planJSON(t, "--stack", "dev"), &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range doc["resources"].([]any) {
		delete(r.(map[string]any), "region")
	}
	old, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := runPlan([]string{"--stack", "dev", "--diff", saveBase(t, old), "--set", "aws:region=us-east-2"}, &out, &errOut)
	if code != exitHazard || !strings.Contains(out.String(), " +- cluster eks-eksCluster will be REPLACED (region changed") {
		t.Errorf("exit %d:\n%s%s", code, out.String(), errOut.String())
	}
}

func TestPlanDiffRejects(t *testing.T) {
	for name, content := range map[string]string{"not JSON": "{", "missing": ""} {
		path := filepath.Join(t.TempDir(), "base.json")
		if content != "" {
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		var out, errOut bytes.Buffer
		if code := runPlan([]string{"--stack", "dev", "--diff", path}, &out, &errOut); code != exitInvalid || out.Len() != 0 ||
			!strings.Contains(errOut.String(), "--diff "+path) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, code, out.String(), errOut.String())
		}
	}
}

// TestPlanDiffOtherStack: a base plan of another stack is refused (its
// URNs differ: every resource would show as deleted and created), naming
// where the stack's name came from; a copy of the file named after the
// stack compares as the stack.
func TestPlanDiffOtherStack(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.json")
	if err := os.WriteFile(base, planJSON(t, "--stack", "dev"), 0o644); err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile("stacks/Pulumi.dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args    []string
		file    string // a copy of the dev stack's file, in dir
		wantErr string // "": the diff runs, with no change
	}{
		{[]string{"--stack", "prod"}, "", "--diff " + base + ": a plan of stack \"dev\", and this is stack prod: pulumi up compares a stack with its own state only"},
		{nil, "dev-copy.yaml", "--diff " + base + ": a plan of stack \"dev\", and this is stack dev-copy (named after dev-copy.yaml: " +
			"name the file Pulumi.NAME.yaml): pulumi up compares a stack with its own state only"},
		{nil, "Pulumi.dev.yaml", ""},
	} {
		args := tc.args
		if tc.file != "" {
			path := filepath.Join(dir, tc.file)
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Fatal(err)
			}
			args = []string{"--config-file", path}
		}
		var out, errOut bytes.Buffer
		code := runPlan(append(args, "--diff", base, "--today", goldenDay), &out, &errOut)
		switch {
		case tc.wantErr != "" && (code != exitInvalid || out.Len() != 0 || strings.TrimSpace(errOut.String()) != tc.wantErr):
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out.String(), errOut.String())
		case tc.wantErr == "" && (code != exitOK || !strings.Contains(out.String(), "0 to create, 0 to update, 0 to replace, 0 to delete")):
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out.String(), errOut.String())
		}
	}
	// a plan that names no stack is of none
	var doc map[string]any
	if err := json.Unmarshal(planJSON(t, "--stack", "dev"), &doc); err != nil {
		t.Fatal(err)
	}
	doc["stack"] = ""
	text, _ := json.Marshal(doc)
	if err := os.WriteFile(base, text, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := runPlan([]string{"--stack", "dev", "--diff", base}, &out, &errOut); code != exitInvalid ||
		!strings.Contains(errOut.String(), `a plan of stack "", and this is stack dev`) {
		t.Errorf("a plan of no stack: exit %d, stderr %q", code, errOut.String())
	}
}

// TestCriticalPathIsNeeded: on every stack, each wait on the critical path
// is one the resource really needs (nothing needless delays `up`), and dev
// takes the walkthrough's order: cluster, networking add-ons, nodes, DNS.
func TestCriticalPathIsNeeded(t *testing.T) {
	// pulumi-eks's children: what waits for the cluster component's outputs
	// waits for all of them (its plugin answers once they all exist)
	eksKinds := []string{"cluster", "security group", "security group rule", "OIDC provider", "access entry",
		"access policy association"}
	needs := map[string][]string{ // kind -> kinds it may have to wait for
		"policy attachment": {"IAM role", "cluster"}, // the role; an IRSA policy's partition
		"IAM role":          eksKinds,                // an IRSA trust names the OIDC issuer
		// pulumi-eks's children start once the component's dependencies
		// (the cluster role's policy, the log group, the key) exist
		"security group":      {"policy attachment", "KMS key", "log group", "IAM role", "cluster"},
		"security group rule": {"security group"},
		"cluster":             {"policy attachment", "KMS key", "log group", "IAM role", "security group"},
		"OIDC provider":       {"cluster"},
		"access entry":        {"cluster"},
		"add-on":              append(slices.Clone(eksKinds), "policy attachment", "node group"), // IRSA; coredns runs on nodes
		"node group":          append(slices.Clone(eksKinds), "add-on", "policy attachment"),     // the CNI must be in place
	}
	for _, stack := range stackNames(t) {
		doc, err := plan.DecodeDocument(bytes.NewReader(planJSON(t, "--stack", stack)))
		if err != nil {
			t.Fatal(err)
		}
		p := doc.CriticalPath()
		for i := 1; i < len(p.Steps); i++ {
			a, b := p.Steps[i-1], p.Steps[i]
			if !slices.Contains(needs[b.Kind], a.Kind) {
				t.Errorf("%s: %s %s waits for %s %s, which it does not need", stack, b.Kind, b.Name, a.Kind, a.Name)
			}
			if a.Kind == "add-on" && b.Kind == "node group" && !spec.BeforeNodes(addonName(t, doc, a.URN)) {
				t.Errorf("%s: node group %s waits for add-on %s, which needs nodes itself", stack, b.Name, a.Name)
			}
		}
		if stack == "dev" {
			got := p.String()
			want := "about 14 min: IAM role eks-cluster ≈2 s -> policy attachment eks-cluster-AmazonEKSClusterPolicy ≈1 s -> " +
				"security group eks-eksClusterSecurityGroup ≈3 s -> cluster eks-eksCluster ≈10 min -> " +
				"security group eks-nodeSecurityGroup ≈3 s -> security group rule eks-eksClusterIngressRule ≈2 s -> " +
				"add-on eks-kube-proxy ≈1 min -> node group simple-bank ≈2 min -> add-on eks-coredns ≈1 min"
			if got != want {
				t.Errorf("dev critical path:\n got %s\nwant %s", got, want)
			}
		}
	}
}

func addonName(t *testing.T, doc plan.Document, urn string) string {
	t.Helper()
	for _, r := range doc.Resources {
		if r.URN == urn {
			return r.Inputs["addonName"].(string)
		}
	}
	t.Fatalf("no %s", urn)
	return ""
}

func decodePlan(t *testing.T, data []byte) plan.Document {
	t.Helper()
	doc, err := plan.DecodeDocument(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestKindsCoverEveryType: every type a committed stack registers is in
// plan.Kinds, so --diff knows its replace-forcing inputs and the critical
// path its creation time.
func TestKindsCoverEveryType(t *testing.T) {
	for _, stack := range stackNames(t) {
		for _, r := range decodePlan(t, planJSON(t, "--stack", stack)).Resources {
			if _, ok := plan.Kinds[r.Type]; !ok {
				t.Errorf("%s: %s has no entry in plan.Kinds", stack, r.Type)
			}
		}
	}
}

// TestPlanDiffReachesPulumiEKSChildren: --diff sees what the transform sets
// on pulumi-eks's aws cluster, and flags the changes pulumi up cannot apply
// (exit 1, with what it would do).
func TestPlanDiffReachesPulumiEKSChildren(t *testing.T) {
	// prod's support type: an in-place update of the aws cluster child
	base := saveBase(t, planJSON(t, "--stack", "prod"))
	d, code, stderr := runDiff(t, base, "--stack", "prod", "--set", "cluster.supportType=EXTENDED")
	if code != exitOK || len(d.Changes) != 1 || d.Changes[0].Name != "eks-eksCluster" || d.Changes[0].Op != plan.OpUpdate ||
		d.Changes[0].Inputs[0].Path != "upgradePolicy.supportType" || d.Changes[0].Inputs[0].New != "EXTENDED" {
		t.Errorf("supportType: exit %d %s, changes %+v", code, stderr, d.Changes)
	}

	// another VPC: pulumi-eks's security groups replaced, the cluster's
	// update refused by EKS (prod: dev takes the default VPC)
	textDiffShows(t, "prod", "cluster.vpcId=vpc-0123456789abcdef0",
		"security group eks-eksClusterSecurityGroup will be REPLACED (vpcId changed)",
		"pulumi-eks cluster eks will be updated in place (vpcId), which pulumi up cannot apply: vpcId: EKS cannot move a cluster to another VPC")

	// another encryption key: nothing happens, the diff stays
	keyA := "cluster.encryption={keyArn: 'arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'}"
	keyB := "cluster.encryption={keyArn: 'arn:aws:kms:us-east-1:111122223333:key/1b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'}"
	withA := saveBase(t, planJSON(t, "--stack", "dev", "--set", keyA))
	var out, errOut bytes.Buffer
	code = runPlan([]string{"--stack", "dev", "--diff", withA, "--set", keyB}, &out, &errOut)
	want := "cluster eks-eksCluster will be updated in place (encryptionConfig.provider.keyArn), which pulumi up cannot apply: " +
		"encryptionConfig.provider.keyArn: EKS cannot change a cluster's secrets-encryption key"
	if code != exitHazard || !strings.Contains(out.String(), want) {
		t.Errorf("key change: exit %d, want %d and %q:\n%s%s", code, exitHazard, want, out.String(), errOut.String())
	}
}

// TestPlanDiffVersionSteps: EKS upgrades a cluster one minor version at a
// time, never downgrades, and upgrades only a cluster whose managed node
// groups are at its version; --diff says so and exits 1; one step up is an
// update, which cannot be undone: exit 1 too, without a refusal.
func TestPlanDiffVersionSteps(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		// pin is the system node group's version in both plans ("": the
		// cluster's)
		pin  string
		code int
		want string
	}{
		{"1.33", "1.35", "", exitHazard, "version: EKS upgrades one minor version at a time (1.33 to 1.35 skips 1.34): pulumi up fails; upgrade to 1.34 first"},
		{"1.35", "1.34", "", exitHazard, "version: EKS cannot downgrade a cluster (1.35 to 1.34): pulumi up fails and the cluster stays at 1.35"},
		// carried out, and cannot be undone: to review
		{"1.34", "1.35", "", exitHazard, `version: "1.34" => "1.35"`},
		{"1.34", "1.35", "1.34", exitHazard, `version: "1.34" => "1.35"`},
		{"1.34", "1.35", "1.33", exitHazard, "version: EKS upgrades a cluster only when its managed node groups are at its version, 1.34 (deployed: system at 1.33)"},
	} {
		var sets []string
		if tc.to == "1.34" { // 1.34's standard support ends two days after goldenDay: EKS008
			sets = append(sets, "--set", "policy.fail=error")
		}
		if tc.pin != "" {
			sets = append(sets, "--set", `nodeGroups.system.version="`+tc.pin+`"`)
		}
		// (the policy would stop 1.33, out of standard support: EKS017; the
		// base, saved as CI saves it, keeps the stack file's policy)
		base := saveBase(t, planJSON(t, append([]string{"--stack", "prod", "--set", `cluster.version="` + tc.from + `"`, "--set", "policy.fail=none"}, sets...)...))
		var out, errOut bytes.Buffer
		code := runPlan(append([]string{"--stack", "prod", "--diff", base, "--set", `cluster.version="` + tc.to + `"`, "--today", goldenDay}, sets...), &out, &errOut)
		if code != tc.code || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%s to %s, system at %q: exit %d, want %d and %q:\n%s%s", tc.from, tc.to, tc.pin, code, tc.code, tc.want, out.String(), errOut.String())
		}
	}
}

// TestPlanDiffNodeGroupVersion: EKS creates a node group at its cluster's
// version only, and updates one to it only: a new, replaced or updated
// group at another version fails, while a group held back, unchanged,
// while the cluster is upgraded does not.
func TestPlanDiffNodeGroupVersion(t *testing.T) {
	base := saveBase(t, planJSON(t, "--stack", "dev"))
	behind := saveBase(t, planJSON(t, "--stack", "dev", "--set", `cluster.version="1.34"`))
	for _, tc := range []struct {
		name  string
		base  string
		set   []string
		fails string // the node group's, "": none
		// upgrade: the cluster is upgraded, which cannot be undone (exit 1)
		upgrade bool
	}{
		{"a new group behind the cluster", base, []string{`nodeGroups.extra={instanceTypes: [t3.small], version: "1.34"}`},
			"EKS creates a node group at its cluster's version only (1.35), not 1.34", false},
		{"a new group at the cluster's version", base, []string{`nodeGroups.extra={instanceTypes: [t3.small], version: "1.35"}`}, "", false},
		{"a group downgraded", base, []string{`nodeGroups.simple-bank.version="1.34"`},
			"EKS updates a node group to its cluster's version only (1.35), not 1.34: the group stays as it is", false},
		{"a group replaced, behind the cluster", base, []string{`nodeGroups.simple-bank.version="1.34"`, "nodeGroups.simple-bank.instanceTypes=[t3.small]"},
			"EKS creates a node group at its cluster's version only (1.35), not 1.34", false},
		{"a group held back while the cluster is upgraded", behind, []string{`cluster.version="1.35"`, `nodeGroups.simple-bank.version="1.34"`}, "", true},
		{"a group upgraded with the cluster", behind, []string{`cluster.version="1.35"`}, "", true},
	} {
		args := []string{"--stack", "dev", "--today", goldenDay}
		for _, s := range tc.set {
			args = append(args, "--set", s)
		}
		d, code, errOut := runDiff(t, tc.base, args...)
		var fails []string
		for _, c := range d.Changes {
			if c.Type == "aws:eks/nodeGroup:NodeGroup" && c.Fails != "" {
				fails = append(fails, c.Fails)
			}
		}
		want, wantCode := []string{tc.fails}, exitHazard
		if tc.fails == "" {
			want = nil
			if !tc.upgrade {
				wantCode = exitOK
			}
		}
		if !slices.Equal(fails, want) || code != wantCode {
			t.Errorf("%s: exit %d, want %d; node group failures %q, want %q%s", tc.name, code, wantCode, fails, want, errOut)
		}
		// the text and the pull-request comment say why
		for _, form := range [][]string{nil, {"--markdown"}} {
			var out, errOut bytes.Buffer
			runPlan(append(append([]string{"--diff", tc.base}, args...), form...), &out, &errOut)
			if got := strings.Contains(out.String(), "pulumi up fails: "+tc.fails); got != (tc.fails != "") {
				t.Errorf("%s %v: the failure shown %v:\n%s%s", tc.name, form, got, out.String(), errOut.String())
			}
		}
	}
}

// TestPlanDiffAddonsStay: a cluster upgrade notes the add-ons with no
// version, which EKS leaves at the versions deployed (a pinned one, or
// latest, has a version of its own); a note, while the upgrade itself,
// which cannot be undone, is to review (exit 1).
func TestPlanDiffAddonsStay(t *testing.T) {
	const stay = "add-ons with no version (%s) stay at the versions deployed for 1.34: EKS does not update add-ons " +
		"with the cluster; give them a version for 1.35 to update them"
	for _, tc := range []struct {
		set  []string // on both sides
		add  string   // on the head's only
		want string   // the cluster's note, "": none
	}{
		{nil, "", fmt.Sprintf(stay, "coredns, kube-proxy, vpc-cni")},
		{[]string{`cluster.addons.kube-proxy.version="v1.34.1-eksbuild.2"`}, "", fmt.Sprintf(stay, "coredns, vpc-cni")},
		// an add-on created with the upgrade takes the new version's default
		{nil, `cluster.addons.eks-pod-identity-agent={}`, fmt.Sprintf(stay, "coredns, kube-proxy, vpc-cni")},
		{[]string{`cluster.addons={coredns: {version: latest}, kube-proxy: {version: latest}, vpc-cni: {version: latest}}`}, "", ""},
	} {
		args := []string{"--stack", "dev", "--today", goldenDay}
		for _, s := range tc.set {
			args = append(args, "--set", s)
		}
		base := saveBase(t, planJSON(t, append(slices.Clone(args), "--set", `cluster.version="1.34"`)...))
		args = append(args, "--set", `cluster.version="1.35"`)
		if tc.add != "" {
			args = append(args, "--set", tc.add)
		}
		d, code, errOut := runDiff(t, base, args...)
		var notes []string
		for _, c := range d.Changes {
			for _, n := range c.Notes {
				if !strings.HasPrefix(n, addonsNote) {
					continue // the upgrade's other notes: TestPlanDiffUpgradeNotes
				}
				notes = append(notes, n)
				if c.Type != "aws:eks/cluster:Cluster" {
					t.Errorf("%v: a note on %s", tc.set, c.Name)
				}
			}
		}
		want := []string{tc.want}
		if tc.want == "" {
			want = nil
		}
		// (an upgrade cannot be undone: exit 1)
		if !slices.Equal(notes, want) || code != exitHazard {
			t.Errorf("%v: exit %d, notes %q, want %q%s", tc.set, code, notes, want, errOut)
		}
		// the text and the pull-request comment show it under the cluster
		for _, form := range [][]string{nil, {"--markdown"}} {
			var out, errOut bytes.Buffer
			runPlan(append(append([]string{"--diff", base}, args...), form...), &out, &errOut)
			if got := strings.Contains(out.String(), "note: "+cmp.Or(tc.want, addonsNote)); got != (tc.want != "") {
				t.Errorf("%v %v: the note shown %v:\n%s%s", tc.set, form, got, out.String(), errOut.String())
			}
		}
	}
}

// addonsNote begins the note of add-ons that stay at their versions.
const addonsNote = "add-ons with no version"

// TestPlanDiffUpgradeNotes: dev's upgrade to the next minor version says,
// in the text and the pull-request comment, that the cluster cannot go
// back and that the node group's nodes are all replaced, one at a time
// (its maxUnavailable).
func TestPlanDiffUpgradeNotes(t *testing.T) {
	args := []string{"--stack", "dev", "--today", goldenDay}
	base := saveBase(t, planJSON(t, append(slices.Clone(args), "--set", `cluster.version="1.34"`)...))
	args = append(args, "--set", `cluster.version="1.35"`)
	want := map[string]string{
		"eks-eksCluster": "EKS cannot downgrade a cluster: once upgraded to 1.35 it stays there, and going back to 1.34 means a new cluster",
		"simple-bank": "EKS replaces every node of the group: it starts new nodes, then drains and terminates the old ones, " +
			"one node at a time; a pod that does not leave its node within 15 minutes",
	}
	d, code, errOut := runDiff(t, base, args...)
	if code != exitHazard { // an upgrade cannot be undone: to review
		t.Fatalf("exit %d%s", code, errOut)
	}
	if i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == "eks-eksCluster" }); i < 0 || !d.Changes[i].OneWay {
		t.Errorf("the cluster's upgrade is not marked one way: %+v", d.Changes)
	}
	for name, note := range want {
		i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == name && c.Op == plan.OpUpdate })
		if i < 0 || !slices.ContainsFunc(d.Changes[i].Notes, func(n string) bool { return strings.HasPrefix(n, note) }) {
			t.Errorf("%s: no note %q in %+v", name, note, d.Changes)
		}
	}
	for _, form := range [][]string{nil, {"--markdown"}} {
		var out, errOut bytes.Buffer
		runPlan(append(append([]string{"--diff", base}, args...), form...), &out, &errOut)
		for _, note := range want {
			if !strings.Contains(out.String(), "note: "+note) {
				t.Errorf("%v: %q not shown:\n%s%s", form, note, out.String(), errOut.String())
			}
		}
	}
}

// TestMain pins the day the guardrails check against (support windows end
// on dates), for the program and plan alike.
func TestMain(m *testing.M) {
	day, _ := time.Parse(time.DateOnly, goldenDay)
	now = func() time.Time { return day }
	os.Exit(m.Run())
}

// TestPlanDiffCost: the walkthrough's scaling steps against the committed
// plan show the monthly change, computed by hand from the price tables: a
// t3.micro is 730 h x $0.0104 = $7.592, its 20 GiB disk $1.60 (gp3) to
// $2.00 (gp2) and, in the default VPC, its public IPv4 address 730 h x
// $0.005 = $3.65; in ap-southeast-1 a t3.micro is 730 h x $0.0132 =
// $9.636 and disks are unknown there, so the change leaves them out; in
// us-east-2 the control plane and the addresses are priced (the same as
// in us-east-1), in cn-north-1 nothing (a region change also replaces
// everything: exit 1). The committed plan records its config, priced
// again for the change. A plan saved by an older ekskit, which records no
// config, whose cost lines had no keys and which did not count public
// IPv4 addresses (testdata/old-plans/dev-b8dd934.json), is priced as it
// saved its estimate, which the change says; it pairs the lines it has
// the same way, and the head's addresses, a line it lacks, are left out,
// as are those of a group that leaves the default subnets (their new
// subnets' may be public too). That plan's offline default VPC had three
// default subnets in every region, where this one has one in each zone:
// against it, the node group is also replaced for its subnets, so even a
// change of scale exits 1.
func TestPlanDiffCost(t *testing.T) {
	for _, tc := range []struct {
		sets      []string
		code      int
		want, old string // against testdata/plans/dev.json and the old plan
	}{
		{[]string{"nodeGroups.simple-bank.desiredSize=2"}, exitOK, "Monthly cost: +$12.84 to +$13.24 ($98.68 to $99.48, was $85.84 to $86.24)",
			"Monthly cost: +$9.19 to +$9.59 ($98.68 to $99.48, was $82.19 to $82.59; base priced as saved by an older ekskit; unknown in either plan, so not counted: " +
				"node group simple-bank: 2 x public IPv4 address (default subnets))"},
		// (EKS013: coredns left with no node, a new finding)
		{[]string{"nodeGroups.simple-bank.minSize=0", "nodeGroups.simple-bank.desiredSize=0"}, exitHazard, "Monthly cost: -$13.24 to -$12.84 ($73.00, was $85.84 to $86.24)",
			"Monthly cost: -$9.59 to -$9.19 ($73.00, was $82.19 to $82.59; base priced as saved by an older ekskit; unknown in either plan, so not counted: " +
				"node group simple-bank: 0 x public IPv4 address (default subnets))"},
		{[]string{"nodeGroups.simple-bank.desiredSize=2", "aws:region=ap-southeast-1"}, exitHazard,
			"Monthly cost: +$15.33 ($99.57, plus what is unknown, was $85.84 to $86.24; unknown in either plan, so not counted: node group simple-bank: 2 x 20 GiB disks (gp3 to gp2))",
			"Monthly cost: +$11.68 ($99.57, plus what is unknown, was $82.19 to $82.59; base priced as saved by an older ekskit; unknown in either plan, so not counted: node group simple-bank: 2 x 20 GiB disks (gp3 to gp2), " +
				"node group simple-bank: 2 x public IPv4 address (default subnets))"},
		{[]string{"aws:region=us-east-2"}, exitHazard, "Monthly cost: +$0.00 ($76.65, plus what is unknown, was $85.84 to $86.24; unknown in either plan, so not counted: " +
			"node group simple-bank: 1 x t3.micro ON_DEMAND, node group simple-bank: 1 x 20 GiB disks (gp3 to gp2))",
			"Monthly cost: +$0.00 ($76.65, plus what is unknown, was $82.19 to $82.59; base priced as saved by an older ekskit; unknown in either plan, so not counted: " +
				"node group simple-bank: 1 x t3.micro ON_DEMAND, node group simple-bank: 1 x 20 GiB disks (gp3 to gp2), node group simple-bank: 1 x public IPv4 address (default subnets))"},
		// out of the default subnets: its addresses are no longer known, not saved
		{[]string{"nodeGroups.simple-bank.subnetIds=[subnet-0a1b2c3d4e5f60711]"}, exitHazard,
			"Monthly cost: +$0.00 ($82.19 to $82.59, was $85.84 to $86.24; unknown in either plan, so not counted: " +
				"node group simple-bank: 1 x public IPv4 address (default subnets))",
			"Monthly cost: +$0.00 ($82.19 to $82.59, was $82.19 to $82.59; base priced as saved by an older ekskit)"},
		{[]string{"aws:region=cn-north-1"}, exitHazard, "Monthly cost: change unknown (now unknown, was $85.84 to $86.24): every line is unknown in one plan or the other",
			"Monthly cost: change unknown (now unknown, was $82.19 to $82.59; base priced as saved by an older ekskit): every line is unknown in one plan or the other"},
	} {
		for _, b := range []struct {
			base, want string
			code       int
		}{
			{filepath.Join("testdata", "plans", "dev.json"), tc.want, tc.code},
			{filepath.Join("testdata", "old-plans", "dev-b8dd934.json"), tc.old, exitHazard},
		} {
			args := []string{"--stack", "dev", "--diff", b.base}
			for _, s := range tc.sets {
				args = append(args, "--set", s)
			}
			var out, errOut bytes.Buffer
			if code := runPlan(args, &out, &errOut); code != b.code || !strings.Contains(out.String(), b.want) {
				t.Errorf("%s %v: exit %d %s, want %q in:\n%s", b.base, tc.sets, code, errOut.String(), b.want, out.String())
			}
		}
	}
}

// TestPlanDiffCostBase: the cost change prices the base plan's recorded
// config with this ekskit, so that a change of prices or of how ekskit
// prices between the two binaries (here a saved estimate whose control
// plane is $60 and that counts no address, $13.00 + $3.65 less than dev
// priced now) moves nothing, and a change of config moves the cost by
// its own price (scale 1 -> 2: a t3.micro $7.59, its disk $1.60 to $2.00
// and its address $3.65). A base without a recorded config (an older
// ekskit's) or whose config no longer parses (a key this ekskit does not
// know) is priced as saved, and the text, the comment and the JSON say
// so. A group leaving the default subnets is not a saving, against
// either kind of base: its new subnets may assign addresses too.
func TestPlanDiffCostBase(t *testing.T) {
	var dev map[string]any
	if err := json.Unmarshal(planJSON(t, "--stack", "dev"), &dev); err != nil {
		t.Fatal(err)
	}
	// base is dev's plan with its saved estimate priced otherwise, and
	// edit applied to it
	base := func(edit func(doc map[string]any)) string {
		doc, err := json.Marshal(dev)
		if err != nil {
			t.Fatal(err)
		}
		var b map[string]any
		if err := json.Unmarshal(doc, &b); err != nil {
			t.Fatal(err)
		}
		c := b["cost"].(map[string]any)
		lines := c["lines"].([]any)
		lines[0].(map[string]any)["low"], lines[0].(map[string]any)["high"] = 60, 60
		c["lines"], c["low"], c["high"], c["uncounted"] = lines[:3], 69.19, 69.59, nil
		if edit != nil {
			edit(b)
		}
		if doc, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
		return saveBase(t, doc)
	}
	repriced := base(nil)
	config := func(b map[string]any) map[string]any { return b["stackConfig"].(map[string]any) }
	older := base(func(b map[string]any) { delete(b, "stackConfig") })
	retired := base(func(b map[string]any) { config(b)["ekskit:cluster"].(map[string]any)["retired"] = true })
	notConfig := base(func(b map[string]any) { b["stackConfig"] = []any{"ekskit:cluster"} })
	euWest := base(func(b map[string]any) { config(b)["aws:region"] = "eu-west-1" })
	costUnread := base(func(b map[string]any) { b["cost"] = "not an estimate" })
	const (
		scaleUp     = "nodeGroups.simple-bank.desiredSize=2"
		ownSubnets  = "nodeGroups.simple-bank.subnetIds=[subnet-0a1b2c3d4e5f60711]"
		address     = "node group simple-bank: 1 x public IPv4 address (default subnets)"
		notCounted  = "; unknown in either plan, so not counted: " + address
		asSavedText = "was $69.19 to $69.59; "
	)
	for _, tc := range []struct {
		name, base string
		set        string
		code       int
		low, high  float64 // the change
		baseRegion string
		asSaved    string // costDelta.BaseAsSaved
		text       string // the text's, and the comment's, cost change
		summary    string // the comment's cost, in its first line
	}{
		{"prices alone changed", repriced, "", exitOK, 0, 0, "us-east-1", "",
			"Monthly cost: +$0.00 ($85.84 to $86.24, was $85.84 to $86.24)\n", "monthly cost $85.84 to $86.24\n"},
		{"a saved cost that does not read", costUnread, "", exitOK, 0, 0, "us-east-1", "",
			"Monthly cost: +$0.00 ($85.84 to $86.24, was $85.84 to $86.24)\n", "monthly cost $85.84 to $86.24\n"},
		{"scaled up", repriced, scaleUp, exitOK, 12.84, 13.24, "us-east-1", "",
			"Monthly cost: +$12.84 to +$13.24 ($98.68 to $99.48, was $85.84 to $86.24)\n", "monthly cost $98.68 to $99.48 (+$12.84 to +$13.24)\n"},
		{"out of the default subnets", repriced, ownSubnets, exitHazard, 0, 0, "us-east-1", "",
			"Monthly cost: +$0.00 ($82.19 to $82.59, was $85.84 to $86.24" + notCounted + ")\n",
			"monthly cost $82.19 to $82.59 (+$0.00, known lines only)\n"},
		// the base's own region (its resources left in us-east-1): a
		// t3.micro is $0.0114 an hour in eu-west-1, and its disks unknown
		// there
		{"a base in another region", euWest, "", exitOK, -0.73, -0.73, "eu-west-1", "",
			"Monthly cost: -$0.73 ($85.84 to $86.24, was $84.97, plus what is unknown; unknown in either plan, so not counted: " +
				"node group simple-bank: 1 x 20 GiB disks (gp3 to gp2))\n", "monthly cost $85.84 to $86.24 (-$0.73, known lines only)\n"},
		{"an older ekskit's plan", older, "", exitOK, 13, 13, "us-east-1", asSavedOlder,
			"Monthly cost: +$13.00 ($85.84 to $86.24, " + asSavedText + asSavedOlder + notCounted + ")\n",
			"monthly cost $85.84 to $86.24 (+$13.00, known lines only; " + asSavedOlder + ")\n"},
		{"an older ekskit's plan, scaled up", older, scaleUp, exitOK, 22.19, 22.59, "us-east-1", asSavedOlder,
			"Monthly cost: +$22.19 to +$22.59 ($98.68 to $99.48, " + asSavedText + asSavedOlder +
				"; unknown in either plan, so not counted: node group simple-bank: 2 x public IPv4 address (default subnets))\n",
			"monthly cost $98.68 to $99.48 (+$22.19 to +$22.59, known lines only; " + asSavedOlder + ")\n"},
		{"an older ekskit's plan, out of the default subnets", older, ownSubnets, exitHazard, 13, 13, "us-east-1", asSavedOlder,
			"Monthly cost: +$13.00 ($82.19 to $82.59, " + asSavedText + asSavedOlder + ")\n",
			"monthly cost $82.19 to $82.59 (+$13.00; " + asSavedOlder + ")\n"},
		{"a config that no longer parses", retired, scaleUp, exitOK, 22.19, 22.59, "us-east-1", asSavedUnparsed,
			"Monthly cost: +$22.19 to +$22.59 ($98.68 to $99.48, " + asSavedText + asSavedUnparsed +
				"; unknown in either plan, so not counted: node group simple-bank: 2 x public IPv4 address (default subnets))\n",
			"monthly cost $98.68 to $99.48 (+$22.19 to +$22.59, known lines only; " + asSavedUnparsed + ")\n"},
		{"a config that is no config", notConfig, "", exitOK, 13, 13, "us-east-1", asSavedUnparsed,
			"Monthly cost: +$13.00 ($85.84 to $86.24, " + asSavedText + asSavedUnparsed + notCounted + ")\n",
			"monthly cost $85.84 to $86.24 (+$13.00, known lines only; " + asSavedUnparsed + ")\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"--stack", "dev", "--diff", tc.base, "--today", goldenDay}
			if tc.set != "" {
				args = append(args, "--set", tc.set)
			}
			var out, errOut bytes.Buffer
			if code := runPlan(append(slices.Clone(args), "--json"), &out, &errOut); code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, errOut.String())
			}
			var d diffOutput
			if err := json.Unmarshal(out.Bytes(), &d); err != nil {
				t.Fatal(err)
			}
			if c := d.Cost; c.Change == nil || c.Change.Low != tc.low || c.Change.High != tc.high || c.Base.Region != tc.baseRegion ||
				c.BaseAsSaved != tc.asSaved {
				t.Errorf("JSON cost: change %+v, base in %s, as saved %q; want %.2f to %.2f, base in %s, as saved %q",
					c.Change, c.Base.Region, c.BaseAsSaved, tc.low, tc.high, tc.baseRegion, tc.asSaved)
			}
			if got := strings.Contains(out.String(), `"baseAsSaved"`); got != (tc.asSaved != "") {
				t.Errorf("JSON holds baseAsSaved: %v", got)
			}
			for _, form := range [][]string{nil, {"--markdown"}} {
				out.Reset()
				runPlan(append(slices.Clone(args), form...), &out, &errOut)
				if !strings.Contains(out.String(), "\n"+tc.text) {
					t.Errorf("%v: no line %q in:\n%s", form, tc.text, out.String())
				}
				if form != nil && !strings.Contains(out.String(), " · "+tc.summary) {
					t.Errorf("%v: no summary %q in:\n%s", form, tc.summary, out.String())
				}
			}
		})
	}
}

// guardrailsResult is the guardrails part of plan --diff --json.
type guardrailsResult struct {
	Guardrails struct {
		Loosened                     []string
		NewFindings, ChangedFindings []struct{ Rule, Resource string }
		Unchecked                    []string
	}
	Blocking, ToReview *int
}

// ruleAt lists findings as "rule resource".
func ruleAt(fs []struct{ Rule, Resource string }) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Resource)
	}
	return out
}

// TestPlanDiffGuardrails: against a base saved as CI saves it (its
// policy's fail none, the stack file's policy recorded apart), a change
// that loosens the policy, or brings a finding above info, not excepted,
// for a rule and resource the base has none for, exits 1, a change to
// review that blocks nothing, and the text says which and counts them in
// all; a loosening by --set says so; a finding whose message changes is
// shown, not counted (more or fewer log types off); exceptions reordered
// loosen nothing; a finding that the base's config has on the same day is
// not the change's (a support window ending), unless the base plan
// records no config to check, when its saved findings are compared by
// rule and resource; an ESC environment the head imports and the base
// did not is EKS022 new; a stack new since the base (CI's empty base,
// "new": true) has every finding new and is held to the default policy;
// a plan of an older ekskit, or an empty one without the mark, is said
// not compared.
func TestPlanDiffGuardrails(t *testing.T) {
	prod := planJSON(t, "--stack", "prod", "--set", "policy.fail=none")
	dev := planJSON(t, "--stack", "dev")
	edit := func(data []byte, change func(doc map[string]any)) string {
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		change(doc)
		out, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		return saveBase(t, out)
	}
	without := func(data []byte, keys ...string) string {
		return edit(data, func(doc map[string]any) {
			for _, k := range keys {
				delete(doc, k)
			}
		})
	}
	const excepted = "policy.exceptions=[{rule: EKS003, reason: logs elsewhere}, {rule: EKS012, reason: versions follow EKS}]"
	reordered := "policy.exceptions=[{rule: EKS012, reason: versions follow EKS}, {rule: EKS003, reason: logs elsewhere}]"
	// dev's stack file, importing an ESC environment
	devFile, err := os.ReadFile(filepath.Join("stacks", "Pulumi.dev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	withEnv := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
	if err := os.WriteFile(withEnv, append([]byte("environment:\n  - team/aws\n"), devFile...), 0o644); err != nil {
		t.Fatal(err)
	}
	newStack := saveBase(t, []byte(`{"stack": "dev", "resources": [], "new": true}`))
	// dev's findings above info, all new to a new stack
	devFindings := []string{"EKS001 ekskit:cluster.publicAccessCidrs", "EKS003 ekskit:cluster.logging", "EKS004 ekskit:cluster.encryption",
		"EKS014 ekskit:nodeGroups.simple-bank"}
	for _, tc := range []struct {
		name           string
		stack          string
		base           string
		args           []string
		code           int
		loosened       []string
		added, changed []string // rule and resource
		unchecked      []string // how each begins
		text           string
	}{
		{"unchanged", "prod", saveBase(t, prod), nil, exitOK, nil, nil, nil, nil,
			"Guardrails: the policy and the findings above info are as in the base"},
		{"fail none", "prod", saveBase(t, prod), []string{"--set", "policy.fail=none"}, exitHazard,
			[]string{"ekskit:policy.fail: warning => none: findings at warning and error no longer stop the stack (by --set)"}, nil, nil, nil,
			"Policy loosened (a change to review):\n    ekskit:policy.fail: warning => none: findings at warning and error no longer stop " +
				"the stack (by --set)\n"},
		{"coredns left with no node", "dev", saveBase(t, dev), []string{"--set", "nodeGroups.simple-bank={minSize: 0, desiredSize: 0}"}, exitHazard,
			nil, []string{"EKS013 ekskit:cluster.addons.coredns"}, nil, nil,
			"New findings above info (a change to review):\n    warning EKS013 ekskit:cluster.addons.coredns: node group simple-bank, the only one"},
		// a warning that grows, and one that shrinks: shown, not counted
		{"audit logs off too", "dev", saveBase(t, planJSON(t, "--stack", "dev", "--set", "cluster.logging=[api, audit]")),
			[]string{"--set", "cluster.logging=[api]"}, exitOK, nil, nil, []string{"EKS003 ekskit:cluster.logging"}, nil,
			"Changed findings above info (to read: more or less of the same):\n    warning EKS003 ekskit:cluster.logging: control-plane logs " +
				"not sent: audit, authenticator"},
		{"audit logs on", "dev", saveBase(t, dev), []string{"--set", "cluster.logging=[audit]"}, exitOK, nil, nil,
			[]string{"EKS003 ekskit:cluster.logging"}, nil, "Changed findings above info (to read: more or less of the same):\n    warning EKS003 " +
				"ekskit:cluster.logging: control-plane logs not sent: api, authenticator"},
		{"excepted", "dev", saveBase(t, dev), []string{"--set", excepted}, exitHazard,
			[]string{`ekskit:policy.exceptions[0]: EKS003 excepted ("logs elsewhere"): its findings no longer stop the stack (by --set)`,
				`ekskit:policy.exceptions[1]: EKS012 excepted ("versions follow EKS"): its findings no longer stop the stack (by --set)`},
			nil, nil, nil, "To review in all: 2 (0 of resources, 2 of guardrails)"},
		{"excepted in the stack file, fail none by --set", "dev", saveBase(t, dev), []string{"--config-file", withExceptions(t, devFile),
			"--set", "policy.fail=none"}, exitHazard,
			[]string{"ekskit:policy.fail: error => none: findings at error no longer stop the stack (by --set)",
				`ekskit:policy.exceptions[0]: EKS003 excepted ("logs elsewhere"): its findings no longer stop the stack`}, nil, nil, nil,
			"excepted (\"logs elsewhere\"): its findings no longer stop the stack\n"},
		{"exceptions reordered", "dev", edit(planJSON(t, "--stack", "dev", "--set", excepted), func(doc map[string]any) {
			// as if the stack file had them: its own policy, recorded
			doc["stackPolicy"] = doc["stackConfig"].(map[string]any)
		}), []string{"--set", reordered}, exitOK, nil, nil, nil, nil,
			"Guardrails: the policy and the findings above info are as in the base"},
		// 1.35 leaves standard support on 2027-03-27: EKS008 on both sides
		{"a support window ending", "dev", saveBase(t, dev), []string{"--today", "2027-03-01"}, exitOK, nil, nil, nil, nil,
			"Guardrails: the policy and the findings above info are as in the base"},
		{"a support window ending, against saved findings", "dev", without(dev, "stackConfig"), []string{"--today", "2027-03-01"}, exitHazard,
			nil, []string{"EKS008 ekskit:cluster.version"}, nil, []string{"changed findings: the base plan records no stack config"},
			"warning EKS008 ekskit:cluster.version: 1.35 leaves standard support"},
		// kube-proxy pinned for 1.34 behind a cluster upgraded to 1.35
		{"kube-proxy left behind", "dev", saveBase(t, planJSON(t, "--stack", "dev", "--set", `cluster.version="1.34"`,
			"--set", `cluster.addons.kube-proxy.version="v1.34.1-eksbuild.2"`)), []string{"--set", `cluster.version="1.35"`,
			"--set", `cluster.addons.kube-proxy.version="v1.34.1-eksbuild.2"`}, exitHazard, nil,
			[]string{"EKS021 ekskit:cluster.addons.kube-proxy.version"}, nil, nil, "To review in all: 2 (1 of resources, 1 of guardrails)"},
		{"an ESC environment imported", "dev", saveBase(t, dev), []string{"--config-file", withEnv}, exitHazard,
			nil, []string{"EKS022 environment"}, nil, nil, "warning EKS022"},
		{"an ESC environment, against an older plan", "dev", without(dev, "environments"), []string{"--config-file", withEnv}, exitOK,
			nil, nil, nil, []string{"the ESC environments the stack imports (EKS022): the base plan records none"},
			"Not compared: the ESC environments the stack imports (EKS022)"},
		{"a new stack", "dev", newStack, nil, exitHazard, nil, devFindings, nil, nil, "New findings above info"},
		{"a new stack loosening the default policy", "dev", newStack, []string{"--set", "policy.fail=none"}, exitHazard,
			[]string{"ekskit:policy.fail: error => none: findings at error no longer stop the stack (by --set)"}, devFindings, nil, nil,
			"Policy loosened"},
		// deploy.yml's stand-in when the last deploy's plan is missing
		{"an empty plan without the mark", "dev", saveBase(t, []byte(`{"stack": "dev", "resources": []}`)), nil, exitOK, nil, nil, nil,
			[]string{"the policy: the base plan records no stack policy", "new findings: the base plan records no stack config"}, "Not compared"},
		{"an older ekskit's plan", "prod", without(prod, "stackConfig", "stackPolicy", "findings", "environments"), []string{"--set", "policy.fail=none"}, exitOK,
			nil, nil, nil, []string{"the policy: the base plan records no stack policy", "new findings: the base plan records no stack config"},
			"Not compared: the policy: the base plan records no stack policy (saved by an older ekskit)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--diff", tc.base}, tc.args...)
			if !slices.Contains(args, "--config-file") {
				args = append(args, "--stack", tc.stack)
			}
			if !slices.Contains(args, "--today") {
				args = append(args, "--today", goldenDay)
			}
			var out, errOut bytes.Buffer
			code := runPlan(append(slices.Clone(args), "--json"), &out, &errOut)
			var got guardrailsResult
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("exit %d: %v: %s%s", code, err, out.String(), errOut.String())
			}
			g := got.Guardrails
			unchecked := len(g.Unchecked) == len(tc.unchecked)
			for i := range tc.unchecked {
				unchecked = unchecked && strings.HasPrefix(g.Unchecked[i], tc.unchecked[i])
			}
			if code != tc.code || got.Blocking == nil || *got.Blocking != 0 || !slices.Equal(g.Loosened, tc.loosened) ||
				!slices.Equal(ruleAt(g.NewFindings), tc.added) || !slices.Equal(ruleAt(g.ChangedFindings), tc.changed) || !unchecked {
				t.Errorf("exit %d (want %d), blocking %v, loosened %q (want %q), new %q (want %q), changed %q (want %q), unchecked %q (want %q)%s",
					code, tc.code, got.Blocking, g.Loosened, tc.loosened, ruleAt(g.NewFindings), tc.added, ruleAt(g.ChangedFindings), tc.changed,
					g.Unchecked, tc.unchecked, errOut.String())
			}
			// toReview is what the exit says: 1 when it is not 0
			if got.ToReview == nil || (*got.ToReview > 0) != (code == exitHazard) {
				t.Errorf("toReview %v with exit %d", got.ToReview, code)
			}
			out.Reset()
			if runPlan(args, &out, &errOut); !strings.Contains(out.String(), tc.text) {
				t.Errorf("the text lacks %q:\n%s", tc.text, out.String())
			}
		})
	}
}

// withExceptions writes dev's stack file (data) with an exception of its
// own, for EKS003, and returns its path.
func withExceptions(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
	text := strings.Replace(string(data), "config:\n", "config:\n  ekskit:policy:\n    exceptions:\n"+
		"      - {rule: EKS003, reason: logs elsewhere}\n", 1)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
