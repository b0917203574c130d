package roles

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const typeToken = "ekskit:roles:Roles"

// Managed policies attached by default.
const (
	ClusterPolicy     = "AmazonEKSClusterPolicy"
	WorkerNodePolicy  = "AmazonEKSWorkerNodePolicy"
	RegistryPolicy    = "AmazonEC2ContainerRegistryReadOnly"
	CNIPolicy         = "AmazonEKS_CNI_Policy"
	DefaultPath       = "/"
	clusterRoleSuffix = "-cluster"
	nodeRoleSuffix    = "-node"
)

// Args configure [New].
type Args struct {
	// Partition is the AWS partition the policy ARNs are built for (aws,
	// aws-cn, aws-us-gov). Defaults to the AWS provider's partition, looked
	// up with aws.GetPartition.
	Partition string
	// ClusterRoleName is the cluster role's name (the walkthrough's
	// AWSEKSClusterRole). Defaults to an auto-generated name, so that a
	// change that replaces the role creates the new one first.
	ClusterRoleName string
	// NodeRoleName is the node role's name (the walkthrough's
	// AWSEKSNodeRole). Defaults to an auto-generated name.
	NodeRoleName string
	// NamePrefix begins the generated name of each role without a fixed
	// name: <NamePrefix>cluster- or <NamePrefix>node-, then IAM's 26-character
	// unique suffix; it is shortened as [RoleNamePrefix] says. Defaults to
	// none: Pulumi names them after the component (<name>-cluster-<random>).
	NamePrefix string
	// Path of both roles. Defaults to "/".
	Path string
	// PermissionsBoundary is a policy ARN set as both roles' permissions
	// boundary. Defaults to none.
	PermissionsBoundary string
	// ExtraClusterPolicyARNs are more managed policies for the cluster role.
	// Defaults to none.
	ExtraClusterPolicyARNs []string
	// ExtraNodePolicyARNs are more managed policies for the node role.
	// Defaults to none.
	ExtraNodePolicyARNs []string
	// OmitNodeCNIPolicy leaves AmazonEKS_CNI_Policy off the node role, for
	// when the VPC CNI has its own IRSA role. Defaults to false.
	OmitNodeCNIPolicy bool
	// Tags on both roles. Defaults to none.
	Tags map[string]string
}

// Roles is the component.
type Roles struct {
	pulumi.ResourceState

	// ClusterRole is the EKS cluster service role.
	ClusterRole *iam.Role
	// NodeRole is the node role.
	NodeRole *iam.Role
	// ClusterRoleArn and NodeRoleArn are the roles' ARNs.
	ClusterRoleArn pulumi.StringOutput `pulumi:"clusterRoleArn"`
	NodeRoleArn    pulumi.StringOutput `pulumi:"nodeRoleArn"`
	// ClusterRoleAttachments and NodeRoleAttachments are the roles' policy
	// attachments. Whatever uses a role should depend on them (through
	// controlplane.Args.DependsOn and nodegroup.Args.DependsOn): it is then
	// created after the policies are attached and deleted before they are
	// detached. An explicit dependency, unlike an ARN that waits for them,
	// adds no unknown value to a preview when a policy is added.
	ClusterRoleAttachments []pulumi.Resource
	NodeRoleAttachments    []pulumi.Resource
	// Partition is the partition the ARNs were built for.
	Partition string
	// ClusterPolicyARNs and NodePolicyARNs are the attached policies, by name.
	ClusterPolicyARNs map[string]string
	NodePolicyARNs    map[string]string
}

// maxIAMNamePrefix is the longest role name prefix IAM takes (it appends a
// 26-character suffix; names are at most 64).
const maxIAMNamePrefix = 38

// RoleNamePrefix is the name prefix of a generated role name: base, then
// kind and a dash ("simple-bank-" and "cluster" make "simple-bank-cluster-"),
// base shortened so that the whole fits the 38 characters IAM takes.
func RoleNamePrefix(base, kind string) string {
	tail := kind + "-"
	return base[:max(0, min(len(base), maxIAMNamePrefix-len(tail)))] + tail
}

var (
	roleName  = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	roleChars = regexp.MustCompile(`^[\w+=,.@-]+$`) // a prefix of any length: RoleNamePrefix shortens it
)

func (a Args) withDefaults() Args {
	if a.Path == "" {
		a.Path = DefaultPath
	}
	return a
}

