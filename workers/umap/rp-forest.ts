// Random-projection trees, the seed of NN-descent (as pynndescent and umap-js seed theirs): each tree splits the
// points recursively by the hyperplane between two random points of the node until a node has at most `leafSize`
// points; points that share a leaf are likely neighbours. Angular trees (unit rows, cosine) split by the
// difference of the two unit vectors through the origin; euclidean trees by the perpendicular bisector. A tree is
// one permutation of the point ids with its leaves as ranges, so a forest is a few Int32Arrays, no nested arrays.

export interface RpTree {
  /** The point ids, each leaf a contiguous range. */
  perm: Int32Array;
  /** Leaf i is perm[leafStart[i] .. leafStart[i + 1]); length = leaves + 1. */
  leafStart: Int32Array;
}

/**
 * One tree over the rows of x (n × d, row-major). `random` gives uniform numbers in [0, 1); `angular` when the rows
 * are unit vectors and the metric is cosine. `checkCancelled` is called between nodes.
 */
export function rpTree(
  x: Float32Array, n: number, d: number, leafSize: number, random: () => number, angular: boolean,
  checkCancelled: () => void = () => {},
): RpTree {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const side = new Uint8Array(n);
  const normal = new Float64Array(d);
  const d4 = d - (d % 4);
  const leaves: number[] = [];
  // Depth-first over [lo, hi) ranges; the left child is pushed last so leaves come out in order.
  const stack: number[] = [0, n];
  let nodes = 0;
  while (stack.length > 0) {
    const hi = stack.pop()!, lo = stack.pop()!;
    if (hi - lo <= leafSize) {
      leaves.push(lo);
      continue;
    }
    if ((++nodes & 255) === 0) checkCancelled();
    const size = hi - lo;
    const a = perm[lo + Math.floor(random() * size)];
    let b = perm[lo + Math.floor(random() * (size - 1))];
    if (b === a) b = perm[hi - 1];
    let offset = 0;
    for (let j = 0; j < d; j++) {
      const va = x[a * d + j], vb = x[b * d + j];
      normal[j] = va - vb;
      if (!angular) offset -= normal[j] * (va + vb) / 2;
    }
    let left = 0;
    for (let p = lo; p < hi; p++) {
      const base = perm[p] * d;
      // Four running sums: the adds of one sum wait on each other, and this is most of a forest's time.
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
      for (; j < d4; j += 4) {
        s0 += normal[j] * x[base + j]; s1 += normal[j + 1] * x[base + j + 1];
        s2 += normal[j + 2] * x[base + j + 2]; s3 += normal[j + 3] * x[base + j + 3];
      }
      for (; j < d; j++) s0 += normal[j] * x[base + j];
      const s = offset + (s0 + s1 + (s2 + s3));
      // A point on the plane (duplicates, or a zero normal) goes to a random side.
      const goesLeft = s > 0 || (s === 0 && random() < 0.5);
      side[p - lo] = goesLeft ? 1 : 0;
      if (goesLeft) left++;
    }
    if (left === 0 || left === size) {
      // Degenerate split (all on one side): halve the range as it is, so the tree still ends.
      const mid = lo + (size >> 1);
      stack.push(mid, hi, lo, mid);
      continue;
    }
    // Stable partition through a scratch copy: left side first.
    const scratch = perm.slice(lo, hi);
    let l = lo, r = lo + left;
    for (let p = 0; p < size; p++) {
      if (side[p]) perm[l++] = scratch[p];
      else perm[r++] = scratch[p];
    }
    stack.push(lo + left, hi, lo, lo + left);
  }
  leaves.push(n);
  return { perm, leafStart: Int32Array.from(leaves) };
}
