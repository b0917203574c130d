package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/ekskit/ekskit/components/spec"
)

// Kind is what the plan knows about one resource type: how to call it, which
// input changes replace it, which it cannot apply, and how long creating it
// typically takes.
type Kind struct {
	// Name is the type in words ("node group").
	Name string
	// ReplaceOn are input paths (dotted, as in the plan JSON) whose change
	// makes the provider replace the resource rather than update it.
	ReplaceOn []string
	// ReplaceOnRemove are inputs that can be added in place, but whose
	// removal replaces the resource.
	ReplaceOnRemove []string
	// KeptWhenRemoved are inputs the provider fills in when they are left
	// out (optional and computed: "drift detection only if a value is
	// configured"): removing one keeps the deployed value and changes
	// nothing. Set from the provider's schema (zz_tfschema.json) for the
	// aws types, less AutoNamed and its …Prefix (a name the program stops
	// setting is generated anew).
	KeptWhenRemoved []string
	// Sets are list inputs the provider holds as sets: their order is no
	// change. Set from the provider's schema like KeptWhenRemoved.
	Sets []string
	// ComputedDefaults are the values AWS gives optional, computed inputs
	// left out, where the API reference fixes them: the deployed value of
	// such an input the base plan left out, so setting it to that value
	// changes nothing.
	ComputedDefaults map[string]any
	// ChosenByAWS are inputs AWS picks a value for when they are left out,
	// each with the values it picks from, by rules the plan cannot follow
	// offline (a cluster's service range): setting one of those values
	// where the base plan left the input out is a change that holds unless
	// AWS chose the same, which [Change.Reasons] says; another value is a
	// change for certain.
	ChosenByAWS map[string][]any
	// Aliases are inputs that name one thing two ways, each with the other
	// (a node group's launch template by id or by name): the provider
	// reads both back into its state (optional and computed), so one given
	// where the base plan gave the other is no change if it names the same
	// thing, which the plan cannot tell offline. The change shows the other
	// one removed, and [Change.Reasons] says that it replaces the resource
	// only if they name two things; one of them changed is a change for
	// certain.
	Aliases map[string]Alias
	// Tagged is set where the provider's default tags apply to the type
	// (its schema has tags_all). Set from the provider's schema like
	// KeptWhenRemoved.
	Tagged bool
	// Unappliable are input paths whose change `pulumi up` cannot apply,
	// each with what it would do instead. Old and new both set: adding or
	// removing such an input is not meant.
	Unappliable map[string]string
	// Refuses are input paths whose change the cloud refuses for some
	// values: each function returns, for the old and new values, what
	// `pulumi up` would do, or "" when the change is fine.
	Refuses map[string]func(old, new any) string
	// RefusesKept are input paths that, under ignoreChanges, keep their
	// deployed value: each function returns, for that value (the base
	// plan's, the best offline guess) and the new inputs, what `pulumi up`
	// would do when the cloud refuses the two together, or "".
	RefusesKept map[string]func(kept any, new map[string]any) string
	// SameAsSource are inputs that the cloud takes only equal to the same
	// input of the resource another input comes from (by
	// PropertyDependencies): where the resource is created, or the input
	// changes, another value fails.
	SameAsSource map[string]SameAs
	// AutoNamed is the input pulumi-aws fills with a generated name when it
	// is left out ("name"). Set by the program, the physical name is fixed,
	// and the provider replaces the resource delete-first (the bridge's
	// nameRequiresDeleteBeforeReplace): the old one goes before the new
	// one exists.
	AutoNamed string
	// GlobalName is set where AutoNamed is unique across regions (IAM).
	GlobalName bool
	// NameScope are the inputs within which AutoNamed is unique (a node
	// group's name in its cluster, a security group's in its VPC): a
	// replacement that changes one of them takes the name in a new place.
	NameScope []string
	// Key are required inputs whose values together EKS takes once in a
	// region and account, where the type has no name of its own (an
	// add-on's cluster and add-on name): a create of a key that a resource
	// pulumi up deletes still holds fails, as a fixed name does
	// ([namesTaken]).
	Key []string
	// DeleteFirst is set where pulumi-aws always replaces delete-first.
	DeleteFirst bool
	// Deletes says what deleting a resource of the type does in AWS that a
	// reviewer may not expect, given its inputs in the deployed stack (the
	// base plan's), or "": a note on its delete, and on its replacement
	// when replaced is set (the old one goes). loses says that the note is
	// of data lost or of what runs broken (log events, an add-on's
	// software, a node group's nodes), which makes the change one to review
	// ([Change].Loses). Nothing is noted for a resource with
	// retainOnDelete, which pulumi up leaves in AWS.
	Deletes func(deployed map[string]any, replaced bool) (note string, loses bool)
	// Updates are inputs whose in-place change does more in AWS than the
	// value shows, each with a note saying what, given the old and new
	// values and the resource's new inputs ("" for none): a node group's
	// nodes all replaced, a cluster upgrade that cannot be undone.
	Updates map[string]func(old, new any, inputs map[string]any) string
	// UpdatesLose are inputs whose in-place change deletes data in AWS,
	// each with a note saying what, given the old and new values ("" for
	// none): a log group's retention shortened. Such an update is a loss
	// ([Change].Loses).
	UpdatesLose map[string]func(old, new any) string
	// OneWay are the inputs of Updates whose change, where it is noted,
	// cannot be undone: a cluster upgraded, its secrets encryption turned
	// on ([Change].OneWay).
	OneWay []string
	// SetOutside are inputs that something other than the program sets
	// while the program's ignoreChanges covers them, each with what (a node
	// group's desired size: an autoscaler): when ignoreChanges stops
	// covering one, pulumi up sets it to the program's value from then on,
	// which a note says.
	SetOutside map[string]string
	// OutputsFrom are the types of the children a component's outputs come
	// from: when one of them is replaced or created, what reads the
	// component's outputs gets new, unknown values.
	OutputsFrom []string
	// Create is a typical creation time (zero for components, which take no
	// time of their own).
	Create time.Duration
}

