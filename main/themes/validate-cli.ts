// `workbench themes validate --db F --model ID --reference strategy|ground-truth [--json]`: NMI and purity of a
// model's top-1 themes against known categories, beside k-means with as many clusters on the same embeddings.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Workspace } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { validateModel, type ThemeValidation, type ValidationReference } from './validate.js';

export const VALIDATE_USAGE = `workbench themes validate — do a model's themes recover known categories?

  workbench themes validate --db FILE --model ID --reference strategy|ground-truth [--no-kmeans] [--seed S] [--json]

  strategy: the helping strategy annotated on each sentence's message (ESConv supporter turns);
  ground-truth: the demo generator's planted category (sentence_labels 'ground-truth').
  Prints NMI and purity of each sentence's top-1 latent, and of k-means (k = the model's latents, seed 1)
  on the model's embedding set.
`;

const OPTIONS = {
  db: { type: 'string' }, model: { type: 'string' }, reference: { type: 'string' }, 'no-kmeans': { type: 'boolean' }, seed: { type: 'string' },
  json: { type: 'boolean' }, help: { type: 'boolean' },
} as const;

function print(v: ThemeValidation): string {
  const row = (name: string, s: { clusters: number; nmi: number; purity: number }) =>
    `  ${name.padEnd(22)} clusters ${String(s.clusters).padStart(4)}   NMI ${s.nmi.toFixed(4)}   purity ${s.purity.toFixed(4)}`;
  return [
    `${v.modelId} against ${v.reference}: ${v.sentences} sentences, ${v.classes.length} classes (${v.classes.slice(0, 8).map((c) => `${c.label} ${c.sentences}`).join(', ')}${v.classes.length > 8 ? ', …' : ''})`,
    row(`kSAE top-1 (M=${v.latents})`, v.themes),
    ...(v.kmeans ? [row(`k-means (k=${v.kmeans.k})`, v.kmeans)] : []),
  ].join('\n');
}

export async function validateCommand(args: string[]): Promise<number> {
  let ws: Workspace | null = null;
  try {
    const { values: v } = parseArgs({ args, options: OPTIONS, allowPositionals: false, strict: true });
    if (v.help) { process.stdout.write(VALIDATE_USAGE); return 0; }
    if (!v.db || !v.model || !v.reference) throw new UserError('--db, --model and --reference are required (see --help)');
    if (v.reference !== 'strategy' && v.reference !== 'ground-truth') throw new UserError(`--reference must be strategy or ground-truth, got "${v.reference}"`);
    const seed = v.seed === undefined ? undefined : Number(v.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UserError('--seed must be a whole number');
    ws = await Workspace.open(resolve(v.db));
    const result = await validateModel(ws.db, v.model, v.reference as ValidationReference, { kmeans: !v['no-kmeans'], seed });
    process.stdout.write((v.json ? JSON.stringify(result, null, 2) : print(result)) + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(`themes validate: ${(e as Error).message}\n`);
    return e instanceof UserError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  } finally {
    ws?.close();
  }
}
