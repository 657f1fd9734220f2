#!/usr/bin/python3
"""Golden fixture for one (and a second) training step of the TopK sparse autoencoder (kSAE), computed with PyTorch
(Debian python3-torch) by the same operations as HypotheSAEs (github.com/rmovva/HypotheSAEs, hypothesaes/sae.py:
SparseAutoencoder.forward, _normalized_mse, compute_loss, adjust_decoder_gradient_, normalize_decoder_, fit).

Run from the repository root (deterministic; needs no network):

    /usr/bin/python3 tests/golden/make_ksae_golden.py      # writes tests/golden/ksae_step.json

FORMAT of ksae_step.json. Every matrix is a FLAT ROW-MAJOR list of numbers; its shape is given here and in "shapes".
    n = 64 sentences, d = 8 dimensions, M = 6 latents, K = 2 active latents, aux_k = 4.
    Parameter shapes are PyTorch's: W_enc (M, d) (= encoder.weight), W_dec (d, M) (= decoder.weight; column j is latent
    j's decoder direction, unit norm), b_in (d) (input_bias, "b_pre"), b_lat (M) (neuron_bias).

  "config":   n, d, M, K, aux_k, aux_coef (1/32), lr (5e-4), betas [0.9, 0.999], eps (1e-8, Adam's default),
              clip_grad (1.0), dead_threshold_steps (256).
  "inputs":   x (n, d): float32 unit vectors, written as the decimal of the float64 that equals the float32 exactly
                (Float32Array.from(x) reproduces the bits).
              W_enc (M, d), W_dec (d, M) (unit columns), b_lat (M): float32 initial weights, same exactness. W_enc is
                W_dec.T plus noise on purpose (HypotheSAEs initialises W_enc = W_dec.T; a trainer that mixes up the two
                matrices or their transposes fails here).
              steps_since_activation (M): the dead-latent counters before the step (integers).
  "b_in":     (d) coordinate-wise median of x = torch.median(x, dim=0).values. NOTE torch.median returns the LOWER of the
              two middle values for an even count (n = 64 here), not their mean as numpy does; HypotheSAEs uses torch's.
  "forward":  (all float64; computed in float64 from the float32 inputs)
              pre (n, M) = (x - b_in) @ W_enc.T + b_lat
              topk_indices (n, K): torch.topk order (descending pre); topk_values (n, K) = relu(top-K pre)
              activations (n, M): dense, zero outside the top K
              x_hat (n, d) = activations @ W_dec.T + b_in
              main_loss = mse(x_hat, x) / mse(mean_over_batch(x), x); mse is the mean over all n*d entries
              steps_since_activation_after (M): counters + 1, then 0 for every latent that fired (activation > 0 in some
                row) in this batch (HypotheSAEs updates them inside forward, BEFORE choosing dead latents)
              dead_mask (M): 1 where steps_since_activation_after > dead_threshold_steps, else 0
              aux_activations (n, M): dense relu(top-aux_k of pre * dead_mask); only dead latents can be nonzero
              aux_residual (n, d) = x - x_hat (x_hat detached: no gradient flows through it)
              aux_reconstruction (n, d) = aux_activations @ W_dec.T   (no b_in)
              aux_loss = mse(aux_reconstruction, aux_residual) / mse(mean_over_batch(aux_residual), aux_residual)
              loss = main_loss + aux_coef * aux_loss
  "grads":    raw gradients of loss: W_enc (M, d), W_dec (d, M), b_in (d), b_lat (M)
  "grads_adjusted": the same with, for every decoder column j, the component parallel to W_dec[:, j] removed:
              g[:, j] -= (W_dec[:, j] . g[:, j]) W_dec[:, j]   (only W_dec changes; the others are copied)
  "grad_norm": total L2 norm of all four adjusted gradients together (torch.nn.utils.clip_grad_norm_'s return value)
  "clip_coef": min(1, clip_grad / (grad_norm + 1e-6)), torch's formula; "grads_clipped" = grads_adjusted * clip_coef
  "adam_step1": exp_avg and exp_avg_sq of each parameter after torch.optim.Adam's first step (same shapes)
  "after_step1": parameters after the Adam step and decoder renormalisation (each W_dec column divided by its norm);
              W_dec_before_renorm is the decoder right after the Adam step
  "step2":    a second step on the same batch from "after_step1" with the counters "steps_since_activation_after":
              loss, main_loss, aux_loss, dead_mask, and the parameters after it ("params": W_enc, W_dec, b_in, b_lat).
              This checks Adam's bias correction beyond step 1 (where the update is about lr * sign(g)).
  "float32_deviation": max |float32 torch result - float64 result| for the loss and for each parameter after step 1
              and step 2, i.e. how closely a float32 implementation can be expected to agree.
  "min_abs_grad": the smallest |clipped gradient| entry, so a test can see that Adam's eps does not decide any sign.

The fixture is designed so that the aux-K term matters: latents 4 and 5 have small encoder rows and a small positive bias,
so they never reach the top K (asserted below), their counters start above the threshold, and their pre-activations are
positive for many rows, which gives them nonzero aux activations and gradients.
"""

