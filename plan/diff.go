package plan

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Op is what `pulumi up` would do to one resource.
type Op string

// The operations of a [Diff].
const (
	OpCreate  Op = "create"
	OpUpdate  Op = "update"
	OpReplace Op = "replace"
	OpDelete  Op = "delete"
	// OpSame is a resource pulumi up leaves as it is in AWS while options
	// it keeps in the stack's state change (stateOptions): the engine's
	// same step, counted as unchanged, as pulumi up counts it.
	OpSame Op = "same"
)

// stateOptions are the resource options the engine only records: changed
// alone, pulumi up neither updates nor replaces the resource (a same step
// in pulumi v3.259's step generator, which shows a protect change and
// counts it as unchanged).
var stateOptions = []string{"protect", "retainOnDelete", "deleteBeforeReplace", "ignoreChanges", "replaceOnChanges"}

// Change is one resource that a [Diff] creates, updates, replaces or
// deletes, or whose options alone change ([OpSame]).
type Change struct {
	Op   Op     `json:"op"`
	URN  string `json:"urn"`
	Type string `json:"type"`
	Name string `json:"name"`
	// Kind is the type in words ([Kinds]).
	Kind string `json:"kind"`
	// Inputs are the changed inputs (dotted paths), changed options as
	// "options.<name>", an aws resource's changed region as "region"; for
	// updates, replacements and option-only changes ([OpSame]). An input
	// the provider keeps when it is left out is listed only where its
	// alias is given in its place ([Kind].Aliases).
	Inputs []InputChange `json:"inputs,omitempty"`
	// Replaces are the inputs that force the replacement: changed inputs
	// listed in [Kinds] (ReplaceOn, ReplaceOnRemove) or under the program's
	// replaceOnChanges, "region" when an aws resource's region changes, or
	// such inputs taken from a replaced or new resource (their InputChange
	// says which).
	Replaces []string `json:"replaces,omitempty"`
	// Protected is set when the resource is protected in the base plan and,
	// unless deleted, in the new one too: `pulumi up` refuses to delete or
	// replace it (unprotecting and replacing at once goes through). A
	// replacement deleted first because it depends on another is protected
	// as the base says: the engine checks the deployed stack.
	Protected bool `json:"protected,omitempty"`
	// Unappliable says, per changed input that `pulumi up` cannot apply,
	// what it would do instead ([Kind].Unappliable, Refuses, RefusesKept).
	Unappliable []string `json:"unappliable,omitempty"`
	// DeleteFirst is set on a replacement that deletes the old resource
	// before creating the new one: its provider replaces it so
	// ([Kind].DeleteFirst, a name the program fixes, the
	// deleteBeforeReplace option; not for a region change, which is
	// create-first), or it is replaced because it depends on such a
	// replacement (the engine deletes those dependents first). See
	// [markDeleteFirst].
	DeleteFirst bool `json:"deleteFirst,omitempty"`
	// Retained is set on a delete or replacement of a resource with
	// retainOnDelete: pulumi up drops it from the stack but leaves it in
	// AWS.
	Retained bool `json:"retained,omitempty"`
	// Fails says why `pulumi up` fails on this change, where it does.
	Fails string `json:"fails,omitempty"`
	// Loses is set on a delete that pulumi up carries out in AWS, a
	// replacement whose old resource it deletes, or an update that
	// deletes data ([Kind].UpdatesLose: a log group's retention
	// shortened), where a note says that
	// data is lost or what runs breaks: log events, an add-on's software,
	// a node group's nodes, a cluster, an access entry, an OIDC provider,
	// a KMS key ([Kind].Deletes), an IAM role an add-on's software still
	// takes ([roleTakenNotes]), a
	// resource the program now reads and uses ([readNotes]). pulumi up does it without refusal: not
	// [Change.Blocks], but a change to review ([Diff.Hazards]).
	Loses bool `json:"loses,omitempty"`
	// OneWay marks an update that cannot be undone ([Kind].OneWay): a
	// cluster upgraded, its secrets encryption turned on. pulumi up does
	// it; a change to review ([Diff.Hazards]), not [Change.Blocks].
	OneWay bool `json:"oneWay,omitempty"`
	// Notes are what `pulumi up` does, or leaves as it is, that a reviewer
	// may not expect: neither a failure nor a refusal ([addonsStay],
	// [Kind].Deletes, Updates and SetOutside, [roleTakenNotes],
	// [readReplacement], [readNotes]).
	Notes []string `json:"notes,omitempty"`
}

// InputChange is one changed input: its old and new values, [Unknown] where
// the value is computed at deploy time.
type InputChange struct {
	Path string `json:"path"`
	Old  any    `json:"old"`
	New  any    `json:"new"`
	// From is set when the new value comes from a replaced or new resource
	// (its URN): unknown until that resource exists. Source says which in
	// words ([describe]: "replaced cluster eks", "new add-on x", or
	// "cluster eks, if it is replaced" when that replacement is itself
	// conditional).
	From   string `json:"from,omitempty"`
	Source string `json:"source,omitempty"`
}

// Diff is what changes from a base plan to a new one.
type Diff struct {
	Base  string `json:"base"`
	Stack string `json:"stack"`
	// Changes are in the order pulumi up starts them ([stepOrder]).
	Changes []Change `json:"changes"`
	// Unchanged counts the resources that stay as they are.
	Unchanged int `json:"unchanged"`
	// Moved counts the resources, unchanged or not, that pulumi up keeps
	// under a new URN: the head's aliases name their base URN
	// ([aliasMoves]). Not a change in AWS: the stack's state is rewritten.
	Moved int `json:"moved,omitempty"`
}

// Compare returns what `pulumi up` would change to go from the base plan to
// the head plan, as `pulumi preview` would show it against a stack deployed
// from the base: resources keyed by URN (a changed URN is a delete and a
// create, unless the new resource's aliases name the old one:
// [aliasMoves]), inputs compared as JSON values, replacements from [Kinds] and
// the program's replaceOnChanges, option paths read as the engine reads
// them. An input that comes from a replaced or new resource and is unknown
// (or refers to that resource) changes too, which may replace its user in
// turn.
// Values shown as [Secret] are not compared. A resource the head reads
// ([DocumentResource].Read) changes nothing in AWS and is left out, unless
// the base manages one under its URN ([readReplacement]); one the base
// reads and the head manages is created. URNs name their stack:
// against a plan of another stack, every resource is a delete and a create
// (the diff's Base and Stack say so), which no `pulumi up` does.
func Compare(base, head Document) Diff {
	d := Diff{Base: base.Stack, Stack: head.Stack, Changes: []Change{}}
	moves, aliasConflicts := aliasMoves(base, head)
	base = moveBase(base, moves)
	old := map[string]DocumentResource{}
	for _, r := range base.Resources {
		old[r.URN] = r
	}
	changes := map[string]*Change{}
	var both []DocumentResource
	inHead := map[string]bool{}
	for _, r := range head.Resources {
		inHead[r.URN] = true
		b, ok := old[r.URN]
		switch {
		case r.Read && ok && !b.Read:
			changes[r.URN] = readReplacement(b, r)
			continue
		case r.Read: // nothing changes in AWS
			continue
		case !ok || b.Read: // the engine leaves the one read, and creates this
			changes[r.URN] = &Change{Op: OpCreate, URN: r.URN, Type: r.Type, Name: r.Name, Kind: kindOf(r.Type, r.Custom).Name}
			continue
		}
		both = append(both, r)
		if c := compareResource(b, r); len(c.Inputs) > 0 {
			changes[r.URN] = &c
		}
	}
	for _, r := range base.Resources {
		if !inHead[r.URN] && !r.Read { // pulumi up forgets a resource it read
			changes[r.URN] = deleted(r)
		}
	}
	sources := outputSources(head)
	propagate(both, old, changes, sources)
	for _, c := range changes {
		if c.Op == OpReplace {
			c.Unappliable = nil // a new resource takes the new values
		}
	}
	headGraph := head.graph()
	heads := make(map[string]DocumentResource, len(headGraph.byURN))
	for urn, r := range headGraph.byURN {
		heads[urn] = *r
	}
	sameAsSource(head, heads, changes)
	baseSources := outputSources(base)
	associationsTaken(base, old, baseSources, changes, headGraph)
	namesTaken(old, heads, baseSources, changes)
	nodeGroupsBehind(base, baseSources, changes)
	// what pulumi up carries out: a change neither blocked nor behind one
	// that is. A delete has no head resource: the engine runs deletes
	// last, and none once a step has failed (pkg/v3 deploy, the step
	// executor's cancelDueToError), so a run that fails leaves them to the
	// next that passes; their notes are kept for that run.
	carriedOut := func(urn string) bool {
		c := changes[urn]
		if c == nil || c.Blocks() {
			return false
		}
		_, ok := heads[urn]
		return !ok || !behindBlocked(urn, headGraph, changes, sources)
	}
	addonsStay(head, changes, sources, carriedOut)
	updateNotes(head, changes, carriedOut)
	deleteNotes(old, changes, carriedOut)
	roleTakenNotes(old, heads, baseSources, changes, carriedOut)
	readNotes(head, old, changes, carriedOut)
	setOutsideNotes(both, old, changes)
	for urn, why := range aliasConflicts {
		if c := changes[urn]; c != nil {
			fails(c, why)
		}
	}
	for urn, was := range moves {
		c := changes[urn]
		if c != nil && c.Op == OpCreate {
			continue // the base read it: nothing deployed is kept
		}
		d.Moved++
		if c != nil {
			c.Notes = append(c.Notes, fmt.Sprintf("was %s (%s): an alias, its own or its parent's, names it, so pulumi up "+
				"keeps the deployed one", resource.URN(was).Name(), was))
		}
	}
	describeSources(changes)

	for _, urn := range stepOrder(base.graph(), headGraph, changes) {
		d.Changes = append(d.Changes, *changes[urn])
	}
	d.Unchanged = len(both) - countOps(d.Changes, OpUpdate, OpReplace)
	return d
}

