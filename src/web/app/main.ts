/**
 * The workbench page: the folder's files on the left, the form in the middle, the live preview
 * on the right. Typing is sent after a short pause; every answer carries the checks and the
 * derived figures, shown beside their fields; the preview follows when the server has rendered.
 */
import { api, ApiError, type Diagnostic, type DropResult, type EditOp, type FileState, type FormDefinition, type PathKey } from './api.ts';
import { autoGrow, h } from './dom.ts';
import { Form, UNSET, keyOf } from './form.ts';
import { Preview } from './preview.ts';

const $ = (id: string) => document.getElementById(id)!;
const TYPE_PAUSE_MS = 250;

/** The form of the open file's format; forms of formats seen, by id. */
let form: Form | undefined;
const forms = new Map<string, FormDefinition>();
/** What the last import of a dropped Word/Excel file reported, shown with the file it made. */
let importReport: { name: string; result: DropResult } | undefined;
let current: FileState | undefined;
let activeTab = '';
/** Edits not yet sent, by field, in order. */
let pendingSets = new Map<string, EditOp>();
let structuralQueue: EditOp[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<void> | undefined;
let previewAbort: AbortController | undefined;
/** The fields of the last edit sent, where messages it caused are shown too. */
let lastEdited = new Set<string>();
let preview: Preview;

function status(text: string, kind: 'ok' | 'busy' | 'error' = 'ok'): void {
  const el = $('status');
  el.textContent = text;
  el.className = `status ${kind}`;
  delete el.dataset['loading'];
}

function showError(e: unknown): void {
  const msg = e instanceof ApiError ? `${e.zh}（${e.en}）` : `出错了：${(e as Error).message}`;
  status(msg, 'error');
  // Changed elsewhere: what is on disk wins; offer to open it again (the unsent typing is lost).
  if (e instanceof ApiError && e.status === 409 && current) {
    const name = current.name;
    $('status').append(' ', h('button', { type: 'button', text: '重新打开', onclick: () => ((current = undefined), void openFile(name)) }));
  }
}

async function loadFiles(): Promise<void> {
  const { folder, files } = await api.files();
  $('folder').textContent = folder;
  const list = $('files');
  list.replaceChildren(
    ...files.map((f) =>
      h('li', {}, h('a', { href: `#${encodeURIComponent(f.name)}`, class: current?.name === f.name ? 'active' : '', text: f.name })),
    ),
  );
  if (files.length === 0) list.append(h('li', { class: 'empty', text: '文件夹中还没有部门文件，请在下方新建' }));
  // The page's first word (正在加载…) gives way once the list is in; an open file says its own.
  if (!current && $('status').dataset['loading'] !== undefined) {
    status(files.length ? '请选择或新建一个部门文件' : '请新建一个部门文件');
  }
}

/** Sends what is waiting, one request at a time, in the order typed. */
function flush(keepalive = false): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (inFlight) return inFlight.then(() => flush(keepalive));
  const ops = [...pendingSets.values(), ...structuralQueue];
  const rebuild = structuralQueue.length > 0;
  if (pendingSets.size) lastEdited = new Set(pendingSets.keys());
  pendingSets = new Map();
  structuralQueue = [];
  if (!current || ops.length === 0) return Promise.resolve();
  const name = current.name;
  status('保存中…', 'busy');
  inFlight = api
    .edit(name, current.version, ops, keepalive)
    .then(async (state) => {
      if (current?.name !== name) return;
      await applyState(state, rebuild);
      status(`已自动保存 ${new Date().toLocaleTimeString('zh-CN', { hour12: false })}`);
      watchPreview();
    })
    .catch(showError)
    .finally(() => {
      inFlight = undefined;
    });
  return inFlight;
}

const host = {
  set(path: PathKey, value: unknown) {
    pendingSets.delete(keyOf(path));
    pendingSets.set(keyOf(path), value === UNSET ? { op: 'unset', path } : { op: 'set', path, value });
    status('正在输入…', 'busy');
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), TYPE_PAUSE_MS);
  },
  structural(op: EditOp) {
    structuralQueue.push(op);
    void flush();
  },
};

