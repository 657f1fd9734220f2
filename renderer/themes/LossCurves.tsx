import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import type { ThemeEpoch } from '../../main/api/contract/index.js';
import { useApiQuery } from './useApiQuery.js';

/** One model's training curve (loss and validation loss per epoch) with its dead-latent count, re-read on every tick. */
export function LossCurve({ modelId, tick }: { modelId: string; tick: number }) {
  const q = useApiQuery('themes-model-get', { id: modelId }, tick);
  const ref = useRef<HTMLDivElement>(null);
  const m = q.data;
  const history = m?.history ?? [];
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const rows = history.flatMap((e: ThemeEpoch) => [
      { epoch: e.epoch, value: e.loss, series: 'loss' },
      ...(e.valLoss == null ? [] : [{ epoch: e.epoch, value: e.valLoss, series: 'validation' }]),
    ]);
    if (rows.length === 0) {
      host.replaceChildren();
      return;
    }
    host.replaceChildren(Plot.plot({
      width: 260, height: 150, marginLeft: 44,
      x: { label: 'Epoch', tickFormat: 'd' }, y: { label: 'Loss', grid: true },
      color: { domain: ['loss', 'validation'], legend: false },
      marks: [Plot.line(rows, { x: 'epoch', y: 'value', stroke: 'series' }), Plot.dot(rows.slice(-2), { x: 'epoch', y: 'value', fill: 'series', r: 2 })],
    }));
  }, [history]);
  const last = history[history.length - 1];
  return (
    <div className="card" data-testid="loss-curve" data-model-id={modelId} data-epochs={history.length} data-state={m?.state}>
      <div className="small"><b>M={m?.latents ?? '…'}</b> K={m?.k ?? '…'} · {m?.scenarioType ?? ''} · {m?.state ?? 'loading'}</div>
      <div className="muted small">
        {last ? <>epoch {last.epoch} · loss {last.loss.toFixed(4)}{last.valLoss != null ? ` · val ${last.valLoss.toFixed(4)}` : ''} · <span data-testid="dead-latents">{last.dead}</span> dead</> : 'no epoch yet'}
      </div>
      <div ref={ref} />
      {q.error && <div className="error-text small">{q.error}</div>}
    </div>
  );
}
