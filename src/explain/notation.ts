/**
 * One notation for everything the learner reads: equations (TeX), titles and labels (plain
 * Unicode), the code names of src/nn/reference.ts, and each quantity's shape.
 *
 * Convention: layers are numbered l = 1 … L and written as a superscript in parentheses,
 * W⁽ˡ⁾ (TeX `W^{(l)}`). a⁽⁰⁾ = x is the input (the 784 pixels), written x; the last layer's
 * z⁽ᴸ⁾ are the logits and p = softmax(z⁽ᴸ⁾) the probabilities; y is the true class; entries are
 * subscripts (z⁽¹⁾₃, W⁽²⁾₄,₇ = weight from unit 7 of layer 1 to unit 4 of layer 2).
 */

/** A named quantity of the pass. */
export type QuantityName = 'x' | 'y' | 'W' | 'b' | 'z' | 'a' | 'p' | 'L' | 'dLdz' | 'dLda' | 'dLdW' | 'dLdb' | 'eta' | 'Wnew' | 'bnew';

/** Names one quantity of a pass, e.g. { name: 'dLdW', layer: 2 }. `layer` is 1-based. */
export interface QuantityRef {
  name: QuantityName;
  layer?: number;
}

/** One row of the notation table. */
export interface Notation {
  name: QuantityName;
  /** Plain-language name, e.g. "weight gradient". */
  plain: string;
  /** The name in src/nn/reference.ts and pass.ts. */
  code: string;
  /** TeX of the symbol for layer `l` (the `(l)` superscript is added where the quantity has one). */
  tex: (l: string) => string;
  /** Plain-text symbol for layer `l` (Unicode superscript). */
  symbol: (l: string) => string;
  /** Shape, in terms of n⁽ˡ⁾ (units of layer l), for the table. */
  shape: string;
  /** Whether the quantity belongs to a layer (has a superscript). */
  layered: boolean;
}

const SUPERSCRIPT: Record<string, string> = {
  0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', l: 'ˡ', L: 'ᴸ', '-': '⁻', '−': '⁻', '+': '⁺',
};
const SUBSCRIPT: Record<string, string> = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', ',': ',', y: 'ᵧ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', o: 'ₒ' };

/** `sup('2')` → "⁽²⁾": the layer superscript in plain text. */
export const sup = (l: string | number): string => `⁽${[...String(l)].map((c) => SUPERSCRIPT[c] ?? c).join('')}⁾`;
/** `sub('4,7')` → "₄,₇": an entry subscript in plain text. */
export const sub = (s: string | number): string => [...String(s)].map((c) => SUBSCRIPT[c] ?? c).join('');
/** `texSup('2')` → "^{(2)}": the layer superscript in TeX. */
export const texSup = (l: string | number): string => `^{(${l})}`;

const partial = (of: string) => ({
  tex: (l: string) => `\\frac{\\partial L}{\\partial ${of}${texSup(l)}}`,
  symbol: (l: string) => `∂L/∂${of}${sup(l)}`,
});

