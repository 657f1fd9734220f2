// The smallest linear scale regl-scatterplot accepts as xScale / yScale: it reads and writes domain() and range(),
// and keeps the domain equal to the part of normalised space on screen, so scale(v) is v's pixel position.

export interface LinearScale {
  (v: number): number;
  domain(): [number, number];
  domain(d: readonly number[]): LinearScale;
  range(): [number, number];
  range(r: readonly number[]): LinearScale;
  invert(px: number): number;
  copy(): LinearScale;
}

export function linearScale(domain: [number, number] = [-1, 1], range: [number, number] = [0, 1]): LinearScale {
  let d: [number, number] = [domain[0], domain[1]];
  let r: [number, number] = [range[0], range[1]];
  const scale = ((v: number) => r[0] + ((v - d[0]) / (d[1] - d[0] || 1)) * (r[1] - r[0])) as LinearScale;
  scale.domain = ((next?: readonly number[]) => {
    if (!next) return [d[0], d[1]];
    d = [next[0], next[1]];
    return scale;
  }) as LinearScale['domain'];
  scale.range = ((next?: readonly number[]) => {
    if (!next) return [r[0], r[1]];
    r = [next[0], next[1]];
    return scale;
  }) as LinearScale['range'];
  scale.invert = (px: number) => d[0] + ((px - r[0]) / (r[1] - r[0] || 1)) * (d[1] - d[0]);
  scale.copy = () => linearScale(d, r);
  return scale;
}