// Alias is a [Kind].Aliases entry.
type Alias struct {
	// Of is the other input that names the same thing.
	Of string
	// Names is what both name, in words ("launch template").
	Names string
}

// SameAs is a [Kind].SameAsSource rule.
type SameAs struct {
	// Via is the input whose source holds the value to match.
	Via string
	// Fails says what pulumi up does, given the two values and whether the
	// resource is created.
	Fails func(own, source any, create bool) string
}

// Kinds holds, in one place, what the plan knows per type token: the source
// of the replacement rules and of every creation time is given beside it.
//
// Replacement rules are the Terraform AWS provider's attributes marked
// ForceNew (pulumi-aws v6.83 bridges terraform-provider-aws v5.100; checked
// 2026-11 in internal/service/<service>/<resource>.go of that provider),
// named as pulumi-aws names the inputs.
//
// Creation times are typical wall-clock times of a create, not SLAs: EKS
// control planes took 8 min 33 s in a Terraform apply log of 2024-10
// (github.com/DevopsArtFactory/terraform-provisioning pull 46, which also
// shows managed node groups in 1 min 48 s and 1 min 59 s, and an OIDC
// provider in 1 s), 7.5 to 11.5 min in eleven other Terraform apply logs,
// and 13 to 16 min across 21 regions in a 2024 measurement
// (easontechtalk.com, "Unofficial EKS Cluster Creation Performance");
// aws_eks_cluster's create waits for ACTIVE. Add-on times are an estimate:
// an add-on is ACTIVE once its pods are ready, usually within a minute on
// ready nodes (the provider waits up to 20 min; a coredns with no node to
// run on times out there). IAM, EC2 security group, CloudWatch Logs, KMS and
// EKS access-entry resources are single API calls plus the provider's
// consistency wait: 0 to 5 s in the same logs.
var Kinds = map[string]Kind{
	// pulumi-eks's component (remote: run by its plugin). Its children carry
	// the replacement rules; its own VPC input is the one change EKS refuses
	// that no child input shows: pulumi-eks's security groups take the VPC
	// (ForceNew there), the cluster only subnets in it.
	"eks:index:Cluster": {
		Name:        "pulumi-eks cluster",
		OutputsFrom: []string{"aws:eks/cluster:Cluster"},
		Unappliable: map[string]string{
			"vpcId": "EKS cannot move a cluster to another VPC: pulumi up replaces pulumi-eks's security groups " +
				"in the new VPC, then fails updating the cluster, part way through",
		},
	},
	"eks:index:ServiceRole": {Name: "pulumi-eks service role"},
	// aws_eks_cluster. vpc_config updates in place (subnets in the same VPC
	// and AZs only; EKS rejects others). encryption_config: adding one
	// associates the key, removing it replaces the cluster (CustomizeDiff
	// ForceNewIfChange), changing the key makes no API call at all.
	"aws:eks/cluster:Cluster": {
		Name:      "cluster",
		AutoNamed: "name",
		ReplaceOn: []string{"name", "roleArn", "bootstrapSelfManagedAddons",
			"accessConfig.bootstrapClusterCreatorAdminPermissions",
			"kubernetesNetworkConfig.serviceIpv4Cidr", "kubernetesNetworkConfig.ipFamily",
			"outpostConfig.controlPlaneInstanceType", "outpostConfig.controlPlanePlacement.groupName",
			"remoteNetworkConfig"},
		ReplaceOnRemove: []string{"encryptionConfig"},
		// EKS API reference, CreateCluster: ipFamily "If you don't specify
		// a value, ipv4 is used by default"; VpcConfigRequest
		// publicAccessCidrs "The default value is 0.0.0.0/0"
		ComputedDefaults: map[string]any{"kubernetesNetworkConfig.ipFamily": "ipv4",
			"vpcConfig.publicAccessCidrs": []any{"0.0.0.0/0"}},
		// KubernetesNetworkConfigRequest serviceIpv4Cidr: "If you don't
		// specify a block, Kubernetes assigns addresses from either the
		// 10.100.0.0/16 or 172.20.0.0/16 CIDR blocks"
		ChosenByAWS: map[string][]any{"kubernetesNetworkConfig.serviceIpv4Cidr": {"10.100.0.0/16", "172.20.0.0/16"}},
		Refuses:     map[string]func(old, new any) string{"version": versionStep, "encryptionConfig.provider.keyArn": keyChanged},
		Updates: map[string]func(old, new any, inputs map[string]any) string{"version": oneWay,
			"encryptionConfig": encryptionAdded, "encryptionConfig.provider.keyArn": aliasResolved},
		OneWay:  []string{"version", "encryptionConfig"},
		Deletes: clusterDeleted,
		Create:  10 * time.Minute,
	},
	// aws_eks_node_group: every ReplaceOn attribute is ForceNew; amiType,
	// capacityType, diskSize, instanceTypes, releaseVersion and version are
	// optional and computed (pulumi-aws v6.83's docs say "only perform
	// drift detection if a configuration value is provided"), so removing
	// one plans no change.
	"aws:eks/nodeGroup:NodeGroup": {
		Name:      "node group",
		AutoNamed: "nodeGroupName",
		NameScope: []string{"clusterName"},
		ReplaceOn: []string{"clusterName", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "subnetIds",
			"amiType", "capacityType", "diskSize", "instanceTypes", "remoteAccess", "launchTemplate.id", "launchTemplate.name"},
		RefusesKept: map[string]func(any, map[string]any) string{"scalingConfig.desiredSize": desiredOutside},
		// launch_template's id and name: optional, computed and ForceNew,
		// and Read stores both, as DescribeNodegroup returns them
		// (flattenLaunchTemplateSpecification)
		Aliases: map[string]Alias{
			"launchTemplate.id":   {Of: "launchTemplate.name", Names: "launch template"},
			"launchTemplate.name": {Of: "launchTemplate.id", Names: "launch template"},
		},
		// EKS API reference, NodeRepairConfig enabled: "Node auto repair
		// is disabled by default". node_repair_config updates in place
		// (UpdateNodegroupConfig), not ForceNew.
		ComputedDefaults: map[string]any{"nodeRepairConfig.enabled": false},
		// EKS API reference: CreateNodegroup version "the Kubernetes
		// version of the cluster is used, and this is the only accepted
		// specified value"; UpdateNodegroupVersion updates to the
		// cluster's version
		SameAsSource: map[string]SameAs{"version": {Via: "clusterName", Fails: clusterVersionOnly}},
		SetOutside:   map[string]string{"scalingConfig.desiredSize": "an autoscaler"},
		// UpdateNodegroupVersion: a new AMI (version, releaseVersion) or
		// launch template version rolls the nodes
		Updates: map[string]func(old, new any, inputs map[string]any) string{
			"version": nodesRolled, "releaseVersion": nodesRolled, "launchTemplate.version": nodesRolled},
		Deletes: nodesDeleted,
		Create:  2 * time.Minute,
	},
	// aws_eks_addon: resourceAddonUpdate sends serviceAccountRoleArn when
	// it changes, an empty one when it is removed, which EKS refuses
	// (roleRemoved); podIdentityAssociations removed go as an empty list,
	// which UpdateAddon documents as deleting them. CreateAddon refuses an
	// add-on the cluster has ("ResourceInUseException: Addon already
	// exists", aws/eks-hybrid#316): its Key.
	"aws:eks/addon:Addon": {
		Name:      "add-on",
		Key:       []string{"clusterName", "addonName"},
		ReplaceOn: []string{"clusterName", "addonName"},
		Refuses:   map[string]func(old, new any) string{"serviceAccountRoleArn": roleRemoved},
		Updates: map[string]func(old, new any, inputs map[string]any) string{"serviceAccountRoleArn": roleGiven,
			"podIdentityAssociations": roleAssociated},
		Deletes: addonDeleted,
		Create:  time.Minute,
	},
	"aws:eks/accessEntry:AccessEntry": {
		Name:      "access entry",
		ReplaceOn: []string{"clusterName", "principalArn", "type"},
		Refuses:   map[string]func(old, new any) string{"kubernetesGroups": groupsKept},
		Deletes:   accessDeleted,
		Create:    time.Second,
	},
	// aws_eks_pod_identity_association: cluster_name, namespace and
	// service_account are ForceNew; role_arn updates in place. EKS takes
	// one association per service account ([associationsTaken]).
	"aws:eks/podIdentityAssociation:PodIdentityAssociation": {
		Name:      "pod identity association",
		ReplaceOn: []string{"clusterName", "namespace", "serviceAccount"},
		Deletes:   associationDeleted,
		Create:    time.Second,
	},
	// aws_eks_access_policy_association has no update: every input replaces.
	"aws:eks/accessPolicyAssociation:AccessPolicyAssociation": {
		Name:      "access policy association",
		ReplaceOn: []string{"clusterName", "policyArn", "principalArn", "accessScope"},
		Create:    time.Second,
	},
	"aws:ec2/securityGroup:SecurityGroup": {
		Name:      "security group",
		AutoNamed: "name",
		NameScope: []string{"vpcId"},
		ReplaceOn: []string{"name", "namePrefix", "description", "vpcId"},
		Create:    3 * time.Second,
	},
	// aws_security_group_rule: only the description updates in place.
	"aws:ec2/securityGroupRule:SecurityGroupRule": {
		Name: "security group rule",
		ReplaceOn: []string{"type", "protocol", "fromPort", "toPort", "securityGroupId", "cidrBlocks",
			"ipv6CidrBlocks", "prefixListIds", "self", "sourceSecurityGroupId"},
		Create: 2 * time.Second,
	},
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
		Name:      "OIDC provider",
		ReplaceOn: []string{"url"},
		Deletes:   oidcDeleted,
		Create:    time.Second,
	},
	"aws:iam/role:Role": {
		Name:       "IAM role",
		AutoNamed:  "name",
		GlobalName: true,
		ReplaceOn:  []string{"name", "namePrefix", "path"},
		Create:     2 * time.Second,
	},
	// pulumi-aws replaces an attachment delete-first: a create then a
	// delete would delete the same attachment (its DeleteBeforeReplace).
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
		Name:        "policy attachment",
		DeleteFirst: true,
		ReplaceOn:   []string{"role", "policyArn"},
		Create:      time.Second,
	},
	"aws:kms/key:Key": {
		Name:      "KMS key",
		ReplaceOn: []string{"customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"},
		// KMS API reference, CreateKey MultiRegion: "The default value is False"
		ComputedDefaults: map[string]any{"multiRegion": false},
		Deletes:          keyDeleted,
		Create:           10 * time.Second,
	},
	"aws:cloudwatch/logGroup:LogGroup": {
		Name:      "log group",
		AutoNamed: "name",
		ReplaceOn: []string{"name", "namePrefix", "logGroupClass"},
		// CloudWatch Logs API reference, CreateLogGroup logGroupClass: "If
		// you omit this parameter, the default of STANDARD is used"
		ComputedDefaults: map[string]any{"logGroupClass": "STANDARD"},
		UpdatesLose:      map[string]func(old, new any) string{"retentionInDays": retentionShortened},
		Deletes:          logEventsDeleted,
		Create:           time.Second,
	},
	// Providers take no time of their own. The engine asks the provider
	// whether a change replaces it (DiffConfig): the aws provider's region
	// shows on its resources instead (Region); pulumi-kubernetes v4.15
	// replaces a provider whose kubeconfig is computed, as a replaced
	// cluster's is (provider/pkg/provider/provider.go, DiffConfig). Nothing
	// of ekskit's runs on pulumi-eks's Kubernetes providers.
	"pulumi:providers:aws":             {Name: "aws provider"},
	"pulumi:providers:kubernetes":      {Name: "kubernetes provider", ReplaceOn: []string{"kubeconfig"}},
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