import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
OUT = HERE / "ksae_step.json"

N, D, M, K, AUX_K = 64, 8, 6, 2, 4
AUX_COEF = 1 / 32
LR = 5e-4
BETAS = (0.9, 0.999)
EPS = 1e-8
CLIP = 1.0
DEAD_STEPS = 256
SEED = 20261201


def make_inputs():
    rng = np.random.default_rng(SEED)
    centres = rng.normal(size=(4, D))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    x = centres[np.arange(N) % 4] + 0.45 * rng.normal(size=(N, D))
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    w_dec = np.concatenate([centres.T + 0.2 * rng.normal(size=(D, 4)), rng.normal(size=(D, 2))], axis=1)
    w_dec = (w_dec / np.linalg.norm(w_dec, axis=0, keepdims=True)).astype(np.float32)
    w_enc = w_dec.T + 0.1 * rng.normal(size=(M, D))
    w_enc[4:] = 0.06 * rng.normal(size=(2, D))
    w_enc = w_enc.astype(np.float32)
    b_lat = np.array([1.0, 1.0, 1.0, 1.0, 0.12, 0.1], dtype=np.float32)
    steps = np.array([3, 0, 10, 1, 300, 400], dtype=np.int64)
    return x, w_enc, w_dec, b_lat, steps


class Step:
    """The kSAE parameters and one training step, operation for operation as in HypotheSAEs' sae.py."""

    def __init__(self, x, w_enc, w_dec, b_lat, steps, dtype):
        t = lambda a: torch.tensor(np.asarray(a, dtype=np.float64), dtype=dtype)
        self.x = t(x)
        self.W_enc = t(w_enc).requires_grad_()
        self.W_dec = t(w_dec).requires_grad_()
        # initialize_weights_: input_bias = torch.median(data, dim=0).values (lower median for an even count)
        self.b_in = torch.median(self.x, dim=0).values.clone().requires_grad_()
        self.b_lat = t(b_lat).requires_grad_()
        self.steps = torch.tensor(steps, dtype=torch.long)
        # the parameter order of nn.Module.parameters() does not matter for Adam or the clip norm
        self.params = [self.W_enc, self.W_dec, self.b_in, self.b_lat]
        self.opt = torch.optim.Adam(self.params, lr=LR, betas=BETAS, eps=EPS)

    @staticmethod
    def normalized_mse(pred, target):
        mse = F.mse_loss(pred, target)
        baseline = F.mse_loss(target.mean(dim=0, keepdim=True).expand_as(target), target)
        return mse / baseline

    def forward(self, residual=None):
        """residual: a fixed aux-K target (for finite differences, which must hold the detached x - x_hat constant)."""
        x = self.x
        pre = (x - self.b_in) @ self.W_enc.T + self.b_lat
        vals, idx = torch.topk(pre, K, dim=-1)
        vals = F.relu(vals)
        activ = torch.zeros_like(pre).scatter(-1, idx, vals)
        self.steps += 1
        fired = (activ.sum(dim=0) > 0).nonzero(as_tuple=False).squeeze(-1)
        if fired.numel() > 0:
            self.steps.index_fill_(0, fired, 0)
        recon = activ @ self.W_dec.T + self.b_in
        dead_mask = (self.steps > DEAD_STEPS).to(pre.dtype)
        aux_vals, aux_idx = torch.topk(pre * dead_mask, AUX_K, dim=-1)
        aux_vals = F.relu(aux_vals)
        main = self.normalized_mse(recon, x)
        err = x - recon.detach() if residual is None else residual
        aux_act = torch.zeros_like(activ).scatter(-1, aux_idx, aux_vals)
        err_recon = aux_act @ self.W_dec.T
        aux = self.normalized_mse(err_recon, err)
        loss = main + AUX_COEF * aux
        return dict(pre=pre, topk_indices=idx, topk_values=vals, activations=activ, x_hat=recon, main_loss=main,
                    steps_since_activation_after=self.steps.clone(), dead_mask=dead_mask, aux_activations=aux_act,
                    aux_residual=err, aux_reconstruction=err_recon, aux_loss=aux, loss=loss)

    def step(self):
        fwd = self.forward()
        self.opt.zero_grad()
        fwd["loss"].backward()
        raw = [p.grad.detach().clone() for p in self.params]
        with torch.no_grad():  # adjust_decoder_gradient_
            proj = (self.W_dec * self.W_dec.grad).sum(dim=0, keepdim=True)
            self.W_dec.grad.sub_(proj * self.W_dec)
        adjusted = [p.grad.detach().clone() for p in self.params]
        norm = torch.nn.utils.clip_grad_norm_(self.params, CLIP)
        clipped = [p.grad.detach().clone() for p in self.params]
        self.opt.step()
        w_dec_before = self.W_dec.detach().clone()
        with torch.no_grad():  # normalize_decoder_
            self.W_dec.div_(self.W_dec.norm(dim=0, keepdim=True))
        return dict(fwd=fwd, raw=raw, adjusted=adjusted, norm=norm, clipped=clipped, w_dec_before=w_dec_before)

    def state(self):
        return [p.detach().clone() for p in self.params]


