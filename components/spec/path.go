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

// Index is the path of element i of the list at p.
func (p Path) Index(i int) Path { return Path(fmt.Sprintf("%s[%d]", p, i)) }

// Under reports whether p is q or lies below it.
func (p Path) Under(q Path) bool {
	return p == q || len(p) > len(q) && p[:len(q)] == q && (p[len(q)] == '.' || p[len(q)] == '[')
}
