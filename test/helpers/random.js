/** A small seeded generator for randomised tests, so that a failing case can be replayed from its seed. */
/** Returns numbers in [0, 1), the same sequence for the same seed (a linear congruential generator). */
export function seededRandom(seed) {
    let state = seed;
    return () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state / 2147483648;
    };
}
//# sourceMappingURL=random.js.map