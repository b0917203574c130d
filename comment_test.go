package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/cost"
	"github.com/ekskit/ekskit/internal/golden"
	"github.com/ekskit/ekskit/plan"
	"github.com/ekskit/ekskit/rules"
)

// TestComments: the pull-request comments plan --diff --markdown renders,
// against the committed plans (go test . -update rewrites them; review
// testdata/comments like code).
func TestComments(t *testing.T) {
	for _, tc := range []struct {
		name, stack string
		sets        []string
		code        int
		// wants are lines the comment must hold, whatever the golden says.
		wants []string
	}{
		{"dev-scale-up", "dev", []string{"nodeGroups.simple-bank.desiredSize=2"}, exitOK,
			[]string{"<!-- ekskit-plan:dev -->", "changes, none hazardous · 0 to create, 1 to update, 0 to replace, 0 to delete, 25 unchanged · monthly cost $98.68 to $99.48 (+$12.84 to +$13.24)",
				"| update | `simple-bank` | node group | scalingConfig.desiredSize: 1 => 2 |", "| EKS001 | warning |",
				// the tree is the head previewed as a new stack, and says so
				"<details><summary>Full plan of <code>dev</code>, previewed as a new stack (every resource shown as a create; what this change does is above)</summary>"}},
		{"dev-instance-type", "dev", []string{"nodeGroups.simple-bank.instanceTypes=[t3.small]"}, exitHazard,
			[]string{"**1 change(s) to review**", ":warning: node group simple-bank will be REPLACED (instanceTypes changed)", "| replace | `simple-bank` | node group | instanceTypes changed |"}},
		{"prod-version-skip", "prod", []string{`cluster.version="1.33"`}, exitInvalid,
			[]string{"**blocked**: 1 finding(s) the stack's policy enforces", ":no_entry: **EKS017** (error) `ekskit:cluster.version`: 1.33 left standard support on 2026-07-29"}},
		// what pulumi up fails on comes first in what to review
		{"dev-region", "dev", []string{"aws:region=us-east-2"}, exitHazard,
			[]string{"#### Review first\n\n- :no_entry: IAM role eks-cluster will be REPLACED (region changed), and pulumi up fails: IAM role names are global",
				"- :no_entry: IAM role eks-node will be REPLACED (region changed), and pulumi up fails", ":warning: add-on eks-coredns will be REPLACED (region changed)"}},
		// the log group, protected with prod's cluster, deleted: pulumi up
		// refuses; prod's policy stops on the warning that logging is off:
		// the policy loosened and the warning new are to review too, first
		{"prod-audit-logs", "prod", []string{"policy.fail=error", "cluster.logging=[]"}, exitHazard,
			[]string{"**3 change(s) to review** · 0 to create, 2 to update, 0 to replace, 1 to delete, 30 unchanged",
				"#### Review first\n\n- :unlock: policy loosened: ekskit:policy.fail: warning => error: findings at warning no longer stop the stack (by --set)\n" +
					"- :warning: new finding **EKS003** (warning) `ekskit:cluster.logging`: control-plane logs not sent: api, audit, authenticator, " +
					"controllerManager, scheduler. Fix: set cluster.logging to all five types",
				"- :no_entry: log group eks-logs will be DELETED, but it is protected: pulumi up will refuse (a pulumi up that keeps it, unprotected, must come first)\n\n"}},
		// protection removed changes nothing in AWS (pulumi up's same
		// step), but a reviewer sees it first; production turned off, which
		// lets it through, is a change to review
		{"prod-unprotect", "prod", []string{"cluster.protect=false", "ekskit:policy.production=false"}, exitHazard,
			[]string{"**1 change(s) to review** · 0 to create, 0 to update, 0 to replace, 0 to delete, 33 unchanged",
				"#### Review first\n\n- :unlock: policy loosened: ekskit:policy.production: true => false: the stack's cluster need no " +
					"longer be protected (EKS011) (by --set)\n- :unlock: log group eks-logs will no longer be protected; nothing changes in AWS\n" +
					"- :unlock: pulumi-eks cluster eks will no longer be protected; nothing changes in AWS",
				"- :unlock: cluster eks-eksCluster will no longer be protected; nothing changes in AWS",
				"| same | `eks-eksCluster` | cluster | options.protect: true => false |"}},
		// a config that does not validate still replaces the stack's comment
		{"dev-config-problem", "dev", []string{"nodeGroups.simple-bank.minSize=-1"}, exitInvalid,
			[]string{"<!-- ekskit-plan:dev -->", "**blocked**: not planned, for the problems below", "ekskit:nodeGroups.simple-bank.minSize: -1: must be 0 or more"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"--stack", tc.stack, "--diff", filepath.Join("testdata", "plans", tc.stack+".json"), "--markdown"}
			for _, s := range tc.sets {
				args = append(args, "--set", s)
			}
			var out, errOut bytes.Buffer
			if code := runPlan(args, &out, &errOut); code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, errOut.String())
			}
			for _, want := range tc.wants {
				if !strings.Contains(out.String(), want) {
					t.Errorf("comment lacks %q:\n%s", want, out.String())
				}
			}
			golden.File(t, filepath.Join("testdata", "comments", tc.name+".md"), out.Bytes())
		})
	}
}

