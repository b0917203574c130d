#!/usr/bin/env node
// Schema extracts: the input property trees of the resource types ekskit's conformance
// tests care about, per package version.
//
//   node schema.js [--out DIR] [extra tokens...]
//
// writes (DIR defaults to schemas/):
//   eks-<v>.json  from @pulumi/eks's own Pulumi schema (cmd/provider/schema.json)
//   aws-<v>.json  for @pulumi/aws (the version pulumi-eks 2.8.1 bundles) and for the
//                 npm alias aws-6.83.4 (the version ekskit's Go program uses), both from
//                 the packages' TypeScript declarations (<module>/<file>.d.ts XxxArgs
//                 interfaces, nested types from types/input.d.ts), read with the
//                 TypeScript compiler's type checker.
//
// Tree format (the same for every file): { "<token>": <props> } where <props> maps each
// input property (JS/wire name, camelCase) to a node:
//   {}                   a scalar (string, number, boolean, enum, asset, resource; also an
//                        aws.iam.PolicyDocument, which is sent as a JSON string)
//   { "<prop>": node }   an object type: its properties
//   arrays are transparent: an array property's node is its element's node
//   { "*": node }        a map (string-keyed dictionary): "*" stands for any key
//   { "$ref": "..." }    eks only: a reference into the aws schema. A resource (e.g.
//                        aws:iam/role:Role, passed as a value) is a leaf; an aws type
//                        (e.g. aws:eks/AccessPolicyAssociationAccessScope) also gets its
//                        properties, read from the @pulumi/aws pulumi-eks bundles (6.45.0)
// A union's node is the merge of its members' nodes (e.g. storageClasses: a string or a map).
"use strict";

const fs = require("fs");
const path = require("path");
const { stableJSON } = require("./stable.js");

// Tokens extracted by default; more can be given as arguments (eks:* go to the eks file,
// aws:* and pulumi:providers:aws to the aws files).
const EKS_TOKENS = ["eks:index:Cluster"];
const AWS_TOKENS = [
    "aws:eks/cluster:Cluster",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:eks/addon:Addon",
    "aws:eks/accessEntry:AccessEntry",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    "aws:iam/role:Role",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "aws:iam/instanceProfile:InstanceProfile",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:kms/key:Key",
    "aws:cloudwatch/logGroup:LogGroup",
    "pulumi:providers:aws",
];
// The aws packages to extract: the directory under node_modules.
const AWS_PACKAGES = ["@pulumi/aws", "aws-6.83.4"];

const HERE = __dirname;
const NODE_MODULES = path.join(HERE, "node_modules");

function merge(a, b) {
    const out = Object.assign({}, a);
    for (const [k, v] of Object.entries(b)) out[k] = k in out && k !== "$ref" ? merge(out[k], v) : v;
    return out;
}

// ---------------------------------------------------------------------------------------
// eks: Pulumi package schema.
function eksTrees(tokens, awsTypes) {
    const schemaPath = path.join(NODE_MODULES, "@pulumi/eks/cmd/provider/schema.json");
    const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
    const typeNode = (spec, seen) => {
        if (!spec) return {};
        if (spec.$ref) {
            const ref = spec.$ref;
            if (ref.startsWith("#/types/")) {
                const tok = decodeURIComponent(ref.slice("#/types/".length));
                const t = schema.types[tok];
                if (!t) throw new Error(`eks schema: no type ${tok}`);
                if (t.enum || t.type !== "object") return {};
                if (seen.includes(tok)) return {}; // recursive type: stop
                return propsNode(t.properties || {}, seen.concat(tok));
            }
            if (ref.startsWith("pulumi.json#/")) return {}; // Any, Archive, Asset, Json
            const m = /^\/aws\/v[^/]+\/schema\.json#\/types\/(.+)$/.exec(ref);
            if (m) return Object.assign({ $ref: ref }, awsTypes(decodeURIComponent(m[1])));
            return { $ref: ref };
        }
        if (spec.oneOf) return spec.oneOf.reduce((acc, s) => merge(acc, typeNode(s, seen)), {});
        if (spec.type === "array") return typeNode(spec.items, seen);
        if (spec.type === "object") {
            const out = spec.properties ? propsNode(spec.properties, seen) : {};
            if (spec.additionalProperties) out["*"] = typeNode(spec.additionalProperties, seen);
            return out;
        }
        return {};
    };
    const propsNode = (props, seen) => {
        const out = {};
        for (const [k, v] of Object.entries(props)) out[k] = typeNode(v, seen);
        return out;
    };
    const trees = {};
    for (const tok of tokens) {
        const r = schema.resources[tok];
        if (!r) throw new Error(`eks schema has no resource ${tok}`);
        trees[tok] = propsNode(r.inputProperties || {}, [tok]);
    }
    return trees;
}

