package spec

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

// Defaults of the node group settings.
const (
	DefaultAMIType      = "AL2023_x86_64_STANDARD"
	DefaultCapacityType = "ON_DEMAND"
	DefaultInstanceType = "t3.medium"
	// DefaultARMInstanceType is the default for an ARM AMI type.
	DefaultARMInstanceType = "t4g.medium"
	DefaultDiskSize        = 20
	// DefaultWindowsDiskSize is the default for a Windows AMI type.
	DefaultWindowsDiskSize = minWindowsDisk
	DefaultMinSize         = 1
	DefaultMaxSize         = 2
	DefaultMaxUnavailable  = 1
	// AMICustom is the AMI type of a group whose launch template names
	// its own AMI.
	AMICustom = string(ekstypes.AMITypesCustom)
)

// NodeGroup are the settings of one EKS managed node group (component
// nodegroup; config `ekskit:nodeGroups.<name>`).
type NodeGroup struct {
	// AMIType is one of the AWS SDK's AMITypes, running on the instance
	// types' CPU architecture; AL2_* only up to Kubernetes 1.32, CUSTOM only
	// with a LaunchTemplate; WINDOWS_* not in a [Stack] (its groups share
	// one node role, and Windows nodes need their own: with nodegroup.New
	// on roles of their own). Defaults to AL2023_x86_64_STANDARD.
	AMIType string `json:"amiType"`
	// CapacityType is ON_DEMAND, SPOT or CAPACITY_BLOCK (with a
	// LaunchTemplate). Defaults to ON_DEMAND.
	CapacityType string `json:"capacityType"`
	// InstanceTypes are 1 to 20 instance types of the EC2 model, of the AMI
	// type's CPU architecture (with CUSTOM, all of one: the launch template's
	// AMI's; no A1 type with an AL2023 AMI type: AL2023
	// runs on Graviton2 and later); none with a LaunchTemplate that sets its own
	// (EKS fails a group that sets both). Defaults (nil) to [t3.medium],
	// [t4g.medium] for an ARM AMI type, and is required for the accelerated
	// ones (*_NVIDIA, *_NEURON, AL2_x86_64_GPU);
	// with a LaunchTemplate, to none: the template's type, else EKS's
	// t3.medium. An empty list without a LaunchTemplate is an error.
	InstanceTypes []string `json:"instanceTypes"`
	// DiskSize in GiB: AL2023 and Bottlerocket 20 or more, Windows 50 or
	// more, at most 16384; not with a LaunchTemplate. Defaults to 20, 50 for
	// a Windows AMI type (none with a LaunchTemplate: the template's).
	DiskSize *int `json:"diskSize"`
	// MinSize is the fewest nodes, 0 or more. Defaults to 1.
	MinSize *int `json:"minSize"`
	// MaxSize is the most nodes, 1 or more and at least MinSize; a stack
	// file and cluster.Build also hold it to the account's quota of nodes
	// per group (450 unless raised: ekskit:cluster.quotas, Stack.Quotas),
	// which nodegroup.New alone does not know. Defaults to the larger of 2
	// and MinSize.
	MaxSize *int `json:"maxSize"`
	// DesiredSize is the nodes to run, from MinSize to MaxSize. Defaults to
	// MinSize.
	DesiredSize *int `json:"desiredSize"`
	// MaxUnavailable nodes during an update: 1 to 100 and at most MaxSize;
	// not with MaxUnavailablePercentage. Defaults to 1 unless
	// MaxUnavailablePercentage is set.
	MaxUnavailable *int `json:"maxUnavailable"`
	// MaxUnavailablePercentage of nodes during an update, 1 to 100.
	// Defaults to unset.
	MaxUnavailablePercentage *int `json:"maxUnavailablePercentage"`
	// Labels are Kubernetes node labels: keys and values 1 to 63
	// characters (a key's prefix/ included, a DNS subdomain), no
	// kubernetes.io/, k8s.io/ or eks.amazonaws.com/ prefix nor one under
	// them (kubelet refuses node-role.kubernetes.io/...). Defaults to none.
	Labels map[string]string `json:"labels"`
	// Taints are at most 50 Kubernetes node taints. Defaults to none.
	Taints []Taint `json:"taints"`
	// SubnetIDs of the nodes (subnet-…). Defaults to the cluster's subnets.
	SubnetIDs []string `json:"subnetIds"`
	// RemoteAccess enables SSH to the nodes; not with a LaunchTemplate.
	// Defaults to off.
	RemoteAccess *RemoteAccess `json:"remoteAccess"`
	// LaunchTemplate to start the nodes from. Defaults to EKS's own.
	LaunchTemplate *LaunchTemplate `json:"launchTemplate"`
	// Version is the nodes' Kubernetes version: the cluster's or up to three
	// minor versions older, not with a CUSTOM AMI (its launch template's AMI
	// has one). EKS creates a group, and updates one, at the cluster's
	// version only: an older one holds an existing group back, unchanged,
	// while the control plane is upgraded.
	// Defaults to the cluster's, followed when the cluster is upgraded (the
	// group is updated after it).
	Version string `json:"version"`
	// ReleaseVersion is the AMI release (e.g. 1.35.0-20251120; Windows
	// 1.35-2025.11.12), of the nodes' Kubernetes version (Bottlerocket's
	// are its own OS versions, e.g. 1.26.2-360b7a38); not with a CUSTOM
	// AMI. Defaults to the latest for Version.
	ReleaseVersion string `json:"releaseVersion"`
	// Tags on the node group, added to the cluster's: together at most 50,
	// keys 1 to 128 characters without the aws: prefix, values at most 256.
	// Defaults to the cluster's tags.
	Tags map[string]string `json:"tags"`
	// AutoscalerOwnsDesiredSize makes Pulumi ignore changes to DesiredSize
	// (a cluster autoscaler owns it). Defaults to false: Pulumi owns it.
	AutoscalerOwnsDesiredSize bool `json:"autoscalerOwnsDesiredSize"`
	// AutoRepair turns on EKS's node auto repair: EKS replaces, or reboots,
	// nodes that report a health problem for long enough (the node's Ready
	// condition; more with the eks-node-monitoring-agent add-on). Sent as
	// nodeRepairConfig.enabled whether true or false, so taking it out turns
	// repair off. Linux nodes only: not with a Windows AMI type. Defaults
	// to false: off, as EKS leaves a group that does not ask for it.
	AutoRepair bool `json:"autoRepair"`
	// NamePrefix begins the node group's physical name, which Pulumi ends
	// with a 26-character unique suffix, so that a replacement is created
	// before the old group is deleted. 1 to 37 letters, digits, - or _, starting with a
	// letter or digit. Defaults to the node group's name and a dash.
	NamePrefix string `json:"namePrefix"`
}

