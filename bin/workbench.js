#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx workbench` works straight after `npm install`.
import { register } from 'tsx/esm/api';

register();
process.env.WORKBENCH_CLI = '1';
await import('../main/cli.ts');
