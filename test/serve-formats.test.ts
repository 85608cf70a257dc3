/**
 * The workbench over the three shipped formats: each file is opened, checked and given the form of
 * the format it names (labels, grids, outline headings from the format alone); a new file starts
 * from the format chosen; a dropped Word file becomes a new packet file with the import's notes.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { startWorkbench, type Workbench } from '../src/serve/server.ts';
import type { FieldSpec, FormDefinition } from '../src/serve/form-spec.ts';
import { render } from '../src/render/index.ts';
import { parsePacket } from '../src/model/parse.ts';
import { ROOT, SAMPLE_TEXT, samplePacket } from './helpers/sample.ts';

let wb: Workbench;
let dir: string;

/** The bytes of a GET. */
function bytes(p: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: wb.port, path: p }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

function call(method: string, p: string, body?: unknown): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { host: '127.0.0.1', port: wb.port, method, path: p, headers: { ...(data ? { 'Content-Type': 'application/json' } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** Every label of a field tree, with its path. */
function labels(spec: FieldSpec, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (s: FieldSpec, p: string) => {
    if (p) out.set(p, s.label);
    for (const f of s.fields ?? []) walk(f, p ? `${p}.${f.key}` : f.key);
    if (s.item) walk(s.item, `${p}[]`);
  };
  walk(spec, prefix);
  return out;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-serve-formats-'));
  for (const f of ['fujian.yaml', 'guangdong-city.yaml']) fs.copyFileSync(path.join(ROOT, 'fixtures', f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'sample.yaml'), SAMPLE_TEXT);
  const assets = path.join(dir, '.assets');
  fs.mkdirSync(assets);
  fs.writeFileSync(path.join(assets, 'index.html'), '<!doctype html><title>工作台</title>');
  wb = await startWorkbench({ folder: dir, port: 0, assets });
});

afterAll(async () => {
  await wb?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a file of each format gets its own form', () => {
  it('opens the Fujian target table with its labels, its grid and its figures, and checks it with its rules', async () => {
    const st = await call('GET', '/api/file?name=fujian.yaml');
    expect(st.json).toMatchObject({ format: 'fujian', errors: 0 });
    // The format's derived figures, printed: 资金总额 = 项目支出 + 基本支出 = the duties' items.
    expect(st.json.derived['declaration.total']).toBe(st.json.derived['declaration.dutiesTotal']);
    const form = (await call('GET', '/api/spec?format=fujian')).json as FormDefinition;
    const l = labels(form.spec);
    expect(l.get('declaration.code')).toBe('部门预算编码');
    expect(l.get('declaration.duties')).toBe('年度履职目标');
    expect(l.get('declaration.duties[].items[].amount')).toBe('预算金额（万元）');
    expect(l.get('declaration.indicators[].groups[].items[].explanation')).toBe('指标解释');
    expect(l.get('declaration.indicators[].groups[].items[].target')).toBe('目标值');
    expect(l.has('report')).toBe(false);
    // The older framework of this format is offered for 二级指标.
    const level2 = form.spec.fields!.find((f) => f.key === 'declaration')!.fields!.find((f) => f.key === 'indicators')!.item!.fields!.find((f) => f.key === 'groups')!.item!.fields!.find((f) => f.key === 'level2')!;
    expect(level2.choices).toContain('环境效益指标');
    // The 资金总额 row is two cells: its figure spans the table's width (no empty grey cells).
    expect(form.layout.grids?.['declaration.budget']).toEqual([['资金总额（万元）', '=declaration.total'], ['project', 'basic']]);
    // A message naming 资金总额 is shown beside the part just changed.
    expect(form.layout.sums?.['资金总额']).toEqual(['declaration.budget.project', 'declaration.budget.basic']);
    expect(form.layout.figures['declaration.duties']).toEqual([{ figure: 'declaration.dutiesTotal', label: '年度履职目标预算金额合计' }]);
    expect(form.layout.sections.map((s) => s.part ?? '')).toEqual(['declaration', '']);
    expect(form.format.documents.map((d) => d.title)).toEqual(['部门整体支出绩效目标表']);
  });

  it('names a Fujian message by the format\'s label: the duties must add up to 资金总额', async () => {
    const open = await call('GET', '/api/file?name=fujian.yaml');
    const r = await call('POST', '/api/edit', { name: 'fujian.yaml', version: open.json.version, ops: [{ op: 'set', path: ['declaration', 'budget', 'basic'], value: 1 }] });
    expect(r.status).toBe(200);
    const d = r.json.diagnostics.find((x: { code: string }) => x.code === 'duties.total');
    expect(d).toMatchObject({ severity: 'error', key: 'declaration.duties', label: '年度履职目标' });
    expect(d.zh).toContain('资金总额');
  });

  it('opens the Guangdong city report with its outline: headings, numbered, with the fields under them', async () => {
    const st = await call('GET', '/api/file?name=guangdong-city.yaml');
    expect(st.json).toMatchObject({ format: 'guangdong-city', errors: 0 });
    const form = (await call('GET', '/api/spec?format=guangdong-city')).json as FormDefinition;
    const l = labels(form.spec);
    expect(l.get('report.grade')).toBe('自评等级');
    expect(l.get('report.notice.number')).toBe('文号');
    expect(l.get('report.organization.staff')).toBe('年末在职人数');
    expect(l.get('report.outline.preface')).toBe('前言');
    expect(l.has('declaration')).toBe(false);
    const grade = form.spec.fields!.find((f) => f.key === 'report')!.fields!.find((f) => f.key === 'grade')!;
    expect(grade).toMatchObject({ kind: 'choice', choices: ['优秀', '良好', '中', '差'] });
    const [outline] = form.outlines;
    expect(outline).toMatchObject({ document: 'report', part: 'report' });
    const byId = new Map(outline!.headings.map((h) => [h.id, h]));
    expect(byId.get('basic')).toMatchObject({ level: 1, number: '一、', heading: '部门基本情况', fields: [] });
    // Every member of 设置机构及人员情况 is used by its sentence: the object (and its grid) is shown.
    expect(byId.get('organization')).toMatchObject({ number: '（二）', heading: '设置机构及人员情况', fields: ['report.organization'] });
    expect(byId.get('spending')!.fields).toEqual(['report.finance']);
    expect(byId.get('conclusion')!.fields).toEqual(['report.grade', 'report.conclusion']);
    expect(byId.get('other')).toMatchObject({ optional: true, fields: ['report.other'] });
    expect(form.layout.figures['report.finance']!.map((f) => f.label)).toEqual(['预算执行率', '基本支出 + 项目支出']);
  });

  it('downloads a packet that carries the report only, dated by its format', async () => {
    const r = await bytes('/api/download?name=guangdong-city.yaml&type=zip');
    expect(r.status).toBe(200);
    const names = Object.keys(unzipSync(new Uint8Array(r.body))).sort();
    expect(names).toHaveLength(3);
    expect(names.filter((n) => n.endsWith('.pdf'))[0]).toContain('整体支出绩效自评报告');
    expect(names).toContain('guangdong-city.yaml');
  }, 60_000);

  it('gives the Guangzhou sample its two documents and the report\'s outline with the score under 自评结论综述', async () => {
    const form = (await call('GET', '/api/spec?format=guangzhou')).json as FormDefinition;
    const h = new Map(form.outlines[0]!.headings.map((x) => [x.id, x]));
    expect(h.get('overview')).toMatchObject({ number: '（一）', heading: '部门概况', fields: ['report.overview'] });
    expect(h.get('conclusion')!.fields).toEqual(['report.score']);
    expect(h.get('procurement')!.fields).toEqual(['report.efficiency.procurement.intro', 'report.efficiency.procurement']);
    expect(form.format.documents.map((d) => d.part)).toEqual(['declaration', 'report']);
  });

  it('refuses a form for a format no file names and none ships, without touching the file system', async () => {
    const r = await call('GET', '/api/spec?format=..%2F..%2Fetc');
    expect(r.status).toBe(404);
    expect(r.json.error.zh).toContain('没有格式');
  });
});

describe('a new file starts from the format chosen', () => {
  it('writes the Fujian starter with its own schema beside it', async () => {
    const r = await call('POST', '/api/files', { name: '某某局', department: '某某局', year: 2026, format: 'fujian' });
    expect(r).toMatchObject({ status: 201, json: { name: '某某局.yaml' } });
    const text = fs.readFileSync(path.join(dir, '某某局.yaml'), 'utf8');
    expect(text).toContain('format: fujian');
    expect(text).toContain('$schema=./fujian.schema.json');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'fujian.schema.json'), 'utf8')).properties.declaration.properties.code.title).toBe('部门预算编码');
    const st = await call('GET', `/api/file?name=${encodeURIComponent('某某局.yaml')}`);
    expect(st.json.format).toBe('fujian');
    const bad = await call('POST', '/api/files', { name: '另一个', year: 2026, format: '../guangzhou' });
    expect(bad.status).toBe(400);
    expect(fs.existsSync(path.join(dir, '另一个.yaml'))).toBe(false);
  });
});