// ---------------------------------------------------------------------------------------
// aws: TypeScript declarations.
function argsLocation(pkgDir, token) {
    if (token === "pulumi:providers:aws") return { file: path.join(pkgDir, "provider.d.ts"), iface: "ProviderArgs" };
    const m = /^aws:([^/]+)\/([^:]+):(.+)$/.exec(token);
    if (!m) throw new Error(`not an aws resource token: ${token}`);
    const [, mod, file, name] = m;
    const dir = mod === "index" ? pkgDir : path.join(pkgDir, mod);
    return { file: path.join(dir, `${file}.d.ts`), iface: `${name}Args` };
}

class AwsExtractor {
    constructor(pkgDir, tokens) {
        const ts = (this.ts = require("typescript"));
        this.pkgDir = pkgDir;
        const inputFile = path.join(pkgDir, "types", "input.d.ts");
        const roots = tokens.map((t) => argsLocation(pkgDir, t).file).concat(inputFile);
        for (const f of roots) if (!fs.existsSync(f)) throw new Error(`no ${f}`);
        this.program = ts.createProgram(roots, {
            noEmit: true,
            skipLibCheck: true,
            types: [],
            target: ts.ScriptTarget.ES2020,
            moduleResolution: ts.ModuleResolutionKind.Node10,
        });
        this.checker = this.program.getTypeChecker();
        this.inputFile = inputFile;
    }

    findInterface(file, name, namespace) {
        const ts = this.ts;
        const sf = this.program.getSourceFile(file);
        if (!sf) throw new Error(`not in program: ${file}`);
        let found;
        const visit = (n, ns) => {
            if (found) return;
            if (ts.isInterfaceDeclaration(n) && n.name.text === name && ns === namespace) found = n;
            else if (ts.isModuleDeclaration(n) && n.body) {
                const inner = ns ? `${ns}.${n.name.text}` : n.name.text;
                if (ts.isModuleBlock(n.body)) n.body.statements.forEach((c) => visit(c, inner));
                else visit(n.body, inner);
            }
        };
        sf.statements.forEach((n) => visit(n, ""));
        return found;
    }

    // The tree of a resource's XxxArgs interface.
    resourceArgs(token) {
        const loc = argsLocation(this.pkgDir, token);
        const iface = this.findInterface(loc.file, loc.iface, "");
        if (!iface) throw new Error(`${token}: no interface ${loc.iface} in ${loc.file}`);
        return this.node(this.checker.getTypeAtLocation(iface.name), []);
    }

    // The tree of an input type, by its schema token (aws:<module>/<Name>:<Name>).
    inputType(token) {
        const m = /^aws:([^/]+)\/[^:]+:(.+)$/.exec(token);
        if (!m) throw new Error(`not an aws type token: ${token}`);
        const ns = m[1] === "index" ? "" : m[1];
        const iface = this.findInterface(this.inputFile, m[2], ns);
        if (!iface) throw new Error(`${token}: no interface ${ns ? ns + "." : ""}${m[2]} in ${this.inputFile}`);
        return this.node(this.checker.getTypeAtLocation(iface.name), []);
    }

    // Unwrap Input<T> (T | Promise<T> | OutputInstance<T>), optional (| undefined) and arrays
    // to the member types that carry structure.
    members(t, out) {
        const ts = this.ts;
        const checker = this.checker;
        if (t.isUnion()) {
            for (const u of t.types) this.members(u, out);
            return out;
        }
        if (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void | ts.TypeFlags.Never)) return out;
        if (!(t.flags & ts.TypeFlags.Object)) {
            out.push({ kind: "scalar" });
            return out;
        }
        const sym = t.aliasSymbol || t.getSymbol();
        const name = sym && sym.escapedName;
        if (name === "Promise" || name === "OutputInstance" || name === "Output" || name === "Input") {
            const args = checker.getTypeArguments(t);
            if (args && args.length === 1) return this.members(args[0], out);
        }
        if (checker.isArrayType(t) || checker.isTupleType(t)) {
            for (const a of checker.getTypeArguments(t)) this.members(a, out);
            return out;
        }
        if (name === "PolicyDocument") {
            // aws.iam.PolicyDocument: a JSON document, sent on the wire as a string.
            out.push({ kind: "scalar" });
            return out;
        }
        const s = t.getSymbol();
        if (s && (s.getDeclarations() || []).some((d) => ts.isClassDeclaration(d))) {
            // Resources, assets and archives are passed as values.
            out.push({ kind: "scalar" });
            return out;
        }
        out.push({ kind: "object", type: t });
        return out;
    }

    node(t, seen) {
        const ts = this.ts;
        const checker = this.checker;
        let out = {};
        for (const m of this.members(t, [])) {
            if (m.kind !== "object") continue;
            if (seen.includes(m.type)) continue; // recursive type: stop
            const inner = seen.concat(m.type);
            const n = {};
            for (const p of checker.getPropertiesOfType(m.type)) {
                const decl = (p.getDeclarations() || [])[0];
                n[p.getName()] = this.node(checker.getTypeOfSymbolAtLocation(p, decl), inner);
            }
            const idx = checker.getIndexInfoOfType(m.type, ts.IndexKind.String);
            if (idx) n["*"] = this.node(idx.type, inner);
            out = merge(out, n);
        }
        return out;
    }
}

