// Grouping quality: pairwise precision and recall (of the pairs of articles put in one story, how many
// are one incident; of the pairs that are one incident, how many were put together) and B-cubed.

export interface GroupingScores {
  articles: number;
  goldStories: number;
  predictedStories: number;
  pairwise: { precision: number; recall: number; f1: number; truePairs: number; predictedPairs: number; correctPairs: number };
  bcubed: { precision: number; recall: number; f1: number };
}

/** Scores predicted story ids against gold story keys, item by item (same order, same length). */
export function scoreGrouping(gold: readonly string[], predicted: readonly (string | number)[]): GroupingScores {
  if (gold.length !== predicted.length) throw new Error('stories eval: gold and predicted differ in length');
  const n = gold.length;
  let truePairs = 0;
  let predictedPairs = 0;
  let correctPairs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const g = gold[i] === gold[j];
      const p = predicted[i] === predicted[j];
      if (g) truePairs++;
      if (p) predictedPairs++;
      if (g && p) correctPairs++;
    }
  }
  let bp = 0;
  let br = 0;
  for (let i = 0; i < n; i++) {
    let sameBoth = 0;
    let sameGold = 0;
    let samePred = 0;
    for (let j = 0; j < n; j++) {
      const g = gold[i] === gold[j];
      const p = predicted[i] === predicted[j];
      if (g) sameGold++;
      if (p) samePred++;
      if (g && p) sameBoth++;
    }
    bp += sameBoth / samePred;
    br += sameBoth / sameGold;
  }
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const bP = n === 0 ? 1 : bp / n;
  const bR = n === 0 ? 1 : br / n;
  return {
    articles: n,
    goldStories: new Set(gold).size,
    predictedStories: new Set(predicted).size,
    pairwise: { precision, recall, f1: f1(precision, recall), truePairs, predictedPairs, correctPairs },
    bcubed: { precision: bP, recall: bR, f1: f1(bP, bR) },
  };
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}
