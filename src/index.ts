/** Library entry point: the same behaviour as the CLI, for jobs that call it from Node. */
export { parsePacket, readPacketFile, type ParseResult } from './model/parse.ts';
export { PacketSchema, type Packet } from './model/schema.ts';
export { checkPacket, INDICATOR_FRAMEWORK, type CheckResult } from './check/index.ts';
export { formatDiagnostic, type Diagnostic } from './check/diagnostic.ts';
export { derive, type Derived, type Percent } from './derive/index.ts';
export { formatAmount, formatPercent } from './model/format.ts';
export { JixiaoError } from './errors.ts';
export { packetJsonSchema } from './model/json-schema.ts';
export { starterPacket } from './model/init.ts';
export { render, createRenderer, PacketInvalidError, type RenderOptions, type RenderResult, type RenderedFile, type Format, type Renderer, type RendererOptions, type RenderCall } from './render/index.ts';
