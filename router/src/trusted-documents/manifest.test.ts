import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { parseManifest } from './manifest';

const body = 'query GradeSystems {\n  gradeSystems {\n    id\n    __typename\n  }\n}';
const id = createHash('sha256').update(body).digest('hex');
const manifest = (operations: unknown[]) => JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations });

describe('the trusted documents manifest', () => {
  it('maps each id to its operation', () => {
    expect(parseManifest(manifest([{ id, name: 'GradeSystems', type: 'query', body }]), 'm.json')).toEqual(new Map([[id, body]]));
  });

  it('reads the committed manifest, the default TRUSTED_DOCUMENTS_PATH', () => {
    const { trustedDocuments } = loadConfig({ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----' });
    expect(trustedDocuments.mode).toBe('allow');
    expect(trustedDocuments.manifestPath).toBe(fileURLToPath(new URL('../../../schema/persisted-query-manifest.json', import.meta.url)));
    expect(parseManifest(readFileSync(trustedDocuments.manifestPath, 'utf8'), trustedDocuments.manifestPath).size).toBeGreaterThan(30);
  });

  it('refuses an id that is not the SHA-256 of its body: a trusted id cannot be pointed at another document', () => {
    const swapped = manifest([{ id, name: 'GradeSystems', type: 'query', body: '{ users { email } }' }]);
    expect(() => parseManifest(swapped, 'm.json')).toThrow('m.json: the id of operation GradeSystems is not the SHA-256 of its body');
  });

  it('refuses what is not a persisted query manifest, naming the file', () => {
    expect(() => parseManifest('{"format":"other"}', 'm.json')).toThrow(/^m\.json is not a persisted query manifest/);
    expect(() => parseManifest('not json', 'm.json')).toThrow(/^m\.json is not a persisted query manifest/);
  });
});
