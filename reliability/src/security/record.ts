import { readFileSync, writeFileSync } from 'node:fs';
import { measuredCommit } from '../commit.js';

/** The measured sections of docs/security.md, one JSON file each (test files run in parallel). */
export type SecuritySection = 'secrets' | 'bombs' | 'failed-dials' | 'decoy-proxy';

/** One section's figures, keyed by case (scheme, address form, bomb shape), and where they come from. */
export interface SecurityFigureFile {
  commit: string;
  measuredAt: string;
  figures: Record<string, unknown>;
}

/** docs/security/<section>.json. */
export function securityFile(section: SecuritySection): URL {
  return new URL(`../../../docs/security/${section}.json`, import.meta.url);
}

/** Reads a section (an empty one when it was never recorded). */
export function readSecurityFigures(section: SecuritySection): SecurityFigureFile {
  try {
    return JSON.parse(readFileSync(securityFile(section), 'utf8')) as SecurityFigureFile;
  } catch {
    return { commit: 'none', measuredAt: '', figures: {} };
  }
}

/**
 * Stores one case's figures when `SECURITY_RECORD=1` (the run whose figures docs/security.md
 * publishes, rendered by `reliability/src/security/report.ts`).
 */
export function recordSecurityFigure(section: SecuritySection, key: string, figures: unknown): void {
  if (process.env.SECURITY_RECORD !== '1') return;
  const file = readSecurityFigures(section);
  file.figures[key] = figures;
  file.commit = measuredCommit();
  file.measuredAt = new Date().toISOString();
  writeFileSync(securityFile(section), `${JSON.stringify(file, null, 1)}\n`);
}