/** The notation table, in the order a learner meets the quantities. */
export const NOTATION: readonly Notation[] = [
  { name: 'x', plain: 'input pixels', code: 'x', tex: () => 'x', symbol: () => 'x', shape: '[784]', layered: false },
  { name: 'W', plain: 'weights', code: 'W', tex: (l) => `W${texSup(l)}`, symbol: (l) => `W${sup(l)}`, shape: '[n⁽ˡ⁾, n⁽ˡ⁻¹⁾]', layered: true },
  { name: 'b', plain: 'biases', code: 'b', tex: (l) => `b${texSup(l)}`, symbol: (l) => `b${sup(l)}`, shape: '[n⁽ˡ⁾]', layered: true },
  { name: 'z', plain: 'weighted sums (pre-activations)', code: 'z', tex: (l) => `z${texSup(l)}`, symbol: (l) => `z${sup(l)}`, shape: '[n⁽ˡ⁾]', layered: true },
  { name: 'a', plain: 'activations', code: 'a', tex: (l) => `a${texSup(l)}`, symbol: (l) => `a${sup(l)}`, shape: '[n⁽ˡ⁾]', layered: true },
  { name: 'p', plain: 'probabilities', code: 'p', tex: () => 'p', symbol: () => 'p', shape: '[10]', layered: false },
  { name: 'y', plain: 'true class (label)', code: 'y', tex: () => 'y', symbol: () => 'y', shape: 'one class 0–9', layered: false },
  { name: 'L', plain: 'loss', code: 'L', tex: () => 'L', symbol: () => 'L', shape: 'one number', layered: false },
  { name: 'dLdz', plain: 'gradient of the loss w.r.t. the weighted sums', code: 'dLdz', ...partial('z'), shape: '[n⁽ˡ⁾]', layered: true },
  { name: 'dLda', plain: 'gradient of the loss w.r.t. the activations', code: 'dLda', ...partial('a'), shape: '[n⁽ˡ⁾]', layered: true },
  { name: 'dLdW', plain: 'weight gradient', code: 'dLdW', ...partial('W'), shape: '[n⁽ˡ⁾, n⁽ˡ⁻¹⁾]', layered: true },
  { name: 'dLdb', plain: 'bias gradient', code: 'dLdb', ...partial('b'), shape: '[n⁽ˡ⁾]', layered: true },
  { name: 'eta', plain: 'learning rate', code: 'eta', tex: () => '\\eta', symbol: () => 'η', shape: 'one number', layered: false },
  { name: 'Wnew', plain: 'weights after the step', code: 'W (updated)', tex: (l) => `W${texSup(l)}_{\\text{new}}`, symbol: (l) => `W${sup(l)} (new)`, shape: '[n⁽ˡ⁾, n⁽ˡ⁻¹⁾]', layered: true },
  { name: 'bnew', plain: 'biases after the step', code: 'b (updated)', tex: (l) => `b${texSup(l)}_{\\text{new}}`, symbol: (l) => `b${sup(l)} (new)`, shape: '[n⁽ˡ⁾]', layered: true },
];

const byName = new Map(NOTATION.map((n) => [n.name, n]));

/** The notation row of `name`. */
export function notation(name: QuantityName): Notation {
  return byName.get(name)!;
}

/** `quantityTex({ name: 'W', layer: 2 })` → `W^{(2)}`. */
export function quantityTex(ref: QuantityRef): string {
  return notation(ref.name).tex(String(ref.layer ?? 'l'));
}

/** `quantitySymbol({ name: 'dLdW', layer: 2 })` → "∂L/∂W⁽²⁾": the plain-text symbol, for labels. */
export function quantitySymbol(ref: QuantityRef): string {
  return notation(ref.name).symbol(String(ref.layer ?? 'l'));
}

/** `quantityLabel({ name: 'dLdW', layer: 2 })` → "∂L/∂W⁽²⁾, weight gradient of layer 2": symbol and plain name. */
export function quantityLabel(ref: QuantityRef): string {
  const n = notation(ref.name);
  return n.layered && ref.layer !== undefined ? `${n.symbol(String(ref.layer))}, ${n.plain} of layer ${ref.layer}` : `${n.symbol('l')}, ${n.plain}`;
}

/** `changeSymbol('W', 2)` → "ΔW⁽²⁾": the change one gradient-descent step makes, ΔW = −η·∂L/∂W (Δb likewise). */
export const changeSymbol = (name: 'W' | 'b', layer: number | string): string => `Δ${notation(name).symbol(String(layer))}`;
/** `changeTex('W', 2)` → `\Delta W^{(2)}`. */
export const changeTex = (name: 'W' | 'b', layer: number | string): string => `\\Delta ${notation(name).tex(String(layer))}`;

/** The TeX of a layer's input: x for layer 1, a⁽ˡ⁻¹⁾ otherwise. */
export const inputTex = (l: number): string => (l === 1 ? 'x' : `a${texSup(l - 1)}`);
/** The plain symbol of a layer's input: x for layer 1, a⁽ˡ⁻¹⁾ otherwise. */
export const inputSymbol = (l: number): string => (l === 1 ? 'x' : `a${sup(l - 1)}`);
/** The input of layer l as a reference. */
export const inputRef = (l: number): QuantityRef => (l === 1 ? { name: 'x' } : { name: 'a', layer: l - 1 });