// stepOrder lists the changes' URNs in the order pulumi up starts them:
// a created, updated or replaced resource after its parent and every
// resource it waits for ([Document.Waits]), in the head plan; then the
// deletes, which the engine runs last, each before its parent and the
// resources it waited for that are deleted too, in the base plan. Changes that could start
// together are in URN order: a resource left as it is is done at once, and
// holds back none.
func stepOrder(base, head graph, changes map[string]*Change) []string {
	// the engine deletes after every other step: a delete waits for the
	// other deletes (and replaced resources' old copies) only
	steps, deletes := make(map[string]bool, len(changes)), map[string]bool{}
	for urn, c := range changes {
		steps[urn] = true
		deletes[urn] = c.Op == OpDelete || c.Op == OpReplace
	}
	after, before := head.levels(steps, true), base.levels(deletes, false)
	rank := func(c *Change) int {
		if c.Op == OpDelete {
			return len(before) - before[c.URN]
		}
		return -len(after) + after[c.URN]
	}
	urns := slices.Collect(maps.Keys(changes))
	slices.SortFunc(urns, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(changes[a]), rank(changes[b])), strings.Compare(a, b))
	})
	return urns
}

// readReplacement is what pulumi up does to a resource of the base that
// the head reads instead, under the same URN: the engine's read
// replacement deletes the deployed one, unless its id is the one read,
// and then leaves it in AWS, no longer managed (pulumi v3's step
// generator, GenerateReadSteps).
func readReplacement(b, r DocumentResource) *Change {
	c := deleted(b)
	if !c.Retained {
		c.Notes = append(c.Notes, fmt.Sprintf("the program now reads it, by id %s: pulumi up deletes the one it manages, "+
			"unless that one has this id, which it then leaves in AWS, no longer managed", r.ID))
	}
	return c
}

// deleted is the delete of the base's resource b.
func deleted(b DocumentResource) *Change {
	return &Change{Op: OpDelete, URN: b.URN, Type: b.Type, Name: b.Name, Kind: kindOf(b.Type, b.Custom).Name,
		Protected: b.Options.Protect, Retained: b.Options.RetainOnDelete}
}

// sameAsSource sets Fails on the created, replaced or changed resources
// with an input that differs from the same input of the resource another
// input comes from ([Kind].SameAsSource), both known.
func sameAsSource(head Document, byURN map[string]DocumentResource, changes map[string]*Change) {
	for _, r := range head.Resources {
		c, k := changes[r.URN], kindOf(r.Type, r.Custom)
		if c == nil || c.Fails != "" {
			continue
		}
		create := renewed(r.URN, changes)
		for _, p := range slices.Sorted(maps.Keys(k.SameAsSource)) {
			own, rule := lookup(r.Inputs, p), k.SameAsSource[p]
			changed := slices.ContainsFunc(c.Inputs, func(ic InputChange) bool { return ic.Path == p })
			if !create && !changed || own == nil || hasUnknown(own) {
				continue
			}
			for _, u := range r.PropertyDependencies[rule.Via] {
				if src := lookup(byURN[u].Inputs, p); src != nil && !hasUnknown(src) && !reflect.DeepEqual(own, src) {
					c.Fails = rule.Fails(own, src, create)
					break
				}
			}
		}
	}
}

// addonsStay notes, on a cluster whose Kubernetes version changes, the
// add-ons of the cluster that have no version and stay (not created or
// replaced now): EKS does not update an add-on when its cluster is
// upgraded, and the provider keeps the deployed version of an add-on that
// sends none ([Kind].KeptWhenRemoved). Only for an upgrade pulumi up
// carries out (carriedOut): a refused one (a skipped minor, a downgrade),
// or one behind a blocked change, leaves everything as it is.
func addonsStay(head Document, changes map[string]*Change, outputsFrom map[string][]string, carriedOut func(urn string) bool) {
	for _, cl := range head.Resources {
		c := changes[cl.URN]
		up, ok := versionChange(cl, c)
		if !ok || !carriedOut(cl.URN) {
			continue
		}
		var names []string
		for _, r := range head.Resources {
			// one created (or replaced) now takes the default for the new version
			if name, _ := r.Inputs["addonName"].(string); r.Type == typeAddon && !r.Read && r.Inputs["addonVersion"] == nil &&
				!renewed(r.URN, changes) && ofCluster(r, cl.URN, outputsFrom) {
				names = append(names, name)
			}
		}
		if len(names) > 0 {
			slices.Sort(names)
			c.Notes = append(c.Notes, fmt.Sprintf("add-ons with no version (%s) stay at the versions deployed for %v: "+
				"EKS does not update add-ons with the cluster; give them a version for %v to update them",
				strings.Join(names, ", "), up.Old, up.New))
		}
	}
}

// versionChange is the change of the Kubernetes version in c, an update
// of the resource cl; false unless cl is a cluster so upgraded (or
// downgraded).
func versionChange(cl DocumentResource, c *Change) (InputChange, bool) {
	if c == nil || cl.Type != typeAWSCluster || c.Op != OpUpdate {
		return InputChange{}, false
	}
	i := slices.IndexFunc(c.Inputs, func(ic InputChange) bool { return ic.Path == "version" })
	if i < 0 {
		return InputChange{}, false
	}
	return c.Inputs[i], true
}

// clustersOf are the resources r takes its clusterName from: each
// source, and the children a component's outputs come from (outputsFrom:
// pulumi-eks's cluster for its aws cluster).
func clustersOf(r DocumentResource, outputsFrom map[string][]string) []string {
	var out []string
	for _, u := range r.PropertyDependencies["clusterName"] {
		out = append(append(out, u), outputsFrom[u]...)
	}
	return out
}

// ofCluster reports whether r takes its clusterName from the cluster
// cluster ([clustersOf]).
func ofCluster(r DocumentResource, cluster string, outputsFrom map[string][]string) bool {
	return slices.Contains(clustersOf(r, outputsFrom), cluster)
}

