"""The page template every Hearth document shares, and the pieces they are built from:
colours, fonts, styles, the story a document fills, the page furniture, the PDF render,
and its tagging: the structure tree a screen reader follows."""
