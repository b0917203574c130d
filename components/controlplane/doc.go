// Package controlplane provides the EKS control plane and its managed
// add-ons as a Pulumi component (type token ekskit:controlplane:ControlPlane).
//
// Children, all parented to the component:
//
//   - eks:index:Cluster, pulumi-eks v2's cluster component, run by the
//     pulumi-eks plugin, always with SkipDefaultNodeGroup (its default node
//     group uses launch configurations, which new accounts cannot create),
//     UseDefaultVpcCni and AuthenticationMode API, so that `pulumi up` never
//     calls the Kubernetes API (a private-only endpoint works) and no
//     aws-auth ConfigMap exists. It creates the aws:eks/cluster:Cluster, its
//     security group and the IAM OIDC provider. pulumi-eks checks at deploy
//     time that the aws CLI and kubectl are installed, and its kubeconfig
//     calls `aws eks get-token`.
//   - aws:cloudwatch/logGroup:LogGroup /aws/eks/<name>/cluster, when control
//     plane logs are on, created first so that its retention applies.
//   - aws:kms/key:Key for secrets encryption when asked to create one:
//     rotation on, protected and retained on delete (deleting the key breaks
//     the cluster for good).
//   - aws:eks/addon:Addon per managed add-on. Add-ons that run as DaemonSets
//     (vpc-cni, kube-proxy, eks-pod-identity-agent) are created with the
//     cluster; the others (coredns, ...) only by
//     [ControlPlane.InstallNodeAddons], called once node groups exist: with
//     no node, coredns stays DEGRADED and its creation fails after 20 minutes.
//   - aws:iam/role:Role and its policy attachment for vpc-cni's IRSA role,
//     when asked for.
//
// pulumi-eks v2 exposes no list of extra control-plane security groups and no
// upgrade policy; both are set on its aws:eks/cluster:Cluster child with a
// resource transform ([ClusterTransform]), which the engine applies to the
// plugin's children at deploy time.
//
// Providers: a provider passed to New reaches every child through the parent.
package controlplane
