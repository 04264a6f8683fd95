// Prints one JSON object: what c2pa-node (c2pa-rs natively) or, with --wasm, c2pa-wasm says about
// a file's Content Credentials. Usage: node verify.mjs FILE [--trust-anchors PEM] [--wasm]
// Exit code 0 when the tool ran (whatever it found), 2 on usage errors, 3 when the tool threw.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--trust-anchors');
const anchorsAt = args.indexOf('--trust-anchors');
const anchors = anchorsAt >= 0 ? readFileSync(args[anchorsAt + 1], 'utf8') : null;
const wasm = args.includes('--wasm');
if (!file) {
  console.error('usage: node verify.mjs FILE [--trust-anchors PEM] [--wasm]');
  process.exit(2);
}
const bytes = readFileSync(file);
const mimeType = bytes[0] === 0x89 ? 'image/png' : 'image/jpeg';
// Trust is always verified: without anchors a good signature still fails with
// signingCredential.untrusted, which is what the Java tests expect for development chains.
const settings = {
  verify: { verify_trust: true, verify_after_reading: true, ocsp_fetch: false, remote_manifest_fetch: false },
  trust: anchors ? { trust_anchors: anchors } : {},
};

function summarise(tool, store, activeLabel) {
  const active = activeLabel ? store.manifests?.[activeLabel] : undefined;
  const results = store.validation_results?.activeManifest ?? {};
  return {
    tool,
    validation_state: store.validation_state ?? null,
    validation_status: (store.validation_status ?? []).map((s) => s.code),
    failure: (results.failure ?? []).map((s) => s.code),
    success: (results.success ?? []).map((s) => s.code),
    informational: (results.informational ?? []).map((s) => s.code),
    details: store.validation_status ?? [],
    active_manifest: activeLabel ?? null,
    claim_generator: active?.claim_generator_info?.[0]?.name ?? active?.claim_generator ?? null,
    title: active?.title ?? null,
    assertions: (active?.assertions ?? []).map((a) => a.label),
  };
}

try {
  let out;
  if (wasm) {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('@contentauth/c2pa-wasm/c2pa.wasm');
    const mod = await import('@contentauth/c2pa-wasm');
    mod.initSync({ module: readFileSync(pkg) });
    const reader = await mod.WasmReader.fromBytes(mimeType, new Uint8Array(bytes), JSON.stringify(settings));
    out = summarise('c2pa-wasm', JSON.parse(reader.json()), reader.activeLabel());
  } else {
    const { Reader } = await import('@contentauth/c2pa-node');
    const reader = await Reader.fromAsset({ buffer: bytes, mimeType }, settings);
    if (reader === null) {
      out = { tool: 'c2pa-node', validation_state: null, absent: true };
    } else {
      out = summarise('c2pa-node', reader.json(), reader.activeLabel());
    }
  }
  console.log(JSON.stringify(out));
} catch (e) {
  console.log(JSON.stringify({ tool: wasm ? 'c2pa-wasm' : 'c2pa-node', error: String(e?.message ?? e) }));
  process.exit(3);
}