function labelFor(d: Diagnostic): { slot?: { label: string; messages: HTMLElement; wrap: HTMLElement; focus?: HTMLElement }; label: string } {
  const form = currentForm();
  const parts = d.key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const slot = form.slots.get(parts.slice(0, n).join('.'));
    if (slot) return { slot, label: d.label ?? slot.label };
  }
  return { label: d.label ?? d.path };
}

/**
 * A sum that disagrees (基本支出 + 项目支出 ≠ 财政拨款 + 其他资金) is reported at one field, but
 * the officer changed another: the message is shown beside the amounts just edited too, when it
 * names them or names a sum they are part of (资金总额 = 项目支出 + 基本支出).
 */
function relatedSlots(d: Diagnostic, primary: string | undefined): { label: string; messages: HTMLElement; wrap: HTMLElement }[] {
  const form = currentForm();
  const parts = d.key.split('.');
  const scope = parts.slice(0, Math.max(0, parts.length - 2)).join('.');
  const out = [];
  for (const key of lastEdited) {
    const slot = form.slots.get(key);
    if (!slot || key === primary || (scope && !key.startsWith(scope + '.')) || slot.kind !== 'amount' || slot.label.length < 3) continue;
    const inSum = Object.entries(form.definition.layout.sums ?? {}).some(([label, paths]) => paths.includes(key) && d.zh.includes(label));
    if (d.zh.includes(slot.label) || inSum) out.push(slot);
  }
  return out;
}

/** Findings that only say a field is still empty: shown as 待填写, not as red errors. */
const TODO_CODES = new Set(['text.empty', 'amount.missing', 'list.empty']);

/** Puts every message beside its field and in the summary; updates the derived figures. */
function showChecks(state: FileState): void {
  const form = currentForm();
  for (const slot of form.slots.values()) {
    slot.messages.replaceChildren();
    slot.wrap.classList.remove('has-error', 'has-warning', 'is-todo');
  }
  const items: HTMLElement[] = [];
  const todo = state.diagnostics.filter((d) => d.severity === 'error' && TODO_CODES.has(d.code)).length;
  const errors = state.errors - todo;
  // Errors first, then warnings, then what is still to fill in.
  const rank = (d: Diagnostic) => (TODO_CODES.has(d.code) ? 2 : d.severity === 'error' ? 0 : 1);
  for (const d of [...state.diagnostics].sort((a, b) => rank(a) - rank(b))) {
    const { slot, label } = labelFor(d);
    const kind = TODO_CODES.has(d.code) ? 'todo' : d.severity;
    const tag = kind === 'todo' ? '待填写' : kind === 'error' ? '错误' : '警告';
    // Most messages start with the field's label already (财政拨款 + 其他资金 = …).
    const text = d.zh.startsWith(label) ? d.zh : `${label}：${d.zh}`;
    const cls = kind === 'todo' ? 'is-todo' : kind === 'error' ? 'has-error' : 'has-warning';
    if (slot) {
      slot.messages.append(h('p', { class: `msg ${kind}`, title: `${d.path}\n${d.en}`, 'data-code': d.code, text: `${tag}：${text}` }));
      slot.wrap.classList.add(cls);
      if (kind !== 'todo') {
        const primary = [...form.slots].find(([, s]) => s === slot)?.[0];
        for (const r of relatedSlots(d, primary)) {
          r.messages.append(h('p', { class: `msg ${kind} related`, title: d.en, 'data-code': d.code, text: `${tag}（涉及${r.label}）：${text}` }));
          r.wrap.classList.add(cls);
        }
      }
    }
    const where = slot?.wrap.closest<HTMLElement>('[data-tab]')?.dataset.tab;
    items.push(
      h('li', { class: kind }, h('a', {
        href: '#',
        text: `${tag}：${text}`,
        title: `${d.path}\n${d.en}`,
        onclick: (e: Event) => {
          e.preventDefault();
          if (where) selectTab(where);
          slot?.wrap.scrollIntoView({ block: 'center', behavior: 'smooth' });
          (slot?.focus ?? slot?.wrap)?.focus?.();
        },
      })),
    );
  }
  const counts = $('counts');
  const parts = [`${errors} 个错误，${state.warnings} 个警告`];
  if (todo) parts.unshift(`还有 ${todo} 处待填写`);
  counts.textContent = !todo && !errors && !state.warnings ? '没有错误和警告' : parts.join('；');
  counts.className = errors ? 'counts error' : todo ? 'counts todo' : state.warnings ? 'counts warning' : 'counts ok';
  $('summary').replaceChildren(...items);
  for (const [k, el] of form.figures) {
    const v = state.derived[k];
    el.textContent = v ?? '—（尚未填全）';
  }
}

