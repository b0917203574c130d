#!/usr/bin/env node
// Conformance recorder: runs the real pulumi-eks 2.8.1 JavaScript (the code the
// pulumi-eks plugin runs for a Go program's eks.NewCluster) on @pulumi/pulumi's mock
// engine in preview mode and records every resource registration and invoke it makes.
//
//   node record.js [--out DIR] [case names...]     record cases/<name>.json -> DIR/<name>.json
//                                                  (DIR defaults to recordings/; no names = all cases)
//   node record.js --write-stubs DIR               write the stub `aws` and `kubectl` scripts into DIR
//
// Each case runs in its own child process (the mock runtime is process-global state).
// See README.md for the case and recording formats.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { sortKeys, stableJSON } = require("./stable.js");
const childProcess = require("child_process");

const HERE = __dirname;
const CASES_DIR = path.join(HERE, "cases");
const PACKAGES = ["@pulumi/eks", "@pulumi/aws", "@pulumi/kubernetes", "@pulumi/pulumi"];

// Plain-JSON conventions shared with the Go side.
const UNKNOWN = "(known after apply)";
const SECRET = "[secret]";

// Answer of the getIssuerCAThumbprint stub: the marker the Go plan shows for a thumbprint
// fetched at deploy time (plan.Thumbprint), naming the URL pulumi-eks asked for.
const thumbprintOf = (url) => `thumbprint of ${url}`;

// Stub CLIs. pulumi-eks's createCore runs `aws --version` and
// `kubectl version --client=true --output=json` even in preview (dependencies.js:
// the aws output's first word minus "aws-cli/" must be semver >= 2.7.0 (or 1.x >= 1.24.0);
// kubectl's JSON clientVersion.gitVersion must be >= 1.24.0). Any other invocation fails
// loudly. Each call is appended to $EKSKIT_STUB_LOG (when set) so it is recorded.
const AWS_VERSION = "aws-cli/2.27.50 Python/3.13.4 Linux/6.8.0 exe/x86_64.debian.12";
const KUBECTL_VERSION_JSON = JSON.stringify({
    clientVersion: {
        major: "1",
        minor: "33",
        gitVersion: "v1.33.3",
        gitCommit: "80779bd6ff08b451e1c165a338a7b69351e9b0b8",
        gitTreeState: "clean",
        buildDate: "2025-07-15T18:06:16Z",
        goVersion: "go1.24.4",
        compiler: "gc",
        platform: "linux/amd64",
    },
    kustomizeVersion: "v5.6.0",
});
const STUBS = {
    aws: `#!/bin/sh
# ekskit conformance stub for the AWS CLI (written by record.js --write-stubs).
if [ -n "\${EKSKIT_STUB_LOG:-}" ]; then printf 'aws %s\\n' "$*" >> "$EKSKIT_STUB_LOG"; fi
if [ "$*" = "--version" ]; then
  echo '${AWS_VERSION}'
  exit 0
fi
echo "ekskit conformance stub: unexpected invocation: aws $*" >&2
exit 1
`,
    kubectl: `#!/bin/sh
# ekskit conformance stub for kubectl (written by record.js --write-stubs).
if [ -n "\${EKSKIT_STUB_LOG:-}" ]; then printf 'kubectl %s\\n' "$*" >> "$EKSKIT_STUB_LOG"; fi
case "$*" in
  "version --client=true --output=json"|"version --client --output=json"|"version --client=true -o json"|"version --client -o json")
    echo '${KUBECTL_VERSION_JSON}'
    exit 0;;
esac
echo "ekskit conformance stub: unexpected invocation: kubectl $*" >&2
exit 1
`,
};

function writeStubs(dir) {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(STUBS)) {
        const p = path.join(dir, name);
        fs.writeFileSync(p, text);
        fs.chmodSync(p, 0o755);
    }
}


