// Package stackconfig is the typed form of ekskit's stack configuration (the
// `ekskit:` namespace of a Pulumi stack file) and its strict decoder.
//
// The settings themselves belong to the components: `ekskit:cluster`,
// `ekskit:roles` and each `ekskit:nodeGroups` entry decode into package
// spec's types, whose defaults and rules are the ones the components apply
// to their Go Args. This package adds only what is about the file: the keys
// and their YAML types (an unknown or misspelled key is a problem that names
// it), and the rules of the stack as a whole (the account's quotas, add-ons
// that need node groups).
//
// [Parse] reports every problem at once, each with its key path
// (`ekskit:nodeGroups.simple-bank.diskSize`), the bad value and what is
// allowed. Nothing here talks to Pulumi's engine or AWS.
package stackconfig
