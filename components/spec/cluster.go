package spec

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

// EndpointAccess says where the cluster's API server endpoint can be
// reached from.
type EndpointAccess string

// Endpoint access modes.
const (
	// EndpointPublic: reachable from outside the VPC; nodes leave the VPC to reach it.
	EndpointPublic EndpointAccess = "public"
	// EndpointPublicAndPrivate: reachable from outside; nodes stay inside the VPC.
	EndpointPublicAndPrivate EndpointAccess = "public-and-private"
	// EndpointPrivate: reachable only from inside the VPC.
	EndpointPrivate EndpointAccess = "private"
)

// AdminPolicy is the EKS access policy given to [Cluster].Admins.
const AdminPolicy = "AmazonEKSClusterAdminPolicy"

// Defaults of the cluster settings.
const (
	// DefaultVersion is the newest Kubernetes version in standard support
	// (see [LimitsDate]).
	DefaultVersion          = "1.35"
	DefaultEndpointAccess   = EndpointPublicAndPrivate
	DefaultLogRetentionDays = 90
	DefaultSupportType      = "STANDARD"
	DefaultResolveConflicts = "OVERWRITE"
)

// DefaultAddons are the add-ons managed when Cluster.Addons is nil.
var DefaultAddons = []string{"coredns", "kube-proxy", "vpc-cni"}

// Cluster are the settings of the EKS control plane and its add-ons
// (component controlplane; config `ekskit:cluster`).
type Cluster struct {
	// Name of the EKS cluster: 1 to 100 letters, digits, - or _, starting
	// with a letter or digit. Required. Changing it replaces the cluster.
	Name string `json:"name"`
	// Version is the Kubernetes version, one of [SupportedVersions].
	// Defaults to [DefaultVersion].
	Version string `json:"version"`
	// VPCID of the cluster (vpc-…), set together with SubnetIDs. Defaults
	// (both unset) to the account's default VPC.
	VPCID string `json:"vpcId"`
	// SubnetIDs of the control plane (subnet-…): at least two, in at least
	// two availability zones, none in a zone of
	// [ControlPlaneExcludedZoneIDs] (not checked here: ids do not say
	// their zone). Defaults to the default VPC's default subnets in the
	// zones EKS takes for a control plane (all but those).
	SubnetIDs []string `json:"subnetIds"`
	// SecurityGroupIDs are at most 3 extra control-plane security groups
	// (sg-…): EKS takes 4, and pulumi-eks's cluster security group is one.
	// Defaults to none.
	SecurityGroupIDs []string `json:"securityGroupIds"`
	// ServiceIPv4CIDR is the Kubernetes service range: /12 to /24 inside
	// 10/8, 172.16/12 or 192.168/16, outside the VPC's range (the default
	// VPC's is 172.31.0.0/16, checked; another VPC's is not known here).
	// Defaults to EKS's choice (10.100.0.0/16 or 172.20.0.0/16). Changing
	// it replaces the cluster.
	ServiceIPv4CIDR string `json:"serviceIpv4Cidr"`
	// EndpointAccess is where the API server can be reached from. Defaults
	// to [EndpointPublicAndPrivate].
	EndpointAccess EndpointAccess `json:"endpointAccess"`
	// PublicAccessCIDRs may reach a public endpoint: 1 to 40 IPv4
	// networks, none inside a private (RFC 1918) or documentation (RFC
	// 5737) range, which EKS does not allow; none with [EndpointPrivate].
	// Defaults, when nil, to
	// 0.0.0.0/0 when the endpoint is public; an empty list is refused
	// there, as an allow-list that lost its entries, not a request for the
	// whole internet.
	PublicAccessCIDRs []string `json:"publicAccessCidrs"`
	// Logging lists the control-plane log types to send to CloudWatch Logs
	// (api, audit, authenticator, controllerManager, scheduler), each once.
	// Defaults to none.
	Logging []string `json:"logging"`
	// LogRetentionDays of the log group /aws/eks/<name>/cluster, a CloudWatch
	// retention period (1, 3, 5, 7, 14, 30, 60, 90, … 3653), or 0 to keep
	// the logs forever (CloudWatch's "never expire"). The log group exists
	// only with Logging: without it, this has no effect. Defaults to 90.
	LogRetentionDays *int `json:"logRetentionDays"`
	// Encryption of Kubernetes secrets with a customer KMS key. Defaults to
	// none (EKS's default envelope encryption with an AWS-owned key).
	Encryption *Encryption `json:"encryption"`
	// Admins are at most 50 IAM role or user ARNs
	// (arn:<partition>:iam::<account>:role/<path><name>, or user/; not an
	// STS session, nor a service-linked role), each once and in no entry
	// of Access, given [AdminPolicy] access entries, keyed by account and
	// principal (controlplane.AccessEntryKey). Defaults to none (the
	// principal that creates the cluster is admin; do not list it).
	Admins []string `json:"admins"`
	// Access are access entries for other principals than admins: each an
	// IAM role or user with EKS access policies (view, edit, admin in
	// some namespaces) or Kubernetes groups ([Access]), keyed by account
	// and principal (controlplane.AccessKey). Defaults to none.
	Access []Access `json:"access"`
	// PodIdentities are IAM roles for the user's own workloads, by name:
	// each a role that trusts EKS Pod Identity (pods.eks.amazonaws.com,
	// sts:AssumeRole and sts:TagSession), with its PolicyARNs, in the
	// roles' path and permissions boundary, and an EKS Pod Identity
	// association of it with one service account, whose pods then take
	// it. No two name one service account, nor one an add-on's
	// association (PodIdentity) names. Needs the eks-pod-identity-agent
	// add-on in Addons. Defaults to none.
	PodIdentities map[string]PodIdentity `json:"podIdentities"`
	// Addons are the EKS managed add-ons, by name: lower-case letters,
	// digits, - and _ (marketplace add-ons are vendor_name); a name close
	// to a common add-on's but not one is a typo. Defaults (nil) to vpc-cni,
	// coredns and kube-proxy at EKS's default versions; an empty map
	// manages none. Add-ons that are not DaemonSets ([BeforeNodes] false,
	// such as coredns) are created after the first node group built on the
	// control plane (nodegroup.New), or by ControlPlane.InstallNodeAddons
	// for nodes built otherwise; without either they are not created.
	Addons map[string]Addon `json:"addons"`
	// SupportType is STANDARD or EXTENDED (six times the hourly price).
	// Defaults to STANDARD.
	SupportType string `json:"supportType"`
	// Tags on the cluster, its add-ons, log group and key, and (merged
	// under theirs) its node groups; cluster.Build also puts them on the
	// roles. At most 48 (AWS takes 50, and pulumi-eks adds Name and
	// kubernetes.io/cluster/<name> unless given), keys 1 to 128 characters
	// without the aws: prefix, values at most 256, both of letters, digits,
	// spaces and _.:/=+-@ (IAM's set: they reach roles). Defaults to none.
	Tags map[string]string `json:"tags"`
	// Protect the cluster from deletion (`pulumi destroy` refuses): the
	// pulumi-eks component and its children, the EKS cluster among them,
	// and the control-plane log group, whose logs (audit logs among them)
	// go with it; not the roles, add-ons or node groups (pass
	// pulumi.Protect to a component for all its children). Logging turned
	// off on a protected cluster is refused too: unprotect it first.
	// Defaults to false.
	Protect bool `json:"protect"`
}

