/** Loads the sample fixture as raw data, so tests can break it one way at a time. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { parsePacket } from '../../src/model/parse.ts';
import type { Packet } from '../../src/model/schema.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SAMPLE_FILE = path.join(ROOT, 'fixtures/sample.yaml');
export const SAMPLE_TEXT = fs.readFileSync(SAMPLE_FILE, 'utf8');

/** A fresh deep copy of the sample's raw data. */
export function sampleData(): any {
  return YAML.parse(SAMPLE_TEXT);
}

/** The sample parsed; throws if it does not match the schema. */
export function samplePacket(): Packet {
  const r = parsePacket(SAMPLE_TEXT, { file: SAMPLE_FILE });
  if (!r.packet) throw new Error(JSON.stringify(r.diagnostics));
  return r.packet;
}

/** Parses raw data given as an object (through JSON text). */
export function parseData(data: unknown) {
  return parsePacket(JSON.stringify(data), { file: 'test.json' });
}

/** The originals' text, copied into the repository (fixtures/originals/README.md says from where). */
export const ORIGINALS_DIR = path.join(ROOT, 'fixtures/originals');
/** 附件1 as text extracted from the published PDF. */
export const ORIGINAL_ATTACHMENT1 = path.join(ORIGINALS_DIR, 'attachment1.txt');
/** 附件2 as text extracted from the published PDF. */
export const ORIGINAL_ATTACHMENT2 = path.join(ORIGINALS_DIR, 'attachment2.txt');