// Taint is a Kubernetes node taint.
type Taint struct {
	// Key is required: at most 63 characters, an optional DNS prefix/
	// included; no kubernetes.io/, k8s.io/ or eks.amazonaws.com/ prefix,
	// nor one under them. A key with one effect is listed once.
	Key string `json:"key"`
	// Value is at most 63 characters. Defaults to empty.
	Value string `json:"value"`
	// Effect is NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE (EKS's
	// spelling). Required.
	Effect string `json:"effect"`
}

// RemoteAccess is SSH access to the nodes.
type RemoteAccess struct {
	// SSHKey is the EC2 key pair's name: 1 to 255 printable ASCII
	// characters. Required; no default.
	SSHKey string `json:"sshKey"`
	// SourceSecurityGroupIDs are the security groups (sg-..., each once)
	// that may reach port 22. Required, no default: without them EKS opens
	// port 22 to 0.0.0.0/0.
	SourceSecurityGroupIDs []string `json:"sourceSecurityGroupIds"`
}

// LaunchTemplate names an EC2 launch template by ID or Name (exactly one),
// at a Version number ($Latest and $Default would make every run a change).
type LaunchTemplate struct {
	// ID of the template (lt-...). Set ID or Name; no default.
	ID string `json:"id"`
	// Name of the template: 3 to 125 letters, digits and ( ) . - / _. Set
	// ID or Name; no default.
	Name string `json:"name"`
	// Version is the template's version number (1, 2, ..., at most
	// 2^63-1). Required; no default.
	Version string `json:"version"`
}