// Encryption is the secrets-encryption key: exactly one of KeyARN or Create.
type Encryption struct {
	// KeyARN of an existing symmetric KMS key in the cluster's region
	// (arn:<partition>:kms:<region>:<account>:key/<id>, a multi-Region
	// key's id starting with mrk-). Not an alias: EKS returns the ARN of
	// the key an alias names, so the cluster's encryptionConfig would show
	// a change on every preview and up that up never applies
	// (hashicorp/terraform-provider-aws#43244). Defaults to none.
	KeyARN string `json:"keyArn"`
	// Create a KMS key, with rotation on. Defaults to false.
	Create bool `json:"create"`
	// Protect the created key from deletion and retain it in AWS when the
	// stack is deleted (deleting it breaks the cluster for good). Only with
	// Create. Defaults to true; false for throw-away stacks.
	Protect *bool `json:"protect"`
}

// Addon is one EKS managed add-on.
type Addon struct {
	// Version: empty for EKS's default for the cluster version when the
	// add-on is created, kept after that (EKS does not update an add-on
	// when the cluster is upgraded: plan --diff notes it), "latest" for the
	// most recent (looked up on every run, so the add-on updates when AWS
	// ships one, and with the cluster), or a pinned version like
	// v1.20.4-eksbuild.1: a semantic version after a v, without leading
	// zeros (pulumi-aws's check); kube-proxy's is for the cluster's
	// Kubernetes version or up to three minor versions older
	// (v1.32.x to v1.35.x on 1.35). Defaults to empty: EKS's default.
	Version string `json:"version"`
	// ResolveConflicts is OVERWRITE, NONE or PRESERVE: what EKS does with
	// fields of the add-on's Kubernetes objects that differ from its own
	// (set by hand or another tool). Defaults to OVERWRITE. It is sent as
	// given for updates; on create PRESERVE is sent as OVERWRITE:
	// terraform-provider-aws, which pulumi-aws runs, takes only NONE or
	// OVERWRITE there, and OVERWRITE is what takes over the self-managed
	// copy EKS installs in a new cluster. So a self-managed copy changed by
	// hand is reset when the add-on is first managed; NONE keeps it, and
	// fails the create where it differs.
	ResolveConflicts string `json:"resolveConflicts"`
	// ConfigurationValues is the add-on's configuration, a JSON object of at
	// most 64 KiB. Defaults to none.
	ConfigurationValues string `json:"configurationValues"`
	// IRSA gives the add-on an IAM role of its own, which its service
	// account assumes through the cluster's OIDC provider, with the AWS
	// managed policies its software needs ([AddonRoleOf]): vpc-cni
	// (kube-system/aws-node, AmazonEKS_CNI_Policy), aws-ebs-csi-driver
	// (kube-system/ebs-csi-controller-sa, AmazonEBSCSIDriverPolicy),
	// aws-efs-csi-driver (kube-system/efs-csi-*, AmazonEFSCSIDriverPolicy)
	// and amazon-cloudwatch-observability (amazon-cloudwatch/cloudwatch-agent,
	// CloudWatchAgentServerPolicy and AWSXrayWriteOnlyAccess); and
	// aws-mountpoint-s3-csi-driver (kube-system/s3-csi-driver-sa), whose
	// permissions, for the buckets it mounts, are PolicyARNs. Refused for
	// any other add-on ([IRSAAddons]). For vpc-cni it also takes
	// AmazonEKS_CNI_Policy off the node role (so does PodIdentity):
	// cluster.Build and the stack file do both; with the components one by
	// one, create the roles with roles.Args.OmitNodeCNIPolicy (nodegroup.New
	// refuses a node role that keeps the policy). Turned off on a deployed
	// add-on, pulumi up fails (the provider sends an empty role ARN, which
	// EKS refuses). Defaults to false.
	IRSA bool `json:"irsa"`
	// PodIdentity gives the add-on the same IAM role of its own through
	// EKS Pod Identity: the role trusts pods.eks.amazonaws.com
	// (sts:AssumeRole and sts:TagSession), and the add-on associates it
	// with its service account ([AddonRole].PodIdentityAccount): vpc-cni,
	// aws-ebs-csi-driver, aws-efs-csi-driver (its controller's account
	// only), amazon-cloudwatch-observability, aws-fsx-csi-driver, which
	// takes a role this way only, and aws-mountpoint-s3-csi-driver from
	// its version v2.0.0 (Version latest or a pin from v2.0.0-eksbuild.1:
	// its v1 add-on refuses an association) ([PodIdentityAddons]); refused
	// for any other add-on. Needs the eks-pod-identity-agent add-on in
	// Addons, which hands pods their credentials on each Linux node. EKS
	// owns the association: it deletes it with the add-on, but not with
	// Preserve (EKS user guide, "IAM roles for Amazon EKS add-ons"), it
	// restarts the add-on's pods when the association changes, and it
	// takes over none that it does not own (made outside ekskit, or left
	// by a preserved add-on) for that account: delete such a one first. With
	// IRSA too, the role trusts both ways and the add-on is given both;
	// EKS uses Pod Identity where its agent runs (EKS user guide, "IAM
	// roles for Amazon EKS add-ons"): that is how a deployed add-on moves
	// from IRSA to Pod Identity, as IRSA cannot be turned off on it.
	// Defaults to false.
	PodIdentity bool `json:"podIdentity"`
	// PolicyARNs are more IAM policies for the add-on's own role (IRSA or
	// PodIdentity):
	// each a policy ARN in the cluster's partition, with a name no other
	// of the role's policies has; with the role's managed policies, at
	// most the account's quota of managed policies per role. For what the
	// managed policies leave out: the EBS driver's volumes encrypted with
	// a customer managed KMS key need that key's permissions, and the
	// Mountpoint for S3 driver needs one for its buckets. Defaults to
	// none.
	PolicyARNs []string `json:"policyArns"`
	// Preserve keeps the add-on's software on the cluster when the add-on
	// is deleted (taken out of the settings): EKS stops managing it and
	// leaves it running. With false, EKS deletes the software too: for
	// vpc-cni the aws-node DaemonSet (pod networking stops), for kube-proxy
	// Service routing, for coredns cluster DNS. The deployed value is the
	// one a delete uses, so set it in a `pulumi up` before the one that
	// removes the add-on. Defaults to true.
	Preserve *bool `json:"preserve"`
}