// nodeGroupsBehind refuses a cluster upgrade while a managed node group of
// the cluster is deployed at another Kubernetes version than the
// cluster's: EKS's UpdateClusterVersion fails with "Nodegroups <names>
// must be updated to match cluster version <version> before updating
// cluster version" (hashicorp/terraform-provider-aws#19478; the EKS user
// guide's troubleshooting entry, awsdocs/amazon-eks-user-guide#475). The
// groups are the base plan's, the deployed ones: pulumi up upgrades the
// cluster before it updates, creates or replaces a group that takes the
// cluster's name, and deletes groups last, so neither a group brought to
// the version in the same change nor one deleted in it clears the way.
// A group whose version the plan does not know (its launch template's AMI
// sets it) is not counted. baseSources are the base's [outputSources].
func nodeGroupsBehind(base Document, baseSources map[string][]string, changes map[string]*Change) {
	for _, cl := range base.Resources {
		c := changes[cl.URN]
		up, ok := versionChange(cl, c)
		if !ok || slices.ContainsFunc(c.Unappliable, func(u string) bool { return strings.HasPrefix(u, "version: ") }) {
			continue
		}
		from, to := up.Old, up.New
		var behind []string
		for _, r := range base.Resources {
			v, ok := r.Inputs["version"].(string)
			if r.Type == "aws:eks/nodeGroup:NodeGroup" && !r.Read && ok && v != Unknown && v != from && ofCluster(r, cl.URN, baseSources) {
				behind = append(behind, fmt.Sprintf("%s at %s", r.Name, v))
			}
		}
		if len(behind) == 0 {
			continue
		}
		slices.Sort(behind)
		c.Unappliable = append(c.Unappliable, fmt.Sprintf("version: EKS upgrades a cluster only when its managed node groups are at its version, %v "+
			"(deployed: %s): pulumi up fails and the cluster stays at %v; update the groups to %v in a pulumi up of their own, "+
			"then upgrade the cluster to %v", from, strings.Join(behind, ", "), from, from, to))
	}
}

// updateNotes notes, on each update that pulumi up carries out
// (carriedOut: not blocked, nor behind a change that is, as a node group
// following a cluster upgrade EKS refuses), what the changed inputs do in
// AWS beyond their values ([Kind].Updates), each note once, and marks
// those that delete data ([Kind].UpdatesLose: [Change].Loses) and those
// that cannot be undone ([Kind].OneWay: [Change].OneWay).
func updateNotes(head Document, changes map[string]*Change, carriedOut func(urn string) bool) {
	for _, r := range head.Resources {
		c := changes[r.URN]
		if c == nil || c.Op != OpUpdate || !carriedOut(r.URN) {
			continue
		}
		k := kindOf(r.Type, r.Custom)
		for _, ic := range c.Inputs {
			if f := k.UpdatesLose[ic.Path]; f != nil {
				if note := f(ic.Old, ic.New); note != "" && !slices.Contains(c.Notes, note) {
					c.Notes, c.Loses = append(c.Notes, note), true
				}
			}
			f := k.Updates[ic.Path]
			if f == nil {
				continue
			}
			if note := f(ic.Old, ic.New, r.Inputs); note != "" {
				c.OneWay = c.OneWay || slices.Contains(k.OneWay, ic.Path)
				if !slices.Contains(c.Notes, note) {
					c.Notes = append(c.Notes, note)
				}
			}
		}
	}
}

// behindBlocked reports whether the resource at urn waits
// ([Document.Waits]: its own waits and those of the components above it),
// directly or through what it waits for, on a change that [Change.Blocks]:
// pulumi up stops there and does not reach it. A component stands for the
// resources its outputs come from (outputsFrom: pulumi-eks's cluster for
// its aws cluster).
func behindBlocked(urn string, g graph, changes map[string]*Change, outputsFrom map[string][]string) bool {
	seen := map[string]bool{urn: true}
	for queue := g.waits(urn); len(queue) > 0; queue = queue[1:] {
		u := queue[0]
		if seen[u] {
			continue
		}
		seen[u] = true
		if c := changes[u]; c != nil && c.Blocks() {
			return true
		}
		queue = append(queue, outputsFrom[u]...)
		queue = append(queue, g.waits(u)...)
	}
	return false
}

// deleteNotes notes, on each delete and replacement that pulumi up carries
// out in AWS (not retainOnDelete; carriedOut: not refused, nor behind a
// change that is), what the
// deletion does there that a reviewer may not expect ([Kind].Deletes),
// from the deployed resource, and marks those that lose data or break
// what runs ([Change].Loses). A replacement that holds only if AWS chose
// another value ([Change.conditional]) says so.
func deleteNotes(base map[string]DocumentResource, changes map[string]*Change, carriedOut func(urn string) bool) {
	for urn, c := range changes {
		b, ok := base[urn]
		if !ok || c.Retained || c.Op != OpDelete && c.Op != OpReplace || !carriedOut(urn) {
			continue
		}
		if deletes := kindOf(b.Type, b.Custom).Deletes; deletes != nil {
			if note, loses := deletes(b.Inputs, c.Op == OpReplace); note != "" {
				if c.Op == OpReplace && c.conditional(changes, 0) {
					note = "if it is replaced: " + note
				}
				c.Notes = append(c.Notes, note)
				c.Loses = c.Loses || loses
			}
		}
	}
}

// roleTakenNotes notes, on each IAM role that pulumi up deletes in AWS
// (deleted, or replaced by one of another ARN; not retainOnDelete;
// carriedOut), the add-ons of the deployed stack whose software still
// takes it ([takesRole]) and goes on running after pulumi up
// ([roleTakenNote]): deleted with preserve on, kept with another role, or
// still naming it. An add-on deleted without preserve takes its software
// with it (a loss of its own, [addonDeleted]), one replaced starts anew,
// and one whose cluster is deleted or replaced goes with the cluster:
// none is noted, nor one whose change pulumi up does not carry out. A
// role so noted is a loss ([Change].Loses). base are the base plan's
// resources, heads the head's, baseSources the base's [outputSources].
func roleTakenNotes(base, heads map[string]DocumentResource, baseSources map[string][]string, changes map[string]*Change,
	carriedOut func(urn string) bool) {
	urns := slices.Sorted(maps.Keys(base))
	for _, urn := range urns {
		c, role := changes[urn], base[urn]
		if c == nil || role.Type != "aws:iam/role:Role" || c.Retained || c.Op != OpDelete && c.Op != OpReplace ||
			!carriedOut(urn) || c.Op == OpReplace && sameRoleARN(role, heads[urn]) {
			continue
		}
		for _, a := range urns {
			addon := base[a]
			if addon.Type != typeAddon || addon.Read || !takesRole(addon, role) || clusterGoes(addon, baseSources, changes) {
				continue
			}
			how, ok := addonAfter(addon, role, heads, changes, carriedOut)
			if !ok {
				continue
			}
			name, _ := addon.Inputs["addonName"].(string)
			note := roleTakenNote(name, addon.Name, how, takesRoleBy(addon, role))
			if c.Op == OpReplace && c.conditional(changes, 0) {
				note = "if it is replaced: " + note
			}
			c.Notes = append(c.Notes, note)
			c.Loses = true
		}
	}
}

// addonAfter says how the base's add-on goes on taking role after pulumi
// up ([roleUse]), false where its software does not, or where pulumi up
// does not carry out its change.
func addonAfter(addon, role DocumentResource, heads map[string]DocumentResource, changes map[string]*Change,
	carriedOut func(urn string) bool) (roleUse, bool) {
	c := changes[addon.URN]
	h, kept := heads[addon.URN]
	switch {
	case c != nil && !carriedOut(addon.URN):
		return 0, false
	case c != nil && c.Op == OpDelete && c.Retained: // left in AWS, managed by EKS, as deployed
		return roleStillNamed, true
	case c != nil && c.Op == OpDelete:
		return roleKeptPreserved, addon.Inputs["preserve"] == true
	case !kept || h.Read || renewed(addon.URN, changes):
		return 0, false
	case literalRole(h, role):
		return roleStillNamed, true
	case takesRoleBy(addon, role) == byAssociation:
		// EKS restarts the add-on's pods when its associations change
		// (roleAssociated): they leave the role
		return 0, false
	}
	return roleLeft, true
}

// The ways an add-on names an IAM role ([takesRoleBy]).
const (
	// byServiceAccount: its serviceAccountRoleArn (IRSA).
	byServiceAccount = "serviceAccountRoleArn"
	// byAssociation: a role ARN of its podIdentityAssociations (EKS Pod
	// Identity).
	byAssociation = "podIdentityAssociations"
)

