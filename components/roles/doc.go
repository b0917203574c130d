// Package roles provides the IAM roles an EKS cluster needs, as one Pulumi
// component (type token ekskit:roles:Roles):
//
//   - the cluster service role, trusted by eks.amazonaws.com, with
//     AmazonEKSClusterPolicy;
//   - the node role, trusted by EC2, with AmazonEKSWorkerNodePolicy,
//     AmazonEC2ContainerRegistryReadOnly and (unless the VPC CNI runs on its
//     own role, through IRSA or EKS Pod Identity) AmazonEKS_CNI_Policy.
//
// Policy attachments are named after the policy (name + "-node-" + policy
// name), never after a list position, so adding or removing one never
// replaces another. Policy ARNs are built for the partition (aws, aws-cn,
// aws-us-gov), looked up from the AWS provider unless given.
//
// The trust policies are built by [ServiceTrustPolicy] and
// [ServiceAccountTrustPolicy], pure functions usable on their own.
//
// Providers: a provider passed to New (pulumi.Provider or pulumi.Providers)
// reaches every child through the parent chain.
package roles