// WithDefaults returns a deep copy of ng ([NodeGroup.Clone]) with every
// unset setting at its default; ng is not changed.
func (ng NodeGroup) WithDefaults() NodeGroup {
	ng = ng.Clone()
	if ng.AMIType == "" {
		ng.AMIType = DefaultAMIType
	}
	if ng.CapacityType == "" {
		ng.CapacityType = DefaultCapacityType
	}
	if it := defaultInstanceType(ng.AMIType); ng.InstanceTypes == nil && ng.LaunchTemplate == nil && it != "" {
		ng.InstanceTypes = []string{it}
	}
	if ng.DiskSize == nil && ng.LaunchTemplate == nil {
		ng.DiskSize = new(DefaultDiskSize)
		if ng.Windows() {
			ng.DiskSize = new(DefaultWindowsDiskSize)
		}
	}
	if ng.MinSize == nil {
		ng.MinSize = new(DefaultMinSize)
	}
	if ng.MaxSize == nil {
		ng.MaxSize = new(max(DefaultMaxSize, *ng.MinSize))
	}
	if ng.DesiredSize == nil {
		ng.DesiredSize = new(*ng.MinSize)
	}
	if ng.MaxUnavailable == nil && ng.MaxUnavailablePercentage == nil {
		ng.MaxUnavailable = new(DefaultMaxUnavailable)
	}
	return ng
}

// defaultInstanceType is the instance type of a group of AMI type ami that
// names none: t3.medium, t4g.medium on ARM, none for the accelerated AMIs
// (NVIDIA, Neuron), which need a GPU or Inferentia type chosen.
func defaultInstanceType(ami string) string {
	switch {
	case accelerated(ami):
		return ""
	case amiArch(ami) == "arm64":
		return DefaultARMInstanceType
	}
	return DefaultInstanceType
}

// accelerated reports an AMI type for GPU or Inferentia/Trainium nodes.
func accelerated(ami string) bool {
	return strings.Contains(ami, "NVIDIA") || strings.Contains(ami, "NEURON") || strings.Contains(ami, "GPU")
}

// PhysicalNamePrefix is the prefix of the node group's AWS name: NamePrefix,
// or name and a dash.
func (ng NodeGroup) PhysicalNamePrefix(name string) string {
	if ng.NamePrefix != "" {
		return ng.NamePrefix
	}
	return name + "-"
}

// HasNodes reports whether a defaulted node group runs nodes once created
// (desired size above zero).
func (ng NodeGroup) HasNodes() bool { return ng.DesiredSize != nil && *ng.DesiredSize > 0 }

// Windows reports a Windows AMI type: its nodes run no Linux pods (coredns,
// aws-node, kube-proxy).
func (ng NodeGroup) Windows() bool { return strings.HasPrefix(ng.AMIType, "WINDOWS_") }

// HostsCoreDNS reports whether coredns can run on a defaulted node group's
// nodes: it has nodes, and they admit coredns placed as p says
// ([NodeGroup.AdmitsCoreDNS]).
func (ng NodeGroup) HostsCoreDNS(p CoreDNSPlacement) bool {
	return ng.HasNodes() && ng.AdmitsCoreDNS(p)
}

// AdmitsCoreDNS reports whether coredns's pods, placed as p says (the
// cluster's [Cluster.CoreDNSPlacement]), may run on the node group's nodes,
// whatever their number: they run Linux (EKS's coredns affinity), every
// NoSchedule or NoExecute taint is one a toleration of p tolerates
// ([Toleration.ToleratesTaint]; a NoExecute one for ever, with no
// tolerationSeconds), and no label of p's nodeSelector is known to be
// missing or to differ on them ([NodeGroup.nodeLabel]: a label ekskit
// cannot know is taken to match), and they may match one term of p's
// required node affinity, if any, likewise. A PreferNoSchedule taint never keeps a
// pod off a node: the scheduler's TaintToleration filter reads NoSchedule
// and NoExecute taints only. The group's defaults ([NodeGroup.WithDefaults])
// need not be applied: an unset AMI type or capacity type is read as its
// default.
func (ng NodeGroup) AdmitsCoreDNS(p CoreDNSPlacement) bool {
	if ng.Windows() {
		return false
	}
	for _, t := range ng.Taints {
		effect := kubernetesEffect[t.Effect]
		if effect == preferNoSchedule {
			continue
		}
		if !slices.ContainsFunc(p.Tolerations, func(tol Toleration) bool {
			// the taint manager evicts a pod whose NoExecute tolerations
			// all end
			return tol.ToleratesTaint(t) && (effect != noExecute || tol.TolerationSeconds == nil)
		}) {
			return false
		}
	}
	for _, k := range slices.Sorted(maps.Keys(p.NodeSelector)) {
		if v, present, known := ng.nodeLabel(k); known && (!present || v != p.NodeSelector[k]) {
			return false
		}
	}
	return p.NodeAffinity == nil || slices.ContainsFunc(p.NodeAffinity, ng.matchesTerm)
}

