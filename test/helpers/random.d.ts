/** A small seeded generator for randomised tests, so that a failing case can be replayed from its seed. */
/** Returns numbers in [0, 1), the same sequence for the same seed (a linear congruential generator). */
export declare function seededRandom(seed: number): () => number;
