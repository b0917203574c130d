package spec

import (
	"maps"
	"slices"
)

// AddonRole is what an EKS add-on's software needs to call AWS: the
// Kubernetes service account its pods run as, which an IAM role for
// service accounts (IRSA) must trust, the one its EKS Pod Identity
// association names, and the AWS managed policies that role must have
// (EKS user guide, each add-on's "Required IAM permissions").
type AddonRole struct {
	// Namespace is the service account's namespace.
	Namespace string
	// ServiceAccount is the service account's name, or a pattern ending in
	// * for the add-on's several accounts (the trust policy then matches
	// it with StringLike, as the EKS user guide's does for the EFS driver).
	ServiceAccount string
	// Policies are the AWS managed policies, as their ARNs end after
	// policy/ ("service-role/AmazonEBSCSIDriverPolicy"). None where the
	// permissions are the user's own to write (the Mountpoint for S3
	// driver's name the buckets it mounts): [Addon].PolicyARNs gives them.
	Policies []string
	// Short is the add-on's short name, which begins the role's generated
	// name after the cluster's (IAM's name prefixes take 38 characters).
	Short string
	// Fails is what fails when the add-on's pods lack the permissions.
	Fails string
	// PodIdentityAccount is the service account the add-on's EKS Pod
	// Identity association names, in Namespace (the add-on API takes a
	// name, not a pattern); empty where the EKS user guide gives the
	// add-on a role through IRSA only.
	PodIdentityAccount string
	// PodIdentityOnly is set for an add-on that takes its role through
	// EKS Pod Identity only: ekskit makes it no IRSA role.
	PodIdentityOnly bool
	// PodIdentitySince is the first add-on version, v<major>.<minor>.<patch>,
	// that takes a Pod Identity association, where older versions refuse
	// one; empty where every version takes one.
	PodIdentitySince string
}

// addonRoles are the add-ons that call AWS APIs. vpc-cni's aws-node calls
// EC2 to give pods their addresses; the EBS and EFS CSI drivers' controllers
// make volumes and access points (the EFS guide's trust policy takes
// efs-csi-*: the controller's and the node's accounts; its add-on's Pod
// Identity association is the controller's only,
// kubernetes-sigs/aws-efs-csi-driver#1759: the node needs a role only
// for the iam mount option); the CloudWatch agent writes metrics, logs
// and traces (its guide attaches both policies); the Mountpoint for S3
// driver reads and writes the user's buckets (its add-on page gives it
// IRSA; its driver takes Pod Identity from v2, and its v1 add-on refuses
// an association: "addon does not support pod identity associations; use
// IRSA config", awslabs/mountpoint-s3-csi-driver#215; AWS's own tests of
// the v2 add-on, aws/eks-hybrid's test/e2e/addon/s3csidriver.go, create
// it with one for s3-csi-driver-sa); the FSx CSI driver's controller makes file
// systems, and its add-on "requires the EKS Pod Identity agent for
// authentication" (EKS user guide, "Deploy the FSx for Lustre driver",
// which attaches AmazonFSxFullAccess). The Pod Identity accounts are
// those of the user guide's "Retrieve IAM information about an Amazon
// EKS add-on" (podIdentityConfiguration) and each add-on's page.
var addonRoles = map[string]AddonRole{
	"vpc-cni": {Namespace: "kube-system", ServiceAccount: "aws-node", PodIdentityAccount: "aws-node",
		Policies: []string{CNIPolicy}, Short: "vpc-cni",
		Fails: "aws-node's EC2 calls fail and pods started from then on get no IP address"},
	"aws-ebs-csi-driver": {Namespace: "kube-system", ServiceAccount: "ebs-csi-controller-sa", PodIdentityAccount: "ebs-csi-controller-sa",
		Policies: []string{"service-role/AmazonEBSCSIDriverPolicy"}, Short: "ebs-csi",
		Fails: "the EBS CSI controller's EC2 calls fail: no EBS volume is created, attached or deleted for a claim"},
	"aws-efs-csi-driver": {Namespace: "kube-system", ServiceAccount: "efs-csi-*", PodIdentityAccount: "efs-csi-controller-sa",
		Policies: []string{"service-role/AmazonEFSCSIDriverPolicy"}, Short: "efs-csi",
		Fails: "the EFS CSI controller's calls fail: no access point is created or deleted for a claim"},
	"amazon-cloudwatch-observability": {Namespace: "amazon-cloudwatch", ServiceAccount: "cloudwatch-agent", PodIdentityAccount: "cloudwatch-agent",
		Policies: []string{"CloudWatchAgentServerPolicy", "AWSXrayWriteOnlyAccess"}, Short: "cloudwatch",
		Fails: "the CloudWatch agent's calls fail: metrics, logs and traces do not reach CloudWatch and X-Ray"},
	"aws-mountpoint-s3-csi-driver": {Namespace: "kube-system", ServiceAccount: "s3-csi-driver-sa", PodIdentityAccount: "s3-csi-driver-sa",
		PodIdentitySince: "v2.0.0", Short: "s3-csi",
		Fails: "the Mountpoint for S3 driver's calls fail: no bucket is mounted"},
	"aws-fsx-csi-driver": {Namespace: "kube-system", ServiceAccount: "fsx-csi-controller-sa", PodIdentityAccount: "fsx-csi-controller-sa",
		Policies: []string{"AmazonFSxFullAccess"}, Short: "fsx-csi", PodIdentityOnly: true,
		Fails: "the FSx CSI controller's calls fail: no FSx for Lustre file system is created or deleted for a claim"},
}

