package spec

import (
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The shapes of AWS identifiers and names.
var (
	reName      = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9_-]*$`)
	reVersion   = regexp.MustCompile(`^1\.(0|[1-9]\d{0,2})$`)
	reVPC       = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	reSubnet    = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	reSG        = regexp.MustCompile(`^sg-[0-9a-f]{8,17}$`)
	reKMS       = regexp.MustCompile(`^arn:` + arnPartition() + `:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key/([0-9a-f-]+|mrk-[0-9a-f]{32})$`)
	reKMSAlias  = regexp.MustCompile(`^(arn:[^:]*:kms:[^:]*:[^:]*:)?alias/`)
	rePrincipal = regexp.MustCompile(`^arn:` + arnPartition() + `:iam::\d{12}:(role|user)/[\w+=,.@/-]+$`)                // EKS takes no STS session
	rePolicy    = regexp.MustCompile(`^arn:` + arnPartition() + `:iam::(\d{12}|aws):policy/([\w+=,.@-]+/)*[\w+=,.@-]+$`) // a path, then a name
	reRoleName  = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	reRolePath  = regexp.MustCompile(`^/([\x21-\x7E]+/)?$`)
	reAddonName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,99}$`)
	// reAddonVer is terraform-provider-aws v5.100's addon_version check (a
	// semantic version after a v), which pulumi-aws 6.83 runs before EKS
	// is asked.
	reAddonVer  = regexp.MustCompile(`^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$`)
	reInstance  = regexp.MustCompile(`^([a-z]+)(\d+)([a-z-]*)\.([0-9a-z]+)$`)
	reLabelName = regexp.MustCompile(`^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`)
	reDNSSub    = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	reLTID      = regexp.MustCompile(`^lt-[0-9a-f]{8,17}$`)
	reLTVersion = regexp.MustCompile(`^[1-9]\d*$`)
	reLTName    = regexp.MustCompile(`^[a-zA-Z0-9().\-/_]+$`)
	reKeyPair   = regexp.MustCompile(`^[\x20-\x7E]{1,255}$`)
	reTag       = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)          // what IAM and CloudWatch Logs tags may hold
	reRelease   = regexp.MustCompile(`^1\.(\d{1,3})\.\d{1,4}-[0-9a-z]{1,32}$`) // 1.35.0-20251120, Bottlerocket 1.26.2-360b7a38
	reWinRel    = regexp.MustCompile(`^1\.(\d{1,3})-\d{4}\.\d{2}\.\d{2}$`)     // Windows: 1.35-2025.11.12
)

var reservedLabel = []string{"kubernetes.io/", "k8s.io/", "eks.amazonaws.com/"}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func oneOf(p *Problems, path Path, v string, allowed []string) {
	if !slices.Contains(allowed, v) {
		p.Add(path, v, "must be one of %s", strings.Join(allowed, ", "))
	}
}

// ids checks a list of AWS ids: each of the shape re, none twice.
func ids(p *Problems, path Path, values []string, re *regexp.Regexp, what string) {
	for i, v := range values {
		if !re.MatchString(v) {
			p.Add(path.Index(i), v, "must be a %s", what)
		}
	}
	noTwice(p, path, values)
}

// VPCID checks a VPC id (vpc-…).
func VPCID(p *Problems, path Path, id string) {
	if !reVPC.MatchString(id) {
		p.Add(path, id, "must be a VPC id (vpc-0123abcd...)")
	}
}

// SubnetIDs checks a list of subnet ids (subnet-…), none given twice.
func SubnetIDs(p *Problems, path Path, values []string) {
	ids(p, path, values, reSubnet, "subnet id (subnet-0123abcd...)")
}

// noTwice reports the elements of a list given twice.
func noTwice(p *Problems, path Path, values []string) {
	seen := map[string]bool{}
	for i, v := range values {
		if seen[v] {
			p.Add(path.Index(i), v, "listed twice")
		}
		seen[v] = true
	}
}

func networkCIDR(p *Problems, path Path, cidr string) (netip.Prefix, bool) {
	pfx, err := netip.ParsePrefix(cidr)
	switch {
	case err != nil || !pfx.Addr().Is4():
		p.Add(path, cidr, "must be an IPv4 CIDR block: an address, / and a prefix length (a.b.c.d/n)")
		return netip.Prefix{}, false
	case pfx.Masked() != pfx:
		p.Add(path, cidr, "host bits are set: the network is %s", pfx.Masked())
		return netip.Prefix{}, false
	}
	return pfx, true
}

