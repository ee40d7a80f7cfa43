/**
 * Everything a lesson may import. Lessons import widgets from here only, so a widget's folder can
 * change without touching the lessons that use it.
 */
export { default as DigitGrid } from './DigitGrid/DigitGrid.astro';
export { default as Tex } from './Tex/Tex.astro';
export { default as Fact } from './Fact/Fact.astro';
export { default as StepSession } from './StepSession/StepSession.astro';
export { default as Stepper } from './Stepper/Stepper.astro';
export { default as NetworkDiagram } from './NetworkDiagram/NetworkDiagram.astro';
export { default as QuantityView } from './QuantityView/QuantityView.astro';
export { default as EquationPanel } from './EquationPanel/EquationPanel.astro';
export { default as CodePanel } from './CodePanel/CodePanel.astro';
export { default as Probabilities } from './Probabilities/Probabilities.astro';
export { default as DigitPicker } from './DigitPicker/DigitPicker.astro';
export { default as DownloadPass } from './DownloadPass/DownloadPass.astro';
export { default as ChainRule } from './ChainRule/ChainRule.astro';
export { default as DrawDigit } from './DrawDigit/DrawDigit.astro';
export { default as ConfusionMatrix } from './ConfusionMatrix/ConfusionMatrix.astro';
export { default as MistakeGallery } from './MistakeGallery/MistakeGallery.astro';
export { default as MistakeFact } from './ConfusionMatrix/MistakeFact.astro';
export { default as DescentStep } from './DescentStep/DescentStep.astro';
export { default as OptimizerStep } from './OptimizerStep/OptimizerStep.astro';
export { default as StepNote } from './StepNote/StepNote.astro';
export { default as Lab } from './Lab/Lab.astro';
