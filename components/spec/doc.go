// Package spec holds the plain settings of ekskit's components, their
// defaults and their validation: the one place each rule lives. It imports
// no Pulumi package, so that the stack config (package stackconfig), its
// tests and its fuzzer stay light.
//
// Each component's settings are a struct with JSON names: [Roles],
// [Cluster] and [NodeGroup]. The stack config decodes `ekskit:roles`,
// `ekskit:cluster` and each `ekskit:nodeGroups` entry into these same types,
// and the components' Args carry them (roles.Settings,
// controlplane.Settings, nodegroup.Settings are aliases). Optional numbers
// are pointers, unset until the one defaulting step (WithDefaults).
//
// Validate reports every problem at once as [Problems], each at a key
// [Path] under the path it is given: "" for a component's Args
// ("minSize"), the config key for a stack file
// ("ekskit:nodeGroups.simple-bank.minSize"). The same setting gives the
// same problem, with the same message, either way.
//
// Enum values (AMI types, capacity types, taint effects, log types, conflict
// resolution, support types) come from the AWS SDK for Go v2's EKS model.
// Limits that change over time are in limits.go, dated.
package spec
