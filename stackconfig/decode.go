package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/ekskit/ekskit/components/spec"
)

// Parse decodes the flat stack config (keys "<namespace>:<key>", object
// values as JSON, as PULUMI_CONFIG carries them), applies defaults and
// validates. The error, if any, is a [Problems] listing everything wrong.
// Keys of other namespaces (aws:profile, ...) are ignored, but for
// aws:region and aws:defaultTags, which are read, and a misspelt ekskit:
// key, aws:region or aws:defaultTags (eksit:policy, aws:regoin,
// aws:defaultTag): those are problems, as they would silently drop what
// they hold.
//
// Values that do not decode are reported as such, and the rest of the
// config is still validated: a validation problem is left out only where it
// concerns a key that did not decode (or one above or below it), or has
// one as its [Problem.Cause].
func Parse(flat map[string]string) (Config, error) {
	c, probs := Decode(flat)
	c = c.WithDefaults()
	undecoded := slices.Clone(probs)
	var more spec.Problems
	if errors.As(c.Validate(), &more) {
		for _, p := range more {
			if !slices.ContainsFunc(undecoded, func(d spec.Problem) bool {
				return related(d.Path, p.Path) || p.Cause != "" && related(d.Path, p.Cause)
			}) {
				probs = append(probs, p)
			}
		}
	}
	inRegion(&probs, c, flat[KeyRegion])
	if err := probs.Err(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// inRegion reports the ARNs given that are not in the partition of the
// stack's region (aws:region): IAM and KMS take a principal, policy or key
// of their own partition only; and a key of that partition in another
// region: EKS takes a key of the cluster's region. Nothing when aws:region
// is unset or in no supported partition (a problem of its own).
func inRegion(p *spec.Problems, c Config, region string) {
	pt, ok := spec.PartitionOf(region)
	if !ok || !slices.Contains(spec.Partitions, pt.ID) {
		return
	}
	whose := fmt.Sprintf("the stack's region %s (aws:region) is in partition", region)
	c.Cluster.SamePartition(p, spec.Path(KeyCluster), pt.ID, whose)
	c.Roles.SamePartition(p, spec.Path(KeyRoles), pt.ID, whose)
	// arn:<partition>:kms:<region>:...
	if e := c.Cluster.Encryption; e != nil {
		if parts := strings.Split(e.KeyARN, ":"); len(parts) > 3 && parts[1] == pt.ID && parts[3] != region {
			p.Add(spec.Path(KeyCluster).Key("encryption").Key("keyArn"), e.KeyARN,
				"the key is in %s, the stack in %s (aws:region): EKS takes a key of the cluster's region", parts[3], region)
		}
	}
}

// decodeKey decodes the object value v of config key key into dst,
// reporting every problem under key's path.
func decodeKey(key, v string, dst any, probs *spec.Problems) {
	if t := strings.TrimSpace(v); !strings.HasPrefix(t, "{") {
		probs.Add(spec.Path(key), shown(describeText(t)), "must be an object (keys indented under %s)", key)
		return
	}
	var raw any
	dec := json.NewDecoder(strings.NewReader(v))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		probs.Add(spec.Path(key), v, "not a config object: %v", err)
		return
	}
	if dec.More() {
		probs.Add(spec.Path(key), v, "not a config object: trailing data")
		return
	}
	decodeValue(spec.Path(key), raw, reflect.ValueOf(dst).Elem(), probs)
}

// related reports whether two key paths are the same or one is under the
// other.
func related(a, b spec.Path) bool { return a.Under(b) || b.Under(a) }

// Decode decodes strictly, without defaults or validation: unknown keys,
// wrong types and malformed JSON are problems; all are reported.
func Decode(flat map[string]string) (Config, spec.Problems) {
	var c Config
	var probs spec.Problems
	targets := c.targets()
	known := slices.Sorted(maps.Keys(targets))
	for _, key := range slices.Sorted(maps.Keys(flat)) {
		if !strings.HasPrefix(key, Namespace+":") {
			if s := misspelt(key, known); s != "" {
				probs.Add(spec.Path(key), nil, "unknown key%s", s)
			}
			continue
		}
		dst, ok := targets[key]
		if !ok {
			probs.Add(spec.Path(key), nil, "unknown key%s; known: %s", spec.Suggest(key, known), strings.Join(known, ", "))
			continue
		}
		decodeKey(key, flat[key], dst, &probs)
	}
	if v, ok := flat[KeyDefaultTags]; ok {
		// as pulumi-aws reads it: {tags: {KEY: VALUE, ...}}
		var dt struct {
			Tags map[string]string `json:"tags"`
		}
		decodeKey(KeyDefaultTags, v, &dt, &probs)
		c.DefaultTags = dt.Tags
	}
	if r, ok := flat[KeyRegion]; ok {
		spec.CheckRegion(&probs, KeyRegion, r)
	}
	if _, ok := flat[KeyCluster]; !ok {
		probs.Add(KeyCluster, nil, "required: at least the cluster name (%s)", spec.Path(KeyCluster).Key("name"))
	}
	return c, probs
}

// misspelt returns a "did you mean" for a key of another namespace that is
// a near miss of an ekskit key or of an aws key ekskit reads (aws:region,
// aws:defaultTags), else "".
func misspelt(key string, known []string) string {
	ns, name, _ := strings.Cut(key, ":")
	switch {
	case ns != Namespace && spec.Suggest(ns, []string{Namespace}) != "":
		if s := spec.Suggest(Namespace+":"+name, known); s != "" {
			return s
		}
		return fmt.Sprintf(" (did you mean the namespace %q?)", Namespace)
	case ns == "aws" && !Reads(key):
		return spec.Suggest(key, awsKeys)
	}
	return ""
}

// describeText is how a config value that is not an object is shown.
func describeText(v string) string {
	if v == "" || v == "null" {
		return "nothing"
	}
	return strconv.Quote(v)
}

// targets are the ekskit keys of the stack config, each with the field of
// c it decodes into.
func (c *Config) targets() map[string]any {
	return map[string]any{KeyCluster: &c.Cluster, KeyRoles: &c.Roles, KeyNodeGroups: &c.NodeGroups, KeyPolicy: &c.Policy}
}

// Keys are every config key the stack config reads, sorted: ekskit's own,
// aws:region and aws:defaultTags. A program reading its config outside PULUMI_CONFIG asks
// for these.
func Keys() []string {
	keys := append(slices.Collect(maps.Keys((&Config{}).targets())), awsKeys...)
	slices.Sort(keys)
	return keys
}

// Reads reports whether the stack config reads key: an ekskit: key, known
// or not (an unknown one is a problem), aws:region or aws:defaultTags.
func Reads(key string) bool {
	return strings.HasPrefix(key, Namespace+":") || slices.Contains(awsKeys, key)
}

// awsKeys are the aws provider's keys the stack config reads.
var awsKeys = []string{KeyRegion, KeyDefaultTags}

// decodeValue stores raw (a decoded JSON value) into dst, reporting every
// mismatch at path.
func decodeValue(path spec.Path, raw any, dst reflect.Value, probs *spec.Problems) {
	if raw == nil {
		return // null: keep the zero value, which means "default"
	}
	switch dst.Kind() {
	case reflect.Pointer:
		v := reflect.New(dst.Type().Elem())
		before := len(*probs)
		decodeValue(path, raw, v.Elem(), probs)
		if len(*probs) == before { // a value that did not decode stays unset
			dst.Set(v)
		}
	case reflect.Struct:
		obj, ok := raw.(map[string]any)
		if !ok {
			probs.Add(path, describe(raw), "must be an object")
			return
		}
		fields := jsonFields(dst.Type())
		names := slices.Sorted(maps.Keys(fields))
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			index, ok := fields[k]
			if !ok {
				probs.Add(path.Key(k), nil, "unknown key%s; known: %s", spec.Suggest(k, names), strings.Join(names, ", "))
				continue
			}
			decodeValue(path.Key(k), obj[k], dst.FieldByIndex(index), probs)
		}
	case reflect.Map:
		obj, ok := raw.(map[string]any)
		if !ok {
			probs.Add(path, describe(raw), "must be a map")
			return
		}
		m := reflect.MakeMapWithSize(dst.Type(), len(obj))
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			v := reflect.New(dst.Type().Elem()).Elem()
			decodeValue(path.Key(k), obj[k], v, probs)
			m.SetMapIndex(reflect.ValueOf(k), v)
		}
		dst.Set(m)
	case reflect.Slice:
		arr, ok := raw.([]any)
		if !ok {
			probs.Add(path, describe(raw), "must be a list")
			return
		}
		s := reflect.MakeSlice(dst.Type(), len(arr), len(arr))
		for i, e := range arr {
			at := path.Index(i)
			if e == nil { // null is "default" for a key, but a list has no default element
				probs.Add(at, nil, "must not be null")
				continue
			}
			decodeValue(at, e, s.Index(i), probs)
		}
		dst.Set(s)
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			switch raw.(type) {
			case json.Number:
				// YAML reads 1.30 as the number 1.3: what was written is lost
				probs.Add(path, describe(raw), "must be a string: YAML read a number; put the value in quotes as you mean it "+
					`(unquoted, 1.30 reads as 1.3; with --set, PATH='"1.30"')`)
			case bool:
				probs.Add(path, describe(raw), "must be a string: YAML read true or false; put the value in quotes (%q)", fmt.Sprint(raw))
			case map[string]any:
				if strings.HasSuffix(string(path), ".configurationValues") {
					// the add-on's configuration is JSON text, which EKS takes
					probs.Add(path, describe(raw), "must be a string, the add-on's configuration as JSON text: YAML read an object; "+
						`write it in quotes, configurationValues: '{"replicaCount": 3}', or as a block after configurationValues: |`)
					return
				}
				probs.Add(path, describe(raw), "must be a string")
			default:
				probs.Add(path, describe(raw), "must be a string")
			}
			return
		}
		dst.SetString(s)
	case reflect.Int:
		n, err := toInt(raw)
		switch {
		case errors.Is(err, strconv.ErrRange):
			probs.Add(path, describe(raw), "out of range: whole numbers here are %d to %d", math.MinInt32, math.MaxInt32)
			return
		case err != nil:
			probs.Add(path, describe(raw), "must be a whole number")
			return
		}
		dst.SetInt(int64(n))
	case reflect.Bool:
		b, ok := raw.(bool)
		if s, isStr := raw.(string); isStr {
			var err error
			b, err = strconv.ParseBool(s)
			ok = err == nil
		}
		if !ok {
			probs.Add(path, describe(raw), "must be true or false")
			return
		}
		dst.SetBool(b)
	default:
		probs.Add(path, nil, "cannot decode into %s", dst.Type())
	}
}

// toInt accepts a JSON number or a string holding one (pulumi config set
// without --path stores strings), within int32.
func toInt(raw any) (int, error) {
	var s string
	switch v := raw.(type) {
	case json.Number:
		s = v.String()
	case string:
		s = v
	default:
		return 0, fmt.Errorf("not a number")
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if errors.Is(err, strconv.ErrSyntax) { // 1e+23: whole, but past int32
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && f == math.Trunc(f) && math.Abs(f) > math.MaxInt32 {
			return 0, strconv.ErrRange
		}
	}
	return int(n), err
}

// shown is a description printed as is (Problems quote plain strings).
type shown string

func describe(raw any) any {
	switch raw.(type) {
	case map[string]any:
		return shown("an object")
	case []any:
		return shown("a list")
	}
	return raw // json.Number and bool print unquoted; strings are quoted
}

// jsonFields maps the JSON name of each field of a struct type, those of
// embedded structs included, to its index.
func jsonFields(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			for name, index := range jsonFields(f.Type) {
				out[name] = append([]int{i}, index...)
			}
			continue
		}
		out[strings.Split(f.Tag.Get("json"), ",")[0]] = []int{i}
	}
	return out
}
