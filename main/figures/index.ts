// Figure functions (pure: analysis result + options -> FigureSpec) and table export, shared by the app and the CLI.
// Rendering needs a document: render.ts (any DOM), headless.ts (Node, linkedom).

export * from './types.js';
export * from './format.js';
export * from './theme.js';
export * from './tables.js';
export * from './effects.js';
export * from './rci.js';
export * from './trait.js';
export * from './shifts.js';
export * from './preference.js';
export * from './agreement.js';
export * from './render.js';
export * from './report.js';
export * from './custom.js';
export * from './scenario-types.js';