var reNamePrefix = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9_-]*$`)

// Validate reports every problem with ng (after [NodeGroup.WithDefaults])
// at key paths under at. name is the node group's name (its config key;
// the component's name) and clusterVersion the Kubernetes version of its
// cluster ("" when unknown: the version rules are then skipped).
func (ng NodeGroup) Validate(at Path, name, clusterVersion string) Problems {
	var p Problems
	ng = ng.WithDefaults() // a deep copy; defaulted settings keep their values, and no size is nil below
	ng.validateName(&p, at, name)
	ng.validateImage(&p, at, clusterVersion)
	ng.validateInstances(&p, at)
	ng.validateSizes(&p, at)
	ng.validateLabels(&p, at)
	ng.validateTaints(&p, at)
	SubnetIDs(&p, at.Key("subnetIds"), ng.SubnetIDs)
	ng.validateAccess(&p, at)
	if ng.AutoRepair && ng.Windows() {
		// EKS user guide, "Detect node health issues and enable automatic
		// node repair": Linux only
		p.Add(at.Key("autoRepair"), true, "node auto repair is for Linux nodes only, and amiType %s is Windows: leave it false", ng.AMIType)
	}
	Tags(&p, at.Key("tags"), ng.Tags)
	return p
}

// MergedTags are a node group's tags: the cluster's, overlaid with the
// group's.
func MergedTags(cluster, group map[string]string) map[string]string {
	out := make(map[string]string, len(cluster)+len(group))
	maps.Copy(out, cluster)
	maps.Copy(out, group)
	return out
}

// NodeGroupTags reports, at the group's tags path, a group whose own tags
// take it over AWS's limit, counted with the cluster's and the aws
// provider's default tags (defaults: the stack's aws:defaultTags, nil when
// unknown). Too many tags in the group alone, or on the cluster with the
// defaults, are reported there, not here.
func NodeGroupTags(p *Problems, at Path, cluster Cluster, group, defaults map[string]string) {
	n := len(MergedTags(MergedTags(defaults, cluster.Tags), group))
	if n <= maxTags || len(group) == 0 || len(group) > maxTags || cluster.securityGroupTagCount(defaults) > maxTags {
		return
	}
	with := "the cluster's tags"
	if len(defaults) > 0 {
		with += fmt.Sprintf(" and the aws provider's default tags (%d: aws:defaultTags, Stack.DefaultTags)", len(defaults))
	}
	p.Add(at.Key("tags"), n, "with %s, at most %d tags", with, maxTags)
}

func (ng NodeGroup) validateName(p *Problems, at Path, name string) {
	if !reName.MatchString(name) || ng.NamePrefix == "" && len(name)+1 > MaxNodeGroupNamePrefix {
		p.Add(at, name, "node group names are 1 to %d letters, digits, - or _, starting with a letter or digit "+
			"(the name, a dash and a 26-character suffix make the EKS name; a longer name needs a shorter namePrefix)", MaxNodeGroupNamePrefix-1)
	}
	if ng.NamePrefix != "" && (len(ng.NamePrefix) > MaxNodeGroupNamePrefix || !reNamePrefix.MatchString(ng.NamePrefix)) {
		p.Add(at.Key("namePrefix"), ng.NamePrefix, "must be 1 to %d letters, digits, - or _, starting with a letter or digit", MaxNodeGroupNamePrefix)
	}
}

func (ng NodeGroup) validateImage(p *Problems, at Path, clusterVersion string) {
	if slices.Contains(AMITypesAfterProvider, ng.AMIType) {
		older := strings.NewReplacer("_2025_", "_2022_", "_FIPS", "").Replace(ng.AMIType)
		p.Add(at.Key("amiType"), ng.AMIType, "EKS offers it, but pulumi-aws v6.83 refuses it (its provider's list predates it); "+
			"use %s, or a launch template with amiType CUSTOM and the image's AMI", older)
	} else {
		oneOf(p, at.Key("amiType"), ng.AMIType, enumStrings(ekstypes.AMITypes("").Values()))
	}
	version := clusterVersion
	if ng.Version != "" && clusterVersion != "" {
		version = ng.Version
		cv, nv := Minor(clusterVersion), Minor(ng.Version)
		if !withinSkew(cv, nv) {
			p.Add(at.Key("version"), ng.Version, "must be the cluster's version (%s) or up to three minor versions older", clusterVersion)
		}
	}
	if strings.HasPrefix(ng.AMIType, "AL2_") && Minor(version) > LastAL2Minor {
		p.Add(at.Key("amiType"), ng.AMIType, "Amazon Linux 2 AMIs end at Kubernetes 1.%d; use %s with %s", LastAL2Minor, al2023Successor(ng.AMIType), version)
	}
	if ng.AMIType == AMICustom && ng.Version != "" {
		p.Add(at.Key("version"), ng.Version, "not with amiType CUSTOM: the launch template's AMI sets the version")
	}
	if ng.AMIType == AMICustom && ng.LaunchTemplate == nil {
		p.Add(at.Key("amiType"), ng.AMIType, "CUSTOM needs a launchTemplate with the AMI")
	}
	oneOf(p, at.Key("capacityType"), ng.CapacityType, enumStrings(ekstypes.CapacityTypes("").Values()))
	if ng.CapacityType == string(ekstypes.CapacityTypesCapacityBlock) && ng.LaunchTemplate == nil {
		p.Add(at.Key("capacityType"), ng.CapacityType, "CAPACITY_BLOCK needs a launchTemplate naming the reservation")
	}
	re, like := reRelease, "1.34.2-20251120"
	if ng.Windows() {
		re, like = reWinRel, "1.34-2025.11.12"
	}
	switch m := re.FindStringSubmatch(ng.ReleaseVersion); {
	case ng.ReleaseVersion == "":
	case ng.AMIType == AMICustom:
		p.Add(at.Key("releaseVersion"), ng.ReleaseVersion, "not with amiType CUSTOM: the launch template's AMI is the release")
	case m == nil:
		p.Add(at.Key("releaseVersion"), ng.ReleaseVersion, "must be an AMI release version like %s", like)
	case !strings.HasPrefix(ng.AMIType, "BOTTLEROCKET_") && version != "" && Minor(version) >= 0 && m[1] != strconv.Itoa(Minor(version)):
		p.Add(at.Key("releaseVersion"), ng.ReleaseVersion, "is an AMI release for Kubernetes 1.%s, but the nodes run %s", m[1], version)
	}
}

// al2023Successor names the Amazon Linux 2023 AMI types that replace an
// Amazon Linux 2 one: AL2's accelerated AMI carried both the NVIDIA and
// the Neuron drivers (EKS user guide, "Amazon EKS optimized accelerated
// Amazon Linux AMIs"), which AL2023 splits into two AMI types.
func al2023Successor(al2 string) string {
	switch al2 {
	case string(ekstypes.AMITypesAl2X8664Gpu):
		return string(ekstypes.AMITypesAl2023X8664Nvidia) + " (NVIDIA GPUs) or " + string(ekstypes.AMITypesAl2023X8664Neuron) + " (Inferentia, Trainium)"
	case string(ekstypes.AMITypesAl2Arm64):
		return string(ekstypes.AMITypesAl2023Arm64Standard)
	}
	return string(ekstypes.AMITypesAl2023X8664Standard)
}

// Arch returns the CPU architecture of an instance type: arm64 for
// Graviton families (a1 and families whose attributes start with g, such
// as t4g, m7g, c6gn), else x86_64; "" when the name is not recognised.
func Arch(instanceType string) string {
	m := reInstance.FindStringSubmatch(instanceType)
	if m == nil {
		return ""
	}
	if m[1]+m[2] == "a1" || strings.HasPrefix(m[3], "g") {
		return "arm64"
	}
	return "x86_64"
}

// suggestInstanceType is a "did you mean" for a mistyped instance type:
// the closest type of the same size, else of any size.
func suggestInstanceType(t string) string {
	_, size, _ := strings.Cut(t, ".")
	var same []string
	for _, it := range EC2InstanceTypes() {
		if strings.HasSuffix(it, "."+size) {
			same = append(same, it)
		}
	}
	if s := Suggest(t, same); s != "" {
		return s
	}
	return Suggest(t, EC2InstanceTypes())
}

// graviton2Like suggests, for an A1 type, the m6g type of its size.
func graviton2Like(a1 string) string {
	_, size, _ := strings.Cut(a1, ".")
	if m6g := "m6g." + size; IsEC2InstanceType(m6g) {
		return "; use a Graviton2 or later type such as " + m6g
	}
	return "; use a Graviton2 or later type"
}

// amiArch returns the architecture an AMI type runs on ("" for CUSTOM).
func amiArch(ami string) string {
	switch {
	case ami == AMICustom:
		return ""
	case strings.Contains(ami, "ARM_64"):
		return "arm64"
	}
	return "x86_64"
}

func (ng NodeGroup) validateInstances(p *Problems, at Path) {
	switch n := len(ng.InstanceTypes); {
	case n == 0 && ng.LaunchTemplate == nil && accelerated(ng.AMIType):
		p.Add(at.Key("instanceTypes"), nil, "required with amiType %s: name the GPU or accelerator instance types", ng.AMIType)
	case n == 0 && ng.LaunchTemplate == nil:
		p.Add(at.Key("instanceTypes"), nil, "at least one instance type (leave the key out for %s)", defaultInstanceType(ng.AMIType))
	case n > maxInstanceTypes:
		p.Add(at.Key("instanceTypes"), n, "at most %d instance types", maxInstanceTypes)
	}
	want := amiArch(ng.AMIType)
	var firstType, firstArch string // a CUSTOM group's first type of a known architecture, and it
	for i, it := range ng.InstanceTypes {
		switch a := Arch(it); {
		case !IsEC2InstanceType(it):
			p.Add(at.Key("instanceTypes").Index(i), it, "not an EC2 instance type%s", suggestInstanceType(it))
		case a != "" && want != "" && a != want:
			p.Add(at.Key("instanceTypes").Index(i), it, "is %s, but amiType %s runs on %s", a, ng.AMIType, want)
		case a != "" && want == "" && firstArch == "":
			firstType, firstArch = it, a
		case a != "" && want == "" && a != firstArch:
			// EC2 launches an AMI only on instance types of its architecture
			p.Add(at.Key("instanceTypes").Index(i), it, "is %s, but %s is %s: the launch template's AMI runs on one architecture",
				a, firstType, firstArch)
		case strings.HasPrefix(it, "a1.") && strings.HasPrefix(ng.AMIType, "AL2023_"):
			p.Add(at.Key("instanceTypes").Index(i), it, "is a first-generation Graviton (A1) type, which Amazon Linux 2023 does not support "+
				"(Graviton2 or later only)%s", graviton2Like(it))
		}
	}
	noTwice(p, at.Key("instanceTypes"), ng.InstanceTypes)
}

func (ng NodeGroup) validateSizes(p *Problems, at Path) {
	if ng.DiskSize != nil {
		d, lo := *ng.DiskSize, 1
		switch {
		case strings.HasPrefix(ng.AMIType, "AL2023_"), strings.HasPrefix(ng.AMIType, "BOTTLEROCKET_"):
			lo = minAL2023Disk
		case ng.Windows():
			lo = minWindowsDisk
		}
		if ng.LaunchTemplate != nil {
			p.Add(at.Key("diskSize"), d, "cannot be combined with a launchTemplate: set the size in the template")
		} else if d < lo || d > maxDisk {
			p.Add(at.Key("diskSize"), d, "must be %d to %d GiB for %s", lo, maxDisk, ng.AMIType)
		}
	}
	lo, hi, want := *ng.MinSize, *ng.MaxSize, *ng.DesiredSize
	if lo < 0 {
		p.Add(at.Key("minSize"), lo, "must be 0 or more")
	}
	if hi < 1 {
		p.Add(at.Key("maxSize"), hi, "must be 1 or more")
	}
	// with minSize above maxSize no desiredSize fits: one problem, not two
	if lo > hi {
		p.Add(at.Key("minSize"), lo, "must not exceed maxSize (%d)", hi)
	} else if want < lo || want > hi {
		p.Add(at.Key("desiredSize"), want, "must be between minSize (%d) and maxSize (%d)", lo, hi)
	}
	switch mu, mp := ng.MaxUnavailable, ng.MaxUnavailablePercentage; {
	case mu != nil && mp != nil:
		p.Add(at.Key("maxUnavailable"), *mu, "set maxUnavailable or maxUnavailablePercentage, not both")
	case mu != nil && (*mu < 1 || *mu > 100 || *mu > hi && hi >= 1): // a maxSize below 1 is reported above
		p.Add(at.Key("maxUnavailable"), *mu, "must be 1 to 100 and not above maxSize (%d)", hi)
	case mp != nil && (*mp < 1 || *mp > 100):
		p.Add(at.Key("maxUnavailablePercentage"), *mp, "must be 1 to 100")
	}
}

func (ng NodeGroup) validateLabels(p *Problems, at Path) {
	for _, lk := range slices.Sorted(maps.Keys(ng.Labels)) {
		path := at.Key("labels").Key(lk)
		labelKey(p, path, lk)
		if v := ng.Labels[lk]; !labelValue(v) {
			p.Add(path, v, "label values are 1 to %d letters, digits, -, _ or ., starting and ending with a letter or digit (EKS takes no empty value)", maxLabelPart)
		}
	}
}

func (ng NodeGroup) validateTaints(p *Problems, at Path) {
	if n := len(ng.Taints); n > maxTaints {
		p.Add(at.Key("taints"), n, "at most %d taints", maxTaints)
	}
	effects := enumStrings(ekstypes.TaintEffect("").Values())
	seen := map[string]bool{}
	for i, t := range ng.Taints {
		path := at.Key("taints").Index(i)
		if t.Key == "" {
			p.Add(path.Key("key"), nil, "required")
		} else {
			labelKey(p, path.Key("key"), t.Key)
		}
		if t.Value != "" && !labelValue(t.Value) {
			p.Add(path.Key("value"), t.Value, "taint values are at most %d letters, digits, -, _ or ., starting and ending with a letter or digit", maxLabelPart)
		}
		if !slices.Contains(effects, t.Effect) {
			p.Add(path.Key("effect"), t.Effect, "must be one of %s (EKS spelling, not NoSchedule)", strings.Join(effects, ", "))
		}
		if t.Key != "" && seen[t.Key+"|"+t.Effect] { // a taint with no key is reported above
			p.Add(path, t.Key, "the same key and effect are listed twice")
		}
		seen[t.Key+"|"+t.Effect] = true
	}
}

func (ng NodeGroup) validateAccess(p *Problems, at Path) {
	if ra := ng.RemoteAccess; ra != nil {
		k := at.Key("remoteAccess")
		switch {
		case ra.SSHKey == "":
			p.Add(k.Key("sshKey"), nil, "required: the EC2 key pair name")
		case !reKeyPair.MatchString(ra.SSHKey):
			p.Add(k.Key("sshKey"), ra.SSHKey, "must be an EC2 key pair name: 1 to 255 ASCII characters, printable")
		}
		if len(ra.SourceSecurityGroupIDs) == 0 {
			p.Add(k.Key("sourceSecurityGroupIds"), nil, "required: without source security groups EKS opens SSH (port 22) to 0.0.0.0/0")
		}
		ids(p, k.Key("sourceSecurityGroupIds"), ra.SourceSecurityGroupIDs, reSG, "security group id (sg-0123abcd...)")
		if ng.LaunchTemplate != nil {
			p.Add(k, nil, "cannot be combined with a launchTemplate: put the key pair in the template")
		}
	}
	if lt := ng.LaunchTemplate; lt != nil {
		k := at.Key("launchTemplate")
		switch {
		case (lt.ID == "") == (lt.Name == ""):
			p.Add(k, nil, "set exactly one of id or name")
		case lt.ID != "" && !reLTID.MatchString(lt.ID):
			p.Add(k.Key("id"), lt.ID, "must be a launch template id (lt-0123abcd...)")
		case lt.Name != "" && (len(lt.Name) < minLaunchTemplateName || len(lt.Name) > maxLaunchTemplateName || !reLTName.MatchString(lt.Name)):
			p.Add(k.Key("name"), lt.Name, "must be %d to %d letters, digits and ( ) . - / _ (EC2 allows 128; pulumi-aws v6.83 %d)",
				minLaunchTemplateName, maxLaunchTemplateName, maxLaunchTemplateName)
		}
		if _, err := strconv.ParseInt(lt.Version, 10, 64); err != nil || !reLTVersion.MatchString(lt.Version) {
			p.Add(k.Key("version"), lt.Version, "must be a version number, 1 to %d ($Latest and $Default make every run show a change)", math.MaxInt64)
		}
	}
}
