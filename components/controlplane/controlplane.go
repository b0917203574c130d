package controlplane

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-eks/sdk/v2/go/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/components/internal/deps"
	"github.com/ekskit/ekskit/components/internal/errs"
	"github.com/ekskit/ekskit/components/internal/plain"
	"github.com/ekskit/ekskit/components/roles"
	"github.com/ekskit/ekskit/components/spec"
)

const typeToken = "ekskit:controlplane:ControlPlane"

// AdminPolicy is the EKS access policy given to Settings.Admins
// ([spec.AdminPolicy]).
const AdminPolicy = spec.AdminPolicy

// Settings are the control plane's plain settings, shared with the stack
// config (`ekskit:cluster`). Package spec owns their defaults and rules.
type Settings = spec.Cluster

// Addon is one managed add-on's settings ([spec.Addon]).
type Addon = spec.Addon

// PodIdentity is an IAM role for the user's own workloads, which one
// service account's pods take through EKS Pod Identity
// ([spec.PodIdentity]).
type PodIdentity = spec.PodIdentity

// Access is an access entry for a principal other than the admins, with
// EKS access policies and Kubernetes groups ([spec.Access]).
type Access = spec.Access

// AccessScope is where an access policy applies ([spec.AccessScope]).
type AccessScope = spec.AccessScope

// Encryption is the envelope encryption of Kubernetes secrets
// ([spec.Encryption]).
type Encryption = spec.Encryption

// EndpointAccess is where the API server can be reached from
// ([spec.EndpointAccess]).
type EndpointAccess = spec.EndpointAccess

// Endpoint access modes ([spec.EndpointPublic], ...), so that a program
// that builds Settings needs no other package.
const (
	EndpointPublic           = spec.EndpointPublic
	EndpointPublicAndPrivate = spec.EndpointPublicAndPrivate
	EndpointPrivate          = spec.EndpointPrivate
)

// Args configure [New].
type Args struct {
	// Settings of the cluster and its add-ons; see [spec.Cluster] for each
	// field's default and constraint. Settings.Name is required.
	Settings Settings
	// Roles are the IAM roles from roles.New. Required. The cluster runs on
	// the cluster role and is created after its policy attachments (EKS
	// needs the policy to create the cluster, and to delete its network
	// interfaces, so the attachments must outlive it); policy ARNs are
	// built for the roles' partition.
	Roles *roles.Roles
	// Network places the cluster in a VPC whose IDs are outputs of other
	// resources of the program; not with Settings.VPCID and
	// Settings.SubnetIDs, which take IDs known in advance. Defaults to
	// those settings (and they to the account's default VPC, in the zones
	// EKS takes for a control plane: see the package doc).
	Network *Network
	// DependsOn are more resources the cluster waits for besides its inputs
	// and its role's policies; nil entries (an optional resource that was
	// not created) are left out. Defaults to none.
	DependsOn []pulumi.Resource
	// PoliciesPerRole is the account's quota of IAM managed policies per
	// role, which each add-on role's managed policies and
	// Settings.Addons[name].PolicyARNs must fit, as roles.Args's: at least
	// [spec.DefaultPoliciesPerRoleQuota], AWS's default, which 0 means.
	// Defaults to that.
	PoliciesPerRole int
}

// Network is a VPC and subnets given as Pulumi inputs. Both are required.
// Values given plainly (pulumi.String, a pulumi.StringArray of them) are
// checked before anything is registered, as Settings.VPCID and SubnetIDs
// are; outputs are sent as they resolve. With a Network, the cluster is
// not in the default VPC, whose range Settings.ServiceIPv4CIDR may take.
type Network struct {
	// VPCID is the VPC's id (vpc-...), usually an output such as
	// ec2.Vpc's ID. Required; no default.
	VPCID pulumi.StringInput
	// SubnetIDs are the control plane's subnets in that VPC: at least two,
	// in at least two availability zones. Required; no default.
	SubnetIDs pulumi.StringArrayInput
}