// OwnRole reports whether the add-on asks for an IAM role of its own
// ([Addon].IRSA, [Addon].PodIdentity).
func (a Addon) OwnRole() bool { return a.IRSA || a.PodIdentity }

// PodIdentityAgent is the add-on that hands pods their EKS Pod Identity
// credentials on each node ([Addon].PodIdentity needs it).
const PodIdentityAgent = "eks-pod-identity-agent"

// Preserved reports whether the add-on's software stays on the cluster
// when the add-on is deleted ([Addon.Preserve]).
func (a Addon) Preserved() bool { return a.Preserve == nil || *a.Preserve }

// daemonSetAddons run on every node and so may, and should, be created
// before any node group; every other add-on waits for one.
var daemonSetAddons = map[string]bool{"vpc-cni": true, "kube-proxy": true, PodIdentityAgent: true}

// BeforeNodes reports whether an add-on runs as a DaemonSet and so is
// created with the cluster, before any node group.
func BeforeNodes(addon string) bool { return daemonSetAddons[addon] }

// AddonRolePolicies checks that each add-on's own role ([Addon].OwnRole)
// fits the account's quota of managed policies per role, as
// [RolePolicies] does: its managed policies and its PolicyARNs.
func (c Cluster) AddonRolePolicies(p *Problems, at Path, quota int, quotaKey Path) {
	for _, name := range c.AddonsWithRoles() {
		r, _ := AddonRoleOf(name)
		RolePolicies(p, at.Key("addons").Key(name).Key("policyArns"), name+" role", len(r.Policies),
			len(c.Addons[name].PolicyARNs), quota, quotaKey)
	}
}

