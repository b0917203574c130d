package spec

// Limits that AWS changes over time. Checked 2026-11 against the EKS user
// guide (Kubernetes version calendar, AMI types) and the EKS API reference;
// re-check before relying on them after that date.
const (
	// LimitsDate is when the tables below were last checked.
	LimitsDate = "2026-11"
	// maxVersionSkew is how many minor versions kubelet and kube-proxy may
	// be older than the control plane (Kubernetes's version skew policy,
	// for those of 1.25 and later; neither may be newer).
	maxVersionSkew = 3
	// LastAL2Minor is the last Kubernetes minor version (1.32) with Amazon
	// Linux 2 AMIs.
	LastAL2Minor = 32
)

// SupportedVersions are the Kubernetes versions EKS offers for new clusters
// (1.31 left extended support on 2026-11-26: EKS creates no 1.31 cluster
// and upgrades those there are to 1.32).
var SupportedVersions = []string{"1.32", "1.33", "1.34", "1.35"}

// Support are the end dates (YYYY-MM-DD) of standard and extended support
// per Kubernetes version on EKS (the EKS Kubernetes version calendar).
var Support = map[string][2]string{
	"1.31": {"2025-11-26", "2026-11-26"},
	"1.32": {"2026-03-23", "2027-03-23"},
	"1.33": {"2026-07-29", "2027-07-29"},
	"1.34": {"2026-12-02", "2027-12-02"},
	"1.35": {"2027-03-27", "2028-03-27"},
}

// ControlPlaneExcludedZoneIDs are the Availability Zone IDs where EKS
// refuses a cluster's subnets, at creation or in an update of its subnets
// (CreateCluster fails with UnsupportedAvailabilityZoneException). The EKS
// user guide lists them per region ("View Amazon EKS networking
// requirements for VPC and subnets", Subnet requirements for clusters):
// use1-az3 in us-east-1, usw1-az2 in us-west-1, cac1-az3 in ca-central-1.
// eksctl avoids the same three (pkg/az/az.go, zoneIDsToAvoid: since
// v0.185.0, "Avoid creating subnets in disallowed Availability Zone IDs",
// #7870; its cn-north-1 entry, cnn1-az4, was dropped in v0.205.0, #8240,
// EKS having taken that zone since 2022, #5783). An AZ ID names the same
// zone in every account and carries its region (use1 is us-east-1), so
// one list serves every region; zone names (us-east-1c) map to IDs per
// account. The guide names no such zones for the subnets of nodes;
// ekskit's node groups run in the control plane's subnets unless given
// others.
var ControlPlaneExcludedZoneIDs = []string{"use1-az3", "usw1-az2", "cac1-az3"}

// AMITypesAfterProvider are AMI types that EKS offers but the AWS SDK
// version in go.mod does not list: pulumi-aws v6.83 checks amiType against
// that version's enum (terraform-provider-aws v5.100 is built with it), so
// it refuses them before AWS is asked.
var AMITypesAfterProvider = []string{"BOTTLEROCKET_ARM_64_NVIDIA_FIPS", "BOTTLEROCKET_x86_64_NVIDIA_FIPS",
	"WINDOWS_CORE_2025_x86_64", "WINDOWS_FULL_2025_x86_64"}

// Default EKS service quotas (soft: an account can raise them).
const (
	DefaultNodeGroupsQuota    = 30
	DefaultNodesPerGroupQuota = 450
	// DefaultPoliciesPerRoleQuota is IAM's managed policies per role.
	DefaultPoliciesPerRoleQuota = 10
)

// API limits (EKS, IAM and EC2 API references).
const (
	maxClusterName = 100
	// MaxNodeGroupNamePrefix is the longest node group name prefix: EKS
	// names are at most 63 characters and AWS appends a 26-character suffix.
	MaxNodeGroupNamePrefix = 63 - 26
	// maxControlPlaneSGs is EKS's quota of 4 control-plane security
	// groups, less the one pulumi-eks always adds (its cluster security
	// group comes first in vpcConfig.securityGroupIds).
	maxControlPlaneSGs     = 4 - 1
	maxPublicCIDRs         = 40
	maxInstanceTypes       = 20
	maxTaints              = 50
	maxLabelPart           = 63
	maxTags                = 50
	maxTagKey              = 128
	maxTagValue            = 256
	maxAdmins              = 50
	minAL2023Disk          = 20
	minWindowsDisk         = 50
	maxDisk                = 16384
	maxConfigurationValues = 1 << 16
	maxRolePath            = 512
	// launch template names are 3 to 128 characters in EC2, 125 in the
	// node group's check in terraform-provider-aws v5.100.
	minLaunchTemplateName = 3
	maxLaunchTemplateName = 125
)

// logRetentionDays are the retention periods CloudWatch Logs accepts (0,
// no retention policy, keeps the logs forever).
var logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
