package controlplane

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-eks/sdk/v2/go/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/nodegroup"
	"github.com/ekskit/ekskit/components/roles"
)

const typeToken = "ekskit:controlplane:ControlPlane"

// EndpointAccess says where the API server endpoint can be reached from.
type EndpointAccess string

// Endpoint access modes.
const (
	// Public: reachable from outside the VPC; nodes leave the VPC to reach it.
	Public EndpointAccess = "public"
	// PublicAndPrivate: reachable from outside; nodes stay inside the VPC.
	PublicAndPrivate EndpointAccess = "public-and-private"
	// Private: reachable only from inside the VPC.
	Private EndpointAccess = "private"
)

// Defaults.
const (
	DefaultVersion          = "1.35"
	DefaultEndpointAccess   = PublicAndPrivate
	DefaultLogRetentionDays = 90
	DefaultSupportType      = "STANDARD"
	DefaultResolveConflicts = "OVERWRITE"
	// AdminPolicy is the EKS access policy given to Admins.
	AdminPolicy = "AmazonEKSClusterAdminPolicy"
)

// Args configure [New].
type Args struct {
	// ClusterName is the EKS cluster's name. Required. Changing it replaces
	// the cluster.
	ClusterName string
	// Version is the Kubernetes version. Defaults to DefaultVersion.
	Version string
	// ServiceRole is the cluster service role. Required.
	ServiceRole *iam.Role
	// DependsOn are resources the cluster waits for besides its inputs, such
	// as the service role's policy attachments (roles.Roles'
	// ClusterRoleAttachments): EKS needs the policy to create the cluster,
	// and to delete its network interfaces, so the attachments must outlive
	// it. Defaults to none.
	DependsOn []pulumi.Resource
	// VpcID and SubnetIDs place the cluster. Defaults (both nil) to the
	// account's default VPC and its default subnets.
	VpcID     pulumi.StringInput
	SubnetIDs pulumi.StringArrayInput
	// SecurityGroupIDs are extra control-plane security groups (at most 4).
	// Defaults to none.
	SecurityGroupIDs []string
	// ServiceIPv4CIDR is the Kubernetes service range. Defaults to EKS's
	// choice. Set at creation only: changing it replaces the cluster.
	ServiceIPv4CIDR string
	// EndpointAccess defaults to PublicAndPrivate.
	EndpointAccess EndpointAccess
	// PublicAccessCIDRs may reach a public endpoint. Defaults to 0.0.0.0/0
	// when the endpoint is public; must be empty when it is Private.
	PublicAccessCIDRs []string
	// LogTypes are the control-plane log types to send to CloudWatch Logs.
	// Defaults to none.
	LogTypes []string
	// LogRetentionDays of /aws/eks/<name>/cluster. Defaults to 90.
	LogRetentionDays int
	// EncryptionKeyARN is an existing KMS key for secrets encryption.
	// Defaults to none.
	EncryptionKeyARN string
	// CreateEncryptionKey creates a KMS key for secrets encryption.
	// Defaults to false.
	CreateEncryptionKey bool
	// Admins are IAM principal ARNs given AmazonEKSClusterAdminPolicy
	// access entries. Defaults to none (the creator is admin).
	Admins []string
	// Addons are the EKS managed add-ons, by name. Defaults to none.
	Addons map[string]Addon
	// SupportType is STANDARD or EXTENDED. Defaults to STANDARD.
	SupportType string
	// Tags on every resource created. Defaults to none.
	Tags map[string]string
	// Protect the cluster from deletion. Defaults to false.
	Protect bool
}

// Addon is one managed add-on.
type Addon struct {
	// Version: empty for EKS's default for the cluster version, "latest" for
	// the most recent (looked up with eks.GetAddonVersion on every run, so the
	// add-on updates when AWS ships one), or a pinned version.
	Version string
	// ResolveConflicts is OVERWRITE, NONE or PRESERVE. Defaults to
	// OVERWRITE. It applies on update; on create PRESERVE becomes OVERWRITE
	// (the API allows only NONE and OVERWRITE there).
	ResolveConflicts string
	// ConfigurationValues is the add-on's JSON configuration. Defaults to none.
	ConfigurationValues string
	// IRSA gives the add-on its own IAM role through the cluster's OIDC
	// provider. Only vpc-cni (service account kube-system/aws-node,
	// AmazonEKS_CNI_Policy). Defaults to false.
	IRSA bool
}

