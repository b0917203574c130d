"use strict";
// Stable JSON for the committed recordings and schema extracts: 2-space indent, keys
// sorted at every level, trailing newline, so that a re-run diffs only on meaning.

function sortKeys(v) {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object") {
        const out = {};
        for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
        return out;
    }
    return v;
}

function stableJSON(v) {
    return JSON.stringify(sortKeys(v), null, 2) + "\n";
}

module.exports = { sortKeys, stableJSON };
