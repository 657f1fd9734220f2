// Colours and default sizes shared by every figure (explicit so the app and exported files look the same).

/** The app's condition palette (renderer/styles.css --c-*), so figures and the explorer agree. */
export const CONDITION_COLORS: Record<string, string> = {
  control: '#6b7280',
  video: '#7c3aed',
  coach: '#0f8a6a',
  combined: '#c2410c',
};
const FALLBACK = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];

export function conditionColor(c: string, index = 0): string {
  return CONDITION_COLORS[c] ?? FALLBACK[index % FALLBACK.length];
}

/** Fig. 2: Affective (green), Cognitive (cyan), Motivational (blue), Misattuned (red). */
export const LEVEL1_COLORS: Record<string, string> = {
  Affective: '#2f9e44',
  Cognitive: '#1098ad',
  Motivational: '#3b5bdb',
  Misattuned: '#e03131',
};
export function level1Color(l: string | null): string {
  return (l && LEVEL1_COLORS[l]) || '#868e96';
}

export const SCENARIO_COLORS = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5'];

export const DEFAULT_WIDTH = 960;
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