// ControlPlane is the component.
type ControlPlane struct {
	pulumi.ResourceState

	// Cluster is pulumi-eks's cluster component.
	Cluster *eks.Cluster
	// Addons are the add-ons created so far, by name.
	Addons map[string]*awseks.Addon
	// AddonRoles are the add-ons' own IAM roles, by add-on name: one for
	// each add-on whose settings ask for it ([Addon].OwnRole), with the
	// managed policies [spec.AddonRoleOf] names and the settings'
	// PolicyARNs attached. The add-ons take the roles New made: changing
	// this map changes nothing they get.
	AddonRoles map[string]*iam.Role
	// PodIdentityRoles are the IAM roles of [Settings].PodIdentities, by
	// name, each associated with its service account through EKS Pod
	// Identity (PodIdentityAssociations).
	PodIdentityRoles map[string]*iam.Role
	// PodIdentityAssociations are those associations, by name.
	PodIdentityAssociations map[string]*awseks.PodIdentityAssociation
	// NodeAddons are the DaemonSet add-ons (vpc-cni, kube-proxy,
	// eks-pod-identity-agent: see [spec.BeforeNodes]). Node groups built
	// with nodegroup.New depend on them, so that nodes start with pod
	// networking in place, and with vpc-cni's own role when the node role
	// lacks the CNI policy.
	NodeAddons []pulumi.Resource
	// EncryptionKey is the created KMS key, if any.
	EncryptionKey *kms.Key
	// LogGroup is the control-plane log group, if logging is on.
	LogGroup *cloudwatch.LogGroup

	// ClusterName is the EKS cluster's name, known once it exists.
	ClusterName pulumi.StringOutput `pulumi:"clusterName"`
	// ARN of the cluster.
	ARN pulumi.StringOutput `pulumi:"arn"`
	// Version is the cluster's Kubernetes version, as EKS reports it: the
	// version node groups follow unless they set their own.
	Version pulumi.StringOutput `pulumi:"version"`
	// Endpoint is the API server's URL.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// CertificateAuthorityData is the API server's CA bundle, base64.
	CertificateAuthorityData pulumi.StringOutput `pulumi:"certificateAuthorityData"`
	// OIDCIssuer is the cluster's OIDC issuer URL.
	OIDCIssuer pulumi.StringOutput `pulumi:"oidcIssuer"`
	// OIDCProviderARN is the ARN of the IAM OIDC provider for IRSA.
	OIDCProviderARN pulumi.StringOutput `pulumi:"oidcProviderArn"`
	// ClusterSecurityGroupID is the security group EKS creates for the cluster.
	ClusterSecurityGroupID pulumi.StringOutput `pulumi:"clusterSecurityGroupId"`
	// SubnetIDs are the control plane's subnets: the node groups' default.
	SubnetIDs pulumi.StringArrayOutput `pulumi:"subnetIds"`
	// Kubeconfig is the kubeconfig (JSON), marked secret.
	Kubeconfig pulumi.StringOutput `pulumi:"kubeconfig"`

	name string
	// settings are the defaulted settings.
	settings Settings
	// partition is the roles' partition, the one the ARNs are built for.
	partition string
	// addonRoles are the roles of AddonRoles, which the add-ons take, with
	// the policy attachments they wait for.
	addonRoles map[string]addonRole
	// mu guards pending and Addons: node groups may be built from several
	// goroutines, and only one may create the add-ons that need nodes.
	mu sync.Mutex
	// pending are the add-ons that wait for the first node group.
	pending []string
	// nodeRoles are the node roles node groups run on ([nodeRoleOf]), each
	// with the first group on it and whether its nodes are Windows
	// ([ControlPlane.UseNodeRole]).
	nodeRoles map[any]nodeRoleUse
	// awsVersion is the program's pulumi-aws version (see [ChildTransform]).
	awsVersion string
}

// Validate reports every problem with the args at once, before anything is
// registered: the settings' (at their key paths, as the stack config
// reports them) and the component's own.
func (a Args) Validate() error {
	validate := a.Settings.WithDefaults().Validate
	if a.Network != nil {
		validate = a.Settings.WithDefaults().ValidateWithNetwork
	}
	p := validate("")
	spec.PoliciesPerRoleArg(&p, "policiesPerRole", a.PoliciesPerRole)
	a.Settings.AddonRolePolicies(&p, "", a.PoliciesPerRole, "policiesPerRole")
	if a.Roles == nil {
		p.Add("roles", nil, "required: the roles.Roles whose cluster role the cluster runs on")
	} else {
		p = append(p, a.Roles.Usable("roles")...)
		a.Settings.SamePartition(&p, "", a.Roles.Partition, "the roles' partition (Roles.Partition) is")
	}
	if n := a.Network; n != nil {
		if n.VPCID == nil || n.SubnetIDs == nil {
			p.Add("network", nil, "set both VPCID and SubnetIDs")
		}
		// values given as plain inputs can be checked now
		if id, ok := n.VPCID.(pulumi.String); ok && id == "" {
			p.Add("network.vpcId", "", "required: the VPC's id (vpc-...)")
		} else if ok {
			spec.VPCID(&p, "network.vpcId", string(id))
		}
		if ids, ok := n.SubnetIDs.(pulumi.StringArray); ok && len(ids) < 2 {
			p.Add("network.subnetIds", len(ids), "need at least two subnets, in at least two availability zones")
		}
		if ids, ok := plain.Strings(n.SubnetIDs); ok {
			spec.SubnetIDs(&p, "network.subnetIds", ids)
		}
		// a zero output never resolves: the program would hang
		if o, ok := n.VPCID.(pulumi.StringOutput); ok && o.OutputState == nil {
			p.Add("network.vpcId", nil, "a zero pulumi.StringOutput: give a resource's output, such as an ec2.Vpc's ID()")
		}
		if o, ok := n.SubnetIDs.(pulumi.StringArrayOutput); ok && o.OutputState == nil {
			p.Add("network.subnetIds", nil, "a zero pulumi.StringArrayOutput: give the subnets' IDs")
		}
		if a.Settings.VPCID != "" || len(a.Settings.SubnetIDs) > 0 {
			p.Add("network", nil, "not with vpcId and subnetIds in the settings: set the VPC one way")
		}
	}
	return p.Err()
}