// takesRole reports whether the add-on names the role ([takesRoleBy]).
func takesRole(addon, role DocumentResource) bool { return takesRoleBy(addon, role) != "" }

// takesRoleBy says how the add-on names the role: a role ARN of its
// podIdentityAssociations, or else its serviceAccountRoleArn
// ([byAssociation], [byServiceAccount]), taken from the role
// (PropertyDependencies) or given as an ARN that ends in the role's path
// and fixed name ([literalRole]); "" where it does not. An add-on given
// both runs on Pod Identity where its agent runs (EKS user guide, "IAM
// roles for Amazon EKS add-ons"), as ekskit's do.
func takesRoleBy(addon, role DocumentResource) string {
	for _, by := range []string{byAssociation, byServiceAccount} {
		if slices.Contains(addon.PropertyDependencies[by], role.URN) || literalRoleBy(addon, role, by) {
			return by
		}
	}
	return ""
}

// literalRole reports whether the add-on's serviceAccountRoleArn, or a
// role ARN of its podIdentityAssociations, is a known ARN of the role
// ([literalRoleBy]).
func literalRole(addon, role DocumentResource) bool {
	return literalRoleBy(addon, role, byServiceAccount) || literalRoleBy(addon, role, byAssociation)
}

// literalRoleBy reports whether a role ARN the add-on gives the way by
// says is a known ARN of the role: arn:<partition>:iam::<account>:role<path><name>,
// the role's name fixed ([fixedName]) and its path "/" unless given.
func literalRoleBy(addon, role DocumentResource, by string) bool {
	var arns []string
	switch v := addon.Inputs[by].(type) {
	case string:
		arns = []string{v}
	case []any:
		for _, a := range v {
			if m, ok := a.(map[string]any); ok {
				arn, _ := m["roleArn"].(string)
				arns = append(arns, arn)
			}
		}
	}
	name, _ := role.Inputs["name"].(string)
	path, ok := rolePathIn(role.Inputs)
	return ok && fixedName(Kinds[role.Type], role.Inputs) && slices.ContainsFunc(arns, func(arn string) bool {
		return strings.HasPrefix(arn, "arn:") && strings.HasSuffix(arn, ":role"+path+name)
	})
}

// rolePathIn is the path of the IAM role with these inputs, "/" unless
// given (IAM's default), and whether it is known.
func rolePathIn(inputs map[string]any) (string, bool) {
	switch p := inputs["path"].(type) {
	case nil:
		return "/", true
	case string:
		return p, p != Unknown
	}
	return "", false
}

// sameRoleARN reports whether the head's role, replacing the base's, has
// its ARN: the same fixed name and path. An add-on's pods that took the
// old one take the new one once it exists.
func sameRoleARN(b, h DocumentResource) bool {
	k := Kinds[b.Type]
	bp, bok := rolePathIn(b.Inputs)
	hp, hok := rolePathIn(h.Inputs)
	return fixedName(k, b.Inputs) && fixedName(k, h.Inputs) && b.Inputs["name"] == h.Inputs["name"] && bok && hok && bp == hp
}

// clusterGoes reports whether the add-on's cluster (its clusterName's
// source, or the child a component's outputs come from: baseSources) is
// deleted or replaced, and everything on it with it.
func clusterGoes(addon DocumentResource, baseSources map[string][]string, changes map[string]*Change) bool {
	return slices.ContainsFunc(clustersOf(addon, baseSources), func(u string) bool {
		c := changes[u]
		return c != nil && (c.Op == OpDelete || c.Op == OpReplace)
	})
}

// readNotes notes, on each resource deleted in AWS (not retainOnDelete,
// carriedOut: not refused), that the head program reads the same
// resource under another URN: a read of its type by the name the base gave
// it ([Kind].AutoNamed; the id of an IAM role, a log group or a cluster,
// read by name). pulumi up deletes it all the same,
// which is what moving from a managed resource to a read (roles.New to
// iam.GetRole) does unless its state is dropped first. The program goes on
// using what pulumi up deletes (the cluster its role): a loss
// ([Change].Loses).
func readNotes(head Document, base map[string]DocumentResource, changes map[string]*Change, carriedOut func(urn string) bool) {
	reads := map[[2]string]string{} // type and id: the read's URN
	for _, r := range head.Resources {
		if r.Read {
			reads[[2]string{r.Type, r.ID}] = r.URN
		}
	}
	if len(reads) == 0 {
		return
	}
	for urn, c := range changes {
		b, ok := base[urn]
		if !ok || c.Op != OpDelete || c.Retained || !carriedOut(urn) {
			continue
		}
		name, _ := lookup(b.Inputs, kindOf(b.Type, b.Custom).AutoNamed).(string)
		// the same URN is a read replacement ([readReplacement]), noted there
		if read, ok := reads[[2]string{b.Type, name}]; ok && name != "" && read != urn {
			c.Notes = append(c.Notes, fmt.Sprintf("the program now reads this very %s, %s (%s), and pulumi up still deletes it in AWS: "+
				"to keep it, run pulumi state delete '%s' first (or deploy retainOnDelete on it)", c.Kind, name, read, urn))
			c.Loses = true
		}
	}
}

// setOutsideNotes notes, on each resource updated or left as it is, the
// inputs that something else sets ([Kind].SetOutside) which the base's
// ignoreChanges covers and the head's no longer does: pulumi up sets them
// to the program's value from then on, though nothing may change now.
func setOutsideNotes(both []DocumentResource, base map[string]DocumentResource, changes map[string]*Change) {
	for _, r := range both {
		c := changes[r.URN]
		if c == nil || c.Op != OpUpdate && c.Op != OpSame {
			continue
		}
		outside := kindOf(r.Type, r.Custom).SetOutside
		for _, p := range slices.Sorted(maps.Keys(outside)) {
			v := lookup(r.Inputs, p)
			if v == nil || !ignored(base[r.URN], p) || ignored(r, p) {
				continue
			}
			c.Notes = append(c.Notes, fmt.Sprintf("%s is no longer under ignoreChanges: from now on pulumi up sets it "+
				"to the program's value, %s, whatever %s set, whenever the stack's state holds another value (after a refresh, "+
				"or an update of the resource that read it back): maybe on this very run", p, short(v), outside[p]))
		}
	}
}

