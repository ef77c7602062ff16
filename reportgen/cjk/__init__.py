"""Chinese-layout rules shared by every writer: punctuation classes, numerals, dates, line breaking."""