// New creates the control plane and the add-ons that run as DaemonSets.
// The other add-ons (coredns, ...) need nodes: the first node group built
// on this control plane with nodegroup.New creates them, depending on it.
// An invalid Args (nil args lack the required Roles and Settings.Name) is
// an error before anything is registered, naming the control plane and
// every problem.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (_ *ControlPlane, err error) {
	defer errs.Wrap(&err, "control plane %s", name)
	if args, err = deps.Prepare(args, Args.Validate, opts); err != nil {
		return nil, err
	}
	if err := checkPulumiVersion(ctx.RequirePulumiVersion); err != nil {
		return nil, err
	}
	c := &ControlPlane{name: name, settings: args.Settings.WithDefaults(), partition: args.Roles.Partition,
		Addons: map[string]*awseks.Addon{}, AddonRoles: map[string]*iam.Role{}, addonRoles: map[string]addonRole{},
		PodIdentityRoles: map[string]*iam.Role{}, PodIdentityAssociations: map[string]*awseks.PodIdentityAssociation{},
		awsVersion: AWSVersion()}
	if err := ctx.RegisterComponentResource(typeToken, name, c, opts...); err != nil {
		return nil, err
	}
	if err := c.create(ctx, args); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterName": c.ClusterName, "arn": c.ARN, "version": c.Version, "endpoint": c.Endpoint,
		"certificateAuthorityData": c.CertificateAuthorityData, "oidcIssuer": c.OIDCIssuer,
		"oidcProviderArn": c.OIDCProviderARN, "clusterSecurityGroupId": c.ClusterSecurityGroupID,
		"subnetIds": c.SubnetIDs, "kubeconfig": c.Kubeconfig,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// errNoEKSCluster is returned when pulumi-eks's component answers without
// its aws cluster: the engine always gives it, a hand-written mock may not.
var errNoEKSCluster = errors.New("pulumi-eks's eks:index:Cluster returned no eksCluster output: " +
	"under pulumi.WithMocks, a mock must answer remote components as the engine would; " +
	"plan.Run (github.com/ekskit/ekskit/plan) does")

// The callbacks of the control plane's outputs. Their errors reach the
// program after New has returned, so each names the control plane itself.

// eksCluster is pulumi-eks's aws cluster, which a hand-written mock may
// leave out.
func (c *ControlPlane) eksCluster(ec *awseks.Cluster) (_ *awseks.Cluster, err error) {
	defer errs.Wrap(&err, "control plane %s", c.name)
	if ec == nil {
		return nil, errNoEKSCluster
	}
	return ec, nil
}

// oidcIssuer is the cluster's OIDC issuer URL, which EKS always reports.
func (c *ControlPlane) oidcIssuer(ids []awseks.ClusterIdentity) (_ string, err error) {
	defer errs.Wrap(&err, "control plane %s", c.name)
	if len(ids) == 0 || len(ids[0].Oidcs) == 0 || ids[0].Oidcs[0].Issuer == nil {
		return "", errors.New("the EKS cluster reports no OIDC issuer (identities[0].oidcs[0].issuer)")
	}
	return *ids[0].Oidcs[0].Issuer, nil
}

