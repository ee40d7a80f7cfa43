/** The command-line tools, run as a learner runs them (a child process on the project's Node). */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/data/load-node.ts';

const run = promisify(execFile);
const cli = (name: string) => join(import.meta.dirname, '../../src/cli', `${name}.ts`);

async function exec(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli(name), ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run trace', () => {
  it('prints the trace document for a test digit', async () => {
    const { code, stdout } = await exec('trace', ['--set', 'test', '--index', '0', '--hidden', '8', '--activation', 'relu', '--seed', '1', '--lr', '0.1']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.format).toBe('stepwise-trace');
    expect(doc.network).toEqual({ sizes: [784, 8, 10], activation: 'relu', seed: 1 });
    expect(doc.sample.label).toBe(7);
    expect(doc.sample.pixels).toHaveLength(784);
    expect(doc.sample.pixels[202]).toBeCloseTo(loadMnist('test').pixels[202] / 255, 6);
    expect(doc.layers[0].dLdW).toHaveLength(8);
    expect(doc.updated).toHaveLength(2);
  });

  it('accepts two hidden layers and the train set', async () => {
    const { code, stdout } = await exec('trace', ['--set', 'train', '--index', '59999', '--hidden', '6,4', '--activation', 'tanh']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.network.sizes).toEqual([784, 6, 4, 10]);
    expect(doc.sample.label).toBe(loadMnist('train').labels[59999]);
  });

  it.each([
    [['--set', 'validation'], /--set must be one of train, test/],
    [['--index', '10000'], /--index must be a whole number from 0 to 9999/],
    [['--hidden', '16,x'], /--hidden must be layer widths/],
    [['--activation', 'gelu'], /--activation must be one of relu, sigmoid, tanh/],
    [['--lr', '-1'], /--lr must be a positive number/],
    [['--frobnicate'], /unknown flag --frobnicate/],
    [['--weights', '/nonexistent.json'], /cannot read --weights/],
  ])('rejects %j with one line on stderr', async (args, message) => {
    const { code, stdout, stderr } = await exec('trace', args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

describe('npm run train', () => {
  it('trains an epoch and ends stdout with a JSON summary', async () => {
    const { code, stdout } = await exec('train', ['--hidden', '16', '--epochs', '1', '--optimizer', 'adam', '--json']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^epoch 1: loss [\d.]+ +train acc [\d.]+ % +test acc [\d.]+ %/);
    const summary = JSON.parse(lines.at(-1)!);
    expect(summary.testAccuracy).toBeGreaterThan(0.85);
    expect(summary.epochs).toHaveLength(1);
    expect(Object.keys(summary.epochs[0])).toEqual(['epoch', 'loss', 'trainAccuracy', 'testAccuracy', 'seconds']);
    expect(summary.samplesPerSecond).toBeGreaterThan(0);
  });

  it('reports divergence with a suggestion and a non-zero exit', async () => {
    const { code, stdout, stderr } = await exec('train', ['--hidden', '16', '--epochs', '1', '--lr', '60', '--json']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/training diverged: .* try 6/);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!).status).toBe('diverged');
  });

  it.each([
    [['--lr', 'NaN'], /--lr must be a number/, 2],
    [['--lr', '0'], /learning rate must be greater than 0/, 1],
    [['--batch', '0'], /--batch must be a whole number from 1/, 2],
    [['--epochs', 'many'], /--epochs must be a whole number/, 2],
  ])('rejects %j before training', async (args, message, exitCode) => {
    const { code, stderr } = await exec('train', args);
    expect(code).toBe(exitCode);
    expect(stderr).toMatch(message);
  });

  it('--save writes weights that trace --weights reads back', async () => {
    const file = join(tmpdir(), `stepwise-weights-${process.pid}.json`);
    const trained = await exec('train', ['--hidden', '8', '--epochs', '1', '--optimizer', 'adam', '--save', file]);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toContain(`weights saved to ${file}`);
    const { code, stdout } = await exec('trace', ['--weights', file, '--index', '1']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.network.sizes).toEqual([784, 8, 10]);
    expect(doc.layers[1].weights).toEqual(saved.layers[1].weights);
    // A trained network is confident and right about this easy digit (a 2).
    expect(doc.probabilities[2]).toBeGreaterThan(0.5);
    writeFileSync(file, '{"format":"stepwise-weights","version":1,"network":{"sizes":[784,8,10],"activation":"relu","seed":1},"layers":[]}');
    const broken = await exec('trace', ['--weights', file]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/These weights cannot be loaded: expected 2 layers/);
    rmSync(file);
  });

  it('--help explains every flag', async () => {
    const { code, stdout } = await exec('train', ['--help']);
    expect(code).toBe(0);
    for (const flag of ['--hidden', '--activation', '--optimizer', '--lr', '--batch', '--epochs', '--seed', '--save', '--json']) expect(stdout).toContain(flag);
  });
});
