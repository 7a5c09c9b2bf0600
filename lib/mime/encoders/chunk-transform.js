/** A Transform around a stateful chunk encoder, so each encoder is written once and used sync or streamed. */
import { Transform } from 'node:stream';
/** Streams bytes through `encoder`, carrying its state across chunks. */
export function encoderTransform(encoder) {
    return new Transform({
        transform(chunk, _encoding, callback) {
            try {
                const out = encoder.update(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
                callback(null, out.length > 0 ? out : undefined);
            }
            catch (err) {
                callback(err);
            }
        },
        flush(callback) {
            try {
                const out = encoder.final();
                callback(null, out.length > 0 ? out : undefined);
            }
            catch (err) {
                callback(err);
            }
        },
    });
}
//# sourceMappingURL=chunk-transform.js.map