/** IP literals to network-order bytes, for SOCKS address fields. */
import { isIP } from 'node:net';
/** `192.0.2.1` to 4 bytes; the caller has checked it is an IPv4 literal. */
export function ipv4ToBytes(ip) {
    return Buffer.from(ip.split('.').map(Number));
}
/** An IPv6 literal (with `::` and an optional dotted IPv4 tail) to 16 bytes; the caller has checked it. */
export function ipv6ToBytes(ip) {
    let text = ip.replace(/%.*$/, ''); // a zone id is local to this host and means nothing to the proxy
    const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (tail?.[1] !== undefined && isIP(tail[1]) === 4) {
        const v4 = ipv4ToBytes(tail[1]);
        text = `${text.slice(0, -tail[1].length)}${v4.readUInt16BE(0).toString(16)}:${v4.readUInt16BE(2).toString(16)}`;
    }
    const [head = '', rest] = text.split('::');
    const headGroups = head === '' ? [] : head.split(':');
    const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
    const zeros = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
    const groups = [...headGroups, ...Array(zeros).fill('0'), ...restGroups];
    const bytes = Buffer.alloc(16);
    groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
    return bytes;
}
//# sourceMappingURL=ip-bytes.js.map