// TestCommentReviewFirst: what to review first, in order: what pulumi up
// fails on or refuses, then deletes (and replacements) that lose data or
// break what runs, with their notes, then replacements that delete first,
// then the other replacements; a delete that loses nothing is not listed,
// and the verdict counts what is.
func TestCommentReviewFirst(t *testing.T) {
	var (
		refused   = plan.Change{Op: plan.OpDelete, Kind: "cluster", Name: "eks", Protected: true}
		losing    = plan.Change{Op: plan.OpDelete, Kind: "log group", Name: "logs", Loses: true, Notes: []string{"its log events are deleted with it"}}
		lostOld   = plan.Change{Op: plan.OpReplace, Kind: "log group", Name: "old-logs", Replaces: []string{"name"}, DeleteFirst: true, Loses: true, Notes: []string{"the old log group goes: its log events are deleted with it"}}
		first     = plan.Change{Op: plan.OpReplace, Kind: "IAM role", Name: "role", Replaces: []string{"path"}, DeleteFirst: true}
		replaced  = plan.Change{Op: plan.OpReplace, Kind: "node group", Name: "ng", Replaces: []string{"instanceTypes"}}
		preserved = plan.Change{Op: plan.OpDelete, Kind: "add-on", Name: "coredns", Notes: []string{"coredns's software stays on the cluster"}}
		plain     = plan.Change{Op: plan.OpDelete, Kind: "policy attachment", Name: "att"}
	)
	for _, tc := range []struct {
		name    string
		changes []plan.Change
		verdict string
		// review is the Review first section, "" for none
		review string
	}{
		{"a losing delete", []plan.Change{plain, losing}, "**1 change(s) to review**",
			"- :warning: log group logs will be DELETED; note: its log events are deleted with it\n"},
		{"deletes that lose nothing", []plan.Change{plain, preserved}, "changes, none hazardous", ""},
		{"in order", []plan.Change{replaced, first, lostOld, preserved, losing, plain, refused}, "**5 change(s) to review**",
			"- :no_entry: cluster eks will be DELETED, but it is protected: pulumi up will refuse (a pulumi up that keeps it, unprotected, must come first)\n" +
				"- :warning: log group old-logs will be REPLACED (name changed), deleted before the new one is created; " +
				"note: the old log group goes: its log events are deleted with it\n" +
				"- :warning: log group logs will be DELETED; note: its log events are deleted with it\n" +
				"- :warning: IAM role role will be REPLACED (path changed), deleted before the new one is created\n" +
				"- :warning: node group ng will be REPLACED (instanceTypes changed)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			writeComment(&out, review{Stack: "dev", Diff: plan.Diff{Base: "dev", Stack: "dev", Changes: tc.changes}})
			if !strings.Contains(out.String(), "\n"+tc.verdict+" · ") {
				t.Errorf("verdict is not %q:\n%s", tc.verdict, out.String())
			}
			_, section, found := strings.Cut(out.String(), "#### Review first\n\n")
			section, _, _ = strings.Cut(section, "\n#### ")
			if found != (tc.review != "") || found && section != tc.review {
				t.Errorf("review first:\n%s\nwant:\n%s", section, tc.review)
			}
		})
	}
}