// compareResource is what changes from the base plan's resource b to the
// head plan's r (the same URN), before anything renewed elsewhere is taken
// into account ([propagate]).
func compareResource(b, r DocumentResource) Change {
	k := kindOf(r.Type, r.Custom)
	c := Change{Op: OpUpdate, URN: r.URN, Type: r.Type, Name: r.Name, Kind: k.Name,
		Protected: protectedBoth(b, r), Retained: b.Options.RetainOnDelete}
	bIn, rIn := checkedInputs(k, b, r)
	inputChanges("", bIn, rIn, &c.Inputs)
	// the inputs as the provider diffs them, for replaceOnChanges
	diffed := rIn
	// own tags secret as a whole on both sides hide the merge (secrets are
	// not compared): new default tags still update the resource
	if k.Tagged && !maps.Equal(b.DefaultTags, r.DefaultTags) && bIn["tags"] == Secret && rIn["tags"] == Secret {
		c.Inputs = append(c.Inputs, InputChange{Path: "tags", Old: bIn["tags"], New: rIn["tags"]})
		// the provider's diff shows the default tags that changed
		changed := map[string]any{}
		for _, tags := range []map[string]string{b.DefaultTags, r.DefaultTags} {
			for key := range tags {
				if b.DefaultTags[key] != r.DefaultTags[key] {
					changed[key] = Unknown
				}
			}
		}
		diffed = withValue(diffed, []string{"tags"}, changed)
	}
	c.Inputs = slices.DeleteFunc(c.Inputs, func(ic InputChange) bool {
		if _, refused := k.Refuses[ic.Path]; refused || !removedAndKept(k, bIn, rIn, ic.Path) {
			return false // a removal the cloud may refuse, or the provider not apply, is shown
		}
		diffed = withValue(diffed, strings.Split(ic.Path, "."), lookup(bIn, ic.Path))
		// shown where its alias takes its place: the replacement hedges on it
		return !aliasGiven(k, bIn, rIn, ic.Path)
	})
	ob, oh := optionMap(b.Options), optionMap(r.Options)
	for _, name := range slices.Sorted(maps.Keys(union(ob, oh))) {
		if !reflect.DeepEqual(ob[name], oh[name]) {
			c.Inputs = append(c.Inputs, InputChange{Path: "options." + name, Old: ob[name], New: oh[name]})
		}
	}
	for _, p := range k.ReplaceOn {
		if !ignored(r, p) && !removedAndKept(k, bIn, rIn, p) && !reflect.DeepEqual(lookup(bIn, p), lookup(rIn, p)) {
			c.Replaces = append(c.Replaces, p)
		}
	}
	// pulumi-aws v6 replaces every resource whose provider's region
	// changes (pulumi/pulumi-aws#4000): it deletes them in the old region
	// and creates them in the new one
	if b.Region != "" && r.Region != "" && b.Region != r.Region {
		c.Inputs = append(c.Inputs, InputChange{Path: "region", Old: b.Region, New: r.Region})
		c.Replaces = append(c.Replaces, "region")
		// created first ([markDeleteFirst]): a global name is still taken
		if k.GlobalName && fixedName(k, rIn) {
			c.Fails = fmt.Sprintf("%s names are global: the new %v is created before the old one is deleted, "+
				"and AWS refuses the name", k.Name, lookup(rIn, k.AutoNamed))
		}
	}
	c.Replaces = append(c.Replaces, replacedOnChanges(r, bIn, diffed)...)
	for _, p := range k.ReplaceOnRemove {
		if !ignored(r, p) && lookup(bIn, p) != nil && lookup(rIn, p) == nil {
			c.Replaces = append(c.Replaces, p)
		}
	}
	c.Unappliable = unappliable(k, r, bIn, rIn)
	switch {
	case len(c.Replaces) > 0:
		c.Op = OpReplace
	case len(c.Unappliable) == 0 && !slices.ContainsFunc(c.Inputs, func(ic InputChange) bool {
		name, ok := strings.CutPrefix(ic.Path, "options.")
		return !ok || !slices.Contains(stateOptions, name)
	}):
		c.Op = OpSame
	}
	return c
}

// checkedInputs are the base's and the head's inputs as the provider
// compares them: the head's ignoreChanges paths at their deployed values
// ([keepIgnored]), tags as Check makes them ([tagsAsChecked]), sets in one
// order, and an input the base left out at the value AWS gave it
// ([Kind].ComputedDefaults).
func checkedInputs(k Kind, b, r DocumentResource) (bIn, rIn map[string]any) {
	deployed := tagsAsChecked(k, b.Inputs, b.DefaultTags)
	bIn = canonical(k, deployed)
	rIn = canonical(k, tagsAsChecked(k, keepIgnored(r, deployed), r.DefaultTags))
	for _, p := range slices.Sorted(maps.Keys(k.ComputedDefaults)) {
		if lookup(bIn, p) == nil && lookup(rIn, p) != nil {
			bIn = canonical(k, withValue(bIn, strings.Split(p, "."), k.ComputedDefaults[p]))
		}
	}
	return bIn, rIn
}

// replacedOnChanges are the program's replaceOnChanges paths, read as the
// engine reads them ([resource.ParsePropertyPath]; "*" matches any key),
// with a value at or under them that differs from old to new: the engine
// replaces on a change the provider's diff shows there, which leaves out
// what ignoreChanges covers. A path the engine cannot read is left out.
func replacedOnChanges(r DocumentResource, old, new map[string]any) []string {
	var out []string
	paths := propertyPaths(r.Options.ReplaceOnChanges)
	for i, rp := range paths {
		if rp != nil && !ignoredPath(r, rp) && changedAt(rp, old, new) {
			out = append(out, r.Options.ReplaceOnChanges[i])
		}
	}
	return out
}

// propertyPaths are the paths read as the engine reads them
// ([resource.ParsePropertyPath]), nil for one it cannot read or an empty
// one, in the same order.
func propertyPaths(paths []string) []resource.PropertyPath {
	out := make([]resource.PropertyPath, len(paths))
	for i, p := range paths {
		if pp, err := resource.ParsePropertyPath(p); err == nil && len(pp) > 0 {
			out[i] = pp
		}
	}
	return out
}

// replacedOnUnknown reports whether one of the program's replaceOnChanges
// paths is at or under the input: the engine asks the provider with the
// input unknown when it comes from a replaced resource, and any value
// under it may change.
func replacedOnUnknown(r DocumentResource, input string) bool {
	return slices.ContainsFunc(propertyPaths(r.Options.ReplaceOnChanges), func(rp resource.PropertyPath) bool {
		return rp != nil && (rp[0] == input || rp[0] == "*")
	})
}

// changedAt reports whether a value at path ("*": any key) differs between
// old and new, or may ([Unknown] on one side only); [Secret] values are
// not compared, and what is the same on both sides, unknown or not, has
// not changed.
func changedAt(path resource.PropertyPath, old, new any) bool {
	switch {
	case reflect.DeepEqual(old, new):
		return false
	case len(path) == 0:
		return true
	case old == Unknown || new == Unknown:
		return true
	}
	oldMap, _ := old.(map[string]any)
	newMap, _ := new.(map[string]any)
	switch key := path[0].(type) {
	case string:
		if key != "*" {
			return changedAt(path[1:], oldMap[key], newMap[key])
		}
		for k := range union(oldMap, newMap) {
			if changedAt(path[1:], oldMap[k], newMap[k]) {
				return true
			}
		}
		oldList, _ := old.([]any)
		newList, _ := new.([]any)
		for i := range max(len(oldList), len(newList)) {
			if changedAt(path[1:], at(oldList, i), at(newList, i)) {
				return true
			}
		}
		return false
	case int:
		oldList, _ := old.([]any)
		newList, _ := new.([]any)
		return changedAt(path[1:], at(oldList, key), at(newList, key))
	}
	return false
}

// at is l[i], nil when i is out of range.
func at(l []any, i int) any {
	if i < 0 || i >= len(l) {
		return nil
	}
	return l[i]
}

// dotted is a dotted path (as [InputChange].Path and [Kind] write them) as
// a property path, a key a step.
func dotted(path string) resource.PropertyPath {
	var p resource.PropertyPath
	for _, k := range strings.Split(path, ".") {
		p = append(p, k)
	}
	return p
}

// unappliable says, per changed input that `pulumi up` cannot apply, what
// it does instead ([Kind].Unappliable, [Kind].Refuses, [Kind].RefusesKept).
func unappliable(k Kind, r DocumentResource, bIn, rIn map[string]any) []string {
	var out []string
	for _, p := range slices.Sorted(maps.Keys(k.Unappliable)) {
		was, now := lookup(bIn, p), lookup(rIn, p)
		if !ignored(r, p) && was != nil && now != nil && !reflect.DeepEqual(was, now) {
			out = append(out, p+": "+k.Unappliable[p])
		}
	}
	for _, p := range slices.Sorted(maps.Keys(k.Refuses)) {
		was, now := lookup(bIn, p), lookup(rIn, p)
		if !ignored(r, p) && !reflect.DeepEqual(was, now) {
			if why := k.Refuses[p](was, now); why != "" {
				out = append(out, p+": "+why)
			}
		}
	}
	for _, p := range slices.Sorted(maps.Keys(k.RefusesKept)) {
		if ignored(r, p) {
			if why := k.RefusesKept[p](lookup(bIn, p), rIn); why != "" {
				out = append(out, p+": "+why)
			}
		}
	}
	return out
}

// tagsAsChecked returns inputs as pulumi-aws v6's Check makes them for a
// tagged type (applyTags): the tags are the provider's default tags with
// the resource's own over them, and left out when both are empty. Tags
// unknown at preview, its own or the provider's, make them unknown; its
// own tags secret as a whole keep them secret. A new aws:defaultTags thus
// updates every tagged resource in place, as `pulumi up` does.
func tagsAsChecked(k Kind, inputs map[string]any, defaults map[string]string) map[string]any {
	if !k.Tagged {
		return inputs
	}
	in := maps.Clone(inputs)
	if in == nil {
		in = map[string]any{}
	}
	own := in["tags"]
	switch {
	case own == Unknown || defaults[Unknown] == Unknown:
		in["tags"] = Unknown
		return in
	case own == Secret || defaults[Secret] == Secret:
		in["tags"] = Secret
		return in
	}
	ownTags, _ := own.(map[string]any)
	tags := make(map[string]any, len(defaults)+len(ownTags))
	for key, v := range defaults {
		tags[key] = v
	}
	maps.Copy(tags, ownTags)
	if len(tags) == 0 {
		delete(in, "tags")
	} else {
		in["tags"] = tags
	}
	return in
}

