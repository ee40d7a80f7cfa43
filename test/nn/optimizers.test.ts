/**
 * The optimizers and schedules against updates worked out by hand (not the code compared with
 * itself). Each row gives a parameter θ₀, two gradients g₁, g₂, and θ after each step; the
 * comment above each table shows the arithmetic. Double precision, so the only slack is Adam's ε.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createOptimizer, scheduleScale, type Network, type OptimizerSettings } from '../../src/nn/index.ts';

/** A float64 network with layers sized so that parameter k of `values` is W or b of some layer. */
function network(sizes: number[]): Network {
  return createNetwork({ sizes, activation: 'relu', seed: 1 }, { precision: 'float64' });
}

/** Every parameter in order: layer 0 W, layer 0 b, layer 1 W, … */
function flat(net: Network): number[] {
  return net.layers.flatMap((layer) => [...layer.W, ...layer.b]);
}

function setFlat(net: Network, values: number[]): void {
  let k = 0;
  for (const layer of net.layers) {
    for (let i = 0; i < layer.W.length; i++) layer.W[i] = values[k++];
    for (let i = 0; i < layer.b.length; i++) layer.b[i] = values[k++];
  }
}

/** Gradients shaped like `net`'s parameters, from one flat list in the order of `flat`. */
function gradients(net: Network, values: number[]): { gradW: Float64Array[]; gradB: Float64Array[] } {
  let k = 0;
  const gradW: Float64Array[] = [];
  const gradB: Float64Array[] = [];
  for (const layer of net.layers) {
    gradW.push(Float64Array.from(values.slice(k, (k += layer.W.length))));
    gradB.push(Float64Array.from(values.slice(k, (k += layer.b.length))));
  }
  return { gradW, gradB };
}

/**
 * One scalar parameter per row: sizes [1, 1] has W (1 number) and b (1 number); both get the same
 * θ₀ and gradients, so a row checks W and b alike.
 */
function twoSteps(settings: OptimizerSettings, theta0: number, g1: number, g2: number, scales: [number, number] = [1, 1]): [number, number] {
  const net = network([1, 1]);
  setFlat(net, [theta0, theta0]);
  const optimizer = createOptimizer(net, settings);
  const first = gradients(net, [g1, g1]);
  optimizer.step(net, first.gradW, first.gradB, scales[0]);
  const after1 = flat(net);
  const second = gradients(net, [g2, g2]);
  optimizer.step(net, second.gradW, second.gradB, scales[1]);
  const after2 = flat(net);
  expect(after1[1]).toBe(after1[0]);
  expect(after2[1]).toBe(after2[0]);
  return [after1[0], after2[0]];
}

describe('SGD: θ ← θ − η g', () => {
  // θ₁ = θ₀ − η g₁; θ₂ = θ₁ − η g₂. No memory: θ₂ depends on g₁ only through θ₁.
  it.each([
    // η,   θ₀,   g₁,   g₂,   θ₁,            θ₂
    [0.1, 1, 0.5, -1, 1 - 0.05, 0.95 + 0.1],
    [0.1, -2, -1, 0, -2 + 0.1, -1.9],
    [0.5, 0.25, 2, 2, 0.25 - 1, -0.75 - 1],
    [0.01, 0, 3, -3, -0.03, 0],
  ])('η = %s, θ₀ = %s, g = %s then %s', (eta, theta0, g1, g2, theta1, theta2) => {
    const [after1, after2] = twoSteps({ name: 'sgd', learningRate: eta }, theta0, g1, g2);
    expect(after1).toBeCloseTo(theta1, 12);
    expect(after2).toBeCloseTo(theta2, 12);
  });
});

describe('momentum (heavy ball): v ← μ v + g; θ ← θ − η v', () => {
  // Step 1: v₁ = g₁, θ₁ = θ₀ − η g₁. Step 2: v₂ = μ g₁ + g₂, θ₂ = θ₁ − η (μ g₁ + g₂).
  // Without momentum θ₂ would be θ₁ − η g₂: the rows with g₂ = 0 show the velocity alone.
  it.each([
    // μ,   η,   θ₀, g₁, g₂,  θ₁,   θ₂
    [0.9, 0.1, 0, 1, 0.5, -0.1, -0.1 - 0.1 * (0.9 + 0.5)], // -0.24
    [0.9, 0.1, 0, -2, 0.5, 0.2, 0.2 - 0.1 * (-1.8 + 0.5)], // 0.33
    [0.9, 0.1, 1, 1, 0, 0.9, 0.9 - 0.09], // 0.81: the ball rolls on with no new gradient
    [0.5, 0.2, 0, 1, 1, -0.2, -0.2 - 0.2 * 1.5], // -0.5, a custom μ
    [0, 0.1, 0, 1, 0, -0.1, -0.1], // μ = 0 is plain SGD
  ])('μ = %s, η = %s, θ₀ = %s, g = %s then %s', (mu, eta, theta0, g1, g2, theta1, theta2) => {
    const [after1, after2] = twoSteps({ name: 'momentum', learningRate: eta, momentum: mu }, theta0, g1, g2);
    expect(after1).toBeCloseTo(theta1, 12);
    expect(after2).toBeCloseTo(theta2, 12);
  });

  it('uses μ = 0.9 when none is given', () => {
    const [, after2] = twoSteps({ name: 'momentum', learningRate: 0.1 }, 0, 1, 0);
    expect(after2).toBeCloseTo(-0.19, 12);
  });
});

