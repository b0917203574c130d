package plan

import (
	"fmt"
	"slices"
	"strings"
)

// valueWidth is how many characters of a value the text diff shows.
const valueWidth = 80

// cutContext is how many characters before the first difference a cut
// value keeps ([cutApart]).
const cutContext = 24

// text is a plain value as compact JSON, "(none)" for no value.
func text(v any) string {
	if v == nil {
		return "(none)"
	}
	return jsonText(v)
}

// short is a value as compact JSON ([text]), cut to valueWidth.
func short(v any) string {
	return cut([]rune(text(v)), 0)
}

// cut is s from start, at most valueWidth runes of it, with "..." where
// something is left out.
func cut(s []rune, start int) string {
	end := min(len(s), start+valueWidth)
	out := string(s[start:end])
	if start > 0 {
		out = "..." + out
	}
	if end < len(s) {
		out += "..."
	}
	return out
}

// changeText is an input's change as the text diff shows it: "old => new",
// each side as compact JSON. A side longer than valueWidth is cut around
// where the two first differ ([cutApart]), so two values that differ never
// print alike; two lists so long are shown as the elements removed and
// added instead ([listChange]).
func changeText(old, new any) string {
	o, n := text(old), text(new)
	if len([]rune(o)) <= valueWidth && len([]rune(n)) <= valueWidth {
		return o + " => " + n
	}
	ol, okOld := old.([]any)
	nl, okNew := new.([]any)
	if okOld && okNew {
		return listChange(ol, nl)
	}
	o, n = cutApart(o, n)
	return o + " => " + n
}

// Text is the input's change as the text diff prints it ([WriteDiff]),
// and the pull-request comment too: "path: old => new" ([changeText]:
// "(none)" for no value, long values cut where they differ), or, for a
// value that comes from a replaced or new resource, what becomes of it.
func (ic InputChange) Text() string {
	if ic.Source != "" && ic.New == Unknown {
		return fmt.Sprintf("%s: known after apply, from %s", ic.Path, ic.Source)
	}
	if ic.Source != "" {
		src := strings.TrimPrefix(ic.Source, "replaced ")
		if cond, ok := strings.CutSuffix(src, ifReplaced); ok {
			src = "if " + cond + " is replaced, it"
		}
		return fmt.Sprintf("%s: %s, the same value, but %s is deleted and created again first, and this with it", ic.Path, short(ic.New), src)
	}
	return ic.Path + ": " + changeText(ic.Old, ic.New)
}

// cutApart cuts two texts longer than valueWidth to a window of that
// width starting a little (cutContext) before the first character where
// they differ: the windows differ whenever the texts do.
func cutApart(a, b string) (string, string) {
	ra, rb := []rune(a), []rune(b)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	start := 0
	if p >= valueWidth-cutContext {
		start = p - cutContext
	}
	return cut(ra, start), cut(rb, start)
}

// listChange is a change from one list to another as the elements removed
// and added (each as compact JSON, a long one cut: [elementTexts]) and how
// many others stay, and whether they move; a change of order alone is
// shown as the two lists cut around their first difference.
func listChange(old, new []any) string {
	removed, added, keptOld, keptNew := listDiff(old, new)
	if len(removed) == 0 && len(added) == 0 {
		o, n := cutApart(jsonText(old), jsonText(new))
		return fmt.Sprintf("the same %d elements in another order: %s => %s", len(old), o, n)
	}
	r, a := elementTexts(removed, added)
	var parts []string
	if r != "" {
		parts = append(parts, "removed "+r)
	}
	if a != "" {
		parts = append(parts, "added "+a)
	}
	switch kept := len(keptOld); {
	case kept == 0:
	case !slices.Equal(keptOld, keptNew):
		parts = append(parts, fmt.Sprintf("%d unchanged, in another order", kept))
	default:
		parts = append(parts, fmt.Sprintf("%d unchanged", kept))
	}
	return strings.Join(parts, "; ")
}

// listDiff compares two lists as multisets of their elements' JSON: the
// elements only old has, those only new has, and the others in each
// list's order.
func listDiff(old, new []any) (removed, added, keptOld, keptNew []string) {
	o, n := jsonTexts(old), jsonTexts(new)
	keptOld, removed = take(o, multiset(n))
	keptNew, added = take(n, multiset(keptOld))
	return removed, added, keptOld, keptNew
}

// jsonTexts are the elements' JSON.
func jsonTexts(list []any) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = jsonText(e)
	}
	return out
}

// multiset counts each text.
func multiset(ts []string) map[string]int {
	count := map[string]int{}
	for _, t := range ts {
		count[t]++
	}
	return count
}

// take splits ts into the texts have still counts (taking each from the
// count) and the others, in order.
func take(ts []string, have map[string]int) (kept, rest []string) {
	for _, t := range ts {
		if have[t] > 0 {
			have[t]--
			kept = append(kept, t)
		} else {
			rest = append(rest, t)
		}
	}
	return kept, rest
}

// maxElements is how many elements removed, or added, the text diff lists.
const maxElements = 8

// elementTexts are the elements removed and added, each list joined by
// ", ", at most maxElements of each and a count of the others. Each
// element is cut to valueWidth: the i-th removed and the i-th added around
// where they first differ ([cutApart]), the others from their start.
func elementTexts(removed, added []string) (string, string) {
	r, a := slices.Clone(removed[:min(len(removed), maxElements)]), slices.Clone(added[:min(len(added), maxElements)])
	for i := range max(len(r), len(a)) {
		switch {
		case i < len(r) && i < len(a):
			r[i], a[i] = cutApart(r[i], a[i])
		case i < len(r):
			r[i] = cut([]rune(r[i]), 0)
		default:
			a[i] = cut([]rune(a[i]), 0)
		}
	}
	return joinMore(r, len(removed)), joinMore(a, len(added))
}

// joinMore joins shown by ", ", and says how many of all were not shown.
func joinMore(shown []string, all int) string {
	s := strings.Join(shown, ", ")
	if n := all - len(shown); n > 0 {
		s += fmt.Sprintf(" and %d more", n)
	}
	return s
}