function selectTab(id: string): void {
  activeTab = id;
  for (const el of document.querySelectorAll<HTMLElement>('[data-tab]')) el.hidden = el.dataset.tab !== id;
  for (const el of document.querySelectorAll<HTMLElement>('[data-tab-button]')) el.setAttribute('aria-selected', String(el.dataset.tabButton === id));
  // Text areas in a hidden tab had no height to measure: fit them now.
  for (const t of document.querySelectorAll<HTMLTextAreaElement>(`[data-tab="${CSS.escape(id)}"] textarea`)) autoGrow(t);
}

const currentForm = (): Form => form!;

/** The form of a format: asked for once per format id, then kept. */
async function ensureForm(format: string): Promise<boolean> {
  if (form?.definition.format.id === format) return false;
  let def = forms.get(format);
  if (!def) forms.set(format, (def = await api.spec(format)));
  form = new Form(def, host);
  return true;
}

function buildForm(state: FileState): void {
  const form = currentForm();
  const scroll = $('form').scrollTop;
  const focused = (document.activeElement as HTMLElement | null)?.id;
  const sections = form.build(state.data);
  const tabs = $('tabs');
  const carried = form.documentsIn(state.data);
  // A document the packet does not carry: no tab, but it can be added.
  const missing = form.definition.format.documents.filter((d) => !carried.includes(d));
  tabs.replaceChildren(
    ...sections.map((s) => h('button', { type: 'button', role: 'tab', 'data-tab-button': s.id, text: s.title, onclick: () => selectTab(s.id) })),
    ...missing.map((d) => h('button', { type: 'button', class: 'add-document', title: `本文件只有${carried.map((c) => c.title).join('、')}；点击加入${d.title}`, text: `＋ ${d.title}`, onclick: () => host.structural({ op: 'set', path: [d.part], value: form.definition.starters[d.part] ?? {} }) })),
  );
  $('format-name').textContent = form.definition.format.name;
  buildDownloads(carried);
  $('form').replaceChildren(...sections.map((s) => ((s.body.dataset.tab = s.id), s.body)));
  selectTab(sections.some((s) => s.id === activeTab) ? activeTab : sections[0]?.id ?? '');
  $('form').scrollTop = scroll;
  if (focused) document.getElementById(focused)?.focus();
}

/** Download buttons for the documents the packet carries. */
function buildDownloads(docs: FormDefinition['format']['documents']): void {
  const one = (type: 'pdf' | 'docx', label: string, d: { id: string; title: string }) =>
    h('button', { type: 'button', title: `${d.title}（${label}）`, text: `${docs.length > 1 ? `${d.title.replace(/^部门整体(预算|支出)?(绩效)?/, '')} ` : ''}${label}`, onclick: () => void download(type, d.id) });
  $('downloads').replaceChildren(
    '下载：',
    ...docs.flatMap((d) => [one('pdf', 'PDF', d), one('docx', 'Word', d)]),
    h('button', { type: 'button', text: '全部（zip）', onclick: () => void download('zip') }),
  );
}

async function applyState(state: FileState, rebuild: boolean): Promise<void> {
  current = state;
  // A file of another format (or one whose format: line was just changed) gets that format's form.
  if (!state.syntax && (await ensureForm(state.format))) rebuild = true;
  showImportReport(state.name);
  if (state.syntax) {
    $('form').replaceChildren(h('div', { class: 'syntax' }, h('h2', { text: '文件无法读取' }), h('p', { text: state.syntax.zh }), h('p', { text: state.syntax.en }), h('p', { text: '请用文本编辑器修正后重新打开。' })));
    return;
  }
  if (rebuild) buildForm(state);
  showChecks(state);
  document.title = `${state.name} — 绩效材料工作台`;
  $('downloads').hidden = false;
}