// VPCCNIOwnRole reports whether vpc-cni runs on an IAM role of its own
// (IRSA or Pod Identity), and not on the node role's CNI policy.
func (c Cluster) VPCCNIOwnRole() bool { return c.Addons["vpc-cni"].OwnRole() }

// ProtectKey reports whether a created encryption key is protected and
// retained.
func (e Encryption) ProtectKey() bool { return e.Protect == nil || *e.Protect }

// WithDefaults returns a deep copy of c ([Cluster.Clone]) with every unset
// setting at its default; c is not changed.
func (c Cluster) WithDefaults() Cluster {
	c = c.Clone()
	if c.Version == "" {
		c.Version = DefaultVersion
	}
	if c.EndpointAccess == "" {
		c.EndpointAccess = DefaultEndpointAccess
	}
	if c.EndpointAccess != EndpointPrivate && c.PublicAccessCIDRs == nil {
		c.PublicAccessCIDRs = []string{"0.0.0.0/0"}
	}
	if c.LogRetentionDays == nil {
		c.LogRetentionDays = new(DefaultLogRetentionDays)
	}
	if c.SupportType == "" {
		c.SupportType = DefaultSupportType
	}
	if c.Addons == nil {
		c.Addons = map[string]Addon{}
		for _, name := range DefaultAddons {
			c.Addons[name] = Addon{}
		}
	}
	for name, a := range c.Addons {
		if a.ResolveConflicts == "" {
			a.ResolveConflicts = DefaultResolveConflicts
		}
		c.Addons[name] = a
	}
	return c
}

// Validate reports every problem with c (after [Cluster.WithDefaults]) at
// key paths under at. With no VPCID, the cluster is taken to run in the
// default VPC (see [Cluster.ValidateWithNetwork]).
func (c Cluster) Validate(at Path) Problems { return c.validate(at, nil, false) }

// ValidateWithNetwork is [Cluster.Validate] for a cluster whose VPC and
// subnets are given outside c (controlplane.Args.Network): c sets neither,
// and the default VPC's range is not the cluster's.
func (c Cluster) ValidateWithNetwork(at Path) Problems { return c.validate(at, nil, true) }

// validate is Validate with the aws provider's default tags, which the
// cluster's resources get too, and whether its VPC is given outside c.
func (c Cluster) validate(at Path, defaults map[string]string, vpcElsewhere bool) Problems {
	var p Problems
	c = c.WithDefaults() // a deep copy; defaulted settings keep their values
	c.validateName(&p, at)
	switch dates, known := Support[c.Version]; {
	case slices.Contains(SupportedVersions, c.Version):
	case known:
		p.Add(at.Key("version"), c.Version, "left extended support on %s: EKS creates no such cluster and has upgraded "+
			"those there were to %s; use %s", dates[1], SupportedVersions[0], strings.Join(SupportedVersions, ", "))
	default:
		p.Add(at.Key("version"), c.Version, "must be a Kubernetes version EKS supports: %s (as of %s)",
			strings.Join(SupportedVersions, ", "), LimitsDate)
	}
	c.validateNetwork(&p, at, vpcElsewhere)
	c.validateEndpoint(&p, at)
	c.validateLogging(&p, at)
	c.validateEncryption(&p, at)
	c.validateAdmins(&p, at)
	c.validateAccess(&p, at)
	for _, name := range slices.Sorted(maps.Keys(c.Addons)) {
		c.Addons[name].validate(&p, at.Key("addons").Key(name), name)
	}
	c.validatePodIdentityAgent(&p, at.Key("addons"))
	c.validatePodIdentities(&p, at)
	c.validateKubeProxy(&p, at.Key("addons").Key("kube-proxy").Key("version"))
	oneOf(&p, at.Key("supportType"), c.SupportType, enumStrings(ekstypes.SupportType("").Values()))
	IAMTags(&p, at.Key("tags"), c.Tags) // they reach the add-ons' roles and the log group
	c.validatePulumiEKSTags(&p, at, defaults)
	return p
}

