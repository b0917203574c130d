package stackconfig

// Namespace is the config namespace of every ekskit key.
const Namespace = "ekskit"

// The top-level config keys.
const (
	KeyCluster    = Namespace + ":cluster"
	KeyRoles      = Namespace + ":roles"
	KeyNodeGroups = Namespace + ":nodeGroups"
)

// Config is a whole stack's ekskit configuration.
type Config struct {
	// Cluster is `ekskit:cluster`. Required (its name at least).
	Cluster Cluster
	// Roles is `ekskit:roles`. Optional.
	Roles Roles
	// NodeGroups is `ekskit:nodeGroups`, keyed by logical name. Optional.
	NodeGroups map[string]NodeGroup
}

// Endpoint access modes of `ekskit:cluster.endpointAccess`.
const (
	EndpointPublic           = "public"
	EndpointPublicAndPrivate = "public-and-private"
	EndpointPrivate          = "private"
)

// Cluster is `ekskit:cluster`.
type Cluster struct {
	// Name of the EKS cluster. Required.
	Name string `json:"name"`
	// Version is the Kubernetes minor version. Defaults to DefaultVersion.
	Version string `json:"version"`
	// VpcID of the cluster. Defaults to the account's default VPC (with
	// SubnetIDs unset too).
	VpcID string `json:"vpcId"`
	// SubnetIDs of the control plane (at least two AZs). Defaults to the
	// default VPC's subnets.
	SubnetIDs []string `json:"subnetIds"`
	// SecurityGroupIDs are extra control-plane security groups. Defaults to none.
	SecurityGroupIDs []string `json:"securityGroupIds"`
	// ServiceIPv4CIDR is the Kubernetes service range. Defaults to EKS's
	// choice (10.100.0.0/16 or 172.20.0.0/16).
	ServiceIPv4CIDR string `json:"serviceIpv4Cidr"`
	// EndpointAccess is public, public-and-private or private. Defaults to
	// public-and-private.
	EndpointAccess string `json:"endpointAccess"`
	// PublicAccessCIDRs may reach a public endpoint. Defaults to 0.0.0.0/0
	// when the endpoint is public.
	PublicAccessCIDRs []string `json:"publicAccessCidrs"`
	// Logging lists control-plane log types. Defaults to none.
	Logging []string `json:"logging"`
	// LogRetentionDays of the pre-created log group. Defaults to 90.
	LogRetentionDays int `json:"logRetentionDays"`
	// Encryption of Kubernetes secrets with a customer KMS key. Defaults to
	// none (EKS's default envelope encryption with an AWS-owned key).
	Encryption *Encryption `json:"encryption"`
	// Admins are IAM principal ARNs given cluster-admin access entries.
	// Defaults to none (the creator is admin).
	Admins []string `json:"admins"`
	// Addons by add-on name. Defaults (when the key is absent) to vpc-cni,
	// coredns and kube-proxy at EKS's default versions; `{}` manages none.
	Addons map[string]Addon `json:"addons"`
	// SupportType is STANDARD or EXTENDED. Defaults to STANDARD (extended
	// support costs six times as much per hour).
	SupportType string `json:"supportType"`
	// Tags on the cluster and everything ekskit creates. Defaults to none.
	Tags map[string]string `json:"tags"`
	// Protect the cluster from `pulumi destroy`. Defaults to false.
	Protect bool `json:"protect"`
	// Quotas are the account's EKS service quotas, where raised above
	// AWS's defaults. Defaults to AWS's defaults.
	Quotas Quotas `json:"quotas"`
}

// Quotas is `ekskit:cluster.quotas`: the soft limits an account can raise
// in Service Quotas, which validation holds the config to.
type Quotas struct {
	// NodeGroups is managed node groups per cluster. Defaults to 30.
	NodeGroups int `json:"nodeGroups"`
	// NodesPerGroup is nodes per managed node group. Defaults to 450.
	NodesPerGroup int `json:"nodesPerGroup"`
}

// Encryption is `ekskit:cluster.encryption`: exactly one of KeyARN or Create.
type Encryption struct {
	// KeyARN of an existing symmetric KMS key in the cluster's region.
	KeyARN string `json:"keyArn"`
	// Create a KMS key (rotation on, protected, retained on delete).
	Create bool `json:"create"`
}

