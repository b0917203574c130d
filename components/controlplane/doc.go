// Package controlplane provides the EKS control plane and its managed
// add-ons as a Pulumi component (type token ekskit:controlplane:ControlPlane).
//
// Its plain settings are [spec.Cluster] (alias [Settings]), which the stack
// config's `ekskit:cluster` decodes into; spec owns their defaults and
// rules, and [Args.Validate] reports every problem, at its key path, before
// anything is registered. The roles (roles.New) give the cluster its role,
// the order after that role's policy, and the partition of every ARN.
//
// Children, all parented to the component:
//
//   - eks:index:Cluster, pulumi-eks v2's cluster component, run by the
//     pulumi-eks plugin, always with SkipDefaultNodeGroup (its default node
//     group uses launch configurations, which new accounts cannot create),
//     UseDefaultVpcCni and AuthenticationMode API, so that `pulumi up` never
//     calls the Kubernetes API (a private-only endpoint works) and no
//     aws-auth ConfigMap exists, and with an empty InstanceRoles, so that it
//     creates no second node role (EKS gives a managed node group's role its
//     access entry itself). Under it pulumi-eks registers the
//     aws:eks/cluster:Cluster, two security groups and six rules, the IAM
//     OIDC provider, two Kubernetes providers and the admins' access entries
//     and policy associations (the plan package models them).
//     pulumi-eks checks at deploy time, even in a preview, that the aws CLI
//     and kubectl are installed, and its kubeconfig calls `aws eks get-token`.
//   - aws:cloudwatch/logGroup:LogGroup /aws/eks/<name>/cluster, when control
//     plane logs are on, created first so that its retention applies.
//   - aws:kms/key:Key for secrets encryption when asked to create one:
//     rotation on, protected and retained on delete unless
//     Settings.Encryption.Protect is false (deleting the key breaks the
//     cluster for good).
//   - aws:eks/addon:Addon per managed add-on. Add-ons that run as DaemonSets
//     (vpc-cni, kube-proxy, eks-pod-identity-agent) are created with the
//     cluster; the others (coredns, ...) by the first node group built on
//     the control plane with nodegroup.New, after it: with no node, coredns
//     stays DEGRADED and its creation fails after 20 minutes.
//   - aws:iam/role:Role and its policy attachments for each add-on that
//     asks for a role of its own (Settings.Addons[name].IRSA: vpc-cni, the
//     EBS, EFS and Mountpoint for S3 CSI drivers, the CloudWatch agent),
//     with its managed policies and Settings.Addons[name].PolicyARNs,
//     created with the cluster; the add-on waits for its policies.
//
// The pulumi-eks plugin bundles pulumi-aws 6.45.0 and registers its aws
// children with that version. [ChildTransform], a resource transform the
// engine applies to the plugin's children (Pulumi CLI 3.113 or later), moves
// them to the program's pulumi-aws version ([AWSVersion]), so that they run
// on the same default provider as the rest of the program; on the
// aws:eks/cluster:Cluster it also sets what pulumi-eks v2 does not expose:
// the upgrade policy and extra control-plane security groups.
//
// Network: with no VPC given (Settings.VPCID and SubnetIDs, or
// Args.Network), the control plane runs in the account's default VPC, in
// its default subnets (one per Availability Zone) of the zones EKS takes
// for a control plane: it looks up the VPC (ec2.LookupVpc), the region's
// zones less [spec.ControlPlaneExcludedZoneIDs] (aws.GetAvailabilityZones
// with ExcludeZoneIds) and the default subnets of those zone IDs
// (ec2.GetSubnets), and fails, naming the VPC, when fewer than two are
// left. Subnets given are not checked against those zones (an id does
// not say its zone): EKS refuses them at `pulumi up`.
//
// Providers: a provider passed to New reaches every child through the parent,
// pulumi-eks's children included (the engine hands pulumi-eks the
// component's providers); it wins over the version the transform sets.
package controlplane
