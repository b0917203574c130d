// Extracts from the Terraform AWS provider's schema (`terraform providers
// schema -json`) what plan.Kinds restates, for the types ekskit plans:
// the attributes held as sets (order does not matter), the optional and
// computed ones (the provider keeps the deployed value when they are left
// out), named as pulumi-aws names them, and whether the provider's default
// tags apply to the type (it has tags_all).
//
//   terraform providers schema -json > SCHEMA.json   (in a directory whose
//   configuration requires hashicorp/aws at VERSION, installed offline)
//   node extract.js SCHEMA.json VERSION > ../../plan/zz_tfschema.json
"use strict";
const fs = require("fs");

// The Pulumi tokens of the Terraform types ekskit plans.
const tokens = {
    aws_eks_cluster: "aws:eks/cluster:Cluster",
    aws_eks_node_group: "aws:eks/nodeGroup:NodeGroup",
    aws_eks_addon: "aws:eks/addon:Addon",
    aws_eks_access_entry: "aws:eks/accessEntry:AccessEntry",
    aws_eks_access_policy_association: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    aws_security_group: "aws:ec2/securityGroup:SecurityGroup",
    aws_security_group_rule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    aws_iam_openid_connect_provider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    aws_iam_role: "aws:iam/role:Role",
    aws_iam_role_policy_attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    aws_kms_key: "aws:kms/key:Key",
    aws_cloudwatch_log_group: "aws:cloudwatch/logGroup:LogGroup",
};

// pulumiName is the bridge's name for a Terraform attribute: camelCase, and
// a list or set that is not a single nested object gets a plural name
// (taint: taints, client_id_list: clientIdLists).
function pulumiName(tf, plural) {
    let name = tf.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
    if (plural && /[^aeiou]y$/.test(name)) {
        name = name.slice(0, -1) + "ies"; // inline_policy: inlinePolicies
    } else if (plural && !name.endsWith("s")) {
        name += "s";
    }
    return name;
}

function walk(block, prefix, out) {
    for (const [tf, a] of Object.entries(block.attributes || {})) {
        const kind = Array.isArray(a.type) ? a.type[0] : a.type;
        const path = prefix + pulumiName(tf, kind === "list" || kind === "set");
        if (a.computed && !a.optional || prefix === "" && (tf === "id" || tf === "tags_all")) {
            continue; // an output only (pulumi-aws takes no id or tagsAll input)
        }
        if (kind === "set") {
            out.sets.push(path);
        }
        if (a.optional && a.computed) {
            out.optionalComputed.push(path);
        }
    }
    for (const [tf, b] of Object.entries(block.block_types || {})) {
        const single = b.max_items === 1;
        const path = prefix + pulumiName(tf, !single);
        if (b.nesting_mode === "set") {
            out.sets.push(path);
        }
        if (single) {
            walk(b.block, path + ".", out);
        }
    }
}

const [, , schemaPath, version] = process.argv;
if (!schemaPath || !version) {
    throw new Error("usage: node extract.js SCHEMA.json VERSION");
}
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const [provider] = Object.entries(schema.provider_schemas).filter(([k]) => k.endsWith("/hashicorp/aws"));
const out = {
    source: `terraform-provider-aws ${version} (terraform providers schema -json), by conformance/terraform-aws/extract.js`,
    types: {},
};
for (const [tf, token] of Object.entries(tokens)) {
    const r = provider[1].resource_schemas[tf];
    if (!r) {
        throw new Error(`no ${tf} in the schema`);
    }
    // tagged: the provider's default tags apply (the type has tags_all)
    const entry = { terraform: tf, tagged: "tags_all" in r.block.attributes, sets: [], optionalComputed: [] };
    walk(r.block, "", entry);
    entry.sets.sort();
    entry.optionalComputed.sort();
    out.types[token] = entry;
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
