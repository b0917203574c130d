package plan

import "time"

// Kind is what the plan knows about one resource type: how to call it, which
// input changes replace it, and how long creating it typically takes.
type Kind struct {
	// Name is the type in words ("node group").
	Name string
	// ReplaceOn are input paths (dotted, as in the plan JSON) whose change
	// makes the provider replace the resource rather than update it.
	ReplaceOn []string
	// ReplaceOnChange are inputs that can be added in place but neither
	// changed nor removed once set without a replacement.
	ReplaceOnChange []string
	// Create is a typical creation time (zero for components, which take no
	// time of their own).
	Create time.Duration
}

// Kinds holds, in one place, what the plan knows per type token: the source
// of the replacement rules and of every creation time is given beside it.
// Checked 2026-11 against pulumi-aws v6.83 (Terraform AWS provider schema:
// attributes marked ForceNew) and pulumi-eks v2.8.
//
// Creation times are typical wall-clock times of a create, not SLAs: EKS
// control planes took 8 min 33 s in a Terraform apply log of 2024-10
// (github.com/DevopsArtFactory/terraform-provisioning pull 46, which also
// shows managed node groups in 1 min 48 s and 1 min 59 s, and an OIDC
// provider in 1 s) and 13 to 16 min across 21 regions in a 2024 measurement
// (easontechtalk.com, "Unofficial EKS Cluster Creation Performance").
// Add-on times are an estimate: an add-on is ACTIVE once its pods are ready,
// usually within a minute on ready nodes (the provider waits up to 20 min; a
// coredns with no node to run on times out there). IAM, CloudWatch Logs and
// KMS resources are single API calls plus the provider's consistency wait.
var Kinds = map[string]Kind{
	// pulumi-eks's component: the aws cluster plus its security groups, OIDC
	// provider and access entries. The aws cluster's name, role, service
	// CIDR and IP family are ForceNew; its VPC cannot change (EKS moves
	// subnets only within one VPC); encryption can be added, never removed.
	"eks:index:Cluster": {
		Name:            "cluster",
		ReplaceOn:       []string{"name", "serviceRole", "vpcId", "kubernetesServiceIpAddressRange", "ipFamily"},
		ReplaceOnChange: []string{"encryptionConfigKeyArn"},
		Create:          10 * time.Minute,
	},
	// aws_eks_node_group: every attribute below is ForceNew.
	"aws:eks/nodeGroup:NodeGroup": {
		Name: "node group",
		ReplaceOn: []string{"clusterName", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "subnetIds",
			"amiType", "capacityType", "diskSize", "instanceTypes", "remoteAccess", "launchTemplate.id", "launchTemplate.name"},
		Create: 2 * time.Minute,
	},
	"aws:eks/addon:Addon": {
		Name:      "add-on",
		ReplaceOn: []string{"clusterName", "addonName"},
		Create:    time.Minute,
	},
	"aws:iam/role:Role": {
		Name:      "IAM role",
		ReplaceOn: []string{"name", "namePrefix", "path"},
		Create:    2 * time.Second,
	},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
		Name:      "policy attachment",
		ReplaceOn: []string{"role", "policyArn"},
		Create:    time.Second,
	},
	"aws:kms/key:Key": {
		Name:      "KMS key",
		ReplaceOn: []string{"customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"},
		Create:    10 * time.Second,
	},
	"aws:cloudwatch/logGroup:LogGroup": {
		Name:      "log group",
		ReplaceOn: []string{"name", "namePrefix", "logGroupClass"},
		Create:    time.Second,
	},
	"ekskit:roles:Roles":               {Name: "roles"},
	"ekskit:controlplane:ControlPlane": {Name: "control plane"},
	"ekskit:nodegroup:NodeGroup":       {Name: "node group component"},
}

// kindOf returns the type's [Kind]; an unlisted type is named by its token,
// never replaced by the table, and takes [UnlistedCreate] if custom.
func kindOf(typ string, custom bool) Kind {
	k, ok := Kinds[typ]
	if !ok {
		k = Kind{Name: typ}
		if custom {
			k.Create = UnlistedCreate
		}
	}
	return k
}

// UnlistedCreate is the creation time assumed for a custom resource whose
// type is not in [Kinds].
const UnlistedCreate = 5 * time.Second