// ---------------------------------------------------------------------------------------
function has(tree, dotted) {
    let n = tree;
    for (const p of dotted.split(".")) {
        if (!n || typeof n !== "object" || !(p in n)) return false;
        n = n[p];
    }
    return true;
}

function main(argv) {
    let out = path.join(HERE, "schemas");
    const extra = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--out") out = path.resolve(argv[++i]);
        else if (a.startsWith("--out=")) out = path.resolve(a.slice(6));
        else if (a === "-h" || a === "--help") {
            process.stdout.write("usage: node schema.js [--out DIR] [extra tokens...]\n");
            return 0;
        } else if (a.startsWith("-")) {
            process.stderr.write(`schema.js: unknown flag ${a}\n`);
            return 2;
        } else extra.push(a);
    }
    const eksTokens = Array.from(new Set(EKS_TOKENS.concat(extra.filter((t) => t.startsWith("eks:")))));
    const awsTokens = Array.from(new Set(AWS_TOKENS.concat(extra.filter((t) => !t.startsWith("eks:")))));
    fs.mkdirSync(out, { recursive: true });

    const written = {};
    let bundled; // the extractor for the @pulumi/aws that pulumi-eks itself uses
    for (const pkg of AWS_PACKAGES) {
        const pkgDir = path.join(NODE_MODULES, pkg);
        const pj = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
        if (pj.name !== "@pulumi/aws") throw new Error(`${pkgDir} is ${pj.name}, not @pulumi/aws`);
        const x = new AwsExtractor(pkgDir, awsTokens);
        if (pkg === "@pulumi/aws") bundled = x;
        const trees = {};
        for (const t of awsTokens) trees[t] = x.resourceArgs(t);
        written[`aws-${pj.version}.json`] = trees;
    }
    const eksVersion = require("@pulumi/eks/package.json").version;
    written[`eks-${eksVersion}.json`] = eksTrees(eksTokens, (tok) => bundled.inputType(tok));

    // Sanity: the two aws versions differ where they are known to.
    const old = written["aws-6.45.0.json"];
    const cur = written["aws-6.83.4.json"];
    const problems = [];
    if (!old || !cur) problems.push("expected aws-6.45.0.json and aws-6.83.4.json");
    else {
        if (has(old["aws:eks/cluster:Cluster"], "upgradePolicy")) problems.push("aws 6.45.0 aws:eks/cluster:Cluster has upgradePolicy");
        if (!has(cur["aws:eks/cluster:Cluster"], "upgradePolicy.supportType")) problems.push("aws 6.83.4 aws:eks/cluster:Cluster lacks upgradePolicy.supportType");
        if (!has(old["aws:eks/cluster:Cluster"], "vpcConfig.subnetIds")) problems.push("aws 6.45.0 aws:eks/cluster:Cluster lacks vpcConfig.subnetIds");
        if (!has(old["aws:eks/cluster:Cluster"], "tags.*")) problems.push("aws 6.45.0 aws:eks/cluster:Cluster tags is not a map");
    }
    const eks = written[`eks-${eksVersion}.json`]["eks:index:Cluster"];
    if (!has(eks, "accessEntries.*.accessPolicies.*.accessScope.namespaces")) problems.push("eks:index:Cluster lacks accessEntries.*.accessPolicies.*.accessScope.namespaces");
    if (problems.length) {
        process.stderr.write(`schema.js: sanity check failed:\n  ${problems.join("\n  ")}\n`);
        return 1;
    }

    for (const [name, trees] of Object.entries(written)) {
        fs.writeFileSync(path.join(out, name), stableJSON(trees));
        process.stderr.write(`wrote ${path.join(out, name)} (${Object.keys(trees).length} tokens)\n`);
    }
    return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
