package stackconfig

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a config: where, what value, what is allowed.
type Problem struct {
	// Path is the config key path, e.g. ekskit:nodeGroups.simple-bank.diskSize.
	Path string
	// Value is the offending value as written, or empty when a value is missing.
	Value string
	// Msg says what is wrong and what is allowed.
	Msg string
	// Cause is another key path the problem follows from, if any (an add-on
	// that needs node groups: ekskit:nodeGroups).
	Cause string
}

func (p Problem) Error() string {
	if p.Value == "" {
		return p.Path + ": " + p.Msg
	}
	return fmt.Sprintf("%s: %s: %s", p.Path, p.Value, p.Msg)
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

// Err returns nil when there are no problems, else the sorted problems.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	out := append(Problems(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func (ps *Problems) add(path string, value any, format string, args ...any) {
	v := ""
	if value != nil {
		v = fmt.Sprintf("%v", value)
		if s, ok := value.(string); ok {
			v = fmt.Sprintf("%q", s)
		}
	}
	*ps = append(*ps, Problem{Path: path, Value: v, Msg: fmt.Sprintf(format, args...)})
}

// addCaused adds a problem at path that follows from the key path cause.
func (ps *Problems) addCaused(cause, path string, value any, format string, args ...any) {
	ps.add(path, value, format, args...)
	(*ps)[len(*ps)-1].Cause = cause
}
