package plan_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ekskit/ekskit/plan"
)

// app is a program: a component of type test:index:App named name, with
// opts, and under it an IAM role named name+"-role" with a fixed name
// (and roleOpts), and a security group "sg", whose URN does not change
// with the component's name (a URN has its parents' types, not their
// names); and, at the top, a role "loose" (looseOpts) that the cases
// move.
type app struct {
	typ                 string // the component's type: test:index:App if empty
	name                string
	roleLogical         string // the role's name in the program: name+"-role" if empty
	opts                []pulumi.ResourceOption
	roleName, roleDescr string
	roleOpts            []pulumi.ResourceOption
	looseParent         bool // "loose" under the component
	looseOpts           []pulumi.ResourceOption
	provider            bool // the role on an aws provider of the component's, name+"-aws"
}

func (a app) run(t *testing.T) plan.Document {
	t.Helper()
	g, err := plan.Run(func(ctx *pulumi.Context) error {
		var comp component
		typ, roleLogical := a.typ, a.roleLogical
		if typ == "" {
			typ = "test:index:App"
		}
		if roleLogical == "" {
			roleLogical = a.name + "-role"
		}
		if err := ctx.RegisterComponentResource(typ, a.name, &comp, a.opts...); err != nil {
			return err
		}
		var role, sg, loose custom
		roleOpts := append([]pulumi.ResourceOption{pulumi.Parent(&comp)}, a.roleOpts...)
		if a.provider {
			var aws provider
			if err := ctx.RegisterResource("pulumi:providers:aws", a.name+"-aws", pulumi.Map{"region": pulumi.String("eu-west-1")}, &aws,
				pulumi.Parent(&comp)); err != nil {
				return err
			}
			roleOpts = append(roleOpts, pulumi.Provider(&aws))
		}
		inputs := pulumi.Map{"name": pulumi.String(a.roleName), "assumeRolePolicy": pulumi.String("{}")}
		if a.roleDescr != "" {
			inputs["description"] = pulumi.String(a.roleDescr)
		}
		if err := ctx.RegisterResource("aws:iam/role:Role", roleLogical, inputs, &role, roleOpts...); err != nil {
			return err
		}
		if err := ctx.RegisterResource("aws:ec2/securityGroup:SecurityGroup", "sg", pulumi.Map{"vpcId": pulumi.String("vpc-1")}, &sg,
			pulumi.Parent(&comp), pulumi.DependsOn([]pulumi.Resource{&role})); err != nil {
			return err
		}
		opts := a.looseOpts
		if a.looseParent {
			opts = append(opts, pulumi.Parent(&comp))
		}
		return ctx.RegisterResource("aws:iam/role:Role", "loose", pulumi.Map{"assumeRolePolicy": pulumi.String("{}")}, &loose, opts...)
	}, plan.Options{Project: "p", Stack: "dev", Preview: true, Config: map[string]string{"aws:region": "us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	return g.Document()
}

func aliasNamed(name string) pulumi.ResourceOption {
	return pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String(name)}})
}