// validatePulumiEKSTags reports tags that fit AWS's limit on their own but
// not with the two that pulumi-eks adds to its children (its node security
// group gets both; a key the user sets is not added again), or not with
// those and the aws provider's default tags, and a tag that pulumi-eks's
// JavaScript would lose.
func (c Cluster) validatePulumiEKSTags(p *Problems, at Path, defaults map[string]string) {
	if _, ok := c.Tags["__proto__"]; ok {
		p.Add(at.Key("tags").Key("__proto__"), "__proto__", "pulumi-eks's JavaScript loses a tag with this key "+
			"(a JavaScript object's own name): the cluster would not get it; use another key")
	}
	if len(c.Tags) > maxTags || len(defaults) > maxTags {
		return // over the limit on their own: reported with the tags' rules
	}
	switch alone, all := c.securityGroupTagCount(nil), c.securityGroupTagCount(defaults); {
	case alone > maxTags:
		p.Add(at.Key("tags"), len(c.Tags), "at most %d tags here: pulumi-eks adds Name and kubernetes.io/cluster/%s "+
			"(those not given) to its security groups, and AWS takes %d", maxTags-(alone-len(c.Tags)), c.Name, maxTags)
	case all > maxTags:
		p.Add(at.Key("tags"), len(c.Tags), "with the aws provider's default tags (%d: aws:defaultTags, Stack.DefaultTags) and the tags "+
			"pulumi-eks adds, its security groups get %d tags, and AWS takes %d", len(defaults), all, maxTags)
	}
}

// securityGroupTags are the tags of pulumi-eks's node security group: the
// cluster's, and Name and kubernetes.io/cluster/<name> unless given.
func (c Cluster) securityGroupTags() map[string]string {
	return MergedTags(map[string]string{"Name": "", "kubernetes.io/cluster/" + c.Name: ""}, c.Tags)
}

// securityGroupTagCount is how many tags pulumi-eks's security groups, the
// resources with the cluster's most tags, get with the aws provider's
// default tags.
func (c Cluster) securityGroupTagCount(defaults map[string]string) int {
	return len(MergedTags(defaults, c.securityGroupTags()))
}

func (c Cluster) validateName(p *Problems, at Path) {
	switch {
	case c.Name == "":
		p.Add(at.Key("name"), nil, "required: 1 to %d letters, digits, - or _, starting with a letter or digit", maxClusterName)
	case len(c.Name) > maxClusterName || !reName.MatchString(c.Name):
		p.Add(at.Key("name"), c.Name, "must be 1 to %d letters, digits, - or _, starting with a letter or digit", maxClusterName)
	}
}

func (c Cluster) validateNetwork(p *Problems, at Path, vpcElsewhere bool) {
	if (c.VPCID == "") != (len(c.SubnetIDs) == 0) {
		p.Add(at.Key("vpcId"), c.VPCID, "vpcId and subnetIds go together: set both, or neither to use the default VPC")
	}
	if c.VPCID != "" {
		VPCID(p, at.Key("vpcId"), c.VPCID)
	}
	SubnetIDs(p, at.Key("subnetIds"), c.SubnetIDs)
	if n := len(c.SubnetIDs); n == 1 {
		p.Add(at.Key("subnetIds"), n, "need at least two subnets, in at least two availability zones")
	}
	ids(p, at.Key("securityGroupIds"), c.SecurityGroupIDs, reSG, "security group id (sg-0123abcd...)")
	if n := len(c.SecurityGroupIDs); n > maxControlPlaneSGs {
		p.Add(at.Key("securityGroupIds"), n, "at most %d security groups (EKS takes 4, and pulumi-eks adds its cluster security group)", maxControlPlaneSGs)
	}
	if c.ServiceIPv4CIDR != "" {
		serviceCIDR(p, at.Key("serviceIpv4Cidr"), c.ServiceIPv4CIDR, c.VPCID == "" && !vpcElsewhere)
	}
}