// Addon is one entry of `ekskit:cluster.addons`.
type Addon struct {
	// Version of the add-on: empty for EKS's default for the cluster
	// version, `latest` for the most recent, or a pinned version.
	Version string `json:"version"`
	// ResolveConflicts is OVERWRITE, NONE or PRESERVE. Defaults to OVERWRITE.
	ResolveConflicts string `json:"resolveConflicts"`
	// ConfigurationValues is the add-on's JSON configuration. Defaults to none.
	ConfigurationValues string `json:"configurationValues"`
	// IRSA gives vpc-cni its own IAM role for service accounts (and takes
	// AmazonEKS_CNI_Policy off the node role). Only for vpc-cni. Defaults to false.
	IRSA bool `json:"irsa"`
}

// Roles is `ekskit:roles`.
type Roles struct {
	// ClusterRoleName is the cluster role's name. Defaults to a generated name.
	ClusterRoleName string `json:"clusterRoleName"`
	// NodeRoleName is the node role's name. Defaults to a generated name.
	NodeRoleName string `json:"nodeRoleName"`
	// Path of both roles. Defaults to "/".
	Path string `json:"path"`
	// PermissionsBoundary is a policy ARN set as both roles' boundary.
	// Defaults to none.
	PermissionsBoundary string `json:"permissionsBoundary"`
	// NodePolicyARNs are extra managed policies for the node role. Defaults to none.
	NodePolicyARNs []string `json:"nodePolicyArns"`
}

// NodeGroup is one entry of `ekskit:nodeGroups`.
type NodeGroup struct {
	// AmiType defaults to AL2023_x86_64_STANDARD.
	AmiType string `json:"amiType"`
	// CapacityType is ON_DEMAND or SPOT. Defaults to ON_DEMAND.
	CapacityType string `json:"capacityType"`
	// InstanceTypes defaults to [t3.medium].
	InstanceTypes []string `json:"instanceTypes"`
	// DiskSize in GiB. Defaults to 20 (none with a launch template).
	DiskSize *int `json:"diskSize"`
	// MinSize defaults to 1.
	MinSize *int `json:"minSize"`
	// MaxSize defaults to the larger of 2 and MinSize.
	MaxSize *int `json:"maxSize"`
	// DesiredSize defaults to MinSize.
	DesiredSize *int `json:"desiredSize"`
	// MaxUnavailable nodes during updates. Defaults to 1 unless
	// MaxUnavailablePercentage is set.
	MaxUnavailable *int `json:"maxUnavailable"`
	// MaxUnavailablePercentage of nodes during updates. Defaults to unset.
	MaxUnavailablePercentage *int `json:"maxUnavailablePercentage"`
	// Labels are Kubernetes node labels. Defaults to none.
	Labels map[string]string `json:"labels"`
	// Taints are Kubernetes node taints. Defaults to none.
	Taints []Taint `json:"taints"`
	// SubnetIDs of the nodes. Defaults to the cluster's subnets.
	SubnetIDs []string `json:"subnetIds"`
	// RemoteAccess enables SSH. Defaults to off.
	RemoteAccess *RemoteAccess `json:"remoteAccess"`
	// LaunchTemplate to use. Defaults to EKS's own.
	LaunchTemplate *LaunchTemplate `json:"launchTemplate"`
	// Version is the nodes' Kubernetes version. Defaults to the cluster's.
	Version string `json:"version"`
	// ReleaseVersion is the AMI release. Defaults to the latest for Version.
	ReleaseVersion string `json:"releaseVersion"`
	// Tags on the node group. Defaults to the cluster's tags.
	Tags map[string]string `json:"tags"`
	// AutoscalerOwnsDesiredSize makes Pulumi ignore desiredSize changes made
	// by an autoscaler. Defaults to false (Pulumi owns the size).
	AutoscalerOwnsDesiredSize bool `json:"autoscalerOwnsDesiredSize"`
}

// Taint is a Kubernetes node taint.
type Taint struct {
	// Key is required.
	Key string `json:"key"`
	// Value defaults to empty.
	Value string `json:"value"`
	// Effect is NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE. Required.
	Effect string `json:"effect"`
}

// RemoteAccess is SSH access to nodes.
type RemoteAccess struct {
	// SSHKey is the EC2 key pair name. Required.
	SSHKey string `json:"sshKey"`
	// SourceSecurityGroupIDs may reach port 22. Required: without them EKS
	// opens port 22 to 0.0.0.0/0.
	SourceSecurityGroupIDs []string `json:"sourceSecurityGroupIds"`
}

// LaunchTemplate names an EC2 launch template: ID or Name, and a version.
type LaunchTemplate struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Version string `json:"version"`
}
