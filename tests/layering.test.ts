// The layers of docs/architecture.md and style rule 3, checked on the import statements themselves (style V1), plus
// a file-size ratchet (style V2): today's offenders are listed and may only shrink.
//
//   main/analysis, main/domain  pure: import only their own folder, no node built-ins, no packages (no I/O)
//   services                    main/services/**, the domain service folders beside it and main/studydata never
//                               import handlers, transports, main/electron or the Backend
//   main/handlers/**            import services, main/domain, main/api, main/db, nothing else (not main/studydata,
//                               not the engine)
//   renderer/**                 from main/ only main/api/contract (file or folder), main/domain and main/figures, and
//                               nothing it bundles may import a node built-in or Node-only package
//   workers/**                  never import handlers, transports, main/electron or the Backend
//
// Test files (*.test.ts[x]) are left out of the layer rules: they may read fixtures and start servers.
// Refresh the size list after shrinking a file: UPDATE_LAYERING_SIZES=1 npx vitest run tests/layering.test.ts
// (it lowers recorded counts and drops files that fell to the limit; it never adds or raises an entry).

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const LAYERED_ROOTS = ['main', 'renderer', 'workers'];
const SIZED_ROOTS = ['main', 'renderer', 'workers', 'bench', 'tests', 'data'];
const MAX_LINES = 400;
const SIZES_FILE = join(ROOT, 'tests', 'layering-sizes.json');
/** Going away (split into main/api/contract/*.ts); never listed. */
const SIZE_IGNORED = ['main/api/contract.ts'];

/**
 * Service folders outside main/services (one per domain, most of them older than it); handlers may call them, and
 * they follow the services' rule. A new folder is added here on purpose, like a row of a layer table.
 */
const DOMAIN_SERVICE_FOLDERS = ['main/coding', 'main/custom-figures', 'main/embeddings', 'main/explorer', 'main/import', 'main/jobs', 'main/judge', 'main/map', 'main/search', 'main/sql', 'main/study', 'main/themes'];
/** main/studydata is the SQL the services share: below the services, so handlers do not call it directly. */
const SERVICE_FOLDERS = ['main/services', ...DOMAIN_SERVICE_FOLDERS, 'main/studydata'];
/** What a service or worker must not depend on: the layers that call it. */
const CALLERS = ['main/handlers', 'main/electron', 'main/backend.ts', 'main/api/app.ts', 'main/api/http.ts', 'main/api/errors.ts', 'main/cli.ts', 'main/analysis-cli.ts'];
const HANDLER_TARGETS = ['main/services', 'main/domain', 'main/api', 'main/db', ...DOMAIN_SERVICE_FOLDERS];
const RENDERER_MAIN_TARGETS = ['main/api/contract', 'main/domain', 'main/figures'];
/** Packages that only run in Node; a renderer bundle must not reach them. */
const NODE_ONLY_PACKAGES = ['@duckdb/node-api', 'linkedom', 'electron', 'send'];

/**
 * Known violations, each to be fixed and then removed from here (the test fails while a listed one no longer
 * occurs, so the list only shrinks). `to` is the imported file as a repository path.
 */
const EXCEPTIONS: { from: string; to: string; why: string }[] = [
  // publicError() (what a failure may tell the user) is transport-neutral and could live in main/domain/errors.ts.
  { from: 'main/jobs/runner.ts', to: 'main/api/errors.ts', why: 'a failed job records publicError(e) as its message' },
  { from: 'main/judge/run-job.ts', to: 'main/api/errors.ts', why: 'a failed judge call records publicError(e)' },
];

interface Import { from: string; spec: string; /** repository path of a relative import ('' for a package) */ to: string }

function sourceFiles(roots: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(ROOT, p).split('\\').join('/'));
    }
  };
  for (const r of roots) if (existsSync(join(ROOT, r))) walk(join(ROOT, r));
  return out.sort();
}

/** Maps './x.js' to the .ts/.tsx file it means, and a folder to its index; unresolved paths keep the written name. */
function resolveRelative(from: string, spec: string): string {
  const base = resolve(ROOT, dirname(from), spec);
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts'), join(stem, 'index.ts')];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
  return relative(ROOT, hit).split('\\').join('/');
}

function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map(({ fileName: spec }) => ({ from: file, spec, to: spec.startsWith('.') ? resolveRelative(file, spec) : '' }));
}

/** True when `path` is the file or folder `prefix` (with or without extension: 'main/api/contract' covers both shapes). */
function under(path: string, prefix: string): boolean {
  if (path === prefix || path.startsWith(`${prefix}/`)) return true;
  return !prefix.includes('.') && /^\.[a-z]+$/.test(path.slice(prefix.length)) && path.startsWith(prefix);
}
const underAny = (path: string, prefixes: string[]) => prefixes.some((p) => under(path, p));
const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]);
const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const show = (i: Import) => `${i.from} -> ${i.to || i.spec}`;