NAMES = ["W_enc", "W_dec", "b_in", "b_lat"]


def flat(t):
    return t.detach().to(torch.float64).reshape(-1).tolist() if torch.is_tensor(t) else np.asarray(t).reshape(-1).tolist()


def named(ts):
    return {name: flat(t) for name, t in zip(NAMES, ts)}


def main():
    torch.manual_seed(0)
    x, w_enc, w_dec, b_lat, steps = make_inputs()
    s = Step(x, w_enc, w_dec, b_lat, steps, torch.float64)
    b_in0 = s.b_in.detach().clone()
    one = s.step()
    after1 = s.state()
    adam1 = {name: {"exp_avg": flat(s.opt.state[p]["exp_avg"]), "exp_avg_sq": flat(s.opt.state[p]["exp_avg_sq"])}
             for name, p in zip(NAMES, s.params)}
    two = s.step()
    after2 = s.state()

    f = one["fwd"]
    # the design promises: dead latents 4 and 5 never fire, are dead, and carry aux activations
    assert f["activations"][:, 4:].abs().max().item() == 0, "latents 4/5 must never reach the top K"
    assert f["dead_mask"].tolist() == [0, 0, 0, 0, 1, 1], f["dead_mask"].tolist()
    assert (f["aux_activations"][:, 4:] > 0).sum().item() >= 20, "dead latents need positive aux activations"
    assert (f["activations"][:, :4] > 0).any(dim=0).all(), "every live latent fires"
    assert two["fwd"]["dead_mask"].tolist() == [0, 0, 0, 0, 1, 1]
    gaps = torch.topk(f["pre"], K + 1, dim=-1).values
    assert (gaps[:, K - 1] - gaps[:, K]).min().item() > 1e-4, "no near-ties at the top-K boundary"
    min_abs_grad = min(g.abs().min().item() for g in one["clipped"])
    fd_error = check_gradients_by_finite_differences((x, w_enc, w_dec, b_lat, steps), one["raw"])

    # the same two steps in float32, to tell a float32 implementation how close it can get
    s32 = Step(x, w_enc, w_dec, b_lat, steps, torch.float32)
    one32 = s32.step()
    after1_32 = s32.state()
    two32 = s32.step()
    after2_32 = s32.state()
    dev = lambda a, b: float((a.to(torch.float64) - b.to(torch.float64)).abs().max())
    deviation = {
        "loss_step1": dev(one32["fwd"]["loss"], f["loss"]),
        "loss_step2": dev(two32["fwd"]["loss"], two["fwd"]["loss"]),
        "after_step1": {n: dev(a, b) for n, a, b in zip(NAMES, after1_32, after1)},
        "after_step2": {n: dev(a, b) for n, a, b in zip(NAMES, after2_32, after2)},
    }

    payload = {
        "generated_by": "tests/golden/make_ksae_golden.py",
        "versions": {"python": sys.version.split()[0], "torch": torch.__version__, "numpy": np.__version__},
        "reference": "HypotheSAEs hypothesaes/sae.py (SparseAutoencoder.forward/compute_loss/fit), torch.optim.Adam, "
                     "torch.nn.utils.clip_grad_norm_",
        "config": {"n": N, "d": D, "M": M, "K": K, "aux_k": AUX_K, "aux_coef": AUX_COEF, "lr": LR, "betas": list(BETAS),
                   "eps": EPS, "clip_grad": CLIP, "dead_threshold_steps": DEAD_STEPS},
        "shapes": {"x": [N, D], "W_enc": [M, D], "W_dec": [D, M], "b_in": [D], "b_lat": [M], "pre": [N, M],
                   "topk_indices": [N, K], "topk_values": [N, K], "activations": [N, M], "x_hat": [N, D],
                   "aux_activations": [N, M], "aux_residual": [N, D], "aux_reconstruction": [N, D]},
        "inputs": {"x": flat(x), "W_enc": flat(w_enc), "W_dec": flat(w_dec), "b_lat": flat(b_lat),
                   "steps_since_activation": steps.tolist()},
        "b_in": flat(b_in0),
        "forward": {
            "pre": flat(f["pre"]), "topk_indices": f["topk_indices"].reshape(-1).tolist(),
            "topk_values": flat(f["topk_values"]), "activations": flat(f["activations"]), "x_hat": flat(f["x_hat"]),
            "main_loss": f["main_loss"].item(),
            "steps_since_activation_after": f["steps_since_activation_after"].tolist(),
            "dead_mask": [int(v) for v in f["dead_mask"].tolist()],
            "aux_activations": flat(f["aux_activations"]), "aux_residual": flat(f["aux_residual"]),
            "aux_reconstruction": flat(f["aux_reconstruction"]), "aux_loss": f["aux_loss"].item(),
            "loss": f["loss"].item(),
        },
        "grads": named(one["raw"]),
        "grads_adjusted": named(one["adjusted"]),
        "grad_norm": float(one["norm"]),
        "clip_coef": min(1.0, CLIP / (float(one["norm"]) + 1e-6)),
        "grads_clipped": named(one["clipped"]),
        "adam_step1": adam1,
        "after_step1": {**named(after1), "W_dec_before_renorm": flat(one["w_dec_before"])},
        "step2": {"loss": two["fwd"]["loss"].item(), "main_loss": two["fwd"]["main_loss"].item(),
                  "aux_loss": two["fwd"]["aux_loss"].item(),
                  "dead_mask": [int(v) for v in two["fwd"]["dead_mask"].tolist()], "params": named(after2)},
        "float32_deviation": deviation,
        "min_abs_grad": min_abs_grad,
    }
    check_format(payload)
    OUT.write_text(json.dumps(payload, indent=1, allow_nan=False) + "\n")
    print("wrote", OUT.name, "loss", payload["forward"]["loss"], "grad_norm", payload["grad_norm"],
          "min|g|", min_abs_grad, "finite-difference error", fd_error, "float32 deviation", deviation)