// ControlPlane is the component.
type ControlPlane struct {
	pulumi.ResourceState

	// Cluster is pulumi-eks's cluster component.
	Cluster *eks.Cluster
	// Addons are the add-ons created so far, by name.
	Addons map[string]*awseks.Addon
	// CNIRole is vpc-cni's IRSA role, when asked for.
	CNIRole *iam.Role
	// NodeAddons are the DaemonSet add-ons (vpc-cni, kube-proxy,
	// eks-pod-identity-agent: see [BeforeNodes]). Node groups should depend
	// on them (nodegroup.Args.DependsOn), so that nodes start with pod
	// networking in place, and with vpc-cni's IRSA role when the node role
	// lacks the CNI policy.
	NodeAddons []pulumi.Resource
	// EncryptionKey is the created KMS key, if any.
	EncryptionKey *kms.Key
	// LogGroup is the control-plane log group, if logging is on.
	LogGroup *cloudwatch.LogGroup

	ClusterName     pulumi.StringOutput      `pulumi:"clusterName"`
	Arn             pulumi.StringOutput      `pulumi:"arn"`
	Endpoint        pulumi.StringOutput      `pulumi:"endpoint"`
	CertificateData pulumi.StringOutput      `pulumi:"certificateAuthorityData"`
	OidcIssuer      pulumi.StringOutput      `pulumi:"oidcIssuer"`
	OidcProviderArn pulumi.StringOutput      `pulumi:"oidcProviderArn"`
	SecurityGroupID pulumi.StringOutput      `pulumi:"clusterSecurityGroupId"`
	SubnetIDs       pulumi.StringArrayOutput `pulumi:"subnetIds"`
	// Kubeconfig is the kubeconfig (JSON), marked secret.
	Kubeconfig pulumi.StringOutput `pulumi:"kubeconfig"`

	name string
	args Args
	// cniPolicy is the CNI policy's attachment to CNIRole.
	cniPolicy pulumi.Resource
	pending   []string
	// awsVersion is the program's pulumi-aws version (see [ChildTransform]).
	awsVersion string
}