/** Follows the server's previews of this file: each newer one is drawn as it arrives. */
function watchPreview(): void {
  previewAbort?.abort();
  const ctrl = new AbortController();
  previewAbort = ctrl;
  const name = current!.name;
  const note = $('preview-note');
  if (current!.errors > 0) {
    const shown = $('pages').childElementCount > 0;
    note.textContent = shown ? '数据有错误，预览暂停（显示的是最近一次无误时的页面）' : '全部填写完整、没有错误后，这里显示 PDF 页面预览';
    note.className = 'note warning';
  }
  const loop = async (): Promise<void> => {
    let after = Number($('pages').dataset.version ?? -1);
    while (!ctrl.signal.aborted) {
      const r = await api.preview(name, after, ctrl.signal);
      if (r.pending || ctrl.signal.aborted) continue;
      after = r.version;
      if (r.error) {
        note.textContent = `预览未更新：${r.error.zh}`;
        note.className = 'note error';
        continue;
      }
      const docs = r.documents.map((d) => ({ title: d.name.replace(/\.pdf$/, ''), url: api.previewUrl(name, r.version, d.document), pages: d.pages }));
      // False when a newer preview replaced this one meanwhile: the next round brings it.
      if ((await preview.show(docs, r.version)) && !ctrl.signal.aborted) {
        note.textContent = '';
        note.className = 'note';
      }
    }
  };
  loop().catch((e) => {
    if ((e as Error).name !== 'AbortError') showError(e);
  });
}

async function refreshFromDisk(): Promise<void> {
  if (!current || inFlight || pendingSets.size || structuralQueue.length) return;
  const name = current.name;
  try {
    const state = await api.open(name);
    if (current?.name !== name || state.version === current.version) return;
    await applyState(state, true);
    status(`${name} 已在别处修改，已重新读取`);
    if (!state.syntax) watchPreview();
  } catch (e) {
    showError(e);
  }
}

async function openFile(name: string): Promise<void> {
  await flush();
  previewAbort?.abort();
  preview.reset();
  try {
    const state = await api.open(name);
    // Another file opens on its first tab (its format may have other tabs).
    activeTab = '';
    await applyState(state, true);
    status(`已打开 ${name}`);
    await loadFiles();
    if (!state.syntax) watchPreview();
  } catch (e) {
    showError(e);
  }
}