func (c Cluster) validateEndpoint(p *Problems, at Path) {
	oneOf(p, at.Key("endpointAccess"), string(c.EndpointAccess),
		[]string{string(EndpointPublic), string(EndpointPublicAndPrivate), string(EndpointPrivate)})
	if c.EndpointAccess == EndpointPrivate && len(c.PublicAccessCIDRs) > 0 {
		p.Add(at.Key("publicAccessCidrs"), strings.Join(c.PublicAccessCIDRs, ","), "only allowed with a public endpoint (endpointAccess is private)")
	}
	if c.EndpointAccess != EndpointPrivate && c.PublicAccessCIDRs != nil && len(c.PublicAccessCIDRs) == 0 {
		p.Add(at.Key("publicAccessCidrs"), "[]", "at least one CIDR block with a public endpoint (leave it out for 0.0.0.0/0, "+
			"or set endpointAccess: private)")
	}
	if n := len(c.PublicAccessCIDRs); n > maxPublicCIDRs {
		p.Add(at.Key("publicAccessCidrs"), n, "at most %d CIDR blocks", maxPublicCIDRs)
	}
	for i, cidr := range c.PublicAccessCIDRs {
		if pfx, ok := networkCIDR(p, at.Key("publicAccessCidrs").Index(i), cidr); ok {
			publicCIDR(p, at.Key("publicAccessCidrs").Index(i), cidr, pfx)
		}
	}
}

func (c Cluster) validateLogging(p *Problems, at Path) {
	logTypes := enumStrings(ekstypes.LogType("").Values())
	for i, l := range c.Logging {
		oneOf(p, at.Key("logging").Index(i), l, logTypes)
	}
	noTwice(p, at.Key("logging"), c.Logging)
	if c.LogRetentionDays != nil && *c.LogRetentionDays != 0 && !slices.Contains(logRetentionDays, *c.LogRetentionDays) {
		p.Add(at.Key("logRetentionDays"), *c.LogRetentionDays, "must be one of the CloudWatch retention periods: %s, or 0 to keep the logs forever",
			joinInts(logRetentionDays))
	}
}

func (c Cluster) validateEncryption(p *Problems, at Path) {
	e := c.Encryption
	if e == nil {
		return
	}
	k := at.Key("encryption")
	switch {
	case e.KeyARN != "" && e.Create:
		p.Add(k, nil, "set keyArn or create: true, not both")
	case e.KeyARN == "" && !e.Create:
		p.Add(k, nil, "set keyArn (an existing KMS key) or create: true")
	}
	// EKS takes a key's ARN or an alias (Provider.keyArn, EKS API
	// reference: "Amazon Resource Name (ARN) or alias of the KMS key"), but
	// it keeps the key an alias names and DescribeCluster returns that
	// key's ARN (kubernetes-sigs/cluster-api-provider-aws#3096).
	// terraform-provider-aws's aws_eks_cluster (v5.100, which pulumi-aws
	// 6.83 bridges) stores what DescribeCluster returns, has no diff
	// suppression on encryption_config.provider.key_arn, and calls EKS on
	// an encryption_config change only when there was none before: an
	// alias shows encryptionConfig changing on every preview and up, and
	// up never makes it go (hashicorp/terraform-provider-aws#43244).
	switch {
	case e.KeyARN == "":
	case KMSAlias(e.KeyARN):
		p.Add(k.Key("keyArn"), e.KeyARN, "an alias, not a key: give the ARN of the key it names "+
			"(arn:<partition>:kms:<region>:<account>:key/<id>, a multi-Region key's id starting with mrk-; "+
			"aws kms describe-key --key-id <alias> shows it as KeyMetadata.Arn): EKS keeps the key and returns its ARN, "+
			"so with an alias every pulumi preview and up shows encryptionConfig changing and up never settles it "+
			"(hashicorp/terraform-provider-aws#43244)")
	case !reKMS.MatchString(e.KeyARN):
		p.Add(k.Key("keyArn"), e.KeyARN, "must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>, "+
			"a multi-Region key's id starting with mrk-)")
	}
	if e.Protect != nil && !e.Create {
		p.Add(k.Key("protect"), *e.Protect, "only for a created key (create: true)")
	}
}

func (c Cluster) validateAdmins(p *Problems, at Path) {
	if len(c.Admins) > maxAdmins {
		p.Add(at.Key("admins"), len(c.Admins), "at most %d admins", maxAdmins)
	}
	for i, a := range c.Admins {
		principal(p, at.Key("admins").Index(i), a)
	}
	noTwice(p, at.Key("admins"), c.Admins)
}

