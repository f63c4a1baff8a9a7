import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dial, Dial, lastDialError, prepareDial } from '@omnidial/core';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import '@omnidial/mq-mqtt';
import '@omnidial/mq-nats';
import '@omnidial/mq-amqp';
import '@omnidial/mq-kafka';
import '@omnidial/db-postgres';
import '@omnidial/db-mysql';
import '@omnidial/db-clickhouse';
import { leakForms, MATRIX_FORMS, MATRIX_PASSWORDS } from '../src/secrets-matrix.js';
import { recordSecurityFigure } from '../src/security/record.js';

/** A closed port: every dial fails fast, through the driver's own client. */
const HOST = '127.0.0.1:1';

/** Every rendering a user may print or log of a dial outcome, by output path. */
function outputs(value: unknown): Record<string, string> {
  const out: Record<string, string> = {
    String: String(value),
    inspect: inspect(value, { depth: 10, showHidden: true }),
  };
  if (value instanceof Error) {
    out.message = value.message;
    out.stack = value.stack ?? '';
    out.address = String((value as { address?: unknown }).address);
    try {
      out.JSON = JSON.stringify(value, Object.getOwnPropertyNames(value));
    } catch {
      out.JSON = '';
    }
    let cause: unknown = value.cause;
    for (let depth = 0; cause !== undefined && depth < 5; depth++) {
      out[`cause${depth}`] = `${String(cause)}\n${inspect(cause, { depth: 10, showHidden: true })}`;
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  } else if (value !== null && typeof value === 'object' && 'address' in value) {
    out.address = String((value as { address: unknown }).address);
  }
  return out;
}

/** The output channel of a path: `dial.cause1` and `parse.cause0` are both `cause`. */
const channelOf = (path: string): string => path.replace(/^[A-Za-z]+\./, '').replace(/\d+$/, '');

function prefixed(prefix: string, record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [`${prefix}${k}`, v]));
}

const cases = MATRIX_PASSWORDS.flatMap((password) =>
  MATRIX_FORMS.flatMap((form) => {
    const written = form.decodes ? [password, encodeURIComponent(password)] : [password];
    return [...new Set(written)].map((w) => ({ password, form: form.name, address: form.build(w, HOST) }));
  }),
);

describe(`secrets matrix: ${MATRIX_PASSWORDS.length} passwords x ${MATRIX_FORMS.length} address forms (raw and percent-encoded) x every output path`, () => {
  it(`${cases.length} cases, 0 leaks`, async () => {
    const leaks: string[] = [];
    let checked = 0;
    const tally = new Map<string, { cases: number; channels: Record<string, { checked: number; leaks: number }> }>();
    for (let i = 0; i < cases.length; i += 25) {
      await Promise.all(
        cases.slice(i, i + 25).map(async ({ password, form, address }) => {
          const forms = leakForms(password);
          const paths: Record<string, string> = {};
          try {
            paths.endpoint = prepareDial(address).endpoint.redacted;
          } catch (error) {
            Object.assign(paths, prefixed('prepare.', outputs(error)));
          }
          const outcome = await dial(address, 3).then(async (conn) => {
            const shown = outputs(conn);
            await conn.close();
            return shown;
          }, outputs);
          Object.assign(paths, prefixed('dial.', outcome));
          const badOption = `${address}${address.includes('|') ? '&' : '|'}reconect=1`;
          Object.assign(
            paths,
            prefixed('parse.', await dial(badOption, 3).then(async (c) => (await c.close(), {}), outputs)),
          );
          await Dial(address, 3).then((c) => c?.close());
          Object.assign(paths, prefixed('lastDialError.', outputs(lastDialError())));
          const row = tally.get(form) ?? { cases: 0, channels: {} };
          tally.set(form, row);
          row.cases++;
          for (const [path, text] of Object.entries(paths)) {
            checked++;
            const cell = (row.channels[channelOf(path)] ??= { checked: 0, leaks: 0 });
            cell.checked++;
            const shown = forms.filter((leak) => text.includes(leak));
            if (shown.length > 0) cell.leaks++;
            for (const leak of shown)
              leaks.push(
                `${form} | ${JSON.stringify(password)} | ${path} shows ${JSON.stringify(leak)}: ${text.slice(0, 300)}`,
              );
          }
        }),
      );
    }
    console.info(
      `[reliability] secrets matrix: ${cases.length} cases, ${checked} outputs checked, ${leaks.length} leaks`,
    );
    for (const { name } of MATRIX_FORMS) recordSecurityFigure('secrets', name, tally.get(name));
    expect(leaks).toEqual([]);
  }, 600_000);
});
