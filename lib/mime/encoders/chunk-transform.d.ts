/** A Transform around a stateful chunk encoder, so each encoder is written once and used sync or streamed. */
import { Transform } from 'node:stream';
/** A stateful byte encoder: feed chunks in order, then call `final` once. */
export interface ChunkEncoder {
    update(chunk: Buffer): Buffer;
    final(): Buffer;
}
/** Streams bytes through `encoder`, carrying its state across chunks. */
export declare function encoderTransform(encoder: ChunkEncoder): Transform;
