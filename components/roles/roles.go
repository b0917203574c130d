package roles

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/internal/deps"
	"github.com/ekskit/ekskit/components/internal/errs"
	"github.com/ekskit/ekskit/components/spec"
)

const typeToken = "ekskit:roles:Roles"

// Managed policies attached by default ([spec.ClusterPolicy], ...).
const (
	ClusterPolicy    = spec.ClusterPolicy
	WorkerNodePolicy = spec.WorkerNodePolicy
	RegistryPolicy   = spec.RegistryPolicy
	CNIPolicy        = spec.CNIPolicy
)

const (
	clusterRoleSuffix = "-cluster"
	nodeRoleSuffix    = "-node"
)

// Settings are the roles' plain settings, shared with the stack config
// (`ekskit:roles`): names, path, permissions boundary, extra node policies.
// Package spec owns their defaults and rules.
type Settings = spec.Roles

// Args configure [New].
type Args struct {
	// Settings of the roles; see [spec.Roles] for each field's default and
	// constraint. The zero value gives two roles with generated names.
	Settings Settings
	// Partition is the AWS partition the policy ARNs are built for (aws,
	// aws-cn, aws-us-gov). Defaults to the AWS provider's partition, looked
	// up with aws.GetPartition; the control plane uses the same.
	Partition string
	// NamePrefix begins the generated name of each role without a fixed
	// name: <NamePrefix>cluster- or <NamePrefix>node-, then IAM's 26-character
	// unique suffix; it is shortened as [RoleNamePrefix] says. Letters,
	// digits and +=,.@_-. Defaults to none: Pulumi names them after the
	// component (<name>-cluster-<random>).
	NamePrefix string
	// ExtraClusterPolicyARNs are more IAM managed policies for the cluster
	// role, each with a different policy name, none named
	// AmazonEKSClusterPolicy. Defaults to none.
	ExtraClusterPolicyARNs []string
	// OmitNodeCNIPolicy leaves AmazonEKS_CNI_Policy off the node role, for
	// when the VPC CNI has its own role (IRSA or EKS Pod Identity). Defaults
	// to false.
	OmitNodeCNIPolicy bool
	// Tags on both roles, as spec.Cluster's tags. Defaults to none.
	Tags map[string]string
	// PoliciesPerRole is the account's quota of IAM managed policies per
	// role, which each role's policies (those attached here and
	// Settings.NodePolicyARNs or ExtraClusterPolicyARNs) must fit: at least
	// [spec.DefaultPoliciesPerRoleQuota], AWS's default, which 0 means.
	// Defaults to that.
	PoliciesPerRole int
}

// Roles is the component.
type Roles struct {
	pulumi.ResourceState

	// ClusterRole is the EKS cluster service role.
	ClusterRole *iam.Role
	// NodeRole is the node role.
	NodeRole *iam.Role
	// ClusterRoleARN and NodeRoleARN are the roles' ARNs.
	ClusterRoleARN pulumi.StringOutput `pulumi:"clusterRoleArn"`
	NodeRoleARN    pulumi.StringOutput `pulumi:"nodeRoleArn"`
	// ClusterRoleAttachments and NodeRoleAttachments are the roles' policy
	// attachments. The control plane and node groups given these roles
	// depend on them: they are created after the policies are attached and
	// deleted before they are detached. An explicit dependency, unlike an
	// ARN that waits for them, adds no unknown value to a preview when a
	// policy is added.
	ClusterRoleAttachments []pulumi.Resource
	NodeRoleAttachments    []pulumi.Resource
	// Partition is the partition the ARNs were built for.
	Partition string
	// ClusterPolicyARNs and NodePolicyARNs are the attached policies, by
	// name. Roles built by hand may leave them nil (not known): nodegroup.New
	// then cannot check that the node role has the CNI policy.
	ClusterPolicyARNs map[string]string
	NodePolicyARNs    map[string]string
	// Path and PermissionsBoundary are the roles' IAM path (New sets it,
	// "/" by default; "" in Roles built by hand means "/") and permissions
	// boundary ("" for none), which the other roles made for the cluster
	// (the add-ons' own roles) take too.
	Path                string
	PermissionsBoundary string
}