def check_gradients_by_finite_differences(inputs, grads, count=12, h=1e-6):
    """Central differences of the loss for a few entries of each parameter agree with autograd's raw gradients
    (with the aux-K residual held at its unperturbed value, as the detach in HypotheSAEs makes autograd do)."""
    x, w_enc, w_dec, b_lat, steps = inputs
    residual = Step(x, w_enc, w_dec, b_lat, steps, torch.float64).forward()["aux_residual"].detach()
    rng = np.random.default_rng(1)
    worst = 0.0
    for which, grad in enumerate(grads):
        for flat_index in rng.choice(grad.numel(), size=min(count, grad.numel()), replace=False):
            values = []
            for sign in (1, -1):
                s = Step(x, w_enc, w_dec, b_lat, steps, torch.float64)
                with torch.no_grad():
                    s.params[which].view(-1)[flat_index] += sign * h
                values.append(s.forward(residual)["loss"].item())
            numeric = (values[0] - values[1]) / (2 * h)
            exact = grad.reshape(-1)[flat_index].item()
            worst = max(worst, abs(numeric - exact) / (abs(exact) + 1e-4))
    assert worst < 1e-5, f"finite differences disagree with autograd: {worst}"
    return worst


def check_format(p):
    """Recomputes the forward pass with numpy from the flat row-major lists, as a reader of the file would."""
    a = lambda v, shape: np.asarray(v, dtype=np.float64).reshape(shape)
    x = a(p["inputs"]["x"], (N, D))
    w_enc, w_dec = a(p["inputs"]["W_enc"], (M, D)), a(p["inputs"]["W_dec"], (D, M))
    b_in, b_lat = a(p["b_in"], (D,)), a(p["inputs"]["b_lat"], (M,))
    assert np.array_equal(x.astype(np.float32).astype(np.float64), x), "x must be exact float32 values"
    assert np.array_equal(b_in, np.sort(x, axis=0)[(N - 1) // 2]), "b_in is the lower median"
    pre = (x - b_in) @ w_enc.T + b_lat
    assert np.allclose(pre, a(p["forward"]["pre"], (N, M)), rtol=1e-12, atol=1e-14)
    acts = a(p["forward"]["activations"], (N, M))
    assert np.allclose(acts @ w_dec.T + b_in, a(p["forward"]["x_hat"], (N, D)), rtol=1e-12, atol=1e-14)
    nmse = lambda pred, t: ((pred - t) ** 2).mean() / ((t.mean(axis=0) - t) ** 2).mean()
    assert abs(nmse(acts @ w_dec.T + b_in, x) - p["forward"]["main_loss"]) < 1e-12


if __name__ == "__main__":
    main()
