package roles_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/components/spec"
	"github.com/ekskit/ekskit/plan"
)

func run(t *testing.T, partition string, args *roles.Args) *plan.Graph {
	t.Helper()
	cloud := plan.Cloud{Partition: partition} // the rest DefaultCloud's, the region the partition's
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		_, err := roles.New(ctx, "demo", args)
		return err
	}, plan.Options{Project: "test", Stack: "unit", Cloud: &cloud})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// attached returns role logical name -> sorted policy ARNs, from the attachments' inputs.
func attached(g *plan.Graph) map[string][]string {
	roleByName := map[string]string{}
	for _, r := range g.Find("aws:iam/role:Role") {
		roleByName[r.Outputs["name"].StringValue()] = r.Name
	}
	out := map[string][]string{}
	for _, a := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		role := roleByName[a.Inputs["role"].StringValue()]
		out[role] = append(out[role], a.Inputs["policyArn"].StringValue())
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out
}

func TestPoliciesPerPartition(t *testing.T) {
	for _, p := range spec.Partitions {
		t.Run(p, func(t *testing.T) {
			g := run(t, p, nil)
			arn := func(n string) string { return "arn:" + p + ":iam::aws:policy/" + n }
			want := map[string][]string{
				"demo-cluster": {arn("AmazonEKSClusterPolicy")},
				"demo-node":    {arn("AmazonEC2ContainerRegistryReadOnly"), arn("AmazonEKSWorkerNodePolicy"), arn("AmazonEKS_CNI_Policy")},
			}
			if got := attached(g); !reflect.DeepEqual(got, want) {
				t.Errorf("attached policies:\n got %v\nwant %v", got, want)
			}
		})
	}
}

func TestTrustPrincipals(t *testing.T) {
	for _, tt := range []struct{ partition, ec2 string }{
		{"aws", "ec2.amazonaws.com"}, {"aws-cn", "ec2.amazonaws.com.cn"}, {"aws-us-gov", "ec2.amazonaws.com"},
	} {
		g := run(t, tt.partition, nil)
		want := map[string]string{"demo-cluster": "eks.amazonaws.com", "demo-node": tt.ec2}
		for _, r := range g.Find("aws:iam/role:Role") {
			var doc roles.PolicyDocument
			if err := json.Unmarshal([]byte(r.Inputs["assumeRolePolicy"].StringValue()), &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Statement) != 1 || !slices.Equal(doc.Statement[0].Action, roles.Actions{"sts:AssumeRole"}) ||
				doc.Statement[0].Principal["Service"] != want[r.Name] {
				t.Errorf("%s %s trust = %+v, want service %s", tt.partition, r.Name, doc, want[r.Name])
			}
		}
	}
}