// Usable reports, at key paths under at, what r lacks to be given to
// controlplane.New and nodegroup.New: a partition ekskit knows, the
// cluster role and the node role's ARN. Roles from [New] have them all;
// Roles built by hand around existing roles (read with iam.GetRole) must
// set them.
func (r *Roles) Usable(at spec.Path) spec.Problems {
	var p spec.Problems
	if !slices.Contains(spec.Partitions, r.Partition) {
		p.Add(at.Key("partition"), r.Partition, "must be one of %s (Roles from roles.New have it)", strings.Join(spec.Partitions, ", "))
	}
	switch {
	case r.ClusterRole == nil:
		p.Add(at.Key("clusterRole"), nil, "required: the cluster role (Roles from roles.New have it)")
	case r.ClusterRole.URN().OutputState == nil:
		p.Add(at.Key("clusterRole"), nil, "a zero iam.Role, not a registered resource: create it, or read an existing role "+
			"with iam.GetRole (Roles from roles.New have it)")
	}
	if r.NodeRoleARN.OutputState == nil {
		p.Add(at.Key("nodeRoleArn"), nil, "required: the node role's ARN (Roles from roles.New have it)")
	}
	return p
}

// maxIAMName is the longest role name IAM takes, and maxIAMNamePrefix the
// longest name prefix (it appends a 26-character suffix).
const maxIAMName, maxIAMNamePrefix = 64, 38

// RoleNamePrefix is the name prefix of a generated role name: base, then
// kind and a dash ("simple-bank-" and "cluster" make "simple-bank-cluster-"),
// base shortened so that the whole fits the 38 characters IAM takes.
func RoleNamePrefix(base, kind string) string {
	tail := kind + "-"
	return base[:max(0, min(len(base), maxIAMNamePrefix-len(tail)))] + tail
}

var roleChars = regexp.MustCompile(`^[\w+=,.@-]+$`) // a prefix of any length: RoleNamePrefix shortens it

// Validate reports every problem with the args of roles named name at
// once, before anything is registered: the settings' (at their key paths,
// as the stack config reports them) and the component's own, name
// included where it begins a generated role name.
func (a Args) Validate(name string) error {
	p := a.Settings.WithDefaults().Validate("")
	// a role with neither a fixed name nor NamePrefix gets Pulumi's
	// autoname, <name><suffix>-<7 random characters>, at most 64: the
	// cluster role's suffix is the longer
	suffix := ""
	switch {
	case a.NamePrefix != "":
	case a.Settings.ClusterRoleName == "":
		suffix = clusterRoleSuffix
	case a.Settings.NodeRoleName == "":
		suffix = nodeRoleSuffix
	}
	if most := maxIAMName - len(suffix) - 8; suffix != "" && (len(name) > most || !roleChars.MatchString(name)) {
		p.Add("", name, "the roles' name begins the generated name of the %s role (%s%s-<7 random characters>): "+
			"1 to %d letters, digits and +=,.@_-; or set Args.NamePrefix, or the role's name (Settings.ClusterRoleName, NodeRoleName)",
			strings.TrimPrefix(suffix, "-"), name, suffix, most)
	}
	if a.Partition != "" && !slices.Contains(spec.Partitions, a.Partition) {
		p.Add("partition", a.Partition, "must be one of %s", strings.Join(spec.Partitions, ", "))
	}
	if a.NamePrefix != "" && !roleChars.MatchString(a.NamePrefix) {
		p.Add("namePrefix", a.NamePrefix, "letters, digits and +=,.@_-")
	}
	spec.PolicyARNs(&p, "extraClusterPolicyArns", a.ExtraClusterPolicyARNs, ClusterPolicy)
	spec.PoliciesPerRoleArg(&p, "policiesPerRole", a.PoliciesPerRole)
	nodeManaged := len(spec.NodePolicies)
	if a.OmitNodeCNIPolicy {
		nodeManaged--
	}
	spec.RolePolicies(&p, "nodePolicyArns", "node role", nodeManaged, len(a.Settings.NodePolicyARNs), a.PoliciesPerRole, "policiesPerRole")
	spec.RolePolicies(&p, "extraClusterPolicyArns", "cluster role", 1, len(a.ExtraClusterPolicyARNs), a.PoliciesPerRole, "policiesPerRole")
	spec.IAMTags(&p, "tags", a.Tags)
	if a.Partition != "" {
		a.samePartition(&p, a.Partition, "Args.Partition is")
	}
	return p.Err()
}