// TestCommentEnforcedOnce: a finding the policy enforces is listed once,
// with its severity, under Blocked by the policy, and not again among the
// findings above info, which hold the others (the reviewer's case: prod's
// fail: warning and no logging, run through plan; and a policy that
// stops on errors only, with a warning left to show).
func TestCommentEnforcedOnce(t *testing.T) {
	var out, errOut bytes.Buffer
	code := runPlan([]string{"--stack", "prod", "--diff", filepath.Join("testdata", "plans", "prod.json"), "--markdown",
		"--set", "cluster.logging=[]"}, &out, &errOut)
	const blocked = "- :no_entry: **EKS003** (warning) `ekskit:cluster.logging`: control-plane logs not sent"
	if code != exitInvalid || !strings.Contains(out.String(), blocked) || strings.Count(out.String(), "EKS003") != 1 ||
		strings.Contains(out.String(), "indings above info") {
		t.Errorf("prod without logging: exit %d, want %d, and EKS003 once, as %q, with no other findings:\n%s", code, exitInvalid, blocked, out.String())
	}

	stop := rules.Finding{Rule: "EKS017", Severity: rules.Error, Resource: "ekskit:cluster.version", Message: "past support", Fix: "upgrade"}
	warn := rules.Finding{Rule: "EKS001", Severity: rules.Warning, Resource: "ekskit:cluster.publicAccessCidrs", Message: "open", Fix: "close"}
	info := rules.Finding{Rule: "EKS008", Severity: rules.Info, Resource: "ekskit:cluster.version", Message: "soon", Fix: "plan"}
	var b strings.Builder
	writeComment(&b, review{Stack: "dev", Findings: []rules.Finding{stop, warn, info}, Enforced: []rules.Finding{stop}})
	comment := b.String()
	if strings.Count(comment, "past support") != 1 || !strings.Contains(comment, "- :no_entry: **EKS017** (error) `ekskit:cluster.version`: past support. Fix: upgrade\n") {
		t.Errorf("the enforced finding is not listed once, under Blocked by the policy:\n%s", comment)
	}
	if !strings.Contains(comment, "#### Other findings above info\n\n| rule | severity | resource | finding | fix |\n|---|---|---|---|---|\n"+
		"| EKS001 | warning | `ekskit:cluster.publicAccessCidrs` | open | close |\n\n") {
		t.Errorf("the warning not enforced is not the one other finding above info:\n%s", comment)
	}
}

