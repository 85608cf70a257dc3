/**
 * Commander's usage errors in Chinese first, English after, in the CLI's `错误 error:` style.
 * Commander writes its messages in English only (`error: missing required argument 'file'`);
 * configureOutput({ outputError }) passes each one through bilingual() before it is printed.
 */

const rules = (commands: readonly string[]): readonly [RegExp, (...m: string[]) => string][] => [
  [/^missing required argument '(.+)'$/, (a) => `缺少参数 <${a}>`],
  [/^unknown option '(.+)'$/, (o) => `没有 ${o} 这个选项`],
  [/^unknown command '(.+)'$/, (c) => `没有 ${c} 这个命令${commands.length ? `（可用 ${commands.join('、')}）` : ''}`],
  [/^option '(.+)' argument missing$/, (o) => `选项 ${o} 缺少取值`],
  [/^required option '(.+)' not specified$/, (o) => `缺少必需的选项 ${o}`],
  [/^too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/, (c, want, got) => `${c ? `命令 ${c} 的` : ''}参数太多：应为 ${want} 个，实际 ${got} 个`],
  [/^(.+) cannot be used with (.+)$/, (a, b) => `${a} 不能与 ${b} 同时使用`],
  [/^command-argument value '(.+)' is invalid for argument '(.+)'\. (.*)$/, (v, a) => `参数 ${a} 的值「${v}」无效`],
  [/^option '(.+)' argument '(.+)' is invalid\. (.*)$/, (o, v) => `选项 ${o} 的值「${v}」无效`],
];

/**
 * One commander error message (`error: …`, maybe with `(Did you mean …?)`) in both languages;
 * `commands` are the program's command names, listed for an unknown command.
 */
export function bilingual(message: string, commands: readonly string[] = []): string {
  const text = message.trim().replace(/^error: /, '');
  const [first = '', ...rest] = text.split('\n');
  const hint = rest.join(' ').match(/\(Did you mean (.+)\?\)/);
  const hintZh = hint ? `（是否要输入 ${hint[1]}？）` : '';
  const hintEn = hint ? ` (Did you mean ${hint[1]}?)` : '';
  for (const [re, zh] of rules(commands)) {
    const m = re.exec(first);
    if (m) return `错误 error: ${zh(...m.slice(1).map((s) => s ?? ''))}${hintZh}\n${first}${hintEn}\n用法见 / see: jixiao --help\n`;
  }
  return `错误 error: 命令行有误\n${text}\n用法见 / see: jixiao --help\n`;
}