// commonAddons are the add-ons whose misspelling matters most: a name
// within two edits of one of them, and not an add-on EKS offers
// (eksAddons), is a typo.
var commonAddons = []string{"vpc-cni", "coredns", "kube-proxy", PodIdentityAgent}

// eksAddons are the add-ons EKS offers (AWS's and common community and
// marketplace ones; checked 2026-11, see [LimitsDate]).
var eksAddons = []string{"vpc-cni", "coredns", "kube-proxy", PodIdentityAgent, "aws-ebs-csi-driver",
	"aws-efs-csi-driver", "aws-fsx-csi-driver", "aws-mountpoint-s3-csi-driver", "snapshot-controller", "adot",
	"aws-guardduty-agent", "amazon-cloudwatch-observability", "eks-node-monitoring-agent",
	"aws-network-flow-monitoring-agent", "metrics-server", "kube-state-metrics", "prometheus-node-exporter",
	"cert-manager", "external-dns", "fluent-bit"}

func (a Addon) validate(p *Problems, at Path, name string) {
	switch {
	case !reAddonName.MatchString(name):
		p.Add(at, name, "add-on names are lower-case letters, digits, - and _ (marketplace add-ons: vendor_name)")
	case !slices.Contains(eksAddons, name) && Suggest(name, commonAddons) != "":
		p.Add(at, name, "not an EKS add-on%s", Suggest(name, commonAddons))
	}
	if a.Version != "" && a.Version != "latest" && !reAddonVer.MatchString(a.Version) {
		p.Add(at.Key("version"), a.Version, "must be empty (EKS default), latest, or a semantic version after a v, "+
			"without leading zeros, like v1.20.4-eksbuild.1")
	}
	oneOf(p, at.Key("resolveConflicts"), a.ResolveConflicts, enumStrings(ekstypes.ResolveConflicts("").Values()))
	if v := a.ConfigurationValues; v != "" {
		if len(v) > maxConfigurationValues {
			p.Add(at.Key("configurationValues"), len(v), "at most %d bytes", maxConfigurationValues)
		} else if parsed, err := parseJSON(v); err != nil {
			p.Add(at.Key("configurationValues"), v, "must be a JSON object: this is not JSON (%v)", err)
		} else if obj, ok := parsed.(map[string]any); !ok {
			p.Add(at.Key("configurationValues"), v, "must be a JSON object ({...}), not %s", jsonKind(parsed))
		} else if name == "coredns" {
			validateCoreDNSValues(p, at.Key("configurationValues"), obj)
		}
	}
	a.validateRole(p, at, name)
}

// validateRole checks what the add-on asks of its own role: only where
// ekskit can make one, by a way the add-on takes one, and its PolicyARNs.
func (a Addon) validateRole(p *Problems, at Path, name string) {
	r, known := AddonRoleOf(name)
	if !known {
		for _, ask := range []struct {
			key    string
			given  bool
			addons []string
		}{{"irsa", a.IRSA, IRSAAddons()}, {"podIdentity", a.PodIdentity, PodIdentityAddons()}} {
			if ask.given {
				p.Add(at.Key(ask.key), true, "ekskit makes an IAM role of their own for %s only; if it calls AWS APIs, give its "+
					"service account a role outside ekskit", strings.Join(ask.addons, ", "))
			}
		}
		if len(a.PolicyARNs) > 0 {
			p.Add(at.Key("policyArns"), nil, "only for the add-ons ekskit makes an IAM role of their own for (irsa or podIdentity): %s",
				strings.Join(OwnRoleAddons(), ", "))
		}
		return
	}
	irsa, podIdentity := r.TakesIRSA(), r.TakesPodIdentity()
	if a.IRSA && !irsa {
		p.Add(at.Key("irsa"), true, "%s takes its role through EKS Pod Identity only: set podIdentity: true instead", name)
	}
	if a.PodIdentity && !podIdentity {
		p.Add(at.Key("podIdentity"), true, "the EKS user guide gives %s a role through IRSA only: set irsa: true instead", name)
	}
	ways, set := "irsa or podIdentity", "irsa: true or podIdentity: true"
	switch {
	case !podIdentity:
		ways, set = "irsa", "irsa: true"
	case !irsa:
		ways, set = "podIdentity", "podIdentity: true"
	}
	switch made := a.IRSA && irsa || a.PodIdentity && podIdentity; {
	case !a.OwnRole() && len(a.PolicyARNs) > 0:
		p.Add(at.Key("policyArns"), nil, "given without %s: they go to the add-on's own role, which %s makes: set %s",
			ways, ways, set)
	case made && len(r.Policies) == 0 && len(a.PolicyARNs) == 0:
		given := map[bool]string{true: "irsa", false: "podIdentity"}[a.IRSA]
		p.Add(at.Key("policyArns"), nil, "required with %s: AWS has no managed policy for %s, whose permissions name "+
			"the buckets it mounts: give the ARN of a policy that grants them", given, name)
	}
	if a.PodIdentity && podIdentity && !r.PodIdentityAt(a.Version) {
		var given any // unset: EKS's default
		if a.Version != "" {
			given = a.Version
		}
		p.Add(at.Key("version"), given, "with podIdentity, must be latest or %s-eksbuild.1 or later: %s takes a pod identity "+
			"association from %s on, older versions refuse one, and EKS's default version may be older", r.PodIdentitySince, name, r.PodIdentitySince)
	}
	PolicyARNs(p, at.Key("policyArns"), a.PolicyARNs, r.PolicyNames()...)
}