// TestCommentInputsAsText: the comment's why column shows a changed input
// as the text diff prints it (plan.InputChange.Text): an absent value as
// (none), not null (a plan saved before add-ons had preserve; logging
// turned off), a long value cut where the two differ.
func TestCommentInputsAsText(t *testing.T) {
	for _, tc := range []struct {
		name, base string
		sets       []string
		want       string
	}{
		{"no preserve in the base", filepath.Join("testdata", "old-plans", "dev-b8dd934.json"), nil,
			"| update | `eks-coredns` | add-on | preserve: (none) => true |"},
		{"logging off", filepath.Join("testdata", "plans", "prod.json"), []string{"policy.fail=error", "cluster.logging=[]"},
			`| update | ` + "`eks`" + ` | pulumi-eks cluster | enabledClusterLogTypes: ["api","audit","authenticator","controllerManager","scheduler"] => (none) |`},
		{"a long value", filepath.Join("testdata", "plans", "dev.json"),
			[]string{`cluster.addons.coredns.configurationValues='{"replicaCount": 3, "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}}}'`},
			`| add-on | configurationValues: (none) => "{\"replicaCount\": 3, \"resources\": {\"limits\": {\"memory\": \"170Mi\"}, \"re... |`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := strings.TrimSuffix(filepath.Base(tc.base), ".json")
			stack, _, _ = strings.Cut(stack, "-")
			args := []string{"--stack", stack, "--diff", tc.base}
			for _, s := range tc.sets {
				args = append(args, "--set", s)
			}
			var text, md, errOut bytes.Buffer
			runPlan(args, &text, &errOut)
			runPlan(append(args, "--markdown"), &md, &errOut)
			if !strings.Contains(md.String(), tc.want) {
				t.Errorf("comment lacks %q:\n%s", tc.want, md.String())
			}
			// every input line of the text diff is in the comment, as it is
			inputs := 0
			for line := range strings.Lines(text.String()) {
				line = strings.TrimSuffix(line, "\n")
				if strings.HasPrefix(line, "Resources: ") {
					break // the changes end; the guardrails and cost follow
				}
				if !strings.HasPrefix(line, "        ") || strings.HasPrefix(line, "        note: ") {
					continue
				}
				inputs++
				if !strings.Contains(md.String(), mdEscape(strings.TrimSpace(line))) {
					t.Errorf("the comment does not show %q as the text diff does:\n%s", strings.TrimSpace(line), md.String())
				}
			}
			if inputs == 0 {
				t.Errorf("no input changed:\n%s%s", text.String(), errOut.String())
			}
		})
	}
}

