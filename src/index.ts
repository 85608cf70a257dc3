/** Library entry point: the same behaviour as the CLI, for jobs that call it from Node. */
export { parsePacket, readPacketFile, type ParseResult } from './model/parse.ts';
export { type Packet } from './model/schema.ts';
export { checkPacket, type CheckResult } from './check/index.ts';
export { formatDiagnostic, fieldName, type Diagnostic } from './check/diagnostic.ts';
export { listFormats, loadFormat, formatOf, DEFAULT_FORMAT, FIELD_KINDS, type Format as PacketFormat, type FormatInfo, type OutlineHeading, type FieldSpec, type FieldKind, type DocumentSpec, type OutlineSpec, type SectionSpec } from './format/index.ts';
export { derive, type Derived, type Percent } from './derive/index.ts';
export { formatAmount, formatPercent } from './model/format.ts';
export { JixiaoError } from './errors.ts';
export { packetJsonSchema } from './model/json-schema.ts';
export { starterPacket } from './model/init.ts';
export { render, createRenderer, PacketInvalidError, type RenderOptions, type RenderResult, type RenderedFile, type Format, type Renderer, type RendererOptions, type RenderCall } from './render/index.ts';
export { importFiles, importBuffers, type ImportOptions, type ImportResult, type Note as ImportNote, type Unplaced } from './import/index.ts';
export { declarationWorkbook } from './export/xlsx.ts';
export { runBatch, type BatchOptions, type BatchOutcome } from './batch/run.ts';
