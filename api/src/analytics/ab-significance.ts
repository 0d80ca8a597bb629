/**
 * Two-sided two-proportion z-test: how likely a difference in conversion this large would be if both branches
 * converted equally. Null when either branch has no conversations or nobody/everybody converted in both (no
 * variance to test). A marketer reads `1 - pValue` as the confidence that the branches really differ.
 */
export function twoProportionPValue(convertedA: number, totalA: number, convertedB: number, totalB: number): number | null {
  if (totalA <= 0 || totalB <= 0) return null;
  const pooled = (convertedA + convertedB) / (totalA + totalB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / totalA + 1 / totalB));
  if (se === 0) return null;
  const z = Math.abs(convertedA / totalA - convertedB / totalB) / se;
  return Math.min(1, 2 * (1 - standardNormalCdf(z)));
}

/** Φ(z) via the error function (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function standardNormalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
