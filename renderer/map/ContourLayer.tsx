import { memo } from 'react';
import { CONTOUR_FILL, CONTOUR_STROKE, gridTransform, LEVEL_OPACITY, type DensityContour } from './contours.js';
import type { ViewInfo } from './PointCloud.js';

/**
 * The density contours as SVG under the (transparent) point canvas. The paths stay in grid units; a pan or zoom only
 * changes the group's transform, and strokes keep their width through it.
 */
export const ContourLayer = memo(function ContourLayer({ contours, view }: { contours: DensityContour[]; view: ViewInfo | null }) {
  if (!view) return null;
  const [a, d, e, f] = gridTransform(view);
  return (
    <svg className="map-contours" width={view.width} height={view.height} data-testid="map-contours" data-levels={contours.length} aria-hidden="true">
      <g transform={`matrix(${a} 0 0 ${d} ${e} ${f})`}>
        {contours.map((c) => (
          <path key={c.value} d={c.path} fill={CONTOUR_FILL} fillOpacity={LEVEL_OPACITY} fillRule="evenodd"
            stroke={CONTOUR_STROKE} strokeOpacity={0.3} strokeWidth={0.75} vectorEffect="non-scaling-stroke" />
        ))}
      </g>
    </svg>
  );
});
