#!/usr/bin/python3
"""One kSAE training epoch in PyTorch on CPU, the recipe of HypotheSAEs (hypothesaes/sae.py: TopK, aux-K on dead
latents, decoder-parallel gradient removal, clip 1, Adam 5e-4, batch 512, decoder renormalised), for
bench/ksae.bench.ts to compare with. Reads the same float32 matrix the JS bench wrote (raw little-endian, n*d).

    /usr/bin/python3 bench/ksae_torch.py --file X.f32 --n 29520 --d 3072 --m 128 --k 2 [--threads 2] [--epochs 1]

Prints one JSON line: {"torch", "threads", "init_s", "epoch_s": [...], "loss": [...]}.
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn.functional as F


def normalized_mse(pred, target):
    return F.mse_loss(pred, target) / F.mse_loss(target.mean(dim=0, keepdim=True).expand_as(target), target)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--m", type=int, default=128)
    ap.add_argument("--k", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    x_all = torch.from_numpy(np.fromfile(a.file, dtype=np.float32, count=a.n * a.d).reshape(a.n, a.d))
    n_val = round(a.n * 0.1)
    perm = torch.randperm(a.n)
    x_train, x_val = x_all[perm[n_val:]], x_all[perm[:n_val]]
    m, k, aux_k, d = a.m, a.k, min(2 * a.k, a.m), a.d

    t0 = time.perf_counter()
    enc = torch.nn.Linear(d, m, bias=False)
    dec = torch.nn.Linear(m, d, bias=False)
    b_in = torch.nn.Parameter(torch.median(x_train, dim=0).values)
    b_lat = torch.nn.Parameter(torch.zeros(m))
    torch.nn.init.xavier_uniform_(dec.weight)
    with torch.no_grad():
        dec.weight.div_(dec.weight.norm(dim=0, keepdim=True))
        enc.weight.copy_(dec.weight.t())
    params = [enc.weight, dec.weight, b_in, b_lat]
    opt = torch.optim.Adam(params, lr=5e-4)
    since = torch.zeros(m, dtype=torch.long)
    init_s = time.perf_counter() - t0

    def forward(x, train):
        pre = enc(x - b_in) + b_lat
        vals, idx = torch.topk(pre, k, dim=-1)
        act = torch.zeros_like(pre).scatter(-1, idx, F.relu(vals))
        recon = dec(act) + b_in
        loss = normalized_mse(recon, x)
        if train:
            since.add_(1)
            since[(act.sum(dim=0) > 0)] = 0
            dead = since > 256
            if dead.any():
                aux_vals, aux_idx = torch.topk(pre * dead.to(pre.dtype), aux_k, dim=-1)
                aux_act = torch.zeros_like(pre).scatter(-1, aux_idx, F.relu(aux_vals))
                loss = loss + normalized_mse(dec(aux_act), x - recon.detach()) / 32
        return loss

    epoch_s, losses = [], []
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        order = torch.randperm(x_train.shape[0])
        total, batches = 0.0, 0
        for s in range(0, x_train.shape[0], 512):
            loss = forward(x_train[order[s:s + 512]], True)
            opt.zero_grad()
            loss.backward()
            with torch.no_grad():
                w, g = dec.weight, dec.weight.grad
                g.sub_((w * g).sum(dim=0, keepdim=True) * w)
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            with torch.no_grad():
                dec.weight.div_(dec.weight.norm(dim=0, keepdim=True))
            total += loss.item()
            batches += 1
        with torch.no_grad():
            val = [forward(x_val[s:s + 512], False).item() for s in range(0, x_val.shape[0], 512)]
        epoch_s.append(time.perf_counter() - t0)
        losses.append([total / batches, float(np.mean(val))])
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "init_s": init_s, "epoch_s": epoch_s, "loss": losses}))


if __name__ == "__main__":
    main()
