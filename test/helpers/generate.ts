/**
 * Generates many valid packets from the guangzhou sample (for the benchmark and the batch
 * tests): each gets its own department name and slightly different budget figures that keep
 * every total of the guangzhou format in balance. A test fixture, so it may name that format's
 * fields; src/ names none.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Decimal } from 'decimal.js';
import { makeDirs } from '../../src/batch/dirs.ts';

const DISTRICTS = ['越秀区', '海珠区', '荔湾区', '天河区', '白云区', '黄埔区', '番禺区', '花都区', '南沙区', '从化区', '增城区'];
const BUREAUS = [
  '教育局', '民政局', '司法局', '财政局', '人力资源和社会保障局', '规划和自然资源局', '生态环境局', '住房和城乡建设局',
  '交通运输局', '水务局', '农业农村局', '商务局', '文化广电旅游局', '卫生健康局', '应急管理局', '审计局',
  '市场监督管理局', '统计局', '医疗保障局', '城市管理和综合执法局',
];

/** The generated department name for index `i` (unique for every i). */
export function generatedDepartmentName(i: number): string {
  const base = `广州市${DISTRICTS[i % DISTRICTS.length]}${BUREAUS[Math.floor(i / DISTRICTS.length) % BUREAUS.length]}`;
  const round = Math.floor(i / (DISTRICTS.length * BUREAUS.length));
  return round ? `${base}第${round + 1}分局` : base;
}

/** Text of packet `i` made from `templateText` (a valid packet in YAML). */
export function variantPacketText(templateText: string, i: number): string {
  const doc = YAML.parseDocument(templateText);
  doc.setIn(['department', 'name'], generatedDepartmentName(i));
  // Adding the same amount to 基本支出, 财政拨款 and 市本级 keeps all three totals equal.
  const delta = new Decimal(i).times('1.37');
  for (const key of ['basic', 'fiscal', 'cityLevel']) {
    const raw = String(doc.getIn(['declaration', 'budget', key]) ?? '0').replace(/,/g, '');
    doc.setIn(['declaration', 'budget', key], new Decimal(raw).plus(delta).toFixed(2));
  }
  return doc.toString({ lineWidth: 0 });
}

/** Writes `count` packets (`dept-000.yaml` …) into `dir` and returns their paths. */
export function generatePackets(templateFile: string, dir: string, count: number): string[] {
  const text = fs.readFileSync(templateFile, 'utf8');
  makeDirs(dir);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `dept-${String(i).padStart(3, '0')}.yaml`);
    fs.writeFileSync(file, variantPacketText(text, i));
    files.push(file);
  }
  return files;
}
