import { describe, it, expect } from '@jest/globals';
import { createRandomPool } from '../../lib/mime/ids.js';
describe('ids: random pool', () => {
    it('hands out fresh bytes of the size asked, never changed by later refills', () => {
        const next = createRandomPool(64);
        const first = next(16);
        const copy = Buffer.from(first);
        const seen = new Set([first.toString('hex')]);
        for (let i = 0; i < 100; i += 1) {
            const bytes = next(12);
            expect(bytes).toHaveLength(12);
            seen.add(bytes.toString('hex'));
        }
        expect(first.equals(copy)).toBe(true);
        expect(seen.size).toBe(101);
        expect(next(200)).toHaveLength(200);
    });
});
//# sourceMappingURL=random-pool.spec.js.map