var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// notPublic are the blocks EKS refuses in publicAccessCidrs: a block inside
// one is refused, not one that holds one (EKS's default, 0.0.0.0/0, holds
// them all). The EKS user guide says only that the blocks "cannot include
// reserved addresses" ("Cluster API server endpoint", in its earlier
// versions and AWS's Knowledge Center), naming none. CreateCluster answers
// InvalidParameterException "The following CIDRs are not allowed in
// publicAccessCidrs: [...]", as public Terraform configurations quote it
// for 203.0.113.0/24 and 198.51.100.10/32 (RFC 5737's documentation
// ranges; several of them) and for 10.1.0.96/27 and 10.1.0.128/27 (RFC
// 1918's private ranges; one of them, whose blocks may have been its
// VPC's). Both RFCs' ranges are taken whole; a private block allows no one
// anyway, as no request reaches the public endpoint from such an address.
// No other reserved block (loopback, link-local, multicast, ...) was seen
// refused, so none other is checked.
var notPublic = []struct {
	block netip.Prefix
	what  string
}{
	{privateRanges[0], "a private range (RFC 1918)"},
	{privateRanges[1], "a private range (RFC 1918)"},
	{privateRanges[2], "a private range (RFC 1918)"},
	{netip.MustParsePrefix("192.0.2.0/24"), "a documentation range (RFC 5737)"},
	{netip.MustParsePrefix("198.51.100.0/24"), "a documentation range (RFC 5737)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "a documentation range (RFC 5737)"},
}

// publicCIDR checks a block of publicAccessCidrs, a network
// ([networkCIDR]): not inside one of [notPublic].
func publicCIDR(p *Problems, path Path, cidr string, pfx netip.Prefix) {
	for _, r := range notPublic {
		if r.block.Bits() <= pfx.Bits() && r.block.Contains(pfx.Addr()) {
			advice := ": list the public addresses the API is reached from"
			if slices.Contains(privateRanges, r.block) {
				advice = ", and no request to the public endpoint comes from one: reach the API from the VPC " +
					"through the private endpoint (endpointAccess: public-and-private)"
			}
			p.Add(path, cidr, "inside %s, %s: EKS does not allow reserved ranges here "+
				"(\"The following CIDRs are not allowed in publicAccessCidrs\")%s", r.block, r.what, advice)
			return
		}
	}
}

// defaultVPCCIDR is the range of every default VPC (Amazon VPC user
// guide, "Default VPCs").
var defaultVPCCIDR = netip.MustParsePrefix("172.31.0.0/16")

// serviceCIDR checks a Kubernetes service range: a private /12 to /24,
// outside the default VPC's range when the cluster runs there
// (inDefaultVPC; another VPC's range is not known here).
func serviceCIDR(p *Problems, path Path, cidr string, inDefaultVPC bool) {
	pfx, ok := networkCIDR(p, path, cidr)
	if !ok {
		return
	}
	if inDefaultVPC && pfx.Overlaps(defaultVPCCIDR) {
		p.Add(path, cidr, "overlaps the default VPC's %s, where the cluster runs (vpcId unset): "+
			"EKS needs a service range outside the VPC's", defaultVPCCIDR)
	}
	if pfx.Bits() < 12 || pfx.Bits() > 24 {
		p.Add(path, cidr, "the prefix must be /12 to /24")
	}
	inside := false
	for _, r := range privateRanges {
		inside = inside || (r.Contains(pfx.Addr()) && r.Bits() <= pfx.Bits())
	}
	if !inside {
		p.Add(path, cidr, "must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16")
	}
}

// Tags checks AWS resource tags: at most 50, keys 1 to 128 characters
// without the aws: prefix, values at most 256.
func Tags(p *Problems, path Path, t map[string]string) {
	if len(t) > maxTags {
		p.Add(path, len(t), "at most %d tags", maxTags)
	}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		switch {
		case k == "" || utf8.RuneCountInString(k) > maxTagKey:
			p.Add(path.Key(k), k, "tag keys are 1 to %d characters", maxTagKey)
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			p.Add(path.Key(k), k, "the aws: prefix is reserved for AWS")
		}
		if n := utf8.RuneCountInString(t[k]); n > maxTagValue {
			p.Add(path.Key(k), n, "tag values are at most %d characters", maxTagValue)
		}
	}
}