// keepIgnored returns r's inputs as the engine sends them to Check for a
// deployed resource (processIgnoreChanges): each ignoreChanges path reset
// to its deployed value by the SDK's own [resource.PropertyPath.Reset],
// before Check merges the default tags, so a new default tag still reaches
// a resource whose tags are ignored. Reset leaves out a value the deployed
// inputs lack, and leaves alone a path it cannot follow (a block the head
// or the base lacks, or of another type, above the value's own block): the
// engine only logs that, and the provider's Diff leaves the path out
// ([ignored]). deployed are the base's inputs as checked.
func keepIgnored(r DocumentResource, deployed map[string]any) map[string]any {
	if len(r.Options.IgnoreChanges) == 0 {
		return r.Inputs
	}
	old, now := resource.NewPropertyMapFromMap(deployed), resource.NewPropertyMapFromMap(r.Inputs)
	for _, path := range propertyPaths(r.Options.IgnoreChanges) {
		if path != nil { // the engine skips a path it cannot read, and Reset an empty one
			path.Reset(old, now)
		}
	}
	return now.Mappable()
}

// protectedBoth reports whether the engine refuses to replace the
// resource: protected before and after the change (unprotecting and
// replacing at once goes through).
func protectedBoth(b, r DocumentResource) bool { return b.Options.Protect && r.Options.Protect }

// propagate marks the inputs that take a value from a replaced or created
// resource as changing, and which replacements delete first
// ([markDeleteFirst]), round after round until nothing more changes.
func propagate(both []DocumentResource, base map[string]DocumentResource, changes map[string]*Change, sources map[string][]string) {
	for again := true; again; {
		again = markDeleteFirst(both, base, changes, sources)
		for _, r := range both {
			k := kindOf(r.Type, r.Custom)
			for _, input := range slices.Sorted(maps.Keys(r.Inputs)) {
				v := r.Inputs[input]
				from := renewedSource(r, input, changes, sources)
				if from == "" || ignored(r, input) {
					continue
				}
				ref, _ := v.(string)
				known := !hasUnknown(v) && !strings.HasPrefix(ref, "urn:pulumi:")
				// the engine asks the provider with the input unknown
				force := forces(k, input) || replacedOnUnknown(r, input)
				if known && !force {
					// a known value from a resource replaced delete-first
					// is renewed only where it forces a replacement
					continue
				}
				c := changes[r.URN]
				if c == nil {
					c = &Change{Op: OpUpdate, URN: r.URN, Type: r.Type, Name: r.Name, Kind: k.Name,
						Protected: protectedBoth(base[r.URN], r), Retained: base[r.URN].Options.RetainOnDelete}
					changes[r.URN] = c
				}
				if slices.ContainsFunc(c.Inputs, func(ic InputChange) bool { return ic.Path == input }) {
					continue
				}
				now := any(Unknown)
				if known {
					now = v // the same name, of the resource created anew
				}
				c.Inputs = append(c.Inputs, InputChange{Path: input, Old: v, New: now, From: from})
				switch {
				case force:
					c.Op, c.Replaces = OpReplace, append(c.Replaces, input)
				case c.Op == OpSame: // a new value reaches it: more than its options change
					c.Op = OpUpdate
				}
				again = true
			}
		}
	}
}

// markDeleteFirst marks the replacements that delete the old resource
// first, until nothing more changes, and reports whether it marked any:
// those the provider replaces so ([Kind].DeleteFirst, a name the program
// fixes, the deleteBeforeReplace option; a region change is create-first,
// the engine asks no provider then), and those with a replace-forcing
// input from such a replacement, which the engine deletes before it. The
// engine refuses those if they are protected in the deployed stack,
// whatever the program now says. A retained one under a fixed name fails:
// the old one stays in AWS under the name the new one takes.
func markDeleteFirst(both []DocumentResource, base map[string]DocumentResource, changes map[string]*Change, sources map[string][]string) bool {
	marked := false
	for again := true; again; {
		again = false
		for _, r := range both {
			c := changes[r.URN]
			if c == nil || c.Op != OpReplace || c.DeleteFirst {
				continue
			}
			k := kindOf(r.Type, r.Custom)
			own := r.Options.DeleteBeforeReplace || !slices.Contains(c.Replaces, "region") && (k.DeleteFirst || fixedName(k, r.Inputs))
			dependent := false
			for _, p := range c.Replaces {
				top, _, _ := strings.Cut(p, ".")
				for _, u := range r.PropertyDependencies[top] {
					if via := renewedVia(u, changes, sources); via != "" && changes[via].DeleteFirst {
						dependent = true
					}
				}
			}
			if own || dependent {
				c.DeleteFirst, marked, again = true, true, true
				if !own {
					c.Protected = base[r.URN].Options.Protect
				}
				// retainOnDelete leaves the old one in AWS, under the
				// name the new one takes
				if c.Retained && fixedName(k, r.Inputs) && c.Fails == "" &&
					reflect.DeepEqual(lookup(base[r.URN].Inputs, k.AutoNamed), lookup(r.Inputs, k.AutoNamed)) &&
					!slices.ContainsFunc(c.Replaces, func(p string) bool { return p == "region" || slices.Contains(k.NameScope, p) }) {
					c.Fails = fmt.Sprintf("retainOnDelete leaves the old %s in AWS under its name, %v, which the new one cannot take",
						k.Name, lookup(r.Inputs, k.AutoNamed))
				}
			}
		}
	}
	return marked
}

// canonical returns inputs with each set input ([Kind].Sets) in one
// order, so that a new order compares equal; the maps on the way are
// copied, the rest shared.
func canonical(k Kind, inputs map[string]any) map[string]any {
	out := inputs
	for _, p := range k.Sets {
		l, ok := lookup(out, p).([]any)
		if !ok || len(l) < 2 {
			continue
		}
		sorted := slices.Clone(l)
		slices.SortStableFunc(sorted, func(a, b any) int { return strings.Compare(jsonText(a), jsonText(b)) })
		out = withValue(out, strings.Split(p, "."), sorted)
	}
	return out
}

// jsonText is a plain value as JSON (plain values always encode).
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// withValue returns m with the value at path set, the maps on the way
// copied.
func withValue(m map[string]any, path []string, v any) map[string]any {
	out := maps.Clone(m)
	if out == nil {
		out = map[string]any{}
	}
	if len(path) == 1 {
		out[path[0]] = v
		return out
	}
	inner, _ := out[path[0]].(map[string]any)
	out[path[0]] = withValue(inner, path[1:], v)
	return out
}

// removedAndKept reports whether the input at path is left out of the new
// inputs, and everything it held is optional and computed
// ([Kind].KeptWhenRemoved): the provider keeps the deployed values.
func removedAndKept(k Kind, old, new map[string]any, path string) bool {
	was := lookup(old, path)
	if was == nil || lookup(new, path) != nil {
		return false
	}
	var leaves []string
	var walk func(p string, v any)
	walk = func(p string, v any) {
		if m, ok := v.(map[string]any); ok && len(m) > 0 {
			for key, e := range m {
				walk(p+"."+key, e)
			}
			return
		}
		leaves = append(leaves, p)
	}
	walk(path, was)
	for _, l := range leaves {
		if !slices.Contains(k.KeptWhenRemoved, l) {
			return false
		}
	}
	return true
}

// aliasGiven reports whether an alias of the input at path
// ([Kind].Aliases), which the new inputs leave out, is given there where
// the old ones left it out: one name of a thing given for the other.
func aliasGiven(k Kind, old, new map[string]any, path string) bool {
	for p, a := range k.Aliases {
		if a.Of == path && lookup(old, p) == nil && lookup(new, p) != nil {
			return true
		}
	}
	return false
}