// oidcProviderARN is the ARN of the IAM OIDC provider of the cluster's
// issuer, from the cluster's ARN and the issuer ([]any{arn, issuer}).
func (c *ControlPlane) oidcProviderARN(v []any) (_ string, err error) {
	defer errs.Wrap(&err, "control plane %s", c.name)
	return roles.OIDCProviderARN(c.partition, v[0].(string), v[1].(string))
}

// Settings are the control plane's settings, defaulted: a copy, whose
// change changes nothing the control plane does.
func (c *ControlPlane) Settings() Settings { return c.settings.Clone() }

func (c *ControlPlane) create(ctx *pulumi.Context, args *Args) error {
	a, parent := c.settings, pulumi.Parent(c)
	var vpcID pulumi.StringInput = pulumi.String(a.VPCID)
	var subnetIDs pulumi.StringArrayInput = pulumi.ToStringArray(a.SubnetIDs)
	if n := args.Network; n != nil {
		vpcID, subnetIDs = n.VPCID, n.SubnetIDs
	} else if a.VPCID == "" {
		vpc, subnets, err := defaultNetwork(ctx, parent)
		if err != nil {
			return err
		}
		vpcID, subnetIDs = pulumi.String(vpc), pulumi.ToStringArray(subnets)
	}

	waitFor := deps.Present(args.Roles.ClusterRoleAttachments, args.DependsOn)
	if len(a.Logging) > 0 {
		// protected with the cluster: its audit logs go with it
		lg, err := cloudwatch.NewLogGroup(ctx, c.name+"-logs", &cloudwatch.LogGroupArgs{
			Name:            pulumi.String("/aws/eks/" + a.Name + "/cluster"),
			RetentionInDays: pulumi.Int(*a.LogRetentionDays),
			Tags:            pulumi.ToStringMap(a.Tags),
		}, parent, pulumi.Protect(a.Protect))
		if err != nil {
			return fmt.Errorf("log group: %w", err)
		}
		c.LogGroup, waitFor = lg, append(waitFor, lg)
	}

	var keyARN pulumi.StringPtrInput
	switch e := a.Encryption; {
	case e == nil:
	case e.KeyARN != "":
		keyARN = pulumi.String(e.KeyARN)
	case e.Create:
		keep := e.ProtectKey()
		key, err := kms.NewKey(ctx, c.name+"-secrets", &kms.KeyArgs{
			Description:          pulumi.String("EKS secrets encryption for cluster " + a.Name),
			EnableKeyRotation:    pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(30),
			Tags:                 pulumi.ToStringMap(a.Tags),
		}, parent, pulumi.Protect(keep), pulumi.RetainOnDelete(keep))
		if err != nil {
			return fmt.Errorf("KMS key: %w", err)
		}
		c.EncryptionKey, keyARN = key, key.Arn
	}

	private, public := a.EndpointAccess != spec.EndpointPublic, a.EndpointAccess != spec.EndpointPrivate
	authMode := eks.AuthenticationModeApi
	ca := &eks.ClusterArgs{
		Name:                  pulumi.String(a.Name),
		Version:               pulumi.String(a.Version),
		ServiceRole:           args.Roles.ClusterRole,
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
	if len(a.Logging) > 0 {
		ca.EnabledClusterLogTypes = pulumi.ToStringArray(a.Logging)
	}
	if a.ServiceIPv4CIDR != "" {
		ca.KubernetesServiceIpAddressRange = pulumi.String(a.ServiceIPv4CIDR)
	}
	if len(a.Admins)+len(a.Access) > 0 {
		ca.AccessEntries = accessEntries(c.partition, a.Admins, a.Access, a.Tags)
	}
	clusterOpts := []pulumi.ResourceOption{parent, pulumi.DependsOn(waitFor),
		pulumi.Transforms([]pulumi.ResourceTransform{ChildTransform(c.awsVersion, a.SecurityGroupIDs, a.SupportType)})}
	if a.Protect {
		clusterOpts = append(clusterOpts, pulumi.Protect(true))
	}
	cluster, err := eks.NewCluster(ctx, c.name, ca, clusterOpts...)
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	c.Cluster = cluster
	ec := cluster.EksCluster.ApplyT(c.eksCluster).(awseks.ClusterOutput)
	c.ClusterName, c.ARN, c.Endpoint, c.Version = ec.Name(), ec.Arn(), ec.Endpoint(), ec.Version()
	c.CertificateAuthorityData = ec.CertificateAuthority().Data().Elem()
	c.OIDCIssuer = ec.Identities().ApplyT(c.oidcIssuer).(pulumi.StringOutput)
	c.OIDCProviderARN = pulumi.All(c.ARN, c.OIDCIssuer).ApplyT(c.oidcProviderARN).(pulumi.StringOutput)
	c.ClusterSecurityGroupID = ec.VpcConfig().ClusterSecurityGroupId().Elem()
	c.SubnetIDs = subnetIDs.ToStringArrayOutput()
	c.Kubeconfig = pulumi.ToSecret(cluster.KubeconfigJson).(pulumi.StringOutput)

	for _, n := range a.AddonsWithRoles() {
		if err := c.createAddonRole(ctx, n, args.Roles); err != nil {
			return err
		}
	}
	// by name: eks-pod-identity-agent before vpc-cni, which may wait for it
	for _, n := range slices.Sorted(maps.Keys(a.Addons)) {
		if spec.BeforeNodes(n) {
			if err := c.addon(ctx, n, nil); err != nil {
				return err
			}
			c.NodeAddons = append(c.NodeAddons, c.Addons[n])
		} else {
			c.pending = append(c.pending, n)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(a.PodIdentities)) {
		if err := c.podIdentity(ctx, name, args.Roles); err != nil {
			return err
		}
	}
	return nil
}

// podIdentity makes the IAM role of the pod identity named name, which
// trusts EKS Pod Identity, in the roles' path and permissions boundary,
// with its policies, and associates it with its service account. The
// association waits for the policies: pods that take the role have its
// permissions from the start.
func (c *ControlPlane) podIdentity(ctx *pulumi.Context, name string, r *roles.Roles) error {
	pi := c.settings.PodIdentities[name]
	key := c.name + "-pod-" + name
	role, attached, err := c.ownRole(ctx, key, "pod-"+name, pulumi.String(roles.TrustPolicy(roles.PodIdentityStatement())), pi.PolicyARNs, r)
	if err != nil {
		return fmt.Errorf("pod identity %s %w", name, err)
	}
	assoc, err := awseks.NewPodIdentityAssociation(ctx, key, &awseks.PodIdentityAssociationArgs{
		ClusterName: c.ClusterName, Namespace: pulumi.String(pi.Namespace), ServiceAccount: pulumi.String(pi.ServiceAccount),
		RoleArn: role.Arn, Tags: pulumi.ToStringMap(c.settings.Tags),
	}, pulumi.Parent(c), pulumi.DependsOn(attached))
	if err != nil {
		return fmt.Errorf("pod identity %s association: %w", name, err)
	}
	c.PodIdentityRoles[name], c.PodIdentityAssociations[name] = role, assoc
	return nil
}

// defaultNetwork looks up the account's default VPC and those of its
// default subnets (one per Availability Zone) that are in zones EKS takes
// for a control plane: the region's zones less
// [spec.ControlPlaneExcludedZoneIDs], whose subnets CreateCluster refuses
// (use1-az3 is one of us-east-1's six). Fewer than two such subnets is an
// error now rather than at CreateCluster, which needs two zones.
func defaultNetwork(ctx *pulumi.Context, parent pulumi.ResourceOrInvokeOption) (string, []string, error) {
	vpc, err := ec2.LookupVpc(ctx, &ec2.LookupVpcArgs{Default: pulumi.BoolRef(true)}, parent)
	if err != nil {
		return "", nil, fmt.Errorf("default VPC: %w", err)
	}
	zones, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{
		ExcludeZoneIds: spec.ControlPlaneExcludedZoneIDs}, parent)
	if err != nil {
		return "", nil, fmt.Errorf("availability zones: %w", err)
	}
	var subnets []string
	if len(zones.ZoneIds) > 0 { // none: no subnet to look for
		found, err := ec2.GetSubnets(ctx, &ec2.GetSubnetsArgs{Filters: []ec2.GetSubnetsFilter{
			{Name: "vpc-id", Values: []string{vpc.Id}},
			{Name: "default-for-az", Values: []string{"true"}},
			{Name: "availability-zone-id", Values: zones.ZoneIds},
		}}, parent)
		if err != nil {
			return "", nil, fmt.Errorf("default VPC subnets: %w", err)
		}
		subnets = found.Ids
	}
	if len(subnets) < 2 {
		return "", nil, fmt.Errorf("default VPC %s: %d default subnet(s) in zones EKS takes for a control plane "+
			"(not %s), and EKS needs two, in two zones: set vpcId and subnetIds",
			vpc.Id, len(subnets), strings.Join(spec.ControlPlaneExcludedZoneIDs, ", "))
	}
	return vpc.Id, subnets, nil
}

// nodeRoleUse is the first node group on a node role of the cluster.
type nodeRoleUse struct {
	group   string
	windows bool
}

// UseNodeRole is how nodegroup.New tells the control plane that node group
// group runs on r's node role, with Windows nodes or not, before the group
// is registered. A node role runs nodes of one operating system in a
// cluster: EKS gives it one access entry there, EC2_LINUX or EC2_WINDOWS
// (EKS user guide, "Deploy Windows nodes on EKS clusters"), so a group of
// the other system on a role an earlier group runs on is a problem at
// roles. Roles are told apart by their node role ([nodeRoleOf]).
func (c *ControlPlane) UseNodeRole(group string, r *roles.Roles, windows bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := nodeRoleOf(r)
	use, ok := c.nodeRoles[key]
	switch {
	case !ok:
		if c.nodeRoles == nil {
			c.nodeRoles = map[any]nodeRoleUse{}
		}
		c.nodeRoles[key] = nodeRoleUse{group, windows}
		return nil
	case use.windows == windows:
		return nil
	}
	system := map[bool]string{false: "Linux", true: "Windows"}
	var p spec.Problems
	p.Add("roles", nil, "node group %s runs %s nodes on these roles' node role, and EKS gives a node role one access entry "+
		"in a cluster (EC2_LINUX or EC2_WINDOWS): give the %s nodes roles of their own (another roles.New)", use.group, system[use.windows], system[windows])
	return p.Err()
}

// nodeRoleOf is what tells r's node role apart from others: its
// *iam.Role, which two roles.Roles built by hand around one role share,
// else r itself. Two reads of one role (two iam.GetRole calls) are two
// *iam.Role values and are not told to be one: their ARNs are not known
// while the program registers its resources.
func nodeRoleOf(r *roles.Roles) any {
	if r.NodeRole != nil {
		return r.NodeRole
	}
	return r
}

// NodeGroupCreated is how nodegroup.New tells the control plane that a
// node group exists: the first call
// creates the add-ons that need nodes (coredns, ...; see
// [spec.BeforeNodes]), each depending on nodeGroup (the
// aws:eks/nodeGroup:NodeGroup resource itself: a dependency on a component
// would race with the registration of its children); later calls do
// nothing. Build first a group whose nodes run them, with nodes
// (cluster.Build orders them so; nodegroup.New warns of a Windows or
// tainted first group, [spec.NodeGroup.AdmitsCoreDNS]): coredns on no
// node it can run on stays DEGRADED and its creation fails after 20
// minutes.
//
// It returns the add-ons this call created (none when an earlier call
// had), so that the group that got them can warn of nodes that may not
// run them.
func (c *ControlPlane) NodeGroupCreated(ctx *pulumi.Context, nodeGroup pulumi.Resource) ([]string, error) {
	return c.installNodeAddons(ctx, []pulumi.Resource{nodeGroup})
}

// InstallNodeAddons creates the add-ons that need nodes, each depending on
// the given resources, if they were not created yet: for nodes that are
// not built with nodegroup.New (Karpenter, Fargate, self-managed groups),
// pass what brings the first nodes up. Without it, or a node group built
// with nodegroup.New, those add-ons are not created. Nil entries of after
// are left out. Node groups may be built from several goroutines: one call
// creates the add-ons, the others do nothing.
func (c *ControlPlane) InstallNodeAddons(ctx *pulumi.Context, after ...pulumi.Resource) error {
	_, err := c.installNodeAddons(ctx, after)
	return err
}

// installNodeAddons is [ControlPlane.InstallNodeAddons], returning the
// add-ons it created.
func (c *ControlPlane) installNodeAddons(ctx *pulumi.Context, after []pulumi.Resource) (created []string, err error) {
	defer errs.Wrap(&err, "control plane %s", c.name)
	after = deps.Present(after)
	c.mu.Lock()
	pending := c.pending
	if len(pending) > 0 && len(after) > 0 {
		c.pending = nil
	}
	c.mu.Unlock()
	if len(pending) == 0 {
		return nil, nil
	}
	if len(after) == 0 {
		return nil, fmt.Errorf("add-ons %s need what brings the first nodes up", strings.Join(pending, ", "))
	}
	for _, n := range pending {
		if err := c.addon(ctx, n, after); err != nil {
			return nil, err
		}
	}
	return pending, nil
}

// PendingAddons are the add-ons that need nodes and are not created yet.
func (c *ControlPlane) PendingAddons() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.pending)
}

