/** A runnable piece of a guide: the files it writes and the shell blocks it runs. */
export interface Recipes {
  /** `<!-- file: NAME -->` followed by a code block. */
  readonly files: ReadonlyMap<string, string>;
  /** `<!-- run: NAME -->` followed by an `sh` block. */
  readonly runs: ReadonlyMap<string, string>;
}

/** Reads the marked code blocks of a Markdown guide (see docs/guide/bundling.md). */
export function readRecipes(markdown: string): Recipes {
  const files = new Map<string, string>();
  const runs = new Map<string, string>();
  for (const match of markdown.matchAll(/<!-- (file|run): ([\w.-]+) -->\n```\w*\n([\s\S]*?)```/g)) {
    const [, kind, name = '', body = ''] = match;
    (kind === 'file' ? files : runs).set(name, body);
  }
  return { files, runs };
}