// versionBefore reports whether the pinned add-on version v
// (v1.2.3-eksbuild.1) comes before since (v2.0.0), comparing major, minor
// and patch; false for latest and for what is no version (reported apart).
func versionBefore(v, since string) bool {
	if !reAddonVer.MatchString(v) {
		return false
	}
	core := func(s string) (n [3]int) {
		s, _, _ = strings.Cut(strings.TrimPrefix(s, "v"), "-")
		s, _, _ = strings.Cut(s, "+")
		for i, f := range strings.SplitN(s, ".", 3) {
			n[i], _ = strconv.Atoi(f)
		}
		return n
	}
	a, b := core(v), core(since)
	return slices.Compare(a[:], b[:]) < 0
}

// validatePodIdentityAgent reports each add-on given its role through
// EKS Pod Identity ([Addon].PodIdentity) on a cluster without
// [PodIdentityAgent]: its pods would get no credentials.
func (c Cluster) validatePodIdentityAgent(p *Problems, at Path) {
	if _, ok := c.Addons[PodIdentityAgent]; ok {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(c.Addons)) {
		if c.Addons[name].PodIdentity {
			p.Add(at.Key(name).Key("podIdentity"), true, "needs the %s add-on, which hands pods their Pod Identity credentials "+
				"on each node: add %s to addons", PodIdentityAgent, PodIdentityAgent)
		}
	}
}

// validateKubeProxy reports a pinned kube-proxy version outside
// Kubernetes's version skew policy, which the EKS user guide applies to the
// kube-proxy add-on: not newer than the control plane, and at most three
// minor versions older (kube-proxy's add-on versions carry the Kubernetes
// version they are for: v1.35.0-eksbuild.2 is for 1.35). A newer one EKS
// refuses ("Addon version specified is not supported"). An older one is
// what a control-plane upgrade leaves until the add-on is upgraded too.
func (c Cluster) validateKubeProxy(p *Problems, at Path) {
	v, cv := c.Addons["kube-proxy"].Version, Minor(c.Version)
	kv := KubeProxyVersion(v)
	if kv == "" || cv < 0 {
		return // empty, latest, malformed (reported with the add-on), or no cluster version to compare with
	}
	if !WithinSkew(c.Version, kv) {
		p.Add(at, v, "kube-proxy must be for the cluster's version (%s) or up to three minor versions older: v1.%d.x to v1.%d.x",
			c.Version, max(cv-maxVersionSkew, 0), cv)
	}
}

// KubeProxyVersion is the Kubernetes version a pinned kube-proxy add-on
// version is for, its major and minor version (v1.35.0-eksbuild.2 is for
// 1.35); "" for no pinned version (empty, latest or malformed).
func KubeProxyVersion(addonVersion string) string {
	if !reAddonVer.MatchString(addonVersion) {
		return ""
	}
	major, rest, _ := strings.Cut(strings.TrimPrefix(addonVersion, "v"), ".")
	minor, _, _ := strings.Cut(rest, ".")
	return major + "." + minor
}

// parseJSON decodes the JSON text s into an any, with json.Unmarshal's
// errors, but its numbers as json.Numbers, which keep their literals:
// Kubernetes reads an integer field from the literal (strconv.ParseInt)
// and refuses 1.5, 1e3 and 1000.0, which a float64 would not tell from
// 1000.
func parseJSON(s string) (any, error) {
	var whole json.RawMessage
	if err := json.Unmarshal([]byte(s), &whole); err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(whole))
	d.UseNumber()
	var v any
	err := d.Decode(&v) // valid JSON: cannot fail
	return v, err
}

// jsonKind names the kind of a value parseJSON decodes: "an array", "null", ...
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "an object"
}
