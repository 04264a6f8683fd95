// Signs a JPEG or PNG with c2pa-node (c2pa-rs): ES256, no time-stamp authority (offline).
// Usage: node sign.mjs IN OUT CHAIN_PEM KEY_PEM [--title T] [--claim-version 1|2]
// The manifest declares a c2pa.created action with the trainedAlgorithmicMedia source type.
import { readFileSync, writeFileSync } from 'node:fs';
import { Builder, LocalSigner } from '@contentauth/c2pa-node';

const [input, output, chainPem, keyPem, ...rest] = process.argv.slice(2);
if (!keyPem) {
  console.error('usage: node sign.mjs IN OUT CHAIN_PEM KEY_PEM [--title T] [--claim-version 1|2]');
  process.exit(2);
}
const titleAt = rest.indexOf('--title');
const title = titleAt >= 0 ? rest[titleAt + 1] : 'c2pa-node interop sample';
const versionAt = rest.indexOf('--claim-version');
// c2pa-rs writes claim v2 by default; claim_version 1 gives the older c2pa.claim.
const claimVersion = versionAt >= 0 ? Number(rest[versionAt + 1]) : 2;
const bytes = readFileSync(input);
const mimeType = bytes[0] === 0x89 ? 'image/png' : 'image/jpeg';
const source = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
try {
  const builder = Builder.withJson({
    claim_generator_info: [{ name: 'c2pa-node-interop', version: '0.5.5' }],
    title,
    format: mimeType,
    claim_version: claimVersion,
    assertions: [
      {
        label: 'c2pa.actions',
        data: { actions: [{ action: 'c2pa.created', digitalSourceType: source, softwareAgent: { name: 'c2pa-node-interop' } }] },
      },
    ],
  });
  const signer = LocalSigner.newSigner(readFileSync(chainPem), readFileSync(keyPem), 'es256');
  const dest = { buffer: null };
  builder.sign(signer, { buffer: bytes, mimeType }, dest);
  writeFileSync(output, dest.buffer);
  console.log(JSON.stringify({ tool: 'c2pa-node', signed: output, bytes: dest.buffer.length }));
} catch (e) {
  console.log(JSON.stringify({ tool: 'c2pa-node', error: String(e?.message ?? e) }));
  process.exit(3);
}
