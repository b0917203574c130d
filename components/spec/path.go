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

// Keys splits p into its keys, the inverse of [Path.Key], in the syntax
// `pulumi config set --path` takes: ekskit:nodeGroups.a.labels["kubernetes.io/role"]
// gives ekskit:nodeGroups, a, labels and kubernetes.io/role. A list index
// ([0]) is not a key: an error, as is an empty step.
func (p Path) Keys() ([]string, error) {
	var keys []string
	for s := string(p); ; {
		if strings.HasPrefix(s, "[") {
			q, err := strconv.QuotedPrefix(s[1:])
			if err != nil || !strings.HasPrefix(s[1+len(q):], "]") {
				return nil, fmt.Errorf("%s: want [\"key\"] at %s", p, s)
			}
			k, _ := strconv.Unquote(q)
			keys, s = append(keys, k), s[len(q)+2:]
		} else {
			i := strings.IndexAny(s, ".[")
			if i < 0 {
				i = len(s)
			}
			if i == 0 {
				return nil, fmt.Errorf("%s: a path step is empty", p)
			}
			keys, s = append(keys, s[:i]), s[i:]
		}
		switch {
		case s == "":
			return keys, nil
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