describe('Adam with bias correction: m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), θ ← θ − η m̂ / (√v̂ + ε)', () => {
  // Defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8, η = 0.1.
  // Step 1: m = 0.1 g₁, v = 0.001 g₁², so m̂ = g₁ and v̂ = g₁²: the first step is η·sign(g₁),
  //   whatever the size of g₁. (Without bias correction it would be η · 0.1/√0.001 ≈ 3.16 η.)
  // Step 2 (g₁ = 1, g₂ = 0.5): m = 0.09 + 0.05 = 0.14, m̂ = 0.14 / 0.19 = 0.736842…;
  //   v = 0.000999 + 0.00025 = 0.001249, v̂ = 0.001249 / 0.001999 = 0.624812…;
  //   Δθ = −0.1 · 0.736842 / 0.790451 = −0.0932180, so θ₂ = −0.1932180.
  it.each([
    // θ₀, g₁,   g₂,   θ₁,    θ₂
    [0, 1, 0.5, -0.1, -0.1932179617],
    [0, -2, 1, 0.1, 0.1266337033], // m = −0.18 + 0.1 = −0.08, v = 0.003996 + 0.001 → θ₂ = 0.1 + 0.0266337
    [0, 0, 3, 0, -0.0744136820], // m̂ = 0.3/0.19, v̂ = 0.009/0.001999: a first zero gradient leaves θ and the moments at 0
    [1, 0.5, -0.5, 0.9, 0.9052631598], // m = 0.045 − 0.05 = −0.005 → a small step back up
    [2, 0.1, 0.1, 2 - 0.1, 2 - 0.2], // small but steady gradients still move θ by η per step
  ])('θ₀ = %s, g = %s then %s', (theta0, g1, g2, theta1, theta2) => {
    const [after1, after2] = twoSteps({ name: 'adam', learningRate: 0.1 }, theta0, g1, g2);
    // ε = 1e-8 changes these by less than 1e-6 (ε is folded into the step as ε/√(1 − β₂ᵗ)).
    expect(after1).toBeCloseTo(theta1, 5);
    expect(after2).toBeCloseTo(theta2, 5);
  });

  it('honours β₁ and β₂: with β₁ = 0.5, β₂ = 0.75 the second step is η · m̂ / √v̂ with those betas', () => {
    // g₁ = 1, g₂ = 0.5. m = 0.5·0.5 + 0.5·0.5 = 0.5, m̂ = 0.5 / 0.75 = 2/3;
    // v = 0.75·0.25 + 0.25·0.25 = 0.25, v̂ = 0.25 / 0.4375 = 4/7; Δθ = −0.1 · (2/3) / √(4/7) = −0.0881917.
    const [after1, after2] = twoSteps({ name: 'adam', learningRate: 0.1, beta1: 0.5, beta2: 0.75 }, 0, 1, 0.5);
    expect(after1).toBeCloseTo(-0.1, 6);
    expect(after2).toBeCloseTo(-0.1 - 0.1 * (2 / 3) / Math.sqrt(4 / 7), 6);
  });

  it('ε keeps the step finite when the gradient is 0: m̂ = 0 gives no step, not NaN', () => {
    const [after1, after2] = twoSteps({ name: 'adam', learningRate: 0.1 }, 0.5, 0, 0);
    expect(after1).toBe(0.5);
    expect(after2).toBe(0.5);
  });

  it('ε matters against gradients of its own size: a 1e-8 gradient moves θ far less than η', () => {
    // Step 1 with g = 1e-8 = ε: the update is η·m̂/(√v̂ + ε̂) with ε folded into the step size as in
    // Kingma & Ba's efficient form, about 0.0307 η (η/2 with ε added to √v̂ itself). Either way it is
    // far below the η a large gradient gets.
    const [after1] = twoSteps({ name: 'adam', learningRate: 0.1 }, 0, 1e-8, 0);
    expect(after1).toBeLessThan(0);
    expect(after1).toBeGreaterThan(-0.06);
  });
});