async function download(type: 'pdf' | 'docx' | 'zip', doc?: string): Promise<void> {
  if (!current) return;
  await flush();
  status('正在生成下载文件…', 'busy');
  const res = await fetch(api.downloadUrl(current.name, type, doc));
  if (!res.ok) {
    const e = ((await res.json()) as { error: { zh: string; en: string } }).error;
    status(`无法下载：${e.zh}`, 'error');
    return;
  }
  const cd = res.headers.get('Content-Disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const a = h('a', { href: URL.createObjectURL(await res.blob()), download: m ? decodeURIComponent(m[1]!) : `packet.${type}` });
  document.body.append(a);
  a.click();
  a.remove();
  status('已下载');
}

async function createFile(e: Event): Promise<void> {
  e.preventDefault();
  const dept = ($('new-dept') as HTMLInputElement).value.trim();
  const year = Number(($('new-year') as HTMLInputElement).value);
  const format = ($('new-format') as HTMLSelectElement).value;
  if (!dept) return status('请填写部门名称', 'error');
  try {
    const { name } = await api.create(dept, dept, year, format);
    location.hash = encodeURIComponent(name);
  } catch (err) {
    showError(err);
  }
}

/** Bytes as base64 (writes are JSON only), a chunk at a time. */
function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** What the import of a dropped file wants a person to look at, above the form of the file it made. */
function showImportReport(name: string): void {
  const box = $('import-report');
  if (!importReport || importReport.name !== name) return box.replaceChildren();
  const r = importReport.result;
  const look = r.notes.filter((n) => n.look);
  const rest = r.notes.filter((n) => !n.look);
  box.replaceChildren(
    h('details', { open: true },
      h('summary', { text: `导入说明：${look.length} 处请人工核对，${r.unplaced.length} 段未能归位` }),
      h('ul', {}, ...look.map((n) => h('li', { class: 'look', title: n.en, text: `请核对${n.label ? `「${n.label}」` : ''}：${n.zh}` }))),
      // What went where: kept, but folded (the officer needs it only to retrace the import).
      ...(rest.length ? [h('details', {}, h('summary', { text: `导入记录（${rest.length} 条：各标题的段落放到了哪里、固定句式读出的数字）` }), h('ul', {}, ...rest.map((n) => h('li', { title: n.en, text: n.zh }))))] : []),
      ...(r.unplaced.length
        ? [h('h4', { text: '未能归位的段落（请复制到合适的位置，或在提纲调整中增加小节）' }), h('ul', {}, ...r.unplaced.map((u) => h('li', { title: u.en }, h('span', { class: 'under', text: `在「${u.under || '开头'}」下：` }), u.text.length > 160 ? `${u.text.slice(0, 160)}…` : u.text)))]
        : []),
    ),
  );
}

/**
 * Files dropped on the page: YAML/JSON packets are copied into the folder and opened; a Word or
 * Excel file is imported (the format chosen under 新建) into a new file, opened with what the
 * import could not place or wants checked.
 */
async function dropped(files: FileList): Promise<void> {
  let last: string | undefined;
  const office: File[] = [];
  for (const f of Array.from(files)) {
    if (/\.(docx|xlsx)$/i.test(f.name)) office.push(f);
    else if (!/\.(ya?ml|json)$/i.test(f.name)) return status(`${f.name}：可以放入 YAML/JSON 部门文件，或 Word（.docx）、Excel（.xlsx）文件`, 'error');
  }
  try {
    for (const f of Array.from(files)) if (/\.(ya?ml|json)$/i.test(f.name)) last = (await api.upload(f.name, await f.text())).name;
    if (office.length) {
      // Files dropped together (附件1 and 附件2) make one packet.
      status(`正在导入 ${office.map((f) => f.name).join('、')}…`, 'busy');
      const sent = await Promise.all(office.map(async (f) => ({ name: f.name, data: base64(new Uint8Array(await f.arrayBuffer())) })));
      const result = await api.importFiles(sent, ($('new-format') as HTMLSelectElement).value);
      importReport = { name: result.name, result };
      last = result.name;
    }
  } catch (e) {
    showError(e);
    return;
  }
  await loadFiles();
  if (last) location.hash = encodeURIComponent(last);
}

async function start(): Promise<void> {
  const { default: def, formats } = await api.formats();
  $('new-format').replaceChildren(...formats.map((f) => h('option', { value: f.id, text: f.name, ...(f.id === def ? { selected: true } : {}) })));
  preview = new Preview($('pages'), $('thumbs'));
  ($('new-year') as HTMLInputElement).value = String(new Date().getFullYear() + 1);
  $('new-form').addEventListener('submit', (e) => void createFile(e));
  $('save').addEventListener('click', () => void flush().then(() => current && status(`已保存 ${current.name}`)));
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 's') {
      e.preventDefault();
      void flush().then(() => current && status(`已保存 ${current.name}`));
    }
  });
  // Leaving the page sends what is still waiting (keepalive outlives the page).
  window.addEventListener('pagehide', () => void flush(true));
  window.addEventListener('hashchange', () => void route());
  // Back from another editor: the file on disk wins; the form follows it when nothing is waiting.
  window.addEventListener('focus', () => void refreshFromDisk());
  document.addEventListener('dragover', (e) => {
    e.preventDefault();
    document.body.classList.add('dropping');
  });
  document.addEventListener('dragleave', (e) => {
    if (!e.relatedTarget) document.body.classList.remove('dropping');
  });
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    document.body.classList.remove('dropping');
    if (e.dataTransfer?.files.length) void dropped(e.dataTransfer.files);
  });
  await loadFiles();
  await route();
}

async function route(): Promise<void> {
  const name = decodeURIComponent(location.hash.slice(1));
  if (name && name !== current?.name) await openFile(name);
}

start().catch(showError);