// clusterVersionOnly: EKS creates a node group, and updates one, at its
// cluster's version only (an existing group may stay behind it).
func clusterVersionOnly(own, cluster any, create bool) string {
	if create {
		return fmt.Sprintf("EKS creates a node group at its cluster's version only (%v), not %v", cluster, own)
	}
	return fmt.Sprintf("EKS updates a node group to its cluster's version only (%v), not %v: the group stays as it is", cluster, own)
}

// versionStep is what EKS does with a change of a cluster's Kubernetes
// version: it upgrades one minor version at a time and never downgrades
// (UpdateClusterVersion; EKS user guide, "Update existing cluster to new
// Kubernetes version").
func versionStep(old, new any) string {
	o, n := minorOf(old), minorOf(new) // -1 for what is not "1.N"
	switch {
	case o < 0 || n < 0:
		return ""
	case n < o:
		return fmt.Sprintf("EKS cannot downgrade a cluster (%v to %v): pulumi up fails and the cluster stays at %v", old, new, old)
	case n > o+1:
		return fmt.Sprintf("EKS upgrades one minor version at a time (%v to %v skips 1.%d): pulumi up fails; "+
			"upgrade to 1.%d first", old, new, o+1, o+1)
	}
	return ""
}

// keyChanged is what pulumi up does with a cluster's secrets-encryption
// key changed: terraform-provider-aws's resourceClusterUpdate calls EKS
// (AssociateEncryptionConfig) only for a cluster that had no encryption,
// and EKS cannot change the key, so pulumi up changes nothing and the
// diff stays on every run. Not so for a KMS alias given where the key's
// ARN now is (ekskit refuses aliases): EKS kept the key the alias named
// and returns its ARN, which the deployed stack holds, so that change
// settles the diff when the alias named this key ([aliasResolved]).
func keyChanged(old, new any) string {
	if old == nil || new == nil || aliasToKey(old, new) {
		return ""
	}
	return "EKS cannot change a cluster's secrets-encryption key: pulumi up changes nothing and the diff stays on every run"
}

