/**
 * Everything a lesson may import. Lessons import widgets from here only, so a widget's folder can
 * change without touching the lessons that use it.
 */
export { default as DigitGrid } from './DigitGrid/DigitGrid.astro';
export { default as Tex } from './Tex/Tex.astro';
