// What every published package.json must carry (issue 17, ADRs 0170-0173). Checked by
// `pnpm docs:check`, so a new package or a hand edit cannot drop a field npm users rely on.
import { REPO_URL } from './package-readme.js';

/** The fields of package.json this check reads. */
export interface Manifest {
  readonly name: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly homepage?: string;
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string };
  readonly bugs?: { readonly url?: string };
  readonly keywords?: readonly string[];
  readonly engines?: { readonly node?: string };
  readonly files?: readonly string[];
  readonly publishConfig?: { readonly access?: string };
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** The engines range of every published package (ADR 0172). */
export const NODE_RANGE = '>=22.19';

/** Problems with the manifest of the package in `packages/<dir>`; empty when it is complete. */
export function manifestProblems(dir: string, m: Manifest): string[] {
  const problems: string[] = [];
  const at = `packages/${dir}/package.json`;
  const want = (ok: boolean, what: string): void => {
    if (!ok) problems.push(`${at}: ${what}`);
  };
  want(m.license === 'MIT', 'license must be "MIT" (ADR 0170)');
  want(
    m.homepage === `${REPO_URL}/tree/main/packages/${dir}#readme`,
    `homepage must be ${REPO_URL}/tree/main/packages/${dir}#readme`,
  );
  want(
    m.repository?.url === `git+${REPO_URL}.git` && m.repository.directory === `packages/${dir}`,
    `repository must be { type: "git", url: "git+${REPO_URL}.git", directory: "packages/${dir}" }`,
  );
  want(m.bugs?.url === `${REPO_URL}/issues`, `bugs.url must be ${REPO_URL}/issues`);
  want((m.keywords?.length ?? 0) >= 2, 'keywords: at least two');
  want(m.engines?.node === NODE_RANGE, `engines.node must be "${NODE_RANGE}" (ADR 0172)`);
  want(
    m.publishConfig?.access === 'public',
    'publishConfig.access must be "public" (scoped packages are private by default)',
  );
  for (const file of ['dist', 'README.md', 'LICENSE'])
    want(m.files?.includes(file) === true, `files must list "${file}"`);
  for (const [name, range] of Object.entries({ ...m.dependencies, ...m.peerDependencies })) {
    if (range.startsWith('workspace:'))
      want(range === 'workspace:^', `${name}: use "workspace:^" so the published range follows the release`);
    else
      want(
        !/^\d/.test(range),
        `${name}: "${range}" is an exact pin; use a caret range (the lockfile pins the repo's version)`,
      );
  }
  return problems;
}
