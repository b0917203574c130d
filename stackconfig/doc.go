// Package stackconfig is the typed form of ekskit's stack configuration (the
// `ekskit:` namespace of a Pulumi stack file), its strict decoder, its
// defaults and its validation.
//
// Decoding is strict: an unknown or misspelled key is a problem that names
// it. Validation is pure and reports every problem at once, each with its key
// path (`ekskit:nodeGroups.simple-bank.diskSize`), the bad value and what is
// allowed. Nothing here talks to Pulumi's engine or AWS; the program maps a
// validated [Config] onto the components' Args.
//
// Enum values (AMI types, capacity types, taint effects, log types, conflict
// resolution, support types) come from the AWS SDK for Go v2's EKS model
// (github.com/aws/aws-sdk-go-v2/service/eks/types). Limits that change over
// time (supported Kubernetes versions) are kept in limits.go, dated.
package stackconfig
