/**
 * mathjs is only our parser. It is heavy, so it is imported on first use (never at start-up:
 * `migdev --version` must not load it), from its number-only entry, into an instance built from
 * the parse factories alone. That instance is never asked to evaluate anything: the tree it
 * returns is checked and compiled by ./compile.ts into our own closures, so mathjs's functions,
 * units, `import`, `evaluate`… are not reachable from a formula whatever the instance holds.
 */
export type ParseFn = (text: string) => unknown;

let parser: Promise<ParseFn> | undefined;

export function loadParser(): Promise<ParseFn> {
  parser ??= import('mathjs/number').then(
    ({ create, parseDependencies }) => {
      if (parseDependencies === undefined) throw new Error('mathjs/number does not export parseDependencies');
      const math = create({ parseDependencies });
      return (text: string): unknown => math.parse(text);
    },
    (error: unknown) => {
      parser = undefined;
      throw error;
    },
  );
  return parser;
}
