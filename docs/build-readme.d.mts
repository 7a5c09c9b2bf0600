/** Types for build-readme.mjs, so the README test can import it. */

/** One entry of the order file: a part path and the line it is listed on. */
export interface ReadmePart {
  path: string;
  line: number;
}

export declare const PARTS_FILE: string;
export declare const GENERATED_NOTE: string;
export declare const INCLUDE_DIRECTIVE: RegExp;
export declare function expandIncludes(text: string, partPath: string, root?: string): string;
export declare function readPartList(root?: string): ReadmePart[];
export declare function buildReadme(root?: string): string;
export declare function writeReadme(root?: string): string;