// TestCompareAliases: a resource whose URN changes is the deployed one
// where its aliases, as the engine generates them, name the old URN: its
// own (a name, no parent, another parent, a whole URN), or its parent's,
// which its children inherit (a child named after its parent under the
// parent's old name). pulumi up then changes nothing but what the inputs
// change, each such change noting the old name; without an alias it
// deletes the old resource and creates a new one, and a fixed name is
// refused ([namesTaken]).
func TestCompareAliases(t *testing.T) {
	base := app{name: "app", roleName: "fixed"}
	// the component renamed without an alias, its role's name still "fixed"
	renamedOnFixedName := []string{
		"create web: test:index:App web will be created",
		"create web-role: IAM role web-role will be created, but pulumi up fails: IAM role app-role has name \"fixed\" now, which " +
			"pulumi up deletes only after all its creates, and AWS refuses a second IAM role with them: if this is that one under a " +
			"new URN, give it an alias naming the old one (pulumi.Aliases: urn:pulumi:dev::p::test:index:App$aws:iam/role:Role::app-role), " +
			"and pulumi up keeps it; else take the old one out in a pulumi up of its own first",
		"delete app-role: IAM role app-role will be DELETED",
		"delete app: test:index:App app will be DELETED"}
	for _, tc := range []struct {
		name string
		head app
		want []string // each change's op, name and what it says; none: no change
	}{
		{"the component renamed with an alias", app{name: "web", opts: []pulumi.ResourceOption{aliasNamed("app")}, roleName: "fixed"}, nil},
		{"the component renamed with an alias, an input changed", app{name: "web", opts: []pulumi.ResourceOption{aliasNamed("app")},
			roleName: "fixed", roleDescr: "new"}, []string{"update web-role: IAM role web-role will be updated in place (description); " +
			"note: was app-role (urn:pulumi:dev::p::test:index:App$aws:iam/role:Role::app-role): an alias, its own or its parent's, " +
			"names it, so pulumi up keeps the deployed one"}},
		{"the component renamed, its role too, each with an alias", app{name: "web", opts: []pulumi.ResourceOption{aliasNamed("app")},
			roleName: "fixed", roleOpts: []pulumi.ResourceOption{aliasNamed("app-role")}}, nil},
		{"the component renamed with an alias, its role on its provider", app{name: "web", opts: []pulumi.ResourceOption{aliasNamed("app")},
			roleName: "fixed", provider: true}, nil},
		{"the component's type changed with an alias", app{typ: "test:index:Web", name: "app", roleName: "fixed",
			opts: []pulumi.ResourceOption{pulumi.Aliases([]pulumi.Alias{{Type: pulumi.String("test:index:App")}})}}, nil},
		{"the component's type changed with an alias, its role renamed with one", app{typ: "test:index:Web", name: "app",
			opts:        []pulumi.ResourceOption{pulumi.Aliases([]pulumi.Alias{{Type: pulumi.String("test:index:App")}})},
			roleLogical: "admin", roleName: "fixed", roleOpts: []pulumi.ResourceOption{aliasNamed("app-role")}}, nil},
		{"the component's type changed without an alias", app{typ: "test:index:Web", name: "app", roleName: "other"}, []string{
			"create app: test:index:Web app will be created",
			"create app-role: IAM role app-role will be created",
			"create sg: security group sg will be created",
			"delete sg: security group sg will be DELETED",
			"delete app-role: IAM role app-role will be DELETED",
			"delete app: test:index:App app will be DELETED"}},
		{"a role moved under the component, with an alias of no parent", app{name: "app", roleName: "fixed", looseParent: true,
			looseOpts: []pulumi.ResourceOption{pulumi.Aliases([]pulumi.Alias{{NoParent: pulumi.Bool(true)}})}}, nil},
		{"a role moved under the component, with an alias of its old URN", app{name: "app", roleName: "fixed", looseParent: true,
			looseOpts: []pulumi.ResourceOption{pulumi.Aliases([]pulumi.Alias{{URN: pulumi.URN("urn:pulumi:dev::p::aws:iam/role:Role::loose")}})}},
			nil},
		{"the component renamed without an alias", app{name: "web", roleName: "fixed"}, renamedOnFixedName},
		{"the component renamed without an alias, the role's name in other letters", app{name: "web", roleName: "FIXED"}, renamedOnFixedName},
		{"the component renamed without an alias, the role's name changed", app{name: "web", roleName: "other"}, []string{
			"create web: test:index:App web will be created",
			"create web-role: IAM role web-role will be created",
			"delete app-role: IAM role app-role will be DELETED",
			"delete app: test:index:App app will be DELETED"}},
		{"an alias of another name", app{name: "web", opts: []pulumi.ResourceOption{aliasNamed("api")}, roleName: "other"}, []string{
			"create web: test:index:App web will be created",
			"create web-role: IAM role web-role will be created",
			"delete app-role: IAM role app-role will be DELETED",
			"delete app: test:index:App app will be DELETED"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			withProvider := base
			withProvider.provider = tc.head.provider
			b, h := withProvider.run(t), tc.head.run(t)
			d := plan.Compare(b, h)
			var got []string
			for _, c := range d.Changes {
				s := string(c.Op) + " " + c.Name + ": " + c.Sentence()
				for _, n := range c.Notes {
					s += "; note: " + n
				}
				got = append(got, strings.NewReplacer("component test:index:App", "test:index:App",
					"component test:index:Web", "test:index:Web").Replace(s))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if len(tc.want) == 0 && d.Unchanged != len(b.Resources) {
				t.Errorf("%d unchanged, want all %d", d.Unchanged, len(b.Resources))
			}
			// each head resource whose URN the base lacks is created, or
			// kept under it where an alias finds it
			newURNs := 0
			for _, r := range h.Resources {
				if !slices.ContainsFunc(b.Resources, func(o plan.DocumentResource) bool { return o.URN == r.URN }) {
					newURNs++
				}
			}
			if want := newURNs - d.Count(plan.OpCreate); d.Moved != want {
				t.Errorf("%d moved, want %d", d.Moved, want)
			}
		})
	}
}

// TestCompareNamesTaken: a create fails where a resource pulumi up deletes
// holds its fixed name, or an add-on's cluster and add-on name (its key),
// in the same place: not in another region (IAM names are global: in
// another region of the partition too), nor on an aws provider with
// credentials of its own, nor where the old one's cluster is replaced
// (what is on it goes first), nor where the name is not known yet. The
// old one's retainOnDelete keeps the name for good.
func TestCompareNamesTaken(t *testing.T) {
	const addonType = "aws:eks/addon:Addon"
	in := func(r plan.DocumentResource, region string) plan.DocumentResource { r.Region = region; return r }
	role := func(name, physical string) plan.DocumentResource {
		return in(res(roleType, name, map[string]any{"name": physical}), "us-east-1")
	}
	addon := func(name, cluster, addonName string) plan.DocumentResource {
		return in(res(addonType, name, map[string]any{"clusterName": cluster, "addonName": addonName}), "us-east-1")
	}
	cluster := func(name, physical, region string) plan.DocumentResource {
		return in(res(clType, name, map[string]any{"name": physical, "roleArn": "arn:aws:iam::111122223333:role/r"}), region)
	}
	retained := role("old", "ci")
	retained.Options.RetainOnDelete = true
	ownAWS := res("pulumi:providers:aws", "other-account", map[string]any{"region": "us-east-1", "profile": "other"})
	onOwn := cluster("new", "demo", "us-east-1")
	onOwn.Options.Provider = ownAWS.URN + "::id"
	onOwnOld := cluster("old", "demo", "us-east-1")
	onOwnOld.Options.Provider = ownAWS.URN + "::id"
	oldAddon := addon("old", "demo", "coredns")
	oldAddon.PropertyDependencies = map[string][]string{"clusterName": {urn(clType, "eks")}}
	replaced := cluster("eks", "demo", "us-east-1") // a new role replaces it
	replaced.Inputs["roleArn"] = "arn:aws:iam::111122223333:role/other"
	for _, tc := range []struct {
		name       string
		base, head []plan.DocumentResource
		fails      string // what the new one's failure starts with; "": none
	}{
		{"an IAM role's name", []plan.DocumentResource{role("old", "ci")}, []plan.DocumentResource{role("new", "CI")},
			`IAM role old has name "ci" now, which pulumi up deletes only after all its creates`},
		{"an IAM role's name, the old one retained", []plan.DocumentResource{retained}, []plan.DocumentResource{role("new", "ci")},
			`IAM role old has name "ci" now, which pulumi up leaves in AWS (retainOnDelete)`},
		{"an IAM role's name in another region", []plan.DocumentResource{role("old", "ci")},
			[]plan.DocumentResource{in(role("new", "ci"), "us-west-2")}, `IAM role old has name "ci" now`},
		{"an IAM role's name in another partition", []plan.DocumentResource{role("old", "ci")},
			[]plan.DocumentResource{in(role("new", "ci"), "cn-north-1")}, ""},
		{"another name", []plan.DocumentResource{role("old", "ci")}, []plan.DocumentResource{role("new", "cd")}, ""},
		{"a name not known yet", []plan.DocumentResource{role("old", "ci")}, []plan.DocumentResource{role("new", plan.Unknown)}, ""},
		{"a cluster's name", []plan.DocumentResource{cluster("old", "demo", "us-east-1")},
			[]plan.DocumentResource{cluster("new", "demo", "us-east-1")}, `cluster old has name "demo" now`},
		{"a cluster's name in another region", []plan.DocumentResource{cluster("old", "demo", "us-east-1")},
			[]plan.DocumentResource{cluster("new", "demo", "eu-west-1")}, ""},
		{"a cluster's name on a provider with credentials of its own", []plan.DocumentResource{cluster("old", "demo", "us-east-1")},
			[]plan.DocumentResource{ownAWS, onOwn}, ""},
		{"a cluster's name on one provider with credentials of its own", []plan.DocumentResource{ownAWS, onOwnOld},
			[]plan.DocumentResource{ownAWS, onOwn}, `cluster old has name "demo" now`},
		{"an add-on's cluster and name", []plan.DocumentResource{addon("old", "demo", "coredns")},
			[]plan.DocumentResource{addon("new", "demo", "coredns")}, `add-on old has clusterName "demo" and addonName "coredns" now`},
		{"an add-on on a cluster not known yet", []plan.DocumentResource{addon("old", plan.Unknown, "coredns")},
			[]plan.DocumentResource{addon("new", plan.Unknown, "coredns")}, ""},
		{"another add-on", []plan.DocumentResource{addon("old", "demo", "coredns")},
			[]plan.DocumentResource{addon("new", "demo", "kube-proxy")}, ""},
		{"an add-on on a cluster replaced", []plan.DocumentResource{cluster("eks", "demo", "us-east-1"), oldAddon},
			[]plan.DocumentResource{replaced, addon("new", "demo", "coredns")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := plan.Compare(plan.Document{Stack: "dev", Resources: tc.base}, plan.Document{Stack: "dev", Resources: tc.head})
			i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == "new" })
			if i < 0 || d.Changes[i].Op != plan.OpCreate {
				t.Fatalf("changes %+v: want new created", d.Changes)
			}
			got := d.Changes[i].Fails
			if tc.fails == "" && got != "" || !strings.HasPrefix(got, tc.fails) {
				t.Errorf("fails %q, want %q", got, tc.fails)
			}
		})
	}
}