// samePartition reports the ARNs of the args that are not in partition
// ([spec.SamePartition]; whose says where partition comes from).
func (a Args) samePartition(p *spec.Problems, partition, whose string) {
	a.Settings.SamePartition(p, "", partition, whose)
	for i, arn := range a.ExtraClusterPolicyARNs {
		spec.SamePartition(p, spec.Path("extraClusterPolicyArns").Index(i), arn, partition, whose)
	}
}

// New creates the cluster and node roles. Nil args are the zero Args:
// every default. An invalid Args is an error before anything is
// registered, naming the roles and every problem. Without Args.Partition,
// the ARNs' partition is checked once the aws provider has answered it
// (aws.GetPartition, parented to the component): an ARN of another
// partition is then an error after the component, though before any
// role.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (_ *Roles, err error) {
	defer errs.Wrap(&err, "roles %s", name)
	if args, err = deps.Prepare(args, func(a Args) error { return a.Validate(name) }, opts); err != nil {
		return nil, err
	}
	a := *args
	a.Settings = a.Settings.WithDefaults()
	c := &Roles{}
	if err := ctx.RegisterComponentResource(typeToken, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	c.Partition = a.Partition
	c.Path, c.PermissionsBoundary = a.Settings.Path, a.Settings.PermissionsBoundary
	if c.Partition == "" {
		p, err := aws.GetPartition(ctx, nil, parent)
		if err != nil {
			return nil, fmt.Errorf("partition: %w", err)
		}
		c.Partition = p.Partition
		if !slices.Contains(spec.Partitions, c.Partition) {
			return nil, fmt.Errorf("partition: the aws provider answered %q; ekskit builds ARNs for %s only "+
				"(spec.Partitions says why; under pulumi.WithMocks, answer aws:index/getPartition:getPartition as the provider would, or use plan.Run "+
				"from github.com/ekskit/ekskit/plan)", c.Partition, strings.Join(spec.Partitions, ", "))
		}
		var probs spec.Problems
		if a.samePartition(&probs, c.Partition, "the aws provider's partition is"); probs != nil {
			return nil, probs.Err()
		}
	}

	c.ClusterPolicyARNs = policySet(c.Partition, []string{ClusterPolicy}, a.ExtraClusterPolicyARNs)
	nodePolicies := []string{WorkerNodePolicy, RegistryPolicy}
	if !a.OmitNodeCNIPolicy {
		nodePolicies = append(nodePolicies, CNIPolicy)
	}
	c.NodePolicyARNs = policySet(c.Partition, nodePolicies, a.Settings.NodePolicyARNs)

	c.ClusterRole, c.ClusterRoleAttachments, err = role(ctx, name, clusterRoleSuffix, a.Settings.ClusterRoleName, ServiceTrustPolicy(ServicePrincipal(c.Partition, "eks")), a, c.ClusterPolicyARNs, parent)
	if err != nil {
		return nil, fmt.Errorf("cluster role: %w", err)
	}
	c.NodeRole, c.NodeRoleAttachments, err = role(ctx, name, nodeRoleSuffix, a.Settings.NodeRoleName, ServiceTrustPolicy(ServicePrincipal(c.Partition, "ec2")), a, c.NodePolicyARNs, parent)
	if err != nil {
		return nil, fmt.Errorf("node role: %w", err)
	}
	c.ClusterRoleARN, c.NodeRoleARN = c.ClusterRole.Arn, c.NodeRole.Arn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterRoleArn": c.ClusterRoleARN,
		"nodeRoleArn":    c.NodeRoleARN,
	}); err != nil {
		return nil, err
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
		out[spec.PolicyName(arn)] = arn
	}
	return out
}

// role creates one role and its policy attachments, named by policy.
func role(ctx *pulumi.Context, component, suffix, physical, trust string, a Args, policies map[string]string, parent pulumi.ResourceOption) (*iam.Role, []pulumi.Resource, error) {
	ra := &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(trust),
		Path:             pulumi.String(a.Settings.Path),
		Tags:             pulumi.ToStringMap(a.Tags),
	}
	switch {
	case physical != "":
		ra.Name = pulumi.String(physical)
	case a.NamePrefix != "":
		ra.NamePrefix = pulumi.String(RoleNamePrefix(a.NamePrefix, strings.TrimPrefix(suffix, "-")))
	}
	if a.Settings.PermissionsBoundary != "" {
		ra.PermissionsBoundary = pulumi.String(a.Settings.PermissionsBoundary)
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
