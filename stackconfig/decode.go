package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Parse decodes the flat stack config (keys "<namespace>:<key>", object
// values as JSON, as PULUMI_CONFIG carries them), applies defaults and
// validates. The error, if any, is a [Problems] listing everything wrong.
// Keys of other namespaces (aws:region, ...) are ignored.
//
// Values that do not decode are reported as such, and the rest of the
// config is still validated: a validation problem is left out only where it
// concerns a key that did not decode (or one above or below it), or has
// one as its [Problem.Cause].
func Parse(flat map[string]string) (Config, error) {
	c, probs := Decode(flat)
	c = c.WithDefaults()
	undecoded := slices.Clone(probs)
	var more Problems
	if errors.As(c.Validate(), &more) {
		for _, p := range more {
			if !slices.ContainsFunc(undecoded, func(d Problem) bool {
				return related(d.Path, p.Path) || p.Cause != "" && related(d.Path, p.Cause)
			}) {
				probs = append(probs, p)
			}
		}
	}
	if err := probs.Err(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// related reports whether two key paths are the same or one is under the
// other.
func related(a, b string) bool {
	under := func(x, y string) bool { return strings.HasPrefix(x, y+".") }
	return a == b || under(a, b) || under(b, a)
}

// Decode decodes strictly, without defaults or validation: unknown keys,
// wrong types and malformed JSON are problems; all are reported.
func Decode(flat map[string]string) (Config, Problems) {
	var c Config
	var probs Problems
	targets := map[string]any{KeyCluster: &c.Cluster, KeyRoles: &c.Roles, KeyNodeGroups: &c.NodeGroups}
	known := slices.Sorted(maps.Keys(targets))
	for _, key := range slices.Sorted(maps.Keys(flat)) {
		if !strings.HasPrefix(key, Namespace+":") {
			continue
		}
		dst, ok := targets[key]
		if !ok {
			probs.add(key, nil, "unknown key%s; known: %s", suggest(key, known), strings.Join(sortedCopy(known), ", "))
			continue
		}
		var raw any
		dec := json.NewDecoder(strings.NewReader(flat[key]))
		dec.UseNumber()
		if err := dec.Decode(&raw); err != nil {
			probs.add(key, flat[key], "not a config object: %v", err)
			continue
		}
		if dec.More() {
			probs.add(key, flat[key], "not a config object: trailing data")
			continue
		}
		decodeValue(key, raw, reflect.ValueOf(dst).Elem(), &probs)
	}
	if _, ok := flat[KeyCluster]; !ok {
		probs.add(KeyCluster, nil, "required: at least the cluster name (ekskit:cluster.name)")
	}
	return c, probs
}

// decodeValue stores raw (a decoded JSON value) into dst, reporting every
// mismatch at path.
func decodeValue(path string, raw any, dst reflect.Value, probs *Problems) {
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
			probs.add(path, describe(raw), "must be an object")
			return
		}
		fields := map[string]int{}
		names := []string{}
		for i := 0; i < dst.NumField(); i++ {
			tag := strings.Split(dst.Type().Field(i).Tag.Get("json"), ",")[0]
			fields[tag] = i
			names = append(names, tag)
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			i, ok := fields[k]
			if !ok {
				probs.add(path+"."+k, nil, "unknown key%s; known: %s", suggest(k, names), strings.Join(sortedCopy(names), ", "))
				continue
			}
			decodeValue(path+"."+k, obj[k], dst.Field(i), probs)
		}
	case reflect.Map:
		obj, ok := raw.(map[string]any)
		if !ok {
			probs.add(path, describe(raw), "must be a map")
			return
		}
		m := reflect.MakeMapWithSize(dst.Type(), len(obj))
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			v := reflect.New(dst.Type().Elem()).Elem()
			decodeValue(path+"."+k, obj[k], v, probs)
			m.SetMapIndex(reflect.ValueOf(k), v)
		}
		dst.Set(m)
	case reflect.Slice:
		arr, ok := raw.([]any)
		if !ok {
			probs.add(path, describe(raw), "must be a list")
			return
		}
		s := reflect.MakeSlice(dst.Type(), len(arr), len(arr))
		for i, e := range arr {
			at := fmt.Sprintf("%s[%d]", path, i)
			if e == nil { // null is "default" for a key, but a list has no default element
				probs.add(at, nil, "must not be null")
				continue
			}
			decodeValue(at, e, s.Index(i), probs)
		}
		dst.Set(s)
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			switch raw.(type) {
			case json.Number, bool:
				// YAML reads 1.35 and true as a number and a boolean
				probs.add(path, describe(raw), "must be a string: quote it in YAML (%q)", fmt.Sprint(raw))
			default:
				probs.add(path, describe(raw), "must be a string")
			}
			return
		}
		dst.SetString(s)
	case reflect.Int:
		n, err := toInt(raw)
		if err != nil {
			probs.add(path, describe(raw), "must be a whole number")
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
			probs.add(path, describe(raw), "must be true or false")
			return
		}
		dst.SetBool(b)
	default:
		probs.add(path, nil, "cannot decode into %s", dst.Type())
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

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// suggest returns ` (did you mean "x"?)` for the closest known name within
// edit distance 2, ignoring case.
func suggest(got string, known []string) string {
	best, bestD := "", 3
	for _, k := range sortedCopy(known) {
		if d := distance(strings.ToLower(got), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