func (c *ControlPlane) addon(ctx *pulumi.Context, name string, after []pulumi.Resource) error {
	ad := c.settings.Addons[name]
	onCreate := ad.ResolveConflicts
	if onCreate == "PRESERVE" { // the provider's create takes NONE or OVERWRITE ([spec.Addon].ResolveConflicts)
		onCreate = "OVERWRITE"
	}
	args := &awseks.AddonArgs{
		ClusterName:              c.ClusterName,
		AddonName:                pulumi.String(name),
		ResolveConflictsOnCreate: pulumi.String(onCreate),
		ResolveConflictsOnUpdate: pulumi.String(ad.ResolveConflicts),
		Preserve:                 pulumi.Bool(ad.Preserved()),
		Tags:                     pulumi.ToStringMap(c.settings.Tags),
	}
	switch ad.Version {
	case "":
	case "latest":
		v, err := awseks.GetAddonVersion(ctx, &awseks.GetAddonVersionArgs{
			AddonName: name, KubernetesVersion: c.settings.Version, MostRecent: pulumi.BoolRef(true),
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
	if r, ok := c.addonRoles[name]; ok { // made for its settings' IRSA or Pod Identity
		// the software must not start without its permissions
		after = append(slices.Clone(after), r.policies...)
		if ad.IRSA {
			args.ServiceAccountRoleArn = r.role.Arn
		}
		if ad.PodIdentity {
			need, _ := spec.AddonRoleOf(name)
			args.PodIdentityAssociations = awseks.AddonPodIdentityAssociationArray{awseks.AddonPodIdentityAssociationArgs{
				RoleArn: r.role.Arn, ServiceAccount: pulumi.String(need.PodIdentityAccount),
			}}
			// validation holds an add-on with PodIdentity to a cluster
			// with the agent, created before nodes and so before it
			c.mu.Lock()
			agent := c.Addons[spec.PodIdentityAgent]
			c.mu.Unlock()
			if agent == nil {
				return fmt.Errorf("add-on %s: its role goes through EKS Pod Identity, and %s is not created before it", name, spec.PodIdentityAgent)
			}
			after = append(after, agent)
		}
	}
	a, err := awseks.NewAddon(ctx, c.name+"-"+name, args, pulumi.Parent(c), pulumi.DependsOn(after))
	if err != nil {
		return fmt.Errorf("add-on %s: %w", name, err)
	}
	c.mu.Lock()
	c.Addons[name] = a
	c.mu.Unlock()
	return nil
}

// addonRole is an add-on's own IAM role and its policy attachments.
type addonRole struct {
	role     *iam.Role
	policies []pulumi.Resource
}

// createAddonRole makes the IAM role of an add-on that asks for one
// ([Addon].OwnRole): trusted by its service account through the
// cluster's OIDC provider (IRSA), by EKS Pod Identity (PodIdentity), or
// both; in the roles' path and permissions boundary, with the managed
// policies its software needs ([spec.AddonRoleOf]) and its settings'
// PolicyARNs.
func (c *ControlPlane) createAddonRole(ctx *pulumi.Context, addon string, r *roles.Roles) error {
	need, _ := spec.AddonRoleOf(addon) // validation let only spec.OwnRoleAddons ask
	ad := c.settings.Addons[addon]
	trust := pulumi.String(roles.TrustPolicy(roles.PodIdentityStatement())).ToStringOutput()
	if ad.IRSA {
		trust = pulumi.All(c.OIDCProviderARN, c.OIDCIssuer).ApplyT(func(v []any) string {
			irsa := roles.ServiceAccountStatement(v[0].(string), v[1].(string), need.Namespace, need.ServiceAccount)
			if ad.PodIdentity {
				return roles.TrustPolicy(irsa, roles.PodIdentityStatement())
			}
			return roles.TrustPolicy(irsa)
		}).(pulumi.StringOutput)
	}
	arns := make([]string, 0, len(need.Policies)+len(ad.PolicyARNs))
	for _, policy := range need.Policies {
		arns = append(arns, roles.ManagedPolicyARN(c.partition, policy))
	}
	role, attached, err := c.ownRole(ctx, c.name+"-"+addon, need.Short, trust, append(arns, ad.PolicyARNs...), r)
	if err != nil {
		return fmt.Errorf("%s %w", addon, err)
	}
	c.AddonRoles[addon], c.addonRoles[addon] = role, addonRole{role, attached}
	return nil
}

// ownRole makes an IAM role of the control plane's, key its resource
// name: named after the cluster and kind, trusted by trust, in the roles'
// path and permissions boundary, with the cluster's tags and the policies
// arns (each name once: validation holds them to it), attached by
// resources of their own named after key and the policy.
func (c *ControlPlane) ownRole(ctx *pulumi.Context, key, kind string, trust pulumi.StringInput, arns []string,
	r *roles.Roles) (*iam.Role, []pulumi.Resource, error) {
	ra := &iam.RoleArgs{
		NamePrefix:       pulumi.String(roles.RoleNamePrefix(c.settings.Name+"-", kind)),
		AssumeRolePolicy: trust,
		Tags:             pulumi.ToStringMap(c.settings.Tags),
	}
	if r.Path != "" {
		ra.Path = pulumi.String(r.Path)
	}
	if r.PermissionsBoundary != "" {
		ra.PermissionsBoundary = pulumi.String(r.PermissionsBoundary)
	}
	role, err := iam.NewRole(ctx, key, ra, pulumi.Parent(c))
	if err != nil {
		return nil, nil, fmt.Errorf("role: %w", err)
	}
	var attached []pulumi.Resource
	for _, arn := range arns {
		at, err := iam.NewRolePolicyAttachment(ctx, key+"-"+spec.PolicyName(arn), &iam.RolePolicyAttachmentArgs{
			Role: role.Name, PolicyArn: pulumi.String(arn),
		}, pulumi.Parent(c))
		if err != nil {
			return nil, nil, fmt.Errorf("role policy %s: %w", arn, err)
		}
		attached = append(attached, at)
	}
	return role, attached, nil
}

// accessEntries gives each admin AmazonEKSClusterAdminPolicy at cluster
// scope, and each other principal of access its policies and groups, keyed
// by a stable name derived from the principal; each entry has the
// cluster's tags.
func accessEntries(partition string, admins []string, access []spec.Access, tags map[string]string) map[string]eks.AccessEntryArgs {
	var entryTags pulumi.StringMapInput
	if len(tags) > 0 {
		entryTags = pulumi.ToStringMap(tags)
	}
	policyARN := func(name string) pulumi.String {
		return pulumi.String(fmt.Sprintf("arn:%s:eks::aws:cluster-access-policy/%s", partition, name))
	}
	out := map[string]eks.AccessEntryArgs{}
	for _, arn := range admins {
		out[AccessEntryKey(arn)] = eks.AccessEntryArgs{
			PrincipalArn: pulumi.String(arn),
			Tags:         entryTags,
			AccessPolicies: map[string]eks.AccessPolicyAssociationInput{
				"admin": eks.AccessPolicyAssociationArgs{
					PolicyArn:   policyARN(AdminPolicy),
					AccessScope: awseks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")},
				},
			},
		}
	}
	for _, a := range access {
		entry := eks.AccessEntryArgs{PrincipalArn: pulumi.String(a.PrincipalARN), Tags: entryTags}
		if len(a.KubernetesGroups) > 0 {
			entry.KubernetesGroups = pulumi.ToStringArray(a.KubernetesGroups)
		}
		if len(a.Policies) > 0 {
			entry.AccessPolicies = map[string]eks.AccessPolicyAssociationInput{}
		}
		for name, scope := range a.Policies {
			s := awseks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")}
			if len(scope.Namespaces) > 0 {
				s = awseks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("namespace"),
					Namespaces: pulumi.ToStringArray(scope.Namespaces)}
			}
			entry.AccessPolicies[name] = eks.AccessPolicyAssociationArgs{PolicyArn: policyARN(name), AccessScope: s}
		}
		out[AccessKey(a.PrincipalARN)] = entry
	}
	return out
}

// AccessEntryKey is the key of an admin's access entry, which names its
// resources: "admin-", the account, "-" and the principal as its ARN ends,
// e.g. admin-111122223333-role/platform-admins. Two principals never share
// a key, whatever their names and paths.
func AccessEntryKey(principalARN string) string { return principalKey("admin-", principalARN) }

// AccessKey is the key of the access entry of [Settings].Access for a
// principal, as [AccessEntryKey] but after "access-", e.g.
// access-111122223333-role/developers. A principal moved between admins
// and access gets another key: its entry is deleted and made again, in
// two pulumi ups (EKS allows one entry per principal).
func AccessKey(principalARN string) string { return principalKey("access-", principalARN) }

func principalKey(prefix, principalARN string) string {
	// arn:<partition>:iam::<account>:<type>/<path><name>
	parts := strings.SplitN(principalARN, ":", 6)
	if len(parts) < 6 {
		return prefix + principalARN
	}
	return prefix + parts[4] + "-" + parts[5]
}
