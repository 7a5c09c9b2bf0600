/** Content types guessed from file names: a small hand-written table of the common types. */
const TYPES = {
    txt: 'text/plain', text: 'text/plain', log: 'text/plain', md: 'text/markdown', csv: 'text/csv',
    tsv: 'text/tab-separated-values', htm: 'text/html', html: 'text/html', css: 'text/css', xml: 'text/xml',
    ics: 'text/calendar', vcf: 'text/vcard', rtf: 'application/rtf',
    js: 'text/javascript', mjs: 'text/javascript', json: 'application/json',
    pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip', tgz: 'application/gzip',
    tar: 'application/x-tar', '7z': 'application/x-7z-compressed', rar: 'application/vnd.rar',
    doc: 'application/msword', dot: 'application/msword',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xls: 'application/vnd.ms-excel',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ppt: 'application/vnd.ms-powerpoint',
    pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    odt: 'application/vnd.oasis.opendocument.text', ods: 'application/vnd.oasis.opendocument.spreadsheet',
    odp: 'application/vnd.oasis.opendocument.presentation', epub: 'application/epub+zip',
    eml: 'message/rfc822', msg: 'application/vnd.ms-outlook', p7s: 'application/pkcs7-signature',
    asc: 'application/pgp-signature', pgp: 'application/pgp-encrypted', wasm: 'application/wasm',
    png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', gif: 'image/gif',
    webp: 'image/webp', svg: 'image/svg+xml', bmp: 'image/bmp', ico: 'image/vnd.microsoft.icon',
    tif: 'image/tiff', tiff: 'image/tiff', heic: 'image/heic', avif: 'image/avif',
    mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', oga: 'audio/ogg', m4a: 'audio/mp4', flac: 'audio/flac',
    mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', avi: 'video/x-msvideo',
    mkv: 'video/x-matroska', mpeg: 'video/mpeg', mpg: 'video/mpeg',
    woff: 'font/woff', woff2: 'font/woff2', ttf: 'font/ttf', otf: 'font/otf',
};
/** The fallback for unknown content (RFC 2046 §4.5.1). */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
/** The content type for a file name by its extension, or `application/octet-stream`. */
export function contentTypeFor(filename) {
    if (!filename)
        return DEFAULT_CONTENT_TYPE;
    const dot = filename.lastIndexOf('.');
    if (dot < 0 || dot === filename.length - 1)
        return DEFAULT_CONTENT_TYPE;
    return TYPES[filename.slice(dot + 1).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}
//# sourceMappingURL=mime-types.js.map