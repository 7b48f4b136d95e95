// Text from the scanned tree (file names above all, and messages that quote them) shown on a terminal.
// A name may hold an escape sequence (`\x1b]…` can retitle the window, `\x1b[2J` clear it, others have
// written to the clipboard), a line break that fakes a report line, or a bidirectional override that
// shows code other than what is there. Each such character is shown as an escape instead, whatever the
// colour setting: NO_COLOR turns off our escapes, not the ones in the data.

/** C0 and C1 controls, DEL, line and paragraph separators, bidirectional embeddings and isolates. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
