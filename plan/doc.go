// Package plan runs a Pulumi Go program on Pulumi's own mock engine and
// returns the resource graph it registers, without a cloud account, the Pulumi
// CLI or provider plugins.
//
// The program code is the code that `pulumi up` runs: [Run] takes any
// [pulumi.RunFunc], the project and stack names and the flat stack config
// (`"<namespace>:<key>" -> value`, as `PULUMI_CONFIG` carries it), and records,
// for every resource, its URN, type, name, parent, whether it is a custom
// resource, its inputs as Pulumi property values (secrets stay secret), its
// dependencies and its resource options, plus the stack outputs.
//
// Two modes mirror the engine's two modes:
//
//   - Preview ([Options.Preview] true, as `pulumi preview`): what a provider
//     computes (ids, ARNs, endpoints, generated names of resources that use
//     name prefixes) is unknown and shown as "known after apply".
//   - Update ([Options.Preview] false, as `pulumi up`): the built-in provider
//     model answers the way AWS would, with ids and ARNs built from the
//     inputs (account of [Options.Cloud], partition and region of the aws
//     provider that serves them), so that programs that read them run to
//     completion. Tests of a program assert on inputs, never on these
//     made-up values (the model's own tests check what it makes up).
//
// Invokes (data sources) get offline answers from [Cloud]; every answer given
// is recorded in [Graph.Invokes] so that output can mark it as such. Reads
// of existing resources (ctx.ReadResource, a type's Get) are answered from
// their id and the properties given, with ARNs built from [Cloud], and
// recorded as reads ([Resource].Read).
//
// The engine's own rules are kept where a mock monitor would skip them: a
// URN registered twice is an error (naming both parents); resource
// transforms run (the resource's own, its ancestors', the stack's) before
// the options are read; the providers map a component passes on reaches its
// children; an explicit aws provider's region, and that region's
// partition, decide the region, partition and DNS suffix of the ARNs and
// endpoints of the resources and invokes that use it (pulumi-eks's
// children and look-ups included).
//
// Remote components are expanded as the engine would see them: an
// eks:index:Cluster is replaced by the children pulumi-eks v2.8.1 registers
// for it ([PulumiEKSVersion]), a model held to recordings of pulumi-eks's own
// JavaScript (conformance/pulumi-eks), with the transforms the program gives
// the component applied to them.
//
// [Graph.Document] is the plan's JSON form (what `plan --json` prints and
// golden files hold). [Compare] diffs two documents as `pulumi preview`
// would diff a stack deployed from the first, and [Document.CriticalPath]
// is the longest chain of creations. Both read [Kinds], the one table of
// replace-forcing inputs and typical creation times per resource type.
package plan