// TestCompareNameTakenByReplacement: a replacement that gives a resource
// the fixed name of one pulumi up deletes fails as a create does: the new
// resource is made before the deleted one goes.
func TestCompareNameTakenByReplacement(t *testing.T) {
	role := func(name, physical string) plan.DocumentResource {
		r := res(roleType, name, map[string]any{"name": physical})
		r.Region = "us-east-1"
		return r
	}
	d := plan.Compare(plan.Document{Stack: "dev", Resources: []plan.DocumentResource{role("a", "ci"), role("b", "cd")}},
		plan.Document{Stack: "dev", Resources: []plan.DocumentResource{role("b", "ci")}})
	i := slices.IndexFunc(d.Changes, func(c plan.Change) bool { return c.Name == "b" })
	if i < 0 || d.Changes[i].Op != plan.OpReplace || !strings.HasPrefix(d.Changes[i].Fails, `IAM role a has name "ci" now`) {
		t.Errorf("changes %+v: want b replaced, failing on a's name", d.Changes)
	}
}

// TestCompareAliasConflicts: the engine refuses two resources that alias
// one old resource, and an alias of a URN the program registers as well;
// pulumi up fails, and the diff says so on the resource whose alias is
// refused. Where two claim one, the other takes it.
func TestCompareAliasConflicts(t *testing.T) {
	base := app{name: "app", roleName: "fixed"}.run(t)
	oldRole := "urn:pulumi:dev::p::test:index:App$aws:iam/role:Role::app-role"
	for _, tc := range []struct {
		name string
		head app
		want string // the failing create's name and what its failure says
	}{
		{"two aliases of one role", app{name: "app", roleName: "fixed", roleLogical: "admin",
			roleOpts: []pulumi.ResourceOption{aliasNamed("app-role")}, looseParent: true, looseOpts: []pulumi.ResourceOption{aliasNamed("app-role")}},
			"loose: its aliases name " + oldRole + ", which admin's aliases name too: the engine refuses two resources one old one " +
				"(Duplicate resource alias), and pulumi up fails"},
		{"an alias of a resource the program has", app{name: "app", roleName: "fixed", looseParent: true,
			looseOpts: []pulumi.ResourceOption{aliasNamed("app-role")}},
			"loose: its aliases name " + oldRole + ", which the program registers as well: the engine refuses the alias of a " +
				"resource that exists (Duplicate resource alias), and pulumi up fails"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range plan.Compare(base, tc.head.run(t)).Changes {
				if c.Fails != "" {
					got = append(got, c.Name+": "+c.Fails)
				}
			}
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("failures %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCompareAliasParent: an alias's parent is read as the URN that
// parent moved from, whatever order the URNs sort in (the SDK sends a
// registration once the parent its alias names has its URN): a role
// moved out of a component whose type changed, its alias naming the
// component, is the deployed role.
func TestCompareAliasParent(t *testing.T) {
	program := func(typ string, roleUnder bool) plan.Document {
		g, err := plan.Run(func(ctx *pulumi.Context) error {
			var comp component
			var opts []pulumi.ResourceOption
			if typ != "test:index:App" {
				opts = append(opts, pulumi.Aliases([]pulumi.Alias{{Type: pulumi.String("test:index:App")}}))
			}
			if err := ctx.RegisterComponentResource(typ, "app", &comp, opts...); err != nil {
				return err
			}
			roleOpts := []pulumi.ResourceOption{pulumi.Parent(&comp)}
			if !roleUnder {
				roleOpts = []pulumi.ResourceOption{pulumi.Aliases([]pulumi.Alias{{Parent: &comp}})}
			}
			var role custom
			return ctx.RegisterResource("aws:iam/role:Role", "app-role", pulumi.Map{"name": pulumi.String("fixed")}, &role, roleOpts...)
		}, plan.Options{Project: "p", Stack: "dev", Preview: true, Config: map[string]string{"aws:region": "us-east-1"}})
		if err != nil {
			t.Fatal(err)
		}
		return g.Document()
	}
	base := program("test:index:App", true)
	if d := plan.Compare(base, program("test:index:Web", false)); len(d.Changes) != 0 || d.Unchanged != 2 {
		t.Errorf("changes %+v, %d unchanged: want none, 2 unchanged", d.Changes, d.Unchanged)
	}
}

// TestCompareAliasOfRead: a managed resource whose alias names one the
// base read is created (pulumi up keeps nothing of a read), and its
// change says nothing of a deployed one.
func TestCompareAliasOfRead(t *testing.T) {
	program := func(read bool) plan.Document {
		g, err := plan.Run(func(ctx *pulumi.Context) error {
			var role custom
			if read {
				return ctx.ReadResource("aws:iam/role:Role", "old", pulumi.ID("ci"), nil, &role)
			}
			return ctx.RegisterResource("aws:iam/role:Role", "new", pulumi.Map{"name": pulumi.String("cd")}, &role, aliasNamed("old"))
		}, plan.Options{Project: "p", Stack: "dev", Preview: true, Config: map[string]string{"aws:region": "us-east-1"}})
		if err != nil {
			t.Fatal(err)
		}
		return g.Document()
	}
	d := plan.Compare(program(true), program(false))
	if len(d.Changes) != 1 || d.Changes[0].Op != plan.OpCreate || len(d.Changes[0].Notes) != 0 {
		t.Errorf("changes %+v: want new created, without a note", d.Changes)
	}
}

// TestCompareAliasKeepsStrings: an aws resource's string input that reads
// as a moved resource's URN is a string (the typed args of aws resources
// take no resource references), and is compared as it is.
func TestCompareAliasKeepsStrings(t *testing.T) {
	oldApp := "urn:pulumi:dev::p::test:index:App::app"
	base := app{name: "app", roleName: "fixed", roleDescr: oldApp}.run(t)
	d := plan.Compare(base, app{name: "web", opts: []pulumi.ResourceOption{aliasNamed("app")}, roleName: "fixed", roleDescr: oldApp}.run(t))
	if len(d.Changes) != 0 {
		t.Errorf("changes %+v: want none", d.Changes)
	}
}