var clusterName = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9_-]*$`)

func (a Args) withDefaults() Args {
	if a.Version == "" {
		a.Version = DefaultVersion
	}
	if a.EndpointAccess == "" {
		a.EndpointAccess = DefaultEndpointAccess
	}
	if a.EndpointAccess != Private && len(a.PublicAccessCIDRs) == 0 {
		a.PublicAccessCIDRs = []string{"0.0.0.0/0"}
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if a.SupportType == "" {
		a.SupportType = DefaultSupportType
	}
	addons := make(map[string]Addon, len(a.Addons))
	for n, ad := range a.Addons {
		if ad.ResolveConflicts == "" {
			ad.ResolveConflicts = DefaultResolveConflicts
		}
		addons[n] = ad
	}
	a.Addons = addons
	return a
}

// Validate reports every problem with the args at once. The stack config
// layer checks much more, with key paths; this guards the component.
func (a Args) Validate() error {
	var errs []error
	if len(a.ClusterName) < 2 || len(a.ClusterName) > 100 || !clusterName.MatchString(a.ClusterName) {
		errs = append(errs, fmt.Errorf("ClusterName %q: 2 to 100 letters, digits, - or _", a.ClusterName))
	}
	if a.ServiceRole == nil {
		errs = append(errs, errors.New("ServiceRole: required"))
	}
	if (a.VpcID == nil) != (a.SubnetIDs == nil) {
		errs = append(errs, errors.New("VpcID and SubnetIDs: set both or neither"))
	}
	if len(a.SecurityGroupIDs) > 4 {
		errs = append(errs, fmt.Errorf("SecurityGroupIDs: %d, at most 4", len(a.SecurityGroupIDs)))
	}
	if !slices.Contains([]EndpointAccess{Public, PublicAndPrivate, Private}, a.EndpointAccess) {
		errs = append(errs, fmt.Errorf("EndpointAccess %q: public, public-and-private or private", a.EndpointAccess))
	}
	if a.EndpointAccess == Private && len(a.PublicAccessCIDRs) > 0 {
		errs = append(errs, errors.New("PublicAccessCIDRs: only with a public endpoint"))
	}
	if a.EncryptionKeyARN != "" && a.CreateEncryptionKey {
		errs = append(errs, errors.New("EncryptionKeyARN and CreateEncryptionKey: set one"))
	}
	for n, ad := range a.Addons {
		if ad.IRSA && n != "vpc-cni" {
			errs = append(errs, fmt.Errorf("Addons[%s].IRSA: only vpc-cni", n))
		}
	}
	return errors.Join(errs...)
}

// New creates the control plane and the add-ons that may precede nodes.
// Call [ControlPlane.InstallNodeAddons] once node groups exist.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*ControlPlane, error) {
	if args == nil {
		args = &Args{}
	}
	a := args.withDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("control plane %s: %w", name, err)
	}
	if err := checkPulumiVersion(ctx.RequirePulumiVersion); err != nil {
		return nil, fmt.Errorf("control plane %s: %w", name, err)
	}
	c := &ControlPlane{name: name, args: a, Addons: map[string]*awseks.Addon{}, awsVersion: AWSVersion()}
	if err := ctx.RegisterComponentResource(typeToken, name, c, opts...); err != nil {
		return nil, fmt.Errorf("control plane %s: %w", name, err)
	}
	if err := c.create(ctx); err != nil {
		return nil, fmt.Errorf("control plane %s: %w", name, err)
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterName": c.ClusterName, "arn": c.Arn, "endpoint": c.Endpoint,
		"certificateAuthorityData": c.CertificateData, "oidcIssuer": c.OidcIssuer,
		"oidcProviderArn": c.OidcProviderArn, "clusterSecurityGroupId": c.SecurityGroupID,
		"subnetIds": c.SubnetIDs, "kubeconfig": c.Kubeconfig,
	}); err != nil {
		return nil, fmt.Errorf("control plane %s: %w", name, err)
	}
	return c, nil
}

// errNoEKSCluster is returned when pulumi-eks's component answers without
// its aws cluster: the engine always gives it, a hand-written mock may not.
var errNoEKSCluster = errors.New("pulumi-eks's eks:index:Cluster returned no eksCluster output: " +
	"under pulumi.WithMocks, a mock must answer remote components as the engine would; " +
	"plan.Run (github.com/ekskit/ekskit/plan) does")

// oidcIssuer is the cluster's OIDC issuer URL, which EKS always reports.
func oidcIssuer(ids []awseks.ClusterIdentity) (string, error) {
	if len(ids) == 0 || len(ids[0].Oidcs) == 0 || ids[0].Oidcs[0].Issuer == nil {
		return "", errors.New("the EKS cluster reports no OIDC issuer (identities[0].oidcs[0].issuer)")
	}
	return *ids[0].Oidcs[0].Issuer, nil
}

func (c *ControlPlane) create(ctx *pulumi.Context) error {
	a, parent := c.args, pulumi.Parent(c)
	vpcID, subnetIDs := a.VpcID, a.SubnetIDs
	if vpcID == nil {
		vpc, err := ec2.LookupVpc(ctx, &ec2.LookupVpcArgs{Default: pulumi.BoolRef(true)}, parent)
		if err != nil {
			return fmt.Errorf("default VPC: %w", err)
		}
		subnets, err := ec2.GetSubnets(ctx, &ec2.GetSubnetsArgs{Filters: []ec2.GetSubnetsFilter{
			{Name: "vpc-id", Values: []string{vpc.Id}},
			{Name: "default-for-az", Values: []string{"true"}},
		}}, parent)
		if err != nil {
			return fmt.Errorf("default VPC subnets: %w", err)
		}
		vpcID, subnetIDs = pulumi.String(vpc.Id), pulumi.ToStringArray(subnets.Ids)
	}

	deps := slices.Clone(a.DependsOn)
	if len(a.LogTypes) > 0 {
		lg, err := cloudwatch.NewLogGroup(ctx, c.name+"-logs", &cloudwatch.LogGroupArgs{
			Name:            pulumi.String("/aws/eks/" + a.ClusterName + "/cluster"),
			RetentionInDays: pulumi.Int(a.LogRetentionDays),
			Tags:            pulumi.ToStringMap(a.Tags),
		}, parent)
		if err != nil {
			return fmt.Errorf("log group: %w", err)
		}
		c.LogGroup, deps = lg, append(deps, lg)
	}

	var keyARN pulumi.StringPtrInput
	switch {
	case a.EncryptionKeyARN != "":
		keyARN = pulumi.String(a.EncryptionKeyARN)
	case a.CreateEncryptionKey:
		key, err := kms.NewKey(ctx, c.name+"-secrets", &kms.KeyArgs{
			Description:          pulumi.String("EKS secrets encryption for cluster " + a.ClusterName),
			EnableKeyRotation:    pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(30),
			Tags:                 pulumi.ToStringMap(a.Tags),
		}, parent, pulumi.Protect(true), pulumi.RetainOnDelete(true))
		if err != nil {
			return fmt.Errorf("KMS key: %w", err)
		}
		c.EncryptionKey, keyARN = key, key.Arn
	}

	private, public := a.EndpointAccess != Public, a.EndpointAccess != Private
	authMode := eks.AuthenticationModeApi
	ca := &eks.ClusterArgs{
		Name:                  pulumi.String(a.ClusterName),
		Version:               pulumi.String(a.Version),
		ServiceRole:           a.ServiceRole,
		VpcId:                 vpcID,
		SubnetIds:             subnetIDs,
		EndpointPrivateAccess: pulumi.Bool(private),
		EndpointPublicAccess:  pulumi.Bool(public),
		SkipDefaultNodeGroup:  pulumi.BoolRef(true),
		UseDefaultVpcCni:      pulumi.BoolRef(true),
		AuthenticationMode:    &authMode,
		CreateOidcProvider:    pulumi.Bool(true),
		// An empty list, not nil: otherwise pulumi-eks creates a second EC2
		// node role <name>-instanceRole with an EC2_LINUX access entry that
		// nothing uses and that lets any instance with the role join the
		// cluster. EKS creates the node role's access entry itself when a
		// managed node group is created.
		InstanceRoles:          iam.RoleArray{},
		Tags:                   pulumi.ToStringMap(a.Tags),
		EncryptionConfigKeyArn: keyARN,
	}
	if public {
		ca.PublicAccessCidrs = pulumi.ToStringArray(a.PublicAccessCIDRs)
	}
	if len(a.LogTypes) > 0 {
		ca.EnabledClusterLogTypes = pulumi.ToStringArray(a.LogTypes)
	}
	if a.ServiceIPv4CIDR != "" {
		ca.KubernetesServiceIpAddressRange = pulumi.String(a.ServiceIPv4CIDR)
	}
	if len(a.Admins) > 0 {
		ca.AccessEntries = accessEntries(a.Admins)
	}
	clusterOpts := []pulumi.ResourceOption{parent, pulumi.DependsOn(deps),
		pulumi.Transforms([]pulumi.ResourceTransform{ChildTransform(c.awsVersion, a.SecurityGroupIDs, a.SupportType)})}
	if a.Protect {
		clusterOpts = append(clusterOpts, pulumi.Protect(true))
	}
	cluster, err := eks.NewCluster(ctx, c.name, ca, clusterOpts...)
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	c.Cluster = cluster
	ec := cluster.EksCluster.ApplyT(func(ec *awseks.Cluster) (*awseks.Cluster, error) {
		if ec == nil {
			return nil, errNoEKSCluster
		}
		return ec, nil
	}).(awseks.ClusterOutput)
	c.ClusterName, c.Arn, c.Endpoint = ec.Name(), ec.Arn(), ec.Endpoint()
	c.CertificateData = ec.CertificateAuthority().Data().Elem()
	c.OidcIssuer = ec.Identities().ApplyT(oidcIssuer).(pulumi.StringOutput)
	c.OidcProviderArn = pulumi.All(c.Arn, c.OidcIssuer).ApplyT(func(v []any) (string, error) {
		return roles.OIDCProviderARN(v[0].(string), v[1].(string))
	}).(pulumi.StringOutput)
	c.SecurityGroupID = ec.VpcConfig().ClusterSecurityGroupId().Elem()
	c.SubnetIDs = subnetIDs.ToStringArrayOutput()
	c.Kubeconfig = pulumi.ToSecret(cluster.KubeconfigJson).(pulumi.StringOutput)

	if a.Addons["vpc-cni"].IRSA {
		if err := c.createCNIRole(ctx); err != nil {
			return err
		}
	}
	for _, n := range slices.Sorted(maps.Keys(a.Addons)) {
		if BeforeNodes(n) {
			if err := c.addon(ctx, n, nil); err != nil {
				return err
			}
			c.NodeAddons = append(c.NodeAddons, c.Addons[n])
		} else {
			c.pending = append(c.pending, n)
		}
	}
	return nil
}

// BeforeNodes reports whether an add-on runs as a DaemonSet and so may be
// created before any node group.
func BeforeNodes(addon string) bool {
	switch addon {
	case "vpc-cni", "kube-proxy", "eks-pod-identity-agent":
		return true
	}
	return false
}

// InstallNodeAddons creates the add-ons that need running nodes (coredns and
// any other non-DaemonSet add-on), each depending on every given node
// group. Call it once, after the node groups; it is a no-op when there are
// no such add-ons.
//
// A [nodegroup.NodeGroup] component stands for its node group resource:
// the add-ons depend on that resource itself. (Pulumi turns a dependency on
// a component into dependencies on the children it has registered so far,
// which races with the registration of those children; pass other
// components' resources, not the components.)
func (c *ControlPlane) InstallNodeAddons(ctx *pulumi.Context, nodeGroups ...pulumi.Resource) error {
	if len(c.pending) == 0 {
		return nil
	}
	if len(nodeGroups) == 0 {
		return fmt.Errorf("control plane %s: add-ons %s need at least one node group", c.name, strings.Join(c.pending, ", "))
	}
	after := make([]pulumi.Resource, len(nodeGroups))
	for i, r := range nodeGroups {
		after[i] = r
		if ng, ok := r.(*nodegroup.NodeGroup); ok {
			after[i] = ng.NodeGroup
		}
	}
	pending := c.pending
	c.pending = nil
	for _, n := range pending {
		if err := c.addon(ctx, n, after); err != nil {
			return fmt.Errorf("control plane %s: %w", c.name, err)
		}
	}
	return nil
}

// PendingAddons are the add-ons waiting for [ControlPlane.InstallNodeAddons].
func (c *ControlPlane) PendingAddons() []string { return slices.Clone(c.pending) }

func (c *ControlPlane) addon(ctx *pulumi.Context, name string, after []pulumi.Resource) error {
	ad := c.args.Addons[name]
	onCreate := ad.ResolveConflicts
	if onCreate == "PRESERVE" {
		onCreate = "OVERWRITE"
	}
	args := &awseks.AddonArgs{
		ClusterName:              c.ClusterName,
		AddonName:                pulumi.String(name),
		ResolveConflictsOnCreate: pulumi.String(onCreate),
		ResolveConflictsOnUpdate: pulumi.String(ad.ResolveConflicts),
		Tags:                     pulumi.ToStringMap(c.args.Tags),
	}
	switch ad.Version {
	case "":
	case "latest":
		v, err := awseks.GetAddonVersion(ctx, &awseks.GetAddonVersionArgs{
			AddonName: name, KubernetesVersion: c.args.Version, MostRecent: pulumi.BoolRef(true),
		}, pulumi.Parent(c))
		if err != nil {
			return fmt.Errorf("add-on %s: latest version: %w", name, err)
		}
		args.AddonVersion = pulumi.String(v.Version)
	default:
		args.AddonVersion = pulumi.String(ad.Version)
	}
	if ad.ConfigurationValues != "" {
		args.ConfigurationValues = pulumi.String(ad.ConfigurationValues)
	}
	if ad.IRSA && c.CNIRole != nil {
		// aws-node must not start without the policy
		args.ServiceAccountRoleArn = c.CNIRole.Arn
		after = append(slices.Clone(after), c.cniPolicy)
	}
	a, err := awseks.NewAddon(ctx, c.name+"-"+name, args, pulumi.Parent(c), pulumi.DependsOn(after))
	if err != nil {
		return fmt.Errorf("add-on %s: %w", name, err)
	}
	c.Addons[name] = a
	return nil
}

func (c *ControlPlane) createCNIRole(ctx *pulumi.Context) error {
	trust := pulumi.All(c.OidcProviderArn, c.OidcIssuer).ApplyT(func(v []any) string {
		return roles.ServiceAccountTrustPolicy(v[0].(string), v[1].(string), "kube-system", "aws-node")
	}).(pulumi.StringOutput)
	policy := c.Arn.ApplyT(func(arn string) string {
		return roles.ManagedPolicyARN(strings.SplitN(arn, ":", 3)[1], roles.CNIPolicy)
	}).(pulumi.StringOutput)
	role, err := iam.NewRole(ctx, c.name+"-vpc-cni", &iam.RoleArgs{
		NamePrefix:       pulumi.String(roles.RoleNamePrefix(c.args.ClusterName+"-", "vpc-cni")),
		AssumeRolePolicy: trust,
		Tags:             pulumi.ToStringMap(c.args.Tags),
	}, pulumi.Parent(c))
	if err != nil {
		return fmt.Errorf("vpc-cni role: %w", err)
	}
	at, err := iam.NewRolePolicyAttachment(ctx, c.name+"-vpc-cni-"+roles.CNIPolicy, &iam.RolePolicyAttachmentArgs{
		Role: role.Name, PolicyArn: policy,
	}, pulumi.Parent(c))
	if err != nil {
		return fmt.Errorf("vpc-cni role policy: %w", err)
	}
	c.CNIRole, c.cniPolicy = role, at
	return nil
}

// accessEntries gives each admin AmazonEKSClusterAdminPolicy at cluster
// scope, keyed by a stable name derived from the principal.
func accessEntries(admins []string) map[string]eks.AccessEntryArgs {
	out := map[string]eks.AccessEntryArgs{}
	for _, arn := range admins {
		partition := "aws"
		if parts := strings.SplitN(arn, ":", 3); len(parts) == 3 {
			partition = parts[1]
		}
		out[AccessEntryKey(arn)] = eks.AccessEntryArgs{
			PrincipalArn: pulumi.String(arn),
			AccessPolicies: map[string]eks.AccessPolicyAssociationInput{
				"admin": eks.AccessPolicyAssociationArgs{
					PolicyArn:   pulumi.String(fmt.Sprintf("arn:%s:eks::aws:cluster-access-policy/%s", partition, AdminPolicy)),
					AccessScope: awseks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")},
				},
			},
		}
	}
	return out
}

var nonKey = regexp.MustCompile(`[^A-Za-z0-9-]+`)

// AccessEntryKey is the stable key of an admin's access entry: "admin-"
// plus the principal's type and name, e.g. admin-role-platform-admins.
func AccessEntryKey(principalARN string) string {
	res := principalARN
	if i := strings.LastIndex(principalARN, ":"); i >= 0 {
		res = principalARN[i+1:]
	}
	if u, err := url.PathUnescape(res); err == nil {
		res = u
	}
	return "admin-" + strings.Trim(nonKey.ReplaceAllString(res, "-"), "-")
}
