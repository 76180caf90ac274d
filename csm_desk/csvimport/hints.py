"""The importer's advice in the window's words: its messages name command-line options
(``--map``, ``--date-format``…); the import dialog offers the same choices as controls."""

from __future__ import annotations

import re

# (pattern, replacement) in order; each turns one piece of command-line advice into the
# control of the import dialog that does the same.
_WINDOW_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (
            r'say which with --map "([^"=]*)=([^"]*)" \(and --map "([^"=]*)=ignore"\)',
            r'say which under Columns: "\2" for "\1" (and "(not imported)" for "\3")',
        ),
        (r'name (?:it|them) with (?:--map "HEADER=[^"]*" ?)+', "choose it under Columns"),
        (r'--map "([^"=]*)=([^"]*)"', r'"\2" for "\1" under Columns'),
        (r"--map '([^'=]*)=([^']*)'", r'"\2" for "\1" under Columns'),
        (
            r"say which with --date-format \S+ or --date-format \S+",
            'say which under "Dates are written as"',
        ),
        (r"say which with --decimal point or --decimal comma", 'say which under "Numbers use"'),
        (
            r'or say what it is with --map-value "([^"=]*)=key"',
            r'or say what it is under "Read values as" (\1=key)',
        ),
        (r"--map-value reads", '"Read values as" reads'),
        (r"--map names two columns as (\w+):", r'two columns are chosen as "\1" under Columns:'),
        (r"import it with --encoding cp1250", 'choose Windows-1250 under "Encoding"'),
        (
            r"say which encoding it uses with --encoding(?: \([^)]*\)| cp1252)",
            'choose its encoding under "Encoding"',
        ),
        (
            r"--encoding \S+ says it is; give the encoding it is written in",
            'the encoding chosen says it is; choose the one it is written in under "Encoding"',
        ),
        (r"give --encoding if it is another", 'choose another under "Encoding" if it is one'),
        (r"give --sheet NAME to read another", 'choose another under "Sheet"'),
        (r"give --sheet NAME\)", 'choose one under "Sheet")'),
        (r"\(give one with --sheet\)", '(choose one under "Sheet")'),
    )
)


def in_window_words(text: str) -> str:
    """``text`` with its command-line advice said as the import dialog's controls."""
    for pattern, words in _WINDOW_WORDS:
        text = pattern.sub(words, text)
    return text
