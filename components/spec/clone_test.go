package spec

import (
	"fmt"
	"reflect"
	"testing"
)

// fill sets every field of v, through its pointers, lists and maps, to
// values made from seed: two calls with one seed make equal values.
func fill(v reflect.Value, seed int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprint("s", seed))
	case reflect.Bool:
		v.SetBool(seed < 99) // scribble's seed makes it false
	case reflect.Int:
		v.SetInt(int64(seed))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), seed)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), seed+i)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, seed+i)
			fill(e, seed+i)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), seed)
		}
	default:
		panic(fmt.Sprintf("fill: no value for a %s", v.Type()))
	}
}

// scribble changes every value v holds in place, through its pointers,
// list elements and map values: what a caller may do to the settings it
// passed.
func scribble(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k)) // a copy: its pointers are the map's
			scribble(e)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			scribble(v.Field(i))
		}
	default:
		fill(v, 99)
	}
}

// TestClone: a clone shares no list, map or pointer with what it was
// cloned from, whatever fields the settings get: every field is set, and
// changing all the original holds leaves the clone as it was. So are the
// defaulted settings, which the components keep.
func TestClone(t *testing.T) {
	for _, tc := range []struct {
		name  string
		clone func(v any) any
		zero  any
	}{
		{"Cluster.Clone", func(v any) any { return v.(Cluster).Clone() }, Cluster{}},
		{"Cluster.WithDefaults", func(v any) any { return v.(Cluster).WithDefaults() }, Cluster{}},
		{"NodeGroup.Clone", func(v any) any { return v.(NodeGroup).Clone() }, NodeGroup{}},
		{"NodeGroup.WithDefaults", func(v any) any { return v.(NodeGroup).WithDefaults() }, NodeGroup{}},
		{"Roles.Clone", func(v any) any { return v.(Roles).Clone() }, Roles{}},
		{"Roles.WithDefaults", func(v any) any { return v.(Roles).WithDefaults() }, Roles{}},
	} {
		made := func() reflect.Value {
			v := reflect.New(reflect.TypeOf(tc.zero)).Elem()
			fill(v, 1)
			return v
		}
		orig := made()
		clone := tc.clone(orig.Interface())
		want := tc.clone(made().Interface())
		if !reflect.DeepEqual(clone, want) {
			t.Fatalf("%s: the clone differs from a fresh one's before any change", tc.name)
		}
		scribble(orig)
		if reflect.DeepEqual(orig.Interface(), made().Interface()) {
			t.Fatalf("%s: scribble changed nothing", tc.name)
		}
		if !reflect.DeepEqual(clone, want) {
			t.Errorf("%s: the clone changed with the original:\n%+v\nwant\n%+v", tc.name, clone, want)
		}
	}
}
