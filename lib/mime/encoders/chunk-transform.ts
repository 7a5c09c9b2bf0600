/** A Transform around a stateful chunk encoder, so each encoder is written once and used sync or streamed. */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/** A stateful byte encoder: feed chunks in order, then call `final` once. */
export interface ChunkEncoder {
  update(chunk: Buffer): Buffer;
  final(): Buffer;
}

/** Streams bytes through `encoder`, carrying its state across chunks. */
export function encoderTransform(encoder: ChunkEncoder): Transform {
  return new Transform({
    transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
      try {
        const out = encoder.update(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        callback(null, out.length > 0 ? out : undefined);
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        const out = encoder.final();
        callback(null, out.length > 0 ? out : undefined);
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}
