"""CSV files that open right in Excel in Norway, and run no formulas.

UTF-8 with a byte-order mark (so æøå survive), ";" between fields (the comma is the
decimal sign there), CRLF line ends, and text that would start a formula prefixed
with an apostrophe, as OWASP advises against CSV injection.
"""

import csv
import io

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """``value`` made safe for a cell: text that starts a formula gets an apostrophe;
    numbers and None (an empty cell) pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows):
    """The rows (the first one the headings) as the text of a CSV file."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()
