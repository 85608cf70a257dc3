/** Calls to the workbench server. Every write is JSON (the server refuses anything else). */
export type PathKey = (string | number)[];

export type EditOp =
  | { op: 'set'; path: PathKey; value: unknown }
  | { op: 'unset'; path: PathKey }
  | { op: 'insert'; path: PathKey; index: number; value: unknown }
  | { op: 'remove'; path: PathKey; index: number }
  | { op: 'move'; path: PathKey; from: number; to: number };

export interface FieldSpec {
  key: string;
  kind: 'text' | 'paragraphs' | 'amount' | 'score' | 'integer' | 'year' | 'date' | 'cell' | 'choice' | 'object' | 'list';
  label: string;
  help?: string;
  choices?: readonly string[];
  maxLength?: number;
  optional?: boolean;
  fields?: readonly FieldSpec[];
  item?: FieldSpec;
}

export interface Layout {
  /** `part`: a document's tab, hidden when the packet does not carry that document. */
  sections: { id: string; title: string; fields: string[]; part?: string }[];
  hidden?: string[];
  grids?: Record<string, string[][]>;
  figures: Record<string, { label: string; figure: string }[]>;
  /** The amounts each labelled sum adds (资金总额 → its parts' paths). */
  sums?: Record<string, string[]>;
}

/** One heading of a document's outline with the fields shown under it (dotted data paths). */
export interface OutlineHeading {
  id: string;
  level: number;
  number: string;
  heading: string;
  optional: boolean;
  fields: string[];
}

export interface OutlineForm {
  document: string;
  part: string;
  headings: OutlineHeading[];
}

/** The form of one format (GET /api/spec?format=id). */
export interface FormDefinition {
  format: { id: string; name: string; documents: { id: string; title: string; part: string }[] };
  spec: FieldSpec;
  layout: Layout;
  outlines: OutlineForm[];
  /** Each document's part as the format's starter has it. */
  starters: Record<string, unknown>;
}

/** What an import of a dropped Word/Excel file reports. */
export interface DropResult {
  name: string;
  documents: string[];
  notes: { look: boolean; path?: string; label?: string; zh: string; en: string }[];
  unplaced: { under: string; text: string; zh: string; en: string }[];
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  code: string;
  path: string;
  key: string;
  zh: string;
  en: string;
  label?: string;
  line?: number;
}

export interface FileState {
  name: string;
  version: number;
  /** The format id the file names. */
  format: string;
  data?: unknown;
  syntax?: { zh: string; en: string };
  diagnostics: Diagnostic[];
  derived: Record<string, string | null>;
  errors: number;
  warnings: number;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly zh: string, readonly en: string) {
    super(zh);
  }
}

async function call<T>(method: string, url: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
    ...init,
  });
  if (!res.ok) {
    let e = { zh: `请求失败（${res.status}）`, en: `request failed (${res.status})` };
    try {
      e = ((await res.json()) as { error: typeof e }).error;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, e.zh, e.en);
  }
  return (await res.json()) as T;
}

const q = (name: string) => encodeURIComponent(name);

export const api = {
  spec: (format: string) => call<FormDefinition>('GET', `/api/spec?format=${q(format)}`),
  formats: () => call<{ default: string; formats: { id: string; name: string }[] }>('GET', '/api/formats'),
  files: () => call<{ folder: string; files: { name: string; size: number; mtimeMs: number }[] }>('GET', '/api/files'),
  create: (name: string, department: string, year: number, format: string) => call<{ name: string }>('POST', '/api/files', { name, department, year, format }),
  importFiles: (files: { name: string; data: string }[], format: string) => call<DropResult>('POST', '/api/import', { files, format }),
  upload: (name: string, text: string) => call<{ name: string }>('POST', '/api/files', { name, text }),
  open: (name: string) => call<FileState>('GET', `/api/file?name=${q(name)}`),
  edit: (name: string, version: number, ops: EditOp[], keepalive = false) => call<FileState>('POST', '/api/edit', { name, version, ops }, { keepalive }),
  preview: (name: string, after: number, signal: AbortSignal) =>
    call<{ pending?: true; version: number; ms: number; error?: { zh: string; en: string }; documents: { document: string; name: string; pages: string[] }[] }>(
      'GET',
      `/api/preview?name=${q(name)}&after=${after}`,
      undefined,
      { signal },
    ),
  previewUrl: (name: string, version: number, doc: string) => `/api/preview.pdf?name=${q(name)}&v=${version}&doc=${q(doc)}`,
  downloadUrl: (name: string, type: string, doc?: string) => `/api/download?name=${q(name)}&type=${type}${doc ? `&doc=${q(doc)}` : ''}`,
};