// aliasResolved notes a cluster's KMS alias replaced by a key's ARN
// ([keyChanged]).
func aliasResolved(old, new any, _ map[string]any) string {
	if !aliasToKey(old, new) {
		return ""
	}
	return fmt.Sprintf("the deployed stack holds the ARN of the key %v named (EKS keeps the key and returns its ARN): "+
		"if that is %v, pulumi up only records it and the diff an alias left goes; if it is another key, "+
		"EKS cannot change the key, pulumi up changes nothing and the diff stays", old, new)
}

// aliasToKey reports whether a cluster's keyArn goes from a KMS alias to
// a key's ARN, which [keyChanged] lets through and [aliasResolved] notes.
func aliasToKey(old, new any) bool { return kmsAlias(old) && !kmsAlias(new) }

// kmsAlias reports whether v, a keyArn input, names a KMS alias
// ([spec.KMSAlias]) rather than a key.
func kmsAlias(v any) bool {
	s, _ := v.(string)
	return spec.KMSAlias(s)
}

// encryptionAdded notes secrets encryption turned on for a cluster that
// had none, which terraform-provider-aws applies in place
// (AssociateEncryptionConfig): EKS cannot turn it off again (EKS user
// guide, "Encrypt Kubernetes secrets with KMS on existing clusters"), and
// the API server encrypts a Secret stored before only when it is written
// again (Kubernetes, "Encrypting Confidential Data at Rest").
func encryptionAdded(old, new any, _ map[string]any) string {
	if old != nil || new == nil {
		return ""
	}
	return "EKS cannot turn secrets encryption off: once it is on, taking encryption out replaces the cluster; " +
		"Secrets stored before are encrypted with the key only when written again " +
		"(kubectl get secrets -A -o json | kubectl replace -f -)"
}

// oneWay notes a cluster upgrade that EKS carries out: it cannot be
// undone (the refused ones are [versionStep]'s).
func oneWay(old, new any, _ map[string]any) string {
	if o, n := minorOf(old), minorOf(new); o < 0 || n != o+1 {
		return ""
	}
	return fmt.Sprintf("EKS cannot downgrade a cluster: once upgraded to %v it stays there, and going back to %v "+
		"means a new cluster", new, old)
}

