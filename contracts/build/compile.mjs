// Compiles every .sol file under contracts/src/main/solidity with the pinned solc-js
// (standard JSON through its JS API) into one JSON artifact per contract:
// { contractName, sourceName, abi, bytecode, deployedBytecode, compiler, evmVersion }.
// Same sources give the same bytes: inputs are sorted, paths are relative, and the
// metadata hash is left out of the bytecode.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const EVM_VERSION = "paris"; // peaq runs Frontier's EVM; prague/cancun opcodes are not safe there.
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");
const sourceRoot = path.resolve(here, "..", "src", "main", "solidity");
const outDir = path.resolve(process.argv[2] ?? path.join(here, "..", "target", "classes", "xyz", "peaq", "os", "contracts", "artifacts"));

ensureToolchain();
const require = createRequire(path.join(repoRoot, "package.json"));
const solc = require("solc");

const sources = {};
for (const file of listSolidity(sourceRoot)) {
  sources[path.relative(sourceRoot, file).split(path.sep).join("/")] = { content: fs.readFileSync(file, "utf8") };
}
const input = {
  language: "Solidity",
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: "none", appendCBOR: false },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};

function findImports(importPath) {
  const candidates = [path.join(sourceRoot, importPath), path.join(repoRoot, "node_modules", importPath)];
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, "utf8") };
  }
  return { error: `import not found: ${importPath}` };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors ?? []).filter((e) => e.severity === "error");
// Warnings are listed only on request (PEAQOS_SOLC_WARNINGS=1) to keep the build log readable.
const warnings = (output.errors ?? []).filter((e) => e.severity !== "error");
for (const e of errors) console.error(e.formattedMessage);
if (process.env.PEAQOS_SOLC_WARNINGS === "1") for (const e of warnings) console.error(e.formattedMessage);
if (errors.length > 0) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
let written = 0;
for (const sourceName of Object.keys(sources)) {
  for (const [contractName, contract] of Object.entries(output.contracts[sourceName] ?? {})) {
    const bytecode = contract.evm.bytecode.object;
    if (!bytecode) continue; // interfaces and abstract contracts
    const artifact = {
      contractName,
      sourceName,
      compiler: solc.version(),
      evmVersion: EVM_VERSION,
      abi: contract.abi,
      bytecode: "0x" + bytecode,
      deployedBytecode: "0x" + contract.evm.deployedBytecode.object,
    };
    fs.writeFileSync(path.join(outDir, `${contractName}.json`), JSON.stringify(artifact, null, 2) + "\n");
    written++;
  }
}
console.error(`solc ${solc.version()} (${EVM_VERSION}): ${written} contract artifacts -> ${outDir}`
  + (warnings.length ? ` (${warnings.length} warnings; PEAQOS_SOLC_WARNINGS=1 lists them)` : ""));

function listSolidity(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listSolidity(full);
      return entry.name.endsWith(".sol") ? [full] : [];
    });
}

// A fresh clone has no node_modules: install the pinned packages from the lockfile.
function ensureToolchain() {
  const marker = path.join(repoRoot, "node_modules", "solc", "package.json");
  if (fs.existsSync(marker)) return;
  console.error("node_modules missing: running npm ci (pinned by package-lock.json)");
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"] });
}