// Validate reports every problem with the args at once.
func (a Args) Validate() error {
	var errs []error
	if a.Partition != "" && !slices.Contains(Partitions, a.Partition) {
		errs = append(errs, fmt.Errorf("invalid Partition %q: must be one of %s", a.Partition, strings.Join(Partitions, ", ")))
	}
	for _, n := range []struct{ field, v string }{{"ClusterRoleName", a.ClusterRoleName}, {"NodeRoleName", a.NodeRoleName}} {
		if n.v != "" && !roleName.MatchString(n.v) {
			errs = append(errs, fmt.Errorf("%s %q: 1 to 64 of letters, digits and +=,.@_-", n.field, n.v))
		}
	}
	if a.NamePrefix != "" && !roleChars.MatchString(a.NamePrefix) {
		errs = append(errs, fmt.Errorf("NamePrefix %q: letters, digits and +=,.@_-", a.NamePrefix))
	}
	if a.Path != "" && (!strings.HasPrefix(a.Path, "/") || !strings.HasSuffix(a.Path, "/")) {
		errs = append(errs, fmt.Errorf("invalid Path %q: must start and end with /", a.Path))
	}
	for _, l := range []struct {
		field string
		arns  []string
	}{{"ExtraClusterPolicyARNs", a.ExtraClusterPolicyARNs}, {"ExtraNodePolicyARNs", a.ExtraNodePolicyARNs}} {
		seen := map[string]bool{}
		for _, arn := range l.arns {
			n := policyName(arn)
			if !strings.HasPrefix(arn, "arn:") || n == "" {
				errs = append(errs, fmt.Errorf("%s %q: not a policy ARN", l.field, arn))
			}
			if seen[n] {
				errs = append(errs, fmt.Errorf("%s %q: a policy named %s is already attached", l.field, arn, n))
			}
			seen[n] = true
		}
	}
	return errors.Join(errs...)
}

// policyName is the last segment of a policy ARN: the attachment's key.
func policyName(arn string) string {
	if i := strings.LastIndex(arn, "/"); i >= 0 {
		return arn[i+1:]
	}
	return ""
}

// New creates the cluster and node roles.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Roles, error) {
	if args == nil {
		args = &Args{}
	}
	a := args.withDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("roles %s: %w", name, err)
	}
	c := &Roles{}
	if err := ctx.RegisterComponentResource(typeToken, name, c, opts...); err != nil {
		return nil, fmt.Errorf("roles %s: %w", name, err)
	}
	parent := pulumi.Parent(c)
	c.Partition = a.Partition
	if c.Partition == "" {
		p, err := aws.GetPartition(ctx, nil, parent)
		if err != nil {
			return nil, fmt.Errorf("roles %s: partition: %w", name, err)
		}
		c.Partition = p.Partition
	}

	c.ClusterPolicyARNs = policySet(c.Partition, []string{ClusterPolicy}, a.ExtraClusterPolicyARNs)
	nodePolicies := []string{WorkerNodePolicy, RegistryPolicy}
	if !a.OmitNodeCNIPolicy {
		nodePolicies = append(nodePolicies, CNIPolicy)
	}
	c.NodePolicyARNs = policySet(c.Partition, nodePolicies, a.ExtraNodePolicyARNs)

	var err error
	c.ClusterRole, c.ClusterRoleAttachments, err = role(ctx, name, clusterRoleSuffix, a.ClusterRoleName, ServiceTrustPolicy(ServicePrincipal(c.Partition, "eks")), a, c.ClusterPolicyARNs, parent)
	if err != nil {
		return nil, fmt.Errorf("roles %s: cluster role: %w", name, err)
	}
	c.NodeRole, c.NodeRoleAttachments, err = role(ctx, name, nodeRoleSuffix, a.NodeRoleName, ServiceTrustPolicy(ServicePrincipal(c.Partition, "ec2")), a, c.NodePolicyARNs, parent)
	if err != nil {
		return nil, fmt.Errorf("roles %s: node role: %w", name, err)
	}
	c.ClusterRoleArn, c.NodeRoleArn = c.ClusterRole.Arn, c.NodeRole.Arn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterRoleArn": c.ClusterRoleArn,
		"nodeRoleArn":    c.NodeRoleArn,
	}); err != nil {
		return nil, fmt.Errorf("roles %s: %w", name, err)
	}
	return c, nil
}

// policySet maps policy name to ARN: the managed ones in the partition, then the extras.
func policySet(partition string, managed, extra []string) map[string]string {
	out := map[string]string{}
	for _, p := range managed {
		out[p] = ManagedPolicyARN(partition, p)
	}
	for _, arn := range extra {
		out[policyName(arn)] = arn
	}
	return out
}

// role creates one role and its policy attachments, named by policy.
func role(ctx *pulumi.Context, component, suffix, physical, trust string, a Args, policies map[string]string, parent pulumi.ResourceOption) (*iam.Role, []pulumi.Resource, error) {
	ra := &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(trust),
		Path:             pulumi.String(a.Path),
		Tags:             pulumi.ToStringMap(a.Tags),
	}
	switch {
	case physical != "":
		ra.Name = pulumi.String(physical)
	case a.NamePrefix != "":
		ra.NamePrefix = pulumi.String(RoleNamePrefix(a.NamePrefix, strings.TrimPrefix(suffix, "-")))
	}
	if a.PermissionsBoundary != "" {
		ra.PermissionsBoundary = pulumi.String(a.PermissionsBoundary)
	}
	name := component + suffix
	r, err := iam.NewRole(ctx, name, ra, parent)
	if err != nil {
		return nil, nil, err
	}
	var attachments []pulumi.Resource
	for _, k := range slices.Sorted(maps.Keys(policies)) {
		at, err := iam.NewRolePolicyAttachment(ctx, name+"-"+k, &iam.RolePolicyAttachmentArgs{
			Role:      r.Name,
			PolicyArn: pulumi.String(policies[k]),
		}, parent)
		if err != nil {
			return nil, nil, fmt.Errorf("attach %s: %w", k, err)
		}
		attachments = append(attachments, at)
	}
	return r, attachments, nil
}