func TestOptionsAndParents(t *testing.T) {
	g := run(t, "aws", &roles.Args{
		Settings: roles.Settings{ClusterRoleName: "AWSEKSClusterRole", NodeRoleName: "AWSEKSNodeRole", Path: "/eks/",
			PermissionsBoundary: "arn:aws:iam::123456789012:policy/boundary",
			NodePolicyARNs:      []string{"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}},
		OmitNodeCNIPolicy: true,
		Tags:              map[string]string{"team": "platform"},
	})
	comp := g.Find("ekskit:roles:Roles")
	if len(comp) != 1 {
		t.Fatalf("want one component, got %d", len(comp))
	}
	names := map[string]string{}
	for _, r := range g.Find("aws:iam/role:Role") {
		names[r.Name] = r.Inputs["name"].StringValue()
		if r.Parent != comp[0].URN {
			t.Errorf("%s parent = %s", r.Name, r.Parent)
		}
		if r.Inputs["path"].StringValue() != "/eks/" || r.Inputs["permissionsBoundary"].StringValue() != "arn:aws:iam::123456789012:policy/boundary" {
			t.Errorf("%s path/boundary: %v", r.Name, r.Inputs)
		}
		if r.Inputs["tags"].ObjectValue()["team"].StringValue() != "platform" {
			t.Errorf("%s tags: %v", r.Name, r.Inputs["tags"])
		}
	}
	if names["demo-cluster"] != "AWSEKSClusterRole" || names["demo-node"] != "AWSEKSNodeRole" {
		t.Errorf("role names = %v", names)
	}
	node := attached(g)["demo-node"]
	want := []string{"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}
	if !reflect.DeepEqual(node, want) {
		t.Errorf("node policies = %v, want %v", node, want)
	}
	for _, a := range g.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		if a.Parent != comp[0].URN {
			t.Errorf("%s parent = %s", a.Name, a.Parent)
		}
		// attachments are keyed by policy name, never by position
		if !strings.HasSuffix(a.Name, a.Inputs["policyArn"].StringValue()[strings.LastIndex(a.Inputs["policyArn"].StringValue(), "/")+1:]) {
			t.Errorf("attachment %s is not named after its policy %s", a.Name, a.Inputs["policyArn"].StringValue())
		}
	}
}

func TestAutoNamesWithoutNames(t *testing.T) {
	g := run(t, "aws", nil)
	for _, r := range g.Find("aws:iam/role:Role") {
		if _, set := r.Inputs["name"]; set {
			t.Errorf("%s: a physical name was sent; want auto-naming", r.Name)
		}
	}
}

func TestValidate(t *testing.T) {
	err := roles.Args{Partition: "aws-eu", NamePrefix: "simple bank", Tags: map[string]string{"aws:x": "y"}, Settings: roles.Settings{ClusterRoleName: "bad name", Path: "eks",
		NodePolicyARNs: []string{"arn:aws:iam::aws:policy/A", "arn:aws:iam::111122223333:policy/x/A", "arn:aws:iam::111122223333:policy/AmazonEKS_CNI_Policy"}},
		ExtraClusterPolicyARNs: []string{"policy/B", "arn:aws:iam::111122223333:policy/AmazonEKSClusterPolicy"}}.Validate("eks")
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{
		`clusterRoleName: "bad name": IAM role names are 1 to 64`,
		`path: "eks": must start and end with /`,
		`nodePolicyArns[1]: "arn:aws:iam::111122223333:policy/x/A": a policy named A is already attached`,
		`partition: "aws-eu": must be one of aws, aws-cn, aws-us-gov`,
		`namePrefix: "simple bank"`,
		`extraClusterPolicyArns[0]: "policy/B": must be an IAM policy ARN`,
		// an attachment is named by its policy: this one would replace the managed one
		`nodePolicyArns[2]: "arn:aws:iam::111122223333:policy/AmazonEKS_CNI_Policy": AmazonEKS_CNI_Policy is the name of a managed policy ekskit attaches`,
		`extraClusterPolicyArns[1]: "arn:aws:iam::111122223333:policy/AmazonEKSClusterPolicy": AmazonEKSClusterPolicy is the name of a managed policy`,
		`tags.aws:x: "aws:x": the aws: prefix is reserved for AWS`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %s: %v", want, err)
		}
	}
}

// TestPoliciesPerRoleQuota: each role's policies, those attached here and
// those given, fit the account's quota of managed policies per role (AWS's
// default, 10, unless Args.PoliciesPerRole raises it), as the stack file's
// quotas.policiesPerRole holds its node role: else pulumi up creates the
// role and fails at its eleventh attachment.
func TestPoliciesPerRoleQuota(t *testing.T) {
	arns := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("arn:aws:iam::111122223333:policy/P%d", i)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		args roles.Args
		want string // "" for none
	}{
		{"node role at the quota", roles.Args{Settings: roles.Settings{NodePolicyARNs: arns(7)}}, ""},
		{"node role over it", roles.Args{Settings: roles.Settings{NodePolicyARNs: arns(8)}},
			"nodePolicyArns: 8: at most 7: with the node role's 3 managed policies, 10 in all, the account's quota of managed policies per role (set policiesPerRole if it was raised)"},
		{"the CNI policy elsewhere", roles.Args{Settings: roles.Settings{NodePolicyARNs: arns(8)}, OmitNodeCNIPolicy: true}, ""},
		{"cluster role over it", roles.Args{ExtraClusterPolicyARNs: arns(10)},
			"extraClusterPolicyArns: 10: at most 9: with the cluster role's 1 managed policy, 10 in all"},
		{"a raised quota", roles.Args{Settings: roles.Settings{NodePolicyARNs: arns(12)}, ExtraClusterPolicyARNs: arns(12), PoliciesPerRole: 15}, ""},
		{"a quota below AWS's", roles.Args{PoliciesPerRole: 5}, "policiesPerRole: 5: must be at least AWS's default quota, 10 (0 for it)"},
	} {
		err := tc.args.Validate("eks")
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestServiceAccountTrustPolicy(t *testing.T) {
	got := roles.ServiceAccountTrustPolicy("arn:aws:iam::1:oidc-provider/oidc.eks.x/id/AB", "https://oidc.eks.x/id/AB", "kube-system", "aws-node")
	var doc roles.PolicyDocument
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	st := doc.Statement[0]
	if !slices.Equal(st.Action, roles.Actions{"sts:AssumeRoleWithWebIdentity"}) || st.Principal["Federated"] != "arn:aws:iam::1:oidc-provider/oidc.eks.x/id/AB" ||
		st.Condition["StringEquals"]["oidc.eks.x/id/AB:sub"] != "system:serviceaccount:kube-system:aws-node" ||
		st.Condition["StringEquals"]["oidc.eks.x/id/AB:aud"] != "sts.amazonaws.com" {
		t.Errorf("trust = %s", got)
	}
}

// TestServiceAccountTrustPolicyPattern: a service account given as a
// pattern (the EFS driver's efs-csi-*) is matched with StringLike, the
// audience still with StringEquals: the document, whole.
func TestServiceAccountTrustPolicyPattern(t *testing.T) {
	got := roles.ServiceAccountTrustPolicy("arn:aws:iam::1:oidc-provider/oidc.eks.x/id/AB", "oidc.eks.x/id/AB", "kube-system", "efs-csi-*")
	const want = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::1:oidc-provider/oidc.eks.x/id/AB"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.x/id/AB:aud":"sts.amazonaws.com"},` +
		`"StringLike":{"oidc.eks.x/id/AB:sub":"system:serviceaccount:kube-system:efs-csi-*"}}}]}`
	if got != want {
		t.Errorf("trust =\n%s\nwant\n%s", got, want)
	}
}

func TestOIDCProviderARN(t *testing.T) {
	got, err := roles.OIDCProviderARN("aws-cn", "arn:aws-cn:eks:cn-north-1:111122223333:cluster/x", "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/AB")
	if want := "arn:aws-cn:iam::111122223333:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/AB"; err != nil || got != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	if _, err := roles.OIDCProviderARN("aws", "nonsense", "x"); err == nil {
		t.Error("accepted a non-ARN")
	}
}

func TestNamePrefix(t *testing.T) {
	for _, tc := range []struct {
		name string
		args roles.Args
		want map[string][2]string // role -> name, namePrefix sent
	}{
		{"prefix", roles.Args{NamePrefix: "simple-bank-"},
			map[string][2]string{"demo-cluster": {"", "simple-bank-cluster-"}, "demo-node": {"", "simple-bank-node-"}}},
		{"fixed name wins", roles.Args{NamePrefix: "simple-bank-", Settings: roles.Settings{ClusterRoleName: "AWSEKSClusterRole"}},
			map[string][2]string{"demo-cluster": {"AWSEKSClusterRole", ""}, "demo-node": {"", "simple-bank-node-"}}},
		{"neither", roles.Args{}, map[string][2]string{"demo-cluster": {"", ""}, "demo-node": {"", ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			g := run(t, "aws", &args)
			got := map[string][2]string{}
			for _, r := range g.Find("aws:iam/role:Role") {
				var n, p string
				if v, ok := r.Inputs["name"]; ok {
					n = v.StringValue()
				}
				if v, ok := r.Inputs["namePrefix"]; ok {
					p = v.StringValue()
				}
				got[r.Name] = [2]string{n, p}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	// IAM takes prefixes of up to 38 characters: a long base is shortened
	for _, tc := range []struct{ base, kind, want string }{
		{"simple-bank-", "cluster", "simple-bank-cluster-"},
		{strings.Repeat("x", 40), "cluster", strings.Repeat("x", 30) + "cluster-"},
		{strings.Repeat("x", 40), "node", strings.Repeat("x", 33) + "node-"},
		{strings.Repeat("x", 40), "vpc-cni", strings.Repeat("x", 30) + "vpc-cni-"},
	} {
		if got := roles.RoleNamePrefix(tc.base, tc.kind); got != tc.want || len(got) > 38 {
			t.Errorf("RoleNamePrefix(%q, %q) = %q, want %q", tc.base, tc.kind, got, tc.want)
		}
	}
}

// TestValidateName: the component's name begins the generated name of a
// role with neither a fixed name nor NamePrefix, which IAM holds to its
// characters and 64 characters in all (the name, -cluster or -node, a dash
// and 7 random characters).
func TestValidateName(t *testing.T) {
	long := strings.Repeat("n", 49)
	for _, tc := range []struct {
		name string
		args roles.Args
		want string // "" for no problem
	}{
		{"eks", roles.Args{}, ""},
		{"클러스터", roles.Args{}, `"클러스터": the roles' name begins the generated name of the cluster role (클러스터-cluster-<7 random characters>): 1 to 48 letters, digits and +=,.@_-; or set Args.NamePrefix, or the role's name (Settings.ClusterRoleName, NodeRoleName)`},
		{long, roles.Args{}, "of the cluster role"},
		{long[:48], roles.Args{}, ""},
		// the node role's suffix is shorter
		{long, roles.Args{Settings: roles.Settings{ClusterRoleName: "AWSEKSClusterRole"}}, ""},
		{long + "nnn", roles.Args{Settings: roles.Settings{ClusterRoleName: "AWSEKSClusterRole"}}, "of the node role"},
		{"클러스터", roles.Args{NamePrefix: "demo-"}, ""},
		{"클러스터", roles.Args{Settings: roles.Settings{ClusterRoleName: "a", NodeRoleName: "b"}}, ""},
	} {
		err := tc.args.Validate(tc.name)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%q %+v: got %v, want %q", tc.name, tc.args, err, tc.want)
		}
	}
}