// AddonRoleOf reports what the add-on named name needs to call AWS, and
// whether ekskit knows it to call AWS (one it does not know of may). The
// result is the caller's own copy.
func AddonRoleOf(name string) (AddonRole, bool) {
	r, ok := addonRoles[name]
	r.Policies = slices.Clone(r.Policies)
	return r, ok
}

// TakesIRSA reports whether the add-on takes its role through IRSA
// ([Addon].IRSA): all but those that take one through Pod Identity only.
func (r AddonRole) TakesIRSA() bool { return !r.PodIdentityOnly }

// TakesPodIdentity reports whether the add-on takes its role through a
// Pod Identity association ([Addon].PodIdentity): those that name an
// account for it.
func (r AddonRole) TakesPodIdentity() bool { return r.PodIdentityAccount != "" }

// PodIdentityAt reports whether the add-on at version (a version of its,
// "latest", or "" for EKS's default, which may be older) takes its role
// through a Pod Identity association: one that takes one
// ([AddonRole.TakesPodIdentity]), at PodIdentitySince or later where that
// is set.
func (r AddonRole) PodIdentityAt(version string) bool {
	return r.TakesPodIdentity() && (r.PodIdentitySince == "" || version != "" && !versionBefore(version, r.PodIdentitySince))
}

// PolicyNames are the names of r's managed policies, without their paths
// ("service-role/AmazonEBSCSIDriverPolicy" is AmazonEBSCSIDriverPolicy).
func (r AddonRole) PolicyNames() []string {
	names := make([]string, len(r.Policies))
	for i, p := range r.Policies {
		names[i] = PolicyName(p)
	}
	return names
}

// IRSAAddons are the add-ons ekskit can give a role of their own through
// IRSA ([Addon].IRSA), sorted: those that call AWS, whose service
// accounts it knows, and that take a role through IRSA.
func IRSAAddons() []string {
	return addonsWhere(AddonRole.TakesIRSA)
}

// PodIdentityAddons are the add-ons ekskit can give a role of their own
// through EKS Pod Identity ([Addon].PodIdentity), sorted: those that call
// AWS and whose add-on takes a Pod Identity association.
func PodIdentityAddons() []string {
	return addonsWhere(AddonRole.TakesPodIdentity)
}

// OwnRoleAddons are the add-ons ekskit can give a role of their own, one
// way or the other, sorted.
func OwnRoleAddons() []string { return addonsWhere(func(AddonRole) bool { return true }) }

func addonsWhere(keep func(AddonRole) bool) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(addonRoles)) {
		if keep(addonRoles[name]) {
			out = append(out, name)
		}
	}
	return out
}

// AddonsWithRoles are the add-ons of c that get an IAM role of their own
// ([Addon].OwnRole), sorted.
func (c Cluster) AddonsWithRoles() []string {
	var out []string
	for name, a := range c.Addons {
		if a.OwnRole() {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
