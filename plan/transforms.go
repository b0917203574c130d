package plan

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// The engine runs resource transforms (pulumi.Transforms) where Pulumi's
// mock monitor does not: on every registration, the resource's own
// transforms first, then each ancestor's from the parent up, then the
// stack's (ctx.RegisterResourceTransform). That includes the children a
// plugin registers for a remote component, which is how ekskit sets what
// pulumi-eks does not expose. The monitor keeps the transforms per URN and
// applies them here, so the plan records what the provider would receive.

// transformed is a registration after the transforms: its inputs and the
// options a transform may change.
type transformed struct {
	inputs resource.PropertyMap
	opts   ResourceOptions
	// dependsOn are URNs a transform added.
	dependsOn []string
}

// applyTransforms runs the transforms in order on one registration.
func applyTransforms(ts []pulumi.ResourceTransform, typ, name string, custom bool, parent string,
	in transformed) (transformed, error) {
	for _, t := range ts {
		props, err := toInputs(in.inputs)
		if err != nil {
			return in, err
		}
		args := &pulumi.ResourceTransformArgs{Custom: custom, Type: typ, Name: name, Props: props,
			Opts: pulumi.ResourceOptions{
				Version:             in.opts.Version,
				Protect:             in.opts.Protect,
				RetainOnDelete:      in.opts.RetainOnDelete,
				DeleteBeforeReplace: in.opts.DeleteBeforeReplace,
				IgnoreChanges:       slices.Clone(in.opts.IgnoreChanges),
				ReplaceOnChanges:    slices.Clone(in.opts.ReplaceOnChanges),
			}}
		res := t(context.Background(), args)
		if res == nil {
			continue
		}
		if res.Opts.Parent != nil {
			return in, fmt.Errorf("transform of %s %s: cannot change parent", typ, name)
		}
		out, err := fromInputs(res.Props)
		if err != nil {
			return in, fmt.Errorf("transform of %s %s: %w", typ, name, err)
		}
		o := in.opts
		o.Version = res.Opts.Version
		o.Protect, o.RetainOnDelete = res.Opts.Protect, res.Opts.RetainOnDelete
		o.DeleteBeforeReplace = res.Opts.DeleteBeforeReplace
		o.IgnoreChanges, o.ReplaceOnChanges = res.Opts.IgnoreChanges, res.Opts.ReplaceOnChanges
		if res.Opts.Provider != nil {
			ref, err := providerRef(res.Opts.Provider)
			if err != nil {
				return in, fmt.Errorf("transform of %s %s: provider: %w", typ, name, err)
			}
			o.Provider = ref
		}
		deps := in.dependsOn
		for _, d := range res.Opts.DependsOn {
			u, err := awaitString(d.URN())
			if err != nil {
				return in, fmt.Errorf("transform of %s %s: dependsOn: %w", typ, name, err)
			}
			deps = append(deps, u)
		}
		in = transformed{inputs: out, opts: o, dependsOn: deps}
	}
	return in, nil
}

// providerRef is the reference the engine takes for a provider: URN::ID.
func providerRef(p pulumi.ProviderResource) (string, error) {
	urn, err := awaitString(p.URN())
	if err != nil {
		return "", err
	}
	r, err := internals.UnsafeAwaitOutput(context.Background(), p.ID())
	if err != nil {
		return "", err
	}
	id, _ := r.Value.(pulumi.ID)
	if !r.Known {
		id = pulumi.ID(plugin.UnknownStringValue)
	}
	return urn + "::" + string(id), nil
}

func awaitString(o pulumi.Output) (string, error) {
	r, err := internals.UnsafeAwaitOutput(context.Background(), o)
	if err != nil {
		return "", err
	}
	return fmt.Sprint(r.Value), nil
}

// toInputs turns property values into the inputs a transform receives, as
// the Go SDK's transform callback builds them: objects as pulumi.Map, lists
// as pulumi.Array, scalars as pulumi.String/Float64/Bool, unknowns as
// unknown outputs, secrets as secret outputs.
func toInputs(m resource.PropertyMap) (pulumi.Map, error) {
	in, err := toInput(resource.NewProperty(m))
	if err != nil {
		return nil, err
	}
	return in.(pulumi.Map), nil
}