// nodesRolled notes what EKS does to a node group whose AMI or launch
// template version changes (EKS user guide, "Understand each phase of node
// updates"): it starts nodes of the new one, then drains and terminates
// the old ones, updateConfig's maxUnavailable at a time; pods that do not
// leave a node within 15 minutes fail the update with PodEvictionFailure
// (ekskit sends no forceUpdateVersion).
func nodesRolled(_, _ any, inputs map[string]any) string {
	batch := "one node"
	if n, ok := lookup(inputs, "updateConfig.maxUnavailable").(float64); ok && n != 1 {
		batch = fmt.Sprintf("%v nodes", n)
	} else if pc, ok := lookup(inputs, "updateConfig.maxUnavailablePercentage").(float64); ok {
		batch = fmt.Sprintf("%v%% of the nodes", pc)
	}
	return fmt.Sprintf("EKS replaces every node of the group: it starts new nodes, then drains and terminates the old ones, "+
		"%s at a time; a pod that does not leave its node within 15 minutes (a PodDisruptionBudget that allows no "+
		"eviction) fails the update with PodEvictionFailure, and pulumi up with it", batch)
}

// minorOf is spec.Minor of a version input's value.
func minorOf(v any) int {
	s, _ := v.(string)
	return spec.Minor(s)
}

// desiredOutside is what EKS does with a node group whose desired size an
// autoscaler owns (ignoreChanges) when the new minSize or maxSize leaves
// out the desired size pulumi up sends: the deployed one, not the
// program's (UpdateNodegroupConfig refuses a desired size outside them).
func desiredOutside(kept any, new map[string]any) string {
	size, ok1 := kept.(float64)
	lo, ok2 := lookup(new, "scalingConfig.minSize").(float64)
	hi, ok3 := lookup(new, "scalingConfig.maxSize").(float64)
	if !ok1 || !ok2 || !ok3 || lo <= size && size <= hi {
		return ""
	}
	return fmt.Sprintf("the autoscaler owns it (ignoreChanges), so pulumi up sends the deployed desired size with "+
		"minSize %v and maxSize %v, and EKS refuses one outside them: pulumi up fails if that size is still %v, as in the base plan "+
		"(an autoscaler may have moved it); scale the group into %v to %v first", lo, hi, size, lo, hi)
}

// addonSoftware is what each add-on EKS manages runs on the cluster, and
// what stops without it.
var addonSoftware = map[string]string{
	"vpc-cni":    "the aws-node DaemonSet goes, and pods get no network",
	"kube-proxy": "the kube-proxy DaemonSet goes, and Services stop being routed on the nodes",
	"coredns":    "CoreDNS goes, and cluster DNS stops",
}

// addonDeleted is what deleting an EKS add-on does to its software on the
// cluster: DeleteAddon removes it unless preserve is set, which leaves it
// running, self-managed (EKS API reference, DeleteAddon; EKS user guide,
// "Remove an Amazon EKS add-on from a cluster"; the aws_eks_addon
// argument preserve, false unless set): what runs on it breaks, a loss. A replacement, which creates the add-on anew, is not noted.
func addonDeleted(deployed map[string]any, replaced bool) (string, bool) {
	if replaced {
		return "", false
	}
	name, _ := deployed["addonName"].(string)
	if deployed["preserve"] == true {
		return fmt.Sprintf("%s's software stays on the cluster, no longer managed by EKS (preserve is on in the deployed stack): "+
			"EKS no longer updates it", name), false
	}
	what, ok := addonSoftware[name]
	if !ok {
		what = "what it runs on the cluster goes"
	}
	return fmt.Sprintf("EKS removes %s's software from the cluster (preserve is off in the deployed stack): %s; "+
		"to keep it running, self-managed, deploy preserve: true on the add-on first", name, what), true
}

// roleRemoved is what pulumi up does with an add-on's IAM role taken off:
// terraform-provider-aws's resourceAddonUpdate (v5.100; the same code in
// v4 and in its newest source) sends serviceAccountRoleArn whenever it
// changes, "" for one removed, and EKS takes a role ARN of 1 to 255
// characters (the EKS API model's RoleArn; the provider's v4, on the AWS
// SDK v1, refused it before sending: hashicorp/terraform-provider-aws#30645,
// open), so no update takes the role off. vpc-cni created without one
// runs on the node role (another add-on then has no AWS permissions unless
// given a role outside ekskit: EKS024); pods started with the role keep
// taking it until they restart (IRSA's webhook gives a pod its role when
// it starts).
func roleRemoved(old, new any) string {
	if old == nil || new != nil {
		return ""
	}
	return "the provider sends an empty role ARN for a removed one, and EKS refuses it (hashicorp/terraform-provider-aws#30645): " +
		"pulumi up fails and the add-on keeps its role; keep the role, or delete the add-on in one pulumi up " +
		"(with preserve on, its software keeps running) and create it without the role in the next, then restart its pods " +
		"(they keep taking the role until then; without it, only vpc-cni has permissions, the node role's)"
}

// roleGiven notes an add-on given a role, or another one: EKS annotates
// its service account, but does not restart its pods
// (aws/amazon-vpc-cni-k8s#1338), and IRSA's webhook gives a pod its role
// when it starts, so running pods keep the credentials they started with
// (the node role's for vpc-cni's aws-node, none for another add-on's) until
// they restart. An add-on with pod identity associations runs on those
// where the Pod Identity agent runs (EKS user guide, "IAM roles for
// Amazon EKS add-ons"), and is not noted.
func roleGiven(old, new any, inputs map[string]any) string {
	if new == nil || hasAssociations(inputs["podIdentityAssociations"]) {
		return "" // taken off: roleRemoved; on Pod Identity: roleAssociated
	}
	name, _ := inputs["addonName"].(string)
	r := addonRoleOf(name)
	was := "the role's they started with"
	switch {
	case old == nil && r.nodeRole != "": // vpc-cni's aws-node
		was = "the node role's"
	case old == nil:
		was = "none"
	}
	return fmt.Sprintf("EKS gives %s the role, but does not restart its pods (aws/amazon-vpc-cni-k8s#1338): they keep their "+
		"credentials, %s, until they restart; %s right after pulumi up", r.account, was, r.restart)
}