describe('a Word file dropped on the page', () => {
  it('becomes a new packet file whose data equals the sample, never over an existing file', async () => {
    const rendered = await render(samplePacket(), { formats: ['docx'] });
    const files = rendered.files.map((f) => ({ name: f.name, data: Buffer.from(f.bytes).toString('base64') }));
    const r = await call('POST', '/api/import', { files });
    expect(r.status).toBe(201);
    expect(r.json.documents.sort()).toEqual(['declaration', 'report']);
    expect(r.json.unplaced).toEqual([]);
    const name = r.json.name as string;
    expect(name).toMatch(/\.yaml$/);
    const parsed = parsePacket(fs.readFileSync(path.join(dir, name), 'utf8'), { file: name });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.packet).toEqual(samplePacket());
    // The same files again: a second file, the first untouched.
    const before = fs.readFileSync(path.join(dir, name), 'utf8');
    const again = await call('POST', '/api/import', { files });
    expect(again.json.name).not.toBe(name);
    expect(again.json.name).toBe(name.replace(/\.yaml$/, '-2.yaml'));
    expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(before);
  });

  it('shows the notes an import leaves for a person to check, with the field\'s label', async () => {
    const rendered = await render(samplePacket(), { formats: ['docx'] });
    const report = rendered.files.find((f) => f.document === 'attachment2')!;
    const r = await call('POST', '/api/import', { name: report.name, data: Buffer.from(report.bytes).toString('base64') });
    expect(r.status).toBe(201);
    expect(r.json.documents).toEqual(['report']);
    const st = await call('GET', `/api/file?name=${encodeURIComponent(r.json.name)}`);
    expect(YAML.parse(fs.readFileSync(path.join(dir, r.json.name), 'utf8')).declaration).toBeUndefined();
    expect(st.json.format).toBe('guangzhou');
    // The procurement amounts worked out from printed shares want a person's look, named by label.
    const look = r.json.notes.filter((n: { look: boolean }) => n.look);
    expect(look).toContainEqual(expect.objectContaining({ path: 'report.efficiency.procurement', label: '政府采购情况' }));
    expect(look[0].zh).toContain('请与原始数据核对');
  });

  it('refuses what is not a Word or Excel file, a file over the limit, and the importer\'s hostile files, writing nothing', async () => {
    const count = () => fs.readdirSync(dir).length;
    const before = count();
    const txt = await call('POST', '/api/import', { name: 'notes.txt', data: Buffer.from('hello').toString('base64') });
    expect(txt.status).toBe(400);
    expect(txt.json.error.zh).toContain('不是 Word（.docx）或 Excel（.xlsx）文件');
    const notZip = await call('POST', '/api/import', { name: '报告.docx', data: Buffer.from('这不是压缩包').toString('base64') });
    expect(notZip.status).toBe(422);
    expect(notZip.json.error.zh).toContain('报告.docx');
    const small = await startWorkbench({ folder: dir, port: 0, assets: path.join(dir, '.assets'), importLimit: 1000 });
    try {
      const port = wb.port;
      (wb as { port: number }).port = small.port;
      const big = await call('POST', '/api/import', { name: '大.docx', data: Buffer.alloc(3000).toString('base64') });
      (wb as { port: number }).port = port;
      expect(big.status).toBe(413);
    } finally {
      await small.close();
    }
    expect(count()).toBe(before);
  });
});