// ---------------------------------------------------------------------------------------
// Parent mode.
function parentMain(argv) {
    let out = path.join(HERE, "recordings");
    const names = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--out") {
            out = path.resolve(argv[++i]);
        } else if (a.startsWith("--out=")) {
            out = path.resolve(a.slice(6));
        } else if (a === "--write-stubs") {
            writeStubs(path.resolve(argv[++i]));
            return 0;
        } else if (a === "-h" || a === "--help") {
            process.stdout.write("usage: node record.js [--out DIR] [case names...]\n       node record.js --write-stubs DIR\n");
            return 0;
        } else if (a.startsWith("-")) {
            process.stderr.write(`record.js: unknown flag ${a}\n`);
            return 2;
        } else {
            names.push(a.replace(/\.json$/, ""));
        }
    }
    if (names.length === 0) {
        for (const f of fs.readdirSync(CASES_DIR).sort()) {
            if (f.endsWith(".json")) names.push(f.slice(0, -5));
        }
    }
    fs.mkdirSync(out, { recursive: true });

    // The stub CLIs: use the directory `check` made (EKSKIT_STUB_BIN) or make our own.
    let stubBin = process.env.EKSKIT_STUB_BIN;
    let tmpDir;
    if (!stubBin) {
        tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "ekskit-pulumi-eks-"));
        stubBin = path.join(tmpDir, "bin");
        writeStubs(stubBin);
    }
    // A small, fixed environment: nothing from the caller's AWS/Pulumi/proxy settings can
    // change what pulumi-eks does (AWS_PROFILE, PULUMI_CONFIG, HTTPS_PROXY are all read by it).
    const env = {
        PATH: `${stubBin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}/usr/bin:/bin`,
        HOME: process.env.HOME || os.tmpdir(),
        TMPDIR: process.env.TMPDIR || os.tmpdir(),
        LANG: "C.UTF-8",
        TZ: "UTC",
    };
    let failed = 0;
    try {
        for (const name of names) {
            const casePath = path.join(CASES_DIR, `${name}.json`);
            if (!fs.existsSync(casePath)) {
                process.stderr.write(`record.js: no case ${casePath}\n`);
                failed++;
                continue;
            }
            const outPath = path.join(out, `${name}.json`);
            const started = Date.now();
            const r = childProcess.spawnSync(process.execPath, [__filename, "--child", casePath, outPath], {
                cwd: HERE,
                env,
                encoding: "utf8",
                timeout: 120000,
                maxBuffer: 64 * 1024 * 1024,
            });
            const secs = ((Date.now() - started) / 1000).toFixed(1);
            if (r.status !== 0) {
                failed++;
                process.stderr.write(`record.js: case ${name} FAILED (${r.error || `exit ${r.status} ${r.signal || ""}`}) after ${secs}s\n`);
                process.stderr.write(r.stdout || "");
                process.stderr.write(r.stderr || "");
            } else {
                const rel = path.relative(process.cwd(), outPath);
                process.stderr.write(`recorded ${name} -> ${rel.startsWith("..") ? outPath : rel} (${secs}s)\n`);
            }
        }
    } finally {
        if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    }
    return failed ? 1 : 0;
}

// ---------------------------------------------------------------------------------------
// Child mode: one case in this process.

