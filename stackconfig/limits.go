package stackconfig

// Limits that AWS changes over time. Checked 2026-11 against the EKS user
// guide (Kubernetes version calendar, AMI types) and the EKS API reference;
// re-check before relying on them after that date.
const (
	// LimitsDate is when the tables below were last checked.
	LimitsDate = "2026-11"

	// DefaultVersion is the Kubernetes version of a cluster without one: the
	// newest in standard support.
	DefaultVersion = "1.35"
	// LastAL2Minor is the last Kubernetes minor version (1.32) with Amazon
	// Linux 2 AMIs.
	LastAL2Minor = 32
)

// SupportedVersions are the Kubernetes versions EKS offers for new clusters
// (1.31's extended support ends 2026-11-26).
var SupportedVersions = []string{"1.31", "1.32", "1.33", "1.34", "1.35"}

// Defaults of the node group and cluster fields.
const (
	DefaultAmiType          = "AL2023_x86_64_STANDARD"
	DefaultCapacityType     = "ON_DEMAND"
	DefaultInstanceType     = "t3.medium"
	DefaultDiskSize         = 20
	DefaultMinSize          = 1
	DefaultMaxSize          = 2
	DefaultMaxUnavailable   = 1
	DefaultEndpointAccess   = EndpointPublicAndPrivate
	DefaultLogRetentionDays = 90
	DefaultSupportType      = "STANDARD"
	DefaultResolveConflicts = "OVERWRITE"
)

// DefaultAddons are the add-ons managed when `addons` is absent.
var DefaultAddons = []string{"coredns", "kube-proxy", "vpc-cni"}

// Default EKS service quotas (soft: an account can raise them; see
// [Quotas]).
const (
	DefaultNodeGroupsQuota    = 30
	DefaultNodesPerGroupQuota = 450
)

// API limits (EKS API reference).
const (
	maxClusterName         = 100
	maxNodeGroupName       = 63 - 26 - 1 // the name is a prefix: AWS appends a 26-char suffix after a dash
	maxControlPlaneSGs     = 4
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
)

// logRetentionDays are the values CloudWatch Logs accepts.
var logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// daemonSetAddons run on every node and so may, and should, be created
// before any node group; every other add-on waits for one.
var daemonSetAddons = map[string]bool{"vpc-cni": true, "kube-proxy": true, "eks-pod-identity-agent": true}
