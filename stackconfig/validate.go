package stackconfig

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

var (
	reName        = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9_-]*$`)
	reVersion     = regexp.MustCompile(`^1\.(\d{1,3})$`)
	reVpc         = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	reSubnet      = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	reSG          = regexp.MustCompile(`^sg-[0-9a-f]{8,17}$`)
	reKMS         = regexp.MustCompile(`^arn:aws(-cn|-us-gov)?:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:(key/[0-9a-f-]+|alias/[A-Za-z0-9/_-]+)$`)
	rePrincipal   = regexp.MustCompile(`^arn:aws(-cn|-us-gov)?:(iam|sts)::\d{12}:(role|user|assumed-role)/[\w+=,.@/-]+$`)
	rePolicy      = regexp.MustCompile(`^arn:aws(-cn|-us-gov)?:iam::(\d{12}|aws):policy/[\w+=,.@/-]+$`)
	reRoleName    = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	rePath        = regexp.MustCompile(`^/([\x21-\x7E]+/)?$`)
	reAddonName   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)
	reAddonVer    = regexp.MustCompile(`^v\d+\.\d+\.\d+(-eksbuild\.\d+)?$`)
	reInstance    = regexp.MustCompile(`^([a-z]+)(\d+)([a-z-]*)\.([0-9a-z]+)$`)
	reLabelName   = regexp.MustCompile(`^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`)
	reDNSSub      = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	reLTID        = regexp.MustCompile(`^lt-[0-9a-f]{8,17}$`)
	reLTVersion   = regexp.MustCompile(`^[1-9]\d*$`)
	reKeyPair     = regexp.MustCompile(`^[\x20-\x7E]{1,255}$`)
	reRelease     = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	reservedLabel = []string{"kubernetes.io/", "k8s.io/", "eks.amazonaws.com/"}
)

// Validate checks a config (after [Config.WithDefaults]) and returns every
// problem found as [Problems], or nil.
func (c Config) Validate() error {
	var p Problems
	c.Cluster.validate(&p, len(c.NodeGroups))
	c.Roles.validate(&p)
	q := c.Cluster.Quotas
	if len(c.NodeGroups) > q.NodeGroups {
		p.add(KeyNodeGroups, len(c.NodeGroups), "at most %d managed node groups per cluster (the account's quota; "+
			"set %s.quotas.nodeGroups if it was raised)", q.NodeGroups, KeyCluster)
	}
	for _, name := range slices.Sorted(maps.Keys(c.NodeGroups)) {
		c.NodeGroups[name].validate(&p, KeyNodeGroups+"."+name, name, c.Cluster.Version, q.NodesPerGroup)
	}
	return p.Err()
}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func oneOf(p *Problems, path, v string, allowed []string) {
	if !slices.Contains(allowed, v) {
		p.add(path, v, "must be one of %s", strings.Join(allowed, ", "))
	}
}

func (c Cluster) validate(p *Problems, nodeGroups int) {
	k := KeyCluster
	switch {
	case c.Name == "":
		p.add(k+".name", nil, "required: 2 to %d letters, digits, - or _, starting with a letter or digit", maxClusterName)
	case len(c.Name) < 2 || len(c.Name) > maxClusterName || !reName.MatchString(c.Name):
		p.add(k+".name", c.Name, "must be 2 to %d letters, digits, - or _, starting with a letter or digit", maxClusterName)
	}
	if c.Quotas.NodeGroups < DefaultNodeGroupsQuota {
		p.add(k+".quotas.nodeGroups", c.Quotas.NodeGroups, "must be at least AWS's default quota, %d", DefaultNodeGroupsQuota)
	}
	if c.Quotas.NodesPerGroup < DefaultNodesPerGroupQuota {
		p.add(k+".quotas.nodesPerGroup", c.Quotas.NodesPerGroup, "must be at least AWS's default quota, %d", DefaultNodesPerGroupQuota)
	}
	if !slices.Contains(SupportedVersions, c.Version) {
		p.add(k+".version", c.Version, "must be a Kubernetes version EKS supports: %s (as of %s)",
			strings.Join(SupportedVersions, ", "), LimitsDate)
	}
	if (c.VpcID == "") != (len(c.SubnetIDs) == 0) {
		p.add(k+".vpcId", c.VpcID, "vpcId and subnetIds go together: set both, or neither to use the default VPC")
	}
	if c.VpcID != "" && !reVpc.MatchString(c.VpcID) {
		p.add(k+".vpcId", c.VpcID, "must be a VPC id (vpc-0123abcd...)")
	}
	ids(p, k+".subnetIds", c.SubnetIDs, reSubnet, "subnet id (subnet-0123abcd...)")
	if n := len(c.SubnetIDs); n == 1 {
		p.add(k+".subnetIds", n, "need at least two subnets, in at least two availability zones")
	}
	ids(p, k+".securityGroupIds", c.SecurityGroupIDs, reSG, "security group id (sg-0123abcd...)")
	if n := len(c.SecurityGroupIDs); n > maxControlPlaneSGs {
		p.add(k+".securityGroupIds", n, "at most %d security groups", maxControlPlaneSGs)
	}
	if c.ServiceIPv4CIDR != "" {
		serviceCIDR(p, k+".serviceIpv4Cidr", c.ServiceIPv4CIDR)
	}
	oneOf(p, k+".endpointAccess", c.EndpointAccess, []string{EndpointPublic, EndpointPublicAndPrivate, EndpointPrivate})
	if c.EndpointAccess == EndpointPrivate && len(c.PublicAccessCIDRs) > 0 {
		p.add(k+".publicAccessCidrs", strings.Join(c.PublicAccessCIDRs, ","), "only allowed with a public endpoint (endpointAccess is private)")
	}
	if n := len(c.PublicAccessCIDRs); n > maxPublicCIDRs {
		p.add(k+".publicAccessCidrs", n, "at most %d CIDR blocks", maxPublicCIDRs)
	}
	for i, cidr := range c.PublicAccessCIDRs {
		networkCIDR(p, fmt.Sprintf("%s.publicAccessCidrs[%d]", k, i), cidr)
	}
	logTypes := enumStrings(ekstypes.LogType("").Values())
	seen := map[string]bool{}
	for i, l := range c.Logging {
		path := fmt.Sprintf("%s.logging[%d]", k, i)
		oneOf(p, path, l, logTypes)
		if seen[l] {
			p.add(path, l, "listed twice")
		}
		seen[l] = true
	}
	if !slices.Contains(logRetentionDays, c.LogRetentionDays) {
		p.add(k+".logRetentionDays", c.LogRetentionDays, "must be one of the CloudWatch retention periods: %s", joinInts(logRetentionDays))
	}
	if e := c.Encryption; e != nil {
		switch {
		case e.KeyARN != "" && e.Create:
			p.add(k+".encryption", nil, "set keyArn or create: true, not both")
		case e.KeyARN == "" && !e.Create:
			p.add(k+".encryption", nil, "set keyArn (an existing KMS key) or create: true")
		case e.KeyARN != "" && !reKMS.MatchString(e.KeyARN):
			p.add(k+".encryption.keyArn", e.KeyARN, "must be a KMS key or alias ARN (arn:<partition>:kms:<region>:<account>:key/<id>)")
		}
	}
	if len(c.Admins) > maxAdmins {
		p.add(k+".admins", len(c.Admins), "at most %d admins", maxAdmins)
	}
	seen = map[string]bool{}
	for i, a := range c.Admins {
		path := fmt.Sprintf("%s.admins[%d]", k, i)
		if !rePrincipal.MatchString(a) {
			p.add(path, a, "must be an IAM role or user ARN (arn:<partition>:iam::<account>:role/<name>)")
		}
		if seen[a] {
			p.add(path, a, "listed twice")
		}
		seen[a] = true
	}
	for _, name := range slices.Sorted(maps.Keys(c.Addons)) {
		c.Addons[name].validate(p, k+".addons."+name, name, nodeGroups)
	}
	oneOf(p, k+".supportType", c.SupportType, enumStrings(ekstypes.SupportType("").Values()))
	tags(p, k+".tags", c.Tags)
}

func (a Addon) validate(p *Problems, path, name string, nodeGroups int) {
	if !reAddonName.MatchString(name) {
		p.add(path, name, "add-on names are lower-case letters, digits and -")
	}
	if a.Version != "" && a.Version != "latest" && !reAddonVer.MatchString(a.Version) {
		p.add(path+".version", a.Version, "must be empty (EKS default), latest, or a version like v1.20.4-eksbuild.1")
	}
	oneOf(p, path+".resolveConflicts", a.ResolveConflicts, enumStrings(ekstypes.ResolveConflicts("").Values()))
	if v := a.ConfigurationValues; v != "" {
		var obj map[string]any
		if len(v) > maxConfigurationValues {
			p.add(path+".configurationValues", len(v), "at most %d bytes", maxConfigurationValues)
		} else if err := json.Unmarshal([]byte(v), &obj); err != nil {
			p.add(path+".configurationValues", v, "must be a JSON object: %v", err)
		}
	}
	if a.IRSA && name != "vpc-cni" {
		p.add(path+".irsa", true, "only vpc-cni has a built-in IRSA role")
	}
	if !BeforeNodes(name) && nodeGroups == 0 {
		p.addCaused(KeyNodeGroups, path, name, "needs at least one node group (%s): without nodes it stays DEGRADED and its creation times out after 20 minutes", KeyNodeGroups)
	}
}

func (r Roles) validate(p *Problems) {
	k := KeyRoles
	for _, f := range []struct{ key, v string }{{"clusterRoleName", r.ClusterRoleName}, {"nodeRoleName", r.NodeRoleName}} {
		if f.v != "" && !reRoleName.MatchString(f.v) {
			p.add(k+"."+f.key, f.v, "IAM role names are 1 to 64 of letters, digits and +=,.@_-")
		}
	}
	if r.ClusterRoleName != "" && r.ClusterRoleName == r.NodeRoleName {
		p.add(k+".nodeRoleName", r.NodeRoleName, "must differ from clusterRoleName")
	}
	if r.Path != "" && (len(r.Path) > 512 || !rePath.MatchString(r.Path)) {
		p.add(k+".path", r.Path, "must start and end with / (e.g. /eks/), at most 512 characters")
	}
	if r.PermissionsBoundary != "" && !rePolicy.MatchString(r.PermissionsBoundary) {
		p.add(k+".permissionsBoundary", r.PermissionsBoundary, "must be an IAM policy ARN")
	}
	for i, a := range r.NodePolicyARNs {
		if !rePolicy.MatchString(a) {
			p.add(fmt.Sprintf("%s.nodePolicyArns[%d]", k, i), a, "must be an IAM policy ARN")
		}
	}
}

// arch returns the CPU architecture of an instance type: arm64 for
// Graviton families (a1 and families whose attributes start with g, such
// as t4g, m7g, c6gn), else x86_64; "" when the name is not recognised.
func arch(instanceType string) string {
	m := reInstance.FindStringSubmatch(instanceType)
	if m == nil {
		return ""
	}
	if m[1]+m[2] == "a1" || strings.HasPrefix(m[3], "g") {
		return "arm64"
	}
	return "x86_64"
}

// amiArch returns the architecture an AMI type runs on ("" for CUSTOM).
func amiArch(ami string) string {
	switch {
	case ami == "CUSTOM":
		return ""
	case strings.Contains(ami, "ARM_64"):
		return "arm64"
	}
	return "x86_64"
}

func minor(version string) int {
	m := reVersion.FindStringSubmatch(version)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func (ng NodeGroup) validate(p *Problems, k, name, clusterVersion string, maxNodes int) {
	if len(name) > maxNodeGroupName || !reName.MatchString(name) {
		p.add(k, name, "node group names are 1 to %d letters, digits, - or _ (EKS appends a 27-character suffix)", maxNodeGroupName)
	}
	oneOf(p, k+".amiType", ng.AmiType, enumStrings(ekstypes.AMITypes("").Values()))
	version := clusterVersion
	if ng.Version != "" {
		version = ng.Version
		cv, nv := minor(clusterVersion), minor(ng.Version)
		if nv < 0 || nv > cv || cv-nv > 3 {
			p.add(k+".version", ng.Version, "must be the cluster's version (%s) or up to three minor versions older", clusterVersion)
		}
	}
	if strings.HasPrefix(ng.AmiType, "AL2_") && minor(version) > LastAL2Minor {
		p.add(k+".amiType", ng.AmiType, "Amazon Linux 2 AMIs end at Kubernetes 1.%d; use AL2023_x86_64_STANDARD or AL2023_ARM_64_STANDARD with %s", LastAL2Minor, version)
	}
	if ng.AmiType == "CUSTOM" && ng.LaunchTemplate == nil {
		p.add(k+".amiType", ng.AmiType, "CUSTOM needs a launchTemplate with the AMI")
	}
	oneOf(p, k+".capacityType", ng.CapacityType, enumStrings(ekstypes.CapacityTypes("").Values()))
	if ng.CapacityType == string(ekstypes.CapacityTypesCapacityBlock) && ng.LaunchTemplate == nil {
		p.add(k+".capacityType", ng.CapacityType, "CAPACITY_BLOCK needs a launchTemplate naming the reservation")
	}
	if n := len(ng.InstanceTypes); n > maxInstanceTypes {
		p.add(k+".instanceTypes", n, "at most %d instance types", maxInstanceTypes)
	}
	want := amiArch(ng.AmiType)
	seen := map[string]bool{}
	for i, it := range ng.InstanceTypes {
		path := fmt.Sprintf("%s.instanceTypes[%d]", k, i)
		a := arch(it)
		switch {
		case a == "":
			p.add(path, it, "not an EC2 instance type (like t3.medium)")
		case want != "" && a != want:
			p.add(path, it, "is %s, but amiType %s runs on %s", a, ng.AmiType, want)
		}
		if seen[it] {
			p.add(path, it, "listed twice")
		}
		seen[it] = true
	}
	if ng.DiskSize != nil {
		d := *ng.DiskSize
		lo := 1
		switch {
		case strings.HasPrefix(ng.AmiType, "AL2023_"), strings.HasPrefix(ng.AmiType, "BOTTLEROCKET_"):
			lo = minAL2023Disk
		case strings.HasPrefix(ng.AmiType, "WINDOWS_"):
			lo = minWindowsDisk
		}
		if ng.LaunchTemplate != nil {
			p.add(k+".diskSize", d, "cannot be combined with a launchTemplate: set the size in the template")
		} else if d < lo || d > maxDisk {
			p.add(k+".diskSize", d, "must be %d to %d GiB for %s", lo, maxDisk, ng.AmiType)
		}
	}
	lo, hi, want2 := *ng.MinSize, *ng.MaxSize, *ng.DesiredSize
	if lo < 0 {
		p.add(k+".minSize", lo, "must be 0 or more")
	}
	if hi < 1 || hi > maxNodes {
		p.add(k+".maxSize", hi, "must be 1 to %d (the account's quota of nodes per group; set %s.quotas.nodesPerGroup if it was raised)",
			maxNodes, KeyCluster)
	}
	if want2 < lo || want2 > hi {
		p.add(k+".desiredSize", want2, "must be between minSize (%d) and maxSize (%d)", lo, hi)
	}
	if lo > hi {
		p.add(k+".minSize", lo, "must not exceed maxSize (%d)", hi)
	}
	switch mu, mp := ng.MaxUnavailable, ng.MaxUnavailablePercentage; {
	case mu != nil && mp != nil:
		p.add(k+".maxUnavailable", *mu, "set maxUnavailable or maxUnavailablePercentage, not both")
	case mu != nil && (*mu < 1 || *mu > 100 || *mu > hi):
		p.add(k+".maxUnavailable", *mu, "must be 1 to 100 and not above maxSize (%d)", hi)
	case mp != nil && (*mp < 1 || *mp > 100):
		p.add(k+".maxUnavailablePercentage", *mp, "must be 1 to 100")
	}
	for _, lk := range slices.Sorted(maps.Keys(ng.Labels)) {
		path := k + ".labels." + lk
		labelKey(p, path, lk)
		if v := ng.Labels[lk]; v != "" && (len(v) > maxLabelPart || !reLabelName.MatchString(v)) {
			p.add(path, v, "label values are at most %d letters, digits, -, _ or ., starting and ending with a letter or digit", maxLabelPart)
		}
	}
	if n := len(ng.Taints); n > maxTaints {
		p.add(k+".taints", n, "at most %d taints", maxTaints)
	}
	effects := enumStrings(ekstypes.TaintEffect("").Values())
	seenTaint := map[string]bool{}
	for i, t := range ng.Taints {
		path := fmt.Sprintf("%s.taints[%d]", k, i)
		if t.Key == "" {
			p.add(path+".key", nil, "required")
		} else {
			labelKey(p, path+".key", t.Key)
		}
		if t.Value != "" && (len(t.Value) > maxLabelPart || !reLabelName.MatchString(t.Value)) {
			p.add(path+".value", t.Value, "taint values are at most %d letters, digits, -, _ or .", maxLabelPart)
		}
		if !slices.Contains(effects, t.Effect) {
			p.add(path+".effect", t.Effect, "must be one of %s (EKS spelling, not NoSchedule)", strings.Join(effects, ", "))
		}
		if seenTaint[t.Key+"|"+t.Effect] {
			p.add(path, t.Key, "the same key and effect are listed twice")
		}
		seenTaint[t.Key+"|"+t.Effect] = true
	}
	ids(p, k+".subnetIds", ng.SubnetIDs, reSubnet, "subnet id (subnet-0123abcd...)")
	if ra := ng.RemoteAccess; ra != nil {
		if !reKeyPair.MatchString(ra.SSHKey) {
			p.add(k+".remoteAccess.sshKey", ra.SSHKey, "required: the EC2 key pair name")
		}
		if len(ra.SourceSecurityGroupIDs) == 0 {
			p.add(k+".remoteAccess.sourceSecurityGroupIds", nil, "required: without source security groups EKS opens SSH (port 22) to 0.0.0.0/0")
		}
		ids(p, k+".remoteAccess.sourceSecurityGroupIds", ra.SourceSecurityGroupIDs, reSG, "security group id (sg-0123abcd...)")
		if ng.LaunchTemplate != nil {
			p.add(k+".remoteAccess", nil, "cannot be combined with a launchTemplate: put the key pair in the template")
		}
	}
	if lt := ng.LaunchTemplate; lt != nil {
		switch {
		case (lt.ID == "") == (lt.Name == ""):
			p.add(k+".launchTemplate", nil, "set exactly one of id or name")
		case lt.ID != "" && !reLTID.MatchString(lt.ID):
			p.add(k+".launchTemplate.id", lt.ID, "must be a launch template id (lt-0123abcd...)")
		}
		if !reLTVersion.MatchString(lt.Version) {
			p.add(k+".launchTemplate.version", lt.Version, "must be a version number ($Latest and $Default make every run show a change)")
		}
	}
	if ng.ReleaseVersion != "" && !reRelease.MatchString(ng.ReleaseVersion) {
		p.add(k+".releaseVersion", ng.ReleaseVersion, "must be an AMI release version like 1.34.2-20251120")
	}
	tags(p, k+".tags", ng.Tags)
}

func labelKey(p *Problems, path, key string) {
	for _, r := range reservedLabel {
		if strings.HasPrefix(key, r) || strings.Contains(key, "."+r) {
			p.add(path, key, "the prefix %s is reserved", r)
			return
		}
	}
	prefix, name, hasPrefix := strings.Cut(key, "/")
	if !hasPrefix {
		name, prefix = key, ""
	}
	if hasPrefix && (len(prefix) > 253 || !reDNSSub.MatchString(prefix)) {
		p.add(path, key, "the prefix must be a DNS subdomain (example.com/)")
	}
	if len(name) > maxLabelPart || !reLabelName.MatchString(name) {
		p.add(path, key, "keys are at most %d letters, digits, -, _ or . (after an optional prefix/)", maxLabelPart)
	}
}

func ids(p *Problems, path string, values []string, re *regexp.Regexp, what string) {
	seen := map[string]bool{}
	for i, v := range values {
		ip := fmt.Sprintf("%s[%d]", path, i)
		if !re.MatchString(v) {
			p.add(ip, v, "must be a %s", what)
		}
		if seen[v] {
			p.add(ip, v, "listed twice")
		}
		seen[v] = true
	}
}

func networkCIDR(p *Problems, path, cidr string) (netip.Prefix, bool) {
	pfx, err := netip.ParsePrefix(cidr)
	switch {
	case err != nil || !pfx.Addr().Is4():
		p.add(path, cidr, "must be an IPv4 CIDR block like 203.0.113.0/24")
		return netip.Prefix{}, false
	case pfx.Masked() != pfx:
		p.add(path, cidr, "host bits are set: the network is %s", pfx.Masked())
		return netip.Prefix{}, false
	}
	return pfx, true
}

var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

func serviceCIDR(p *Problems, path, cidr string) {
	pfx, ok := networkCIDR(p, path, cidr)
	if !ok {
		return
	}
	if pfx.Bits() < 12 || pfx.Bits() > 24 {
		p.add(path, cidr, "the prefix must be /12 to /24")
	}
	inside := false
	for _, r := range privateRanges {
		inside = inside || (r.Contains(pfx.Addr()) && r.Bits() <= pfx.Bits())
	}
	if !inside {
		p.add(path, cidr, "must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16")
	}
}

func tags(p *Problems, path string, t map[string]string) {
	if len(t) > maxTags {
		p.add(path, len(t), "at most %d tags", maxTags)
	}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		switch {
		case k == "" || len(k) > maxTagKey:
			p.add(path+"."+k, k, "tag keys are 1 to %d characters", maxTagKey)
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			p.add(path+"."+k, k, "the aws: prefix is reserved for AWS")
		}
		if len(t[k]) > maxTagValue {
			p.add(path+"."+k, len(t[k]), "tag values are at most %d characters", maxTagValue)
		}
	}
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