func toInput(v resource.PropertyValue) (pulumi.Input, error) {
	switch {
	case v.IsNull():
		return nil, nil
	case v.IsBool():
		return pulumi.Bool(v.BoolValue()), nil
	case v.IsNumber():
		return pulumi.Float64(v.NumberValue()), nil
	case v.IsString():
		return pulumi.String(v.StringValue()), nil
	case v.IsArray():
		arr := pulumi.Array{}
		for _, e := range v.ArrayValue() {
			in, err := toInput(e)
			if err != nil {
				return nil, err
			}
			arr = append(arr, in)
		}
		return arr, nil
	case v.IsObject():
		obj := pulumi.Map{}
		for k, e := range v.ObjectValue() {
			in, err := toInput(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			obj[string(k)] = in
		}
		return obj, nil
	case v.IsComputed(), v.IsOutput() && !v.OutputValue().Known:
		return pulumi.UnsafeUnknownOutput(nil), nil
	case v.IsOutput():
		return toInput(v.OutputValue().Element)
	case v.IsSecret():
		in, err := toInput(v.SecretValue().Element)
		if err != nil {
			return nil, err
		}
		return pulumi.ToSecret(in), nil
	case v.IsResourceReference():
		// A transform sees a resource; ekskit's transforms never read one,
		// so it is passed on as the reference it was.
		return referenceInput{v.ResourceReferenceValue()}, nil
	}
	return nil, fmt.Errorf("cannot pass %v to a transform", v)
}

// referenceInput carries a resource reference through a transform unchanged.
type referenceInput struct{ ref resource.ResourceReference }

func (referenceInput) ElementType() reflect.Type { return reflect.TypeOf(resource.ResourceReference{}) }

// fromInputs turns what a transform returned back into property values,
// awaiting outputs: unknown ones stay unknown, secret ones secret.
func fromInputs(m pulumi.Map) (resource.PropertyMap, error) {
	pv, err := fromValue(m)
	if err != nil {
		return nil, err
	}
	return pv.ObjectValue(), nil
}

func fromValue(v any) (resource.PropertyValue, error) {
	switch v := v.(type) {
	case nil:
		return resource.NewNullProperty(), nil
	case referenceInput:
		return resource.NewProperty(v.ref), nil
	case pulumi.Output:
		r, err := internals.UnsafeAwaitOutput(context.Background(), v)
		if err != nil {
			return resource.PropertyValue{}, err
		}
		pv := resource.MakeComputed(resource.NewProperty(""))
		if r.Known {
			if pv, err = fromValue(r.Value); err != nil {
				return pv, err
			}
		}
		if r.Secret {
			pv = resource.MakeSecret(pv)
		}
		return pv, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return resource.NewNullProperty(), nil
		}
		return fromValue(rv.Elem().Interface())
	case reflect.Map:
		out := resource.PropertyMap{}
		for _, k := range rv.MapKeys() {
			pv, err := fromValue(rv.MapIndex(k).Interface())
			if err != nil {
				return pv, fmt.Errorf("%s: %w", k.String(), err)
			}
			out[resource.PropertyKey(k.String())] = pv
		}
		return resource.NewProperty(out), nil
	case reflect.Slice, reflect.Array:
		arr := make([]resource.PropertyValue, rv.Len())
		for i := range arr {
			pv, err := fromValue(rv.Index(i).Interface())
			if err != nil {
				return pv, err
			}
			arr[i] = pv
		}
		return resource.NewProperty(arr), nil
	case reflect.String:
		return resource.NewProperty(rv.String()), nil
	case reflect.Bool:
		return resource.NewProperty(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return resource.NewProperty(float64(rv.Int())), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return resource.NewProperty(float64(rv.Uint())), nil
	case reflect.Float32, reflect.Float64:
		return resource.NewProperty(rv.Float()), nil
	case reflect.Struct:
		// input structs of the generated SDKs (e.g. eks.ClusterUpgradePolicyArgs)
		out := resource.PropertyMap{}
		t := rv.Type()
		for i := range t.NumField() {
			tag, _, _ := strings.Cut(t.Field(i).Tag.Get("pulumi"), ",")
			if tag == "" || !t.Field(i).IsExported() {
				continue
			}
			f := rv.Field(i)
			if (f.Kind() == reflect.Pointer || f.Kind() == reflect.Interface) && f.IsNil() {
				continue
			}
			pv, err := fromValue(f.Interface())
			if err != nil {
				return pv, err
			}
			out[resource.PropertyKey(tag)] = pv
		}
		return resource.NewProperty(out), nil
	}
	return resource.PropertyValue{}, fmt.Errorf("cannot read %T from a transform", v)
}