// roleAssociated notes an add-on's pod identity associations given,
// changed or taken off: EKS sets them as the update says (UpdateAddon:
// the associations given replace those the add-on owns, an empty list
// deletes them, which terraform-provider-aws sends for none), and
// "initiates a rolling restart of the add-on pods" (EKS user guide, "IAM
// roles for Amazon EKS add-ons"), which take their credentials anew.
func roleAssociated(old, new any, inputs map[string]any) string {
	name, _ := inputs["addonName"].(string)
	r := addonRoleOf(name)
	if !hasAssociations(new) {
		fallback := "none of their own: " + r.fails
		switch {
		case inputs["serviceAccountRoleArn"] != nil:
			fallback = "the role of its serviceAccountRoleArn (IRSA)"
		case r.nodeRole != "":
			fallback = "the node role, once it has " + spec.CNIPolicy + " (where it is attached in the same pulumi up, " +
				"nothing holds the restart back until it is)"
		}
		return fmt.Sprintf("EKS deletes the add-on's pod identity associations and restarts its pods (a rolling restart), "+
			"which then get the credentials of %s", fallback)
	}
	return "EKS sets the add-on's pod identity associations and restarts its pods (a rolling restart), which take their " +
		"credentials from them, in place of those they started with"
}

// hasAssociations reports whether an add-on's podIdentityAssociations
// input gives any: a list of some, or one unknown until pulumi up.
func hasAssociations(v any) bool {
	list, ok := v.([]any)
	return v == Unknown || ok && len(list) > 0
}

// addonRole is what an add-on's software does on its IAM role for service
// accounts, and how to move it to another, in words: the service account
// it takes the role by, the permissions a role must have, what fails
// without them, how to restart its pods, and how they may run on the node
// role instead, where they can.
type addonRole struct{ account, podIdentityAccount, permissions, fails, restart, nodeRole string }

// addonRestarts say how to restart the pods of the add-ons that ekskit
// can give a role ([spec.AddonRoleOf] names their service accounts and
// policies, and what fails without them); another is said of in general
// terms ([addonRoleOf]). The CSI drivers' controllers are the
// ebs-csi-controller and efs-csi-controller Deployments; the EFS
// driver's node DaemonSet, efs-csi-node, takes the role too (its
// efs-csi-node-sa matches efs-csi-*); the Mountpoint for S3 driver's
// s3-csi-node DaemonSet runs as s3-csi-driver-sa; the FSx driver's
// controller is the fsx-csi-controller Deployment.
var addonRestarts = map[string]string{
	"vpc-cni":                         "run kubectl -n kube-system rollout restart daemonset aws-node",
	"aws-ebs-csi-driver":              "run kubectl -n kube-system rollout restart deployment ebs-csi-controller",
	"aws-efs-csi-driver":              "run kubectl -n kube-system rollout restart deployment/efs-csi-controller daemonset/efs-csi-node",
	"amazon-cloudwatch-observability": "restart the CloudWatch agent's pods (namespace amazon-cloudwatch)",
	"aws-mountpoint-s3-csi-driver":    "run kubectl -n kube-system rollout restart daemonset/s3-csi-node",
	"aws-fsx-csi-driver":              "run kubectl -n kube-system rollout restart deployment fsx-csi-controller",
}

// addonRoleOf says what the add-on named name does on its role: from
// [spec.AddonRoleOf] and [addonRestarts] where ekskit knows the add-on,
// in general terms otherwise.
func addonRoleOf(name string) addonRole {
	need, _ := spec.AddonRoleOf(name)
	restart, ok := addonRestarts[name]
	if !ok {
		return addonRole{account: "its service account", podIdentityAccount: "its service account", permissions: "this one's permissions",
			fails: "its AWS calls fail", restart: "restart its pods"}
	}
	names := need.PolicyNames()
	for i, n := range names {
		names[i] = n + "'s"
	}
	permissions := "the permissions of its policyArns" // the Mountpoint for S3 driver's
	if len(names) > 0 {
		permissions = strings.Join(names, " and ") + " permissions, and those of its policyArns, if any"
	}
	account := "its service account " + need.Namespace + "/" + need.ServiceAccount
	if strings.Contains(need.ServiceAccount, "*") {
		account = "its service accounts " + need.Namespace + "/" + need.ServiceAccount
	}
	r := addonRole{account: account, podIdentityAccount: "its service account", permissions: permissions, fails: need.Fails, restart: restart}
	if need.TakesPodIdentity() {
		r.podIdentityAccount = need.Namespace + "/" + need.PodIdentityAccount
	}
	if name == "vpc-cni" {
		// aws-node runs on the host's network, where the node role's
		// credentials reach it (the metadata hop limit of 1 stops only
		// pods on their own network, EKS007); no other add-on ekskit
		// gives a role to runs its AWS calls there
		r.nodeRole = " (or take the annotation off, for the node role, where it has them)"
	}
	return r
}

// roleUse is how an add-on's software goes on taking an IAM role that
// pulumi up deletes ([roleTakenNote]).
type roleUse int

