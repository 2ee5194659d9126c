// The parts of exceljs's internals the xlsx sink uses to write sharedStrings.xml in pieces
// (xlsx-sink.ts, streamSharedStrings; shared-strings.ts numbers strings as its SharedStrings does).
// exceljs ships no types for them.
declare module 'exceljs/lib/utils/xml-stream.js' {
  export default class XmlStream {
    static StdDocAttributes: Record<string, string>;
    openXml(attributes: Record<string, string>): void;
    openNode(name: string, attributes?: Record<string, unknown>): void;
    /** The XML so far, with every open node closed. */
    readonly xml: string;
    /** The XML so far, in parts, without closing anything. */
    _xml: string[];
  }
}

declare module 'exceljs/lib/xlsx/xform/strings/shared-string-xform.js' {
  import type XmlStream from 'exceljs/lib/utils/xml-stream.js';
  export default class SharedStringXform {
    render(xmlStream: XmlStream, value: unknown): void;
  }
}

declare module 'exceljs/lib/utils/shared-strings.js' {
  export default class SharedStrings {
    readonly count: number;
    readonly values: string[];
    readonly totalRefs: number;
    getString(index: number): string;
    add(value: string): number;
  }
}

declare module 'exceljs/lib/xlsx/xform/strings/shared-strings-xform.js' {
  export default class SharedStringsXform {
    toXml(model: unknown): string;
  }
}