// IAMTags checks tags that IAM roles or CloudWatch log groups carry too:
// [Tags], and only letters, digits, spaces and _.:/=+-@ (the character set
// of IAM's and CloudWatch Logs' tags, narrower than EC2's or EKS's).
func IAMTags(p *Problems, path Path, t map[string]string) {
	Tags(p, path, t)
	for _, k := range slices.Sorted(maps.Keys(t)) {
		if !reTag.MatchString(k) {
			p.Add(path.Key(k), k, "tag keys here are letters, digits, spaces and _.:/=+-@ (IAM's and CloudWatch Logs' set)")
		}
		if !reTag.MatchString(t[k]) {
			p.Add(path.Key(k), t[k], "tag values here are letters, digits, spaces and _.:/=+-@ (IAM's and CloudWatch Logs' set)")
		}
	}
}

// labelKey checks a Kubernetes label or taint key as EKS takes it: 1 to
// 63 characters in all, an optional DNS prefix/ included.
func labelKey(p *Problems, path Path, key string) {
	for _, r := range reservedLabel {
		if strings.HasPrefix(key, r) || strings.Contains(key, "."+r) {
			p.Add(path, key, "the prefix %s is reserved", r)
			return
		}
	}
	prefix, name, hasPrefix := strings.Cut(key, "/")
	if !hasPrefix {
		name, prefix = key, ""
	}
	if hasPrefix && !dnsPrefix(prefix) {
		p.Add(path, key, "the prefix must be a DNS subdomain (example.com/)")
	}
	if !reLabelName.MatchString(name) {
		p.Add(path, key, "keys are letters, digits, -, _ or ., starting and ending with a letter or digit (after an optional prefix/)")
	}
	if len(key) > maxLabelPart {
		p.Add(path, key, "keys are at most %d characters, prefix included (EKS)", maxLabelPart)
	}
}

// dnsPrefix reports whether prefix is a label key's prefix: a DNS
// subdomain of at most 253 characters.
func dnsPrefix(prefix string) bool { return len(prefix) <= 253 && reDNSSub.MatchString(prefix) }

// qualifiedName reports whether key is a Kubernetes qualified name, as a
// label key is: an optional DNS subdomain prefix/ of at most 253
// characters, then 1 to 63 letters, digits, -, _ or ., starting and
// ending with a letter or digit.
func qualifiedName(key string) bool {
	prefix, name, hasPrefix := strings.Cut(key, "/")
	if !hasPrefix {
		name = key
	} else if !dnsPrefix(prefix) {
		return false
	}
	return labelValue(name)
}

// labelValue reports whether s is a non-empty Kubernetes label value (or
// a label key's name): 1 to 63 letters, digits, -, _ or ., starting and
// ending with a letter or digit.
func labelValue(s string) bool { return len(s) <= maxLabelPart && reLabelName.MatchString(s) }

// KMSAlias reports whether keyARN names a KMS alias (alias/<name>, or an
// alias's ARN) rather than a key: EKS takes one, but returns the ARN of
// the key it names, which [Encryption].KeyARN refuses it for.
func KMSAlias(keyARN string) bool { return reKMSAlias.MatchString(keyARN) }

// Minor is the minor number of a Kubernetes version "1.N", or -1.
func Minor(version string) int {
	m := reVersion.FindStringSubmatch(version)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// withinSkew reports whether minor version v (kubelet's, kube-proxy's) may
// run with a control plane of minor version cv: the same, or up to
// maxVersionSkew older, never newer (Kubernetes's version skew policy). A
// negative v (no version) is not.
func withinSkew(cv, v int) bool { return v >= 0 && v <= cv && cv-v <= maxVersionSkew }

// WithinSkew reports whether kubelet or kube-proxy of Kubernetes version
// (1.33) may run with a control plane of clusterVersion (1.35): the same,
// or up to three minor versions older, never newer (Kubernetes's version
// skew policy, which EKS applies to the kube-proxy add-on and to nodes).
// False when either is not a version 1.N.
func WithinSkew(clusterVersion, version string) bool {
	cv := Minor(clusterVersion)
	return cv >= 0 && withinSkew(cv, Minor(version))
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