// The ways of a [roleUse].
const (
	// roleKeptPreserved: the add-on is deleted with preserve on in the
	// deployed stack. DeleteAddon leaves its software running (EKS API
	// reference, DeleteAddon: preserve "preserves the add-on software on
	// your cluster but Amazon EKS stops managing any settings for the
	// add-on"; terraform-provider-aws's resourceAddonDelete sends the
	// preserve in the stack's state), its service account with it; EKS
	// does not remove the add-on's IAM role either (EKS user guide,
	// "Remove an Amazon EKS add-on from a cluster"), which the program's
	// delete of it does.
	roleKeptPreserved roleUse = iota
	// roleLeft: the add-on, updated to another role or left as it is,
	// stays. EKS updates the service account's role, not the pods
	// (aws/amazon-vpc-cni-k8s#1338: no rolling restart follows).
	roleLeft
	// roleStillNamed: the add-on, in AWS after pulumi up (left as it is,
	// or retainOnDelete), still names the role.
	roleStillNamed
)

// roleTakenNote is the note on an IAM role that pulumi up deletes while
// an add-on's software still takes it, as how says. IRSA's webhook gives
// a pod its role when the pod starts (AWS_ROLE_ARN, from its service
// account's eks.amazonaws.com/role-arn annotation), so running pods keep
// taking it until they restart. Once it is deleted, their AWS calls fail:
// DeleteRole takes a role whose managed policies are detached (IAM API
// reference, DeleteRole, which warns that deleting a role an instance
// runs with "will break any applications running on the instance"), the
// credentials the pods hold carry the role's permissions, and none can be
// had for a role that is gone. The fix restarts the pods on a role that
// exists (the workaround of aws/amazon-vpc-cni-k8s#1338); where
// vpc-cni's service account names no role, aws-node takes the node role.
// An add-on that names the role in a pod identity association (by is
// byAssociation) leaves that association when it is deleted with
// preserve on (EKS user guide, "IAM roles for Amazon EKS add-ons":
// associations made through the add-on API are deleted with it, and
// "you can prevent this cascading delete by using the preserve option";
// "add-ons can't assume ownership of existing pod identity
// associations"), and its pods then go on taking the role through it;
// kept, EKS restarts its pods when the association changes, and none is
// noted ([addonAfter]). A loss ([Change].Loses).
func roleTakenNote(addon, resource string, how roleUse, by string) string {
	r := addonRoleOf(addon)
	who := fmt.Sprintf("add-on %s (%s)", addon, resource)
	switch {
	case how == roleKeptPreserved && by == byAssociation:
		return fmt.Sprintf("%s is deleted with preserve on in the deployed stack, and its software keeps running on this role: "+
			"the pod identity association for %s stays (EKS deletes an add-on's associations with it, but not with preserve), "+
			"naming it; once pulumi up deletes the role, %s, until the association names one that has %s "+
			"(aws eks list-pod-identity-associations, then update-pod-identity-association), right after pulumi up; "+
			"and before the add-on is put back with podIdentity, delete the association (delete-pod-identity-association): "+
			"an add-on takes over no association it does not own",
			who, r.podIdentityAccount, r.fails, r.permissions)
	case how == roleStillNamed && by == byAssociation:
		return fmt.Sprintf("%s still names this role after pulumi up (a pod identity association), and its pods take it: once "+
			"pulumi up deletes it, %s; give the add-on a role that exists, or keep this one", who, r.fails)
	}
	switch how {
	case roleKeptPreserved:
		return fmt.Sprintf("%s is deleted with preserve on in the deployed stack, and its software keeps running on this role: "+
			"its pods took it when they started, and %s, which EKS leaves as it is, still names it; once pulumi up deletes the role, "+
			"%s, until its pods run on another role: annotate %s with one that has %s%s, then %s, right after pulumi up",
			who, r.account, r.fails, r.account, r.permissions, r.nodeRole, r.restart)
	case roleLeft:
		return fmt.Sprintf("%s now takes another role, but EKS does not restart its pods, which took this one when they started "+
			"(aws/amazon-vpc-cni-k8s#1338): once pulumi up deletes it, %s until they restart; %s right after pulumi up",
			who, r.fails, r.restart)
	}
	return fmt.Sprintf("%s still names this role after pulumi up (serviceAccountRoleArn), and its pods take it: once pulumi up "+
		"deletes it, %s; give the add-on a role that exists, or keep this one", who, r.fails)
}

// logEventsDeleted is what deleting a log group does: CloudWatch Logs
// deletes its log events with it (DeleteLogGroup), and a replacement
// starts an empty one: a loss. The cluster's log group
// (/aws/eks/<cluster>/cluster, where EKS writes) holds the control-plane
// logs, audit logs among them.
func logEventsDeleted(deployed map[string]any, replaced bool) (string, bool) {
	name, _ := deployed["name"].(string)
	what := "its log events are deleted with it"
	rest, eks := strings.CutPrefix(name, "/aws/eks/")
	cluster, logs := strings.CutSuffix(rest, "/cluster")
	if eks && logs && cluster != "" && !strings.Contains(cluster, "/") {
		what = fmt.Sprintf("its log events, cluster %s's control-plane logs (its audit logs, where enabled), are deleted with it", cluster)
	}
	if replaced {
		return "the old log group goes: " + what, true
	}
	return what, true
}

// retentionShortened is what a log group's shorter retention does:
// CloudWatch Logs deletes the log events older than the new retention
// (PutRetentionPolicy; "it typically takes up to 72 hours" after they
// reach it, CloudWatch Logs user guide, "Change log data retention"),
// which a longer one later does not bring back. No retention (unset, 0)
// keeps them for ever.
func retentionShortened(old, new any) string {
	days := func(v any) float64 {
		n, _ := v.(float64)
		return n
	}
	was, now := days(old), days(new)
	if now <= 0 || was > 0 && now >= was {
		return ""
	}
	plural := func(n float64) string {
		if n == 1 {
			return "1 day"
		}
		return fmt.Sprintf("%g days", n)
	}
	kept := "for ever"
	if was > 0 {
		kept = "for " + plural(was)
	}
	return fmt.Sprintf("CloudWatch Logs deletes the log events older than %s, kept %s until now (within about 72 hours): "+
		"a longer retention later does not bring them back; export what must be kept first (aws logs create-export-task)", plural(now), kept)
}