// TestCostSummary: the comment's one-line cost says the head's estimate,
// "and unknowns" when a line is unknown, and the change only when there
// is one to say: none when nothing moved, even where the same line is
// unknown in both (every stack outside us-east-1 has unknown disks).
func TestCostSummary(t *testing.T) {
	at := func(region string, desired int) cost.Estimate {
		return cost.Of(spec.Stack{Cluster: spec.Cluster{Name: "simple-bank"}, NodeGroups: map[string]spec.NodeGroup{
			"simple-bank": {InstanceTypes: []string{"t3.micro"}, DesiredSize: new(desired), MinSize: new(0), MaxSize: new(3)}}},
			region, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	}
	// t3.micro: $0.0104 an hour in us-east-1, $0.0114 in eu-west-1; 730 hours;
	// a node more also adds a disk, whose price is unknown in eu-west-1, and
	// (the default VPC) a public IPv4 address, $3.65
	for _, tc := range []struct {
		name string
		base *cost.Estimate
		head cost.Estimate
		want string
	}{
		{"no base", nil, at("us-east-1", 1), "$85.84 to $86.24"},
		{"no change", new(at("us-east-1", 1)), at("us-east-1", 1), "$85.84 to $86.24"},
		{"no change, disks unknown in both", new(at("eu-west-1", 1)), at("eu-west-1", 1), "$84.97 and unknowns"},
		{"a node more, disks unknown", new(at("eu-west-1", 1)), at("eu-west-1", 2), "$96.94 and unknowns (+$11.97, known lines only)"},
		{"to eu-west-1", new(at("us-east-1", 1)), at("eu-west-1", 1), "$84.97 and unknowns (+$0.73, known lines only)"},
		{"to us-east-2, the control plane alone priced", new(at("us-east-1", 1)), at("us-east-2", 1), "$76.65 and unknowns (+$0.00, known lines only)"},
		{"to cn-north-1", new(at("us-east-1", 1)), at("cn-north-1", 1), "unknown"},
		{"from cn-north-1", new(at("cn-north-1", 1)), at("us-east-1", 1), "$85.84 to $86.24 (change unknown)"},
	} {
		if got := costSummary(newCostDelta(tc.base, tc.head)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestCostChangeOrder: a change is printed from its lower end to its
// higher, in the comment's summary and in the estimate it shows (the text
// output's): removing prod's spot group, 0 to 10 (autoscaled) nodes of
// m6i.large at most ($0.096 an hour, 730 hours) with 50 GiB disks at $0.10
// (gp2) at most, saves nothing at the low end and $700.80 + $50.00 at the
// high.
func TestCostChangeOrder(t *testing.T) {
	groups := map[string]spec.NodeGroup{
		"system": {InstanceTypes: []string{"m6i.large"}, DiskSize: new(50), MinSize: new(3), DesiredSize: new(3), MaxSize: new(6)},
		"spot": {CapacityType: "SPOT", InstanceTypes: []string{"m6i.large", "m6a.large", "m5.large", "m5a.large"}, DiskSize: new(50),
			MinSize: new(0), DesiredSize: new(2), MaxSize: new(10), AutoscalerOwnsDesiredSize: true},
	}
	cluster := spec.Cluster{Name: "ekskit-prod", VPCID: "vpc-0a1b2c3d4e5f60718",
		SubnetIDs: []string{"subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712", "subnet-0a1b2c3d4e5f60713"}}
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	base := cost.Of(spec.Stack{Cluster: cluster, NodeGroups: groups}, "us-east-1", day)
	delete(groups, "spot")
	head := cost.Of(spec.Stack{Cluster: cluster, NodeGroups: groups}, "us-east-1", day)
	for _, tc := range []struct{ base, head cost.Estimate }{{base, head}, {head, base}} {
		d := newCostDelta(&tc.base, tc.head)
		var text bytes.Buffer
		writeCostDelta(&text, d)
		want := "-$750.80 to +$0.00"
		if tc.head.High > tc.base.High {
			want = "+$0.00 to +$750.80"
		}
		if !strings.Contains(text.String(), "Monthly cost: "+want+" (") || !strings.Contains(costSummary(d), "("+want+")") {
			t.Errorf("change %+v: text %q, summary %q, want %s", d.Change, text.String(), costSummary(d), want)
		}
	}
}

// sha is the commit the comment tests name.
const sha = "0123456789abcdef0123456789abcdef01234567"

// TestCommentCommit: --commit names the commit in the heading of every
// comment, planned or not, so that a comment left from an earlier push
// shows as such; it goes with --markdown only and takes a SHA.
func TestCommentCommit(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"planned", []string{"--stack", "dev"}, exitOK},
		{"config problem", []string{"--stack", "dev", "--set", "nodeGroups.simple-bank.minSize=-1"}, exitInvalid},
		{"enforced finding", []string{"--stack", "prod", "--set", `cluster.version="1.33"`}, exitInvalid},
	} {
		stack := tc.args[1]
		args := append(tc.args, "--diff", filepath.Join("testdata", "plans", stack+".json"), "--markdown", "--commit", sha)
		var out, errOut bytes.Buffer
		if code := runPlan(args, &out, &errOut); code != tc.code {
			t.Fatalf("%s: exit %d, want %d: %s", tc.name, code, tc.code, errOut.String())
		}
		want := commentMarker(stack) + "\n### ekskit plan: stack `" + stack + "` at " + sha + "\n\n"
		if !strings.HasPrefix(out.String(), want) {
			t.Errorf("%s: the comment does not start with %q:\n%s", tc.name, want, out.String())
		}
	}
	// a stack file that is not YAML: nothing planned, and a comment says why
	path := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
	if err := os.WriteFile(path, []byte("config:\n  ekskit:cluster: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := runPlan([]string{"--config-file", path, "--diff", filepath.Join("testdata", "plans", "dev.json"), "--markdown", "--commit", sha}, &out, &errOut)
	want := commentMarker("dev") + "\n### ekskit plan: stack `dev` at " + sha + "\n\n**blocked**: not planned, for the problems below\n"
	if code != exitInvalid || !strings.HasPrefix(out.String(), want) || !strings.Contains(out.String(), errOut.String()) {
		t.Errorf("a stack file that is not YAML: exit %d, comment:\n%s\nwant it to start with %q and hold the error %q", code, out.String(), want, errOut.String())
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--stack", "dev", "--commit", sha}, "ekskit plan: --commit goes with --markdown (it is about the comment)\n"},
		{[]string{"--stack", "dev", "--json", "--comment-limit", "0"}, "ekskit plan: --comment-limit goes with --markdown (it is about the comment)\n"},
		{[]string{"--stack", "dev", "--diff", "x.json", "--markdown", "--commit", "HEAD"},
			`ekskit plan: --commit "HEAD": want a commit's SHA, 7 to 64 hexadecimal digits` + "\n"},
		{[]string{"--stack", "dev", "--diff", "x.json", "--markdown", "--comment-limit", "-1"},
			"ekskit plan: --comment-limit -1: want a number of bytes, or 0 for no limit\n"},
	} {
		var out, errOut bytes.Buffer
		if code := runPlan(tc.args, &out, &errOut); code != exitInvalid || !strings.HasPrefix(errOut.String(), tc.want) || out.Len() > 0 {
			t.Errorf("%v: exit %d, %q; want %d, %q", tc.args, code, errOut.String(), exitInvalid, tc.want)
		}
	}
}

// TestCommentCut: a comment over GitHub's limit (the 100-node-group bench
// stack against an empty plan gives about 90,000 characters) is cut to
// --comment-limit bytes after a whole line, with its open code block and
// <details> closed, the marker and the heading kept, and a last line that
// says so and where the whole comment is; --comment-limit 0 prints it
// whole.
func TestCommentCut(t *testing.T) {
	base := filepath.Join(t.TempDir(), "empty.json")
	if err := os.WriteFile(base, []byte(`{"stack": "groups100", "resources": [], "new": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	render := func(extra ...string) string {
		t.Helper()
		args := append([]string{"--config-file", filepath.Join("testdata", "bench", "Pulumi.groups100.yaml"),
			"--diff", base, "--markdown", "--commit", sha}, extra...)
		var out, errOut bytes.Buffer
		// a stack new since the base: every finding above info is new
		if code := runPlan(args, &out, &errOut); code != exitHazard {
			t.Fatalf("%v: exit %d: %s", extra, code, errOut.String())
		}
		return out.String()
	}
	whole := render("--comment-limit", "0")
	if n := utf8.RuneCountInString(whole); n <= githubCommentLimit {
		t.Fatalf("the whole comment has %d characters: the bench stack no longer tests the cut", n)
	}
	cut := render()
	if len(cut) > commentLimit {
		t.Errorf("cut comment: %d bytes, over %d", len(cut), commentLimit)
	}
	checkCut(t, cut, whole, "groups100")
	if !strings.HasPrefix(cut, commentMarker("groups100")+"\n### ekskit plan: stack `groups100` at "+sha+"\n") {
		t.Errorf("the cut comment lost its marker or heading:\n%.300s", cut)
	}
	for _, want := range []string{"#### Changes", "#### Monthly cost", "<details><summary>Full plan of <code>groups100</code>, previewed as a new stack"} {
		if !strings.Contains(cut, want) {
			t.Errorf("the cut comment lacks %q: a cut at 64,000 bytes keeps all but the end of the full plan", want)
		}
	}

	// a cut in a table, in a code block, in a code block in <details>, and
	// a limit the marker line alone exceeds
	body := commentMarker("x") + "\n### ekskit plan: stack `x`\n\n| a | b |\n|---|---|\n" + strings.Repeat("| 1 | 2 |\n", 200) +
		"\n```\n" + strings.Repeat("cost line\n", 200) + "```\n\n<details><summary>Full plan</summary>\n\n```\n" +
		strings.Repeat("tree line\n", 200) + "```\n\n</details>\n"
	if got := fitComment(body, len(body), "x"); got != body {
		t.Errorf("a comment within the limit changed")
	}
	if got := fitComment(body, 0, "x"); got != body {
		t.Errorf("limit 0 changed the comment")
	}
	for _, limit := range []int{len(body) - 1, 5000, 3000, 1500, 500, 10} {
		got := fitComment(body, limit, "x")
		if limit >= 500 && len(got) > limit {
			t.Errorf("limit %d: %d bytes", limit, len(got))
		}
		checkCut(t, got, body, "x")
	}
}

// checkCut holds a cut comment to what fitComment promises.
func checkCut(t *testing.T, cut, whole, stack string) {
	t.Helper()
	kept, note, ok := strings.Cut(cut, "\n:scissors: **Cut here** to fit GitHub's limit for a comment (65536 characters).")
	if !ok || !strings.Contains(note, "`plan ("+stack+")` job of the preview workflow") || strings.Count(note, "\n") != 1 {
		t.Errorf("the cut comment does not end with the line that says so:\n%s", cut[max(len(cut)-400, 0):])
	}
	if !strings.HasPrefix(cut, commentMarker(stack)+"\n") {
		t.Errorf("the cut comment lost its marker")
	}
	fences := 0
	for line := range strings.Lines(kept) {
		if strings.HasPrefix(line, "```") {
			fences++
		}
	}
	if fences%2 != 0 || strings.Count(kept, "<details>") != strings.Count(kept, "</details>") {
		t.Errorf("the cut leaves a code block (%d fences) or a <details> open:\n%s", fences, cut[max(len(cut)-400, 0):])
	}
	// what is kept is the comment's beginning, in whole lines, and what
	// closes it
	kept = strings.TrimSuffix(strings.TrimSuffix(kept, "\n</details>\n"), "```\n")
	if !strings.HasPrefix(whole, kept) || !strings.HasSuffix(kept, "\n") {
		t.Errorf("the cut comment is not the comment's beginning in whole lines:\n%s", kept[max(len(kept)-200, 0):])
	}
}

// TestCommentMarkerStackNames: preview-comment.yml finds a stack's comment
// by a marker whose stack name is one Pulumi takes (letters, digits, "-",
// "_", "."), no narrower: its regular expression, read from the workflow,
// matches commentMarker of every name tokens.ParseStackName accepts and of
// none it refuses.
func TestCommentMarkerStackNames(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(".github", "workflows", "preview-comment.yml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const markerRe = /(.+)/;`).FindSubmatch(data)
	if m == nil {
		t.Fatal("preview-comment.yml: no markerRe")
	}
	re := regexp.MustCompile(string(m[1]))
	names := stackNames(t)
	for c := byte(' '); c <= '~'; c++ {
		names = append(names, "a"+string(c)+"b")
	}
	names = append(names, "Prod_eu-west-1.v2", "_", "")
	for _, name := range names {
		_, err := tokens.ParseStackName(name)
		if got := re.MatchString(commentMarker(name)); got != (err == nil) {
			t.Errorf("stack %q: the marker matches %v, Pulumi takes the name %v (%v)", name, got, err == nil, err)
		}
	}
}

// TestMDEscape: a table cell stays one cell and one line, and a <word>
// GitHub would read as an HTML tag (and drop) shows as written; a < that
// starts no tag is left alone.
func TestMDEscape(t *testing.T) {
	for in, want := range map[string]string{
		"a | b":                             `a \| b`,
		"one\ntwo":                          "one two",
		"nodeGroups.<name>.minSize":         "nodeGroups.&lt;name>.minSize",
		"</b> <!-- x --> <?php":             "&lt;/b> &lt;!-- x --> &lt;?php",
		`"1.34" => "1.35", 3 < 4, <3, a<-b`: `"1.34" => "1.35", 3 < 4, <3, a<-b`,
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
		}
	}
}