// fixedName reports whether the program sets the name pulumi-aws would
// otherwise generate ([Kind].AutoNamed): a replacement then deletes first
// (but for a region change).
func fixedName(k Kind, inputs map[string]any) bool {
	if k.AutoNamed == "" {
		return false
	}
	name, ok := lookup(inputs, k.AutoNamed).(string)
	return ok && name != "" && name != Unknown
}

// ignored reports whether the input at the dotted path is at or under one
// of r's ignoreChanges paths, read as the engine reads them
// ([resource.ParsePropertyPath]). The engine puts the deployed value back
// there ([keepIgnored]), and the provider's Diff, which gets the paths
// too, leaves them out of its diff: a change there, where the value could
// not be put back, neither replaces the resource nor fails.
func ignored(r DocumentResource, path string) bool { return ignoredPath(r, dotted(path)) }

// ignoredPath is [ignored] for a parsed path.
func ignoredPath(r DocumentResource, path resource.PropertyPath) bool {
	return slices.ContainsFunc(propertyPaths(r.Options.IgnoreChanges), func(ig resource.PropertyPath) bool {
		return ig != nil && ig.Contains(path)
	})
}

// renewedSource is the replaced or created resource whose new value r's
// input takes (the input is unknown, or refers to that resource), or "".
// Of several, it names the biggest: a cluster rather than its add-on.
func renewedSource(r DocumentResource, input string, changes map[string]*Change, outputsFrom map[string][]string) string {
	v := r.Inputs[input]
	var sources []string
	for _, u := range r.PropertyDependencies[input] {
		// a value known before the source is renewed stays, unless the
		// source is deleted first: the engine then replaces the dependents
		// whose replace-forcing inputs come from it
		if via := renewedVia(u, changes, outputsFrom); via != "" && (hasUnknown(v) || v == u || changes[via].DeleteFirst) {
			sources = append(sources, via)
		}
	}
	if s, ok := v.(string); ok && renewed(s, changes) {
		sources = append(sources, s)
	}
	if len(sources) == 0 {
		return ""
	}
	return slices.MaxFunc(sources, func(a, b string) int {
		return cmp.Or(cmp.Compare(createTime(changes[a]), createTime(changes[b])), cmp.Compare(b, a))
	})
}

// renewed reports whether the resource is replaced or created.
func renewed(urn string, changes map[string]*Change) bool {
	c, ok := changes[urn]
	return ok && (c.Op == OpReplace || c.Op == OpCreate)
}

// renewedVia is the renewed resource behind urn: urn itself, or, for a
// component, the child its outputs come from ([Kind].OutputsFrom); "" when
// neither is renewed.
func renewedVia(urn string, changes map[string]*Change, outputsFrom map[string][]string) string {
	if renewed(urn, changes) {
		return urn
	}
	for _, child := range outputsFrom[urn] {
		if renewed(child, changes) {
			return child
		}
	}
	return ""
}

func createTime(c *Change) time.Duration {
	return kindOf(c.Type, true).Create
}

// outputSources maps each component whose outputs come from children
// ([Kind].OutputsFrom) to those children's URNs.
func outputSources(d Document) map[string][]string {
	out := map[string][]string{}
	types := map[string]string{}
	for _, r := range d.Resources {
		types[r.URN] = r.Type
	}
	for _, r := range d.Resources {
		if slices.Contains(Kinds[types[r.Parent]].OutputsFrom, r.Type) {
			out[r.Parent] = append(out[r.Parent], r.URN)
		}
	}
	return out
}

// describe names a renewed resource: "replaced cluster eks", "new add-on x",
// "cluster eks, if it is replaced" ([Change.conditional]).
func describe(c *Change, changes map[string]*Change) string {
	switch {
	case c.Op == OpCreate:
		return "new " + c.Kind + " " + c.Name
	case c.conditional(changes, 0):
		return c.Kind + " " + c.Name + ifReplaced
	}
	return "replaced " + c.Kind + " " + c.Name
}

// ifReplaced ends the source of an input taken from a replacement that
// may not happen ([Change.conditional]): describe writes it, WriteDiff
// words it.
const ifReplaced = ", if it is replaced"

// describeSources words each renewed input's source ([InputChange].Source)
// as the source's change ended.
func describeSources(changes map[string]*Change) {
	for _, c := range changes {
		for i, ic := range c.Inputs {
			if src := changes[ic.From]; ic.From != "" && src != nil {
				c.Inputs[i].Source = describe(src, changes)
			}
		}
	}
}

// chosenByAWS is the value the change sets for p, a replace-forcing input
// the base left out and AWS chose, when it is one AWS picks from
// ([Kind].ChosenByAWS): the replacement holds only if AWS chose another.
func (c Change) chosenByAWS(p string) (any, bool) {
	picks, ok := kindOf(c.Type, true).ChosenByAWS[p]
	if !ok {
		return nil, false
	}
	for _, ic := range c.Inputs {
		if ic.Old != nil || ic.Path != p && !strings.HasPrefix(p, ic.Path+".") {
			continue
		}
		v := ic.New
		if m, ok := v.(map[string]any); ok && ic.Path != p {
			v = lookup(m, strings.TrimPrefix(p, ic.Path+"."))
		}
		return v, slices.Contains(picks, v)
	}
	return nil, false
}

// hedged says why the replace-forcing input p may change nothing: set to
// a value AWS may have chosen ([Kind].ChosenByAWS), or given where the
// base plan gave its alias ([Kind].Aliases), which may name the same
// thing; "" where it replaces the resource for certain.
func (c Change) hedged(p string) string {
	if v, ok := c.chosenByAWS(p); ok {
		return fmt.Sprintf("%s set to %s where AWS chose one: no change if it chose the same", p, short(v))
	}
	a, ok := kindOf(c.Type, true).Aliases[p]
	if !ok {
		return ""
	}
	given := slices.IndexFunc(c.Inputs, func(ic InputChange) bool { return ic.Path == p && ic.Old == nil && ic.New != nil })
	gone := slices.IndexFunc(c.Inputs, func(ic InputChange) bool { return ic.Path == a.Of && ic.Old != nil && ic.New == nil })
	if given < 0 || gone < 0 {
		return ""
	}
	by := a.Of[strings.LastIndex(a.Of, ".")+1:] // "id"
	return fmt.Sprintf("%s set to %s where %s was %s: replaced only if it names another %s than that %s did",
		p, short(c.Inputs[given].New), a.Of, short(c.Inputs[gone].Old), a.Names, by)
}

// conditional is set on a replacement forced only by inputs that may
// change nothing ([Change.hedged]), or taken from such replacements (in
// changes). depth counts the sources followed: dependencies have no
// cycle, and the bound keeps a hand-made plan with one from recursing for
// ever.
func (c Change) conditional(changes map[string]*Change, depth int) bool {
	if c.Op != OpReplace || len(c.Replaces) == 0 || depth > len(changes) {
		return false
	}
	for _, p := range c.Replaces {
		if c.hedged(p) != "" {
			continue
		}
		if !slices.ContainsFunc(c.Inputs, func(ic InputChange) bool {
			src := changes[ic.From]
			return ic.Path == p && src != nil && src.conditional(changes, depth+1)
		}) {
			return false
		}
	}
	return true
}

// forces reports whether a change of the whole input replaces the resource.
func forces(k Kind, input string) bool {
	for _, p := range k.ReplaceOn {
		if p == input || strings.HasPrefix(p, input+".") {
			return true
		}
	}
	return false
}

// Hazards are the changes to review: those that lose or disturb what
// runs, or that cannot be applied: replacements, deletes that lose data or
// break what runs ([Change].Loses), and every change that
// [Change.Blocks]. Only the last are what pulumi up fails on or refuses
// ([Diff.Blocking]).
func (d Diff) Hazards() []Change {
	var out []Change
	for _, c := range d.Changes {
		if c.Op == OpReplace || c.Loses || c.OneWay || c.Blocks() {
			out = append(out, c)
		}
	}
	return out
}

