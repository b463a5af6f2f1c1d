// The DuckDB baseline of make bench's report group (tests/bench/run.sh):
// November 2025's activities per school -- the log joined with the roster
// on child_id, the month's rows counted by the roster's school -- the same
// question as the report group's Miller line and lb-query's statement.
//
//   node duckdb-month.mjs MODULES ROSTER LOG [THREADS]
//
// MODULES: the folder where `npm install @duckdb/node-api` was run
// (run.sh uses build/bench-duckdb; it is never committed).  THREADS:
// DuckDB's worker threads (default: the processors online, DuckDB's own
// default).  Both files are read with every column as VARCHAR, as lb reads
// them (no type sniffing: the dates are compared as text, like Miller's
// regex); only the columns the query names are parsed (DuckDB's projection
// pushdown).  Prints "school,count" in byte order of school.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

const [modules, roster, log, threads] = process.argv.slice(2);
if (!modules || !roster || !log) {
	console.error('usage: node duckdb-month.mjs MODULES ROSTER LOG [THREADS]');
	process.exit(2);
}
const require = createRequire(resolve(modules, 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const q = (s) => "'" + s.replaceAll("'", "''") + "'";
const csv = (f) => `read_csv(${q(f)}, header = true, all_varchar = true, ` +
	`delim = ',', quote = '"', escape = '"')`;
const sql = `SELECT r.school AS school, count(*) AS count
	FROM ${csv(log)} a JOIN ${csv(roster)} r ON a.child_id = r.child_id
	WHERE a.date BETWEEN '2025-11-01' AND '2025-11-30'
	GROUP BY r.school ORDER BY r.school COLLATE "binary"`;

const db = await DuckDBInstance.create(':memory:', {
	threads: String(threads || availableParallelism()),
});
const con = await db.connect();
const rows = (await con.runAndReadAll(sql)).getRows();
let out = 'school,count\n';
for (const [school, n] of rows)
	out += `${school},${n}\n`;
process.stdout.write(out);
