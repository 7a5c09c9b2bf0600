/** A decoded `data:` URL. */
export interface DataUrl {
    contentType?: string;
    data: Buffer;
}
/**
 * Decodes `data:[<mediatype>][;base64],<data>`.
 * @throws SmtpError EMESSAGE when there is no comma (not a data URL at all).
 */
export declare function parseDataUrl(url: string): DataUrl;