// clusterDeleted is what deleting an EKS cluster does: DeleteCluster
// deletes its control plane, and with it everything its Kubernetes API
// holds (etcd: workloads, Secrets, ConfigMaps, custom resources), which
// nothing brings back. Replaced, the old cluster goes so, and the new one
// starts with an empty API.
func clusterDeleted(_ map[string]any, replaced bool) (string, bool) {
	const holds = "everything its Kubernetes API holds (workloads, Secrets, ConfigMaps, custom resources)"
	if replaced {
		return "the old cluster goes: EKS deletes its control plane and " + holds + ", and the new one starts " +
			"with an empty API: what the old one ran must be deployed to it again", true
	}
	return "EKS deletes the control plane and " + holds + ": EKS keeps no copy to bring it back", true
}

// accessDeleted is what deleting an access entry does (EKS user guide,
// "Grant IAM users access to Kubernetes with EKS access entries"): the
// principal no longer reaches the cluster's Kubernetes API through it,
// and its access policies go with it. A replacement makes a new entry.
func accessDeleted(deployed map[string]any, replaced bool) (string, bool) {
	if replaced {
		return "", false
	}
	who, _ := deployed["principalArn"].(string)
	if who == "" {
		who = "its principal"
	}
	return who + " loses the access to the cluster's Kubernetes API this entry gave it, with its access policies " +
		"(unless another entry or the aws-auth ConfigMap gives it some)", true
}

// groupsKept is what pulumi up does with an access entry's Kubernetes
// groups all taken off: kubernetes_groups is optional and computed in
// terraform-provider-aws (aws_eks_access_entry), so left out it keeps the
// deployed groups, and pulumi-terraform-bridge sends an empty list as
// none (pulumi/pulumi-terraform-bridge#1970): the principal stays in them.
func groupsKept(old, new any) string {
	if old == nil || new != nil {
		return ""
	}
	return fmt.Sprintf("the provider keeps the deployed groups when none are given, so the principal stays in %s: "+
		"take the entry out in one pulumi up and put it back in the next, or leave one group that no binding names", jsonText(old))
}

// associationDeleted is what deleting a pod identity association does:
// the EKS Pod Identity agent no longer hands the service account's pods
// the role's credentials (EKS user guide, "Learn how EKS Pod Identity
// grants pods access to AWS services"), and their AWS calls fail once
// those they hold expire. A replacement makes a new one.
func associationDeleted(deployed map[string]any, replaced bool) (string, bool) {
	if replaced {
		return "", false
	}
	ns, _ := deployed["namespace"].(string)
	sa, _ := deployed["serviceAccount"].(string)
	return fmt.Sprintf("the pods of service account %s/%s get the role's credentials no more: their AWS calls fail once "+
		"those they hold expire, unless the SDK finds others", ns, sa), true
}

// oidcDeleted is what deleting a cluster's IAM OIDC provider does (EKS
// user guide, "IAM roles for service accounts"): the roles that trust it
// can no longer be assumed with the cluster's service account tokens. A
// replacement (a new issuer URL: a new cluster) is the cluster's.
func oidcDeleted(_ map[string]any, replaced bool) (string, bool) {
	if replaced {
		return "", false
	}
	return "pods that take an IAM role through it (IAM roles for service accounts: the add-ons' own roles, where " +
		"irsa is on) can no longer assume it: their AWS calls fail", true
}

// nodesDeleted is what deleting a managed node group does (EKS user
// guide, "Delete a managed node group from your cluster"): EKS scales its
// Auto Scaling group to zero, drains each node and terminates it, after 5
// minutes whether its pods have left or not. A replacement is not noted:
// its sentence says whether the old group goes before the new one exists
// (a fixed name) or after (a generated one, as ekskit's).
func nodesDeleted(_ map[string]any, replaced bool) (string, bool) {
	if replaced {
		return "", false
	}
	return "EKS drains every node of the group and terminates it (after 5 minutes, whether its pods have left or not): " +
		"its pods run again only on other nodes with room for them that their node selectors, affinity and tolerations allow, " +
		"and what they kept on the node (emptyDir volumes) is lost", true
}

// keyDeleted is what deleting a KMS key does: pulumi-aws schedules its
// deletion (ScheduleKeyDeletion, after deletionWindowInDays, else KMS's 30
// days); pending deletion, the key neither encrypts nor decrypts, and once
// deleted, nothing it encrypted can be decrypted again (KMS developer
// guide, "Deleting AWS KMS keys"). A replacement's old key goes so too.
// The key cluster.encryption creates has retainOnDelete unless it sets
// protect: false.
func keyDeleted(deployed map[string]any, replaced bool) (string, bool) {
	days := any(30)
	if d, ok := deployed["deletionWindowInDays"].(float64); ok {
		days = d
	}
	what := fmt.Sprintf("KMS schedules the key's deletion in %v days: pending deletion, it neither encrypts nor decrypts "+
		"(CancelKeyDeletion keeps it until then, disabled), and once it is deleted, nothing it encrypted can be decrypted again "+
		"(a cluster's Kubernetes secrets, where it is their key)", days)
	if replaced {
		return "the old key goes: " + what, true
	}
	return what, true
}
