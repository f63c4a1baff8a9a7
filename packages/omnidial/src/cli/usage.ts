/** The text of `omnidial --help`. */
export const USAGE = `omnidial — dial anything from the shell

Usage:
  omnidial <address> [options]          bridge stdin -> write(), read() -> stdout
  omnidial <sql-address> -e "SQL" ...   run SQL (-f file.sql, statements from stdin, or a
                                        prompt with history when stdin is a terminal)
  omnidial listen ws://HOST:PORT        a server: stdin lines go to every client, what
  omnidial listen tcp://HOST:PORT       clients send goes to stdout (--json, --echo)
  omnidial bridge A B                   everything read from A is written to B, and back
                                        (--one-way, --map TEMPLATE, --exec SQL for a database B)
  omnidial run script.js [--map FROM=TO]... [-- args]
                                        run an FMZ-style script unchanged (blocking Dial,
                                        Log, LogStatus, Sleep, _D, Encode, ...; main(), onexit())
  omnidial record <address> --out F     each received message with its receive time, as
                                        JSON lines; play it back with replay://F?speed=1
  omnidial list [--json]                schemes, their packages, installed or not
  omnidial help <scheme>                every option of a scheme, with defaults and examples
  omnidial --version | --help

Addresses are omnidial addresses: base URL, then "|" and options joined with "&", e.g.
  omnidial 'wss://ws.example.com/feed|compress=gzip&reconnect=true&payload={"op":"sub"}'
  omnidial tcp://127.0.0.1:7000
  omnidial sqlite3://ticks.db -e "SELECT * FROM ticks LIMIT 5"

Reading:
  -n, --count N             exit 0 after N messages
  -t, --timeout S           exit 3 when no message arrives for S seconds (or 500ms, 2m)
      --until REGEX         exit 0 after printing the first message that matches
      --read-mode MODE      wait (default: read() blocks), oldest (poll, = read(-1)), newest
                            (poll, = read(-2): newest only, backlog discarded); numeric
                            modes need "=": --read-mode=-2
      --newest              same as --read-mode -2
      --poll MS             polling period of --read-mode -1/-2 (default 100)
      --read-only           do not read stdin
      --write-only          send stdin, exit when it ends; print nothing received
Connecting:
      --address-env VAR     take the address from environment variable VAR instead of the
                            command line (where every user can see it in ps)
      --address-file PATH   take the address from the first line of file PATH
      --connect-timeout S   seconds to wait for the first connect (default 10)
      --plugin MODULE       import a third-party transport first (repeatable; also the
                            comma-separated OMNIDIAL_PLUGINS environment variable)
SQL:
  -e, --execute SQL         statement(s) to run (repeatable)
  -f, --file FILE           run a SQL script (repeatable, in order with -e; "-" is stdin);
                            triggers, dollar quotes, comments and DELIMITER lines are handled
      --json                JSON lines instead of a table (the default when stdout is piped)
      --csv                 CSV with a header line
      --table               an aligned table even when stdout is piped
      --continue            keep going after a failed statement (exit code is still 5)
listen:
      --json                client messages as {"client":N,"text"|"base64":…} lines, plus
                            connect/disconnect/listening events
      --echo                send each client message back to its sender
  -n, --count N / --until REGEX   stop after N client messages / the first that matches
bridge:
      --one-way             only A -> B (always so when B is a database)
      --map TEMPLATE        rewrite each A -> B message: {data}, {data.field} of a JSON
                            message, {at} (ISO receive time), {ts} (ms), {from}
      --exec SQL            for a database B: run per message, binding (message, receive ms)
  -n, --count N             stop after N messages A -> B
Output:
  -q, --quiet               no status line on stderr
  -h, --help, -V, --version

Message schemes (ws, mqtt, nats, amqp, kafka, udp) send each stdin line as one message and
print one received message per line (--json: one JSON string per line). Stream schemes (tcp,
tls, unix) pass bytes through unchanged.

Credentials in the address are masked in everything the CLI prints about the connection, and
terminal control characters in server text are shown escaped (\x1b), never acted on.

Exit codes: 0 ok, 1 usage or invalid address, 2 connect failed, 3 read timeout,
4 connection lost, 5 SQL statement failed, 130 interrupted (Ctrl-C).
`;
