// electron-builder cannot run here (it downloads Electron), so its configuration is checked the way it
// would check it: against its own JSON schema (app-builder-lib/scheme.json), plus what the release needs.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
// js-yaml comes with electron-builder (it is what electron-builder itself reads YAML with).
const yaml = require('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asarUnpack: string[];
  extraMetadata: { main: string };
  electronFuses: Record<string, boolean>;
  publish: null;
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
}
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('builds AppImage and deb for Linux, dmg for macOS, nsis for Windows, and publishes nowhere', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('Empathy Workbench');
    expect(config.publish).toBeNull();
  });

  it("unpacks DuckDB's native binding from the asar, and a .node file is actually under that pattern", () => {
    expect(config.asarUnpack).toContain('node_modules/@duckdb/**');
    const find = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? find(p) : p.endsWith('.node') ? [p] : [];
    });
    expect(find(join(root, 'node_modules/@duckdb')).length).toBeGreaterThan(0);
  });

  it('hardens the binary with fuses: no run-as-node, no NODE_OPTIONS, no inspector flags', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false });
  });

  it('each icon is a real PNG of at least 512×512 (electron-builder derives .icns and .ico from it)', () => {
    for (const icon of new Set([config.linux.icon, config.mac.icon, config.win.icon])) {
      const png = readFileSync(join(root, icon));
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
      expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16));
    }
    expect(config.directories.buildResources).toBe('build');
  });

  it('`npm run dist` builds first, then packages', () => {
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder');
    expect(pkg.scripts.build).toContain('scripts/build-electron.mjs');
  });

  it('packages every bundle scripts/build-electron.mjs writes, and the shell loads only those', () => {
    // backend-bundle.test.ts runs the build and checks these files exist; here, that `files` covers them.
    const script = readFileSync(join(root, 'scripts/build-electron.mjs'), 'utf8');
    const outfiles = [...script.matchAll(/outfile: '([^']+)'/g)].map((m) => m[1]);
    expect(outfiles).toEqual(expect.arrayContaining([pkg.main, 'dist/electron/backend-process.cjs', 'dist/electron/preload.cjs', 'dist/electron/workers/sentences.worker.cjs']));
    expect(config.extraMetadata.main).toBe(pkg.main);
    for (const f of outfiles) expect(config.files.some((g) => !g.startsWith('!') && f.startsWith(g.replace(/\*\*$/, ''))), f).toBe(true);
    const main = readFileSync(join(root, 'main/electron/main.ts'), 'utf8');
    const loaded = [...main.matchAll(/'([\w-]+\.cjs)'/g)].map((m) => `dist/electron/${m[1]}`);
    expect(loaded.sort()).toEqual(['dist/electron/backend-process.cjs', 'dist/electron/preload.cjs']);
    for (const f of loaded) expect(outfiles).toContain(f);
    expect(config.files).toContain('dist/renderer/**');
    expect(config.files).toContain('!**/*.map');
  });
});
