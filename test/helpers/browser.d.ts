export declare function findChromium(): string | undefined;
/** Flags for a headless run as root in a container without network. */
export declare const CHROMIUM_ARGS: string[];