describe('each parameter array keeps its own optimizer state', () => {
  // Three layers, so six parameter arrays (W and b of each). Step 1 gives every
  // parameter its own gradient g₁ = k + 1, step 2 gives none. With momentum μ = 0.9, η = 0.1,
  // θ₂ = −0.1 g₁ − 0.1 · 0.9 g₁ = −0.19 g₁ for every parameter, if and only if no array shares
  // or loses its velocity.
  it.each(['momentum', 'adam'] as const)('%s', (name) => {
    const net = network([2, 2, 2, 2]);
    const count = flat(net).length;
    setFlat(net, new Array(count).fill(0));
    const optimizer = createOptimizer(net, { name, learningRate: 0.1 });
    const g1 = Array.from({ length: count }, (_, k) => k + 1);
    const step1 = gradients(net, g1);
    optimizer.step(net, step1.gradW, step1.gradB);
    const zero = gradients(net, new Array(count).fill(0));
    optimizer.step(net, zero.gradW, zero.gradB);
    // Adam, step 2 with g₂ = 0: m̂ = 0.09 g₁ / 0.19, v̂ = 0.000999 g₁² / 0.001999, so
    // Δθ = −0.1 · (0.09/0.19) / √(0.000999/0.001999) = −0.0670079… for every g₁ > 0.
    const expected = g1.map((g) => (name === 'momentum' ? -0.19 * g : -0.1 - 0.1 * (0.09 / 0.19) / Math.sqrt(0.000999 / 0.001999)));
    const after = flat(net);
    for (let k = 0; k < count; k++) expect(after[k], `parameter ${k}`).toBeCloseTo(expected[k], 6);
  });
});

describe('learning-rate schedules', () => {
  // Cosine annealing: η_t = η · ½ (1 + cos(π t / T)); constant: η_t = η.
  it.each([
    ['cosine', 0, 4, 1],
    ['cosine', 1, 4, 0.5 * (1 + Math.SQRT1_2)], // 0.853553
    ['cosine', 2, 4, 0.5],
    ['cosine', 3, 4, 0.5 * (1 - Math.SQRT1_2)], // 0.146447
    ['cosine', 4, 4, 0],
    ['cosine', 1, 3, 0.75], // cos(π/3) = ½
    ['cosine', 2, 3, 0.25],
    ['constant', 0, 4, 1],
    ['constant', 3, 4, 1],
    ['constant', 4, 4, 1],
  ] as const)('%s after %i of %i steps scales η by %s', (schedule, done, total, scale) => {
    expect(scheduleScale(schedule, done, total)).toBeCloseTo(scale, 12);
  });

  // The scale passed to `step` multiplies η for that step only.
  it.each([
    // optimizer, θ after step 1 (scale ½), θ after step 2 (scale 1); θ₀ = 0, g₁ = 1, g₂ = 0.5, η = 0.1
    ['sgd', -0.05, -0.05 - 0.05], // −η/2 · 1, then −η · 0.5
    ['momentum', -0.05, -0.05 - 0.1 * (0.9 + 0.5)], // the velocity is not scaled, only the step
    ['adam', -0.05, -0.05 - 0.0932179617], // Adam's second step as in the table above
  ] as const)('%s applies the scale of the step it is given', (name, theta1, theta2) => {
    const [after1, after2] = twoSteps({ name, learningRate: 0.1 }, 0, 1, 0.5, [0.5, 1]);
    expect(after1).toBeCloseTo(theta1, 6);
    expect(after2).toBeCloseTo(theta2, 6);
  });
});

describe('settings the optimizer refuses', () => {
  it.each([
    [{ name: 'rmsprop', learningRate: 0.1 }, /unknown optimizer "rmsprop": use sgd, momentum or adam/],
    [{ name: 'sgd', learningRate: 0 }, /greater than 0 \(got 0\): try 0\.1/],
    [{ name: 'momentum', learningRate: -1 }, /greater than 0 \(got -1\): try 0\.01/],
    [{ name: 'adam', learningRate: Number.NaN }, /not a number \(got NaN\): try 0\.001/],
    [{ name: 'sgd', learningRate: '0.1' }, /learning rate is not a number \(got 0\.1\)/],
    [{ name: 'adam', learningRate: Number.POSITIVE_INFINITY }, /must be finite/],
    [{ name: 'sgd', learningRate: 100.5 }, /absurdly large \(at most 100\)/],
    [{ name: 'momentum', learningRate: 0.1, momentum: 1 }, /momentum must be in \[0, 1\), got 1/],
    [{ name: 'momentum', learningRate: 0.1, momentum: -0.1 }, /momentum must be in \[0, 1\), got -0\.1/],
    [{ name: 'adam', learningRate: 0.1, beta1: 1 }, /beta1 must be in \[0, 1\)/],
    [{ name: 'adam', learningRate: 0.1, beta2: 1.5 }, /beta2 must be in \[0, 1\)/],
    [{ name: 'adam', learningRate: 0.1, epsilon: 0 }, /epsilon must be a small positive number, got 0/],
    [{ name: 'adam', learningRate: 0.1, epsilon: Number.POSITIVE_INFINITY }, /epsilon must be a small positive number/],
  ] as const)('%o', (settings, message) => {
    expect(() => createOptimizer(network([1, 1]), settings as OptimizerSettings)).toThrow(message);
  });

  it.each([
    { name: 'sgd', learningRate: 100 },
    { name: 'momentum', learningRate: 1e-6, momentum: 0 },
    { name: 'adam', learningRate: 0.001, beta1: 0, beta2: 0, epsilon: 1 },
  ] as const)('accepts the edge %o', (settings) => {
    expect(() => createOptimizer(network([1, 1]), settings)).not.toThrow();
  });
});