// URN the way the engine computes it: the parent's full qualified type (unless the parent
// is the stack) + "$" + type. (MockMonitor.newUrn keeps only the parent's last type, which is
// wrong below the first level, so it is replaced.)
function engineUrn(stack, project, parentUrn, type, name) {
    let qualified = type;
    if (parentUrn) {
        const parentQualified = parentUrn.split("::")[2];
        if (parentQualified !== "pulumi:pulumi:Stack") qualified = `${parentQualified}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function parseUrn(urn) {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) throw new Error(`bad URN ${urn}`);
    const chain = parts[2].split("$");
    return { stack: parts[0].slice("urn:pulumi:".length), project: parts[1], chain, type: chain[chain.length - 1], name: parts.slice(3).join("::") };
}

async function childMain(casePath, outPath) {
    const c = JSON.parse(fs.readFileSync(casePath, "utf8"));
    const caseName = path.basename(casePath, ".json");
    const preview = c.preview !== false;
    const references = c.references || {};
    const caseProviders = c.providers || {};
    const cloud = c.cloud || {};
    const stubs = [];
    const errors = [];
    process.on("unhandledRejection", (e) => errors.push(`unhandled rejection: ${(e && e.stack) || e}`));

    const stubLogDir = fs.mkdtempSync(path.join(os.tmpdir(), "ekskit-stublog-"));
    process.on("exit", () => fs.rmSync(stubLogDir, { recursive: true, force: true }));
    const stubLog = path.join(stubLogDir, "calls");
    process.env.EKSKIT_STUB_LOG = stubLog;

    const pulumi = require("@pulumi/pulumi");
    const rpc = require("@pulumi/pulumi/runtime/rpc");
    const settings = require("@pulumi/pulumi/runtime/settings");
    const resource = require("@pulumi/pulumi/resource");
    const server = require("@pulumi/pulumi/provider/server");
    const provproto = require("@pulumi/pulumi/proto/provider_pb");
    const structproto = require("google-protobuf/google/protobuf/struct_pb");

    // Offline stub for the OIDC issuer CA thumbprint lookup (an HTTPS connection to
    // https://oidc.eks.<region>.<dnsSuffix>, 12 tries 5 s apart): put a module answering a
    // fixed thumbprint into require.cache before @pulumi/eks loads its own.
    const thumbPath = require.resolve("@pulumi/eks/cert-thumprint.js");
    const Module = require("module");
    const thumbModule = new Module(thumbPath, module);
    thumbModule.filename = thumbPath;
    thumbModule.loaded = true;
    thumbModule.exports = {
        __esModule: true,
        getIssuerCAThumbprint(issuerUrl /*, agent */) {
            return pulumi.output(issuerUrl).apply((u) => {
                stubs.push(`@pulumi/eks/cert-thumprint.js getIssuerCAThumbprint(${JSON.stringify(u)}) = ${JSON.stringify(thumbprintOf(u))}`);
                return thumbprintOf(u);
            });
        },
    };
    require.cache[thumbPath] = thumbModule;

    // ----- mocks -----
    const partition = cloud.partition || "aws";
    const dnsSuffix = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    const providerRegion = (ref) => {
        const urn = ref ? ref.slice(0, ref.lastIndexOf("::")) : "";
        for (const p of Object.values(caseProviders)) {
            if (p && p.urn === urn && p.inputs && typeof p.inputs.region === "string") return p.inputs.region;
        }
        return cloud.region || "us-east-1";
    };
    let pendingRegistration; // handed from the monitor wrapper to newResource (same tick)
    const mocks = {
        newResource(args) {
            const p = pendingRegistration;
            pendingRegistration = undefined;
            if (!p || p.type !== args.type || p.name !== args.name) {
                throw new Error(`harness: registration hand-off mismatch for ${args.type} ${args.name}`);
            }
            // Dry run: echo the inputs (a provider would add computed outputs: those stay unknown).
            return { id: preview ? undefined : `${args.name}-id`, state: args.inputs };
        },
        call(args) {
            const region = providerRegion(args.provider);
            switch (args.token) {
                case "aws:index/getPartition:getPartition":
                    return { partition, dnsSuffix, id: partition, reverseDnsPrefix: partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws" };
                case "aws:index/getRegion:getRegion":
                    return { name: region, id: region, endpoint: `ec2.${region}.${dnsSuffix}` };
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return {
                        accountId: cloud.accountId,
                        arn: `arn:${partition}:iam::${cloud.accountId}:user/ekskit-conformance`,
                        userId: "AIDAEKSKITCONFORMANCE",
                        id: cloud.accountId,
                    };
                default: {
                    const msg = `harness: unanswered invoke ${args.token} ${JSON.stringify(args.inputs)}`;
                    errors.push(msg);
                    throw new Error(msg);
                }
            }
        },
    };
    await pulumi.runtime.setMocks(mocks, c.project, c.stack, preview);
    const monitor = pulumi.runtime.getMonitor();
    monitor.newUrn = (parent, type, name) => engineUrn(c.stack, c.project, parent, type, name);

    // ----- plain encoding of wire values -----
    const encode = (v) => {
        if (v === rpc.unknownValue) return UNKNOWN;
        if (v === null || typeof v !== "object") return v;
        if (Array.isArray(v)) return v.map(encode);
        const sig = v[rpc.specialSigKey];
        if (sig === rpc.specialSecretSig) return SECRET;
        if (sig === rpc.specialResourceSig) return v.urn;
        if (sig === rpc.specialOutputValueSig) {
            if (v.secret) return SECRET;
            return "value" in v ? encode(v.value) : UNKNOWN;
        }
        if (sig === rpc.specialAssetSig || sig === rpc.specialArchiveSig) {
            const o = { [sig === rpc.specialAssetSig ? "asset" : "archive"]: true };
            for (const k of Object.keys(v)) if (k !== rpc.specialSigKey) o[k] = encode(v[k]);
            return o;
        }
        const o = {};
        for (const k of Object.keys(v)) o[k] = encode(v[k]);
        return o;
    };
    const sortedUnique = (xs) => Array.from(new Set(xs)).sort();

    // ----- record every registration and invoke -----
    const registrations = [];
    const invokes = [];
    const origRegister = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const type = req.getType();
        const name = req.getName();
        const parent = req.getParent();
        const urn = engineUrn(c.stack, c.project, parent, type, name);
        const rec = {
            urn,
            type,
            name,
            parent,
            custom: req.getCustom(),
            provider: req.getProvider(),
            inputs: encode(req.getObject() ? req.getObject().toJavaScript() : {}),
            dependencies: sortedUnique(req.getDependenciesList()),
        };
        const providers = {};
        for (const [k, ref] of req.getProvidersMap().entries()) providers[k] = ref;
        if (Object.keys(providers).length) rec.providers = providers;
        if (req.getVersion()) rec.version = req.getVersion();
        if (req.getPlugindownloadurl()) rec.pluginDownloadURL = req.getPlugindownloadurl();
        const propDeps = {};
        for (const [k, deps] of req.getPropertydependenciesMap().entries()) {
            const urns = sortedUnique(deps.getUrnsList());
            if (urns.length) propDeps[k] = urns;
        }
        if (Object.keys(propDeps).length) rec.propertyDependencies = propDeps;
        const options = {};
        if (req.getProtect()) options.protect = true;
        if (req.getIgnorechangesList().length) options.ignoreChanges = req.getIgnorechangesList().slice();
        if (req.getDeletebeforereplace()) options.deleteBeforeReplace = true;
        if (req.getRetainondelete()) options.retainOnDelete = true;
        if (req.getReplaceonchangesList().length) options.replaceOnChanges = req.getReplaceonchangesList().slice();
        if (req.getAdditionalsecretoutputsList().length) options.additionalSecretOutputs = req.getAdditionalsecretoutputsList().slice();
        const aliases = req.getAliasurnsList().slice();
        for (const a of req.getAliasesList()) {
            if (a.getUrn()) {
                aliases.push(a.getUrn());
            } else {
                const s = a.getSpec();
                const spec = {};
                for (const [k, v] of Object.entries(s.toObject())) if (v !== "" && v !== false && v != null) spec[k] = v;
                aliases.push(spec);
            }
        }
        if (aliases.length) options.aliases = aliases;
        if (req.getDeletedwith()) options.deletedWith = req.getDeletedwith();
        const ct = req.getCustomtimeouts();
        if (ct && (ct.getCreate() || ct.getUpdate() || ct.getDelete())) {
            options.customTimeouts = { create: ct.getCreate(), update: ct.getUpdate(), delete: ct.getDelete() };
        }
        if (req.getImportid()) options.import = req.getImportid();
        if (req.getRemote()) options.remote = true;
        if (Object.keys(options).length) rec.options = options;
        registrations.push(rec);
        pendingRegistration = { type, name };
        return origRegister(req, callback);
    };
    const origInvoke = monitor.invoke.bind(monitor);
    monitor.invoke = (req, callback) => {
        // pulumi:pulumi:getResource is the rehydration of resource references and explicit
        // providers (the engine's side of a Construct), not something pulumi-eks calls.
        if (req.getTok() !== "pulumi:pulumi:getResource") {
            invokes.push({
                token: req.getTok(),
                args: encode(req.getArgs() ? req.getArgs().toJavaScript() : {}),
                provider: req.getProvider(),
                version: req.getVersion(),
            });
        }
        return origInvoke(req, callback);
    };

    // ----- what the engine already knows: references and explicit providers -----
    // They are looked up (pulumi:pulumi:getResource) when the Construct inputs are deserialized.
    let refCount = 0;
    const toWire = (v, deps) => {
        if (v === UNKNOWN) return { [rpc.specialSigKey]: rpc.specialOutputValueSig, dependencies: [] };
        if (v === SECRET) return { [rpc.specialSigKey]: rpc.specialOutputValueSig, value: SECRET, secret: true, dependencies: [] };
        if (typeof v === "string" && Object.prototype.hasOwnProperty.call(references, v)) {
            // As the Go SDK marshals a resource passed as an input: a reference (package version "")
            // plus a dependency on it.
            deps.push(v);
            refCount++;
            const id = (references[v].outputs || {}).id;
            return { [rpc.specialSigKey]: rpc.specialResourceSig, urn: v, id: typeof id === "string" && id !== UNKNOWN ? id : "", packageVersion: "" };
        }
        if (v === null || typeof v !== "object") return v;
        if (Array.isArray(v)) return v.map((x) => toWire(x, deps));
        const o = {};
        for (const k of Object.keys(v)) if (v[k] !== null && v[k] !== undefined) o[k] = toWire(v[k], deps);
        return o;
    };
    const outputsState = (outputs) => {
        // Known outputs only: unknown ones are left out so they stay unknown in a dry run.
        const strip = (v) => {
            if (v === UNKNOWN) return undefined;
            if (v === SECRET) return { [rpc.specialSigKey]: rpc.specialSecretSig, value: SECRET };
            if (Array.isArray(v)) return v.map((x) => (strip(x) === undefined ? rpc.unknownValue : strip(x)));
            if (v && typeof v === "object") {
                const o = {};
                for (const k of Object.keys(v)) {
                    const s = strip(v[k]);
                    if (s !== undefined) o[k] = s;
                }
                return o;
            }
            return v;
        };
        return strip(outputs || {});
    };
    const scaffoldUrns = new Set();
    for (const [urn, ref] of Object.entries(references)) {
        const outs = outputsState(ref.outputs);
        const id = outs.id;
        delete outs.id;
        monitor.resources.set(urn, { urn, id: typeof id === "string" ? id : null, state: outs });
        scaffoldUrns.add(urn);
    }
    const providerOpts = {};
    for (const [pkg, p] of Object.entries(caseProviders)) {
        if (!p || !p.urn) continue;
        const state = {};
        for (const [k, v] of Object.entries(p.inputs || {})) {
            // Provider inputs/state are flat strings on the wire (JSON for non-strings).
            if (v === null || v === undefined) continue;
            state[k] = v === UNKNOWN ? rpc.unknownValue : typeof v === "string" ? v : JSON.stringify(v);
        }
        monitor.resources.set(p.urn, { urn: p.urn, id: null, state });
        scaffoldUrns.add(p.urn);
        // A new provider's ID is unknown in a preview: its reference is <urn>::<unknown>.
        providerOpts[pkg] = `${p.urn}::${rpc.unknownValue}`;
    }

    // Load pulumi-eks (and so @pulumi/aws and @pulumi/kubernetes) before deserializing, as the
    // plugin has loaded it before any Construct: their resource modules must be registered for
    // resource references to rehydrate as resources (else they come out as URN strings).
    require("@pulumi/eks");

    // ----- the Construct request the engine would send, deserialized like provider/server.js -----
    const inputDeps = {};
    const wireInputs = {};
    for (const [k, v] of Object.entries(c.inputs || {})) {
        if (v === null || v === undefined) continue;
        const deps = [];
        wireInputs[k] = toWire(v, deps);
        // The case's inputDependencies: the URNs an unknown input came from. The Go SDK sends
        // such an input as output values that carry them, and lists them as the property's
        // input dependencies.
        const from = (c.inputDependencies || {})[k] || [];
        if (from.length) {
            const mark = (w) => {
                if (w && typeof w === "object" && w[rpc.specialSigKey] === rpc.specialOutputValueSig) {
                    w.dependencies = sortedUnique([...(w.dependencies || []), ...from]);
                } else if (Array.isArray(w)) {
                    w.forEach(mark);
                } else if (w && typeof w === "object" && !w[rpc.specialSigKey]) {
                    Object.values(w).forEach(mark);
                }
            };
            mark(wireInputs[k]);
            deps.push(...from);
        }
        inputDeps[k] = sortedUnique(deps);
    }
    const creq = new provproto.ConstructRequest();
    const depMap = creq.getInputdependenciesMap();
    for (const [k, urns] of Object.entries(inputDeps)) {
        const pd = new provproto.ConstructRequest.PropertyDependencies();
        pd.setUrnsList(urns);
        depMap.set(k, pd);
    }
    const inputs = await server.deserializeInputs(structproto.Struct.fromJavaScript(wireInputs), depMap);
    // Every reference must have come back as a live resource object (not a URN string).
    const countResources = async (v) => {
        if (pulumi.Output.isInstance(v)) v = await v.promise(true);
        if (pulumi.Resource.isInstance(v)) return 1;
        let n = 0;
        if (Array.isArray(v)) for (const x of v) n += await countResources(x);
        else if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) for (const x of Object.values(v)) n += await countResources(x);
        return n;
    };
    const rehydrated = await countResources(inputs);
    if (rehydrated !== refCount) throw new Error(`harness: ${refCount} resource references in the inputs, ${rehydrated} rehydrated as resources`);

    // provider/server.js createProviderResource (not exported): rehydrate a provider reference.
    const createProviderResource = (ref) => {
        const [urn] = resource.parseResourceReference(ref);
        const urnParts = urn.split("::");
        const type = urnParts[2].split("$").pop();
        const typeParts = type.split(":");
        const typName = typeParts.length > 2 ? typeParts[2] : "";
        const resourcePackage = rpc.getResourcePackage(typName, "");
        if (resourcePackage) return resourcePackage.constructProvider(urnParts[3], type, urn);
        return new resource.DependencyProviderResource(ref);
    };
    const providers = {};
    for (const [pkg, ref] of Object.entries(providerOpts)) providers[pkg] = createProviderResource(ref);

    // The component's parent: the URN's parent type chain; the parent's own name is not in the
    // URN, so it is taken to be the component's name.
    const u = parseUrn(c.urn);
    if (u.type !== "eks:index:Cluster") throw new Error(`case urn ${c.urn} is not an eks:index:Cluster`);
    if (u.name !== c.name) throw new Error(`case urn ${c.urn} does not end in name ${c.name}`);
    if (u.stack !== c.stack || u.project !== c.project) throw new Error(`case urn ${c.urn} does not match stack/project`);
    const parentChain = u.chain.slice(0, -1);
    const parentUrn = parentChain.length ? `urn:pulumi:${c.stack}::${c.project}::${parentChain.join("$")}::${c.name}` : "";
    // The component's resource options. @pulumi/pulumi 3.124's provider/server.js construct
    // passes on only aliases, dependsOn, protect, providers and parent; any other option the
    // Go program sets on the component never reaches pulumi-eks: such case options are listed
    // in the recording's "ignoredOptions".
    const caseOptions = c.options || {};
    const ignoredOptions = [];
    for (const k of Object.keys(caseOptions)) {
        if (k !== "protect" && k !== "aliases") ignoredOptions.push(k);
    }
    for (const a of caseOptions.aliases || []) {
        if (typeof a !== "string") throw new Error(`case option aliases: only alias URNs are supported, got ${JSON.stringify(a)}`);
    }
    const opts = {
        aliases: (caseOptions.aliases || []).slice(),
        dependsOn: (c.dependencies || []).map((d) => new resource.DependencyResource(d)),
        protect: caseOptions.protect === true,
        providers,
        parent: parentUrn ? new resource.DependencyResource(parentUrn) : undefined,
    };

    // The pulumi-eks plugin's own Construct for eks:index:Cluster (new ClusterInternal(...)).
    const { clusterProviderFactory } = require("@pulumi/eks/cmd/provider/cluster");
    const result = await clusterProviderFactory().construct(c.name, "eks:index:Cluster", inputs, opts);
    const urn = await pulumi.output(result.urn).promise();
    if (urn !== c.urn) errors.push(`component registered as ${urn}, case says ${c.urn}`);
    // As server.js does: serialize the construct state, then wait for outstanding RPCs.
    await rpc.serializeResourceProperties(`construct(eks:index:Cluster, ${c.name})`, result.state);
    for (let i = 0; i < 5; i++) {
        await settings.waitForRPCs();
        await new Promise((r) => setImmediate(r));
    }

    if (fs.existsSync(stubLog)) {
        for (const line of fs.readFileSync(stubLog, "utf8").split("\n")) if (line) stubs.push(`PATH stub: ${line}`);
    }
    if (errors.length) throw new Error(errors.join("\n"));

    const versions = {};
    for (const p of PACKAGES) versions[p] = require(`${p}/package.json`).version;
    const resources = registrations
        .filter((r) => !scaffoldUrns.has(r.urn))
        .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    const keyOf = (x) => JSON.stringify(sortKeys(x));
    const out = {
        case: caseName,
        packages: versions,
        stubs: stubs.sort(),
        ...(ignoredOptions.length ? { ignoredOptions: ignoredOptions.sort() } : {}),
        resources,
        invokes: invokes.slice().sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0)),
    };
    fs.writeFileSync(outPath, stableJSON(out));
}

if (require.main === module) {
    const argv = process.argv.slice(2);
    if (argv[0] === "--child") {
        childMain(argv[1], argv[2]).then(
            () => process.exit(0),
            (e) => {
                process.stderr.write(`record.js: ${(e && e.stack) || e}\n`);
                process.exit(1);
            },
        );
    } else {
        process.exitCode = parentMain(argv);
    }
}

module.exports = { STUBS, stableJSON, sortKeys, engineUrn };