// Blocks reports whether `pulumi up` fails on the change or refuses it: a
// protected resource replaced or deleted, a change it cannot apply
// ([Change.Unappliable]), or one it fails on ([Change.Fails]). What a
// reviewer must not approve as it is.
func (c Change) Blocks() bool {
	return c.Fails != "" || len(c.Unappliable) > 0 || c.Protected && (c.Op == OpReplace || c.Op == OpDelete)
}

// Unprotects reports whether the change removes the protect option of a
// resource that stays in the stack: no hazard, but a reviewer should see
// it.
func (c Change) Unprotects() bool {
	return c.Op != OpDelete && slices.ContainsFunc(c.Inputs, func(ic InputChange) bool {
		return ic.Path == "options.protect" && ic.Old == true && ic.New != true
	})
}

// Blocking counts the changes that [Change.Blocks].
func (d Diff) Blocking() int {
	n := 0
	for _, c := range d.Changes {
		if c.Blocks() {
			n++
		}
	}
	return n
}

// Count returns how many changes have the operation.
func (d Diff) Count(op Op) int { return countOps(d.Changes, op) }

func countOps(cs []Change, ops ...Op) int {
	n := 0
	for _, c := range cs {
		if slices.Contains(ops, c.Op) {
			n++
		}
	}
	return n
}

// Sentence says the change in words, e.g. "node group simple-bank will be
// REPLACED (instanceTypes changed)".
func (c Change) Sentence() string {
	subject := c.Kind + " " + c.Name
	switch c.Op {
	case OpCreate:
		if c.Fails != "" {
			return subject + " will be created, but pulumi up fails: " + c.Fails
		}
		return subject + " will be created"
	case OpDelete:
		switch {
		case c.Protected && c.Retained:
			return subject + " will be DELETED, but it is protected: pulumi up will refuse (unprotected, it would be left in AWS: retainOnDelete)"
		case c.Protected:
			// the deployed protect is what counts: taking it off and
			// deleting in one pulumi up is refused too
			return subject + " will be DELETED, but it is protected: pulumi up will refuse (a pulumi up that keeps it, " +
				"unprotected, must come first)"
		case c.Retained:
			return subject + " will be removed from the stack and left in AWS (retainOnDelete)"
		}
		return subject + " will be DELETED"
	case OpReplace:
		s := subject + " will be REPLACED (" + strings.Join(c.Reasons(), "; ") + ")"
		switch {
		case c.Retained:
			s += ", the old one left in AWS (retainOnDelete)"
		case c.DeleteFirst && c.Fails == "":
			s += ", deleted before the new one is created"
		}
		if c.Fails != "" {
			s += ", and pulumi up fails: " + c.Fails
		}
		if c.Protected {
			s += ", but it is protected: pulumi up will refuse"
		}
		return s
	}
	paths := make([]string, len(c.Inputs))
	for i, ic := range c.Inputs {
		paths[i] = ic.Path
	}
	if c.Op == OpSame {
		if len(c.Inputs) == 1 && c.Inputs[0].Path == "options.protect" {
			if c.Inputs[0].New == true {
				return subject + " will be protected; nothing changes in AWS"
			}
			return subject + " will no longer be protected; nothing changes in AWS"
		}
		return subject + " is left as it is in AWS; only options pulumi up records change (" + strings.Join(paths, ", ") + ")"
	}
	s := subject + " will be updated in place (" + strings.Join(paths, ", ") + ")"
	if len(c.Unappliable) > 0 {
		s += ", which pulumi up cannot apply: " + strings.Join(c.Unappliable, "; ")
	}
	if c.Fails != "" {
		s += ", and pulumi up fails: " + c.Fails
	}
	return s
}

// Reasons says why each input in Replaces forces the replacement:
// "instanceTypes changed", "clusterName comes from replaced cluster eks".
func (c Change) Reasons() []string {
	if len(c.Replaces) == 0 {
		return nil
	}
	why := make([]string, len(c.Replaces))
	for i, p := range c.Replaces {
		why[i] = p + " changed"
		if h := c.hedged(p); h != "" {
			why[i] = h
		}
		for _, ic := range c.Inputs {
			if ic.Path == p && ic.Source != "" {
				why[i] = p + " comes from " + ic.Source
			}
		}
	}
	return why
}

var opSymbol = map[Op]string{OpCreate: "+ ", OpUpdate: "~ ", OpReplace: "+-", OpDelete: "- ", OpSame: "= "}

// WriteDiff prints the diff for a reviewer: one sentence per change, the
// changed inputs with old and new values ([InputChange.Text]: long ones
// cut around where they differ, long lists as the elements removed and
// added), its notes, and a summary line.
func WriteDiff(w io.Writer, d Diff, basePath string) {
	fmt.Fprintf(w, "Changes to stack %s against %s (plan of stack %s), offline:\n\n", d.Stack, basePath, d.Base)
	if d.Base != d.Stack {
		fmt.Fprintf(w, "    (URNs name their stack: against a plan of another stack, every resource is a delete and a create)\n\n")
	}
	if len(d.Changes) == 0 {
		fmt.Fprintln(w, "    no changes")
	}
	for _, c := range d.Changes {
		fmt.Fprintf(w, " %s %s\n", opSymbol[c.Op], c.Sentence())
		for _, ic := range c.Inputs {
			fmt.Fprintf(w, "        %s\n", ic.Text())
		}
		for _, n := range c.Notes {
			fmt.Fprintf(w, "        note: %s\n", n)
		}
	}
	fmt.Fprintf(w, "\nResources: %s\n", d.Counts())
	if h := d.Hazards(); len(h) > 0 {
		fmt.Fprintf(w, "\n%d change(s) to review: replacement, delete or update that loses data or breaks what runs, update that cannot be undone, "+
			"protected delete, "+
			"or a change pulumi up cannot apply or fails on.\n", len(h))
	}
}

// Counts says how many resources each operation takes, as the summary of
// a diff: "1 to create, 2 to update, 0 to replace, 0 to delete, 20
// unchanged", and, where aliases keep resources under new URNs
// ([Diff].Moved), "; 3 kept under new URNs (aliases)".
func (d Diff) Counts() string {
	s := fmt.Sprintf("%d to create, %d to update, %d to replace, %d to delete, %d unchanged",
		d.Count(OpCreate), d.Count(OpUpdate), d.Count(OpReplace), d.Count(OpDelete), d.Unchanged)
	if d.Moved > 0 {
		s += fmt.Sprintf("; %d kept under new URNs (aliases)", d.Moved)
	}
	return s
}

// inputChanges appends the paths where two input values differ: objects
// key by key, anything else (lists included) as a whole.
func inputChanges(path string, a, b any, out *[]InputChange) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		for _, k := range slices.Sorted(maps.Keys(union(am, bm))) {
			p := k
			if path != "" {
				p = path + "." + k
			}
			inputChanges(p, am[k], bm[k], out)
		}
		return
	}
	if a == Secret && b == Secret {
		return
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, InputChange{Path: path, Old: a, New: b})
	}
}

// lookup returns the value at a dotted path, nil when absent, [Unknown]
// when the path is inside an unknown value (an object whose value comes
// from a resource not yet created).
func lookup(m map[string]any, path string) any {
	var v any = m
	for _, k := range strings.Split(path, ".") {
		if v == Unknown {
			return Unknown
		}
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[k]
	}
	return v
}

func hasUnknown(v any) bool {
	switch v := v.(type) {
	case string:
		return v == Unknown
	case []any:
		return slices.ContainsFunc(v, hasUnknown)
	case map[string]any:
		for _, e := range v {
			if hasUnknown(e) {
				return true
			}
		}
	}
	return false
}

func union(a, b map[string]any) map[string]any {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]any{}
	}
	maps.Copy(out, b)
	return out
}

// optionMap is the options as JSON values, by name.
func optionMap(o ResourceOptions) map[string]any {
	o.Version = ""  // the provider plugin version is not a change to the resource
	o.Aliases = nil // nor are the URNs it had, which the engine only looks it up by
	b, _ := json.Marshal(o)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	// a switch left out is off: shown as false, not as none
	for _, name := range []string{"protect", "retainOnDelete", "deleteBeforeReplace"} {
		if _, ok := m[name]; !ok {
			m[name] = false
		}
	}
	return m
}
