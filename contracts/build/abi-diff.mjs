// Checks that every function, event and error of the real peaqOS ABIs exists in our artifacts with
// the same signature (names, types, indexed flags, tuple layouts, outputs) and lists our additions.
// Usage: node abi-diff.mjs <dir of real ABI json files> <dir of our artifacts>
import fs from "node:fs";
import path from "node:path";

const [realDir, ourDir] = process.argv.slice(2);
const pairs = {
  IdentityRegistry: "IdentityRegistry", IdentityStaking: "IdentityStaking", MachineNFT: "MachineNFT",
  EventRegistry: "EventRegistry", DIDPrecompile: "DidPrecompileEmulation", BatchPrecompile: "BatchPrecompileEmulation",
};
const type = (p) => p.type.startsWith("tuple") ? `(${p.components.map(type).join(",")})${p.type.slice(5)}` : p.type;
const full = (p) => `${type(p)}${p.indexed ? " indexed" : ""}${p.name ? " " + p.name : ""}`;
const key = (e) => `${e.type} ${e.name}(${(e.inputs ?? []).map(type).join(",")})`;
const detail = (e) => `${e.type} ${e.name}(${(e.inputs ?? []).map(full).join(", ")})`
  + (e.type === "function" ? ` ${e.stateMutability} returns (${(e.outputs ?? []).map(full).join(", ")})` : "");
const load = (f) => { const j = JSON.parse(fs.readFileSync(f, "utf8")); return Array.isArray(j) ? j : j.abi; };
let problems = 0;
for (const [real, ours] of Object.entries(pairs)) {
  const ourFile = path.join(ourDir, `${ours}.json`);
  if (!fs.existsSync(ourFile)) { console.log(`!! ${ours}: no artifact`); problems++; continue; }
  const r = new Map(load(path.join(realDir, `${real}.json`)).filter((e) => e.name).map((e) => [key(e), e]));
  const o = new Map(load(ourFile).filter((e) => e.name).map((e) => [key(e), e]));
  console.log(`== ${real} -> ${ours}`);
  for (const [k, e] of r) {
    if (!o.has(k)) { console.log(`  MISSING  ${detail(e)}`); problems++; continue; }
    if (detail(e) !== detail(o.get(k))) console.log(`  DIFFERS  real: ${detail(e)}\n           ours: ${detail(o.get(k))}`);
  }
  for (const [k, e] of o) if (!r.has(k)) console.log(`  ADDED    ${detail(e)}`);
}
process.exit(problems ? 1 : 0);
