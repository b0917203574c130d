package spec

import (
	"fmt"
	"strconv"
	"strings"
)

// Path is a key path to a setting: config keys joined by dots, list
// elements in brackets (ekskit:nodeGroups.simple-bank.taints[0].effect).
// The empty Path is the root of a component's settings.
type Path string

// Key is the path of key k under p. A key that would not read as one
// (empty, or with a dot, bracket, quote or space) is quoted in brackets:
// nodeGroups[""], addons["a.b"].
func (p Path) Key(k string) Path {
	switch {
	case k == "" || strings.ContainsAny(k, ".[]\" \t\n"):
		return p + Path("["+strconv.Quote(k)+"]")
	case p == "":
		return Path(k)
	}
	return p + "." + Path(k)
}

// Step is one step of a [Path]: a key, or an element of a list.
type Step struct {
	// Key is the key, when the step is not an index.
	Key string
	// Index of the element, when IsIndex.
	Index   int
	IsIndex bool
}

// Steps splits p into its steps, the inverse of [Path.Key] and
// [Path.Index], in the syntax `pulumi config set --path` takes:
// ekskit:nodeGroups.a.labels["kubernetes.io/role"] gives the keys
// ekskit:nodeGroups, a, labels and kubernetes.io/role;
// ekskit:nodeGroups.a.taints[0].effect has the index 0 before effect. The
// first step is a key; an empty step is an error.
func (p Path) Steps() ([]Step, error) {
	var steps []Step
	for s := string(p); ; {
		switch {
		case strings.HasPrefix(s, "[\""):
			q, err := strconv.QuotedPrefix(s[1:])
			if err != nil || !strings.HasPrefix(s[1+len(q):], "]") {
				return nil, fmt.Errorf("%s: want [\"key\"] at %s", p, s)
			}
			k, _ := strconv.Unquote(q)
			steps, s = append(steps, Step{Key: k}), s[len(q)+2:]
		case strings.HasPrefix(s, "["):
			end := strings.Index(s, "]")
			i, err := strconv.Atoi(s[1:max(end, 1)])
			if end < 0 || err != nil || i < 0 || len(steps) == 0 || strings.HasPrefix(s[1:], "+") {
				return nil, fmt.Errorf("%s: want an index [0] or a key [\"key\"] after a key, at %s", p, s)
			}
			steps, s = append(steps, Step{Index: i, IsIndex: true}), s[end+1:]
		default:
			i := strings.IndexAny(s, ".[")
			if i < 0 {
				i = len(s)
			}
			if i == 0 {
				return nil, fmt.Errorf("%s: a path step is empty", p)
			}
			steps, s = append(steps, Step{Key: s[:i]}), s[i:]
		}
		switch {
		case s == "":
			return steps, nil
		case s[0] == '.':
			s = s[1:]
		case s[0] != '[':
			return nil, fmt.Errorf("%s: want . or [ at %s", p, s)
		}
	}
}

// Index is the path of element i of the list at p.
func (p Path) Index(i int) Path { return Path(fmt.Sprintf("%s[%d]", p, i)) }

// Under reports whether p is q or lies below it.
func (p Path) Under(q Path) bool {
	return p == q || len(p) > len(q) && p[:len(q)] == q && (p[len(q)] == '.' || p[len(q)] == '[')
}
