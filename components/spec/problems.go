package spec

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a setting: where, what value, what is
// allowed.
type Problem struct {
	// Path is the key path of the setting, e.g. ekskit:nodeGroups.simple-bank.diskSize.
	Path Path
	// Value is the offending value as written, or empty when a value is missing.
	Value string
	// Msg says what is wrong and what is allowed.
	Msg string
	// Cause is another key path the problem follows from, if any (an add-on
	// that needs node groups: ekskit:nodeGroups).
	Cause Path
}

func (p Problem) Error() string {
	parts := []string{}
	for _, s := range []string{string(p.Path), p.Value, p.Msg} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ": ")
}

// Problems is every problem found, in key-path order. It is an error when
// not empty.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return fmt.Sprintf("%d config problem(s):\n  %s", len(ps), strings.Join(lines, "\n  "))
}

// Err returns nil when there are no problems, else the problems sorted by
// path.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	out := append(Problems(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Add records a problem at path: value (quoted when a string; nil when
// missing) and a message.
func (ps *Problems) Add(path Path, value any, format string, args ...any) {
	v := ""
	if value != nil {
		v = fmt.Sprintf("%v", value)
		if s, ok := value.(string); ok {
			v = fmt.Sprintf("%q", s)
		}
	}
	*ps = append(*ps, Problem{Path: path, Value: v, Msg: fmt.Sprintf(format, args...)})
}

// AddCaused records a problem at path that follows from the key path cause.
func (ps *Problems) AddCaused(cause, path Path, value any, format string, args ...any) {
	ps.Add(path, value, format, args...)
	(*ps)[len(*ps)-1].Cause = cause
}