const files = sourceFiles(LAYERED_ROOTS);
const imports = new Map(files.map((f) => [f, importsOf(f)]));
const layered = [...imports.entries()].filter(([f]) => !isTest(f)).flatMap(([, is]) => is);
const excepted = (i: Import) => EXCEPTIONS.some((e) => e.from === i.from && e.to === i.to);
const violations = (pred: (i: Import) => boolean) => layered.filter((i) => pred(i) && !excepted(i)).map(show);

describe('layering (style rule 3)', () => {
  it('finds the layers it checks', () => {
    // Guards against a scan that silently sees nothing (a moved folder, a parser change).
    for (const dir of ['main/analysis', 'main/domain', 'main/services', 'main/handlers', 'renderer']) expect(files.some((f) => under(f, dir)), dir).toBe(true);
    expect(imports.get('main/handlers/analysis.ts')?.some((i) => under(i.to, 'main/services/analysis'))).toBe(true);
  });

  it('main/analysis and main/domain import only themselves: no node built-ins, no packages, no I/O', () => {
    const bad = violations((i) => {
      const own = ['main/analysis', 'main/domain'].find((d) => under(i.from, d));
      return !!own && (i.to === '' || !under(i.to, own));
    });
    expect(bad).toEqual([]);
  });

  it('services never import handlers, transports, main/electron or the Backend', () => {
    expect(violations((i) => underAny(i.from, SERVICE_FOLDERS) && underAny(i.to, CALLERS))).toEqual([]);
  });

  it('handlers import services, main/domain, main/api and main/db only', () => {
    expect(violations((i) => under(i.from, 'main/handlers') && i.to !== '' && !underAny(i.to, HANDLER_TARGETS))).toEqual([]);
  });

  it('the renderer imports from main/ only the contract, the domain and the figures', () => {
    expect(violations((i) => under(i.from, 'renderer') && under(i.to, 'main') && !underAny(i.to, RENDERER_MAIN_TARGETS))).toEqual([]);
  });

  it('nothing the renderer bundles imports a node built-in or a Node-only package', () => {
    // Everything reachable from renderer/ through relative imports, test files aside.
    const seen = new Set<string>();
    const queue = files.filter((f) => under(f, 'renderer') && !isTest(f));
    const bad: string[] = [];
    while (queue.length) {
      const f = queue.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const i of imports.get(f) ?? []) {
        if (i.to) {
          if (imports.has(i.to)) queue.push(i.to);
        } else if (isBuiltin(i.spec) || NODE_ONLY_PACKAGES.includes(packageOf(i.spec))) bad.push(show(i));
      }
    }
    expect([...seen].some((f) => under(f, 'main/figures'))).toBe(true);
    expect(bad).toEqual([]);
  });

  it('workers never import handlers, transports, main/electron or the Backend', () => {
    expect(violations((i) => under(i.from, 'workers') && underAny(i.to, CALLERS))).toEqual([]);
  });

  it('every listed exception still occurs (fixed ones are removed from the list)', () => {
    const stale = EXCEPTIONS.filter((e) => !(imports.get(e.from) ?? []).some((i) => i.to === e.to));
    expect(stale).toEqual([]);
  });
});

describe(`file sizes (style V2): no file passes ${MAX_LINES} lines, and listed ones only shrink`, () => {
  const lines = (f: string) => (readFileSync(join(ROOT, f), 'utf8').match(/\n/g) ?? []).length;
  const current = new Map(sourceFiles(SIZED_ROOTS).filter((f) => !SIZE_IGNORED.includes(f)).map((f) => [f, lines(f)]));
  let recorded = JSON.parse(readFileSync(SIZES_FILE, 'utf8')) as Record<string, number>;
  if (process.env.UPDATE_LAYERING_SIZES) {
    // Only ever lowers: an entry takes today's count if smaller, and goes once the file is back under the limit.
    const next: Record<string, number> = {};
    for (const [f, n] of Object.entries(recorded)) {
      const now = current.get(f);
      if (now !== undefined && now > MAX_LINES) next[f] = Math.min(n, now);
    }
    writeFileSync(SIZES_FILE, JSON.stringify(next, null, 2) + '\n');
    recorded = next;
  }

  it(`no unlisted file passes ${MAX_LINES} lines`, () => {
    const over = [...current].filter(([f, n]) => n > MAX_LINES && !(f in recorded)).map(([f, n]) => `${f}: ${n} lines`);
    expect(over, 'split the file; the list in tests/layering-sizes.json is for files that were already long').toEqual([]);
  });

  it('no listed file grows', () => {
    const grown = Object.entries(recorded).filter(([f, n]) => (current.get(f) ?? 0) > n).map(([f, n]) => `${f}: ${current.get(f)} lines (limit ${n})`);
    expect(grown).toEqual([]);
  });

  it('the list records today\'s sizes, so a shrink cannot be undone (UPDATE_LAYERING_SIZES=1 refreshes it)', () => {
    const stale = Object.entries(recorded)
      .filter(([f, n]) => (current.get(f) ?? 0) < n)
      .map(([f, n]) => `${f}: listed ${n}, now ${current.has(f) ? current.get(f) : 'gone'}`);
    expect(stale).toEqual([]);
  });
});
