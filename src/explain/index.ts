/**
 * What the learner is told about the maths, with no DOM: the ordered steps of a pass, one
 * notation table, each step's equation, the equation with one entry's numbers plugged in, and
 * the narration. Reads src/nn; every number it shows is one the pass computed.
 */
export * from './notation.ts';
export * from './steps.ts';
export * from './equations.ts';
export * from './narration.ts';
export * from './format.ts';
